"""Hook scripts: the files that a plugin's command hooks run (catalogue IMP006–IMP010 and plugin-dev's hook-linter).

Only scripts that a hook of the plugin references are looked at, resolved with ``tui.core.parse.shell.script_for``.
Nothing is executed (the opt-in HOOK117 runs ``shellcheck`` on the script text if it is installed).
The plugin-dev profile adds modernised versions of ``hook-linter.sh``'s heuristics: comments, heredocs,
quotes and ``[[ ]]`` are understood, the shebang is not a "hard-coded path", and ``cat``/``read`` must be words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic, Span
from ..base.fixtypes import Fix, make_fix
from ..lint.context import Context
from ..lint.registry import rule
from ..model.plugin import Hook, Plugin, SourceFile
from ..parse.edits import chmod_x, newline_of, text_replace
from ..parse.shell import ScriptRef
from ..spec import matcher as M
from ._kit.jsonedit import string_edit, sub_span
from ._kit.scripts import hook_script, script_text

# ----------------------------------------------------------------------------------------------------------------
# reading (safely, once)


@dataclass
class ScriptUse:
    rel: str
    ref: ScriptRef
    hooks: list[Hook] = field(default_factory=list)

    @property
    def events(self) -> set[str]:
        return {h.event for h in self.hooks}


def plugin_scripts(ctx: Context, plugin: Plugin) -> list[ScriptUse]:
    """Existing scripts inside the plugin that the plugin's command hooks run (each once)."""
    key = ("hookscript-uses", plugin.rel, plugin.name)
    if key in ctx.cache:
        return ctx.cache[key]
    uses: dict[str, ScriptUse] = {}
    for h in plugin.hooks:
        ref = hook_script(ctx, h)
        if ref is None or ref.rel is None or not ref.exists:
            continue
        uses.setdefault(ref.rel, ScriptUse(ref.rel, ref)).hooks.append(h)
    out = list(uses.values())
    ctx.cache[key] = out
    return out


def _scripts(ctx: Context, plugin: Plugin) -> Iterator[tuple[ScriptUse, SourceFile, str]]:
    """:func:`plugin_scripts` with their text (those that cannot be read as text are left out)."""
    for use in plugin_scripts(ctx, plugin):
        sf = script_text(ctx, use.rel)
        if sf is not None and sf.text is not None:
            yield use, sf, sf.text


# ----------------------------------------------------------------------------------------------------------------
# shell text analysis

_HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")


@dataclass
class CodeLine:
    n: int
    text: str  # the full line
    code: str  # without comments ("" for heredoc bodies)
    heredoc: bool = False


def shell_lines(text: str) -> list[CodeLine]:
    """Lines of a shell script with comments removed and heredoc bodies marked."""
    out: list[CodeLine] = []
    pending: list[tuple[str, bool]] = []  # heredoc delimiters opened on the current line
    in_doc: tuple[str, bool] | None = None
    quote: str | None = None
    for n, line in enumerate(text.splitlines(), 1):
        if in_doc is not None:
            delim, strip_tabs = in_doc
            if (line.lstrip("\t") if strip_tabs else line) == delim:
                in_doc = pending.pop(0) if pending else None
                out.append(CodeLine(n, line, "", True))
            else:
                out.append(CodeLine(n, line, "", True))
            continue
        code_chars = []
        i = 0
        while i < len(line):
            c = line[i]
            if quote == "'":
                if c == "'":
                    quote = None
            elif quote == '"':
                if c == "\\":
                    code_chars.append(line[i : i + 2])
                    i += 2
                    continue
                if c == '"':
                    quote = None
            else:
                if c == "\\":
                    code_chars.append(line[i : i + 2])
                    i += 2
                    continue
                if c in "'\"":
                    quote = c
                elif c == "#" and (i == 0 or line[i - 1] in " \t;&|("):
                    break
            code_chars.append(c)
            i += 1
        code = "".join(code_chars)
        if n == 1 and line.startswith("#!"):
            code = ""
        for m in _HEREDOC.finditer(code):
            pending.append((m.group(3), m.group(1) == "-"))
        if pending:
            in_doc = pending.pop(0)
        out.append(CodeLine(n, line, code))
    return out


def _is_shell(ref: ScriptRef, sf: SourceFile | None) -> bool:
    if ref.language in ("bash", "sh", "zsh"):
        return True
    if ref.language is None and sf is not None and sf.text:
        first = sf.text.split("\n", 1)[0]
        return first.startswith("#!") and re.search(r"\b(ba|z|da|k)?sh\b", first) is not None
    return False


_VAR = re.compile(r"\$(\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)")


