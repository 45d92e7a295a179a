"""Plugin layout rules (and the directory profile's): where files sit,
README/LICENSE, junk files, symlinked component folders, listing URLs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..base.fixtypes import Fix, make_fix
from ..lint.context import Context
from ..lint.registry import rule
from ..model.plugin import Plugin
from ..parse.edits import rename_file
from ..parse.fsread import Entry, read_text

COMPONENT_DIRS = ("commands", "agents", "skills", "hooks", "output-styles", "monitors", "themes", "workflows", "bin")
JUNK = (".DS_Store", "Thumbs.db", "desktop.ini")
JUNK_DIRS = ("node_modules", "__MACOSX", "__pycache__")
LICENSE_RE = re.compile(r"^(licen[cs]e|copying)([-._].*)?$", re.I)
ICON_PATHS = (".claude-plugin/icon.png", ".claude-plugin/icon.svg", "icon.png", "icon.svg")
ICON_DIRS = (("assets", "icon."), ("assets", "logo."), ("images", "icon."))
LISTING_URLS = (
    "homepage",
    "repository",
    "privacyPolicyUrl",
    "privacy_policy",
    "privacyPolicy",
    "supportUrl",
    "support",
    "termsOfServiceUrl",
    "terms_of_service",
    "documentationUrl",
    "docs",
)
PRIVACY_KEYS = ("privacyPolicyUrl", "privacy_policy", "privacyPolicy")
WRITE_ROOT = re.compile(
    r"(>>?|\btee(\s+-a)?|\bmkdir\s+-p|\btouch|\bcp\b[^\n]*|\bmv\b[^\n]*)\s+\"?\$\{?CLAUDE_PLUGIN_ROOT\}?"
)


def _manifest_data(plugin: Plugin) -> dict:
    d = plugin.manifest_data
    return d if isinstance(d, dict) else {}


def _anchor(plugin: Plugin) -> str | None:
    """The file a plugin-wide finding is reported on: the manifest, else None (the plugin folder)."""
    return plugin.manifest.rel if plugin.manifest is not None else (plugin.rel or None)


def _walk(ctx: Context, plugin: Plugin) -> Iterator[tuple[str, Entry]]:
    """Every entry of this plugin's folder (not of nested plugins' folders)."""
    # each entry belongs to the deepest plugin folder holding it: grouped once per run (walking every entry of
    # the project for every plugin was quadratic in the size of a marketplace)
    entries = ctx.project.index.entries
    state = ctx.cache.get("entries by plugin")
    if state is None or state[0] is not entries or state[1] != len(entries):
        folders = {p.rel for p in ctx.project.plugins}
        groups: dict[str, list[tuple[str, Entry]]] = {}
        for rel, e in entries.items():
            cut = len(rel)
            owner = None
            while owner is None:
                if rel[:cut] in folders:
                    owner = rel[:cut]
                elif cut <= 0:
                    break
                else:
                    cut = max(rel.rfind("/", 0, cut), 0)
            if owner is not None:
                groups.setdefault(owner, []).append((rel, e))
        state = ctx.cache["entries by plugin"] = (entries, len(entries), groups)
    yield from state[2].get(plugin.rel, [])


@rule("PLG001", "manifest-misplaced", area="layout", severity=WARNING, target="plugin", sources=["PDS001"])
def manifest_misplaced(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """`plugin.json` sits at the plugin root (or elsewhere) instead of in `.claude-plugin/`.

    Claude Code only reads `.claude-plugin/plugin.json`; a manifest anywhere else is ignored, so its name,
    version and component paths silently do not apply. The plugin still loads from its default folders (a
    warning); components that only that manifest points at do not load (an error).

    Wrong: `my-plugin/plugin.json`
    Right: `my-plugin/.claude-plugin/plugin.json`
    """
    idx = ctx.project.index
    if plugin.manifest is not None:
        return
    for cand in ("plugin.json", ".claude/plugin.json", "claude-plugin/plugin.json"):
        rel = plugin.path(cand)
        if idx.is_file(rel):
            paths = [f for f in _MANIFEST_PATH_FIELDS if f in _peek_json(ctx.project.root / rel)]
            if paths:
                yield ctx.at(
                    f"{cand} is not read: the manifest must be .claude-plugin/plugin.json, so the "
                    f"components it names ({', '.join(paths)}) do not load",
                    file=rel,
                    severity=ERROR,
                    hint="move it to .claude-plugin/plugin.json",
                )
            else:
                yield ctx.at(
                    f"{cand} is not read: the manifest must be .claude-plugin/plugin.json (the plugin loads "
                    "from its default folders without its name, version and description)",
                    file=rel,
                    hint="move it to .claude-plugin/plugin.json",
                )


def _peek_json(path: Path) -> dict:
    """The top-level object of a JSON file that Claude Code never reads (not added to the project's files, so no
    file rule reports on it)."""
    from ..parse.fsread import read_text
    from ..parse.jsonpos import parse_json

    res = read_text(path)
    doc = parse_json(res.text) if res.text is not None else None
    return doc.data if doc is not None and doc.ok and isinstance(doc.data, dict) else {}


_MANIFEST_PATH_FIELDS = (
    "commands",
    "agents",
    "skills",
    "hooks",
    "mcpServers",
    "lspServers",
    "outputStyles",
    "themes",
    "monitors",
    "workflows",
)


@rule("PLG002", "component-in-claude-plugin-dir", area="layout", severity=ERROR, target="plugin", sources=["PDS002"])
def nested_components(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A component folder sits inside `.claude-plugin/` instead of at the plugin root.

    Only plugin.json (and marketplace.json) belong in `.claude-plugin/`. Claude Code does not look for
    `commands/`, `agents/`, `skills/` or `hooks/` there, so they never load.

    Wrong: `.claude-plugin/commands/hello.md`
    Right: `commands/hello.md`

    A file inside such a folder is reported on the file (it is what has to move), with the folder as a related
    location; the fix (unsafe: the component starts to load) moves it to the same place under the plugin root,
    unless a file is there already.
    """
    idx = ctx.project.index
    for d in (*COMPONENT_DIRS, ".mcp.json", ".lsp.json", "settings.json"):
        rel = plugin.path(f".claude-plugin/{d}")
        if not idx.exists(rel):
            continue
        files = idx.walk_files(rel) if idx.is_dir(rel) else []
        files = [f for f in files if not f.rsplit("/", 1)[-1].startswith(".")]
        if idx.is_dir(rel) and not files:
            continue  # an empty folder holds nothing that could load (git does not even keep it)
        if not files:
            yield ctx.at(
                f".claude-plugin/{d} is never loaded: components belong at the plugin root",
                file=rel,
                hint=f"move it to ./{d}",
                severity=WARNING if d == "settings.json" else None,
                fix=_move_out_fix(ctx, plugin, rel) if idx.is_file(rel) else None,
            )
            continue
        folder = ctx.place(rel, message=f"the {d}/ folder inside .claude-plugin/, which Claude Code never reads")
        for f in files:
            inner = f[len(rel) + 1 :]
            yield ctx.at(
                f".claude-plugin/{d}/{inner} is never loaded: components belong at the plugin root",
                file=f,
                hint=f"move it to ./{d}/{inner}",
                fix=_move_out_fix(ctx, plugin, f),
                related=(folder,),
            )


