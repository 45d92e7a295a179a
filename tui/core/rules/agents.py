"""Agents (`agents/*.md`): frontmatter fields the official way, and plugin-dev's stricter style rules."""

from __future__ import annotations

import re

from ..base.diagnostics import ERROR, INFO, WARNING
from ..base.fixtypes import make_fix
from ..lint.fixers import fixer
from ..lint.registry import rule
from ..model.analysis import (
    agent_info,
    body_lines_outside_fences,
    parse_examples,
    split_tools,
    text_field,
)
from ..parse.edits import fm_insert_key, fm_set_value
from ..spec.tools import KNOWN_TOOLS, KNOWN_TOOLS_BY_LOWER
from ._kit.markdown import (
    EFFORTS,
    common_type_checks,
    description_fix,
    diag_file,
    diag_fm_key,
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
    model_fix,
    model_ok,
    nearest_choice,
    quote_type_fix,
    rename_key_fix,
    shared_fix,
    type_name,
    unknown_keys,
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


def _name_value(agent):
    n = fm_data(agent).get("name")
    return n if isinstance(n, str) else None


@rule("AGT001", "agent-no-frontmatter", area="agents", severity=WARNING, target="agent", sources=["AGT003"])
def agent_no_frontmatter(ctx, agent):
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
        )


@fixer("AGT001")
def _fix_agent_no_frontmatter(ctx, diag, agent):
    """Unsafe: a frontmatter block with the file name as `name` and a description taken from the body."""
    sf = md_file(agent)
    if sf is None:
        return None
    stem = kebab(sf.rel.rsplit("/", 1)[-1][:-3])
    return description_fix(sf, agent.body, {"name": stem} if stem else None)


@rule("AGT002", "agent-name-missing", area="agents", severity=WARNING, target="agent", sources=["AGT005", "OFF040"])
def agent_name_missing(ctx, agent):
    """An agent's frontmatter has no `name`.

    `name` is required. A plugin agent without it falls back to its file name; a project or user agent
    without it is treated as documentation and skipped.

    Wrong: frontmatter with only `description:`.
    Right: `name: code-reviewer` plus the description.
    """
    data = fm_data(agent)
    if fm_state(agent) == "ok" and data.get("name") in (None, ""):
        yield ctx.at(
            f"no name in frontmatter; the plugin agent loads as '{agent.name}' (its file name)",
            file=md_file(agent),
            fm_key="name" if "name" in data else None,
            line=None if "name" in data else 1,
            hint="add `name:` in lowercase letters and hyphens",
        )


@fixer("AGT002")
def _fix_agent_name_missing(ctx, diag, agent):
    """Safe: `name:` set to the file name, under which the plugin agent loads already."""
    sf = md_file(agent)
    stem = sf.rel.rsplit("/", 1)[-1][:-3] if sf is not None else ""
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", stem):
        return None  # the file name is not a valid name: the user must choose one
    data = fm_data(agent)
    edit = fm_set_value(sf, "name", stem) if "name" in data else fm_insert_key(sf, "name", stem)
    return make_fix(f"add name: {stem}", edit)


@rule(
    "AGT003", "agent-description-missing", area="agents", severity=WARNING, target="agent", sources=["AGT010", "OFF040"]
)
def agent_description_missing(ctx, agent):
    """An agent's frontmatter has no `description`.

    The description is what Claude reads to decide when to delegate to the agent; without it the agent is
    never picked automatically (project and user agents without one are skipped).

    Wrong: `name: reviewer` alone.
    Right: `description: Use this agent when code was just written and needs review.`
    """
    data = fm_data(agent)
    if fm_state(agent) == "ok" and data.get("description") in (None, ""):
        yield ctx.at(
            "no description in frontmatter: Claude cannot tell when to use this agent",
            file=md_file(agent),
            fm_key="description" if "description" in data else None,
            line=None if "description" in data else 1,
            hint="add `description:` saying when to delegate to the agent",
        )


@fixer("AGT003")
def _fix_agent_description_missing(ctx, diag, agent):
    """Unsafe: a description taken from the system prompt's first sentence or heading."""
    sf = md_file(agent)
    return description_fix(sf, agent.body) if sf is not None else None


