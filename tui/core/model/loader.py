"""Find and read a plugin or marketplace the way Claude Code 2.1.332 loads it.

``load(path)`` walks the root once, detects what it is, reads every component file once (through a
``ParseCache`` that a watcher reuses between loads) and returns a ``Project``. It never raises on bad
content: unreadable or malformed files are kept on the model with their problem, and rules report them.
``LoadError`` is raised only when the path itself cannot be used (missing, not a folder, unreadable).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..parse.fsread import FileIndex, normalize, walk
from ..spec.hooks import ALL_EVENT_NAMES, GUARD_EVENTS, HANDLER_REQUIRED
from ..spec.lsp import LSP_KEYS
from .plugin import (
    Agent,
    Command,
    ComponentPath,
    Hook,
    HookConfig,
    LspServer,
    Marketplace,
    MarketplaceEntry,
    McpServer,
    Monitor,
    NotLoaded,
    OutputStyle,
    Plugin,
    Project,
    SettingsFile,
    Skill,
    SourceFile,
    Theme,
)
from .roots import check_root
from .source import ParseCache, SourceReader

MANIFEST = ".claude-plugin/plugin.json"
MARKETPLACE = ".claude-plugin/marketplace.json"
README_NAMES = ("README.md", "readme.md", "Readme.md", "README.markdown", "README", "README.txt")
LICENSE_PREFIXES = ("license", "licence", "copying")
# a plugin to take instead of loading a folder, or None (see ``load``)
Reuse = Callable[[str, MarketplaceEntry | None], Plugin | None]
PLUGIN_HINTS = (
    "commands",
    "agents",
    "skills",
    "hooks/hooks.json",
    ".mcp.json",
    ".lsp.json",
    "output-styles",
    "SKILL.md",
    "monitors/monitors.json",
)


def load(
    path: str | os.PathLike,
    cache: ParseCache | None = None,
    index: FileIndex | None = None,
    reuse: Reuse | None = None,
) -> Project:
    """Load the plugin or marketplace at ``path``.

    ``cache`` reuses files parsed by an earlier load when their stamp is unchanged; ``index`` is a walk
    of the same root to use instead of walking again (watch mode refreshes it with ``fsread.refresh``).
    ``reuse(rel, entry)``: for a marketplace's plugin folders, a plugin to take instead of loading that folder
    (None: load it). The persistent cache's incremental check passes one for the plugins none of whose rules run
    again (``lint/session.py``, ``Session.resume``); nothing of such a folder is read.
    """
    root = check_root(path)
    if index is None or Path(index.root) != root:
        index = walk(root)
    reader = SourceReader(root, index, cache)
    project = Project(root=root, kind="none", index=index)

    has_market = index.exists(MARKETPLACE)
    has_manifest = index.exists(MANIFEST)
    if has_market:
        project.kind = "marketplace"
        _load_marketplace(project, reader, reuse)
        if has_manifest and not any(p.rel == "" for p in project.plugins):
            project.plugins.insert(0, _load_plugin(reader, "", None))
    elif has_manifest or _looks_like_plugin(index, ""):
        project.kind = "plugin"
        project.plugins.append(_load_plugin(reader, "", None))
        if not has_manifest:
            # components at the root and manifests in sub-folders (e.g. plugins/<name>/.claude-plugin)
            for rel in _find_plugin_dirs(index, exclude=set()):
                project.plugins.append(_load_plugin(reader, rel, None))
    else:
        base = root.name
        if base in ("commands", "agents", "output-styles", "skills"):
            project.kind = "plugin"
            project.note = f"read as the {base}/ folder of a plugin"
            project.plugins.append(_load_component_folder(reader, base))
        else:
            subs = _find_plugin_dirs(index, exclude=set())
            if subs:
                project.kind = "marketplace"
                project.note = f"no marketplace.json; {len(subs)} plugin folder(s) found below the root"
                for rel in subs:
                    project.plugins.append(_load_plugin(reader, rel, None))
            else:
                project.note = (
                    "nothing plugin-like here: no .claude-plugin/plugin.json or marketplace.json, "
                    "and no commands/, agents/, skills/, hooks/hooks.json or .mcp.json"
                )
    project.files = reader.files
    return project


def load_folders(root: Path, index: FileIndex, rels: list[str], cache: ParseCache | None = None) -> Project:
    """The plugins in the folders ``rels`` (relative to ``root``, each loaded as Claude Code loads a plugin folder,
    without a marketplace entry), as one project over ``index``: for a root that is not itself a plugin or a
    marketplace, such as Claude Code's plugins folder with its installed copies. A folder missing from the index
    gives a plugin with nothing in it."""
    reader = SourceReader(root, index, cache)
    project = Project(root=root, kind="marketplace" if rels else "none", index=index)
    project.plugins = [_load_plugin(reader, rel, None) for rel in rels]
    project.files = reader.files
    return project


def _looks_like_plugin(index: FileIndex, rel: str) -> bool:
    for hint in PLUGIN_HINTS:
        p = f"{rel}/{hint}" if rel else hint
        if index.exists(p):
            return True
    return False


def _find_plugin_dirs(index: FileIndex, exclude: set[str], nested: bool = False) -> list[str]:
    """Folders below the root that hold ``.claude-plugin/plugin.json`` (not the root itself).

    Without ``nested``, a plugin folder inside another one is left to that plugin.
    """
    out = []
    for rel, e in index.entries.items():
        if e.kind == "dir" and (rel.endswith("/.claude-plugin") or rel == ".claude-plugin"):
            plugin_rel = rel[: -len("/.claude-plugin")] if rel != ".claude-plugin" else ""
            if plugin_rel and plugin_rel not in exclude and index.is_file(f"{rel}/plugin.json"):
                out.append(plugin_rel)
    out.sort()
    if nested:
        return out
    # a plugin folder nested inside another one is that plugin's business, not a sibling
    result: list[str] = []
    for rel in out:
        if not any(rel.startswith(r + "/") for r in result):
            result.append(rel)
    return result


# --------------------------------------------------------------------------------------------------
# marketplace


def _load_marketplace(project: Project, reader: SourceReader, reuse: Reuse | None = None) -> None:
    sf = reader.file(MARKETPLACE, "json")
    market = Marketplace(file=sf)
    project.marketplace = market
    data = market.data
    loaded: dict[str, Plugin] = {}
    plugins = data.get("plugins") if isinstance(data, dict) else None
    plugin_root = None
    if isinstance(data, dict) and isinstance(data.get("metadata"), dict):
        pr = data["metadata"].get("pluginRoot")
        if isinstance(pr, str):
            plugin_root = pr
    if isinstance(plugins, list):
        for i, raw in enumerate(plugins):
            entry = MarketplaceEntry(index=i, data=raw if isinstance(raw, dict) else {}, pointer=("plugins", i))
            if isinstance(raw, dict):
                entry.name = raw.get("name")
                entry.source = raw.get("source")
            market.entries.append(entry)
            local = local_source(entry.source, plugin_root)
            if local is None:
                continue
            entry.local_rel = local
            if not reader.index.is_dir(local):
                continue
            plugin = loaded.get(local)
            if plugin is None:
                plugin = (reuse and reuse(local, entry)) or _load_plugin(reader, local, entry)
                loaded[local] = plugin
                project.plugins.append(plugin)
            else:
                # another entry of the same folder is another plugin for Claude Code (its own name and fields);
                # it is kept on the entry, while project.plugins holds one plugin per folder (checked once)
                plugin = _load_plugin(reader, local, entry)
            entry.plugin = plugin
    # every other plugin folder of the repository, nested ones included: a marketplace author checks them all
    for rel in _find_plugin_dirs(reader.index, exclude=set(loaded), nested=True):
        if rel in loaded:
            continue
        plugin = (reuse and reuse(rel, None)) or _load_plugin(reader, rel, None)
        loaded[rel] = plugin
        project.plugins.append(plugin)


def local_source(source: Any, plugin_root: str | None) -> str | None:
    """The folder a marketplace entry's ``source`` names, relative to the marketplace root (None: not a local
    folder): ``./x`` and ``.`` as written, a bare name under ``metadata.pluginRoot``, nothing outside the root."""
    if not isinstance(source, str):
        return None
    s = source.strip()
    if s in (".", "./"):
        return ""
    if s.startswith("./"):
        rel = normalize(s)
        return None if rel.startswith("../") else rel
    if "/" not in s and plugin_root and ".." not in s:
        return normalize(f"{plugin_root}/{s}")
    return None


# --------------------------------------------------------------------------------------------------
# plugin
#
# What follows is Claude Code 2.1.332's own algorithm (its plugin loader, the session loaders of commands,
# agents, skills, output styles, hooks, MCP and LSP servers, and the inventory of `claude plugin details`),
# written from its source and checked against it on small plugins. Each component gets ``listed`` (details
# lists it, under ``name``) and ``loads`` (a session gets it); what sits in the plugin but does not load goes
# to ``Plugin.not_loaded`` with the reason.

HOOK_EVENTS = ALL_EVENT_NAMES
HOOK_TYPES = HANDLER_REQUIRED
# marketplace-entry fields that, beside a plugin.json, make a strict:false entry a conflict
CONFLICT_FIELDS = ("commands", "agents", "skills", "hooks", "outputStyles", "themes")
MCPB_SUFFIXES = (".mcpb", ".dxt")
MCPB_CACHE = ".mcpb-cache"  # folders of this name are never walked
WALK_DEPTH = 32
_SKILL_FILE = re.compile(r"skill\.md", re.IGNORECASE)
SKILL_FOLDER_WITHOUT_SKILL_MD = "a skill folder without SKILL.md; Claude Code skips it"
_SKILL_RESOURCE_DIRS = ("references", "reference", "scripts", "examples", "assets", "templates")


def _truthy(v: Any) -> bool:
    """JavaScript truthiness (``[]`` and ``{}`` are true)."""
    if v is None or v is False:
        return False
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v == v and v != 0
    if isinstance(v, str):
        return v != ""
    return True


def _fm_name(sf: SourceFile) -> str | None:
    if sf.fm is not None and sf.fm.ok:
        n = sf.fm.data.get("name")
        if isinstance(n, str) and n.strip():
            return n.strip()
    return None


def _as_list(value: Any) -> list[tuple[Any, tuple]]:
    """Manifest path fields are a string or an array: (value, pointer suffix) pairs."""
    if isinstance(value, list):
        return [(v, (i,)) for i, v in enumerate(value)]
    return [(value, ())]


def _md_stem(name: str) -> str:
    """A command or agent name from its file name: ``.md`` (exactly) taken off, as Claude Code does."""
    return name[:-3] if name.endswith(".md") else name


@dataclass
class _Field:
    """A component field of plugin.json or of a marketplace entry."""

    name: str
    value: Any
    file: SourceFile | None
    pointer: tuple
    origin: str  # "manifest" | "marketplace"


@dataclass
class _Walked:
    rel: str
    ns: tuple
    skill_dir: bool = False
    listed: bool = False
    loads: bool = True
    why: str = ""


# ---- what Claude Code accepts as a server config, hook handler (checked when sessions start)


def _str_map(v: Any) -> bool:
    return isinstance(v, dict) and all(isinstance(x, str) for x in v.values())


def mcp_config_problem(cfg: Any) -> str | None:
    """Why Claude Code 2.1.332 drops this MCP server config when sessions start (None: it is configured)."""
    if not isinstance(cfg, dict):
        return "is not an object"
    t = cfg.get("type")
    if t is None or t == "stdio":
        cmd = cfg.get("command")
        if not isinstance(cmd, str) or not cmd:
            if t is None and "url" in cfg:
                return 'has a url but no type (a remote server needs "type": "http" or "sse")'
            return "has no command (a local server needs one; a remote one needs a type and url)"
        if "args" in cfg and not (isinstance(cfg["args"], list) and all(isinstance(a, str) for a in cfg["args"])):
            return "args must be a list of strings"
        if "env" in cfg and not _str_map(cfg["env"]):
            return "env values must be strings"
        return None
    if t in ("http", "streamable-http", "sse", "ws"):
        if not isinstance(cfg.get("url"), str):
            return f"type {t} needs a url"
        if "headers" in cfg and not _str_map(cfg["headers"]):
            return "header values must be strings"
        return None
    if t in ("sse-ide", "ws-ide", "sdk"):
        return f'type "{t}" servers cannot be declared by a plugin; only the host application registers them'
    if t == "claudeai-proxy":
        return 'type "claudeai-proxy" servers cannot be declared by a plugin; only claude.ai connectors use it'
    return f"unknown type {t!r}"


def _pos_int(v: Any, upper: int | None = None) -> bool:
    ok = (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    return ok and v > 0 and (upper is None or v <= upper)


def lsp_config_problem(cfg: Any) -> str | None:
    """Why Claude Code 2.1.332 rejects this LSP server config (its schema is strict: unknown keys fail)."""
    if not isinstance(cfg, dict):
        return "is not an object"
    unknown = sorted(k for k in cfg if k not in LSP_KEYS)
    if unknown:
        return "unknown key " + ", ".join(repr(k) for k in unknown)
    cmd = cfg.get("command")
    if not isinstance(cmd, str) or not cmd:
        return "has no command"
    if " " in cmd and not cmd.startswith("/"):
        return "command contains spaces (arguments go in args)"
    if "args" in cfg and not (isinstance(cfg["args"], list) and all(isinstance(a, str) and a for a in cfg["args"])):
        return "args must be a list of non-empty strings"
    ext = cfg.get("extensionToLanguage")
    if not isinstance(ext, dict) or not ext:
        return "extensionToLanguage must map at least one extension"
    for k, v in ext.items():
        if len(k) < 2 or not k.startswith("."):
            return f"extension {k!r} must start with a dot"
        if not isinstance(v, str) or not v:
            return f"language of {k!r} must be a non-empty string"
    if "transport" in cfg and cfg["transport"] not in ("stdio", "socket"):
        return "transport must be stdio or socket"
    if "env" in cfg and not _str_map(cfg["env"]):
        return "env values must be strings"
    if "workspaceFolder" in cfg and not isinstance(cfg["workspaceFolder"], str):
        return "workspaceFolder must be a string"
    for k in ("startupTimeout", "shutdownTimeout"):
        if k in cfg and not _pos_int(cfg[k]):
            return f"{k} must be a positive integer"
    if "requestTimeout" in cfg and not _pos_int(cfg["requestTimeout"], 2147483647):
        return "requestTimeout must be a positive integer"
    for k in ("restartOnCrash", "diagnostics"):
        if k in cfg and not isinstance(cfg[k], bool):
            return f"{k} must be true or false"
    if "maxRestarts" in cfg:
        m = cfg["maxRestarts"]
        if not (_pos_int(m) or (m == 0 and not isinstance(m, bool))):
            return "maxRestarts must be a non-negative integer"
    return None


def hook_handler_problem(h: Any) -> str | None:
    if not isinstance(h, dict):
        return "a hook entry must be an object"
    t = h.get("type")
    if not isinstance(t, str):
        return 'a hook entry has no "type"' if t is None else '"type" must be a string'
    if t not in HOOK_TYPES:
        return f"unknown hook type {t!r}"
    for k in HOOK_TYPES[t]:
        if not isinstance(h.get(k), str):
            return f"a {t} hook needs {k!r}"
    return None


def hook_group_problem(g: Any) -> str | None:
    if not isinstance(g, dict):
        return "a matcher group must be an object"
    if not isinstance(g.get("hooks"), list):
        return 'a matcher group needs a "hooks" list'
    if "matcher" in g and not isinstance(g["matcher"], str):
        return "matcher must be a string"
    return None


def _looks_like_matcher(e: Any) -> bool:  # Claude Code's check for a matcher group where a map was expected
    if not isinstance(e, dict):
        return False
    if "matcher" not in e and any(k in HOOK_EVENTS for k in e):
        return False
    n = e.get("hooks")
    if isinstance(n, list):
        return len(n) > 0
    return isinstance(n, dict) and ("matcher" in e or isinstance(n.get("type"), str))


def _declares_guard(e: Any) -> bool:
    return isinstance(e, dict) and any(k in GUARD_EVENTS and v is not None and v != [] for k, v in e.items())


def _holds_guard(e: Any, depth: int = 3, matchers_count: bool = True, in_hooks_list: bool = False) -> bool:
    """Claude Code's scan for PreToolUse/PermissionRequest hooks (or matcher groups) somewhere inside a value."""
    if _declares_guard(e):
        return True
    if matchers_count and _looks_like_matcher(e):
        return True
    if depth == 0 or not isinstance(e, (dict, list)):
        return False
    if isinstance(e, list):
        return any(_holds_guard(i, depth - 1, matchers_count, in_hooks_list) for i in e)
    if in_hooks_list and isinstance(e.get("type"), str):
        return False
    return any(
        _holds_guard(v, depth - 1, matchers_count and k not in HOOK_EVENTS, k == "hooks" and isinstance(v, list))
        for k, v in e.items()
    )


