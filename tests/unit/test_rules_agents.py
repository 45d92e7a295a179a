"""Agent rules (AGT…)."""

from __future__ import annotations

import pytest

from tests.unit.rules_case import assert_case, run

PROMPT = "You are a reviewer.\n"


def agent(fm: str, body: str = PROMPT, name: str = "rev") -> dict:
    return {f"agents/{name}.md": f"---\n{fm}---\n{body}"}


BASE = "name: rev\ndescription: Use this agent when code was written.\n"

CASES = [
    ("AGT001", {"agents/rev.md": "You are a reviewer.\n"}, agent(BASE), dict(severity="warning", line=1)),
    ("AGT002", agent("description: d\n"), agent(BASE), dict(severity="warning")),
    ("AGT003", agent("name: rev\n"), agent(BASE), dict(severity="warning")),
    (
        "AGT004",
        agent("name: rev:strict\ndescription: d\n"),
        agent("name: rev-2\ndescription: d\n"),
        dict(severity="warning", line=2, contains="':'"),
    ),  # plugin agents with such names load
    ("AGT004", agent("name: -rev\ndescription: d\n"), agent(BASE), dict(severity="warning")),
    ("AGT004", agent("name: Code Reviewer\ndescription: d\n"), agent(BASE), dict(severity="warning")),
    (
        "AGT005",
        agent(BASE + "tools: {Read: true}\n"),
        agent(BASE + "tools: [Read, Grep]\n"),
        dict(severity="warning", line=4),
    ),  # the agent loads with no tools
    ("AGT005", agent("name: rev\ndescription: {a: 1}\n"), agent(BASE), dict(severity="warning")),
    (
        "AGT005",
        agent(BASE + "maxTurns: many\nmemory: global\n"),
        agent(BASE + "maxTurns: 3\nmemory: project\n"),
        dict(severity="warning", count=2),
    ),
    ("AGT006", agent(BASE + "model: gpt-4o\n"), agent(BASE + "model: fable\n"), dict(severity="warning", line=4)),
    ("AGT006", agent(BASE + "model: 4\n"), agent(BASE + "model: claude-opus-4-1\n"), {}),
    (
        "AGT007",
        agent(BASE + "color: magenta\n"),
        agent(BASE + "color: pink\n"),
        dict(severity="warning", contains="magenta"),
    ),
    (
        "AGT008",
        agent(BASE + "permissionMode: plan\nhooks: {}\nmcpServers: [x]\n"),
        agent(BASE + "maxTurns: 2\n"),
        dict(severity="warning", count=3),
    ),
    ("AGT009", agent(BASE + "isolation: container\n"), agent(BASE + "isolation: worktree\n"), dict(severity="warning")),
    (
        "AGT010",
        agent(BASE + "tools: read, grep\n"),
        agent(BASE + "tools: Read, Grep, mcp__x__*\n"),
        dict(severity="error", count=1),
    ),
    ("AGT010", agent(BASE + "tools: Read, grep\n"), agent(BASE + "tools: Read\n"), dict(severity="warning")),
    # Claude Code's retry keeps a flow array as it is, also when another line needed quoting
    (
        "AGT010",
        agent("name: rev\ndescription: Use this: after edits.\ntools: read\n"),
        agent('name: rev\ndescription: Use this: after edits.\ntools: ["Read", "Grep"]\n'),
        dict(count=1),
    ),
    ("AGT011", agent(BASE + "capabilities: [a]\n"), agent(BASE + "effort: high\n"), dict(severity="info")),
    ("AGT011", agent(BASE + "allowed-tools: Read\n"), agent(BASE), dict(severity="warning")),
    ("AGT013", agent(BASE, ""), agent(BASE), dict(severity="warning")),
]


