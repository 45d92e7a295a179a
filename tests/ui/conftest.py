"""Pilot helpers: a fresh copy of the demo plugin per test, a fixed environment, waiting on checks."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Input

from tui.app import PluginTUI
from tui.demo import copy_demo

ENV = {"API_TOKEN": "test-token", "HOME": "/home/test"}


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None, raising=False)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return copy_demo(tmp_path)


def make_app(path: Path, **kw) -> PluginTUI:
    kw.setdefault("environ", dict(ENV))
    kw.setdefault("watch", False)
    return PluginTUI(path, theme=kw.pop("theme", "textual-dark"), **kw)


async def wait_for(pilot, pred, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        await pilot.pause(0.05)


async def ready(app: PluginTUI, pilot, checks: int = 1) -> None:
    await wait_for(pilot, lambda: app.checks >= checks)
    await pilot.pause()


def detail_text(app: PluginTUI) -> str:
    from textual.widgets import Static

    # as read: a no-break space (kept between a count and its word so a wrap never splits them) is a space
    return str(app.screen.query_one("#detail-body", Static).render()).replace("\u00a0", " ")


def key_for(app: PluginTUI, kind: str, label: str) -> str:
    for node in app.outline.nodes.values():
        if node.kind == kind and node.label == label:
            return node.key
    raise KeyError((kind, label))
