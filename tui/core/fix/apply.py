"""Applying fixes: atomically, refusing stale files, with an exact undo and previews as diffs.

Writing is atomic (a temp file in the same folder, fsync, rename) and keeps the file's mode and, where permitted,
its owner. Every apply returns an :class:`UndoRecord` holding the exact previous bytes and mode of every file it
touched; :func:`undo` restores them (refusing when a file changed after the fix). :class:`UndoStack` keeps several
levels. A fix whose file changed on disk since it was parsed is refused with :class:`StaleFileError`.

A :class:`RenameFile` edit moves a file inside the root (``os.rename``: atomic on one file system), creating the
folders its new path needs; it is refused when the new path exists, and undone by renaming the file back (and
removing the folders it created, when they are empty). A preview shows it as git does: ``rename from`` /
``rename to``.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.fixtypes import ChmodEdit, CreateFile, Edit, Fix, RenameFile, TextEdit

__all__ = [
    "FixError",
    "StaleFileError",
    "FixConflictError",
    "FileState",
    "RenameState",
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


@dataclass(frozen=True, slots=True)
class RenameState:
    """One file renamed by a fix: ``path`` became ``new_path``; ``made`` are the folders the rename created."""

    path: str
    new_path: str
    src: Path
    dst: Path
    data: bytes  # the content (unchanged by the rename; undo checks it)
    made: tuple[Path, ...] = ()


@dataclass(frozen=True)
class UndoRecord:
    root: Path
    title: str
    files: tuple[FileState, ...]
    renames: tuple[RenameState, ...] = ()

    @property
    def paths(self) -> list[str]:
        out = [f.path for f in self.files]
        for r in self.renames:
            out += [r.path, r.new_path]
        return out


class UndoStack:
    """The last applied fixes, newest last; ``undo()`` reverts the newest one."""

    def __init__(self, depth: int = 50) -> None:
        self.depth = depth
        self._items: list[UndoRecord] = []

    def push(self, record: UndoRecord | None) -> None:
        if record is None or not (record.files or record.renames):
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


def _plan_renames(root: Path, edits: list[Edit]) -> list[RenameState]:
    """Check every rename against the disk (and against the other edits of the batch); raise before anything is
    written."""
    out: list[RenameState] = []
    renames = [e for e in edits if isinstance(e, RenameFile)]
    if not renames:
        return out
    others = {e.path for e in edits if not isinstance(e, RenameFile)}
    names: set[str] = set()
    for r in renames:
        if r.path in others or r.new_path in others:
            raise FixConflictError(f"{r.path}: a renamed file cannot also be edited in the same fix")
        if r.path in names or r.new_path in names or r.path == r.new_path:
            raise FixConflictError(f"{r.path}: renamed twice in one fix")
        names.update((r.path, r.new_path))
        src = _resolve(root, r.path)
        dst = _resolve(root, r.new_path, must_exist=False)
        if os.path.lexists(dst):
            if not _same_file_other_case(src, dst):
                raise StaleFileError(f"{r.new_path}: already exists; {r.path} is not renamed over it")
        data, _st = _read_bytes(src, r.path)
        out.append(RenameState(r.path, r.new_path, src, dst, data))
    return out


def _same_file_other_case(src: Path, dst: Path) -> bool:
    """``dst`` exists only because the file system ignores case and it is ``src`` itself (skill.md → SKILL.md on
    macOS)."""
    try:
        return os.path.samefile(src, dst) and src.name != dst.name and src.name.lower() == dst.name.lower()
    except OSError:
        return False


def _do_rename(r: RenameState) -> RenameState:
    """Rename one file (folders created as needed); the state returned records the folders made."""
    made: list[Path] = []
    parent = r.dst.parent
    missing: list[Path] = []
    while not parent.exists():
        missing.append(parent)
        parent = parent.parent
    for d in reversed(missing):
        d.mkdir()
        made.append(d)
    if _same_file_other_case(r.src, r.dst):  # a case-only rename on a case-insensitive file system: via a temp name
        tmp = r.src.with_name(f".{r.src.name}.plugin-tui.rename")
        os.rename(r.src, tmp)
        os.rename(tmp, r.dst)
    else:
        if os.path.lexists(r.dst):
            raise StaleFileError(f"{r.new_path}: already exists; {r.path} is not renamed over it")
        os.rename(r.src, r.dst)
    _fsync_dir(r.dst.parent)
    _fsync_dir(r.src.parent)
    return RenameState(r.path, r.new_path, r.src, r.dst, r.data, tuple(made))


def _undo_rename(r: RenameState) -> None:
    if os.path.lexists(r.src) and not _same_file_other_case(r.src, r.dst):
        raise StaleFileError(f"{r.path}: exists again; {r.new_path} is not renamed back over it")
    os.rename(r.dst, r.src)
    for d in reversed(r.made):
        try:
            d.rmdir()  # only when empty
        except OSError:
            pass


def _plan(root: Path, edits: list[Edit]) -> dict[str, _Plan]:
    """Check every edit against the disk and compute every file's new bytes; raise before anything is written."""
    plans: dict[str, _Plan] = {}
    for e in edits:
        if isinstance(e, RenameFile):
            continue  # planned by _plan_renames
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


