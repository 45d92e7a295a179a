#!/usr/bin/env python3
"""Regenerate screenshots/*.svg for the README.

    python scripts/screenshots.py [--out screenshots] [--theme textual-dark] [--corpus DIR] [--only NAME ...]

Each shot runs the app headless (``run_test``) on one of the sources below, drives it, and writes
``export_screenshot``. Sources: the bundled demo plugin, and a marketplace: the largest one of the corpus
(``../shared/corpus``, or ``--corpus DIR``) when it is there, else a small marketplace this script writes (so a
fresh clone regenerates every shot). A new view is a new ``Shot`` in ``SHOTS`` (and, for a new kind of project,
a new entry in ``SOURCES``); the installed-plugins view runs on the test fixture of a ``~/.claude`` Claude Code wrote.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.installed_fixture import installed_copy  # noqa: E402
from tests.ui.market import make_marketplace  # noqa: E402
from tui.app import PluginTUI  # noqa: E402
from tui.core.services.installed import locate  # noqa: E402
from tui.demo import copy_demo  # noqa: E402

ENV = {"API_TOKEN": "demo-token"}
SIZE = (120, 36)


@dataclass
class Shot:
    name: str
    source: str = "demo"  # a key of SOURCES
    jump: Callable[[Any], str] | None = None  # the outline key to select first
    keys: tuple[str, ...] = ()  # then these keys (a key may depend on the source: see ``keys_for``)
    size: tuple[int, int] = SIZE
    zoom: bool = False  # the focused pane fills the screen (z) before the capture
    keys_for: dict[str, tuple[str, ...]] = field(default_factory=dict)  # per marketplace kind: corpus / built


def _key(kind, label):
    return lambda app: next(n.key for n in app.outline.nodes.values() if n.kind == kind and n.label == label)


def _hook_key(app):
    hooks = next(n for n in app.outline.nodes.values() if n.kind == "group" and n.label == "Hooks")
    return hooks.children[0].children[0].children[0].key


def _first_problem_with_hint(app) -> None:
    """In the Problems table: the first problem whose message is long and that has a hint."""
    panel = app.screen.query_one("#problems")
    row = next((i for i, d in enumerate(panel.shown) if d.hint and len(d.message) > 80), 0)
    panel.table.move_cursor(row=row, animate=False)


SHOTS: list[Shot] = [
    Shot("tree-agent", jump=_key("agent", "api-reviewer")),
    Shot("skill", jump=_key("skill", "api-testing")),
    Shot("mcp-auth", jump=_key("mcp_server", "api")),
    Shot("hook", jump=_hook_key),
    Shot("problems", keys=("p",), zoom=True),  # the Problems panel alone, with the selected one in full
    Shot("env", keys=("v",)),
    Shot("help", keys=("question_mark",)),
    Shot("fix-preview", jump=_key("command", "request"), keys=("f",)),
    Shot(
        "hook-tester", jump=lambda app: next(n.key for n in app.outline.nodes.values() if n.kind == "hook"), keys=("t",)
    ),
    Shot("marketplace", source="marketplace"),
    Shot(
        "marketplace-filter",
        source="marketplace",
        keys_for={"corpus": ("slash", *"python", "enter"), "built": ("slash", *"kube", "enter", "j")},
    ),
    Shot("marketplace-80x24", source="marketplace", keys=("p",), size=(80, 24)),
    Shot("installed", source="installed", size=(140, 40)),  # what Claude Code installed (the test fixture)
]


def source_demo(tmp: Path, corpus: Path) -> tuple[Path, str]:
    return copy_demo(tmp), "demo"


def source_marketplace(tmp: Path, corpus: Path) -> tuple[Path, str]:
    """The corpus's largest marketplace when the corpus is there, else a small one written here."""
    largest = corpus / "LARGEST"
    if largest.is_file():
        path = corpus / largest.read_text().split()[0]
        if path.is_dir():
            return path, "corpus"
    return make_marketplace(
        tmp / "example-marketplace", 24, remote=4, problem_every=5, name="example-marketplace"
    ), "built"


def source_installed(tmp: Path, corpus: Path) -> tuple[Path, str]:
    """A ``~/.claude`` that Claude Code 2.1.332 wrote itself (tests/fixtures/installed), copied: HOME points at it."""
    return installed_copy(tmp / "installed"), "installed"


SOURCES: dict[str, Callable[[Path, Path], tuple[Path, str]]] = {
    "demo": source_demo,
    "marketplace": source_marketplace,
    "installed": source_installed,
}


async def take(shot: Shot, root: Path, kind: str, out: Path, theme: str) -> Path:
    if kind == "installed":
        env = {"HOME": str(root / "home")}
        inst = locate(env, root / "elsewhere")
        app = PluginTUI(inst.root, watch=False, theme=theme, environ=env, editor="true", installed=inst)
    else:
        app = PluginTUI(root, watch=False, theme=theme, environ=dict(ENV), editor="true")
    app._status_stamp = lambda elapsed_ms: "12:00:00 · 20 ms"  # stable screenshots
    async with app.run_test(size=shot.size) as pilot:
        deadline = time.monotonic() + 60
        while app.checks < 1 and time.monotonic() < deadline:
            await pilot.pause(0.05)
        if shot.jump is not None:
            app.jump_to(shot.jump(app))
        await pilot.pause()
        for k in shot.keys_for.get(kind, shot.keys):
            await pilot.press(k)
        if shot.name == "problems":
            _first_problem_with_hint(app)
        if shot.zoom:
            await pilot.press("z")
        await pilot.pause(0.3)
        if hasattr(app.screen, "project_dir"):  # the hook tester's payload cwd: a fixed, readable path
            app.screen.project_dir = Path("/path/to/project")
            app.screen.action_reset()
            await pilot.pause(0.2)
        app.clear_notifications()
        await pilot.pause()
        path = out / f"{shot.name}.svg"
        path.write_text(app.export_screenshot(title=f"plugin-tui — {shot.name}"), encoding="utf-8")
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
    ap.add_argument(
        "--corpus",
        default=str(REPO.parent / "shared" / "corpus"),
        help="where the corpus is (default ../shared/corpus); without it the marketplace is built",
    )
    ap.add_argument("--only", nargs="*", help="only these shots (names as in SHOTS)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    _pin_payload()
    shots = [s for s in SHOTS if not args.only or s.name in args.only]
    # a fixed folder: paths shown in a shot (the installed view names its folders) stay the same from run to run
    tmp = Path(tempfile.gettempdir()) / "plugin-tui-shots"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        roots: dict[str, tuple[Path, str]] = {}
        for shot in shots:
            if shot.source not in roots:
                roots[shot.source] = SOURCES[shot.source](tmp / shot.source, Path(args.corpus))
            root, kind = roots[shot.source]
            print(await take(shot, root, kind, out, args.theme), f"({shot.source}: {kind})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