class _Builder:
    """Builds one plugin the way Claude Code does."""

    def __init__(self, reader: SourceReader, plugin: Plugin) -> None:
        self.reader = reader
        self.idx = reader.index
        self.plugin = plugin
        self.rel = plugin.rel
        self.seen: dict[str, set[str]] = {"command": set(), "agent": set(), "style": set()}
        self.mcp_valid: dict[int, bool] = {}  # id(server) -> passes Claude Code's schema (when read from a file)

    # ---- paths

    def p(self, x: str) -> str:
        return f"{self.rel}/{x}" if self.rel else x

    def note(self, path: str | None, what: str, why: str) -> None:
        self.plugin.not_loaded.append(NotLoaded(path, what, why))

    def resolve(self, fld: _Field, v: Any, suffix: tuple, pointer: tuple | None = None) -> ComponentPath:
        cp = ComponentPath(
            field=fld.name, value=v, pointer=pointer if pointer is not None else fld.pointer + suffix, file=fld.file
        )
        if isinstance(v, str):
            rel = self.rel
            resolved = normalize(self.p(v.strip()))
            inside = rel == "" or resolved == rel or resolved.startswith(rel + "/")
            if (
                resolved.startswith("../")
                or not inside
                or ".." in v.replace("\\", "/").split("/")
                or v.strip().startswith("/")
            ):
                cp.escapes = True
            else:
                cp.resolved = resolved
                cp.exists = self.idx.exists(resolved)
                cp.is_dir = self.idx.is_dir(resolved)
        self.plugin.component_paths.append(cp)
        return cp

    def unusable(self, cp: ComponentPath, kind: str) -> str | None:
        """Why Claude Code resolves no component from this path (None: it does)."""
        if not isinstance(cp.value, str):
            return f"not a path: Claude Code ignores this {kind} entry"
        if cp.escapes:
            return f"the path leaves the plugin folder; Claude Code does not load {kind} from it"
        if not cp.exists:
            return "the path does not exist"
        return None

    # ---- walking a folder the way Claude Code's loaders do (no links followed)

    def walk_md(self, base: str, stop_at_skill_dir: bool) -> list[_Walked]:
        """``.md`` files under ``base`` as a session loads them (commands, agents, output styles), plus what
        `plugin details` lists at the top level (regular files ending exactly in ``.md``)."""
        idx = self.idx
        out: list[_Walked] = []

        def visit(d: str, ns: tuple) -> None:
            if len(ns) >= WALK_DEPTH:
                self.note(d, d.rsplit("/", 1)[-1] + "/", f"nested deeper than {WALK_DEPTH} folders; not read")
                return
            names = idx.list(d)
            top = not ns
            kinds = {n: idx.get(f"{d}/{n}" if d else n) for n in names}
            regular_md = [
                n for n in names if (k := kinds[n]) is not None and k.kind == "file" and n.lower().endswith(".md")
            ]
            if stop_at_skill_dir and any(_SKILL_FILE.fullmatch(n) for n in regular_md):
                skill = sorted(n for n in regular_md if _SKILL_FILE.fullmatch(n))[0]
                for n in regular_md:
                    child = f"{d}/{n}" if d else n
                    if n == skill:
                        out.append(_Walked(child, ns, skill_dir=True, listed=top and n.endswith(".md")))
                    else:
                        out.append(
                            _Walked(
                                child,
                                ns,
                                listed=top and n.endswith(".md"),
                                loads=False,
                                why=f"this folder holds {skill}: Claude Code loads the folder as one "
                                "skill-style command and ignores its other .md files",
                            )
                        )
                return
            for n in names:
                e = kinds[n]
                child = f"{d}/{n}" if d else n
                if e is None:
                    continue
                if e.kind == "dir":
                    if n != MCPB_CACHE:
                        visit(child, ns + (n,))
                elif e.kind == "file" and n.lower().endswith(".md"):
                    out.append(_Walked(child, ns, listed=top and n.endswith(".md")))
                elif e.kind == "symlink" and (n.lower().endswith(".md") or e.link_kind == "dir"):
                    self.note(child, n, "a symbolic link: Claude Code does not follow links here")
                    if e.link_kind != "dir":
                        self.reader.file(child, "markdown")  # read (not loaded) so a broken link is reported
                elif n.lower().endswith(".md"):
                    self.note(child, n, f"a {e.kind}, not a regular file: Claude Code skips it")
                    self.reader.file(child, "markdown")

        visit(base, ())
        return out

    # ---- commands

    def command_dir(self, base: str, origin: str, listed: bool = True) -> None:
        for w in self.walk_md(base, stop_at_skill_dir=True):
            sf = self.reader.file(w.rel, "markdown")
            fname = w.rel.rsplit("/", 1)[-1]
            if w.rel in self.seen["command"]:
                self.relist(self.plugin.commands, w)  # a file reached twice loads once (details may list it)
                continue
            self.seen["command"].add(w.rel)
            if w.skill_dir:
                ns, name = (w.ns[:-1], w.ns[-1]) if w.ns else ((), base.rsplit("/", 1)[-1] or self.reader.root.name)
            else:
                ns, name = w.ns, _md_stem(fname)
            listed_name = _md_stem(fname)
            c = Command(
                name=listed_name if w.listed else name,
                file=sf,
                plugin=self.plugin,
                namespace=ns,
                origin=origin,
                skill_dir=w.skill_dir,
                listed=listed and w.listed,
                loads=w.loads,
            )
            if not w.loads:
                self.note(w.rel, fname, w.why)
            self.plugin.commands.append(c)

    @staticmethod
    def relist(items: list, w: _Walked) -> None:
        """A file loaded already (from a path naming it alone) is listed when a folder path reaches it too."""
        if not w.listed:
            return
        for c in items:
            if c.rel == w.rel and not c.listed and c.pointer == ():
                c.listed = True
                c.name = _md_stem(w.rel.rsplit("/", 1)[-1])

    def command_field(self, fld: _Field, register_inline: bool) -> None:
        v = fld.value
        first = next(iter(v.values()), None) if isinstance(v, dict) else None
        if isinstance(v, dict) and isinstance(first, dict) and ("source" in first or "content" in first):
            for name, spec in v.items():
                ptr = fld.pointer + (name,)
                if not isinstance(spec, dict):
                    continue
                if _truthy(spec.get("source")):
                    cp = self.resolve(fld, spec.get("source"), (), ptr + ("source",))
                    why = self.unusable(cp, "commands")
                    if why is not None:
                        self.note(cp.resolved or str(cp.value), f"command {name}", why)
                    elif cp.is_dir:
                        self.command_dir(cp.resolved or "", fld.origin)
                    elif cp.target.endswith(".md"):
                        # Claude Code lists no single command file in `plugin details`, but a session loads it
                        self.seen["command"].add(cp.target)
                        self.plugin.commands.append(
                            Command(
                                name=str(name),
                                file=self.reader.file(cp.target, "markdown"),
                                plugin=self.plugin,
                                origin=fld.origin,
                                inline=spec,
                                listed=False,
                            )
                        )
                    else:
                        self.note(cp.resolved, f"command {name}", "not a .md file; Claude Code loads nothing from it")
                elif _truthy(spec.get("content")):
                    if register_inline:
                        self.plugin.commands.append(
                            Command(
                                name=str(name),
                                file=fld.file,
                                pointer=ptr,
                                plugin=self.plugin,
                                origin="inline",
                                inline=spec,
                                listed=False,
                            )
                        )
                    else:
                        self.note(
                            fld.file.rel if fld.file else None,
                            f"command {name}",
                            "inline command content is read from plugin.json only, not from a marketplace entry",
                        )
            return
        for item, suffix in _as_list(v):
            cp = self.resolve(fld, item, suffix)
            why = self.unusable(cp, "commands")
            if why is not None:
                self.note(cp.resolved or (fld.file.rel if fld.file else None), str(item), why)
            elif cp.is_dir:
                self.command_dir(cp.resolved or "", fld.origin)
            elif cp.target.endswith(".md"):
                f = cp.target
                if f in self.seen["command"]:
                    continue  # already loaded from a folder: a session loads a file once
                self.seen["command"].add(f)
                self.plugin.commands.append(
                    Command(
                        name=_md_stem(f.rsplit("/", 1)[-1]),
                        file=self.reader.file(f, "markdown"),
                        plugin=self.plugin,
                        origin=fld.origin,
                        listed=False,
                    )
                )
            else:
                self.note(cp.resolved, str(item), "not a .md file or a folder; Claude Code loads no command from it")

    # ---- agents

    def agent_dir(self, base: str, origin: str) -> None:
        for w in self.walk_md(base, stop_at_skill_dir=False):
            if w.rel in self.seen["agent"]:
                self.relist(self.plugin.agents, w)
                continue
            self.seen["agent"].add(w.rel)
            sf = self.reader.file(w.rel, "markdown")
            self.plugin.agents.append(
                Agent(
                    name=_md_stem(w.rel.rsplit("/", 1)[-1]),
                    file=sf,
                    plugin=self.plugin,
                    namespace=w.ns,
                    origin=origin,
                    listed=w.listed,
                )
            )

    def agent_field(self, fld: _Field) -> None:
        for item, suffix in _as_list(fld.value):
            cp = self.resolve(fld, item, suffix)
            why = self.unusable(cp, "agents")
            if why is not None:
                self.note(cp.resolved or (fld.file.rel if fld.file else None), str(item), why)
            elif cp.is_dir:
                self.agent_dir(cp.resolved or "", fld.origin)
            elif cp.target.endswith(".md"):
                f = cp.target
                if f in self.seen["agent"]:
                    continue
                self.seen["agent"].add(f)
                self.plugin.agents.append(
                    Agent(
                        name=_md_stem(f.rsplit("/", 1)[-1]),
                        file=self.reader.file(f, "markdown"),
                        plugin=self.plugin,
                        origin=fld.origin,
                        listed=False,
                    )
                )
            else:
                self.note(cp.resolved, str(item), "not a .md file; Claude Code loads no agent from it")

    # ---- output styles (`plugin details` has no section for them: never listed)

    def style_dir(self, base: str, origin: str) -> None:
        for w in self.walk_md(base, stop_at_skill_dir=False):
            if w.rel in self.seen["style"]:
                continue
            self.seen["style"].add(w.rel)
            sf = self.reader.file(w.rel, "markdown")
            self.plugin.output_styles.append(
                OutputStyle(
                    name=_fm_name(sf) or _md_stem(w.rel.rsplit("/", 1)[-1]),
                    file=sf,
                    plugin=self.plugin,
                    origin=origin,
                    listed=False,
                )
            )

    def style_field(self, fld: _Field) -> None:
        for item, suffix in _as_list(fld.value):
            cp = self.resolve(fld, item, suffix)
            why = self.unusable(cp, "output styles")
            if why is not None:
                self.note(cp.resolved or (fld.file.rel if fld.file else None), str(item), why)
            elif cp.is_dir:
                self.style_dir(cp.resolved or "", fld.origin)
            elif cp.target.endswith(".md") and cp.target not in self.seen["style"]:
                self.seen["style"].add(cp.target)
                sf = self.reader.file(cp.target, "markdown")
                self.plugin.output_styles.append(
                    OutputStyle(
                        name=_fm_name(sf) or _md_stem(cp.target.rsplit("/", 1)[-1]),
                        file=sf,
                        plugin=self.plugin,
                        origin=fld.origin,
                        listed=False,
                    )
                )

    # ---- skills

    def skill_path(self, d: str, origin: str, seen: set[str], loaded: set[str]) -> None:
        """One skills path: a SKILL.md right in it is one skill; else each sub-folder with a SKILL.md is one."""
        idx = self.idx
        if d in seen:  # `plugin details` and sessions read a path once
            return
        seen.add(d)
        direct = f"{d}/SKILL.md" if d else "SKILL.md"
        if idx.is_file(direct):
            sf = self.reader.file(direct, "markdown")
            n = _fm_name(sf) or ""
            if n.startswith(self.plugin.name + ":"):
                n = n[len(self.plugin.name) + 1 :]
            folder = d.rsplit("/", 1)[-1] if d else self.reader.root.name
            self.add_skill(sf, n or folder, d, origin, loaded, root_skill=d == self.rel)
            return
        names = idx.list(d)
        # real folders first: a link to one of them is then the duplicate a session skips
        names = sorted(names, key=lambda n: (getattr(idx.get(f"{d}/{n}" if d else n), "kind", "") == "symlink", n))
        for name in names:
            child = f"{d}/{name}" if d else name
            e = idx.get(child)
            if e is None or not e.is_dir:
                continue
            real = child if e.kind == "dir" else (e.link_rel or "")
            skill_md = f"{real}/SKILL.md" if real else "SKILL.md"
            if e.kind == "symlink" and not e.link_rel:
                continue
            if idx.is_file(skill_md):
                self.add_skill(self.reader.file(skill_md, "markdown"), name, child, origin, loaded)
                if name == MCPB_CACHE:  # `plugin details` lists it; sessions never read this folder
                    self.plugin.skills[-1].loads = False
                    self.note(
                        child,
                        name,
                        f"a folder named {MCPB_CACHE} is Claude Code's own (unpacked MCP "
                        "bundles): sessions do not load a skill from it",
                    )
            elif e.kind == "dir":
                self.note_skill_folder(child)

    def add_skill(
        self, sf: SourceFile, name: str, dir_rel: str, origin: str, loaded: set[str], root_skill: bool = False
    ) -> None:
        if any(s.dir_rel == dir_rel for s in self.plugin.skills):
            return  # one folder reached by two paths (skills/x and a "skills" entry ./skills/x) counts once
        sk = Skill(name=name, file=sf, plugin=self.plugin, dir_rel=dir_rel, origin=origin, root_skill=root_skill)
        if sf.rel in loaded:  # a link to a skill folder already loaded: the session keeps one
            sk.loads = False
            self.note(
                dir_rel, name, f"the same skill as {sf.rel.rsplit('/', 1)[0]} (a link to it); a session loads it once"
            )
        loaded.add(sf.rel)
        self.plugin.skills.append(sk)

    def note_skill_folder(self, child: str) -> None:
        idx = self.idx
        names = idx.list(child)
        lower = [n for n in names if n.lower() == "skill.md" and idx.is_file(f"{child}/{n}")]
        if lower:
            self.note(
                f"{child}/{lower[0]}",
                lower[0],
                "Claude Code reads SKILL.md in capitals; on a case-sensitive "
                "file system (Linux) it does not find this file",
            )
            return
        deeper = [f for f in idx.walk_files(child, ".md") if f.rsplit("/", 1)[-1] == "SKILL.md"]
        if deeper:
            for f in deeper:
                self.note(
                    f, f.rsplit("/", 2)[-2], "nested too deep: Claude Code reads <skills folder>/<name>/SKILL.md only"
                )
            return
        resources = [n for n in names if n in _SKILL_RESOURCE_DIRS and idx.walk_files(f"{child}/{n}")]
        if resources or idx.walk_files(child, ".md"):
            # Markdown or a skill's resource folders (references/, scripts/ …) without SKILL.md: Claude Code
            # 2.1.332 loads no skill from it (a folder of shared assets such as logo.png is not noted)
            self.note(child, child.rsplit("/", 1)[-1] + "/", SKILL_FOLDER_WITHOUT_SKILL_MD)

    # ---- hooks

    def hook_file(self, rel: str, origin: str) -> dict | None:
        """Read a hooks file as Claude Code does: the event map it keeps, or None (nothing loads from it)."""
        sf = self.reader.file(rel, "json")
        data = sf.data
        name = rel.rsplit("/", 1)[-1]
        if sf.json is None or not sf.json.ok or sf.text is None:
            self.plugin.hook_configs.append(
                HookConfig(
                    name=name, file=sf, plugin=self.plugin, origin=origin, wrapped=None, loads=False, listed=False
                )
            )
            self.note(rel, name, "not valid JSON; Claude Code loads no hooks from it")
            return None
        if isinstance(data, dict) and (
            _declares_guard(data)
            or any(k != "hooks" and _holds_guard(v, 3, k not in HOOK_EVENTS) for k, v in data.items())
        ):
            self.refuse(
                rel,
                f"{name} declares PreToolUse/PermissionRequest hooks (or matcher groups) at its top "
                'level, outside the "hooks" object; Claude Code refuses the whole plugin',
            )
        wrapped = isinstance(data, dict) and "hooks" in data
        if not isinstance(data, dict) or not isinstance(data.get("hooks"), dict):
            if wrapped and data.get("hooks") is not None:
                self.refuse(
                    rel,
                    f'"hooks" in {name} must be an object mapping events to matcher lists; Claude '
                    "Code refuses the whole plugin",
                )
            events = data if isinstance(data, dict) and not wrapped else {}
            cfg = self.hook_map(sf, (), events, origin, wrapped=False if not wrapped else True, keep=False)
            if self.plugin.refused is None:
                self.note(
                    rel,
                    name,
                    'no "hooks" object: Claude Code loads no hooks from this file (the event map '
                    'must sit inside {"hooks": …})',
                )
            cfg.loads = False
            return None
        cfg = self.hook_map(sf, ("hooks",), data["hooks"], origin, wrapped=True, description=data.get("description"))
        return {e: True for e in cfg.kept_events}

    def hook_map(
        self,
        sf: SourceFile | None,
        base: tuple,
        events: dict,
        origin: str,
        wrapped: bool | None,
        description: Any = None,
        keep: bool = True,
    ) -> HookConfig:
        """Add a hook source; ``keep`` False: nothing of it loads. Returns its config with the kept events."""
        if origin == "inline":
            name = "plugin.json hooks"
        elif origin == "marketplace":
            name = "marketplace entry hooks"
        else:
            name = sf.rel.rsplit("/", 1)[-1] if sf is not None else "hooks"
        where = sf.rel if sf is not None else None
        cfg = HookConfig(
            name=name,
            file=sf,
            pointer=base,
            plugin=self.plugin,
            origin=origin,
            base=base,
            wrapped=wrapped,
            events=events,
            description=description,
            loads=keep,
        )
        self.plugin.hook_configs.append(cfg)
        if keep and (_looks_like_matcher(events)):
            self.refuse(
                where,
                "hooks: a single matcher group where a map of events was expected; Claude Code refuses "
                "the whole plugin",
            )
        for event, groups in events.items():
            known = event in HOOK_EVENTS
            kept = keep and known and isinstance(groups, list)
            if keep and not known:
                if _holds_guard(groups, 3, not isinstance(groups, list)):
                    self.refuse(
                        where,
                        f"hooks.{event}: not a hook event, but it holds PreToolUse/PermissionRequest "
                        "hooks; Claude Code refuses the whole plugin",
                    )
                else:
                    self.note(where, event, "not a hook event Claude Code knows (names are case-sensitive); ignored")
            elif keep and not isinstance(groups, list):
                if (event in GUARD_EVENTS and groups is not None) or _holds_guard(groups, 3, False):
                    self.refuse(
                        where, f"hooks.{event} must be a list of matcher groups; Claude Code refuses the whole plugin"
                    )
                else:
                    self.note(where, event, "must be a list of matcher groups; the event is ignored")
            for gi, group in enumerate(groups if isinstance(groups, list) else []):
                gproblem = hook_group_problem(group)
                handlers = group.get("hooks") if isinstance(group, dict) else None
                if kept and gproblem is not None:
                    self.fail_hook(where, event, f"{event}[{gi}]: {gproblem}")
                for hi, handler in enumerate(handlers if isinstance(handlers, list) else []):
                    hd = handler if isinstance(handler, dict) else {}
                    hproblem = hook_handler_problem(handler)
                    ok = kept and gproblem is None and hproblem is None
                    if kept and gproblem is None and hproblem is not None:
                        self.fail_hook(where, event, f"{event}[{gi}].hooks[{hi}]: {hproblem}")
                    self.plugin.hooks.append(
                        Hook(
                            name=_hook_label(hd),
                            file=sf,
                            pointer=base + (event, gi, "hooks", hi),
                            plugin=self.plugin,
                            origin=origin,
                            event=str(event),
                            matcher=group.get("matcher") if isinstance(group, dict) else None,
                            group_index=gi,
                            handler_index=hi,
                            data=hd,
                            config=cfg,
                            loads=ok,
                            listed=kept,
                        )
                    )
            # an event whose handlers were all invalid is kept (listed, with nothing to run)
            if kept:
                cfg.kept_events.append(str(event))
        return cfg

    def fail_hook(self, where: str | None, event: str, what: str) -> None:
        if event in GUARD_EVENTS:
            self.refuse(
                where,
                f"hooks.{what} — a {event} hook that cannot be loaded may guard permissions, so Claude "
                "Code refuses the whole plugin",
            )
        else:
            self.note(where, event, f"{what}; this entry is ignored")

    def refuse(self, where: str | None, why: str) -> None:
        if self.plugin.refused is None:
            self.plugin.refused = why
        self.note(where, self.plugin.name, why)

    # ---- MCP

    def mcp_file(self, rel: str, origin: str) -> list[McpServer]:
        sf = self.reader.file(rel, "json")
        self.plugin.mcp_files.append(sf)
        data = sf.data
        out: list[McpServer] = []
        if not isinstance(data, dict):
            if sf.json is not None and sf.json.ok:
                self.note(rel, rel.rsplit("/", 1)[-1], "not a JSON object; Claude Code loads no MCP server from it")
            return out
        if "mcpServers" in data:
            inner = data["mcpServers"]
            for k in data:
                if k != "mcpServers":
                    self.note(
                        rel,
                        k,
                        'sits beside the "mcpServers" key: Claude Code reads only the servers inside '
                        "it and ignores this one",
                    )
            if isinstance(inner, dict):
                out = self.mcp_map(sf, ("mcpServers",), inner, origin, True)
            elif inner is not None:
                self.note(rel, "mcpServers", "is not an object; Claude Code loads no MCP server from this file")
            return out
        return self.mcp_map(sf, (), data, origin, False)

    def mcp_map(
        self,
        sf: SourceFile | None,
        base: tuple,
        servers: dict,
        origin: str,
        wrapped: bool | None,
        listed: bool = True,
        validate: bool = True,
    ) -> list[McpServer]:
        out = []
        for name, cfg in servers.items():
            s = McpServer(
                name=str(name),
                file=sf,
                pointer=base + (name,),
                plugin=self.plugin,
                origin=origin,
                config=cfg,
                wrapped=wrapped,
                listed=listed,
            )
            problem = mcp_config_problem(cfg)
            # a file's servers are checked as they are read (an invalid one does not replace an earlier one of the
            # same name); host-only types are dropped after the merge
            self.mcp_valid[id(s)] = not validate or problem is None or "cannot be declared" in problem
            if problem is not None:
                s.loads = False
                self.note(
                    sf.rel if sf else None,
                    str(name),
                    f"invalid MCP server config: {problem}; Claude Code does not start it",
                )
            self.plugin.mcp_servers.append(s)
            out.append(s)
        return out

    def finish_mcp(self, active: list[McpServer]) -> None:
        """Later definitions of a name win; servers with the same command or URL as an earlier one are suppressed."""
        last: dict[str, McpServer] = {}
        for s in active:
            if not self.mcp_valid.get(id(s), True):
                continue
            prev = last.get(s.name)
            if prev is not None and prev.loads:
                prev.loads = False
                self.note(
                    prev.rel,
                    prev.name,
                    f"defined again in {s.rel or 'plugin.json'}; the later definition is the one Claude Code uses",
                )
            last[s.name] = s
        seen: dict[Any, str] = {}
        for s in last.values():
            if not s.loads or not isinstance(s.config, dict):
                continue
            cfg = s.config
            if isinstance(cfg.get("command"), str) and cfg.get("type") in (None, "stdio"):
                raw_env = cfg.get("env")
                env = raw_env if isinstance(raw_env, dict) else {}
                sig: Any = ("stdio", cfg["command"], tuple(cfg.get("args") or ()), tuple(sorted(env.items())))
            elif isinstance(cfg.get("url"), str):
                sig = ("url", cfg["url"])
            else:
                continue
            if sig in seen:
                s.loads = False
                self.note(
                    s.rel,
                    s.name,
                    f"the same command or URL as MCP server '{seen[sig]}' of this plugin; Claude "
                    "Code starts only the first",
                )
            else:
                seen[sig] = s.name

    # ---- LSP

    def lsp_file(self, rel: str, origin: str, listed: bool) -> list[LspServer]:
        sf = self.reader.file(rel, "json")
        self.plugin.lsp_files.append(sf)
        data = sf.data
        if not isinstance(data, dict):
            if sf.json is not None and sf.json.ok:
                self.note(rel, rel.rsplit("/", 1)[-1], "not a JSON object; Claude Code loads no LSP server from it")
            return []
        out = self.lsp_map(sf, (), data, origin, listed, whole_file=True)
        bad = [(s, lsp_config_problem(s.config)) for s in out]
        bad = [(s, w) for s, w in bad if w is not None]
        if bad:
            first = bad[0]
            for s in out:
                s.loads = False
            self.note(
                rel,
                rel.rsplit("/", 1)[-1],
                f"LSP server '{first[0].name}' {first[1]}; Claude Code validates the whole file and loads none "
                f"of its {len(out)} server(s)",
            )
        return out

    def lsp_map(
        self, sf: SourceFile | None, base: tuple, servers: dict, origin: str, listed: bool, whole_file: bool = False
    ) -> list[LspServer]:
        out = []
        for name, cfg in servers.items():
            s = LspServer(
                name=str(name),
                file=sf,
                pointer=base + (name,),
                plugin=self.plugin,
                origin=origin,
                config=cfg,
                listed=listed,
            )
            if not whole_file:
                problem = lsp_config_problem(cfg)
                if problem is not None:
                    s.loads = False
                    self.note(
                        sf.rel if sf else None,
                        str(name),
                        f"invalid LSP server config: {problem}; Claude Code does not start it",
                    )
            self.plugin.lsp_servers.append(s)
            out.append(s)
        return out


