"""Scaffolding from the TUI: choose a kind and a name (an event for hooks, an auth method for MCP, the tools for
agents, prefilled with the guess from the name) and create.

``ScaffoldScreen(root, plugin_root=None)`` is a modal that dismisses with the created/changed paths (relative
to ``root``) or None when cancelled. Components go into ``plugin_root`` (default ``root``); a new plugin goes
into a new folder under ``root``. The files and their defaults (a new plugin's licence, an agent's tools) come
from ``tui.core.services.scaffold``, exactly as for ``plugin-tui new``, and never overwrite anything.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ..core.services.scaffold import (
    AUTH_METHODS,
    KINDS,
    ScaffoldError,
    parse_tools,
    scaffold_detailed,
    validate_name,
    variables_to_set,
)
from ..core.services.wording import guess_tools
from ..core.spec.hooks import EVENT_NAMES as EVENTS

KIND_HELP = {
    "plugin": "a new plugin folder: manifest, README and a first skill",
    "command": "commands/NAME.md — a slash command",
    "agent": "agents/NAME.md — a subagent with three <example> blocks",
    "skill": "skills/NAME/SKILL.md with a references/ file",
    "hook": "a hooks/hooks.json entry and an executable script in hooks/scripts/",
    "mcp": "an .mcp.json server entry and the README's environment variables",
}
AUTH_HELP = {
    "oauth": "remote http server; users sign in with /mcp",
    "bearer": "Authorization: Bearer ${NAME_TOKEN}",
    "api-key": "X-API-Key: ${NAME_API_KEY}",
    "stdio-env": "local process, key passed in its environment",
    "headers-helper": "a script prints the headers at connect time",
    "none": "remote http server without authentication",
}


class ScaffoldScreen(ModalScreen["list[str] | None"]):
    DEFAULT_CSS = """
    ScaffoldScreen { align: center middle; background: $background 60%; }
    ScaffoldScreen > #sc-box { width: 80; max-width: 95%; height: auto; max-height: 90%; padding: 1 2;
        background: $surface; border: thick $primary; }
    ScaffoldScreen Label { margin-top: 1; }
    ScaffoldScreen #sc-kind-help, ScaffoldScreen #sc-auth-help { color: $text-muted; }
    ScaffoldScreen #sc-error { color: $error; height: auto; }
    ScaffoldScreen #sc-buttons { height: auto; margin-top: 1; }
    ScaffoldScreen #sc-buttons Button { margin-right: 2; }
    ScaffoldScreen .hidden { display: none; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, root: str | os.PathLike, plugin_root: str | os.PathLike | None = None, kind: str = "command"
    ) -> None:
        super().__init__()
        self.root = Path(root)
        self.plugin_root = Path(plugin_root) if plugin_root is not None else self.root
        self.initial_kind = kind if kind in KINDS else "command"
        self._tools_guess = ", ".join(guess_tools(""))

    def compose(self) -> ComposeResult:
        with Vertical(id="sc-box"):
            yield Static("[b]New component[/b]")
            yield Label("Kind")
            yield Select([(k, k) for k in KINDS], value=self.initial_kind, allow_blank=False, id="sc-kind")
            yield Static(KIND_HELP[self.initial_kind], id="sc-kind-help")
            yield Label("Name (kebab-case)")
            yield Input(placeholder="e.g. code-reviewer", id="sc-name")
            yield Label("Tools (what the agent may use)", id="sc-tools-label")
            yield Input(value=", ".join(guess_tools("")), id="sc-tools")
            yield Label("Event", id="sc-event-label")
            yield Select([(e, e) for e in EVENTS], value="PreToolUse", allow_blank=False, id="sc-event")
            yield Label("Authentication", id="sc-auth-label")
            yield Select([(a, a) for a in AUTH_METHODS], value="oauth", allow_blank=False, id="sc-auth")
            yield Static(AUTH_HELP["oauth"], id="sc-auth-help")
            yield Label("Server URL (https://)", id="sc-url-label")
            yield Input(placeholder="https://mcp.example.com/mcp", id="sc-url")
            yield Static("", id="sc-error")
            with Horizontal(id="sc-buttons"):
                yield Button("Create", variant="primary", id="sc-create")
                yield Button("Cancel", id="sc-cancel")

    def on_mount(self) -> None:
        self._sync()
        self.query_one("#sc-name", Input).focus()

    def _kind(self) -> str:
        v = self.query_one("#sc-kind", Select).value
        return v if isinstance(v, str) else "command"

    def _sync(self) -> None:
        kind = self._kind()
        self.query_one("#sc-kind-help", Static).update(KIND_HELP.get(kind, ""))
        for wid in ("#sc-tools-label", "#sc-tools"):
            self.query_one(wid).set_class(kind != "agent", "hidden")
        for wid in ("#sc-event-label", "#sc-event"):
            self.query_one(wid).set_class(kind != "hook", "hidden")
        auth = self.query_one("#sc-auth", Select).value
        for wid in ("#sc-auth-label", "#sc-auth", "#sc-auth-help"):
            self.query_one(wid).set_class(kind != "mcp", "hidden")
        for wid in ("#sc-url-label", "#sc-url"):
            self.query_one(wid).set_class(kind != "mcp" or auth == "stdio-env", "hidden")
        self.query_one("#sc-auth-help", Static).update(AUTH_HELP.get(str(auth), ""))

    @on(Select.Changed)
    def _changed(self) -> None:
        self._sync()
        self._validate()

    @on(Input.Changed, "#sc-name")
    def _name_changed(self) -> None:
        # the tools follow the name (a reviewer reads, a writer edits) until the user types their own
        tools = self.query_one("#sc-tools", Input)
        if tools.value.strip() in ("", self._tools_guess):
            self._tools_guess = ", ".join(guess_tools(self.query_one("#sc-name", Input).value.strip()))
            tools.value = self._tools_guess
        self._validate()

    @on(Input.Changed, "#sc-tools")
    def _tools_changed(self) -> None:
        self._validate()

    def _validate(self) -> bool:
        name = self.query_one("#sc-name", Input).value.strip()
        err = ""
        if name:
            try:
                validate_name(self._kind(), name)
            except ScaffoldError as exc:
                err = str(exc).removeprefix("plugin-tui new: ")
        if not err and self._kind() == "agent":
            try:
                parse_tools(self.query_one("#sc-tools", Input).value)
            except ScaffoldError as exc:
                err = str(exc).removeprefix("plugin-tui new: ").replace("--tools", "Tools")
        self.query_one("#sc-error", Static).update(err)
        return not err

    @on(Input.Submitted)
    @on(Button.Pressed, "#sc-create")
    def action_create(self) -> None:
        kind = self._kind()
        name = self.query_one("#sc-name", Input).value.strip()
        if not name:
            self.query_one("#sc-error", Static).update("Give a name.")
            return
        opts: dict[str, str] = {}
        if kind == "agent":
            opts["tools"] = self.query_one("#sc-tools", Input).value
        if kind == "hook":
            opts["event"] = str(self.query_one("#sc-event", Select).value)
        if kind == "mcp":
            opts["auth"] = str(self.query_one("#sc-auth", Select).value)
            url = self.query_one("#sc-url", Input).value.strip()
            if url:
                opts["url"] = url
        target = self.root if kind == "plugin" else self.plugin_root
        try:
            created, changed = scaffold_detailed(kind, name, target, **opts)
        except ScaffoldError as exc:
            self.query_one("#sc-error", Static).update(str(exc).removeprefix("plugin-tui new: "))
            return
        paths = [Path(os.path.relpath(target / rel, self.root)).as_posix() for rel in created + changed]
        # what `plugin-tui new` prints on its Next: lines: the variables to export (named, never a value)
        for var, what in variables_to_set(kind, name, **opts):
            self.app.notify(f"Export {var} in the shell that starts Claude Code ({what}).", title="Next", timeout=15)
        self.dismiss(paths)

    @on(Button.Pressed, "#sc-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
