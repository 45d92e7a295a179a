"""Hooks: `hooks/hooks.json`, manifest hook files and inline `hooks` maps.

Severity follows Claude Code 2.1.332: a malformed entry is dropped ("…; entry ignored"), so that hook never runs
(error). Under the guard events `PreToolUse`, `PermissionRequest` and `PreSkillShellCommand` a malformed entry may
be the guard that protects permissions, and Claude Code refuses the whole plugin instead (error, with that message).
A file Claude Code cannot read hooks from at all is an error.

This module checks the shapes (the file, the event map, the matcher groups, the handler fields); the matchers are
checked in ``hooks_matchers``, what commands and prompts say in ``hooks_commands``, the scripts in ``hookscripts``.
"""

from __future__ import annotations

import difflib
import json
import re
import shlex
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..base.fixtypes import Fix, TextEdit, make_fix
from ..base.suggest import nearest_key
from ..lint.context import Context
from ..lint.registry import rule
from ..model.plugin import HookConfig, SourceFile
from ..parse.edits import (
    json_insert_member,
    json_remove_member,
    json_rename_key,
    json_set_value,
    json_wrap_root,
)
from ..spec import matcher as M
from ..spec.hooks import GUARD_EVENTS
from ..spec.schema import json_type as _type_name
from ._kit.hookcfg import hook_handlers, matcher_groups

# Claude Code 2.1.332's hook handler schemas (keys beside COMMON_KEYS); rewakeMessage/rewakeSummary (with
# asyncRewake), holdsTools and cloud are internal keys that Anthropic's security-guidance plugin uses
HANDLER_KEYS = {
    "command": {
        "command",
        "args",
        "async",
        "asyncRewake",
        "shell",
        "onFailure",
        "rewakeMessage",
        "rewakeSummary",
        "holdsTools",
        "cloud",
    },
    "http": {"url", "headers", "allowedEnvVars", "onFailure", "cloud"},
    "mcp_tool": {"server", "tool", "input", "onFailure"},
    "prompt": {"prompt", "model", "continueOnBlock"},
    "agent": {"prompt", "model"},
}
COMMON_KEYS = {"type", "if", "timeout", "statusMessage", "once"}
GROUP_KEYS = {"matcher", "hooks"}


def _ignored(event: Any) -> str:
    """What Claude Code does with a malformed entry under ``event``."""
    if event in GUARD_EVENTS:
        return (
            f"; Claude Code refuses the whole plugin: a {event} hook that cannot be loaded may be the guard "
            "of the permissions beside it"
        )
    return "; Claude Code ignores this entry, so this hook never runs"


def _is_file_config(cfg: HookConfig) -> bool:
    return cfg.file is not None and cfg.origin != "inline"


def wrap_in_array(sf: SourceFile | None, pointer: tuple) -> list[TextEdit]:
    """Edits that wrap the JSON value at ``pointer`` in ``[ … ]`` (its own text kept byte for byte)."""
    if sf is None or sf.json is None or not sf.json.ok:
        return []
    off = sf.json.value_offsets(tuple(pointer))
    if off is None:
        return []
    return [TextEdit(sf.rel, off[0], off[0], "[", sf.text), TextEdit(sf.rel, off[1], off[1], "]", sf.text)]


