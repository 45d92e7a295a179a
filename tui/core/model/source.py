"""Reading one source file and parsing it by kind: the one reader the loader, the rules' ``ctx.file`` and the
incremental session share.

``kind_for(rel)`` says how a path is parsed (JSON, Markdown with frontmatter, or text). ``SourceReader.file``
reads it once per project (symlinks and special files become a problem on the file, never a read), keeps the
problem's position and the BOM flag, and goes through a ``ParseCache`` when one is given (watch mode reuses
parsed files whose stat stamp is unchanged).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ..parse import frontmatter as fmmod
from ..parse.fsread import FileIndex, normalize, read_text
from ..parse.jsonpos import parse_json
from .plugin import SourceFile

__all__ = ["Stamp", "RACY_NS", "ParseCache", "kind_for", "SourceReader"]


@dataclass(frozen=True, slots=True)
class Stamp:
    """What says a file is unchanged: modification time, size and inode."""

    mtime_ns: int
    size: int
    ino: int


RACY_NS = 1_000_000_000  # files modified more recently than this are not cached (see ParseCache.put)


class ParseCache:
    """Parsed files keyed by absolute path and stat stamp, reused across loads (watch mode).

    A file modified less than ``RACY_NS`` before it was cached is "racily clean" (as git calls it): a
    rewrite of the same size within the same tick of the file clock would leave its stamp unchanged.
    Such an entry is verified by comparing the file's text before it is reused, until a check made
    after the window has passed confirms it.
    """

    def __init__(self) -> None:
        self._files: dict[str, tuple[Stamp, SourceFile, bool]] = {}
        self.hits = 0
        self.misses = 0

    def get(self, abs_path: str, stamp: Stamp) -> SourceFile | None:
        hit = self._files.get(abs_path)
        if hit is not None and hit[0] == stamp:
            if hit[2]:  # racy: reuse only if the text on disk is still the cached one
                now = time.time_ns()
                res = read_text(Path(abs_path))
                if res.problem is not None or res.text != hit[1].text:
                    self._files.pop(abs_path, None)
                    self.misses += 1
                    return None
                if now - stamp.mtime_ns >= RACY_NS:
                    self._files[abs_path] = (stamp, hit[1], False)
            self.hits += 1
            return hit[1]
        self.misses += 1
        return None

    def put(self, abs_path: str, stamp: Stamp, sf: SourceFile) -> None:
        self._files[abs_path] = (stamp, sf, time.time_ns() - stamp.mtime_ns < RACY_NS)

    def forget(self, abs_path: str) -> None:
        self._files.pop(abs_path, None)


def kind_for(rel: str) -> str:
    """How a file is parsed: ``json``, ``markdown`` (frontmatter and body) or ``text``."""
    low = rel.lower()
    if low.endswith(".json"):
        return "json"
    if low.endswith((".md", ".markdown")):
        return "markdown"
    return "text"


_LINK_PROBLEMS = {
    "loop": "is a symlink loop",
    "missing": "is a dangling symlink (its target does not exist)",
    "outside": "is a symlink to a path outside the root; it was not followed",
    "dir": "is a directory where a file was expected",
}


class SourceReader:
    """Reads the files of one walked root, each once (``files`` keeps them by root-relative path)."""

    def __init__(
        self, root: Path, index: FileIndex, cache: ParseCache | None = None, files: dict[str, SourceFile] | None = None
    ) -> None:
        self.root = root
        self.index = index
        self.cache = cache
        self.root_str = str(root)
        self.files: dict[str, SourceFile] = {} if files is None else files

    def file(self, rel: str, kind: str | None = None) -> SourceFile:
        """The file at ``rel``, read and parsed by ``kind`` (default: ``kind_for(rel)``). A path the walk did not
        see as a regular file is still returned, with its ``problem`` set."""
        rel = normalize(rel)
        sf = self.files.get(rel)
        if sf is not None:
            return sf
        kind = kind or kind_for(rel)
        e = self.index.entries.get(rel)
        stamp = Stamp(e.mtime_ns, e.size, e.ino) if e is not None else None
        key = f"{self.root_str}/{rel}"
        if self.cache is not None and stamp is not None:
            hit = self.cache.get(key, stamp)
            if hit is not None and hit.kind == kind:
                self.files[rel] = hit
                return hit
        abs_path = self.root / rel
        sf = SourceFile(rel=rel, abs=abs_path, kind=kind)
        if e is not None:
            sf.mode = e.mode
        if e is not None and e.kind == "symlink" and e.link_kind not in ("file",):
            sf.problem = _LINK_PROBLEMS.get(e.link_kind or "", f"is a symlink to a {e.link_kind}; it was not opened")
        elif e is not None and e.kind not in ("file", "symlink"):
            sf.problem = (
                "is a directory where a file was expected"
                if e.kind == "dir"
                else f"is a {e.kind}, not a regular file; it was not opened"
            )
        else:
            res = read_text(abs_path)
            sf.text, sf.problem = res.text, res.problem
            sf.problem_line, sf.problem_column = res.problem_line, res.problem_column
            sf.bom, sf.size, sf.mtime_ns = res.bom, res.size, res.mtime_ns
            if sf.text is not None:
                if kind == "json":
                    sf.json = parse_json(sf.text)
                    sf.bom = sf.bom or sf.json.bom
                elif kind == "markdown":
                    sf.fm = fmmod.split(sf.text)
        self.files[rel] = sf
        # cache only what was read in the state the walk saw: a file rewritten in between (an editor
        # caught half-way through a save) is read again next time instead of keeping a phantom problem
        if (
            self.cache is not None
            and stamp is not None
            and sf.problem is None
            and sf.size == stamp.size
            and sf.mtime_ns == stamp.mtime_ns
        ):
            self.cache.put(key, stamp, sf)
        return sf

    def existing_file(self, rel: str, kind: str | None = None) -> SourceFile | None:
        """Like ``file``, but None when the walk saw no regular file there (what rules ask for: "read this file
        if the plugin has it")."""
        rel = normalize(rel)
        sf = self.files.get(rel)
        if sf is not None:
            return sf
        e = self.index.entries.get(rel)
        if e is None or not e.is_file:
            return None
        return self.file(rel, kind)
