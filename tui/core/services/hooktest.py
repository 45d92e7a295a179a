"""The hook tester: a realistic stdin payload, one run of one command handler, and what Claude Code would do.

Nothing here runs during a check. ``run_handler`` executes plugin code, so callers (the CLI's ``test-hook``
and the TUI's hook tester) run it only after the user confirmed that one run.

- ``sample_payload(event, tool=None, …)`` builds the stdin JSON with the current field names;
- ``run_handler(hook, plugin, payload, …)`` runs one ``command`` handler with the environment Claude Code
  gives it and its timeout, killing the whole process group on timeout;
- ``interpret(event, run)`` says what Claude Code would do with the exit code and output;
- ``firing_hooks(project, event, value)`` lists the handlers that would fire for a tool name (or notification
  type, agent type …) with the matcher explanation.

``plugin-tui test-hook`` (``tui.cli.test_hook``) and the explorer's hook tester are built on these.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from ..spec.hooks import (
    DECISION_EVENTS,
    DEFAULT_TIMEOUT,
    ENV_FILE_EVENTS,
    EVENT_NAMES,
    EVENT_TIMEOUT,
    EXIT2_BLOCKS,
    EXIT2_OTHER,
    IF_EVENTS,
    MATCHER_FIELD,
    MATCHER_SUBJECT,
    STDOUT_CONTEXT_EVENTS,
    TOOL_EVENTS,
)

OUTPUT_CAP = 10_000
UNIVERSAL_KEYS = {"continue", "stopReason", "suppressOutput", "systemMessage", "terminalSequence"}


def default_timeout(event: str, handler: Mapping[str, Any] | None = None) -> float:
    """The timeout Claude Code applies: the handler's own ``timeout`` (seconds, > 0), else the default."""
    t = (handler or {}).get("timeout")
    if isinstance(t, (int, float)) and not isinstance(t, bool) and t > 0:
        return float(t)
    htype = (handler or {}).get("type")
    if htype == "prompt":
        return 30.0
    if htype == "agent":
        return 60.0
    return EVENT_TIMEOUT.get(event, DEFAULT_TIMEOUT)


_TOOL_INPUTS: dict[str, dict[str, Any]] = {
    "Bash": {"command": "npm test -- --watch=false", "description": "Run the test suite", "timeout": 120000},
    "Write": {
        "file_path": "{cwd}/src/hello.ts",
        "content": "export const hello = (name: string) => `Hello ${name}`;\n",
    },
    "Edit": {
        "file_path": "{cwd}/src/app.ts",
        "old_string": "const port = 3000;",
        "new_string": "const port = 8080;",
        "replace_all": False,
    },
    "MultiEdit": {
        "file_path": "{cwd}/src/app.ts",
        "edits": [{"old_string": "const port = 3000;", "new_string": "const port = 8080;"}],
    },
    "Read": {"file_path": "{cwd}/README.md"},
    "NotebookEdit": {
        "notebook_path": "{cwd}/analysis.ipynb",
        "cell_id": "cell-1",
        "new_source": "print('hi')",
        "edit_mode": "replace",
    },
    "Glob": {"pattern": "**/*.ts", "path": "{cwd}"},
    "Grep": {"pattern": "TODO", "path": "{cwd}/src", "output_mode": "content"},
    "WebFetch": {"url": "https://example.com/docs", "prompt": "Summarise the installation steps"},
    "WebSearch": {"query": "claude code hooks reference"},
    "Task": {
        "description": "Review the diff",
        "prompt": "Review the staged changes for bugs.",
        "subagent_type": "general-purpose",
    },
    "Agent": {
        "description": "Review the diff",
        "prompt": "Review the staged changes for bugs.",
        "subagent_type": "general-purpose",
    },
    "TodoWrite": {"todos": [{"content": "Write tests", "status": "in_progress", "activeForm": "Writing tests"}]},
}
_TOOL_RESPONSES: dict[str, Any] = {
    "Bash": {"stdout": "Tests: 42 passed, 42 total\n", "stderr": "", "interrupted": False, "isImage": False},
    "Write": {"type": "create", "filePath": "{cwd}/src/hello.ts", "success": True},
    "Edit": {"filePath": "{cwd}/src/app.ts", "success": True},
    "MultiEdit": {"filePath": "{cwd}/src/app.ts", "success": True},
    "Read": {"type": "text", "file": {"filePath": "{cwd}/README.md", "content": "# Project\n", "numLines": 1}},
}


def _fill(value: Any, cwd: str) -> Any:
    if isinstance(value, str):
        return value.replace("{cwd}", cwd)
    if isinstance(value, dict):
        return {k: _fill(v, cwd) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, cwd) for v in value]
    return value


def tool_input_for(tool: str, cwd: str = "/home/user/project") -> dict[str, Any]:
    """A realistic ``tool_input`` for a tool name (MCP tools get a small generic argument object)."""
    if tool in _TOOL_INPUTS:
        return _fill(_TOOL_INPUTS[tool], cwd)
    if tool.startswith("mcp__"):
        return {"query": "example"}
    return {}


def _slug(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "-", path)


