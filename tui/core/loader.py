"""Find and read a plugin or marketplace the way Claude Code does (spec sections A–G).

``load(path)`` walks the root once, detects what it is, reads every component file once (through a
``ParseCache`` that a watcher reuses between loads) and returns a ``Project``. It never raises on bad
content: unreadable or malformed files are kept on the model with their problem, and rules report them.
``LoadError`` is raised only when the path itself cannot be used (missing, not a folder, unreadable).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import frontmatter as fmmod
from .fsread import FileIndex, normalize, read_text, walk
from .jsonpos import parse_json
from .roots import LoadError, check_root  # noqa: F401  (re-exported: callers import them from here)
from .model import (
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
    OutputStyle,
    Plugin,
    Project,
    SettingsFile,
    Skill,
    SourceFile,
    Theme,
)

MANIFEST = ".claude-plugin/plugin.json"
MARKETPLACE = ".claude-plugin/marketplace.json"
README_NAMES = ("README.md", "readme.md", "Readme.md", "README.markdown", "README", "README.txt")
LICENSE_PREFIXES = ("license", "licence", "copying")
PLUGIN_HINTS = ("commands", "agents", "skills", "hooks/hooks.json", ".mcp.json", ".lsp.json", "output-styles",
                "SKILL.md", "monitors/monitors.json")


@dataclass(frozen=True, slots=True)
class _Stamp:
    mtime_ns: int
    size: int
    ino: int


RACY_NS = 1_000_000_000  # files modified more recently than this are not cached (see ParseCache.put)


class ParseCache:
    """Parsed files keyed by absolute path and stat stamp, reused across loads (watch mode).

    A file modified less than ``RACY_NS`` before it was cached is "racily clean" (as git calls it): a
    rewrite of the same size within the same tick of the file clock would leave its stamp unchanged.
    Such an entry is verified by comparing the file's text before it is reused, until a check made
    after the window has passed confirms it.
    """

    def __init__(self) -> None:
        self._files: dict[str, tuple[_Stamp, SourceFile, bool]] = {}
        self.hits = 0
        self.misses = 0

    def get(self, abs_path: str, stamp: _Stamp) -> SourceFile | None:
        hit = self._files.get(abs_path)
        if hit is not None and hit[0] == stamp:
            if hit[2]:  # racy: reuse only if the text on disk is still the cached one
                now = time.time_ns()
                res = read_text(Path(abs_path))
                if res.problem is not None or res.text != hit[1].text:
                    self._files.pop(abs_path, None)
                    self.misses += 1
                    return None
                if now - stamp.mtime_ns >= RACY_NS:
                    self._files[abs_path] = (stamp, hit[1], False)
            self.hits += 1
            return hit[1]
        self.misses += 1
        return None

    def put(self, abs_path: str, stamp: _Stamp, sf: SourceFile) -> None:
        self._files[abs_path] = (stamp, sf, time.time_ns() - stamp.mtime_ns < RACY_NS)

    def forget(self, abs_path: str) -> None:
        self._files.pop(abs_path, None)


def _kind_for(rel: str) -> str:
    low = rel.lower()
    if low.endswith(".json"):
        return "json"
    if low.endswith((".md", ".markdown")):
        return "markdown"
    return "text"


class _Reader:
    def __init__(self, root: Path, index: FileIndex, cache: ParseCache | None) -> None:
        self.root = root
        self.index = index
        self.cache = cache
        self.root_str = str(root)
        self.files: dict[str, SourceFile] = {}

    def file(self, rel: str, kind: str | None = None) -> SourceFile:
        rel = normalize(rel)
        sf = self.files.get(rel)
        if sf is not None:
            return sf
        kind = kind or _kind_for(rel)
        e = self.index.entries.get(rel)
        stamp = _Stamp(e.mtime_ns, e.size, e.ino) if e is not None else None
        key = f"{self.root_str}/{rel}"
        if self.cache is not None and stamp is not None:
            hit = self.cache.get(key, stamp)
            if hit is not None and hit.kind == kind:
                self.files[rel] = hit
                return hit
        abs_path = self.root / rel
        sf = SourceFile(rel=rel, abs=abs_path, kind=kind)
        if e is not None:
            sf.mode = e.mode
        if e is not None and e.kind == "symlink" and e.link_kind not in ("file",):
            sf.problem = {
                "loop": "is a symlink loop",
                "missing": "is a dangling symlink (its target does not exist)",
                "outside": "is a symlink to a path outside the root; it was not followed",
                "dir": "is a directory where a file was expected",
            }.get(e.link_kind or "", f"is a symlink to a {e.link_kind}; it was not opened")
        elif e is not None and e.kind not in ("file", "symlink"):
            sf.problem = ("is a directory where a file was expected" if e.kind == "dir"
                          else f"is a {e.kind}, not a regular file; it was not opened")
        else:
            res = read_text(abs_path)
            sf.text, sf.problem = res.text, res.problem
            sf.problem_line, sf.problem_column = res.problem_line, res.problem_column
            sf.bom, sf.size, sf.mtime_ns = res.bom, res.size, res.mtime_ns
            if sf.text is not None:
                if kind == "json":
                    sf.json = parse_json(sf.text)
                    sf.bom = sf.bom or sf.json.bom
                elif kind == "markdown":
                    sf.fm = fmmod.split(sf.text)
        self.files[rel] = sf
        # cache only what was read in the state the walk saw: a file rewritten in between (an editor
        # caught half-way through a save) is read again next time instead of keeping a phantom problem
        if (self.cache is not None and stamp is not None and sf.problem is None
                and sf.size == stamp.size and sf.mtime_ns == stamp.mtime_ns):
            self.cache.put(key, stamp, sf)
        return sf


def load(path: str | os.PathLike, cache: ParseCache | None = None, index: FileIndex | None = None) -> Project:
    """Load the plugin or marketplace at ``path``.

    ``cache`` reuses files parsed by an earlier load when their stamp is unchanged; ``index`` is a walk
    of the same root to use instead of walking again (watch mode refreshes it with ``fsread.refresh``).
    """
    root = check_root(path)
    if index is None or Path(index.root) != root:
        index = walk(root)
    reader = _Reader(root, index, cache)
    project = Project(root=root, kind="none", index=index)

    has_market = index.exists(MARKETPLACE)
    has_manifest = index.exists(MANIFEST)
    if has_market:
        project.kind = "marketplace"
        _load_marketplace(project, reader)
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
                project.note = ("nothing plugin-like here: no .claude-plugin/plugin.json or marketplace.json, "
                                "and no commands/, agents/, skills/, hooks/hooks.json or .mcp.json")
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


def _load_marketplace(project: Project, reader: _Reader) -> None:
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
            entry = MarketplaceEntry(index=i, data=raw if isinstance(raw, dict) else {},
                                     pointer=("plugins", i))
            if isinstance(raw, dict):
                entry.name = raw.get("name")
                entry.source = raw.get("source")
            market.entries.append(entry)
            local = _local_source(entry.source, plugin_root)
            if local is None:
                continue
            entry.local_rel = local
            if not reader.index.is_dir(local):
                continue
            plugin = loaded.get(local)
            if plugin is None:
                plugin = _load_plugin(reader, local, entry)
                loaded[local] = plugin
                project.plugins.append(plugin)
            entry.plugin = plugin
    # every other plugin folder of the repository, nested ones included: a marketplace author checks them all
    for rel in _find_plugin_dirs(reader.index, exclude=set(loaded), nested=True):
        if rel in loaded:
            continue
        plugin = _load_plugin(reader, rel, None)
        loaded[rel] = plugin
        project.plugins.append(plugin)


def _local_source(source: Any, plugin_root: str | None) -> str | None:
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


def _load_component_folder(reader: _Reader, base: str) -> Plugin:
    plugin = Plugin(rel="", name=reader.root.parent.name or base, name_source="directory")
    idx = reader.index
    if base == "skills":
        for name in idx.list(""):
            if idx.is_file(f"{name}/SKILL.md"):
                plugin.skills.append(_skill(reader, plugin, f"{name}/SKILL.md", name, "default"))
    else:
        for rel in idx.walk_files("", ".md"):
            if rel.rsplit("/", 1)[-1].lower() == "readme.md":
                continue
            stem = rel.rsplit("/", 1)[-1][:-3]
            ns = tuple(rel.split("/")[:-1])
            sf = reader.file(rel, "markdown")
            if base == "commands":
                plugin.commands.append(Command(name=stem, file=sf, plugin=plugin, namespace=ns))
            elif base == "agents":
                plugin.agents.append(_agent(sf, plugin, stem, ns, "default"))
            else:
                plugin.output_styles.append(OutputStyle(name=_fm_name(sf) or stem, file=sf, plugin=plugin))
    return plugin


def _fm_name(sf: SourceFile) -> str | None:
    if sf.fm is not None and sf.fm.ok:
        n = sf.fm.data.get("name")
        if isinstance(n, str) and n.strip():
            return n.strip()
    return None


def _agent(sf: SourceFile, plugin: Plugin, stem: str, ns: tuple, origin: str) -> Agent:
    return Agent(name=_fm_name(sf) or stem, file=sf, plugin=plugin, namespace=ns, origin=origin)


def _skill(reader: _Reader, plugin: Plugin, rel: str, dir_name: str, origin: str, root_skill: bool = False) -> Skill:
    sf = reader.file(rel, "markdown")
    dir_rel = rel.rsplit("/", 1)[0] if "/" in rel else ""
    return Skill(name=_fm_name(sf) or dir_name, file=sf, plugin=plugin, dir_rel=dir_rel,
                 origin=origin, root_skill=root_skill)


def _as_list(value: Any) -> list[tuple[Any, tuple]]:
    """Manifest path fields are a string or an array: (value, pointer suffix) pairs."""
    if isinstance(value, list):
        return [(v, (i,)) for i, v in enumerate(value)]
    return [(value, ())]


def _load_plugin(reader: _Reader, rel: str, entry: MarketplaceEntry | None) -> Plugin:
    idx = reader.index
    p = (lambda x: f"{rel}/{x}" if rel else x)
    plugin = Plugin(rel=rel, name=(rel.rsplit("/", 1)[-1] if rel else reader.root.name), entry=entry)
    if entry is not None and isinstance(entry.name, str) and entry.name:
        plugin.name, plugin.name_source = entry.name, "marketplace"
    if idx.exists(p(MANIFEST)):
        plugin.manifest = reader.file(p(MANIFEST), "json")
        md = plugin.manifest_data
        if md is not None and isinstance(md.get("name"), str) and md["name"].strip():
            plugin.name, plugin.name_source = md["name"], "manifest"
    manifest = plugin.manifest_data or {}
    # A strict:false marketplace entry is the whole definition; its component fields act like a manifest.
    entry_fields: dict = {}
    if entry is not None and isinstance(entry.data, dict):
        entry_fields = entry.data

    def field_source(name: str) -> tuple[Any, SourceFile | None, tuple] | None:
        if name in manifest:
            return manifest[name], plugin.manifest, (name,)
        if name in entry_fields and entry is not None:
            return entry_fields[name], (entry and _market_file(reader)), entry.pointer + (name,)
        return None

    def exp_source(name: str) -> tuple[Any, SourceFile | None, tuple] | None:
        exp = manifest.get("experimental")
        if isinstance(exp, dict) and name in exp:
            return exp[name], plugin.manifest, ("experimental", name)
        return field_source(name)

    def paths(field_name: str, src: tuple[Any, SourceFile | None, tuple]) -> list[ComponentPath]:
        value, sf, ptr = src
        out = []
        for v, suffix in _as_list(value):
            cp = ComponentPath(field=field_name, value=v, pointer=ptr + suffix, file=sf)  # type: ignore[arg-type]
            if isinstance(v, str):
                resolved = normalize(p(v.strip()))
                inside = rel == "" or resolved == rel or resolved.startswith(rel + "/")
                if resolved.startswith("../") or not inside or ".." in v.replace("\\", "/").split("/"):
                    cp.escapes = True
                else:
                    cp.resolved = resolved
                    cp.exists = idx.exists(resolved)
                    cp.is_dir = idx.is_dir(resolved)
            out.append(cp)
            plugin.component_paths.append(cp)
        return out

    # ---- commands (custom paths replace commands/)
    src = field_source("commands")
    if src is not None and isinstance(src[0], dict):
        for name, spec in src[0].items():
            ptr = src[2] + (name,)
            if isinstance(spec, dict) and isinstance(spec.get("source"), str):
                for cp in paths("commands", (spec["source"], src[1], ptr + ("source",))):
                    if cp.resolved and idx.is_file(cp.resolved):
                        plugin.commands.append(Command(name=str(name), file=reader.file(cp.resolved, "markdown"),
                                                       plugin=plugin, origin="manifest", inline=spec))
            else:
                plugin.commands.append(Command(name=str(name), file=src[1], pointer=ptr, plugin=plugin,
                                               origin="inline", inline=spec if isinstance(spec, dict) else None))
    elif src is not None:
        for cp in paths("commands", src):
            _collect_markdown(reader, plugin, cp, "commands")
    else:
        for f in idx.walk_files(p("commands"), ".md"):
            if f.rsplit("/", 1)[-1].lower() == "readme.md":
                continue
            inner = f[len(p("commands")) + 1:]
            ns = tuple(inner.split("/")[:-1])
            plugin.commands.append(Command(name=inner.rsplit("/", 1)[-1][:-3], file=reader.file(f, "markdown"),
                                           plugin=plugin, namespace=ns))

    # ---- agents (custom paths replace agents/)
    src = field_source("agents")
    if src is not None:
        for cp in paths("agents", src):
            _collect_markdown(reader, plugin, cp, "agents")
    else:
        for f in idx.walk_files(p("agents"), ".md"):
            if f.rsplit("/", 1)[-1].lower() == "readme.md":
                continue
            inner = f[len(p("agents")) + 1:]
            plugin.agents.append(_agent(reader.file(f, "markdown"), plugin, inner.rsplit("/", 1)[-1][:-3],
                                        tuple(inner.split("/")[:-1]), "default"))

    # ---- skills (custom paths add to skills/)
    seen_skills: set[str] = set()

    def add_skill_dir(dir_rel: str, origin: str) -> None:
        for name in idx.list(dir_rel):
            child = f"{dir_rel}/{name}" if dir_rel else name
            e = idx.get(child)
            if e is None or e.kind != "dir":
                continue
            skill_md = f"{child}/SKILL.md"
            if idx.is_file(skill_md) and skill_md not in seen_skills:
                seen_skills.add(skill_md)
                plugin.skills.append(_skill(reader, plugin, skill_md, name, origin))

    add_skill_dir(p("skills"), "default")
    src = field_source("skills")
    if src is not None:
        for cp in paths("skills", src):
            if cp.resolved is None or not cp.is_dir:
                continue
            direct = f"{cp.resolved}/SKILL.md" if cp.resolved else "SKILL.md"
            if idx.is_file(direct):
                if direct not in seen_skills:
                    seen_skills.add(direct)
                    plugin.skills.append(_skill(reader, plugin, direct, cp.resolved.rsplit("/", 1)[-1] or plugin.name,
                                                "manifest"))
            else:
                add_skill_dir(cp.resolved, "manifest")
    if src is None and not idx.is_dir(p("skills")) and idx.is_file(p("SKILL.md")):
        plugin.skills.append(_skill(reader, plugin, p("SKILL.md"), plugin.name, "default", root_skill=True))

    # ---- output styles (replace)
    src = field_source("outputStyles")
    if src is not None:
        for cp in paths("outputStyles", src):
            _collect_markdown(reader, plugin, cp, "outputStyles")
    else:
        for f in idx.walk_files(p("output-styles"), ".md", recursive=False):
            sf = reader.file(f, "markdown")
            plugin.output_styles.append(OutputStyle(name=_fm_name(sf) or f.rsplit("/", 1)[-1][:-3], file=sf,
                                                    plugin=plugin))

    # ---- hooks: hooks/hooks.json always, plus manifest paths or an inline map
    if idx.exists(p("hooks/hooks.json")):
        _add_hook_file(reader, plugin, p("hooks/hooks.json"), "default")
    src = field_source("hooks")
    if src is not None:
        if isinstance(src[0], dict):
            _add_hook_map(plugin, src[1], src[2], src[0], "inline", wrapped=None)
        else:
            for cp in paths("hooks", src):
                if cp.resolved and idx.is_file(cp.resolved) and cp.resolved != p("hooks/hooks.json"):
                    _add_hook_file(reader, plugin, cp.resolved, "manifest")

    # ---- MCP servers: .mcp.json plus manifest paths / inline
    if idx.exists(p(".mcp.json")):
        _add_mcp_file(reader, plugin, p(".mcp.json"), "default")
    src = field_source("mcpServers")
    if src is not None:
        if isinstance(src[0], dict):
            _add_mcp_map(plugin, src[1], src[2], src[0], "inline", None)
        else:
            for cp in paths("mcpServers", src):
                if isinstance(cp.value, dict):
                    _add_mcp_map(plugin, src[1], cp.pointer, cp.value, "inline", None)
                elif cp.resolved and idx.is_file(cp.resolved) and cp.resolved.lower().endswith(".json") \
                        and cp.resolved != p(".mcp.json"):
                    _add_mcp_file(reader, plugin, cp.resolved, "manifest")

    # ---- LSP servers: .lsp.json plus manifest paths / inline
    if idx.exists(p(".lsp.json")):
        _add_lsp_file(reader, plugin, p(".lsp.json"), "default")
    src = field_source("lspServers")
    if src is not None:
        if isinstance(src[0], dict):
            _add_lsp_map(plugin, src[1], src[2], src[0], "inline")
        else:
            for cp in paths("lspServers", src):
                if cp.resolved and idx.is_file(cp.resolved) and cp.resolved != p(".lsp.json"):
                    _add_lsp_file(reader, plugin, cp.resolved, "manifest")

    # ---- monitors (experimental; replace)
    src = exp_source("monitors")
    if src is not None:
        if isinstance(src[0], list) and all(isinstance(m, dict) for m in src[0]):
            _add_monitors(plugin, src[1], src[2], src[0], "inline")
        else:
            for cp in paths("monitors", src):
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

    # ---- themes (experimental; replace)
    src = exp_source("themes")
    theme_files: list[str] = []
    if src is not None:
        for cp in paths("themes", src):
            if cp.resolved and idx.is_dir(cp.resolved):
                theme_files += idx.walk_files(cp.resolved, ".json", recursive=False)
            elif cp.resolved and idx.is_file(cp.resolved):
                theme_files.append(cp.resolved)
    else:
        theme_files = idx.walk_files(p("themes"), ".json", recursive=False)
    for f in theme_files:
        sf = reader.file(f, "json")
        d = sf.data
        name = d.get("name") if isinstance(d, dict) and isinstance(d.get("name"), str) else f.rsplit("/", 1)[-1][:-5]
        plugin.themes.append(Theme(name=name, file=sf, plugin=plugin))

    # ---- workflows (replace): only path bookkeeping
    src = field_source("workflows")
    if src is not None:
        paths("workflows", src)

    # ---- settings.json, bin/, settings files, README, LICENSE, CLAUDE.md
    if idx.exists(p("settings.json")):
        plugin.settings_json = reader.file(p("settings.json"), "json")
    plugin.bin_files = idx.walk_files(p("bin"))
    for name in idx.list(p(".claude")):
        if name.endswith(".local.md") and idx.is_file(p(f".claude/{name}")):
            sf = reader.file(p(f".claude/{name}"), "markdown")
            plugin.settings_files.append(SettingsFile(name=name[: -len(".local.md")], file=sf, plugin=plugin))
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
    return plugin


def _market_file(reader: _Reader) -> SourceFile:
    return reader.file(MARKETPLACE, "json")


def _collect_markdown(reader: _Reader, plugin: Plugin, cp: ComponentPath, field_name: str) -> None:
    if cp.resolved is None or not cp.exists:
        return
    idx = reader.index
    files = [cp.resolved] if idx.is_file(cp.resolved) else idx.walk_files(cp.resolved, ".md")
    base = cp.resolved if idx.is_dir(cp.resolved) else cp.resolved.rsplit("/", 1)[0]
    for f in files:
        if not f.lower().endswith(".md") or f.rsplit("/", 1)[-1].lower() == "readme.md" and f != cp.resolved:
            continue
        inner = f[len(base) + 1:] if base and f.startswith(base + "/") else f
        stem = f.rsplit("/", 1)[-1][:-3]
        ns = tuple(inner.split("/")[:-1])
        sf = reader.file(f, "markdown")
        if field_name == "commands":
            plugin.commands.append(Command(name=stem, file=sf, plugin=plugin, namespace=ns, origin="manifest"))
        elif field_name == "agents":
            plugin.agents.append(_agent(sf, plugin, stem, ns, "manifest"))
        else:
            plugin.output_styles.append(OutputStyle(name=_fm_name(sf) or stem, file=sf, plugin=plugin,
                                                    origin="manifest"))


def _add_hook_file(reader: _Reader, plugin: Plugin, rel: str, origin: str) -> None:
    sf = reader.file(rel, "json")
    data = sf.data
    if isinstance(data, dict) and isinstance(data.get("hooks"), dict):
        _add_hook_map(plugin, sf, ("hooks",), data["hooks"], origin, wrapped=True, description=data.get("description"))
    elif isinstance(data, dict) and "hooks" not in data:
        # a bare event map: Claude Code loads no hooks from it (rules say so); keep it for the explorer
        _add_hook_map(plugin, sf, (), data, origin, wrapped=False)
    else:
        plugin.hook_configs.append(HookConfig(name=rel.rsplit("/", 1)[-1], file=sf, plugin=plugin, origin=origin,
                                              wrapped=isinstance(data, dict) and "hooks" in data))


def _add_hook_map(plugin: Plugin, sf: SourceFile | None, base: tuple, events: dict, origin: str,
                  wrapped: bool | None, description: Any = None) -> None:
    name = sf.rel.rsplit("/", 1)[-1] if sf is not None and origin != "inline" else "plugin.json hooks"
    cfg = HookConfig(name=name, file=sf, pointer=base, plugin=plugin, origin=origin, base=base, wrapped=wrapped,
                     events=events, description=description)
    plugin.hook_configs.append(cfg)
    for event, groups in events.items():
        if not isinstance(groups, list):
            continue
        for gi, group in enumerate(groups):
            if not isinstance(group, dict):
                continue
            handlers = group.get("hooks")
            if not isinstance(handlers, list):
                continue
            for hi, handler in enumerate(handlers):
                hd = handler if isinstance(handler, dict) else {}
                label = _hook_label(hd)
                plugin.hooks.append(Hook(name=label, file=sf, pointer=base + (event, gi, "hooks", hi), plugin=plugin,
                                         origin=origin, event=str(event), matcher=group.get("matcher"),
                                         group_index=gi, handler_index=hi, data=hd, config=cfg))


def _hook_label(h: dict) -> str:
    t = h.get("type")
    for k in ("command", "url", "tool", "prompt"):
        v = h.get(k)
        if isinstance(v, str) and v:
            v = " ".join(v.split())
            return f"{t}: {v[:60]}" if isinstance(t, str) else v[:60]
    return str(t) if isinstance(t, str) else "hook"


def _add_mcp_file(reader: _Reader, plugin: Plugin, rel: str, origin: str) -> None:
    sf = reader.file(rel, "json")
    plugin.mcp_files.append(sf)
    data = sf.data
    if isinstance(data, dict) and "mcpServers" in data:
        if isinstance(data["mcpServers"], dict):
            _add_mcp_map(plugin, sf, ("mcpServers",), data["mcpServers"], origin, True)
    elif isinstance(data, dict):
        _add_mcp_map(plugin, sf, (), data, origin, False)


def _add_mcp_map(plugin: Plugin, sf: SourceFile | None, base: tuple, servers: dict, origin: str,
                 wrapped: bool | None) -> None:
    for name, cfg in servers.items():
        plugin.mcp_servers.append(McpServer(name=str(name), file=sf, pointer=base + (name,), plugin=plugin,
                                            origin=origin, config=cfg, wrapped=wrapped))


def _add_lsp_file(reader: _Reader, plugin: Plugin, rel: str, origin: str) -> None:
    sf = reader.file(rel, "json")
    plugin.lsp_files.append(sf)
    if isinstance(sf.data, dict):
        _add_lsp_map(plugin, sf, (), sf.data, origin)


def _add_lsp_map(plugin: Plugin, sf: SourceFile | None, base: tuple, servers: dict, origin: str) -> None:
    for name, cfg in servers.items():
        plugin.lsp_servers.append(LspServer(name=str(name), file=sf, pointer=base + (name,), plugin=plugin,
                                            origin=origin, config=cfg))


def _add_monitors(plugin: Plugin, sf: SourceFile | None, base: tuple, items: list, origin: str) -> None:
    for i, m in enumerate(items):
        name = m.get("name") if isinstance(m, dict) and isinstance(m.get("name"), str) else f"monitor {i}"
        plugin.monitors.append(Monitor(name=name, file=sf, pointer=base + (i,), plugin=plugin, origin=origin,
                                       config=m))
