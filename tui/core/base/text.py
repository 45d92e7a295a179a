"""Text that is safe to show: paths and messages from a plugin reach terminals, annotations and the explorer."""

from __future__ import annotations

import re

__all__ = ["safe_text"]

# C0/C1 control characters and bidirectional overrides: a file name or message holding them must not reach a
# terminal raw (ESC sequences can retitle, recolour or write the clipboard; RLO reorders what is shown)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe_text(s: str | None, newlines: bool = False) -> str:
    """Printable form of a path or message: control and bidi characters become visible escapes."""
    if not s:
        return s or ""
    if newlines:
        s = s.replace("\n", "\\n").replace("\t", "\\t")
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xFF else f"\\x{ord(m.group()):02x}", s)
