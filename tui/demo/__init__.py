"""The bundled demo plugin: a small plugin with planted problems in every component kind."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO

DEMO_DIR = Path(__file__).resolve().parent / "plugin"
EXECUTABLES = ("hooks/scripts/guard.sh", "bin/api-kit-status")
NOT_EXECUTABLE = ("hooks/scripts/format.sh",)  # planted: a hook script without the executable bit
PREFIX = "plugin-tui-demo-"


def copy_demo(dest: Path | None = None) -> Path:
    """Copy the demo plugin into a fresh temp folder (or ``dest``) and return the plugin root."""
    base = Path(tempfile.mkdtemp(prefix=PREFIX)) if dest is None else Path(dest)
    root = base / "api-kit"
    shutil.copytree(DEMO_DIR, root, dirs_exist_ok=True)
    # wheels do not keep the executable bit reliably: set it where the demo means it
    for rel in EXECUTABLES:
        p = root / rel
        if p.exists():
            p.chmod(0o755)
    for rel in NOT_EXECUTABLE:
        p = root / rel
        if p.exists():
            p.chmod(0o644)
    return root


def _state(root: Path) -> dict[str, tuple]:
    """What a user could have changed in the copy: every path's type, permission bits and content (not times)."""
    out: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            st = os.lstat(p)
            if stat.S_ISREG(st.st_mode):
                out[rel] = ("file", stat.S_IMODE(st.st_mode), hashlib.sha256(p.read_bytes()).hexdigest())
            elif stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(p))
            else:
                out[rel] = ("dir" if stat.S_ISDIR(st.st_mode) else "other", stat.S_IMODE(st.st_mode))
    return out


class DemoCopy:
    """The temp copy ``plugin-tui --demo`` opens: removed when the explorer exits, unless the user changed
    something in it (a fix, an edit, a new component), then kept and its path said on stderr."""

    def __init__(self, root: Path, remove: Path | None = None) -> None:
        self.root = root
        self.remove = remove if remove is not None else root  # what goes when unchanged (the temp folder)
        self._initial = _state(root)
        self._done = False

    @classmethod
    def create(cls, dest: Path | None = None) -> DemoCopy:
        """A fresh copy in a new temp folder (inside ``dest`` when given), removed with that folder."""
        base = Path(tempfile.mkdtemp(prefix=PREFIX, dir=dest))
        demo = cls(copy_demo(base), remove=base)
        atexit.register(demo.finish)  # also when the explorer ends by an exception
        return demo

    def changed(self) -> bool:
        try:
            return _state(self.root) != self._initial
        except OSError:
            return True

    def finish(self, err: IO[str] | None = None) -> bool:
        """Remove the copy, or keep it when it was changed and say where (once). True when it was kept."""
        if self._done:
            return False
        self._done = True
        if self.root.is_dir() and self.changed():
            err = err or sys.stderr
            try:
                err.write(f"plugin-tui: the demo copy was changed; kept at {self.root}\n")
                err.flush()
            except (OSError, ValueError):
                pass
            return True
        shutil.rmtree(self.remove, ignore_errors=True)
        return False
