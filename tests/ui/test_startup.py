"""Start-up with the helper process (``tui/preload.py``): its model is shown and reused, a failure falls back."""

from __future__ import annotations

import gc
import subprocess
import sys
import tempfile
import time

from tests.ui.conftest import make_app, ready
from tui import preload
from tui.widgets.tree import PluginTree

SIZE = (120, 40)


class Recording(preload.Preload):
    """A real helper whose payload the test can see; ``ready_at_mount`` picks the app's path: shown during
    mount (the helper already exited) or waited for in the check worker."""

    def __init__(self, job: preload.Preload, ready_at_mount: bool) -> None:
        super().__init__(job.proc, job.out)
        self.ready_at_mount = ready_at_mount
        self.payload = None
        self.parsed: dict = {}

    def done(self) -> bool:
        return self.ready_at_mount and super().done()

    def result(self, timeout: float = 60.0):
        self.payload = super().result(timeout)
        if self.payload is not None:  # the parsed files as the helper handed them over
            self.parsed = {path: entry[1] for path, entry in self.payload[1]._files.items()}
        return self.payload


def _start(root, ready_at_mount: bool) -> Recording:
    job = preload.start(root, min_cpus=1)
    assert job is not None
    if ready_at_mount:
        deadline = time.monotonic() + 60
        while not job.done() and time.monotonic() < deadline:
            time.sleep(0.02)
    return Recording(job, ready_at_mount)


async def _assert_reused(app, pilot, job: Recording) -> None:
    await ready(app, pilot)
    assert job.payload is not None
    _, cache, _ = job.payload
    # the first full check took every file the helper had parsed from its cache: none was parsed again
    assert app._session.cache is cache and len(job.parsed) > 5
    assert all(cache._files[path][1] is sf for path, sf in job.parsed.items())
    assert gc.get_freeze_count() == 0  # the start-up freeze is undone once the first check is in
    t = app.screen.query_one(PluginTree)
    groups = [app.outline.get(c.data).label for c in t.root.children]
    assert groups[:4] == ["Manifest", "Commands", "Agents", "Skills"]
    assert any(d.severity == "error" for d in app.diagnostics)


async def test_helper_done_before_mount_is_shown_in_the_first_frame(demo):
    job = _start(demo, ready_at_mount=True)
    app = make_app(demo, preload=job)
    async with app.run_test(size=SIZE) as pilot:
        # shown during mount, before any check: the tree is there, the header still says "checking…"
        assert job.payload is not None
        assert app.screen.query_one(PluginTree).outline is not None
        await _assert_reused(app, pilot, job)


async def test_helper_still_running_is_waited_for_in_the_worker(demo):
    job = _start(demo, ready_at_mount=False)
    app = make_app(demo, preload=job)
    async with app.run_test(size=SIZE) as pilot:
        await _assert_reused(app, pilot, job)


async def test_failed_helper_falls_back_to_loading_in_process(demo, tmp_path):
    job = preload.start(tmp_path / "gone", min_cpus=1)  # the helper exits with an error
    assert job is not None
    app = make_app(demo, preload=job)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app._session.cache.misses > 0  # loaded here instead
        assert app.title == "api-kit v1.2" and any(d.severity == "error" for d in app.diagnostics)


async def test_quitting_while_the_helper_still_loads_stops_it(demo):
    out = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"],
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.PIPE,
    )
    job = preload.Preload(proc, out)  # a helper that never finishes
    app = make_app(demo, preload=job)
    t = time.monotonic()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)  # the check worker now waits on the helper
        await pilot.press("q")
    assert time.monotonic() - t < 30  # quitting did not wait for the helper
    assert proc.wait(timeout=10) is not None


async def test_an_edit_made_while_the_helper_ran_is_in_the_first_check(demo):
    job = _start(demo, ready_at_mount=True)  # the helper has read the files already
    agent = demo / "agents" / "api-reviewer.md"
    agent.write_text(
        agent.read_text(encoding="utf-8").replace("model: gpt4", "model: sonnet-edited-meanwhile"), encoding="utf-8"
    )
    app = make_app(demo, preload=job)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        models = {a.name: a.fm.get("model") for p in app.project.plugins for a in p.agents}
        assert models["api-reviewer"] == "sonnet-edited-meanwhile"
