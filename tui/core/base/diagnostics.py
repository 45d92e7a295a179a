"""Diagnostics and source positions.

Every diagnostic that concerns a value in a file carries that value's 1-based line and column
(and end position). Paths are relative to the root that was given, with ``/`` separators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .fixtypes import Fix

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based, inclusive-start / exclusive-end range in a file."""

    line: int
    column: int
    end_line: int
    end_column: int

    @staticmethod
    def point(line: int, column: int = 1) -> Span:
        return Span(line, column, line, column)

    def shifted(self, lines: int) -> Span:
        return Span(self.line + lines, self.column, self.end_line + lines, self.end_column)


@dataclass(frozen=True, slots=True)
class Location:
    """A related place of a finding: where the finding's cause or its other end is (the hook that runs a script,
    the folder a file sits in). ``message`` says what the place is."""

    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    message: str = ""

    @staticmethod
    def of(path: str, span: Span | None, message: str = "") -> Location:
        if span is None:
            return Location(path, message=message)
        return Location(path, span.line, span.column, span.end_line, span.end_column, message)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "message": self.message,
        }


@dataclass(slots=True)
class Diagnostic:
    code: str
    severity: str
    message: str
    path: str | None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    hint: str | None = None
    plugin: str | None = None
    fix: Fix | None = field(default=None, compare=False, repr=False)
    # where else the finding concerns (the finding itself sits where the user must act)
    related: tuple[Location, ...] = field(default=(), compare=False, repr=False)

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    @property
    def span(self) -> Span | None:
        if self.line is None:
            return None
        return Span(self.line, self.column or 1, self.end_line or self.line, self.end_column or self.column or 1)

    def sort_key(self) -> tuple:
        return (
            self.path or "",
            self.line if self.line is not None else 0,
            self.column if self.column is not None else 0,
            self.code,
            self.message,
        )

    def identity(self) -> tuple:
        """What makes two diagnostics the same finding (used to compare runs)."""
        return (
            self.code,
            self.severity,
            self.message,
            self.path,
            self.line,
            self.column,
            self.end_line,
            self.end_column,
            self.plugin,
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "hint": self.hint,
            "fixable": self.fixable,
            "plugin": self.plugin,
        }
        if self.related:  # additive: present only when the finding has related locations
            out["related"] = [loc.to_json() for loc in self.related]
        return out


def sort_diagnostics(diags: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diags, key=Diagnostic.sort_key)
