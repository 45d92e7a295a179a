"""``plugin-tui PATH`` end to end: a real process on a pseudo-terminal, as a user starts it."""

from __future__ import annotations

import os
import sys

import pytest

from tests.helpers import REPO
from tui.demo import copy_demo

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")


def _env(**extra: str) -> dict[str, str]:
    from tests.pty_run import explorer_env

    return explorer_env(PYTHONPATH=str(REPO), **extra)


@pytest.mark.parametrize("preload", ["1", "0"])
def test_opens_shows_tree_and_totals_then_q_quits(tmp_path, preload):
    from tests.pty_run import TOTALS, run_in_pty

    demo = copy_demo(tmp_path)
    run = run_in_pty([sys.executable, "-m", "tui", str(demo), "--no-watch"], _env(PLUGIN_TUI_PRELOAD=preload),
                     {"tree": lambda t: "◼ api-kit" in t and "Agents" in t and "Skills" in t,
                      "checked": lambda t: TOTALS.search(t) is not None}, timeout=60)
    assert run.times["tree"] is not None, run.text[-2000:]
    assert run.times["checked"] is not None, run.text[-2000:]
    assert "api-kit v1.2" in run.text
    assert run.returncode == 0
    assert "Traceback" not in run.text


def test_q_during_start_up_quits_cleanly(tmp_path):
    from tests.pty_run import run_in_pty

    demo = copy_demo(tmp_path)
    # q as soon as anything is drawn, while the project may still be loading or checking
    run = run_in_pty([sys.executable, "-m", "tui", str(demo), "--no-watch"], _env(),
                     {"drawn": lambda t: "plugin" in t}, timeout=60)
    assert run.times["drawn"] is not None and run.returncode == 0
    assert "Traceback" not in run.text


def test_bad_path_is_one_line_before_the_screen_is_taken(tmp_path):
    from tests.pty_run import run_in_pty

    run = run_in_pty([sys.executable, "-m", "tui", str(tmp_path / "nope")], _env(), {}, timeout=30, keys=b"")
    assert run.returncode == 2
    assert "no such file or folder" in run.text and "Traceback" not in run.text
