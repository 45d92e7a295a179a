"""Applying fixes: atomically, refusing stale files, with an exact undo and previews as diffs.

Writing is atomic (a temp file in the same folder, fsync, rename) and keeps the file's mode and, where permitted,
its owner. Every apply returns an :class:`UndoRecord` holding the exact previous bytes and mode of every file it
touched; :func:`undo` restores them (refusing when a file changed after the fix). :class:`UndoStack` keeps several
levels. A fix whose file changed on disk since it was parsed is refused with :class:`StaleFileError`.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.fixtypes import ChmodEdit, CreateFile, Edit, Fix, TextEdit

__all__ = [
    "FixError",
    "StaleFileError",
    "FixConflictError",
    "FileState",
    "UndoRecord",
    "UndoStack",
    "apply_fix",
    "ApplyResult",
    "apply_fixes",
    "undo",
    "preview_record",
    "preview",
    "preview_many",
    "atomic_write",
]


# ----------------------------------------------------------------------------------------------------------------
# errors


class FixError(Exception):
    """A fix could not be applied; nothing was written."""


class StaleFileError(FixError):
    """A file changed on disk since it was parsed: re-check, then fix again."""


class FixConflictError(FixError):
    """Two edits of one fix overlap."""


# ----------------------------------------------------------------------------------------------------------------
# undo records


@dataclass(frozen=True, slots=True)
class FileState:
    """One file before and after a fix. ``before is None``: the fix created it."""

    path: str  # relative to the root
    abs: Path  # the real file written (symlinks inside the root are written through)
    before: bytes | None
    before_mode: int | None
    after: bytes
    after_mode: int


@dataclass(frozen=True)
class UndoRecord:
    root: Path
    title: str
    files: tuple[FileState, ...]

    @property
    def paths(self) -> list[str]:
        return [f.path for f in self.files]


class UndoStack:
    """The last applied fixes, newest last; ``undo()`` reverts the newest one."""

    def __init__(self, depth: int = 50) -> None:
        self.depth = depth
        self._items: list[UndoRecord] = []

    def push(self, record: UndoRecord | None) -> None:
        if record is None or not record.files:
            return
        self._items.append(record)
        del self._items[: -self.depth]

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def peek(self) -> UndoRecord | None:
        return self._items[-1] if self._items else None

    def undo(self) -> UndoRecord | None:
        """Revert the newest record (it leaves the stack only when the undo succeeded)."""
        if not self._items:
            return None
        rec = self._items[-1]
        undo(rec)
        self._items.pop()
        return rec

    def drop(self) -> UndoRecord | None:
        """Remove the newest record without reverting it (its undo was refused: a file changed since the fix)."""
        return self._items.pop() if self._items else None

    def clear(self) -> None:
        self._items.clear()


# ----------------------------------------------------------------------------------------------------------------
# applying


def _root_of(project_or_root: Any) -> Path:
    if isinstance(project_or_root, (str, os.PathLike)):
        return Path(project_or_root).resolve()
    return Path(project_or_root.root).resolve()  # a Project


def _resolve(root: Path, rel: str, *, must_exist: bool = True) -> Path:
    """The real path for ``rel``, refusing anything outside the root or not a regular file."""
    if not rel or rel.startswith("/") or "\\" in rel or any(p in ("", ".", "..") for p in rel.split("/")):
        raise FixError(f"{rel!r}: not a plain relative path")
    p = root / rel
    if not must_exist:
        real_parent = Path(os.path.realpath(p.parent))
        if real_parent != root and root not in real_parent.parents:
            raise FixError(f"{rel}: outside the project folder")
        return real_parent / p.name
    real = Path(os.path.realpath(p))
    if real != root and root not in real.parents:
        raise FixError(f"{rel}: resolves outside the project folder; not written")
    try:
        st = os.stat(real)
    except FileNotFoundError:
        raise StaleFileError(f"{rel}: the file no longer exists") from None
    except OSError as exc:
        raise FixError(f"{rel}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise FixError(f"{rel}: not a regular file; not written")
    return real


def _read_bytes(path: Path, rel: str) -> tuple[bytes, os.stat_result]:
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            return fh.read(), st
    except FileNotFoundError:
        raise StaleFileError(f"{rel}: the file no longer exists") from None
    except OSError as exc:
        raise FixError(f"{rel}: {exc.strerror or exc}") from None


def _overlaps(a: TextEdit, b: TextEdit) -> bool:
    if a.start == b.start:
        return True  # two insertions (or an insertion and a replacement) at one place: order is ambiguous
    return a.start < b.end and b.start < a.end


def _apply_text(text: str, edits: list[TextEdit]) -> str:
    out = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[pos : e.start])
        out.append(e.new_text)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


@dataclass
class _Plan:
    """What one file becomes."""

    rel: str
    abs: Path | None = None
    text_edits: list[TextEdit] = field(default_factory=list)
    chmod: ChmodEdit | None = None
    create: CreateFile | None = None
    before: bytes | None = None
    before_mode: int | None = None
    uid: int = -1
    gid: int = -1
    after: bytes | None = None
    after_mode: int | None = None

    def state(self) -> FileState:
        """The file before and after, once the plan is computed."""
        assert self.abs is not None and self.after is not None and self.after_mode is not None
        return FileState(self.rel, self.abs, self.before, self.before_mode, self.after, self.after_mode)


def _plan(root: Path, edits: list[Edit]) -> dict[str, _Plan]:
    """Check every edit against the disk and compute every file's new bytes; raise before anything is written."""
    plans: dict[str, _Plan] = {}
    for e in edits:
        p = plans.setdefault(e.path, _Plan(e.path))
        if isinstance(e, TextEdit):
            for other in p.text_edits:
                if _overlaps(e, other):
                    raise FixConflictError(f"{e.path}: two edits overlap at offset {e.start}")
            p.text_edits.append(e)
        elif isinstance(e, ChmodEdit):
            p.chmod = e
        elif isinstance(e, CreateFile):
            p.create = e
        else:  # pragma: no cover
            raise FixError(f"unknown edit {e!r}")
    for rel, p in plans.items():
        if p.create is not None:
            if p.text_edits or p.chmod:
                raise FixConflictError(f"{rel}: a created file cannot also be edited in the same fix")
            p.abs = _resolve(root, rel, must_exist=False)
            if os.path.lexists(p.abs):
                raise StaleFileError(f"{rel}: already exists; not overwritten")
            p.after = p.create.text.encode("utf-8")
            p.after_mode = 0o755 if p.create.executable else 0o644
            continue
        p.abs = _resolve(root, rel)
        data, st = _read_bytes(p.abs, rel)
        p.before, p.before_mode, p.uid, p.gid = data, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid
        after = data
        if p.text_edits:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise StaleFileError(f"{rel}: changed on disk since it was checked (no longer UTF-8)") from None
            for e in p.text_edits:
                if e.original is not None and e.original != text:
                    raise StaleFileError(f"{rel}: changed on disk since it was checked; re-check, then fix again")
                if e.end > len(text):
                    raise StaleFileError(f"{rel}: changed on disk since it was checked")
            after = _apply_text(text, p.text_edits).encode("utf-8")
        p.after = after
        p.after_mode = p.chmod.new_mode(p.before_mode) if p.chmod else p.before_mode
    return plans


