"""Agents (`agents/*.md`): frontmatter fields the official way, and plugin-dev's stricter style rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..base.fixtypes import Fix, make_fix
from ..lint.context import Context
from ..lint.registry import rule
from ..model.analysis import (
    agent_info,
    body_lines_outside_fences,
    parse_examples,
    split_tools,
    text_field,
)
from ..model.plugin import Agent, Plugin, SourceFile
from ..parse.edits import fm_insert_key, fm_quote_value, fm_rename_key, fm_set_value
from ..spec.tools import KNOWN_TOOLS, KNOWN_TOOLS_BY_LOWER
from ._kit.markdown import (
    EFFORTS,
    common_type_checks,
    description_fix,
    empty_or,
    fm_data,
    fm_remove_key,
    fm_state,
    fm_value_token_edits,
    is_boolish,
    is_tools_value,
    kebab,
    kebab_name_fix,
    md_file,
    model_check,
    model_fix,
    nearest_choice,
    suggest_key,
    type_name,
)

OFFICIAL_COLORS = ("red", "blue", "green", "yellow", "purple", "orange", "pink", "cyan")
PD_COLORS = ("blue", "cyan", "green", "yellow", "magenta", "red")
PD_MODELS = ("inherit", "sonnet", "opus", "haiku")
_BOTH_COLORS = tuple(c for c in PD_COLORS if c in OFFICIAL_COLORS)  # valid officially and for plugin-dev
AGENT_KEYS = (
    "name",
    "description",
    "tools",
    "disallowedTools",
    "model",
    "permissionMode",
    "maxTurns",
    "skills",
    "mcpServers",
    "hooks",
    "memory",
    "background",
    "effort",
    "isolation",
    "color",
    "initialPrompt",
)
PLUGIN_IGNORED = ("hooks", "mcpServers", "permissionMode")
PERMISSION_MODES = ("default", "acceptEdits", "auto", "dontAsk", "bypassPermissions", "plan", "manual")
_AGENT_HINTS = {
    "allowed-tools": "agents use 'tools' (an allowlist); allowed-tools is ignored here",
    "allowed_tools": "agents use 'tools'",
    "disallowed-tools": "did you mean 'disallowedTools'?",
    "disallowed_tools": "did you mean 'disallowedTools'?",
    "capabilities": "plugin-dev's examples use it; Claude Code ignores it",
    "max_turns": "did you mean 'maxTurns'?",
    "permission-mode": "did you mean 'permissionMode'?",
}


def _name_value(agent: Agent) -> str | None:
    n = fm_data(agent).get("name")
    return n if isinstance(n, str) else None


@rule("AGT001", "agent-no-frontmatter", area="agents", severity=WARNING, target="agent", sources=["AGT003"])
def agent_no_frontmatter(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """An agent file has no frontmatter block.

    A plugin agent without frontmatter loads under its file name with the placeholder description
    "Agent from <plugin> plugin", so Claude never knows when to delegate to it (project and user agents
    without a name are skipped entirely).

    Wrong: `agents/reviewer.md` starting with `You are a code reviewer.`
    Right:
        ---
        name: reviewer
        description: Use this agent when code was just written and needs review.
        ---
    """
    sf = md_file(agent)
    if sf is not None and fm_state(agent) == "none":
        yield ctx.at(
            empty_or("no frontmatter block: the agent loads under its file name with a placeholder description", sf),
            file=sf,
            line=1,
            column=1,
            hint="start the file with a `---` block holding name and description",
            fix=_frontmatter_fix(sf, agent.body),
        )


def _frontmatter_fix(sf: SourceFile, body: str) -> Fix | None:
    """Unsafe: a frontmatter block with the file name as `name` and a description taken from the body (safe:
    only the opening `---` line, when that is all that is missing)."""
    stem = kebab(sf.rel.rsplit("/", 1)[-1][:-3])
    return description_fix(sf, body, {"name": stem} if stem else None)


@rule("AGT002", "agent-name-missing", area="agents", severity=WARNING, target="agent", sources=["AGT005", "OFF040"])
def agent_name_missing(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """An agent's frontmatter has no `name`.

    `name` is required. A plugin agent without it falls back to its file name; a project or user agent
    without it is treated as documentation and skipped.

    Wrong: frontmatter with only `description:`.
    Right: `name: code-reviewer` plus the description.
    """
    data = fm_data(agent)
    sf = md_file(agent)
    if sf is not None and fm_state(agent) == "ok" and data.get("name") in (None, ""):
        yield ctx.at(
            f"no name in frontmatter; the plugin agent loads as '{agent.name}' (its file name)",
            file=sf,
            fm_key="name" if "name" in data else None,
            line=None if "name" in data else 1,
            hint="add `name:` in lowercase letters and hyphens",
            fix=_name_from_file_fix(sf, "name" in data),
        )


def _name_from_file_fix(sf: SourceFile, has_key: bool) -> Fix | None:
    """Safe: `name:` set to the file name, under which the plugin agent loads already (no fix when the file
    name is not a valid name: the user must choose one)."""
    stem = sf.rel.rsplit("/", 1)[-1][:-3]
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", stem):
        return None
    edit = fm_set_value(sf, "name", stem) if has_key else fm_insert_key(sf, "name", stem)
    return make_fix(f"add name: {stem}", edit)


@rule(
    "AGT003", "agent-description-missing", area="agents", severity=WARNING, target="agent", sources=["AGT010", "OFF040"]
)
def agent_description_missing(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """An agent's frontmatter has no `description`.

    The description is what Claude reads to decide when to delegate to the agent; without it the agent is
    never picked automatically (project and user agents without one are skipped).

    Wrong: `name: reviewer` alone.
    Right: `description: Use this agent when code was just written and needs review.`
    """
    data = fm_data(agent)
    sf = md_file(agent)
    if sf is not None and fm_state(agent) == "ok" and data.get("description") in (None, ""):
        yield ctx.at(
            "no description in frontmatter: Claude cannot tell when to use this agent",
            file=sf,
            fm_key="description" if "description" in data else None,
            line=None if "description" in data else 1,
            hint="add `description:` saying when to delegate to the agent",
            fix=description_fix(sf, agent.body),  # unsafe: the system prompt's first sentence or heading
        )


@rule(
    "AGT004",
    "agent-name-format",
    area="agents",
    severity=WARNING,
    target="agent",
    sources=["OFF039", "AGC001", "AGT006"],
)
def agent_name_format(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """An agent name has characters Claude Code refuses or does not expect.

    Names are lowercase letters and hyphens (digits work). Claude Code 2.1.332 loads a plugin agent under any
    name, as `<plugin>:<name>`, but a `:` in the name reads as an extra namespace level and a leading `-` looks
    like a command-line option; project and user agents with such names are skipped. Uppercase, spaces or
    underscores give odd agent ids.

    Wrong: `name: review:strict`, `name: -reviewer`, `name: Code Reviewer`.
    Right: `name: strict-reviewer`.
    """
    n = _name_value(agent)
    sf = md_file(agent)
    if not n or sf is None:
        return
    if ":" in n or n.startswith("-"):
        why = "contains ':'" if ":" in n else "starts with '-'"
        yield ctx.at(
            f"agent name {n!r} {why}; Claude Code loads this plugin agent, but skips such names in "
            "project and user agents",
            file=sf,
            fm_key="name",
            fm_value=True,
            hint="use lowercase letters and hyphens, e.g. " + _slug(n),
            # unsafe: the agent id changes shape (p:review:strict -> p:review-strict)
            fix=kebab_name_fix(ctx, agent, sf, n, safe=False),
        )
    elif not re.fullmatch(r"[a-z0-9-]+", n):
        yield ctx.at(
            f"agent name {n!r} should be lowercase letters and hyphens",
            file=sf,
            fm_key="name",
            fm_value=True,
            severity=WARNING,
            hint=f"name: {_slug(n)}",
            fix=kebab_name_fix(ctx, agent, sf, n),  # safe unless other files mention the name
        )


def _slug(n: str) -> str:
    return kebab(n) or "my-agent"


@rule("AGT005", "agent-field-type", area="agents", severity=WARNING, target="agent")
def agent_field_type(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """An agent frontmatter field has the wrong type or value.

    Claude Code 2.1.332 loads the agent but drops or misreads the field: a description that is a list or mapping
    is omitted ("Description invalid … - omitting"; the agent gets the placeholder description), `tools` or
    `disallowedTools` that are not a string or list of strings read as an empty list (the agent runs with no
    tools), `maxTurns` not an integer, `background` not a boolean and `memory`/`effort`/`permissionMode` outside
    their values are ignored.

    Wrong: `tools: {Read: true}`, `maxTurns: many`, `memory: global`.
    Right: `tools: Read, Grep`, `maxTurns: 10`, `memory: project`.
    """
    sf = md_file(agent)
    data = fm_data(agent)
    if sf is None or not data:
        return
    yield from common_type_checks(ctx, agent, "agent", ("tools", "disallowedTools", "allowed-tools"), skill_like=False)
    if "maxTurns" in data and (
        isinstance(data["maxTurns"], bool) or not isinstance(data["maxTurns"], int) or data["maxTurns"] < 1
    ):
        yield ctx.at(
            f"maxTurns must be a positive integer, got {data['maxTurns']!r}",
            file=sf,
            fm_key="maxTurns",
            fm_value=True,
            severity=WARNING,
            fix=_max_turns_fix(sf, data["maxTurns"]),
        )
    if "background" in data and not is_boolish(data["background"]):
        yield ctx.at(
            f"background must be true or false, got {data['background']!r}",
            file=sf,
            fm_key="background",
            fm_value=True,
            severity=WARNING,
        )
    if "memory" in data and data["memory"] not in ("user", "project", "local"):
        yield ctx.at(
            f"memory {data['memory']!r} is not one of user, project, local",
            file=sf,
            fm_key="memory",
            fm_value=True,
            severity=WARNING,
        )
    if "effort" in data and str(data["effort"]).strip().lower() not in EFFORTS:
        yield ctx.at(
            f"effort {data['effort']!r} is not one of {', '.join(EFFORTS)}",
            file=sf,
            fm_key="effort",
            fm_value=True,
            severity=WARNING,
        )
    if "permissionMode" in data and data["permissionMode"] not in PERMISSION_MODES:
        yield ctx.at(
            f"permissionMode {data['permissionMode']!r} is not one of {', '.join(PERMISSION_MODES)}",
            file=sf,
            fm_key="permissionMode",
            fm_value=True,
            severity=WARNING,
        )
    if "skills" in data and not is_tools_value(data["skills"]):
        yield ctx.at(
            f"skills must be a list of skill names, got {type_name(data['skills'])}",
            file=sf,
            fm_key="skills",
            fm_value=True,
            severity=WARNING,
        )
    for key in ("color", "initialPrompt"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            yield ctx.at(
                f"{key} must be a string, got {type_name(data[key])}",
                file=sf,
                fm_key=key,
                fm_value=True,
                severity=WARNING,
                fix=_quote_fix(sf, key, "quote the value", data[key]),  # `color: 5` → `color: "5"`
            )


def _quote_fix(sf: SourceFile, key: str, title: str, value: Any) -> Fix | None:
    """Safe: quote a one-line value YAML reads as a number or boolean, which Claude Code wanted as text."""
    if not isinstance(value, (bool, int, float)):
        return None
    return make_fix(title, fm_quote_value(sf, key))


def _max_turns_fix(sf: SourceFile, value: Any) -> Fix | None:
    """Safe: `maxTurns: "10"` → `maxTurns: 10` (a quoted positive whole number)."""
    if not isinstance(value, str) or not value.strip().isdigit():
        return None
    try:
        n = int(value)
    except ValueError:  # digits int() does not read (superscripts)
        return None
    return make_fix(f"write maxTurns as the number {n}", fm_set_value(sf, "maxTurns", n)) if n >= 1 else None


@rule("AGT006", "agent-model", area="agents", severity=WARNING, target="agent", sources=["IMP015"])
def agent_model(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """An agent's `model` is not a model alias, a full model id or `inherit`.

    Claude Code accepts `sonnet`, `opus`, `haiku`, `fable`, a full id such as `claude-opus-4-1`, or
    `inherit` (the default). Other values fail when the agent is launched.

    Wrong: `model: gpt-4o`, `model: 4`.
    Right: `model: sonnet` or leave it out (inherit).
    """
    yield from model_check(ctx, agent, "sonnet, opus, haiku, fable", "use an alias such as `sonnet`, or `inherit`")


@rule("AGT007", "agent-color", area="agents", severity=WARNING, target="agent", sources=["IMP014", "AGT018"])
def agent_color(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """An agent's `color` is not one of Claude Code's colours.

    The official colours are red, blue, green, yellow, purple, orange, pink and cyan. plugin-dev recommends
    `magenta`, which is not among them.

    Wrong: `color: magenta`, `color: "#ff0000"`.
    Right: `color: purple`.
    """
    data = fm_data(agent)
    c = data.get("color")
    if isinstance(c, str) and c.strip().lower() not in OFFICIAL_COLORS:
        hint = (
            "use purple (plugin-dev's magenta is not an official colour)"
            if c.strip().lower() == "magenta"
            else "one of " + ", ".join(OFFICIAL_COLORS)
        )
        # unsafe: the nearest official colour (`purpel` → purple, `magenta` → purple), a choice otherwise; under
        # the plugin-dev profile only the colours both lists accept are offered (purple would trip AGT024)
        palette = OFFICIAL_COLORS if ctx.profile != "plugin-dev" else _BOTH_COLORS
        yield ctx.at(
            f"color {c!r} is not one of Claude Code's agent colours",
            file=md_file(agent),
            fm_key="color",
            fm_value=True,
            hint=hint,
            fix=_color_fix(agent, c, palette, _COLOR_ALIASES),
        )


_COLOR_ALIASES: dict[str, str | None] = {
    "magenta": "purple",
    "violet": "purple",
    "grey": None,
    "gray": None,
    "teal": "cyan",
    "aqua": "cyan",
    "turquoise": "cyan",
    "gold": "yellow",
    "amber": "orange",
    "crimson": "red",
    "rose": "pink",
    "lime": "green",
}


def _free_color(agent: Agent, palette: tuple[str, ...]) -> str:
    """A colour of ``palette`` no other agent of the plugin uses; agents that need one get different ones."""
    agents = list(agent.plugin.agents) if agent.plugin is not None else [agent]
    used: set[str] = set()
    needing: list[Agent] = []
    for a in agents:
        c = fm_data(a).get("color")
        if isinstance(c, str) and c.strip().lower() in palette and a is not agent:
            used.add(c.strip().lower())
        else:
            needing.append(a)
    free = [c for c in palette if c not in used] or list(palette)
    i = next((n for n, a in enumerate(needing) if a is agent), 0)
    return free[i % len(free)]


def _color_fix(
    agent: Agent, value: Any, palette: tuple[str, ...], aliases: dict[str, str | None] | None = None
) -> Fix | None:
    """Unsafe: `color` set to the nearest colour of ``palette``; a free one, as a choice, when none is clearly
    nearest."""
    sf = md_file(agent)
    if sf is None:
        return None
    al = {k: v for k, v in (aliases or {}).items() if v is not None and v in palette}
    best, clear = nearest_choice(value, palette, al)
    if not clear:
        best = _free_color(agent, palette)
    title = f"set color to {best}" + ("" if clear else " (pick a colour)")
    return make_fix(title, fm_set_value(sf, "color", best), safe=False, needs_choice=not clear)


@rule("AGT008", "plugin-agent-ignored-field", area="agents", severity=WARNING, target="agent", sources=["OFF041"])
def plugin_agent_ignored(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """A plugin agent sets `hooks`, `mcpServers` or `permissionMode`, which plugin agents ignore.

    For security, Claude Code drops these three fields from agents that come from plugins; they only work in
    project or user agents (`.claude/agents/`).

    Wrong: `permissionMode: bypassPermissions` in a plugin's `agents/deployer.md`.
    Right: remove it; declare hooks in `hooks/hooks.json` and servers in `.mcp.json`.
    """
    data = fm_data(agent)
    sf = md_file(agent)
    if sf is None:
        return
    for key in PLUGIN_IGNORED:
        if key in data:
            where = {
                "hooks": "declare them in hooks/hooks.json",
                "mcpServers": "declare them in .mcp.json",
                "permissionMode": "remove it",
            }[key]
            yield ctx.at(
                f"'{key}' is ignored for plugin agents",
                file=sf,
                fm_key=key,
                hint=where,
                # unsafe: nothing changes for the plugin agent, but the setting is gone
                fix=make_fix(f"remove '{key}' (ignored for plugin agents)", fm_remove_key(sf, key), safe=False),
            )


@rule("AGT009", "agent-isolation", area="agents", severity=WARNING, target="agent", sources=["OFF042"])
def agent_isolation(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """An agent's `isolation` is not `worktree`, the only valid value.

    Claude Code 2.1.332 ignores any other value: the agent loads and runs without isolation.

    Wrong: `isolation: container`.
    Right: `isolation: worktree` (or leave it out).
    """
    data = fm_data(agent)
    sf = md_file(agent)
    if "isolation" in data and data["isolation"] != "worktree":
        yield ctx.at(
            f"isolation {data['isolation']!r} is invalid; the only value is 'worktree' (Claude Code ignores "
            "it and runs the agent without isolation)",
            file=sf,
            fm_key="isolation",
            fm_value=True,
            hint="isolation: worktree",
            # unsafe: the agent then runs in a worktree, the only isolation there is
            fix=make_fix("set isolation to worktree", fm_set_value(sf, "isolation", "worktree"), safe=False),
        )


def _resolves(tool: str) -> bool | None:
    """True: a known tool or pattern; None: unknown name; False: a known tool in the wrong case."""
    base = tool.split("(", 1)[0].strip()
    if base in KNOWN_TOOLS or base == "*" or base.startswith("mcp__"):
        return True
    if base.lower() in KNOWN_TOOLS_BY_LOWER:
        return False
    return None


@rule("AGT010", "agent-tools", area="agents", severity=ERROR, target="agent", sources=["OFF043", "AGT019"])
def agent_tools(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """An agent's `tools` allowlist names tools Claude Code does not have.

    Tool names are case-sensitive (`Read`, not `read`). If no entry resolves, Claude Code refuses to launch
    the agent ("would be spawned with zero tools"); unknown entries are otherwise dropped silently.

    Wrong: `tools: read, grep`.
    Right: `tools: Read, Grep` (or leave `tools` out to inherit all tools).
    """
    data = fm_data(agent)
    sf = md_file(agent)
    if "tools" not in data or not is_tools_value(data["tools"]) or sf is None:
        return
    tools = split_tools(data["tools"])
    if not tools:
        return
    verdicts = [(t, _resolves(t)) for t in tools]
    wrong_case = [t for t, v in verdicts if v is False]
    # one fix for every wrong-case finding: a name given in the wrong case stays unknown (no fix)
    case_fix = _tools_case_fix(sf, wrong_case) if wrong_case else None
    if all(v is False for _, v in verdicts):
        yield ctx.at(
            "no entry of tools resolves (tool names are case-sensitive); Claude Code refuses to launch the agent",
            file=sf,
            fm_key="tools",
            fm_value=True,
            hint="write " + ", ".join(KNOWN_TOOLS_BY_LOWER[t.split("(")[0].strip().lower()] for t in wrong_case),
            fix=case_fix,
        )
        return
    for t in wrong_case:
        yield ctx.at(
            f"tool {t!r} does not exist (names are case-sensitive); it is dropped",
            file=sf,
            fm_key="tools",
            fm_value=True,
            severity=WARNING,
            hint=f"write {KNOWN_TOOLS_BY_LOWER[t.split('(')[0].strip().lower()]}",
            fix=case_fix,
        )
    for t, v in verdicts:
        if v is None:
            yield ctx.at(
                f"tool {t!r} is not a built-in tool name; it is dropped unless a plugin or MCP server provides it",
                file=sf,
                fm_key="tools",
                fm_value=True,
                severity=INFO,
            )


def _tools_case_fix(sf: SourceFile, wrong_case: list[str]) -> Fix | None:
    """Safe: the tool names of `tools` written in the right case (`read` → `Read`, `bash(x)` → `Bash(x)`)."""
    ren = {}
    for t in wrong_case:
        base = t.split("(", 1)[0].strip()
        ren[base] = KNOWN_TOOLS_BY_LOWER[base.lower()]
    return make_fix("fix the case of the tool names", fm_value_token_edits(sf, "tools", ren))


@rule("AGT011", "agent-unknown-field", area="agents", severity=INFO, target="agent")
def agent_unknown_field(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """An agent frontmatter field that Claude Code does not know.

    Unknown fields are ignored. `allowed-tools` belongs to skills and commands; agents use `tools`.

    Wrong: `allowed-tools: Read` or `capabilities: [...]` in an agent.
    Right: `tools: Read`.
    """
    sf = md_file(agent)
    if sf is None:
        return
    for key in fm_data(agent):
        k = str(key)
        if k in AGENT_KEYS:
            continue
        hint = _AGENT_HINTS.get(k)
        if hint is None:
            close = suggest_key(k, AGENT_KEYS)
            hint = f"did you mean '{close}'?" if close else "Claude Code ignores it"
        yield ctx.at(
            f"unknown frontmatter field '{k}'",
            file=sf,
            fm_key=k,
            hint=hint,
            severity=WARNING if "allowed-tools" in k or "allowed_tools" in k else None,
            fix=_rename_field_fix(sf, k),
        )


_UNSAFE_RENAMES = {"allowed-tools": "tools", "allowed_tools": "tools", "allowedTools": "tools"}


def _rename_field_fix(sf: SourceFile, key: str) -> Fix | None:
    """Rename a misspelt key to the one it surely meant: safe (`max_turns` → `maxTurns`), except `allowed-tools`
    → `tools`, which is unsafe (an allowlist restricts the agent where allowed-tools only pre-approved)."""
    target = _UNSAFE_RENAMES.get(key)
    safe = target is None
    if target is None:
        target = suggest_key(key, AGENT_KEYS, _AGENT_HINTS)
    if target is None or key.lower() in (target.lower() + "s", target.lower()[:-1]):
        return None  # a plural or singular (`skill` for `skills`) is a different field, not a typo
    return make_fix(f"rename '{key}' to '{target}'", fm_rename_key(sf, key, target), safe=safe)


@rule("AGT012", "agent-duplicate-name", area="agents", severity=WARNING, target="plugin", sources=["PDS014"])
def agent_duplicate_name(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """Two agents of one plugin have the same name.

    Both register as `<plugin>:<name>`; only one of them can be picked.

    Wrong: `agents/review.md` and `agents/old/review.md`, both `name: reviewer`.
    Right: distinct names.
    """
    seen: dict[str, Agent] = {}
    for a in plugin.agents:
        if md_file(a) is None:
            continue
        key = a.runtime_name.lower()
        if key in seen:
            yield ctx.at(
                f"agent '{a.runtime_name}' is also defined in {seen[key].rel}; only one is used",
                file=md_file(a),
                fm_key="name" if "name" in fm_data(a) else None,
                line=None if "name" in fm_data(a) else 1,
                hint="rename one of them",
            )
        else:
            seen[key] = a


@rule("AGT013", "agent-prompt-empty", area="agents", severity=WARNING, target="agent", sources=["AGT020"])
def agent_prompt_empty(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """An agent has no system prompt (the body is empty).

    The body is the agent's system prompt; without it the agent runs with no instructions.

    Wrong: a file that ends right after the closing `---`.
    Right: "You are a … Your job is …" below the frontmatter.
    """
    sf = md_file(agent)
    if sf is not None and fm_state(agent) == "ok" and not agent.body.strip():
        yield ctx.at(
            "the system prompt (body) is empty",
            file=sf,
            line=(sf.fm.end_line if sf.fm is not None else 0) or 1,
            hint="write the agent's instructions below the frontmatter",
        )


@rule(
    "AGT020",
    "pd-agent-required-fields",
    area="agents",
    severity=ERROR,
    target="agent",
    sources=["AGT015", "AGT017"],
    profiles=["plugin-dev"],
)
def pd_required(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """plugin-dev style: agents declare `model` and `color`.

    plugin-dev's validate-agent.sh requires name, description, model and color (Claude Code requires only
    name and description; model defaults to inherit).

    Wrong: frontmatter without `model`.
    Right: `model: inherit` and `color: blue`.
    """
    sf = md_file(agent)
    if sf is None or fm_state(agent) != "ok":
        return
    data = fm_data(agent)
    for key, ex in (("model", "inherit"), ("color", "blue")):
        if data.get(key) in (None, ""):
            yield ctx.at(
                f"missing required field: {key} (plugin-dev)",
                file=sf,
                fm_key=key if key in data else None,
                line=None if key in data else 1,
                hint=f"{key}: {ex}",
                fix=_required_field_fix(agent, sf, key, key in data),
            )


def _required_field_fix(agent: Agent, sf: SourceFile, key: str, has_key: bool) -> Fix | None:
    """`model: inherit` is safe (it is the default); a colour not used by the plugin's other agents is unsafe."""
    if key == "model":
        value, safe = "inherit", True
    else:
        value, safe = _free_color(agent, _BOTH_COLORS), False
    edit = fm_set_value(sf, key, value) if has_key else fm_insert_key(sf, key, value)
    return make_fix(f"add {key}: {value}", edit, safe=safe)


