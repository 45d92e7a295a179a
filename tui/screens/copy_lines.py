"""Copying text out of the explorer (``x`` in the Env tab): a clipboard tool when there is one, else a dialog.

Textual's ``copy_to_clipboard`` only sends an OSC 52 escape to the terminal: many terminals ignore it and tmux
drops it by default, and nothing tells the app. So the text goes first to the first of ``wl-copy``, ``xclip``,
``xsel`` and ``pbcopy`` found on PATH that exits 0 (the text on its stdin, nothing else run); only that counts as
copied. Without one, the text is sent by OSC 52 and shown in ``CopyLines``, a dialog where it can be selected.
"""

from __future__ import annotations

import shutil
import subprocess

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from ..widgets.wrap import escape

# the only programs ever run, in this order, with these arguments; the text goes on stdin
CLIPBOARD_TOOLS: tuple[tuple[str, ...], ...] = (
    ("wl-copy",),
    ("xclip", "-selection", "clipboard"),
    ("xsel", "--clipboard", "--input"),
    ("pbcopy",),
)
TOOL_TIMEOUT = 3.0  # seconds; xclip and wl-copy fork to serve the selection, the process we wait for exits at once


def copy_with_tool(text: str, path: str | None = None) -> str | None:
    """Copy ``text`` with the first clipboard tool on ``path`` (default: PATH) that succeeds; its name, or None.

    A tool that is there but cannot reach a clipboard (xclip without an X display, wl-copy outside Wayland) exits
    non-zero and the next one is tried."""
    data = text.encode("utf-8")
    for name, *args in CLIPBOARD_TOOLS:
        exe = shutil.which(name, path=path)
        if exe is None:
            continue
        try:
            # stdout/stderr not captured: a forked child keeping a pipe open would make us wait for it
            proc = subprocess.run(
                [exe, *args],
                input=data,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TOOL_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if proc.returncode == 0:
            return name
    return None


class CopyLines(ModalScreen[None]):
    """Shows lines that could not be put on the clipboard for sure, selectable (shift+arrows, or the mouse)."""

    DEFAULT_CSS = """
    CopyLines { align: center middle; background: $background 60%; }
    CopyLines > #copy-box { width: 84; max-width: 95%; height: auto; max-height: 90%; padding: 1 2;
        background: $surface; border: thick $primary; }
    CopyLines #copy-lines { height: auto; max-height: 16; margin: 1 0; }
    """
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, title: str, text: str, note: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-box"):
            yield Static(f"[b]{escape(self.title_text)}[/b]\n\n{escape(self.note)}", id="copy-note")
            yield TextArea(self.text, read_only=True, show_line_numbers=False, id="copy-lines")
            yield Static(
                "[$text-muted]the lines are selected · shift+arrows change the selection · Esc closes · "
                "most terminals also select with shift+drag[/]",
                id="copy-keys",
            )

    def on_mount(self) -> None:
        area = self.query_one("#copy-lines", TextArea)
        area.focus()
        area.select_all()
