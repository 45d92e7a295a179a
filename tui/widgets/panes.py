"""Pane titles: each pane's number key (lazygit's 1 2 3 4) is part of its title, so the keys need no footer room."""

from __future__ import annotations

from .wrap import escape


def pane_title(number: int, text: str) -> str:
    """``1 plugin``: the digit in bold (markup; ``text`` is escaped)."""
    return f"[b]{number}[/b] {escape(text)}"
