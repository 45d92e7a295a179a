"""Fixes of the command, agent, skill and output-style rules, end to end.

For every ``fixable=True`` rule of those modules: the fixture's diagnostic carries a fix; applying it makes the
diagnostic disappear on re-check, adds no new diagnostic, changes only that file and only in the lines the fix
names, and a second round finds nothing left to change.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
import yaml

from tests.helpers import codes, run_check, write_tree
from tests.unit.test_fix_outputs_rules15a import CASES as R15_CASES
from tui.core.fix.apply import StaleFileError, apply_fix, apply_fixes
from tui.core.lint.registry import all_rules, get_rule
from tui.core.model.loader import load
from tui.core.rules._kit.markdown import derive_description, kebab, nearest_choice, nearest_model

MANIFEST = {"name": "demo", "version": "1.0.0", "description": "d", "author": {"name": "a"}}
BASE = {".claude-plugin/plugin.json": MANIFEST}
MODULES = ("tui.core.rules.commands", "tui.core.rules.agents", "tui.core.rules.skills", "tui.core.rules.styles")

PROMPT = "You are a careful reviewer. Your process: read the diff, then report the output.\n"
AGENT_OK = "name: {n}\ndescription: Use this agent when code was just written.\n"


def agent(fm: str, body: str = PROMPT, name: str = "rev") -> dict:
    return {f"agents/{name}.md": f"---\n{fm}---\n{body}"}


def command(fm: str, body: str = "Review the staged changes.\n", name: str = "run") -> dict:
    return {f"commands/{name}.md": f"---\n{fm}---\n{body}"}


def skill(fm: str, body: str = "Extract text from PDF files.\n", name: str = "pdf") -> dict:
    return {f"skills/{name}/SKILL.md": f"---\n{fm}---\n{body}"}


# code -> (extra files, the file the fix changes, the lines it may change, profile, safe?)
FIXTURES: dict[str, tuple[dict, str, set[int], str, bool | tuple]] = {
    # ----------------------------------------------------------------------------------------- commands
    "CMD001": (
        {"commands/run.md": "# Deploy\n\nDeploy the current branch to staging.\n"},
        "commands/run.md",
        {1},
        "official",
        False,
    ),
    "CMD002": (command("allowed-tools: Read\n"), "commands/run.md", {3}, "official", False),
    "CMD003": (
        command("description: Review a PR\nargument-hint: [pr]\n", "Review PR $ARGUMENTS.\n"),
        "commands/run.md",
        {3},
        "official",
        True,
    ),
    "CMD005": (command("description: Review\nname: code-review\n"), "commands/run.md", {3}, "official", False),
    "CMD007": (command("description: Review\nmodel: sonet\n"), "commands/run.md", {3}, "official", False),
    "CMD008": (command("description: Review\nallowed_tools: Read\n"), "commands/run.md", {3}, "official", True),
    "CMD012": (
        {
            **command("description: File an issue\nallowed-tools: mcp__github__create_issue, Read\n"),
            ".mcp.json": {"mcpServers": {"github": {"command": "gh-mcp"}}},
        },
        "commands/run.md",
        {3},
        "official",
        True,
    ),
    "CMD021": (
        command("description: Review a PR\nmodel: claude-sonnet-4-5\n"),
        "commands/run.md",
        {3},
        "plugin-dev",
        False,
    ),
    # ------------------------------------------------------------------------------------------- agents
    "AGT001": (
        {"agents/rev.md": "You are a code reviewer. Check the newest changes.\n"},
        "agents/rev.md",
        {1},
        "official",
        False,
    ),
    "AGT002": (
        agent("description: Use this agent when code was just written.\n"),
        "agents/rev.md",
        {3},
        "official",
        True,
    ),
    "AGT003": (agent("name: rev\n"), "agents/rev.md", {3}, "official", False),
    "AGT004": (
        agent("name: Helper Bot\ndescription: Use this agent when code was just written.\n", name="helper-bot"),
        "agents/helper-bot.md",
        {2},
        "official",
        True,
    ),
    "AGT005": (agent(AGENT_OK.format(n="rev") + "maxTurns: '10'\n"), "agents/rev.md", {4}, "official", True),
    "AGT006": (agent(AGENT_OK.format(n="rev") + "model: sonet\n"), "agents/rev.md", {4}, "official", False),
    "AGT007": (agent(AGENT_OK.format(n="rev") + "color: purpel\n"), "agents/rev.md", {4}, "official", False),
    "AGT008": (
        agent(
            AGENT_OK.format(n="rev") + "permissionMode: plan\nhooks:\n  Stop:\n    - hooks: []\n"
            "mcpServers: [x]\nmodel: haiku\n"
        ),
        "agents/rev.md",
        {4, 5, 6, 7, 8},
        "official",
        False,
    ),
    "AGT009": (agent(AGENT_OK.format(n="rev") + "isolation: container\n"), "agents/rev.md", {4}, "official", False),
    "AGT010": (
        agent(AGENT_OK.format(n="rev") + "tools: read, Grep, bash(git log:*)\n"),
        "agents/rev.md",
        {4},
        "official",
        True,
    ),
    "AGT011": (agent(AGENT_OK.format(n="rev") + "max_turns: 5\n"), "agents/rev.md", {4}, "official", True),
    "AGT020": (
        agent(AGENT_OK.format(n="code-reviewer") + "tools: Read\n", name="code-reviewer"),
        "agents/code-reviewer.md",
        {5},
        "plugin-dev",
        (True, False),
    ),
    "AGT021": (
        agent("name: Code_Reviewer\ndescription: Use this agent when code was just written.\n", name="code-reviewer"),
        "agents/code-reviewer.md",
        {2},
        "plugin-dev",
        True,
    ),
    "AGT024": (
        agent(AGENT_OK.format(n="code-reviewer") + "model: claude-opus-4-1\ncolor: cyan\n", name="code-reviewer"),
        "agents/code-reviewer.md",
        {4},
        "plugin-dev",
        False,
    ),
    "AGT027": (
        {
            **agent(AGENT_OK.format(n="code-reviewer") + "color: blue\n", name="code-reviewer"),
            **agent(AGENT_OK.format(n="test-runner") + "color: blue\n", name="test-runner"),
        },
        "agents/test-runner.md",
        {4},
        "plugin-dev",
        False,
    ),
    # ------------------------------------------------------------------------------------------- skills
    "SKL001": (
        {"skills/pdf/SKILL.md": "# PDF tools\n\nExtract text and tables from PDF files.\n"},
        "skills/pdf/SKILL.md",
        {1},
        "official",
        False,
    ),
    "SKL002": (skill("name: pdf\n"), "skills/pdf/SKILL.md", {3}, "official", False),
    "SKL003": (
        skill("name: pdf\ndescription: Convert files\nargument-hint: [file]\n"),
        "skills/pdf/SKILL.md",
        {4},
        "official",
        True,
    ),
    "SKL004": (
        skill("name: Helper Bot\ndescription: Helps\n", name="helper-bot"),
        "skills/helper-bot/SKILL.md",
        {2},
        "official",
        True,
    ),
    "SKL011": (
        {
            ".claude-plugin/marketplace.json": {
                "name": "m",
                "owner": {"name": "o"},
                "plugins": [{"name": "demo", "source": "./"}],
            },
            "SKILL.md": "---\ndescription: Extract text from PDF files\n---\nExtract text.\n",
        },
        "SKILL.md",
        {3},
        "official",
        False,
    ),
    "SKL013": (
        skill("name: pdf\ndesription: Extract text\nallowed_tools: Read\n"),
        "skills/pdf/SKILL.md",
        {3, 4},
        "official",
        True,
    ),
    "SKL014": (
        skill("name: pdf\ndescription: Extract text\nmodel: opuss\n"),
        "skills/pdf/SKILL.md",
        {4},
        "official",
        False,
    ),
    "SKL020": (skill("description: Extract text\n"), "skills/pdf/SKILL.md", {3}, "plugin-dev", True),
    "SKL028": (
        {
            **skill("name: pdf\ndescription: Extract text\n", "Run `scripts/fill.sh` to fill forms.\n"),
            "skills/pdf/scripts/fill.sh": "#!/bin/sh\necho fill\n",
        },
        "skills/pdf/scripts/fill.sh",
        set(),
        "plugin-dev",
        True,
    ),
    # ------------------------------------------------------------------------------------------- styles
    "STY001": (
        {"output-styles/teach.md": "---\nname: Teacher\n---\nExplain each change as you make it.\n"},
        "output-styles/teach.md",
        {3},
        "official",
        False,
    ),
    "STY002": (
        {"output-styles/teach.md": "---\nname: 2024\ndescription: Explains\n---\nExplain each change.\n"},
        "output-styles/teach.md",
        {2},
        "official",
        True,
    ),
    "STY003": (
        {
            "output-styles/teach.md": "---\nname: Teacher\ndescription: Explains\n"
            "keep_coding_instructions: true\n---\nExplain each change.\n"
        },
        "output-styles/teach.md",
        {4},
        "official",
        True,
    ),
    "STY010": (
        {"monitors/monitors.json": [{"name": "log", "command": "tail -f log", "descripton": "Build log"}]},
        "monitors/monitors.json",
        {5},
        "official",
        True,
    ),
    "STY020": (
        {"themes/ocean.json": {"name": "Ocean", "base": "drak", "overrides": {}}},
        "themes/ocean.json",
        {3},
        "official",
        False,
    ),
}


def _my_fixable_codes() -> list[str]:
    return sorted(r.code for r in all_rules() if r.fixable and r.fn.__module__ in MODULES)


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mode & 0o7777)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _what(d) -> tuple:
    """A finding without its position (inserting a line moves the findings below it)."""
    return d.code, d.severity, d.message, d.path


def _changed_lines(before: str, after: str) -> set[int]:
    out = set()
    sm = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    for tag, i1, i2, _j1, _j2 in sm.get_opcodes():
        if tag != "equal":
            out.update(range(i1 + 1, max(i2, i1 + 1) + 1))
    return out


R15_CODES = {code for code, *_ in R15_CASES.values()}


def test_every_fixable_rule_of_these_modules_has_a_fixture():
    mine = _my_fixable_codes()
    # the fixes added for issue rules15 are pinned in test_fix_outputs_rules15a
    mine = [c for c in mine if c not in R15_CODES or c in FIXTURES]
    assert set(mine) == set(FIXTURES), set(mine) ^ set(FIXTURES)


@pytest.mark.parametrize("code", sorted(FIXTURES))
def test_component_fix_end_to_end(tmp_path, code):
    files, rel, lines, profile, safe = FIXTURES[code]
    root = write_tree(tmp_path / "p", {**BASE, **files})
    if code == "SKL028":
        os.chmod(root / rel, 0o644)
    assert get_rule(code).fixable
    diags = run_check(root, profile=profile)
    mine = [d for d in diags if d.code == code]
    assert mine, codes(diags)
    assert all(d.fix is not None for d in mine), [d.message for d in mine if d.fix is None]
    assert {d.fix.safe for d in mine} == ({safe} if isinstance(safe, bool) else set(safe))
    others_before = {_what(d) for d in diags if d.code != code}
    before = _snapshot(root)
    first = list(mine)
    # fixes that insert at the same place wait for the next round, as `check --fix` does
    for _round in range(3):
        res = apply_fixes(mine, root)
        assert res.applied, res.skipped
        mine = [d for d in run_check(root, profile=profile) if d.code == code and d.fix is not None]
        if not mine:
            break
    after = _snapshot(root)
    assert {k for k in before if before[k] != after[k]} == {rel}, "only that file changes"
    if rel.endswith((".md", ".json")):
        assert before[rel][1] == after[rel][1]  # mode kept
        old, new = before[rel][0].decode(), after[rel][0].decode()
        assert _changed_lines(old, new) <= lines, (old, new)
        if rel.endswith(".md") and new.startswith("---"):
            block = new.split("---\n")[1]
            assert isinstance(yaml.safe_load(block), dict)  # strict YAML readers read it too
    diags2 = run_check(root, profile=profile)
    assert code not in codes(diags2), [d.message for d in diags2 if d.code == code]
    assert {_what(d) for d in diags2} <= others_before, [d for d in diags2 if _what(d) not in others_before]
    # twice: the old fix refuses (its text is gone) and nothing new is offered for this rule
    for d in first:
        if any(getattr(e, "original", None) is not None for e in d.fix.edits):
            with pytest.raises(StaleFileError):
                apply_fix(d.fix, root)
    assert _snapshot(root) == after
    assert not [d for d in diags2 if d.code == code and d.fix is not None]


# ----------------------------------------------------------------------------------------- specific behaviour


def _fix_of(tmp_path, files, code, profile="official"):
    root = write_tree(tmp_path / "p", {**BASE, **files})
    hits = [d for d in run_check(root, profile=profile) if d.code == code]
    assert hits
    return root, hits


def test_unknown_model_needs_a_choice(tmp_path):
    root, hits = _fix_of(tmp_path, agent(AGENT_OK.format(n="rev") + "model: gpt4\n"), "AGT006")
    fx = hits[0].fix
    assert fx.needs_choice and not fx.safe and "inherit" in fx.title
    apply_fix(fx, root)
    assert "model: inherit\n" in (root / "agents/rev.md").read_text()


def test_magenta_becomes_purple(tmp_path):
    root, hits = _fix_of(tmp_path, agent(AGENT_OK.format(n="rev") + "color: magenta\n"), "AGT007")
    assert not hits[0].fix.needs_choice
    apply_fix(hits[0].fix, root)
    assert "color: purple\n" in (root / "agents/rev.md").read_text()


def test_hex_colour_needs_a_choice(tmp_path):
    _root, hits = _fix_of(tmp_path, agent(AGENT_OK.format(n="rev") + "color: '#ff0000'\n"), "AGT007")
    assert hits[0].fix.needs_choice


def test_renaming_a_name_other_files_mention_is_unsafe(tmp_path):
    files = {
        **agent("name: Helper Bot\ndescription: Use this agent when code was just written.\n", name="helper-bot"),
        **command("description: Review\n", "Ask the Helper Bot agent to review.\n"),
    }
    _root, hits = _fix_of(tmp_path, files, "AGT004")
    assert not hits[0].fix.safe and "mention" in hits[0].fix.description


def test_colon_agent_name_fix_is_unsafe(tmp_path):
    # the agent id changes shape (p:review:strict -> p:review-strict)
    root, hits = _fix_of(tmp_path, agent("name: review:strict\ndescription: d\n"), "AGT004")
    assert hits[0].severity == "warning" and not hits[0].fix.safe
    apply_fix(hits[0].fix, root)
    assert "name: review-strict\n" in (root / "agents/rev.md").read_text()


def test_tools_case_fix_keeps_parentheses_and_known_tools(tmp_path):
    root, hits = _fix_of(tmp_path, agent(AGENT_OK.format(n="rev") + "tools:\n  - read\n  - bash(read x:*)\n"), "AGT010")
    apply_fixes(hits, root)
    assert "tools:\n  - Read\n  - Bash(read x:*)\n" in (root / "agents/rev.md").read_text()


def test_allowed_tools_in_agent_rename_is_unsafe(tmp_path):
    _root, hits = _fix_of(tmp_path, agent(AGENT_OK.format(n="rev") + "allowed-tools: Read\n"), "AGT011")
    assert hits[0].fix is not None and not hits[0].fix.safe


def test_unknown_field_without_a_near_miss_has_no_fix(tmp_path):
    _root, hits = _fix_of(tmp_path, agent(AGENT_OK.format(n="rev") + "capabilities: [a]\n"), "AGT011")
    assert hits[0].fix is None


def test_crlf_and_comments_survive(tmp_path):
    text = (
        "---\r\n# reviewer settings\r\nname: rev\r\ndescription: Use it  # trailing\r\nmodel: sonet\r\n---\r\nBody\r\n"
    )
    root, hits = _fix_of(tmp_path, {"agents/rev.md": text}, "AGT006")
    apply_fix(hits[0].fix, root)
    assert (root / "agents/rev.md").read_bytes() == text.replace("sonet", "sonnet").encode()


def test_model_and_choice_helpers():
    assert nearest_model("sonet") == ("sonnet", True)
    assert nearest_model("Claude Opus 4") == ("opus", True)
    assert nearest_model("gpt-4o") == ("inherit", False)
    assert nearest_model(4) == ("inherit", False)
    assert nearest_choice("purpel", ("red", "purple", "pink")) == ("purple", True)
    assert kebab("Helper Bot") == "helper-bot" and kebab("codeReviewer") == "code-reviewer"
    assert kebab("review:strict") == "review-strict"


def test_derive_description():
    assert derive_description("# PDF\n\nExtract **text** from [PDFs](x.md). More.\n") == "Extract text from PDFs."
    assert derive_description("```\ncode\n```\n# Only a heading\n") == "Only a heading"
    assert derive_description("\n\n") is None
    long = derive_description("word " * 100)
    assert long is not None and len(long) <= 161


def test_description_fix_for_missing_frontmatter_is_valid_yaml(tmp_path):
    root, hits = _fix_of(tmp_path, {"commands/run.md": "Run: the tests, then report #1 result.\n"}, "CMD001")
    apply_fix(hits[0].fix, root)
    fm = load(root).files["commands/run.md"].fm
    assert fm.ok and fm.data["description"] == "Run: the tests, then report #1 result."


def test_plural_of_a_known_key_is_not_renamed(tmp_path):
    _root, hits = _fix_of(tmp_path, skill("name: pdf\ndescription: Extract text\nagents:\n  - a\n"), "SKL013")
    assert hits[0].fix is None


def test_stray_description_line_in_the_body(tmp_path):
    root, hits = _fix_of(tmp_path, {"skills/pdf/SKILL.md": "# PDF\n\ndescription: Extract text from PDFs.\n"}, "SKL001")
    apply_fix(hits[0].fix, root)
    assert load(root).files["skills/pdf/SKILL.md"].fm.data == {"description": "Extract text from PDFs."}


def test_agents_missing_a_colour_get_different_ones(tmp_path):
    files = {
        **agent(AGENT_OK.format(n="code-reviewer") + "model: inherit\n", name="code-reviewer"),
        **agent(AGENT_OK.format(n="test-runner") + "model: inherit\n", name="test-runner"),
        **agent(AGENT_OK.format(n="doc-writer") + "model: inherit\ncolor: blue\n", name="doc-writer"),
    }
    root, hits = _fix_of(tmp_path, files, "AGT020", profile="plugin-dev")
    titles = sorted(d.fix.title for d in hits)
    assert titles == ["add color: cyan", "add color: green"], titles
    apply_fixes(hits, root)
    assert "AGT027" not in codes(run_check(root, profile="plugin-dev"))


def test_magenta_under_plugin_dev_needs_a_choice(tmp_path):
    files = agent(AGENT_OK.format(n="code-reviewer") + "model: inherit\ncolor: magenta\n", name="code-reviewer")
    root, hits = _fix_of(tmp_path, files, "AGT007", profile="plugin-dev")
    assert hits[0].fix.needs_choice
    apply_fix(hits[0].fix, root)
    assert not {"AGT007", "AGT024"} & set(codes(run_check(root, profile="plugin-dev")))


def test_command_name_equal_to_file_name_is_removed_safely(tmp_path):
    _root, hits = _fix_of(tmp_path, command("description: Review\nname: run\n"), "CMD005")
    assert hits[0].fix.safe


@pytest.mark.parametrize(
    "code,rel", [("CMD001", "commands/run.md"), ("AGT001", "agents/rev.md"), ("SKL001", "skills/pdf/SKILL.md")]
)
def test_missing_opening_marker_is_added_safely(tmp_path, code, rel):
    text = "name: rev\ndescription: Use this agent when code was written.\n---\nYou are a reviewer.\n"
    root, hits = _fix_of(tmp_path, {rel: text}, code)
    fx = hits[0].fix
    assert fx.safe and fx.title == "add the opening '---' line"
    apply_fix(fx, root)
    assert (root / rel).read_text() == "---\n" + text
    assert code not in codes(run_check(root))


def test_opening_marker_needs_yaml_before_the_rule(tmp_path):
    text = "# Title\n\nSome prose.\n---\nMore.\n"
    _root, hits = _fix_of(tmp_path, {"commands/run.md": text}, "CMD001")
    assert hits[0].fix is None or hits[0].fix.title != "add the opening '---' line"
