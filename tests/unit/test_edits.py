"""Edit builders: minimal edits that keep every other byte (tui/core/edits.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.base.diagnostics import Span
from tui.core.base.fixtypes import ChmodEdit, TextEdit
from tui.core.fix.apply import _apply_text
from tui.core.model.plugin import SourceFile
from tui.core.parse import frontmatter
from tui.core.parse.edits import (
    chmod_x,
    fm_add_closing_marker,
    fm_insert_key,
    fm_quote_value,
    fm_rename_key,
    fm_set_value,
    json_insert_member,
    json_prefix_string,
    json_remove_member,
    json_rename_key,
    json_set_value,
    json_wrap_root,
    md_add_frontmatter,
    remove_bom,
    text_replace,
    yaml_scalar,
)
from tui.core.parse.jsonpos import parse_json


def jsf(text: str, rel: str = "x.json") -> SourceFile:
    return SourceFile(rel=rel, abs=Path("/nonexistent") / rel, kind="json", text=text, json=parse_json(text))


def msf(text: str, rel: str = "agents/a.md") -> SourceFile:
    return SourceFile(rel=rel, abs=Path("/nonexistent") / rel, kind="markdown", text=text, fm=frontmatter.split(text))


def apply(sf: SourceFile, edit: TextEdit) -> str:
    """Apply one edit and assert that every byte outside its range is kept."""
    assert isinstance(edit, TextEdit), edit
    assert edit.path == sf.rel and edit.original == sf.text
    after = _apply_text(sf.text, [edit])
    assert after[: edit.start] == sf.text[: edit.start]
    assert after[edit.start + len(edit.new_text) :] == sf.text[edit.end :]
    return after


PRETTY = '{\n  "name": "demo",\n  "commands": ["cmds/a.md", "cmds/b.md"],\n  "mcpServers": {\n    "api": {\n      "url": "https://x"\n    }\n  }\n}\n'
CRLF = PRETTY.replace("\n", "\r\n")
NO_NL = PRETTY.rstrip("\n")
FOUR = json.dumps(json.loads(PRETTY), indent=4) + "\n"
TABS = json.dumps(json.loads(PRETTY), indent="\t") + "\n"
COMPACT = json.dumps(json.loads(PRETTY))
LAYOUTS = {"pretty": PRETTY, "crlf": CRLF, "no-newline": NO_NL, "four": FOUR, "tabs": TABS, "compact": COMPACT}


def _layout_kept(before: str, after: str) -> None:
    """The file keeps its line ends, trailing newline and indentation style."""
    if "\r\n" in before:
        assert after.count("\n") == after.count("\r\n")
    assert before.endswith("\n") == after.endswith("\n")
    if "\t" in before:
        assert "\n    " not in after


@pytest.mark.parametrize("layout", LAYOUTS)
class TestJson:
    def test_set_value(self, layout):
        sf = jsf(LAYOUTS[layout])
        after = apply(sf, json_set_value(sf, ("mcpServers", "api", "url"), "https://y"))
        assert json.loads(after)["mcpServers"]["api"]["url"] == "https://y"
        _layout_kept(sf.text, after)
        assert after.replace("https://y", "https://x") == sf.text

    def test_set_value_container_is_indented(self, layout):
        sf = jsf(LAYOUTS[layout])
        after = apply(sf, json_set_value(sf, ("name",), {"a": [1, 2]}))
        assert json.loads(after)["name"] == {"a": [1, 2]}
        _layout_kept(sf.text, after)

    def test_set_same_value_is_none(self, layout):
        sf = jsf(LAYOUTS[layout])
        assert json_set_value(sf, ("name",), "demo") is None
        assert json_set_value(sf, ("missing",), 1) is None

    def test_rename_key(self, layout):
        sf = jsf(LAYOUTS[layout])
        after = apply(sf, json_rename_key(sf, ("mcpServers", "api", "url"), "endpoint"))
        data = json.loads(after)
        assert data["mcpServers"]["api"] == {"endpoint": "https://x"}
        assert list(data) == ["name", "commands", "mcpServers"]  # order kept
        assert json_rename_key(sf, ("name",), "commands") is None  # would duplicate a key

    @pytest.mark.parametrize(
        "pointer",
        [
            ("name",),
            ("commands",),
            ("mcpServers",),
            ("commands", 0),
            ("commands", 1),
            ("mcpServers", "api"),
            ("mcpServers", "api", "url"),
        ],
    )
    def test_remove_member(self, layout, pointer):
        sf = jsf(LAYOUTS[layout])
        after = apply(sf, json_remove_member(sf, pointer))
        expected = json.loads(sf.text)
        parent = expected
        for p in pointer[:-1]:
            parent = parent[p]
        del parent[pointer[-1]]
        assert json.loads(after) == expected
        _layout_kept(sf.text, after)

    def test_insert_member(self, layout):
        sf = jsf(LAYOUTS[layout])
        after = apply(sf, json_insert_member(sf, ("mcpServers", "api"), "type", "http"))
        assert json.loads(after)["mcpServers"]["api"] == {"url": "https://x", "type": "http"}
        _layout_kept(sf.text, after)
        if layout not in ("compact",):
            # the new member sits on its own line, indented like its sibling
            url_line = next(ln for ln in after.splitlines() if '"url"' in ln)
            type_line = next(ln for ln in after.splitlines() if '"type"' in ln)
            assert (
                type_line[: len(type_line) - len(type_line.lstrip())]
                == url_line[: len(url_line) - len(url_line.lstrip())]
            )
        assert json_insert_member(sf, ("mcpServers", "api"), "url", "z") is None  # exists

    def test_insert_container_at_root(self, layout):
        sf = jsf(LAYOUTS[layout])
        after = apply(sf, json_insert_member(sf, (), "hooks", {"Stop": []}))
        assert json.loads(after)["hooks"] == {"Stop": []}
        _layout_kept(sf.text, after)

    def test_wrap_root(self, layout):
        sf = jsf(LAYOUTS[layout])
        after = apply(sf, json_wrap_root(sf, "hooks"))
        assert json.loads(after) == {"hooks": json.loads(sf.text)}
        _layout_kept(sf.text, after)

    def test_prefix_string(self, layout):
        sf = jsf(LAYOUTS[layout])
        after = apply(sf, json_prefix_string(sf, ("commands", 1), "./"))
        assert json.loads(after)["commands"] == ["cmds/a.md", "./cmds/b.md"]
        assert after.replace("./cmds/b", "cmds/b") == sf.text
        sf2 = jsf(after)
        assert json_prefix_string(sf2, ("commands", 1), "./") is None  # twice changes nothing


def test_insert_into_empty_object_nested():
    text = '{\n    "a": {\n        "b": {}\n    }\n}\n'
    sf = jsf(text)
    after = apply(sf, json_insert_member(sf, ("a", "b"), "k", 1))
    assert after == '{\n    "a": {\n        "b": {\n            "k": 1\n        }\n    }\n}\n'


def test_remove_only_member_leaves_empty_object():
    sf = jsf('{\n  "a": {\n    "only": 1\n  },\n  "z": 2\n}\n')
    after = apply(sf, json_remove_member(sf, ("a", "only")))
    assert json.loads(after) == {"a": {}, "z": 2}
    assert after == '{\n  "a": {},\n  "z": 2\n}\n'


def test_prefix_keeps_escapes():
    sf = jsf('{"p": "a\\u00e9\\/b"}')
    after = apply(sf, json_prefix_string(sf, ("p",), "./"))
    assert after == '{"p": "./a\\u00e9\\/b"}'


def test_json_builders_refuse_invalid_json():
    sf = jsf('{"a": 1,}')
    assert json_set_value(sf, ("a",), 2) is None
    assert json_remove_member(sf, ("a",)) is None
    assert json_insert_member(sf, (), "b", 1) is None
    assert json_wrap_root(sf) is None


def test_bom_json_offsets_align():
    sf = jsf('\ufeff{\n  "a": 1\n}\n')
    after = apply(sf, json_set_value(sf, ("a",), 2))
    assert after == '\ufeff{\n  "a": 2\n}\n'
    assert apply(sf, remove_bom(sf)) == '{\n  "a": 1\n}\n'
    assert remove_bom(jsf('{"a": 1}')) is None


# ---------------------------------------------------------------------------------------------------------------
# frontmatter

FM = (
    "---\n"
    "# a comment that must survive\n"
    "name: reviewer\n"
    "argument-hint: [pr-number] [priority]\n"
    "description: |\n"
    "  Reviews code.\n"
    "  Twice.\n"
    "model: sonnet  # pinned\n"
    "tools:\n"
    "  - Read\n"
    "  - Grep\n"
    "---\n"
    "\n"
    "Body text: with colon\n"
)
FM_LAYOUTS = {"lf": FM, "crlf": FM.replace("\n", "\r\n"), "no-newline": FM.rstrip("\n")}


def _fm_ok(text: str) -> dict:
    fm = frontmatter.split(text)
    assert fm.present and fm.closed and fm.error is None and not fm.repaired, fm.error
    return fm.data


@pytest.mark.parametrize("layout", FM_LAYOUTS)
class TestFrontmatter:
    def test_quote_value(self, layout):
        sf = msf(FM_LAYOUTS[layout])
        assert sf.fm.error is not None  # strict YAML fails on this line (and the lenient retry on `|`)
        after = apply(sf, fm_quote_value(sf, "argument-hint"))
        data = _fm_ok(after)
        assert data["argument-hint"] == "[pr-number] [priority]"
        assert "# a comment that must survive" in after
        _layout_kept(sf.text, after)
        assert fm_quote_value(msf(after), "argument-hint") is None  # already quoted

    def test_set_value_keeps_comment(self, layout):
        sf = msf(FM_LAYOUTS[layout])
        after = apply(sf, fm_set_value(sf, "model", "opus"))
        assert "model: opus  # pinned" in after
        _layout_kept(sf.text, after)

    def test_set_block_value(self, layout):
        sf = msf(FM_LAYOUTS[layout])
        after = apply(sf, fm_set_value(sf, "description", "Use when: reviewing"))
        assert "description: 'Use when: reviewing'" in after  # quoted only because it needs it
        assert "Twice" not in after
        fixed = msf(after)
        after2 = apply(fixed, fm_quote_value(fixed, "argument-hint"))
        assert _fm_ok(after2)["description"] == "Use when: reviewing"

    def test_set_list_value(self, layout):
        sf = msf(FM_LAYOUTS[layout])
        after = apply(sf, fm_set_value(sf, "tools", ["Read"]))
        fixed = msf(after)
        after = apply(fixed, fm_quote_value(fixed, "argument-hint"))
        assert _fm_ok(after)["tools"] == ["Read"]

    def test_rename_key(self, layout):
        sf = msf(FM_LAYOUTS[layout])
        after = apply(sf, fm_rename_key(sf, "model", "Model"))
        assert "Model: sonnet  # pinned" in after
        assert fm_rename_key(sf, "model", "name") is None

    def test_insert_key(self, layout):
        sf = msf(FM_LAYOUTS[layout])
        after = apply(sf, fm_insert_key(sf, "color", "blue"))
        fixed = msf(after)
        after = apply(fixed, fm_quote_value(fixed, "argument-hint"))
        assert _fm_ok(after)["color"] == "blue"
        _layout_kept(sf.text, after)
        assert fm_insert_key(sf, "name", "x") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("---\nname: a\ndescription: b\n\n# Title\n", "---\nname: a\ndescription: b\n---\n\n# Title\n"),
        ("---\nname: a\n# Title\nBody\n", "---\nname: a\n---\n# Title\nBody\n"),
        ("---\nname: a\n# comment\ndescription: b\nBody\n", "---\nname: a\n# comment\ndescription: b\n---\nBody\n"),
        ("---\nname: a\ntools:\n  - Read\n", "---\nname: a\ntools:\n  - Read\n---\n"),
        ("---\r\nname: a\r\ndescription: b", "---\r\nname: a\r\ndescription: b\r\n---\r\n"),
    ],
)
def test_add_closing_marker(text, expected):
    sf = msf(text)
    assert sf.fm.present and not sf.fm.closed
    after = apply(sf, fm_add_closing_marker(sf))
    assert after == expected
    fm = frontmatter.split(after)
    assert fm.closed and fm.error is None and fm.data.get("name") == "a"
    assert fm_add_closing_marker(msf(after)) is None


def test_add_closing_marker_without_yaml_is_none():
    assert fm_add_closing_marker(msf("---\n\n# Just a rule line\n")) is None


@pytest.mark.parametrize("text", ["# Title\nbody\n", "\ufeff# Title\r\nbody\r\n", "", "no newline"])
def test_add_frontmatter(text):
    sf = msf(text)
    after = apply(sf, md_add_frontmatter(sf, {"description": "Review: code", "name": "x"}))
    data = _fm_ok(after)
    assert data == {"description": "Review: code", "name": "x"}
    assert after.endswith(text.lstrip("\ufeff"))
    assert md_add_frontmatter(msf(after), {"a": "b"}) is None


def test_yaml_scalar_quotes_only_when_needed():
    assert yaml_scalar("plain words") == "plain words"
    assert yaml_scalar("a: b") == "'a: b'"
    assert yaml_scalar("it's: x") == '"it\'s: x"'
    assert yaml_scalar("yes") == "'yes'"  # would load as a bool
    assert yaml_scalar("123") == "'123'"
    assert yaml_scalar(True) == "true"
    for v in ("a: b", "it's: x", "yes", "#x", "[a]", "", " lead", "tab\there"):
        assert yaml.safe_load("k: " + yaml_scalar(v))["k"] == v


def test_text_replace_and_chmod():
    sf = msf("line one\nline two\n", rel="README.md")
    after = apply(sf, text_replace(sf, Span(2, 6, 2, 9), "2"))
    assert after == "line one\nline 2\n"
    assert text_replace(sf, Span(2, 1, 2, 5), "line") is None  # no change
    e = chmod_x("hooks/x.sh")
    assert isinstance(e, ChmodEdit) and e.path == "hooks/x.sh"
    assert e.new_mode(0o644) == 0o755 and e.new_mode(0o600) == 0o700
    exe = SourceFile(rel="x.sh", abs=Path("/x"), kind="text", mode=0o755)
    assert chmod_x(exe) is None


# ---------------------------------------------------------------------------------------------------------------
# property tests: every builder on random documents never raises and never makes the file unparseable

_keys = st.text(alphabet="abcdefgh-_AZ", min_size=1, max_size=6)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
)
_json_values = st.recursive(
    _scalars, lambda c: st.one_of(st.lists(c, max_size=4), st.dictionaries(_keys, c, max_size=4)), max_leaves=12
)


def _pointers(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _pointers(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _pointers(v, prefix + (i,))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.dictionaries(_keys, _json_values, max_size=5),
    indent=st.sampled_from([None, 2, 4, "\t"]),
    crlf=st.booleans(),
    trailing=st.booleans(),
    value=_json_values,
    key=_keys,
)
def test_property_json_builders_keep_json_valid(data, indent, crlf, trailing, value, key):
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    if crlf:
        text = text.replace("\n", "\r\n")
    if trailing:
        text += "\r\n" if crlf else "\n"
    sf = jsf(text)
    edits = [(json_wrap_root(sf, "hooks"), True)]
    for p in _pointers(data):
        edits += [
            (json_set_value(sf, p, value), p != ()),
            (json_remove_member(sf, p), True),
            (json_rename_key(sf, p, key), True),
            (json_insert_member(sf, p, key, value), True),
            (json_prefix_string(sf, p, "./"), True),
        ]
    for e, layout in edits:
        if e is None:
            continue
        after = apply(sf, e)
        json.loads(after)  # still valid JSON
        if layout and indent is not None:
            _layout_kept(text, after)


_fm_values = (
    st.lists(st.sampled_from(list("ab :#[]{}*&!|>%@`'\",-\\") + ["x", "yes", "1", ": ", " #"]), min_size=1, max_size=10)
    .map("".join)
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pairs=st.lists(st.tuples(_keys, _fm_values), min_size=1, max_size=5, unique_by=lambda t: t[0]),
    crlf=st.booleans(),
    closed=st.booleans(),
    new_value=_fm_values,
    body=st.sampled_from(["", "\n# Body\n", "Body: x\n"]),
)
def test_property_frontmatter_builders_never_break_yaml(pairs, crlf, closed, new_value, body):
    nl = "\r\n" if crlf else "\n"
    text = "---" + nl + "".join(f"{k}: {v}{nl}" for k, v in pairs) + ("---" + nl if closed else "") + body
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    sf = msf(text)
    before_ok = sf.fm.closed and sf.fm.error is None and not sf.fm.repaired
    edits = [fm_add_closing_marker(sf), fm_insert_key(sf, "zz-new", new_value)]
    for k, _ in pairs:
        edits += [fm_quote_value(sf, k), fm_set_value(sf, k, new_value), fm_rename_key(sf, k, "renamed")]
    for e in edits:
        if e is None:
            continue
        after = apply(sf, e)
        fm = frontmatter.split(after)
        if before_ok:
            assert fm.closed and fm.error is None, (text, after, fm.error)
    # quoting every repaired line makes the frontmatter parse strictly, as Claude Code reads it
    if closed and sf.fm.repaired and sf.fm.error is None:
        # all at once: quoting one line can change how strict YAML reads the others
        quotes = [fm_quote_value(sf, sf.line_text(ln).split(":", 1)[0], line=ln) for ln in sf.fm.repaired_lines]
        assert all(quotes)
        fm = frontmatter.split(_apply_text(sf.text, quotes))
        assert fm.error is None and not fm.repaired
        assert not crlf  # Claude Code's retry never re-quotes a line that ends in CR
        assert fm.data == sf.fm.data


def test_set_value_replaces_a_column_zero_block_sequence():
    # `- ` items at column 0 under a key are valid YAML and belong to that key's value; when the frontmatter
    # does not parse (here: an unbalanced quote) the builder finds the entry by its lines
    sf = msf('---\nname: a\ntools:\n- Read\n- Grep\nnote: "unbalanced\n---\nbody\n')
    assert sf.fm.error is not None
    after = apply(sf, fm_set_value(sf, "tools", "Read"))
    assert after.startswith('---\nname: a\ntools: Read\nnote: "unbalanced\n---')
