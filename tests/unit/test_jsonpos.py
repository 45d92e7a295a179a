from tui.core.parse.jsonpos import LineIndex, parse_json, pointer_str


def test_value_and_key_positions():
    text = '{\n  "name": "x",\n  "hooks": {\n    "PreToolUse": [\n      {"matcher": "Bash"}\n    ]\n  }\n}\n'
    doc = parse_json(text)
    assert doc.ok
    assert doc.data["hooks"]["PreToolUse"][0]["matcher"] == "Bash"
    s = doc.span(("hooks", "PreToolUse", 0, "matcher"))
    assert (s.line, s.column, s.end_line, s.end_column) == (5, 19, 5, 25)
    k = doc.key_span(("hooks", "PreToolUse", 0, "matcher"))
    assert (k.line, k.column) == (5, 8)
    whole = doc.span(("hooks",))
    assert (whole.line, whole.column, whole.end_line) == (3, 12, 7)


def test_span_falls_back_to_nearest_ancestor_but_exact_does_not():
    doc = parse_json('{"a": {"b": 1}}')
    assert doc.span(("a", "missing")).column == 7
    assert doc.exact_span(("a", "missing")) is None


def test_array_items_and_empty_containers():
    doc = parse_json('[1, [], {}, "x", true, null, -1.5e3]')
    for i in range(7):
        assert doc.exact_span((i,)) is not None
    assert doc.exact_span((1,)).end_column - doc.exact_span((1,)).column == 2


def test_syntax_error_position():
    doc = parse_json('{\n  "a": 1,\n}')
    assert not doc.ok
    assert (doc.error.line, doc.error.column) == (3, 1)
    assert doc.error.message.startswith("Invalid JSON")


def test_empty_file_message():
    assert "empty" in parse_json("  \n").error.message


def test_bom_is_recorded_and_positions_stay_aligned():
    doc = parse_json('\ufeff{"a": 1}')
    assert doc.bom and doc.ok
    assert doc.span(("a",)).column == 8


def test_deep_nesting_is_an_error_not_a_crash():
    doc = parse_json("[" * 200_000 + "]" * 200_000)
    assert not doc.ok
    assert "deep" in doc.error.message


def test_nan_is_rejected():
    doc = parse_json('{"a": NaN}')
    assert not doc.ok and doc.error.column == 7


def test_duplicate_keys_point_at_the_repeat():
    doc = parse_json('{"a": 1,\n "b": {"c": 1, "c": 2},\n "a": 3}')
    assert doc.data == {"a": 3, "b": {"c": 2}}
    dups = doc.duplicate_keys()
    assert [(p, s.line) for p, s in dups] == [(("b", "c"), 2), (("a",), 3)]


def test_strings_with_escapes_and_unicode():
    text = '{"k\\"ey": "v\\u00e9\\n", "é": "ü"}'
    doc = parse_json(text)
    assert doc.exact_span(('k"ey',)) is not None
    assert doc.exact_span(("é",)).column == len('{"k\\"ey": "v\\u00e9\\n", "é": ') + 1


def test_line_index_round_trip():
    li = LineIndex("ab\ncd\n\nx")
    assert li.position(0) == (1, 1)
    assert li.position(3) == (2, 1)
    assert li.position(6) == (3, 1)
    assert li.position(7) == (4, 1)
    assert li.position(999) == (4, 2)


def test_pointer_str():
    assert pointer_str(("plugins", 2, "name")) == "plugins[2].name"
    assert pointer_str(()) == ""
