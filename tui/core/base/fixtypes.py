"""Fix and edit types: what a rule attaches to a finding.

A :class:`Fix` is a titled list of edits, marked *safe* (the meaning is unchanged: chmod +x, quote a YAML value,
add a missing ``---``) or *unsafe* (it changes meaning or needs a choice). An edit is one of

- :class:`TextEdit` ``(path, start, end, new_text, original)``: replace the characters ``[start, end)`` of the
  text the parser saw (``original``) with ``new_text``. Before writing, the file is re-read; if its text is no
  longer ``original`` (it changed on disk since it was parsed) the fix refuses and the caller re-checks.
- :class:`ChmodEdit` ``(path, add_mode)``: ``chmod +x`` (``add_mode=None`` adds x wherever r is set).
- :class:`CreateFile` ``(path, text)``: create a new file (refuses when it exists).
- :class:`RenameFile` ``(path, new_path)``: rename (move) a file inside the project, creating the folders the new
  path needs (refuses when the new path exists; undo renames it back).

Rules attach fixes where they make the finding: ``ctx.at(..., fix=...)`` with a :class:`Fix`, or a
:class:`LazyFix` whose edits are computed on first use. The builders that compute edits from parser positions are
in ``tui.core.parse.edits``; applying, undo and previews are in ``tui.core.fix``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["TextEdit", "ChmodEdit", "CreateFile", "RenameFile", "Edit", "Fix", "LazyFix", "make_fix"]


@dataclass(frozen=True, slots=True)
class TextEdit:
    """Replace ``original[start:end]`` with ``new_text`` in the file ``path`` (relative to the project root)."""

    path: str
    start: int
    end: int
    new_text: str
    original: str | None = field(default=None, repr=False, compare=False)  # the whole text the offsets refer to

    def __post_init__(self) -> None:
        if not (0 <= self.start <= self.end):
            raise ValueError(f"bad edit range {self.start}..{self.end}")
        if self.original is not None and self.end > len(self.original):
            raise ValueError(f"edit range {self.start}..{self.end} beyond the end of {self.path}")


@dataclass(frozen=True, slots=True)
class ChmodEdit:
    """Add permission bits (``chmod +x``). ``add_mode=None``: execute wherever read is allowed (at least u+x)."""

    path: str
    add_mode: int | None = None

    def new_mode(self, mode: int) -> int:
        mode &= 0o7777
        if self.add_mode is not None:
            return mode | self.add_mode
        return mode | ((mode & 0o444) >> 2) | 0o100


@dataclass(frozen=True, slots=True)
class CreateFile:
    """Create a new file with ``text`` (mode 0644, or 0755 with ``executable``)."""

    path: str
    text: str
    executable: bool = False


@dataclass(frozen=True, slots=True)
class RenameFile:
    """Rename the file ``path`` to ``new_path`` (both relative to the project root); the content and mode stay."""

    path: str
    new_path: str


Edit = TextEdit | ChmodEdit | CreateFile | RenameFile


class Fix:
    """A titled set of edits. ``safe``: meaning unchanged; ``needs_choice``: the user should pick (the CLI skips it)."""

    __slots__ = ("title", "safe", "_edits", "description", "needs_choice")

    def __init__(
        self, title: str, safe: bool, edits: Sequence[Edit] = (), description: str = "", needs_choice: bool = False
    ) -> None:
        self.title = title
        self.safe = bool(safe)
        self._edits: list[Edit] | None = list(edits)
        self.description = description
        self.needs_choice = needs_choice

    @property
    def edits(self) -> list[Edit]:
        return self._edits or []

    @property
    def paths(self) -> list[str]:
        """The files this fix touches, in order of first appearance (a rename touches both of its names)."""
        out: list[str] = []
        for e in self.edits:
            out.append(e.path)
            if isinstance(e, RenameFile):
                out.append(e.new_path)
        return list(dict.fromkeys(out))

    def __bool__(self) -> bool:  # a fix is truthy even before its lazy edits are built
        return True

    def __repr__(self) -> str:
        mark = "safe" if self.safe else "unsafe"
        return f"Fix({self.title!r}, {mark}, {len(self.edits)} edit(s))"


class LazyFix(Fix):
    """A fix whose edits are computed on first use (for fixes that are expensive to build)."""

    __slots__ = ("_build",)

    def __init__(
        self,
        title: str,
        safe: bool,
        build: Callable[[], Iterable[Edit | None] | Edit | None],
        description: str = "",
        needs_choice: bool = False,
    ) -> None:
        super().__init__(title, safe, (), description, needs_choice)
        self._edits = None
        self._build = build

    @property
    def edits(self) -> list[Edit]:
        if self._edits is None:
            try:
                built = self._build()
            except Exception:  # a broken builder yields an empty (no-op) fix, never a crash
                built = None
            self._edits = _edit_list(built) or []
        return self._edits


def _edit_list(edits: Any) -> list[Edit] | None:
    if edits is None:
        return None
    if isinstance(edits, (TextEdit, ChmodEdit, CreateFile, RenameFile)):
        return [edits]
    out = list(edits)
    if not out or any(e is None for e in out):
        return None
    return out


def make_fix(
    title: str,
    edits: Edit | Iterable[Edit | None] | None,
    *,
    safe: bool = True,
    description: str = "",
    needs_choice: bool = False,
) -> Fix | None:
    """A :class:`Fix`, or None when a builder could not produce its edit (so the diagnostic has no fix)."""
    lst = _edit_list(edits)
    if not lst:
        return None
    return Fix(title, safe, lst, description=description, needs_choice=needs_choice)
