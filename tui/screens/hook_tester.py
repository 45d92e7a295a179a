"""The hook tester: run ONE command handler on an editable sample payload and show what Claude Code would do.

``HookTester(hook, plugin, project_root)`` is a modal. The payload is editable in a TextArea;
Run (ctrl+r / F5 or the button) first asks for confirmation (``ConfirmRun``), then runs the handler in a
thread worker (``tui.core.services.hooktest.run_handler``) and shows the exit code, stdout, stderr, the parsed decision
JSON and the interpretation. Nothing runs without that confirmation. The screen dismisses with the last
``HookRun`` (or None when nothing ran).
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from ..core.services.hooktest import (
    HookRun,
    Verdict,
    default_timeout,
    interpret,
    matches,
    run_env_names,
    run_handler,
    run_line,
    sample_payload,
)
from ..core.spec.hooks import MATCHER_EXAMPLES, TOOL_EVENTS
from ..widgets.wrap import escape


def _pick_value(event: str, matcher: Any) -> str | None:
    """A matcher value the handler fires for (the first known example that matches, else an exact name)."""
    for v in MATCHER_EXAMPLES.get(event, ()):
        if matches(matcher, v, event):
            return v
    if isinstance(matcher, str):
        for part in matcher.replace(",", "|").split("|"):
            part = part.strip()
            if part and part.replace("_", "").replace("-", "").isalnum():
                return part
    return None


def initial_payload(hook: Any, plugin: Any, cwd: str | None = None) -> dict:
    event = hook.event
    value = _pick_value(event, hook.matcher)
    return sample_payload(
        event, tool=value if event in TOOL_EVENTS else None, value=value, cwd=cwd, plugin=getattr(plugin, "name", None)
    )


class ConfirmRun(ModalScreen[bool]):
    """Asks once before a handler runs, below what will run: the payload it gets on stdin and its command line.
    y / Enter runs, n / Esc cancels."""

    DEFAULT_CSS = """
    ConfirmRun { align: center middle; background: $background 60%; }
    ConfirmRun > #confirm-box { width: 96; max-width: 95%; height: auto; max-height: 95%; padding: 1 2;
        background: $surface; border: thick $warning; }
    ConfirmRun #confirm-payload { height: auto; max-height: 14; margin: 0 0 1 2; background: $boost; }
    ConfirmRun #confirm-buttons { height: auto; margin-top: 1; }
    ConfirmRun Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Run"),
        Binding("n", "answer(False)", "Cancel"),
        Binding("escape", "answer(False)", "Cancel", show=False),
    ]

    def __init__(
        self, command: str, timeout: float, payload: str = "", cwd: str = "", env_names: list[str] | None = None
    ) -> None:
        super().__init__()
        self.command = command  # the command line as it runs (``bash -c …``), variables unexpanded
        self.timeout = timeout
        self.payload = payload  # the exact stdin text
        self.cwd = cwd
        self.env_names = env_names or []

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static("It executes on your machine, with your permissions. On stdin it gets:", id="confirm-intro")
            with VerticalScroll(id="confirm-payload"):
                yield Static(self.payload or "(nothing)", markup=False, id="confirm-payload-text")
            plus = f" plus {', '.join(self.env_names)}" if self.env_names else ""
            where = f", in {escape(self.cwd)}" if self.cwd else ""
            yield Static(
                f"It runs{where}, with your environment{escape(plus)}:\n\n  [b]{escape(self.command)}[/b]\n\n"
                "[b]Run this hook handler once, with this payload on stdin?[/b]\n"
                f"[$text-muted]timeout {self.timeout:g} s · y runs · n / Esc cancels[/]",
                id="confirm-question",
            )
            with Horizontal(id="confirm-buttons"):
                yield Button("Run once", variant="warning", id="confirm-yes")
                yield Button("Cancel", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


def result_text(run: HookRun, verdict: Verdict) -> Text:
    """The result of one run as Rich text (no markup parsing of the handler's output)."""
    t = Text()
    if run.error:
        t.append("Not run: ", style="bold red")
        t.append(run.error + "\n")
    else:
        code = "timed out" if run.timed_out else str(run.exit_code)
        style = "bold green" if run.exit_code == 0 else ("bold yellow" if run.exit_code == 2 else "bold red")
        t.append("exit code ", style="bold")
        t.append(code, style=style)
        t.append(f"   {run.duration * 1000:.0f} ms\n", style="dim")
        for label, body in (("stdout", run.stdout), ("stderr", run.stderr)):
            t.append(f"\n{label}\n", style="bold")
            shown = body if len(body) <= 4000 else body[:4000] + f"\n… ({len(body) - 4000:,} more characters)"
            t.append(shown.rstrip("\n") + "\n" if shown.strip() else "(empty)\n", style="" if shown.strip() else "dim")
        if verdict.json is not None:
            t.append("\ndecision JSON\n", style="bold")
            t.append(json.dumps(verdict.json, indent=2, ensure_ascii=False) + "\n")
        if run.env_file:
            t.append("\nCLAUDE_ENV_FILE\n", style="bold")
            t.append(run.env_file.rstrip("\n") + "\n")
    t.append("\noutcome ", style="bold")
    t.append(
        verdict.outcome + (f" ({verdict.decision})" if verdict.decision else ""),
        style="bold red" if verdict.blocking else ("bold yellow" if verdict.failed else "bold green"),
    )
    t.append("\n")
    for line in verdict.lines:
        t.append("• " + line + "\n")
    for w in verdict.warnings:
        t.append("! " + w + "\n", style="yellow")
    return t


class HookTester(ModalScreen["HookRun | None"]):
    """Test one hook handler on an editable sample payload."""

    DEFAULT_CSS = """
    HookTester { align: center middle; background: $background 60%; }
    HookTester > #ht-box { width: 90%; max-width: 140; height: 90%; padding: 0 1;
        background: $surface; border: thick $primary; }
    HookTester #ht-head { height: auto; margin-bottom: 1; }
    HookTester #ht-payload { height: 1fr; min-height: 6; }
    HookTester #ht-buttons { height: auto; margin: 1 0 0 0; }
    HookTester #ht-buttons Button { margin-right: 2; }
    HookTester #ht-result-scroll { height: 1fr; min-height: 6; border-top: solid $primary-darken-2; }
    """
    BINDINGS = [
        Binding("ctrl+r", "run", "Run", priority=True),
        Binding("f5", "run", "Run", show=False, priority=True),
        Binding("ctrl+l", "reset", "Reset payload"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(
        self, hook: Any, plugin: Any, project_root: str | os.PathLike, project_dir: str | os.PathLike | None = None
    ) -> None:
        super().__init__()
        self.hook = hook
        self.plugin = plugin
        self.project_root = Path(project_root)
        self.project_dir = Path(project_dir) if project_dir is not None else Path.cwd()
        self.last_run: HookRun | None = None
        self.last_verdict: Verdict | None = None
        self.running = False
        self._cancel = threading.Event()

    # -- layout

    def _payload_text(self) -> str:
        payload = initial_payload(self.hook, self.plugin, cwd=str(self.project_dir))
        return json.dumps(payload, indent=2, ensure_ascii=False)

    def _head_markup(self) -> str:
        h = self.hook
        where = h.file.rel if getattr(h, "file", None) is not None else "?"
        span = h.span() if hasattr(h, "span") else None
        if span is not None:
            where += f":{span.line}"
        matcher = "(no matcher)" if h.matcher is None else repr(h.matcher)
        data = h.data if isinstance(h.data, dict) else {}
        htype = data.get("type")
        cmd = data.get("command") if htype == "command" else data.get("url") or data.get("prompt") or data.get("tool")
        timeout = default_timeout(h.event, data)
        lines = [
            f"[b]Test hook[/b]  [b $accent]{escape(h.event)}[/]  matcher {escape(matcher)}  "
            f"[$text-muted]{escape(where)}[/]",
            f"{escape(str(htype))}: [b]{escape(str(cmd or ''))}[/b]  [$text-muted]timeout {timeout:g} s[/]",
        ]
        if htype != "command":
            lines.append("[$warning]Only command handlers can run here; this one needs Claude Code.[/]")
        lines.append("[$text-muted]stdin payload (editable) · ctrl+r runs (after you confirm) · Esc closes[/]")
        return "\n".join(lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="ht-box"):
            yield Static(self._head_markup(), id="ht-head")
            yield TextArea(self._payload_text(), language="json", id="ht-payload", show_line_numbers=True)
            with Horizontal(id="ht-buttons"):
                yield Button(
                    "Run…", variant="primary", id="ht-run", disabled=(self.hook.data or {}).get("type") != "command"
                )
                yield Button("Reset payload", id="ht-reset")
                yield Button("Close", id="ht-close")
            with VerticalScroll(id="ht-result-scroll"):
                yield Static("Not run yet.", id="ht-result", markup=False)

    # -- actions

    @on(Button.Pressed, "#ht-run")
    def _run_pressed(self) -> None:
        self.action_run()

    @on(Button.Pressed, "#ht-reset")
    def _reset_pressed(self) -> None:
        self.action_reset()

    @on(Button.Pressed, "#ht-close")
    def _close_pressed(self) -> None:
        self.action_close()

    def action_close(self) -> None:
        if self.running:  # closing stops a handler that is still running (its process group is killed)
            self._cancel.set()
        self.dismiss(self.last_run)

    def action_reset(self) -> None:
        self.query_one("#ht-payload", TextArea).load_text(self._payload_text())

    def _payload(self) -> dict | None:
        text = self.query_one("#ht-payload", TextArea).text
        try:
            data = json.loads(text)
        except ValueError as exc:
            self._show(Text(f"The payload is not valid JSON: {exc}", style="bold red"))
            return None
        if not isinstance(data, dict):
            self._show(Text("The payload must be a JSON object.", style="bold red"))
            return None
        return data

    def _show(self, content: Any) -> None:
        self.query_one("#ht-result", Static).update(content)

    def action_run(self) -> None:
        if self.running:
            self.notify("The handler is still running.", severity="warning")
            return
        data = self.hook.data if isinstance(self.hook.data, dict) else {}
        if data.get("type") != "command":
            self.notify("Only command handlers can be run by the tester.", severity="warning")
            return
        payload = self._payload()
        if payload is None:
            return
        timeout = default_timeout(self.hook.event, data)

        def answered(ok: bool | None) -> None:
            if ok:
                self._start(payload)
            else:
                self._show(Text("Cancelled: nothing ran.", style="dim"))

        self.app.push_screen(
            ConfirmRun(
                run_line(self.hook),
                timeout,
                payload=json.dumps(payload, indent=2, ensure_ascii=False),
                cwd=str(self.project_dir),
                env_names=run_env_names(self.hook.event, payload),
            ),
            answered,
        )

    def _start(self, payload: dict) -> None:
        self.running = True
        self.query_one("#ht-run", Button).disabled = True
        timeout = default_timeout(self.hook.event, self.hook.data)
        self._show(Text(f"Running… (timeout {timeout:g} s)", style="bold"))
        self._run_worker(payload)

    @work(thread=True, exclusive=True, group="hook-tester", exit_on_error=False)
    def _run_worker(self, payload: dict) -> None:
        self._cancel.clear()
        run = run_handler(
            self.hook,
            self.plugin,
            payload,
            project_dir=self.project_dir,
            project_root=self.project_root,
            cancel=self._cancel,
        )
        verdict = interpret(self.hook.event, run)
        if not run.cancelled:
            self.app.call_from_thread(self._finished, run, verdict)

    def _finished(self, run: HookRun, verdict: Verdict) -> None:
        self.running = False
        self.last_run, self.last_verdict = run, verdict
        if self.is_attached:
            self.query_one("#ht-run", Button).disabled = False
            self._show(result_text(run, verdict))
