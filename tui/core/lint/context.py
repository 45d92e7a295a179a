"""What a rule gets besides its target: the project, the configuration, the environment, and ``at`` to make a
positioned diagnostic (with its fix attached there)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..base.diagnostics import Diagnostic, Location, Span
from ..model.plugin import Plugin, Project, SourceFile
from ..model.source import ParseCache, SourceReader
from .config import Config
from .registry import Rule

__all__ = ["Context"]


@dataclass
class Context:
    """What a rule gets besides its target."""

    project: Project
    config: Config
    environ: Mapping[str, str]
    rule: Rule | None = None
    plugin: Plugin | None = None
    cache: dict = field(default_factory=dict)  # per-run memo shared by rules (e.g. env references)
    parse_cache: ParseCache | None = None  # watch mode: files parsed by an earlier run, reused when unchanged

    @property
    def profile(self) -> str:
        return self.config.profile

    def file(self, rel: str, kind: str | None = None) -> SourceFile | None:
        """A file of the project, read once (None when the path is not a file in the walk)."""
        reader = SourceReader(self.project.root, self.project.index, self.parse_cache, self.project.files)
        return reader.existing_file(rel, kind)

    def at(
        self,
        message: str,
        *,
        file: SourceFile | str | None = None,
        pointer: tuple | None = None,
        key: bool = False,
        fm_key: str | None = None,
        fm_value: bool = False,
        span: Span | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        fix: Any = None,
        severity: str | None = None,
        related: tuple[Location, ...] = (),
    ) -> Diagnostic:
        """Make a diagnostic at a position.

        Position, most precise first: ``span``; ``line``/``column``; ``fm_key`` (a frontmatter key; its value
        with ``fm_value``); ``pointer`` into a JSON file (the member name with ``key=True``).
        """
        assert self.rule is not None
        rel = file.rel if isinstance(file, SourceFile) else file
        sf = file if isinstance(file, SourceFile) else (self.project.files.get(file) if file else None)
        if span is None and line is not None:
            span = Span(line, column or 1, line, column or 1)
        if span is None and fm_key is not None and sf is not None and sf.fm is not None:
            span = sf.fm.value_span(fm_key) if fm_value else sf.fm.key_span(fm_key)
            if span is None and sf.fm.present:
                span = Span(1, 1, 1, 4)
        if span is None and pointer is not None and sf is not None:
            span = sf.key_span(pointer) if key else sf.span(pointer)
        d = Diagnostic(
            code=self.rule.code,
            severity=severity or self.rule.severity,
            message=message,
            path=rel,
            hint=hint,
            plugin=self.plugin.name if self.plugin else None,
            fix=fix,
            related=tuple(related),
        )
        if span is not None:
            d.line, d.column, d.end_line, d.end_column = span.line, span.column, span.end_line, span.end_column
        return d

    def place(
        self,
        file: SourceFile | str,
        *,
        pointer: tuple | None = None,
        key: bool = False,
        line: int | None = None,
        message: str = "",
    ) -> Location:
        """A related location: a file (or folder), at a JSON pointer or a line when given."""
        rel = file.rel if isinstance(file, SourceFile) else file
        sf = file if isinstance(file, SourceFile) else self.project.files.get(file)
        span = None
        if line is not None:
            span = Span(line, 1, line, 1)
        elif pointer is not None and sf is not None:
            span = sf.key_span(pointer) if key else sf.span(pointer)
        return Location.of(rel, span, message)
