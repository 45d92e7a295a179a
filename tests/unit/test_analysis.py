"""tui.core.model.analysis: examples, trigger phrases, tools, skill and agent facts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import write_tree
from tui.core.model.analysis import (
    LISTING_BUDGET,
    Example,
    agent_info,
    parse_examples,
    skill_info,
    split_tools,
    trigger_phrases,
)
from tui.core.model.loader import load

DESC = """Use this agent when the user asks to "review my code". Examples:

<example>
Context: The user just wrote a function.
user: "Can you check
this function?"
assistant: "Let me look."
assistant: "I'll use the code-reviewer agent."
<commentary>
New code was written.
</commentary>
</example>
<example>
user: 'second'
</example>"""


def test_parse_examples_fields_and_offsets():
    exs = parse_examples(DESC)
    assert len(exs) == 2
    a, b = exs
    assert isinstance(a, Example)
    assert a.context == "The user just wrote a function."
    assert a.user == "Can you check\nthis function?"
    assert a.assistant == ["Let me look.", "I'll use the code-reviewer agent."]
    assert a.commentary == "New code was written."
    assert a.raw.startswith("<example>") and a.raw.endswith("</example>")
    assert a.line_offset == 2
    assert DESC.splitlines()[b.line_offset] == "<example>"
    assert b.user == "second" and b.context == "" and b.assistant == [] and not b.complete
    assert a.complete


def test_parse_examples_bad_input():
    assert parse_examples(None) == []
    assert parse_examples(["x"]) == []
    assert parse_examples("<example>never closed") == []


def test_trigger_phrases_openers_and_quotes_outside_examples():
    ranges = trigger_phrases(DESC)
    texts = [DESC[s:e] for s, e in ranges]
    assert texts == ["Use this agent when", '"review my code"']
    d = 'This skill should be used when the user asks to \u201ccreate a hook\u201d or "add a matcher".'
    texts = [d[s:e] for s, e in trigger_phrases(d)]
    assert texts == ["This skill should be used when", "\u201ccreate a hook\u201d", '"add a matcher"']
    assert trigger_phrases(42) == []
    assert trigger_phrases("plain text") == []


def test_split_tools():
    assert split_tools("Read, Grep, Glob") == ["Read", "Grep", "Glob"]
    assert split_tools("Read Grep") == ["Read", "Grep"]
    assert split_tools(["Read", "Bash(git add *)"]) == ["Read", "Bash(git add *)"]
    assert split_tools("Bash(git add *), Read") == ["Bash(git add *)", "Read"]
    assert split_tools("Bash(git:*) mcp__github__*") == ["Bash(git:*)", "mcp__github__*"]
    assert split_tools(None) == []
    assert split_tools("") == []


def _skill_tree(tmp_path, body, extra=None):
    files = {
        ".claude-plugin/plugin.json": {"name": "p"},
        "skills/s/SKILL.md": "---\nname: s\ndescription: Does s.\nwhen_to_use: When s.\n"
        "allowed-tools: Read, Bash(git add *)\n---\n" + body,
    }
    files.update(extra or {})
    write_tree(tmp_path, files)
    project = load(tmp_path)
    return project, project.plugins[0].skills[0]


def test_skill_info_references_resources_and_budget(tmp_path):
    body = (
        "# S\n\nSee [the API](references/api.md) and [gone](references/gone.md#part).\n"
        "Run `scripts/run.sh` or `${CLAUDE_SKILL_DIR}/scripts/missing.py`.\n"
        "```\n[in code](references/nope.md)\n```\n"
        "Web [link](https://example.com) and [anchor](#top).\n"
    )
    project, skill = _skill_tree(
        tmp_path, body, {"skills/s/references/api.md": "x", "skills/s/scripts/run.sh": "#!/bin/sh\n"}
    )
    info = skill_info(skill, project.index)
    assert info.listing_chars == len("Does s.") + len("When s.")
    assert LISTING_BUDGET == 1536 and not info.over_budget
    assert info.allowed_tools == ["Read", "Bash(git add *)"]
    assert info.resources == {"references": ["api.md"], "scripts": ["run.sh"]}
    refs = {(r.target, r.exists, r.line) for r in info.references}
    assert refs == {
        ("references/api.md", True, 9),
        ("references/gone.md", False, 9),
        ("scripts/run.sh", True, 10),
        ("${CLAUDE_SKILL_DIR}/scripts/missing.py", False, 10),
    }
    gone = [r for r in info.references if r.target == "references/gone.md"][0]
    assert gone.rel == "skills/s/references/gone.md" and gone.kind == "link"
    assert gone.column == skill.file.line_text(9).index("references/gone.md") + 1
    assert info.lines == 14 and info.words > 10


def test_skill_info_without_frontmatter(tmp_path):
    write_tree(tmp_path, {"skills/x/SKILL.md": "just text\n"})
    project = load(tmp_path)
    info = skill_info(project.plugins[0].skills[0], project.index)
    assert info.listing_chars == 0 and info.allowed_tools == [] and info.references == []


def test_agent_info(tmp_path):
    text = (
        "---\nname: rev\ndescription: |\n"
        + "".join("  " + ln + "\n" for ln in DESC.splitlines())
        + "model: sonnet\ncolor: blue\ntools: Read, Grep\ndisallowedTools: [Write]\nmaxTurns: 5\n---\n"
        "You are a reviewer. Review things.\n"
    )
    write_tree(tmp_path, {".claude-plugin/plugin.json": {"name": "p"}, "agents/rev.md": text})
    agent = load(tmp_path).plugins[0].agents[0]
    info = agent_info(agent)
    assert info.model == "sonnet" and info.color == "blue"
    assert info.tools == ["Read", "Grep"] and info.disallowed == ["Write"]
    assert len(info.examples) == 2
    assert info.prompt_words == 6 and info.prompt_chars == len("You are a reviewer. Review things.")
    assert info.other_fields == {"maxTurns": 5}


def test_agent_info_defaults(tmp_path):
    write_tree(tmp_path, {"agents/a.md": "---\nname: a\ndescription: d\n---\n"})
    info = agent_info(load(tmp_path).plugins[0].agents[0])
    assert info.model is None and info.effective_model == "inherit" and info.tools is None
    assert info.examples == [] and info.prompt_words == 0


import pytest  # noqa: E402

from tests.helpers import CORPUS  # noqa: E402


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
def test_corpus_markdown_rules_do_not_crash_and_errors_are_only_broken_links():
    from tui.core.lint.config import Config
    from tui.core.lint.engine import check
    from tui.core.lint.registry import rules_for

    for profile in ("official", "plugin-dev"):
        rules = [r for r in rules_for(profile) if r.code[:3] in ("CMD", "AGT", "SKL", "STY")]
        for d in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
            project = load(d)
            for comp in project.components():
                if comp.kind == "skill":
                    skill_info(comp, project.index)
                elif comp.kind == "agent":
                    agent_info(comp)
            diags = check(project, Config(profile=profile), environ={}, rules=rules)
            assert not [x for x in diags if x.code == "INT001"], d.name
            if profile == "official":
                errors = [x for x in diags if x.severity == "error"]
                assert not errors, [(x.code, x.path, x.message) for x in errors][:5]


# ------------------------------------------------------------------ references found with a whole-body first scan

_FRAGMENTS = [
    "See [guide](references/guide.md).",
    "[x](./scripts/run.sh#top)",
    "[site](https://example.com/references/a.md)",
    "`scripts/build.sh`",
    "`${CLAUDE_SKILL_DIR}/assets/logo.png`",
    "run templates/base.html now",
    "reference/api.md",
    "e.g. examples/demo.py",
    "text with a / slash",
    "```bash",
    "```",
    "~~~",
    "`code` and `more`",
    "![img](assets/pic.png)",
    "plain words",
    "](",
    "`references/",
]


def _references_line_by_line(body, body_line, base_dir, plugin_rel, index):
    """file_references as it was before its first whole-body scan: every line outside fences that holds a link,
    a backtick or a slash went through the per-line regexes (the oracle for the faster one)."""
    from tui.core.model import analysis as a

    def candidates(_body):
        lines = _body.split("\n")
        return {i for i, line in enumerate(lines) if "](" in line or "`" in line or "/" in line}

    real = a._candidate_lines
    a._candidate_lines = candidates
    try:
        return a.file_references(body, body_line, base_dir, plugin_rel, index)
    finally:
        a._candidate_lines = real


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_FRAGMENTS), max_size=4).map(" ".join), max_size=12))
def test_file_references_finds_what_a_scan_of_every_line_finds(lines):
    from tui.core.model.analysis import file_references

    body = "\n".join(lines)
    assert file_references(body, 3, "skills/x", "", None) == _references_line_by_line(body, 3, "skills/x", "", None)
