"""plugin.json rules: fields, names, component paths."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..base.fixtypes import Fix, make_fix
from ..lint.context import Context
from ..lint.registry import rule
from ..model.plugin import ComponentPath, Plugin, SourceFile
from ..parse.edits import json_remove_member, json_rename_key, json_set_value
from ..parse.fsread import normalize
from ..spec.schema import schema_errors
from ._kit.jsonedit import string_edit
from ._kit.names import (
    KEBAB,
    KNOWN_FIELDS,
    author_email_problem,
    did_you_mean,
    is_reserved,
    kebab_name,
    kebab_note,
    to_kebab,
)

# fields whose types are checked by the schema; the others have their own rules or are free-form
MARKETPLACE_ONLY = ("category", "tags", "strict", "source", "id", "relevance")
FOREIGN = {
    **dict.fromkeys(
        (
            "main",
            "scripts",
            "devDependencies",
            "peerDependencies",
            "optionalDependencies",
            "private",
            "type",
            "files",
            "bin",
            "module",
            "exports",
            "contributors",
            "publishConfig",
            "packageManager",
            "workspaces",
            "browser",
            "typings",
        ),
        "an npm package.json",
    ),
    **dict.fromkeys(
        ("contributes", "activationEvents", "publisher", "categories", "galleryBanner"), "a VS Code extension manifest"
    ),
    **dict.fromkeys(
        (
            "manifest_version",
            "server",
            "tools",
            "prompts",
            "display_name",
            "long_description",
            "tools_generated",
            "compatibility",
        ),
        "an MCPB bundle manifest",
    ),
}
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
PD_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#]+[^\s]*$")
_OFFICIAL_MARKETS = {
    "claude-plugins-official",
    "claude-code-plugins",
    "anthropic-agent-skills",
    "claude-code-marketplace",
    "claude-plugins-community",
    "claude-community",
    "anthropic-marketplace",
    "anthropic-plugins",
    "agent-skills",
    "knowledge-work-plugins",
    "life-sciences",
    "claude-for-legal",
    "claude-for-financial-services",
    "financial-services-plugins",
    "first-party-plugins",
    "healthcare",
}
USER_CONFIG_KEY = re.compile(r"^[A-Za-z_]\w*$")
# manifest path fields and the default folder each one replaces (A.4)
REPLACES = {
    "commands": "commands",
    "agents": "agents",
    "outputStyles": "output-styles",
    "workflows": "workflows",
    "themes": "themes",
    "monitors": "monitors",
}
PATH_FIELDS = (
    "commands",
    "agents",
    "skills",
    "outputStyles",
    "themes",
    "workflows",
    "monitors",
    "hooks",
    "mcpServers",
    "lspServers",
)
JSON_SUFFIX_FIELDS = ("hooks", "mcpServers", "lspServers", "monitors")
SPDX_COMMON = {
    "MIT",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "GPL-2.0",
    "GPL-3.0",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "LGPL-2.1",
    "LGPL-3.0",
    "LGPL-2.1-only",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "MPL-2.0",
    "AGPL-3.0",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "Unlicense",
    "CC0-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "0BSD",
    "BSL-1.0",
    "EPL-2.0",
    "Zlib",
    "UNLICENSED",
    "WTFPL",
    "Artistic-2.0",
    "PolyForm-Noncommercial-1.0.0",
    "Elastic-2.0",
    "BUSL-1.1",
    "SEE LICENSE IN LICENSE",
    "Proprietary",
}


def _manifest(plugin: Plugin) -> tuple[SourceFile | None, Any]:
    sf = plugin.manifest
    if sf is None or sf.data is None:
        return None, None
    return sf, sf.data


def _obj(plugin: Plugin) -> tuple[SourceFile | None, dict[str, Any]]:
    """The manifest file and its object; (None, {}) when there is none or it is not an object."""
    sf, data = _manifest(plugin)
    return (sf, data) if isinstance(data, dict) else (None, {})


def _bad_chars(s: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf") for c in s)


def name_problem(name: str) -> str | None:
    """Why Claude Code refuses a plugin (or marketplace entry) name, or None."""
    if not name.strip():
        return "plugin name cannot be empty"
    if _bad_chars(name):
        return "plugin name cannot contain control or bidirectional-formatting characters"
    if any(c.isspace() for c in name):
        return f"plugin name {name!r} cannot contain spaces; use kebab-case"
    return None


@rule("MAN001", "manifest-not-object", area="manifest", severity=ERROR, target="plugin", sources=["OFF003"])
def manifest_not_object(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """plugin.json is valid JSON but not an object.

    Claude Code reads the manifest as an object of fields; `null`, an array or a string makes the plugin fail
    to load ("manifest must be an object").

    Wrong: `[{"name": "my-plugin"}]`
    Right: `{"name": "my-plugin"}`
    """
    sf, data = _manifest(plugin)
    if sf is not None and not isinstance(data, dict):
        yield ctx.at(
            "plugin.json must be a JSON object",
            file=sf,
            pointer=(),
            hint='wrap the fields in one object: {"name": "my-plugin", …}',
        )


@rule("MAN002", "manifest-name-missing", area="manifest", severity=ERROR, target="plugin", sources=["OFF002", "PVA003"])
def name_missing(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """plugin.json has no `name`, or it is not a string.

    `name` is the only required field once a manifest exists. Without it the plugin fails to load:
    "Validation errors: name: Invalid input: expected string, received undefined".

    Wrong: `{"version": "1.0.0"}`
    Right: `{"name": "my-plugin", "version": "1.0.0"}`
    """
    sf, data = _obj(plugin)
    if sf is None:
        return
    if "name" not in data:
        yield ctx.at(
            "missing required field 'name'",
            file=sf,
            pointer=(),
            hint=f'add "name": "{to_kebab(plugin.rel.rsplit("/", 1)[-1] or sf.abs.parent.parent.name)}"',
        )
    elif not isinstance(data["name"], str):
        yield ctx.at(f"'name' must be a string, got {type(data['name']).__name__}", file=sf, pointer=("name",))


@rule("MAN003", "manifest-name-invalid", area="manifest", severity=ERROR, target="plugin", sources=["PVA004", "OFF002"])
def name_invalid(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """The plugin name is empty, has spaces, or control/bidirectional-formatting characters.

    Claude Code refuses such a name: it is used in `/plugin:command` ids, `enabledPlugins` keys and folder
    names, and invisible characters make a plugin look like another one.

    Wrong: `"name": "My Plugin"`
    Right: `"name": "my-plugin"`
    """
    sf, data = _obj(plugin)
    if sf is None or not isinstance(data.get("name"), str):
        return
    why = name_problem(data["name"])
    if why:
        yield ctx.at(
            why,
            file=sf,
            pointer=("name",),
            hint=f'use kebab-case, e.g. "{to_kebab(data["name"])}"',
            fix=rename_plugin_fix(sf, data["name"]),
        )


@rule("MAN004", "manifest-name-reserved", area="manifest", severity=WARNING, target="plugin", sources=[])
def name_reserved(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """The plugin name passes for one of Anthropic's own.

    `claude plugin validate` rejects names that are `claude`, `anthropic`, `anthropics`, `claude-code`,
    `claude-mods`, start with `claude-`, `anthropic-`, `anthropics-` or `cc-plugin-`, or put "official" next to
    claude/anthropic. Claude Code 2.1.332 itself loads and installs such a plugin under its name.

    Wrong: `"name": "claude-helper"`
    Right: `"name": "helper-for-claude"`
    """
    sf, data = _obj(plugin)
    if sf is None or not isinstance(data.get("name"), str):
        return
    market = ctx.project.marketplace
    if market is not None and plugin.rel and market.name.lower() in _OFFICIAL_MARKETS:
        return  # Claude Code skips this check for the plugins of Anthropic's own marketplaces
    if is_reserved(data["name"]):
        yield ctx.at(
            f"plugin name {data['name']!r} is reserved: it passes as one of Anthropic's own plugins; "
            "`claude plugin validate` rejects this; Claude Code 2.1.332 loads the plugin under this name",
            file=sf,
            pointer=("name",),
            hint="pick a name that does not start with claude-/anthropic-",
        )


@rule(
    "MAN005",
    "manifest-name-not-kebab",
    area="manifest",
    severity=WARNING,
    target="plugin",
    sources=["OFF006", "PDS003"],
)
def name_not_kebab(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """The plugin name is not kebab-case.

    Claude Code loads it but warns; claude.ai sync rejects it, and names with `@ : /` or non-ASCII letters
    cannot be installed from a marketplace. plugin-dev requires `^[a-z][a-z0-9]*(-[a-z0-9]+)*$` (an error in
    the plugin-dev profile).

    Wrong: `"name": "MyPlugin"`, `"name": "code_review"`
    Right: `"name": "my-plugin"`, `"name": "code-review"`
    """
    sf, data = _obj(plugin)
    if sf is None or not isinstance(data.get("name"), str):
        return
    name = data["name"]
    if name_problem(name):
        return
    pd = ctx.profile == "plugin-dev"
    if not KEBAB.match(name) or (pd and not PD_NAME.match(name)):
        yield ctx.at(
            kebab_note(name)
            if KEBAB.match(name) is None
            else f"name {name!r} must start with a letter (plugin-dev naming rule)",
            file=sf,
            pointer=("name",),
            severity=ERROR if pd else None,
            hint=f'use "{to_kebab(name)}"',
            fix=rename_plugin_fix(sf, name),
        )


def rename_plugin_fix(sf: SourceFile, name: str) -> Fix | None:
    """Write the kebab-case form of the plugin name (unsafe: the plugin's id, its `enabledPlugins` key and the
    namespace of its commands change); none when there is no mechanical one or it would be a reserved name."""
    new = kebab_name(name)
    if new is None or is_reserved(new):
        return None
    return make_fix(f'rename the plugin to "{new}"', json_set_value(sf, ("name",), new), safe=False)


@rule(
    "MAN006", "manifest-missing-metadata", area="manifest", severity=INFO, target="plugin", sources=["OFF007", "PVA006"]
)
def missing_metadata(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """plugin.json lacks `version`, `description` or `author` (or the description is empty).

    The plugin loads without them (advice): Claude Code's validator warns about each, without a version users
    cannot tell releases apart, and the description and author are what `/plugin` and marketplaces show.

    Wrong: `{"name": "my-plugin"}`
    Right: `{"name": "my-plugin", "version": "1.0.0", "description": "…", "author": {"name": "Jane"}}`
    """
    sf, data = _obj(plugin)
    if sf is None:
        return
    if "version" not in data:
        yield ctx.at("no version specified", file=sf, pointer=(), hint='add "version": "1.0.0"')
    desc = data.get("description")
    if "description" not in data:
        yield ctx.at("no description provided", file=sf, pointer=(), hint='add a one-sentence "description"')
    elif isinstance(desc, str) and not desc.strip():
        yield ctx.at("description is empty", file=sf, pointer=("description",))
    if "author" not in data:
        yield ctx.at("no author information provided", file=sf, pointer=(), hint='add "author": {"name": "…"}')


# plugin.json fields Claude Code 2.1.332 drops when malformed ("ignored "author" in plugin.json …; the plugin still
# loads"), though `claude plugin validate` rejects them; any other schema error refuses the plugin
DISPLAY_FIELDS = ("$schema", "displayName", "description", "author", "homepage", "repository", "license", "keywords")
VALIDATE_ONLY = "`claude plugin validate` rejects this; Claude Code 2.1.332 loads the plugin and ignores the field"
_TYPE_HINTS = {
    ("author",): 'use an object: "author": {"name": "Jane", "email": "jane@example.com"}',
    ("repository",): 'use a string: "repository": "https://github.com/owner/repo"',
    ("keywords",): 'use an array: "keywords": ["a", "b"]',
}


@rule(
    "MAN007",
    "manifest-field-type",
    area="manifest",
    severity=ERROR,
    target="plugin",
    sources=["OFF003", "OFF019", "OFF020", "OFF021", "OFF025", "PVA007", "PVA008"],
)
def field_types(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A recognized plugin.json field has the wrong type or shape.

    For most fields a wrong type makes the plugin fail to load (Claude Code's schema rejects the whole
    manifest): userConfig options without `title`/`description` or with unknown keys, channels with unknown
    keys, dependency names with spaces, a `version` number. The display fields (`description`, `displayName`,
    `author`, `homepage`, `repository`, `license`, `keywords`, `$schema`) are different: `claude plugin
    validate` rejects a malformed one, but Claude Code 2.1.332 loads the plugin and ignores the field (a
    warning), e.g. an npm-style `author` string or a `repository` object.

    Wrong: `"author": "Jane <jane@example.com>"`, `"repository": {"type": "git", "url": "…"}`
    Right: `"author": {"name": "Jane", "email": "jane@example.com"}`, `"repository": "https://…"`
    """
    sf, data = _obj(plugin)
    if sf is None:
        return
    for pointer, message in schema_errors("plugin", data):
        m = re.match(r"unknown field '(.+)'$", message)
        if m:
            yield ctx.at(
                message + " (this object accepts no other keys)", file=sf, pointer=pointer + (m.group(1),), key=True
            )
        elif pointer and pointer[0] in DISPLAY_FIELDS:
            yield ctx.at(
                f"{message}: {VALIDATE_ONLY}",
                file=sf,
                pointer=pointer,
                hint=_TYPE_HINTS.get(pointer[:1]),
                severity=WARNING,
            )
        else:
            yield ctx.at(message, file=sf, pointer=pointer, hint=_TYPE_HINTS.get(pointer[:1]))
    uc = data.get("userConfig")
    for base, cfg in [(("userConfig",), uc)] + [
        (("channels", i, "userConfig"), ch.get("userConfig"))
        for i, ch in enumerate(data.get("channels") or [])
        if isinstance(data.get("channels"), list) and isinstance(ch, dict)
    ]:
        if isinstance(cfg, dict):
            for key in cfg:
                if not USER_CONFIG_KEY.match(str(key)):
                    yield ctx.at(
                        f"userConfig key {key!r} must be an identifier (letters, digits, _; not starting with a digit)",
                        file=sf,
                        pointer=base + (key,),
                        key=True,
                        hint="it becomes ${user_config.KEY} and CLAUDE_PLUGIN_OPTION_KEY",
                    )
    cmds = data.get("commands")
    if isinstance(cmds, dict):
        for k, spec in cmds.items():
            if isinstance(spec, dict) and ("source" in spec) == ("content" in spec):
                yield ctx.at(
                    f'command {k!r} must have either "source" (a file) or "content" (inline text), not both or neither',
                    file=sf,
                    pointer=("commands", k),
                    key=True,
                )


