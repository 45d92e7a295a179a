"""The matcher explorer: type a tool name (or notification type, agent type …), pick an event, and see which
hooks of the project would fire, with how each matcher is read (exact names vs an unanchored regex).

``MatcherExplorer(project)`` is a modal; it only reads the model (``tui.core.spec.matcher.classify`` / ``matches`` /
``hooks_firing``), nothing is executed.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, Static

from ..core.services.hooktest import if_matches, sample_payload
from ..core.spec import matcher as M
from ..core.spec.hooks import MATCHER_SUBJECT


def _where(h: Any) -> str:
    rel = h.file.rel if getattr(h, "file", None) is not None else "?"
    span = h.span() if hasattr(h, "span") else None
    return f"{rel}:{span.line}" if span is not None else rel


def _handler(h: Any) -> str:
    d = h.data if isinstance(h.data, dict) else {}
    t = d.get("type")
    for k in ("command", "url", "tool", "prompt"):
        v = d.get(k)
        if isinstance(v, str) and v:
            v = " ".join(v.split())
            return f"{t}: {v[:70]}{'…' if len(v) > 70 else ''}"
    return str(t)


def explore(project: Any, event: str, value: str | None) -> list[dict]:
    """Every handler of ``event`` in the project: whether it fires for ``value`` and why (None = any value)."""
    firing = {id(h) for h, _info in M.hooks_firing(project, event, value)}
    payload = None
    if value is not None:
        payload = sample_payload(event, tool=value if event in M.TOOL_EVENTS else None, value=value)
    rows = []
    for plugin in getattr(project, "plugins", []):
        for h in plugin.hooks:
            if h.event != event:
                continue
            info = M.classify(h.matcher, event)
            fires = id(h) in firing
            notes = []
            cond = h.data.get("if") if isinstance(h.data, dict) else None
            if cond is not None:
                if payload is not None or event not in M.IF_EVENTS:
                    ok, note = if_matches(cond, event, payload or {"tool_name": value})
                    if not ok:
                        fires = False
                    notes.append(note)
                else:
                    notes.append(f"runs only when `if` {cond!r} matches the tool call")
            if h.config is not None and h.config.wrapped is False and h.config.origin != "inline":
                fires = False
                notes.append('its hooks.json lacks the {"hooks": …} wrapper: Claude Code loads none of it')
            if info.kind == "invalid":
                notes.append(info.error or "invalid matcher")
            rows.append(
                {
                    "hook": h,
                    "plugin": plugin.name,
                    "fires": fires,
                    "kind": info.kind,
                    "explanation": info.explanation,
                    "notes": notes,
                }
            )
    return rows


class MatcherExplorer(ModalScreen[None]):
    DEFAULT_CSS = """
    MatcherExplorer { align: center middle; background: $background 60%; }
    MatcherExplorer > #mx-box { width: 90%; max-width: 130; height: 85%; padding: 0 1;
        background: $surface; border: thick $primary; }
    MatcherExplorer #mx-controls { height: auto; margin-bottom: 1; }
    MatcherExplorer #mx-event { width: 30; }
    MatcherExplorer #mx-value { width: 1fr; }
    MatcherExplorer #mx-subject { color: $text-muted; height: auto; }
    MatcherExplorer #mx-results { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def __init__(self, project: Any, event: str = "PreToolUse", value: str = "") -> None:
        super().__init__()
        self.project = project
        used = {h.event for p in getattr(project, "plugins", []) for h in p.hooks if h.event in M.EVENTS}
        # events the project uses first, then the rest
        self.events = sorted(used, key=M.EVENT_NAMES.index) + [e for e in M.EVENT_NAMES if e not in used]
        self.initial_event = event if event in M.EVENTS else (self.events[0] if self.events else "PreToolUse")
        self.initial_value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="mx-box"):
            yield Static("[b]Which hooks fire?[/b]  [$text-muted]pick an event, type a value · Esc closes[/]")
            with Horizontal(id="mx-controls"):
                yield Select([(e, e) for e in self.events], value=self.initial_event, allow_blank=False, id="mx-event")
                yield Input(value=self.initial_value, placeholder="tool name, e.g. Bash", id="mx-value")
            yield Static("", id="mx-subject")
            with VerticalScroll(id="mx-results"):
                yield Static("", id="mx-list", markup=False)

    def on_mount(self) -> None:
        self._refresh()
        self.query_one("#mx-value", Input).focus()

    def _event(self) -> str:
        v = self.query_one("#mx-event", Select).value
        return v if isinstance(v, str) else "PreToolUse"

    @on(Select.Changed, "#mx-event")
    def _event_changed(self) -> None:
        self._refresh()

    @on(Input.Changed, "#mx-value")
    def _value_changed(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        event = self._event()
        info = M.EVENTS.get(event)
        inp = self.query_one("#mx-value", Input)
        subject = MATCHER_SUBJECT.get(event)
        values = list(M.MATCHER_VALUES.get(event, ()))
        inp.suggester = SuggestFromList(values, case_sensitive=True) if values else None
        inp.placeholder = f"{subject}, e.g. {values[0]}" if subject and values else (subject or "no matcher")
        if info is not None and not info.has_matcher:
            self.query_one("#mx-subject", Static).update(
                f"{event} has no matcher: every handler on it fires (a matcher there is ignored)."
            )
        else:
            known = ", ".join(values[:8]) + (" …" if len(values) > 8 else "")
            self.query_one("#mx-subject", Static).update(
                f"{event} matches on the {subject or 'value'}" + (f" — known values: {known}" if known else "")
            )
        raw = inp.value.strip()
        self.query_one("#mx-list", Static).update(self.render_rows(event, raw or None))

    def render_rows(self, event: str, value: str | None) -> Text:
        rows = explore(self.project, event, value)
        t = Text()
        if not rows:
            t.append(f"No hook of this project listens to {event}.", style="dim")
            return t
        n = sum(r["fires"] for r in rows)
        head = (
            f"{n} of {len(rows)} handler(s) fire"
            + (f" for {value!r}" if value is not None else "")
            + (" (no value typed: only the event filters)" if value is None else "")
        )
        t.append(head + "\n\n", style="bold")
        for r in sorted(rows, key=lambda r: not r["fires"]):
            h = r["hook"]
            t.append("✓ fires  " if r["fires"] else "✗ skips  ", style="bold green" if r["fires"] else "dim")
            t.append(f"{_where(h)}", style="bold")
            t.append(f"  [{r['plugin']}]\n", style="dim")
            matcher = "(omitted)" if h.matcher is None else repr(h.matcher)
            t.append(f"    matcher {matcher} — {r['kind']}: {r['explanation']}\n")
            for note in r["notes"]:
                if note:
                    t.append(f"    {note}\n", style="yellow")
            t.append(f"    {_handler(h)}\n\n", style="dim")
        return t
