"""Reading a plugin tree safely.

- One walk of the root: ``.git`` and ``node_modules`` are skipped, symlinks are recorded but never
  followed out of the root or around a loop, FIFOs, sockets and devices are never opened.
- Files are read once, with a size cap; binary and non-UTF-8 content is reported, not decoded into junk.
- Every problem becomes a ``problem`` string on the entry; nothing here raises on bad input.
"""

from __future__ import annotations

import builtins
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 1024 * 1024  # component files larger than this are not read (Claude Code caps at 1 MiB)
MAX_ENTRIES = 200_000  # walk cap
MAX_DEPTH = 64
SKIP_DIRS = frozenset({".git", "node_modules", ".hg", ".svn", "__pycache__", ".venv", "venv", ".tox"})


@dataclass(slots=True)
class Entry:
    """One path under the root, as the walk saw it."""

    rel: str  # posix, relative to the walk root
    kind: str  # "file" | "dir" | "symlink" | "fifo" | "socket" | "device" | "other"
    mode: int = 0
    size: int = 0
    mtime_ns: int = 0
    ino: int = 0
    ctime_ns: int = 0  # status change (a write, a chmod, a utime): the result cache trusts a stamp with it
    link_target: str | None = None  # raw readlink for symlinks
    link_kind: str | None = None  # what the symlink resolves to: file/dir/missing/loop/outside
    link_rel: str | None = None  # resolved target relative to the root, when inside

    @property
    def executable(self) -> bool:
        return bool(self.mode & 0o111)

    @property
    def is_file(self) -> bool:
        return self.kind == "file" or (self.kind == "symlink" and self.link_kind == "file")

    @property
    def is_dir(self) -> bool:
        return self.kind == "dir" or (self.kind == "symlink" and self.link_kind == "dir")


@dataclass
class FileIndex:
    root: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)  # dir rel -> child names (sorted)
    truncated: bool = False
    problems: list[tuple[str, str]] = field(default_factory=list)  # (rel, message)
    skipped: list[str] = field(default_factory=list)  # paths left out by name (.git, node_modules …), as seen

    def get(self, rel: str) -> Entry | None:
        return self.entries.get(_norm(rel))

    def exists(self, rel: str) -> bool:
        return _norm(rel) in self.entries or _norm(rel) == ""

    def is_file(self, rel: str) -> bool:
        e = self.get(rel)
        return bool(e and e.is_file)

    def is_dir(self, rel: str) -> bool:
        rel = _norm(rel)
        if rel == "":
            return True
        e = self.entries.get(rel)
        return bool(e and e.is_dir)

    def list(self, rel: str) -> builtins.list[str]:
        """Names inside a (real) directory."""
        return self.children.get(_norm(rel), [])

    # `builtins.list`: in the class body `list` is the method above
    def walk_files(self, rel: str, suffix: str | None = None, recursive: bool = True) -> builtins.list[str]:
        """Files under a directory (relative to the root), sorted, optionally by suffix (case-insensitive).

        Directory symlinks are not followed (Claude Code's validator reads nothing behind them). Every other
        non-directory entry is listed (file symlinks, and also FIFOs or dangling links, which the reader reports).
        """
        out: list[str] = []
        stack = [_norm(rel)]
        while stack:
            d = stack.pop()
            for name in self.children.get(d, []):
                child = f"{d}/{name}" if d else name
                ce = self.entries[child]
                if ce.kind == "dir":
                    if recursive:
                        stack.append(child)
                elif not ce.is_dir and (suffix is None or name.lower().endswith(suffix)):
                    # FIFOs, sockets and broken links are listed too: the reader reports them, never opens them
                    out.append(child)
        out.sort()
        return out

    def abs(self, rel: str) -> Path:
        return self.root / rel if rel else self.root


def _norm(rel: str) -> str:
    # fast path: already normal (no backslash, no empty, "." or ".." segment, no leading/trailing slash)
    if rel and "\\" not in rel and "//" not in rel and "./" not in rel and rel[0] != "/" and rel[-1] not in "/.":
        return rel
    rel = rel.replace("\\", "/")
    parts: list[str] = []
    for p in rel.split("/"):
        if p in ("", "."):
            continue
        if p == "..":
            if parts:
                parts.pop()
            else:
                return "../"  # escapes: never an entry
            continue
        parts.append(p)
    return "/".join(parts)


def normalize(rel: str) -> str:
    return _norm(rel)


