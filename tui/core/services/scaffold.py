"""Scaffolding: a new plugin, command, agent, skill, hook or MCP server entry that passes every check.

``scaffold(kind, name, root, **options)`` writes the files and returns their paths relative to ``root``
(``/`` separators). It never overwrites a file: a new file that already exists stops the whole scaffold
before anything is written. Existing ``hooks/hooks.json``, ``.mcp.json`` and ``README.md`` files are
extended by a minimal text edit (every other byte kept), written atomically with the file's mode kept.

The templates follow the official format and also the stricter plugin-dev style rules: kebab-case
names, agents with ``model: inherit``, a colour both lists know and three ``<example>`` blocks in a
block-scalar description, a second-person system prompt whose work and tools fit the name (a reviewer reads,
a writer edits and runs; see ``wording``), text that reads naturally for any name, skills with a third-person description that
quotes trigger phrases and a ``references/`` file named from SKILL.md, hooks in the wrapper format with an
executable strict-mode script that answers in JSON on stdout, and MCP entries under ``mcpServers`` with the
chosen auth method and the variables documented in the README.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.fixtypes import CreateFile, Edit, Fix, TextEdit
from ..fix.apply import FixError, UndoRecord, apply_fix
from .wording import guess_tools, subject, title

KINDS = ("plugin", "command", "agent", "skill", "hook", "mcp")
AUTH_METHODS = ("oauth", "bearer", "api-key", "stdio-env", "headers-helper", "none")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
GENERIC_AGENT_NAMES = {"helper", "assistant", "agent", "tool"}
RESERVED_WORDS = ("claude", "anthropic")
# valid for Claude Code (red blue green yellow purple orange pink cyan) and for plugin-dev (… magenta)
AGENT_COLORS = ("blue", "cyan", "green", "yellow", "red")
AGENT_COLOR = AGENT_COLORS[0]
DEFAULT_URL = "https://mcp.example.com/mcp"


class ScaffoldError(Exception):
    """Why nothing was written. ``code`` is the exit code for the CLI (2 usage, 1 refused)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class _Plan:
    """Files to create (rel → text, executable) and files to change (rel → (text read, new text))."""

    root: Path
    create: dict[str, tuple[str, bool]]
    change: dict[str, tuple[str, str]]

    def add(self, rel: str, text: str, executable: bool = False) -> None:
        self.create[rel] = (text, executable)

    def update(self, rel: str, before: str, after: str) -> None:
        self.change[rel] = (before, after)

    def fix(self, title: str) -> Fix:
        """The plan as one fix: created files refuse to overwrite, changed files refuse if they changed since they
        were read, and the fix engine writes all of them atomically or none (and can undo them)."""
        edits: list[Edit] = [CreateFile(rel, text, executable) for rel, (text, executable) in self.create.items()]
        edits += [TextEdit(rel, 0, len(before), after, original=before) for rel, (before, after) in self.change.items()]
        return Fix(title, True, edits)


# -------------------------------------------------------------------------------------------------------------
# names


def validate_name(kind: str, name: str) -> None:
    if not isinstance(name, str) or not name:
        raise ScaffoldError("plugin-tui new: NAME is empty", 2)
    if not NAME_RE.match(name):
        suggestion = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        suggestion = re.sub(r"^[0-9-]+", "", suggestion)
        hint = f" (for example {suggestion!r})" if suggestion and NAME_RE.match(suggestion) else ""
        raise ScaffoldError(
            f"plugin-tui new: {name!r} is not kebab-case: use lowercase letters, digits and single "
            f"hyphens, starting with a letter{hint}",
            2,
        )
    if len(name) > 64:
        raise ScaffoldError(f"plugin-tui new: {name!r} is longer than 64 characters", 2)
    if kind == "agent":
        if len(name) < 3 or len(name) > 50:
            raise ScaffoldError(f"plugin-tui new: an agent name needs 3 to 50 characters, {name!r} has {len(name)}", 2)
        if name in GENERIC_AGENT_NAMES:
            raise ScaffoldError(
                f"plugin-tui new: {name!r} is too generic for an agent: name what it does "
                "(for example 'code-reviewer')",
                2,
            )
    if kind in ("skill", "plugin") and any(w in name for w in RESERVED_WORDS):
        raise ScaffoldError(f"plugin-tui new: a skill name must not contain 'claude' or 'anthropic' ({name!r})", 2)


