"""YAML frontmatter of Markdown components, parsed safely and with positions.

- The block opens with ``---`` on line 1 and closes at the next ``---`` line (trailing blanks allowed).
- YAML is composed with the safe loader (no tag constructs objects) and the alias expansion is bounded,
  so a "billion laughs" document is refused instead of expanded.
- Frontmatter that strict YAML rejects is retried exactly the way Claude Code 2.1.332 does (see
  :func:`repair`): a ``key: value`` line whose value holds ``: `` or one of ``{ } [ ] * & # ! | > % @`` or a
  backtick is re-quoted, unless the value is already quoted or is a flow array; then leading tabs become
  two spaces each. A document that only parses after that repair is marked ``repaired``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..base.diagnostics import Span


class _YamlOnFirstUse:
    """``yaml`` is imported when a frontmatter is first parsed, not with the model: the explorer unpickles a
    model its start-up helper parsed and paints it before it parses anything (~20 ms of its first screen)."""

    def __getattr__(self, name: str) -> Any:
        import yaml as module

        globals()["yaml"] = module  # later uses go straight to the module
        return getattr(module, name)


yaml: Any = _YamlOnFirstUse()


def _loader_class() -> Any:
    # the C loader is several times faster and keeps marks
    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


MAX_NODES = 20_000  # expanded node budget (alias bombs)
MAX_DEPTH = 200  # nesting levels (deeper YAML is refused before the recursive composer sees it)
_DEPTH_CHECK_OVER = 400  # run the depth pre-pass when the text holds at least this many [ { -

_OPEN = re.compile(r"---[ \t]*\r?$")
_CLOSE = re.compile(r"^---[ \t]*\r?$", re.M)  # _OPEN on a whole line of a multi-line text
# Claude Code's retry runs JavaScript regexes: its \s is this set, and its "." matches anything but these
# line terminators (so a line that ends in "\r", as every line of a CRLF file does, is never re-quoted)
_JS_WS = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_EOL = "\n\r\u2028\u2029"
_REPAIR_LINE = re.compile(rf"([a-zA-Z_-]+):[{_JS_WS}]+([^{_JS_WS}][^{_JS_EOL}]*)\Z")
_SPECIAL = re.compile(r"[{}\[\]*&#!|>%@`]|: ")
_LEADING_TABS = re.compile(rf"(?:^|(?<=[{_JS_EOL}]))\t+")  # JavaScript's /^\t+/gm


@dataclass(slots=True)
class YamlError:
    message: str
    line: int  # 1-based, in the file
    column: int


@dataclass(slots=True)
class Frontmatter:
    present: bool = False  # opened by --- on line 1
    closed: bool = False
    start_line: int = 2  # file line of the first YAML line
    end_line: int = 0  # file line of the closing marker (0 when not closed)
    data: dict = field(default_factory=dict)  # the parsed mapping ({} when it failed)
    error: YamlError | None = None
    repaired: bool = False  # parsed only after Claude Code's retry (auto-quoting, tabs to spaces)
    repaired_lines: list[int] = field(default_factory=list)  # file lines the retry re-quoted
    retabbed_lines: list[int] = field(default_factory=list)  # file lines whose leading tabs it replaced
    not_mapping: str | None = None  # YAML type name when the document is not a mapping
    body_line: int = 1  # file line where the body starts
    keys: dict[str, tuple[Span, Span]] = field(default_factory=dict)  # key -> (key span, value span)
    # the body is the tail of the file's text from ``body_at``: sliced when asked for, not kept as a second copy
    # of the text (it was the largest holder of memory after the texts themselves)
    source: str = field(default="", repr=False)
    body_at: int = 0
    raw_at: int = 0  # the YAML text between the markers is ``source[raw_at:raw_end]``
    raw_end: int = 0

    @property
    def raw(self) -> str:
        """The YAML text between the markers."""
        return self.source[self.raw_at : self.raw_end]

    @property
    def body(self) -> str:
        """The Markdown after the frontmatter (the whole text, without a BOM, when there is none)."""
        return self.source[self.body_at :] if self.body_at else self.source

    @body.setter
    def body(self, value: str) -> None:
        self.source, self.body_at = value, 0

    @property
    def ok(self) -> bool:
        return self.present and self.closed and self.error is None and self.not_mapping is None

    def key_span(self, key: str) -> Span | None:
        hit = self.keys.get(key)
        return hit[0] if hit else None

    def value_span(self, key: str) -> Span | None:
        hit = self.keys.get(key)
        return hit[1] if hit else None

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default) if isinstance(self.data, dict) else default


def split(text: str) -> Frontmatter:
    """Split a Markdown text into frontmatter and body and parse the frontmatter.

    Lines are the text's ``\n``-separated pieces; the closing marker is found with one regex search rather than
    by splitting the whole file into lines (a long body is sliced once, never split and joined)."""
    fm = Frontmatter()
    # the body is a tail of the original text (offsets past a BOM count it)
    fm.source = original = text
    skip = 0
    if text.startswith("\ufeff"):
        text = text[1:]
        skip = 1
    fm.body_at = skip
    nl = text.find("\n")
    first = text if nl < 0 else text[:nl]
    if not _OPEN.fullmatch(first):
        fm.body_line = 1
        return fm
    fm.present = True
    if nl < 0:  # the marker is the whole text
        fm.body_at = len(original)
        fm.body_line = 2
        return fm
    start = nl + 1  # where line 2 starts
    m = _CLOSE.search(text, start)
    if m is None:
        fm.raw_at, fm.raw_end = start + skip, len(original)
        fm.body_at = len(original)
        fm.body_line = text.count("\n") + 2
        return fm
    close = text.count("\n", 0, m.start())  # 0-based line index of the closing marker
    fm.closed = True
    fm.end_line = close + 1
    if m.start() > start:
        fm.raw_at, fm.raw_end = start + skip, m.start() - 1 + skip
    after = text.find("\n", m.start())
    fm.body_at = len(original) if after < 0 else after + 1 + skip
    fm.body_line = close + 2
    raw = fm.raw
    if raw.strip():
        _parse_into(fm, raw)
    return fm


def _parse_into(fm: Frontmatter, raw: str) -> None:
    node, err = _compose(raw)
    if err is not None:
        # Claude Code retries every failed parse (even when the retry changes nothing, it parses again)
        repaired, quoted, retabbed = repair(raw)
        node2, err2 = _compose(repaired)
        if err2 is None:
            node, err = node2, None
            fm.repaired = True
            fm.repaired_lines = [fm.start_line + i for i in quoted]
            fm.retabbed_lines = [fm.start_line + i for i in retabbed]
    if err is not None:
        msg, line, col = err
        fm.error = YamlError(msg, fm.start_line + line, col + 1)
        return
    if node is None:
        return
    try:
        budget = [MAX_NODES]
        _count(node, budget, {})
    except RecursionError:
        fm.error = YamlError(
            "YAML nested too deeply to read", fm.start_line + node.start_mark.line, node.start_mark.column + 1
        )
        return
    except _TooBig:
        fm.error = YamlError(
            f"YAML expands to more than {MAX_NODES} nodes through aliases (an alias bomb?); not read",
            fm.start_line + node.start_mark.line,
            node.start_mark.column + 1,
        )
        return
    try:
        data = _construct(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line if mark else 0
        col = mark.column if mark else 0
        fm.error = YamlError(_yaml_message(exc), fm.start_line + line, col + 1)
        return
    except (RecursionError, TypeError, ValueError) as exc:
        fm.error = YamlError(f"YAML could not be read: {exc}", fm.start_line, 1)
        return
    if not isinstance(data, dict):
        fm.not_mapping = type(data).__name__ if data is not None else "null"
        return
    fm.data = data
    if isinstance(node, yaml.MappingNode):
        off = fm.start_line
        # after the lenient repair, marks are in the re-quoted text: map repaired values back to the original
        repaired_cols = _original_value_columns(raw, fm.repaired_lines, off) if fm.repaired else {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                continue
            ks = Span(
                off + knode.start_mark.line,
                knode.start_mark.column + 1,
                off + knode.end_mark.line,
                knode.end_mark.column + 1,
            )
            cols = repaired_cols.get(vnode.start_mark.line)
            if cols is not None:
                vs = Span(off + vnode.start_mark.line, cols[0], off + vnode.start_mark.line, cols[1])
            else:
                vs = Span(
                    off + vnode.start_mark.line,
                    vnode.start_mark.column + 1,
                    off + vnode.end_mark.line,
                    vnode.end_mark.column + 1,
                )
            fm.keys.setdefault(str(knode.value), (ks, vs))


def _original_value_columns(raw: str, repaired_lines: list[int], offset: int) -> dict[int, tuple[int, int]]:
    """0-based YAML line -> 1-based (start, end) columns of the unquoted value on that original line."""
    lines = raw.split("\n")
    out = {}
    for file_line in repaired_lines:
        i = file_line - offset
        if 0 <= i < len(lines):
            m = _REPAIR_LINE.match(lines[i])
            if m:
                out[i] = (m.start(2) + 1, m.end(2) + 1)
    return out


class _TooBig(Exception):
    pass


def _count(node: Any, budget: list, memo: dict) -> int:
    """Expanded size of a node graph, memoised per node, raising when the budget is exceeded."""
    key = id(node)
    if key in memo:
        size = memo[key]
        budget[0] -= size
        if budget[0] < 0:
            raise _TooBig
        return size
    size = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            size += _count(child, budget, memo)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            size += _count(k, budget, memo) + _count(v, budget, memo)
    memo[key] = size
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooBig
    return size


def _too_deep(text: str) -> tuple[str, int, int] | None:
    """Nesting deeper than MAX_DEPTH, found with the (iterative) event parser.

    The C composer recurses once per nesting level on the C stack: a line of 200,000 ``[`` would
    crash the process, not raise. Only texts with many openers can nest that deep (indentation alone
    cannot within the file size cap), so the extra pass runs only for them.
    """
    if text.count("[") + text.count("{") + text.count("-") < _DEPTH_CHECK_OVER:
        return None
    depth = 0
    try:
        for ev in yaml.parse(text, Loader=_loader_class()):
            if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    m = ev.start_mark
                    return (f"YAML nested more than {MAX_DEPTH} levels deep; not read", m.line, m.column)
            elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # the composer reports the syntax error with its position
    return None


def _compose(text: str) -> tuple[Any, tuple[str, int, int] | None]:
    deep = _too_deep(text)
    if deep is not None:
        return None, deep
    try:
        loader = _loader_class()(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        return node, None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, (_yaml_message(exc), mark.line if mark else 0, mark.column if mark else 0)
    except yaml.YAMLError as exc:
        return None, (_yaml_message(exc), 0, 0)
    except RecursionError:
        return None, ("YAML nested too deeply to read", 0, 0)


def _construct(node: Any) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _yaml_message(exc: Exception) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if problem:
        text = f"{context} {problem}" if context else str(problem)
    else:
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return "YAML: " + " ".join(text.split())


def repair(raw: str) -> tuple[str, list[int], list[int]]:
    """Claude Code 2.1.332's lenient retry of a frontmatter that failed to parse, step by step.

    For each line (split on "\n") that reads ``key: value`` (key of letters, ``_`` and ``-``; the value runs to
    the end of the line, trailing blanks included, and may not hold a "\r"):

    1. a value that starts and ends with the same quote (``"`` or ``'``) is kept;
    2. a value that starts with ``[``, ends with ``]`` and parses as a YAML array is kept;
    3. a value holding ``: `` or one of ``{ } [ ] * & # ! | > % @`` or a backtick becomes
       ``key: "value"`` (backslashes and double quotes escaped);
    4. any other line is kept.

    Then every run of tabs that starts a line becomes two spaces per tab. Returns the text and the 0-based
    indices of the lines re-quoted and of the lines whose tabs were replaced.
    """
    out = []
    quoted = []
    for i, line in enumerate(raw.split("\n")):
        m = _REPAIR_LINE.match(line)
        if m:
            key, value = m.group(1), m.group(2)
            if (value.startswith('"') and value.endswith('"')) or (value.startswith("'") and value.endswith("'")):
                pass
            elif value.startswith("[") and value.endswith("]") and _is_flow_array(value):
                pass
            elif _SPECIAL.search(value):
                esc = value.replace("\\", "\\\\").replace('"', '\\"')
                line = f'{key}: "{esc}"'
                quoted.append(i)
        out.append(line)
    text = "\n".join(out)
    retabbed = sorted({text.count("\n", 0, m.start()) for m in _LEADING_TABS.finditer(text)})
    text = _LEADING_TABS.sub(lambda m: "  " * len(m.group()), text)
    return text, quoted, retabbed


def _is_flow_array(value: str) -> bool:
    node, err = _compose(value)
    return err is None and isinstance(node, yaml.SequenceNode)


def needs_quoting(value: str) -> bool:
    """Would this one-line value need quotes to be read by strict YAML?"""
    try:
        loaded = yaml.safe_load(f"k: {value}")
    except yaml.YAMLError:
        return True
    return not (isinstance(loaded, dict) and loaded.get("k") == value)


def strict_reading(value: str) -> str | None:
    """How a strict YAML reader takes the line ``key: value`` that Claude Code's retry re-quotes: None when it
    reads the same string, else "reject this line" or "read it differently"."""
    try:
        loaded = yaml.safe_load(f"k: {value}")
    except yaml.YAMLError:
        return "reject this line"
    if isinstance(loaded, dict) and loaded.get("k") == value:
        return None
    return "read it differently"
