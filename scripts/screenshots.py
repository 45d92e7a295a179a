#!/usr/bin/env python3
"""Regenerate screenshots/*.svg for the README from the bundled demo plugin.

    python scripts/screenshots.py [--out screenshots] [--theme textual-dark]

Each scene runs the app headless at 120x36 (``run_test``), drives it, and writes ``export_screenshot``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tui.app import PluginTUI  # noqa: E402
from tui.demo import copy_demo  # noqa: E402

ENV = {"API_TOKEN": "demo-token"}


def _hook_key(app):
    hooks = next(n for n in app.outline.nodes.values() if n.kind == "group" and n.label == "Hooks")
    return hooks.children[0].children[0].children[0].key


def _key(kind, label):
    return lambda app: next(n.key for n in app.outline.nodes.values() if n.kind == kind and n.label == label)


SCENES = [
    ("tree-agent", _key("agent", "api-reviewer"), ()),
    ("skill", _key("skill", "api-testing"), ()),
    ("mcp-auth", _key("mcp_server", "api"), ()),
    ("hook", _hook_key, ()),
    ("problems", None, ("p", "j", "j")),
    ("env", None, ("v",)),
    ("help", None, ("question_mark",)),
    ("fix-preview", _key("command", "request"), ("f",)),
    ("hook-tester", lambda app: next(n.key for n in app.outline.nodes.values() if n.kind == "hook"), ("t",)),
]


async def scene(root: Path, name: str, jump, keys, out: Path, theme: str) -> Path:
    app = PluginTUI(root, watch=False, theme=theme, environ=dict(ENV), editor="true")
    app._status_stamp = lambda elapsed_ms: "12:00:00 · 20 ms"  # stable screenshots
    async with app.run_test(size=(120, 36)) as pilot:
        deadline = time.monotonic() + 60
        while app.checks < 1 and time.monotonic() < deadline:
            await pilot.pause(0.05)
        if jump is not None:
            app.jump_to(jump(app))
        await pilot.pause()
        for k in keys:
            await pilot.press(k)
        await pilot.pause(0.3)
        if hasattr(app.screen, "project_dir"):  # the hook tester's payload cwd: a fixed, readable path
            app.screen.project_dir = Path("/path/to/project")
            app.screen.action_reset()
            await pilot.pause(0.2)
        app.clear_notifications()
        await pilot.pause()
        path = out / f"{name}.svg"
        path.write_text(app.export_screenshot(title=f"plugin-tui — {name}"), encoding="utf-8")
    return path


def _pin_payload() -> None:
    """The hook tester's sample payload has random ids and the real $HOME: pin both for stable screenshots."""
    import os
    import uuid

    import tui.core.services.hooktest as hooktest

    hooktest.uuid.uuid4 = lambda: uuid.UUID(int=0x5EED)  # only in this short-lived script process
    os.environ["HOME"] = "/home/author"


async def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(REPO / "screenshots"))
    ap.add_argument("--theme", default="textual-dark")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    _pin_payload()
    with tempfile.TemporaryDirectory(prefix="plugin-tui-shots-") as tmp:
        root = copy_demo(Path(tmp))
        for name, jump, keys in SCENES:
            print(await scene(root, name, jump, keys, out, args.theme))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