def _load_component_folder(reader: SourceReader, base: str) -> Plugin:
    plugin = Plugin(rel="", name=reader.root.parent.name or base, name_source="directory")
    b = _Builder(reader, plugin)
    if base == "skills":
        b.skill_path("", "default", set(), set())
    elif base == "commands":
        b.command_dir("", "default")
    elif base == "agents":
        b.agent_dir("", "default")
    else:
        b.style_dir("", "default")
    return plugin


class _PluginLoad:
    """One plugin being loaded: its folder, its plugin.json, its marketplace entry and how the two combine.

    How a marketplace entry combines with the folder (Claude Code's plugin loader): without a plugin.json the entry
    is the manifest ("assign": the default folders still load and the entry's paths add to them); with a plugin.json
    the entry's component paths are appended to the plugin's ("append": its mcpServers/lspServers are not read); a
    strict:false entry with component fields beside a plugin.json is a conflict, and the plugin does not load.
    """

    def __init__(self, reader: SourceReader, rel: str, entry: MarketplaceEntry | None) -> None:
        self.reader, self.rel, self.entry = reader, rel, entry
        self.idx = idx = reader.index
        self.plugin = plugin = Plugin(rel=rel, name=(rel.rsplit("/", 1)[-1] if rel else reader.root.name), entry=entry)
        self.b = b = _Builder(reader, plugin)
        self.p = p = b.p
        if entry is not None and isinstance(entry.name, str) and entry.name:
            plugin.name, plugin.name_source = entry.name, "marketplace"
        if idx.exists(p(MANIFEST)):
            plugin.manifest = reader.file(p(MANIFEST), "json")
            md = plugin.manifest_data
            if md is not None and isinstance(md.get("name"), str) and md["name"].strip():
                plugin.name, plugin.name_source = md["name"], "manifest"
        self.manifest: dict = plugin.manifest_data or {}
        ed: dict = entry.data if entry is not None and isinstance(entry.data, dict) else {}
        self.ed = ed
        if entry is not None:
            exp = ed.get("experimental")
            if plugin.manifest is None:
                plugin.entry_mode = "assign"
            elif ed.get("strict") is False and (
                any(_truthy(ed.get(k)) for k in CONFLICT_FIELDS)
                or (isinstance(exp, dict) and _truthy(exp.get("themes")))
            ):
                plugin.entry_mode = "conflict"
                b.refuse(
                    MARKETPLACE,
                    "the marketplace entry is strict: false and names components while the plugin "
                    "has its own plugin.json: Claude Code refuses the plugin (set strict: true or "
                    "remove the component fields from one of them)",
                )
            else:
                plugin.entry_mode = "append"
        self.market_sf = reader.file(MARKETPLACE, "json") if entry is not None else None
        self.assign = plugin.entry_mode == "assign"
        self.append = plugin.entry_mode == "append"

    def _entry_field(self, name: str) -> _Field:
        assert self.entry is not None
        return _Field(name, self.ed[name], self.market_sf, self.entry.pointer + (name,), "marketplace")

    def mf(self, name: str) -> _Field | None:
        """A component field of the manifest: plugin.json's, or without one the marketplace entry's."""
        if name in self.manifest:
            return self.manifest_only(name)
        if self.assign and name in self.ed:  # without plugin.json the entry's fields are the manifest's
            return self._entry_field(name)
        return None

    def ef(self, name: str) -> _Field | None:
        """A component field of the marketplace entry, when the entry's fields count."""
        if (self.append or self.assign) and name in self.ed:
            return self._entry_field(name)
        return None

    def exp_field(self, name: str) -> _Field | None:
        """An experimental component (monitors, themes): under plugin.json's "experimental", or at the top."""
        exp = self.manifest.get("experimental")
        if isinstance(exp, dict) and name in exp:
            return _Field(name, exp[name], self.plugin.manifest, ("experimental", name), "manifest")
        return self.mf(name)

    def manifest_only(self, name: str) -> _Field | None:
        """plugin.json's own field (a marketplace entry's fields are read apart: they add, not replace)."""
        if name in self.manifest:
            return _Field(name, self.manifest[name], self.plugin.manifest, (name,), "manifest")
        return None

    def shadowed(self, folder: str, fld: _Field) -> None:
        """Say that a default folder does not load because a field replaces it (unless the field names it)."""
        p = self.p
        if not self.idx.is_dir(p(folder)):
            return
        inside = any(
            isinstance(v, str) and (normalize(p(v.strip())) + "/").startswith(p(folder) + "/")
            for v, _ in _as_list(
                fld.value
                if not isinstance(fld.value, dict)
                else [s.get("source") for s in fld.value.values() if isinstance(s, dict)]
            )
        )
        if not inside:
            who = "plugin.json" if fld.origin == "manifest" else "the marketplace entry"
            self.b.note(
                p(folder),
                f"{folder}/",
                f'not loaded: {who} sets "{fld.name}", which replaces the default {folder}/ folder',
            )