def sample_payload(
    event: str, tool: str | None = None, cwd: str | None = None, plugin: str | None = None, value: str | None = None
) -> dict[str, Any]:
    """A realistic stdin payload for ``event`` with the current field names.

    ``tool`` is the tool name for tool events (default ``Bash``); ``value`` fills the field the matcher filters on
    for other events (notification type, agent type, source …). ``plugin`` names the plugin (used for agent types
    and MCP names). Unknown events still get the common fields.
    """
    cwd = cwd or os.getcwd()
    session = str(uuid.uuid4())
    home = os.path.expanduser("~")
    payload: dict[str, Any] = {
        "session_id": session,
        "prompt_id": str(uuid.uuid4()),
        "transcript_path": f"{home}/.claude/projects/{_slug(cwd)}/{session}.jsonl",
        "cwd": cwd,
        "permission_mode": "default",
        "effort": {"level": "medium"},
        "hook_event_name": event,
    }
    pname = plugin or "my-plugin"
    tool = tool or (value if event in TOOL_EVENTS and value else None) or "Bash"

    def tool_fields(with_id: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"tool_name": tool, "tool_input": tool_input_for(tool, cwd)}
        if with_id:
            d["tool_use_id"] = "toolu_01ABCDEFGHJKMNPQRSTVWXYZ"
        return d

    def pick(default: str) -> str:
        return value if value else default

    specifics: dict[str, Any]
    if event == "PreToolUse":
        specifics = tool_fields()
    elif event == "PermissionRequest":
        specifics = tool_fields(with_id=False)
        specifics["permission_suggestions"] = [
            {"type": "addRules", "rules": [{"toolName": tool}], "behavior": "allow", "destination": "localSettings"}
        ]
    elif event == "PermissionDenied":
        specifics = tool_fields()
        specifics["reason"] = "Denied by the auto-mode classifier"
    elif event == "PostToolUse":
        specifics = tool_fields()
        resp = _TOOL_RESPONSES.get(
            tool, {"content": [{"type": "text", "text": "ok"}]} if tool.startswith("mcp__") else {"success": True}
        )
        specifics["tool_response"] = _fill(resp, cwd)
        specifics["duration_ms"] = 1834
    elif event == "PostToolUseFailure":
        specifics = tool_fields()
        specifics["error"] = (
            "Command failed with exit code 1: npm ERR! Test failed."
            if tool == "Bash"
            else f"{tool} failed: file not found"
        )
        specifics["is_interrupt"] = False
    elif event == "PostToolBatch":
        specifics = {
            "tool_calls": [
                {
                    "tool_name": "Read",
                    "tool_input": tool_input_for("Read", cwd),
                    "tool_use_id": "toolu_01READ",
                    "tool_response": _fill(_TOOL_RESPONSES["Read"], cwd),
                },
                {
                    "tool_name": "Bash",
                    "tool_input": tool_input_for("Bash", cwd),
                    "tool_use_id": "toolu_01BASH",
                    "tool_response": _TOOL_RESPONSES["Bash"],
                },
            ]
        }
    elif event == "UserPromptSubmit":
        specifics = {"prompt": "Add input validation to the signup form and write tests for it."}
    elif event == "UserPromptExpansion":
        name = pick(f"{pname}:review")
        specifics = {
            "expansion_type": "slash_command",
            "command_name": name,
            "command_args": "src/app.ts",
            "command_source": "plugin",
            "prompt": "Review src/app.ts for bugs and style problems; report each with its line.",
        }
    elif event == "Notification":
        ntype = pick("permission_prompt")
        specifics = {
            "message": "Claude needs your permission to use Bash",
            "title": "Permission needed",
            "notification_type": ntype,
        }
    elif event == "MessageDisplay":
        specifics = {"message": "I've added validation to the signup form; all 42 tests pass.", "role": "assistant"}
    elif event == "SubagentStart":
        specifics = {"agent_id": "agent-7f3c", "agent_type": pick("general-purpose")}
    elif event == "SubagentStop":
        specifics = {
            "stop_hook_active": False,
            "agent_id": "agent-7f3c",
            "agent_type": pick("general-purpose"),
            "agent_transcript_path": f"{home}/.claude/projects/{_slug(cwd)}/{session}/subagents/agent-7f3c.jsonl",
            "last_assistant_message": "Review complete: no blocking issues found.",
        }
    elif event in ("TaskCreated", "TaskCompleted"):
        specifics = {
            "task_id": "task-3",
            "task_subject": "Write tests for the signup form",
            "task_description": "Cover the empty-email and weak-password cases.",
            "teammate_name": "tester",
            "team_name": "signup",
        }
    elif event == "Stop":
        specifics = {
            "stop_hook_active": False,
            "last_assistant_message": "I've added validation to the signup form; all 42 tests pass.",
            "background_tasks": [],
            "session_crons": [],
        }
    elif event == "StopFailure":
        specifics = {
            "error": pick("rate_limit"),
            "error_details": "429 Too Many Requests",
            "last_assistant_message": "Let me run the tests again.",
        }
    elif event == "TeammateIdle":
        specifics = {"teammate_name": "tester", "team_name": "signup"}
    elif event == "InstructionsLoaded":
        specifics = {"file_path": f"{cwd}/CLAUDE.md", "memory_type": "Project", "load_reason": pick("session_start")}
    elif event == "ConfigChange":
        source = pick("project_settings")
        specifics = {"source": source, "file_path": f"{cwd}/.claude/settings.json"}
    elif event == "CwdChanged":
        specifics = {"old_cwd": cwd, "new_cwd": f"{cwd}/packages/web"}
    elif event == "DirectoryAdded":
        specifics = {
            "directory": f"{os.path.dirname(cwd) or '/'}/shared-lib".replace("//", "/"),
            "source": pick("slash_command"),
        }
    elif event == "FileChanged":
        name = pick(".envrc")
        specifics = {"file_path": f"{cwd}/{name}", "file_name": name, "event": "change"}
    elif event == "WorktreeCreate":
        specifics = {"name": "feature-signup-validation"}
    elif event == "WorktreeRemove":
        specifics = {"worktree_path": f"{cwd}/.claude/worktrees/feature-signup-validation"}
    elif event == "PreCompact":
        trig = pick("manual")
        specifics = {
            "trigger": trig,
            "custom_instructions": "Keep the list of failing tests" if trig == "manual" else "",
        }
    elif event == "PostCompact":
        specifics = {"trigger": pick("auto"), "compact_summary": "The user asked for signup validation; tests pass."}
    elif event == "Elicitation":
        specifics = {
            "mcp_server_name": pick("github"),
            "message": "Which repository should I use?",
            "mode": "form",
            "requested_schema": {"type": "object", "properties": {"repo": {"type": "string"}}, "required": ["repo"]},
        }
    elif event == "ElicitationResult":
        specifics = {"mcp_server_name": pick("github"), "action": "accept", "content": {"repo": "acme/web"}}
    elif event == "SessionStart":
        specifics = {"source": pick("startup"), "model": "claude-sonnet-4-5"}
    elif event == "Setup":
        specifics = {"trigger": pick("init")}
    elif event == "SessionEnd":
        specifics = {"reason": pick("prompt_input_exit")}
    else:
        specifics = {}
    payload.update(specifics)
    return payload


