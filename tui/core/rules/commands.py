"""Commands (`commands/*.md`): frontmatter, arguments, and the checks shared with skills and agents.

Commands are "skills as flat Markdown files": the same frontmatter as skills except `name` and
`paths`, which are ignored. The helpers at the top are shared by the skill, agent and output-style modules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..base.diagnostics import INFO, WARNING, Diagnostic, Span
from ..base.fixtypes import Fix, TextEdit, make_fix
from ..lint.context import Context
from ..lint.registry import rule
from ..model.analysis import body_lines_outside_fences, split_tools
from ..model.plugin import Command, MarkdownComponent, Plugin, Skill, SourceFile
from ._kit.jsonedit import mcp_tool_prefix
from ._kit.markdown import (
    LEGACY_SKILL_KEYS,
    SKILL_KEYS,
    allowed_tools_check,
    body_empty_check,
    common_type_checks,
    description_fix,
    empty_or,
    fm_data,
    fm_remove_key,
    fm_state,
    fm_token_span,
    fm_value_token_edits,
    is_tools_value,
    listing_check,
    md_file,
    model_check,
    model_fix,
    placeholder_in_code_check,
    positional_check,
    shared_fix,
    unknown_keys,
)


def md_components(
    plugin: Plugin, kinds: Iterable[str] = ("commands", "skills", "agents")
) -> Iterator[MarkdownComponent]:
    """The plugin's components of these kinds that have a readable Markdown file."""
    for k in kinds:
        comps: list[MarkdownComponent] = getattr(plugin, k)
        for c in comps:
            if md_file(c) is not None:
                yield c


_CMD_HINTS = {
    "allowed_tools": "did you mean 'allowed-tools'?",
    "allowedTools": "did you mean 'allowed-tools'?",
    "tools": "commands use 'allowed-tools'",
    "argument_hint": "did you mean 'argument-hint'?",
    "argumentHint": "did you mean 'argument-hint'?",
}


