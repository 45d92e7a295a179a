from tui.core.frontmatter import needs_quoting, repair, split


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
    fm = split("---\nname: a\ndescription: Use when\nuser: \"x\" y: z\n  bad: [\n---\n")
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
    text, changed = repair('a: plain\nb: "quoted: yes"\nc: has # hash\n')
    assert changed == [2]
    assert 'c: "has # hash"' in text


def test_needs_quoting():
    assert needs_quoting("[a] [b]")
    assert needs_quoting("yes")
    assert not needs_quoting("plain words")


def test_lenient_retry_on_crlf_keeps_the_value_clean():
    fm = split("---\r\nargument-hint: [pr] [n]\r\n---\r\nbody\r\n")
    assert fm.repaired and fm.data == {"argument-hint": "[pr] [n]"}
