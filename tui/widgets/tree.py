"""The component tree: lazy per plugin, keyed by stable node keys, state kept across reloads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from .outline import FilterResult, Outline, OutlineNode, TreeFilter, filter_outline

SEV_ICON = {"error": "✖", "warning": "▲", "info": "●"}
KIND_ICON = {
    "marketplace": "◆",
    "plugin": "◼",
    "group": "",
    "manifest": "",
    "entry": "",
    "command": "/",
    "agent": "@",
    "skill": "✦",
    "mcp_server": "⇄",
    "lsp_server": "λ",
    "hook_event": "⚡",
    "hook_matcher": "",
    "hook": "›",
    "output_style": "¶",
    "settings_json": "",
    "settings_file": "",
    "monitor": "",
    "theme": "",
    "note": "",
}


class PluginTree(Tree[str]):
    """Tree whose node data is the outline key. Children are materialised when a node is first expanded.

    A ``TreeFilter`` (name, only with problems, local only) hides nodes without rebuilding any: the lines are
    built from the visible nodes only (``_build``), and the filter opens the path to every match, which it
    closes again when it is cleared (``_auto_opened``), so the user's own expanded nodes are what remains.
    """

    class FilterChanged(Message):
        """The filter or what it shows changed (the app updates the pane title and the footer)."""

    COMPONENT_CLASSES = {
        "plugin-tree--error",
        "plugin-tree--warning",
        "plugin-tree--info",
        "plugin-tree--detail",
        "plugin-tree--group",
        "plugin-tree--clean",
    }

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("h", "collapse_or_parent", "Collapse", show=False),
        Binding("l", "expand_or_child", "Expand", show=False),
        Binding("left", "collapse_or_parent", "Collapse", show=False),
        Binding("right", "expand_or_child", "Expand", show=False),
        Binding("g", "scroll_home_cursor", "Top", show=False),
        Binding("G", "scroll_end_cursor", "Bottom", show=False),
        Binding("P", "toggle_only_problems", "Problems only", id="tree-problems-only"),
        Binding("L", "toggle_local_only", "Local only", id="tree-local-only"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    _batching = 0  # (a class default: Tree.__init__ already lays out)

    def __init__(self, **kw: Any) -> None:
        super().__init__("loading…", **kw)
        self.outline: Outline | None = None
        self.by_key: dict[str, TreeNode[str]] = {}
        self._state: dict[str, bool] = {}  # key -> expanded, remembered across reloads
        self._provisional = False
        self.guide_depth = 3
        self.auto_expand = False
        self.filter = TreeFilter()
        self.filtered: FilterResult | None = None  # what the active filter shows (None: no filter)
        self._auto_opened: set[str] = set()  # nodes the filter opened (closed again when it is cleared)

    # -- labels -----------------------------------------------------------------------------------------------

    def _onode(self, node: TreeNode[str]) -> OutlineNode | None:
        return self.outline.get(node.data) if self.outline is not None and node.data else None

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        on = self._onode(node)
        if on is None:
            return text
        if on.kind == "group":
            text.stylize(
                self.get_component_rich_style("plugin-tree--group", partial=True), len(text) - len(node._label)
            )
        if on.detail:
            text.append("  " + on.detail, self.get_component_rich_style("plugin-tree--detail", partial=True))
        if on.not_loaded:
            text.append("  not loaded", self.get_component_rich_style("plugin-tree--warning", partial=True))
        for sev in ("error", "warning", "info"):
            n = on.counts.get(sev, 0)
            if n:
                text.append(f" {SEV_ICON[sev]}{n}", self.get_component_rich_style(f"plugin-tree--{sev}", partial=True))
        return text

    def get_label_width(self, node: TreeNode[str]) -> int:
        """A cheap width: Tree asks for every line it lays out (thousands while a filter opens paths), only to
        size the scrollable width, which this tree never scrolls (``overflow-x: hidden``)."""
        return len(node._label.plain) + 2

    # -- building ---------------------------------------------------------------------------------------------

    def _build(self) -> None:
        """Textual's line layout, then the lines of hidden nodes dropped (the nodes stay in the tree)."""
        visible = self.filtered.visible if self.filtered is not None else None
        if visible is None:
            super()._build()
            return
        cursor, cursor_line = self.cursor_node, self.cursor_line
        self.set_reactive(Tree.cursor_line, -1)  # Tree._build would move it by the unfiltered numbering
        super()._build()
        lines = self._tree_lines_cached or []
        kept = [ln for ln in lines if ln.node.data in visible]
        last_child: dict[int, TreeNode[str]] = {}
        for ln in kept:
            if len(ln.path) > 1:
                last_child[id(ln.path[-2])] = ln.node
        for ln in lines:
            ln.node._line = -1
        rebuilt = []
        for i, ln in enumerate(kept):
            node = ln.node
            node._line = i
            last = len(ln.path) == 1 or last_child.get(id(ln.path[-2])) is node
            rebuilt.append(type(ln)(ln.path, last) if last != ln.last else ln)
        self._tree_lines_cached = rebuilt
        self.virtual_size = Size(self.virtual_size.width, len(rebuilt))
        if cursor_line == -1:
            return
        if cursor is not None and cursor._line != -1:
            self.set_reactive(Tree.cursor_line, cursor._line)  # the same node: nothing to announce
        else:  # the cursor's node is hidden: the line at its place (the filter moves it before this, normally)
            self.set_reactive(Tree.cursor_line, -1)
            self.cursor_line = min(cursor_line, len(rebuilt) - 1)

    @contextmanager
    def _batch(self) -> Iterator[None]:
        """Add and open many nodes with one re-layout (``TreeNode.add`` re-lays the tree out on every call)."""
        self._batching += 1
        try:
            yield
        finally:
            self._batching -= 1
            if not self._batching:
                super()._invalidate()

    def _invalidate(self) -> None:
        if not self._batching:
            super()._invalidate()

    def _label(self, on: OutlineNode) -> Text:
        icon = KIND_ICON.get(on.kind, "")
        return Text(f"{icon} {on.label}" if icon else on.label)

    def _default_expanded(self, on: OutlineNode) -> bool:
        if on.kind in ("marketplace", "note"):
            return True
        if on.kind == "plugin":
            return on.parent is None or (on.parent.kind == "note" and len(on.parent.children) == 1)
        if on.kind in ("group", "hook_event", "hook_matcher"):
            return on.total > 0  # groups with problems open first
        return False

    def _should_expand(self, on: OutlineNode) -> bool:
        if on.key in self._state:
            return self._state[on.key]
        return self._default_expanded(on)

    def _remember(self) -> None:
        for key, tn in self.by_key.items():
            if tn.tree is self and tn.allow_expand and key not in self._auto_opened:
                self._state[key] = tn.is_expanded

    def load(self, outline: Outline, provisional: bool = False) -> None:
        """Show a new outline; keep the expanded nodes and the cursor (by key).

        ``provisional``: the outline has no diagnostics yet (first paint before the checks finish), so its
        default expansion is not remembered.
        """
        cursor_key = self.cursor_node.data if self.cursor_node is not None else None
        scroll_y = self.scroll_y
        chain: list[str] = [cursor_key] if cursor_key else []
        sibling_at: tuple[str, int] | None = None  # (parent key, index) of the cursor node before the reload
        if self.outline is not None:
            if not self._provisional:
                self._remember()
            old = self.outline.get(cursor_key)
            if old is not None:
                chain += [a.key for a in reversed(old.ancestors())]
                if old.parent is not None:
                    sibling_at = (old.parent.key, old.parent.children.index(old))
        self.outline = outline
        self._provisional = provisional
        self.by_key = {}
        self.clear()
        root = outline.root
        self.root.set_label(self._label(root))
        self.root.data = root.key
        self.by_key[root.key] = self.root
        self.root.allow_expand = bool(root.children)
        with self._batch():
            self._fill(self.root, root)
        if self._should_expand(root) or self.root.allow_expand:
            self.root.expand()
        # restore the cursor: the node itself or its nearest existing ancestor
        target = None
        if chain and outline.get(chain[0]) is None and sibling_at is not None:
            # the component under the cursor vanished (deleted or renamed): take the item now at its place
            # (the renamed one, or the next one), else the previous one, else the parent below
            parent = outline.get(sibling_at[0])
            if parent is not None and parent.children:
                near = parent.children[min(sibling_at[1], len(parent.children) - 1)]
                target = self.reveal(near.key, select=False)
        for key in [] if target is not None else chain:
            if outline.get(key) is not None:
                target = self.reveal(key, select=False)
                if target is not None:
                    break
        if target is None:
            target = self.root
        if self.filter.active:  # the same filter on the new outline (its nodes are new)
            self._auto_opened.clear()
            self._apply_filter(keep=target)
            if self.filtered is not None and target.data not in self.filtered.visible:
                target = self._first_visible_match() or self.root
        self._tree_lines  # noqa: B018  (lay the new nodes out so they have line numbers)
        self.move_cursor(target, animate=False)
        self.scroll_to(y=scroll_y, animate=False)

    # -- filtering --------------------------------------------------------------------------------------------

    def set_filter(self, f: TreeFilter) -> None:
        """Show only what ``f`` lets through; the cursor stays on its node when that still shows (and, while
        a name is typed, still matches), else it goes to the first match, else to the nearest shown ancestor."""
        if f == self.filter:
            return
        self.filter = f
        cursor = self.cursor_node
        if not f.active:
            self.filtered = None
            self._close_auto_opened(keep=cursor)
            if cursor is not None:
                self._tree_lines  # noqa: B018
                self.move_cursor(cursor, animate=False)
                self.call_after_refresh(self.scroll_to_node, cursor, animate=False)
        else:
            self._apply_filter(keep=cursor)
            self._place_cursor(cursor)
        self.post_message(self.FilterChanged())

    def _apply_filter(self, keep: TreeNode[str] | None) -> None:
        if self.outline is None:
            return
        res = filter_outline(self.outline, self.filter)
        self.filtered = res
        needed = set(res.expand)
        keep_keys = {a.data for a in self._path_to(keep)} if keep is not None else set()
        with self._batch():
            # what an earlier text opened and no match needs now closes again (unless the cursor is in there)
            for key in list(self._auto_opened):
                if key not in needed and key not in keep_keys:
                    tn = self.by_key.get(key)
                    if tn is not None:
                        self._set_open(tn, False)
                    self._auto_opened.discard(key)
            for key in res.expand:
                tn = self.by_key.get(key)
                if tn is None:
                    continue  # below a node that is not open (it is hidden)
                self.ensure_children(tn)
                if not tn.is_expanded:
                    self._auto_opened.add(key)
                    self._set_open(tn, True)

    @staticmethod
    def _set_open(tn: TreeNode[str], open_: bool) -> None:
        """Open or close a node quietly: no ``NodeExpanded``/``NodeCollapsed``, which mean the user did it (and
        are remembered across reloads); the filter's openings are its own and go when it is cleared."""
        if tn._expanded != open_:
            tn._expanded = open_
            tn._updates += 1

    def _path_to(self, tn: TreeNode[str] | None) -> list[TreeNode[str]]:
        out = []
        while tn is not None:
            out.append(tn)
            tn = tn.parent
        return out

    def _first_visible_match(self) -> TreeNode[str] | None:
        if self.filtered is None:
            return None
        for key in self.filtered.matches:
            tn = self.by_key.get(key)
            if tn is not None:
                return tn
        return None

    def _place_cursor(self, cursor: TreeNode[str] | None) -> None:
        res = self.filtered
        if res is None:
            return
        shown = cursor is not None and cursor.data in res.visible
        if self.filter.terms and not (shown and cursor.data in set(res.matches)):
            target = self._first_visible_match()
            if target is None and not shown:
                target = self.root
        elif not shown:
            target = cursor
            while target is not None and target.data not in res.visible:
                target = target.parent
            target = target or self.root
        else:
            target = cursor
        self._tree_lines  # noqa: B018
        if target is not None:
            self.move_cursor(target, animate=False)
            self.scroll_to_node(target, animate=False)

    def _close_auto_opened(self, keep: TreeNode[str] | None) -> None:
        """Close what the filter opened, except the path to ``keep`` (the node the user found stays in view)."""
        keep_keys = {a.data for a in self._path_to(keep)} if keep is not None else set()
        with self._batch():
            for key in self._auto_opened:
                tn = self.by_key.get(key)
                if tn is None:
                    continue
                if key in keep_keys:
                    self._state[key] = True  # the user found something in there: it stays open
                else:
                    self._set_open(tn, False)
        self._auto_opened.clear()

    @property
    def shown_count(self) -> tuple[int, int]:
        """(names matching, nodes shown) under the active filter; (0, 0) without one."""
        if self.filtered is None:
            return 0, 0
        return len(self.filtered.matches), len(self.filtered.visible)

    def action_clear_filter(self) -> None:
        if self.filter.text:
            self.set_filter(TreeFilter("", self.filter.only_problems, self.filter.local_only))

    def action_toggle_only_problems(self) -> None:
        f = self.filter
        self.set_filter(TreeFilter(f.text, not f.only_problems, f.local_only))

    def action_toggle_local_only(self) -> None:
        f = self.filter
        self.set_filter(TreeFilter(f.text, f.only_problems, not f.local_only))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_local_only":  # only a marketplace lists remote entries
            return self.outline is not None and self.outline.root.kind == "marketplace"
        if action == "clear_filter":
            return bool(self.filter.text)
        return True

    def _fill(self, tn: TreeNode[str], on: OutlineNode) -> None:
        """Materialise the children of ``tn`` (and, recursively, of the children that should be open)."""
        for child in on.children:
            cn = tn.add(self._label(child), data=child.key, allow_expand=bool(child.children))
            self.by_key[child.key] = cn
            if child.children and self._should_expand(child):
                self._fill(cn, child)
                cn.expand()

    def ensure_children(self, tn: TreeNode[str]) -> None:
        on = self._onode(tn)
        if on is not None and on.children and len(tn.children) == 0:
            with self._batch():
                self._fill(tn, on)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[str]) -> None:
        self.ensure_children(event.node)
        node = event.node  # (handled after the fact: the filter may have closed it again meanwhile)
        if node.data and node.is_expanded and node.data not in self._auto_opened:  # the filter's are its own
            self._state[node.data] = True

    def on_tree_node_collapsed(self, event: Tree.NodeCollapsed[str]) -> None:
        node = event.node
        if node.data and not node.is_expanded:
            self._auto_opened.discard(node.data)
            self._state[node.data] = False

    def reveal(self, key: str, select: bool = True) -> TreeNode[str] | None:
        """Open every ancestor of ``key`` (building lazily) and return its tree node."""
        if self.outline is None:
            return None
        on = self.outline.get(key)
        if on is None:
            return None
        for anc in on.ancestors():
            tn = self.by_key.get(anc.key)
            if tn is None:
                return None
            self.ensure_children(tn)
            if not tn.is_expanded:
                tn.expand()
                self._state[anc.key] = True
        tn = self.by_key.get(key)
        if tn is not None and select:
            self._tree_lines  # noqa: B018
            self.move_cursor(tn, animate=False)
            self.scroll_to_node(tn, animate=False)
            # nodes just expanded change the virtual height only at the next layout, which may clamp the
            # scroll above: scroll again once it is done, so the same jump always lands the same way
            self.call_after_refresh(self.scroll_to_node, tn, animate=False)
        return tn

    @property
    def cursor_key(self) -> str | None:
        return self.cursor_node.data if self.cursor_node is not None else None

    # -- vim-ish actions -----------------------------------------------------------------------------------------

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None:
            self.move_cursor(node.parent, animate=False)

    def action_expand_or_child(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            self.ensure_children(node)
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0], animate=False)

    def action_scroll_home_cursor(self) -> None:
        self.move_cursor_to_line(0)

    def action_scroll_end_cursor(self) -> None:
        self.move_cursor_to_line(max(0, self.last_line))