def unquoted_expansions(code: str) -> list[tuple[int, str]]:
    """(column index, text) of `$name` / `${…}` expansions that are word-split (outside quotes)."""
    out: list[tuple[int, str]] = []
    stripped = code.lstrip()
    head = stripped.split(None, 1)[0] if stripped else ""
    if head in ("case", "for", "select", "local", "export", "declare", "readonly", "typeset") or re.match(
        r"[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=", stripped
    ):
        if head not in ("local", "export", "declare", "readonly", "typeset") or "=" in stripped:
            return out
    stack: list[str] = []  # quote / substitution contexts: '"', "'", "$(", "(("
    i, n = 0, len(code)
    word_start = 0
    while i < n:
        c = code[i]
        top = stack[-1] if stack else None
        if top == "'":
            if c == "'":
                stack.pop()
            i += 1
            continue
        if c == "\\":
            i += 2
            continue
        if code.startswith("[[", i) and top in (None, "$("):
            stack.append("[[")
            i += 2
            continue
        if code.startswith("]]", i) and top == "[[":
            stack.pop()
            i += 2
            continue
        if code.startswith("$((", i) or (code.startswith("((", i) and top in (None, "$(")):
            stack.append("((")
            i += 3 if c == "$" else 2
            continue
        if code.startswith("))", i) and top == "((":
            stack.pop()
            i += 2
            continue
        if code.startswith("$(", i):
            stack.append("$(")
            i += 2
            word_start = i
            continue
        if c == ")" and top == "$(":
            stack.pop()
            i += 1
            continue
        if c == '"':
            if top == '"':
                stack.pop()
            else:
                stack.append('"')
            i += 1
            continue
        if c == "'" and top != '"':
            stack.append("'")
            i += 1
            continue
        if c in " \t;&|":
            word_start = i + 1
        if c == "$" and top in (None, "$("):
            m = _VAR.match(code, i)
            if m:
                word = code[word_start:i]
                if (
                    not re.match(r"[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=", word)
                    and not word.endswith("=")
                    and not m.group(1).startswith("{#")
                ):
                    out.append((i, m.group(0)))
                i = m.end()
                continue
        i += 1
    return out


# ----------------------------------------------------------------------------------------------------------------
# script resolution rules (official)


@rule(
    "HOOK100",
    "hook-script-missing",
    area="hooks",
    severity=ERROR,
    target="hook",
    sources=["IMP006", "PVA027", "HKL002", "THK003"],
)
def hook_script_missing(ctx: Context, hook: Hook) -> Iterator[Diagnostic]:
    """The script a command hook runs does not exist in the plugin.

    `${CLAUDE_PLUGIN_ROOT}/hooks/check.sh` is the plugin's own folder. When the file is not there the hook
    fails every time it fires (a non-blocking error for most events; under PreToolUse a missing guard). Claude
    Code's own validator does not check this.

    Wrong: `"command": "\\"${CLAUDE_PLUGIN_ROOT}\\"/hooks/check.sh"` with no `hooks/check.sh`
    Right: add the script, or fix the path (names are case-sensitive on Linux)
    """
    ref = hook_script(ctx, hook)
    if ref is None or ref.rel is None or ref.exists:
        return
    ptr = hook.pointer + (
        ("args", 0) if ref.exec_form and ref.raw not in str(hook.data.get("command")) else ("command",)
    )
    span = sub_span(hook.file, ptr, ref.raw.split("}")[-1].lstrip("/")) if hook.file else None
    fix = script_case_fix(ctx, hook, ref.rel)
    if ref.is_dir:
        yield ctx.at(
            f"hook runs {ref.raw}, which is a folder, not a script", file=hook.file, pointer=ptr, span=span, fix=fix
        )
        return
    generated = re.search(r"(^|/)(dist|build|out|lib|node_modules|target|\.venv)/", ref.rel) is not None
    msg = f"hook script {ref.rel} does not exist"
    if generated:
        yield ctx.at(
            msg + " (a build output? it must be committed: plugins are installed by copying the repository)",
            file=hook.file,
            pointer=ptr,
            span=span,
            severity=WARNING,
            hint="commit the built file, or run the source through an interpreter",
            fix=fix,
        )
        return
    hint = None
    for f in _same_but_case(ctx, ref.rel):
        if f != ref.rel:
            hint = f"the file is {f} (paths are case-sensitive)"
            break
    yield ctx.at(
        msg + "; the hook fails every time it fires",
        file=hook.file,
        pointer=ptr,
        span=span,
        hint=hint or "add the script or fix the path",
        fix=fix,
    )


def _same_but_case(ctx: Context, rel: str) -> list[str]:
    """The paths of the walk equal to ``rel`` but for case, in walk order (indexed once per run, not scanned for
    every missing script)."""
    entries = ctx.project.index.entries
    state = ctx.cache.get("paths by lower case")
    if state is None or state[0] is not entries or state[1] != len(entries):
        by_low: dict[str, list[str]] = {}
        for f in entries:
            by_low.setdefault(f.lower(), []).append(f)
        state = ctx.cache["paths by lower case"] = (entries, len(entries), by_low)
    return state[2].get(rel.lower(), [])


def script_case_fix(ctx: Context, hook: Hook, rel: str) -> Fix | None:
    """Fix the case of the missing script ``rel`` in the hook's command when the plugin has exactly one file of
    that name under another case (safe)."""
    plugin = hook.plugin
    if plugin is None or hook.file is None:
        return None
    real = [f for f in _same_but_case(ctx, rel) if f != rel and ctx.project.index.is_file(f)]
    if len(real) != 1:
        return None
    pre = plugin.rel + "/" if plugin.rel else ""
    if not (rel.startswith(pre) and real[0].startswith(pre)):
        return None
    old, new = rel[len(pre) :], real[0][len(pre) :]
    items = [(hook.pointer + ("command",), hook.data.get("command"))]
    if isinstance(hook.data.get("args"), list):
        items += [(hook.pointer + ("args", i), a) for i, a in enumerate(hook.data["args"])]
    for ptr, value in items:
        if isinstance(value, str) and value.count(old) == 1:
            i = value.find(old)
            return make_fix(f"use the existing file {new}", string_edit(hook.file, ptr, i, i + len(old), new))
    return None


