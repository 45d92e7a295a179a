"""Watching a plugin or marketplace: ``plugin-tui check PATH --watch`` and the TUI's change feed.

The watcher (watchfiles' Rust notifier) is started *before* the first check, so a save made while the
first report is being built is not lost. Events are grouped until the tree has been quiet for
``step_ms`` (a burst such as a ``git checkout`` rewriting 500 files becomes one batch, up to
``max_batch_ms``), paths under ``.git``, ``node_modules`` and the other skipped folders and editor
swap/backup files are dropped, and the rest is handed over as a set of paths relative to the root.
Whatever an editor does to save (write in place, write a temporary file and rename it over, delete and
create) arrives as one batch; ``Session.update`` then works out what actually changed on disk.

The root itself may go away and come back (a branch switch that removes the folder, a re-clone, a sync
tool): an inotify watch dies with the folder it was put on, so the watcher notices (the root's identity
is checked whenever the tree goes quiet, and at least every ``ROOT_CHECK_MS``), reports ``RootMissing``,
watches the nearest existing parent until the root is a folder again, then watches the root again and
reports ``RootBack``: the caller checks everything again (what was written before the new watch started
is only seen by that full check).
"""

from __future__ import annotations

import asyncio
import os
import stat
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..parse.fsread import SKIP_DIRS

DEBOUNCE_MS = 50  # longest grouping window watchfiles applies by itself
STEP_MS = 20  # a batch ends after this long without a new event
MAX_BATCH_MS = 2000  # a tree that never goes quiet still gets a re-check this often
SETTLE_MS = 100  # a batch with a vanished path waits this much longer for it to come back
ROOT_CHECK_MS = 500  # while idle (and while the root is missing), the root is looked at this often


@dataclass(frozen=True)
class RootMissing:
    """The root folder is gone (deleted, moved away, replaced by a file); ``watching`` is the nearest existing
    parent, watched until the root is back. What was built from the old root is stale."""

    root: Path
    watching: Path


@dataclass(frozen=True)
class RootBack:
    """The root is a folder again (it came back, or was replaced by another folder): watched again; check
    everything again."""

    root: Path


Event = set | RootMissing | RootBack  # what ``next_batch`` returns besides None


def _make_filter() -> Callable:
    from watchfiles import DefaultFilter

    ignore_dirs = tuple(sorted(set(DefaultFilter.ignore_dirs) | set(SKIP_DIRS)))
    return DefaultFilter(ignore_dirs=ignore_dirs)