def _replacing_folder(
    ld: _PluginLoad,
    field_name: str,
    folder: str,
    from_folder: Callable[[str, str], None],
    from_field: Callable[[_Field, bool], None],
) -> None:
    """Commands, agents and output styles: plugin.json's field replaces the default folder (said in not_loaded
    when the field does not name it); a marketplace entry's field adds to whichever was read."""
    fld = ld.manifest_only(field_name)
    if fld is not None and _truthy(fld.value):
        ld.shadowed(folder, fld)
        from_field(fld, True)
    elif ld.idx.is_dir(ld.p(folder)):
        from_folder(ld.p(folder), "default")
    fld = ld.ef(field_name)
    if fld is not None and _truthy(fld.value):
        from_field(fld, False)


def _load_commands(ld: _PluginLoad) -> None:
    """Commands: plugin.json "commands" replaces commands/ (its object form registers inline commands too)."""
    _replacing_folder(
        ld,
        "commands",
        "commands",
        ld.b.command_dir,
        lambda fld, manifest: ld.b.command_field(fld, register_inline=manifest),
    )


def _load_agents(ld: _PluginLoad) -> None:
    """Agents: plugin.json "agents" replaces agents/; a marketplace entry's agents add to it."""
    _replacing_folder(ld, "agents", "agents", ld.b.agent_dir, lambda fld, _manifest: ld.b.agent_field(fld))


