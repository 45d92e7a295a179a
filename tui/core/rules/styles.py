"""Output styles (`output-styles/*.md`), monitors (`monitors/monitors.json`, F.6) and themes (`themes/*.json`, F.7)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..base.fixtypes import Fix, make_fix
from ..lint.context import Context
from ..lint.registry import rule
from ..model.plugin import Monitor, OutputStyle, Plugin, SourceFile, Theme
from ..parse.edits import fm_rename_key, json_rename_key, json_set_value
from ._kit.markdown import (
    common_type_checks,
    description_fix,
    fm_data,
    fm_state,
    is_boolish,
    md_file,
    nearest_choice,
    suggest_key,
    type_name,
)

STYLE_KEYS = ("name", "description", "keep-coding-instructions", "force-for-plugin")
MONITOR_KEYS = ("name", "command", "description", "when")
THEME_KEYS = ("name", "base", "overrides")
THEME_BASES = ("dark", "light", "dark-daltonized", "light-daltonized", "dark-ansi", "light-ansi")
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_COLOR_FN = re.compile(r"^(?:rgb|ansi256|ansi)\(")


# ------------------------------------------------------------------------------------------- output styles


@rule("STY001", "output-style-description-missing", area="styles", severity=INFO, target="output_style")
def style_description(ctx: Context, style: OutputStyle) -> Iterator[Diagnostic]:
    """An output style has no description.

    `/config` lists output styles with their description; without one users cannot tell what it changes.

    Wrong: frontmatter with only `name: Teacher`.
    Right: `description: Explains each change as it makes it`.
    """
    sf = md_file(style)
    if sf is None or fm_state(style) == "broken":
        return
    if not fm_data(style).get("description"):
        yield ctx.at(
            "no description: /config shows this output style without one",
            file=sf,
            fm_key="description" if "description" in fm_data(style) else None,
            line=None if "description" in fm_data(style) else 1,
            hint="add `description:`",
            fix=description_fix(sf, style.body),  # unsafe: the body's first sentence or heading
        )


@rule("STY002", "output-style-field-type", area="styles", severity=WARNING, target="output_style")
def style_field_type(ctx: Context, style: OutputStyle) -> Iterator[Diagnostic]:
    """An output style field has the wrong type.

    `name` and `description` are strings; `keep-coding-instructions` and `force-for-plugin` are booleans. Claude
    Code 2.1.332 loads the style either way: a list or mapping description is omitted (the first paragraph is
    used), a name is read as text, a boolean it cannot read is ignored.

    Wrong: `keep-coding-instructions: sometimes`.
    Right: `keep-coding-instructions: true`.
    """
    sf = md_file(style)
    data = fm_data(style)
    if sf is None or not data:
        return
    yield from common_type_checks(ctx, style, "output style", tool_keys=(), skill_like=False)
    for key in ("keep-coding-instructions", "force-for-plugin"):
        if key in data and not is_boolish(data[key]):
            yield ctx.at(f"{key} must be true or false, got {data[key]!r}", file=sf, fm_key=key, fm_value=True)


@rule("STY003", "output-style-unknown-field", area="styles", severity=INFO, target="output_style")
def style_unknown_field(ctx: Context, style: OutputStyle) -> Iterator[Diagnostic]:
    """An output style frontmatter field that Claude Code does not know.

    Output styles read `name`, `description`, `keep-coding-instructions` and `force-for-plugin`.

    Wrong: `keep_coding_instructions: true`.
    Right: `keep-coding-instructions: true`.
    """
    sf = md_file(style)
    if sf is None:
        return
    for key in fm_data(style):
        k = str(key)
        if k in STYLE_KEYS:
            continue
        close = suggest_key(k, STYLE_KEYS)
        yield ctx.at(
            f"unknown frontmatter field '{k}'",
            file=sf,
            fm_key=k,
            hint=f"did you mean '{close}'?" if close else "Claude Code ignores it",
            fix=_rename_field_fix(sf, k, close),
        )


def _rename_field_fix(sf: SourceFile, key: str, target: str | None) -> Fix | None:
    """Safe: rename a misspelt key to the one it surely meant (`keep_coding_instructions` →
    `keep-coding-instructions`); a plural or singular of a known key is a different field, not a typo."""
    if target is None or key.lower() in (target.lower() + "s", target.lower()[:-1]):
        return None
    return make_fix(f"rename '{key}' to '{target}'", fm_rename_key(sf, key, target))


@rule("STY004", "output-style-body-empty", area="styles", severity=WARNING, target="output_style")
def style_body_empty(ctx: Context, style: OutputStyle) -> Iterator[Diagnostic]:
    """An output style has no body.

    The body is the text that replaces (or extends) the system prompt's style section; an empty style
    changes nothing except dropping the coding instructions.

    Wrong: a file that ends after the frontmatter.
    Right: instructions such as "Explain each step before making it."
    """
    sf = md_file(style)
    if sf is not None and fm_state(style) != "broken" and not style.body.strip():
        yield ctx.at(
            "output style has no instructions (empty body)",
            file=sf,
            line=(sf.fm.end_line if sf.fm is not None else 0) or 1,
            hint="write the style's instructions below the frontmatter",
        )


@rule("STY005", "output-style-conflict", area="styles", severity=WARNING, target="plugin")
def style_conflict(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """Two output styles of a plugin share a name, or more than one sets `force-for-plugin`.

    Only one style with a given name is offered; and when several styles force themselves, the first one
    loaded wins, so the others never apply.

    Wrong: `concise.md` and `short.md` both `force-for-plugin: true`.
    Right: at most one forced style per plugin.
    """
    names: dict[str, OutputStyle] = {}
    forced: list[OutputStyle] = []
    for s in plugin.output_styles:
        sf = md_file(s)
        if sf is None:
            continue
        key = s.name.lower()
        if key in names:
            yield ctx.at(
                f"output style '{s.name}' is also defined in {names[key].rel}",
                file=sf,
                fm_key="name" if "name" in fm_data(s) else None,
                line=None if "name" in fm_data(s) else 1,
                hint="rename one of them",
            )
        else:
            names[key] = s
        v = fm_data(s).get("force-for-plugin")
        if v is True or (isinstance(v, str) and v.lower() in ("true", "yes", "on", "1")):
            forced.append(s)
    for s in forced[1:]:
        yield ctx.at(
            f"several output styles set force-for-plugin; only the first loaded ('{forced[0].name}') applies",
            file=md_file(s),
            fm_key="force-for-plugin",
            hint="force at most one style",
        )


# ----------------------------------------------------------------------------------------------- monitors


@rule("STY010", "monitor-schema", area="styles", severity=ERROR, target="monitor", sources=["OFF023"])
def monitor_schema(ctx: Context, mon: Monitor) -> Iterator[Diagnostic]:
    """A monitor entry does not match the monitors schema.

    `monitors/monitors.json` is an array of strict objects with `name`, `command` and `description` (all
    required, strings) and an optional `when` (`"always"` or `"on-skill-invoke:<skill>"`). Claude Code
    rejects the file (no monitors start) when an entry is malformed or has an unknown key.

    Wrong: `[{"name": "log", "cmd": "tail -f log"}]`.
    Right: `[{"name": "log", "command": "tail -f log", "description": "Watches the build log"}]`.
    """
    sf = mon.file
    cfg = mon.config
    ptr = mon.pointer
    if sf is None:
        return
    if not ptr and sf.kind == "json" and not isinstance(cfg, list):
        if sf.data is None:
            return  # FILE004 reports the syntax error
        yield ctx.at(
            f"monitors file must be a JSON array of monitor objects, got {type_name(cfg)}",
            file=sf,
            pointer=(),
            hint='[{"name": "…", "command": "…", "description": "…"}]',
        )
        return
    if not isinstance(cfg, dict):
        yield ctx.at(f"a monitor must be an object, got {type_name(cfg)}", file=sf, pointer=ptr)
        return
    # safe: misspelt fields renamed to the ones they surely meant (`descripton` → `description`); the one fix
    # answers both the unknown field and the "missing required field" finding the typo causes
    renames = _monitor_renames(cfg)
    rename_fix = _monitor_rename_fix(sf, ptr, renames) if renames else None
    for key in ("name", "command", "description"):
        if key not in cfg:
            yield ctx.at(
                f"monitor is missing required field '{key}'",
                file=sf,
                pointer=ptr,
                fix=rename_fix if key in renames.values() else None,
            )
        elif not isinstance(cfg[key], str) or not cfg[key].strip():
            yield ctx.at(f"monitor '{key}' must be a non-empty string", file=sf, pointer=ptr + (key,))
    for key in cfg:
        if key not in MONITOR_KEYS:
            yield ctx.at(
                f"unknown monitor field '{key}' (monitors are strict objects)",
                file=sf,
                pointer=ptr + (key,),
                key=True,
                hint="allowed: " + ", ".join(MONITOR_KEYS),
                fix=rename_fix if key in renames else None,
            )
    if "when" in cfg:
        w = cfg["when"]
        if not isinstance(w, str) or not (w == "always" or re.fullmatch(r"on-skill-invoke:\S+", w)):
            yield ctx.at(
                f'when {w!r} must be "always" or "on-skill-invoke:<skill-name>"', file=sf, pointer=ptr + ("when",)
            )


def _monitor_renames(cfg: dict[str, Any]) -> dict[str, str]:
    """Unknown monitor keys that clearly mean a missing known key (`descripton` → `description`)."""
    out: dict[str, str] = {}
    for k in cfg:
        if k in MONITOR_KEYS:
            continue
        free = tuple(m for m in MONITOR_KEYS if m not in cfg and m not in out.values())
        best, clear = nearest_choice(k, free)
        if best is not None and clear:
            out[k] = best
    return out


def _monitor_rename_fix(sf: SourceFile, ptr: tuple[Any, ...], renames: dict[str, str]) -> Fix | None:
    """Safe: every misspelt field of one monitor renamed (one fix, so it applies once)."""
    return make_fix(
        "rename " + ", ".join(f"'{k}' to '{v}'" for k, v in renames.items()),
        [json_rename_key(sf, ptr + (k,), v) for k, v in renames.items()],
    )


@rule("STY011", "monitor-duplicate-name", area="styles", severity=ERROR, target="plugin", sources=["OFF023"])
def monitor_duplicate(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """Two monitors of one plugin have the same name.

    Monitor names must be unique within a plugin.

    Wrong: two entries named `build-log`.
    Right: `build-log` and `test-log`.
    """
    seen = set()
    for m in plugin.monitors:
        cfg = m.config
        n = cfg.get("name") if isinstance(cfg, dict) else None
        if not isinstance(n, str):
            continue
        if n in seen:
            yield ctx.at(f"duplicate monitor name '{n}'", file=m.file, pointer=m.pointer + ("name",))
        seen.add(n)


@rule("STY012", "monitor-unknown-skill", area="styles", severity=WARNING, target="monitor")
def monitor_unknown_skill(ctx: Context, mon: Monitor) -> Iterator[Diagnostic]:
    """A monitor starts `on-skill-invoke:` a skill that the plugin does not have.

    The monitor then never starts.

    Wrong: `"when": "on-skill-invoke:deploy"` with no `deploy` skill.
    Right: the name of one of the plugin's skills (or commands).
    """
    cfg = mon.config
    w = cfg.get("when") if isinstance(cfg, dict) else None
    if not isinstance(w, str) or not w.startswith("on-skill-invoke:") or mon.plugin is None:
        return
    target = w.split(":", 1)[1].strip()
    plugin = mon.plugin
    names = {s.name for s in plugin.skills} | {c.name for c in plugin.commands}
    short = target.split(":")[-1]
    if target and target not in names and short not in names:
        yield ctx.at(
            f"no skill named '{target}' in this plugin; the monitor never starts",
            file=mon.file,
            pointer=mon.pointer + ("when",),
            hint="known: " + (", ".join(sorted(names)) or "none"),
        )


# ------------------------------------------------------------------------------------------------- themes


@rule("STY020", "theme-shape", area="styles", severity=WARNING, target="theme")
def theme_shape(ctx: Context, theme: Theme) -> Iterator[Diagnostic]:
    """A theme file does not have the `{name, base, overrides}` shape.

    Themes are `{"name": "…", "base": "dark", "overrides": {"token": "#rrggbb"}}`. A file that is not an
    object is not loaded (error); an unknown base preset, non-object overrides or colours that are not hex
    values are ignored (warnings).

    Wrong: `{"name": "Ocean", "base": "midnight", "overrides": {"claude": "blue-ish"}}`.
    Right: `{"name": "Ocean", "base": "dark", "overrides": {"claude": "#1e90ff"}}`.
    """
    sf = theme.file
    if sf is None or sf.json is None or not sf.json.ok:
        return
    d = sf.data
    if not isinstance(d, dict):
        yield ctx.at(f"a theme must be a JSON object, got {type_name(d)}", file=sf, pointer=(), severity=ERROR)
        return
    if "name" in d and not isinstance(d["name"], str):
        yield ctx.at("theme name must be a string", file=sf, pointer=("name",), severity=ERROR)
    if "base" in d and d["base"] not in THEME_BASES:
        yield ctx.at(
            f"base {d['base']!r} is not a preset ({', '.join(THEME_BASES)})",
            file=sf,
            pointer=("base",),
            fix=_theme_base_fix(sf, d["base"]),
        )
    ov = d.get("overrides")
    if "overrides" in d and not isinstance(ov, dict):
        yield ctx.at(
            f"overrides must be an object of token → colour, got {type_name(ov)}", file=sf, pointer=("overrides",)
        )
    elif isinstance(ov, dict):
        for k, v in ov.items():
            if not isinstance(v, str) or not (_HEX.match(v) or _COLOR_FN.match(v)):
                yield ctx.at(f'override {k!r}: {v!r} is not a colour like "#1e90ff"', file=sf, pointer=("overrides", k))
    for k in d:
        if k not in THEME_KEYS and not str(k).startswith("$"):
            yield ctx.at(f"unknown theme field '{k}'", file=sf, pointer=(k,), key=True, severity=INFO)


def _theme_base_fix(sf: SourceFile, base: Any) -> Fix | None:
    """Unsafe: the nearest preset for an unknown `base` (`drak` → dark); a choice when none is clearly nearest."""
    best, clear = nearest_choice(base, THEME_BASES)
    best = best if clear and best is not None else "dark"
    return make_fix(
        f"set base to {best}" + ("" if clear else " (pick a preset)"),
        json_set_value(sf, ("base",), best),
        safe=False,
        needs_choice=not clear,
    )