def matcher_value(event: str, payload: Mapping[str, Any]) -> str | None:
    """The value the event's matcher is compared with (None when the event has no matcher)."""
    fld = MATCHER_FIELD.get(event)
    if fld is None:
        return None
    v = payload.get(fld)
    return v if isinstance(v, str) else None


def matches(matcher: Any, value: str | None, event: str) -> bool:
    """Whether a matcher fires for ``value`` on ``event``; an event without matcher support ignores it."""
    from ..spec.matcher import matches as _matches

    if MATCHER_FIELD.get(event, "x") is None:
        return True
    return _matches(matcher, value if value is not None else "", event)


def explain_matcher(matcher: Any, value: str | None, event: str) -> str:
    """One line: how the matcher is read (exact / regex / all) and whether it fires for ``value``."""
    from ..spec.matcher import classify

    info = classify(matcher, event)
    if MATCHER_FIELD.get(event, "x") is None:
        return info.explanation
    subject = MATCHER_SUBJECT.get(event, "value")
    shown = "(none)" if value is None else repr(value)
    hit = matches(matcher, value, event)
    return f"{info.explanation.rstrip('.')} → {'fires' if hit else 'does not fire'} for {subject} {shown}"


# the `if` field: one permission rule such as Bash(git *) or Edit(*.ts)
_IF_RULE = re.compile(r"^\s*([A-Za-z0-9_*]+)\s*(?:\((.*)\))?\s*$", re.S)
_IF_SUBJECT = {
    "Bash": "command",
    "Read": "file_path",
    "Write": "file_path",
    "Edit": "file_path",
    "MultiEdit": "file_path",
    "NotebookEdit": "notebook_path",
    "WebFetch": "url",
    "Glob": "pattern",
    "Grep": "pattern",
    "WebSearch": "query",
}


def if_matches(cond: Any, event: str, payload: Mapping[str, Any]) -> tuple[bool, str]:
    """Whether a handler's ``if`` condition lets it run (an approximation of permission-rule matching)."""
    if cond is None:
        return True, ""
    if event not in IF_EVENTS:
        return False, f"`if` is only evaluated on tool events; on {event} this handler never runs"
    if not isinstance(cond, str):
        return False, "`if` is not a string"
    m = _IF_RULE.match(cond)
    if not m:
        return False, f"`if` {cond!r} is not a permission rule like Bash(git *)"
    tool, pattern = m.group(1), m.group(2)
    name = payload.get("tool_name")
    if not isinstance(name, str) or not fnmatchcase(name, tool):
        return False, f"`if` {cond!r} is for {tool}, not {name}"
    if pattern is None or pattern.strip() in ("", "*"):
        return True, f"`if` {cond!r} matches"
    raw_input = payload.get("tool_input")
    ti: Mapping[str, Any] = raw_input if isinstance(raw_input, dict) else {}
    subject = ti.get(_IF_SUBJECT.get(tool, ""), "")
    if not isinstance(subject, str):
        subject = ""
    pat = pattern.strip()
    if pat.endswith(":*"):  # legacy prefix form Bash(npm test:*)
        ok = subject.startswith(pat[:-2])
    else:
        ok = fnmatchcase(subject, pat) or (tool not in ("Bash",) and fnmatchcase(os.path.basename(subject), pat))
    return ok, f"`if` {cond!r} {'matches' if ok else 'does not match'} {subject!r}"