def _load_skills(ld: _PluginLoad) -> None:
    """Skills: skills/ always, plus the paths named; a SKILL.md at the root only when neither exists."""
    b, idx, p, plugin, reader, rel, entry, assign, ef, manifest_only = (
        ld.b,
        ld.idx,
        ld.p,
        ld.plugin,
        ld.reader,
        ld.rel,
        ld.entry,
        ld.assign,
        ld.ef,
        ld.manifest_only,
    )
    skills_dir = p("skills")
    default_skills = idx.exists(skills_dir)
    skill_paths: list[tuple[str, str]] = []  # (folder, origin)

    def skill_field_paths(f: _Field) -> list[str]:
        out = []
        for item, suffix in _as_list(f.value):
            cp = b.resolve(f, item, suffix)
            why = b.unusable(cp, "skills")
            if why is None and not cp.is_dir:
                why = "a file: a skills path must be a folder (holding SKILL.md, or skill folders)"
            if why is not None:
                b.note(cp.resolved or (f.file.rel if f.file else None), str(item), why)
            else:
                out.append(cp.resolved or "")
        return out

    fld = manifest_only("skills")
    root_skill = False
    if fld is not None and _truthy(fld.value):
        skill_paths += [(d, "manifest") for d in skill_field_paths(fld) if d != skills_dir]
    elif not default_skills and idx.is_file(p("SKILL.md")):
        root_skill = True
    root_source = (
        entry is not None
        and isinstance(entry.source, str)
        and all(seg in ("", ".") for seg in re.split(r"[\\/]", entry.source))
    )
    efld = ef("skills")
    if efld is not None and _truthy(efld.value):
        resolved = skill_field_paths(efld)
        if root_source:
            # an entry whose source is the marketplace root: its skills replace the skills/ scan
            keep_default = any(d in (skills_dir, rel) for d in resolved)
            default_skills = default_skills and keep_default
        extra = [d for d in resolved if d != skills_dir]
        if root_source:
            extra = [d for d in extra if d != rel] if not assign else extra
        if assign:
            if extra:
                skill_paths, root_skill = [(d, "marketplace") for d in extra], False
        else:
            have = {d for d, _ in skill_paths}
            skill_paths += [(d, "marketplace") for d in extra if d not in have]
    seen_paths: set[str] = set()
    loaded_skills: set[str] = set()
    if default_skills and idx.is_dir(skills_dir):
        b.skill_path(skills_dir, "default", seen_paths, loaded_skills)
    if root_skill:
        b.skill_path(rel, "default", seen_paths, loaded_skills)
    for d, origin in skill_paths:
        b.skill_path(d, origin, seen_paths, loaded_skills)
    if root_source and not default_skills and idx.is_dir(skills_dir):
        # skills/ is not scanned for this entry, but its folders are other entries' skills (or dead ones): keep
        # them in the model, not loaded, so the rules still check them
        for name in idx.list(skills_dir):
            child = f"{skills_dir}/{name}"
            if idx.is_file(f"{child}/SKILL.md") and not any(s.dir_rel == child for s in plugin.skills):
                plugin.skills.append(
                    Skill(
                        name=name,
                        file=reader.file(f"{child}/SKILL.md", "markdown"),
                        plugin=plugin,
                        dir_rel=child,
                        origin="default",
                        listed=False,
                        loads=False,
                    )
                )
                b.note(
                    child,
                    name,
                    f'not loaded by the marketplace entry {plugin.name!r}: its "skills" names '
                    "the skill folders it loads from the marketplace root",
                )
    if idx.is_file(p("SKILL.md")) and not any(s.root_skill for s in plugin.skills) and rel not in seen_paths:
        b.note(
            p("SKILL.md"),
            "SKILL.md",
            'a SKILL.md at the plugin root loads only when the plugin has no skills/ folder and no "skills" field',
        )
    for folder in (".claude-plugin/commands", ".claude-plugin/agents", ".claude-plugin/skills"):
        for f in idx.walk_files(p(folder), ".md"):
            b.note(
                f,
                f.rsplit("/", 1)[-1],
                f"inside .claude-plugin/: Claude Code reads {folder.split('/')[1]}/ at the plugin root, not here",
            )


