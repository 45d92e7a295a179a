"""The explorer's outline: the tree of a project as plain data, with every diagnostic attached to a node.

Pure Python (no textual, no rich): it is built in the check worker thread and handed to the UI in a message.
Nodes are keyed by stable strings (``Component.key`` for components) so the tree keeps its cursor and its
expanded nodes across reloads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.base.diagnostics import SEVERITIES, SEVERITY_RANK, Diagnostic
from ..core.model.plugin import Component, Hook, NotLoaded, Plugin, Project, SourceFile

if TYPE_CHECKING:  # the first screen builds an outline without details: their module loads with the first check
    from ..core.services.details import ComponentCost, Details, PluginDetails

GROUPS = (
    ("manifest", "Manifest"),
    ("commands", "Commands"),
    ("agents", "Agents"),
    ("skills", "Skills"),
    ("hooks", "Hooks"),
    ("mcp", "MCP servers"),
    ("lsp", "LSP servers"),
    ("styles", "Output styles"),
    ("monitors", "Monitors"),
    ("themes", "Themes"),
    ("settings", "Settings"),
)

WHOLE_FILE = 10**9

# bidirectional overrides and isolates: they reorder what follows on the line (``txt\u202eexe.sh``)
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str, keep: str = "") -> str:
    """``text`` with its control characters (C0, DEL, C1: ESC starts a terminal escape sequence) and bidi
    overrides written out as ``\\x1b``-style escapes: a name from a file is shown as it is, never sent to the
    terminal as a command (clear the screen, set the window title, reorder the line). ``keep``: the control
    characters left as they are (``"\\n\\t"`` for a text of several lines)."""
    if text.isprintable() or not any(_unsafe(c) and c not in keep for c in text):
        return text
    return "".join(_escaped(c) if _unsafe(c) and c not in keep else c for c in text)


def _unsafe(c: str) -> bool:
    o = ord(c)
    return o < 0x20 or 0x7F <= o < 0xA0 or c in _BIDI or 0x2028 <= o <= 0x2029


def _escaped(c: str) -> str:
    if c in _NAMED:
        return _NAMED[c]
    o = ord(c)
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


@dataclass(eq=False)
class OutlineNode:
    key: str
    kind: str  # marketplace | entry | plugin | group | manifest | settings_json | hook_event | hook_matcher | <component kind> | note
    label: str
    obj: Any = None
    plugin: Plugin | None = None
    parent: OutlineNode | None = field(default=None, repr=False)
    children: list[OutlineNode] = field(default_factory=list)
    diags: list[Diagnostic] = field(default_factory=list)  # attached directly to this node
    counts: dict[str, int] = field(default_factory=lambda: {s: 0 for s in SEVERITIES})  # incl. descendants
    detail: str = ""  # short dim text after the label
    cost: ComponentCost | None = None  # skills, commands and agents: Claude Code's token estimate
    details: PluginDetails | None = None  # plugin nodes: what Claude Code loads, with the always-on total
    not_loaded: str | None = None  # why Claude Code will not load this node's item
    pending: bool = False  # a node of the first outline (``first_outline``): nothing about it is known yet

    def add(self, child: OutlineNode) -> OutlineNode:
        child.parent = self
        self.children.append(child)
        return child

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def worst(self) -> str | None:
        for s in SEVERITIES:
            if self.counts.get(s):
                return s
        return None

    def walk(self) -> Iterator[OutlineNode]:
        yield self
        for c in self.children:
            yield from c.walk()

    def all_diags(self) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        for n in self.walk():
            out.extend(n.diags)
        return sorted(out, key=lambda d: (SEVERITY_RANK.get(d.severity, 9), d.sort_key()))

    def ancestors(self) -> list[OutlineNode]:
        out = []
        n = self.parent
        while n is not None:
            out.append(n)
            n = n.parent
        return out[::-1]


@dataclass
class Outline:
    root: OutlineNode
    nodes: dict[str, OutlineNode]
    owner: dict[int, str]  # id(diagnostic) -> node key

    def get(self, key: str | None) -> OutlineNode | None:
        return self.nodes.get(key) if key else None

    def node_for(self, diag: Diagnostic) -> OutlineNode | None:
        return self.nodes.get(self.owner.get(id(diag), ""))

    def components(self) -> Iterator[OutlineNode]:
        for n in self.root.walk():
            if n.kind not in ("group", "note", "hook_event", "hook_matcher"):
                yield n


def _span_range(sf: SourceFile | None, pointer: tuple) -> tuple[int, int, tuple[int, int] | None] | None:
    """(first line, last line, columns) of what ``pointer`` names in ``sf``, from its key; ``columns`` (first,
    end) only when it is all on one line, where the line alone does not tell items apart (a minified JSON)."""
    if sf is None or not pointer:
        return None
    span = sf.span(pointer)
    if span is None:
        return None
    key = sf.key_span(pointer)
    first = key if key is not None else span
    cols = (first.column, span.end_column) if first.line == span.end_line else None
    return first.line, span.end_line, cols


class _Builder:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.nodes: dict[str, OutlineNode] = {}
        # file rel -> [(start, end, size, columns, node)]; a rel ending in "/" is a folder prefix
        self.ranges: dict[str, list[tuple[int, int, tuple[int, int], tuple[int, int] | None, OutlineNode]]] = {}
        self.prefixes: list[tuple[str, OutlineNode]] = []
        self.plugin_nodes: dict[str, OutlineNode] = {}

    def node(
        self,
        parent: OutlineNode | None,
        key: str,
        kind: str,
        label: str,
        obj: Any = None,
        plugin: Plugin | None = None,
        detail: str = "",
    ) -> OutlineNode:
        base, n = key, 2
        while key in self.nodes:  # keep keys unique even for duplicated names
            key = f"{base}~{n}"
            n += 1
        node = OutlineNode(key=key, kind=kind, label=printable(label), obj=obj, plugin=plugin, detail=printable(detail))
        self.nodes[key] = node
        if parent is not None:
            parent.add(node)
        return node

    def claim(self, node: OutlineNode, sf: SourceFile | str | None, pointer: tuple = ()) -> None:
        if sf is None:
            return
        rel = sf if isinstance(sf, str) else sf.rel
        found = _span_range(sf, pointer) if isinstance(sf, SourceFile) else None
        if found is None:
            self.ranges.setdefault(rel, []).append((0, WHOLE_FILE, (WHOLE_FILE, 0), None, node))
        else:
            start, end, cols = found
            size = (end - start, cols[1] - cols[0] if cols is not None else 0)  # the narrowest wins
            self.ranges.setdefault(rel, []).append((start, end, size, cols, node))

    # -- building ------------------------------------------------------------------------------------------

    def build(self) -> OutlineNode:
        p = self.project
        if p.kind == "marketplace" and p.marketplace is not None:
            m = p.marketplace
            counts = marketplace_counts(p)
            root = self.node(
                None, "marketplace", "marketplace", m.name, obj=m, detail=counts.text() if counts is not None else ""
            )
            self.claim(root, m.file)
            by_entry = {id(e.plugin): e for e in m.entries if e.plugin is not None}
            for e in m.entries:
                if e.plugin is None:
                    name = e.name if isinstance(e.name, str) else f"plugins[{e.index}]"
                    src = e.source.get("source") if isinstance(e.source, dict) else ("local" if e.local_rel else "?")
                    n = self.node(
                        root,
                        f"entry:{e.index}",
                        "entry",
                        name,
                        obj=e,
                        detail=f"{src}" + (" · not found" if e.local_rel else ""),
                    )
                    self.claim(n, m.file, e.pointer)
            for plugin in p.plugins:
                self.plugin(root, plugin, by_entry.get(id(plugin)))
            return root
        if p.plugins:
            if len(p.plugins) == 1 and p.plugins[0].rel == "":
                return self.plugin(None, p.plugins[0], None)
            root = self.node(None, "project", "note", p.name, obj=p)
            for plugin in p.plugins:
                self.plugin(root, plugin, None)
            return root
        return self.node(None, "project", "note", p.name, obj=p, detail=p.note or "no plugin found here")

    def plugin(self, parent: OutlineNode | None, plugin: Plugin, entry: Any) -> OutlineNode:
        ver = plugin.version
        label, detail = plugin.name, f"v{ver}" if ver else ""
        ip = plugin.installed
        if ip is not None:  # Claude Code's installed copy (--installed): its id, scopes and state
            label = ip.id
            state = ("enabled" if ip.enabled else "disabled") + ("" if ip.folder_exists else ", gone")
            detail = " · ".join(x for x in (state, detail, ", ".join(ip.scopes)) if x)  # the state first: never cut
        pn = self.node(parent, f"plugin:{plugin.rel}", "plugin", label, obj=plugin, plugin=plugin, detail=detail)
        self.plugin_nodes[plugin.rel] = pn
        if plugin.rel:
            self.prefixes.append((plugin.rel + "/", pn))
        groups: dict[str, OutlineNode] = {}
        pr = plugin.rel

        def group(gid: str) -> OutlineNode:
            if gid not in groups:
                title = dict(GROUPS)[gid]
                groups[gid] = self.node(None, f"group:{pr}:{gid}", "group", title, obj=gid, plugin=plugin)
            return groups[gid]

        # Manifest
        g = group("manifest")
        if plugin.manifest is not None:
            mn = self.node(
                g, f"manifest:{plugin.manifest.rel}", "manifest", "plugin.json", obj=plugin.manifest, plugin=plugin
            )
            self.claim(mn, plugin.manifest)
        else:
            self.node(
                g,
                f"manifest:{pr}:none",
                "manifest",
                "plugin.json",
                obj=None,
                plugin=plugin,
                detail="none (name from folder)",
            )
        if entry is not None and self.project.marketplace is not None:
            en = self.node(g, f"entry:{entry.index}", "entry", "marketplace entry", obj=entry, plugin=plugin)
            self.claim(en, self.project.marketplace.file, entry.pointer)
        for kind, attr, gid in (
            ("command", "commands", "commands"),
            ("agent", "agents", "agents"),
            ("skill", "skills", "skills"),
            ("mcp_server", "mcp_servers", "mcp"),
            ("lsp_server", "lsp_servers", "lsp"),
            ("output_style", "output_styles", "styles"),
            ("monitor", "monitors", "monitors"),
            ("theme", "themes", "themes"),
        ):
            items: list[Component] = getattr(plugin, attr)
            for c in items:
                label = c.name
                if kind in ("command", "agent") and getattr(c, "namespace", ()):
                    label = ":".join((*c.namespace, c.name))
                detail = ""
                if kind == "mcp_server":
                    detail = c.transport  # type: ignore[attr-defined]
                n = self.node(group(gid), c.key, kind, label, obj=c, plugin=plugin, detail=detail)
                self.claim(n, c.file, c.pointer)
                if kind == "skill" and getattr(c, "dir_rel", ""):
                    self.prefixes.append((c.dir_rel + "/", n))  # type: ignore[attr-defined]
        for f in plugin.mcp_files:
            self.claim(group("mcp"), f)
        for f in plugin.lsp_files:
            self.claim(group("lsp"), f)
        self._hooks(group, plugin)
        if plugin.settings_json is not None:
            sn = self.node(
                group("settings"),
                f"settings:{plugin.settings_json.rel}",
                "settings_json",
                "settings.json",
                obj=plugin.settings_json,
                plugin=plugin,
            )
            self.claim(sn, plugin.settings_json)
        for s in plugin.settings_files:
            n = self.node(
                group("settings"),
                s.key,
                "settings_file",
                s.file.rel.rsplit("/", 1)[-1] if s.file else s.name,
                obj=s,
                plugin=plugin,
            )
            self.claim(n, s.file)
        for gid, _title in GROUPS:
            if gid in groups:
                pn.add(groups[gid])
        return pn

    def _hooks(self, group, plugin: Plugin) -> None:
        if not plugin.hooks and not plugin.hook_configs:
            return
        g = group("hooks")
        for cfg in plugin.hook_configs:
            self.claim(g, cfg.file, cfg.pointer)
        events: dict[str, OutlineNode] = {}
        matchers: dict[tuple[str, str], OutlineNode] = {}
        pr = plugin.rel
        for h in plugin.hooks:
            ev = events.get(h.event)
            if ev is None:
                ev = events[h.event] = self.node(
                    g, f"hookevent:{pr}:{h.event}", "hook_event", h.event, obj=h.event, plugin=plugin
                )
            if h.file is not None and h.config is not None:
                self.claim(ev, h.file, h.config.base + (h.event,))
            mtext = matcher_text(h.matcher)
            mk = (h.event, mtext)
            mn = matchers.get(mk)
            if mn is None:
                mn = matchers[mk] = self.node(
                    ev,
                    f"hookmatcher:{pr}:{h.event}:{mtext}",
                    "hook_matcher",
                    mtext,
                    obj=(h.event, h.matcher),
                    plugin=plugin,
                )
            if h.file is not None:
                self.claim(mn, h.file, h.group_pointer)
            hn = self.node(mn, h.key, "hook", hook_label(h), obj=h, plugin=plugin)
            self.claim(hn, h.file, h.pointer)
            script = _script_rel(h, plugin, self.project.index)
            if script:
                self.claim(hn, script)

    # -- attaching diagnostics -----------------------------------------------------------------------------

    def attach(self, root: OutlineNode, diags: Iterable[Diagnostic]) -> dict[int, str]:
        owner: dict[int, str] = {}
        plugins_by_name = {}
        for rel, n in self.plugin_nodes.items():
            if n.plugin is not None:
                plugins_by_name.setdefault(n.plugin.name, n)
        for d in diags:
            node = self._owner(d, root, plugins_by_name)
            node.diags.append(d)
            owner[id(d)] = node.key
            for n in (node, *node.ancestors()):
                n.counts[d.severity] = n.counts.get(d.severity, 0) + 1
        return owner

    def _owner(self, d: Diagnostic, root: OutlineNode, plugins_by_name: dict) -> OutlineNode:
        path = d.path or ""
        best: tuple[tuple[int, int], OutlineNode] | None = None
        for start, end, size, cols, node in self.ranges.get(path, ()):
            if end == WHOLE_FILE or (d.line is not None and start <= d.line <= end):
                if cols is not None and d.column is not None and not cols[0] <= d.column <= cols[1]:
                    continue  # on its line, but not in it (another item of a one-line JSON)
                if best is None or size < best[0]:
                    best = (size, node)
        if best is not None:
            return best[1]
        longest: tuple[int, OutlineNode] | None = None
        for prefix, node in self.prefixes:
            if path.startswith(prefix) and (longest is None or len(prefix) > longest[0]):
                longest = (len(prefix), node)
        if longest is not None:
            return longest[1]
        if d.plugin and d.plugin in plugins_by_name:
            return plugins_by_name[d.plugin]
        if "" in self.plugin_nodes:
            return self.plugin_nodes[""]
        return root


def hook_label(h: Hook) -> str:
    data = h.data if isinstance(h.data, dict) else {}
    t = data.get("type")
    for k in ("command", "url", "tool", "prompt"):
        v = data.get(k)
        if isinstance(v, str) and v.strip():
            v = " ".join(v.split()).replace("${CLAUDE_PLUGIN_ROOT}/", "").replace("$CLAUDE_PLUGIN_ROOT/", "")
            v = v if len(v) <= 48 else v[:47] + "…"
            return f"{t} {v}" if isinstance(t, str) else v
    return str(t) if isinstance(t, str) else "hook"


def matcher_text(matcher: Any) -> str:
    if matcher is None:
        return "(no matcher)"
    if isinstance(matcher, str):
        return matcher if matcher else '""'
    return repr(matcher)


def _script_rel(h: Hook, plugin: Plugin, index: Any) -> str | None:
    try:
        from ..core.parse.shell import script_for
    except ImportError:
        return None
    try:
        info = script_for(h, plugin, index)
    except Exception:
        return None
    rel = getattr(info, "rel", None) if info is not None else None
    return rel if isinstance(rel, str) else None


def build_outline(project: Project, diagnostics: Iterable[Diagnostic] = (), details: Details | None = None) -> Outline:
    """The outline of ``project`` with ``diagnostics`` attached and, when given, ``details`` (token estimates
    and what will not load, from ``tui.core.services.details``) on the plugin and component nodes."""
    b = _Builder(project)
    root = b.build()
    owner = b.attach(root, diagnostics)
    if details is not None:
        _attach_details(b, details)
    return Outline(root=root, nodes=b.nodes, owner=owner)


# -- the first outline: a marketplace's plugins from its marketplace.json, before the project is loaded -------------

MARKETPLACE_JSON = ".claude-plugin/marketplace.json"  # (as ``tui.core.model.loader`` reads them)
LOADING = "loading…"  # the first outline's root, while the project loads
LOAD_FAILED = "load failed · r loads again"  # … once the load failed (``load_failed``)
PLUGIN_JSON = ".claude-plugin/plugin.json"


def _json_file(path: Path) -> Any:
    """A small regular JSON file's value, or None: read as the loader reads (no FIFO, device or oversized file is
    opened, so a hostile tree cannot stall the first screen)."""
    from ..core.parse.fsread import read_text

    text = read_text(path).text
    if text is None:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


@dataclass(frozen=True)
class ListedEntry:
    """What the first outline knows of a marketplace entry without a folder: whether its source is a path (as
    ``MarketplaceEntry.is_local``; ``L`` hides the others). ``plugin`` is None, as for a loaded entry whose folder is not there."""

    index: int
    is_local: bool
    plugin: None = None


def first_outline(root: str | os.PathLike) -> Outline | None:
    """What a marketplace lists, read from its ``marketplace.json`` and its plugins' ``plugin.json`` alone (a
    few milliseconds where loading the project takes a second at 1,000 plugins): the explorer's first tree.

    Its nodes have the keys, kinds, labels and order of ``build_outline``'s, and no counts: every node is
    ``pending`` (not yet known; the detail pane says so). What only the load finds is left out: plugin folders the
    marketplace does not list, and every component. None for anything but a marketplace.json that parses.
    """
    from ..core.model.loader import local_source  # the loader's own rule for an entry's folder

    base = Path(root)
    data = _json_file(base / MARKETPLACE_JSON)
    if not isinstance(data, dict):
        return None
    name = data.get("name")
    meta = data.get("metadata")
    plugin_root = meta.get("pluginRoot") if isinstance(meta, dict) else None
    plugin_root = plugin_root if isinstance(plugin_root, str) else None
    nodes: dict[str, OutlineNode] = {}

    def node(
        parent: OutlineNode | None, key: str, kind: str, label: str, detail: str = "", obj: Any = None
    ) -> OutlineNode:
        n = nodes[key] = OutlineNode(
            key=key, kind=kind, label=printable(label), detail=printable(detail), obj=obj, pending=True
        )
        if parent is not None:
            parent.add(n)
        return n

    top = node(None, "marketplace", "marketplace", name if isinstance(name, str) else "marketplace", LOADING)
    entries = data.get("plugins")
    plugins: list[tuple[str, Any]] = []  # (folder, its first entry), in the loader's order
    folders: set[str] = set()
    for i, raw in enumerate(entries if isinstance(entries, list) else ()):
        entry = raw if isinstance(raw, dict) else {}
        source = entry.get("source")
        local = local_source(source, plugin_root)
        if local is not None and (base / local).is_dir():
            if local not in folders:
                folders.add(local)
                plugins.append((local, entry))
            continue
        label = entry.get("name") if isinstance(entry.get("name"), str) else f"plugins[{i}]"
        src = source.get("source") if isinstance(source, dict) else ("local" if local else "?")
        node(
            top,
            f"entry:{i}",
            "entry",
            label,
            f"{src}" + (" · not found" if local else ""),
            ListedEntry(i, isinstance(source, str)),
        )
    if "" not in folders and (base / PLUGIN_JSON).is_file():
        plugins.insert(0, ("", None))  # a plugin at the root too: the loader puts it first
    for rel, entry in plugins:
        manifest = _json_file(base / rel / PLUGIN_JSON)
        manifest = manifest if isinstance(manifest, dict) else {}
        label = rel.rsplit("/", 1)[-1] if rel else base.resolve().name
        entry_name = entry.get("name") if entry is not None else None
        if isinstance(entry_name, str) and entry_name:
            label = entry_name
        if isinstance(manifest.get("name"), str) and manifest["name"].strip():
            label = manifest["name"]
        version = manifest.get("version")
        if not isinstance(version, str) and entry is not None:
            version = entry.get("version")
        node(top, f"plugin:{rel}", "plugin", label, f"v{version}" if isinstance(version, str) and version else "")
    return Outline(root=top, nodes=nodes, owner={})


def load_failed(outline: Outline) -> bool:
    """Mark a first outline as one whose load failed (it no longer says it is loading); False for any other."""
    if not outline.root.pending:
        return False
    outline.root.detail = LOAD_FAILED
    return True


def _attach_details(b: _Builder, details: Details) -> None:
    from ..core.services.details import format_estimate

    by_rel: dict[tuple[str, str], PluginDetails] = {}
    for p in details.plugins:  # marketplace entries that share a folder are listed as plugins of their own
        by_rel.setdefault((p.path if p.path != "." else "", p.name), p)
    for rel, pn in b.plugin_nodes.items():
        pd = by_rel.get((rel, pn.plugin.name)) if pn.plugin is not None else None
        if pd is None:
            continue
        pn.details = pd
        nodes = [n for n in pn.walk() if n is not pn]
        for n in nodes:
            if n.kind in ("skill", "command", "agent") and isinstance(n.obj, Component):
                n.cost = pd.cost_of(n.obj)
                if n.cost is not None:
                    n.detail = f"{format_estimate(n.cost.always_on)} tok"
        for item in pd.not_loaded:
            n = _node_for(nodes, item)
            if n is not None:
                n.not_loaded = item.why if n.not_loaded is None else f"{n.not_loaded}; {item.why}"


def _node_for(nodes: list[OutlineNode], item: NotLoaded) -> OutlineNode | None:
    """The node of the item Claude Code will not load: the component of that name in that file, the hook event
    of that name, else the component whose file it is."""
    for n in nodes:
        c = n.obj
        if isinstance(c, Component) and c.name == item.what and (item.path is None or c.rel == item.path):
            return n
    for n in nodes:
        if n.kind == "hook_event" and n.label == item.what:
            return n
    for n in nodes:
        c = n.obj
        if (
            n.kind in ("skill", "command", "agent", "output_style")
            and isinstance(c, Component)
            and item.path is not None
            and c.rel == item.path
        ):
            return n
    return None


# -- marketplace counts (one text for the header, the tree root and the detail pane) ------------------------


@dataclass(frozen=True)
class MarketplaceCounts:
    """How many plugins a marketplace lists, and where they are: ``local`` entries have a relative-path source
    (``missing`` of them were not found on disk), ``remote`` ones a git, GitHub or URL source; ``unlisted`` are
    plugin folders beside the marketplace that it does not list (the explorer shows them too)."""

    listed: int
    local: int
    remote: int
    missing: int = 0
    unlisted: int = 0

    def text(self) -> str:
        out = f"{self.listed} listed: {self.local} local, {self.remote} remote"
        if self.missing:
            out += f" ({self.missing} not found)"
        if self.unlisted:
            out += f" · {self.unlisted} unlisted"
        return out


def marketplace_counts(project: Project) -> MarketplaceCounts | None:
    m = project.marketplace
    if project.kind != "marketplace" or m is None:
        return None
    local = [e for e in m.entries if e.is_local]
    return MarketplaceCounts(
        listed=len(m.entries),
        local=len(local),
        remote=len(m.entries) - len(local),
        missing=sum(1 for e in local if e.plugin is None),
        unlisted=sum(1 for p in project.plugins if p.entry is None),
    )


# -- filtering the tree ------------------------------------------------------------------------------------------

# the filter opens the path to this many matches at most (in tree order): past that the tree would be thousands
# of lines long (a one-letter filter on a 1,000-plugin marketplace) and each keystroke slow; the others stay
# under closed, shown nodes, and the pane title says how many matched
MAX_OPENED_MATCHES = 250

# nodes whose label is a name the user may type; groups ("Agents"), "plugin.json" and the plugin's own
# "marketplace entry" row are not names
UNNAMED = frozenset({"group", "note", "manifest", "settings_json", "marketplace"})


@dataclass(frozen=True)
class TreeFilter:
    """What the tree shows: nodes whose name holds every word of ``text`` (with their ancestors, so the path
    shows, and what is below them), only nodes with problems, only local marketplace entries."""

    text: str = ""
    only_problems: bool = False
    local_only: bool = False

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(self.text.lower().split())

    @property
    def active(self) -> bool:
        return bool(self.terms) or self.only_problems or self.local_only


@dataclass
class FilterResult:
    visible: set[str]  # keys of the nodes shown
    matches: list[str]  # keys of the nodes whose name matched, in tree order
    expand: list[str]  # keys to open so that the matches show (parents first; see MAX_OPENED_MATCHES)


def is_remote_entry(node: OutlineNode) -> bool:
    """A marketplace entry Claude Code would fetch (git, GitHub, URL source): nothing of it is on disk."""
    e = node.obj
    return node.kind == "entry" and e is not None and not getattr(e, "is_local", True) and e.plugin is None


def name_matches(node: OutlineNode, terms: tuple[str, ...]) -> bool:
    if node.kind in UNNAMED or (node.kind == "entry" and node.parent is not None and node.parent.kind == "group"):
        return False
    label = node.label.lower()
    return all(t in label for t in terms)


def filter_outline(outline: Outline, f: TreeFilter) -> FilterResult:
    """Which nodes the tree shows under ``f`` (pure: the tree hides the others, it does not rebuild)."""
    terms = f.terms
    root = outline.root
    visible: set[str] = set()
    matches: list[str] = []
    opened: set[str] = set()

    def ok(n: OutlineNode) -> bool:
        if f.only_problems and n.total == 0 and not n.pending:  # (the first tree: nothing is counted yet)
            return False
        return not (f.local_only and is_remote_entry(n))

    def visit(n: OutlineNode, under: bool) -> bool:
        """Marks what is visible below ``n``; True when ``n`` or a descendant matched."""
        if n is not root and not ok(n):
            return False
        hit = bool(terms) and name_matches(n, terms)
        if hit:
            matches.append(n.key)
        below = False
        for c in n.children:
            below = visit(c, under or hit) or below
        if below:
            opened.add(n.key)
        if not terms or under or hit or below or n is root:
            visible.add(n.key)
        return hit or below

    visit(root, False)
    if len(matches) > MAX_OPENED_MATCHES:
        opened = {root.key}
        for key in matches[:MAX_OPENED_MATCHES]:
            n = outline.nodes[key].parent
            while n is not None and n.key not in opened:
                opened.add(n.key)
                n = n.parent
    expand = [n.key for n in _walk_within(root, opened)]
    return FilterResult(visible, matches, expand)


def _walk_within(node: OutlineNode, keys: set[str]) -> Iterator[OutlineNode]:
    """The nodes of ``keys`` reachable from ``node`` through nodes of ``keys``, parents first."""
    if node.key not in keys:
        return
    yield node
    for c in node.children:
        yield from _walk_within(c, keys)


def count_text(counts: dict[str, int]) -> str:
    parts = [f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}" for s in SEVERITIES if counts.get(s)]
    return ", ".join(parts) if parts else "no problems"
