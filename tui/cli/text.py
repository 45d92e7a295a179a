"""The text report of ``check``: findings grouped by file, named from the current folder, with a summary line.

Colour is plain ANSI (bold, red, yellow, cyan, dim) when asked for; no terminal library is imported on the path of
``check``.
"""

from __future__ import annotations

from typing import IO

from ..core.base.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..core.base.text import safe_text
from ..core.model.plugin import Project
from ..core.services.report import PathView, summary, summary_line

__all__ = ["render_text"]

_SGR = {"bold": "1", "dim": "2", "underline": "4", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}
_SEVERITY = {ERROR: ("bold", "red"), WARNING: ("yellow",), INFO: ("cyan",)}


def _paint(text: str, *styles: str, color: bool) -> str:
    if not color or not styles:
        return text
    return f"\x1b[{';'.join(_SGR[s] for s in styles)}m{text}\x1b[0m"


def render_text(
    project: Project, diags: list[Diagnostic], out: IO[str], color: bool = False, root_given: str | None = None
) -> None:
    """Grouped by file, named from the current folder (:class:`PathView`)."""
    view = PathView(root_given if root_given is not None else project.root)
    groups: dict[str, list[Diagnostic]] = {}
    for d in diags:
        groups.setdefault(safe_text(view.show(d.path), newlines=True), []).append(d)
    for path, items in groups.items():
        out.write(_paint(path, "bold", "underline", color=color) + "\n")
        for d in items:
            pos = f"{d.line}:{d.column or 1}" if d.line else "-"
            out.write(
                "  "
                + _paint(f"{pos:<8}", "dim", color=color)
                + " "
                + _paint(f"{d.severity:<7}", *_SEVERITY[d.severity], color=color)
                + " "
                + _paint(f"{d.code:<8}", "bold", color=color)
                + " "
                + safe_text(d.message, True)
                + "\n"
            )
            if d.hint:
                out.write(
                    _paint(f"  {'':<8} {'':<7} {'':<8} hint: {safe_text(d.hint, True)}", "dim", color=color) + "\n"
                )
        out.write("\n")
    s = summary(project, diags)
    tone = ("bold", "red") if s["errors"] else (("yellow",) if s["warnings"] else ("green",))
    out.write(_paint(summary_line(project, diags), *tone, color=color) + "\n")