class Watcher:
    """A started watcher on ``root``; ``next_batch`` blocks until a batch of changes (or stop)."""

    def __init__(
        self,
        root: str | os.PathLike,
        debounce_ms: int = DEBOUNCE_MS,
        step_ms: int = STEP_MS,
        max_batch_ms: int = MAX_BATCH_MS,
        settle_ms: int = SETTLE_MS,
        force_polling: bool | None = None,
        root_check_ms: int = ROOT_CHECK_MS,
    ) -> None:
        self.root = Path(root).resolve()
        self._roots = {str(self.root), str(Path(root).absolute())}
        self.debounce_ms, self.step_ms, self.max_batch_ms = debounce_ms, step_ms, max_batch_ms
        self.settle_ms = settle_ms
        self.root_check_ms = max(1, root_check_ms)
        if force_polling is None:
            force_polling = bool(os.environ.get("WATCHFILES_FORCE_POLLING"))
        self._force_polling = force_polling
        self._filter = _make_filter()
        self._notify: Any = None  # watchfiles' RustNotify once started
        self._ident: tuple[int, int] | None = None  # (device, inode) of the root folder being watched
        self.missing = False  # the root is not there: the nearest existing parent is watched instead
        self.watching = self.root  # what the notifier is on
        self._told_missing = False
        # starting the notifier here (not on first iteration) is what makes "watch, then check" race-free
        self._start()

    def _identity(self) -> tuple[int, int] | None:
        """The root folder's (device, inode), or None when it is not there or not a folder."""
        try:
            st = os.stat(self.root)
        except OSError:
            return None
        return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None

    def _nearest_parent(self) -> Path:
        for parent in self.root.parents:
            if os.path.isdir(parent):
                return parent
        return Path(self.root.anchor or "/")

    def _start(self) -> None:
        """Watch the root (recursively) when it is a folder, else the nearest existing parent (that folder only)."""
        from watchfiles._rust_notify import RustNotify

        old, self._notify = self._notify, None
        if old is not None:
            old.close()
        # the identity is taken before the notifier starts: if the folder is replaced in between, the next look
        # sees another identity and starts again, rather than trusting a watch on a folder that is gone
        ident = self._identity()
        if ident is not None:
            self._notify = RustNotify([str(self.root)], False, self._force_polling, 50, True, True)
            self._ident, self.missing, self.watching = ident, False, self.root
            return
        parent = self._nearest_parent()
        self._notify = RustNotify([str(parent)], False, self._force_polling, 50, False, True)
        self._ident, self.missing, self.watching = None, True, parent

    def _root_event(self) -> RootMissing | RootBack | None:
        """Whether the root went away or was replaced since it was last looked at (then the watch moves)."""
        if self._identity() == self._ident:
            return None
        self._start()
        if self.missing:
            self._told_missing = True
            return RootMissing(self.root, self.watching)
        return RootBack(self.root)

    def _wait_for_root(self, stop_event: Any, deadline: float | None) -> RootBack | None | str:
        """While the root is missing: watch the nearest existing parent until the root is a folder again."""
        while True:
            wait = self.root_check_ms
            if deadline is not None:
                wait = max(1, min(wait, int((deadline - time.monotonic()) * 1000)))
            assert self._notify is not None  # _start() made one
            raw = self._notify.watch(self.debounce_ms, self.step_ms, wait, stop_event)
            if raw == "signal":
                raise KeyboardInterrupt
            if raw == "stop":
                return "stop"
            if self._identity() is not None:
                self._start()
                if not self.missing:
                    self._told_missing = False
                    return RootBack(self.root)
            elif self._nearest_parent() != self.watching:  # a parent came back, or the watched one went too
                self._start()
            if deadline is not None and time.monotonic() >= deadline:
                return None

    def close(self) -> None:
        notify, self._notify = self._notify, None
        if notify is not None:
            notify.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rel(self, path: str) -> str | None:
        for root in self._roots:
            if path == root:
                return None
            if path.startswith(root + os.sep):
                rel = path[len(root) + 1 :].replace(os.sep, "/")
                if any(part in SKIP_DIRS for part in rel.split("/")):
                    return None
                return rel
        return None

    def _missing(self, paths: set[str]) -> bool:
        """Every path of the batch is gone (a temporary file next to a saved one does not count)."""
        return len(paths) <= 64 and not any(os.path.lexists(self.root / p) for p in paths)

    def _paths(self, raw: Any) -> set[str]:
        from watchfiles import Change

        out = set()
        for change, path in raw:
            if not self._filter(Change(change), path):
                continue
            rel = self._rel(path)
            if rel:
                out.add(rel)
        return out

    def next_batch(self, stop_event: Any = None, timeout_ms: int = 0) -> Event | None:
        """The next set of changed paths (relative to the root), coalesced until quiet; or ``RootMissing`` when
        the root went away, then (from the call after) ``RootBack`` once it is a folder again.

        Returns None when ``stop_event`` is set, on SIGINT (raises KeyboardInterrupt), or after
        ``timeout_ms`` without any change (0 waits forever)."""
        if self._notify is None:
            return None
        deadline = time.monotonic() + timeout_ms / 1000 if timeout_ms else None
        if self.missing:
            if not self._told_missing:  # it was already missing when the watcher started
                self._told_missing = True
                return RootMissing(self.root, self.watching)
            back = self._wait_for_root(stop_event, deadline)
            return None if isinstance(back, str) else back  # "stop"
        paths: set[str] = set()
        started = None
        settled = False
        while True:
            # nothing yet: wait for the first event, looking at the root now and then; else only for the tree
            # to go quiet
            if started is None:
                wait = self.root_check_ms
                if deadline is not None:
                    wait = max(1, min(wait, int((deadline - time.monotonic()) * 1000)))
            else:
                wait = self.step_ms
            assert self._notify is not None  # _start() made one
            raw = self._notify.watch(self.debounce_ms, self.step_ms, wait, stop_event)
            if raw == "signal":
                raise KeyboardInterrupt
            if raw == "stop":
                return None
            if raw == "timeout":
                if started is not None and paths and not settled and self.settle_ms and self._missing(paths):
                    # all paths are gone: maybe an editor deleted the file and is about to create it again; give it
                    # one more window so the save is one batch, not a deletion and then a creation
                    settled = True
                    raw = self._notify.watch(self.debounce_ms, self.step_ms, self.settle_ms, stop_event)
                    if raw == "signal":
                        raise KeyboardInterrupt
                    if raw == "stop":
                        return None
                    if raw != "timeout":
                        paths |= self._paths(raw)
                        continue
                # the tree is quiet: is the root still the folder being watched? (one stat)
                moved = self._root_event()
                if moved is not None:
                    return moved  # the paths of the batch belong to a folder that is gone: a full check follows
                if started is not None and paths:
                    return paths
                if started is not None:  # only filtered-out events: keep waiting
                    started = None
                    continue
                if deadline is not None and time.monotonic() >= deadline:
                    return None
                continue
            if started is None:
                started = time.monotonic()
            paths |= self._paths(raw)
            if paths and (time.monotonic() - started) * 1000 >= self.max_batch_ms:
                return self._root_event() or paths


def watch_paths(root: str | os.PathLike, stop_event: Any = None, **kw: Any) -> Iterator[Event]:
    """Blocking generator of change batches (sets of root-relative paths, or ``RootMissing`` / ``RootBack``)
    until ``stop_event`` is set."""
    with Watcher(root, **kw) as w:
        while True:
            batch = w.next_batch(stop_event)
            if batch is None:
                return
            yield batch


async def watch_changes(
    root: str | os.PathLike, stop_event: Any, debounce_ms: int = DEBOUNCE_MS, step_ms: int = STEP_MS
) -> AsyncIterator[Event]:
    """Yield sets of changed paths (relative to ``root``), or ``RootMissing`` / ``RootBack``, until
    ``stop_event`` (an asyncio or threading event) is set. The notifier runs in a worker thread; the watcher
    is live once the first ``__anext__`` has started."""
    w = Watcher(root, debounce_ms=debounce_ms, step_ms=step_ms)
    # the Rust side polls stop.is_set() from its thread: give it a thread-safe event mirroring stop_event
    stop = threading.Event()

    async def mirror() -> None:
        if isinstance(stop_event, threading.Event):
            while not stop_event.is_set():
                await asyncio.sleep(0.05)
        else:
            await stop_event.wait()
        stop.set()

    mirror_task = asyncio.ensure_future(mirror())
    try:
        while not stop.is_set():
            batch = await asyncio.to_thread(w.next_batch, stop)
            if batch is None:
                return
            yield batch
    finally:
        stop.set()
        mirror_task.cancel()
        w.close()


# --------------------------------------------------------------------------------------------------
# headless: plugin-tui check PATH --watch
