"""Snapshot tests: one per pane, fixed size, theme and environment (textual-notes d.3)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.ui.market import make_marketplace
from tui.app import PluginTUI
from tui.demo import copy_demo

SIZE = (120, 36)
ENV = {"API_TOKEN": "snapshot-token"}


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch):
    """A focused Input's cursor blinks: on or off depending on the moment of the capture."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None, raising=False)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path)


class SnapshotTUI(PluginTUI):
    # The vertical scrollbars' thumbs repaint a frame after the content they follow, so a capture can catch
    # an old thumb under new lines. Snapshots pin what is rendered, not that race, so they leave the two
    # scrolling panes' scrollbars out. Scrolling itself is covered by the Pilot tests.
    CSS = "#tree, #detail { scrollbar-visibility: hidden; }"


@pytest.fixture
def market(tmp_path: Path) -> Path:
    """A small generated marketplace: 12 local plugins (every 4th with problems in long paths), 3 remote."""
    return make_marketplace(tmp_path / "market", 12, remote=3, problem_every=4)


def _app(path: Path, theme: str = "textual-dark") -> PluginTUI:
    app = SnapshotTUI(path, watch=False, theme=theme, environ=dict(ENV), editor="true")
    app._status_stamp = lambda elapsed_ms: "12:00:00 · 20 ms"  # the clock and the check time vary per run
    return app


async def settle(pilot) -> None:
    """Wait until the screen stops changing: the same picture three polls in a row.

    Lazy tree groups open after the first check, the detail pane follows the selection and the footer
    follows the focus, each a frame or more after the event that caused it.
    """
    import re

    last, stable = None, 0
    deadline = time.monotonic() + 10
    while stable < 3 and time.monotonic() < deadline:
        await pilot.pause(0.05)
        now = re.sub(r"terminal-\d+", "t", pilot.app.export_screenshot())
        stable = stable + 1 if now == last else 0
        last = now


def _before(kind: str | None = None, label: str | None = None, keys: tuple[str, ...] = ()):
    async def run_before(pilot) -> None:
        app = pilot.app
        deadline = time.monotonic() + 30
        while app.checks < 1 and time.monotonic() < deadline:
            await pilot.pause(0.05)
        if kind is not None:
            key = next(n.key for n in app.outline.nodes.values() if n.kind == kind and n.label == label)
            app.jump_to(key)
        for k in keys:
            await pilot.press(k)
        await settle(pilot)
        app.clear_notifications()
        await pilot.wait_for_scheduled_animations()
        await settle(pilot)

    return run_before


def test_tree_and_plugin(snap_compare, demo):
    assert snap_compare(_app(demo), terminal_size=SIZE, run_before=_before())


def test_agent_pane(snap_compare, demo):
    assert snap_compare(_app(demo), terminal_size=SIZE, run_before=_before("agent", "api-reviewer"))


def test_skill_pane(snap_compare, demo):
    assert snap_compare(_app(demo), terminal_size=SIZE, run_before=_before("skill", "api-testing"))


def test_mcp_auth_pane(snap_compare, demo):
    assert snap_compare(_app(demo), terminal_size=SIZE, run_before=_before("mcp_server", "api"))


def test_hook_pane(snap_compare, demo):
    async def before(pilot):
        await _before()(pilot)
        hooks = next(n for n in pilot.app.outline.nodes.values() if n.kind == "group" and n.label == "Hooks")
        pilot.app.jump_to(hooks.children[0].children[0].children[0].key)
        await pilot.wait_for_scheduled_animations()
        await settle(pilot)

    assert snap_compare(_app(demo), terminal_size=SIZE, run_before=before)


def test_manifest_pane(snap_compare, demo):
    assert snap_compare(_app(demo), terminal_size=SIZE, run_before=_before("manifest", "plugin.json"))


def test_command_pane(snap_compare, demo):
    assert snap_compare(_app(demo), terminal_size=SIZE, run_before=_before("command", "request"))


def test_problems_panel(snap_compare, demo):
    assert snap_compare(_app(demo), terminal_size=SIZE, run_before=_before(keys=("p", "j", "j")))


def test_env_panel(snap_compare, demo):
    assert snap_compare(_app(demo), terminal_size=SIZE, run_before=_before(keys=("v",)))


def test_help_screen(snap_compare, demo):
    assert snap_compare(_app(demo), terminal_size=SIZE, run_before=_before(keys=("question_mark",)))


def test_rule_explanation(snap_compare, demo):
    assert snap_compare(_app(demo), terminal_size=SIZE, run_before=_before(keys=("p", "question_mark")))


def test_fix_preview(snap_compare, demo):
    async def before(pilot):
        await _before()(pilot)
        app = pilot.app
        await pilot.press("p")
        panel = app.screen.query_one("#problems")
        row = next(i for i, d in enumerate(panel.shown) if d.code == "FILE008" and d.path == "commands/request.md")
        panel.table.move_cursor(row=row, animate=False)
        await pilot.pause()
        await pilot.press("f")
        await pilot.wait_for_scheduled_animations()
        await settle(pilot)

    assert snap_compare(_app(demo), terminal_size=SIZE, run_before=before)


def test_hook_tester(snap_compare, demo, monkeypatch):
    import uuid

    import tui.core.services.hooktest as hooktest

    monkeypatch.setattr(hooktest.uuid, "uuid4", lambda: uuid.UUID(int=0x5EED))  # ids and $HOME vary per run
    monkeypatch.setenv("HOME", "/home/author")

    async def before(pilot):
        await _before()(pilot)
        app = pilot.app
        hook = next(n for n in app.outline.nodes.values() if n.kind == "hook")
        app.jump_to(hook.key)
        await pilot.pause()
        app.open_hook_tester()
        await pilot.pause(0.2)
        app.screen.project_dir = Path("/project")  # the payload's cwd: fixed, not the test's folder
        from textual.widgets import TextArea

        for area in app.screen.query(TextArea):  # a blinking cursor is on or off depending on the moment
            area.cursor_blink = False
        app.screen.action_reset()
        await pilot.wait_for_scheduled_animations()
        await settle(pilot)

    assert snap_compare(_app(demo), terminal_size=SIZE, run_before=before)


# -- small terminals, the marketplace view, the tree filter, the built-in themes ----------------------------------


def test_demo_80x24(snap_compare, demo):
    assert snap_compare(_app(demo), terminal_size=(80, 24), run_before=_before())


def test_demo_80x24_problems(snap_compare, demo):
    """The Problems panel grows while it has focus in a short terminal; the selected problem shows in full."""
    assert snap_compare(_app(demo), terminal_size=(80, 24), run_before=_before(keys=("p", "j")))


def test_marketplace_80x24(snap_compare, market):
    assert snap_compare(_app(market), terminal_size=(80, 24), run_before=_before())


def test_marketplace_80x24_problems(snap_compare, market):
    """Long paths keep their end: …/agents/<file>.md:1."""
    assert snap_compare(_app(market), terminal_size=(80, 24), run_before=_before(keys=("p",)))


def test_marketplace_tree_filter(snap_compare, market):
    assert snap_compare(_app(market), terminal_size=SIZE, run_before=_before(keys=("slash", *"kube")))


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_theme(snap_compare, demo, theme):
    assert snap_compare(_app(demo, theme), terminal_size=SIZE, run_before=_before(keys=("p", "j")))
