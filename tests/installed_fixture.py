"""A copy of ``tests/fixtures/installed``: a ``~/.claude`` that Claude Code 2.1.332 wrote itself (see its README),
with the absolute paths Claude Code recorded rewritten to the copy's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "installed"
BUILT_AT = "/tmp/pt-installed-fixture"  # where it was built: Claude Code recorded these paths


def installed_copy(dest: Path) -> Path:
    """Copy the fixture to ``dest`` (``home/``, ``proj/``, ``mkt/`` and an empty ``elsewhere/``) and return it."""
    dest = Path(dest)
    shutil.copytree(FIXTURE, dest, dirs_exist_ok=True)
    (dest / "elsewhere").mkdir(exist_ok=True)
    for f in dest.rglob("*.json"):
        text = f.read_text(encoding="utf-8")
        if BUILT_AT in text:
            f.write_text(text.replace(BUILT_AT, str(dest)), encoding="utf-8")
    return dest


def claude_view(root: Path, where: str) -> list[dict]:
    """``claude plugin list --json`` as Claude Code printed it from ``where`` (``elsewhere`` or ``proj``), with the
    paths of the copy at ``root``."""
    return json.loads((root / f"claude-plugin-list.{where}.json").read_text(encoding="utf-8"))
