"""The summary's counts (real subprocesses): "files" is the files of the project, whatever the selection."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import REPO
from tui.demo import copy_demo


def run(*args):
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, args)], capture_output=True, text=True, cwd=REPO, env=env, timeout=120
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return copy_demo(tmp_path_factory.mktemp("demo"))


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--profile", "plugin-dev"),
        ("--profile", "directory"),
        ("--select", "MAN"),
        ("--ignore", "HOOK,SKL"),
        ("--select", "FILE001"),
    ],
)
def test_files_count_does_not_change_with_the_selection(demo, args):
    """It used to count the files some rule had read: 14 on the demo, 11 with --select MAN."""
    data = json.loads(run("check", demo, "--format", "json", *args).stdout)
    on_disk = sum(len(files) for _, _, files in os.walk(demo))
    assert data["summary"]["files"] == on_disk
    lines = run("check", demo, "--color", "never", *args).stdout.strip().splitlines()
    summary = next(line for line in reversed(lines) if line.endswith("files)."))
    assert summary.endswith(f"(1 plugin, {on_disk} files).")
