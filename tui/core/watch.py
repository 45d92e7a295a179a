"""Watching a plugin or marketplace: ``plugin-tui check PATH --watch`` and the TUI's change feed.

The watcher (watchfiles' Rust notifier) is started *before* the first check, so a save made while the
first report is being built is not lost. Events are grouped until the tree has been quiet for
``step_ms`` (a burst such as a ``git checkout`` rewriting 500 files becomes one batch, up to
``max_batch_ms``), paths under ``.git``, ``node_modules`` and the other skipped folders and editor
swap/backup files are dropped, and the rest is handed over as a set of paths relative to the root.
Whatever an editor does to save (write in place, write a temporary file and rename it over, delete and
create) arrives as one batch; ``Session.update`` then works out what actually changed on disk.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time
from pathlib import Path
from typing import IO, AsyncIterator, Callable, Iterator

from .fsread import SKIP_DIRS

DEBOUNCE_MS = 50  # longest grouping window watchfiles applies by itself
STEP_MS = 20  # a batch ends after this long without a new event
MAX_BATCH_MS = 2000  # a tree that never goes quiet still gets a re-check this often
SETTLE_MS = 100  # a batch with a vanished path waits this much longer for it to come back


def _make_filter() -> Callable:
    from watchfiles import DefaultFilter

    ignore_dirs = tuple(sorted(set(DefaultFilter.ignore_dirs) | set(SKIP_DIRS)))
    return DefaultFilter(ignore_dirs=ignore_dirs)


class Watcher:
    """A started watcher on ``root``; ``next_batch`` blocks until a batch of changes (or stop)."""

    def __init__(self, root: str | os.PathLike, debounce_ms: int = DEBOUNCE_MS, step_ms: int = STEP_MS,
                 max_batch_ms: int = MAX_BATCH_MS, settle_ms: int = SETTLE_MS,
                 force_polling: bool | None = None) -> None:
        from watchfiles._rust_notify import RustNotify

        self.root = Path(root).resolve()
        self._roots = {str(self.root), str(Path(root).absolute())}
        self.debounce_ms, self.step_ms, self.max_batch_ms = debounce_ms, step_ms, max_batch_ms
        self.settle_ms = settle_ms
        if force_polling is None:
            force_polling = bool(os.environ.get("WATCHFILES_FORCE_POLLING"))
        self._filter = _make_filter()
        # starting the notifier here (not on first iteration) is what makes "watch, then check" race-free
        self._notify = RustNotify([str(self.root)], False, force_polling, 50, True, True)

    def close(self) -> None:
        notify, self._notify = self._notify, None
        if notify is not None:
            notify.close()

    def __enter__(self) -> "Watcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _rel(self, path: str) -> str | None:
        for root in self._roots:
            if path == root:
                return None
            if path.startswith(root + os.sep):
                rel = path[len(root) + 1:].replace(os.sep, "/")
                if any(part in SKIP_DIRS for part in rel.split("/")):
                    return None
                return rel
        return None

    def _missing(self, paths: set[str]) -> bool:
        """Every path of the batch is gone (a temporary file next to a saved one does not count)."""
        return len(paths) <= 64 and not any(os.path.lexists(self.root / p) for p in paths)

    def _paths(self, raw) -> set[str]:
        from watchfiles import Change

        out = set()
        for change, path in raw:
            if not self._filter(Change(change), path):
                continue
            rel = self._rel(path)
            if rel:
                out.add(rel)
        return out

    def next_batch(self, stop_event=None, timeout_ms: int = 0) -> set[str] | None:
        """The next set of changed paths (relative to the root), coalesced until quiet.

        Returns None when ``stop_event`` is set, on SIGINT (raises KeyboardInterrupt), or after
        ``timeout_ms`` without any change (0 waits forever)."""
        notify = self._notify
        if notify is None:
            return None
        paths: set[str] = set()
        started = None
        settled = False
        while True:
            # nothing yet: wait for the first event (0 = no limit); else only for the tree to go quiet
            wait = (timeout_ms or 0) if started is None else self.step_ms
            raw = notify.watch(self.debounce_ms, self.step_ms, wait, stop_event)
            if raw == "signal":
                raise KeyboardInterrupt
            if raw == "stop":
                return None
            if raw == "timeout":
                if started is not None and paths and not settled and self.settle_ms and self._missing(paths):
                    # all paths are gone: maybe an editor deleted the file and is about to create it again; give it
                    # one more window so the save is one batch, not a deletion and then a creation
                    settled = True
                    raw = notify.watch(self.debounce_ms, self.step_ms, self.settle_ms, stop_event)
                    if raw == "signal":
                        raise KeyboardInterrupt
                    if raw == "stop":
                        return None
                    if raw != "timeout":
                        paths |= self._paths(raw)
                        continue
                if started is not None and paths:
                    return paths
                if started is not None:  # only filtered-out events: keep waiting
                    started = None
                    continue
                if timeout_ms:
                    return None
                continue
            if started is None:
                started = time.monotonic()
            paths |= self._paths(raw)
            if paths and (time.monotonic() - started) * 1000 >= self.max_batch_ms:
                return paths


def watch_paths(root: str | os.PathLike, stop_event=None, **kw) -> Iterator[set[str]]:
    """Blocking generator of change batches (sets of root-relative paths) until ``stop_event`` is set."""
    with Watcher(root, **kw) as w:
        while True:
            batch = w.next_batch(stop_event)
            if batch is None:
                return
            yield batch


async def watch_changes(root: str | os.PathLike, stop_event, debounce_ms: int = DEBOUNCE_MS,
                        step_ms: int = STEP_MS) -> AsyncIterator[set[str]]:
    """Yield sets of changed paths (relative to ``root``) until ``stop_event`` (an asyncio or threading
    event) is set. The notifier runs in a worker thread; the watcher is live once the first
    ``__anext__`` has started."""
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


def _emit(args, session_result, out: IO[str], config) -> None:
    from . import report

    project, diags = session_result.project, session_result.diagnostics
    if args.format == "json":
        report.render_json(project, diags, out, root_given=os.path.abspath(args.path), compact=True)
    elif args.format == "sarif":
        import io
        import json

        buf = io.StringIO()
        report.render_sarif(project, diags, buf, root_given=os.path.abspath(args.path))
        out.write(json.dumps(json.loads(buf.getvalue()), ensure_ascii=False, separators=(",", ":")) + "\n")
    elif args.format == "github":
        report.render_github(project, diags, out, root_given=os.path.abspath(args.path))
    else:
        tty = out.isatty()
        color = args.color == "always" or (args.color == "auto" and tty and "NO_COLOR" not in os.environ)
        if tty:
            out.write("\x1b[2J\x1b[H")  # clear the screen, cursor home
        report.render_text(project, diags, out, color=color, root_given=os.path.abspath(args.path))
        stamp = time.strftime("%H:%M:%S")
        kind = "checked" if session_result.full else f"re-checked {len(session_result.changed_files)} change(s)"
        out.write(f"\n[{stamp}] {kind} in {session_result.elapsed_ms:.0f} ms; watching for changes (Ctrl-C stops)\n")
    out.flush()


def run_watch(args, config, out: IO[str] | None = None, environ: dict[str, str] | None = None) -> int:
    """Report, then report again after every change under the root, until Ctrl-C (exit 0).

    ``environ``: what the checks see (the CLI adds the names of ``--env-file``); default, this process's."""
    from .loader import LoadError
    from .session import Session

    out = out or sys.stdout
    environ = dict(os.environ) if environ is None else environ
    root = args.path
    session = Session(root, config, environ)
    try:
        with Watcher(root) as watcher:
            result = session.full()
            _emit(args, result, out, config)
            while True:
                batch = watcher.next_batch()
                if batch is None:
                    return 0
                try:
                    result = session.update(batch)
                except LoadError as exc:  # the root itself went away or became unreadable
                    sys.stderr.write(f"plugin-tui: {exc}; still watching\n")
                    sys.stderr.flush()
                    session.project = None
                    continue
                if not result.changed_files and not result.full:
                    continue  # only temporary files came and went
                _emit(args, result, out, config)
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:
        return 0
