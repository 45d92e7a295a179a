"""``check --fix`` and ``--diff`` as data: which fixes run, the fix-until-stable loop, and a dry run.

The command line decides what to print; nothing here writes to a stream.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..base.diagnostics import Diagnostic
from ..lint.config import Config
from ..lint.engine import check
from ..model.loader import load
from ..model.plugin import Project
from .apply import apply_fixes, preview_record

__all__ = ["MAX_ROUNDS", "FixOutcome", "DryRun", "select_fixes", "fix_until_stable", "dry_run"]

MAX_ROUNDS = 5


def select_fixes(diags: Iterable[Any], *, unsafe: bool = False, interactive: bool = False) -> list[Any]:
    """The diagnostics whose fix may be applied: safe ones; with ``unsafe`` also unsafe ones (those that need a
    choice only when ``interactive``)."""
    out = []
    for d in diags:
        fx = getattr(d, "fix", None)
        if fx is None:
            continue
        if not fx.safe and not unsafe:
            continue
        if fx.needs_choice and not interactive:
            continue
        out.append(d)
    return out


@dataclass
class FixOutcome:
    """After fixing: the re-loaded project and its fresh diagnostics, what was fixed, and what was refused."""

    project: Project
    diagnostics: list[Diagnostic]
    fixed: int = 0
    files: set[str] = field(default_factory=set)
    skipped: list[tuple[Any, str]] = field(default_factory=list)  # (diagnostic, why), overlaps excluded


@dataclass
class DryRun:
    """What ``--diff`` would do: the diff of the first round of fixes, nothing written."""

    diff: str
    fixed: int
    files: list[str]
    skipped: list[tuple[Any, str]]


def fix_until_stable(
    project: Project,
    config: Config,
    diags: list[Diagnostic],
    environ: Mapping[str, str] | None,
    *,
    unsafe: bool = False,
) -> FixOutcome:
    """Apply every safe fix (with ``unsafe`` also the unsafe ones that need no choice), then re-load and
    re-check, up to ``MAX_ROUNDS`` rounds: fixing one problem can reveal another, and fixes that overlap wait
    for the next round."""
    out = FixOutcome(project, diags)
    skipped: list[tuple[Any, str]] = []
    for _round in range(MAX_ROUNDS):
        chosen = select_fixes(out.diagnostics, unsafe=unsafe)
        if not chosen:
            break
        res = apply_fixes(chosen, out.project)
        skipped = res.skipped
        if not res.applied:
            break
        out.fixed += len(res.applied)
        out.files.update(res.files)
        out.project = load(out.project.root)
        out.diagnostics = check(out.project, config, environ=environ)
    # what was refused for a reason other than overlap (those are retried each round)
    out.skipped = [(i, r) for i, r in skipped if "overlaps" not in r]
    return out


def dry_run(
    project: Project, diags: list[Diagnostic], *, unsafe: bool = False, name: Callable[[str], str] | None = None
) -> DryRun:
    """The first round of fixes as a diff, nothing written; ``name`` names the files in it (see ``preview_record``)."""
    res = apply_fixes(select_fixes(diags, unsafe=unsafe), project, dry_run=True)
    return DryRun(
        preview_record(res.record, name) if res.record else "", len(res.applied), list(res.files), list(res.skipped)
    )
