"""Edit builders: minimal text edits computed from the positions the parser recorded.

Every builder takes the :class:`~tui.core.model.plugin.SourceFile` the rule saw and returns one edit (a
:class:`~tui.core.base.fixtypes.TextEdit` on that file's exact text, or a :class:`~tui.core.base.fixtypes.ChmodEdit`), or ``None``
when the edit is not possible or would change nothing (so applying a fix twice changes nothing the second time).
Everything outside the edited range keeps every byte: indentation, key order, comments in frontmatter, the
trailing newline (or its absence), CRLF line ends.

JSON values are written with ``json.dumps`` (multi-line values indented like their surroundings); YAML values
are quoted only when strict YAML needs it (:func:`~tui.core.parse.frontmatter.needs_quoting`).

Pass the results to :func:`~tui.core.base.fixtypes.make_fix`::

    fix = make_fix("prefix the path with ./", json_prefix_string(sf, ("commands", 0), "./"))
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..base.diagnostics import Span
from ..base.fixtypes import ChmodEdit, CreateFile, RenameFile, TextEdit
from .frontmatter import needs_quoting

__all__ = [
    "json_set_value",
    "json_rename_key",
    "json_remove_member",
    "json_insert_member",
    "json_wrap_root",
    "json_prefix_string",
    "fm_quote_value",
    "fm_set_value",
    "fm_rename_key",
    "fm_insert_key",
    "fm_add_closing_marker",
    "md_add_frontmatter",
    "remove_bom",
    "chmod_x",
    "text_replace",
    "create_file",
    "rename_file",
    "yaml_scalar",
    "offset_of",
    "newline_of",
]

_WS = " \t\r\n"


# ----------------------------------------------------------------------------------------------------------------
# helpers


def _text(sf: Any) -> str | None:
    t = getattr(sf, "text", None)
    return t if isinstance(t, str) else None


def _edit(sf: Any, start: int, end: int, new: str) -> TextEdit | None:
    text = _text(sf)
    if text is None or not (0 <= start <= end <= len(text)):
        return None
    if text[start:end] == new:
        return None  # nothing to change
    return TextEdit(sf.rel, start, end, new, text)


def newline_of(text: str) -> str:
    """The file's line end: CRLF when its first line ends with one, else LF."""
    i = text.find("\n")
    return "\r\n" if i > 0 and text[i - 1] == "\r" else "\n"


def offset_of(sf: Any, line: int, column: int) -> int | None:
    """Character offset of a 1-based line/column in the file's text."""
    text = _text(sf)
    if text is None:
        return None
    starts = sf.lines.starts
    if line < 1 or line > len(starts):
        return None
    off = starts[line - 1] + column - 1
    return off if 0 <= off <= len(text) else None


def _json_ok(sf: Any) -> bool:
    return _text(sf) is not None and getattr(sf, "json", None) is not None and sf.json.ok