@dataclass
class Firing:
    """A handler of the project and whether it fires for an event and value."""

    hook: Any  # model.Hook
    plugin: Any  # model.Plugin
    fires: bool
    explanation: str
    if_note: str = ""
    loaded: bool = True  # False when Claude Code would not load its file (a hooks.json without the wrapper)


def firing_hooks(
    project: Any,
    event: str,
    value: str | None = None,
    payload: Mapping[str, Any] | None = None,
    include_misses: bool = False,
) -> list[Firing]:
    """The handlers of every plugin in ``project`` on ``event``, with whether each fires for ``value``."""
    out: list[Firing] = []
    if payload is None:
        payload = sample_payload(event, tool=value if event in TOOL_EVENTS else None, value=value)
    for plugin in getattr(project, "plugins", []) or []:
        for h in plugin.hooks:
            if h.event != event:
                continue
            loaded = not (h.config is not None and h.config.wrapped is False and h.config.origin != "inline")
            hit = matches(h.matcher, value, event)
            expl = explain_matcher(h.matcher, value, event)
            ok_if, note = if_matches(h.data.get("if"), event, payload)
            fires = hit and ok_if and loaded
            if not loaded:
                note = (
                    note + "; " if note else ""
                ) + 'its hooks.json lacks the {"hooks": …} wrapper, so Claude Code loads none of its hooks'
            if fires or include_misses:
                out.append(Firing(h, plugin, fires, expl, note, loaded))
    return out


@dataclass
class HookRun:
    """What one run of one command handler did."""

    event: str
    command: str  # as configured, for display
    argv: list[str] = field(default_factory=list)
    exit_code: int | None = None
    stdout: str = ""
    stderr: str = ""
    duration: float = 0.0  # seconds
    timed_out: bool = False
    cancelled: bool = False  # stopped by the caller before it finished
    timeout: float = DEFAULT_TIMEOUT
    error: str | None = None  # could not be started (or not a command handler)
    env_file: str | None = None  # what the handler wrote to CLAUDE_ENV_FILE
    env: dict[str, str] = field(default_factory=dict)  # the Claude Code variables it got (not the whole env)
    cwd: str = ""

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["duration_ms"] = int(round(self.duration * 1000))
        del d["duration"]
        return d


def _root_of(sf: Any) -> Path | None:
    rel, ab = getattr(sf, "rel", None), getattr(sf, "abs", None)
    if not isinstance(rel, str) or ab is None:
        return None
    p = Path(ab)
    for _ in rel.split("/"):
        p = p.parent
    return p


def plugin_root(plugin: Any, hook: Any = None, project_root: str | os.PathLike | None = None) -> Path:
    """The plugin's folder on disk (``plugin`` may be a model.Plugin or a path)."""
    if isinstance(plugin, (str, os.PathLike)):
        return Path(plugin).resolve()
    rel = getattr(plugin, "rel", "") or ""
    if project_root is not None:
        return (Path(project_root) / rel).resolve()
    for sf in (getattr(hook, "file", None), getattr(plugin, "manifest", None)):
        root = _root_of(sf)
        if root is not None:
            return (root / rel).resolve()
    for c in plugin.components() if hasattr(plugin, "components") else ():
        root = _root_of(getattr(c, "file", None))
        if root is not None:
            return (root / rel).resolve()
    return Path.cwd()


def _expand_placeholders(s: str, env: Mapping[str, str]) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1) or m.group(2)
        return env.get(name, m.group(0))

    return re.sub(r"\$\{(CLAUDE_[A-Z_]+)\}|\$(CLAUDE_[A-Z_]+)\b", sub, s)


