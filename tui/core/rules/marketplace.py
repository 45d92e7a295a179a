"""marketplace.json rules: its fields, plugin entries and their sources, names, renames."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..base.fixtypes import Fix, make_fix
from ..lint.context import Context
from ..lint.registry import rule
from ..model.plugin import Marketplace, MarketplaceEntry, SourceFile
from ..parse.edits import json_set_value
from ..spec.schema import schema_errors
from ._kit.names import KEBAB, author_email_problem, did_you_mean, is_reserved, kebab_name, kebab_note, to_kebab

VALIDATE_ONLY = "`claude plugin validate` rejects this; Claude Code 2.1.332 adds the marketplace and ignores the field"

# Claude Code 2.1.332's reserved marketplace names (official, community and plugin-directory ones): refused unless
# the marketplace is added from a GitHub/git source in github.com/anthropics/
RESERVED = {
    "claude-code-marketplace",
    "claude-code-plugins",
    "claude-plugins-official",
    "anthropic-marketplace",
    "anthropic-plugins",
    "agent-skills",
    "anthropic-agent-skills",
    "life-sciences",
    "knowledge-work-plugins",
    "claude-for-legal",
    "claude-for-financial-services",
    "financial-services-plugins",
    "first-party-plugins",
    "claude-tag-plugins",
    "claude-community",
    "claude-plugins-community",
    "healthcare",
    "anthropic-plugin-directory",
    "claude-plugin-directory",
}
# names its schema keeps for its own kinds of plugins ("Marketplace name "inline" is reserved for …")
INTERNAL = {
    "inline": "--plugin-dir session plugins",
    "builtin": "built-in plugins",
    "skills-dir": "plugins auto-loaded from .claude/skills/",
    "synced": "plugins synced from your claude.ai account",
    "claude-plugin-test": "plugins loaded by claude plugin test",
}
OFFICIAL = ("claude-plugins-official", "claude-code-plugins", "anthropic-agent-skills")
DESKTOP_RESERVED = {"org", "org-provisioned", "unknown"}
ID_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
TOP_FIELDS = {
    "$schema",
    "name",
    "owner",
    "plugins",
    "description",
    "version",
    "metadata",
    "allowCrossMarketplaceDependenciesOn",
    "renames",
    "forceRemoveDeletedPlugins",
}
METADATA_FIELDS = {"pluginRoot", "description", "version"}
ENTRY_FIELDS = {
    "name",
    "source",
    "category",
    "tags",
    "strict",
    "relevance",
    "description",
    "version",
    "author",
    "homepage",
    "repository",
    "license",
    "keywords",
    "metadata",
    "displayName",
    "defaultEnabled",
    "dependencies",
    "commands",
    "agents",
    "skills",
    "hooks",
    "mcpServers",
    "lspServers",
    "outputStyles",
    "themes",
    "workflows",
    "monitors",
    "userConfig",
    "channels",
    "settings",
    "experimental",
    "$schema",
    "engines",
    "network",
    "binaries",
    "icon",
    "screenshots",
    "privacyPolicyUrl",
    "supportUrl",
    "termsOfServiceUrl",
    "documentationUrl",
    "headers",
    "headersHelper",
    "id",
}
SOURCE_KINDS = {
    "github": ({"repo"}, {"ref", "sha"}),
    "url": ({"url"}, {"ref", "sha"}),
    "git-subdir": ({"url", "path"}, {"ref", "sha"}),
    "npm": ({"package"}, {"version", "registry"}),
    "archive": ({"url"}, {"sha256", "headers", "headersHelper"}),
    "command": ({"command"}, {"timeout", "mode"}),
}
COMPONENT_FIELDS = (
    "commands",
    "agents",
    "skills",
    "hooks",
    "mcpServers",
    "lspServers",
    "outputStyles",
    "workflows",
    "themes",
    "monitors",
)


def _data(market: Marketplace) -> dict | None:
    d = market.file.data
    return d if isinstance(d, dict) else None


def _metadata(data: dict) -> dict:
    meta = data.get("metadata")
    return meta if isinstance(meta, dict) else {}


def _name_checks(name: str, what: str) -> tuple[str | None, str | None]:
    """(error, warning) for a marketplace or entry name."""
    if not name.strip():
        return f"{what} name cannot be empty", None
    if any(c.isspace() for c in name):
        return f"{what} name {name!r} cannot contain spaces; use kebab-case", None
    if not ID_PART.match(name):
        return (
            f"{what} name {name!r} is not a valid id (letters, digits, '.', '_', '-', starting alphanumeric); "
            "plugins cannot be installed from it"
        ), None
    if len(name) > 128:
        return None, f"{what} name is longer than 128 characters; Claude Desktop does not accept it"
    if name.lower() in DESKTOP_RESERVED:
        return None, f"{what} name {name!r} is reserved by Claude Desktop"
    return None, None


@rule("MKT001", "marketplace-schema", area="marketplace", severity=ERROR, target="marketplace", sources=["OFF026"])
def schema(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """marketplace.json misses a required field or has a field of the wrong type.

    A marketplace needs `name`, `owner` (with `owner.name`) and `plugins`; each entry needs `name` and
    `source`. Claude Code cannot add a marketplace whose file fails its schema, and cannot install a plugin whose
    entry fails it. Two fields are only warnings: a malformed `renames` (`claude plugin validate` rejects it;
    Claude Code 2.1.332 adds the marketplace and ignores the field) and an entry's `relevance` that is not an
    object (ignored; the validator warns too).

    Wrong: `{"name": "tools", "plugins": []}` (no owner)
    Right: `{"name": "tools", "owner": {"name": "Jane"}, "plugins": []}`
    """
    sf = market.file
    if sf.json is None or not sf.json.ok:
        return
    data = sf.data
    if not isinstance(data, dict):
        yield ctx.at("marketplace.json must be a JSON object", file=sf, pointer=())
        return
    for pointer, message in schema_errors("marketplace", data):
        if pointer[:1] == ("renames",):
            yield ctx.at(f"{message}: {VALIDATE_ONLY}", file=sf, pointer=pointer, severity=WARNING)
        elif len(pointer) == 3 and pointer[0] == "plugins" and pointer[2] == "relevance":
            yield ctx.at(
                f"{message}: Claude Code 2.1.332 ignores it",
                file=sf,
                pointer=pointer,
                severity=WARNING,
                hint='write {"topic": "…", "signals": {…}}',
            )
        else:
            yield ctx.at(message, file=sf, pointer=pointer)


@rule(
    "MKT002",
    "marketplace-name-invalid",
    area="marketplace",
    severity=ERROR,
    target="marketplace",
    sources=["OFF026", "OFF033"],
)
def name_invalid(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """The marketplace name has spaces or characters outside `[A-Za-z0-9._-]` (error), or Claude Desktop
    refuses it (warning: `org`, `org-provisioned`, `unknown`, over 128 characters).

    The marketplace name is part of every plugin id (`plugin@marketplace`).

    Wrong: `"name": "My Tools"`
    Right: `"name": "my-tools"`
    """
    data = _data(market)
    if data is None or not isinstance(data.get("name"), str):
        return
    err, warn = _name_checks(data["name"], "marketplace")
    if err:
        yield ctx.at(err, file=market.file, pointer=("name",), hint=f'use "{to_kebab(data["name"])}"')
    elif warn:
        yield ctx.at(warn, file=market.file, pointer=("name",), severity=WARNING)
    elif not KEBAB.match(data["name"]):
        yield ctx.at(
            f"marketplace {kebab_note(data['name'])}",
            file=market.file,
            pointer=("name",),
            severity=WARNING,
            hint=f'use "{to_kebab(data["name"])}"',
        )


_OFFICIAL_RE = "official[^a-z0-9]*(anthropic|claude)|(?:anthropic|claude)[^a-z0-9]*official"
_NAME_WORDS = ("marketplace", "plugins", "official")
_LOOKALIKE_WORDS = _NAME_WORDS + ("directory", "directories")


def _lookalike_re(words: Iterable[str]) -> re.Pattern:
    # JavaScript's /…/i without the u flag: ASCII case folding only
    return re.compile(rf"(?:{_OFFICIAL_RE}|^(?:anthropic|claude)[^a-z0-9]*({'|'.join(words)}))", re.I | re.A)


_LOOKALIKE = _lookalike_re(_LOOKALIKE_WORDS)
_IMPERSONATES = _lookalike_re(_NAME_WORDS)
_JOINED = re.compile(rf"(?:anthropic|claude)(?:{'|'.join(_LOOKALIKE_WORDS)})s?", re.I | re.A)
_JOINED_MAX = 9 + max(len(w) for w in _LOOKALIKE_WORDS) + 1
_NOT_PRINTABLE_ASCII = re.compile(r"[^\u0020-\u007E]")


def impersonates_official(name: str) -> bool:
    """Claude Code 2.1.332's look-alike test of a marketplace name (its marketplace.json schema refuses such a name:
    "Marketplace name impersonates an official Anthropic/Claude marketplace"). Reserved names themselves pass."""
    if name.lower() in RESERVED:
        return False
    if _NOT_PRINTABLE_ASCII.search(name) or _IMPERSONATES.search(name) or _LOOKALIKE.search(name):
        return True
    if _LOOKALIKE.search(re.sub(r"^[^a-z0-9]+", "", name, flags=re.I | re.A)):
        return True
    squashed = re.sub(r"[^a-z0-9]+", "", name, flags=re.I | re.A)
    if re.search(r"official(?:anthropic|claude)|(?:anthropic|claude)official", squashed, re.I | re.A):
        return True
    joined = ""
    for token in (t for t in re.split(r"[^a-z0-9]+", name, flags=re.I | re.A) if t):
        joined += token
        if _JOINED.fullmatch(joined):
            return True
        if len(joined) > _JOINED_MAX:
            break
    return False


@rule(
    "MKT003", "marketplace-name-reserved", area="marketplace", severity=ERROR, target="marketplace", sources=["OFF032"]
)
def name_reserved(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """The marketplace name impersonates (error) or is reserved for (warning) an official Anthropic marketplace.

    Claude Code 2.1.332 refuses a reserved name (`claude-plugins-official`, `claude-plugin-directory`,
    `healthcare`, …) unless the marketplace is added from a GitHub or git source in `github.com/anthropics/` ("The
    name '<n>' is reserved for official Anthropic marketplaces"). Its marketplace schema refuses a look-alike name
    from anywhere ("Marketplace name impersonates an official Anthropic/Claude marketplace"): one that starts with
    `claude` or `anthropic` followed by `marketplace`, `plugins`, `official` or `directory` (`claude-directory`,
    `anthropic-plugins-v2`), pairs `official` with `claude`/`anthropic` (`official-claude-plugins`), or holds a
    character outside printable ASCII. Names such as `acme-claude-code-plugins` or `claude-tools` are fine, and
    `inline`, `builtin`, `skills-dir`, `synced` and `claude-plugin-test` are kept for Claude Code's own plugins.

    Wrong: `"name": "claude-directory"`, `"name": "official-claude-plugins"`
    Right: `"name": "acme-claude-tools"`
    """
    data = _data(market)
    if data is None or not isinstance(data.get("name"), str):
        return
    n = data["name"]
    low = n.lower()
    if low in RESERVED:
        # Claude Code accepts it from github.com/anthropics/ only; a checkout cannot tell where it will be added from
        yield ctx.at(
            f"marketplace name {n!r} is reserved for official Anthropic marketplaces; Claude Code refuses it "
            "unless the marketplace is added from github.com/anthropics/",
            file=market.file,
            pointer=("name",),
            severity=WARNING,
            hint="pick your own name unless this is an Anthropic repo",
        )
    elif low in INTERNAL:
        yield ctx.at(
            f"marketplace name {n!r} is reserved for {INTERNAL[low]}; Claude Code cannot add this marketplace",
            file=market.file,
            pointer=("name",),
            hint="pick another name",
        )
    elif impersonates_official(n):
        yield ctx.at(
            f"marketplace name {n!r} impersonates an official Anthropic/Claude marketplace; Claude Code "
            "cannot add this marketplace",
            file=market.file,
            pointer=("name",),
            hint="pick a name that does not start with claude-/anthropic- plus marketplace, plugins, "
            "official or directory",
        )


@rule(
    "MKT004",
    "marketplace-entry-name",
    area="marketplace",
    severity=ERROR,
    target="marketplace",
    sources=["OFF006", "OFF033"],
)
def entry_name(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """A plugin entry's name is invalid (error), reserved (warning: `claude plugin validate` rejects it, Claude
    Code 2.1.332 installs the plugin), or not kebab-case / refused by Claude Desktop (warning).

    The entry name is what `enabledPlugins` and `/plugin install name@marketplace` use. Claude Code drops an
    entry whose name is empty or has spaces or control characters, so that plugin cannot be installed. A reserved
    name (`claude-…`, `anthropic-…`) is rejected only by `claude plugin validate`: Claude Code 2.1.332 adds the
    marketplace and installs the plugin.

    Wrong: `{"name": "Code Review", …}`, `{"name": "claude-helper", …}`
    Right: `{"name": "code-review", …}`
    """
    data = _data(market)
    if data is None:
        return
    # Claude Code skips the reserved-name check for entries of Anthropic's own (reserved-name) marketplaces
    official = isinstance(data.get("name"), str) and (data["name"] in OFFICIAL or data["name"].lower() in RESERVED)
    for e in market.entries:
        if not isinstance(e.name, str):
            continue
        ptr = e.pointer + ("name",)
        err, warn = _name_checks(e.name, "plugin")
        if err:
            yield ctx.at(
                err, file=market.file, pointer=ptr, hint=f'use "{to_kebab(e.name)}"', fix=rename_entry_fix(market, e)
            )
        elif not official and is_reserved(e.name):
            yield ctx.at(
                f"plugin name {e.name!r} is reserved: it passes as one of Anthropic's own; `claude plugin "
                "validate` rejects this; Claude Code 2.1.332 installs and loads the plugin under this name",
                file=market.file,
                pointer=ptr,
                severity=WARNING,
            )
        elif warn:
            yield ctx.at(
                warn + "; Claude Desktop will drop this entry", file=market.file, pointer=ptr, severity=WARNING
            )
        elif not KEBAB.match(e.name):
            yield ctx.at(
                f"plugin {kebab_note(e.name)}",
                file=market.file,
                pointer=ptr,
                severity=WARNING,
                hint=f'use "{to_kebab(e.name)}"',
                fix=rename_entry_fix(market, e),
            )


def _entry_names(market: Marketplace) -> set[str]:
    """The entries' names, as a set kept while the list of entries is the same (one scan per check, not one per
    finding: a marketplace of thousands of badly named entries was quadratic)."""
    memo = _NAMES_MEMO.get(id(market))
    if memo is None or memo[0] is not market.entries or memo[1] != len(market.entries):
        memo = (market.entries, len(market.entries), {o.name for o in market.entries if isinstance(o.name, str)})
        _NAMES_MEMO.clear()  # one marketplace at a time; the entry keeps the list alive so its id is not reused
        _NAMES_MEMO[id(market)] = memo
    return memo[2]


_NAMES_MEMO: dict[int, tuple[list, int, set[str]]] = {}


def rename_entry_fix(market: Marketplace, e: MarketplaceEntry) -> Fix | None:
    """Write the kebab-case form of an entry's name (unsafe: the plugin's id `name@marketplace` changes); none
    when there is no mechanical one, it would be a reserved name, or another entry already has it."""
    new = kebab_name(e.name) if isinstance(e.name, str) else None
    if new is None or is_reserved(new) or new in _entry_names(market):
        return None
    return make_fix(f'rename the entry to "{new}"', json_set_value(market.file, e.pointer + ("name",), new), safe=False)


@rule(
    "MKT005",
    "marketplace-duplicate-plugin",
    area="marketplace",
    severity=WARNING,
    target="marketplace",
    sources=["OFF027", "PDS004"],
)
def duplicate_names(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """Two plugin entries have the same name.

    Plugin ids are `name@marketplace`. `claude plugin validate` rejects the marketplace; Claude Code 2.1.332 adds
    it and installs the plugin from the first entry of that name, so the later ones are never used. When the later
    entry names another plugin (a different source), that plugin can never be installed: an error.

    Wrong: two entries `{"name": "review", …}`
    Right: give each plugin its own name
    """
    seen: dict[str, int] = {}
    for e in market.entries:
        if not isinstance(e.name, str):
            continue
        if e.name in seen:
            first = market.entries[seen[e.name]]
            lost = e.source != first.source
            what = (
                f"the plugin of this entry ({_source_label(e.source)}) can never be installed"
                if lost
                else "this entry is ignored"
            )
            yield ctx.at(
                f"duplicate plugin name {e.name!r} (also plugins[{seen[e.name]}]): `claude plugin validate` "
                f"rejects this; Claude Code 2.1.332 installs {e.name!r} from plugins[{seen[e.name]}], so "
                f"{what}",
                file=market.file,
                pointer=e.pointer + ("name",),
                hint="give each plugin its own name",
                severity=ERROR if lost else None,
            )
        else:
            seen[e.name] = e.index


def _source_label(source: object) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, dict):
        kind = source.get("source")
        where = source.get("repo") or source.get("url") or source.get("path") or source.get("package")
        return f"{kind} {where}" if kind and where else str(kind or "source")
    return "source"


@rule(
    "MKT006",
    "marketplace-source-path",
    area="marketplace",
    severity=ERROR,
    target="marketplace",
    sources=["OFF028", "OFF029"],
)
def source_path(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """A relative plugin source does not start with `./`, contains `..`, or is a bare name without
    `metadata.pluginRoot`.

    Relative sources resolve against the marketplace root (the folder holding `.claude-plugin/`). `..` is
    rejected ("Path contains '..'"); bare names like `"my-plugin"` need `metadata.pluginRoot`.

    Wrong: `"source": "plugins/review"`, `"source": "../review"`
    Right: `"source": "./plugins/review"`
    """
    data = _data(market) or {}
    meta = _metadata(data)
    root = meta.get("pluginRoot")
    if isinstance(root, str) and (".." in root.replace("\\", "/").split("/") or root.startswith("/")):
        yield ctx.at(
            f"metadata.pluginRoot {root!r} must be a relative path inside the marketplace",
            file=market.file,
            pointer=("metadata", "pluginRoot"),
        )
    for e in market.entries:
        s = e.source
        ptr = e.pointer + ("source",)
        if (
            isinstance(s, dict)
            and s.get("source") == "git-subdir"
            and isinstance(s.get("path"), str)
            and ".." in s["path"].replace("\\", "/").split("/")
        ):
            yield ctx.at("git-subdir path contains '..' (path traversal)", file=market.file, pointer=ptr + ("path",))
        if not isinstance(s, str):
            continue
        v = s.strip()
        if ".." in v.replace("\\", "/").split("/"):
            yield ctx.at(
                f"source {s!r} contains '..': sources are resolved relative to the marketplace root",
                file=market.file,
                pointer=ptr,
                hint=f'use "./{v.rsplit("/", 1)[-1]}"',
            )
        elif v in (".", "./") or v.startswith("./"):
            continue
        elif "/" not in v and v and ID_PART.match(v):
            if not isinstance(root, str):
                yield ctx.at(
                    f"bare source name {s!r} requires metadata.pluginRoot",
                    file=market.file,
                    pointer=ptr,
                    hint=f'write "./{v}" or set "metadata": {{"pluginRoot": "./plugins"}}',
                )
        else:
            yield ctx.at(
                f'source {s!r} must start with "./"',
                file=market.file,
                pointer=ptr,
                hint=f'write "./{v.lstrip("./")}"'
                if not v.startswith(("/", "~"))
                else "use a path relative to the marketplace root",
            )


@rule(
    "MKT007", "marketplace-source-object", area="marketplace", severity=ERROR, target="marketplace", sources=["OFF029"]
)
def source_object(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """An object plugin source has an unknown kind, misses a field, or has a malformed one.

    Kinds: `github` (`repo` owner/name), `url` (`url`), `git-subdir` (`url`, `path`), `npm` (`package`),
    `archive` (`url` https, `sha256` 64 hex), `command` (`command`). `sha` must be the full 40-character
    lowercase commit SHA.

    Wrong: `{"source": "github", "repository": "owner/repo"}`, `"sha": "abc123"`
    Right: `{"source": "github", "repo": "owner/repo", "sha": "<40 hex digits>"}`
    """
    for e in market.entries:
        s = e.source
        ptr = e.pointer + ("source",)
        if not isinstance(s, dict):
            continue
        kind = s.get("source")
        if not isinstance(kind, str) or kind not in SOURCE_KINDS:  # (a list or an object is no kind)
            sugg = did_you_mean(str(kind), tuple(SOURCE_KINDS)) if isinstance(kind, str) else None
            if kind == "unsupported":
                msg = "source kind 'unsupported' is a parse-time placeholder, not a real source"
            elif "source" not in s:
                msg = "object source needs a 'source' kind (github, url, git-subdir, npm, archive, command)"
            else:
                msg = f"unknown source kind {kind!r}; expected github, url, git-subdir, npm, archive or command"
            yield ctx.at(
                msg,
                file=market.file,
                pointer=ptr + ("source",) if "source" in s else ptr,
                hint=f"did you mean {sugg!r}?" if sugg else None,
            )
            continue
        req, opt = SOURCE_KINDS[kind]
        for f in sorted(req):
            if f not in s:
                yield ctx.at(f"{kind} source needs '{f}'", file=market.file, pointer=ptr)
            elif not isinstance(s[f], str) or not s[f].strip():
                yield ctx.at(f"'{f}' must be a non-empty string", file=market.file, pointer=ptr + (f,))
        for f in s:
            if f != "source" and f not in req and f not in opt:
                sugg = did_you_mean(f, tuple(req | opt))
                extra = f"; did you mean {sugg!r}?" if sugg else ""
                if kind == "url" and f == "path":
                    extra = '; a subfolder of a repository needs {"source": "git-subdir", "url": …, "path": …}'
                yield ctx.at(
                    f"unknown field {f!r} in a {kind} source (ignored)" + extra,
                    file=market.file,
                    pointer=ptr + (f,),
                    key=True,
                    severity=WARNING,
                )
        sha = s.get("sha")
        if "sha" in s and (not isinstance(sha, str) or not re.match(r"^[a-f0-9]{40}$", sha)):
            yield ctx.at(
                "'sha' must be a full 40-character lowercase commit SHA",
                file=market.file,
                pointer=ptr + ("sha",),
                hint="use the full SHA, or 'ref' for a branch or tag",
            )
        if kind == "github" and isinstance(s.get("repo"), str) and not re.match(r"^[\w.-]+/[\w.-]+$", s["repo"]):
            yield ctx.at(f"github repo {s['repo']!r} must be 'owner/repo'", file=market.file, pointer=ptr + ("repo",))
        if kind in ("url", "archive") and isinstance(s.get("url"), str):
            u = s["url"].strip()
            if kind == "archive" and not u.startswith("https://"):
                yield ctx.at("archive sources must use an https:// URL", file=market.file, pointer=ptr + ("url",))
            elif kind == "url" and not (u.startswith(("https://", "http://", "git@", "ssh://", "file://"))):
                yield ctx.at(
                    f"url {u[:60]!r} is not a git URL (https:// or git@…)", file=market.file, pointer=ptr + ("url",)
                )
        if (
            kind == "archive"
            and "sha256" in s
            and not (isinstance(s["sha256"], str) and re.match(r"^[A-Fa-f0-9]{64}$", s["sha256"]))
        ):
            yield ctx.at("'sha256' must be 64 hex digits", file=market.file, pointer=ptr + ("sha256",))
        if kind == "archive" and "sha256" not in s:
            yield ctx.at(
                "archive source has no 'sha256' pin; its content can change under you",
                file=market.file,
                pointer=ptr,
                severity=WARNING,
            )
        if kind == "command":
            c = s.get("command")
            if isinstance(c, str) and (len(c) > 500 or "    " in c or any(not (32 <= ord(ch) < 127) for ch in c)):
                yield ctx.at(
                    "command must be printable ASCII, at most 500 characters, without runs of 4 spaces",
                    file=market.file,
                    pointer=ptr + ("command",),
                )
            t = s.get("timeout")
            if "timeout" in s and (not isinstance(t, int) or isinstance(t, bool) or not 0 < t <= 600):
                yield ctx.at(
                    "timeout must be whole seconds between 1 and 600", file=market.file, pointer=ptr + ("timeout",)
                )
            if "mode" in s and s["mode"] not in ("copy", "link"):
                yield ctx.at("mode must be 'copy' or 'link'", file=market.file, pointer=ptr + ("mode",))


@rule(
    "MKT008", "marketplace-no-plugins", area="marketplace", severity=WARNING, target="marketplace", sources=["OFF030"]
)
def no_plugins(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """The marketplace lists no plugins.

    Claude Code warns "Marketplace has no plugins defined"; users who add it get nothing to install.

    Wrong: `"plugins": []`
    Right: `"plugins": [{"name": "my-plugin", "source": "./plugins/my-plugin"}]`
    """
    data = _data(market)
    if data is not None and isinstance(data.get("plugins"), list) and not data["plugins"]:
        yield ctx.at("marketplace has no plugins defined", file=market.file, pointer=("plugins",))


@rule(
    "MKT009", "marketplace-no-description", area="marketplace", severity=INFO, target="marketplace", sources=["OFF031"]
)
def no_description(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """The marketplace has no description (neither `description` nor `metadata.description`).

    Advice: `/plugin` shows the description when users browse marketplaces; the marketplace works without it.

    Wrong: `{"name": "tools", "owner": …, "plugins": […]}`
    Right: add `"description": "Plugins for …"`
    """
    data = _data(market)
    if data is None:
        return
    meta = _metadata(data)
    if not (isinstance(data.get("description"), str) and data["description"].strip()) and not (
        isinstance(meta.get("description"), str) and meta["description"].strip()
    ):
        yield ctx.at("no marketplace description provided", file=market.file, pointer=(), hint='add "description": "…"')


@rule(
    "MKT010",
    "marketplace-unknown-field",
    area="marketplace",
    severity=WARNING,
    target="marketplace",
    sources=["OFF026"],
)
def unknown_field(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """marketplace.json has a field Claude Code does not know (top level, `metadata`, or a plugin entry).

    Unknown fields are ignored; usually they are typos (`plugin`, `descripton`) or fields of another tool.

    Wrong: `"owner": …, "plugin": […]`
    Right: `"plugins": […]`
    """
    data = _data(market)
    if data is None:
        return
    sf = market.file
    for k in data:
        if k not in TOP_FIELDS:
            sugg = did_you_mean(k, tuple(TOP_FIELDS))
            yield ctx.at(
                f"unknown field {k!r}" + (f"; did you mean {sugg!r}?" if sugg else ""), file=sf, pointer=(k,), key=True
            )
    meta = data.get("metadata")
    if isinstance(meta, dict):
        for k in meta:
            if k not in METADATA_FIELDS:
                yield ctx.at(f"unknown field 'metadata.{k}'", file=sf, pointer=("metadata", k), key=True)
    for e in market.entries:
        for k in e.data:
            if k not in ENTRY_FIELDS:
                sugg = did_you_mean(k, tuple(ENTRY_FIELDS))
                yield ctx.at(
                    f"unknown field {k!r} in plugin entry" + (f"; did you mean {sugg!r}?" if sugg else ""),
                    file=sf,
                    pointer=e.pointer + (k,),
                    key=True,
                )


def _member_manifest(ctx: Context, e: MarketplaceEntry) -> SourceFile | None:
    if e.local_rel is None:
        return None
    rel = f"{e.local_rel}/.claude-plugin/plugin.json" if e.local_rel else ".claude-plugin/plugin.json"
    sf = ctx.project.files.get(rel) or ctx.file(rel, "json")
    if sf is None or not isinstance(sf.data, dict):
        return None
    return sf


@rule(
    "MKT011",
    "marketplace-version-mismatch",
    area="marketplace",
    severity=WARNING,
    target="marketplace",
    sources=["OFF034"],
)
def version_mismatch(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """A local plugin's entry `version` differs from its plugin.json `version`.

    plugin.json wins, so the version shown in the marketplace is not the one users get.

    Wrong: entry `"version": "1.2.0"`, plugin.json `"version": "1.3.0"`
    Right: the same version in both, or only in plugin.json
    """
    for e, sf, v, pv in _differs_from_manifest(ctx, market, "version"):
        yield ctx.at(
            f"entry version {v!r} differs from {sf.rel} version {pv!r} (plugin.json wins)",
            file=market.file,
            pointer=e.pointer + ("version",),
            hint="keep them in sync",
        )


def _differs_from_manifest(
    ctx: Context, market: Marketplace, key: str
) -> Iterator[tuple[MarketplaceEntry, SourceFile, str, str]]:
    """Local entries whose string ``key`` differs from the same string key of their plugin.json: (entry, the
    plugin.json, the entry's value, the plugin.json's)."""
    for e in market.entries:
        sf = _member_manifest(ctx, e)
        v = e.data.get(key)
        if sf is None or not isinstance(v, str):
            continue
        pv = sf.data.get(key)
        if isinstance(pv, str) and pv != v:
            yield e, sf, v, pv


@rule(
    "MKT012",
    "marketplace-name-mismatch",
    area="marketplace",
    severity=WARNING,
    target="marketplace",
    sources=["OFF034"],
)
def name_mismatch(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """A local plugin's entry `name` differs from its plugin.json `name`.

    The marketplace entry name is what `enabledPlugins` and `/plugin install` use, while commands are
    namespaced by the plugin.json name, which confuses users and settings.

    Wrong: entry `"name": "review"`, plugin.json `"name": "code-review"`
    Right: the same name in both
    """
    for e, sf, name, pn in _differs_from_manifest(ctx, market, "name"):
        yield ctx.at(
            f"entry name {name!r} differs from {sf.rel} name {pn!r}",
            file=market.file,
            pointer=e.pointer + ("name",),
            hint="use the same name in both files",
        )


@rule(
    "MKT013",
    "marketplace-plugin-dir-missing",
    area="marketplace",
    severity=ERROR,
    target="marketplace",
    sources=["OFF037"],
)
def plugin_dir_missing(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """A local plugin source points at a folder that does not exist (or at a file).

    Claude Code fails when the plugin is installed: "Plugin directory not found at path: ./plugins/x. Check
    that the marketplace entry has the correct path." Its validator does not catch this.

    Wrong: `"source": "./plugins/reviewer"` with the folder named `plugins/review`
    Right: `"source": "./plugins/review"`
    """
    idx = ctx.project.index
    for e in market.entries:
        if e.local_rel is None:
            continue
        ptr = e.pointer + ("source",)
        if idx.is_dir(e.local_rel) or e.local_rel == "":
            ent = idx.get(e.local_rel)
            if ent is not None and ent.kind == "symlink":
                yield ctx.at(
                    f"source {e.source!r} is a symlink; Claude Code's validator never follows one",
                    file=market.file,
                    pointer=ptr,
                    severity=WARNING,
                )
            continue
        if idx.is_file(e.local_rel):
            yield ctx.at(f"source {e.source!r} is not a directory", file=market.file, pointer=ptr)
        else:
            yield ctx.at(
                f"plugin directory not found at path {e.source!r}",
                file=market.file,
                pointer=ptr,
                hint="check that the entry has the correct path",
            )


def _declares_components(data: dict) -> list[str]:
    return [f for f in COMPONENT_FIELDS if f in data]


@rule(
    "MKT014",
    "marketplace-strict-conflict",
    area="marketplace",
    severity=ERROR,
    target="marketplace",
    sources=["OFF036"],
)
def strict_conflict(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """A `strict: false` entry and the plugin's own plugin.json both declare components.

    With `strict: false` the entry is the whole definition; if plugin.json also lists components the plugin
    fails to load: "conflicting manifests: both plugin.json and marketplace entry specify components".

    Wrong: entry `{"strict": false, "commands": ["./cmds"]}` and plugin.json with `"commands"`
    Right: declare components in one place only
    """
    for e in market.entries:
        if e.data.get("strict") is not False:
            continue
        sf = _member_manifest(ctx, e)
        if sf is None:
            continue
        mine, theirs = _declares_components(e.data), _declares_components(sf.data)
        if mine and theirs:
            yield ctx.at(
                f"conflicting manifests: both {sf.rel} ({', '.join(theirs)}) and this strict:false entry "
                f"({', '.join(mine)}) specify components; the plugin fails to load",
                file=market.file,
                pointer=e.pointer + ("strict",),
                hint="remove the component fields from one of them",
            )


@rule("MKT015", "marketplace-renames", area="marketplace", severity=WARNING, target="marketplace", sources=["OFF035"])
def renames(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """The `renames` map has a cycle or a chain that does not end at `null` or a listed plugin.

    Claude Code follows rename chains to migrate users' settings. `claude plugin validate` rejects a cycle, a
    dangling chain or a non-string target; Claude Code 2.1.332 adds the marketplace and ignores that entry (no
    user is migrated through it).

    Wrong: `"renames": {"a": "b", "b": "a"}`
    Right: `"renames": {"old-name": "new-name"}` with `new-name` in `plugins`
    """
    data = _data(market)
    if data is None or not isinstance(data.get("renames"), dict):
        return
    rn = data["renames"]
    listed = {e.name for e in market.entries if isinstance(e.name, str)}
    for start in rn:
        seen = [start]
        cur = rn[start]
        problem = None
        while True:
            if cur is None or (isinstance(cur, str) and cur in listed and cur not in rn):
                break
            if not isinstance(cur, str):
                problem = "maps to a non-string"
                break
            if cur in seen:
                problem = "chain does not resolve (cycle: " + " -> ".join(seen + [cur]) + ")"
                break
            if cur not in rn:
                problem = f"chain ends at {cur!r}, which is neither null nor a plugin in this marketplace"
                break
            seen.append(cur)
            cur = rn[cur]
        if problem:
            yield ctx.at(
                f"renames[{start!r}]: {problem}; `claude plugin validate` rejects this; Claude Code 2.1.332 "
                "adds the marketplace and ignores the entry",
                file=market.file,
                pointer=("renames", start),
            )


@rule(
    "MKT016",
    "marketplace-relative-source-url",
    area="marketplace",
    severity=INFO,
    target="marketplace",
    sources=["IMP026"],
    profiles=["plugin-dev", "directory"],
)
def relative_source_url(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """Relative plugin sources only work when the marketplace is added from a git repo or a folder.

    A marketplace added by the direct URL of its marketplace.json cannot resolve `./plugins/x`; use
    github/url sources if you publish it that way.

    Wrong: publishing `https://example.com/marketplace.json` with `"source": "./plugins/x"`
    Right: add it as a git repo, or use `{"source": "github", "repo": "owner/repo"}`
    """
    for e in market.entries:
        if isinstance(e.source, str):
            yield ctx.at(
                "relative sources resolve only when the marketplace is added from a git repository or a "
                "local folder, not by the URL of marketplace.json",
                file=market.file,
                pointer=e.pointer + ("source",),
            )
            return


@rule(
    "MKT017",
    "marketplace-entry-author-email",
    area="marketplace",
    severity=WARNING,
    target="marketplace",
    sources=["PVA007"],
)
def entry_author_email(ctx: Context, market: Marketplace) -> Iterator[Diagnostic]:
    """A plugin entry's `author.email` does not look like an e-mail address.

    An entry can carry an `author` object like plugin.json (`name`, `email`, `url`), which `/plugin` shows when
    users browse the marketplace. Claude Code 2.1.332 does not check the address: it adds the marketplace and
    installs the plugin, and `claude plugin validate` says nothing, so a typo reaches users as a contact that
    cannot work. plugin.json's own `author.email` gets the same check (MAN010).

    Wrong: `{"name": "review", "source": "./review", "author": {"name": "Jane", "email": "jane at example"}}`
    Right: `"author": {"name": "Jane", "email": "jane@example.com"}`
    """
    for e in market.entries:
        why = author_email_problem(e.data.get("author"))
        if why:
            yield ctx.at(why, file=market.file, pointer=e.pointer + ("author", "email"))