def _commit(root: Path, title: str, plans: dict[str, _Plan], renames: Sequence[RenameState] = ()) -> UndoRecord:
    done: list[_Plan] = []
    moved: list[RenameState] = []
    try:
        for p in plans.values():
            if p.after == p.before and p.after_mode == p.before_mode:
                continue
            _write_plan(p)
            done.append(p)
        for r in renames:
            moved.append(_do_rename(r))
    except OSError as exc:
        for m in reversed(moved):  # leave the tree as it was
            try:
                _undo_rename(m)
            except OSError:
                pass
        for p in reversed(done):
            try:
                _restore(p.abs, p.before, p.before_mode, p.after_mode)
            except OSError:
                pass
        raise FixError(f"could not write: {exc.strerror or exc}") from None
    states = tuple(p.state() for p in done)
    return UndoRecord(root=root, title=title, files=states, renames=tuple(moved))


def apply_fix(fix: Fix, project_or_root: Any) -> UndoRecord:
    """Apply one fix atomically per file; all files are checked before any is written.

    Raises :class:`StaleFileError` when a file changed on disk since it was parsed (re-check, then fix again),
    :class:`FixError` for anything else; nothing is written then.
    """
    root = _root_of(project_or_root)
    plans = _plan(root, fix.edits)
    renames = _plan_renames(root, fix.edits)
    return _commit(root, fix.title, plans, renames)


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
            if isinstance(c, RenameFile) and any(
                t.path in (c.path, c.new_path) or (isinstance(t, RenameFile) and t.new_path in (c.path, c.new_path))
                for t in taken
            ):
                clash = True
            if not isinstance(c, RenameFile) and any(
                isinstance(t, RenameFile) and c.path in (t.path, t.new_path) for t in taken
            ):
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
            _plan_renames(root, taken + extra)
        except FixError as exc:
            res.skipped.append((item, str(exc)))
            continue
        taken.extend(extra)
        res.applied.append(item)
        seen[id(fx)] = True
    if not taken:
        return res
    plans = _plan(root, taken)
    renames = _plan_renames(root, taken)
    first = _fix_of(res.applied[0])
    label = title or (first.title if first is not None and len(res.applied) == 1 else f"{len(res.applied)} fixes")
    if dry_run:
        states = tuple(p.state() for p in plans.values() if (p.after, p.after_mode) != (p.before, p.before_mode))
        res.record = UndoRecord(root=root, title=label, files=states, renames=tuple(renames))
        return res
    res.record = _commit(root, label, plans, renames)
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
    for r in record.renames:
        try:
            with open(r.dst, "rb") as fh:
                now = fh.read()
        except FileNotFoundError:
            raise StaleFileError(f"{r.new_path}: the file no longer exists; cannot undo the rename") from None
        except OSError as exc:
            raise FixError(f"{r.new_path}: {exc.strerror or exc}") from None
        if now != r.data:
            raise StaleFileError(f"{r.new_path}: changed since it was renamed; not renamed back")
        if os.path.lexists(r.src) and not _same_file_other_case(r.src, r.dst):
            raise StaleFileError(f"{r.path}: exists again; {r.new_path} is not renamed back over it")
    for r in reversed(record.renames):
        _undo_rename(r)
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
    for r in record.renames:
        old = name(r.path) if name is not None else r.path
        new = name(r.new_path) if name is not None else r.new_path
        out += [
            f"diff --git a/{old} b/{new}\n",
            "similarity index 100%\n",
            f"rename from {old}\n",
            f"rename to {new}\n",
        ]
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