@rule(
    "AGT004",
    "agent-name-format",
    area="agents",
    severity=WARNING,
    target="agent",
    sources=["OFF039", "AGC001", "AGT006"],
)
def agent_name_format(ctx, agent):
    """An agent name has characters Claude Code refuses or does not expect.

    Names are lowercase letters and hyphens (digits work). Claude Code 2.1.332 loads a plugin agent under any
    name, as `<plugin>:<name>`, but a `:` in the name reads as an extra namespace level and a leading `-` looks
    like a command-line option; project and user agents with such names are skipped. Uppercase, spaces or
    underscores give odd agent ids.

    Wrong: `name: review:strict`, `name: -reviewer`, `name: Code Reviewer`.
    Right: `name: strict-reviewer`.
    """
    n = _name_value(agent)
    if not n:
        return
    sf = md_file(agent)
    if ":" in n or n.startswith("-"):
        why = "contains ':'" if ":" in n else "starts with '-'"
        yield ctx.at(
            f"agent name {n!r} {why}; Claude Code loads this plugin agent, but skips such names in "
            "project and user agents",
            file=sf,
            fm_key="name",
            fm_value=True,
            hint="use lowercase letters and hyphens, e.g. " + _slug(n),
        )
    elif not re.fullmatch(r"[a-z0-9-]+", n):
        yield ctx.at(
            f"agent name {n!r} should be lowercase letters and hyphens",
            file=sf,
            fm_key="name",
            fm_value=True,
            severity=WARNING,
            hint=f"name: {_slug(n)}",
        )


def _slug(n: str) -> str:
    return kebab(n) or "my-agent"


@fixer("AGT004")
def _fix_agent_name_format(ctx, diag, agent):
    """Kebab-case the name: safe for a plain name no other file mentions; unsafe for a name with ':' or a leading
    '-' (its agent id changes shape) or one other files refer to."""
    n = _name_value(agent)
    sf = md_file(agent)
    if n is None or sf is None:
        return None
    return kebab_name_fix(ctx, agent, sf, n, safe=not (":" in n or n.startswith("-")))


@rule("AGT005", "agent-field-type", area="agents", severity=WARNING, target="agent")
def agent_field_type(ctx, agent):
    """An agent frontmatter field has the wrong type or value.

    Claude Code 2.1.332 loads the agent but drops or misreads the field: a description that is a list or mapping
    is omitted ("Description invalid … - omitting"; the agent gets the placeholder description), `tools` or
    `disallowedTools` that are not a string or list of strings read as an empty list (the agent runs with no
    tools), `maxTurns` not an integer, `background` not a boolean and `memory`/`effort`/`permissionMode` outside
    their values are ignored.

    Wrong: `tools: {Read: true}`, `maxTurns: many`, `memory: global`.
    Right: `tools: Read, Grep`, `maxTurns: 10`, `memory: project`.
    """
    yield from common_type_checks(ctx, agent, "agent", ("tools", "disallowedTools", "allowed-tools"), skill_like=False)
    sf = md_file(agent)
    data = fm_data(agent)
    if "maxTurns" in data and (
        isinstance(data["maxTurns"], bool) or not isinstance(data["maxTurns"], int) or data["maxTurns"] < 1
    ):
        yield ctx.at(
            f"maxTurns must be a positive integer, got {data['maxTurns']!r}",
            file=sf,
            fm_key="maxTurns",
            fm_value=True,
            severity=WARNING,
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
            )


@fixer("AGT005")
def _fix_agent_field_type(ctx, diag, agent):
    """Safe: quote a value YAML reads as the wrong type (`name: 1234`); `maxTurns: "10"` → `10`."""
    sf = diag_file(ctx, diag)
    key = diag_fm_key(sf, diag)
    v = fm_data(agent).get(key) if key else None
    if key == "maxTurns" and isinstance(v, str) and v.strip().isdigit() and int(v) >= 1:
        return make_fix(f"write maxTurns as the number {int(v)}", fm_set_value(sf, "maxTurns", int(v)))
    return quote_type_fix(ctx, diag)