def _load_styles(ld: _PluginLoad) -> None:
    """Output styles: plugin.json "outputStyles" replaces output-styles/; an entry's add."""
    _replacing_folder(ld, "outputStyles", "output-styles", ld.b.style_dir, lambda fld, _manifest: ld.b.style_field(fld))


def _load_hooks(ld: _PluginLoad) -> None:
    """Hooks: hooks/hooks.json, plus plugin.json paths or maps; an entry's map (replaces them without plugin.json)."""
    b, idx, p, plugin, reader, entry, ed, assign, ef, manifest_only = (
        ld.b,
        ld.idx,
        ld.p,
        ld.plugin,
        ld.reader,
        ld.entry,
        ld.ed,
        ld.assign,
        ld.ef,
        ld.manifest_only,
    )
    events: dict[str, bool] = {}
    std = p("hooks/hooks.json")
    std_loaded = False
    if idx.is_file(std):
        got = b.hook_file(std, "default")
        std_loaded = got is not None
        for e in got or {}:
            events[e] = True
    elif idx.exists(std):
        reader.file(std, "json")  # read, so the reader reports what it is
        b.note(std, "hooks.json", "not a regular file; Claude Code loads no hooks from it")
    fld = manifest_only("hooks")
    if fld is not None and _truthy(fld.value):
        seen_files = {std} if std_loaded else set()
        for item, suffix in _as_list(fld.value):
            if isinstance(item, str):
                cp = b.resolve(fld, item, suffix)
                why = b.unusable(cp, "hooks")
                if why is None and not idx.is_file(cp.resolved or ""):
                    why = "not a file"
                if why is not None:
                    b.note(cp.resolved or (fld.file.rel if fld.file else None), item, why)
                    continue
                if cp.target in seen_files:
                    continue  # the standard hooks/hooks.json (or a file named twice) loads once
                seen_files.add(cp.target)
                for e in b.hook_file(cp.target, "manifest") or {}:
                    events[e] = True
            elif isinstance(item, dict):
                cfg = b.hook_map(fld.file, fld.pointer + suffix, item, "inline", wrapped=None)
                for e in cfg.kept_events:
                    events[e] = True
    fld = ef("hooks")
    if fld is not None and _truthy(fld.value):
        if isinstance(fld.value, dict):
            cfg = b.hook_map(fld.file, fld.pointer, fld.value, "marketplace", wrapped=None)
            if cfg.kept_events:
                if assign:  # the entry's map replaces what the folder's hooks gave
                    for h in plugin.hooks:
                        if h.config is not cfg and h.loads:
                            h.loads = h.listed = False
                    if events:
                        b.note(
                            std,
                            "hooks/hooks.json",
                            'replaced by the marketplace entry\'s "hooks": Claude Code '
                            "loads the entry's hooks instead",
                        )
                    events = {}
                else:  # with plugin.json an event of the entry replaces the same event of the plugin
                    for h in plugin.hooks:
                        if h.config is not cfg and h.event in cfg.kept_events and h.loads:
                            h.loads = False
                for e in cfg.kept_events:
                    events[e] = True
        else:
            b.note(
                MARKETPLACE,
                "hooks",
                "a marketplace entry's hooks must be an object of events; Claude Code does "
                "not read a file path or an array there",
            )
    plugin.hook_events = list(events)
    if (
        not plugin.hook_events
        and entry is not None
        and isinstance(ed.get("hooks"), dict)
        and plugin.entry_mode != "conflict"
    ):
        plugin.hook_events = [str(k) for k in ed["hooks"]]  # `plugin details` falls back to the entry's keys


