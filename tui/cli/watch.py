"""``check --watch``: a report at start and after every change on disk (one JSON object per line with
``--format json``), until Ctrl-C. When the root goes away the output says the last report is stale, and a full
report follows when it is back."""

from __future__ import annotations

import os
import sys
import time
from typing import IO

from ..core.base.text import safe_text
from ..core.base.version import __version__
from ..core.lint.session import Session
from ..core.model.roots import LoadError
from ..core.services import report
from ..core.services.watch import RootBack, RootMissing, Watcher
from .text import render_text

__all__ = ["run_watch"]


def _emit(args, session_result, out: IO[str], config) -> None:

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
        render_text(project, diags, out, color=color, root_given=os.path.abspath(args.path))
        stamp = time.strftime("%H:%M:%S")
        kind = "checked" if session_result.full else f"re-checked {len(session_result.changed_files)} change(s)"
        out.write(f"\n[{stamp}] {kind} in {session_result.elapsed_ms:.0f} ms; watching for changes (Ctrl-C stops)\n")
    out.flush()


def _emit_missing(args, event: RootMissing, out: IO[str]) -> None:
    """Say that the root is gone and that the last report no longer describes anything on disk."""
    root_given = os.path.abspath(args.path)
    msg = (
        f"{root_given} is gone: the last report is stale. Watching {event.watching} until it is back; "
        "a new report follows then"
    )
    if args.format in ("json", "sarif"):
        import json

        data = {
            "tool": {"name": "plugin-tui", "version": __version__},
            "root": root_given,
            "status": "root_missing",
            "watching": str(event.watching),
            "message": msg,
        }
        out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    elif args.format == "github":
        out.write(f"::warning title=plugin-tui::{safe_text(msg)}\n")
    else:
        out.write(f"\n[{time.strftime('%H:%M:%S')}] {safe_text(msg)} (Ctrl-C stops)\n")
    out.flush()


def run_watch(args, config, out: IO[str] | None = None, environ: dict[str, str] | None = None) -> int:
    """Report, then report again after every change under the root, until Ctrl-C (exit 0).

    ``environ``: what the checks see (the CLI adds the names of ``--env-file``); default, this process's.
    When the root goes away the output says so (the last report is stale) and a full report follows when it
    is back."""

    out = out or sys.stdout
    environ = dict(os.environ) if environ is None else environ
    root = args.path
    session = Session(root, config, environ)
    try:
        with Watcher(root) as watcher:
            result = None if watcher.missing else session.full()
            if result is not None:
                _emit(args, result, out, config)
            while True:
                batch = watcher.next_batch()
                if batch is None:
                    return 0
                if isinstance(batch, RootMissing):
                    session.project = None
                    _emit_missing(args, batch, out)
                    continue
                try:
                    result = session.full() if isinstance(batch, RootBack) else session.update(batch)
                except LoadError as exc:  # unreadable, or gone again already (the watcher tells which next)
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