@rule("AGT006", "agent-model", area="agents", severity=WARNING, target="agent", sources=["IMP015"])
def agent_model(ctx, agent):
    """An agent's `model` is not a model alias, a full model id or `inherit`.

    Claude Code accepts `sonnet`, `opus`, `haiku`, `fable`, a full id such as `claude-opus-4-1`, or
    `inherit` (the default). Other values fail when the agent is launched.

    Wrong: `model: gpt-4o`, `model: 4`.
    Right: `model: sonnet` or leave it out (inherit).
    """
    data = fm_data(agent)
    if "model" not in data:
        return
    m = data["model"]
    if not isinstance(m, str) or not model_ok(m):
        yield ctx.at(
            f"model {m!r} is not sonnet, opus, haiku, fable, a full model id (claude-…) or inherit",
            file=md_file(agent),
            fm_key="model",
            fm_value=True,
            hint="use an alias such as `sonnet`, or `inherit`",
        )


@fixer("AGT006")
def _fix_agent_model(ctx, diag, agent):
    """Unsafe: the nearest valid model (`sonet` → sonnet); `inherit` as a choice when none is clearly nearest."""
    sf = md_file(agent)
    return model_fix(sf, fm_data(agent).get("model")) if sf is not None else None


@rule("AGT007", "agent-color", area="agents", severity=WARNING, target="agent", sources=["IMP014", "AGT018"])
def agent_color(ctx, agent):
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
        yield ctx.at(
            f"color {c!r} is not one of Claude Code's agent colours",
            file=md_file(agent),
            fm_key="color",
            fm_value=True,
            hint=hint,
        )