def _load_mcp(ld: _PluginLoad) -> None:
    """MCP servers: .mcp.json, then plugin.json mcpServers (without plugin.json, the entry's)."""
    b, idx, p, plugin, reader, append, mf, ef = ld.b, ld.idx, ld.p, ld.plugin, ld.reader, ld.append, ld.mf, ld.ef
    active: list[McpServer] = []
    if idx.is_file(p(".mcp.json")):
        active += b.mcp_file(p(".mcp.json"), "default")
    elif idx.exists(p(".mcp.json")):
        plugin.mcp_files.append(reader.file(p(".mcp.json"), "json"))
        b.note(p(".mcp.json"), ".mcp.json", "not a regular file; Claude Code loads no MCP server from it")
    fld = mf("mcpServers")
    if fld is not None and _truthy(fld.value):
        origin = "inline" if fld.origin == "manifest" else "marketplace"
        items = [(fld.value, ())] if isinstance(fld.value, (str, dict)) else _as_list(fld.value)
        for item, suffix in items:
            if isinstance(item, dict):
                active += b.mcp_map(fld.file, fld.pointer + suffix, item, origin, None, validate=False)
            elif isinstance(item, str):
                cp = b.resolve(fld, item, suffix)
                if item.strip().lower().endswith(MCPB_SUFFIXES):
                    continue  # an MCP bundle: its server (named inside the bundle) loads when sessions start
                why = b.unusable(cp, "MCP servers")
                if why is None and not idx.is_file(cp.resolved or ""):
                    why = "not a file"
                if why is not None:
                    b.note(cp.resolved or (fld.file.rel if fld.file else None), item, why)
                elif cp.target != p(".mcp.json"):
                    active += b.mcp_file(cp.target, "manifest")
    b.finish_mcp(active)
    fld = ef("mcpServers") if append else None
    if fld is not None and isinstance(fld.value, dict):
        quiet = any(s.listed for s in plugin.mcp_servers)
        for s in b.mcp_map(fld.file, fld.pointer, fld.value, "marketplace", None, listed=not quiet):
            if s.loads:
                s.loads = False
                b.note(
                    MARKETPLACE,
                    s.name,
                    "an MCP server of the marketplace entry: with a plugin.json Claude Code "
                    "reads the plugin's own servers only",
                )


