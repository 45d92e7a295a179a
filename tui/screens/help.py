"""The help screen: every key binding, grouped by where it works."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.wrap import escape

# (section, key, what) — kept next to the bindings it documents; tests check every app binding is listed
HELP: list[tuple[str, str, str]] = [
    (
        "Everywhere",
        "1 2 3 4",
        "go to the tree, the detail pane, the Problems tab, the Env tab (the number is in each pane's title)",
    ),
    ("Everywhere", "tab / shift+tab", "next / previous pane (tree → detail → bottom panel)"),
    ("Everywhere", "z", "zoom: the focused pane fills the screen (again: back)"),
    ("Everywhere", "p", "show the Problems tab and focus it"),
    ("Everywhere", "v", "show the Env (variables) tab and focus it"),
    ("Everywhere", "/", "filter: in the Problems or Env panel that panel, elsewhere the tree by name"),
    ("Everywhere", "r", "re-check now"),
    ("Everywhere", "e", "open the selected problem or component in $VISUAL / $EDITOR"),
    ("Everywhere", "x", "copy `export VAR=` lines for the missing variables (or show them to select)"),
    ("Everywhere", "ctrl+p", "command palette: jump to a component, switch profile, re-check, run a fix"),
    ("Everywhere", "? / f1", "this help (on a problem, ? explains its rule)"),
    ("Everywhere", "q / ctrl+q", "quit"),
    ("Fixes and tools", "f", "preview the fix for the selected problem (Enter applies, Esc cancels)"),
    ("Fixes and tools", "F", "preview, then apply every safe fix in the current file or plugin"),
    ("Fixes and tools", "u", "undo the last fix (several levels)"),
    ("Fixes and tools", "w", "pause / resume watching files"),
    ("Fixes and tools", "t", "hook tester: run the selected hook handler once on a sample event"),
    ("Fixes and tools", "n", "new component or plugin (scaffold), then select it"),
    ("Fixes and tools", "m", "matcher explorer: which hooks fire for a tool name"),
    ("Tree", "↑ ↓ / j k", "move"),
    ("Tree", "← → / h l", "collapse or go to parent / expand or go to first child"),
    ("Tree", "enter / space", "toggle the node"),
    ("Tree", "shift+↑ shift+↓", "previous / next sibling"),
    ("Tree", "g / G", "first / last node"),
    (
        "Tree",
        "/",
        "type to narrow the tree to names holding the text (their folders stay, so the path "
        "shows); enter or ↓ goes to the tree, esc clears it and keeps the cursor where it is",
    ),
    ("Tree", "P", "only items with problems (again: everything)"),
    ("Tree", "L", "in a marketplace: only local plugins (hides the entries fetched from git, GitHub or a URL)"),
    ("Detail", "j k / ↑ ↓ / pgup pgdn", "scroll"),
    ("Problems", "↑ ↓ / j k", "move"),
    ("Problems", "enter", "jump to the component in the tree"),
    ("Problems", "?", "explain the problem's rule"),
    ("Problems", "s / S", "cycle the sort column / reverse the order (or click a header)"),
    ("Problems", "E W I", "show or hide errors, warnings, info"),
    ("Problems", "Fix column", "✎ safe fix, ✎? unsafe fix (changes meaning): f previews it"),
    ("Problems / Env", "escape", "leave the filter box"),
]


KEY_COLUMN = 24


def help_markup(width: int = 86) -> str:
    """The keys, wrapped to ``width`` columns: a description's continuation lines align under it."""
    from ..widgets.wrap import hang

    lines = ["[b $accent]plugin-tui keys[/]", ""]
    section = None
    key_col = KEY_COLUMN if width >= 60 else 16
    for sec, key, what in HELP:
        if sec != section:
            if section is not None:
                lines.append("")
            lines.append(f"[b $text-secondary]{escape(sec)}[/]")
            section = sec
        if len(key) >= key_col:  # a long key gets its own line
            lines.append(f"  [b]{escape(key)}[/]")
            lines.extend(hang(escape(what), width, " " * (key_col + 2), key_col + 2))
        else:
            lines.extend(hang(escape(what), width, f"  [b]{escape(key).ljust(key_col)}[/]", key_col + 2))
    lines += ["", "[$text-muted]escape, q or ? closes this screen[/]"]
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("f1", "dismiss", "Close", show=False),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
    ]

    def compose(self):
        with VerticalScroll(id="help-body", classes="modal-body"):
            yield Static(help_markup(), id="help-text")

    def on_resize(self) -> None:
        self.call_after_refresh(self._rewrap)

    def _rewrap(self) -> None:
        text = self.query_one("#help-text", Static)
        width = text.content_region.width
        if width > 8:
            text.update(help_markup(width))

    def action_scroll(self, where: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_down(animate=False) if where == "down" else body.scroll_up(animate=False)
