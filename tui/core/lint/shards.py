"""A full check of a large marketplace on every core: each forked process loads and checks a share of the plugins.

Why it gives the full check's result: a plugin's rules see only that plugin (the contract ``session.py`` states
and its property test checks), so a process that loads one share of the plugins and runs their rules leaves the
same per-plugin results as a full check (``Session.share``). Their states put together (``merge_states``) are the
state a full check would leave, less the project and marketplace rules; ``Session.resume`` on it with nothing
changed loads no plugin again, runs those rules, replays every plugin's results and files in the engine's order
and finalises them: the path of a warm run after an edit, with every plugin unchanged. Where resume cannot take
a plugin as it stands (nested plugin folders, a plugin at the root), it loads and checks it itself.

Used by the CLI's cached check only (``cache.cached_check``): never in a process with other threads running
(the explorer, watch mode), nor where ``os.fork`` is missing. ``PLUGIN_TUI_JOBS=1`` turns it off.
"""

from __future__ import annotations

import marshal
import os
import signal
import threading
from collections.abc import Callable, Mapping
from typing import Any

from ..model.loader import MANIFEST, MARKETPLACE, load
from ..parse.fsread import FileIndex
from .session import Result, Session, merge_states

# below this many files in the tree, forking and putting the shares together cost more than they save
# (measured with tests/bench/bench.py: see the README's table)
MIN_FILES = 1000
MAX_JOBS = 8


def jobs(environ: Mapping[str, str] | None = None) -> int:
    """How many processes a check may use: ``PLUGIN_TUI_JOBS`` when it is a positive number, else the CPUs this
    process may run on (at most ``MAX_JOBS``)."""
    environ = os.environ if environ is None else environ
    raw = (environ.get("PLUGIN_TUI_JOBS") or "").strip()
    if raw.isdigit() and int(raw) > 0:
        return min(int(raw), 64)
    try:
        cpus = len(os.sched_getaffinity(0))  # type: ignore[attr-defined,unused-ignore]
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_JOBS))


def worth_sharing(session: Session, index: FileIndex, parts: int) -> bool:
    """A marketplace large enough, checked with the default loader, in a process that may fork."""
    return (
        parts > 1
        and session.load is load
        and hasattr(os, "fork")
        and threading.active_count() == 1
        and index.exists(MARKETPLACE)
        and not index.exists(MANIFEST)  # a plugin at the root holds every other: resume would check it all again
        and len(index.entries) >= MIN_FILES
    )


def sharded_full(
    session: Session, index: FileIndex, parts: int, report: Callable[[Session], Any] = lambda s: None
) -> tuple[Result, list[Any]] | None:
    """``session.full(index)``, its plugins checked in ``parts`` processes, and what ``report(session)`` gave in
    each of them after its share (marshal-able values). None when a process could not be made or failed: the
    caller checks in this process instead."""

    def job(part: int) -> Callable[[], Any]:
        def run() -> Any:
            state = session.share(index, part, parts)
            return [state, report(session)]

        return run

    outs = forked([job(i) for i in range(parts)])
    if outs is None:
        return None
    session.restore(merge_states(out[0] for out in outs))
    return session.resume(index, set()), [out[1] for out in outs]


def forked(jobs: list[Callable[[], Any]]) -> list[Any] | None:
    """Run every job in a forked process of its own, all at once; their results (marshal-able) in order, or None
    when forking failed or a job did not finish (raised, was killed, or its result would not marshal)."""
    children: list[tuple[int, int]] = []
    try:
        for job in jobs:
            read, write = os.pipe()
            try:
                pid = os.fork()
            except OSError:
                os.close(read)
                os.close(write)
                return None
            if pid == 0:  # the child: its result down the pipe, then out without running the parent's exit code
                code = 1
                try:
                    os.close(read)
                    data = marshal.dumps(job())
                    with os.fdopen(write, "wb") as fh:
                        fh.write(data)
                    code = 0
                finally:
                    os._exit(code)
            os.close(write)
            children.append((pid, read))
        results: list[Any] = []
        failed = False
        while children:
            pid, read = children[0]
            with os.fdopen(read, "rb", closefd=False) as fh:
                data = fh.read()
            children.pop(0)
            os.close(read)
            _, status = os.waitpid(pid, 0)
            if failed or not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
                failed = True
                continue
            try:
                results.append(marshal.loads(data))
            except (EOFError, ValueError, TypeError):
                failed = True
        return None if failed else results
    finally:
        for pid, read in children:  # interrupted: no process is left behind
            try:
                os.close(read)
            except OSError:
                pass
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass
