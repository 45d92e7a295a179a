"""Hook matchers: which tool names or event values a matcher group fires for.

A matcher that is not a valid JavaScript regular expression, names a value the event never produces, or names a
bundled MCP server by its bare name never fires; a matcher on an event without matcher support is ignored. The
malformed shapes of a matcher (not a string) are in ``hooks``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..base.fixtypes import Fix, TextEdit, make_fix
from ..lint.context import Context
from ..lint.registry import rule
from ..model.plugin import HookConfig, Plugin, SourceFile
from ..parse.edits import json_insert_member, json_remove_member, json_set_value
from ..spec import matcher as M
from ..spec.hooks import GUARD_EVENTS
from ._kit.hookcfg import hook_handlers, matcher_groups
from ._kit.jsonedit import mcp_tool_prefix, string_edit


def _sev(event: Any, base: str = WARNING) -> str:
    return ERROR if event in GUARD_EVENTS else base


def string_replace_all(sf: SourceFile | None, pointer: tuple, value: str, old: str, new: str) -> list[TextEdit]:
    """Edits replacing every ``old`` in the JSON string ``value`` at ``pointer`` with ``new`` ([] when one of them
    cannot be made)."""
    out: list[TextEdit | None] = []
    i = value.find(old)
    while i >= 0 and old:
        out.append(string_edit(sf, pointer, i, i + len(old), new))
        i = value.find(old, i + len(old))
    return [e for e in out if e is not None] if out and all(out) else []


def _matcher_ptr(gp: tuple) -> tuple:
    return gp + ("matcher",)


@rule("HOOK020", "hook-matcher-invalid-regex", area="hooks", severity=ERROR, target="hook_config", sources=["PVA025"])
def hook_matcher_invalid_regex(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A matcher that is neither a list of names nor a valid JavaScript regular expression.

    A matcher with characters other than letters, digits, `_`, `-`, spaces, `,` and `|` is compiled as a
    JavaScript RegExp. When that fails the group can never match: the hooks never run.

    Wrong: `"matcher": "Write(["`
    Right: `"matcher": "Write|Edit"` or `"matcher": "^(Write|Edit)$"`
    """
    for event, gi, g, gp in matcher_groups(cfg):
        if not isinstance(g, dict) or not isinstance(g.get("matcher"), str):
            continue
        info = M.classify(g["matcher"], event if event in M.EVENTS else None)
        if info.kind == "invalid":
            yield ctx.at(
                f"{info.error}; this matcher never matches, so these hooks never run",
                file=cfg.file,
                pointer=_matcher_ptr(gp),
                hint="escape regex characters (\\( \\[ \\.) or use a plain list such as Write|Edit",
            )


@rule("HOOK021", "hook-matcher-ignored", area="hooks", severity=INFO, target="hook_config", sources=["IMP003"])
def hook_matcher_ignored(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A matcher on an event that has no matcher support; it is ignored.

    UserPromptSubmit, Stop, PostToolBatch, TaskCreated, TaskCompleted, TeammateIdle, CwdChanged, WorktreeCreate,
    WorktreeRemove and MessageDisplay fire for every occurrence; a matcher there filters nothing, so a hook
    meant for "only Bash" runs every time.

    Wrong: `"Stop": [{"matcher": "Bash", "hooks": [...]}]`
    Right: `"Stop": [{"hooks": [...]}]`
    """
    for event, gi, g, gp in matcher_groups(cfg):
        if not isinstance(g, dict) or event not in M.EVENTS or M.EVENTS[event].has_matcher:
            continue
        m = g.get("matcher")
        if isinstance(m, str) and m not in ("", "*"):
            yield ctx.at(
                f"{event} has no matcher support: matcher {m!r} is ignored and the hook runs on every {event}",
                file=cfg.file,
                pointer=_matcher_ptr(gp),
                hint="remove the matcher",
                # safe: the hook runs on every event either way
                fix=make_fix("remove the ignored matcher", json_remove_member(cfg.file, _matcher_ptr(gp))),
            )


@rule("HOOK022", "hook-matcher-unanchored", area="hooks", severity=INFO, target="hook_config", sources=["IMP004"])
def hook_matcher_unanchored(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A regex matcher that also matches names it probably was not meant for.

    Regex matchers are not anchored: `Edit.*` also matches `MultiEdit` and `NotebookEdit`, `Write` inside a
    regex matches `TodoWrite`. Anchor with `^…$` or use the plain list form.

    Wrong: `"matcher": "Edit.*"`
    Right: `"matcher": "^Edit$"` or `"matcher": "Edit|MultiEdit"`
    """
    for event, gi, g, gp in matcher_groups(cfg):
        if not isinstance(g, dict) or not isinstance(g.get("matcher"), str) or event not in M.EVENTS:
            continue
        info = M.classify(g["matcher"], event)
        if info.kind == "regex" and info.also_matches:
            yield ctx.at(
                f"regex matcher {g['matcher']!r} also matches {', '.join(info.also_matches[:5])} "
                "(JavaScript regexes are unanchored)",
                file=cfg.file,
                pointer=_matcher_ptr(gp),
                hint="anchor it with ^…$ if those are not intended",
            )


def _sub_word(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced by ``new`` (literally) where it is a whole name, not part of a longer one."""
    return re.sub(r"(?<![\w-])" + re.escape(old) + r"(?![\w-])", lambda _m: new, text)


_BARE_MCP = re.compile(r"mcp__[A-Za-z0-9_-]+\Z")


def _bare_mcp_values(m: str) -> list[str]:
    info = M.classify(m, "PreToolUse")
    if info.kind == "exact":
        return [v for v in info.values if _BARE_MCP.match(v) and "__" not in v[5:]]
    return []


@rule("HOOK023", "hook-matcher-bare-mcp", area="hooks", severity=WARNING, target="hook_config", sources=["OFF056"])
def hook_matcher_bare_mcp(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A matcher `mcp__<server>` without a tool part; it matches nothing.

    MCP tool names are `mcp__<server>__<tool>`. `mcp__memory` is an exact name, and no tool has it. To match
    every tool of a server, use the regex `mcp__memory__.*`. When the server is the plugin's own, Claude Code
    names it `plugin:<plugin>:<server>`, so its tools are `mcp__plugin_<plugin>_<server>__<tool>`: the matcher
    for all of them is `mcp__plugin_<plugin>_<server>__.*`. The fix (unsafe: the hook starts firing for every
    tool of the server) writes exactly what the hint says.

    Wrong: `"matcher": "mcp__memory"`
    Right: `"matcher": "mcp__memory__.*"`
    """
    plugin = ctx.plugin
    own = set(_bundled_servers(plugin)) if plugin is not None else set()
    for written, gi, g, gp in matcher_groups(cfg):
        # a miscased event (reported by HOOK004) still shows the intent
        event = written if written in M.EVENTS else M.suggest_event(written)
        if not isinstance(g, dict) or not isinstance(g.get("matcher"), str) or event not in M.TOOL_EVENTS:
            continue
        m = g["matcher"]
        bare = _bare_mcp_values(m)
        if not bare:
            continue
        pname = plugin.name if plugin is not None else None
        wanted = {v: mcp_tool_prefix(v[5:], pname if v[5:] in own else None) + ".*" for v in bare}
        new = m
        for v in bare:
            new = _sub_word(new, v, wanted[v])
        fix = make_fix(
            f'match every tool of the server: "{new}"', json_set_value(cfg.file, _matcher_ptr(gp), new), safe=False
        )
        for v in bare:
            server = v[5:]
            if server in own:
                msg = (
                    f"matcher {v!r} matches no tool: this plugin's server {server!r} has tools named "
                    f"{wanted[v][:-2]}<tool>"
                )
            else:
                msg = f"matcher {v!r} is an exact tool name and matches no tool; MCP tools are {v}__<tool>"
            yield ctx.at(
                msg,
                file=cfg.file,
                pointer=_matcher_ptr(gp),
                severity=_sev(event, WARNING),
                hint=f"use {wanted[v]} to match every tool of the server",
                fix=fix,
            )


def _bundled_servers(plugin: Plugin | None) -> list[str]:
    return [s.name for s in getattr(plugin, "mcp_servers", []) if isinstance(s.name, str)]


@rule(
    "HOOK024", "hook-matcher-plugin-mcp-scope", area="hooks", severity=WARNING, target="hook_config", sources=["OFF055"]
)
def hook_matcher_plugin_mcp_scope(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A matcher written against a bundled MCP server's bare name; plugin servers have scoped tool names.

    Tools of an MCP server bundled in a plugin are named `mcp__plugin_<plugin>_<server>__<tool>`. A matcher
    such as `mcp__github__.*` for the plugin's own `github` server never fires. The same goes for an `if` rule,
    and for an `mcp_tool` hook's `server`, which must be `plugin:<plugin>:<server>`.

    Wrong: `"matcher": "mcp__github__create_issue"` in plugin `gh-tools` that bundles server `github`
    Right: `"matcher": "mcp__plugin_gh-tools_github__create_issue"`
    """
    plugin = ctx.plugin
    servers = _bundled_servers(plugin)
    if plugin is None or not servers:
        return
    pname = plugin.name
    # the fixes use the scoped names; unsafe: a separately installed server of the same name would no longer match
    for event, gi, g, gp in matcher_groups(cfg):
        if not isinstance(g, dict) or not isinstance(g.get("matcher"), str):
            continue
        m = g["matcher"]
        for s in servers:
            bare, scoped = f"mcp__{s}__", f"mcp__plugin_{pname}_{s}__"
            if bare in m and scoped not in m:
                yield ctx.at(
                    f"matcher names {bare}… but the bundled server {s!r} has tools named "
                    f"mcp__plugin_{pname}_{s}__<tool>; this matcher never fires for them",
                    file=cfg.file,
                    pointer=_matcher_ptr(gp),
                    hint=f"use mcp__plugin_{pname}_{s}__ instead of {bare}",
                    fix=scoped_name_fix(cfg.file, _matcher_ptr(gp), m, bare, scoped),
                )
                break
    for event, _g, hi, h, hp in hook_handlers(cfg):
        if not isinstance(h, dict):
            continue
        v = h.get("if")
        if isinstance(v, str):
            for s in servers:
                bare, scoped = f"mcp__{s}__", f"mcp__plugin_{pname}_{s}__"
                if bare in v:
                    yield ctx.at(
                        f'"if" names {bare}… but the bundled server\'s tools are mcp__plugin_{pname}_{s}__<tool>',
                        file=cfg.file,
                        pointer=hp + ("if",),
                        hint=f"use mcp__plugin_{pname}_{s}__",
                        fix=scoped_name_fix(cfg.file, hp + ("if",), v, bare, scoped),
                    )
                    break
        if h.get("type") == "mcp_tool" and isinstance(h.get("server"), str) and h["server"] in servers:
            scoped = f"plugin:{pname}:{h['server']}"
            yield ctx.at(
                f"mcp_tool server {h['server']!r} is bundled in this plugin; its scoped name is {scoped}",
                file=cfg.file,
                pointer=hp + ("server",),
                hint=f'"server": "{scoped}"',
                fix=make_fix(
                    f'write "server": "{scoped}"', json_set_value(cfg.file, hp + ("server",), scoped), safe=False
                ),
            )


def scoped_name_fix(sf: SourceFile | None, ptr: tuple, value: str, bare: str, scoped: str) -> Fix | None:
    """Replace every ``bare`` tool-name prefix of the string at ``ptr`` with the ``scoped`` one (unsafe)."""
    return make_fix(f"use the scoped name {scoped}", string_replace_all(sf, ptr, value, bare, scoped), safe=False)


_CLOSED_VALUE_EVENTS = (
    "SessionStart",
    "Setup",
    "PreCompact",
    "PostCompact",
    "SessionEnd",
    "StopFailure",
    "Notification",
    "InstructionsLoaded",
    "ConfigChange",
    "DirectoryAdded",
)


@rule("HOOK025", "hook-matcher-unknown-value", area="hooks", severity=WARNING, target="hook_config", sources=["PVA025"])
def hook_matcher_unknown_value(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A matcher name that the event never produces (wrong case, or not a value of that event).

    Exact matchers are case-sensitive: `bash` never matches the `Bash` tool, so the hook never runs (an error).
    Lifecycle events have a closed set of values: SessionStart fires with `startup`, `resume`, `clear`, `compact`
    or `fork`, so a `"matcher": "start"` hook never runs (a warning: plugin-tui's value lists may lag behind
    Claude Code).

    Wrong: `"matcher": "bash"` (PreToolUse), `"matcher": "start"` (SessionStart)
    Right: `"matcher": "Bash"`, `"matcher": "startup"`
    """
    for event, gi, g, gp in matcher_groups(cfg):
        if not isinstance(g, dict) or not isinstance(g.get("matcher"), str) or event not in M.MATCHER_VALUES:
            continue
        info = M.classify(g["matcher"], event)
        if info.kind != "exact":
            continue
        known = M.MATCHER_VALUES[event]
        for v in info.values:
            if v in known:
                continue
            if event in M.TOOL_EVENTS:
                if v.startswith("mcp__"):
                    continue
                low = {k.lower(): k for k in known}
                if v.lower() in low:
                    yield ctx.at(
                        f"matcher {v!r} never matches: tool names are case-sensitive, so this hook never runs",
                        file=cfg.file,
                        pointer=_matcher_ptr(gp),
                        severity=ERROR,
                        hint=f"use {low[v.lower()]!r}",
                        fix=matcher_values_fix(cfg.file, _matcher_ptr(gp), g["matcher"], event, info.values),
                    )
                    break
            elif event in _CLOSED_VALUE_EVENTS:
                sug = difflib.get_close_matches(v, known, n=1, cutoff=0.6)
                yield ctx.at(
                    f"{event} never fires with {v!r} (values: {', '.join(known)}); this matcher never matches it",
                    file=cfg.file,
                    pointer=_matcher_ptr(gp),
                    hint=f"did you mean {sug[0]!r}?" if sug else None,
                    fix=matcher_values_fix(cfg.file, _matcher_ptr(gp), g["matcher"], event, info.values),
                )
                break


def matcher_values_fix(sf: SourceFile | None, ptr: tuple, m: str, event: str, values: list[str]) -> Fix | None:
    """Write every value of the exact matcher ``m`` that ``event`` never produces as the one it surely means: a
    tool name's case (safe), the nearest lifecycle value (unsafe)."""
    known = M.MATCHER_VALUES[event]
    new, safe = m, True
    for v in values:
        if v in known:
            continue
        if event in M.TOOL_EVENTS:
            if v.startswith("mcp__"):
                continue
            repl = {k.lower(): k for k in known}.get(v.lower())
        else:
            close = difflib.get_close_matches(v, known, n=1, cutoff=0.6)
            repl = close[0] if close else None
            safe = False
        if repl is None:
            continue
        new = _sub_word(new, v, repl)
    if new == m:
        return None
    return make_fix(f'write the matcher as "{new}"', json_set_value(sf, ptr, new), safe=safe)


@rule(
    "HOOK032",
    "hook-matcher-missing",
    area="hooks",
    severity=INFO,
    target="hook_config",
    sources=["HKS005", "PVA025"],
    profiles=["plugin-dev"],
)
def hook_matcher_missing(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """(plugin-dev) A matcher group on a tool event without an explicit `matcher`.

    Officially an omitted matcher matches everything. plugin-dev's validator requires the field; writing
    `"matcher": "*"` makes the intent visible.

    Wrong: `"PreToolUse": [{"hooks": [...]}]`
    Right: `"PreToolUse": [{"matcher": "*", "hooks": [...]}]`
    """
    for event, gi, g, gp in matcher_groups(cfg):
        if isinstance(g, dict) and event in M.TOOL_EVENTS and g.get("matcher") is None:
            # safe: an omitted (or null) matcher matches everything
            yield ctx.at(
                f"{event}[{gi}]: no 'matcher' (matches every tool)",
                file=cfg.file,
                pointer=gp,
                hint='add "matcher": "*" or name the tools',
                fix=make_fix('write "matcher": "*"', json_set_value(cfg.file, gp + ("matcher",), "*"))
                if "matcher" in g
                else make_fix('add "matcher": "*"', json_insert_member(cfg.file, gp, "matcher", "*")),
            )