@rule(
    "MAN008", "manifest-user-config-semantics", area="manifest", severity=WARNING, target="plugin", sources=["OFF020"]
)
def user_config_semantics(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A userConfig option has settings that do not fit its type.

    `min`/`max` only apply to `number` options and `multiple` only to `string` options; a `default` of the
    wrong type, or `min` greater than `max`, gives users a form they cannot fill in.

    Wrong: `{"type": "string", "title": "Port", "description": "…", "min": 1}`
    Right: `{"type": "number", "title": "Port", "description": "…", "min": 1, "max": 65535}`
    """
    sf, data = _obj(plugin)
    if sf is None or not isinstance(data.get("userConfig"), dict):
        return
    for key, opt in data["userConfig"].items():
        if not isinstance(opt, dict):
            continue
        t = opt.get("type")
        ptr = ("userConfig", key)
        for f in ("min", "max"):
            if f in opt and t != "number":
                yield ctx.at(
                    f"'{f}' only applies to number options (this one is {t!r}); Claude Code ignores it",
                    file=sf,
                    pointer=ptr + (f,),
                    key=True,
                )
        if "multiple" in opt and t != "string":
            yield ctx.at(
                f"'multiple' only applies to string options (this one is {t!r})",
                file=sf,
                pointer=ptr + ("multiple",),
                key=True,
            )
        lo, hi = opt.get("min"), opt.get("max")
        if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and lo > hi:
            yield ctx.at(f"min ({lo}) is greater than max ({hi})", file=sf, pointer=ptr + ("min",))
        if "default" in opt:
            d = opt["default"]
            want = _OPTION_TYPES.get(t) if isinstance(t, str) else None
            bad = want is not None and (not isinstance(d, want) or (t == "number" and isinstance(d, bool)))
            if bad:
                yield ctx.at(f"default {d!r} does not match the option type {t!r}", file=sf, pointer=ptr + ("default",))


# the Python types of a userConfig option's `default`, per option type
_OPTION_TYPES: dict[str, type | tuple[type, ...]] = {
    "number": (int, float),
    "boolean": bool,
    "string": (str, list),
    "directory": str,
    "file": str,
}


@rule(
    "MAN009",
    "manifest-version-not-semver",
    area="manifest",
    severity=INFO,
    target="plugin",
    sources=["PVA005", "PDS005"],
)
def version_semver(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """`version` is not a semantic version `MAJOR.MINOR.PATCH`.

    Claude Code accepts any string (it only compares versions to decide about updates), but marketplaces,
    dependency ranges (`^1.2.0`) and git tags `name--v1.2.0` assume semver. plugin-dev treats `1.0` as an error.

    Wrong: `"version": "1.0"`, `"version": "v1.0.0"`
    Right: `"version": "1.0.0"`
    """
    sf, data = _obj(plugin)
    if sf is None or not isinstance(data.get("version"), str):
        return
    v = data["version"]
    if not SEMVER.match(v):
        sugg = v.lstrip("vV")
        parts = sugg.split(".")
        if all(p.isdigit() for p in parts) and 0 < len(parts) < 3:
            sugg = ".".join(parts + ["0"] * (3 - len(parts)))
        yield ctx.at(
            f"version {v!r} is not semver MAJOR.MINOR.PATCH",
            file=sf,
            pointer=("version",),
            severity=ERROR if ctx.profile == "plugin-dev" else None,
            hint=f'use "{sugg}"' if SEMVER.match(sugg) else "use MAJOR.MINOR.PATCH, e.g. 1.0.0",
            # unsafe (the version names the install's cache folder and decides updates): `1.0` → `1.0.0`,
            # `v1.2.3` → `1.2.3`; not when a marketplace entry states the version too (they would differ)
            fix=make_fix(f'write "{sugg}"', json_set_value(sf, ("version",), sugg), safe=False)
            if SEMVER.match(sugg) and not (plugin.entry is not None and "version" in (plugin.entry.data or {}))
            else None,
        )


@rule("MAN010", "manifest-url-invalid", area="manifest", severity=WARNING, target="plugin", sources=["PVA007"])
def url_invalid(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """`homepage` is not a URL, or `author.url`/`author.email` look malformed.

    `claude plugin validate` rejects a `homepage` that is not a URL; Claude Code 2.1.332 loads the plugin and
    ignores the field, so users never see the link. Author contact fields are not checked by Claude Code but are
    shown to users.

    Wrong: `"homepage": "see README"`, `"author": {"name": "J", "email": "jane at example"}`
    Right: `"homepage": "https://github.com/owner/repo"`, `"email": "jane@example.com"`
    """
    sf, data = _obj(plugin)
    if sf is None:
        return
    hp = data.get("homepage")
    if isinstance(hp, str) and not URL.match(hp.strip()):
        yield ctx.at(
            f"homepage {hp[:60]!r} is not a valid URL: {VALIDATE_ONLY}",
            file=sf,
            pointer=("homepage",),
            hint="use an absolute https:// URL",
        )
    author = data.get("author")
    if isinstance(author, dict):
        u = author.get("url")
        if isinstance(u, str) and u and not URL.match(u.strip()):
            yield ctx.at(f"author.url {u[:60]!r} is not a valid URL", file=sf, pointer=("author", "url"))
        bad_email = author_email_problem(author)
        if bad_email:
            yield ctx.at(bad_email, file=sf, pointer=("author", "email"))


@rule(
    "MAN011", "manifest-unknown-field", area="manifest", severity=WARNING, target="plugin", sources=["OFF005", "PVA009"]
)
def unknown_field(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """plugin.json has a top-level field Claude Code does not know; it is ignored.

    Unknown fields are stripped at load time. Usually they are a typo (`mcp_servers`, `Commands`), a
    marketplace-entry field (`category`, `tags`, `strict`, `source`) put in the wrong file, or a field copied
    from an npm `package.json`, VS Code or MCPB manifest.

    Wrong: `"mcp_servers": "./.mcp.json"`, `"category": "productivity"`
    Right: `"mcpServers": "./.mcp.json"`, and `category` in the marketplace entry
    """
    sf, data = _obj(plugin)
    if sf is None:
        return
    for key in data:
        if key in KNOWN_FIELDS:
            continue
        hint = rename = None
        if key == "user_config":
            msg = "unknown field 'user_config' (a cross-tool spelling of 'userConfig'); it is ignored"
            hint = "rename it to userConfig"
            rename = "userConfig"
        elif key in MARKETPLACE_ONLY:
            msg = f"unknown field {key!r}: it belongs in the marketplace entry, not plugin.json; it is ignored"
            hint = "move it to the plugin's entry in marketplace.json"
        elif key == "capabilities":
            msg = "field 'capabilities' is no longer read; it is ignored"
        elif (sugg := did_you_mean(key)) is not None:
            msg = f"unknown field {key!r}; did you mean {sugg!r}? It is ignored"
            hint = f"rename it to {sugg}"
            rename = sugg
        elif key in FOREIGN:
            msg = f"unknown field {key!r} (commonly seen in {FOREIGN[key]}); Claude Code ignores it"
        else:
            msg = f"unknown field {key!r}; Claude Code ignores it"
        yield ctx.at(
            msg, file=sf, pointer=(key,), key=True, hint=hint, fix=rename_field_fix(sf, key, rename) if rename else None
        )


def rename_field_fix(sf: SourceFile, key: str, new: str) -> Fix | None:
    """Rename a misspelt top-level field to the one it suggests (unsafe: Claude Code then reads it, so what loads
    changes); none when the file already has that field or repeats the misspelt one."""
    if sf.json is None or sf.json.has_duplicates:
        return None
    return make_fix(f"rename '{key}' to '{new}'", json_rename_key(sf, (key,), new), safe=False)


@rule("MAN012", "manifest-free-form-not-object", area="manifest", severity=WARNING, target="plugin", sources=["OFF004"])
def free_form_not_object(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """`experimental` or `metadata` is not an object (or `experimental` has an unknown key).

    Claude Code ignores a non-object value there (with a warning), so experimental components such as
    `experimental.themes` silently do not load.

    Wrong: `"experimental": true`, `"metadata": "internal"`
    Right: `"experimental": {"themes": "./themes"}`, `"metadata": {"team": "internal"}`
    """
    sf, data = _obj(plugin)
    if sf is None:
        return
    for f in ("experimental", "metadata"):
        if f in data and not isinstance(data[f], dict):
            yield ctx.at(f"'{f}' must be a free-form object; this value is ignored", file=sf, pointer=(f,))
    exp = data.get("experimental")
    if isinstance(exp, dict):
        for k in exp:
            if k not in ("themes", "monitors"):
                sugg = did_you_mean(k, ("themes", "monitors"))
                yield ctx.at(
                    f"unknown experimental component {k!r}" + (f"; did you mean {sugg!r}?" if sugg else ""),
                    file=sf,
                    pointer=("experimental", k),
                    key=True,
                )


@rule("MAN013", "manifest-experimental-placement", area="manifest", severity=INFO, target="plugin", sources=["OFF013"])
def experimental_placement(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """`themes` or `monitors` is declared at the top level instead of under `experimental`.

    Both are experimental components. Claude Code 2.1.332 still loads the top-level form (advice), but
    `claude plugin validate` warns that a future version will require `experimental.themes` /
    `experimental.monitors`.

    Wrong: `"monitors": "./monitors.json"`
    Right: `"experimental": {"monitors": "./monitors.json"}`
    """
    sf, data = _obj(plugin)
    if sf is None:
        return
    for f in ("themes", "monitors"):
        if f in data:
            yield ctx.at(
                f"'{f}' is an experimental component; declare it under 'experimental.{f}'",
                file=sf,
                pointer=(f,),
                key=True,
                hint=f'move it: "experimental": {{"{f}": …}}',
            )


def _manifest_paths(plugin: Plugin) -> Iterator[ComponentPath]:
    """Component paths written in this plugin's plugin.json (or its strict:false marketplace entry)."""
    for cp in plugin.component_paths:
        if cp.file is None or not isinstance(cp.value, str):
            continue
        yield cp


def _path_ok_prefix(cp: ComponentPath) -> bool:
    """Claude Code 2.1.332's test of a component path, which trims nothing: it starts with "./" (`skills` also
    takes "."); `" ./commands"` refuses the plugin ("commands: Invalid input")."""
    v = cp.value
    return v.startswith("./") or (cp.field == "skills" and v == ".")


def _dot_slash(cp: ComponentPath) -> str | None:
    """The path written as Claude Code accepts it ("./" in front, no space before it), or None when that is no
    mechanical fix: empty, ".", or a path with ".." (it would escape the plugin root)."""
    rest = cp.value.lstrip()
    if cp.field == "skills" and rest == ".":
        return rest
    v = rest.strip()
    if not v or v == "." or ".." in v.replace("\\", "/").split("/"):
        return None
    return rest if rest.startswith("./") else "./" + rest


def dot_slash_fix(cp: ComponentPath, new: str) -> Fix | None:
    """Put "./" in front of a relative component path (safe: Claude Code refuses the plugin without it, and reads
    the same folder with it), replacing any space before the path."""
    lead = len(cp.value) - len(cp.value.lstrip())
    insert = "" if new == cp.value[lead:] else "./"
    return make_fix(f'write "{new}"', string_edit(cp.file, cp.pointer, 0, lead, insert))


@rule(
    "MAN014",
    "manifest-path-prefix",
    area="manifest",
    severity=ERROR,
    target="plugin",
    sources=["OFF008", "PDS009", "PDS010", "PDS012"],
)
def path_prefix(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A component path does not start with `./`.

    Paths in plugin.json are relative to the plugin root and must start with `./` (only `skills` also accepts
    `"."`); Claude Code 2.1.332 trims nothing, so `" ./commands"` is refused as well ("commands: Invalid input").
    Absolute paths and Windows backslashes break once the plugin is installed elsewhere. The fix (safe) writes
    `./` in front of a relative path.

    Wrong: `"commands": "commands"`, `"agents": ["/Users/me/agents/a.md"]`, `".\\\\commands"`
    Right: `"commands": "./commands"`, `"agents": ["./agents/a.md"]`
    """
    for cp in _manifest_paths(plugin):
        if _path_ok_prefix(cp):
            if "\\" in cp.value:
                yield ctx.at(
                    f"{cp.field} path {cp.value!r} uses backslashes; use forward slashes",
                    file=cp.file,
                    pointer=cp.pointer,
                )
            continue
        v = cp.value.strip()
        if cp.field in ("mcpServers",) and re.match(r"^https?://", v):
            continue  # an MCPB URL
        hint: str | None
        if v.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", v) or v.startswith("~"):
            why, hint = "is absolute", "make it relative to the plugin root: ./…"
        elif "\\" in v:
            why, hint = "uses backslashes", "use ./ and forward slashes"
        else:
            new = _dot_slash(cp)
            why = 'must start with "./"'
            if cp.value[:1].isspace():
                why += " (Claude Code does not trim the space before it)"
            hint = f'write "{new}"' if new else None
            fix = dot_slash_fix(cp, new) if new else None
            yield ctx.at(f"{cp.field} path {cp.value!r} {why}", file=cp.file, pointer=cp.pointer, hint=hint, fix=fix)
            continue
        yield ctx.at(f"{cp.field} path {cp.value!r} {why}", file=cp.file, pointer=cp.pointer, hint=hint)


@rule(
    "MAN015", "manifest-path-traversal", area="manifest", severity=ERROR, target="plugin", sources=["OFF009", "PDS011"]
)
def path_traversal(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A component path contains `..` or escapes the plugin root.

    A marketplace install copies only the plugin folder, so `../shared` does not exist for users; Claude Code
    2.1.332 loads the plugin without that component ("Path escapes plugin directory: ./../shared (skills)").

    Wrong: `"skills": "./../shared-skills"`
    Right: copy the files into the plugin: `"skills": "./shared-skills"`
    """
    for cp in _manifest_paths(plugin):
        if ".." in cp.value.replace("\\", "/").split("/") or cp.escapes:
            yield ctx.at(
                f"{cp.field} path {cp.value!r} contains '..' (it escapes the plugin root)",
                file=cp.file,
                pointer=cp.pointer,
                hint="keep every component inside the plugin folder",
            )


@rule("MAN016", "manifest-path-missing", area="manifest", severity=ERROR, target="plugin", sources=["OFF010", "PDS013"])
def path_missing(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A component path in plugin.json does not exist.

    Claude Code reports this as a load failure for that component ("Path not found").

    Wrong: `"commands": "./cmds"` with no `cmds/` folder
    Right: create the folder, or fix the path
    """
    for cp in _manifest_paths(plugin):
        if not _path_ok_prefix(cp) or cp.escapes or cp.resolved is None or cp.exists:
            continue
        if re.match(r"^https?://", cp.value.strip()):
            continue
        yield ctx.at(
            f"{cp.field} path not found: {cp.value}",
            file=cp.file,
            pointer=cp.pointer,
            hint="create it or correct the path (paths are relative to the plugin root)",
        )


@rule("MAN017", "manifest-path-suffix", area="manifest", severity=ERROR, target="plugin", sources=["OFF012"])
def path_suffix(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A component path has the wrong file type for its field.

    `agents` entries must be `.md` files (a folder is rejected); `hooks`, `mcpServers`, `lspServers` and
    `monitors` paths must be `.json` files (`mcpServers` also takes an `.mcpb` bundle).

    Wrong: `"agents": "./agents"`, `"hooks": "./hooks"`
    Right: `"agents": ["./agents/reviewer.md"]`, `"hooks": "./hooks/extra.json"`
    """
    for cp in _manifest_paths(plugin):
        v = cp.value.strip()
        if not _path_ok_prefix(cp):
            continue
        if cp.field == "agents" and not v.lower().endswith(".md"):
            yield ctx.at(
                f'agents path {v!r} must end with ".md" (list the agent files, not a folder)',
                file=cp.file,
                pointer=cp.pointer,
                hint="omit 'agents' to use agents/, or list each ./agents/<name>.md",
            )
        elif (
            cp.field in JSON_SUFFIX_FIELDS
            and not v.lower().endswith(".json")
            and not (cp.field == "mcpServers" and v.lower().endswith(".mcpb"))
        ):
            yield ctx.at(f'{cp.field} path {v!r} must end with ".json"', file=cp.file, pointer=cp.pointer)


@rule("MAN018", "manifest-skills-path-is-file", area="manifest", severity=ERROR, target="plugin", sources=["OFF011"])
def skills_path_file(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A `skills` entry points at a file instead of a folder.

    `skills` lists folders: either a folder of `<name>/SKILL.md` skills or one skill's own folder.

    Wrong: `"skills": ["./skills/review/SKILL.md"]`
    Right: `"skills": ["./skills/review"]`
    """
    idx = ctx.project.index
    for cp in _manifest_paths(plugin):
        if cp.field == "skills" and cp.resolved is not None and idx.is_file(cp.resolved):
            parent = cp.value.strip().rsplit("/", 1)[0] or "."
            yield ctx.at(
                f"skills path {cp.value!r} is a file; skills entries must be directories",
                file=cp.file,
                pointer=cp.pointer,
                hint=f'use the folder "{parent}"',
            )


def _field_value(plugin: Plugin, name: str) -> tuple[SourceFile | None, Any, tuple | None]:
    sf, data = _obj(plugin)
    if sf is None:
        return None, None, None
    if name in ("themes", "monitors"):
        exp = data.get("experimental")
        if isinstance(exp, dict) and name in exp:
            return sf, exp[name], ("experimental", name)
    if name in data:
        return sf, data[name], (name,)
    return None, None, None


@rule(
    "MAN019",
    "manifest-shadowed-default-folder",
    area="manifest",
    severity=WARNING,
    target="plugin",
    sources=["OFF014", "IMP027"],
)
def shadowed_default(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A default folder exists but is ignored because plugin.json replaces it.

    `commands`, `agents`, `outputStyles`, `workflows`, `experimental.themes` and `experimental.monitors`
    **replace** their default folder. Listing only extra paths silently drops everything in the default folder
    (plugin-dev wrongly says paths supplement the defaults).

    Wrong: `"commands": "./extra-commands"` with a `commands/` folder
    Right: `"commands": ["./commands", "./extra-commands"]`
    """
    idx = ctx.project.index
    for fieldname, default in REPLACES.items():
        sf, value, ptr = _field_value(plugin, fieldname)
        if sf is None or ptr is None:
            continue
        d = plugin.path(default)
        if not idx.is_dir(d):
            continue
        if fieldname == "monitors" and not idx.exists(plugin.path("monitors/monitors.json")):
            continue
        vals = []
        if isinstance(value, str):
            vals = [value]
        elif isinstance(value, list):
            vals = [v for v in value if isinstance(v, str)]
        elif isinstance(value, dict) and fieldname == "commands":
            vals = [s["source"] for s in value.values() if isinstance(s, dict) and isinstance(s.get("source"), str)]

        covered = any((r := normalize(plugin.path(v.strip()))) == d or r.startswith(d + "/") for v in vals)
        if not covered:
            yield ctx.at(
                f"the {default}/ folder is ignored: '{ptr[-1]}' in plugin.json replaces it",
                file=sf,
                pointer=ptr,
                key=True,
                hint=f'add "./{default}" to the list to keep loading it',
            )


@rule("MAN020", "manifest-duplicate-default-file", area="manifest", severity=INFO, target="plugin", sources=["OFF015"])
def duplicate_default(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """`hooks` in plugin.json points at `hooks/hooks.json`, which Claude Code already loads.

    The standard `hooks/hooks.json` is always loaded; Claude Code 2.1.332 notices that the manifest names it again
    and loads it once ("names the standard hooks/hooks.json, which loads on its own; loaded once"), so the entry is
    only redundant. plugin-dev's examples recommend exactly this. The same for `"mcpServers": "./.mcp.json"` and
    `"lspServers": "./.lsp.json"`.

    The fix (safe) removes the entry: the item of an array, or the whole field when it names nothing else.

    Wrong: `"hooks": "./hooks/hooks.json"`
    Right: remove the `hooks` field (or list only additional hook files)
    """
    for cp in _manifest_paths(plugin):
        if _names_default_file(plugin, cp.field, cp.value):
            yield ctx.at(
                f"./{DEFAULT_FILES[cp.field]} is loaded automatically; listing it in '{cp.field}' is redundant "
                "(Claude Code loads it once)",
                file=cp.file,
                pointer=cp.pointer,
                hint=f"remove this entry; list only additional {cp.field} files",
                fix=drop_default_file_fix(plugin, cp),
            )


# the files Claude Code 2.1.332 loads by themselves, whatever the manifest says: naming one again in its field loads
# it once ("names the standard hooks/hooks.json, which loads on its own; loaded once"); `.mcp.json` and `.lsp.json`
# are read before the manifest's `mcpServers`/`lspServers` are merged over them, so the same servers load once
DEFAULT_FILES = {"hooks": "hooks/hooks.json", "mcpServers": ".mcp.json", "lspServers": ".lsp.json"}


def _names_default_file(plugin: Plugin, fieldname: str, value: Any) -> bool:
    target = DEFAULT_FILES.get(fieldname)
    return (
        target is not None and isinstance(value, str) and normalize(plugin.path(value.strip())) == plugin.path(target)
    )


def drop_default_file_fix(plugin: Plugin, cp: ComponentPath) -> Fix | None:
    """Remove an entry that names the default file (safe: that file loads anyway): the array item, or the whole
    member when it is the field's only value (an array left with nothing else goes too)."""
    ptr = cp.pointer
    if cp.file is None:
        return None
    if ptr and isinstance(ptr[-1], int):
        items = cp.file.data
        for part in ptr[:-1]:
            items = items[part]
        if not all(_names_default_file(plugin, cp.field, v) for v in items):
            return make_fix(f"remove {cp.value!r} from '{cp.field}'", json_remove_member(cp.file, ptr))
        ptr = ptr[:-1]
    if not ptr or not isinstance(ptr[-1], str):
        return None
    return make_fix(
        f"remove '{ptr[-1]}' (./{DEFAULT_FILES[cp.field]} loads on its own)", json_remove_member(cp.file, ptr)
    )


@rule(
    "MAN021",
    "manifest-channel-server-unknown",
    area="manifest",
    severity=ERROR,
    target="plugin",
    sources=["IMP029", "OFF021"],
)
def channel_server(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A `channels[].server` names an MCP server the plugin does not define.

    A channel is delivered through one of the plugin's own MCP servers; with an unknown name the channel
    never receives anything.

    Wrong: `"channels": [{"server": "chat"}]` with only a `slack` server in `.mcp.json`
    Right: `"channels": [{"server": "slack"}]`
    """
    sf, data = _obj(plugin)
    if sf is None or not isinstance(data.get("channels"), list):
        return
    names = {s.name for s in plugin.mcp_servers}
    for i, ch in enumerate(data["channels"]):
        if isinstance(ch, dict) and isinstance(ch.get("server"), str) and ch["server"] and ch["server"] not in names:
            sugg = did_you_mean(ch["server"], tuple(names)) if names else None
            yield ctx.at(
                f"channel server {ch['server']!r} is not one of the plugin's MCP servers"
                + (f" ({', '.join(sorted(names))})" if names else " (it defines none)"),
                file=sf,
                pointer=("channels", i, "server"),
                hint=f"did you mean {sugg!r}?" if sugg else None,
            )


@rule("MAN022", "manifest-command-dir-empty", area="manifest", severity=WARNING, target="plugin", sources=["OFF038"])
def command_dir_empty(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A custom `commands` folder holds no commands.

    Claude Code reports "No commands found in plugin … custom directory: ./cmds. Expected .md files or SKILL.md
    in subdirectories."

    Wrong: `"commands": "./cmds"` with an empty `cmds/`
    Right: put `cmds/<name>.md` files there, or drop the field
    """
    idx = ctx.project.index
    for cp in _manifest_paths(plugin):
        if cp.field == "commands" and cp.resolved is not None and cp.is_dir:
            if not idx.walk_files(cp.resolved, ".md"):
                yield ctx.at(
                    f"no commands found in custom directory {cp.value}: expected .md files or SKILL.md in "
                    "subdirectories",
                    file=cp.file,
                    pointer=cp.pointer,
                )


@rule("MAN023", "plugin-settings-json-keys", area="manifest", severity=WARNING, target="plugin", sources=["OFF058"])
def settings_json_keys(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """The plugin's `settings.json` has keys Claude Code does not apply.

    Only `agent` and `subagentStatusLine` from a plugin's root `settings.json` are applied; every other key
    (permissions, env, hooks …) is ignored silently.

    Wrong: `{"permissions": {"allow": ["Bash"]}}`
    Right: `{"agent": "reviewer"}`; put hooks in hooks/hooks.json
    """
    sf = plugin.settings_json
    if sf is None:
        return
    data = sf.data
    if sf.json is not None and sf.json.ok and not isinstance(data, dict):
        yield ctx.at("settings.json must be a JSON object", file=sf, pointer=())
        return
    if not isinstance(data, dict):
        return
    for key in data:
        if key not in ("agent", "subagentStatusLine", "$schema"):
            yield ctx.at(
                f"settings.json key {key!r} is ignored: plugins may only set 'agent' and 'subagentStatusLine'",
                file=sf,
                pointer=(key,),
                key=True,
            )


@rule("MAN024", "root-skill-without-name", area="manifest", severity=WARNING, target="plugin", sources=["IMP022"])
def root_skill_name(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A root `SKILL.md` has no `name` in a plugin that is installed from a marketplace.

    A single root skill is invoked by its frontmatter `name`, falling back to the plugin folder's name; for a
    marketplace install that folder is a version string, so the skill gets a name like `/1.2.0`.

    Wrong: `SKILL.md` with only `description:`
    Right: add `name: my-skill` to its frontmatter
    """
    for sk in plugin.skills:
        if not sk.root_skill or sk.file is None or sk.file.fm is None:
            continue
        fm = sk.file.fm
        has = fm.ok and isinstance(fm.data.get("name"), str) and fm.data["name"].strip()
        if not has and (plugin.entry is not None or ctx.project.marketplace is not None):
            yield ctx.at(
                "root SKILL.md has no 'name'; installed from a marketplace, its name would be the version folder",
                file=sk.file,
                line=1,
                column=1,
                hint="add name: <skill-name> to the frontmatter",
            )


@rule(
    "MAN025", "plugin-provides-nothing", area="manifest", severity=INFO, target="plugin", sources=["PVA039", "PVA010"]
)
def provides_nothing(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """The plugin has a manifest but no components.

    A plugin with only `plugin.json` is valid (and loads), but it does nothing until it has commands,
    agents, skills, hooks or servers in their default folders or at paths the manifest names. An MCPB bundle
    named by `mcpServers` (a path or URL ending in `.mcpb` or `.dxt`) is a component: Claude Code loads its
    servers from the bundle.

    Wrong: `.claude-plugin/plugin.json` alone, with `command/` (typo) next to it
    Right: `commands/hello.md`
    """
    sf, data = _obj(plugin)
    if sf is None:
        return
    if any(True for _ in plugin.components()) or plugin.bin_files or plugin.settings_json is not None:
        return
    if any(cp.exists for cp in plugin.component_paths):
        return
    ms = data.get("mcpServers")
    if any(isinstance(v, str) and v.endswith((".mcpb", ".dxt")) for v in (ms if isinstance(ms, list) else [ms])):
        return  # an MCPB bundle (local or a URL): its servers are the plugin's component
    yield ctx.at(
        "the plugin defines no components (no commands, agents, skills, hooks, MCP/LSP servers)",
        file=sf,
        pointer=(),
        hint="add components in commands/, agents/, skills/<name>/SKILL.md or hooks/hooks.json",
    )


@rule(
    "MAN026",
    "manifest-description-length",
    area="manifest",
    severity=INFO,
    target="plugin",
    sources=["PDS006"],
    profiles=["plugin-dev"],
)
def description_length(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """The plugin description is outside plugin-dev's recommended 50–200 characters.

    Marketplaces truncate long descriptions; very short ones do not tell users what the plugin does.

    Wrong: `"description": "Tools"`
    Right: `"description": "Review pull requests with security, style and test-coverage checks"`
    """
    sf, data = _obj(plugin)
    if sf is None or not isinstance(data.get("description"), str) or not data["description"].strip():
        return
    n = len(data["description"].strip())
    if n < 50 or n > 200:
        yield ctx.at(f"description is {n} characters; plugin-dev recommends 50–200", file=sf, pointer=("description",))


@rule(
    "MAN027",
    "manifest-keywords-quality",
    area="manifest",
    severity=INFO,
    target="plugin",
    sources=["PDS007"],
    profiles=["plugin-dev"],
)
def keywords_quality(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """`keywords` has fewer than 5 or more than 10 entries, repeats itself, or repeats the plugin name.

    Keywords help marketplace search; the plugin name is already searched.

    Wrong: `"keywords": ["my-plugin"]`
    Right: `"keywords": ["git", "review", "pull-request", "ci", "quality"]`
    """
    sf, data = _obj(plugin)
    if sf is None or not isinstance(data.get("keywords"), list):
        return
    kws = data["keywords"]
    if not 5 <= len(kws) <= 10:
        yield ctx.at(f"{len(kws)} keywords; plugin-dev recommends 5–10", file=sf, pointer=("keywords",))
    seen = set()
    for i, k in enumerate(kws):
        if not isinstance(k, str):
            continue
        if k.lower() in seen:
            yield ctx.at(f"duplicate keyword {k!r}", file=sf, pointer=("keywords", i))
        elif isinstance(data.get("name"), str) and k.lower() == data["name"].lower():
            yield ctx.at("keyword repeats the plugin name", file=sf, pointer=("keywords", i))
        seen.add(k.lower())


@rule(
    "MAN028",
    "manifest-license-spdx",
    area="manifest",
    severity=INFO,
    target="plugin",
    sources=["PDS008"],
    profiles=["plugin-dev", "directory"],
)
def license_spdx(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """`license` does not look like an SPDX identifier or expression.

    Directories and package tools read SPDX ids (`MIT`, `Apache-2.0`, `(MIT OR Apache-2.0)`).

    Wrong: `"license": "MIT License"`
    Right: `"license": "MIT"`
    """
    sf, data = _obj(plugin)
    if sf is None or not isinstance(data.get("license"), str):
        return
    lic = data["license"].strip()
    tokens = [t for t in re.split(r"[()\s]+", lic) if t and t.upper() not in ("OR", "AND", "WITH")]
    if lic in SPDX_COMMON or (
        tokens
        and all(re.match(r"^(LicenseRef-)?[A-Za-z0-9.+-]+$", t) for t in tokens)
        and " " not in lic.replace(" OR ", "").replace(" AND ", "").replace(" WITH ", "").strip("()")
    ):
        return
    yield ctx.at(
        f"license {lic[:60]!r} is not an SPDX identifier",
        file=sf,
        pointer=("license",),
        hint="use an SPDX id such as MIT or Apache-2.0",
    )


@rule(
    "MAN029",
    "manifest-inline-too-large",
    area="manifest",
    severity=INFO,
    target="plugin",
    sources=["PDS020"],
    profiles=["plugin-dev"],
)
def inline_size(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """Inline hooks or MCP servers in plugin.json are large enough to deserve their own file.

    plugin-dev suggests inline hooks under 50 lines and inline MCP config under 20 lines; several servers or
    many hooks are easier to review in `hooks/hooks.json` and `.mcp.json`.

    Wrong: 80 lines of hooks inside plugin.json
    Right: move them to hooks/hooks.json
    """
    sf, data = _obj(plugin)
    if sf is None:
        return
    for f, limit, target in (("hooks", 50, "hooks/hooks.json"), ("mcpServers", 20, ".mcp.json")):
        span = sf.span((f,))
        too_long = span is not None and span.end_line - span.line + 1 > limit
        if isinstance(data.get(f), dict) and span is not None and too_long:
            yield ctx.at(
                f"inline '{f}' spans {span.end_line - span.line + 1} lines; move it to {target}",
                file=sf,
                pointer=(f,),
                key=True,
            )
        if f == "mcpServers" and isinstance(data.get(f), dict) and len(data[f]) > 1 and not too_long:
            yield ctx.at(
                f"{len(data[f])} inline MCP servers; plugin-dev suggests an external .mcp.json",
                file=sf,
                pointer=(f,),
                key=True,
            )


@rule(
    "MAN030",
    "component-name-conflict",
    area="manifest",
    severity=WARNING,
    target="plugin",
    sources=["PDS014"],
    profiles=["plugin-dev"],
)
def name_conflict(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A command and a skill of the plugin share a name.

    Commands and skills share one namespace (`/plugin:name`); when both exist only one is reachable.

    Wrong: `commands/review.md` and `skills/review/SKILL.md`
    Right: rename one of them
    """
    skills = {s.name: s for s in plugin.skills}
    for c in plugin.commands:
        s = skills.get(c.name)
        if s is not None and c.file is not None:
            yield ctx.at(f"command {c.name!r} has the same name as a skill ({s.rel})", file=c.file, line=1, column=1)