def _move_out_fix(ctx: Context, plugin: Plugin, rel: str) -> Fix | None:
    """Move a file out of `.claude-plugin/` to the same place under the plugin root (unsafe: it starts to load);
    None when a file is already there."""
    inside = plugin.path(".claude-plugin") + "/"
    if not rel.startswith(inside):
        return None
    target = plugin.path(rel[len(inside) :])
    if ctx.project.index.exists(target):
        return None
    return make_fix(f"move {rel} to {target}", rename_file(rel, target), safe=False)


@rule(
    "PLG003",
    "readme-missing",
    area="layout",
    severity=WARNING,
    target="plugin",
    sources=["PDS019", "PVA031"],
    profiles=["plugin-dev", "directory"],
)
def readme_missing(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """The plugin has no README, or (directory profile) one with fewer than 40 words.

    Users and reviewers need to know what the plugin does, which commands it adds, what it needs (tokens,
    binaries). The public directory rejects plugins without a README of at least 40 words.

    Wrong: only `.claude-plugin/plugin.json` and `commands/`
    Right: a `README.md` describing purpose, installation, commands and configuration
    """
    sev = ERROR if ctx.profile == "directory" else None
    idx = ctx.project.index
    readme = plugin.readme or (plugin.path("docs/README.md") if idx.is_file(plugin.path("docs/README.md")) else None)
    if readme is None and plugin.rel and ctx.project.marketplace is not None:
        for name in ("README.md", "readme.md", "README"):
            if idx.is_file(name):
                readme = name
                break
    if readme is None:
        yield ctx.at(
            "no README in the plugin" + (" (README_MISSING)" if sev else ""),
            file=_anchor(plugin),
            severity=sev,
            hint="add README.md: what it does, how to install, commands, configuration",
        )
        return
    if ctx.profile != "directory":
        return
    sf = ctx.file(readme, "text")
    text = sf.text if sf is not None else None
    if text is None:
        yield ctx.at("README could not be read (README_TRIVIAL)", file=readme, severity=ERROR)
        return
    t = re.sub(r"```.*?```", " ", text, flags=re.S)
    t = re.sub(r"https?://\S+", " ", t)
    words = len(re.findall(r"[A-Za-z0-9][\w'-]*", t))
    if words < 40:
        yield ctx.at(
            f"README has {words} words; the directory requires at least 40 (README_TRIVIAL)",
            file=readme,
            line=1,
            column=1,
            severity=ERROR,
        )


@rule(
    "PLG004",
    "license-missing",
    area="layout",
    severity=WARNING,
    target="plugin",
    sources=["PVA034"],
    profiles=["plugin-dev", "directory"],
)
def license_missing(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """The plugin has no LICENSE file and no `license` in plugin.json.

    Without a license nobody may legally reuse the code; the public directory rejects such plugins
    (LICENSE_MISSING).

    Wrong: no LICENSE and no "license" field
    Right: a `LICENSE` file, or `"license": "MIT"` in plugin.json
    """
    if plugin.license is not None or isinstance(_manifest_data(plugin).get("license"), str):
        return
    idx = ctx.project.index
    if plugin.rel and any(LICENSE_RE.match(n) and idx.is_file(n) for n in idx.list("")):
        return
    yield ctx.at(
        "no LICENSE file and no 'license' field" + (" (LICENSE_MISSING)" if ctx.profile == "directory" else ""),
        file=_anchor(plugin),
        pointer=() if plugin.manifest is not None else None,
        severity=ERROR if ctx.profile == "directory" else None,
        hint='add a LICENSE file or "license": "<SPDX id>" in plugin.json',
    )


@rule(
    "PLG005",
    "junk-files",
    area="layout",
    severity=WARNING,
    target="plugin",
    sources=["PVA032"],
    profiles=["plugin-dev", "directory"],
)
def junk_files(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """OS metadata or build junk is committed in the plugin (`.DS_Store`, `Thumbs.db`, `__MACOSX/`,
    `node_modules/`).

    These files are copied into every user's plugin cache; `node_modules/` also bypasses Claude Code's
    lockfile-based install. The public directory flags OS metadata files.

    Wrong: `commands/.DS_Store`
    Right: delete it and add it to `.gitignore`
    """
    count = 0
    nm = plugin.path("node_modules")
    if (ctx.project.root / nm).is_dir():  # the walk skips node_modules/ itself
        count += 1
        yield ctx.at(
            "node_modules should not be shipped in a plugin",
            file=nm,
            hint="delete it; Claude Code installs dependencies from the lockfile",
        )
    for rel, e in _walk(ctx, plugin):
        name = rel.rsplit("/", 1)[-1]
        if name in JUNK or (e.kind == "dir" and name in JUNK_DIRS):
            if any(f"/{d}/" in f"/{rel}" for d in JUNK_DIRS if d != name):
                continue
            count += 1
            if count > 20:
                break
            yield ctx.at(
                f"{name} should not be shipped in a plugin", file=rel, hint="delete it and list it in .gitignore"
            )


@rule(
    "PLG006",
    "gitignore-missing",
    area="layout",
    severity=INFO,
    target="plugin",
    sources=["PVA033"],
    profiles=["plugin-dev"],
)
def gitignore_missing(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """The plugin keeps local or generated files but has no `.gitignore`.

    `.claude/*.local.md` settings, `node_modules/` and `.DS_Store` should never be committed.

    Wrong: `.claude/my-plugin.local.md` without a `.gitignore`
    Right: `.gitignore` with `.claude/*.local.md`
    """
    idx = ctx.project.index
    if idx.exists(plugin.path(".gitignore")) or idx.exists(".gitignore"):
        return
    needs = plugin.settings_files or idx.exists(plugin.path("node_modules")) or idx.exists(plugin.path("package.json"))
    if needs:
        yield ctx.at(
            "no .gitignore although the plugin has local or generated files",
            file=_anchor(plugin),
            hint="add .gitignore with .claude/*.local.md, node_modules/, .DS_Store",
        )


_DEP_FIELDS = ("dependencies", "optionalDependencies", "peerDependencies", "workspaces")


def needs_install(data: Any) -> bool:
    """Claude Code 2.1.332's test of whether a plugin's package.json needs an install: one of dependencies,
    optionalDependencies, peerDependencies, workspaces is a non-empty object or array (an unreadable
    package.json counts as needing one)."""
    if not isinstance(data, dict):
        return True
    return any((isinstance(v, dict) and v) or (isinstance(v, list) and v) for v in map(data.get, _DEP_FIELDS))


@rule("PLG007", "package-json-lockfile", area="layout", severity=INFO, target="plugin", sources=["IMP023"])
def package_lockfile(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """`package.json` with dependencies but no lockfile Claude Code can install from.

    Claude Code installs a plugin's Node dependencies (`dependencies`, `optionalDependencies`,
    `peerDependencies`, `workspaces`; not `devDependencies`) in its cache only from a text `bun.lock`,
    `npm-shrinkwrap.json` or `package-lock.json`. It refuses `yarn.lock` and `pnpm-lock.yaml`, and a binary
    `bun.lockb` ("cannot be checked; ship a text bun.lock instead"). A package.json without dependencies, or a
    plugin that ships its `node_modules`, needs no install.

    Wrong: `package.json` with `dependencies` + `yarn.lock`
    Right: `package.json` + `package-lock.json`
    """
    idx = ctx.project.index
    pj = plugin.path("package.json")
    if not idx.is_file(pj) or (ctx.project.root / plugin.path("node_modules")).is_dir():  # not in the walk
        return
    # read here, not through ctx.file: package.json is not a plugin file to check (its stamp is in the plugin's
    # fingerprint, so an incremental check sees changes)
    res = read_text(ctx.project.root / pj)
    try:
        data = json.loads(res.text) if res.text is not None else None
    except ValueError:
        data = None
    if not needs_install(data):
        return
    if any(idx.is_file(plugin.path(n)) for n in ("bun.lock", "npm-shrinkwrap.json", "package-lock.json")):
        return
    other = [n for n in ("yarn.lock", "pnpm-lock.yaml", "bun.lockb") if idx.is_file(plugin.path(n))]
    what = "has dependencies" if isinstance(data, dict) else "is not valid JSON (Claude Code then assumes dependencies)"
    msg = (
        f"package.json {what} and only {other[0]}, which Claude Code does not install from"
        if other
        else f"package.json {what} but no lockfile: Claude Code will not install them"
    )
    yield ctx.at(msg, file=pj, line=1, column=1, hint="commit package-lock.json (npm) or a text bun.lock (bun)")


@rule("PLG008", "component-dir-symlink", area="layout", severity=WARNING, target="plugin", sources=["OFF059"])
def component_symlink(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A component folder (or an entry under `skills/`) is a symlink.

    `claude plugin validate` does not follow symlinks ("This directory is a symlink, so the validator read
    nothing in it"), and a marketplace install keeps only links that stay inside the plugin.

    Wrong: `skills -> ../shared/skills`
    Right: a real `skills/` folder
    """
    idx = ctx.project.index
    for d in ("commands", "agents", "skills", "hooks", "output-styles"):
        rel = plugin.path(d)
        e = idx.get(rel)
        if e is not None and e.kind == "symlink":
            yield ctx.at(
                f"{d}/ is a symlink (-> {e.link_target}); validators do not follow it and installs may drop it",
                file=rel,
                hint="replace the link with the real folder",
            )
    links = [
        n
        for n in idx.list(plugin.path("skills"))
        if (x := idx.get(plugin.path(f"skills/{n}"))) is not None and x.kind == "symlink"
    ]
    if links:
        yield ctx.at(
            f"{len(links)} entr{'y' if len(links) == 1 else 'ies'} under skills/ "
            f"{'is a symlink' if len(links) == 1 else 'are symlinks'} ({', '.join(links[:5])}); Claude "
            "Code's validator does not read them",
            file=plugin.path(f"skills/{links[0]}"),
        )


def repository_root(ctx: Context, plugin: Plugin) -> bool:
    """The plugin folder is also the root of its repository or of a marketplace (where a CLAUDE.md guides the
    people who work in the repository)."""
    idx = ctx.project.index
    if idx.is_dir(plugin.path(".github")) or idx.is_file(plugin.path(".claude-plugin/marketplace.json")):
        return True
    if not plugin.rel and ctx.project.marketplace is not None:
        return True
    return (ctx.project.root / plugin.path(".git")).exists()  # .git is left out of the walk


@rule("PLG009", "root-claude-md", area="layout", severity=WARNING, target="plugin", sources=["OFF016"])
def root_claude_md(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """`CLAUDE.md` at the plugin root is not loaded for the plugin's users.

    Claude Code does not read an installed plugin's CLAUDE.md as context. To ship instructions, use a skill.
    Where the plugin folder is also the root of its repository or marketplace, CLAUDE.md is usually guidance for
    the people working in that repository (Claude Code reads it there, as project memory): only an info.

    Wrong: `my-plugin/CLAUDE.md` with instructions for Claude
    Right: `skills/conventions/SKILL.md`
    """
    if not plugin.claude_md:
        return
    if repository_root(ctx, plugin):
        yield ctx.at(
            "CLAUDE.md is not loaded for the plugin's users; at this repository root it guides people "
            "working in the repository, which is fine if that is its purpose",
            file=plugin.claude_md,
            line=1,
            column=1,
            severity=INFO,
            hint="if it holds instructions for the plugin's users, move them into a skill",
        )
    else:
        yield ctx.at(
            "CLAUDE.md at the plugin root is not loaded as context",
            file=plugin.claude_md,
            line=1,
            column=1,
            hint="move the instructions into a skill (skills/<name>/SKILL.md)",
        )


@rule("PLG010", "nested-command-dirs", area="layout", severity=INFO, target="plugin", sources=["PVA010"])
def nested_commands(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """Commands sit in subfolders of `commands/`.

    The official docs describe `commands/` as flat `.md` files; plugin-dev contradicts itself on whether
    subfolders become namespaces (`/plugin:sub:cmd`). Treat nested commands as unverified.

    Wrong: `commands/git/commit.md` (if you expect `/commit`)
    Right: `commands/git-commit.md`, or a skill
    """
    seen = set()
    for c in plugin.commands:
        if c.namespace and c.origin == "default" and c.file is not None:
            d = "/".join(c.namespace)
            if d in seen:
                continue
            seen.add(d)
            yield ctx.at(
                f"commands/{d}/ is a nested command folder; how Claude Code names these commands is not documented",
                file=c.file,
                line=1,
                column=1,
                hint="prefer flat commands/*.md or skills",
            )


@rule(
    "PLG011",
    "empty-component-dir",
    area="layout",
    severity=WARNING,
    target="plugin",
    sources=["PVA010"],
    profiles=["plugin-dev"],
)
def empty_component_dir(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A default component folder exists but holds nothing Claude Code loads.

    `commands/` and `agents/` need `.md` files, `skills/` needs `<name>/SKILL.md`; an empty folder is usually
    a leftover or a misnamed file.

    Wrong: `skills/review/skill.md` (lower-case), `agents/` empty
    Right: `skills/review/SKILL.md`
    """
    idx = ctx.project.index
    checks = {
        "commands": bool(plugin.commands),
        "agents": bool(plugin.agents),
        "skills": any(not s.root_skill for s in plugin.skills),
    }
    for d, has in checks.items():
        rel = plugin.path(d)
        if idx.is_dir(rel) and not has and not idx.walk_files(rel, ".md"):
            yield ctx.at(f"{d}/ holds no {d} Claude Code can load", file=rel)
    if idx.is_dir(plugin.path("skills")) and not checks["skills"] and idx.walk_files(plugin.path("skills"), ".md"):
        yield ctx.at("skills/ has Markdown files but no skills/<name>/SKILL.md", file=plugin.path("skills"))


@rule("PLG012", "plugin-root-state-write", area="layout", severity=WARNING, target="plugin", sources=["IMP024"])
def root_state_write(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A hook writes state into `${CLAUDE_PLUGIN_ROOT}`.

    The plugin root is replaced on every update (and may be read-only), so state written there is lost.
    Use `${CLAUDE_PLUGIN_DATA}`, which persists across updates.

    Wrong: `echo "$x" >> "${CLAUDE_PLUGIN_ROOT}/state.log"`
    Right: `echo "$x" >> "${CLAUDE_PLUGIN_DATA}/state.log"`
    """
    for h in plugin.hooks:
        cmd = h.data.get("command") if isinstance(h.data, dict) else None
        if isinstance(cmd, str) and WRITE_ROOT.search(cmd):
            yield ctx.at(
                "hook command writes into ${CLAUDE_PLUGIN_ROOT}, which is replaced on every update",
                file=h.file,
                pointer=h.pointer + ("command",),
                hint="write state to ${CLAUDE_PLUGIN_DATA}",
            )


def _icon_found(ctx: Context, plugin: Plugin) -> bool:
    idx = ctx.project.index
    if any(idx.is_file(plugin.path(p)) for p in ICON_PATHS):
        return True
    for d, prefix in ICON_DIRS:
        if any(n.lower().startswith(prefix) for n in idx.list(plugin.path(d))):
            return True
    return False


@rule("PLG013", "directory-icon", area="layout", severity=WARNING, target="plugin", sources=[], profiles=["directory"])
def icon(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """(directory) The plugin has no icon, or `icon` does not name a valid image in the plugin.

    The public directory shows an icon for every listing; it looks for `icon` in plugin.json or
    `.claude-plugin/icon.png|svg`, `icon.png|svg`, `assets/icon.*`, `assets/logo.*`, `images/icon.*`, and
    checks the file's magic bytes.

    Wrong: `"icon": "./missing.png"`
    Right: `"icon": "./assets/icon.png"` (a real PNG)
    """
    data = _manifest_data(plugin)
    ic = data.get("icon")
    sf = plugin.manifest
    if isinstance(ic, str):
        if re.match(r"^https?://", ic):
            if not ic.startswith("https://"):
                yield ctx.at("icon URL must use https:// (LISTING_URL_SCHEME)", file=sf, pointer=("icon",))
            return
        if re.search(r"[\"'<>\\\s]", ic):
            yield ctx.at(
                "icon path contains quotes, <>, backslashes or whitespace (LISTING_URL_SCHEME)",
                file=sf,
                pointer=("icon",),
            )
            return
        from ..parse.fsread import normalize

        rel = normalize(plugin.path(ic))
        if rel.startswith("../") or ".." in ic.split("/") or "%2e" in ic.lower():
            yield ctx.at("icon path escapes the plugin (PATH_TRAVERSAL)", file=sf, pointer=("icon",), severity=ERROR)
            return
        if not ctx.project.index.is_file(rel):
            yield ctx.at(f"icon {ic!r} is not a file in the plugin (ICON_INVALID)", file=sf, pointer=("icon",))
            return
        try:
            head = (ctx.project.root / rel).read_bytes()[:16]
        except OSError:
            head = b""
        if rel.lower().endswith(".svg"):
            svg = ctx.file(rel, "text")
            t = (svg.text or "").lower() if svg is not None else ""
            if re.search(r"<script|\son\w+=|foreignobject|<animate|<style|href=|javascript:|@import|<!doctype", t):
                yield ctx.at(
                    "SVG icon contains scripts, styles, links or DOCTYPE (ICON_INVALID)", file=sf, pointer=("icon",)
                )
        elif not (
            head.startswith(b"\x89PNG")
            or head.startswith(b"\xff\xd8\xff")
            or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        ):
            yield ctx.at(f"icon {ic!r} is not a PNG, JPEG or WebP image (ICON_INVALID)", file=sf, pointer=("icon",))
        return
    if not _icon_found(ctx, plugin):
        yield ctx.at(
            "no icon (ICON_MISSING)",
            file=_anchor(plugin),
            pointer=() if sf is not None else None,
            hint='add .claude-plugin/icon.png or "icon": "./assets/icon.png"',
        )


def _remote(plugin: Plugin) -> bool:
    if any(s.transport in ("http", "sse", "ws", "unknown") for s in plugin.mcp_servers):
        return True
    return any(isinstance(h.data, dict) and h.data.get("type") == "http" for h in plugin.hooks)


@rule(
    "PLG014",
    "directory-privacy-url",
    area="layout",
    severity=WARNING,
    target="plugin",
    sources=[],
    profiles=["directory"],
)
def privacy_url(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """(directory) A plugin that talks to a remote service has no https privacy-policy URL.

    Remote MCP servers and `http` hooks send user data elsewhere; the directory asks for
    `privacyPolicyUrl` in plugin.json (or a "Privacy" link in the README).

    Wrong: an `http` MCP server and no privacy URL
    Right: `"privacyPolicyUrl": "https://example.com/privacy"`
    """
    if not _remote(plugin):
        return
    data = _manifest_data(plugin)
    for k in PRIVACY_KEYS:
        v = data.get(k)
        if isinstance(v, str) and v.startswith("https://"):
            return
    if plugin.readme:
        sf = ctx.file(plugin.readme, "text")
        if sf is not None and sf.text and re.search(r"privacy[^\n]*\]\(https://", sf.text, re.I):
            yield ctx.at(
                "privacy URL only found as a README link (PRIVACY_URL_MISSING)",
                file=_anchor(plugin),
                severity=INFO,
                hint='add "privacyPolicyUrl" to plugin.json',
            )
            return
    yield ctx.at(
        "the plugin uses a remote MCP server or http hook but has no https privacy URL (PRIVACY_URL_MISSING)",
        file=_anchor(plugin),
        pointer=() if plugin.manifest else None,
        hint='add "privacyPolicyUrl": "https://…" to plugin.json',
    )


@rule(
    "PLG015",
    "directory-listing-url-scheme",
    area="layout",
    severity=WARNING,
    target="plugin",
    sources=[],
    profiles=["directory"],
)
def listing_urls(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """(directory) A listing URL in plugin.json does not use https://.

    homepage, repository, privacy, support, terms and docs URLs (and screenshots) are shown in the directory;
    they must be `https://` (support may also be `mailto:`).

    Wrong: `"homepage": "http://example.com"`
    Right: `"homepage": "https://example.com"`
    """
    data = _manifest_data(plugin)
    sf = plugin.manifest
    for k in LISTING_URLS:
        v = data.get(k)
        if not isinstance(v, str) or not v.strip():
            continue
        if v.startswith("https://") or (k in ("supportUrl", "support") and v.startswith("mailto:")):
            continue
        yield ctx.at(f"{k} {v[:60]!r} is not an https:// URL (LISTING_URL_SCHEME)", file=sf, pointer=(k,))
    shots = data.get("screenshots")
    if isinstance(shots, list):
        for i, v in enumerate(shots):
            if isinstance(v, str) and re.match(r"^[a-z]+://", v) and not v.startswith("https://"):
                yield ctx.at("screenshot URL is not https:// (LISTING_URL_SCHEME)", file=sf, pointer=("screenshots", i))


@rule(
    "PLG016",
    "directory-identifier-ascii",
    area="layout",
    severity=ERROR,
    target="plugin",
    sources=[],
    profiles=["directory"],
)
def identifier_ascii(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """(directory) The plugin name (from plugin.json or the folder) has non-printable-ASCII characters or
    spaces.

    The directory uses the name as the listing id (IDENTIFIER_NON_ASCII, MANIFEST_NAME_FORMAT).

    Wrong: folder `Mon Plugin`, or `"name": "café-tools"`
    Right: `"name": "cafe-tools"`
    """
    name = plugin.name
    if not all(32 < ord(c) < 127 for c in name):
        yield ctx.at(
            f"plugin name {name!r} has spaces or non-printable-ASCII characters (IDENTIFIER_NON_ASCII)",
            file=_anchor(plugin),
            pointer=("name",) if plugin.name_source == "manifest" else None,
        )
    elif plugin.manifest is None and plugin.name_source == "directory":
        from ._kit.names import KEBAB

        if not KEBAB.match(name):
            yield ctx.at(
                f"no plugin.json and the folder name {name!r} is not kebab-case (MANIFEST_NAME_NOT_KEBAB)",
                file=_anchor(plugin),
                severity=WARNING,
            )
