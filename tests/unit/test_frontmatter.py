from tui.core.parse.frontmatter import needs_quoting, repair, split


def test_keys_and_body_positions():
    fm = split("---\nname: x\ndescription: hello\n---\n\nBody line\n")
    assert fm.ok and fm.data == {"name": "x", "description": "hello"}
    assert fm.key_span("description").line == 3
    assert fm.value_span("description").column == 14
    assert fm.body_line == 5 and fm.body.startswith("\nBody")


def test_no_frontmatter_and_unclosed():
    fm = split("# Title\n")
    assert not fm.present and fm.body == "# Title\n"
    fm = split("---\nname: x\nbody without end\n")
    assert fm.present and not fm.closed and not fm.ok


def test_lenient_retry_like_claude_code():
    fm = split("---\nargument-hint: [pr-number] [priority]\ndescription: Use this: when x\n---\n")
    assert fm.ok and fm.repaired
    assert fm.data["argument-hint"] == "[pr-number] [priority]"
    assert fm.repaired_lines == [2, 3]


def test_unrepairable_error_has_file_position():
    fm = split('---\nname: a\ndescription: Use when\nuser: "x" y: z\n  bad: [\n---\n')
    assert fm.error is not None
    assert fm.error.line >= 2
    assert fm.data == {}


def test_yaml_tags_never_construct_objects():
    fm = split("---\nx: !!python/object/apply:os.system ['touch /tmp/pwned']\n---\n")
    assert fm.error is not None and "constructor" in fm.error.message


def test_alias_bomb_is_refused():
    lines = ["a: &a [x,x,x,x,x,x,x,x,x,x]"]
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
        prev = name
    fm = split("---\n" + "\n".join(lines) + "\n---\n")
    assert fm.error is not None and "alias" in fm.error.message


def test_not_a_mapping():
    fm = split("---\n- a\n- b\n---\n")
    assert fm.not_mapping == "list"


def test_crlf_and_bom():
    fm = split("\ufeff---\r\nname: x\r\n---\r\nbody\r\n")
    assert fm.ok and fm.data["name"] == "x"


def test_repair_only_touches_special_values():
    text, quoted, retabbed = repair('a: plain\nb: "quoted: yes"\nc: has # hash\n')
    assert quoted == [2] and retabbed == []
    assert 'c: "has # hash"' in text


# Claude Code 2.1.332's retry, case by case (its frontmatter parser: parse; on failure re-quote, tabs, parse again)


def test_repair_keeps_a_value_quoted_at_both_ends():
    text, quoted, _ = repair("a: \"x: y\"\nb: 'p: q'\n")
    assert quoted == [] and text == "a: \"x: y\"\nb: 'p: q'\n"


def test_repair_quotes_a_value_that_only_starts_with_a_quote():
    # `description: "Foo" bar: baz` loads in Claude Code (no "Failed to parse YAML frontmatter" in its log)
    text, quoted, _ = repair('description: "Foo" bar: baz')
    assert quoted == [0] and text == 'description: "\\"Foo\\" bar: baz"'
    fm = split('---\ndescription: "Foo" bar: baz\n---\nbody\n')
    assert fm.ok and fm.repaired and fm.data == {"description": '"Foo" bar: baz'}


def test_repair_keeps_a_flow_array():
    text, quoted, _ = repair('description: Run: things\nallowed-tools: ["Read", "Grep"]\ntools: [Read, Bash(git:*)]')
    assert quoted == [0]
    fm = split(
        "---\n" + 'description: Run: things\nallowed-tools: ["Read", "Grep"]\ntools: [Read, Bash(git:*)]' + "\n---\n"
    )
    assert fm.ok and fm.repaired and fm.repaired_lines == [2]
    assert fm.data["allowed-tools"] == ["Read", "Grep"] and fm.data["tools"] == ["Read", "Bash(git:*)"]


def test_repair_quotes_brackets_that_are_not_one_array():
    text, quoted, _ = repair("argument-hint: [a] [b]")
    assert quoted == [0] and text == 'argument-hint: "[a] [b]"'


def test_repair_escapes_backslashes_and_quotes_and_keeps_trailing_blanks():
    text, quoted, _ = repair('d: a\\b "c" #x  ')
    assert quoted == [0] and text == 'd: "a\\\\b \\"c\\" #x  "'


def test_repair_needs_a_key_at_column_0_of_letters_dashes_underscores():
    for line in ("  nested: a: b", "key1: a: b", "a.b: x: y", "k:a: b"):
        assert repair(line)[1] == [], line


def test_repair_replaces_leading_tabs_with_two_spaces_each():
    text, quoted, retabbed = repair("description: x\nmetadata:\n\tkey: v\n\t\tdeep: w")
    assert quoted == [] and retabbed == [2, 3]
    assert text == "description: x\nmetadata:\n  key: v\n    deep: w"
    fm = split("---\ndescription: x\nmetadata:\n\tkey: v\n---\nbody\n")
    assert fm.ok and fm.repaired and fm.retabbed_lines == [4] and fm.data["metadata"] == {"key": "v"}


def test_crlf_lines_are_never_requoted():
    # JavaScript's "." stops at "\r": Claude Code logs "Failed to parse YAML frontmatter" for this CRLF file and
    # loads it with empty metadata, though the same text with LF line ends loads
    fm = split("---\r\nargument-hint: [pr] [n]\r\n---\r\nbody\r\n")
    assert fm.error is not None and not fm.repaired and fm.data == {}
    assert split("---\nargument-hint: [pr] [n]\n---\nbody\n").repaired


def test_needs_quoting():
    assert needs_quoting("[a] [b]")
    assert needs_quoting("yes")
    assert not needs_quoting("plain words")