def run_handler(
    hook: Any,
    plugin: Any,
    payload: Mapping[str, Any] | str,
    timeout: float | None = None,
    project_dir: str | os.PathLike | None = None,
    project_root: str | os.PathLike | None = None,
    environ: Mapping[str, str] | None = None,
    cancel: Any = None,
) -> HookRun:
    """Run ONE command handler once, the way Claude Code would, and capture what it did.

    ``hook`` is a model.Hook (or a handler dict); ``payload`` the stdin JSON (a dict or the text itself).
    Shell form runs through ``bash -c``; exec form (``args``) runs the command directly with placeholders
    substituted. The handler gets ``CLAUDE_PLUGIN_ROOT``, ``CLAUDE_PLUGIN_DATA`` (a temp dir),
    ``CLAUDE_PROJECT_DIR`` and, on SessionStart/Setup/CwdChanged/FileChanged, a temp ``CLAUDE_ENV_FILE``.
    On timeout (or when the ``cancel`` threading.Event is set) the whole process group is killed.
    """
    data: dict = (
        hook.data if hasattr(hook, "data") and isinstance(hook.data, dict) else (hook if isinstance(hook, dict) else {})
    )
    text = payload if isinstance(payload, str) else json.dumps(payload, indent=2, ensure_ascii=False)
    event = getattr(hook, "event", "") or (payload.get("hook_event_name", "") if isinstance(payload, Mapping) else "")
    command = data.get("command")
    limit = float(timeout) if timeout is not None and timeout > 0 else default_timeout(event, data)
    run = HookRun(event=event, command=command if isinstance(command, str) else "", timeout=limit)
    if data.get("type") != "command":
        run.error = (
            f"only command handlers can be run here; this one is {data.get('type')!r} "
            "(http, mcp_tool, prompt and agent handlers need Claude Code itself)"
        )
        return run
    if not isinstance(command, str) or not command.strip():
        run.error = "the handler has no command"
        return run

    root = plugin_root(plugin, hook, project_root)
    pdir = (
        Path(project_dir).resolve()
        if project_dir
        else Path(
            str(payload["cwd"])
            if isinstance(payload, Mapping) and isinstance(payload.get("cwd"), str) and os.path.isdir(payload["cwd"])
            else os.getcwd()
        )
    )
    tmp = Path(tempfile.mkdtemp(prefix="plugin-tui-hook-"))
    try:
        base = dict(os.environ if environ is None else environ)
        env = {k: v for k, v in base.items() if not k.startswith("OTEL_")}
        cc = {
            "CLAUDE_PLUGIN_ROOT": str(root),
            "CLAUDE_PLUGIN_DATA": str(tmp / "plugin-data"),
            "CLAUDE_PROJECT_DIR": str(pdir),
        }
        (tmp / "plugin-data").mkdir()
        if isinstance(payload, Mapping):
            eff = payload.get("effort")
            if isinstance(eff, dict) and isinstance(eff.get("level"), str):
                cc["CLAUDE_EFFORT"] = eff["level"]
        env_file = None
        if event in ENV_FILE_EVENTS:
            env_file = tmp / "claude-env.sh"
            env_file.write_text("", encoding="utf-8")
            cc["CLAUDE_ENV_FILE"] = str(env_file)
        env.update(cc)
        run.env = dict(cc)
        run.cwd = str(pdir)

        args = data.get("args")
        if isinstance(args, list):
            argv = [_expand_placeholders(command, cc)] + [_expand_placeholders(str(a), cc) for a in args]
        elif data.get("shell") == "powershell":
            pwsh = shutil.which("pwsh") or shutil.which("powershell")
            if pwsh is None:
                run.error = "the handler asks for PowerShell (shell: powershell) and pwsh is not installed"
                return run
            argv = [pwsh, "-NoProfile", "-NonInteractive", "-Command", command]
        else:
            argv = [shutil.which("bash") or "/bin/bash", "-c", command]
        run.argv = argv

        start = time.monotonic()
        try:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                cwd=str(pdir),
                env=env,
                start_new_session=True,
            )
        except OSError as exc:
            run.error = f"could not start {argv[0]}: {exc.strerror or exc}"
            return run
        data_in: bytes | None = text.encode("utf-8")
        deadline = start + limit
        out = err = b""
        try:
            while True:
                step = deadline - time.monotonic()
                if cancel is not None:
                    step = min(step, 0.1)
                try:
                    # communicate() may be resumed after a timeout; the input is given only the first time
                    out, err = proc.communicate(data_in, timeout=max(step, 0.001))
                    break
                except subprocess.TimeoutExpired:
                    data_in = None
                    if cancel is not None and cancel.is_set():
                        run.cancelled = True
                    elif time.monotonic() < deadline:
                        continue
                    else:
                        run.timed_out = True
                    _kill_group(proc)
                    try:
                        out, err = proc.communicate(timeout=5)
                    except subprocess.TimeoutExpired:  # a grandchild left the group and holds the pipes
                        out, err = b"", b""
                    break
                except BrokenPipeError:  # the handler exited without reading stdin
                    data_in = None
        except BaseException:  # Ctrl-C in the CLI: never leave the handler running
            _kill_group(proc)
            raise
        run.duration = time.monotonic() - start
        run.exit_code = None if (run.timed_out or run.cancelled) else proc.returncode
        run.stdout = out.decode("utf-8", "replace")
        run.stderr = err.decode("utf-8", "replace")
        if env_file is not None and env_file.is_file():
            content = env_file.read_text(encoding="utf-8", errors="replace")
            run.env_file = content or None
        return run
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        try:
            proc.kill()
        except ProcessLookupError:
            pass


@dataclass
class Verdict:
    """The interpretation of one run: lines for people plus structured fields."""

    outcome: str  # allowed | blocked | denied | ask | defer | stopped | success | non-blocking-error | timeout | failed
    blocking: bool = False  # the action is blocked / denied (or Claude is kept from stopping)
    decision: str | None = None  # the parsed decision (allow, deny, ask, defer, block, approve …)
    reason: str | None = None  # what Claude (or the user) is told
    stops: bool = False  # continue: false
    json: Any = None  # stdout JSON (exit 0) when it parsed
    json_error: str | None = None
    malformed: bool = False
    failed: bool = False  # could not run, timed out, or malformed JSON
    system_message: str | None = None
    additional_context: str | None = None
    lines: list[str] = field(default_factory=list)  # what happens, for people
    warnings: list[str] = field(default_factory=list)  # mistakes in the handler's output

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _first_line(s: str) -> str:
    for line in s.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _looks_like_json_object(s: str) -> Any:
    t = s.strip()
    if not t.startswith("{"):
        return None
    try:
        v = json.loads(t)
    except ValueError:
        return None
    return v if isinstance(v, dict) else None