_GENERIC = ("helper", "assistant", "agent", "tool")


@rule(
    "AGT021",
    "pd-agent-name",
    area="agents",
    severity=ERROR,
    target="agent",
    sources=["AGT006", "AGT007", "AGT008", "AGT009", "AGC001", "AGC002", "AGC003", "AGC004", "PVA017"],
    profiles=["plugin-dev"],
)
def pd_name(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """plugin-dev style: agent names are 3–50 characters, lowercase alphanumerics and hyphens, not generic.

    validate-agent.sh requires alphanumeric first and last characters and 3–50 characters; agent-creator
    asks for 2–4 hyphen-joined words and warns on generic names (helper, assistant, agent, tool).

    Wrong: `name: ai`, `name: helper`, `name: code-reviewer-`.
    Right: `name: code-reviewer`.
    """
    n = _name_value(agent)
    sf = md_file(agent)
    if not n or sf is None:
        return
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?", n):
        yield ctx.at(
            "name must be lowercase letters, numbers and hyphens, starting and ending alphanumeric",
            file=sf,
            fm_key="name",
            fm_value=True,
            fix=kebab_name_fix(ctx, agent, sf, n),  # safe unless other files mention the name
        )
    if len(n) < 3:
        yield ctx.at(f"name too short ({len(n)} characters, minimum 3)", file=sf, fm_key="name", fm_value=True)
    elif len(n) > 50:
        yield ctx.at(f"name too long ({len(n)} characters, maximum 50)", file=sf, fm_key="name", fm_value=True)
    if n.lower() in _GENERIC:
        yield ctx.at(
            f"name is too generic: {n}",
            file=sf,
            fm_key="name",
            fm_value=True,
            severity=WARNING,
            hint="say what the agent does, e.g. test-runner",
        )
    words = [w for w in n.split("-") if w]
    if len(words) > 4:
        yield ctx.at(
            f"name has {len(words)} words; plugin-dev suggests 2–4",
            file=sf,
            fm_key="name",
            fm_value=True,
            severity=INFO,
        )


@rule(
    "AGT022",
    "pd-agent-description",
    area="agents",
    severity=WARNING,
    target="agent",
    sources=["AGT011", "AGT012", "AGT014", "AGC005", "PDS034"],
    profiles=["plugin-dev"],
)
def pd_description(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """plugin-dev style: the description starts "Use this agent when…" and is 10–5,000 characters.

    plugin-dev's triggering guide wants the conditions first, then examples; 200–1,000 characters read best.

    Wrong: `description: Reviews code.`
    Right: `description: Use this agent when the user has written code and wants a review. <example>…`
    """
    d = text_field(fm_data(agent), "description")
    if not d:
        return
    sf = md_file(agent)
    if "use this agent when" not in d.lower():
        yield ctx.at(
            "description should start with 'Use this agent when…'", file=sf, fm_key="description", fm_value=True
        )
    if len(d) < 10:
        yield ctx.at(
            f"description too short ({len(d)} characters, minimum 10)", file=sf, fm_key="description", fm_value=True
        )
    elif len(d) > 5000:
        yield ctx.at(
            f"description very long ({len(d)} characters, over 5,000)", file=sf, fm_key="description", fm_value=True
        )
    elif not 200 <= len(d) <= 1000:
        yield ctx.at(
            f"description is {len(d)} characters; 200–1,000 read best",
            file=sf,
            fm_key="description",
            fm_value=True,
            severity=INFO,
        )


@rule(
    "AGT023",
    "pd-agent-examples",
    area="agents",
    severity=WARNING,
    target="agent",
    sources=["AGT013", "AGC006", "AGC007", "AGC008", "AGC009", "PDS033"],
    profiles=["plugin-dev"],
)
def pd_examples(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """plugin-dev style: the description carries 2–4 complete `<example>` blocks.

    Each example has a `Context:` line, a `user:` turn, an `assistant:` turn that launches the agent (not
    answering directly), and a `<commentary>` explaining why; at most 6 blocks.

    Wrong: a description without `<example>`.
    Right:
        <example>
        Context: The user just wrote a function.
        user: "Can you check this?"
        assistant: "I'll use the code-reviewer agent to review it."
        <commentary>New code was written, so a review applies.</commentary>
        </example>
    """
    d = text_field(fm_data(agent), "description")
    if not d:
        return
    sf = md_file(agent)
    examples = parse_examples(d)
    n = len(examples)
    if n == 0:
        yield ctx.at(
            "description should include <example> blocks for triggering (2–4)",
            file=sf,
            fm_key="description",
            fm_value=True,
        )
        return
    if n < 2:
        yield ctx.at(
            f"{n} <example> block; plugin-dev asks for at least 2", file=sf, fm_key="description", fm_value=True
        )
    elif n > 6:
        yield ctx.at(f"{n} <example> blocks; plugin-dev's maximum is 6", file=sf, fm_key="description", fm_value=True)
    elif n > 4:
        yield ctx.at(
            f"{n} <example> blocks; 2–4 are recommended", file=sf, fm_key="description", fm_value=True, severity=INFO
        )
    for i, ex in enumerate(examples, 1):
        missing = [
            k
            for k, v in (
                ("Context:", ex.context),
                ("user:", ex.user),
                ("assistant:", ex.assistant),
                ("<commentary>", ex.commentary),
            )
            if not v
        ]
        if missing:
            yield ctx.at(
                f"example {i} lacks {', '.join(missing)}", file=sf, fm_key="description", fm_value=True, severity=INFO
            )
        elif not any(re.search(r"\b(agent|task tool|agent tool)\b", a, re.I) for a in ex.assistant):
            yield ctx.at(
                f'example {i}: the assistant should launch the agent ("I\'ll use the … agent"), not answer directly',
                file=sf,
                fm_key="description",
                fm_value=True,
                severity=INFO,
            )


@rule(
    "AGT024",
    "pd-agent-model-color",
    area="agents",
    severity=WARNING,
    target="agent",
    sources=["AGT016", "AGT018", "AGC012", "AGC014"],
    profiles=["plugin-dev"],
)
def pd_model_color(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """plugin-dev style: model is inherit/sonnet/opus/haiku and color blue/cyan/green/yellow/magenta/red.

    These are validate-agent.sh's lists; Claude Code accepts more models (fable, full ids) and other colours
    (purple, orange, pink), which the default profile allows.

    Wrong: `model: fable`, `color: pink` (under the plugin-dev profile).
    Right: `model: inherit`, `color: cyan`.
    """
    data = fm_data(agent)
    sf = md_file(agent)
    if sf is None:
        return
    m, c = data.get("model"), data.get("color")
    if m not in (None, "") and m not in PD_MODELS:
        yield ctx.at(
            f"unknown model: {m} (plugin-dev: {', '.join(PD_MODELS)})",
            file=sf,
            fm_key="model",
            fm_value=True,
            fix=model_fix(sf, m, PD_MODELS),  # unsafe: a plugin-dev model (`claude-sonnet-4-5` → sonnet)
        )
    if c not in (None, "") and c not in PD_COLORS:
        yield ctx.at(
            f"unknown color: {c} (plugin-dev: {', '.join(PD_COLORS)})",
            file=sf,
            fm_key="color",
            fm_value=True,
            # unsafe: only colours that are valid officially too (magenta is plugin-dev's only)
            fix=_color_fix(agent, c, _BOTH_COLORS),
        )


@rule(
    "AGT025",
    "pd-agent-system-prompt",
    area="agents",
    severity=WARNING,
    target="agent",
    sources=["AGT021", "AGT022", "AGT023", "AGT024", "AGT025", "AGC010", "AGC011", "PDS035", "PDS036"],
    profiles=["plugin-dev"],
)
def pd_system_prompt(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """plugin-dev style: a system prompt of 20–10,000 characters, in second person, with structure.

    validate-agent.sh: at least 20 characters (error), over 10,000 is very long, second person ("You are…"),
    responsibilities/process steps and an output format; plugin-dev's guides add "no first person
    (I am…)" and 500–3,000 words.

    Wrong: a body of `Review code.`
    Right: "You are an expert reviewer. Your responsibilities: … Process: … Output format: …"
    """
    sf = md_file(agent)
    if sf is None or fm_state(agent) != "ok":
        return
    body = agent.body.strip()
    if not body:
        return
    info = agent_info(agent)
    body_line = sf.fm.body_line if sf.fm is not None else 1

    def at(message: str, severity: str | None = None) -> Diagnostic:
        return ctx.at(message, file=sf, line=body_line, column=1, severity=severity)

    if len(body) < 20:
        yield at(f"system prompt too short ({len(body)} characters, minimum 20)", severity=ERROR)
    elif len(body) > 10000:
        yield at(f"system prompt very long ({len(body)} characters, over 10,000)")
    if not re.search(r"You are|You will|Your", body):
        yield at("system prompt should use second person (You are…, You will…)")
    for off, line in body_lines_outside_fences(agent.body):
        m = re.search(r"\bI (?:am|will)\b", line)
        if m:
            yield ctx.at(
                "system prompt uses first person ('I am…/I will…'); write it as 'You are…'",
                file=sf,
                line=body_line + off,
                column=m.start() + 1,
            )
            break
    if not re.search(r"responsibilit|process|steps", body, re.I):
        yield at("consider adding clear responsibilities or process steps", severity=INFO)
    if "output" not in body.lower():
        yield at("consider defining output format expectations", severity=INFO)
    if len(body) >= 20 and info.prompt_words < 500:
        yield at(f"system prompt is {info.prompt_words} words; plugin-dev suggests 500–3,000", severity=INFO)
    elif info.prompt_words > 3000:
        yield at(f"system prompt is {info.prompt_words} words; plugin-dev suggests 500–3,000", severity=INFO)


@rule(
    "AGT026",
    "pd-agent-tools",
    area="agents",
    severity=INFO,
    target="agent",
    sources=["AGT019", "AGC013"],
    profiles=["plugin-dev"],
)
def pd_tools(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """plugin-dev style: name the tools an agent needs (least privilege).

    Without `tools` the agent inherits every tool, including Bash and Write.

    Wrong: a read-only reviewer with no `tools` line.
    Right: `tools: Read, Grep, Glob`.
    """
    if fm_state(agent) == "ok" and "tools" not in fm_data(agent):
        yield ctx.at(
            "tools: not specified (the agent has access to all tools)",
            file=md_file(agent),
            line=1,
            column=1,
            hint="list only the tools it needs, e.g. tools: Read, Grep, Glob",
        )


@rule(
    "AGT027",
    "pd-agent-distinct-colors",
    area="agents",
    severity=INFO,
    target="plugin",
    sources=["PDS037"],
    profiles=["plugin-dev"],
)
def pd_distinct_colors(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """plugin-dev style: the agents of one plugin use distinct colours.

    The colour tells running agents apart in the terminal.

    Wrong: three agents with `color: blue`.
    Right: blue, green and yellow.
    """
    seen: dict[str, Agent] = {}
    repeats: list[Agent] = []
    for a in plugin.agents:
        c = fm_data(a).get("color")
        if not isinstance(c, str):
            continue
        if c.lower() in seen:
            repeats.append(a)
        else:
            seen[c.lower()] = a
    # unsafe: a colour no agent of the plugin uses (valid in both colour lists); repeats get different ones
    free = [c for c in _BOTH_COLORS if c not in seen]
    for i, a in enumerate(repeats):
        color: str = fm_data(a)["color"]
        sf = md_file(a)
        new = free[i % len(free)] if free else None
        yield ctx.at(
            f"color {color!r} is also used by agent '{seen[color.lower()].name}'",
            file=sf,
            fm_key="color",
            fm_value=True,
            fix=make_fix(f"set color to {new}", fm_set_value(sf, "color", new), safe=False) if new else None,
        )


@rule(
    "AGT028",
    "pd-agent-file-name",
    area="agents",
    severity=INFO,
    target="agent",
    sources=["AGC015"],
    profiles=["plugin-dev"],
)
def pd_file_name(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """plugin-dev style: the agent file is named after the agent (`agents/<name>.md`).

    Wrong: `agents/agent1.md` holding `name: code-reviewer`.
    Right: `agents/code-reviewer.md`.
    """
    n = _name_value(agent)
    sf = md_file(agent)
    if n and sf is not None:
        stem = sf.rel.rsplit("/", 1)[-1][:-3]
        if stem != n:
            yield ctx.at(
                f"file name '{stem}.md' differs from the agent name '{n}'",
                file=sf,
                fm_key="name",
                fm_value=True,
                hint=f"rename the file to {n}.md",
            )


_CODE_WORDS = re.compile(r"\b(?:code|pull requests?|PRs?|diffs?|changes|commits?|implementation)\b", re.I)
_SCOPED = re.compile(
    r"git diff|git status|git log|\bdiff\b|recent(?:ly)? (?:written|changed|modified|added|"
    r"changes|code|edits|commits?)|changed files|modified files|uncommitted|staged|"
    r"unless (?:explicitly )?(?:told|asked|instructed) otherwise|not the (?:whole|entire) "
    r"code ?base|just (?:written|changed|modified)",
    re.I,
)


@rule(
    "AGT029",
    "pd-review-agent-scope",
    area="agents",
    severity=INFO,
    target="agent",
    sources=["AGC016"],
    profiles=["plugin-dev"],
)
def pd_review_scope(ctx: Context, agent: Agent) -> Iterator[Diagnostic]:
    """plugin-dev style: a code-review agent scopes itself to recently changed code.

    plugin-dev's agent-creator tells review agents to assume the user wants the code just written reviewed,
    not the whole codebase, unless told otherwise. A reviewer whose prompt never mentions the diff or recent
    changes tends to crawl the entire repository.

    Wrong: `name: code-reviewer` with a prompt that says only "Review the code for bugs."
    Right: "Review the recently changed code (`git diff`), not the whole codebase, unless asked otherwise."
    """
    sf = md_file(agent)
    if sf is None or fm_state(agent) != "ok" or not agent.body.strip():
        return
    data = fm_data(agent)
    name = str(data.get("name") or agent.name or "")
    desc = text_field(data, "description")
    words = set(re.split(r"[-_\s]+", name.lower()))
    named = bool(words & {"review", "reviewer", "reviews"}) and bool(
        words & {"code", "pr", "diff", "change", "changes", "commit"} or _CODE_WORDS.search(desc)
    )
    described = bool(re.search(r"\breview", desc, re.I) and _CODE_WORDS.search(desc))
    if not (named or described):
        return
    if _SCOPED.search(agent.body):
        return
    yield ctx.at(
        "this review agent's prompt never limits the review to recent changes (e.g. `git diff`)",
        file=sf,
        line=sf.fm.body_line if sf.fm is not None else 1,
        column=1,
        hint="add e.g. 'Review the recently changed code (git diff) unless asked to review more'",
    )
