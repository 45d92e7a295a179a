"""JSON parsed with positions.

Values come from the C ``json`` module (fast); positions come from a small iterative scanner that
runs only when a position is first asked for. A pointer is a tuple of keys and indices, e.g.
``("mcpServers", "api", "headers", "Authorization")``.

Never raises on bad input: syntax errors, BOMs, NaN, nesting too deep for the decoder, and
duplicate keys are recorded on the document.
"""

from __future__ import annotations

import bisect
import json
import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from ..base.diagnostics import Span

Pointer = tuple  # tuple[str | int, ...]

_WS = re.compile(r"[ \t\n\r]*")
_STR = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


@dataclass(slots=True)
class JsonError:
    message: str
    line: int
    column: int


class _Dup:
    __slots__ = ("found",)

    def __init__(self) -> None:
        self.found = False


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class LineIndex:
    """Offset ↔ (line, column) conversion for a text (1-based, columns in characters)."""

    __slots__ = ("starts", "length")

    def __init__(self, text: str) -> None:
        # an array of machine integers (4 bytes a line) rather than a list of int objects (36 bytes a line): the
        # line tables of the files the rules point into are kept as long as the model
        starts = array("I" if len(text) < 1 << 32 else "q", (0,))
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts = starts
        self.length = len(text)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self.length))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        l1, c1 = self.position(start)
        l2, c2 = self.position(end)
        return Span(l1, c1, l2, c2)

    @property
    def line_count(self) -> int:
        return len(self.starts)


@dataclass(slots=True)
class JsonDoc:
    text: str
    data: Any = None
    error: JsonError | None = None
    bom: bool = False
    has_duplicates: bool = False
    _values: dict | None = field(default=None, repr=False)
    _keys: dict | None = field(default=None, repr=False)
    _dups: list | None = field(default=None, repr=False)
    _lines: LineIndex | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    def _index(self) -> tuple[dict, dict, list]:
        """The positions of every value, member name and repeated name, scanned on first use."""
        if self._values is None or self._keys is None or self._dups is None:
            self._values, self._keys, self._dups = _scan(self.text)
        return self._values, self._keys, self._dups

    def span(self, pointer: Pointer = ()) -> Span | None:
        """Span of the value at ``pointer`` (falls back to the nearest existing ancestor)."""
        values = self._index()[0]
        p = tuple(pointer)
        while True:
            hit = values.get(p)
            if hit is not None:
                return self.lines.span(*hit)
            if not p:
                return None
            p = p[:-1]

    def key_span(self, pointer: Pointer) -> Span | None:
        """Span of the member name for an object member (the value's span for array items)."""
        p = tuple(pointer)
        hit = self._index()[1].get(p)
        if hit is not None:
            return self.lines.span(*hit)
        return self.span(p)

    def exact_span(self, pointer: Pointer) -> Span | None:
        """Span of exactly that value, or None when it does not exist."""
        hit = self._index()[0].get(tuple(pointer))
        return self.lines.span(*hit) if hit else None

    def value_offsets(self, pointer: Pointer) -> tuple[int, int] | None:
        return self._index()[0].get(tuple(pointer))

    def key_offsets(self, pointer: Pointer) -> tuple[int, int] | None:
        return self._index()[1].get(tuple(pointer))

    def duplicate_keys(self) -> list[tuple[Pointer, Span]]:
        """Every repeated member name: (pointer of the repeated member, span of its key)."""
        if not self.has_duplicates:
            return []
        return [(p, self.lines.span(s, e)) for p, s, e in self._index()[2]]