@rule(
    "HOOK001",
    "hooks-file-not-object",
    area="hooks",
    severity=ERROR,
    target="hook_config",
    sources=["OFF017", "PVA023", "HKS003"],
)
def hooks_file_not_object(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A hooks file whose top level is not a JSON object.

    Claude Code expects `{"hooks": {…}}` in `hooks/hooks.json` (and in files named by the manifest's `hooks`
    field). A string or number at the top level loads no hooks at all ("Hook load failed"); an array that holds
    matcher groups makes Claude Code refuse the whole plugin (they may be permission guards). An empty array only
    makes `/plugin` show "Hook load failed" (a warning: there are no hooks to lose).

    Wrong: `[{"matcher": "Bash", "hooks": [...]}]`
    Right: `{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [...]}]}}`
    """
    if cfg.file is None or not _is_file_config(cfg):
        return
    data = cfg.file.data
    if cfg.file.json is None or not cfg.file.json.ok:
        return
    if not isinstance(data, dict):
        groups = isinstance(data, list) and any(
            isinstance(g, dict) and isinstance(g.get("hooks"), (list, dict)) for g in data
        )
        what = (
            "Claude Code refuses the whole plugin (these matcher groups may be permission guards)"
            if groups
            else "Claude Code loads no hooks from it"
        )
        if data == []:
            # nothing is lost: Claude Code loads the plugin and lists "Hook load failed" for this file
            yield ctx.at(
                'hooks file is an empty array, not an object: Claude Code reports "Hook load failed" for '
                "it (the plugin loads; the file holds no hooks)",
                file=cfg.file,
                pointer=(),
                severity=WARNING,
                hint='write {"hooks": {}} or delete the file',
            )
            return
        yield ctx.at(
            f"hooks file must be a JSON object, got {_type_name(data)}: {what}",
            file=cfg.file,
            pointer=(),
            hint='use {"hooks": {"<Event>": [{"matcher": "…", "hooks": [ … ]}]}}',
        )


@rule(
    "HOOK002",
    "hooks-missing-wrapper",
    area="hooks",
    severity=ERROR,
    target="hook_config",
    sources=["OFF017", "PVA023", "PVA025"],
)
def hooks_missing_wrapper(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A hooks file without the `"hooks"` wrapper object loads zero hooks.

    In a plugin, `hooks/hooks.json` must hold `{"description"?: …, "hooks": {<Event>: [...]}}`. The bare
    event map (`{"PreToolUse": [...]}`) is the *value* of a settings file's `hooks` key, and many plugin-dev
    docs show it as the content of hooks.json — Claude Code then loads no hook from the file. When the bare map
    holds `PreToolUse`, `PermissionRequest` or `PreSkillShellCommand`, Claude Code refuses the whole plugin.

    Wrong: `{"PreToolUse": [{"matcher": "Bash", "hooks": [...]}]}`
    Right: `{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [...]}]}}`
    """
    if cfg.file is None or not _is_file_config(cfg):
        return
    data = cfg.file.data
    if not isinstance(data, dict) or "hooks" in data or "modules" in data:
        return
    guards = [k for k in data if k in GUARD_EVENTS]
    events = [k for k in data if isinstance(k, str) and (k in M.EVENTS or M.suggest_event(k))]
    hint = 'wrap the event map: {"hooks": { … }}'
    fix = wrap_event_map_fix(cfg.file, data)
    if guards:
        yield ctx.at(
            f'{guards[0]} hooks are declared at the top level, outside the "hooks" object: Claude Code '
            "refuses the whole plugin",
            file=cfg.file,
            pointer=(guards[0],),
            key=True,
            hint=hint,
            fix=fix,
        )
    elif events:
        yield ctx.at(
            f'hooks file has no "hooks" object ({events[0]} is at the top level): Claude Code loads '
            "zero hooks from this file",
            file=cfg.file,
            pointer=(events[0],),
            key=True,
            hint=hint,
            fix=fix,
        )
    else:
        yield ctx.at(
            'hooks file has no "hooks" object: Claude Code loads zero hooks from this file',
            file=cfg.file,
            pointer=(),
            hint=hint,
            fix=fix,
        )


def wrap_event_map_fix(sf: SourceFile, data: dict) -> Fix | None:
    """Wrap a bare event map in {"hooks": …} (safe: the events were clearly meant as hooks); None when another
    key would end up inside "hooks"."""
    if not data:
        return None
    for k, v in data.items():
        if not (isinstance(v, list) and (k in M.EVENTS or k in M.UNDOCUMENTED_EVENTS or M.suggest_event(k))):
            return None  # a description or other key would end up inside "hooks": not an obvious edit
    return make_fix('wrap the event map in {"hooks": …}', json_wrap_root(sf, "hooks"))


@rule(
    "HOOK003", "hooks-wrapper-shape", area="hooks", severity=ERROR, target="hook_config", sources=["OFF017", "PVA023"]
)
def hooks_wrapper_shape(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """`hooks` is not an object, `description` is not a string, or an obsolete key is present.

    `"hooks"` must map event names to arrays of matcher groups; an array or a string there makes Claude Code refuse
    the whole plugin. `description` must be a string, and the old `surface` key is gone: either makes the file fail
    validation, so no hook from it loads.

    Wrong: `{"hooks": [{"matcher": "Bash", ...}]}`
    Right: `{"hooks": {"PreToolUse": [{"matcher": "Bash", ...}]}}`
    """
    if cfg.file is None or not _is_file_config(cfg):
        return
    data = cfg.file.data
    if not isinstance(data, dict):
        return
    if "hooks" in data and not isinstance(data["hooks"], dict):
        yield ctx.at(
            f'"hooks" must be an object mapping event names to matcher groups, got '
            f"{_type_name(data['hooks'])}: Claude Code refuses the whole plugin",
            file=cfg.file,
            pointer=("hooks",),
            hint='{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [ … ]}]}}',
        )
    if "description" in data and not isinstance(data["description"], str):
        yield ctx.at(
            f'"description" must be a string, got {_type_name(data["description"])}: Claude Code loads '
            "no hooks from this file",
            file=cfg.file,
            pointer=("description",),
        )
    if "surface" in data:
        yield ctx.at(
            '"surface" is gone: Claude Code rejects this hooks file and loads none of its hooks',
            file=cfg.file,
            pointer=("surface",),
            key=True,
            hint="remove the key",
            fix=make_fix('remove the obsolete "surface" key', json_remove_member(cfg.file, ("surface",))),
        )


@rule(
    "HOOK004",
    "hook-event-unknown",
    area="hooks",
    severity=ERROR,
    target="hook_config",
    sources=["IMP001", "PVA024", "HKS004"],
)
def hook_event_unknown(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """An event name that Claude Code does not know (names are case-sensitive).

    Claude Code ignores the entries under an unknown event ("unknown hook event; entry ignored"), so the hooks
    never run. The documented events are listed in the hooks reference; `postToolUse` or `pre_tool_use` are not
    `PostToolUse` / `PreToolUse` (a misspelt `PreToolUse` is ignored too: the plugin loads without that guard).

    Wrong: `{"hooks": {"postToolUse": [...]}}`
    Right: `{"hooks": {"PostToolUse": [...]}}`
    """
    ev = cfg.events if isinstance(cfg.events, dict) else {}
    for event in ev:
        if event in M.EVENTS:
            continue
        ptr = cfg.base + (event,)
        if event in M.UNDOCUMENTED_EVENTS:
            yield ctx.at(
                f"hook event {event!r} is accepted by Claude Code but not documented; it may change",
                file=cfg.file,
                pointer=ptr,
                key=True,
                severity=INFO,
            )
            continue
        if event == "hooks" and cfg.origin == "inline":
            yield ctx.at(
                '"hooks" is read as an event name here: the manifest\'s inline `hooks` takes the event '
                'map directly, without the {"hooks": …} wrapper of hooks.json; these hooks are ignored',
                file=cfg.file,
                pointer=ptr,
                key=True,
                hint="move the events up one level, or put them in hooks/hooks.json",
            )
            continue
        sug = M.suggest_event(event)
        msg = (
            f"unknown hook event {event!r} (event names are case-sensitive); Claude Code ignores its entries, so "
            "these hooks never run"
        )
        yield ctx.at(
            msg + (f"; did you mean {sug!r}?" if sug else ""),
            file=cfg.file,
            pointer=ptr,
            key=True,
            hint=f"rename it to {sug}"
            if sug
            else "use one of the documented events, e.g. PreToolUse, PostToolUse, SessionStart, Stop",
            fix=rename_event_fix(cfg.file, ptr, event, sug, ev),
        )


def _norm_event(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def rename_event_fix(sf: SourceFile | None, ptr: tuple, event: str, sug: str | None, events: dict) -> Fix | None:
    """Rename a misspelt event to ``sug``: safe when only case, `_` or `-` differ, unsafe otherwise; None when
    there is no suggestion or the event map has it already."""
    if not isinstance(event, str) or not sug or sug in events:
        return None
    safe = _norm_event(sug) == _norm_event(event)
    return make_fix(f"rename the event to {sug}", json_rename_key(sf, ptr, sug), safe=safe)


@rule(
    "HOOK005", "hook-event-not-array", area="hooks", severity=ERROR, target="hook_config", sources=["PVA025", "OFF050"]
)
def hook_event_not_array(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """An event's value is not an array of matcher groups.

    Each event maps to a list: `"PreToolUse": [{"matcher": "Bash", "hooks": [...]}]`. A single object or a
    string is ignored, so those hooks never run;
    under PreToolUse, PermissionRequest and PreSkillShellCommand Claude Code refuses the whole plugin.

    Wrong: `"Stop": {"hooks": [...]}`
    Right: `"Stop": [{"hooks": [...]}]`
    """
    ev = cfg.events if isinstance(cfg.events, dict) else {}
    for event, groups in ev.items():
        if not isinstance(groups, list):
            ptr = cfg.base + (event,)
            # a single matcher group is wrapped in an array (safe)
            one_group = isinstance(groups, dict) and isinstance(groups.get("hooks"), list)
            yield ctx.at(
                f"{event} must be an array of matcher groups, got {_type_name(groups)}{_ignored(event)}",
                file=cfg.file,
                pointer=ptr,
                hint=f'"{event}": [{{"matcher": "…", "hooks": [ … ]}}]',
                fix=make_fix("wrap the matcher group in an array", wrap_in_array(cfg.file, ptr)) if one_group else None,
            )


@rule(
    "HOOK006",
    "hook-group-shape",
    area="hooks",
    severity=ERROR,
    target="hook_config",
    sources=["HKS006", "PVA025", "OFF050"],
)
def hook_group_shape(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A matcher group that is not an object or has no `hooks` array.

    A matcher group is `{"matcher"?: string, "hooks": [handler, …]}`; `hooks` is required. Claude Code ignores
    a group without it, so its hooks never run;
    under PreToolUse, PermissionRequest and PreSkillShellCommand it refuses the whole plugin.

    Wrong: `{"matcher": "Bash", "command": "./check.sh"}`
    Right: `{"matcher": "Bash", "hooks": [{"type": "command", "command": "…"}]}`
    """
    for event, gi, g, gp in matcher_groups(cfg):
        if not isinstance(g, dict):
            yield ctx.at(
                f"{event}[{gi}] must be a matcher group object, got {_type_name(g)}{_ignored(event)}",
                file=cfg.file,
                pointer=gp,
            )
        elif "hooks" not in g:
            hint = None
            if "type" in g or "command" in g:
                hint = 'the handler goes inside "hooks": {"matcher": …, "hooks": [{"type": "command", …}]}'
            yield ctx.at(
                f'{event}[{gi}] has no "hooks" array{_ignored(event)}',
                file=cfg.file,
                pointer=gp,
                hint=hint or 'add "hooks": [{"type": "command", "command": "…"}]',
            )
        elif not isinstance(g["hooks"], list):
            yield ctx.at(
                f'Hook matcher "hooks" must be an array, got {_type_name(g["hooks"])}{_ignored(event)}',
                file=cfg.file,
                pointer=gp + ("hooks",),
            )
        elif not g["hooks"]:
            yield ctx.at(
                f'{event}[{gi}] has an empty "hooks" array; it does nothing',
                file=cfg.file,
                pointer=gp + ("hooks",),
                severity=INFO,
            )


@rule("HOOK007", "hook-matcher-not-string", area="hooks", severity=ERROR, target="hook_config", sources=["PVA025"])
def hook_matcher_not_string(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A `matcher` that is not a string.

    Matchers are strings: `"Bash"`, `"Write|Edit"`, `"mcp__github__.*"`. A list or a number is an invalid
    hook matcher and the group is ignored;
    under PreToolUse, PermissionRequest and PreSkillShellCommand Claude Code refuses the whole plugin.

    Wrong: `"matcher": ["Write", "Edit"]`
    Right: `"matcher": "Write|Edit"`
    """
    for event, gi, g, gp in matcher_groups(cfg):
        if isinstance(g, dict) and "matcher" in g and g["matcher"] is not None and not isinstance(g["matcher"], str):
            m = g["matcher"]
            hint = None
            if isinstance(m, list) and all(isinstance(x, str) for x in m):
                hint = f'use "{"|".join(m)}"'
            yield ctx.at(
                f"Invalid hook matcher: must be a string, got {_type_name(m)}{_ignored(event)}",
                file=cfg.file,
                pointer=gp + ("matcher",),
                hint=hint,
                fix=matcher_list_fix(cfg.file, gp + ("matcher",), m),
            )


_PLAIN_NAME = re.compile(r"[A-Za-z0-9_-]+\Z")


def matcher_list_fix(sf: SourceFile | None, ptr: tuple, m: Any) -> Fix | None:
    """`["Write", "Edit"]` → `"Write|Edit"` (safe), when every item is a plain tool name."""
    if isinstance(m, list) and m and all(isinstance(x, str) and _PLAIN_NAME.match(x) for x in m):
        value = "|".join(m)
        return make_fix(f'write the matcher as "{value}"', json_set_value(sf, ptr, value))
    return None


@rule(
    "HOOK008",
    "hook-type-invalid",
    area="hooks",
    severity=ERROR,
    target="hook_config",
    sources=["HKS007", "HKS008", "PVA026", "OFF050"],
)
def hook_type_invalid(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A hook handler without a valid `type`.

    Every handler needs `type`: one of `command`, `http`, `mcp_tool`, `prompt`, `agent`. Claude Code ignores
    a handler without one, so it never runs;
    under PreToolUse, PermissionRequest and PreSkillShellCommand it refuses the whole plugin.

    Wrong: `{"command": "./check.sh"}` or `{"type": "shell", ...}`
    Right: `{"type": "command", "command": "\\"${CLAUDE_PLUGIN_ROOT}\\"/check.sh"}`
    """
    for event, _g, hi, h, hp in hook_handlers(cfg):
        if not isinstance(h, dict):
            yield ctx.at(
                f"hook entry must be an object, got {_type_name(h)}{_ignored(event)}", file=cfg.file, pointer=hp
            )
            continue
        t = h.get("type")
        if "type" not in h:
            guess = next((k for k in ("command", "url", "prompt") if k in h), None)
            hint = f'add "type": "{ {"url": "http"}.get(guess, guess) }"' if guess else None
            yield ctx.at(
                f'Hook entry has no "type"{_ignored(event)}',
                file=cfg.file,
                pointer=hp,
                hint=hint or 'add "type": "command" (or http, mcp_tool, prompt, agent)',
                fix=add_type_fix(cfg.file, hp, h),
            )
        elif t not in M.HANDLER_TYPES:
            shown = t if isinstance(t, str) else _type_name(t)
            low = t.lower() if isinstance(t, str) else ""
            sug = next((x for x in M.HANDLER_TYPES if x == low or x.replace("_", "") == low.replace("-", "")), None)
            yield ctx.at(
                f"Unknown hook type {shown!r} (valid: {', '.join(M.HANDLER_TYPES)}){_ignored(event)}",
                file=cfg.file,
                pointer=hp + ("type",),
                hint=f"use {sug!r}" if sug else None,
                fix=type_spelling_fix(cfg.file, hp + ("type",), t),
            )


def add_type_fix(sf: SourceFile | None, hp: tuple, h: dict) -> Fix | None:
    """Add the `type` that the handler's one field among command, url and prompt implies."""
    present = [k for k in ("command", "url", "prompt") if k in h]
    if len(present) != 1:
        return None
    t = {"command": "command", "url": "http", "prompt": "prompt"}[present[0]]
    # a prompt could also be meant for an agent hook: unsafe
    return make_fix(f'add "type": "{t}"', json_insert_member(sf, hp, "type", t), safe=t != "prompt")


def type_spelling_fix(sf: SourceFile | None, ptr: tuple, t: Any) -> Fix | None:
    """Write a misspelt type name (`Command`, `mcp-tool`) as Claude Code spells it."""
    if not isinstance(t, str):
        return None
    low = t.strip().lower().replace("-", "_")
    sug = next((x for x in M.HANDLER_TYPES if x == low or x.replace("_", "") == low.replace("_", "")), None)
    if sug is None:
        return None
    return make_fix(f'write "type": "{sug}"', json_set_value(sf, ptr, sug))


# the fields each handler type requires
_REQUIRED = {
    "command": ("command",),
    "http": ("url",),
    "mcp_tool": ("server", "tool"),
    "prompt": ("prompt",),
    "agent": ("prompt",),
}


def _valid_url(u: str) -> bool:
    if "${" in u or re.search(r"\$[A-Za-z_]", u):
        return True
    p = urlparse(u)
    return p.scheme in ("http", "https") and bool(p.netloc)


@rule(
    "HOOK009",
    "hook-required-field",
    area="hooks",
    severity=ERROR,
    target="hook_config",
    sources=["HKS009", "HKS011", "OFF050", "PVA026"],
)
def hook_required_field(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A hook handler lacks the field its type requires.

    `command` needs `command` (a non-empty string); `http` needs a valid `url`; `mcp_tool` needs `server` and
    `tool`; `prompt` and `agent` need `prompt`. Claude Code ignores the handler otherwise, so it never runs;
    under PreToolUse, PermissionRequest and PreSkillShellCommand it refuses the whole plugin. An empty
    `command` or `prompt` loads but does nothing (a warning).

    Wrong: `{"type": "prompt", "text": "Is this safe?"}`
    Right: `{"type": "prompt", "prompt": "Is this safe? $ARGUMENTS"}`
    """
    for event, _g, hi, h, hp in hook_handlers(cfg):
        if not isinstance(h, dict) or not isinstance(h.get("type"), str) or h["type"] not in _REQUIRED:
            continue
        t = h["type"]
        for f in _REQUIRED[t]:
            v = h.get(f)
            if f not in h or v is None:
                yield ctx.at(
                    f'Invalid {t} hook: "{f}" is required{_ignored(event)}',
                    file=cfg.file,
                    pointer=hp,
                    fix=required_key_fix(cfg.file, hp, h, f) if f not in h else None,
                )
            elif not isinstance(v, str):
                yield ctx.at(
                    f'Invalid {t} hook: "{f}" must be a string, got {_type_name(v)}{_ignored(event)}',
                    file=cfg.file,
                    pointer=hp + (f,),
                )
            elif not v.strip():
                # the schema takes any string: Claude Code loads the hook, which then does nothing
                yield ctx.at(
                    f'{t} hook has an empty "{f}"; Claude Code loads it, but it does nothing',
                    file=cfg.file,
                    pointer=hp + (f,),
                    severity=WARNING,
                )
            elif f == "url" and not _valid_url(v):
                yield ctx.at(
                    f"Invalid http hook (url: Invalid URL){_ignored(event)}",
                    file=cfg.file,
                    pointer=hp + (f,),
                    hint="use an absolute http(s):// URL",
                )


def required_key_fix(sf: SourceFile | None, hp: tuple, h: dict, f: str) -> Fix | None:
    """The required field ``f`` present under one misspelt key: rename the key (safe)."""
    known = COMMON_KEYS | HANDLER_KEYS[h["type"]]
    cands = [k for k in h if k not in known and nearest_key(k, sorted(known), present=h) == f]
    if len(cands) == 1:
        return make_fix(f'rename "{cands[0]}" to "{f}"', json_rename_key(sf, hp + (cands[0],), f))
    return None


@rule(
    "HOOK010", "hook-timeout-invalid", area="hooks", severity=ERROR, target="hook_config", sources=["HKS013", "OFF051"]
)
def hook_timeout_invalid(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """`timeout` is not a number greater than 0 (seconds).

    Claude Code ignores the handler, so it never runs; under PreToolUse, PermissionRequest and
    PreSkillShellCommand it refuses the whole plugin. A string such as `"30"` passes plugin-dev's script but not
    Claude Code.

    Wrong: `"timeout": "30"` or `"timeout": 0`
    Right: `"timeout": 30`
    """
    for event, _g, hi, h, hp in hook_handlers(cfg):
        if not isinstance(h, dict) or "timeout" not in h:
            continue
        v = h["timeout"]
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            hint = f"write {v}" if isinstance(v, str) and re.fullmatch(r"\d+(\.\d+)?", v.strip()) else None
            yield ctx.at(
                f"timeout must be a number of seconds, got {_type_name(v)}{_ignored(event)}",
                file=cfg.file,
                pointer=hp + ("timeout",),
                hint=hint,
                fix=timeout_number_fix(cfg.file, hp + ("timeout",), v),
            )
        elif v <= 0:
            yield ctx.at(
                f"timeout must be greater than 0, got {v}{_ignored(event)}",
                file=cfg.file,
                pointer=hp + ("timeout",),
                hint="omit it for the default",
                fix=make_fix(
                    "remove the timeout (use the default)", json_remove_member(cfg.file, hp + ("timeout",)), safe=False
                ),
            )


def timeout_number_fix(sf: SourceFile | None, ptr: tuple, v: Any) -> Fix | None:
    """`"30"` → `30` (safe), for a string that holds a number greater than 0."""
    if isinstance(v, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*", v) and float(v) > 0:
        num: float = float(v)
        value = int(num) if num.is_integer() else num
        return make_fix(f"write the timeout as the number {value}", json_set_value(sf, ptr, value))
    return None


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        h, m = divmod(round(seconds / 60), 60)
        return f"{h} h {m} min" if m else f"{h} h"
    if seconds >= 60:
        return f"{round(seconds / 60)} min"
    return f"{seconds:g} s"


@rule("HOOK029", "hook-timeout-milliseconds", area="hooks", severity=WARNING, target="hook_config")
def hook_timeout_milliseconds(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A hook `timeout` that looks like milliseconds; Claude Code reads it as seconds.

    Claude Code 2.1.332 multiplies `timeout` by 1,000 (it is seconds) and caps it only at the ~24.8 days a timer
    can hold, so `"timeout": 10000` lets a stuck hook block the session for 2 h 47 min instead of 10 s.
    Reported for a whole number of at least 1,000 that is a multiple of 500 (values such as 1800 or 3600 are
    plausible seconds and stay quiet). The fix (unsafe) divides by 1,000.

    Wrong: `"timeout": 10000`
    Right: `"timeout": 10`
    """
    for event, _g, hi, h, hp in hook_handlers(cfg):
        if not isinstance(h, dict):
            continue
        v = h.get("timeout")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 1000 or v % 500:
            continue
        secs = v / 1000
        value: float = int(secs) if float(secs).is_integer() else secs
        yield ctx.at(
            f"timeout {v:g} is read as seconds ({_duration(v)}); it looks like milliseconds",
            file=cfg.file,
            pointer=hp + ("timeout",),
            hint=f'timeout is in seconds: "timeout": {value:g}',
            fix=make_fix(
                f"write the timeout in seconds: {value:g}",
                json_set_value(cfg.file, hp + ("timeout",), value),
                safe=False,
            ),
        )


@rule("HOOK011", "hook-async-invalid", area="hooks", severity=ERROR, target="hook_config", sources=["OFF054"])
def hook_async_invalid(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """`async` / `asyncRewake` that is not a boolean, or set on a handler type other than `command`.

    Only command hooks can run in the background. A non-boolean `async` on a command hook makes Claude Code
    ignore the handler (under PreToolUse, PermissionRequest and PreSkillShellCommand: refuse the plugin);
    `async` on an http/prompt/agent handler is not part of that type and is ignored (a warning).

    Wrong: `{"type": "prompt", "prompt": "…", "async": true}`
    Right: `{"type": "command", "command": "…", "async": true}`
    """
    for event, _g, hi, h, hp in hook_handlers(cfg):
        if not isinstance(h, dict):
            continue
        for k in ("async", "asyncRewake"):
            if k not in h:
                continue
            v = h[k]
            if not isinstance(v, bool) and h.get("type") == "command":
                yield ctx.at(
                    f"{k} must be a boolean, got {_type_name(v)}{_ignored(event)}",
                    file=cfg.file,
                    pointer=hp + (k,),
                    hint=f'"{k}": true',
                    fix=boolean_string_fix(cfg.file, hp + (k,), k, v),
                )
            elif h.get("type") in M.HANDLER_TYPES and h.get("type") != "command":
                # ignored on this type: removing a boolean changes nothing (safe); any other value is left alone
                yield ctx.at(
                    f"{k} is only supported on command hooks; it is ignored on a {h.get('type')} hook",
                    file=cfg.file,
                    pointer=hp + (k,),
                    key=True,
                    severity=WARNING,
                    fix=make_fix(
                        f'remove "{k}" (ignored on a {h.get("type")} hook)', json_remove_member(cfg.file, hp + (k,))
                    )
                    if isinstance(v, bool)
                    else None,
                )
        if (
            h.get("async") is True
            and event in GUARD_EVENTS + ("Stop", "UserPromptSubmit")
            and h.get("type") == "command"
        ):
            yield ctx.at(
                f"an async {event} hook cannot block or decide anything; it only reports afterwards",
                file=cfg.file,
                pointer=hp + ("async",),
                key=True,
                severity=INFO,
                hint="drop async if this hook is meant to guard",
            )


def boolean_string_fix(sf: SourceFile | None, ptr: tuple, k: str, v: Any) -> Fix | None:
    """`"true"` → `true` (safe), for a string that spells a boolean."""
    if isinstance(v, str) and v.strip().lower() in ("true", "false"):
        b = v.strip().lower() == "true"
        return make_fix(f"write {k} as the boolean {str(b).lower()}", json_set_value(sf, ptr, b))
    return None


@rule("HOOK012", "hook-field-types", area="hooks", severity=ERROR, target="hook_config", sources=["OFF050"])
def hook_field_types(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A handler field with the wrong type or value.

    `statusMessage` and `model` are strings; `shell` is `bash` or `powershell`; `args` and `allowedEnvVars` are
    arrays of strings; `headers` maps names to strings; `input` (mcp_tool) is an object; `once` and
    `continueOnBlock` are booleans. Claude Code ignores such a handler, so it never runs (under PreToolUse,
    PermissionRequest and PreSkillShellCommand it refuses the whole plugin). A field that belongs to another
    handler type is not checked here: Claude Code drops it (HOOK014).

    Wrong: `"shell": "zsh"`, `"args": "--fast"`
    Right: `"shell": "bash"`, `"args": ["--fast"]`
    """
    for event, _g, hi, h, hp in hook_handlers(cfg):
        if not isinstance(h, dict) or h.get("type") not in M.HANDLER_TYPES:
            continue
        t = h["type"]

        def has(k: str) -> bool:  # the field is part of this handler type (else Claude Code drops it unread)
            return k in h and t in _FIELD_TYPES[k]

        for k in ("statusMessage", "model"):
            if has(k) and not isinstance(h[k], str):
                yield ctx.at(
                    f"{k} must be a string, got {_type_name(h[k])}{_ignored(event)}", file=cfg.file, pointer=hp + (k,)
                )
        for k in ("once", "continueOnBlock"):
            if has(k) and not isinstance(h[k], bool):
                yield ctx.at(
                    f"{k} must be a boolean, got {_type_name(h[k])}{_ignored(event)}",
                    file=cfg.file,
                    pointer=hp + (k,),
                    fix=boolean_string_fix(cfg.file, hp + (k,), k, h[k]),
                )
        if has("shell") and h["shell"] not in ("bash", "powershell"):
            yield ctx.at(
                f"shell must be 'bash' or 'powershell', got {h['shell']!r}{_ignored(event)}",
                file=cfg.file,
                pointer=hp + ("shell",),
                fix=shell_case_fix(cfg.file, hp + ("shell",), h["shell"]),
            )
        for k in ("args", "allowedEnvVars"):
            if has(k) and not (isinstance(h[k], list) and all(isinstance(x, str) for x in h[k])):
                yield ctx.at(
                    f"{k} must be an array of strings{_ignored(event)}",
                    file=cfg.file,
                    pointer=hp + (k,),
                    fix=one_word_array_fix(cfg.file, hp + (k,), k, h[k]),
                )
        if has("headers") and not (
            isinstance(h["headers"], dict) and all(isinstance(x, str) for x in h["headers"].values())
        ):
            yield ctx.at(
                f"headers must map header names to strings{_ignored(event)}", file=cfg.file, pointer=hp + ("headers",)
            )
        if has("input") and not isinstance(h["input"], dict):
            yield ctx.at(
                f"input must be an object, got {_type_name(h['input'])}{_ignored(event)}",
                file=cfg.file,
                pointer=hp + ("input",),
            )


# the handler types whose schema has each field (Claude Code 2.1.332); on other types the field is dropped
_FIELD_TYPES = {
    "statusMessage": frozenset(HANDLER_KEYS),
    "once": frozenset(HANDLER_KEYS),
    "model": frozenset({"prompt", "agent"}),
    "continueOnBlock": frozenset({"prompt"}),
    "shell": frozenset({"command"}),
    "args": frozenset({"command"}),
    "allowedEnvVars": frozenset({"http"}),
    "headers": frozenset({"http"}),
    "input": frozenset({"mcp_tool"}),
}


def shell_case_fix(sf: SourceFile | None, ptr: tuple, v: Any) -> Fix | None:
    """`"Bash"` → `"bash"` (safe)."""
    if isinstance(v, str) and v.strip().lower() in ("bash", "powershell"):
        return make_fix(f'write "shell": "{v.strip().lower()}"', json_set_value(sf, ptr, v.strip().lower()))
    return None


def one_word_array_fix(sf: SourceFile | None, ptr: tuple, k: str, v: Any) -> Fix | None:
    """`"--fast"` → `["--fast"]` (safe), for one word without spaces."""
    if isinstance(v, str) and v and not re.search(r"\s", v):
        return make_fix(f"write {k} as an array", json_set_value(sf, ptr, [v]))
    return None


@rule("HOOK013", "hook-exec-form", area="hooks", severity=ERROR, target="hook_config", sources=["OFF052"])
def hook_exec_form(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """Exec form (`args` set) with a `command` that contains spaces.

    With `args`, Claude Code runs `command` directly, without a shell: `"command": "node script.js"` looks for
    an executable literally named `node script.js`, so the hook fails every time it fires. Put the program in
    `command` and every argument in `args`.
    `shell` is ignored in exec form.

    Wrong: `{"command": "node ${CLAUDE_PLUGIN_ROOT}/hook.js", "args": ["--fast"]}`
    Right: `{"command": "node", "args": ["${CLAUDE_PLUGIN_ROOT}/hook.js", "--fast"]}`
    """
    for event, _g, hi, h, hp in hook_handlers(cfg):
        if not isinstance(h, dict) or h.get("type") != "command" or not isinstance(h.get("args"), list):
            continue
        cmd = h.get("command")
        if isinstance(cmd, str) and re.search(r"\s", cmd.strip()):
            first = cmd.split()[0]
            yield ctx.at(
                f'with "args" the command runs without a shell: there is no executable named {cmd!r}, '
                "so this hook fails every time",
                file=cfg.file,
                pointer=hp + ("command",),
                hint=f'"command": "{first}" and move the rest into "args"',
                fix=exec_form_fix(cfg.file, hp, cmd, h["args"]),
            )
        if "shell" in h:
            yield ctx.at(
                '"shell" is ignored when "args" is set (exec form runs without a shell)',
                file=cfg.file,
                pointer=hp + ("shell",),
                key=True,
                severity=INFO,
                fix=make_fix('remove "shell" (ignored in exec form)', json_remove_member(cfg.file, hp + ("shell",))),
            )


def exec_form_fix(sf: SourceFile | None, hp: tuple, cmd: str, args: list) -> Fix | None:
    """Move the words after the program into `args` (unsafe: the words are split as a shell would)."""
    try:
        words = shlex.split(cmd)
    except ValueError:
        return None
    if len(words) < 2 or not all(isinstance(a, str) for a in args):
        return None
    return make_fix(
        f'run "{words[0]}" with the rest of the command in "args"',
        [json_set_value(sf, hp + ("command",), words[0]), json_set_value(sf, hp + ("args",), words[1:] + list(args))],
        safe=False,
    )


@rule("HOOK014", "hook-unknown-key", area="hooks", severity=INFO, target="hook_config", sources=["IMP002"])
def hook_unknown_key(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A key that Claude Code does not document for this handler type or matcher group.

    Unknown keys are ignored. The keys are those of Claude Code 2.1.332's handler schemas, internal ones included
    (`rewakeMessage` and `rewakeSummary` next to `asyncRewake`, `holdsTools`, `cloud`, as Anthropic's
    security-guidance plugin writes them; `onFailure` on command, http and mcp_tool hooks). Most unknown keys are
    typos (`timout`) or fields of another type (`url` on a command).

    Wrong: `{"type": "command", "command": "…", "timout": 30}`
    Right: `{"type": "command", "command": "…", "timeout": 30}`
    """
    for event, gi, g, gp in matcher_groups(cfg):
        if not isinstance(g, dict):
            continue
        for k in g:
            if k in GROUP_KEYS:
                continue
            belief = _group_belief(event, k, g[k])
            if belief is not None:
                b_msg, b_hint, remove_group = belief
                yield ctx.at(
                    b_msg,
                    file=cfg.file,
                    pointer=gp + (k,),
                    key=True,
                    severity=WARNING,
                    hint=b_hint,
                    # unsafe: the group the author switched off is removed, so it stops running (it runs today)
                    fix=make_fix(
                        f"remove the {event} group marked {k}: {json.dumps(g[k])}",
                        json_remove_member(cfg.file, gp),
                        safe=False,
                    )
                    if remove_group
                    else None,
                )
                continue
            yield ctx.at(
                f"unknown key {k!r} in a matcher group; it is ignored",
                file=cfg.file,
                pointer=gp + (k,),
                key=True,
                fix=rename_key_fix(cfg.file, gp + (k,), GROUP_KEYS, g),
            )
    for event, _g, hi, h, hp in hook_handlers(cfg):
        if not isinstance(h, dict) or not isinstance(h.get("type"), str) or h["type"] not in HANDLER_KEYS:
            continue
        allowed = COMMON_KEYS | HANDLER_KEYS[h["type"]]
        every = set().union(*HANDLER_KEYS.values()) | COMMON_KEYS
        for k in h:
            if k in allowed:
                continue
            if k in _ENV_KEYS and isinstance(h[k], dict):
                yield ctx.at(
                    f"{k!r} on a {h['type']} hook is ignored: Claude Code sets none of these variables for the hook",
                    file=cfg.file,
                    pointer=hp + (k,),
                    key=True,
                    severity=WARNING,
                    hint="set them in the command itself (`FOO=1 some-command`) or in the script",
                )
                continue
            hint: str | None
            fix: Fix | None
            if k in every:
                owner = [t for t, ks in HANDLER_KEYS.items() if k in ks]
                msg = f"{k!r} belongs to {'/'.join(owner)} hooks; it is ignored on a {h['type']} hook"
                hint = None
                # safe: Claude Code ignores the field on this type, so removing it changes nothing at run time
                fix = make_fix(f'remove "{k}" (ignored on a {h["type"]} hook)', json_remove_member(cfg.file, hp + (k,)))
            else:
                sug = difflib.get_close_matches(k, sorted(allowed), n=1, cutoff=0.75)
                msg = f"unknown key {k!r} in a {h['type']} hook; it is ignored"
                hint = f"did you mean {sug[0]!r}?" if sug else None
                fix = rename_key_fix(cfg.file, hp + (k,), allowed, h)
            yield ctx.at(msg, file=cfg.file, pointer=hp + (k,), key=True, hint=hint, fix=fix)


# keys people put on hooks believing Claude Code reads them: reported as warnings that say what really happens
_ENV_KEYS = ("environment", "env")
_OFF_KEYS = {"enabled": False, "disabled": True, "active": False}
_FILE_FILTER_KEYS = ("filePattern", "filePatterns", "file_pattern", "pathPattern", "paths", "glob", "files")


def _group_belief(event: str, key: str, value: Any) -> tuple[str, str, bool] | None:
    """(message, hint, the fix removes the group) for a matcher-group key that shows a wrong belief."""
    if key in _OFF_KEYS and value is _OFF_KEYS[key]:
        return (
            f'"{key}": {json.dumps(value)} does not switch the group off: Claude Code has no such switch, and this '
            f"{event} group still runs",
            "remove the group (or move it out of the plugin) to disable it",
            True,
        )
    if key in _FILE_FILTER_KEYS:
        return (
            f"{key!r} does not filter by file: Claude Code ignores it, and this {event} group runs for every "
            "call its matcher matches",
            'use "if" on the handler (e.g. "if": "Edit(*.ts)"), or check the file path in the script',
            False,
        )
    return None


def rename_key_fix(sf: SourceFile | None, ptr: tuple, known: set[str], obj: dict) -> Fix | None:
    """Rename a misspelt key to the one of ``known`` it surely means (safe)."""
    sug = nearest_key(ptr[-1], sorted(known), present=obj)
    return make_fix(f'rename "{ptr[-1]}" to "{sug}"', json_rename_key(sf, ptr, sug)) if sug else None


@rule("HOOK015", "hook-once-outside-skill", area="hooks", severity=WARNING, target="hook_config", sources=["OFF053"])
def hook_once_outside_skill(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """`once` on a plugin hook: it is honoured only in skill frontmatter.

    `once: true` runs a hook a single time per session only for hooks declared in a skill's frontmatter. In
    hooks.json, the manifest and agent frontmatter it is ignored, so the hook runs every time.

    Wrong: `{"type": "command", "command": "…/setup.sh", "once": true}` in hooks/hooks.json
    Right: keep a marker file in `${CLAUDE_PLUGIN_DATA}` and exit early when it exists.
    """
    for event, _g, hi, h, hp in hook_handlers(cfg):
        if isinstance(h, dict) and h.get("once") is True:
            yield ctx.at(
                '"once" is only honoured in skill frontmatter; here the hook runs every time',
                file=cfg.file,
                pointer=hp + ("once",),
                key=True,
                hint="remove it, or guard the script with a marker file in ${CLAUDE_PLUGIN_DATA}",
                # it is ignored here, so nothing changes at run time (safe)
                fix=make_fix(
                    'remove "once" (ignored outside skill frontmatter)', json_remove_member(cfg.file, hp + ("once",))
                ),
            )


@rule("HOOK016", "hook-type-event", area="hooks", severity=ERROR, target="hook_config", sources=["OFF049", "HKS012"])
def hook_type_event(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """A handler type that the event does not support.

    `prompt` and `agent` hooks work on 13 events (PreToolUse, PostToolUse, Stop, UserPromptSubmit, …), not on
    SessionStart, Setup, Notification, SessionEnd, PreCompact and the other lifecycle events. SessionStart and
    Setup accept only `command` and `mcp_tool` (no `http` either). Claude Code does not run such a handler.

    Wrong: `"SessionStart": [{"hooks": [{"type": "prompt", "prompt": "…"}]}]`
    Right: `"SessionStart": [{"hooks": [{"type": "command", "command": "…"}]}]`
    """
    for event, _g, hi, h, hp in hook_handlers(cfg):
        info = M.EVENTS.get(event)
        if info is None or not isinstance(h, dict):
            continue
        t = h.get("type")
        if t in M.HANDLER_TYPES and t not in info.handler_types:
            ok = ", ".join(x for x in M.HANDLER_TYPES if x in info.handler_types)
            yield ctx.at(
                f"{event} does not support {t} hooks (only {ok}); this handler never runs",
                file=cfg.file,
                pointer=hp + ("type",),
                hint="use a command hook" if t != "command" else None,
            )


@rule("HOOK017", "hook-if-invalid", area="hooks", severity=ERROR, target="hook_config", sources=["OFF048"])
def hook_if_invalid(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """`if` on an event that does not evaluate it, or an `if` that is not a single permission rule.

    `if` takes one permission rule such as `Bash(git *)` or `Edit(*.ts)` and is evaluated only on PreToolUse,
    PostToolUse, PostToolUseFailure, PermissionRequest, PermissionDenied and PreSkillShellCommand. On any other
    event a handler with `if` **never runs** ("cannot be evaluated for non-tool event"), and an `if` that is not a
    string makes Claude Code ignore the handler (errors). `&&` / `||` are not supported (a warning).

    Wrong: `"Stop": [{"hooks": [{"type": "command", "if": "Bash(git *)", …}]}]`
    Right: `"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "if": "Bash(git *)", …}]}]`
    """
    for event, _g, hi, h, hp in hook_handlers(cfg):
        if not isinstance(h, dict) or "if" not in h:
            continue
        v = h["if"]
        if not isinstance(v, str):
            yield ctx.at(
                f"if must be a permission rule string, got {_type_name(v)}{_ignored(event)}",
                file=cfg.file,
                pointer=hp + ("if",),
            )
            continue
        if event in M.EVENTS and event not in M.IF_EVENTS:
            yield ctx.at(
                f'"if" is only evaluated on tool events; on {event} this handler never runs',
                file=cfg.file,
                pointer=hp + ("if",),
                key=True,
                hint='remove "if" or move the hook to PreToolUse/PostToolUse',
            )
        elif "&&" in v or "||" in v:
            yield ctx.at(
                '"if" takes one permission rule; && and || are not supported',
                file=cfg.file,
                pointer=hp + ("if",),
                severity=WARNING,
                hint="use one handler per rule, or a matcher",
            )
        elif not re.fullmatch(r"\s*[A-Za-z_][\w-]*(\(.*\))?\s*", v, re.S) and not v.startswith("mcp__"):
            yield ctx.at(
                f'"if" should be one permission rule such as Bash(git *) or Edit(*.ts), got {v!r}',
                file=cfg.file,
                pointer=hp + ("if",),
                severity=WARNING,
            )


@rule(
    "HOOK030",
    "hook-timeout-range",
    area="hooks",
    severity=WARNING,
    target="hook_config",
    sources=["HKS014", "HKS015", "PDS045"],
    profiles=["plugin-dev"],
)
def hook_timeout_range(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """(plugin-dev) A timeout above 600 s or below 5 s.

    plugin-dev's validate-hook-schema.sh flags timeouts over 600 s as "very high" and under 5 s as "very low".
    Claude Code itself documents no maximum (the default is 600 s for command hooks, 30 s for prompt hooks).

    Wrong: `"timeout": 3600`
    Right: `"timeout": 60`
    """
    for event, _g, hi, h, hp in hook_handlers(cfg):
        if not isinstance(h, dict):
            continue
        v = h.get("timeout")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0:
            continue
        if v > 600:
            yield ctx.at(
                f"Timeout {v} seconds is very high (plugin-dev: max 600s)", file=cfg.file, pointer=hp + ("timeout",)
            )
        elif v < 5:
            yield ctx.at(f"Timeout {v} seconds is very low", file=cfg.file, pointer=hp + ("timeout",))


_PD_PROMPT_EVENTS = ("Stop", "SubagentStop", "UserPromptSubmit", "PreToolUse")


@rule(
    "HOOK031",
    "hook-prompt-event-plugin-dev",
    area="hooks",
    severity=WARNING,
    target="hook_config",
    sources=["HKS012", "PDS046"],
    profiles=["plugin-dev"],
)
def hook_prompt_event_plugin_dev(ctx: Context, cfg: HookConfig) -> Iterator[Diagnostic]:
    """(plugin-dev) A prompt hook outside Stop, SubagentStop, UserPromptSubmit and PreToolUse.

    plugin-dev recommends prompt hooks only on those four events. Claude Code supports them on more (see
    HOOK016 for the events where they really do not run).

    Wrong: a prompt hook on PostToolUse (in the plugin-dev profile)
    Right: a prompt hook on PreToolUse or Stop
    """
    for event, _g, hi, h, hp in hook_handlers(cfg):
        if not isinstance(h, dict) or h.get("type") != "prompt" or event in _PD_PROMPT_EVENTS:
            continue
        info = M.EVENTS.get(event)
        if info is not None and "prompt" not in info.handler_types:
            continue  # HOOK016 reports it
        yield ctx.at(
            f"Prompt hooks may not be fully supported on {event} (best on Stop, SubagentStop, "
            "UserPromptSubmit, PreToolUse)",
            file=cfg.file,
            pointer=hp + ("type",),
        )
