"""Fuzzing the parsers and the matcher engine: no exception escapes, every position stays inside the file."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tui.core.parse import frontmatter
from tui.core.parse.jsonpos import parse_json

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda ch: st.lists(ch, max_size=4) | st.dictionaries(st.text(max_size=6), ch, max_size=4),
    max_leaves=20,
)

json_text = st.builds(
    lambda v, indent, ascii_: json.dumps(v, indent=indent, ensure_ascii=ascii_),
    json_value,
    st.sampled_from([None, 0, 1, 2, 4, "\t"]),
    st.booleans(),
)

JSON_NOISE = list('{}[]":,\\ \n\t\r0123456789-+.eEtrufalsn') + ["\ufeff", "\x00", "é", "\U0001f986", "/*", "NaN"]


@st.composite
def mutated_json(draw):
    text = draw(json_text)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        i = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:i] + draw(st.sampled_from(JSON_NOISE)) + text[i:]
        elif op == "delete" and text:
            j = draw(st.integers(i, min(len(text), i + 5)))
            text = text[:i] + text[j:]
        elif op == "replace" and i < len(text):
            text = text[:i] + draw(st.sampled_from(JSON_NOISE)) + text[i + 1 :]
        else:
            j = draw(st.integers(i, min(len(text), i + 12)))
            text = text[:j] + text[i:j] + text[j:]
    return text


def line_lengths(text: str) -> list[int]:
    return [len(line) for line in text.split("\n")]


def assert_inside(text: str, line: int | None, column: int | None) -> None:
    lens = line_lengths(text)
    assert line is not None and 1 <= line <= len(lens), (line, len(lens))
    if column is not None:
        assert 1 <= column <= lens[line - 1] + 1, (line, column, lens[line - 1])


def assert_span_inside(text: str, span) -> None:
    if span is None:
        return
    assert_inside(text, span.line, span.column)
    assert_inside(text, span.end_line, span.end_column)
    assert (span.line, span.column) <= (span.end_line, span.end_column)


def pointers(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from pointers(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from pointers(v, prefix + (i,))


def check_json_doc(text: str) -> None:
    doc = parse_json(text)
    if doc.error is not None:
        assert doc.data is None
        assert_inside(text, doc.error.line, doc.error.column)
        return
    for ptr in pointers(doc.data):
        assert_span_inside(text, doc.span(ptr))
        assert_span_inside(text, doc.key_span(ptr))
        off = doc.value_offsets(ptr)
        if off is not None:
            assert 0 <= off[0] <= off[1] <= len(text)
    for ptr, span in doc.duplicate_keys():
        assert_span_inside(text, span)


@FUZZ
@given(st.text(max_size=200))
def test_parse_json_arbitrary_text(text):
    check_json_doc(text)


@FUZZ
@given(json_text)
def test_parse_json_valid_round_trip(text):
    doc = parse_json(text)
    assert doc.ok and doc.data == json.loads(text)
    # every value's span covers exactly its JSON text
    for ptr in pointers(doc.data):
        start, end = doc.value_offsets(ptr)
        assert json.loads(text[start:end]) == _get(doc.data, ptr)
    check_json_doc(text)


def _get(value, ptr):
    for p in ptr:
        value = value[p]
    return value


@FUZZ
@given(mutated_json())
def test_parse_json_mutated(text):
    check_json_doc(text)


# ------------------------------------------------------------------------------------------ frontmatter

YAML_BITS = [
    "---",
    "name: x",
    "description: d",
    "key: [a, b",
    "a: {b: c}",
    "- item",
    "  nested: 1",
    "&a x",
    "*a",
    "!!python/object:os.system x",
    "k: |",
    "  block",
    "'quoted",
    '"dq"',
    "tools: Read, Grep",
    "#",
    "\t",
    "argument-hint: [pr] [n]",
    "x: a: b",
    ": :",
    "? k",
    "k: `cmd`",
    "\ufeff---",
    "...",
    "k: @x",
    "%YAML 1.2",
]


@st.composite
def frontmatter_text(draw):
    lines = draw(st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=20), max_size=12))
    body = draw(st.text(max_size=40))
    close = draw(st.booleans())
    sep = draw(st.sampled_from(["\n", "\r\n"]))
    return sep.join(["---", *lines] + (["---"] if close else [])) + sep + body


def check_frontmatter(text: str) -> None:
    fm = frontmatter.split(text)
    stripped = text[1:] if text.startswith("\ufeff") else text
    nlines = stripped.count("\n") + 1
    if fm.error is not None:
        assert 1 <= fm.error.line <= nlines, (fm.error, nlines)
        assert fm.error.column >= 1
        assert not fm.ok
    assert isinstance(fm.data, dict)
    for key, (ks, vs) in fm.keys.items():
        assert isinstance(key, str)
        assert_span_inside(stripped, ks)
        assert_span_inside(stripped, vs)
    assert 1 <= fm.body_line <= nlines + 1
    for line in fm.repaired_lines:
        assert 1 <= line <= nlines
    if not fm.present:
        assert fm.body == stripped


@FUZZ
@given(st.text(max_size=300))
def test_frontmatter_arbitrary_text(text):
    check_frontmatter(text)


@FUZZ
@given(frontmatter_text())
def test_frontmatter_structured(text):
    check_frontmatter(text)


# ------------------------------------------------------------------------------------------ matcher

REGEX_BITS = [
    "Bash",
    "Edit",
    "Write",
    "mcp__",
    ".*",
    "|",
    "(",
    ")",
    "[",
    "]",
    "^",
    "$",
    "\\",
    "*",
    "+",
    "?",
    "{2}",
    "{",
    "}",
    "(?=",
    "(?<=",
    "(?<n>",
    "\\k<n>",
    "\\d",
    "\\p{L}",
    "\\u0041",
    "\\x41",
    "/",
    "-",
    ",",
    " ",
    "a",
    "(?i)",
    "[^",
    "\\b",
    "\\1",
    "{1,",
    "é",
]


@st.composite
def matcher_text(draw):
    return "".join(draw(st.lists(st.sampled_from(REGEX_BITS), max_size=8)))


@pytest.fixture(scope="module")
def matcher():
    return pytest.importorskip("tui.core.spec.matcher")


def _events(m):
    return [None, "Unknown", *getattr(m, "EVENTS", {})]


@FUZZ
@given(data=st.data())
def test_matcher_classify_and_matches(matcher, data):
    event = data.draw(st.sampled_from(_events(matcher)))
    raw = data.draw(
        matcher_text() | st.text(max_size=12) | st.none() | st.integers() | st.lists(st.text(max_size=3), max_size=2)
    )
    value = data.draw(
        st.text(alphabet="aBsh_-.:|*1 é", max_size=12)
        | st.sampled_from(["Bash", "Edit", "Write", "mcp__server__tool", "startup", ""])
    )
    info = matcher.classify(raw, event)
    assert info.kind in ("all", "exact", "regex", "invalid", "ignored")
    assert isinstance(info.explanation, str)
    if info.kind == "invalid":
        assert not info.valid
    result = matcher.matches(raw, value, event)
    assert isinstance(result, bool)
    if info.kind in ("all", "ignored"):
        assert result
    if info.kind == "exact":
        assert result == (value in info.values)


@FUZZ
@given(matcher_text())
def test_matcher_python_translation_agrees_on_exact_names(matcher_mod_pattern):
    m = pytest.importorskip("tui.core.spec.matcher")
    info = m.classify(matcher_mod_pattern, "PreToolUse")
    assume(info.kind == "regex" and info.unsupported is None)
    for name in ("Bash", "Edit", "Write", "Read"):
        assert isinstance(m.matches(matcher_mod_pattern, name, "PreToolUse"), bool)
