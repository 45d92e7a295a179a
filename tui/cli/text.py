"""The text report of ``check``, as ruff writes its own: one line per finding, ``path:line:col: CODE message``.

Terminals and editors turn ``path:line:col`` into a link. ``[*]`` marks a finding that ``--fix`` can fix; the
severity follows the code. With ``show_source`` each finding also shows the line it sits on with a caret under
the span, and its hint. A summary line counts errors, warnings and infos, then what ``--fix`` (and
``--unsafe-fixes``) would fix. Paths are named from the current folder (``PathView``).

Colour is plain ANSI when asked for; no terminal library is imported on the path of ``check``.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from ..core.base.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..core.base.text import safe_text
from ..core.services.report import PathView, summary, summary_line

if TYPE_CHECKING:  # a cached check prints without importing the model
    from ..core.model.plugin import Project

__all__ = ["render_text", "finding_line", "fixable_line"]

_SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34", "cyan": "36"}
_SEVERITY = {ERROR: ("bold", "red"), WARNING: ("bold", "yellow"), INFO: ("bold", "cyan")}
_TAB = 4  # how a tab in a source line is shown, so the caret lines up


def _paint(text: str, *styles: str, color: bool) -> str:
    if not color or not styles:
        return text
    return f"\x1b[{';'.join(_SGR[s] for s in styles)}m{text}\x1b[0m"


def _fix_mark(d: Diagnostic) -> str:
    """``[*]`` when ``--fix`` applies the finding's fix, ``[-]`` when only ``--unsafe-fixes`` does."""
    if d.fix is None or d.fix.needs_choice:
        return ""
    return "[*] " if d.fix.safe else "[-] "


def finding_line(d: Diagnostic, view: PathView, color: bool = False) -> str:
    """``path:line:col: CODE [*] severity: message`` (the position as far as the finding has one)."""
    where = safe_text(view.show(d.path), newlines=True) if d.path else ""
    if where and d.line:
        where += f":{d.line}:{d.column or 1}"
    head = _paint(where + ":", "bold", color=color) + " " if where else ""
    code = _paint(d.code, *_SEVERITY[d.severity], color=color)
    mark = _fix_mark(d)
    mark = _paint(mark.strip(), "cyan", color=color) + " " if mark else ""
    return f"{head}{code} {mark}{d.severity}: {safe_text(d.message, True)}"


def _source(project: Project, d: Diagnostic, color: bool) -> list[str]:
    """The line a finding sits on, with a caret under its span (up to the line's end when the span goes on)."""
    sf = project.files.get(d.path or "")
    if sf is None or sf.text is None or not d.line:
        return []
    text = sf.line_text(d.line)
    if not text and d.line > len(sf.lines.starts):
        return []
    col = max(1, d.column or 1)
    if d.end_line == d.line and d.end_column and d.end_column > col:
        end = d.end_column
    else:
        end = max(col + 1, len(text) + 1) if d.end_line and d.end_line > d.line else col + 1
    shown = safe_text(text.expandtabs(_TAB), newlines=True)
    pad = len(text[: col - 1].expandtabs(_TAB))
    width = max(1, len(text[: end - 1].expandtabs(_TAB)) - pad)
    gutter = " " * len(str(d.line))
    bar = _paint("|", "blue", color=color)
    return [
        f"{gutter} {bar}",
        f"{_paint(str(d.line), 'blue', color=color)} {bar} {shown}",
        f"{gutter} {bar} {' ' * pad}{_paint('^' * width, *_SEVERITY[d.severity], color=color)}",
        f"{gutter} {bar}",
    ]


def fixable_line(diags: list[Diagnostic]) -> str | None:
    """ruff's closing line: what ``--fix`` would fix, and what more ``--unsafe-fixes`` would."""
    safe = sum(1 for d in diags if d.fix is not None and d.fix.safe and not d.fix.needs_choice)
    unsafe = sum(1 for d in diags if d.fix is not None and not d.fix.safe and not d.fix.needs_choice)
    if not safe and not unsafe:
        return None
    more = f" ({unsafe} more with `--unsafe-fixes`)" if unsafe else ""
    if safe:
        return f"[*] {safe} fixable with `--fix`{more}."
    return f"[-] {unsafe} fixable with `--fix --unsafe-fixes`."


def render_text(
    project: Project,
    diags: list[Diagnostic],
    out: IO[str],
    color: bool = False,
    root_given: str | None = None,
    show_source: bool = False,
) -> None:
    view = PathView(root_given if root_given is not None else project.root)
    for d in diags:
        out.write(finding_line(d, view, color) + "\n")
        if show_source:
            for line in _source(project, d, color):
                out.write(line + "\n")
            if d.hint:
                gutter = " " * len(str(d.line or ""))
                out.write(_paint(f"{gutter} = hint: {safe_text(d.hint, True)}", "dim", color=color) + "\n")
            out.write("\n")
    if diags and not show_source:
        out.write("\n")
    s = summary(project, diags)
    tone = ("bold", "red") if s["errors"] else (("yellow",) if s["warnings"] else ("green",))
    out.write(_paint(summary_line(project, diags), *tone, color=color) + "\n")
    fixable = fixable_line(diags)
    if fixable:
        out.write(_paint(fixable, "cyan", color=color) + "\n")
