"""Whether a path can be loaded at all: a stat and an access check, importing nothing heavy.

Split from the loader so the explorer can refuse a bad path with one line before it starts anything (the
loader pulls in the model, YAML and the JSON scanner: ~60 ms the first screen should not wait for).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class LoadError(Exception):
    """The path cannot be loaded at all (missing, not a folder, unreadable)."""


def check_root(path: str | os.PathLike) -> Path:
    """The resolved root folder, or :class:`LoadError` with the one-line reason it cannot be loaded (cheap: a stat
    and an access check, no walk; the TUI calls it before taking over the screen)."""
    root = Path(path)
    try:
        st = os.stat(root)
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file or folder") from None
    except PermissionError:
        raise LoadError(f"{path}: permission denied") from None
    except OSError as exc:
        raise LoadError(f"{path}: {exc.strerror or exc}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise LoadError(f"{path}: is a file, not a folder; give the plugin or marketplace folder")
    if not os.access(root, os.R_OK | os.X_OK):
        raise LoadError(f"{path}: permission denied: the folder cannot be read")
    return root.resolve()