@rule(
    "HOOK101",
    "hook-script-not-executable",
    area="hooks",
    severity=ERROR,
    target="plugin",
    sources=["IMP006", "HKL003", "THK004"],
)
def hook_script_not_executable(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A hook script run directly (not through `bash`/`python3`/`node`) lacks the executable bit.

    `"command": "\\"${CLAUDE_PLUGIN_ROOT}\\"/hooks/check.sh"` executes the file; without `chmod +x` the shell
    answers "Permission denied" and the hook fails every time. Git keeps the bit (`git update-index
    --chmod=+x`). Scripts started as `bash script.sh` need no exec bit. Reported on the script (its mode is what
    the fix changes), once, with every hook that runs it as a related location.

    Wrong: `-rw-r--r-- hooks/check.sh` run as `${CLAUDE_PLUGIN_ROOT}/hooks/check.sh`
    Right: `chmod +x hooks/check.sh` (and commit the mode), or `bash "${CLAUDE_PLUGIN_ROOT}/hooks/check.sh"`
    """
    runs: dict[str, list[Hook]] = {}
    for hook in plugin.hooks:
        ref = hook_script(ctx, hook)
        if ref is None or ref.rel is None or not ref.exists or ref.executable or not ref.direct:
            continue
        runs.setdefault(ref.rel, []).append(hook)
    for rel, hooks in runs.items():
        e = ctx.project.index.get(rel)
        related = tuple(
            ctx.place(h.file, pointer=h.pointer + ("command",), message=f"the {h.event} hook that runs it")
            for h in hooks
            if h.file is not None
        )
        yield ctx.at(
            f"hook script {rel} is not executable: the {hooks[0].event} hook runs it directly, which fails with "
            '"Permission denied"',
            file=rel,
            line=1 if ctx.project.files.get(rel) is not None else None,
            hint=f"chmod +x {rel} (git update-index --chmod=+x), or start it with its interpreter",
            fix=make_fix(f"chmod +x {rel}", chmod_x(rel, e.mode if e is not None else None)),  # safe
            related=related,
        )


@rule("HOOK102", "hook-script-no-shebang", area="hooks", severity=WARNING, target="hook", sources=["IMP006", "HKL004"])
def hook_script_no_shebang(ctx: Context, hook: Hook) -> Iterator[Diagnostic]:
    """A hook script run directly has no `#!` line.

    Without a shebang the kernel cannot execute the file; the shell that runs the hook then falls back to
    running it as a `sh` script. That happens to work for simple POSIX shell, breaks bash syntax on systems
    where `sh` is dash, and fails outright for Python or Node scripts.

    Wrong: `hooks/check.py` starting with `import json`, run as `${CLAUDE_PLUGIN_ROOT}/hooks/check.py`
    Right: first line `#!/usr/bin/env python3`, or run it as `python3 "${CLAUDE_PLUGIN_ROOT}/hooks/check.py"`
    """
    ref = hook_script(ctx, hook)
    if ref is None or ref.rel is None or not ref.exists or not ref.direct or ref.shebang:
        return
    e = ctx.project.index.get(ref.rel)
    if e is None or e.size == 0:
        return  # an empty file (nothing to run; placeholder copies in test corpora)
    sev = WARNING if ref.language in (None, "bash", "sh", "zsh") else ERROR
    yield ctx.at(
        f"hook script {ref.rel} has no shebang (#!) line"
        + (
            "; it is not a shell script, so running it directly fails"
            if sev == ERROR
            else "; it is run by /bin/sh as a fallback"
        ),
        file=hook.file,
        pointer=hook.pointer + ("command",),
        severity=sev,
        hint="start it with #!/usr/bin/env bash (or python3, node)",
        fix=shebang_fix(ctx, ref),
    )


_SHEBANGS = {
    None: ("#!/bin/sh", True),
    "sh": ("#!/bin/sh", True),
    "bash": ("#!/usr/bin/env bash", False),
    "zsh": ("#!/usr/bin/env zsh", False),
    "python": ("#!/usr/bin/env python3", False),
    "node": ("#!/usr/bin/env node", False),
}


def shebang_fix(ctx: Context, ref: ScriptRef) -> Fix | None:
    """Add a shebang: `#!/bin/sh` keeps what already happens (safe); another interpreter changes it (unsafe)."""
    if ref.rel is None or ref.shebang or ref.language not in _SHEBANGS:
        return None
    sf = script_text(ctx, ref.rel)
    if sf is None or sf.text is None or sf.text.startswith(("\ufeff", "#!")):
        return None
    line, safe = _SHEBANGS[ref.language]
    nl = newline_of(sf.text) if "\n" in sf.text else "\n"
    return make_fix(f"add the line {line}", text_replace(sf, (0, 0), line + nl), safe=safe)


@rule("HOOK103", "hook-script-outside-plugin", area="hooks", severity=WARNING, target="hook", sources=["PDS017"])
def hook_script_outside_plugin(ctx: Context, hook: Hook) -> Iterator[Diagnostic]:
    """A hook script path that climbs out of the plugin folder (`${CLAUDE_PLUGIN_ROOT}/../…`).

    Installed plugins are copied into Claude Code's plugin cache; files outside the plugin's own folder are
    not copied, so the path works in your checkout and breaks for users.

    Wrong: `"${CLAUDE_PLUGIN_ROOT}"/../shared/check.sh`
    Right: move the script into the plugin
    """
    ref = hook_script(ctx, hook)
    if ref is not None and ref.escapes:
        yield ctx.at(
            f"hook runs {ref.raw}, outside the plugin folder; installed copies do not have it",
            file=hook.file,
            pointer=hook.pointer + ("command",),
            hint="move the script into the plugin",
        )


# ----------------------------------------------------------------------------------------------------------------
# script content rules (official)

_JSONISH = re.compile(
    r"""\{\s*\\?["']?(decision|hookSpecificOutput|permissionDecision|continue|systemMessage|reason|"""
    r"""stopReason|additionalContext|ok)\\?["']?\s*:"""
)
# `jq -n …` / `jq --null-input …` builds JSON; "-n" elsewhere on the line (a hook named on-notify) does not count
_JQ_NULL_INPUT = re.compile(r"\bjq\b(?:\s+-[A-Za-z]+)*\s+(?:-[A-Za-z]*n[A-Za-z]*|--null-input)\b")
_TO_STDERR_SH = re.compile(r"(?:1?>&2|>\s*/dev/stderr)")
_PY_STDERR = re.compile(r"(file\s*=\s*sys\.stderr|sys\.stderr\.write)")
_JS_STDERR = re.compile(r"(console\.error|process\.stderr\.write)")


@rule("HOOK104", "hook-json-to-stderr", area="hooks", severity=WARNING, target="plugin", sources=["IMP007"])
def hook_json_to_stderr(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A hook script prints its decision JSON to stderr.

    Claude Code parses JSON only from **stdout** (exit 0). JSON on stderr is plain text: with exit 2 it becomes
    the block reason verbatim, so an `"ask"` or `"allow"` decision turns into a hard block; with exit 0 it is
    dropped. plugin-dev's example scripts make this mistake.

    Wrong: `echo '{"hookSpecificOutput": {…"permissionDecision": "ask"}}' >&2; exit 2`
    Right: `echo '{"hookSpecificOutput": {…"permissionDecision": "ask"}}'; exit 0`
    """
    for use, sf, text in _scripts(ctx, plugin):
        if _is_shell(use.ref, sf):
            lines = shell_lines(text)
            for idx, cl in enumerate(lines):
                if cl.heredoc or not _TO_STDERR_SH.search(cl.code):
                    continue
                body = cl.code
                if "<<" in cl.code:  # cat >&2 <<EOF … EOF
                    j = idx + 1
                    doc: list[str] = []
                    while j < len(lines) and lines[j].heredoc and len(doc) < 40:
                        doc.append(lines[j].text)
                        j += 1
                    body += "\n".join(doc)
                if _JSONISH.search(body) or _JQ_NULL_INPUT.search(cl.code):
                    yield _at_line(
                        ctx,
                        sf,
                        cl.n,
                        cl.text,
                        "JSON printed to stderr is not parsed: Claude Code reads hook JSON from stdout only",
                        hint="print the JSON to stdout and exit 0",
                    )
                    break
        elif use.ref.language in ("python", "node"):
            rx = _PY_STDERR if use.ref.language == "python" else _JS_STDERR
            for n, line in enumerate(text.splitlines(), 1):
                if rx.search(line) and ("json.dumps" in line or "JSON.stringify" in line or _JSONISH.search(line)):
                    yield _at_line(
                        ctx,
                        sf,
                        n,
                        line,
                        "JSON printed to stderr is not parsed: Claude Code reads hook JSON from stdout only",
                        hint="print the JSON to stdout and exit 0",
                    )
                    break


def _line_span(n: int, text: str, needle: str | None = None) -> Span:
    """Line ``n`` (whose text is ``text``): the first ``needle`` on it, or the line without its indent."""
    if needle and needle in text:
        col = text.index(needle) + 1
        return Span(n, col, n, col + len(needle))
    indent = len(text) - len(text.lstrip())
    return Span(n, indent + 1, n, len(text.rstrip()) + 1)


def _at_line(
    ctx: Context,
    sf: SourceFile,
    n: int,
    text: str,
    msg: str,
    hint: str | None = None,
    needle: str | None = None,
    severity: str | None = None,
) -> Diagnostic:
    return ctx.at(msg, file=sf, span=_line_span(n, text, needle), hint=hint, severity=severity)


@rule(
    "HOOK105", "hook-specific-output-no-event-name", area="hooks", severity=WARNING, target="plugin", sources=["IMP008"]
)
def hook_specific_output_no_event_name(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A hook script emits `hookSpecificOutput` without `hookEventName`.

    Claude Code requires `hookSpecificOutput.hookEventName` (e.g. `"PreToolUse"`); without it the
    event-specific output (`permissionDecision`, `additionalContext`, …) is ignored. plugin-dev's docs omit it.

    Wrong: `{"hookSpecificOutput": {"permissionDecision": "deny"}}`
    Right: `{"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny"}}`
    """
    for use, sf, text in _scripts(ctx, plugin):
        if "hookSpecificOutput" not in text or "hookEventName" in text:
            continue
        for n, line in enumerate(text.splitlines(), 1):
            if "hookSpecificOutput" in line and not line.lstrip().startswith(("#", "//")):
                ev = sorted(use.events)[0] if use.events else "<Event>"
                yield _at_line(
                    ctx,
                    sf,
                    n,
                    line,
                    "hookSpecificOutput without hookEventName: Claude Code ignores the event-specific output",
                    needle="hookSpecificOutput",
                    hint=f'add "hookEventName": "{ev}" inside hookSpecificOutput',
                )
                break


_DECISION = re.compile(r"""(?<![A-Za-z_])\\?["']?decision\\?["']?\s*[:=]\s*\\?["']?(approve|block|allow|deny|ask)\b""")


@rule("HOOK106", "hook-deprecated-decision", area="hooks", severity=WARNING, target="plugin", sources=["IMP009"])
def hook_deprecated_decision(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A hook script uses a top-level `decision` value that is deprecated or not a value at all.

    For PreToolUse the top-level `decision: "approve"/"block"` is deprecated: use
    `hookSpecificOutput.permissionDecision` (`allow`, `deny`, `ask`, `defer`). For Stop, PostToolUse,
    UserPromptSubmit and the other decision events the only value is `"block"` — `"approve"` is not a value
    (omit `decision` to allow).

    Wrong: `{"decision": "approve"}` from a Stop hook
    Right: exit 0 with no output (or `{}`) to let Claude stop
    """
    for use, sf, text in _scripts(ctx, plugin):
        if "decision" not in text:
            continue
        events = use.events
        for n, line in enumerate(text.splitlines(), 1):
            if line.lstrip().startswith(("#", "//")):
                continue
            m = _DECISION.search(line)
            if not m:
                continue
            v = m.group(1)
            only_pre = events and events <= {"PreToolUse"}
            if v == "block" and not only_pre:
                continue
            if "PreToolUse" in events and v in ("approve", "block"):
                new = "allow" if v == "approve" else "deny"
                msg = (
                    f'top-level decision "{v}" is deprecated for PreToolUse; use '
                    f'hookSpecificOutput.permissionDecision "{new}"'
                )
            else:
                msg = f'decision "{v}" is not a value: the top-level decision only takes "block" (omit it to allow)'
            yield _at_line(ctx, sf, n, line, msg, needle=m.group(0))
            break


_BLOCK_WORDS = re.compile(
    r"\b(block|blocked|deny|denied|not allowed|forbidden|prevent|dangerous|refus|reject|"
    r"disallow|prohibit)",
    re.I,
)
_EXIT1 = {
    "shell": re.compile(r"\bexit\s+1\b"),
    "python": re.compile(r"\bsys\.exit\(\s*1\s*\)"),
    "node": re.compile(r"\bprocess\.exit\(\s*1\s*\)"),
}
_EXIT2 = {
    "shell": re.compile(r"\bexit\s+2\b"),
    "python": re.compile(r"\b(sys\.exit|exit)\(\s*2\s*\)"),
    "node": re.compile(r"\bprocess\.exit(Code)?\s*[(=]\s*2"),
}


@rule("HOOK107", "hook-exit-1-blocks", area="hooks", severity=WARNING, target="plugin", sources=["IMP010"])
def hook_exit_1_blocks(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A hook script seems to block with `exit 1`; only exit code 2 blocks.

    Exit 1 is a non-blocking error: the tool call (or the stop, or the prompt) goes ahead and the user sees a
    "hook error" line. To block, exit 2 with the reason on stderr, or print a JSON decision on stdout.

    Wrong: `echo "Blocked: rm -rf" >&2; exit 1`
    Right: `echo "Blocked: rm -rf" >&2; exit 2`
    """
    for use in plugin_scripts(ctx, plugin):
        if not any(M.EVENTS.get(e) and M.EVENTS[e].can_block for e in use.events):
            continue
        sf = script_text(ctx, use.rel)
        if sf is None or sf.text is None:
            continue
        text = sf.text
        lang = "shell" if _is_shell(use.ref, sf) else use.ref.language
        if lang is None or lang not in _EXIT1 or _EXIT2[lang].search(text):
            continue
        lines = text.splitlines()
        for n, line in enumerate(lines, 1):
            if line.lstrip().startswith(("#", "//")) or not _EXIT1[lang].search(line):
                continue
            ctxt = "\n".join(lines[max(0, n - 4) : n])
            m = _EXIT1[lang].search(line)
            if _BLOCK_WORDS.search(ctxt) and m is not None:
                ev = ", ".join(sorted(e for e in use.events if M.EVENTS.get(e) and M.EVENTS[e].can_block))
                span = _line_span(n, line, m.group(0))
                yield ctx.at(
                    f"exit code 1 does not block ({ev}): the action goes ahead; only exit 2 blocks",
                    file=sf,
                    span=span,
                    hint="exit 2 to block (reason on stderr)",
                    fix=exit_2_fix(sf, span),
                )
                break


def _flagged_text(sf: SourceFile, span: Span) -> str | None:
    """The text of the script that a one-line ``span`` covers, or None."""
    if span.end_line != span.line:
        return None
    return sf.line_text(span.line)[span.column - 1 : span.end_column - 1]


def exit_2_fix(sf: SourceFile, span: Span) -> Fix | None:
    """`exit 1` → `exit 2` where the script means to block (unsafe)."""
    part = _flagged_text(sf, span)
    if part is None or not re.fullmatch(r"exit\s+1|sys\.exit\(\s*1\s*\)|process\.exit\(\s*1\s*\)", part):
        return None
    new = re.sub(r"1(?=\s*\)?\Z)", "2", part)
    return make_fix("exit 2 to block", text_replace(sf, span, new), safe=False)


# ----------------------------------------------------------------------------------------------------------------
# plugin-dev profile (modernised hook-linter.sh)


def _shell_uses(ctx: Context, plugin: Plugin) -> Iterator[tuple[ScriptUse, SourceFile, str]]:
    """:func:`_scripts` that are shell scripts."""
    for use, sf, text in _scripts(ctx, plugin):
        if _is_shell(use.ref, sf):
            yield use, sf, text


@rule(
    "HOOK108",
    "hook-script-strict-mode",
    area="hooks",
    severity=WARNING,
    target="plugin",
    sources=["HKL005"],
    profiles=["plugin-dev"],
)
def hook_script_strict_mode(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A bash hook script without `set -euo pipefail` (or at least `set -e`).

    Without errexit a failing `jq` or `cd` is ignored and the script continues with empty values, which can
    let a guard pass by accident.

    Wrong: a script that starts with `input=$(cat)` right after the shebang
    Right: `set -euo pipefail` on the line after the shebang
    """
    for use, sf, text in _shell_uses(ctx, plugin):
        if re.search(r"^\s*set\s+(-[a-zA-Z]*e|-o\s+errexit)", text, re.M):
            continue
        yield ctx.at(
            "missing 'set -euo pipefail' (recommended for safety)",
            file=sf,
            line=1,
            column=1,
            hint="add set -euo pipefail after the shebang",
            fix=strict_mode_fix(sf, text),
        )


def strict_mode_fix(sf: SourceFile, text: str) -> Fix | None:
    """Add `set -euo pipefail` after the shebang (unsafe: failing commands now stop the script)."""
    if not text or not text.startswith("#!"):
        return None
    nl = newline_of(text) if "\n" in text else "\n"
    i = text.find("\n")
    if i < 0:
        end = len(text)
        return make_fix(
            "add set -euo pipefail", text_replace(sf, (end, end), nl + "set -euo pipefail" + nl), safe=False
        )
    return make_fix("add set -euo pipefail", text_replace(sf, (i + 1, i + 1), "set -euo pipefail" + nl), safe=False)


_READS_STDIN = re.compile(r"(\bcat\b(?!\s+[^|<>&;\s-])|\bread\b|/dev/stdin|\bjq\b|\bpython3?\b|\bnode\b|\$\(\s*<)")
_INPUT_FIELDS = re.compile(
    r"\b(tool_input|tool_name|tool_response|hook_event_name|stop_hook_active|session_id|"
    r"transcript_path|prompt)\b"
)


@rule(
    "HOOK109",
    "hook-script-no-stdin",
    area="hooks",
    severity=WARNING,
    target="plugin",
    sources=["HKL006"],
    profiles=["plugin-dev"],
)
def hook_script_no_stdin(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A bash hook script on a tool event (or naming input fields) never reads stdin.

    Hook input (tool name, tool input, prompt, session id) arrives as JSON on stdin. A script that never reads
    it cannot see what it is guarding. Scripts that do not need the input (a SessionStart banner) are not
    flagged.

    Wrong: a PreToolUse script that checks `$1`
    Right: `input=$(cat); cmd=$(jq -r '.tool_input.command // empty' <<<"$input")`
    """
    for use, sf, text in _shell_uses(ctx, plugin):
        code = "\n".join(cl.code for cl in shell_lines(text))
        if _READS_STDIN.search(code):
            continue
        if use.events & M.TOOL_EVENTS or _INPUT_FIELDS.search(code):
            yield ctx.at(
                "doesn't appear to read the hook input from stdin",
                file=sf,
                line=1,
                column=1,
                hint="input=$(cat) and parse it with jq",
            )


@rule(
    "HOOK110",
    "hook-script-no-jq",
    area="hooks",
    severity=WARNING,
    target="plugin",
    sources=["HKL007"],
    profiles=["plugin-dev"],
)
def hook_script_no_jq(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A bash hook script names input fields but parses the JSON without jq.

    Grepping or cutting JSON text breaks on escaped quotes, nesting and key order. Use `jq` (or hand the
    input to python3/node).

    Wrong: `tool=$(echo "$input" | grep -o '"tool_name":"[^"]*"' | cut -d'"' -f4)`
    Right: `tool=$(jq -r '.tool_name' <<<"$input")`
    """
    for use, sf, text in _shell_uses(ctx, plugin):
        code = "\n".join(cl.code for cl in shell_lines(text))
        m = re.search(r"\b(tool_input|tool_name)\b", code)
        if m and not re.search(r"\b(jq|python3?|node|ruby|perl|yq)\b", code):
            n = code[: m.start()].count("\n") + 1
            yield _at_line(
                ctx,
                sf,
                n,
                sf.line_text(n),
                "parses hook input but doesn't use jq",
                needle=m.group(0),
                hint="parse the input with jq",
            )


@rule(
    "HOOK111",
    "hook-script-unquoted-vars",
    area="hooks",
    severity=WARNING,
    target="plugin",
    sources=["HKL008", "PDS044", "PVA037"],
    profiles=["plugin-dev"],
)
def hook_script_unquoted_vars(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """Unquoted variable expansions in a bash hook script.

    Hook input is attacker-influenced (file paths, commands, prompts). An unquoted `$file` is split on spaces
    and glob-expanded: `rm $file` with `a b*` removes more than one file. Assignments, `[[ ]]`, `(( ))`,
    `case` and `for … in` are not flagged (no word splitting there, or intended).

    Wrong: `if [ -f $file_path ]; then cat $file_path; fi`
    Right: `if [[ -f "$file_path" ]]; then cat "$file_path"; fi`
    """
    for use, sf, text in _shell_uses(ctx, plugin):
        count = 0
        for cl in shell_lines(text):
            if cl.heredoc or "$" not in cl.code:
                continue
            hits = unquoted_expansions(cl.code)
            if not hits:
                continue
            col, text = hits[0]
            span = Span(cl.n, col + 1, cl.n, col + 1 + len(text))
            yield ctx.at(
                f"unquoted {text} is split into words and glob-expanded (injection risk)",
                file=sf,
                span=span,
                hint=f'write "{text}"',
                fix=quote_expansion_fix(sf, span),
            )
            count += 1
            if count >= 5:
                break


def quote_expansion_fix(sf: SourceFile, span: Span) -> Fix | None:
    """Quote the expansion: `$file` → `"$file"` (unsafe: intended word splitting stops)."""
    part = _flagged_text(sf, span)
    if part is None or not part.startswith("$"):
        return None
    return make_fix(f"quote {part}", text_replace(sf, span, f'"{part}"'), safe=False)


_HARD_PATH = re.compile(r"(?<![\w$}])(/Users/[A-Za-z0-9._-]+/|/home/[A-Za-z0-9._-]+/|/root/|C:\\\\?Users\\\\?)")


@rule(
    "HOOK112",
    "hook-script-hardcoded-path",
    area="hooks",
    severity=WARNING,
    target="plugin",
    sources=["HKL009", "PDS017"],
)
def hook_script_hardcoded_path(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A hook script uses a path in someone's home folder (`/Users/me/…`, `/home/me/…`).

    The path exists only on the author's machine. Use `$CLAUDE_PLUGIN_ROOT` for files shipped with the plugin,
    `$CLAUDE_PROJECT_DIR` for the user's project and `$HOME` for the user's home. The shebang
    (`#!/usr/bin/env bash`) and system paths (`/usr/bin`, `/tmp`) are fine.

    Wrong: `source /Users/alice/dev/my-plugin/lib.sh`
    Right: `source "$CLAUDE_PLUGIN_ROOT/lib.sh"`
    """
    for use, sf, text in _scripts(ctx, plugin):
        if _is_shell(use.ref, sf):
            rows = [(cl.n, cl.code, cl.text) for cl in shell_lines(text) if not cl.heredoc]
        else:
            rows = [
                (n, line, line)
                for n, line in enumerate(text.splitlines(), 1)
                if not line.lstrip().startswith(("#", "//")) and not (n == 1 and line.startswith("#!"))
            ]
        for n, code, line in rows:
            m = _HARD_PATH.search(code)
            if m:
                yield _at_line(
                    ctx,
                    sf,
                    n,
                    line,
                    f"hard-coded path {m.group(0)}… exists only on one machine",
                    needle=m.group(0),
                    hint="use $CLAUDE_PLUGIN_ROOT, $CLAUDE_PROJECT_DIR or $HOME",
                )
                break


@rule(
    "HOOK113",
    "hook-script-exit-codes",
    area="hooks",
    severity=INFO,
    target="plugin",
    sources=["HKL011"],
    profiles=["plugin-dev"],
)
def hook_script_exit_codes(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A bash hook script never exits explicitly with 0 or 2.

    The exit code is the hook's answer: 0 = go on (stdout JSON parsed), 2 = block (stderr is the reason).
    Ending on whatever the last command returned turns a failing `grep` into a "hook error".

    Wrong: a script whose last line is `grep -q pattern file`
    Right: end with `exit 0`, and `exit 2` where it blocks
    """
    for use, sf, text in _shell_uses(ctx, plugin):
        code = "\n".join(cl.code for cl in shell_lines(text))
        if not re.search(r"\bexit\s+[02]\b|\bexec\b", code):
            yield ctx.at(
                "no explicit exit codes (should exit 0 or 2)", file=sf, line=1, column=1, hint="end with exit 0"
            )


_SLEEP = re.compile(r"\bsleep\s+(\d+)([smhd]?)\b")
_FOREVER = re.compile(r"\bwhile\s+(true|:|\[\s*1\s*\])\s*;?\s*(do)?\b")


@rule(
    "HOOK114",
    "hook-script-long-running",
    area="hooks",
    severity=WARNING,
    target="plugin",
    sources=["HKL013"],
    profiles=["plugin-dev"],
)
def hook_script_long_running(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A hook script sleeps for a minute or more, or loops forever.

    Hooks run synchronously (unless `async`): Claude waits. A `while true` loop without a way out runs until
    the hook's timeout (600 s by default) kills it.

    Wrong: `while true; do check; sleep 5; done`
    Right: do the work once; use `async: true` or a monitor for background watching
    """
    for use, sf, text in _shell_uses(ctx, plugin):
        for cl in shell_lines(text):
            if cl.heredoc:
                continue
            m = _SLEEP.search(cl.code)
            if m:
                secs = int(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
                if secs >= 60:
                    yield _at_line(
                        ctx, sf, cl.n, cl.text, f"sleeps {secs} s: hooks should complete quickly", needle=m.group(0)
                    )
                    break
            m = _FOREVER.search(cl.code)
            if m:
                yield _at_line(
                    ctx,
                    sf,
                    cl.n,
                    cl.text,
                    "potentially long-running loop: hooks should complete quickly",
                    needle=m.group(0),
                    hint="make sure the loop ends, or run it async",
                )
                break


_ERR_ECHO = re.compile(r"^\s*(echo|printf)\b.*\b(error|denied|blocked)\b", re.I)


@rule(
    "HOOK115",
    "hook-script-errors-to-stdout",
    area="hooks",
    severity=INFO,
    target="plugin",
    sources=["HKL014"],
    profiles=["plugin-dev"],
)
def hook_script_errors_to_stdout(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A bash hook script prints an error message to stdout.

    On exit 2 only stderr reaches Claude as the reason; on exit 0 stdout must be JSON or plain context.
    Error text on stdout is lost or pollutes the context.

    Wrong: `echo "Error: path traversal"; exit 2`
    Right: `echo "Error: path traversal" >&2; exit 2`
    """
    for use, sf, text in _shell_uses(ctx, plugin):
        for cl in shell_lines(text):
            if (
                cl.heredoc
                or not _ERR_ECHO.search(cl.code)
                or _TO_STDERR_SH.search(cl.code)
                or "{" in cl.code
                or ">" in cl.code
            ):
                continue
            yield _at_line(ctx, sf, cl.n, cl.text, "error message written to stdout; write it to stderr (>&2)")
            break


# a script that sources or runs a file by a relative path (./x, scripts/x.sh, ../lib/x)
_RELATIVE_FILE = re.compile(
    r"(?:^|[\s;&|(])(?:source|\.|bash|sh|python3?|node)?\s*\.{1,2}/[\w./-]+|"
    r"(?:^|[\s;&|(])(?:source|\.)\s+[\w-]+/[\w./-]+"
)


@rule(
    "HOOK116",
    "hook-script-tips",
    area="hooks",
    severity=INFO,
    target="plugin",
    sources=["HKL010", "HKL012", "HKL015"],
    profiles=["plugin-dev"],
)
def hook_script_tips(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """Tips for a bash hook script: decision output, input validation, plugin-relative paths.

    A PreToolUse or Stop hook that never outputs a decision (JSON or exit 2) cannot guard anything; a script
    that reads input fields should check they are not empty before using them; a script that refers to other
    files should find them through `$CLAUDE_PLUGIN_ROOT` (or `$CLAUDE_PROJECT_DIR`), not the current folder.

    Wrong: a PreToolUse script that only logs
    Right: `jq -n '{hookSpecificOutput: {hookEventName: "PreToolUse", permissionDecision: "deny", …}}'`
    """
    for use, sf, text in _shell_uses(ctx, plugin):
        code = "\n".join(cl.code for cl in shell_lines(text))
        if use.events & {"PreToolUse", "Stop"} and not re.search(r"permissionDecision|decision|\bexit\s+2\b", text):
            yield ctx.at(
                "Tip: PreToolUse/Stop hooks should output decision JSON (or exit 2 to block)", file=sf, line=1, column=1
            )
        if _INPUT_FIELDS.search(code) and not re.search(r"-z\b|-n\b|empty|null", code):
            yield ctx.at("Tip: consider validating that input fields aren't empty", file=sf, line=1, column=1)
        if _RELATIVE_FILE.search(code) and "CLAUDE_PLUGIN_ROOT" not in code and "CLAUDE_PROJECT_DIR" not in code:
            yield ctx.at(
                "Tip: use $CLAUDE_PLUGIN_ROOT for plugin-relative paths; hooks run from the project folder",
                file=sf,
                line=1,
                column=1,
            )


@rule("HOOK117", "hook-script-shellcheck", area="hooks", severity=WARNING, target="plugin", sources=[], profiles=[])
def hook_script_shellcheck(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """shellcheck findings in bash hook scripts (opt-in: `--select HOOK117`).

    Runs `shellcheck` (when it is on PATH) on the text of each shell script a hook references. The script is
    passed on stdin and never executed. Without shellcheck this rule reports nothing.

    Wrong: `[ $x == 1 ]` (SC2086, SC3014)
    Right: `[[ "$x" == 1 ]]`
    """
    import shutil  # here: only this opt-in rule runs a program (subprocess is ~10 ms of every start-up)
    import subprocess

    exe = shutil.which("shellcheck")
    if exe is None:
        return
    import json as _json

    for use, sf, text in _shell_uses(ctx, plugin):
        dialect = "sh" if use.ref.language == "sh" else "bash"
        try:
            res = subprocess.run(
                [exe, "--format=json", f"--shell={dialect}", "-"],
                input=text,
                capture_output=True,
                text=True,
                timeout=20,
            )
            items = _json.loads(res.stdout or "[]")
        except (OSError, subprocess.SubprocessError, ValueError):
            continue
        for found in items[:20]:
            if not isinstance(found, dict):
                continue
            it: dict[str, Any] = found
            lvl = {"error": ERROR, "warning": WARNING}.get(it.get("level", ""), INFO)
            line, col = it.get("line", 1), it.get("column", 1)
            yield ctx.at(
                f"SC{it.get('code')}: {it.get('message')}",
                file=sf,
                span=Span(line, col, it.get("endLine", line), it.get("endColumn", col)),
                severity=lvl,
            )
