"""``plugin-tui --demo`` end to end on a pseudo-terminal: the copy's path is shown, and the copy is removed on exit
unless it was changed (then kept, and its path written on stderr)."""

from __future__ import annotations

import os
import sys

import pytest

from tests.helpers import REPO

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")


def _run_demo(tmp_path, during=None):
    from tests.pty_run import TOTALS, explorer_env, run_in_pty

    env = explorer_env(PYTHONPATH=str(REPO), TMPDIR=str(tmp_path))

    def checked(text: str) -> bool:
        if TOTALS.search(text) is None:
            return False
        if during is not None:
            during()
        return True

    return run_in_pty(
        [sys.executable, "-m", "tui", "--demo", "--no-watch"],
        env,
        {"path": lambda t: f"demo copy: {tmp_path}" in t, "checked": checked},
        timeout=60,
        size=(240, 45),
    )  # wide enough for pytest's long temp path after the totals


@pytest.fixture
def short_tmp():
    """A temp folder with a short name: the header shows the demo copy's path in full only while it fits (pytest's
    own tmp_path under xdist is too long for a 240-column header)."""
    import shutil
    import tempfile
    from pathlib import Path

    d = Path(tempfile.mkdtemp(prefix="ptd-", dir="/tmp" if os.path.isdir("/tmp") else None))
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_demo_shows_its_copy_and_removes_it_on_exit(short_tmp):
    tmp_path = short_tmp
    run = _run_demo(tmp_path)
    assert run.times["path"] is not None, run.text[-2000:]  # the header names the copy
    assert run.times["checked"] is not None, run.text[-2000:]
    assert run.returncode == 0
    assert not list(tmp_path.glob("plugin-tui-demo-*")), "the unchanged copy was left behind"
    assert "kept at" not in run.text and "Traceback" not in run.text


def test_demo_copy_changed_is_kept_and_said_on_exit(short_tmp):
    tmp_path = short_tmp

    def edit() -> None:  # the user fixes something in the copy while the explorer runs
        (copy,) = tmp_path.glob("plugin-tui-demo-*/api-kit")
        (copy / "commands" / "request.md").write_text("---\ndescription: Send a request\n---\nSend it.\n")

    run = _run_demo(tmp_path, during=edit)
    assert run.times["checked"] is not None, run.text[-2000:]
    assert run.returncode == 0
    (kept,) = tmp_path.glob("plugin-tui-demo-*/api-kit")
    assert f"plugin-tui: the demo copy was changed; kept at {kept}" in run.text


def test_demo_copy_counts_content_and_mode_not_times(tmp_path):
    import io

    from tui.demo import DemoCopy

    touched = DemoCopy.create(dest=tmp_path)
    os.utime(touched.root / "README.md", (1, 1))  # read or touched, not changed
    assert touched.finish() is False and not touched.remove.exists()

    chmodded = DemoCopy.create(dest=tmp_path)
    (chmodded.root / "hooks/scripts/format.sh").chmod(0o755)  # what the demo's chmod fix does
    err = io.StringIO()
    assert chmodded.finish(err) is True and chmodded.root.is_dir()
    assert err.getvalue() == f"plugin-tui: the demo copy was changed; kept at {chmodded.root}\n"
    assert chmodded.finish(err) is False and err.getvalue().count("kept at") == 1  # once (atexit runs it again)
