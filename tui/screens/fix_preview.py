"""The fix preview: a modal with the coloured unified diff of a fix, its title and a SAFE/UNSAFE mark.

``FixPreview(title, diff_text, safe, count=1)``; Enter applies (the screen dismisses with ``True``), Esc cancels
(``False``). Push it with ``app.push_screen(FixPreview(...), callback)`` or ``await app.push_screen_wait(...)``.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def diff_text_to_rich(diff_text: str) -> Text:
    """Colour a unified diff line by line (additions green, removals red, hunks cyan, headers bold)."""
    out = Text(no_wrap=True, overflow="ignore")
    for raw in diff_text.splitlines():
        line = raw.rstrip("\r")
        if line.startswith(("+++", "---")) or line.startswith(("diff --git", "old mode", "new mode", "new file mode")):
            style = "bold"
        elif line.startswith("@@"):
            style = "cyan"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        elif line.startswith(("\\", "#")):
            style = "dim italic"
        else:
            style = ""
        out.append(line.replace("\ufeff", "<BOM>") + "\n", style=style)
    return out


class FixPreview(ModalScreen[bool]):
    """Preview a fix (or a batch of ``count`` fixes) as a diff; Enter applies, Esc cancels."""

    DEFAULT_CSS = """
    FixPreview {
        align: center middle;
        background: $background 60%;
    }
    FixPreview > #fix-dialog {
        width: 90%;
        max-width: 140;
        height: 85%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    FixPreview #fix-header {
        height: auto;
        margin-bottom: 1;
    }
    FixPreview #fix-title {
        width: 1fr;
        text-style: bold;
    }
    FixPreview #fix-mark {
        width: auto;
        padding: 0 1;
        text-style: bold;
    }
    FixPreview #fix-mark.safe {
        background: $success;
        color: $text;
    }
    FixPreview #fix-mark.unsafe {
        background: $warning;
        color: $text;
    }
    FixPreview #fix-diff-scroll {
        height: 1fr;
        border: round $panel;
    }
    FixPreview #fix-keys {
        height: 1;
        color: $text-muted;
    }
    """

    BINDINGS = [
        Binding("enter", "apply", "Apply", priority=True, id="fix_preview.apply"),
        Binding("escape", "cancel", "Cancel", priority=True, id="fix_preview.cancel"),
    ]

    def __init__(
        self,
        title: str,
        diff_text: str,
        safe: bool,
        count: int = 1,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:  # noqa: A002
        super().__init__(name=name, id=id, classes=classes)
        self.fix_title = title
        self.diff_text = diff_text
        self.safe = safe
        self.count = count

    def compose(self) -> ComposeResult:
        mark = "SAFE" if self.safe else "UNSAFE"
        what = self.fix_title if self.count == 1 else f"{self.fix_title} ({self.count} fixes)"
        with Vertical(id="fix-dialog"):
            with Horizontal(id="fix-header"):
                yield Static(Text(what), id="fix-title")
                yield Static(mark, id="fix-mark", classes="safe" if self.safe else "unsafe")
            with VerticalScroll(id="fix-diff-scroll"):
                body = (
                    diff_text_to_rich(self.diff_text)
                    if self.diff_text.strip()
                    else Text("(this fix changes nothing)", style="dim italic")
                )
                yield Static(body, id="fix-diff")
            note = "" if self.safe else "  ·  changes meaning: read the diff"
            yield Static(f"Enter apply  ·  Esc cancel{note}", id="fix-keys")

    def action_apply(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