_COLOR_ALIASES = {
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


def _free_color(agent, palette: tuple[str, ...]) -> str:
    """A colour of ``palette`` no other agent of the plugin uses; agents that need one get different ones."""
    agents = list(agent.plugin.agents) if agent.plugin is not None else [agent]
    used = set()
    needing = []
    for a in agents:
        c = fm_data(a).get("color")
        if isinstance(c, str) and c.strip().lower() in palette and a is not agent:
            used.add(c.strip().lower())
        else:
            needing.append(a)
    free = [c for c in palette if c not in used] or list(palette)
    i = next((n for n, a in enumerate(needing) if a is agent), 0)
    return free[i % len(free)]


def _color_fix(agent, value, palette: tuple[str, ...], aliases: dict | None = None):
    sf = md_file(agent)
    if sf is None:
        return None
    al = {k: v for k, v in (aliases or {}).items() if v in palette}
    best, clear = nearest_choice(value, palette, al)
    if not clear:
        best = _free_color(agent, palette)
    title = f"set color to {best}" + ("" if clear else " (pick a colour)")
    return make_fix(title, fm_set_value(sf, "color", best), safe=False, needs_choice=not clear)


@fixer("AGT007")
def _fix_agent_color(ctx, diag, agent):
    """Unsafe: the nearest official colour (`purpel` → purple, `magenta` → purple); a choice otherwise. Under the
    plugin-dev profile only the colours both lists accept are offered (purple would trip AGT024)."""
    palette = OFFICIAL_COLORS if ctx.profile != "plugin-dev" else _BOTH_COLORS
    return _color_fix(agent, fm_data(agent).get("color"), palette, _COLOR_ALIASES)


@rule("AGT008", "plugin-agent-ignored-field", area="agents", severity=WARNING, target="agent", sources=["OFF041"])
def plugin_agent_ignored(ctx, agent):
    """A plugin agent sets `hooks`, `mcpServers` or `permissionMode`, which plugin agents ignore.

    For security, Claude Code drops these three fields from agents that come from plugins; they only work in
    project or user agents (`.claude/agents/`).

    Wrong: `permissionMode: bypassPermissions` in a plugin's `agents/deployer.md`.
    Right: remove it; declare hooks in `hooks/hooks.json` and servers in `.mcp.json`.
    """
    data = fm_data(agent)
    for key in PLUGIN_IGNORED:
        if key in data:
            where = {
                "hooks": "declare them in hooks/hooks.json",
                "mcpServers": "declare them in .mcp.json",
                "permissionMode": "remove it",
            }[key]
            yield ctx.at(f"'{key}' is ignored for plugin agents", file=md_file(agent), fm_key=key, hint=where)


@fixer("AGT008")
def _fix_plugin_agent_ignored(ctx, diag, agent):
    """Unsafe: remove the ignored field (nothing changes for the plugin agent, but the setting is gone)."""
    sf = md_file(agent)
    key = diag_fm_key(sf, diag)
    if key not in PLUGIN_IGNORED:
        return None
    return make_fix(f"remove '{key}' (ignored for plugin agents)", fm_remove_key(sf, key), safe=False)


@rule("AGT009", "agent-isolation", area="agents", severity=WARNING, target="agent", sources=["OFF042"])
def agent_isolation(ctx, agent):
    """An agent's `isolation` is not `worktree`, the only valid value.

    Claude Code 2.1.332 ignores any other value: the agent loads and runs without isolation.

    Wrong: `isolation: container`.
    Right: `isolation: worktree` (or leave it out).
    """
    data = fm_data(agent)
    if "isolation" in data and data["isolation"] != "worktree":
        yield ctx.at(
            f"isolation {data['isolation']!r} is invalid; the only value is 'worktree' (Claude Code ignores "
            "it and runs the agent without isolation)",
            file=md_file(agent),
            fm_key="isolation",
            fm_value=True,
            hint="isolation: worktree",
        )


@fixer("AGT009")
def _fix_agent_isolation(ctx, diag, agent):
    """Unsafe: `isolation: worktree`, the only isolation there is."""
    sf = md_file(agent)
    return (
        make_fix("set isolation to worktree", fm_set_value(sf, "isolation", "worktree"), safe=False)
        if sf is not None
        else None
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
def agent_tools(ctx, agent):
    """An agent's `tools` allowlist names tools Claude Code does not have.

    Tool names are case-sensitive (`Read`, not `read`). If no entry resolves, Claude Code refuses to launch
    the agent ("would be spawned with zero tools"); unknown entries are otherwise dropped silently.

    Wrong: `tools: read, grep`.
    Right: `tools: Read, Grep` (or leave `tools` out to inherit all tools).
    """
    data = fm_data(agent)
    if "tools" not in data or not is_tools_value(data["tools"]):
        return
    sf = md_file(agent)
    tools = split_tools(data["tools"])
    if not tools:
        return
    verdicts = [(t, _resolves(t)) for t in tools]
    wrong_case = [t for t, v in verdicts if v is False]
    if all(v is False for _, v in verdicts):
        yield ctx.at(
            "no entry of tools resolves (tool names are case-sensitive); Claude Code refuses to launch the agent",
            file=sf,
            fm_key="tools",
            fm_value=True,
            hint="write " + ", ".join(KNOWN_TOOLS_BY_LOWER[t.split("(")[0].strip().lower()] for t in wrong_case),
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


@fixer("AGT010")
def _fix_agent_tools(ctx, diag, agent):
    """Safe: fix the case of tool names (`read` → `Read`); one fix for the whole `tools` value."""
    if diag.severity == INFO:
        return None  # an unknown name: nothing obvious to do
    sf = md_file(agent)
    if sf is None:
        return None

    def build():
        ren = {}
        for t in split_tools(fm_data(agent).get("tools")):
            base = t.split("(", 1)[0].strip()
            if _resolves(t) is False:
                ren[base] = KNOWN_TOOLS_BY_LOWER[base.lower()]
        return make_fix("fix the case of the tool names", fm_value_token_edits(sf, "tools", ren))

    return shared_fix(ctx, ("AGT010", sf.rel), build)


@rule("AGT011", "agent-unknown-field", area="agents", severity=INFO, target="agent")
def agent_unknown_field(ctx, agent):
    """An agent frontmatter field that Claude Code does not know.

    Unknown fields are ignored. `allowed-tools` belongs to skills and commands; agents use `tools`.

    Wrong: `allowed-tools: Read` or `capabilities: [...]` in an agent.
    Right: `tools: Read`.
    """
    for d in unknown_keys(ctx, agent, AGENT_KEYS, (), _AGENT_HINTS):
        if "allowed-tools" in d.message or "disallowed-tools" in d.message or "allowed_tools" in d.message:
            d.severity = WARNING
        yield d


@fixer("AGT011")
def _fix_agent_unknown_field(ctx, diag, agent):
    """Safe: rename a misspelt key (`max_turns` → `maxTurns`); `allowed-tools` → `tools` is unsafe (an allowlist
    restricts the agent where allowed-tools only pre-approved)."""
    return rename_key_fix(
        ctx,
        diag,
        AGENT_KEYS,
        _AGENT_HINTS,
        unsafe={"allowed-tools": "tools", "allowed_tools": "tools", "allowedTools": "tools"},
    )


@rule("AGT012", "agent-duplicate-name", area="agents", severity=WARNING, target="plugin", sources=["PDS014"])
def agent_duplicate_name(ctx, plugin):
    """Two agents of one plugin have the same name.

    Both register as `<plugin>:<name>`; only one of them can be picked.

    Wrong: `agents/review.md` and `agents/old/review.md`, both `name: reviewer`.
    Right: distinct names.
    """
    seen = {}
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
def agent_prompt_empty(ctx, agent):
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
            line=sf.fm.end_line or 1,
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
def pd_required(ctx, agent):
    """plugin-dev style: agents declare `model` and `color`.

    plugin-dev's validate-agent.sh requires name, description, model and color (Claude Code requires only
    name and description; model defaults to inherit).

    Wrong: frontmatter without `model`.
    Right: `model: inherit` and `color: blue`.
    """
    if fm_state(agent) != "ok":
        return
    data = fm_data(agent)
    for key, ex in (("model", "inherit"), ("color", "blue")):
        if data.get(key) in (None, ""):
            yield ctx.at(
                f"missing required field: {key} (plugin-dev)",
                file=md_file(agent),
                fm_key=key if key in data else None,
                line=None if key in data else 1,
                hint=f"{key}: {ex}",
            )


@fixer("AGT020")
def _fix_pd_required(ctx, diag, agent):
    """`model: inherit` is safe (it is the default); a colour not used by the plugin's other agents is unsafe."""
    sf = md_file(agent)
    if sf is None:
        return None
    data = fm_data(agent)
    key = "model" if "model" in diag.message else "color"
    if key == "model":
        value, safe = "inherit", True
    else:
        value, safe = _free_color(agent, _BOTH_COLORS), False
    edit = fm_set_value(sf, key, value) if key in data else fm_insert_key(sf, key, value)
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
def pd_name(ctx, agent):
    """plugin-dev style: agent names are 3–50 characters, lowercase alphanumerics and hyphens, not generic.

    validate-agent.sh requires alphanumeric first and last characters and 3–50 characters; agent-creator
    asks for 2–4 hyphen-joined words and warns on generic names (helper, assistant, agent, tool).

    Wrong: `name: ai`, `name: helper`, `name: code-reviewer-`.
    Right: `name: code-reviewer`.
    """
    n = _name_value(agent)
    if not n:
        return
    sf = md_file(agent)
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?", n):
        yield ctx.at(
            "name must be lowercase letters, numbers and hyphens, starting and ending alphanumeric",
            file=sf,
            fm_key="name",
            fm_value=True,
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


@fixer("AGT021")
def _fix_pd_name(ctx, diag, agent):
    """Kebab-case a name with other characters (only the charset diagnostic; safe unless others mention it)."""
    if not diag.message.startswith("name must be lowercase"):
        return None
    n = _name_value(agent)
    sf = md_file(agent)
    return kebab_name_fix(ctx, agent, sf, n) if sf is not None and n else None


@rule(
    "AGT022",
    "pd-agent-description",
    area="agents",
    severity=WARNING,
    target="agent",
    sources=["AGT011", "AGT012", "AGT014", "AGC005", "PDS034"],
    profiles=["plugin-dev"],
)
def pd_description(ctx, agent):
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
def pd_examples(ctx, agent):
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
def pd_model_color(ctx, agent):
    """plugin-dev style: model is inherit/sonnet/opus/haiku and color blue/cyan/green/yellow/magenta/red.

    These are validate-agent.sh's lists; Claude Code accepts more models (fable, full ids) and other colours
    (purple, orange, pink), which the default profile allows.

    Wrong: `model: fable`, `color: pink` (under the plugin-dev profile).
    Right: `model: inherit`, `color: cyan`.
    """
    data = fm_data(agent)
    sf = md_file(agent)
    m, c = data.get("model"), data.get("color")
    if m not in (None, "") and m not in PD_MODELS:
        yield ctx.at(f"unknown model: {m} (plugin-dev: {', '.join(PD_MODELS)})", file=sf, fm_key="model", fm_value=True)
    if c not in (None, "") and c not in PD_COLORS:
        yield ctx.at(f"unknown color: {c} (plugin-dev: {', '.join(PD_COLORS)})", file=sf, fm_key="color", fm_value=True)


@fixer("AGT024")
def _fix_pd_model_color(ctx, diag, agent):
    """Unsafe: a plugin-dev model (`claude-sonnet-4-5` → sonnet) or a colour both lists accept."""
    sf = diag_file(ctx, diag)
    key = diag_fm_key(sf, diag)
    if key == "model":
        return model_fix(sf, fm_data(agent).get("model"), PD_MODELS)
    if key == "color":
        # only colours that are valid officially too (magenta is plugin-dev's only)
        return _color_fix(agent, fm_data(agent).get("color"), _BOTH_COLORS)
    return None


@rule(
    "AGT025",
    "pd-agent-system-prompt",
    area="agents",
    severity=WARNING,
    target="agent",
    sources=["AGT021", "AGT022", "AGT023", "AGT024", "AGT025", "AGC010", "AGC011", "PDS035", "PDS036"],
    profiles=["plugin-dev"],
)
def pd_system_prompt(ctx, agent):
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
    at = dict(file=sf, line=sf.fm.body_line, column=1)
    if len(body) < 20:
        yield ctx.at(f"system prompt too short ({len(body)} characters, minimum 20)", severity=ERROR, **at)
    elif len(body) > 10000:
        yield ctx.at(f"system prompt very long ({len(body)} characters, over 10,000)", **at)
    if not re.search(r"You are|You will|Your", body):
        yield ctx.at("system prompt should use second person (You are…, You will…)", **at)
    for off, line in body_lines_outside_fences(agent.body):
        m = re.search(r"\bI (?:am|will)\b", line)
        if m:
            yield ctx.at(
                "system prompt uses first person ('I am…/I will…'); write it as 'You are…'",
                file=sf,
                line=sf.fm.body_line + off,
                column=m.start() + 1,
            )
            break
    if not re.search(r"responsibilit|process|steps", body, re.I):
        yield ctx.at("consider adding clear responsibilities or process steps", severity=INFO, **at)
    if "output" not in body.lower():
        yield ctx.at("consider defining output format expectations", severity=INFO, **at)
    if len(body) >= 20 and info.prompt_words < 500:
        yield ctx.at(f"system prompt is {info.prompt_words} words; plugin-dev suggests 500–3,000", severity=INFO, **at)
    elif info.prompt_words > 3000:
        yield ctx.at(f"system prompt is {info.prompt_words} words; plugin-dev suggests 500–3,000", severity=INFO, **at)


@rule(
    "AGT026",
    "pd-agent-tools",
    area="agents",
    severity=INFO,
    target="agent",
    sources=["AGT019", "AGC013"],
    profiles=["plugin-dev"],
)
def pd_tools(ctx, agent):
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
def pd_distinct_colors(ctx, plugin):
    """plugin-dev style: the agents of one plugin use distinct colours.

    The colour tells running agents apart in the terminal.

    Wrong: three agents with `color: blue`.
    Right: blue, green and yellow.
    """
    seen = {}
    for a in plugin.agents:
        c = fm_data(a).get("color")
        if not isinstance(c, str):
            continue
        if c.lower() in seen:
            yield ctx.at(
                f"color {c!r} is also used by agent '{seen[c.lower()].name}'",
                file=md_file(a),
                fm_key="color",
                fm_value=True,
            )
        else:
            seen[c.lower()] = a


@fixer("AGT027")
def _fix_pd_distinct_colors(ctx, diag, plugin):
    """Unsafe: give the agent a colour no other agent of the plugin uses (valid in both colour lists); several
    repeated agents get different colours."""
    keep, repeats = set(), []
    for a in plugin.agents:
        c = fm_data(a).get("color")
        if not isinstance(c, str):
            continue
        if c.lower() in keep:
            repeats.append(a)
        else:
            keep.add(c.lower())
    agent = next((a for a in repeats if a.file is not None and a.file.rel == diag.path), None)
    sf = md_file(agent) if agent is not None else None
    free = [c for c in _BOTH_COLORS if c not in keep]
    if sf is None or not free:
        return None
    new = free[repeats.index(agent) % len(free)]
    return make_fix(f"set color to {new}", fm_set_value(sf, "color", new), safe=False)


@rule(
    "AGT028",
    "pd-agent-file-name",
    area="agents",
    severity=INFO,
    target="agent",
    sources=["AGC015"],
    profiles=["plugin-dev"],
)
def pd_file_name(ctx, agent):
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
def pd_review_scope(ctx, agent):
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
        line=sf.fm.body_line,
        column=1,
        hint="add e.g. 'Review the recently changed code (git diff) unless asked to review more'",
    )
