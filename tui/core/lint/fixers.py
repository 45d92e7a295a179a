"""Fixers registered apart from their rule (``@fixer(CODE)``): the engine calls one for every finding of that code
that its rule yielded without a fix.

Kept only while rules move their fixes to where the finding is made (``ctx.at(..., fix=...)``); new rules never
use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..base.fixtypes import Fix

__all__ = ["FIXERS", "fixer", "attach_fixes"]


FIXERS: dict[str, Callable[..., Fix | None]] = {}


def fixer(code: str) -> Callable:
    """Register ``fn(ctx, diagnostic, target) -> Fix | None`` as the fix builder for rule ``code``.

    The engine calls it for every diagnostic of that code that the rule yielded without a fix. Mark the rule
    ``fixable=True`` too (a test checks that they agree).
    """
    code = code.upper()

    def deco(fn: Callable) -> Callable:
        if code in FIXERS:
            raise ValueError(f"duplicate fixer for {code}")
        FIXERS[code] = fn
        return fn

    return deco


def attach_fixes(ctx: Any, target: Any, diags: list) -> None:
    """Fill in ``fix`` from the registered fixer of the current rule (called by the engine after each rule run)."""
    rule = getattr(ctx, "rule", None)
    fn = FIXERS.get(rule.code) if rule is not None else None
    if fn is None:
        return
    assert rule is not None
    for d in diags:
        if d.fix is None and d.code == rule.code:
            try:
                d.fix = fn(ctx, d, target)
            except Exception:  # a fixer bug costs the fix, not the diagnostic
                d.fix = None
