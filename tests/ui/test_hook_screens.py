"""Pilot tests for the hook tester, scaffold and matcher explorer screens (each in a tiny host app)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input, Select, Static, TextArea

from tests.helpers import write_tree
from tui.core.model.loader import load
from tui.screens.hook_tester import ConfirmRun, HookTester
from tui.screens.matcher_explorer import MatcherExplorer, explore
from tui.screens.scaffold import ScaffoldScreen

GUARD = """#!/usr/bin/env bash
input=$(cat)
echo "ran" > "$CLAUDE_PROJECT_DIR/ran.txt"
cmd=$(printf '%s' "$input" | jq -r .tool_input.command)
echo "blocked: $cmd" >&2
exit 2
"""


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None, raising=False)


def make_plugin(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "kit",
        {
            ".claude-plugin/plugin.json": {"name": "kit"},
            "hooks/hooks.json": {
                "hooks": {
                    "PreToolUse": [
                        {
                            "matcher": "Bash",
                            "hooks": [{"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/guard.sh"}],
                        },
                        {"matcher": "Edit.*", "hooks": [{"type": "command", "command": "true"}]},
                    ],
                    "Stop": [{"hooks": [{"type": "prompt", "prompt": "Done?"}]}],
                }
            },
            "guard.sh": GUARD,
        },
        executable=["guard.sh"],
    )


class Host(App):
    def __init__(self, screen):
        super().__init__()
        self._screen = screen
        self.result = "unset"

    def on_mount(self) -> None:
        self.push_screen(self._screen, self._done)

    def _done(self, value) -> None:
        self.result = value


async def _wait(pilot, pred, timeout=15.0):
    import time

    end = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < end, "timed out"
        await pilot.pause(0.05)


async def test_hook_tester_confirms_then_runs(tmp_path):
    root = make_plugin(tmp_path)
    project = load(root)
    plugin = project.plugins[0]
    hook = plugin.hooks[0]
    work = tmp_path / "work"
    work.mkdir()
    screen = HookTester(hook, plugin, project.root, project_dir=work)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        payload = json.loads(screen.query_one("#ht-payload", TextArea).text)
        assert payload["hook_event_name"] == "PreToolUse" and payload["tool_name"] == "Bash"
        # cancel first: nothing runs
        await pilot.press("ctrl+r")
        await _wait(pilot, lambda: isinstance(app.screen, ConfirmRun))
        await pilot.press("n")
        await pilot.pause()
        assert not (work / "ran.txt").exists()
        assert "Cancelled" in str(screen.query_one("#ht-result", Static).content)
        # edit the payload, confirm, run
        payload["tool_input"]["command"] = "rm -rf build"
        screen.query_one("#ht-payload", TextArea).load_text(json.dumps(payload))
        await pilot.press("ctrl+r")
        await _wait(pilot, lambda: isinstance(app.screen, ConfirmRun))
        await pilot.press("y")
        await _wait(pilot, lambda: screen.last_run is not None)
        await pilot.pause()
        assert (work / "ran.txt").exists()
        assert screen.last_run.exit_code == 2 and screen.last_verdict.blocking
        shown = str(screen.query_one("#ht-result", Static).content)
        assert "exit code 2" in shown and "blocked: rm -rf build" in shown
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is screen.last_run


async def test_hook_tester_rejects_bad_json_and_non_command(tmp_path):
    root = make_plugin(tmp_path)
    project = load(root)
    plugin = project.plugins[0]
    prompt_hook = [h for h in plugin.hooks if h.event == "Stop"][0]
    screen = HookTester(prompt_hook, plugin, project.root, project_dir=tmp_path)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmRun)
    screen = HookTester(plugin.hooks[0], plugin, project.root, project_dir=tmp_path)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        screen.query_one("#ht-payload", TextArea).load_text("{nope")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmRun)
        assert "not valid JSON" in str(screen.query_one("#ht-result", Static).content)


async def test_scaffold_screen_creates_and_dismisses(tmp_path):
    root = write_tree(tmp_path / "kit", {".claude-plugin/plugin.json": {"name": "kit"}})
    screen = ScaffoldScreen(root)
    app = Host(screen)
    async with app.run_test(size=(100, 50)) as pilot:
        screen.query_one("#sc-kind", Select).value = "mcp"
        await pilot.pause()
        assert not screen.query_one("#sc-auth").has_class("hidden")
        assert screen.query_one("#sc-event").has_class("hidden")
        screen.query_one("#sc-auth", Select).value = "bearer"
        await pilot.click("#sc-name")
        await pilot.press(*"Bad_Name")
        await pilot.pause()
        assert "kebab-case" in str(screen.query_one("#sc-error", Static).content)
        screen.query_one("#sc-name", Input).value = "api"
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == [".mcp.json", "README.md"]
    assert (
        json.loads((root / ".mcp.json").read_text())["mcpServers"]["api"]["headers"]["Authorization"]
        == "Bearer ${API_TOKEN}"
    )


async def test_scaffold_screen_reports_clash(tmp_path):
    root = write_tree(tmp_path / "kit", {".claude-plugin/plugin.json": {"name": "kit"}, "commands/run.md": "x"})
    screen = ScaffoldScreen(root)
    app = Host(screen)
    async with app.run_test(size=(100, 50)) as pilot:
        screen.query_one("#sc-name", Input).value = "run"
        await pilot.click("#sc-create")
        await pilot.pause()
        assert "already exists" in str(screen.query_one("#sc-error", Static).content)
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert (root / "commands/run.md").read_text() == "x"


async def test_matcher_explorer(tmp_path):
    project = load(make_plugin(tmp_path))
    rows = explore(project, "PreToolUse", "NotebookEdit")
    assert [(r["hook"].matcher, r["fires"]) for r in rows] == [("Bash", False), ("Edit.*", True)]
    assert "unanchored" in rows[1]["explanation"]
    screen = MatcherExplorer(project)
    app = Host(screen)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"Bash")
        await pilot.pause()
        text = str(screen.query_one("#mx-list", Static).content)
        assert "1 of 2 handler(s) fire for 'Bash'" in text
        assert "Matches exactly Bash" in text
        screen.query_one("#mx-event", Select).value = "Stop"
        await pilot.pause()
        text = str(screen.query_one("#mx-list", Static).content)
        assert "1 of 1 handler(s) fire" in text
