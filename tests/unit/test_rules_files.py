"""Frontmatter rules FILE007 / FILE008 against Claude Code 2.1.332's frontmatter parser and its retry."""

from __future__ import annotations

from tests.unit.rules_case import assert_case, run


def cmd(fm: str, body: str = "Do it.\n", nl: str = "\n") -> dict:
    return {"commands/run.md": ("---\n" + fm + "---\n" + body).replace("\n", nl)}


def test_file008_fires_on_a_value_strict_yaml_rejects(tmp_path):
    assert_case(
        tmp_path,
        "FILE008",
        cmd("description: d\nargument-hint: [pr] [priority]\n"),
        cmd('description: d\nargument-hint: "[pr] [priority]"\n'),
        severity="warning",
        line=3,
        count=1,
        contains="reject this line",
    )


def test_file008_not_on_a_flow_array(tmp_path):
    # `allowed-tools: ["Read", "Grep"]` is kept as an array by the retry: only the description is re-quoted
    hits = run(tmp_path, cmd('description: Run: things\nallowed-tools: ["Read", "Grep"]\n'), "FILE008")
    assert [d.line for d in hits] == [2]


def test_file008_not_on_a_requoted_value_strict_yaml_reads_the_same(tmp_path):
    # Claude Code re-quotes `Bash(curl:*)` (it holds "*") but every YAML reader reads the same string
    hits = run(tmp_path, cmd("argument-hint: [method] [path]\nallowed-tools: Bash(curl:*)\n"), "FILE008")
    assert [d.line for d in hits] == [2]


def test_file008_on_a_value_strict_yaml_reads_differently(tmp_path):
    hits = run(tmp_path, cmd("description: Review # PRs: all\nargument-hint: [a] [b]\n"), "FILE008")
    assert [d.line for d in hits] == [2, 3] and "read it differently" in hits[0].message


def test_file008_on_tab_indented_lines(tmp_path):
    # leading tabs become two spaces each in the retry: Claude Code reads `metadata.key`
    assert_case(
        tmp_path,
        "FILE008",
        cmd("description: d\nmetadata:\n\tkey: v\n"),
        cmd("description: d\nmetadata:\n  key: v\n"),
        severity="warning",
        line=4,
        contains="tab",
    )


def test_file007_not_on_what_the_retry_repairs(tmp_path):
    # `"Foo" bar: baz` starts but does not end with a quote: the retry quotes it and the file loads
    assert run(tmp_path, cmd('description: "Foo" bar: baz\n'), "FILE007") == []
    assert run(tmp_path, cmd("description: x\nmetadata:\n\tkey: v\n"), "FILE007", sub="tabs") == []


def test_file007_on_a_crlf_file_the_retry_cannot_repair(tmp_path):
    # Claude Code logs "Failed to parse YAML frontmatter" for this CRLF file and loads it with empty metadata (a
    # warning: it loads, not as meant); with LF line ends the retry repairs it
    assert_case(
        tmp_path,
        "FILE007",
        cmd("description: Run: things\n", nl="\r\n"),
        cmd("description: Run: things\n"),
        severity="warning",
        line=2,
        count=1,
    )
    hit = run(tmp_path, cmd("description: Run: things\n", nl="\r\n"), "FILE007", sub="again")[0]
    assert "LF line ends" in hit.hint
