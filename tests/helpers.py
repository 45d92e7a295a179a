"""Shared test helpers: build small plugin trees in tmp_path and check them."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tui.core.base.diagnostics import Diagnostic
from tui.core.lint.config import Config
from tui.core.lint.engine import check
from tui.core.lint.registry import rules_for
from tui.core.model.loader import load

REPO = Path(__file__).resolve().parent.parent
# the shared research folder beside the checkout (PLUGIN_TUI_SHARED points elsewhere, e.g. from a git worktree)
SHARED = Path(os.environ["PLUGIN_TUI_SHARED"]) if os.environ.get("PLUGIN_TUI_SHARED") else REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def write_tree(root: Path, files: Mapping[str, Any], executable: Iterable[str] = ()) -> Path:
    """Create files under root. Values: str (text), bytes, or dict/list (written as JSON)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        elif isinstance(content, (dict, list)):
            p.write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
        else:
            p.write_text(content, encoding="utf-8")
    for rel in executable:
        os.chmod(root / rel, 0o755)
    return root


def run_check(
    root: Path,
    profile: str = "official",
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    environ: Mapping[str, str] | None = None,
) -> list[Diagnostic]:
    cfg = Config(profile=profile, select=tuple(select), ignore=tuple(ignore))
    return check(load(root), cfg, environ=environ if environ is not None else {})


def codes(diags: Iterable[Diagnostic]) -> list[str]:
    return [d.code for d in diags]


def only(diags: Iterable[Diagnostic], code: str) -> list[Diagnostic]:
    return [d for d in diags if d.code == code]


def check_rule(
    root: Path, code: str, profile: str = "official", environ: Mapping[str, str] | None = None
) -> list[Diagnostic]:
    """Run exactly one rule (whatever its profile) and return its diagnostics."""
    rules = [r for r in rules_for(profile, select=[code]) if r.code == code]
    assert rules, f"no rule {code}"
    cfg = Config(profile=profile)
    return [
        d for d in check(load(root), cfg, environ=environ if environ is not None else {}, rules=rules) if d.code == code
    ]