def _skip_ws(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in _WS:
        i += 1
    return i


def _skip_ws_back(text: str, i: int) -> int:
    """Index just after the last non-space character before ``i``."""
    while i > 0 and text[i - 1] in _WS:
        i -= 1
    return i


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _indent_at(text: str, i: int) -> str:
    """The leading whitespace of the line holding offset ``i``."""
    s = _line_start(text, i)
    j = s
    while j < len(text) and text[j] in " \t":
        j += 1
    return text[s:j]


def _indent_unit(text: str) -> str:
    """The file's indentation step (two spaces when it cannot be told)."""
    best = None
    for m in re.finditer(r"\n([ \t]+)\S", text[:20000]):
        ind = m.group(1)
        if "\t" in ind:
            return "\t"
        if best is None or len(ind) < len(best):
            best = ind
    return best or "  "


def _dump(value: Any, unit: str, indent: str, nl: str, multiline: bool) -> str:
    """``json.dumps`` of a value placed at a line indented by ``indent``."""
    if not multiline or not isinstance(value, (dict, list)) or not value:
        return json.dumps(value, ensure_ascii=False)
    ind = len(unit) if unit != "\t" else 1
    s = json.dumps(value, ensure_ascii=False, indent=ind)
    if unit == "\t":
        s = re.sub(r"(?m)^( +)", lambda m: "\t" * len(m.group(1)), s)
    return s.replace("\n", nl + indent)


def _container_multiline(text: str, start: int, end: int) -> bool:
    return "\n" in text[start:end]


# ----------------------------------------------------------------------------------------------------------------
# JSON


def json_set_value(sf: Any, pointer: tuple, value: Any) -> TextEdit | None:
    """Replace the value at ``pointer`` with ``value`` (``json.dumps``; containers indented like the file)."""
    if not _json_ok(sf):
        return None
    off = sf.json.value_offsets(tuple(pointer))
    if off is None:
        return None
    text = sf.text
    start, end = off
    try:
        if json.loads(text[start:end]) == value and type(json.loads(text[start:end])) is type(value):
            return None
    except ValueError:
        pass
    nl = newline_of(text)
    multi = "\n" in text
    new = _dump(value, _indent_unit(text), _indent_at(text, start), nl, multi)
    return _edit(sf, start, end, new)


def json_rename_key(sf: Any, pointer: tuple, new_key: str) -> TextEdit | None:
    """Rename the member at ``pointer`` to ``new_key`` (None when the parent already has ``new_key``)."""
    if not _json_ok(sf) or not pointer or not isinstance(pointer[-1], str):
        return None
    pointer = tuple(pointer)
    koff = sf.json.key_offsets(pointer)
    if koff is None:
        return None
    parent = _get(sf.json.data, pointer[:-1])
    if not isinstance(parent, dict) or new_key in parent or pointer[-1] == new_key:
        return None
    return _edit(sf, koff[0], koff[1], json.dumps(new_key, ensure_ascii=False))


def _get(data: Any, pointer: tuple) -> Any:
    for part in pointer:
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _member_range(sf: Any, pointer: tuple) -> tuple[int, int] | None:
    """Offsets from the member's key (or an array item's value) to the end of its value."""
    voff = sf.json.value_offsets(pointer)
    if voff is None:
        return None
    if isinstance(pointer[-1], str):
        koff = sf.json.key_offsets(pointer)
        if koff is None:
            return None
        return koff[0], voff[1]
    return voff


def json_remove_member(sf: Any, pointer: tuple) -> TextEdit | None:
    """Remove an object member (or array item) with its comma; the neighbours keep their layout."""
    if not _json_ok(sf) or not pointer:
        return None
    pointer = tuple(pointer)
    if sf.json.has_duplicates and isinstance(pointer[-1], str):
        return None  # which of the repeated members is meant is unclear
    rng = _member_range(sf, pointer)
    if rng is None:
        return None
    text = sf.text
    start, end = rng
    after = _skip_ws(text, end)
    if after < len(text) and text[after] == ",":
        nxt = _skip_ws(text, after + 1)
        return _edit(sf, start, nxt, "")
    before = _skip_ws_back(text, start)
    if before > 0 and text[before - 1] == ",":
        return _edit(sf, before - 1, end, "")
    if before > 0 and text[before - 1] in "{[" and after < len(text) and text[after] in "}]":
        return _edit(sf, before, after, "")
    return None


def json_insert_member(sf: Any, object_pointer: tuple, key: str, value: Any) -> TextEdit | None:
    """Add ``"key": value`` as the last member of the object at ``object_pointer``, laid out like its siblings."""
    if not _json_ok(sf):
        return None
    object_pointer = tuple(object_pointer)
    obj = _get(sf.json.data, object_pointer)
    if not isinstance(obj, dict) or key in obj:
        return None
    off = sf.json.value_offsets(object_pointer)
    if off is None:
        return None
    text = sf.text
    o_start, o_end = off
    if text[o_start] != "{" or text[o_end - 1] != "}":
        return None
    nl = newline_of(text)
    unit = _indent_unit(text)
    k = json.dumps(key, ensure_ascii=False)
    if not obj:
        if "\n" in text:
            base = _indent_at(text, o_start)
            ind = base + unit
            v = _dump(value, unit, ind, nl, True)
            return _edit(sf, o_start, o_end, "{" + nl + ind + k + ": " + v + nl + base + "}")
        return _edit(sf, o_start, o_end, "{" + k + ": " + json.dumps(value, ensure_ascii=False) + "}")
    # the last member's layout
    last_key = list(obj)[-1]
    lp = object_pointer + (last_key,)
    koff = sf.json.key_offsets(lp)
    voff = sf.json.value_offsets(lp)
    if koff is None or voff is None:
        return None
    colon = text[koff[1] : voff[0]]  # ': ' as the file writes it
    prev = _skip_ws_back(text, koff[0])
    sep = text[prev : koff[0]] if prev > 0 and text[prev - 1] in ",{" else " "
    if "\n" in sep:
        ind = sep[sep.rfind("\n") + 1 :]
    else:
        ind = _indent_at(text, koff[0])
    v = _dump(value, unit, ind, nl, "\n" in sep)
    return _edit(sf, voff[1], voff[1], "," + sep + k + colon + v)


def json_wrap_root(sf: Any, key: str = "hooks") -> TextEdit | None:
    """Wrap the root object in ``{"<key>": …}``, indenting the old root one step (e.g. a bare hooks.json map)."""
    if not _json_ok(sf) or not isinstance(sf.json.data, dict):
        return None
    off = sf.json.value_offsets(())
    if off is None:
        return None
    text = sf.text
    start, end = off
    inner = text[start:end]
    k = json.dumps(key, ensure_ascii=False)
    if "\n" not in inner:
        return _edit(sf, start, end, "{" + k + ": " + inner + "}")
    nl = newline_of(text)
    unit = _indent_unit(text)
    base = _indent_at(text, start)
    lines = inner.split("\n")
    shifted = [lines[0]] + [(unit + ln) if ln.strip() else ln for ln in lines[1:]]
    return _edit(sf, start, end, "{" + nl + base + unit + k + ": " + "\n".join(shifted) + nl + base + "}")


def json_prefix_string(sf: Any, pointer: tuple, prefix: str) -> TextEdit | None:
    """Insert ``prefix`` at the start of the string at ``pointer`` (the rest of the string keeps its bytes)."""
    if not _json_ok(sf):
        return None
    value = _get(sf.json.data, tuple(pointer))
    if not isinstance(value, str) or value.startswith(prefix):
        return None
    off = sf.json.value_offsets(tuple(pointer))
    if off is None or sf.text[off[0]] != '"':
        return None
    esc = json.dumps(prefix, ensure_ascii=False)[1:-1]
    return _edit(sf, off[0] + 1, off[0] + 1, esc)


# ----------------------------------------------------------------------------------------------------------------
# YAML frontmatter

_KEY_LINE = re.compile(r"^(?!-[ \t])([A-Za-z0-9_-][A-Za-z0-9_.-]*)[ \t]*:(?=[ \t\r]|$)")


def yaml_scalar(value: Any) -> str:
    """A one-line YAML value: strings quoted only when strict YAML needs it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)  # JSON flow style is valid YAML
    s = str(value)
    if not needs_quoting(s):
        return s
    return _yaml_quote(s)


def _yaml_quote(s: str) -> str:
    if "'" not in s and "\n" not in s:
        q = "'" + s + "'"
    else:
        q = json.dumps(s, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar
    return q


def _fm_lines(sf: Any) -> tuple[list[str], list[int]] | None:
    """The file's lines (without ``\\n``) and their start offsets; None without an opened frontmatter."""
    text = _text(sf)
    fm = getattr(sf, "fm", None)
    if text is None or fm is None or not fm.present:
        return None
    lines = text.split("\n")
    starts = []
    pos = 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    return lines, starts


def _fm_last_line(sf: Any, lines: list[str]) -> int:
    """0-based index one past the last YAML line (the closing marker, or the end of the file)."""
    fm = sf.fm
    return fm.end_line - 1 if fm.closed else len(lines)


def _fm_key_index(sf: Any, key: str) -> int | None:
    """0-based line index of the top-level ``key:`` line of the frontmatter."""
    got = _fm_lines(sf)
    if got is None:
        return None
    lines, _ = got
    fm = sf.fm
    if fm.ok:  # the parser knows the keys: trust it (a `key:` line may be inside a multi-line value)
        ks = fm.key_span(key)
        if ks is None or ks.column != 1:
            return None
        candidates = [ks.line - 1]
    else:  # the YAML does not parse (or the block is unclosed): look for the `key:` line
        candidates = list(range(1, _fm_last_line(sf, lines)))
    for i in candidates:
        if 0 < i < len(lines):
            m = _KEY_LINE.match(lines[i])
            if m and m.group(1) == key:
                return i
    return None


def fm_entry_end(lines: list[str], i: int, stop: int) -> int:
    """0-based index of the last line of the frontmatter entry that starts at line ``i``.

    The entry is the key line plus its continuation: indented lines, a block sequence's ``- `` items written
    at column 0 (valid YAML under a key), and blank lines inside them.
    """
    last = i
    j = i + 1
    while j < stop:
        ln = lines[j].rstrip("\r")
        if ln.strip() == "":
            j += 1
            continue
        if ln[0] in " \t" or ln == "-" or ln.startswith(("- ", "-\t")):
            last = j
            j += 1
            continue
        break
    return last


def fm_quote_value(sf: Any, key: str, line: int | None = None) -> TextEdit | None:
    """Quote the one-line value of ``key`` exactly as written (what Claude Code's lenient re-parse reads).

    ``line`` (1-based) pins the line when the key is repeated.
    """
    got = _fm_lines(sf)
    if got is None:
        return None
    lines, starts = got
    i = _fm_key_index(sf, key) if line is None else line - 1
    if i is None or not (0 < i < _fm_last_line(sf, lines)):
        return None
    text_line = lines[i].rstrip("\r")
    m = _KEY_LINE.match(text_line)
    if not m or m.group(1) != key:
        return None
    rest_start = m.end()
    while rest_start < len(text_line) and text_line[rest_start] in " \t":
        rest_start += 1
    value = text_line[rest_start:].rstrip(" \t")
    if not value:
        return None
    requoted = sf.fm.repaired and (i + 1) in sf.fm.repaired_lines  # Claude Code re-quotes this very line
    if not requoted and value[0] in "\"'":
        return None  # already quoted (Claude Code also re-quotes `"Foo" bar: baz`, which only starts with one)
    if not requoted and re.fullmatch(r"[|>][0-9+-]*(?:[ \t]+#.*)?", value):
        return None  # a block scalar header
    # exactly the text of Claude Code's lenient re-quoting (frontmatter.repair): strict YAML readers then see
    # the same value Claude Code loads
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    import yaml  # here, not at the top: a check that builds no such fix never imports YAML for it

    try:
        if yaml.safe_load(f"k: {quoted}") != {"k": value}:
            return None
    except yaml.YAMLError:
        return None
    s = starts[i] + rest_start
    return _edit(sf, s, s + len(value), quoted)


def fm_set_value(sf: Any, key: str, value: Any) -> TextEdit | None:
    """Set ``key``'s value (the whole value, also a multi-line one) to a one-line YAML value."""
    i = _fm_key_index(sf, key)
    got = _fm_lines(sf)
    if i is None or got is None:
        return None
    lines, starts = got
    fm = sf.fm
    if fm.ok and key in fm.data and fm.data[key] == value and type(fm.data[key]) is type(value):
        return None
    line = lines[i]
    m = _KEY_LINE.match(line)
    if m is None:
        return None
    s = starts[i] + m.end()
    e = None
    vs = fm.value_span(key) if fm.ok and not fm.repaired else None
    if vs is not None and (vs.end_line, vs.end_column) > (vs.line, vs.column):
        # where the parser says the value ends (a trailing comment stays); a block scalar ends at column 1
        # of the next line: stop at the end of the previous line instead
        if vs.end_column == 1 and vs.end_line > i + 1:
            prev = vs.end_line - 2
            e = starts[prev] + len(lines[prev].rstrip("\r"))
        else:
            e = offset_of(sf, vs.end_line, vs.end_column)
        if e is not None and e < s:
            e = None
    if e is None:
        stop = _fm_last_line(sf, lines)
        last = fm_entry_end(lines, i, stop)
        e = starts[last] + len(lines[last].rstrip("\r").rstrip(" \t"))
        rest = line[m.end() :].rstrip("\r")
        if last == i:  # keep a trailing comment
            cm = re.search(r"[ \t]+#.*$", rest)
            if cm and not rest.strip().startswith(("'", '"')):
                e = starts[i] + m.end() + cm.start()
    return _edit(sf, s, max(s, e), " " + yaml_scalar(value))


def fm_rename_key(sf: Any, key: str, new: str) -> TextEdit | None:
    """Rename a top-level frontmatter key (None when ``new`` is there already)."""
    if key == new or _fm_key_index(sf, new) is not None:
        return None
    i = _fm_key_index(sf, key)
    got = _fm_lines(sf)
    if i is None or got is None:
        return None
    return _edit(sf, got[1][i], got[1][i] + len(key), new)


def fm_insert_key(sf: Any, key: str, value: Any) -> TextEdit | None:
    """Add ``key: value`` as the last line of the frontmatter (adds a frontmatter block when there is none)."""
    text = _text(sf)
    fm = getattr(sf, "fm", None)
    if text is None or fm is None:
        return None
    if not fm.present:
        return md_add_frontmatter(sf, {key: value})
    got = _fm_lines(sf)
    if not fm.closed or _fm_key_index(sf, key) is not None or got is None:
        return None
    lines, starts = got
    close = fm.end_line - 1
    nl = newline_of(text)
    return _edit(sf, starts[close], starts[close], f"{key}: {yaml_scalar(value)}{nl}")


def _looks_yaml(line: str) -> bool:
    s = line.rstrip("\r")
    return bool(_KEY_LINE.match(s) or re.match(r"^[ \t]+\S", s) or re.match(r"^-[ \t]", s))


def fm_add_closing_marker(sf: Any) -> TextEdit | None:
    """Close an unclosed frontmatter: a ``---`` line after the last line that reads as YAML."""
    got = _fm_lines(sf)
    if got is None or sf.fm.closed:
        return None
    lines, starts = got
    text = sf.text
    nl = newline_of(text)
    last_yaml = 0
    j = 1
    while j < len(lines):
        ln = lines[j]
        if _looks_yaml(ln):
            last_yaml = j
            j += 1
            continue
        if ln.rstrip("\r").startswith("#"):
            # a YAML comment only when more keys follow before a blank line; otherwise a Markdown heading
            k = j + 1
            while k < len(lines) and lines[k].rstrip("\r").startswith("#"):
                k += 1
            if k < len(lines) and _KEY_LINE.match(lines[k].rstrip("\r")):
                j = k
                continue
        break
    if last_yaml == 0:
        return None  # no YAML at all after the opening marker: not an obvious fix
    if last_yaml + 1 < len(lines):
        at = starts[last_yaml + 1]
        return _edit(sf, at, at, "---" + nl)
    # the YAML runs to the end of the file
    end = len(text)
    prefix = "" if text.endswith("\n") else nl
    return _edit(sf, end, end, prefix + "---" + nl)


def md_add_frontmatter(sf: Any, fields: dict[str, Any]) -> TextEdit | None:
    """Put a frontmatter block with ``fields`` at the top of a Markdown file that has none."""
    text = _text(sf)
    fm = getattr(sf, "fm", None)
    if text is None or not fields or (fm is not None and fm.present):
        return None
    nl = newline_of(text) if "\n" in text else "\n"
    at = 1 if text.startswith("\ufeff") else 0
    block = "---" + nl + "".join(f"{k}: {yaml_scalar(v)}{nl}" for k, v in fields.items()) + "---" + nl
    return _edit(sf, at, at, block)


# ----------------------------------------------------------------------------------------------------------------
# any file


def remove_bom(sf: Any) -> TextEdit | None:
    """Drop a leading UTF-8 byte-order mark."""
    text = _text(sf)
    if text is None or not text.startswith("\ufeff"):
        return None
    return TextEdit(sf.rel, 0, 1, "", text)


def chmod_x(rel: Any, mode: int | None = None) -> ChmodEdit | None:
    """``chmod +x`` a file (a SourceFile or a relative path); None when it is executable already."""
    path = getattr(rel, "rel", rel)
    if mode is None:
        mode = getattr(rel, "mode", None)
    if mode is not None and mode and (mode & 0o100):
        return None
    return ChmodEdit(path)


def text_replace(sf: Any, span: Span | tuple[int, int], new: str) -> TextEdit | None:
    """Replace a range given as a :class:`Span` (1-based, end exclusive) or as ``(start, end)`` offsets."""
    if _text(sf) is None:
        return None
    if isinstance(span, Span):
        s = offset_of(sf, span.line, span.column)
        e = offset_of(sf, span.end_line, span.end_column)
        if s is None or e is None:
            return None
    else:
        s, e = span
    return _edit(sf, s, e, new)


def create_file(rel: str, text: str, executable: bool = False) -> CreateFile:
    return CreateFile(rel, text, executable)


def rename_file(rel: str, new_rel: str) -> RenameFile:
    """Rename (move) the file ``rel`` to ``new_rel``, both relative to the project root."""
    return RenameFile(rel, new_rel)