def shorten(s: str, n: int = 200) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def interpret(event: str, run: HookRun) -> Verdict:
    """What Claude Code would do with this run's exit code, stdout and stderr."""
    if run.error is not None:
        return Verdict("failed", failed=True, lines=[f"The handler did not run: {run.error}."])
    if run.cancelled:
        return Verdict("cancelled", failed=True, lines=["Stopped before it finished: no verdict."])
    if run.timed_out:
        v = Verdict("timeout", failed=True)
        v.lines.append(
            f"Timed out after {run.timeout:g} s: Claude Code kills it and treats it as a non-blocking "
            "error; the action goes ahead."
        )
        _common_output_notes(event, run, v)
        return v
    code = run.exit_code
    v = Verdict("success")
    stdout, stderr = run.stdout, run.stderr
    stripped = stdout.strip()
    parsed: Any = None
    if stripped.startswith("{"):
        try:
            parsed = json.loads(stripped)
        except ValueError as exc:
            v.malformed = True
            v.failed = True
            v.json_error = str(exc)
            extra = " (JSON must be the only content of stdout)" if "Extra data" in str(exc) else ""
            v.warnings.append(
                f"stdout starts with '{{' but is not valid JSON{extra}: {exc}. Claude Code cannot "
                "read a decision from it and treats it as plain text."
            )
    elif stripped and "{" in stripped and _looks_like_json_object(stripped[stripped.find("{") :]) is not None:
        v.warnings.append(
            "stdout has text before the JSON object: Claude Code parses JSON only when stdout "
            "starts with '{'; print nothing but the JSON."
        )
    err_json = _looks_like_json_object(stderr)

    if code == 0:
        if isinstance(parsed, dict):
            v.json = parsed
            _apply_json(event, parsed, v)
        elif parsed is not None:
            v.json = parsed
            v.warnings.append("stdout JSON is not an object: it is ignored.")
        elif stripped and not v.malformed:
            if event in STDOUT_CONTEXT_EVENTS:
                v.additional_context = stdout
                v.lines.append(f"Exit 0: stdout is added to Claude's context ({len(stdout)} characters).")
            else:
                v.lines.append(
                    f"Exit 0: success. Plain stdout is not shown to Claude on {event}; it goes to the debug log."
                )
        else:
            if not v.malformed:
                v.lines.append("Exit 0: success, no output; the action goes ahead.")
        if v.outcome == "success" and v.json is not None and not v.lines:
            v.lines.append("Exit 0 with JSON: nothing to decide; the action goes ahead.")
        if stderr.strip():
            v.lines.append("stderr on exit 0 goes to the debug log only.")
        if err_json is not None:
            v.warnings.append(
                "JSON on stderr is ignored: Claude Code parses JSON only from stdout. Print it to "
                "stdout (echo '…' without >&2)."
            )
    elif code == 2:
        reason = stderr.strip()
        v.decision = "block" if event in EXIT2_BLOCKS else None
        if event in EXIT2_BLOCKS:
            v.outcome = "blocked"
            v.blocking = True
            v.reason = reason or None
            v.lines.append(f"Exit 2 on {event} {EXIT2_BLOCKS[event]}.")
            if reason:
                v.lines.append(f"Reason: {shorten(reason)}")
            else:
                v.warnings.append(
                    "Exit 2 with an empty stderr: Claude gets no reason for the block. Write the "
                    "reason to stderr (echo '…' >&2)."
                )
        else:
            v.outcome = "non-blocking-error"
            v.lines.append(f"Exit 2 on {event} {EXIT2_OTHER.get(event, 'does not block')}.")
        if stripped:
            v.lines.append(
                "stdout JSON and text are not processed on exit 2 (only stderr is used); JSON decisions need exit 0."
                if stripped.startswith("{")
                else "stdout is ignored on exit 2."
            )
        if err_json is not None:
            msg = (
                "stderr holds JSON (plugin-dev's example scripts do this): Claude Code does not parse stderr, so "
                "the raw JSON text becomes the message and any decision in it is lost"
            )
            hso = err_json.get("hookSpecificOutput")
            dec = hso.get("permissionDecision") if isinstance(hso, dict) else err_json.get("decision")
            if dec in ("ask", "allow", "approve", "defer"):
                msg += f" — its {dec!r} decision became a hard block"
            v.warnings.append(msg + ". Print the JSON to stdout and exit 0 instead.")
    else:
        v.outcome = "non-blocking-error"
        if event == "WorktreeCreate":
            v.outcome = "blocked"
            v.blocking = True
            v.lines.append(f"Exit {code}: WorktreeCreate fails on any non-zero exit; the worktree is not created.")
        else:
            first = _first_line(stderr)
            v.lines.append(
                f"Exit {code}: non-blocking error; the action goes ahead. The user sees "
                f'"{event} hook error: Failed with non-blocking status code {code}'
                + (f": {shorten(first, 120)}" if first else "")
                + '".'
            )
        if code == 1:
            v.warnings.append(
                "Exit 1 does not block. To block, exit 2 with the reason on stderr, or exit 0 with "
                "a JSON decision on stdout."
            )
        if stripped.startswith("{") and not v.malformed:
            v.lines.append("stdout JSON is only processed on exit 0; it is ignored here.")
        if err_json is not None:
            v.warnings.append("JSON on stderr is ignored: Claude Code parses JSON only from stdout on exit 0.")
    _common_output_notes(event, run, v)
    return v


