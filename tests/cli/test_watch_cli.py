"""`plugin-tui check PATH --watch` in a real subprocess: a report at start and after every change."""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.helpers import REPO, write_tree

DEADLINE = 30.0  # seconds; generous, never asserted on


class Proc:
    def __init__(self, *args: str) -> None:
        env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
        self.p = subprocess.Popen(
            [sys.executable, "-m", "tui", *args],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.p.stdout is not None
        for line in self.p.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def line(self) -> str:
        try:
            line = self.lines.get(timeout=DEADLINE)
        except queue.Empty:
            self.kill()
            pytest.fail("no output from the watcher within the deadline")
        if line is None:
            pytest.fail(f"the watcher exited: rc={self.p.wait()} stderr={self.p.stderr.read()}")
        return line

    def until(self, pred, what: str) -> str:
        """Read lines until one satisfies pred (a save may produce an intermediate report)."""
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            line = self.line()
            if pred(line):
                return line
        pytest.fail(f"never saw {what}")

    def interrupt(self) -> int:
        self.p.send_signal(signal.SIGINT)
        try:
            return self.p.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail("the watcher did not stop on SIGINT")

    def kill(self) -> None:
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()


@pytest.fixture
def plugin(tmp_path) -> Path:
    return write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {
                "name": "p",
                "version": "1.0.0",
                "description": "d",
                "author": {"name": "a"},
            },
            "agents/reviewer.md": "---\nname: reviewer\ndescription: Reviews code. Use when asked.\n---\nReview.\n",
        },
    )


def codes_at(line: str, path: str) -> set[str]:
    data = json.loads(line)
    return {d["code"] for d in data["diagnostics"] if d["path"] == path}


def test_watch_json_lines(plugin):
    proc = Proc("check", str(plugin), "--watch", "--format", "json")
    try:
        first = json.loads(proc.line())  # one compact JSON object per line
        assert first["tool"]["name"] == "plugin-tui" and first["kind"] == "plugin"
        assert not [
            d for d in first["diagnostics"] if d["path"] == ".claude-plugin/plugin.json" and d["code"] == "FILE004"
        ]
        manifest = plugin / ".claude-plugin/plugin.json"
        good = manifest.read_text()
        manifest.write_text('{"name": "p",\n  "version": }\n')
        line = proc.until(lambda l: "FILE004" in codes_at(l, ".claude-plugin/plugin.json"), "the JSON error")
        diag = [d for d in json.loads(line)["diagnostics"] if d["code"] == "FILE004"][0]
        assert diag["line"] == 2
        manifest.write_text(good)
        proc.until(lambda l: "FILE004" not in codes_at(l, ".claude-plugin/plugin.json"), "the error gone")
        # a second kind of change: a new file
        (plugin / "agents" / "broken.md").write_text("---\nname: broken\ndescription: [x\n---\n")
        proc.until(lambda l: codes_at(l, "agents/broken.md"), "the new file's problem")
        assert proc.interrupt() == 0
    finally:
        proc.kill()
    assert "Traceback" not in proc.p.stderr.read()


def test_watch_text(plugin):
    proc = Proc("check", str(plugin), "--watch")
    try:
        proc.until(lambda l: "watching for changes" in l, "the watching line")
        (plugin / "agents/reviewer.md").write_text("---\nname: reviewer\ndescription: [broken\n---\n")
        proc.until(lambda l: "agents/reviewer.md" in l, "the broken agent in the report")
        proc.until(lambda l: "watching for changes" in l, "the watching line again")
        assert proc.interrupt() == 0
    finally:
        proc.kill()


SAVE_SHOWS_WITHIN = 1.0  # seconds: the acceptance bar for a save after the root came back


def test_watch_json_root_deleted_and_recreated(plugin):
    """A branch switch or re-clone removes the folder and puts it back: the watcher says so, reports the new
    tree, and keeps seeing saves."""
    proc = Proc("check", str(plugin), "--watch", "--format", "json")
    try:
        json.loads(proc.line())
        files = {p.relative_to(plugin): p.read_bytes() for p in plugin.rglob("*") if p.is_file()}
        shutil.rmtree(plugin)
        gone = json.loads(proc.until(lambda l: "status" in json.loads(l), "the root-missing line"))
        assert gone["status"] == "root_missing" and gone["root"] == str(plugin)
        assert gone["watching"] == str(plugin.parent) and "stale" in gone["message"]
        assert "diagnostics" not in gone  # not a report: nothing was checked
        for rel, data in files.items():
            (plugin / rel).parent.mkdir(parents=True, exist_ok=True)
            (plugin / rel).write_bytes(data)
        back = json.loads(proc.until(lambda l: "diagnostics" in json.loads(l), "a fresh report"))
        assert back["kind"] == "plugin"
        while True:  # the rest of the re-creation may still come in as reports: wait until it is quiet
            try:
                proc.lines.get(timeout=1.0)
            except queue.Empty:
                break
        t0 = time.monotonic()
        (plugin / "agents/reviewer.md").write_text("---\nname: reviewer\ndescription: [broken\n---\n")
        proc.until(lambda l: codes_at(l, "agents/reviewer.md"), "the save after the root came back")
        took = time.monotonic() - t0
        assert took < SAVE_SHOWS_WITHIN, f"the save showed after {took:.2f} s"
        assert proc.interrupt() == 0
    finally:
        proc.kill()
    assert "Traceback" not in proc.p.stderr.read()


def test_watch_text_root_deleted_and_recreated(plugin):
    proc = Proc("check", str(plugin), "--watch")
    try:
        proc.until(lambda l: "watching for changes" in l, "the watching line")
        moved = plugin.parent / "elsewhere"
        os.rename(plugin, moved)  # a sync tool moving the folder away
        line = proc.until(lambda l: "is gone" in l, "the root-missing line")
        assert str(plugin) in line and "stale" in line and f"Watching {plugin.parent}" in line
        os.rename(moved, plugin)
        proc.until(lambda l: "checked in" in l and "watching for changes" in l, "a fresh report")
        (plugin / "agents/reviewer.md").write_text("---\nname: reviewer\ndescription: [broken\n---\n")
        proc.until(lambda l: "agents/reviewer.md" in l, "the save after the root came back")
        assert proc.interrupt() == 0
    finally:
        proc.kill()


def test_watch_unusable_path_exits_2(tmp_path):
    p = subprocess.run(
        [sys.executable, "-m", "tui", "check", str(tmp_path / "missing"), "--watch"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
