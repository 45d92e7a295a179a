"""The Problems panel: every diagnostic in a sortable, filterable table, and the selected one in full below it.

The columns fit the panel's width: the File:line column is as wide as the paths need (at least the file name
and line of every finding), and a path too long for it keeps its end (``…/agents/foo.md:12``); the message
column takes the rest, and the selected problem's whole message and hint are under the table.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from ..core.base.diagnostics import SEVERITIES, SEVERITY_RANK, Diagnostic

SEV_ICON = {"error": "✖", "warning": "▲", "info": "●"}
COLUMNS = (("sev", "Sev"), ("code", "Code"), ("fix", "Fix"), ("where", "File:line"), ("message", "Message"))
WIDE = 110  # from this panel width on, the Sev column names the severity too
MIN_MESSAGE = 12  # the message column keeps at least this much beside the paths (the whole message is below)
FIX_MARK = {True: "✎", False: "✎?"}  # safe fix / unsafe fix (changes meaning: read the preview)


def fix_mark(d: Diagnostic) -> str:
    """The Fix column: ✎ a safe fix, ✎? an unsafe one, blank when there is no fix."""
    fx = d.fix
    return "" if fx is None else FIX_MARK[bool(fx.safe)]


SORTS = ("severity", "code", "fix", "location", "message")


def row_key(d: Diagnostic) -> str:
    return "\x1f".join("" if x is None else str(x) for x in d.identity())


def location(d: Diagnostic) -> str:
    if not d.path:
        return "—"
    return f"{d.path}:{d.line}" if d.line else d.path


def location_tail(d: Diagnostic) -> str:
    """The least of a location that must show: ``…/foo.md:12`` (the file name and the line)."""
    loc = location(d)
    return loc if "/" not in (d.path or "") else "…/" + loc.rsplit("/", 1)[1]


def fit_end(text: str, width: int) -> str:
    """``text`` in ``width`` cells, keeping its end: a path loses its first folders (``…/agents/foo.md:12``)."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    tail = text[-(width - 1) :]
    cut = tail.find("/")
    if 0 <= cut < len(tail) - 1:
        tail = tail[cut:]  # start at a folder boundary
    return "…" + tail


def column_widths(width: int, diags: list[Diagnostic]) -> dict[str, int]:
    """Content widths of the columns for a panel ``width`` cells wide (each column adds 2 cells of padding,
    the scrollbar 1). File:line gets every path whole if it can, else at least every file name and line; in a
    narrow panel Sev and Fix shrink to their marks first."""
    wide = width >= WIDE
    sev = 9 if wide else 1
    code = max([4, *(len(d.code) for d in diags)])
    fix = 3 if wide else 2
    fixed = sev + code + fix + 2 * 5 + 1
    longest = max([9, *(len(location(d)) for d in diags)])
    needed = max([9, *(len(location_tail(d)) for d in diags)])
    room = width - fixed - MIN_MESSAGE
    where = max(min(longest, room), min(needed, width - fixed - 2))
    message = max(2, width - fixed - where)  # the whole message is under the table
    return {"sev": sev, "code": code, "fix": fix, "where": where, "message": message}


def column_titles(widths: dict[str, int]) -> dict[str, str]:
    narrow = widths["sev"] < 3
    return {
        key: ("" if narrow else title) if key == "sev" else ("✎" if narrow else title) if key == "fix" else title
        for key, title in COLUMNS
    }


class ProblemMessage(Static):
    """The selected problem in full under the table: code, where (path, line, column), the message, the hint.

    A Rich grid, not pre-wrapped text: the text column wraps at whatever width the box has when it is drawn
    (its first layout may come after the update), and its continuation lines align under the text."""

    def __init__(self, **kw: Any) -> None:
        super().__init__("", **kw)
        self.diagnostic: Diagnostic | None = None

    def show(self, d: Diagnostic | None) -> None:
        self.diagnostic = d
        self.set_class(d is None, "-empty")
        self.update(self.renderable_for(d) if d is not None else "")

    def _colour(self, name: str) -> Any:
        """A theme colour as Rich takes it (a translucent one blended over the panel), or None."""
        if not self.is_attached:
            return None
        from textual.color import Color

        v = self.app.theme_variables
        try:
            return (Color.parse(v.get("panel", "#000000")) + Color.parse(v[name])).rich_color
        except Exception:
            return None

    def renderable_for(self, d: Diagnostic) -> Any:
        from rich.style import Style
        from rich.table import Table

        sev = self._colour({"error": "error", "warning": "warning", "info": "primary"}.get(d.severity, "foreground"))
        muted = self._colour("foreground-muted")
        where = location(d) + (f":{d.column}" if d.line and d.column else "")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        text = Text()
        text.append(where, style=Style(color=muted) if muted else "")
        text.append("  " + d.message)
        grid.add_row(Text(f"{SEV_ICON.get(d.severity, '?')} {d.code}", style=Style(color=sev) if sev else ""), text)
        if d.hint:
            grid.add_row(Text("→", style=Style(color=muted) if muted else "", justify="right"), Text(d.hint))
        return grid


