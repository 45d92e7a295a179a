"""Suppression comments: ``<!-- plugin-tui: ignore CODE[,CODE] -->`` on the line before a finding in Markdown, or
``# plugin-tui: ignore CODE`` in YAML frontmatter (``ALL`` silences every code there)."""

from __future__ import annotations

import re

from ..base.diagnostics import Diagnostic
from ..model.plugin import Project

__all__ = ["suppressed"]

# "<!-- plugin-tui: ignore CODE[,CODE] -->" on the line before; in YAML frontmatter "# plugin-tui: ignore CODE"
_SUPPRESS = re.compile(r"(?:<!--|#)\s*plugin-tui:\s*(?:ignore|disable-next-line)\s+([A-Za-z0-9_, -]+?)\s*(?:-->|$)")


def suppressed(project: Project, d: Diagnostic) -> bool:
    sf = project.files.get(d.path or "")
    if sf is None or sf.text is None or not d.line or d.line < 2:
        return False
    prev = sf.line_text(d.line - 1)
    m = _SUPPRESS.search(prev)
    if not m:
        return False
    codes = {c.strip().upper() for c in re.split(r"[,\s]+", m.group(1)) if c.strip()}
    return d.code.upper() in codes or "ALL" in codes
