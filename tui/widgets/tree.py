"""The component tree: lazy per plugin, keyed by stable node keys, state kept across reloads."""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from .outline import Outline, OutlineNode

SEV_ICON = {"error": "✖", "warning": "▲", "info": "●"}
KIND_ICON = {
    "marketplace": "◆", "plugin": "◼", "group": "", "manifest": "", "entry": "", "command": "/", "agent": "@",
    "skill": "✦", "mcp_server": "⇄", "lsp_server": "λ", "hook_event": "⚡", "hook_matcher": "", "hook": "›",
    "output_style": "¶", "settings_json": "", "settings_file": "", "monitor": "", "theme": "", "note": "",
}


class PluginTree(Tree[str]):
    """Tree whose node data is the outline key. Children are materialised when a node is first expanded."""

    COMPONENT_CLASSES = {
        "plugin-tree--error", "plugin-tree--warning", "plugin-tree--info", "plugin-tree--detail",
        "plugin-tree--group", "plugin-tree--clean",
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
    ]

    def __init__(self, **kw: Any) -> None:
        super().__init__("loading…", **kw)
        self.outline: Outline | None = None
        self.by_key: dict[str, TreeNode[str]] = {}
        self._state: dict[str, bool] = {}  # key -> expanded, remembered across reloads
        self._provisional = False
        self.guide_depth = 3
        self.auto_expand = False

    # -- labels -----------------------------------------------------------------------------------------------

    def _onode(self, node: TreeNode[str]) -> OutlineNode | None:
        return self.outline.get(node.data) if self.outline is not None and node.data else None

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        on = self._onode(node)
        if on is None:
            return text
        if on.kind == "group":
            text.stylize(self.get_component_rich_style("plugin-tree--group", partial=True),
                         len(text) - len(node._label))
        if on.detail:
            text.append("  " + on.detail, self.get_component_rich_style("plugin-tree--detail", partial=True))
        if on.not_loaded:
            text.append("  not loaded", self.get_component_rich_style("plugin-tree--warning", partial=True))
        for sev in ("error", "warning", "info"):
            n = on.counts.get(sev, 0)
            if n:
                text.append(f" {SEV_ICON[sev]}{n}", self.get_component_rich_style(f"plugin-tree--{sev}", partial=True))
        return text

    # -- building ---------------------------------------------------------------------------------------------

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
            if tn.tree is self and tn.allow_expand:
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
        for key in ([] if target is not None else chain):
            if outline.get(key) is not None:
                target = self.reveal(key, select=False)
                if target is not None:
                    break
        if target is None:
            target = self.root
        self._tree_lines  # noqa: B018  (lay the new nodes out so they have line numbers)
        self.move_cursor(target, animate=False)
        self.scroll_to(y=scroll_y, animate=False)

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
            self._fill(tn, on)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[str]) -> None:
        self.ensure_children(event.node)
        if event.node.data:
            self._state[event.node.data] = True

    def on_tree_node_collapsed(self, event: Tree.NodeCollapsed[str]) -> None:
        if event.node.data:
            self._state[event.node.data] = False

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
