"""A rule's explanation (``plugin-tui rules CODE`` in a modal)."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..core.base.diagnostics import Diagnostic
from ..widgets.wrap import escape


def rule_markup(code: str, diagnostic: Diagnostic | None = None) -> str:
    from ..core.lint.registry import get_rule

    r = get_rule(code)
    lines: list[str] = []
    if r is None:
        lines.append(f"[b $accent]{escape(code)}[/]")
        lines.append(
            "[$text-muted]No explanation: this code is not a registered rule (an internal or file-level finding).[/]"
        )
    else:
        lines.append(f"[b $accent]{escape(r.code)}[/] [b]{escape(r.name)}[/]")
        meta = f"{r.area} · default severity {r.severity} · profiles: {', '.join(r.profiles)}"
        if r.fixable:
            meta += " · has a fix"
        lines.append(f"[$text-muted]{escape(meta)}[/]")
        if r.sources:
            lines.append(f"[$text-muted]implements: {escape(', '.join(r.sources))}[/]")
        lines.append("")
        for ln in r.explanation.splitlines():
            if ln.strip().rstrip(":") in ("Wrong", "Right"):
                style = "$error" if ln.strip().startswith("Wrong") else "$success"
                lines.append(f"[b {style}]{escape(ln)}[/]")
            else:
                lines.append(escape(ln))
    if diagnostic is not None:
        lines += ["", "[b $text-secondary]This finding[/]"]
        where = diagnostic.path or "—"
        if diagnostic.line:
            where += f":{diagnostic.line}:{diagnostic.column or 1}"
        lines.append(f"  [$text-muted]{escape(where)}[/]  {escape(diagnostic.message)}")
        if diagnostic.hint:
            lines.append(f"  [$text-muted]→ {escape(diagnostic.hint)}[/]")
    lines += ["", "[$text-muted]escape or q closes[/]"]
    return "\n".join(lines)


class RuleScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def __init__(self, code: str, diagnostic: Diagnostic | None = None) -> None:
        super().__init__()
        self.code = code
        self.diagnostic = diagnostic

    def compose(self):
        with VerticalScroll(id="rule-body", classes="modal-body"):
            yield Static(rule_markup(self.code, self.diagnostic), id="rule-text")