def _env_prefix(name: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")


# -------------------------------------------------------------------------------------------------------------
# file helpers


def _read_json(path: Path) -> tuple[str, Any]:
    from ..parse.jsonpos import parse_json

    text = path.read_text(encoding="utf-8")
    doc = parse_json(text)
    if not doc.ok:
        raise ScaffoldError(f"plugin-tui new: {path.name} is not valid JSON; fix it first (plugin-tui check)")
    return text, doc


def _line_indent(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    m = re.match(r"[ \t]*", text[start:])
    return m.group(0) if m else ""


def _indent_unit(text: str) -> str:
    for line in text.splitlines():
        m = re.match(r"^([ \t]+)\S", line)
        if m:
            return m.group(1)
    return "  "


def _reindent(block: str, indent: str) -> str:
    lines = block.splitlines()
    return "\n".join([lines[0]] + [indent + ln for ln in lines[1:]])


def insert_member(text: str, doc: Any, pointer: tuple, value: Any, key: str | None = None) -> str:
    """Insert ``value`` (as ``"key": value`` when ``key`` is given) as the last member of the array/object at
    ``pointer``: a minimal edit that keeps every other byte and follows the file's indentation."""
    offs = doc.value_offsets(pointer)
    if offs is None:
        raise ScaffoldError("plugin-tui new: cannot find where to insert")
    start, end = offs
    inner = text[start + 1 : end - 1]
    base = _line_indent(text, start)
    unit = _indent_unit(text)
    prefix = json.dumps(key) + ": " if key is not None else ""
    if not inner.strip():
        child = base + unit
        item = prefix + _reindent(_dump(value, len(unit.expandtabs()) or 2), child)
        return text[: start + 1] + "\n" + child + item + "\n" + base + text[end - 1 :]
    last = start + 1 + len(inner.rstrip())  # just after the last member
    first = start + 1 + (len(inner) - len(inner.lstrip()))
    if "\n" in text[start:first]:  # members on their own lines: same indentation as the first one
        child = _line_indent(text, first)
        item = prefix + _reindent(_dump(value, len(unit.expandtabs()) or 2), child)
        return text[:last] + ",\n" + child + item + text[last:]
    compact = prefix + json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return text[:last] + ", " + compact + text[last:]


def _dump(value: Any, indent: int = 2) -> str:
    return json.dumps(value, indent=indent, ensure_ascii=False)


def _commit(plan: _Plan, title: str) -> UndoRecord:
    root = plan.root
    clash = [rel for rel in plan.create if (root / rel).exists() or (root / rel).is_symlink()]
    if clash:
        shown = ", ".join(clash[:3]) + (f" and {len(clash) - 3} more" if len(clash) > 3 else "")
        raise ScaffoldError(
            f"plugin-tui new: {shown} already exist{'s' if len(clash) == 1 else ''}; "
            "nothing was written (plugin-tui never overwrites files)"
        )
    try:
        return apply_fix(plan.fix(title), root)
    except FixError as exc:
        raise ScaffoldError(f"plugin-tui new: {exc}; nothing was written") from None


# -------------------------------------------------------------------------------------------------------------
# the plugin around a component


def _manifest(root: Path) -> dict | None:
    p = root / ".claude-plugin" / "plugin.json"
    if not p.is_file():
        return None
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ScaffoldError(
            "plugin-tui new: .claude-plugin/plugin.json is not valid JSON; fix it first (plugin-tui check)"
        ) from None
    return data if isinstance(data, dict) else None


def _plugin_name(root: Path) -> str:
    m = _manifest(root) or {}
    n = m.get("name")
    return n if isinstance(n, str) and n else root.resolve().name


def _check_plugin_root(root: Path) -> None:
    """Refuse (code 2) a folder that is not a plugin: a component written there would belong to nothing."""
    if not root.is_dir():
        raise ScaffoldError(f"plugin-tui new: {root}: no such directory", 2)
    if (root / ".claude-plugin" / "marketplace.json").is_file() and not (
        root / ".claude-plugin" / "plugin.json"
    ).is_file():
        raise ScaffoldError(f"plugin-tui new: {root} is a marketplace; give the plugin's folder as PATH", 2)
    if is_plugin_folder(root):
        return
    shown = "this folder" if str(root) in ("", ".") else str(root)
    outer = _enclosing_plugin(root)
    if outer is not None:
        hint = f"give the plugin's folder as PATH ({os.path.relpath(outer)})"
    else:
        hint = "create one first with `plugin-tui new plugin NAME`, or give the plugin's folder as PATH"
    raise ScaffoldError(
        f"plugin-tui new: {shown} is not a plugin folder (no .claude-plugin/plugin.json and no commands/, "
        f"agents/, skills/, hooks/hooks.json or .mcp.json); {hint}",
        2,
    )


def is_plugin_folder(root: Path) -> bool:
    """Whether ``root`` is a plugin as the loader reads one: a manifest, or component folders at its top."""
    from ..model.loader import PLUGIN_HINTS

    if (root / ".claude-plugin" / "plugin.json").is_file():
        return True
    return any((root / hint).exists() for hint in PLUGIN_HINTS)


def _enclosing_plugin(root: Path) -> Path | None:
    """The nearest folder above ``root`` with a ``.claude-plugin/plugin.json`` (``root`` is inside a plugin)."""
    try:
        here = root.resolve()
    except OSError:
        return None
    for parent in list(here.parents)[:6]:
        if (parent / ".claude-plugin" / "plugin.json").is_file():
            return parent
    return None


def _default_dir_loaded(root: Path, field_name: str, default: str) -> bool:
    """Whether ``default/`` is still scanned: a manifest ``commands``/``agents`` key replaces it."""
    m = _manifest(root) or {}
    if field_name not in m:
        return True
    value = m[field_name]
    entries = value if isinstance(value, list) else [value]
    for e in entries:
        if isinstance(e, str) and e.strip().rstrip("/") in (f"./{default}", default):
            return True
    return False


# -------------------------------------------------------------------------------------------------------------
# templates


def _manifest_json(name: str, description: str, author: str, license_id: str | None) -> str:
    data: dict[str, Any] = {"name": name, "version": "0.1.0", "description": description, "author": {"name": author}}
    if license_id:
        data["license"] = license_id
    return _dump(data) + "\n"


def _default_author() -> str:
    """The author's name: $GIT_AUTHOR_NAME, git's user.name, the login name, else a placeholder."""
    v = os.environ.get("GIT_AUTHOR_NAME")
    if v:
        return v
    try:
        import subprocess

        out = subprocess.run(
            ["git", "config", "--get", "user.name"], capture_output=True, text=True, timeout=3, stdin=subprocess.DEVNULL
        )
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    for var in ("USER", "LOGNAME"):
        v = os.environ.get(var)
        if v:
            return v
    return "Plugin Author"


MIT = """MIT License

Copyright (c) {year} {author}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def _readme(name: str, description: str, skill: str) -> str:
    return f"""# {title(name)}

{description}

## Installation

Add the marketplace that lists this plugin, then install it:

```
/plugin install {name}@<marketplace>
```

For local development, start Claude Code with the plugin folder:

```
claude --plugin-dir ./{name}
```

## Components

- **Skill `{skill}`** (`skills/{skill}/SKILL.md`): loads automatically when a request matches its description,
  or run it as `/{name}:{skill}`.

## Development

Check the plugin after every change:

```
plugin-tui check . --profile plugin-dev
```
"""


# a topic ending in one of these is something to run ("security-scan" → "Run a security scan on a file")
_ACTION_NOUNS = set("scan check review audit report analysis lint summary test tests cleanup triage sweep pass".split())


def _command_md(name: str, description: str | None) -> str:
    s = subject(name)
    last = name.split("-")[-1]
    if s.form == "role":
        desc, opening = f"Act as {s.a} on a file", f"Act as {s.a} on the file given in the arguments"
    elif s.form == "task" and s.task.endswith(" the code"):  # a verb alone: "lint" → "Lint a file"
        verb = s.task.removesuffix(" the code")
        desc, opening = f"{verb.capitalize()} a file", f"{verb.capitalize()} the file given in the arguments"
    elif s.form == "task":
        desc = f"{_cap(s.task)} for a file"
        opening = f"{_cap(s.task)} for the file given in the arguments"
    elif last in _ACTION_NOUNS:
        desc, opening = f"Run {s.a} on a file", f"Run {s.a} on the file given in the arguments"
    else:
        desc = f"Check a file for {s.phrase} problems"
        opening = f"Check the file given in the arguments for {s.phrase} problems"
    desc = description or desc
    if len(desc) > 59:
        desc = desc[:59].rsplit(" ", 1)[0]
    if s.mode == "run":
        steps = """1. Read the file. If no path was given, ask the user which file to use and stop.
2. Find how the project runs this task for the file (its tests, linters or scripts), using Grep and Glob.
3. Run it, asking first if the command changes files or reaches outside the machine.
4. Report the result as a short list: one line per problem with the file path and line number,
   then one sentence on what to do about it."""
    elif s.edits:
        steps = """1. Read the file. If no path was given, ask the user which file to use and stop.
2. Find the parts of the file that matter for this task, using Grep and Glob for related files.
3. Make the change in the file, following the conventions it already uses. Ask before changing any
   other file.
4. Report what you changed as a short list: one line per change with the file path and line number,
   then one sentence on how to check it."""
    else:
        steps = """1. Read the file. If no path was given, ask the user which file to use and stop.
2. Find the parts of the file that matter for this task, using Grep and Glob for related files.
3. Report what you found as a short list: one line per finding with the file path and line number,
   then one sentence on what to do about it."""
    return f"""---
description: {_yaml_str(desc)}
argument-hint: "[file-path]"
allowed-tools: [Read, Grep, Glob]
---

{opening}: $ARGUMENTS

{steps}

If the file does not exist or cannot be read, say so in one sentence and stop.
"""


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _yaml_str(s: str) -> str:
    """A YAML scalar for ``s``: plain when safe, double-quoted otherwise."""
    if re.match(r"^[A-Za-z][A-Za-z0-9 ,.'()/-]*$", s) and ": " not in s and not s.endswith(":"):
        return s
    return json.dumps(s, ensure_ascii=False)


def _and(items: Sequence[str], conj: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


_EDITING_TOOLS = {"Write", "Edit", "MultiEdit", "NotebookEdit"}
_RUNNING_TOOLS = {"Bash", "PowerShell"}
_SEARCH_TOOLS = {"Grep", "Glob", "LS"}
_WEB_TOOLS = {"WebFetch", "WebSearch"}


def _tool_names(tools: list[str]) -> set[str]:
    """The tool names of an allowlist (``Bash(git *)`` counts as Bash; ``*`` as every tool)."""
    names = {t.split("(", 1)[0].strip() for t in tools}
    if "*" in names:
        names |= _EDITING_TOOLS | _RUNNING_TOOLS | _SEARCH_TOOLS | _WEB_TOOLS | {"Read"}
    return names


def can_edit(tools: list[str]) -> bool:
    return bool(_tool_names(tools) & _EDITING_TOOLS)


def capabilities(tools: list[str]) -> str:
    """The system-prompt sentence that says what an agent with these tools can and cannot do."""
    names = _tool_names(tools)
    edit, run = bool(names & _EDITING_TOOLS), bool(names & _RUNNING_TOOLS)
    verbs = [v for v, ok in (("read", "Read" in names), ("search", bool(names & _SEARCH_TOOLS)), ("edit", edit)) if ok]
    parts = [f"{_and(verbs)} the code"] if verbs else []
    if run:
        parts.append("run commands")
    if names & _WEB_TOOLS:
        parts.append("look things up on the web")
    missing = ([] if edit else ["edit it" if verbs else "edit files"]) + ([] if run else ["run commands"])
    if not edit:
        then = "describe every fix precisely enough for the main agent to apply"
    elif not run:
        then = "say which tests or checks the main agent should run to verify your changes"
    else:
        then = "verify each change before you report it"
    shown = _and([t for t in tools])
    can = f"you can {_and(parts)}" if parts else "you can use only these"
    but = f" but not {_and(missing, 'or')}" if missing else ""
    return f"Your tools are {shown}: {can}{but}, so {then}."


def _search_step(tools: list[str], purpose: str) -> str:
    names = _tool_names(tools)
    found = [t for t in ("Grep", "Glob") if t in names]
    if found:
        return f"Search the surrounding code with {_and(found)} {purpose}."
    return f"Read the surrounding code {purpose}."


def _agent_md(name: str, plugin: str, color: str = AGENT_COLOR, tools: list[str] | None = None) -> str:
    s = subject(name)
    tools = list(tools) if tools else guess_tools(name)
    edits = can_edit(tools)
    runs = bool(_tool_names(tools) & _RUNNING_TOOLS)
    p = s.phrase
    single = s.form == "task" and s.task.endswith(" the code")
    verb = s.task.removesuffix(" the code")
    # the description: when to use the agent, then three examples (a request, a proactive use, one file)
    if s.form == "role":
        when = (
            f"asks the {p} to {'work on' if edits else 'check' if runs else 'look at'} their code, or right after a "
            "change "
            f"that {s.a} should {'follow up on' if edits else 'see'}"
        )
        ask1 = f"Can the {p} {'take care of' if edits else 'go over'} what I just wrote?"
        ask3 = f"Have the {p} handle src/app.ts." if edits else f"What would {s.a} say about src/app.ts?"
    elif s.form == "topic":
        when = (
            f"{'wants ' + p + ' work done in' if edits else 'asks about ' + p + ' in'} their code, or right "
            f"after a change that touches {p}"
        )
        ask1 = (
            f"Can you handle the {p} side of what I just wrote?"
            if edits
            else f"Can you check what I just wrote for {p} problems?"
        )
        ask3 = f"Sort out the {p} part of src/app.ts." if edits else f"What in src/app.ts matters for {p}?"
    else:
        when = f"asks to {p}, or right after a change where it makes sense to {p}"
        ask1 = f"I just changed the login code. Can you {p}?"
        ask3 = f"{_cap(verb)} src/app.ts, please." if single else f"Please {p} for src/app.ts."
    recent = "work through" if edits else "go through"
    parser = "follow up on" if edits else "check"
    file3 = "work on" if edits else "examine"
    if s.form == "role":
        you = f"You are a meticulous {p}"
        focus = (
            f"Do the work a careful {p} would do there, and nothing beyond it."
            if edits
            else f"Examine that scope the way a careful {p} would, for everything that matters to the request."
        )
        outside = f"If the request is outside what {s.a} does, say so and suggest a better-suited agent."
    elif s.form == "topic":
        you = f"You are a meticulous specialist in {p}"
        focus = (
            f"Make the {p} changes the request calls for, and nothing beyond them."
            if edits
            else f"Examine that scope carefully for everything relevant to {p}."
        )
        outside = f"If the request has nothing to do with {p}, say so and suggest a better-suited agent."
    else:
        you = f"You are a meticulous specialist whose job is to {p}"
        focus = (
            f"Do what it takes to {p} there, and nothing beyond it."
            if edits
            else f"Examine that scope carefully for everything you need to {p}."
        )
        outside = "If the request asks for something else, say so and suggest a better-suited agent."
    can = _wrap("- " + capabilities(tools), "", hang="  ")
    if edits:
        intro = (
            "You make the changes the request calls for in the code you are pointed at, check that they "
            "work, and report back to the main conversation with what changed."
        )
        verify = (
            "Verify every change by running the project's own tests, linters or build."
            if runs
            else "Say which tests or checks the main agent should run to verify the changes."
        )
        check_step = (
            "Run the relevant tests or checks, fix what they reveal, and run them again."
            if runs
            else "Re-read each changed file to confirm the change is complete and consistent."
        )
        body = f"""## Core responsibilities

1. Work out the exact scope: the files, functions or recent changes named in the request. When no
   scope is given, assume the most recently changed files.
2. {focus}
3. Keep to the conventions of the surrounding code: naming, structure, error handling and tests.
4. {verify}

## Process

1. List the files in scope and read each of them completely before changing anything.
2. {_search_step(tools, "to follow the conventions already in use")}
3. Make the smallest change that does the job, one file at a time.
4. {check_step}
5. Write the report in the output format below.

## Quality standards

- Every change stays within the requested scope; anything else you notice goes into the report.
- Existing behaviour is kept unless the request says otherwise.
- Prefer a small, complete change over a large, partial one.
{can}

## Output format

Start with a one-sentence summary. Then list each changed file as `path — what changed and why`,
followed by the commands you ran and their results. End with anything left for the main agent to
decide. When nothing needed changing, say so plainly and list what you checked.

## Edge cases

- If the scope is empty or the files do not exist, report that and stop.
- If the change would touch many files, do the most important part first and list what remains.
- {outside}
"""
    else:
        confirm = _wrap(
            "For every candidate finding, confirm it against the code itself"
            + (" (run the project's tests or tools with Bash where that settles it)" if runs else "")
            + "; drop anything you cannot confirm.",
            "",
            hang="   ",
        )
        intro = (
            "You examine the code you are pointed at, find what matters, and report back to the main "
            "conversation in a form that can be acted on immediately."
        )
        body = f"""## Core responsibilities

1. Work out the exact scope: the files, functions or recent changes named in the request. When no
   scope is given, assume the most recently changed files.
2. {focus}
3. Tell apart what must be fixed, what should be improved, and what is merely a matter of taste.
4. Report each finding with enough context that the main agent can act without re-reading
   everything you read.

## Process

1. List the files in scope and read each of them completely before judging any part.
2. {_search_step(tools, "to understand how the code in scope is used")}
3. {confirm}
4. Rank the confirmed findings by impact: correctness and security first, then maintainability.
5. Write the report in the output format below.

## Quality standards

- Every finding names a file and a line number.
- Every finding says why it matters and what the fix is.
- Prefer a few well-supported findings over many speculative ones.
{can}

## Output format

Start with a one-sentence summary. Then list the findings grouped as **Must fix**, **Should fix**
and **Consider**, each as `path:line — problem — suggested fix`. End with the files you examined.
When nothing needs attention, say so plainly and list what you checked.

## Edge cases

- If the scope is empty or the files do not exist, report that and stop.
- If the scope is very large, cover the riskiest files first and state what you skipped.
- {outside}
"""
    return f"""---
name: {name}
description: |
{_wrap("Use this agent when the user " + when + ". Examples:", "  ")}

  <example>
  Context: The user wants their recent change {"followed up" if edits else "looked at"}.
  user: "{ask1}"
  assistant: "I'll use the {name} agent to {recent} the recent changes."
  <commentary>
  An explicit request: delegate instead of answering inline.
  </commentary>
  </example>

  <example>
  Context: Claude has just written a new module.
  user: "Add a parser for the config file."
  assistant: "Done. Now I'll use the {name} agent to {parser} the parser."
  <commentary>
  A substantial change was just made: launch it proactively.
  </commentary>
  </example>

  <example>
  Context: The user points at one file.
  user: "{ask3}"
  assistant: "I'll use the {name} agent to {file3} src/app.ts."
  <commentary>
  One file: launch the agent with its path.
  </commentary>
  </example>
model: inherit
color: {color}
tools: {_yaml_str(", ".join(tools))}
---

{_wrap(f"{you}, working as a subagent of the {plugin} plugin. {intro}")}

{body}"""


def _wrap(text: str, indent: str = "", width: int = 100, hang: str = "") -> str:
    """``text`` wrapped at ``width`` columns, each line indented (continuation lines by ``hang`` more)."""
    import textwrap

    return "\n".join(
        textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent + hang, break_on_hyphens=False)
    )


def _skill_md(name: str, ref: str) -> str:
    s = subject(name, skill=True)
    noun = "guide" if s.kind == "guide" else "workflow"
    p = s.phrase
    if s.form == "task":
        triggers = f'asks to "{p}" or "help me {p}", asks "how do I {p}?", or wants to {p} in this project'
        gives = f"a step-by-step {noun} {'on how' if noun == 'guide' else ''} to {p}".replace("  ", " ")
        follow = f"Follow this {noun} whenever the user wants to {p}."
    else:
        x = s.the if s.form == "role" else p
        triggers = f'asks to "set up {x}", "check {x}", "fix a problem with {x}", or mentions {x} in this project'
        gives = f"a step-by-step {noun} {'to' if noun == 'guide' else 'for'} {x}"
        follow = f"Follow this {noun} for any task that involves {x}."
    return f"""---
name: {name}
description: This skill should be used when the user {triggers}. It gives {gives} and points to a detailed reference.
---

# {title(name)}

{follow} Keep the user informed of each step that changes files.

## Steps

1. Identify what the request covers: the files, the commands and the expected outcome.
2. Check the current state before changing anything, and note what is missing or wrong.
3. Make the smallest change that reaches the expected outcome.
4. Verify the result, then summarise what changed and why.

## Common problems

- **Missing configuration**: create it from the defaults in the reference, then re-check.
- **Unexpected results**: compare the current state with the checklist in the reference.

## Additional resources

For the detailed conventions, defaults and checklist, read
[`references/{ref}`](references/{ref}).
"""


def _skill_reference(name: str) -> str:
    s = subject(name, skill=True)
    noun = "guide" if s.kind == "guide" else "workflow"
    return f"""# {title(name)} reference

Detailed material for the `{name}` skill. SKILL.md points here; load this file when the {noun}
needs the specifics below.

## Conventions

- Describe each convention this {noun} relies on, one per bullet.

## Defaults

- List the default values and where they are configured.

## Checklist

1. The configuration exists and parses.
2. The expected outcome is reached.
3. Nothing outside the request was changed.
"""


# hook scripts: strict mode, jq, JSON on stdout, exit codes right; every variable quoted as "${var}"
_HOOK_HEAD = """#!/usr/bin/env bash
# {name}: {event} hook of the {plugin} plugin.
# Claude Code passes the hook input as JSON on stdin and reads JSON from stdout.
# Exit codes: 0 = success (any decision is in the JSON on stdout); 2 = block, with the reason on stderr.
set -euo pipefail

if ! command -v jq >/dev/null 2>&1; then
  echo "${{0##*/}}: jq is not installed; skipping the check" >&2
  exit 0
fi

input="$(cat)"
if [[ -z "${{input}}" ]]; then
  exit 0
fi
"""

_HOOK_BODIES: dict[str, str | None] = {
    "PreToolUse": """
tool_name="$(jq -r '.tool_name // empty' <<<"${{input}}")"
command="$(jq -r '.tool_input.command // empty' <<<"${{input}}")"
if [[ -z "${{tool_name}}" ]]; then
  exit 0
fi

# Deny one clearly dangerous command; leave every other call to the normal permission flow.
if [[ "${{tool_name}}" == "Bash" && "${{command}}" == *"rm -rf /"* ]]; then
  printf '%s' "{name}: refusing to run a recursive delete of the file system root" |
    jq -Rs '{{hookSpecificOutput: {{hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: .}}}}'
  exit 0
fi

exit 0
""",
    "PostToolUse": """
tool_name="$(jq -r '.tool_name // empty' <<<"${{input}}")"
file_path="$(jq -r '.tool_input.file_path // empty' <<<"${{input}}")"
if [[ -z "${{tool_name}}" || -z "${{file_path}}" ]]; then
  exit 0
fi

# Tell Claude which file changed (shown as additional context after the tool call).
printf '%s' "{name}: ${{tool_name}} changed ${{file_path}}" |
  jq -Rs '{{hookSpecificOutput: {{hookEventName: "PostToolUse", additionalContext: .}}}}'
exit 0
""",
    "Stop": """
stop_hook_active="$(jq -r '.stop_hook_active // false' <<<"${{input}}")"
if [[ "${{stop_hook_active}}" == "true" ]]; then
  # Claude is already continuing because of a stop hook: let it stop this time.
  exit 0
fi

# Replace this test with a real condition; while it holds, Claude keeps working.
if [[ -f "${{CLAUDE_PROJECT_DIR:-.}}/.{name}-pending" ]]; then
  printf '%s' "{name}: pending work remains (see .{name}-pending)" |
    jq -Rs '{{decision: "block", reason: .}}'
  exit 0
fi

exit 0
""",
    "SubagentStop": None,  # same as Stop
    "UserPromptSubmit": """
prompt="$(jq -r '.prompt // empty' <<<"${{input}}")"
if [[ -z "${{prompt}}" ]]; then
  exit 0
fi

# Add context for Claude before it sees the prompt.
printf '%s' "{name}: the project root is ${{CLAUDE_PROJECT_DIR:-.}}" |
  jq -Rs '{{hookSpecificOutput: {{hookEventName: "UserPromptSubmit", additionalContext: .}}}}'
exit 0
""",
    "SessionStart": """
source="$(jq -r '.source // empty' <<<"${{input}}")"

# Add context at the start of the session.
printf '%s' "{name}: session ${{source}} in ${{CLAUDE_PROJECT_DIR:-.}}" |
  jq -Rs '{{hookSpecificOutput: {{hookEventName: "SessionStart", additionalContext: .}}}}'
exit 0
""",
}

_HOOK_GENERIC = """
event="$(jq -r '.hook_event_name // empty' <<<"${{input}}")"
if [[ -z "${{event}}" ]]; then
  exit 0
fi

# Do the work for this event here. Print JSON to stdout only; write diagnostics to stderr.
echo "{name}: handled ${{event}}" >&2
exit 0
"""

_HOOK_MATCHER = {
    "PreToolUse": "Bash",
    "PostToolUse": "Write|Edit",
    "PermissionRequest": "Bash",
    "PostToolUseFailure": "Bash",
    "PermissionDenied": "Bash",
    "SessionStart": "startup|resume",
    "Notification": "permission_prompt",
    "SubagentStart": "general-purpose",
    "SubagentStop": "general-purpose",
    "PreCompact": "manual|auto",
    "FileChanged": ".envrc",
}


def _hook_script(name: str, event: str, plugin: str) -> str:
    body = _HOOK_BODIES.get(event)
    if event == "SubagentStop":
        body = _HOOK_BODIES["Stop"]
    if body is None:
        body = _HOOK_GENERIC
    return (_HOOK_HEAD + body).format(name=name, event=event, plugin=plugin)


# -------------------------------------------------------------------------------------------------------------
# kinds


def _plan_plugin(name: str, parent: Path, **opt: Any) -> _Plan:
    if not parent.is_dir():
        raise ScaffoldError(f"plugin-tui new: {parent}: no such directory", 2)
    base = f"{name}/" if opt.get("in_place") is not True else ""
    if base and (parent / name).exists() and any((parent / name).iterdir()):
        raise ScaffoldError(f"plugin-tui new: {parent / name} already exists and is not empty; nothing was written")
    description = opt.get("description") or (
        f"{title(name)} for Claude Code: a first skill to build on, with room for commands, agents, hooks and "
        "MCP servers."
    )
    author = opt.get("author") or _default_author()
    license_id = plugin_license(opt.get("license"))
    plan = _Plan(parent, {}, {})
    plan.add(f"{base}.claude-plugin/plugin.json", _manifest_json(name, description, author, license_id))
    plan.add(f"{base}README.md", _readme(name, description, name))
    ref = "reference.md"
    plan.add(f"{base}skills/{name}/SKILL.md", _skill_md(name, ref))
    plan.add(f"{base}skills/{name}/references/{ref}", _skill_reference(name))
    plan.add(f"{base}.gitignore", ".claude/*.local.md\n.claude/*.local.json\nnode_modules/\n.DS_Store\n")
    if license_id:
        import datetime

        if license_id.upper() == "MIT":
            plan.add(f"{base}LICENSE", MIT.format(year=datetime.date.today().year, author=author))
        else:
            plan.add(f"{base}LICENSE", f"Licensed under {license_id}. Replace this file with the full licence text.\n")
    return plan


DEFAULT_LICENSE = "MIT"


def plugin_license(value: str | None) -> str | None:
    """The licence a new plugin gets: MIT unless one is named; ``none`` for none. A new plugin passes every
    check out of the box, and the plugin-dev profile asks for a licence (the CLI and the explorer both get this)."""
    if value is None or not str(value).strip():
        return DEFAULT_LICENSE
    return None if str(value).strip().lower() == "none" else str(value).strip()


def _plan_command(name: str, root: Path, **opt: Any) -> _Plan:
    _check_plugin_root(root)
    if not _default_dir_loaded(root, "commands", "commands"):
        raise ScaffoldError(
            'plugin-tui new: plugin.json sets "commands", which replaces the commands/ folder; '
            'add "./commands/" to it first, or the new command would not load'
        )
    plan = _Plan(root, {}, {})
    plan.add(f"commands/{name}.md", _command_md(name, opt.get("description")))
    return plan


def _plan_agent(name: str, root: Path, **opt: Any) -> _Plan:
    _check_plugin_root(root)
    if not _default_dir_loaded(root, "agents", "agents"):
        raise ScaffoldError(
            'plugin-tui new: plugin.json sets "agents", which replaces the agents/ folder; add '
            f'"./agents/{name}.md" to it after creating the file, or remove the key'
        )
    tools = parse_tools(opt["tools"]) if opt.get("tools") is not None else guess_tools(name)
    plan = _Plan(root, {}, {})
    plan.add(f"agents/{name}.md", _agent_md(name, _plugin_name(root), _free_color(root), tools))
    return plan


def parse_tools(value: str | list[str]) -> list[str]:
    """An agent's tools as the user typed them (``"Read, Grep"``), checked against the tools Claude Code has.

    A pattern (``Bash(git *)``), an MCP tool (``mcp__server__tool``) and ``*`` are kept; a name in the wrong case
    or an unknown one is refused with a did-you-mean (``ScaffoldError``, code 2)."""
    import difflib

    from ..model.analysis import split_tools
    from ..spec.tools import KNOWN_TOOLS, KNOWN_TOOLS_BY_LOWER

    tools = split_tools(value)
    if not tools:
        raise ScaffoldError("plugin-tui new: --tools is empty: name at least one tool (for example 'Read, Grep')", 2)
    out: list[str] = []
    for t in tools:
        base = t.split("(", 1)[0].strip()
        if base in KNOWN_TOOLS or base == "*" or base.startswith("mcp__"):
            if t not in out:
                out.append(t)
            continue
        near = KNOWN_TOOLS_BY_LOWER.get(base.lower())
        if near is None:
            close = difflib.get_close_matches(base, sorted(KNOWN_TOOLS), n=1, cutoff=0.6)
            close = close or difflib.get_close_matches(base.lower(), sorted(KNOWN_TOOLS_BY_LOWER), n=1, cutoff=0.6)
            near = KNOWN_TOOLS_BY_LOWER.get(close[0].lower()) if close else None
        hint = f" (did you mean {near}?)" if near else " (tool names are case-sensitive, e.g. Read, Grep, Bash)"
        raise ScaffoldError(f"plugin-tui new: unknown tool {base!r}{hint}", 2)
    return out


def _free_color(root: Path) -> str:
    """The first colour no agent of the plugin uses yet (distinct colours tell agents apart)."""
    used: set[str] = set()
    agents = root / "agents"
    if agents.is_dir():
        for p in agents.rglob("*.md"):
            try:
                head = p.read_text(encoding="utf-8", errors="replace")[:4000]
            except OSError:
                continue
            m = re.search(r"^color:\s*['\"]?([A-Za-z]+)", head, re.M)
            if m:
                used.add(m.group(1).lower())
    return next((c for c in AGENT_COLORS if c not in used), AGENT_COLOR)


def _plan_skill(name: str, root: Path, **opt: Any) -> _Plan:
    _check_plugin_root(root)
    plan = _Plan(root, {}, {})
    ref = "reference.md"
    plan.add(f"skills/{name}/SKILL.md", _skill_md(name, ref))
    plan.add(f"skills/{name}/references/{ref}", _skill_reference(name))
    return plan


def _plan_hook(name: str, root: Path, **opt: Any) -> _Plan:
    from ..spec.hooks import EVENT_NAMES as EVENTS
    from ..spec.hooks import MATCHER_FIELD

    _check_plugin_root(root)
    event = opt.get("event") or "PreToolUse"
    if event not in EVENTS:
        from .hooktest import close_event

        near = close_event(event)
        raise ScaffoldError(
            f"plugin-tui new: unknown event {event!r}" + (f" (did you mean {near}?)" if near else ""), 2
        )
    plugin = _plugin_name(root)
    script_rel = f"hooks/scripts/{name}.sh"
    handler = {"type": "command", "command": f'"${{CLAUDE_PLUGIN_ROOT}}/{script_rel}"', "timeout": 10}
    group: dict[str, Any] = {}
    matcher = opt.get("matcher") or (_HOOK_MATCHER.get(event) if MATCHER_FIELD.get(event) else None)
    if matcher:
        group["matcher"] = matcher
    group["hooks"] = [handler]
    plan = _Plan(root, {}, {})
    plan.add(script_rel, _hook_script(name, event, plugin), executable=True)
    hooks_path = root / "hooks" / "hooks.json"
    if not hooks_path.exists():
        plan.add(
            "hooks/hooks.json",
            _dump({"description": f"Hooks of the {plugin} plugin", "hooks": {event: [group]}}) + "\n",
        )
        return plan
    text, doc = _read_json(hooks_path)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("hooks"), dict):
        raise ScaffoldError(
            'plugin-tui new: hooks/hooks.json has no {"hooks": {…}} wrapper, so Claude Code loads '
            "none of its hooks; wrap it first (plugin-tui check --fix), then add the hook"
        )
    for groups in data["hooks"].values():
        for g in groups if isinstance(groups, list) else ():
            handlers = g.get("hooks") if isinstance(g, dict) else None
            for h in handlers if isinstance(handlers, list) else ():
                if isinstance(h, dict) and isinstance(h.get("command"), str) and script_rel in h["command"]:
                    raise ScaffoldError(f"plugin-tui new: hooks/hooks.json already runs {script_rel}")
    events = data["hooks"]
    if event in events:
        if not isinstance(events[event], list):
            raise ScaffoldError(f"plugin-tui new: hooks.{event} in hooks/hooks.json is not an array; fix it first")
        new = insert_member(text, doc, ("hooks", event), group)
    else:
        new = insert_member(text, doc, ("hooks",), [group], key=event)
    _verify_json(new, "hooks/hooks.json")
    plan.update("hooks/hooks.json", text, new)
    return plan


def _verify_json(text: str, rel: str) -> None:
    try:
        json.loads(text)
    except ValueError as exc:  # pragma: no cover - insert_member keeps JSON valid
        raise ScaffoldError(f"plugin-tui new: could not edit {rel} safely ({exc}); nothing was written") from None


def _mcp_entry(name: str, auth: str, url: str, plugin: str) -> tuple[dict, list[tuple[str, str]], dict[str, str]]:
    """(server config, [(VARIABLE, what it is)], extra files)."""
    prefix = _env_prefix(name)
    files: dict[str, str] = {}
    if auth in ("oauth", "none"):
        return {"type": "http", "url": url}, [], files
    if auth == "bearer":
        var = f"{prefix}_TOKEN"
        return (
            {"type": "http", "url": url, "headers": {"Authorization": f"Bearer ${{{var}}}"}},
            [(var, f"access token for {url}, sent as `Authorization: Bearer …`")],
            files,
        )
    if auth == "api-key":
        var = f"{prefix}_API_KEY"
        return (
            {"type": "http", "url": url, "headers": {"X-API-Key": f"${{{var}}}"}},
            [(var, f"API key for {url}, sent in the `X-API-Key` header")],
            files,
        )
    if auth == "stdio-env":
        var = f"{prefix}_API_KEY"
        return (
            {"type": "stdio", "command": "npx", "args": ["-y", f"{name}-mcp-server"], "env": {var: f"${{{var}}}"}},
            [(var, f"API key passed to the `{name}-mcp-server` process")],
            files,
        )
    if auth == "headers-helper":
        rel = f"scripts/{name}-headers.sh"
        files[rel] = f"""#!/usr/bin/env bash
# Prints the HTTP headers for the {name} MCP server as a JSON object on stdout.
# Claude Code runs this from the plugin root on every connection (10 s limit). It strips credential-like
# environment variables from plugin helpers, so the token is read from a file instead.
set -euo pipefail

token_file="${{XDG_CONFIG_HOME:-${{HOME}}/.config}}/{name}/token"
if [[ ! -r "${{token_file}}" ]]; then
  echo "{name}: no token at ${{token_file}}" >&2
  exit 1
fi

jq -Rn --rawfile token "${{token_file}}" '{{"Authorization": ("Bearer " + ($token | rtrimstr("\\n")))}}'
"""
        return ({"type": "http", "url": url, "headersHelper": f'"${{CLAUDE_PLUGIN_ROOT}}/{rel}"'}, [], files)
    raise ScaffoldError(f"plugin-tui new: unknown auth method {auth!r} (use {', '.join(AUTH_METHODS)})", 2)


def _auth_note(name: str, auth: str, url: str) -> str:
    return {
        "oauth": f"`{name}` signs in with OAuth: run `/mcp` in Claude Code and choose {name} to authenticate. "
        "No variables are needed.",
        "none": f"`{name}` needs no authentication.",
        "headers-helper": f"`{name}` gets its headers from `scripts/{name}-headers.sh`, which reads the token "
        f"from `~/.config/{name}/token` (helpers do not see credential variables). No variables "
        "are needed.",
    }.get(auth, "")


def _plan_mcp(name: str, root: Path, **opt: Any) -> _Plan:
    _check_plugin_root(root)
    auth = opt.get("auth") or "oauth"
    if auth not in AUTH_METHODS:
        raise ScaffoldError(f"plugin-tui new: unknown auth method {auth!r} (use {', '.join(AUTH_METHODS)})", 2)
    url = opt.get("url") or DEFAULT_URL
    if auth != "stdio-env":
        if not re.match(r"^https://[^\s/]+", url):
            raise ScaffoldError(f"plugin-tui new: --url must be an https:// URL, not {url!r}", 2)
    plugin = _plugin_name(root)
    entry, variables, files = _mcp_entry(name, auth, url, plugin)
    plan = _Plan(root, {}, {})
    for rel, text in files.items():
        plan.add(rel, text, executable=True)
    mcp_path = root / ".mcp.json"
    if not mcp_path.exists():
        plan.add(".mcp.json", _dump({"mcpServers": {name: entry}}) + "\n")
    else:
        text, doc = _read_json(mcp_path)
        data = doc.data
        if not isinstance(data, dict) or not isinstance(data.get("mcpServers"), dict):
            raise ScaffoldError(
                'plugin-tui new: .mcp.json has no {"mcpServers": {…}} wrapper; wrap it first '
                "(plugin-tui check --fix), then add the server"
            )
        if name in data["mcpServers"]:
            raise ScaffoldError(f"plugin-tui new: .mcp.json already defines the server {name!r}; nothing was written")
        new = insert_member(text, doc, ("mcpServers",), entry, key=name)
        _verify_json(new, ".mcp.json")
        plan.update(".mcp.json", text, new)
    # README: the "Required environment variables" section
    readme = root / "README.md"
    lines = [f"- `{var}` (the `{name}` MCP server): {what}." for var, what in variables]
    note = _auth_note(name, auth, url)
    if readme.is_file():
        before = readme.read_text(encoding="utf-8")
        plan.update("README.md", before, _add_env_section(before, name, lines, note))
    else:
        plan.add("README.md", f"# {title(plugin)}\n\n" + _env_section(name, lines, note))
    return plan


def variables_to_set(kind: str, name: str, **options: Any) -> list[tuple[str, str]]:
    """The environment variables a new component reads, as (VARIABLE, what it is): the user exports them in the
    shell that starts Claude Code (and before ``plugin-tui check``, which reports an unset one as ENV001).
    Never a value: the scaffold only names them."""
    if kind != "mcp":
        return []
    auth = options.get("auth") or "oauth"
    if auth not in AUTH_METHODS:
        return []
    return _mcp_entry(name, auth, options.get("url") or DEFAULT_URL, "")[1]


ENV_HEADING = "## Required environment variables"


def _env_section(name: str, lines: list[str], note: str) -> str:
    text = f"{ENV_HEADING}\n\n"
    if lines:
        text += "Set these before starting Claude Code:\n\n" + "\n".join(lines) + "\n"
    else:
        text += "None so far.\n"
    if note:
        text += f"\n{note}\n"
    return text


def _add_env_section(text: str, name: str, lines: list[str], note: str) -> str:
    """Add the variables to an existing README: at the end of its env-variables section if it has one,
    else as a new section at the end."""
    nl = "\r\n" if "\r\n" in text else "\n"
    m = re.search(r"^(#{2,6})[ \t]+(required[ \t]+)?environment[ \t]+variables[ \t]*\r?$", text, re.I | re.M)
    if m is None:
        sep = "" if text.endswith(("\n\n", "\r\n\r\n")) else (nl if text.endswith("\n") else nl + nl)
        return text + sep + _env_section(name, lines, note).replace("\n", nl)
    level = len(m.group(1))
    nxt = re.search(r"^#{1,%d}[ \t]" % level, text[m.end() :], re.M)
    end = m.end() + nxt.start() if nxt else len(text)
    body = text[m.end() : end].rstrip()
    if lines and "None so far." in body:  # the placeholder of a section we wrote earlier
        body = body.replace("None so far." + nl + nl, "", 1).replace("None so far.", "", 1).rstrip()
    if lines:
        addition = nl.join(lines) + (nl + nl + note if note else "")
    else:
        addition = note or f"`{name}` needs no variables."
    last = body.splitlines()[-1].lstrip() if body.strip() else ""
    joiner = nl if lines and last.startswith(("- `", "* `")) else nl + nl
    rest = text[end:]
    return text[: m.end()] + body + joiner + addition + nl + (nl if rest else "") + rest


_PLANNERS: dict[str, Callable[..., _Plan]] = {
    "plugin": _plan_plugin,
    "command": _plan_command,
    "agent": _plan_agent,
    "skill": _plan_skill,
    "hook": _plan_hook,
    "mcp": _plan_mcp,
}


def scaffold(kind: str, name: str, root: str | os.PathLike, **options: Any) -> list[str]:
    """Create a ``kind`` named ``name`` under ``root`` and return the created/changed files (relative to ``root``).

    ``root`` is the folder that receives the new plugin folder for ``plugin``, and the plugin's own folder for
    the other kinds, which must be a plugin (``in_place=True`` makes ``root`` itself the new plugin's folder).
    Options: ``description``, ``author``, ``license`` (plugin; MIT unless given, ``"none"`` for none); ``tools``
    (agent; guessed from the name unless given); ``event``, ``matcher`` (hook); ``auth``, ``url`` (mcp). The
    command line and the explorer pass what the user chose and get the same defaults from here. Raises
    ``ScaffoldError`` (nothing written) on a bad name, a clash, a bad option or a folder that is not a plugin.
    """
    created, changed = scaffold_detailed(kind, name, root, **options)
    return created + changed


def scaffold_detailed(kind: str, name: str, root: str | os.PathLike, **options: Any) -> tuple[list[str], list[str]]:
    """Like ``scaffold`` but returns (created, changed) separately."""
    created, changed, _record = write_scaffold(kind, name, root, **options)
    return created, changed


def write_scaffold(
    kind: str, name: str, root: str | os.PathLike, **options: Any
) -> tuple[list[str], list[str], UndoRecord]:
    """Create the files through the fix engine: (created, changed, the undo record that takes them back)."""
    if kind not in KINDS:
        raise ScaffoldError(f"plugin-tui new: unknown kind {kind!r} (use {', '.join(KINDS)})", 2)
    validate_name(kind, name)
    plan = _PLANNERS[kind](name, Path(root), **options)
    record = _commit(plan, f"new {kind} {name}")
    written = record.paths
    return [r for r in plan.create if r in written], [r for r in plan.change if r in written], record