class ProblemsTable(DataTable):
    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "problems--error",
        "problems--warning",
        "problems--info",
        "problems--muted",
        "problems--fix-safe",
        "problems--fix-unsafe",
    }
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
        Binding("enter", "select_cursor", "Jump to", show=True),
        Binding("question_mark", "explain", "Explain rule", show=True),
        Binding("s", "cycle_sort", "Sort", show=True),
        Binding("S", "reverse_sort", "Reverse", show=False),
        # E W I, not 1 2 3: the number keys jump between panes everywhere (lazygit's 1 2 3 4)
        Binding("E", "toggle_severity('error')", "Errors", show=False),
        Binding("W", "toggle_severity('warning')", "Warnings", show=False),
        Binding("I", "toggle_severity('info')", "Info", show=False),
    ]

    def action_explain(self) -> None:
        panel = self.panel
        if panel is not None:
            panel.explain_current()

    def action_cycle_sort(self) -> None:
        if self.panel is not None:
            self.panel.cycle_sort()

    def action_reverse_sort(self) -> None:
        if self.panel is not None:
            self.panel.set_sort(self.panel.sort_by, not self.panel.reverse)

    def action_toggle_severity(self, severity: str) -> None:
        if self.panel is not None:
            self.panel.toggle_severity(severity)

    @property
    def panel(self) -> ProblemsPanel | None:
        for anc in self.ancestors:
            if isinstance(anc, ProblemsPanel):
                return anc
        return None


