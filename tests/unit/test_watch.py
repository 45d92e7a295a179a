"""The watcher (tui/core/watch.py): editor save patterns, bursts, add/remove/rename, the async feed.

No timed assertions: waits have generous deadlines. The save-pattern tests use a wider quiet window
(``step_ms``) than the default so that a stalled test process cannot split one save into two batches.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading

import pytest

from tests.helpers import write_tree
from tui.core.lint.config import Config
from tui.core.lint.engine import check
from tui.core.lint.session import Session
from tui.core.model.loader import load
from tui.core.services.watch import Watcher, watch_changes, watch_paths

DEADLINE_MS = 20_000  # wait for an expected batch this long at most
QUIET_MS = 600  # after a batch: no further batch arrives within this


@pytest.fixture
def plugin(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {
                "name": "p",
                "version": "1.0.0",
                "description": "d",
                "author": {"name": "a"},
            },
            "commands/hello.md": "---\ndescription: Say hello\n---\nHello\n",
            "agents/reviewer.md": "---\nname: reviewer\ndescription: Reviews. Use when asked.\n---\nReview.\n",
        },
    )
    return root.resolve()


def batches_until_quiet(w: Watcher) -> list[set[str]]:
    first = w.next_batch(timeout_ms=DEADLINE_MS)
    assert first is not None, "no change was reported"
    out = [first]
    while True:
        nxt = w.next_batch(timeout_ms=QUIET_MS)
        if nxt is None:
            return out
        out.append(nxt)


def save_in_place(root, rel, text):
    with open(root / rel, "w") as f:  # truncate, then write
        f.write(text)
    return set()


def save_temp_rename(root, rel, text):
    tmp = rel + ".tmp.8213"
    (root / tmp).write_text(text)
    os.replace(root / tmp, root / rel)
    return {tmp}


def save_delete_create(root, rel, text):
    os.remove(root / rel)
    (root / rel).write_text(text)
    return set()


def save_jetbrains(root, rel, text):
    old, tmp = rel + "___jb_old___", rel + "___jb_tmp___"
    (root / tmp).write_text(text)
    os.replace(root / rel, root / old)
    os.replace(root / tmp, root / rel)
    os.remove(root / old)
    return {old, tmp}


def save_vim(root, rel, text):
    probe = os.path.join(os.path.dirname(rel), "4913")
    (root / probe).write_text("")
    os.remove(root / probe)
    os.replace(root / rel, root / (rel + "~"))
    (root / rel).write_text(text)
    os.remove(root / (rel + "~"))
    return {probe, rel + "~"}


@pytest.mark.parametrize(
    "save", [save_in_place, save_temp_rename, save_delete_create, save_jetbrains, save_vim], ids=lambda f: f.__name__
)
def test_editor_save_is_one_change(plugin, save):
    s = Session(plugin, Config(), {})
    s.full()
    rel = "agents/reviewer.md"
    with Watcher(plugin, step_ms=150) as w:
        temps = save(plugin, rel, "---\nname: reviewer\ndescription: [broken\n---\nReview.\n")
        batches = batches_until_quiet(w)
    assert len(batches) == 1, batches
    assert rel in batches[0]
    assert batches[0] <= {rel} | temps  # nothing else; editor backups may or may not be filtered out
    r = s.update(batches[0])
    assert r.changed_files == {rel}
    assert [d.identity() for d in r.diagnostics] == [d.identity() for d in check(load(plugin), Config(), environ={})]
    assert any(d.path == rel for d in r.diagnostics)


def test_burst_is_one_batch(plugin):
    """A git checkout rewriting 500 files: one batch, one re-check."""
    for i in range(500):
        (plugin / "commands" / f"c{i:03}.md").write_text(f"---\ndescription: c{i}\n---\n")
    s = Session(plugin, Config(), {})
    s.full()
    with Watcher(plugin, step_ms=150) as w:
        for i in range(500):
            (plugin / "commands" / f"c{i:03}.md").write_text(f"---\ndescription: changed {i}\n---\n")
        batches = batches_until_quiet(w)
    assert len(batches) == 1
    assert batches[0] == {f"commands/c{i:03}.md" for i in range(500)}
    r = s.update(batches[0])
    assert len(r.changed_files) == 500


def test_add_remove_rename_and_folders(plugin):
    with Watcher(plugin, step_ms=150) as w:
        (plugin / "commands/new.md").write_text("x")
        assert "commands/new.md" in batches_until_quiet(w)[0]
        os.rename(plugin / "commands/new.md", plugin / "commands/moved.md")
        got = set().union(*batches_until_quiet(w))
        assert {"commands/new.md", "commands/moved.md"} <= got
        os.remove(plugin / "commands/moved.md")
        assert "commands/moved.md" in set().union(*batches_until_quiet(w))
        shutil.rmtree(plugin / "agents")
        assert "agents" in {p.split("/")[0] for p in set().union(*batches_until_quiet(w))}


def test_git_and_node_modules_are_ignored(plugin):
    with Watcher(plugin, step_ms=100) as w:
        (plugin / ".git").mkdir()
        (plugin / ".git/index").write_text("x")
        (plugin / "node_modules/pkg").mkdir(parents=True)
        (plugin / "node_modules/pkg/index.js").write_text("x")
        (plugin / "commands/hello.md").write_text("changed")
        got = set().union(*batches_until_quiet(w))
    assert got == {"commands/hello.md"}


def test_watch_paths_stops_on_event(plugin):
    stop = threading.Event()
    seen: list[set[str]] = []
    ready = threading.Event()

    def run():
        gen = watch_paths(plugin, stop_event=stop)
        ready.set()
        for batch in gen:
            seen.append(batch)
            stop.set()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    ready.wait(10)
    # the generator starts its watcher on first iteration: keep saving until something is seen
    for _ in range(200):
        (plugin / "commands/hello.md").write_text("again")
        t.join(0.1)
        if not t.is_alive():
            break
    assert not t.is_alive()
    assert seen and "commands/hello.md" in seen[0]


@pytest.mark.asyncio
async def test_async_watch_changes(plugin):
    stop = asyncio.Event()
    agen = watch_changes(plugin, stop)
    first = asyncio.ensure_future(agen.__anext__())
    await asyncio.sleep(0)  # the generator has started its watcher and is waiting in a worker thread
    (plugin / "agents/reviewer.md").write_text("---\nname: reviewer\n---\n")
    batch = await asyncio.wait_for(first, timeout=DEADLINE_MS / 1000)
    assert "agents/reviewer.md" in batch
    stop.set()
    with pytest.raises(StopAsyncIteration):
        await asyncio.wait_for(agen.__anext__(), timeout=DEADLINE_MS / 1000)


# -- the root itself goes away and comes back (branch switch, re-clone, sync tool) ------------------------------

MANIFEST = {"name": "p", "version": "1.0.0", "description": "d", "author": {"name": "a"}}


def next_root_event(w: Watcher):
    """Skip change batches until the watcher reports what happened to the root (or fail at the deadline)."""
    for _ in range(50):
        ev = w.next_batch(timeout_ms=DEADLINE_MS)
        assert ev is not None, "the watcher never said what happened to the root"
        if not isinstance(ev, set):
            return ev
    raise AssertionError("only change batches")


def test_root_deleted_and_recreated_is_watched_again(plugin):
    from tui.core.services.watch import RootBack, RootMissing

    with Watcher(plugin, step_ms=100) as w:
        shutil.rmtree(plugin)
        gone = next_root_event(w)
        assert isinstance(gone, RootMissing) and gone.root == plugin and gone.watching == plugin.parent
        assert w.missing
        write_tree(plugin, {".claude-plugin/plugin.json": MANIFEST, "commands/hello.md": "x"})
        assert isinstance(w.next_batch(timeout_ms=DEADLINE_MS), RootBack)
        assert not w.missing
        (plugin / "commands/hello.md").write_text("saved after the root came back")
        batch = w.next_batch(timeout_ms=DEADLINE_MS)
    assert isinstance(batch, set) and "commands/hello.md" in batch


def test_root_and_its_parent_deleted_then_recreated(tmp_path):
    from tui.core.services.watch import RootBack, RootMissing

    root = write_tree(tmp_path / "work" / "clone" / "p", {".claude-plugin/plugin.json": MANIFEST}).resolve()
    with Watcher(root, step_ms=100) as w:
        shutil.rmtree(tmp_path / "work" / "clone")
        gone = next_root_event(w)
        assert isinstance(gone, RootMissing) and gone.watching == (tmp_path / "work").resolve()
        (tmp_path / "work" / "clone").mkdir()  # the parent first: the watch moves down to it
        write_tree(root, {".claude-plugin/plugin.json": MANIFEST})
        assert isinstance(w.next_batch(timeout_ms=DEADLINE_MS), RootBack)
        (root / "README.md").write_text("new")
        batch = w.next_batch(timeout_ms=DEADLINE_MS)
    assert isinstance(batch, set) and "README.md" in batch


def test_root_replaced_by_another_folder(plugin):
    """A re-clone into a temporary folder moved over the root: the old watch is on a folder that is gone."""
    from tui.core.services.watch import RootBack

    fresh = write_tree(plugin.parent / "fresh", {".claude-plugin/plugin.json": MANIFEST})
    with Watcher(plugin, step_ms=100) as w:
        shutil.rmtree(plugin)
        os.rename(fresh, plugin)
        ev = next_root_event(w)
        if not isinstance(ev, RootBack):  # the removal may be seen on its own first
            ev = w.next_batch(timeout_ms=DEADLINE_MS)
        assert isinstance(ev, RootBack)
        (plugin / "README.md").write_text("new")
        batch = w.next_batch(timeout_ms=DEADLINE_MS)
    assert isinstance(batch, set) and "README.md" in batch


def test_watcher_started_on_a_missing_root_says_so(tmp_path):
    from tui.core.services.watch import RootBack, RootMissing

    root = (tmp_path / "later").resolve()
    with Watcher(root) as w:
        ev = w.next_batch(timeout_ms=DEADLINE_MS)
        assert isinstance(ev, RootMissing) and ev.watching == tmp_path.resolve()
        root.mkdir()
        assert isinstance(w.next_batch(timeout_ms=DEADLINE_MS), RootBack)