def _load_lsp(ld: _PluginLoad) -> None:
    """LSP servers: .lsp.json, then plugin.json lspServers (files load but `plugin details` lists inline ones)."""
    b, idx, p, plugin, reader, append, mf, ef = ld.b, ld.idx, ld.p, ld.plugin, ld.reader, ld.append, ld.mf, ld.ef
    if idx.is_file(p(".lsp.json")):
        b.lsp_file(p(".lsp.json"), "default", listed=True)
    elif idx.exists(p(".lsp.json")):
        plugin.lsp_files.append(reader.file(p(".lsp.json"), "json"))
        b.note(p(".lsp.json"), ".lsp.json", "not a regular file; Claude Code loads no LSP server from it")
    fld = mf("lspServers")
    if fld is not None and _truthy(fld.value):
        for item, suffix in _as_list(fld.value):
            if isinstance(item, dict):
                b.lsp_map(
                    fld.file,
                    fld.pointer + suffix,
                    item,
                    "inline" if fld.origin == "manifest" else "marketplace",
                    listed=True,
                )
            elif isinstance(item, str):
                cp = b.resolve(fld, item, suffix)
                why = b.unusable(cp, "LSP servers")
                if why is None and not idx.is_file(cp.resolved or ""):
                    why = "not a file"
                if why is not None:
                    b.note(cp.resolved or (fld.file.rel if fld.file else None), item, why)
                else:
                    b.lsp_file(cp.target, "manifest", listed=False)
    last: dict[str, LspServer] = {}
    for s in plugin.lsp_servers:
        prev = last.get(s.name)
        if prev is not None and prev.loads and s.loads:
            prev.loads = False
        if s.loads or prev is None:
            last[s.name] = s
    fld = ef("lspServers") if append else None
    if fld is not None and isinstance(fld.value, dict):
        quiet = any(s.listed for s in plugin.lsp_servers)
        for s in b.lsp_map(fld.file, fld.pointer, fld.value, "marketplace", listed=not quiet):
            if s.loads:
                s.loads = False
                b.note(
                    MARKETPLACE,
                    s.name,
                    "an LSP server of the marketplace entry: with a plugin.json Claude Code "
                    "reads the plugin's own servers only",
                )


def _load_monitors(ld: _PluginLoad) -> None:
    """Monitors (experimental; replace)."""
    b, idx, p, plugin, reader, exp_field = ld.b, ld.idx, ld.p, ld.plugin, ld.reader, ld.exp_field
    src = exp_field("monitors")
    if src is not None:
        if isinstance(src.value, list) and all(isinstance(m, dict) for m in src.value):
            _add_monitors(plugin, src.file, src.pointer, src.value, "inline")
        else:
            for item, suffix in _as_list(src.value):
                cp = b.resolve(src, item, suffix)
                if cp.resolved and idx.is_file(cp.resolved):
                    sf = reader.file(cp.resolved, "json")
                    if isinstance(sf.data, list):
                        _add_monitors(plugin, sf, (), sf.data, "manifest")
    elif idx.exists(p("monitors/monitors.json")):
        sf = reader.file(p("monitors/monitors.json"), "json")
        if isinstance(sf.data, list):
            _add_monitors(plugin, sf, (), sf.data, "default")
        else:
            plugin.monitors.append(Monitor(name="monitors.json", file=sf, plugin=plugin, config=sf.data))


def _load_themes(ld: _PluginLoad) -> None:
    """Themes (experimental; replace)."""
    b, idx, p, plugin, reader, exp_field = ld.b, ld.idx, ld.p, ld.plugin, ld.reader, ld.exp_field
    src = exp_field("themes")
    theme_files: list[str] = []
    if src is not None:
        for item, suffix in _as_list(src.value):
            cp = b.resolve(src, item, suffix)
            if cp.resolved and idx.is_dir(cp.resolved):
                theme_files += idx.walk_files(cp.resolved, ".json", recursive=False)
            elif cp.resolved and idx.is_file(cp.resolved):
                theme_files.append(cp.resolved)
    else:
        theme_files = idx.walk_files(p("themes"), ".json", recursive=False)
    for f in theme_files:
        sf = reader.file(f, "json")
        d = sf.data
        name = str(d["name"]) if isinstance(d, dict) and isinstance(d.get("name"), str) else f.rsplit("/", 1)[-1][:-5]
        plugin.themes.append(Theme(name=name, file=sf, plugin=plugin, listed=False))


def _load_workflows(ld: _PluginLoad) -> None:
    """Workflows (replace): only path bookkeeping."""
    b, mf = ld.b, ld.mf
    src = mf("workflows")
    if src is not None:
        for item, suffix in _as_list(src.value):
            b.resolve(src, item, suffix)


def _unload_refused(ld: _PluginLoad) -> None:
    """A plugin Claude Code refuses loads nothing."""
    plugin = ld.plugin
    if plugin.refused is not None:
        for c in plugin.components():
            c.loads = False


def _load_extras(ld: _PluginLoad) -> None:
    """Settings.json, bin/, settings files, README, LICENSE, CLAUDE.md."""
    idx, p, plugin, reader, rel = ld.idx, ld.p, ld.plugin, ld.reader, ld.rel
    if idx.exists(p("settings.json")):
        plugin.settings_json = reader.file(p("settings.json"), "json")
    plugin.bin_files = idx.walk_files(p("bin"))
    for name in idx.list(p(".claude")):
        if name.endswith(".local.md") and idx.is_file(p(f".claude/{name}")):
            sf = reader.file(p(f".claude/{name}"), "markdown")
            plugin.settings_files.append(
                SettingsFile(name=name[: -len(".local.md")], file=sf, plugin=plugin, listed=False, loads=False)
            )
    for name in README_NAMES:
        if idx.is_file(p(name)):
            plugin.readme = p(name)
            break
    for name in idx.list(rel):
        if name.lower().startswith(LICENSE_PREFIXES) and idx.is_file(p(name)):
            plugin.license = p(name)
            break
    if idx.is_file(p("CLAUDE.md")):
        plugin.claude_md = p("CLAUDE.md")


# one step per component kind, in the order Claude Code's loader takes them
_STEPS = (
    _load_commands,
    _load_agents,
    _load_skills,
    _load_styles,
    _load_hooks,
    _load_mcp,
    _load_lsp,
    _load_monitors,
    _load_themes,
    _load_workflows,
    _unload_refused,
    _load_extras,
)


def _load_plugin(reader: SourceReader, rel: str, entry: MarketplaceEntry | None) -> Plugin:
    """The plugin in folder ``rel`` (with its marketplace entry, if any), as Claude Code loads it."""
    ld = _PluginLoad(reader, rel, entry)
    for step in _STEPS:
        step(ld)
    return ld.plugin


def _hook_label(h: dict) -> str:
    t = h.get("type")
    for k in ("command", "url", "tool", "prompt"):
        v = h.get(k)
        if isinstance(v, str) and v:
            v = " ".join(v.split())
            return f"{t}: {v[:60]}" if isinstance(t, str) else v[:60]
    return str(t) if isinstance(t, str) else "hook"


def _add_monitors(plugin: Plugin, sf: SourceFile | None, base: tuple, items: list, origin: str) -> None:
    for i, m in enumerate(items):
        name = str(m["name"]) if isinstance(m, dict) and isinstance(m.get("name"), str) else f"monitor {i}"
        plugin.monitors.append(
            Monitor(name=name, file=sf, pointer=base + (i,), plugin=plugin, origin=origin, config=m, listed=False)
        )
