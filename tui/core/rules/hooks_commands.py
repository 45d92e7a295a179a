"""Hook commands and prompts: what a command hook runs, and what its shell or the model receives.

Shell-form commands go through a shell: unquoted path variables split on spaces, `${user_config.…}` is refused,
paths outside `${CLAUDE_PLUGIN_ROOT}` exist only on one machine. Prompt hooks substitute `$ARGUMENTS` only. The
scripts themselves are checked in ``hookscripts``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic, Span
from ..base.fixtypes import Fix, make_fix
from ..lint.context import Context
from ..lint.registry import rule
from ..model.plugin import Hook, HookConfig, Plugin, SourceFile
from ..parse.shell import ScriptRef
from ..spec import matcher as M
from ._kit.hookcfg import hook_handlers
from ._kit.jsonedit import plugin_tail, string_edit, sub_span
from ._kit.scripts import hook_script, script_text

_PATH_VARS = ("CLAUDE_PLUGIN_ROOT", "CLAUDE_PLUGIN_DATA", "CLAUDE_PROJECT_DIR")


def quote_state(command: str, i: int) -> str | None:
    """The shell quote (``'`` or ``"``) that offset ``i`` of ``command`` lies inside, or None."""
    quote = None
    j = 0
    while j < i and j < len(command):
        c = command[j]
        if quote == "'":
            if c == "'":
                quote = None
        elif c == "\\":
            j += 2
            continue
        elif c == '"':
            quote = None if quote == '"' else '"'
        elif c == "'" and quote is None:
            quote = "'"
        j += 1
    return quote


_UNQUOTED_VAR = re.compile(
    r"\$\{(" + "|".join(_PATH_VARS) + r")(?:[:?+=-][^}]*)?\}|\$(" + "|".join(_PATH_VARS) + r")(?![A-Za-z0-9_])"
)


def unquoted_vars(command: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of path variables outside quotes in a shell command."""
    out = []
    i, n = 0, len(command)
    quote: str | None = None
    while i < n:
        c = command[i]
        if quote == "'":
            if c == "'":
                quote = None
            i += 1
            continue
        if c == "\\" and i + 1 < n:
            i += 2
            continue
        if c == '"':
            quote = None if quote == '"' else '"'
            i += 1
            continue
        if c == "'" and quote is None:
            quote = "'"
            i += 1
            continue
        if c == "$" and quote is None:
            m = _UNQUOTED_VAR.match(command, i)
            if m:
                # an assignment value (X=$CLAUDE_PLUGIN_ROOT/…) is not word-split
                j = i - 1
                while j >= 0 and not command[j].isspace() and command[j] not in ";&|(":
                    j -= 1
                word_prefix = command[j + 1 : i]
                if not re.match(r"[A-Za-z_][A-Za-z0-9_]*=", word_prefix) and not _in_double_brackets(command, i):
                    out.append((m.start(), m.end(), m.group(1) or m.group(2)))
                i = m.end()
                continue
        i += 1
    return out


def _in_double_brackets(command: str, i: int) -> bool:
    before = command[:i]
    return before.rfind("[[") > before.rfind("]]")


@rule(
    "HOOK018",
    "hook-unquoted-path-var",
    area="hooks",
    severity=WARNING,
    target="hook_config",
    sources=["IMP005", "PDS043"],
)
def hook_unquoted_path_var(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """`${CLAUDE_PLUGIN_ROOT}` (or `CLAUDE_PLUGIN_DATA` / `CLAUDE_PROJECT_DIR`) unquoted in a shell command.

    Shell-form commands run through a shell. Plugin and project paths contain spaces for many users (macOS
    "Application Support", Windows user names), and then an unquoted expansion splits into several words and
    the hook fails. Quote the variable, or use the exec form (`args`).

    Wrong: `"command": "${CLAUDE_PLUGIN_ROOT}/hooks/check.sh"`
    Right: `"command": "\\"${CLAUDE_PLUGIN_ROOT}\\"/hooks/check.sh"`
    """
    for event, _g, hi, h, hp in hook_handlers(cfg):
        if not isinstance(h, dict) or h.get("type") != "command" or isinstance(h.get("args"), list):
            continue
        cmd = h.get("command")
        if not isinstance(cmd, str):
            continue
        hits = unquoted_vars(cmd)
        ptr = hp + ("command",)
        for s, e, name in hits[:1]:
            text = cmd[s:e]
            span = sub_span(cfg.file, ptr, text, cmd[:s].count(text)) if cfg.file is not None else None
            yield ctx.at(
                f"Shell command uses {text} without quotes; it breaks when the path contains spaces",
                file=cfg.file,
                pointer=ptr,
                span=span,
                hint=f'write \\"{text}\\"/… (quotes around the variable)',
                fix=quote_path_vars_fix(cfg.file, ptr, cmd, hits) if span is not None else None,
            )


def quote_path_vars_fix(sf: SourceFile | None, ptr: tuple, cmd: str, hits: list[tuple[int, int, str]]) -> Fix | None:
    """Quote every unquoted path variable of the command: `"${CLAUDE_PLUGIN_ROOT}"/x` (safe)."""
    if sf is None or sf.span(ptr) is None:
        return None
    edits = [string_edit(sf, ptr, s, e, '"' + cmd[s:e] + '"') for s, e, _ in hits]
    return make_fix("quote " + ", ".join(dict.fromkeys(cmd[s:e] for s, e, _ in hits)), edits)


@rule(
    "HOOK026",
    "hook-command-path",
    area="hooks",
    severity=WARNING,
    target="hook",
    sources=["HKS010", "PDS017", "PDS043", "PVA027"],
)
def hook_command_path(ctx: Context, hook: Hook) -> Iterator[Diagnostic]:
    """A hook command that runs a script by an absolute, home or working-directory-relative path.

    Hooks run in the user's project directory, on the user's machine. `/Users/me/plugin/check.sh` exists only
    on yours; `./scripts/check.sh` is looked up in the user's project, not in the plugin. Use
    `"${CLAUDE_PLUGIN_ROOT}"/scripts/check.sh` (the plugin's folder, wherever it is installed).

    A script in a system folder (`/usr/local/bin/guard.sh`) is not part of the plugin either: it exists only
    where someone copied it (a warning); another program run from `/usr/local/…` or `/opt/…` by its full path
    is noted (info): other machines may keep it elsewhere or lack it.

    Wrong: `"command": "/Users/me/my-plugin/hooks/check.sh"`, `"command": "bash hooks/check.sh"`,
    `"command": "/usr/local/bin/guard.sh"`
    Right: `"command": "\\"${CLAUDE_PLUGIN_ROOT}\\"/hooks/check.sh"`
    """
    ref = hook_script(ctx, hook)
    if ref is None:
        return
    ptr = hook.pointer + ("command",)
    if ref.base == "absolute" and ref.outside is not None:  # script_for always names the absolute path
        if ref.outside.startswith(_SYSTEM_DIRS):
            name = ref.outside.rsplit("/", 1)[-1]
            if _SCRIPT_EXT.search(name):
                # a script someone copied into a system folder: not part of the plugin, absent on other machines
                yield ctx.at(
                    f"hook runs {ref.outside}, a script outside the plugin that exists only on machines where "
                    "someone installed it by hand",
                    file=hook.file,
                    pointer=ptr,
                    span=sub_span(hook.file, ptr, ref.outside),
                    hint='ship the script in the plugin and run it as "${CLAUDE_PLUGIN_ROOT}"/…',
                    fix=plugin_root_fix(ctx, hook, ref),
                )
            elif ref.outside.startswith(_LOCAL_DIRS) and name not in _COMMON_TOOLS and not _INTERPRETER.match(name):
                yield ctx.at(
                    f"hook runs {ref.outside}, a program installed outside the plugin: other machines may not "
                    "have it there (or at all)",
                    file=hook.file,
                    pointer=ptr,
                    span=sub_span(hook.file, ptr, ref.outside),
                    severity=INFO,
                    hint=f"run it by name ({name}) and say in the README that it is needed, or ship it in the plugin",
                )
            return
        yield ctx.at(
            f"hook runs {ref.outside}, an absolute path that exists only on one machine",
            file=hook.file,
            pointer=ptr,
            span=sub_span(hook.file, ptr, ref.outside),
            hint='ship the script in the plugin and run it as "${CLAUDE_PLUGIN_ROOT}"/…',
            fix=plugin_root_fix(ctx, hook, ref),
        )
    elif ref.base == "home":
        yield ctx.at(
            f"hook runs {ref.outside}, a path in the author's home folder",
            file=hook.file,
            pointer=ptr,
            hint='ship the script in the plugin and run it as "${CLAUDE_PLUGIN_ROOT}"/…',
            fix=plugin_root_fix(ctx, hook, ref),
        )
    elif ref.base == "cwd" and not ref.exec_form:
        yield ctx.at(
            f"hook runs {ref.raw} relative to the working directory (the user's project), not the plugin folder",
            file=hook.file,
            pointer=ptr,
            hint=f'write "${{CLAUDE_PLUGIN_ROOT}}"/{ref.raw.lstrip("./")}',
            fix=plugin_root_fix(ctx, hook, ref),
        )


_SYSTEM_DIRS = ("/usr/", "/bin/", "/sbin/", "/opt/", "/etc/", "/Library/", "/Applications/")
_LOCAL_DIRS = ("/usr/local/", "/opt/")
_SCRIPT_EXT = re.compile(r"\.(?:sh|bash|zsh|py|js|mjs|cjs|ts|rb|pl|php)$")
_INTERPRETER = re.compile(r"^(?:python[\d.]*|node|bun|deno|ruby|perl|php|bash|zsh|sh|fish|env|uv|uvx|npx|pwsh)$")
_COMMON_TOOLS = (
    "jq",
    "git",
    "gh",
    "rg",
    "fd",
    "terminal-notifier",
    "osascript",
    "say",
    "afplay",
    "notify-send",
    "curl",
)


def plugin_root_fix(ctx: Context, hook: Hook, ref: ScriptRef) -> Fix | None:
    """Run the plugin's own copy of the script through `${CLAUDE_PLUGIN_ROOT}` (unsafe); None unless the path's
    tail names a file of the plugin and appears once, outside single quotes."""
    cmd = hook.data.get("command")
    if not isinstance(cmd, str) or hook.plugin is None or hook.file is None:
        return None
    ptr = hook.pointer + ("command",)
    word: str | None
    if ref.base in ("absolute", "home"):
        word = ref.outside
        tail = plugin_tail(ctx, hook.plugin, word or "")
    elif ref.base == "cwd" and not ref.exec_form:
        word = ref.raw
        cand = word[2:] if word.startswith("./") else word
        tail = (
            cand
            if cand and not cand.startswith(("../", "/", "$")) and ctx.project.index.is_file(hook.plugin.path(cand))
            else None
        )
    else:
        return None
    if not word or tail is None:
        return None
    i = cmd.find(word)
    if i < 0 or cmd.find(word, i + 1) >= 0:
        return None
    q = quote_state(cmd, i)
    if q == "'":
        return None
    new = f"${{CLAUDE_PLUGIN_ROOT}}/{tail}" if q == '"' else f'"${{CLAUDE_PLUGIN_ROOT}}"/{tail}'
    return make_fix(
        f"run the plugin's {tail} through ${{CLAUDE_PLUGIN_ROOT}}",
        string_edit(hook.file, ptr, i, i + len(word), new),
        safe=False,
    )


_USER_CONFIG = re.compile(r"\$\{user_config\.[^}]*\}")


@rule("HOOK019", "user-config-in-shell", area="hooks", severity=ERROR, target="plugin", sources=["OFF024"])
def user_config_in_shell(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """`${user_config.…}` inside a shell-form hook command or a monitor command.

    Since v2.1.207 Claude Code refuses to substitute user options into text that a shell interprets (a value
    such as `x; rm -rf ~` would run). Read the option from the environment instead:
    `$CLAUDE_PLUGIN_OPTION_<KEY>`, quoted, or pass it through the exec form (`args`).

    Wrong: `"command": "deploy.sh --token ${user_config.api_token}"`
    Right: `"command": "deploy.sh --token \\"$CLAUDE_PLUGIN_OPTION_API_TOKEN\\""`
    """
    for h in plugin.hooks:
        if h.data.get("type") != "command" or isinstance(h.data.get("args"), list):
            continue
        cmd = h.data.get("command")
        if isinstance(cmd, str):
            m = _USER_CONFIG.search(cmd)
            if m:
                key = m.group(0)[len("${user_config.") : -1]
                ptr = h.pointer + ("command",)
                span = sub_span(h.file, ptr, m.group(0))
                yield ctx.at(
                    f"{m.group(0)} in a shell-form hook command is not substituted (shell injection risk)",
                    file=h.file,
                    pointer=ptr,
                    span=span,
                    hint=f'use "$CLAUDE_PLUGIN_OPTION_{key.upper()}" or the exec form (args)',
                    fix=option_env_fix(h.file, ptr, cmd) if span is not None else None,
                )
    for mon in getattr(plugin, "monitors", []):
        cfg = mon.config if isinstance(mon.config, dict) else {}
        cmd = cfg.get("command")
        if isinstance(cmd, str) and not isinstance(cfg.get("args"), list):
            m = _USER_CONFIG.search(cmd)
            if m:
                key = m.group(0)[len("${user_config.") : -1]
                ptr = mon.pointer + ("command",)
                span = sub_span(mon.file, ptr, m.group(0))
                yield ctx.at(
                    f"{m.group(0)} in a monitor command is not substituted (shell injection risk)",
                    file=mon.file,
                    pointer=ptr,
                    span=span,
                    hint=f'use "$CLAUDE_PLUGIN_OPTION_{key.upper()}"',
                    fix=option_env_fix(mon.file, ptr, cmd) if span is not None else None,
                )


def option_env_fix(sf: SourceFile | None, ptr: tuple, cmd: str) -> Fix | None:
    """Every `${user_config.key}` of the command → `"$CLAUDE_PLUGIN_OPTION_KEY"` (unsafe: the value now comes from
    the environment); None when a key is not a plain name or one sits inside single quotes."""
    if sf is None:
        return None
    edits = []
    for mm in _USER_CONFIG.finditer(cmd):
        key = mm.group(0)[len("${user_config.") : -1]
        if not re.fullmatch(r"[A-Za-z0-9_]+", key):
            return None
        q = quote_state(cmd, mm.start())
        if q == "'":
            return None
        var = f"$CLAUDE_PLUGIN_OPTION_{key.upper()}"
        edits.append(string_edit(sf, ptr, mm.start(), mm.end(), var if q == '"' else f'"{var}"'))
    return make_fix("read the option from $CLAUDE_PLUGIN_OPTION_…", edits, safe=False)


@rule("HOOK027", "hook-env-file-event", area="hooks", severity=WARNING, target="hook", sources=["PDS044"])
def hook_env_file_event(ctx: Context, hook: Hook) -> Iterator[Diagnostic]:
    """`CLAUDE_ENV_FILE` used by a hook on an event that does not provide it.

    Claude Code sets `CLAUDE_ENV_FILE` only for SessionStart, Setup, CwdChanged and FileChanged hooks (lines
    written to it become environment variables for later Bash commands). Elsewhere it is unset, and
    `echo X=1 >> "$CLAUDE_ENV_FILE"` fails or writes to a file named by an empty string.

    Wrong: a PreToolUse hook script that appends to `$CLAUDE_ENV_FILE`
    Right: do it from a SessionStart hook
    """
    if hook.event not in M.EVENTS or hook.event in M.ENV_FILE_EVENTS or hook.data.get("type") != "command":
        return
    cmd = hook.data.get("command")
    ptr = hook.pointer + ("command",)
    if isinstance(cmd, str) and "CLAUDE_ENV_FILE" in cmd:
        yield ctx.at(
            f"CLAUDE_ENV_FILE is not set for {hook.event} hooks (only SessionStart, Setup, CwdChanged, FileChanged)",
            file=hook.file,
            pointer=ptr,
            span=sub_span(hook.file, ptr, "CLAUDE_ENV_FILE"),
        )
        return
    ref = hook_script(ctx, hook)
    if ref is None or ref.rel is None or not ref.exists:
        return
    sf = script_text(ctx, ref.rel)
    if sf is None or sf.text is None:
        return
    for i, line in enumerate(sf.text.splitlines(), 1):
        if "CLAUDE_ENV_FILE" in line and not line.lstrip().startswith("#"):
            col = line.index("CLAUDE_ENV_FILE") + 1
            yield ctx.at(
                f"CLAUDE_ENV_FILE is not set when this script runs as a {hook.event} hook (only "
                "SessionStart, Setup, CwdChanged, FileChanged)",
                file=sf,
                span=Span(i, col, i, col + len("CLAUDE_ENV_FILE")),
            )
            return


_PD_PLACEHOLDERS = ("$TOOL_INPUT", "$TOOL_RESULT", "$USER_PROMPT", "$TRANSCRIPT_PATH")


@rule("HOOK028", "hook-prompt-placeholders", area="hooks", severity=WARNING, target="hook", sources=[])
def hook_prompt_placeholders(ctx: Context, hook: Hook) -> Iterator[Diagnostic]:
    """A prompt/agent hook uses placeholders that Claude Code does not substitute.

    The only placeholder in a prompt hook is `$ARGUMENTS` (the hook input JSON, appended when absent).
    plugin-dev's `$TOOL_INPUT`, `$TOOL_RESULT`, `$USER_PROMPT` and `$TRANSCRIPT_PATH` reach the model literally.
    The model must answer `{"ok": true}` or `{"ok": false, "reason": "…"}`, not approve/deny.

    Wrong: `"prompt": "Is this command safe? $TOOL_INPUT"`
    Right: `"prompt": "Is this command safe? The hook input: $ARGUMENTS"`
    """
    if hook.data.get("type") not in ("prompt", "agent"):
        return
    p = hook.data.get("prompt")
    if not isinstance(p, str):
        return
    ptr = hook.pointer + ("prompt",)
    for ph in _PD_PLACEHOLDERS:
        if re.search(re.escape(ph) + r"(?![A-Za-z0-9_])", p):
            yield ctx.at(
                f"{ph} is not substituted in prompt hooks (only $ARGUMENTS, the hook input JSON)",
                file=hook.file,
                pointer=ptr,
                span=sub_span(hook.file, ptr, ph),
                hint="use $ARGUMENTS and refer to its fields (tool_input, tool_response, prompt)",
            )
            break
