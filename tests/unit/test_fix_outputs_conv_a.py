"""The exact output of every fix of the agent and output-style/monitor/theme rules, pinned with syrupy.

For each case: check a small plugin, take every finding of the rule under test, and for each one record its
message, its position and its fix: ``None`` when the rule attaches none, else the title, safety, whether it needs a
choice, its description and the full text of every file it changes (applied to a fresh copy of the tree). Findings
that carry one shared fix say which one (``same_fix_as``). The snapshots were taken before the fixes moved from
``@fixer`` functions into the rules, so they prove the move changed nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_check, write_tree

# the fixes added for issue rules15 are pinned in their own file
from tests.unit.test_fix_outputs_rules15a import CASES as R15_CASES
from tui.core.fix.apply import apply_fix
from tui.core.lint.registry import all_rules

MANIFEST = {"name": "demo", "version": "1.0.0", "description": "d", "author": {"name": "a"}}
BASE = {".claude-plugin/plugin.json": MANIFEST}
MODULES = ("tui.core.rules.agents", "tui.core.rules.styles")

PROMPT = "You are a careful reviewer. Your process: read the diff, then report the output.\n"
AGENT_OK = "name: {n}\ndescription: Use this agent when code was just written.\n"
OK = AGENT_OK.format(n="rev")


def agent(fm: str, body: str = PROMPT, name: str = "rev") -> dict[str, Any]:
    return {f"agents/{name}.md": f"---\n{fm}---\n{body}"}


def style(fm: str, body: str = "Explain each change.\n", name: str = "teach") -> dict[str, Any]:
    return {f"output-styles/{name}.md": f"---\n{fm}---\n{body}"}


# case id -> (rule code, files, profile); the id starts with the code
CASES: dict[str, tuple[str, dict[str, Any], str]] = {
    # ------------------------------------------------------------------------------------------------ agents
    "AGT001": ("AGT001", {"agents/rev.md": "You are a code reviewer. Check the newest changes.\n"}, "official"),
    "AGT001-file-name-kebab": (
        "AGT001",
        {"agents/Code_Reviewer.md": "# Reviewer\n\nReview the code that was just written.\n"},
        "official",
    ),
    "AGT001-opening-marker": (
        "AGT001",
        {"agents/rev.md": "name: rev\ndescription: Use this agent when code was written.\n---\nYou are a reviewer.\n"},
        "official",
    ),
    "AGT001-nothing-to-describe": ("AGT001", {"agents/rev.md": "```\ncode\n```\n"}, "official"),
    "AGT002": ("AGT002", agent("description: Use this agent when code was just written.\n"), "official"),
    "AGT002-empty-name": (
        "AGT002",
        agent("name:\ndescription: Use this agent when code was just written.\n"),
        "official",
    ),
    "AGT002-file-name-not-a-name": (
        "AGT002",
        agent("description: Use this agent when code was just written.\n", name="Rev_1"),
        "official",
    ),
    "AGT003": ("AGT003", agent("name: rev\n"), "official"),
    "AGT003-empty-description": ("AGT003", agent("name: rev\ndescription: ''\n"), "official"),
    "AGT004": (
        "AGT004",
        agent("name: Helper Bot\ndescription: Use this agent when code was just written.\n", name="helper-bot"),
        "official",
    ),
    "AGT004-colon": ("AGT004", agent("name: review:strict\ndescription: d\n"), "official"),
    "AGT004-leading-dash": ("AGT004", agent("name: '-reviewer'\ndescription: d\n"), "official"),
    "AGT004-mentioned-elsewhere": (
        "AGT004",
        {
            **agent("name: Helper Bot\ndescription: Use this agent when code was just written.\n", name="helper-bot"),
            "commands/run.md": "---\ndescription: Review\n---\nAsk the Helper Bot agent to review.\n",
        },
        "official",
    ),
    "AGT005": ("AGT005", agent(OK + "maxTurns: '10'\n"), "official"),
    "AGT005-maxTurns-zero": ("AGT005", agent(OK + "maxTurns: '0'\n"), "official"),
    "AGT005-name-number": (
        "AGT005",
        agent("name: 1234\ndescription: Use this agent when code was written.\n"),
        "official",
    ),
    "AGT005-colour-and-prompt-numbers": ("AGT005", agent(OK + "color: 5\ninitialPrompt: 42\n"), "official"),
    "AGT005-no-fix": (
        "AGT005",
        agent(OK + "memory: global\neffort: huge\nbackground: maybe\ntools: {Read: true}\nskills: 3\n"),
        "official",
    ),
    "AGT006": ("AGT006", agent(OK + "model: sonet\n"), "official"),
    "AGT006-choice": ("AGT006", agent(OK + "model: gpt4\n"), "official"),
    "AGT006-number": ("AGT006", agent(OK + "model: 4\n"), "official"),
    "AGT006-crlf": (
        "AGT006",
        {
            "agents/rev.md": "---\r\n# settings\r\nname: rev\r\ndescription: Use it  # trailing\r\nmodel: sonet\r\n---\r\nBody\r\n"
        },
        "official",
    ),
    "AGT007": ("AGT007", agent(OK + "color: purpel\n"), "official"),
    "AGT007-magenta": ("AGT007", agent(OK + "color: magenta\n"), "official"),
    "AGT007-hex-choice": ("AGT007", agent(OK + "color: '#ff0000'\n"), "official"),
    "AGT007-plugin-dev-magenta": (
        "AGT007",
        agent(AGENT_OK.format(n="code-reviewer") + "model: inherit\ncolor: magenta\n", name="code-reviewer"),
        "plugin-dev",
    ),
    "AGT007-free-colour": (
        "AGT007",
        {
            **agent(OK + "color: '#123456'\n"),
            **agent(AGENT_OK.format(n="other") + "color: red\n", name="other"),
        },
        "official",
    ),
    "AGT008": (
        "AGT008",
        agent(OK + "permissionMode: plan\nhooks:\n  Stop:\n    - hooks: []\nmcpServers: [x]\nmodel: haiku\n"),
        "official",
    ),
    "AGT009": ("AGT009", agent(OK + "isolation: container\n"), "official"),
    "AGT010": ("AGT010", agent(OK + "tools: read, Grep, bash(git log:*), Frobnicate\n"), "official"),
    "AGT010-none-resolve": ("AGT010", agent(OK + "tools:\n  - read\n  - bash(read x:*)\n"), "official"),
    "AGT011": ("AGT011", agent(OK + "max_turns: 5\n"), "official"),
    "AGT011-allowed-tools": ("AGT011", agent(OK + "allowed-tools: Read\n"), "official"),
    "AGT011-hint": ("AGT011", agent(OK + "disallowed_tools: Bash\npermission-mode: plan\n"), "official"),
    "AGT011-no-near-miss": ("AGT011", agent(OK + "capabilities: [a]\n"), "official"),
    "AGT020": (
        "AGT020",
        agent(AGENT_OK.format(n="code-reviewer") + "tools: Read\n", name="code-reviewer"),
        "plugin-dev",
    ),
    "AGT020-empty-values": (
        "AGT020",
        agent(AGENT_OK.format(n="code-reviewer") + "model: ''\ncolor:\n", name="code-reviewer"),
        "plugin-dev",
    ),
    "AGT020-different-colours": (
        "AGT020",
        {
            **agent(AGENT_OK.format(n="code-reviewer") + "model: inherit\n", name="code-reviewer"),
            **agent(AGENT_OK.format(n="test-runner") + "model: inherit\n", name="test-runner"),
            **agent(AGENT_OK.format(n="doc-writer") + "model: inherit\ncolor: blue\n", name="doc-writer"),
        },
        "plugin-dev",
    ),
    "AGT021": (
        "AGT021",
        agent("name: Code_Reviewer\ndescription: Use this agent when code was just written.\n", name="code-reviewer"),
        "plugin-dev",
    ),
    "AGT021-short-and-generic": (
        "AGT021",
        {
            **agent("name: Ab\ndescription: d\n", name="ab"),
            **agent("name: helper\ndescription: d\n", name="helper"),
            **agent("name: a-b-c-d-e\ndescription: d\n", name="a-b-c-d-e"),
        },
        "plugin-dev",
    ),
    "AGT024": (
        "AGT024",
        agent(AGENT_OK.format(n="code-reviewer") + "model: claude-opus-4-1\ncolor: cyan\n", name="code-reviewer"),
        "plugin-dev",
    ),
    "AGT024-colour": (
        "AGT024",
        agent(AGENT_OK.format(n="code-reviewer") + "model: fable\ncolor: pink\n", name="code-reviewer"),
        "plugin-dev",
    ),
    "AGT027": (
        "AGT027",
        {
            **agent(AGENT_OK.format(n="code-reviewer") + "color: blue\n", name="code-reviewer"),
            **agent(AGENT_OK.format(n="test-runner") + "color: blue\n", name="test-runner"),
        },
        "plugin-dev",
    ),
    "AGT027-three": (
        "AGT027",
        {
            **agent(AGENT_OK.format(n="code-reviewer") + "color: blue\n", name="code-reviewer"),
            **agent(AGENT_OK.format(n="test-runner") + "color: Blue\n", name="test-runner"),
            **agent(AGENT_OK.format(n="doc-writer") + "color: blue\n", name="doc-writer"),
            **agent(AGENT_OK.format(n="lint-runner") + "color: green\n", name="lint-runner"),
        },
        "plugin-dev",
    ),
    # ------------------------------------------------------------------------------------------------ styles
    "STY001": ("STY001", style("name: Teacher\n", "Explain each change as you make it.\n"), "official"),
    "STY001-no-frontmatter": (
        "STY001",
        {"output-styles/teach.md": "Explain each change as you make it.\n"},
        "official",
    ),
    "STY001-empty-description": ("STY001", style("name: Teacher\ndescription:\n"), "official"),
    "STY002": ("STY002", style("name: 2024\ndescription: Explains\n"), "official"),
    "STY002-no-fix": (
        "STY002",
        style("name: Teacher\ndescription: [a, b]\nkeep-coding-instructions: sometimes\n"),
        "official",
    ),
    "STY003": ("STY003", style("name: Teacher\ndescription: Explains\nkeep_coding_instructions: true\n"), "official"),
    "STY003-no-near-miss": ("STY003", style("name: Teacher\ndescription: Explains\ncolour: red\n"), "official"),
    "STY010": (
        "STY010",
        {"monitors/monitors.json": [{"name": "log", "command": "tail -f log", "descripton": "Build log"}]},
        "official",
    ),
    "STY010-two-typos": (
        "STY010",
        {
            "monitors/monitors.json": [
                {"nme": "log", "command": "tail -f log", "descripton": "Build log"},
                {"name": "ok", "command": "true", "description": "fine", "cmd": "x", "when": "sometimes"},
            ]
        },
        "official",
    ),
    # the rename fix answers the typo's findings only: a `when` whose value happens to be a field name used to
    # get it too (the fixer matched quoted names in the message text)
    "STY010-when-names-a-field": (
        "STY010",
        {
            "monitors/monitors.json": [
                {"name": "log", "command": "tail -f log", "descripton": "Build log", "when": "description"}
            ]
        },
        "official",
    ),
    "STY010-not-an-array": ("STY010", {"monitors/monitors.json": {"name": "log"}}, "official"),
    "STY020": ("STY020", {"themes/ocean.json": {"name": "Ocean", "base": "drak", "overrides": {}}}, "official"),
    "STY020-choice": (
        "STY020",
        {"themes/ocean.json": {"name": "Ocean", "base": "midnight", "overrides": {"claude": "blue-ish"}, "x": 1}},
        "official",
    ),
}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _outputs(tmp_path: Path, code: str, files: dict[str, Any], profile: str) -> list[dict[str, Any]]:
    root = write_tree(tmp_path / "p", {**BASE, **files})
    before = _files(root)
    mine = [d for d in run_check(root, profile=profile) if d.code == code]
    assert mine, f"{code} did not fire"
    out: list[dict[str, Any]] = []
    first_of: dict[int, int] = {}
    for i, d in enumerate(mine):
        entry: dict[str, Any] = {"message": d.message, "at": f"{d.path}:{d.line}:{d.column}", "fix": None}
        out.append(entry)
        fix = d.fix
        if fix is None:
            continue
        if id(fix) in first_of:
            entry["fix"] = {"same_fix_as": first_of[id(fix)]}
            continue
        first_of[id(fix)] = i
        copy = tmp_path / f"fix{i}"
        shutil.copytree(root, copy)
        apply_fix(fix, copy)
        after = _files(copy)
        # a carriage return is shown as the two characters \r (the snapshot file would lose it)
        changed = {rel: after[rel].decode().replace("\r", "\\r") for rel in after if before.get(rel) != after[rel]}
        assert set(after) >= set(before), "a fix removed a file"
        entry["fix"] = {
            "title": fix.title,
            "safe": fix.safe,
            "needs_choice": fix.needs_choice,
            "description": fix.description,
            "files": changed,
        }
    return out


R15_CODES = {code for code, *_ in R15_CASES.values()}


def test_every_fixable_rule_of_these_modules_has_a_case():
    fixable = {r.code for r in all_rules() if r.fixable and r.fn.__module__ in MODULES}
    assert fixable == {code for code, _files, _profile in CASES.values()} | (fixable & R15_CODES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_fix_output(tmp_path, case, snapshot):
    code, files, profile = CASES[case]
    assert case.split("-")[0] == code
    assert _outputs(tmp_path, code, files, profile) == snapshot