class ProblemsPanel(Vertical):
    """Filter bar + table. Posts ``Selected`` on Enter and ``Explain`` on ``?``."""

    class Selected(Message):
        def __init__(self, diagnostic: Diagnostic) -> None:
            super().__init__()
            self.diagnostic = diagnostic

    class Highlighted(Message):
        """The cursor moved to another problem (the app refreshes the fix keys in the footer)."""

    class Explain(Message):
        def __init__(self, diagnostic: Diagnostic) -> None:
            super().__init__()
            self.diagnostic = diagnostic

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.diagnostics: list[Diagnostic] = []
        self.shown: list[Diagnostic] = []
        self.by_key: dict[str, Diagnostic] = {}
        self.filter_text = ""
        self.severities: set[str] = set(SEVERITIES)
        self.sort_by = "severity"
        self.reverse = False
        self.widths: dict[str, int] = {}

    def compose(self):
        with Horizontal(classes="panel-toolbar"):
            yield Input(placeholder="filter (/): code, path or text", id="problem-filter")
            yield Static("", id="severity-toggles")
            yield Static("", id="problem-count")
        table = ProblemsTable(id="problems-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield ProblemMessage(id="problem-message", classes="-empty")

    def on_mount(self) -> None:
        self._set_columns()
        self._update_toolbar()

    def _set_columns(self) -> bool:
        """(Re)make the columns for the current width; True when they changed (the rows must be added again)."""
        widths = column_widths(self.size.width or 120, self.diagnostics)
        if widths == self.widths:
            return False
        self.widths = widths
        table = self.table
        table.clear(columns=True)
        titles = column_titles(widths)
        for key, _title in COLUMNS:
            table.add_column(titles[key], key=key, width=widths[key])
        return True

    def on_resize(self) -> None:
        if self._set_columns():
            self.refresh_rows()
        else:
            self._update_toolbar()
            self._show_current()

    @property
    def table(self) -> ProblemsTable:
        return self.query_one(ProblemsTable)

    # -- data ---------------------------------------------------------------------------------------------------

    def set_diagnostics(self, diags: list[Diagnostic]) -> None:
        self.diagnostics = list(diags)
        self._set_columns()
        self.refresh_rows()

    def _matches(self, d: Diagnostic) -> bool:
        if d.severity not in self.severities:
            return False
        if not self.filter_text:
            return True
        hay = f"{d.code} {d.severity} {location(d)} {d.message} {d.plugin or ''}".lower()
        return all(part in hay for part in self.filter_text.lower().split())

    def _sort_key(self, d: Diagnostic):
        if self.sort_by == "code":
            return (d.code, d.sort_key())
        if self.sort_by == "location":
            return d.sort_key()
        if self.sort_by == "fix":  # fixable first: safe, then unsafe, then the rest
            rank = 0 if d.fix is not None and d.fix.safe else (1 if d.fix is not None else 2)
            return (rank, SEVERITY_RANK.get(d.severity, 9), d.sort_key())
        if self.sort_by == "message":
            return (d.message.lower(), d.sort_key())
        return (SEVERITY_RANK.get(d.severity, 9), d.sort_key())

    def refresh_rows(self) -> None:
        table = self.table
        current = None
        if table.row_count and table.cursor_row is not None and 0 <= table.cursor_row < len(self.shown):
            current = row_key(self.shown[table.cursor_row])
        self.shown = sorted((d for d in self.diagnostics if self._matches(d)), key=self._sort_key, reverse=self.reverse)
        self.by_key = {}
        table.clear()
        styles = {s: table.get_component_rich_style(f"problems--{s}", partial=True) for s in SEVERITIES}
        muted = table.get_component_rich_style("problems--muted", partial=True)
        fix_styles = {
            True: table.get_component_rich_style("problems--fix-safe", partial=True),
            False: table.get_component_rich_style("problems--fix-unsafe", partial=True),
        }
        wide = self.widths.get("sev", 9) >= 9
        where_w = self.widths.get("where", 30)
        for d in self.shown:
            key = row_key(d)
            if key in self.by_key:
                continue
            self.by_key[key] = d
            st = styles.get(d.severity)
            icon = SEV_ICON.get(d.severity, "?")
            table.add_row(
                Text(f"{icon} {d.severity}" if wide else icon, style=st or ""),
                Text(d.code, style=st or ""),
                Text(fix_mark(d), style=fix_styles[bool(d.fix.safe)] if d.fix is not None else ""),
                Text(fit_end(location(d), where_w), style=muted, no_wrap=True),
                Text(d.message + (f"  → {d.hint}" if d.hint else ""), no_wrap=True),
                key=key,
            )
        if current is not None and current in self.by_key:
            table.move_cursor(row=table.get_row_index(current), animate=False)
        self._update_toolbar()
        self._show_current()

    def _show_current(self) -> None:
        self.query_one(ProblemMessage).show(self.current)

    def _update_toolbar(self) -> None:
        narrow = self.size.width and self.size.width < WIDE
        parts = []
        for key, s in zip("EWI", SEVERITIES):
            n = sum(1 for d in self.diagnostics if d.severity == s)
            on_ = s in self.severities
            mark = "■" if on_ else "□"
            style = {"error": "$error", "warning": "$warning", "info": "$primary"}[s] if on_ else "$text-muted"
            parts.append(
                f"[{style}]{key}{SEV_ICON[s] if on_ else '□'}{n}[/]" if narrow else f"[{style}]{key} {mark} {s} {n}[/]"
            )
        self.query_one("#severity-toggles", Static).update((" " if narrow else "  ").join(parts))
        arrow = "↓" if not self.reverse else "↑"
        count = f"{len(self.shown)}/{len(self.diagnostics)}"
        self.query_one("#problem-count", Static).update(
            f"[$text-muted]{count} {self.sort_by}{arrow}[/]"
            if narrow
            else f"[$text-muted]{count} · sort {self.sort_by} {arrow}[/]"
        )

    # -- interaction ---------------------------------------------------------------------------------------------

    @property
    def current(self) -> Diagnostic | None:
        table = self.table
        if not self.shown or table.cursor_row is None or not (0 <= table.cursor_row < table.row_count):
            return None
        try:
            key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        except Exception:
            return None
        return self.by_key.get(key or "")

    def toggle_severity(self, severity: str) -> None:
        if severity in self.severities:
            self.severities.discard(severity)
        else:
            self.severities.add(severity)
        self.refresh_rows()

    def cycle_sort(self) -> None:
        self.set_sort(SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)], False)

    def set_sort(self, by: str, reverse: bool) -> None:
        self.sort_by, self.reverse = by, reverse
        self.refresh_rows()

    def explain_current(self) -> None:
        d = self.current
        if d is not None:
            self.post_message(self.Explain(d))

    @on(Input.Changed, "#problem-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.refresh_rows()

    @on(Input.Submitted, "#problem-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    @on(DataTable.RowSelected, "#problems-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        d = self.by_key.get(event.row_key.value or "")
        if d is not None:
            self.post_message(self.Selected(d))

    @on(DataTable.RowHighlighted, "#problems-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_current()
        self.post_message(self.Highlighted())

    @on(DataTable.HeaderSelected, "#problems-table")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        by = {"sev": "severity", "code": "code", "fix": "fix", "where": "location", "message": "message"}.get(
            str(event.column_key.value), "severity"
        )
        self.set_sort(by, not self.reverse if by == self.sort_by else False)

    def focus_filter(self) -> None:
        self.query_one("#problem-filter", Input).focus()

    def key_escape(self) -> None:
        if self.query_one("#problem-filter", Input).has_focus:
            self.table.focus()