def parse_json(text: str) -> JsonDoc:
    doc = JsonDoc(text=text)
    if text.startswith("\ufeff"):
        doc.bom = True
        # Keep offsets aligned with the file: replace the BOM with a space rather than removing it.
        text = " " + text[1:]
        doc.text = text
    dup = _Dup()

    def pairs_hook(pairs: list) -> dict:
        d = dict(pairs)
        if len(d) != len(pairs):
            dup.found = True
        return d

    try:
        doc.data = json.loads(text, object_pairs_hook=pairs_hook, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        msg = exc.msg
        if not text.strip():
            msg = "file is empty"
        doc.error = JsonError(f"Invalid JSON: {msg}", exc.lineno, exc.colno)
    except RecursionError:
        doc.error = JsonError("Invalid JSON: nested too deeply to read", 1, 1)
    except ValueError as exc:  # NaN / Infinity, or other decoder value errors
        line, col = _locate_constant(text)
        doc.error = JsonError(f"Invalid JSON: {exc}", line, col)
    doc.has_duplicates = dup.found
    return doc


def _locate_constant(text: str) -> tuple[int, int]:
    m = re.search(r"-?\b(?:NaN|Infinity)\b", text)
    if not m:
        return 1, 1
    return LineIndex(text).position(m.start())


def _scan(text: str) -> tuple[dict, dict, list]:
    """Map every pointer of a syntactically valid JSON text to its offsets.

    Iterative (no recursion), tolerant: on anything unexpected it returns what it has.
    """
    values: dict = {}
    keys: dict = {}
    dups: list = []
    n = len(text)
    # `\s*` always matches: its match is never None (the cast keeps the hot loop free of checks)
    ws = cast(Callable[[str, int], "re.Match[str]"], _WS.match)
    pos = ws(text, 0).end()
    stack: list[list] = []  # [kind, pointer, start, keyset-or-index]
    ptr: tuple = ()
    mode = 0  # 0 = expect value, 1 = expect key, 2 = after value
    try:
        while True:
            if mode == 0:
                if pos >= n:
                    break
                c = text[pos]
                if c == "{":
                    stack.append(["o", ptr, pos, set()])
                    pos = ws(text, pos + 1).end()
                    if text[pos] == "}":
                        values[ptr] = (stack.pop()[2], pos + 1)
                        pos += 1
                        mode = 2
                    else:
                        mode = 1
                elif c == "[":
                    stack.append(["a", ptr, pos, 0])
                    pos = ws(text, pos + 1).end()
                    if text[pos] == "]":
                        values[ptr] = (stack.pop()[2], pos + 1)
                        pos += 1
                        mode = 2
                    else:
                        ptr = ptr + (0,)
                elif c == '"':
                    m = _STR.match(text, pos)
                    if not m:
                        break
                    values[ptr] = (pos, m.end())
                    pos = m.end()
                    mode = 2
                else:
                    m = _SCALAR.match(text, pos)
                    if not m:
                        break
                    values[ptr] = (pos, m.end())
                    pos = m.end()
                    mode = 2
            elif mode == 1:
                m = _STR.match(text, pos)
                if not m:
                    break
                key = json.loads(m.group())
                top = stack[-1]
                ptr = top[1] + (key,)
                if key in top[3]:
                    dups.append((ptr, pos, m.end()))
                top[3].add(key)
                keys[ptr] = (pos, m.end())  # the last one wins, as in the decoded data
                pos = ws(text, m.end()).end()
                if text[pos] != ":":
                    break
                pos = ws(text, pos + 1).end()
                mode = 0
            else:
                pos = ws(text, pos).end()
                if not stack:
                    break
                top = stack[-1]
                c = text[pos]
                if c == ",":
                    pos = ws(text, pos + 1).end()
                    if top[0] == "o":
                        mode = 1
                    else:
                        top[3] += 1
                        ptr = top[1] + (top[3],)
                        mode = 0
                elif c == "}" or c == "]":
                    values[top[1]] = (top[2], pos + 1)
                    stack.pop()
                    pos += 1
                else:
                    break
    except (IndexError, ValueError):
        pass
    return values, keys, dups


def pointer_str(pointer: Pointer) -> str:
    """Dotted form for messages: ``mcpServers.api.headers.Authorization``, ``plugins[2].name``."""
    out = ""
    for part in pointer:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
