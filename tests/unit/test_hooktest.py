"""The hook tester on real scripts: allow, block, timeout, malformed JSON, stderr JSON, deny, environment."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.helpers import write_tree
from tui.core.model.loader import load
from tui.core.services.hooktest import (
    HookRun,
    default_timeout,
    firing_hooks,
    if_matches,
    interpret,
    run_handler,
    sample_payload,
)
from tui.core.spec.hooks import EVENT_NAMES as EVENTS

MANIFEST = {"name": "hook-lab", "version": "0.1.0", "description": "Hooks to test", "author": {"name": "Ann"}}


def make_plugin(tmp_path: Path, scripts: dict[str, str], hooks: dict, name: str = "hook-lab") -> Path:
    root = tmp_path / name
    files = {".claude-plugin/plugin.json": dict(MANIFEST, name=name), "hooks/hooks.json": {"hooks": hooks}}
    files.update({f"hooks/scripts/{k}": v for k, v in scripts.items()})
    write_tree(root, files, executable=[f"hooks/scripts/{k}" for k in scripts])
    return root


def one_hook(root: Path, event: str):
    project = load(root)
    plugin = project.plugins[0]
    hooks = [h for h in plugin.hooks if h.event == event]
    assert hooks, f"no {event} hook loaded"
    return project, plugin, hooks[0]


def handler(script: str, **extra) -> dict:
    return {"type": "command", "command": f'"${{CLAUDE_PLUGIN_ROOT}}/hooks/scripts/{script}"', **extra}


# ----------------------------------------------------------------------------------------------- payloads


def test_sample_payload_has_current_field_names_for_every_event():
    assert len(EVENTS) == 31
    for event in EVENTS:
        p = sample_payload(event, cwd="/work/proj")
        for key in ("session_id", "prompt_id", "transcript_path", "cwd", "permission_mode", "hook_event_name"):
            assert key in p, (event, key)
        assert p["hook_event_name"] == event
        assert p["cwd"] == "/work/proj"
        assert p["permission_mode"] in {"default", "plan", "acceptEdits", "auto", "dontAsk", "bypassPermissions"}
        # plugin-dev's outdated names never appear
        assert not {"user_prompt", "tool_result"} & set(p), event
        json.dumps(p)  # serialisable


def test_sample_payload_event_specifics():
    pre = sample_payload("PreToolUse", tool="Write", cwd="/p")
    assert pre["tool_name"] == "Write"
    assert pre["tool_input"]["file_path"] == "/p/src/hello.ts" and "content" in pre["tool_input"]
    assert pre["tool_use_id"].startswith("toolu_")
    assert sample_payload("PreToolUse")["tool_input"]["command"]  # Bash by default
    edit = sample_payload("PreToolUse", tool="Edit")["tool_input"]
    assert {"file_path", "old_string", "new_string"} <= set(edit)
    post = sample_payload("PostToolUse", tool="Bash")
    assert "tool_response" in post and "duration_ms" in post
    assert sample_payload("UserPromptSubmit")["prompt"]
    stop = sample_payload("Stop")
    assert stop["stop_hook_active"] is False and "last_assistant_message" in stop and "reason" not in stop
    assert sample_payload("SessionStart")["source"] == "startup"
    assert sample_payload("SessionStart", value="resume")["source"] == "resume"
    assert sample_payload("Notification", value="idle_prompt")["notification_type"] == "idle_prompt"
    assert sample_payload("SubagentStop")["agent_type"]
    assert sample_payload("SessionEnd")["reason"]
    assert sample_payload("PreCompact")["trigger"] in ("manual", "auto")
    assert sample_payload("PreToolUse", tool="mcp__memory__create_entities")["tool_input"]


def test_default_timeouts_follow_spec():
    assert default_timeout("PreToolUse", {"type": "command"}) == 600
    assert default_timeout("UserPromptSubmit", {"type": "command"}) == 30
    assert default_timeout("MessageDisplay", {"type": "command"}) == 10
    assert default_timeout("PreToolUse", {"type": "command", "timeout": 5}) == 5
    assert default_timeout("PreToolUse", {"type": "command", "timeout": "5"}) == 600
    assert default_timeout("Stop", {"type": "prompt"}) == 30


# ----------------------------------------------------------------------------------------------- runs


def test_allow_exit_0(tmp_path):
    root = make_plugin(
        tmp_path,
        {"ok.sh": "#!/usr/bin/env bash\nset -euo pipefail\ncat >/dev/null\nexit 0\n"},
        {"PreToolUse": [{"matcher": "Bash", "hooks": [handler("ok.sh")]}]},
    )
    project, plugin, hook = one_hook(root, "PreToolUse")
    run = run_handler(hook, plugin, sample_payload("PreToolUse"), project_dir=tmp_path)
    assert run.exit_code == 0 and not run.timed_out and run.error is None
    v = interpret("PreToolUse", run)
    assert v.outcome == "success" and not v.blocking and not v.failed
    assert any("goes ahead" in line for line in v.lines)


def test_block_exit_2_with_stderr_reason(tmp_path):
    script = (
        "#!/usr/bin/env bash\nset -euo pipefail\ninput=$(cat)\n"
        "cmd=$(printf '%s' \"$input\" | jq -r '.tool_input.command')\n"
        'if [[ "$cmd" == *\'rm -rf\'* ]]; then echo "refusing: $cmd" >&2; exit 2; fi\nexit 0\n'
    )
    root = make_plugin(
        tmp_path, {"guard.sh": script}, {"PreToolUse": [{"matcher": "Bash", "hooks": [handler("guard.sh")]}]}
    )
    project, plugin, hook = one_hook(root, "PreToolUse")
    payload = sample_payload("PreToolUse")
    payload["tool_input"]["command"] = "rm -rf /tmp/x"
    run = run_handler(hook, plugin, payload, project_dir=tmp_path)
    assert run.exit_code == 2
    v = interpret("PreToolUse", run)
    assert v.outcome == "blocked" and v.blocking and v.decision == "block"
    assert v.reason == "refusing: rm -rf /tmp/x"
    assert not v.failed
    # the same run on a non-blocking event means something else
    v2 = interpret("PostToolUse", run)
    assert not v2.blocking and v2.outcome == "non-blocking-error"
    assert any("tool already ran" in line for line in v2.lines)
    # and a safe command is allowed
    payload["tool_input"]["command"] = "ls"
    assert run_handler(hook, plugin, payload, project_dir=tmp_path).exit_code == 0


def test_timeout_kills_the_process_group(tmp_path):
    marker = tmp_path / "survived"
    script = f"#!/usr/bin/env bash\n(sleep 3; touch '{marker}') &\nsleep 30\n"
    root = make_plugin(tmp_path, {"slow.sh": script}, {"Stop": [{"hooks": [handler("slow.sh", timeout=60)]}]})
    project, plugin, hook = one_hook(root, "Stop")
    start = time.monotonic()
    run = run_handler(hook, plugin, sample_payload("Stop"), timeout=0.5, project_dir=tmp_path)
    assert time.monotonic() - start < 5
    assert run.timed_out and run.exit_code is None and run.timeout == 0.5
    v = interpret("Stop", run)
    assert v.outcome == "timeout" and v.failed and not v.blocking
    time.sleep(3.5)
    assert not marker.exists(), "a child of the handler outlived the timeout"


def test_cancel_stops_a_running_handler(tmp_path):
    import threading

    root = make_plugin(
        tmp_path, {"slow.sh": "#!/usr/bin/env bash\nsleep 30\n"}, {"Stop": [{"hooks": [handler("slow.sh")]}]}
    )
    project, plugin, hook = one_hook(root, "Stop")
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    start = time.monotonic()
    run = run_handler(hook, plugin, sample_payload("Stop"), project_dir=tmp_path, cancel=cancel)
    assert time.monotonic() - start < 5
    assert run.cancelled and not run.timed_out and run.exit_code is None
    assert interpret("Stop", run).outcome == "cancelled"


def test_handler_timeout_field_is_used(tmp_path):
    root = make_plugin(
        tmp_path,
        {"slow.sh": "#!/usr/bin/env bash\nsleep 20\n"},
        {"Stop": [{"hooks": [handler("slow.sh", timeout=0.3)]}]},
    )
    project, plugin, hook = one_hook(root, "Stop")
    run = run_handler(hook, plugin, sample_payload("Stop"), project_dir=tmp_path)
    assert run.timed_out and run.timeout == pytest.approx(0.3)


def test_malformed_json_on_stdout(tmp_path):
    root = make_plugin(
        tmp_path,
        {"bad.sh": '#!/usr/bin/env bash\ncat >/dev/null\necho \'{"decision": "block",\'\n'},
        {"Stop": [{"hooks": [handler("bad.sh")]}]},
    )
    project, plugin, hook = one_hook(root, "Stop")
    run = run_handler(hook, plugin, sample_payload("Stop"), project_dir=tmp_path)
    assert run.exit_code == 0
    v = interpret("Stop", run)
    assert v.malformed and v.failed and v.json is None and not v.blocking
    assert any("not valid JSON" in w for w in v.warnings)


def test_json_on_stderr_with_exit_2_is_plugin_devs_mistake(tmp_path):
    script = (
        "#!/usr/bin/env bash\ncat >/dev/null\n"
        'echo \'{"hookSpecificOutput": {"permissionDecision": "ask"}, "systemMessage": "check"}\' >&2\n'
        "exit 2\n"
    )
    root = make_plugin(tmp_path, {"pd.sh": script}, {"PreToolUse": [{"matcher": "Write", "hooks": [handler("pd.sh")]}]})
    project, plugin, hook = one_hook(root, "PreToolUse")
    run = run_handler(hook, plugin, sample_payload("PreToolUse", tool="Write"), project_dir=tmp_path)
    v = interpret("PreToolUse", run)
    assert v.blocking and v.outcome == "blocked"
    assert v.reason.startswith("{")  # the raw JSON text is the reason
    assert any("stderr holds JSON" in w and "'ask' decision became a hard block" in w for w in v.warnings)


def test_pretooluse_deny_via_hook_specific_output(tmp_path):
    script = (
        "#!/usr/bin/env bash\nset -euo pipefail\ncat >/dev/null\n"
        'jq -n \'{hookSpecificOutput: {hookEventName: "PreToolUse", permissionDecision: "deny", '
        'permissionDecisionReason: "writes to .env are not allowed"}}\'\n'
    )
    root = make_plugin(
        tmp_path, {"deny.sh": script}, {"PreToolUse": [{"matcher": "Write|Edit", "hooks": [handler("deny.sh")]}]}
    )
    project, plugin, hook = one_hook(root, "PreToolUse")
    run = run_handler(hook, plugin, sample_payload("PreToolUse", tool="Edit"), project_dir=tmp_path)
    assert run.exit_code == 0
    v = interpret("PreToolUse", run)
    assert v.outcome == "denied" and v.decision == "deny" and v.blocking
    assert v.reason == "writes to .env are not allowed"
    assert v.json["hookSpecificOutput"]["permissionDecision"] == "deny"
    assert not v.warnings


def test_environment_visible_to_the_script(tmp_path):
    script = (
        "#!/usr/bin/env bash\nset -euo pipefail\ninput=$(cat)\n"
        'jq -n --arg root "$CLAUDE_PLUGIN_ROOT" --arg data "$CLAUDE_PLUGIN_DATA" '
        '--arg proj "$CLAUDE_PROJECT_DIR" --arg envf "${CLAUDE_ENV_FILE:-}" --arg pwd "$PWD" '
        '--arg ev "$(printf \'%s\' "$input" | jq -r .hook_event_name)" '
        '--arg otel "${OTEL_EXPORTER_OTLP_ENDPOINT:-unset}" '
        '\'{hookSpecificOutput: {hookEventName: "SessionStart", additionalContext: '
        "({root: $root, data: $data, proj: $proj, envf: $envf, pwd: $pwd, ev: $ev, otel: $otel} | tojson)}}'\n"
        "echo 'export FOO=bar' >> \"$CLAUDE_ENV_FILE\"\n"
        'test -d "$CLAUDE_PLUGIN_DATA"\n'
    )
    root = make_plugin(tmp_path, {"env.sh": script}, {"SessionStart": [{"hooks": [handler("env.sh")]}]})
    project, plugin, hook = one_hook(root, "SessionStart")
    proj = tmp_path / "the project"
    proj.mkdir()
    os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector"
    try:
        run = run_handler(hook, plugin, sample_payload("SessionStart", cwd=str(proj)), project_dir=proj)
    finally:
        del os.environ["OTEL_EXPORTER_OTLP_ENDPOINT"]
    assert run.exit_code == 0, run.stderr
    v = interpret("SessionStart", run)
    seen = json.loads(v.additional_context)
    assert seen["root"] == str(root.resolve())
    assert seen["proj"] == str(proj.resolve()) and seen["pwd"] == str(proj.resolve())
    assert seen["data"] and seen["data"] != seen["root"]
    assert seen["envf"], "SessionStart handlers get CLAUDE_ENV_FILE"
    assert seen["ev"] == "SessionStart"
    assert seen["otel"] == "unset", "OTEL_* variables are stripped"
    assert run.env_file == "export FOO=bar\n"
    assert not Path(seen["data"]).exists(), "the temp plugin data dir is removed afterwards"


def test_no_env_file_on_other_events_and_exec_form(tmp_path):
    script = '#!/usr/bin/env bash\ncat >/dev/null\necho "${CLAUDE_ENV_FILE:-none} $1"\n'
    root = make_plugin(
        tmp_path,
        {"e.sh": script},
        {
            "Stop": [
                {"hooks": [{"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/hooks/scripts/e.sh", "args": ["a b"]}]}
            ]
        },
    )
    project, plugin, hook = one_hook(root, "Stop")
    run = run_handler(hook, plugin, sample_payload("Stop"), project_dir=tmp_path)
    assert run.argv[0] == str(root.resolve() / "hooks/scripts/e.sh")  # exec form: placeholder substituted
    assert run.stdout.strip() == "none a b"


def test_non_command_handlers_are_not_run(tmp_path):
    root = make_plugin(tmp_path, {}, {"Stop": [{"hooks": [{"type": "prompt", "prompt": "Are the tests green?"}]}]})
    project, plugin, hook = one_hook(root, "Stop")
    run = run_handler(hook, plugin, sample_payload("Stop"))
    assert run.error and "prompt" in run.error and run.exit_code is None
    assert interpret("Stop", run).failed


# ----------------------------------------------------------------------------------------------- interpret


def _run(event="PreToolUse", code=0, out="", err=""):
    return HookRun(event=event, command="x", exit_code=code, stdout=out, stderr=err)


def test_exit_1_does_not_block():
    v = interpret("PreToolUse", _run(code=1, err="nope"))
    assert not v.blocking and v.outcome == "non-blocking-error" and not v.failed
    assert any("Exit 1 does not block" in w for w in v.warnings)
    assert "non-blocking status code 1: nope" in v.lines[0]


def test_deprecated_fields():
    v = interpret("PreToolUse", _run(out='{"decision": "approve", "reason": "fine"}'))
    assert v.decision == "allow" and v.outcome == "allowed"
    assert any("deprecated" in w for w in v.warnings)
    v = interpret("PreToolUse", _run(out='{"decision": "block", "reason": "no"}'))
    assert v.decision == "deny" and v.blocking
    v = interpret("Stop", _run(event="Stop", out='{"decision": "approve"}'))
    assert not v.blocking and any("deprecated" in w for w in v.warnings)


def test_decision_block_continue_false_and_system_message():
    v = interpret("Stop", _run(event="Stop", out='{"decision": "block", "reason": "tests fail"}'))
    assert v.blocking and v.reason == "tests fail" and v.decision == "block"
    v = interpret("PostToolUse", _run(out='{"continue": false, "stopReason": "done", "systemMessage": "hi"}'))
    assert v.stops and v.outcome == "stopped" and v.system_message == "hi"


def test_hook_specific_output_needs_event_name():
    v = interpret("PreToolUse", _run(out='{"hookSpecificOutput": {"permissionDecision": "deny"}}'))
    assert not v.blocking and any("hookEventName" in w for w in v.warnings)
    for d in ("allow", "ask", "defer"):
        out = json.dumps({"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": d}})
        assert interpret("PreToolUse", _run(out=out)).decision == d


def test_plain_stdout_context_vs_debug_log_and_output_cap():
    v = interpret("UserPromptSubmit", _run(event="UserPromptSubmit", out="Today is Monday\n"))
    assert v.additional_context == "Today is Monday\n"
    v = interpret("PreToolUse", _run(out="hello\n"))
    assert v.additional_context is None and any("debug log" in line for line in v.lines)
    v = interpret("SessionStart", _run(event="SessionStart", out="x" * 10_001))
    assert any("10,000" in w for w in v.warnings)


def test_json_on_stderr_with_exit_0_is_ignored():
    v = interpret("PreToolUse", _run(err='{"decision": "block"}'))
    assert not v.blocking and any("JSON on stderr is ignored" in w for w in v.warnings)


def test_exit_2_on_blocking_and_non_blocking_events():
    assert interpret("UserPromptSubmit", _run(code=2, err="x")).blocking
    assert interpret("WorktreeCreate", _run(code=1)).blocking
    assert not interpret("Notification", _run(code=2, err="x")).blocking
    assert not interpret("SessionStart", _run(code=2, err="x")).blocking


# ----------------------------------------------------------------------------------------------- firing


def test_firing_hooks_uses_matchers_and_if(tmp_path):
    root = make_plugin(
        tmp_path,
        {"a.sh": "#!/bin/sh\nexit 0\n"},
        {
            "PreToolUse": [
                {"matcher": "Bash", "hooks": [handler("a.sh")]},
                {"matcher": "Edit.*", "hooks": [handler("a.sh")]},
                {"matcher": "Bash", "hooks": [handler("a.sh", **{"if": "Bash(git *)"})]},
            ],
            "Stop": [{"hooks": [handler("a.sh", **{"if": "Bash(git *)"})]}],
        },
    )
    project = load(root)
    bash = firing_hooks(project, "PreToolUse", "Bash")
    assert [f.hook.matcher for f in bash] == ["Bash"]  # the git-only handler does not fire for `npm test`
    nb = firing_hooks(project, "PreToolUse", "NotebookEdit")
    assert [f.hook.matcher for f in nb] == ["Edit.*"]
    assert "unanchored" in nb[0].explanation
    assert firing_hooks(project, "Stop", None) == []  # `if` on Stop: never runs
    ok, note = if_matches("Bash(git *)", "PreToolUse", {"tool_name": "Bash", "tool_input": {"command": "git push"}})
    assert ok


def test_one_event_table_every_view_agrees():
    """spec/hooks.py is the only event table: its views cover every documented event, and the payload the tester
    builds carries the field each matcher is compared with."""
    from tui.core.spec import hooks

    assert set(hooks.MATCHER_FIELD) == set(hooks.EVENT_NAMES) == set(hooks.EXIT2_BLOCKS) | set(hooks.EXIT2_OTHER)
    assert not set(hooks.EXIT2_BLOCKS) & set(hooks.EXIT2_OTHER)
    assert hooks.ALL_EVENT_NAMES == set(hooks.EVENT_NAMES) | hooks.UNDOCUMENTED_EVENTS
    for e in hooks.EVENT_NAMES:
        info = hooks.EVENTS[e]
        assert (info.field is None) == (info.subject is None) == (e not in hooks.MATCHER_SUBJECT), e
        if info.field is not None:  # the sample carries the value the matcher is compared with
            assert isinstance(sample_payload(e).get(info.field), str), e
    assert set(hooks.GUARD_EVENTS) <= hooks.ALL_EVENT_NAMES
    assert set(hooks.ENV_FILE_EVENTS) == {"SessionStart", "Setup", "CwdChanged", "FileChanged"}
    assert hooks.TOOL_EVENTS == {
        "PreToolUse",
        "PermissionRequest",
        "PermissionDenied",
        "PostToolUse",
        "PostToolUseFailure",
    }
    # the built-in variables and the loader read the same rows
    from tui.core.model import loader
    from tui.core.spec import builtins

    assert builtins.ENV_FILE_EVENTS == hooks.ENV_FILE_EVENTS
    assert loader.HOOK_EVENTS is hooks.ALL_EVENT_NAMES


def test_hooks_of_a_bare_hooks_json_never_fire(tmp_path):
    root = write_tree(
        tmp_path / "bare",
        {
            ".claude-plugin/plugin.json": {"name": "bare"},
            "hooks/hooks.json": {
                "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "true"}]}]
            },
        },
    )
    project = load(root)
    assert firing_hooks(project, "PreToolUse", "Bash") == []
    (miss,) = firing_hooks(project, "PreToolUse", "Bash", include_misses=True)
    assert not miss.fires and not miss.loaded and "wrapper" in miss.if_note
