"""The explorer's `n` writes what `plugin-tui new` writes, and asks an agent's tools (prefilled with the guess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input, Select, Static

from tests.helpers import REPO, write_tree
from tui.screens.scaffold import ScaffoldScreen


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None, raising=False)


class Host(App):
    def __init__(self, screen) -> None:
        super().__init__()
        self._screen = screen
        self.result = "unset"

    def on_mount(self) -> None:
        self.push_screen(self._screen, self._done)

    def _done(self, result) -> None:
        self.result = result
        self.exit()


async def _create(root: Path, kind: str, name: str, plugin_root: Path | None = None, **fields: str) -> list[str]:
    screen = ScaffoldScreen(root, plugin_root, kind=kind)
    app = Host(screen)
    async with app.run_test(size=(100, 50)) as pilot:
        screen.query_one("#sc-name", Input).value = name
        await pilot.pause()
        for wid, value in fields.items():
            screen.query_one(f"#{wid}").value = value
        await pilot.pause()
        await pilot.click("#sc-create")
        await pilot.pause()
    assert isinstance(app.result, list), str(screen.query_one("#sc-error", Static).content)
    return app.result


def _new(*args: str, cwd: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_TOKEN", "_API_KEY"))}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.run(
        [sys.executable, "-m", "tui", "new", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert p.returncode == 0, p.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


async def test_n_and_new_write_the_same_files(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Ann")  # the default author, for both paths
    by_cli, by_tui = tmp_path / "cli", tmp_path / "tui"
    by_cli.mkdir()
    by_tui.mkdir()
    _new("plugin", "kit", str(by_cli), cwd=by_cli)
    _new("agent", "test-writer", str(by_cli / "kit"), cwd=by_cli)
    _new("mcp", "api", str(by_cli / "kit"), "--auth", "bearer", cwd=by_cli)
    assert "kit/LICENSE" in await _create(by_tui, "plugin", "kit")
    assert await _create(by_tui, "agent", "test-writer", by_tui / "kit") == ["kit/agents/test-writer.md"]
    await _create(by_tui, "mcp", "api", by_tui / "kit", **{"sc-auth": "bearer"})
    assert _tree(by_tui) == _tree(by_cli)


async def test_n_names_the_variable_to_export(tmp_path):
    root = write_tree(tmp_path / "kit", {".claude-plugin/plugin.json": {"name": "kit"}})
    screen = ScaffoldScreen(root, kind="mcp")
    app = Host(screen)
    notes: list[str] = []
    app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(100, 50)) as pilot:
        screen.query_one("#sc-auth", Select).value = "bearer"
        screen.query_one("#sc-name", Input).value = "api"
        await pilot.pause()
        await pilot.click("#sc-create")
        await pilot.pause()
    assert app.result == [".mcp.json", "README.md"]
    assert len(notes) == 1 and notes[0].startswith("Export API_TOKEN in the shell") and "=" not in notes[0]


async def test_tools_field_follows_the_name_until_edited(tmp_path):
    root = write_tree(tmp_path / "kit", {".claude-plugin/plugin.json": {"name": "kit"}})
    screen = ScaffoldScreen(root, kind="agent")
    app = Host(screen)
    async with app.run_test(size=(100, 50)) as pilot:
        tools = screen.query_one("#sc-tools", Input)
        assert not tools.has_class("hidden")
        screen.query_one("#sc-name", Input).value = "code-reviewer"
        await pilot.pause()
        assert tools.value == "Read, Grep, Glob"
        screen.query_one("#sc-name", Input).value = "test-writer"
        await pilot.pause()
        assert tools.value == "Read, Grep, Glob, Write, Edit, Bash"
        tools.value = "Read, Grpe"
        await pilot.pause()
        assert "did you mean Grep" in str(screen.query_one("#sc-error", Static).content)
        tools.value = "Read, Grep"
        screen.query_one("#sc-name", Input).value = "test-writers"
        await pilot.pause()
        assert tools.value == "Read, Grep"  # the user's choice is kept
        screen.query_one("#sc-kind", Select).value = "skill"
        await pilot.pause()
        assert tools.has_class("hidden")
        screen.query_one("#sc-kind", Select).value = "agent"
        await pilot.pause()
        await pilot.click("#sc-create")
        await pilot.pause()
    assert app.result == ["agents/test-writers.md"]
    assert "tools: Read, Grep\n" in (root / "agents/test-writers.md").read_text()


async def test_n_outside_a_plugin_says_so(tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    screen = ScaffoldScreen(root, kind="agent")
    app = Host(screen)
    async with app.run_test(size=(100, 50)) as pilot:
        screen.query_one("#sc-name", Input).value = "code-reviewer"
        await pilot.pause()
        await pilot.click("#sc-create")
        await pilot.pause()
        assert "not a plugin folder" in str(screen.query_one("#sc-error", Static).content)
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None and not any(root.iterdir())