def _common_output_notes(event: str, run: HookRun, v: Verdict) -> None:
    total = max(len(run.stdout), len(run.stderr))
    if total > OUTPUT_CAP:
        v.warnings.append(
            f"Output is {total:,} characters, over the 10,000-character cap: Claude Code saves it to "
            "a file and shows only a preview."
        )
    if run.env_file:
        v.lines.append(
            f"Wrote to CLAUDE_ENV_FILE ({len(run.env_file.splitlines())} line(s)); Claude Code sources it "
            "before each Bash command."
        )


def _apply_json(event: str, data: dict, v: Verdict) -> None:
    """Read the decision fields of exit-0 JSON."""
    unknown = sorted(set(data) - UNIVERSAL_KEYS - {"decision", "reason", "hookSpecificOutput"})
    if unknown:
        v.warnings.append(f"Unknown top-level field(s) ignored: {', '.join(unknown)}.")
    # universal fields
    if data.get("continue") is False:
        v.stops = True
        v.outcome = "stopped"
        sr = data.get("stopReason")
        v.reason = sr if isinstance(sr, str) else None
        v.lines.append(
            "continue: false — Claude stops after this hook"
            + (f"; the user sees: {shorten(sr)}" if isinstance(sr, str) else ".")
        )
    elif "continue" in data and not isinstance(data.get("continue"), bool):
        v.warnings.append("continue must be true or false.")
    if "suppressOutput" in data:
        v.warnings.append("suppressOutput has no effect (hook stdout is not shown in the transcript anyway).")
    sm = data.get("systemMessage")
    if isinstance(sm, str) and sm:
        v.system_message = sm
        v.lines.append(f"Shown to the user: {shorten(sm)}")
    ts = data.get("terminalSequence")
    if ts is not None and not isinstance(ts, str):
        v.warnings.append("terminalSequence must be a string.")

    hso = data.get("hookSpecificOutput")
    if hso is not None and not isinstance(hso, dict):
        v.warnings.append("hookSpecificOutput must be an object; it is ignored.")
        hso = None
    if isinstance(hso, dict):
        hen = hso.get("hookEventName")
        if hen is None:
            v.warnings.append(
                f'hookSpecificOutput needs "hookEventName": "{event}"; without it Claude Code '
                "rejects the output and applies none of it."
            )
            hso = None
        elif hen != event:
            v.warnings.append(
                f"hookSpecificOutput.hookEventName is {hen!r} but the event is {event!r}; Claude Code "
                "rejects the output."
            )
            hso = None

    decision = data.get("decision")
    reason = data.get("reason") if isinstance(data.get("reason"), str) else None

    if event == "PreToolUse":
        pd = hso.get("permissionDecision") if isinstance(hso, dict) else None
        pdr = hso.get("permissionDecisionReason") if isinstance(hso, dict) else None
        if pd is None and decision in ("approve", "block"):
            mapped = "allow" if decision == "approve" else "deny"
            v.warnings.append(
                f"Top-level decision {decision!r} is deprecated for PreToolUse; use "
                f"hookSpecificOutput.permissionDecision {mapped!r} (it is read as {mapped!r})."
            )
            pd, pdr = mapped, reason
        elif decision is not None and pd is None:
            v.warnings.append(
                f"Top-level decision {decision!r} is not a PreToolUse decision; use "
                "hookSpecificOutput.permissionDecision."
            )
        if pd is not None:
            _pretool_decision(pd, pdr, v)
        if isinstance(hso, dict) and "updatedInput" in hso:
            if isinstance(hso["updatedInput"], dict):
                v.lines.append("updatedInput replaces the whole tool input before the tool runs.")
            else:
                v.warnings.append("updatedInput must be an object.")
    elif event == "PermissionRequest":
        dec = hso.get("decision") if isinstance(hso, dict) else None
        if isinstance(dec, dict):
            beh = dec.get("behavior")
            if beh == "allow":
                v.outcome, v.decision = "allowed", "allow"
                v.lines.append("Permission granted without asking the user.")
            elif beh == "deny":
                v.outcome, v.decision, v.blocking = "denied", "deny", True
                msg = dec.get("message")
                v.reason = msg if isinstance(msg, str) else None
                v.lines.append("Permission denied" + (f": {shorten(msg)}" if isinstance(msg, str) else "."))
            else:
                v.warnings.append(f'decision.behavior must be "allow" or "deny", not {beh!r}.')
        elif dec is not None:
            v.warnings.append('hookSpecificOutput.decision must be an object {"behavior": "allow"|"deny"}.')
        if decision is not None:
            v.warnings.append(
                "Top-level decision is not read on PermissionRequest; use hookSpecificOutput.decision.behavior."
            )
    elif event == "PermissionDenied":
        if isinstance(hso, dict) and hso.get("retry") is True:
            v.lines.append("retry: true — Claude is told it may retry the tool call.")
    elif event in DECISION_EVENTS:
        if decision == "block":
            v.decision = "block"
            v.blocking = True
            v.reason = reason
            v.outcome = "blocked"
            what = {
                "Stop": "Claude does not stop and keeps working",
                "SubagentStop": "the subagent keeps working",
                "UserPromptSubmit": "the prompt is blocked and erased",
                "UserPromptExpansion": "the expansion is blocked",
                "PostToolUse": "Claude is told the result needs attention (the tool already ran)",
                "PostToolUseFailure": "Claude is told to address the failure",
                "PostToolBatch": "Claude is told to address the batch",
                "ConfigChange": "the configuration change is blocked",
                "PreCompact": "the compaction is blocked",
            }.get(event, "blocked")
            v.lines.append(f'decision "block": {what}.' + (f" Reason: {shorten(reason)}" if reason else ""))
            if not reason:
                v.warnings.append('decision "block" without a reason: Claude is not told why.')
            if event in ("Stop", "SubagentStop"):
                v.lines.append("Blocking a stop is capped at 8 consecutive blocks; check stop_hook_active.")
        elif decision == "approve" and event in ("Stop", "SubagentStop"):
            v.warnings.append(
                'decision "approve" is deprecated for Stop: the only value is "block"; omit '
                "decision to let Claude stop."
            )
        elif decision is not None:
            v.warnings.append(
                f'decision {decision!r} is not recognised: the only value is "block" (omit it to allow); it is ignored.'
            )
    elif decision is not None:
        v.warnings.append(f"decision is not read on {event}; it is ignored.")

    if isinstance(hso, dict):
        ac = hso.get("additionalContext")
        if isinstance(ac, str) and ac:
            v.additional_context = ac
            v.lines.append(f"additionalContext is added to Claude's context ({len(ac)} characters).")
        if event == "SessionStart":
            for k, what in (
                ("initialUserMessage", "sent as the first user message"),
                ("sessionTitle", "sets the session title"),
                ("watchPaths", "adds watched paths"),
                ("reloadSkills", "reloads skills"),
            ):
                if k in hso:
                    v.lines.append(f"{k} {what}.")
        if event == "PostToolUse":
            for k in ("updatedToolOutput", "updatedMCPToolOutput"):
                if k in hso:
                    v.lines.append(f"{k} replaces what Claude sees as the tool's output.")


