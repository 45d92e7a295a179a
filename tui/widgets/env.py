"""The Env panel: every variable the plugin reads, its status and where it is used. Never values."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Static

if TYPE_CHECKING:  # pragma: no cover
    from ..core.services.envcheck import EnvReport, EnvUse, EnvVar

STATUS_ORDER = {"unset": 0, "empty": 1, "default": 2, "set": 3, "builtin": 4}
STATUS_ICON = {"unset": "✖", "empty": "▲", "default": "◐", "set": "✔", "builtin": "·"}


def use_text(u: EnvUse) -> str:
    path = u.path or "?"
    ctx = u.context or ""
    loc = f"{path}:{u.line}" if u.line else path
    text = f"{loc} ({ctx})" if ctx and ctx != path else loc
    if getattr(u, "dropped", False):  # the server this variable is missing from does not load (details.env_dropped)
        text += f" ⊘ {u.component or 'MCP server'} dropped"
    return text


class EnvTable(DataTable):
    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "env--unset",
        "env--empty",
        "env--default",
        "env--set",
        "env--builtin",
        "env--muted",
    }
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]


class EnvPanel(Vertical):
    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.report: EnvReport | None = None
        self.filter_text = ""

    def compose(self):
        with Horizontal(classes="panel-toolbar"):
            yield Input(placeholder="filter variables  (/)", id="env-filter")
            yield Static("", id="env-summary")
        yield EnvTable(id="env-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        t = self.query_one(EnvTable)
        t.add_column("Variable", key="name")
        t.add_column("Status", key="status")
        t.add_column("Default", key="default")
        t.add_column("Used in", key="uses")

    @property
    def table(self) -> EnvTable:
        return self.query_one(EnvTable)

    @property
    def variables(self) -> list[EnvVar]:
        return self.report.variables if self.report is not None else []

    def set_report(self, report: EnvReport | None) -> None:
        self.report = report
        self.refresh_rows()

    def refresh_rows(self) -> None:
        t = self.table
        current = None
        if t.row_count and t.cursor_row is not None:
            try:
                current = t.coordinate_to_cell_key((t.cursor_row, 0)).row_key.value
            except Exception:
                current = None
        t.clear()
        muted = t.get_component_rich_style("env--muted", partial=True)
        shown = 0
        for v in sorted(self.variables, key=lambda v: (STATUS_ORDER.get(v.status, 9), v.name)):
            name, status, uses = v.name, v.status, v.uses
            hay = f"{name} {status} " + " ".join(use_text(u) for u in uses)
            if self.filter_text and not all(p in hay.lower() for p in self.filter_text.lower().split()):
                continue
            style = t.get_component_rich_style(f"env--{status}", partial=True) if status in STATUS_ICON else muted
            default = v.default
            where = ", ".join(use_text(u) for u in uses[:2]) + (f" +{len(uses) - 2} more" if len(uses) > 2 else "")
            t.add_row(
                Text(name, style="bold"),
                Text(f"{STATUS_ICON.get(status, '?')} {status}", style=style),
                Text("—" if default is None else f"{default!s}"[:30], style=muted),
                Text(f"{len(uses)}× {where}" if uses else "—", no_wrap=True),
                key=name,
            )
            shown += 1
        if current is not None:
            try:
                t.move_cursor(row=t.get_row_index(current), animate=False)
            except Exception:
                pass
        missing = self.missing_names()
        summary = f"{len(self.variables)} variables"
        if missing:
            summary += f" · [$error]{len(missing)} missing[/] · [b]x[/] copies export lines"
        else:
            summary += " · [$success]none missing[/]"
        problem = self.report.env_file_problem if self.report is not None else None
        if problem:
            summary += f" · [$warning]{problem}[/]"
        self.query_one("#env-summary", Static).update(summary)

    def missing_names(self) -> list[str]:
        """Unset or empty variables: what ``x`` writes export lines for."""
        return [v.name for v in self.report.missing] if self.report is not None else []

    def export_lines(self) -> str:
        return "".join(f"export {n}=\n" for n in self.missing_names())

    @on(Input.Changed, "#env-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self.refresh_rows()

    @on(Input.Submitted, "#env-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    def focus_filter(self) -> None:
        self.query_one("#env-filter", Input).focus()

    def key_escape(self) -> None:
        if self.query_one("#env-filter", Input).has_focus:
            self.table.focus()
