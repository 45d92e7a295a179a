"""JSON components (hooks, MCP and LSP servers, manifests): diagnostics at a pointer, edits inside a string value, and
the tool-name prefix of a plugin's own MCP servers."""

from __future__ import annotations

import json
import re

from ...base.diagnostics import Diagnostic, Span
from ...base.fixtypes import TextEdit
from ...lint.context import Context
from ...model.envrefs import decode_map
from ...model.plugin import Plugin, SourceFile


def sub_span(sf: SourceFile | None, pointer: tuple, needle: str, nth: int = 0) -> Span | None:
    """Span of the ``nth`` occurrence of ``needle`` inside the JSON string value at ``pointer``."""
    if sf is None or sf.text is None or sf.json is None or not sf.json.ok or not needle:
        return None
    off = sf.json.value_offsets(pointer)
    if not off:
        return None
    raw = sf.text[off[0] : off[1]]
    i = -1
    start = 0
    for _ in range(nth + 1):
        i = raw.find(needle, start)
        if i < 0:
            return sf.span(pointer)
        start = i + 1
    return sf.json.lines.span(off[0] + i, off[0] + i + len(needle))


def diag_at(sf: SourceFile | None, diag: Diagnostic, pointer: tuple, key: bool = False) -> bool:
    """Whether ``diag`` was reported at the JSON value (or, with ``key``, the member name) at ``pointer``."""
    if sf is None or diag.path != sf.rel or diag.line is None:
        return False
    span = sf.key_span(tuple(pointer)) if key else sf.span(tuple(pointer))
    return span is not None and (span.line, span.column) == (diag.line, diag.column or 1)


def diag_at_span(diag: Diagnostic, path: str | None, span: Span | None) -> bool:
    """Whether ``diag`` was reported in ``path`` where ``span`` starts."""
    return span is not None and diag.path == path and (span.line, span.column) == (diag.line, diag.column)


def string_edit(sf: SourceFile | None, pointer: tuple, start: int, end: int, new: str) -> TextEdit | None:
    """Replace ``value[start:end]`` of the JSON string at ``pointer`` with ``new`` (escaped as JSON needs)."""
    if sf is None or sf.json is None or not sf.json.ok or sf.text is None:
        return None
    value = sf.json.data
    for part in pointer:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    off = sf.json.value_offsets(tuple(pointer))
    if not isinstance(value, str) or off is None or sf.text[off[0]] != '"':
        return None
    m = decode_map(sf.text[off[0] : off[1]])
    if len(m) != len(value) + 1 or not (0 <= start <= end <= len(value)):
        return None
    if value[start:end] == new:
        return None
    esc = json.dumps(new, ensure_ascii=False)[1:-1]
    return TextEdit(sf.rel, off[0] + m[start], off[0] + m[end], esc, sf.text)


def plugin_tail(ctx: Context, plugin: Plugin | None, path: str) -> str | None:
    """The plugin-relative file that an absolute (or ``~``) path's tail names (longest matching tail), or None."""
    if plugin is None:
        return None
    parts = [p for p in path.replace("\\", "/").split("/") if p and p not in (".", "~")]
    idx = ctx.project.index
    for i in range(1, len(parts)):
        tail = "/".join(parts[i:])
        if ".." in parts[i:]:
            continue
        if idx.is_file(plugin.path(tail)):
            return tail
    return None


def mcp_tool_prefix(server: str, plugin_name: str | None = None) -> str:
    """The prefix of an MCP server's tool names in Claude Code 2.1.332: ``mcp__<name>__`` with every character
    outside ``[A-Za-z0-9_-]`` of the name replaced by ``_``; a plugin's own server is named
    ``plugin:<plugin>:<server>``, so its tools are ``mcp__plugin_<plugin>_<server>__<tool>``."""
    name = f"plugin:{plugin_name}:{server}" if plugin_name is not None else server
    return "mcp__" + re.sub(r"[^a-zA-Z0-9_-]", "_", name) + "__"