@pytest.mark.parametrize("code,bad,good,extra", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_agent_rules(tmp_path, code, bad, good, extra):
    assert_case(tmp_path, code, bad, good, **extra)


def test_agt010_unknown_tool_is_info(tmp_path):
    hits = run(tmp_path, agent(BASE + "tools: Read, FancyTool\n"), "AGT010")
    assert [d.severity for d in hits] == ["info"]


def test_agt012_duplicate_names(tmp_path):
    files = {**agent(BASE), **agent(BASE, name="other")}
    hits = run(tmp_path, files, "AGT012")
    assert len(hits) == 1 and hits[0].line == 2
    assert (
        run(tmp_path, {**agent(BASE), **agent("name: other\ndescription: d\n", name="other")}, "AGT012", sub="ok") == []
    )


def test_broken_frontmatter_is_left_to_file_rules(tmp_path):
    files = {"agents/rev.md": '---\nname: rev\ndescription: Use this: when\n  user: "x"\n---\nYou are.\n'}
    for code in ("AGT001", "AGT002", "AGT003", "AGT005", "AGT013"):
        assert run(tmp_path, files, code, sub=code) == []


GOOD_DESC = (
    "description: |\n  Use this agent when code was written and needs a careful review before merging.\n"
    "  It looks at style, bugs and tests, and reports what it found in a structured form for the user.\n"
    '  <example>\n  Context: The user wrote a function.\n  user: "Check it"\n'
    '  assistant: "I\'ll use the rev agent."\n  <commentary>New code.</commentary>\n  </example>\n'
    '  <example>\n  Context: A PR is ready.\n  user: "Review the PR"\n'
    '  assistant: "I\'ll use the rev agent to review it."\n  <commentary>Review asked.</commentary>\n'
    "  </example>\n"
)
GOOD_PROMPT = (
    "You are a reviewer. Your responsibilities: find bugs. Process: read, then report. "
    "Output format: a list.\n" + "word " * 520 + "\n"
)

PD = [
    ("AGT020", agent(BASE), agent(BASE + "model: inherit\ncolor: blue\n"), dict(severity="error", count=2)),
    ("AGT021", agent("name: ab\ndescription: d\n", name="ab"), agent(BASE), {}),
    ("AGT021", agent("name: helper\ndescription: d\n", name="helper"), agent(BASE), dict(severity="warning")),
    ("AGT022", agent("name: rev\ndescription: Reviews code.\n"), agent("name: rev\n" + GOOD_DESC), {}),
    ("AGT023", agent(BASE), agent("name: rev\n" + GOOD_DESC), dict(count=1)),
    (
        "AGT024",
        agent(BASE + "model: fable\ncolor: pink\n"),
        agent(BASE + "model: inherit\ncolor: magenta\n"),
        dict(count=2),
    ),
    ("AGT025", agent(BASE, "I am a bot.\n"), agent(BASE, GOOD_PROMPT), {}),
    ("AGT026", agent(BASE), agent(BASE + "tools: Read\n"), dict(severity="info")),
    (
        "AGT027",
        {**agent(BASE + "color: blue\n"), **agent("name: b\ndescription: d\ncolor: blue\n", name="b")},
        {**agent(BASE + "color: blue\n"), **agent("name: b\ndescription: d\ncolor: red\n", name="b")},
        {},
    ),
    ("AGT028", agent(BASE, name="agent1"), agent(BASE), dict(severity="info")),
    (
        "AGT029",
        agent(
            "name: code-reviewer\ndescription: Use this agent to check quality.\n",
            "You are a reviewer. Review the code for bugs.\n",
            name="code-reviewer",
        ),
        agent(
            "name: code-reviewer\ndescription: Use this agent to check quality.\n",
            "You are a reviewer. Review the recently changed code (git diff) for bugs.\n",
            name="code-reviewer",
        ),
        dict(severity="info", line=5),
    ),
    (
        "AGT029",
        agent(
            "name: checker\ndescription: Use this agent to review code after a change.\n",
            "You are a reviewer. Look at every file.\n",
            name="checker",
        ),
        agent("name: checker\ndescription: Use this agent to write tests.\n", "You are a tester.\n", name="checker"),
        {},
    ),
]


@pytest.mark.parametrize("code,bad,good,extra", PD, ids=[f"{c[0]}-{i}" for i, c in enumerate(PD)])
def test_plugin_dev_agent_rules(tmp_path, code, bad, good, extra):
    assert_case(tmp_path, code, bad, good, profile="plugin-dev", **extra)


def test_agt025_details(tmp_path):
    hits = run(tmp_path, agent(BASE, "I am a bot.\n"), "AGT025", profile="plugin-dev")
    msgs = " | ".join(d.message for d in hits)
    assert "too short" in msgs and "second person" in msgs and "first person" in msgs
    assert {d.severity for d in hits if "too short" in d.message} == {"error"}
    assert all(d.line == 5 for d in hits)  # the body starts after the closing ---


def test_agt023_example_anatomy(tmp_path):
    desc = (
        'description: |\n  Use this agent when x.\n  <example>\n  user: "a"\n  </example>\n'
        '  <example>\n  Context: c\n  user: "b"\n  assistant: "Sure, here it is."\n'
        "  <commentary>why</commentary>\n  </example>\n"
    )
    hits = run(tmp_path, agent("name: rev\n" + desc), "AGT023", profile="plugin-dev")
    msgs = [d.message for d in hits]
    assert any("example 1 lacks Context:" in m for m in msgs)
    assert any("example 2: the assistant should launch the agent" in m for m in msgs)