def _kind(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "other"


def walk(root: Path, max_entries: int = MAX_ENTRIES, start: str = "") -> FileIndex:
    """Index every path under ``root`` without following symlinks.

    ``start`` (a folder relative to the root) walks only that subtree, with paths still relative to
    the root (``refresh`` uses it to re-read a folder that changed).
    """
    root = Path(root)
    idx = FileIndex(root=root)
    try:
        real_root = os.path.realpath(root)
    except OSError:
        real_root = str(root)
    stack: list[tuple[str, int]] = [(start, start.count("/") + 1 if start else 0)]
    count = 0
    modes: dict[int, int] = {}
    while stack:
        rel, depth = stack.pop()
        path = os.path.join(root, rel) if rel else str(root)
        try:
            with os.scandir(path) as it:
                items = list(it)
        except FileNotFoundError:
            continue  # vanished mid-scan
        except NotADirectoryError:
            continue
        except PermissionError:
            idx.problems.append((rel, "permission denied: the folder could not be listed"))
            continue
        except OSError as exc:
            idx.problems.append((rel, f"could not be listed: {exc.strerror or exc}"))
            continue
        names = []
        for de in items:
            name = de.name
            if name in SKIP_DIRS:
                idx.skipped.append(f"{rel}/{name}" if rel else name)  # some rules ask whether they exist
                continue
            child = f"{rel}/{name}" if rel else name
            try:
                st = de.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            except OSError as exc:
                idx.problems.append((child, f"could not be read: {exc.strerror or exc}"))
                continue
            count += 1
            if count > max_entries:
                idx.truncated = True
                break
            kind = _kind(st.st_mode)
            mtime_ns = st.st_mtime_ns
            ctime_ns = st.st_ctime_ns
            mode = st.st_mode & 0o7777
            e = Entry(
                rel=child,
                kind=kind,
                mode=modes.setdefault(mode, mode),  # a handful of modes: one int object each, not one per path
                size=st.st_size,
                mtime_ns=mtime_ns,
                ino=st.st_ino,
                ctime_ns=mtime_ns if ctime_ns == mtime_ns else ctime_ns,  # one int object when equal (most files)
            )
            if kind == "symlink":
                _resolve_link(root, real_root, e)
            idx.entries[child] = e
            names.append(name)
            if kind == "dir":
                if depth + 1 > MAX_DEPTH:
                    idx.problems.append((child, f"nested deeper than {MAX_DEPTH} folders; not read"))
                else:
                    stack.append((child, depth + 1))
        names.sort()
        idx.children[rel] = names
        if idx.truncated:
            idx.problems.append((rel, f"more than {max_entries} entries under the root; the rest was not read"))
            break
    return idx


def walk_some(root: Path, folders: Iterable[str], files: Iterable[str] = ()) -> FileIndex:
    """Index only some folders (each walked whole, as ``walk`` walks) and single files under ``root``.

    Paths stay relative to ``root``; the folders that lead to them get entries too, and their ``children``
    name only what is included. A path that is missing is left out; one that is not what was asked for (a file
    given as a folder) is indexed as what it is. Used where a root holds much that is no one's business (Claude
    Code's plugins folder: only the installed copies are read, not every version or marketplace clone).
    """
    root = Path(root)
    idx = FileIndex(root=root)
    try:
        real_root = os.path.realpath(root)
    except OSError:
        real_root = str(root)

    def entry(rel: str) -> Entry | None:
        try:
            st = os.lstat(os.path.join(root, rel))
        except OSError:
            return None  # missing (or unreadable: the caller says what that means)
        e = Entry(
            rel=rel,
            kind=_kind(st.st_mode),
            mode=st.st_mode & 0o7777,
            size=st.st_size,
            mtime_ns=st.st_mtime_ns,
            ino=st.st_ino,
        )
        if e.kind == "symlink":
            _resolve_link(root, real_root, e)
        return e

    kids: dict[str, set[str]] = {}
    walked: set[str] = set()
    wanted = [(_norm(r), True) for r in folders] + [(_norm(r), False) for r in files]
    for rel, is_folder in wanted:
        if not rel or rel.startswith("../") or _skipped(rel) or rel in idx.entries:
            continue
        e = entry(rel)
        if e is None:
            continue
        parts = rel.split("/")
        ancestors = ["/".join(parts[:i]) for i in range(1, len(parts))]
        if any(a in walked for a in ancestors):
            continue  # inside a folder already walked whole
        for a in ancestors:
            if a not in idx.entries:
                ae = entry(a)
                if ae is None:
                    break
                idx.entries[a] = ae
        else:
            idx.entries[rel] = e
            for i, name in enumerate(parts):
                kids.setdefault("/".join(parts[:i]), set()).add(name)
            if is_folder and e.kind == "dir":
                sub = walk(root, start=rel)
                idx.entries.update(sub.entries)
                idx.children.update(sub.children)
                idx.problems.extend(sub.problems)
                idx.truncated = idx.truncated or sub.truncated
                walked.add(rel)
    for parent, names in kids.items():
        if parent not in walked:
            idx.children[parent] = sorted(names | set(idx.children.get(parent, ())))
    return idx


def _resolve_link(root: Path, real_root: str, e: Entry) -> None:
    full = os.path.join(root, e.rel)
    try:
        e.link_target = os.readlink(full)
    except OSError:
        e.link_target = None
    try:
        target = os.path.realpath(full, strict=True)
    except OSError as exc:
        # ELOOP or a missing target
        e.link_kind = "loop" if getattr(exc, "errno", None) == 40 else "missing"
        return
    except RuntimeError:  # pragma: no cover - older Pythons signal loops this way
        e.link_kind = "loop"
        return
    if target != real_root and not target.startswith(real_root.rstrip(os.sep) + os.sep):
        e.link_kind = "outside"
        return
    try:
        st = os.stat(target)
    except OSError:
        e.link_kind = "missing"
        return
    e.link_rel = os.path.relpath(target, real_root).replace(os.sep, "/")
    if e.link_rel == ".":
        e.link_rel = ""
    k = _kind(st.st_mode)
    if k == "dir":
        # a link to an ancestor (or itself) would make a loop for a walker that follows links
        if e.link_rel == "" or e.rel.startswith(e.link_rel + "/"):
            e.link_kind = "loop"
            return
        e.mode = st.st_mode & 0o7777
        e.link_kind = "dir"
    elif k == "file":
        e.mode = st.st_mode & 0o7777
        e.size = st.st_size
        e.mtime_ns = st.st_mtime_ns
        e.link_kind = "file"
    else:
        e.link_kind = k  # fifo / socket / device behind a link


@dataclass(slots=True)
class ReadResult:
    text: str | None
    problem: str | None = None
    problem_line: int | None = None
    problem_column: int | None = None
    size: int = 0
    mtime_ns: int = 0
    bom: bool = False
    data: bytes | None = None


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> ReadResult:
    """Read a regular file as UTF-8 text, refusing anything that is not a small regular text file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return ReadResult(None, "the file vanished while it was being read")
    except OSError as exc:
        return ReadResult(None, _oserror(exc))
    kind = _kind(st.st_mode)
    if kind == "dir":
        return ReadResult(None, "is a directory where a file was expected")
    if kind != "file":
        return ReadResult(None, f"is a {kind}, not a regular file; it was not opened")
    if st.st_size > max_bytes:
        return ReadResult(
            None,
            f"is {st.st_size:,} bytes, over the {max_bytes:,}-byte limit; it was not read",
            size=st.st_size,
            mtime_ns=st.st_mtime_ns,
        )
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return ReadResult(None, "the file vanished while it was being read")
    except OSError as exc:
        return ReadResult(None, _oserror(exc))
    try:
        fst = os.fstat(fd)
        if not stat.S_ISREG(fst.st_mode):
            return ReadResult(None, "changed into a non-regular file while it was being read")
        chunks = []
        remaining = max_bytes + 1
        while remaining > 0:
            b = os.read(fd, min(remaining, 1 << 20))
            if not b:
                break
            chunks.append(b)
            remaining -= len(b)
        data = b"".join(chunks)
    except OSError as exc:
        return ReadResult(None, _oserror(exc))
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        return ReadResult(
            None,
            f"grew past the {max_bytes:,}-byte limit while it was being read",
            size=len(data),
            mtime_ns=fst.st_mtime_ns,
        )
    res = ReadResult(None, size=len(data), mtime_ns=fst.st_mtime_ns, data=data)
    if b"\x00" in data[:8192]:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            res.problem = "is UTF-16 encoded; Claude Code reads UTF-8 only"
        else:
            res.problem = "is a binary file (it holds NUL bytes), not text"
        return res
    if data.startswith(b"\xef\xbb\xbf"):
        res.bom = True
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        res.problem = f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line})"
        res.problem_line, res.problem_column = line, col
        return res
    res.text = text
    return res


def _oserror(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied: the file could not be read"
    if getattr(exc, "errno", None) == 40:
        return "is a symlink loop"
    return f"could not be read: {exc.strerror or exc}"


def entry_stamp(e: Entry | None) -> tuple | None:
    """What identifies the state of one path: a changed stamp means changed content or type.

    Folders are described by their children, so their mtime is left out.
    """
    if e is None:
        return None
    if e.kind == "dir":
        return ("dir", e.mode)
    return (e.kind, e.mode, e.size, e.mtime_ns, e.ino, e.link_kind, e.link_rel, e.link_target)


def _skipped(rel: str) -> bool:
    return rel.startswith("../") or any(part in SKIP_DIRS for part in rel.split("/"))


def refresh(idx: FileIndex, rels: Iterable[str]) -> tuple[FileIndex, set[str]]:
    """A copy of ``idx`` with the paths ``rels`` (relative to the root) read again from disk.

    Only those paths are stat'ed (a folder among them is walked again, and the parent folder is
    re-stat'ed); every symlink is resolved again, since its target may be what changed. ``idx`` is
    not modified. Returns the new index and the paths whose entry changed (added, removed, or a new
    stamp), subtrees included.
    """
    root = idx.root
    new = FileIndex(
        root=root,
        entries=dict(idx.entries),
        children=dict(idx.children),
        truncated=idx.truncated,
        problems=list(idx.problems),
    )
    entries, children = new.entries, new.children
    try:
        real_root = os.path.realpath(root)
    except OSError:
        real_root = str(root)
    changed: set[str] = set()
    tops: set[str] = set()
    reported: set[str] = set()
    for rel in rels:
        rel = _norm(rel)
        if rel == "" or _skipped(rel):
            continue
        reported.add(rel)
        # a path below something that is not (or no longer) a folder in the index: refresh that ancestor
        while "/" in rel:
            parent = rel.rsplit("/", 1)[0]
            pe = entries.get(parent)
            if pe is not None and pe.kind == "dir":
                break
            rel = parent
        tops.add(rel)
    # outermost first; a path inside another refreshed one is covered by the walk of that one
    for rel in sorted(tops, key=lambda r: r.count("/")):
        if any(rel.startswith(t + "/") for t in tops if t != rel and t.count("/") < rel.count("/")):
            continue
        parent, _, name = rel.rpartition("/")
        prefix = rel + "/"
        old = {r: entry_stamp(e) for r, e in entries.items() if r == rel or r.startswith(prefix)}
        for r in old:
            del entries[r]
            children.pop(r, None)
        new.problems = [(r, m) for r, m in new.problems if not (r == rel or r.startswith(prefix))]
        path = os.path.join(root, rel)
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            st = None
            new.problems.append((rel, f"could not be read: {exc.strerror or exc}"))
        names = [n for n in children.get(parent, []) if n != name]
        if st is not None:
            kind = _kind(st.st_mode)
            e = Entry(
                rel=rel,
                kind=kind,
                mode=st.st_mode & 0o7777,
                size=st.st_size,
                mtime_ns=st.st_mtime_ns,
                ino=st.st_ino,
                ctime_ns=st.st_ctime_ns,
            )
            if kind == "symlink":
                _resolve_link(root, real_root, e)
            entries[rel] = e
            names.append(name)
            names.sort()
            if kind == "dir":
                if rel.count("/") + 1 > MAX_DEPTH:
                    new.problems.append((rel, f"nested deeper than {MAX_DEPTH} folders; not read"))
                else:
                    sub = walk(root, start=rel)
                    entries.update(sub.entries)
                    children.update(sub.children)
                    new.problems.extend(sub.problems)
                    new.truncated = new.truncated or sub.truncated
        children[parent] = names
        now = {r: entry_stamp(e) for r, e in entries.items() if r == rel or r.startswith(prefix)}
        changed.update(r for r in old.keys() | now.keys() if old.get(r) != now.get(r))
        # the parent folder's own stat (its mtime moved); its children are what was handled above
        if parent:
            pe = entries.get(parent)
            if pe is not None and pe.kind == "dir":
                try:
                    pst = os.lstat(os.path.join(root, parent))
                    entries[parent] = Entry(
                        rel=parent,
                        kind="dir",
                        mode=pst.st_mode & 0o7777,
                        size=pst.st_size,
                        mtime_ns=pst.st_mtime_ns,
                        ino=pst.st_ino,
                    )
                except OSError:
                    pass
    # a path reported as changed that exists (or existed) counts as changed even with an equal stamp:
    # two saves of the same size within one tick of a coarse file clock leave the stamp unchanged
    changed.update(r for r in reported if r in entries or r in idx.entries)
    if tops:
        for rel, e in list(entries.items()):
            if e.kind != "symlink":
                continue
            e2 = Entry(rel=rel, kind="symlink", mode=e.mode, size=e.size, mtime_ns=e.mtime_ns, ino=e.ino)
            try:
                lst = os.lstat(os.path.join(root, rel))
                e2.mode, e2.size, e2.mtime_ns, e2.ino = lst.st_mode & 0o7777, lst.st_size, lst.st_mtime_ns, lst.st_ino
            except OSError:
                pass
            _resolve_link(root, real_root, e2)
            if entry_stamp(e2) != entry_stamp(e):
                entries[rel] = e2
                changed.add(rel)
    return new, changed