def _pretool_decision(pd: Any, pdr: Any, v: Verdict) -> None:
    reason = pdr if isinstance(pdr, str) else None
    v.decision = pd if isinstance(pd, str) else None
    v.reason = reason
    if pd == "allow":
        v.outcome = "allowed"
        v.lines.append(
            'permissionDecision "allow": the tool runs without a permission prompt'
            + (f"; the user sees: {shorten(reason)}" if reason else ".")
        )
    elif pd == "deny":
        v.outcome = "denied"
        v.blocking = True
        v.lines.append(
            'permissionDecision "deny": the tool call is blocked'
            + (f"; Claude is told: {shorten(reason)}" if reason else ".")
        )
        if not reason:
            v.warnings.append("deny without permissionDecisionReason: Claude is not told why.")
    elif pd == "ask":
        v.outcome = "ask"
        v.lines.append(
            'permissionDecision "ask": the user is asked to confirm the tool call'
            + (f" ({shorten(reason)})" if reason else ".")
        )
    elif pd == "defer":
        v.outcome = "defer"
        v.lines.append(
            'permissionDecision "defer": the decision is left to the normal permission flow (or '
            "the SDK caller in non-interactive runs)."
        )
    else:
        v.decision = None
        v.warnings.append(f"permissionDecision must be allow, deny, ask or defer, not {pd!r}; it is ignored.")


def close_event(name: str) -> str | None:
    low = {e.lower(): e for e in EVENT_NAMES}
    if name.lower() in low:
        return low[name.lower()]
    import difflib

    m = difflib.get_close_matches(name, EVENT_NAMES, n=1)
    return m[0] if m else None


def handler_where(h: Any) -> str:
    sf = getattr(h, "file", None)
    if sf is None:
        return "?"
    span = h.span() if hasattr(h, "span") else None
    return f"{sf.rel}:{span.line}" if span is not None else sf.rel


def handler_text(h: Any) -> str:
    d = h.data
    t = d.get("type")
    if t == "command":
        cmd = d.get("command", "")
        if isinstance(d.get("args"), list):
            return f"{cmd} " + " ".join(json.dumps(a) if isinstance(a, str) and " " in a else str(a) for a in d["args"])
        return str(cmd)
    for k in ("url", "tool", "prompt"):
        if isinstance(d.get(k), str):
            return f"{t}: {d[k]}"
    return str(t)


def run_line(hook: Any) -> str:
    """The command line a command handler runs as (``bash -c …``, exec form, PowerShell), written as in the
    handler: placeholders and variables unexpanded, so no value of the environment is shown."""
    import shlex

    d = hook.data if isinstance(getattr(hook, "data", None), dict) else {}
    command = str(d.get("command", ""))
    if isinstance(d.get("args"), list):
        return shlex.join([command, *(str(a) for a in d["args"])])
    if d.get("shell") == "powershell":
        return shlex.join(["pwsh", "-NoProfile", "-NonInteractive", "-Command", command])
    return shlex.join(["bash", "-c", command])


def run_env_names(event: str, payload: Mapping[str, Any] | None = None) -> list[str]:
    """The variables Claude Code sets for a handler (names only: values are never shown)."""
    names = ["CLAUDE_PLUGIN_ROOT", "CLAUDE_PLUGIN_DATA", "CLAUDE_PROJECT_DIR"]
    eff = payload.get("effort") if isinstance(payload, Mapping) else None
    if isinstance(eff, dict) and isinstance(eff.get("level"), str):
        names.append("CLAUDE_EFFORT")
    if event in ENV_FILE_EVENTS:
        names.append("CLAUDE_ENV_FILE")
    return names
