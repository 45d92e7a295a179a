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
    run = run_in_pty(
        [sys.executable, "-m", "tui", str(demo), "--no-watch"],
        _env(PLUGIN_TUI_PRELOAD=preload),
        {
            "tree": lambda t: "◼ api-kit" in t and "Agents" in t and "Skills" in t,
            "checked": lambda t: TOTALS.search(t) is not None,
        },
        timeout=60,
    )
    assert run.times["tree"] is not None, run.text[-2000:]
    assert run.times["checked"] is not None, run.text[-2000:]
    assert "api-kit v1.2" in run.text
    assert run.returncode == 0
    assert "Traceback" not in run.text


def test_q_during_start_up_quits_cleanly(tmp_path):
    from tests.pty_run import run_in_pty

    demo = copy_demo(tmp_path)
    # q as soon as anything is drawn, while the project may still be loading or checking
    run = run_in_pty(
        [sys.executable, "-m", "tui", str(demo), "--no-watch"], _env(), {"drawn": lambda t: "plugin" in t}, timeout=60
    )
    assert run.times["drawn"] is not None and run.returncode == 0
    assert "Traceback" not in run.text


def test_bad_path_is_one_line_before_the_screen_is_taken(tmp_path):
    from tests.pty_run import run_in_pty

    run = run_in_pty([sys.executable, "-m", "tui", str(tmp_path / "nope")], _env(), {}, timeout=30, keys=b"")
    assert run.returncode == 2
    assert "no such file or folder" in run.text and "Traceback" not in run.text


# -- without a terminal: one line pointing at `check`, exit 2, nothing started -------------------------------------

_NO_TTY_PROBE = """
import os, sys
import tui.preload
def _refuse(*a, **k):
    raise SystemExit("the start-up helper was started")
tui.preload.start = _refuse
from tui.cli import main
rc = main(sys.argv[1:])
sys.stderr.write("textual imported: %s\\n" % any(m.split('.')[0] == 'textual' for m in sys.modules))
sys.exit(rc)
"""


@pytest.mark.parametrize("args", [["--demo"], ["."], []])
def test_no_terminal_is_one_line_and_exit_2_before_anything_starts(tmp_path, args):
    """`plugin-tui --demo </dev/null >out` used to spin at 100 % CPU forever (one CI run: 43 minutes)."""
    import subprocess

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = dict(_env(), TMPDIR=str(tmp))
    r = subprocess.run(
        [sys.executable, "-c", _NO_TTY_PROBE, *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
    )
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 2 and "plugin-tui check" in lines[0], r.stderr
    assert lines[1] == "textual imported: False"
    assert r.stdout == ""
    assert list(tmp.iterdir()) == []  # no --demo copy left behind


def test_no_terminal_through_the_entry_point_exits(tmp_path):
    """The installed command, stdin and stdout not terminals, as a CI step runs it."""
    import subprocess

    r = subprocess.run(
        [sys.executable, "-m", "tui", "--demo"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=dict(_env(), TMPDIR=str(tmp_path)),
        timeout=60,
    )
    assert r.returncode == 2 and r.stdout == ""
    assert "plugin-tui check" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["stdin", "stdout"])
def test_half_a_terminal_is_refused_too(tmp_path, where):
    """On a pty with stdin (`plugin-tui . < /dev/null`) or stdout (`plugin-tui . | cat`) redirected."""
    import select
    import subprocess
    import time

    from tests.pty_run import drawn

    demo = copy_demo(tmp_path)
    master, slave = os.openpty()
    devnull = os.open(os.devnull, os.O_RDWR)
    fds = {"stdin": slave, "stdout": slave, "stderr": slave}
    fds[where] = devnull
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", str(demo), "--no-watch"],
        env=_env(),
        start_new_session=True,
        close_fds=True,
        **fds,
    )
    os.close(slave)
    os.close(devnull)
    raw = b""
    try:
        end = time.monotonic() + 30
        while proc.poll() is None and time.monotonic() < end:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    raw += os.read(master, 1 << 16)
                except OSError:
                    break
        rc = proc.wait(timeout=max(0.1, end - time.monotonic()))
        while select.select([master], [], [], 0.05)[0]:
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            raw += chunk
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    text = drawn(raw)
    assert rc == 2, text[-2000:]
    assert "plugin-tui check" in text and "Traceback" not in text