def atomic_write(path: Path, data: bytes, mode: int, uid: int = -1, gid: int = -1) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder, fsync, rename; keep mode and owner."""
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".plugin-tui.tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            if uid != -1 or gid != -1:
                try:
                    os.fchown(fh.fileno(), uid, gid)
                except (PermissionError, AttributeError, OSError):
                    pass  # not ours to give away; the mode is still kept
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        dfd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def _write_plan(p: _Plan) -> None:
    assert p.abs is not None and p.after is not None and p.after_mode is not None
    if p.create is not None:
        p.abs.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(p.abs, p.after, p.after_mode)
    elif p.after != p.before:
        atomic_write(p.abs, p.after, p.after_mode, p.uid, p.gid)
    elif p.after_mode != p.before_mode:
        os.chmod(p.abs, p.after_mode)


def _commit(root: Path, title: str, plans: dict[str, _Plan]) -> UndoRecord:
    done: list[_Plan] = []
    try:
        for p in plans.values():
            if p.after == p.before and p.after_mode == p.before_mode:
                continue
            _write_plan(p)
            done.append(p)
    except OSError as exc:
        for p in reversed(done):  # leave the tree as it was
            try:
                _restore(p.abs, p.before, p.before_mode, p.after_mode)
            except OSError:
                pass
        raise FixError(f"could not write: {exc.strerror or exc}") from None
    states = tuple(p.state() for p in done)
    return UndoRecord(root=root, title=title, files=states)


def apply_fix(fix: Fix, project_or_root: Any) -> UndoRecord:
    """Apply one fix atomically per file; all files are checked before any is written.

    Raises :class:`StaleFileError` when a file changed on disk since it was parsed (re-check, then fix again),
    :class:`FixError` for anything else; nothing is written then.
    """
    root = _root_of(project_or_root)
    plans = _plan(root, fix.edits)
    return _commit(root, fix.title, plans)


@dataclass
class ApplyResult:
    """What :func:`apply_fixes` did."""

    record: UndoRecord | None
    applied: list = field(default_factory=list)  # the fixes (or diagnostics) written
    skipped: list = field(default_factory=list)  # (item, reason): overlaps, stale files, errors

    @property
    def files(self) -> list[str]:
        return self.record.paths if self.record else []


def _fix_of(item: Any) -> Fix | None:
    return item if isinstance(item, Fix) else getattr(item, "fix", None)


def apply_fixes(
    items: Iterable[Any], project_or_root: Any, *, title: str | None = None, dry_run: bool = False
) -> ApplyResult:
    """Apply several fixes (or diagnostics carrying fixes) in one batch with one undo record.

    A fix whose edits overlap an edit already taken in this batch, or whose file is stale, is skipped (with its
    reason) and the rest still apply; re-check and run again to pick up the skipped ones. With ``dry_run``
    nothing is written (``record`` is still computed: its ``after`` bytes are what would be written).
    """
    root = _root_of(project_or_root)
    taken: list[Edit] = []
    res = ApplyResult(record=None)
    seen: dict[int, bool] = {}  # one fix shared by several diagnostics is applied once, and counts for each
    for item in items:
        fx = _fix_of(item)
        if fx is None:
            continue
        if id(fx) in seen:
            if seen[id(fx)]:
                res.applied.append(item)
            continue
        seen[id(fx)] = False
        edits = fx.edits
        if not edits:
            res.skipped.append((item, "the fix has nothing to change"))
            continue
        new_text = [e for e in edits if isinstance(e, TextEdit)]
        clash = False
        for e in new_text:
            for t in taken:
                if isinstance(t, TextEdit) and t.path == e.path and _overlaps(e, t):
                    clash = True
        for c in edits:
            if isinstance(c, CreateFile) and any(t.path == c.path for t in taken):
                clash = True
        if clash:
            res.skipped.append((item, "overlaps another fix in this batch; re-check and fix again"))
            continue
        # dedupe identical chmods
        extra = [
            e
            for e in edits
            if not (isinstance(e, ChmodEdit) and any(isinstance(t, ChmodEdit) and t.path == e.path for t in taken))
        ]
        try:
            _plan(root, taken + extra)
        except FixError as exc:
            res.skipped.append((item, str(exc)))
            continue
        taken.extend(extra)
        res.applied.append(item)
        seen[id(fx)] = True
    if not taken:
        return res
    plans = _plan(root, taken)
    first = _fix_of(res.applied[0])
    label = title or (first.title if first is not None and len(res.applied) == 1 else f"{len(res.applied)} fixes")
    if dry_run:
        states = tuple(p.state() for p in plans.values() if (p.after, p.after_mode) != (p.before, p.before_mode))
        res.record = UndoRecord(root=root, title=label, files=states)
        return res
    res.record = _commit(root, label, plans)
    return res


def _restore(path: Path | None, before: bytes | None, before_mode: int | None, after_mode: int | None) -> None:
    if path is None:
        return
    if before is None:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        return
    st = os.stat(path)
    atomic_write(
        path, before, before_mode if before_mode is not None else stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid
    )


def undo(record: UndoRecord) -> None:
    """Restore the exact bytes and mode every file had before the fix.

    Refuses (:class:`StaleFileError`, nothing written) when any file changed after the fix was applied.
    """
    for f in record.files:
        try:
            with open(f.abs, "rb") as fh:
                now, mode = fh.read(), stat.S_IMODE(os.fstat(fh.fileno()).st_mode)
        except FileNotFoundError:
            raise StaleFileError(f"{f.path}: the file no longer exists; cannot undo") from None
        except OSError as exc:
            raise FixError(f"{f.path}: {exc.strerror or exc}") from None
        if now != f.after or mode != f.after_mode:
            raise StaleFileError(f"{f.path}: changed since the fix was applied; not undone")
    for f in reversed(record.files):
        if f.before is not None and f.before == f.after and f.before_mode is not None:
            os.chmod(f.abs, f.before_mode)  # a chmod-only change
        else:
            _restore(f.abs, f.before, f.before_mode, f.after_mode)


# ----------------------------------------------------------------------------------------------------------------
# previews


def _diff_lines(
    rel: str, before: str | None, after: str | None, mode_before: int | None, mode_after: int | None
) -> list[str]:
    out: list[str] = []
    a = f"a/{rel}" if before is not None else "/dev/null"
    b = f"b/{rel}"
    out.append(f"diff --git a/{rel} b/{rel}\n")
    if before is None:
        out.append(f"new file mode {0o100000 | (mode_after or 0o644):o}\n")
    elif mode_before is not None and mode_after is not None and mode_before != mode_after:
        out.append(f"old mode {0o100000 | mode_before:o}\n")
        out.append(f"new mode {0o100000 | mode_after:o}\n")
    if (before or "") != (after or "") or before is None:
        old = (before or "").splitlines(keepends=True)
        new = (after or "").splitlines(keepends=True)
        body = list(difflib.unified_diff(old, new, a, b, n=3))
        for line in body:
            if line.endswith("\n"):
                out.append(line)
            else:
                out.append(line + "\n")
                out.append("\\ No newline at end of file\n")
    return out


def _decode(data: bytes | None) -> str | None:
    if data is None:
        return None
    return data.decode("utf-8", errors="replace")


def preview_record(record: UndoRecord, name: Callable[[str], str] | None = None) -> str:
    """A unified diff of what a (dry-run or applied) record changes. ``name`` turns a root-relative path into the
    one the diff shows (default: root-relative)."""
    out: list[str] = []
    for f in record.files:
        shown = name(f.path) if name is not None else f.path
        out += _diff_lines(shown, _decode(f.before), _decode(f.after), f.before_mode, f.after_mode)
    return "".join(out)


def preview(fix: Fix, project_or_root: Any) -> str:
    """A unified diff (git style) of every file the fix changes; a chmod shows as ``old mode``/``new mode``.

    Computed from the disk as it is now; a stale file shows as a one-line ``# cannot apply`` note instead.
    """
    return preview_many([fix], project_or_root)


def preview_many(items: Iterable[Any], project_or_root: Any) -> str:
    """The combined diff of several fixes (overlapping ones are left out, as :func:`apply_fixes` would)."""
    items = list(items)
    try:
        res = apply_fixes(items, project_or_root, dry_run=True)
    except FixError as exc:
        return f"# cannot apply: {exc}\n"
    text = preview_record(res.record) if res.record else ""
    for item, reason in res.skipped:
        fx = _fix_of(item)
        text += f"# cannot apply: {fx.title if fx else item}: {reason}\n"
    return text
