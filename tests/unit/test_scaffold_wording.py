"""Scaffolds read as an author would write them, whatever the name, and an agent's tools fit what it is for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.core.parse.frontmatter import split
from tui.core.services.scaffold import ScaffoldError, parse_tools, scaffold, variables_to_set
from tui.core.services.wording import EDIT_TOOLS, READ_TOOLS, article, guess_tools, subject, title

# realistic names: roles, subjects, names ending in a skill kind, tasks
NAMES = [
    "test-writer",
    "code-reviewer",
    "security-auditor",
    "api-docs-generator",
    "performance-analyzer",
    "db-migrator",
    "data-wrangler",
    "security",
    "api-docs",
    "kubernetes",
    "my-plugin-workflow",
    "git-workflow",
    "writing-guide",
    "commit-helper",
    "write-tests",
    "review-pr",
]
ROLES = {
    "test-writer",
    "code-reviewer",
    "security-auditor",
    "api-docs-generator",
    "performance-analyzer",
    "db-migrator",
    "data-wrangler",
}


@pytest.fixture
def plugin(tmp_path: Path) -> Path:
    scaffold("plugin", "kit", tmp_path, author="Ann")
    return tmp_path / "kit"


def _texts(plugin: Path, kind: str, name: str) -> str:
    rels = scaffold(kind, name, plugin)
    return "\n".join((plugin / rel).read_text() for rel in rels)


def _prose(text: str) -> str:
    """The text without file names, paths and kebab-case identifiers (`test-writer` is a name, not prose)."""
    text = re.sub(r"`[^`]*`|\[[^\]]*\]\([^)]*\)|\S*[/.]\S+|\b[a-z0-9]+(?:-[a-z0-9]+)+\b", " ", text)
    return text


@pytest.mark.parametrize("kind", ["agent", "skill", "command"])
@pytest.mark.parametrize("name", NAMES)
def test_text_reads_naturally(plugin, kind, name):
    text = _texts(plugin, kind, name)
    prose = _prose(text)
    doubled = re.search(r"\b(\w+)\s+\1\b", prose, re.I)
    assert doubled is None, f"doubled word {doubled.group(0)!r}"
    phrase = subject(name).phrase
    if name in ROLES:
        # a role is someone: "a test writer", never "in test writer" or "for test writer"
        bad = re.search(rf"\b(?:in|for|about|needs)\s+{re.escape(phrase)}\b", prose, re.I)
        assert bad is None, f"{bad.group(0)!r} reads as if {phrase!r} were a subject"
    for stale in (
        "specialist in test writer",
        "asks for test writer",
        "test writer pass",
        "workflow workflow",
        "guide guide",
        "helper helper",
        "any my plugin workflow task",
    ):
        assert stale not in prose


def test_role_topic_and_kind_phrasing(plugin):
    writer = _texts(plugin, "agent", "test-writer")
    assert "You are a meticulous test writer," in writer
    assert "asks the test writer to" in writer
    assert "an API docs generator" in _texts(plugin, "agent", "api-docs-generator")
    security = _texts(plugin, "agent", "security")
    assert "a meticulous specialist in security" in security and "security problems" in security
    skill = _texts(plugin, "skill", "my-plugin-workflow")
    assert '"set up my plugin"' in skill and "Follow this workflow for any task that involves my plugin." in skill
    assert "my plugin workflow workflow" not in skill.lower()
    guide = _texts(plugin, "skill", "writing-guide")
    assert "Follow this guide" in guide and "writing guide guide" not in guide.lower()
    assert '"write tests"' in _texts(plugin, "skill", "write-tests")


@pytest.mark.parametrize(
    "name,expect",
    [
        ("code-reviewer", READ_TOOLS),
        ("security-auditor", READ_TOOLS),
        ("performance-analyzer", READ_TOOLS),
        ("link-checker", READ_TOOLS),
        ("error-explainer", READ_TOOLS),
        ("security", READ_TOOLS),  # a subject: least privilege
        ("test-writer", EDIT_TOOLS),
        ("api-docs-generator", EDIT_TOOLS),
        ("lint-fixer", EDIT_TOOLS),
        ("db-migrator", EDIT_TOOLS),
        ("site-builder", EDIT_TOOLS),
        ("code-formatter", EDIT_TOOLS),
        ("code-refactorer", EDIT_TOOLS),
        ("write-tests", EDIT_TOOLS),
        ("test-runner", ("Read", "Grep", "Glob", "Bash")),  # runs the tests, edits nothing
    ],
)
def test_tools_fit_the_role(name, expect):
    assert guess_tools(name) == list(expect)


def test_agent_body_says_what_its_tools_allow(plugin):
    reviewer = split((plugin / scaffold("agent", "code-reviewer", plugin)[0]).read_text())
    assert reviewer.data["tools"] == "Read, Grep, Glob"
    assert "you can read and search the code but not edit it or run commands" in " ".join(reviewer.body.split())
    writer = split((plugin / scaffold("agent", "test-writer", plugin)[0]).read_text())
    assert writer.data["tools"] == "Read, Grep, Glob, Write, Edit, Bash"
    body = " ".join(writer.body.split())
    assert "you can read, search and edit the code and run commands" in body
    assert "not edit" not in body and "Run the relevant tests" in body
    # an override: the frontmatter and the prompt both follow it
    narrow = split((plugin / scaffold("agent", "test-author", plugin, tools="Read, Grep")[0]).read_text())
    assert narrow.data["tools"] == "Read, Grep"
    body = " ".join(narrow.body.split())
    assert "Your tools are Read and Grep" in body and "Glob" not in body and "Bash" not in body
    assert "but not edit it or run commands" in body and "Make the smallest change" not in body


@pytest.mark.parametrize(
    "value,message",
    [
        ("Read, grep", "did you mean Grep"),
        ("Read, Grpe", "did you mean Grep"),
        ("Reed", "did you mean Read"),
        ("Frobnicate", "unknown tool 'Frobnicate'"),
        ("", "empty"),
    ],
)
def test_unknown_tools_are_refused(plugin, value, message):
    with pytest.raises(ScaffoldError, match=message) as exc:
        scaffold("agent", "code-reviewer", plugin, tools=value)
    assert exc.value.code == 2
    assert not (plugin / "agents").exists()


def test_tools_patterns_and_mcp_tools_are_kept():
    assert parse_tools("Read, Bash(git diff *), mcp__github__get_pr") == [
        "Read",
        "Bash(git diff *)",
        "mcp__github__get_pr",
    ]


def test_refuses_a_folder_that_is_not_a_plugin(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    for kind in ("agent", "command", "skill", "hook", "mcp"):
        with pytest.raises(ScaffoldError) as exc:
            scaffold(kind, "code-reviewer", tmp_path)
        assert exc.value.code == 2 and "not a plugin folder" in str(exc.value)
        assert "plugin-tui new plugin NAME" in str(exc.value) and "\n" not in str(exc.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    # a folder with component folders but no manifest is a plugin (Claude Code loads it with --plugin-dir)
    (tmp_path / "commands").mkdir()
    assert scaffold("agent", "code-reviewer", tmp_path) == ["agents/code-reviewer.md"]


def test_inside_a_plugin_the_hint_names_the_plugin(plugin):
    scaffold("agent", "code-reviewer", plugin)
    with pytest.raises(ScaffoldError, match="give the plugin's folder as PATH") as exc:
        scaffold("agent", "test-writer", plugin / "agents")
    assert str(plugin.name) in str(exc.value)
    assert not (plugin / "agents" / "agents").exists()


def test_variables_to_set():
    assert [v for v, _ in variables_to_set("mcp", "api", auth="bearer")] == ["API_TOKEN"]
    assert [v for v, _ in variables_to_set("mcp", "api-docs", auth="api-key")] == ["API_DOCS_API_KEY"]
    assert variables_to_set("mcp", "api") == [] and variables_to_set("agent", "code-reviewer") == []


def test_words():
    assert title("api-docs-generator") == "API Docs Generator"
    assert [article(w) for w in ("API docs", "unit test", "hour", "test", "owner")] == ["an", "a", "an", "a", "an"]
    assert subject("release-notes").form == "topic" and subject("review-pr").phrase == "review a PR"
    assert subject("git-workflow", skill=True).phrase == "Git" and subject("git-workflow").phrase == "Git workflow"
