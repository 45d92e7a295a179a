"""Load the project in a helper process while the explorer starts, so the first screen does not wait for it.

Opening the explorer costs two things of about the same size: importing Textual and building the app, and
loading the project (walking it, parsing every manifest and frontmatter). In one process they share one core
(the GIL) and slow each other down; here the load runs in a second Python process on another core, started
before Textual is imported. The child pickles ``(project, cache, outline)`` into an unlinked temporary file
(its stdout). When the app mounts, if the child has exited, the explorer reads the file in one call and
unpickles it, so the first frame already shows the tree; otherwise its check worker waits for the child. The
parse cache goes to the session, so the first full check parses nothing again; that check stats every file
anew (the cache is keyed by stat stamp), so an edit made while the helper ran is not missed.
Not for a marketplace: its first tree comes from its marketplace.json (``tui.widgets.outline.first_outline``)
in milliseconds, and the helper only slowed the first screen and the checks there (see ``start``).
A file, not a pipe: a pipe moves the ~8 MB of a big marketplace in 64 KB reads, and each read waits for the
GIL while the UI thread lays out the first screen (measured: ~380 ms instead of ~10 ms).

Any failure (no second core, spawn refused, the child crashed or was killed, a payload from other code)
returns None and the explorer loads in process as before: the helper is an optimisation, never a dependency.
The child only reads files, exactly as the in-process load does; it runs nothing from the plugin.
"""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

MAGIC = "plugin-tui-preload/1"
MARKETPLACE_JSON = os.path.join(".claude-plugin", "marketplace.json")
PACKAGE_DIR = str(Path(__file__).resolve().parent)  # the child must unpickle-compatibly run this very code
# The child runs this very package, loaded from its folder: not another copy earlier on sys.path (an installed
# plugin-tui while this one runs from a checkout, or the reverse), and nothing from its working folder ('' on
# sys.path for ``-c``), which could shadow a module the loader imports.
_BOOT = "; ".join(
    (
        "import sys, importlib.util as u",
        "sys.path[:] = [x for x in sys.path if x not in ('', '.')]",
        "d = sys.argv[1]",
        "s = u.spec_from_file_location('tui', d + '/__init__.py', submodule_search_locations=[d])",
        "m = u.module_from_spec(s)",
        "sys.modules['tui'] = m",
        "s.loader.exec_module(m)",
        "from tui.preload import main",
        "sys.exit(main(sys.argv[2:]))",
    )
)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Preload:
    """A running helper process; ``result()`` waits for its payload (or None when it cannot be used)."""

    def __init__(self, proc: subprocess.Popen, out: Any) -> None:
        self.proc = proc
        self.out = out  # the child's stdout: an unlinked temporary file

    def done(self) -> bool:
        """The helper has exited (``result()`` will not wait)."""
        return self.proc.poll() is not None

    def result(self, timeout: float = 60.0) -> tuple[Any, Any, Any] | None:
        try:
            # stderr is the only pipe: its EOF says the child exited, in one wait that releases the GIL
            self.proc.communicate(timeout=timeout)
        except (subprocess.TimeoutExpired, OSError, ValueError):
            self.close()
            return None
        try:
            if self.proc.returncode != 0:
                return None
            self.out.seek(0)
            data = self.out.read()
        except (OSError, ValueError):
            return None
        finally:
            self._close_out()
        if not data:
            return None
        gc_was = gc.isenabled()
        gc.disable()  # ~10^5 new objects and no garbage among them: collecting meanwhile only costs time
        try:
            payload = pickle.loads(data)
        except Exception:  # a truncated or foreign payload: load in process instead
            return None
        finally:
            if gc_was:
                gc.enable()
        if not (isinstance(payload, tuple) and len(payload) == 5 and payload[:2] == (MAGIC, PACKAGE_DIR)):
            return None
        return payload[2], payload[3], payload[4]

    def kill(self) -> None:
        """Stop the helper without waiting (safe while another thread waits in ``result()``)."""
        if self.proc.poll() is None:
            try:
                self.proc.kill()
            except OSError:
                pass

    def close(self) -> None:
        """Stop the helper if it still runs (the explorer quit before the first paint), reap it, free its file."""
        self.kill()
        try:
            self.proc.communicate(timeout=5)
        except (subprocess.TimeoutExpired, OSError, ValueError):
            pass
        self._close_out()

    def _close_out(self) -> None:
        try:
            self.out.close()
        except OSError:
            pass


def start(root: str | os.PathLike, *, min_cpus: int = 2, marketplaces: bool = False) -> Preload | None:
    """Start loading ``root`` in a helper process; None when it would not help (one core, a marketplace unless
    ``marketplaces``), cannot start, or ``PLUGIN_TUI_PRELOAD=0`` turns it off (the first-screen benchmark
    compares both ways)."""
    if os.environ.get("PLUGIN_TUI_PRELOAD", "1") == "0" or not sys.executable or _cpus() < min_cpus:
        return None  # one core: a second interpreter would only compete with the first
    if not marketplaces and os.path.isfile(os.path.join(root, MARKETPLACE_JSON)):
        # a marketplace's first tree is drawn from its marketplace.json (``first_outline``), in milliseconds:
        # the helper then only delays the first screen (its start competes with Textual's import) and the
        # checks (pickling the model: 89 MB at 1,000 plugins). Measured, medians of 3 alternating runs: first
        # screen 326 vs 406 ms with it at 8 plugins, 353 vs 503 at 91, 526 vs 1,019 at 1,000
        return None
    try:
        out = tempfile.TemporaryFile(prefix="plugin-tui-preload-")
    except OSError:
        return None
    try:
        proc = subprocess.Popen(
            [sys.executable, "-c", _BOOT, PACKAGE_DIR, os.fspath(root)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.PIPE,
            close_fds=True,
        )
    except (OSError, ValueError):
        out.close()
        return None
    return Preload(proc, out)


def payload(root: str) -> tuple:
    from .core.model.loader import load
    from .core.model.source import ParseCache
    from .widgets.outline import build_outline

    cache = ParseCache()
    project = load(root, cache)
    return (MAGIC, PACKAGE_DIR, project, cache, build_outline(project, ()))


def main(argv: list[str]) -> int:
    """The helper: ``python -c _BOOT PACKAGE_DIR ROOT`` writes the pickled payload to stdout."""
    if len(argv) != 1:
        return 2
    try:
        loaded = payload(argv[0])
        # JSON values as deep as the decoder accepts (its limit is this same recursion limit, ~1,000 levels)
        # nest a few pickler calls a level: give the pickler room, the data cannot get any deeper now
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
        data = pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return 1  # the explorer loads in process and reports the problem itself
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except (BrokenPipeError, OSError):  # the explorer quit first
        return 1
    return 0