@rule("CMD001", "command-no-frontmatter", area="commands", severity=WARNING, target="command", sources=["PVA011"])
def command_no_frontmatter(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """A command file has no frontmatter block.

    Claude Code loads it and uses the first paragraph as the description, but nothing says when to use the
    command, which tools it may use or what arguments it takes. Claude Code's own validator warns here too.

    Wrong: a `commands/deploy.md` that starts with `# Deploy`.
    Right:
        ---
        description: Deploy the current branch to staging
        argument-hint: [environment]
        ---
    """
    sf = md_file(cmd)
    if sf is not None and fm_state(cmd) == "none":
        yield ctx.at(
            empty_or("no frontmatter block: the command has no description, argument hint or tool settings", sf),
            file=sf,
            line=1,
            column=1,
            hint="start the file with a `---` block holding at least `description:`",
            # unsafe: a frontmatter block with a description taken from the body
            fix=description_fix(sf, cmd.body),
        )


@rule("CMD002", "command-description-missing", area="commands", severity=WARNING, target="command", sources=["PVA012"])
def command_description_missing(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """A command's frontmatter has no description.

    The `/` menu and Claude's skill listing then show the first paragraph of the body, which is rarely a
    good summary, and Claude cannot tell when the command applies.

    Wrong: frontmatter with only `allowed-tools: Bash(git:*)`.
    Right: add `description: Create a git commit from the staged changes`.
    """
    sf = md_file(cmd)
    data = fm_data(cmd)
    if sf is not None and fm_state(cmd) == "ok" and (not data or data.get("description") in (None, "")):
        yield ctx.at(
            "no description in frontmatter; the first paragraph of the body is shown instead",
            file=sf,
            fm_key="description" if "description" in data else None,
            line=None if "description" in data else 1,
            hint="add `description:` with one line saying what the command does",
            # unsafe: a description taken from the body's first sentence or heading
            fix=description_fix(sf, cmd.body),
        )


@rule("CMD003", "command-field-type", area="commands", severity=WARNING, target="command", sources=["PVA013"])
def command_field_type(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """A command frontmatter field has the wrong type or value.

    Claude Code 2.1.332 loads the command, but drops or misreads the field: a description that is a list or
    mapping is omitted (the first paragraph is used), an `allowed-tools` that is not a string or list of strings
    reads as no tools, a `shell` other than bash/powershell falls back to bash, a `metadata` that is not a mapping
    is dropped, and booleans, `effort` and `context` with unknown values are ignored.

    Wrong: `allowed-tools: {Read: true}` or `shell: zsh`.
    Right: `allowed-tools: Read, Grep` and `shell: bash`.
    """
    # the fix (safe) quotes a value YAML reads as the wrong type (`argument-hint: [pr]` is a list)
    yield from common_type_checks(ctx, cmd, "command")


@rule("CMD004", "command-body-empty", area="commands", severity=WARNING, target="command", sources=["PVA015"])
def command_body_empty(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """A command has frontmatter but no body.

    The body is the prompt Claude runs when the command is invoked; without it the command does nothing
    useful.

    Wrong: a file that ends right after the closing `---`.
    Right: instructions for Claude below the frontmatter.
    """
    yield from body_empty_check(ctx, cmd, "command")


@rule("CMD005", "command-ignored-field", area="commands", severity=INFO, target="command", sources=["OFF060"])
def command_ignored_field(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """`name` or `paths` in a command file is ignored.

    Command files support the skill frontmatter except `name` and `paths`: the command is named after its
    file, and `paths` only works for skills. plugin-dev's examples put `name:` in commands; it has no effect.

    Wrong: `commands/review.md` with `name: code-review` (the command is still `/review`).
    Right: rename the file to `code-review.md`, or make it a skill (`skills/code-review/SKILL.md`).
    """
    sf = md_file(cmd)
    data = fm_data(cmd)
    if sf is None:
        return
    for key in ("name", "paths"):
        if key in data:
            extra = f"; the command is /{cmd.name}" if key == "name" else "; only skills use it"
            yield ctx.at(
                f"'{key}' is ignored in command files{extra}",
                file=sf,
                fm_key=key,
                hint="rename the file to change the name"
                if key == "name"
                else "move the command to skills/<name>/SKILL.md to limit it to paths",
                fix=_remove_ignored_field(sf, key, safe=key == "name" and data["name"] == cmd.name),
            )


def _remove_ignored_field(sf: SourceFile, key: str, safe: bool) -> Fix | None:
    """Drop the ignored field: safe for a `name` equal to the command's own name, else unsafe (it has no effect,
    but someone meant something by it)."""
    return make_fix(f"remove the ignored '{key}'", fm_remove_key(sf, key), safe=safe)


@rule("CMD006", "command-positional-one-based", area="commands", severity=INFO, target="command", sources=["IMP021"])
def command_positional(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """The command uses `$1` as if positional arguments were one-based.

    In Claude Code `$N` is `$ARGUMENTS[N]` and zero-based: `$0` is the first argument and `$1` the second.
    plugin-dev documents `$1` as the first argument, which shifts every argument by one.

    Wrong: `Review PR #$1 with priority $2` for `/review 123 high`.
    Right: `Review PR #$0 with priority $1`, or `arguments: [pr, priority]` and `$pr`, `$priority`.
    """
    yield from positional_check(ctx, cmd)


@rule("CMD007", "command-model", area="commands", severity=WARNING, target="command", sources=["PDS022"])
def command_model(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """A command's `model` is not a model Claude Code knows.

    `model` takes the values of `/model`: an alias (`sonnet`, `opus`, `haiku`, `fable`), a full model id
    (`claude-…`) or `inherit`. Anything else fails when the command runs.

    Wrong: `model: gpt-4` or `model: claude sonnet`.
    Right: `model: sonnet`.
    """
    # the fix (unsafe) sets the nearest valid model (`sonet` → sonnet); a choice when none is clearly nearest
    yield from model_check(ctx, cmd)


@rule("CMD008", "command-unknown-field", area="commands", severity=INFO, target="command")
def command_unknown_field(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """A command frontmatter field that Claude Code does not know.

    Unknown fields are ignored; a near miss such as `allowed_tools` silently loses its effect.

    Wrong: `allowed_tools: Bash(git:*)`.
    Right: `allowed-tools: Bash(git:*)`.
    """
    # the fix renames a misspelt key (`allowed_tools` → `allowed-tools`, safe); `tools` → `allowed-tools` is unsafe
    yield from unknown_keys(
        ctx, cmd, SKILL_KEYS, LEGACY_SKILL_KEYS, _CMD_HINTS, fix_renames=True, unsafe={"tools": "allowed-tools"}
    )


@rule("CMD009", "command-listing-truncated", area="commands", severity=WARNING, target="command", sources=["OFF046"])
def command_listing(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """A command's description (+ `when_to_use`) is longer than the 1,536 characters Claude sees.

    Commands are listed to Claude like skills; the listing cuts description and `when_to_use` at 1,536
    characters, so trigger phrases at the end are never read.

    Wrong: a 2,000-character description with the trigger phrases at the end.
    Right: a short description with the triggers first; details in the body.
    """
    yield from listing_check(ctx, cmd)


@rule(
    "CMD010", "component-name-clash", area="commands", severity=WARNING, target="plugin", sources=["PDS014", "PVA016"]
)
def component_name_clash(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """Two commands or skills of one plugin share a name.

    Both become `/<plugin>:<name>`; only one is reachable. When a skill and a command share a name the
    skill wins and the command is hidden.

    Wrong: `commands/review.md` and `skills/review/SKILL.md` in one plugin.
    Right: give them different names, or keep only the skill.
    """
    seen: dict[str, tuple[MarkdownComponent, str]] = {}
    items: list[tuple[MarkdownComponent, str]] = [(s, "skill") for s in plugin.skills]
    items += [(c, "command") for c in plugin.commands]
    for comp, kind in items:
        name = ":".join((*comp.namespace, comp.name)) if isinstance(comp, Command) else comp.name
        key = name.lower()
        first = seen.get(key)
        if first is None:
            seen[key] = (comp, kind)
            continue
        other, okind = first
        where = other.rel or "?"
        if okind == "skill" and kind == "command":
            msg = f"command /{name} is hidden by the skill of the same name in {where}: the skill wins"
        else:
            msg = f"{kind} '{name}' has the same name as the {okind} in {where}; only one is reachable"
        sf = md_file(comp)
        yield ctx.at(
            msg,
            file=sf or comp.rel,
            fm_key="name" if "name" in fm_data(comp) else None,
            line=None if "name" in fm_data(comp) else (1 if sf else None),
            hint="rename one of them",
        )


_USER_CONFIG = re.compile(r"\$\{user_config\.([A-Za-z_]\w*)\}")


@rule(
    "CMD011", "sensitive-user-config-in-content", area="commands", severity=WARNING, target="plugin", sources=["IMP028"]
)
def sensitive_user_config(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A command, skill or agent uses a `sensitive` userConfig value, which is never substituted there.

    Only non-sensitive `userConfig` values are substituted into skill, command and agent content;
    sensitive ones (tokens, passwords) stay in the keychain and reach only MCP/LSP configs and hook
    environments. The text keeps the literal `${user_config.x}`.

    Wrong: a skill body with `curl -H "Authorization: ${user_config.api_token}"`, `api_token` sensitive.
    Right: read the token in an MCP server or hook from `CLAUDE_PLUGIN_OPTION_API_TOKEN`.
    """
    uc = (plugin.manifest_data or {}).get("userConfig")
    if not isinstance(uc, dict):
        return
    sensitive = {k for k, v in uc.items() if isinstance(v, dict) and v.get("sensitive") is True}
    if not sensitive:
        return
    for comp in md_components(plugin):
        sf = md_file(comp)
        if sf is None:
            continue
        for i in range(1, len(sf.lines.starts) + 1):
            line = sf.line_text(i)
            for m in _USER_CONFIG.finditer(line):
                if m.group(1) in sensitive:
                    yield ctx.at(
                        f"userConfig '{m.group(1)}' is sensitive and is not substituted in "
                        f"{comp.kind} content; the literal text stays",
                        file=sf,
                        line=i,
                        column=m.start() + 1,
                        hint="use it from an MCP server, LSP server or hook environment instead",
                    )


@rule("CMD012", "own-mcp-tool-name", area="commands", severity=WARNING, target="plugin", sources=["IMP030"])
def own_mcp_tool_name(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A tools list names a tool of the plugin's own MCP server without the plugin prefix.

    Claude Code registers a plugin's MCP server as `plugin:<plugin>:<server>`, so its tools are named
    `mcp__plugin_<plugin>_<server>__<tool>`; a rule written as `mcp__<server>__…` never matches them, so the
    tool is not pre-approved (or not available to an agent). Reported at the entry, once (MCP014 leaves it here).

    Wrong: `allowed-tools: mcp__github__create_issue` in plugin `gh` that bundles server `github`.
    Right: `allowed-tools: mcp__plugin_gh_github__create_issue`.
    """
    if not plugin.mcp_servers:
        return
    for comp in md_components(plugin):
        sf = md_file(comp)
        if sf is None:
            continue
        renames = _own_mcp_renames(plugin, comp)
        for key, ren in renames.items():
            for tool, good in ren.items():
                span = fm_token_span(sf, key, tool)
                parts = good.split("__")
                prefix = f"{parts[0]}__{parts[1]}__"
                yield ctx.at(
                    f"'{tool}' names this plugin's MCP server without the plugin prefix; its tools "
                    f"are called {prefix}…",
                    file=sf,
                    span=span,
                    fm_key=key,
                    fm_value=True,
                    hint=f"write {good}",
                    # one fix per file renames every such entry in it (the first component of the file builds it)
                    fix=shared_fix(ctx, ("CMD012", sf.rel), lambda: _own_mcp_prefix_fix(sf, renames)),
                )


def _own_mcp_renames(plugin: Plugin, comp: MarkdownComponent) -> dict[str, dict[str, str]]:
    servers = {s.name for s in plugin.mcp_servers}
    out: dict[str, dict[str, str]] = {}
    data = fm_data(comp)
    for key in ("allowed-tools", "tools", "disallowedTools", "disallowed-tools"):
        for tool in split_tools(data.get(key)) if is_tools_value(data.get(key)) else ():
            m = re.match(r"mcp__([^_]+(?:_[^_]+)*?)(?:__|$)", tool)
            if m and not tool.startswith("mcp__plugin_") and m.group(1) in servers:
                rest = tool[len("mcp__") + len(m.group(1)) :]
                out.setdefault(key, {})[tool] = mcp_tool_prefix(m.group(1), plugin.name)[:-2] + rest
    return out


def _own_mcp_prefix_fix(sf: SourceFile, renames: dict[str, dict[str, str]]) -> Fix | None:
    """Safe: add the plugin prefix to the tool names of every tools key (the unprefixed name never matches)."""
    edits: list[TextEdit] = []
    for key, ren in renames.items():
        edits += fm_value_token_edits(sf, key, ren)
    return make_fix("add the plugin prefix to the MCP tool names", edits)


_IF_MACRO = re.compile(r"\$IF\(")


@rule("CMD013", "nonexistent-if-macro", area="commands", severity=WARNING, target="command")
def if_macro(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """The command uses plugin-dev's `$IF(...)` macro, which Claude Code does not have.

    plugin-dev documents `$IF(condition, then, else)`; Claude Code substitutes only `$ARGUMENTS`, `$N`,
    `$name` and the `${CLAUDE_…}` variables, so the macro text reaches Claude verbatim.

    Wrong: `$IF($1, Review PR #$1, Review the current branch)`.
    Right: describe the cases in words: "If an argument was given, …; otherwise …".
    """
    sf = md_file(cmd)
    if sf is None or sf.fm is None or not _IF_MACRO.search(cmd.body):
        return
    base = sf.fm.body_line if sf.fm.present else 1
    for off, line in body_lines_outside_fences(cmd.body):
        m = _IF_MACRO.search(line)
        if m:
            yield ctx.at(
                "$IF(...) is not a Claude Code substitution; the text is passed through unchanged",
                file=sf,
                line=base + off,
                column=m.start() + 1,
                hint="describe the condition in plain words",
            )


_HOME_PATH = re.compile(r"(?:/Users/|/home/)(?!user/|username/|you/|me/|<)[A-Za-z0-9._-]+/|[A-Z]:\\\\?Users\\")
_INJECT = re.compile(r"!`([^`]+)`")


def _home_path_in(text: str) -> bool:
    """``_HOME_PATH.search(text)``, after substring tests that every match needs (the regex alone, run on every
    command and skill body, was the costliest step of a check)."""
    if "/Users/" not in text and "/home/" not in text and "Users\\" not in text:
        return False
    return _HOME_PATH.search(text) is not None


@rule("CMD014", "hard-coded-path", area="commands", severity=WARNING, target="plugin", sources=["PDS017"])
def hard_coded_path(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A shell injection or tool rule in a command or skill uses a path from the author's home folder.

    `` !`cmd` `` lines and `Bash(...)` rules run on the user's machine, where `/Users/alice/…` does not
    exist. Use `${CLAUDE_PLUGIN_ROOT}`, `${CLAUDE_SKILL_DIR}` or `${CLAUDE_PROJECT_DIR}`.

    Wrong: `` !`/Users/alice/bin/lint.sh` ``.
    Right: `` !`"${CLAUDE_PLUGIN_ROOT}/bin/lint.sh"` ``.
    """
    for comp in md_components(plugin, ("commands", "skills")):
        sf = md_file(comp)
        if sf is None or sf.fm is None:
            continue
        data = fm_data(comp)
        for key in ("allowed-tools",):
            v = data.get(key)
            for tool in split_tools(v) if is_tools_value(v) else ():
                if _HOME_PATH.search(tool):
                    yield ctx.at(
                        f"'{tool}' hard-codes a home-folder path",
                        file=sf,
                        fm_key=key,
                        fm_value=True,
                        hint="use ${CLAUDE_PLUGIN_ROOT} or ${CLAUDE_SKILL_DIR}",
                    )
        if not _home_path_in(comp.body):
            continue
        base = sf.fm.body_line if sf.fm.present else 1
        for off, line in body_lines_outside_fences(comp.body):
            for m in _INJECT.finditer(line):
                h = _HOME_PATH.search(m.group(1))
                if h:
                    yield ctx.at(
                        "shell injection hard-codes a home-folder path",
                        file=sf,
                        line=base + off,
                        column=m.start(1) + h.start() + 1,
                        hint="use ${CLAUDE_PLUGIN_ROOT}, ${CLAUDE_SKILL_DIR} or ${CLAUDE_PROJECT_DIR}",
                    )


@rule("CMD015", "command-placeholder-in-code", area="commands", severity=WARNING, target="command")
def command_placeholder_in_code(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """`$1` or `$ARGUMENTS` in a code block of a command is replaced when the command is invoked with arguments.

    Claude Code 2.1.332 substitutes `$ARGUMENTS`, `$N` and named arguments across the whole body, fenced code
    included (only `\\$1` stays literal), so shell, SQL, awk and regex `$1` in a command that takes no
    arguments, and the placeholders of an example command in a ```markdown block, are replaced. Reported once
    per block (SKL016 is the same for skills).

    Wrong: ```bash\nawk '{print $1}' access.log\n``` in a command without arguments.
    Right: `cut -d' ' -f1 access.log`, or `\\$1` when the command always gets arguments.
    """
    yield from placeholder_in_code_check(ctx, cmd)


@rule("CMD016", "command-allowed-tools-unknown", area="commands", severity=WARNING, target="command")
def command_allowed_tools_unknown(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """A command's `allowed-tools` names a tool Claude Code does not have (or writes one in the wrong case).

    Permission rules name tools exactly: `bash(git:*)` or `Search` pre-approve nothing, and the user is asked
    each time. The fix (safe) writes a known tool in its case.

    Wrong: `allowed-tools: bash(git:*), read`
    Right: `allowed-tools: Bash(git:*), Read`
    """
    yield from allowed_tools_check(ctx, cmd)


@rule("CMD017", "mcp-tool-unknown-server", area="commands", severity=INFO, target="plugin", sources=["IMP030"])
def mcp_tool_unknown_server(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A tools list names an MCP server that the plugin does not bundle.

    Claude Code 2.1.332 matches `mcp__<server>__<tool>` against the server's registered name: a plugin's own
    server `notes` is `plugin:<plugin>:notes`, so its tools are `mcp__plugin_<plugin>_notes__<tool>`, and
    `mcp__<server>__…` matches only a server the user configured under exactly that name outside the plugin.
    That is legitimate for a server the plugin expects the user to have (an info, only reported when the
    plugin bundles servers of its own). When the name is the plugin's own name, the author meant the bundled
    server (a warning: the entries match nothing); with a single bundled server the fix (unsafe) rewrites the
    prefix to it. (A bundled server's bare name is CMD012's.)

    Wrong: `allowed-tools: mcp__che-apple-notes-mcp__search_notes` in plugin `che-apple-notes-mcp`, whose
    server is `notes`.
    Right: `allowed-tools: mcp__plugin_che-apple-notes-mcp_notes__search_notes`
    """
    if not plugin.mcp_servers:
        return
    servers = {s.name for s in plugin.mcp_servers}
    normalized = {re.sub(r"[^a-zA-Z0-9_-]", "_", s) for s in servers}
    own = re.sub(r"[^a-zA-Z0-9_-]", "_", plugin.name)
    only = next(iter(servers)) if len(servers) == 1 else None
    for comp in md_components(plugin):
        sf = md_file(comp)
        if sf is None:
            continue
        data = fm_data(comp)
        for key in ("allowed-tools", "tools", "disallowedTools", "disallowed-tools"):
            v = data.get(key)
            tools = split_tools(v) if is_tools_value(v) else []
            wrong: dict[str, str] = {}
            notes: list[tuple[str, str]] = []
            for tool in tools:
                m = re.match(r"mcp__(.+?)(?:__|$)", tool)
                if m is None or tool.startswith("mcp__plugin_"):
                    continue
                srv = m.group(1)
                if srv in servers or srv in normalized:
                    continue  # CMD012
                if srv == own:
                    if only is not None:
                        wrong[tool] = mcp_tool_prefix(only, plugin.name)[:-2] + tool[len("mcp__") + len(srv) :]
                    else:
                        wrong[tool] = ""
                else:
                    notes.append((tool, srv))
            fix = (
                make_fix(
                    f"name the plugin's server {only} in the MCP tool names",
                    fm_value_token_edits(sf, key, {t: g for t, g in wrong.items() if g}),
                    safe=False,
                )
                if only is not None and wrong
                else None
            )
            for tool, good in wrong.items():
                yield ctx.at(
                    f"'{tool}' names the server by the plugin's name; the plugin's server"
                    + (f" '{only}' is registered as plugin:{plugin.name}:{only}" if only else "s are plugin-scoped")
                    + ", so this entry matches nothing",
                    file=sf,
                    span=fm_token_span(sf, key, tool),
                    fm_key=key,
                    fm_value=True,
                    severity=WARNING,
                    hint=f"write {good}" if good else f"write {mcp_tool_prefix('<server>', plugin.name)}<tool>",
                    fix=fix,
                )
            for tool, srv in notes:
                yield ctx.at(
                    f"'{tool}' names MCP server '{srv}', which this plugin does not bundle; it matches only a "
                    "server the user configured under that exact name",
                    file=sf,
                    span=fm_token_span(sf, key, tool),
                    fm_key=key,
                    fm_value=True,
                    hint="say in the README which server to configure, or name a bundled server as "
                    + mcp_tool_prefix(sorted(servers)[0], plugin.name)
                    + "<tool>",
                )


@rule(
    "CMD020",
    "pd-command-description",
    area="commands",
    severity=WARNING,
    target="command",
    sources=["PDS021", "PDS029"],
    profiles=["plugin-dev"],
)
def pd_command_description(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """plugin-dev style: a command description should be under 60 characters and start with a verb.

    The `/` menu shows one line; plugin-dev's frontmatter reference asks for < 60 characters, a leading verb
    and no "This command…".

    Wrong: `description: This command will review the pull request that you give it and post comments`.
    Right: `description: Review a pull request`.
    """
    d = fm_data(cmd).get("description")
    if not isinstance(d, str) or not d.strip():
        return
    sf = md_file(cmd)
    if len(d) >= 60:
        yield ctx.at(
            f"description is {len(d)} characters; plugin-dev recommends fewer than 60",
            file=sf,
            fm_key="description",
            fm_value=True,
            hint="one short line starting with a verb",
        )
    if re.match(r"\s*this command\b", d, re.I):
        yield ctx.at(
            "description starts with 'This command'; start with a verb instead",
            file=sf,
            fm_key="description",
            fm_value=True,
            hint="e.g. 'Review a pull request'",
        )


_PD_MODELS = ("sonnet", "opus", "haiku")


@rule(
    "CMD021",
    "pd-command-model",
    area="commands",
    severity=WARNING,
    target="command",
    sources=["PDS022", "PDS028"],
    profiles=["plugin-dev"],
)
def pd_command_model(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """plugin-dev style: a command `model` should be sonnet, opus or haiku.

    plugin-dev's command docs list only the three aliases. Claude Code accepts more (`inherit`, `fable`,
    full ids), which the default profile allows.

    Wrong: `model: claude-sonnet-4-5` (under the plugin-dev profile).
    Right: `model: sonnet`.
    """
    sf = md_file(cmd)
    m = fm_data(cmd).get("model")
    if sf is not None and m is not None and m not in _PD_MODELS:
        yield ctx.at(
            f"model {m!r}: plugin-dev allows sonnet, opus or haiku",
            file=sf,
            fm_key="model",
            fm_value=True,
            # unsafe: the sonnet/opus/haiku alias of the model (`claude-sonnet-4-5` → sonnet)
            fix=model_fix(sf, m, _PD_MODELS),
        )


@rule(
    "CMD022",
    "pd-bare-bash",
    area="commands",
    severity=WARNING,
    target="command",
    sources=["PDS023"],
    profiles=["plugin-dev"],
)
def pd_bare_bash(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """plugin-dev style: `allowed-tools` pre-approves all of Bash.

    A bare `Bash` pre-approves every shell command for the turn; plugin-dev asks for a filter such as
    `Bash(git:*)`. (Claude Code accepts bare `Bash`.)

    Wrong: `allowed-tools: Read, Bash`.
    Right: `allowed-tools: Read, Bash(git status:*), Bash(git diff:*)`.
    """
    v = fm_data(cmd).get("allowed-tools")
    if is_tools_value(v) and "Bash" in split_tools(v):
        yield ctx.at(
            "bare 'Bash' pre-approves every shell command; add a filter like Bash(git:*)",
            file=md_file(cmd),
            fm_key="allowed-tools",
            fm_value=True,
        )


_ARGS_USED = re.compile(r"\$(?:ARGUMENTS|\d)")


@rule(
    "CMD023",
    "pd-argument-hint",
    area="commands",
    severity=INFO,
    target="command",
    sources=["PDS024"],
    profiles=["plugin-dev"],
)
def pd_argument_hint(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """plugin-dev style: commands that take arguments should say so in `argument-hint`.

    The hint shows in autocomplete; plugin-dev writes one `[name]` per positional argument.

    Wrong: a body using `$ARGUMENTS` and no `argument-hint`.
    Right: `argument-hint: [pr-number] [priority]` (quoted in YAML).
    """
    sf = md_file(cmd)
    data = fm_data(cmd)
    if sf is None or fm_state(cmd) == "broken":
        return
    hint = data.get("argument-hint")
    if hint is None and _ARGS_USED.search(cmd.body):
        yield ctx.at(
            "the body uses arguments but there is no argument-hint",
            file=sf,
            line=1,
            column=1,
            hint='add e.g. argument-hint: "[file]"',
        )
    elif isinstance(hint, str) and hint.strip() and "[" not in hint and "<" not in hint:
        yield ctx.at(
            "argument-hint should name each argument in brackets, e.g. [file] [mode]",
            file=sf,
            fm_key="argument-hint",
            fm_value=True,
        )


_KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@rule(
    "CMD024",
    "pd-kebab-case-files",
    area="commands",
    severity=WARNING,
    target="plugin",
    sources=["PDS015"],
    profiles=["plugin-dev"],
)
def pd_kebab_files(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """plugin-dev style: command and agent files and skill folders are named in kebab-case.

    The names become slash commands and agent ids; plugin-dev asks for lowercase words joined by hyphens.

    Wrong: `commands/ReviewPR.md`, `skills/code_review/`.
    Right: `commands/review-pr.md`, `skills/code-review/`.
    """
    for comp in md_components(plugin):
        sf = md_file(comp)
        if sf is None:
            continue
        if isinstance(comp, Skill):
            if comp.root_skill:
                continue
            stem = (comp.dir_rel or "").rsplit("/", 1)[-1]
            what = "skill folder"
        else:
            stem = sf.rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            what = f"{comp.kind} file"
        if stem and not _KEBAB.match(stem):
            yield ctx.at(
                f"{what} '{stem}' is not kebab-case",
                file=sf,
                line=1,
                column=1,
                hint="lowercase words joined by hyphens",
            )


@rule(
    "CMD025",
    "pd-command-name-length",
    area="commands",
    severity=INFO,
    target="command",
    sources=["PDS018"],
    profiles=["plugin-dev"],
)
def pd_command_name_length(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """plugin-dev style: command names are two or three words.

    Long names are hard to type in the `/` menu.

    Wrong: `commands/run-the-full-test-suite-with-coverage.md`.
    Right: `commands/test-coverage.md`.
    """
    sf = md_file(cmd)
    words = [w for w in re.split(r"[-_\s]+", cmd.name) if w]
    if sf is not None and len(words) > 3:
        yield ctx.at(
            f"command name '{cmd.name}' has {len(words)} words; plugin-dev suggests 2–3", file=sf, line=1, column=1
        )


_TO_THE_USER = re.compile(
    r"^\W*(?:this (?:slash )?command (?:will|lets you|allows you|helps you|is used|can be used)"
    r"|you can (?:use|run|invoke) this command|use this command (?:to|when|for)"
    r"|with this command,? you|when you run this command)\b",
    re.I,
)


@rule(
    "CMD026",
    "pd-command-for-claude",
    area="commands",
    severity=INFO,
    target="command",
    sources=["PDS032"],
    profiles=["plugin-dev"],
)
def pd_command_for_claude(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """plugin-dev style: a command body is written for Claude, not as documentation for the user.

    The body is the prompt Claude receives when the command runs. Text that describes the command to a human
    ("This command will…", "You can use this command to…") leaves Claude to guess what to do.

    Wrong: `This command will review the pull request you give it.`
    Right: `Review pull request #$0. Read the diff, then list problems by severity.`
    """
    sf = md_file(cmd)
    if sf is None or sf.fm is None or fm_state(cmd) == "broken":
        return
    base = sf.fm.body_line if sf.fm.present else 1
    for off, line in body_lines_outside_fences(cmd.body):
        s = line.strip()
        if not s or s.startswith(("#", "<!--")):
            continue
        m = _TO_THE_USER.match(s)
        if m:
            col = len(line) - len(line.lstrip()) + 1
            yield ctx.at(
                f"the body opens by describing the command to the user ('{m.group(0).strip()}…'); it is "
                "the prompt Claude runs",
                file=sf,
                line=base + off,
                column=col,
                hint="write instructions for Claude in the imperative: 'Review …, then …'",
            )
        return  # only the opening paragraph matters


@rule(
    "CMD027",
    "pd-command-not-markdown",
    area="commands",
    severity=WARNING,
    target="plugin",
    sources=["PDS025"],
    profiles=["plugin-dev"],
)
def pd_command_not_markdown(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """plugin-dev style: every file in `commands/` is a `.md` command.

    Claude Code only loads `.md` files from `commands/` as commands; a `deploy.txt` or `deploy.markdown`
    there is silently not a command. plugin-dev's sample `validate-command.sh` rejects such files.

    Wrong: `commands/deploy.markdown`
    Right: `commands/deploy.md` (keep helper scripts in `scripts/`)
    """
    base = plugin.path("commands")
    for rel in ctx.project.index.walk_files(base):
        name = rel.rsplit("/", 1)[-1]
        if not name.lower().endswith(".md") and not name.startswith("."):
            yield ctx.at(
                f"{name} in commands/ is not a .md file: Claude Code does not load it as a command",
                file=rel,
                hint="rename it to .md, or move it out of commands/",
            )


@rule(
    "CMD028",
    "pd-command-frontmatter-markers",
    area="commands",
    severity=WARNING,
    target="command",
    sources=["PDS026"],
    profiles=["plugin-dev"],
)
def pd_command_markers(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """plugin-dev style: the first 50 lines hold exactly the two frontmatter `---` lines.

    A `---` horizontal rule near the top of the body is read as another frontmatter fence by the `sed`-based
    scripts of plugin-dev (and by other naive readers), which then mix body text into the metadata.

    Wrong: frontmatter, then a `---` rule on line 8 of the body.
    Right: use `***` or a heading for rules near the top, or move them below line 50.
    """
    sf = md_file(cmd)
    if sf is None or sf.text is None or not sf.text.startswith("---"):
        return
    lines = sf.text.split("\n")[:50]
    markers = [i + 1 for i, line in enumerate(lines) if line.startswith("---")]
    if len(markers) > 2:
        n = markers[2]
        yield ctx.at(
            f"line {n} starts with '---' within the first 50 lines: frontmatter readers that split on "
            "'---' take it for a fence",
            file=sf,
            line=n,
            column=1,
            hint="use '***' for a horizontal rule",
        )


@rule("CMD029", "command-file-empty", area="commands", severity=WARNING, target="command", sources=["PDS027"])
def command_file_empty(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """A command file is empty.

    Claude Code still registers `/name` for it, and invoking it sends Claude nothing to do.

    Wrong: `commands/deploy.md` with no content.
    Right: a description in frontmatter and instructions for Claude in the body, or no file.
    """
    sf = cmd.file
    if sf is not None and sf.text is not None and not sf.text.strip():
        yield ctx.at(
            f"{sf.rel.rsplit('/', 1)[-1]} is empty: /{cmd.name} would do nothing",
            file=sf,
            line=1,
            column=1,
            hint="write the instructions for Claude, or delete the file",
        )


_TODO = re.compile(r"\b(TODO|FIXME|XXX)\b")


@rule(
    "CMD030",
    "pd-command-todo",
    area="commands",
    severity=WARNING,
    target="command",
    sources=["PDS030"],
    profiles=["plugin-dev"],
)
def pd_command_todo(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """plugin-dev style: no TODO left in a command.

    A command's body is the prompt Claude runs: a `TODO` in it is an unfinished instruction that Claude will
    read literally. plugin-dev's sample CI fails on any TODO under `commands/`.

    Wrong: `TODO: explain how to roll back`
    Right: the finished instruction, or an issue in the tracker.
    """
    sf = md_file(cmd)
    if sf is None or sf.text is None:
        return
    for n, line in enumerate(sf.text.split("\n"), 1):
        m = _TODO.search(line)
        if m:
            yield ctx.at(
                f"{m.group(1)} left in the command: Claude reads it as part of the prompt",
                file=sf,
                span=_span(n, m.start(), m.end()),
            )
            return


_ASK_HEADER = re.compile(r"""["']?header["']?\s*[:=]\s*["']([^"'\n]+)["']""")
_ASK_LABEL = re.compile(r"""["']?label["']?\s*[:=]\s*["']([^"'\n]+)["']""")


@rule(
    "CMD031",
    "pd-ask-user-question-limits",
    area="commands",
    severity=WARNING,
    target="plugin",
    sources=["PDS031"],
    profiles=["plugin-dev"],
)
def pd_ask_user_question(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """plugin-dev style: AskUserQuestion specs stay within the tool's limits.

    The AskUserQuestion tool shows a header chip of at most 12 characters and option labels of one to five
    words; longer ones are cut or rejected. plugin-dev's interactive-commands guide lists these limits.

    Wrong: `header: "Deployment environment"`
    Right: `header: "Environment"`, labels such as `"Staging"`, `"Production"`.
    """
    for comp in (*plugin.commands, *plugin.skills):
        sf = md_file(comp)
        if sf is None or sf.text is None or "AskUserQuestion" not in sf.text:
            continue
        for n, line in enumerate(sf.text.split("\n"), 1):
            m = _ASK_HEADER.search(line)
            if m and len(m.group(1)) > 12:
                yield ctx.at(
                    f"AskUserQuestion header '{m.group(1)}' is {len(m.group(1))} characters (at most 12)",
                    file=sf,
                    span=_span(n, m.start(1), m.end(1)),
                )
            m = _ASK_LABEL.search(line)
            if m and len(m.group(1).split()) > 5:
                yield ctx.at(
                    f"AskUserQuestion option label has {len(m.group(1).split())} words (1 to 5)",
                    file=sf,
                    span=_span(n, m.start(1), m.end(1)),
                )


@rule(
    "CMD032",
    "pd-allowed-tools-list",
    area="commands",
    severity=INFO,
    target="command",
    sources=["PVA014"],
    profiles=["plugin-dev"],
)
def pd_allowed_tools_list(ctx: Context, cmd: Command) -> Iterator[Diagnostic]:
    """plugin-dev style: `allowed-tools` is written as a YAML list.

    Claude Code accepts a space- or comma-separated string as well; plugin-dev's plugin-validator expects a
    list, which also keeps `Bash(git add *)` rules with spaces unambiguous.

    Wrong: `allowed-tools: Read, Bash(git add *)`
    Right:
        allowed-tools:
          - Read
          - Bash(git add *)
    """
    value = fm_data(cmd).get("allowed-tools")
    if isinstance(value, str) and value.strip():
        yield ctx.at(
            "'allowed-tools' is a string; plugin-dev's validator expects a YAML list",
            file=md_file(cmd),
            fm_key="allowed-tools",
            fm_value=True,
        )


def _span(line: int, start: int, end: int) -> Span:
    return Span(line, start + 1, line, end + 1)
