"""The exact output of every fix of the command, skill and FILE rules (and of the shared Markdown helpers), pinned.

For each case: every finding of the rule, in order, with the fix it carries applied alone to a fresh copy of the
fixture: its title, safety, whether it needs a choice, its description, and the text of every file it changed
(the new mode for a chmod). A finding without a fix is pinned with ``fix: None``, so a fix that appears on the wrong
finding, or goes missing, fails too. Regenerate with ``--snapshot-update`` only for a deliberate change, and read
every changed snapshot.
"""

from __future__ import annotations

import os
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
MODULES = ("tui.core.rules.commands", "tui.core.rules.skills", "tui.core.rules.files")
MARKETPLACE = {
    ".claude-plugin/marketplace.json": {
        "name": "m",
        "owner": {"name": "o"},
        "plugins": [{"name": "demo", "source": "./"}],
    }
}


def command(fm: str, body: str = "Review the staged changes.\n", name: str = "run") -> dict[str, Any]:
    return {f"commands/{name}.md": f"---\n{fm}---\n{body}"}


def skill(fm: str, body: str = "Extract text from PDF files.\n", name: str = "pdf") -> dict[str, Any]:
    return {f"skills/{name}/SKILL.md": f"---\n{fm}---\n{body}"}


def agent(fm: str, body: str = "You are a careful reviewer. Read the diff and report.\n") -> dict[str, Any]:
    return {"agents/rev.md": f"---\n{fm}---\n{body}"}


# case id -> (code, files, profile, files to chmod 0644 before the check)
CASES: dict[str, tuple[str, dict[str, Any], str, tuple[str, ...]]] = {
    # ----------------------------------------------------------------------------------------- commands
    "CMD001": ("CMD001", {"commands/run.md": "# Deploy\n\nDeploy the current branch to staging.\n"}, "official", ()),
    "CMD001-opening-marker": (
        "CMD001",
        {"commands/run.md": "description: Deploy it\nargument-hint: [env]\n---\nDeploy to $0.\n"},
        "official",
        (),
    ),
    "CMD001-colon-in-body": ("CMD001", {"commands/run.md": "Run: the tests, then report #1 result.\n"}, "official", ()),
    "CMD001-nothing-to-derive": ("CMD001", {"commands/run.md": "```\nmake\n```\n"}, "official", ()),
    "CMD002": ("CMD002", command("allowed-tools: Read\n"), "official", ()),
    "CMD002-empty-description": ("CMD002", command("description:\nallowed-tools: Read\n"), "official", ()),
    "CMD003": (
        "CMD003",
        command("description: Review a PR\nargument-hint: [pr]\n", "Review PR $ARGUMENTS.\n"),
        "official",
        (),
    ),
    "CMD003-several": (
        "CMD003",
        command(
            "description: [a, b]\nargument-hint: 42\nlicense: 2024\nshell: zsh\neffort: extreme\n"
            "allowed-tools: {Read: true}\ndisable-model-invocation: maybe\n"
        ),
        "official",
        (),
    ),
    "CMD005": ("CMD005", command("description: Review\nname: code-review\n"), "official", ()),
    "CMD005-own-name-and-paths": (
        "CMD005",
        command("description: Review\nname: run\npaths:\n  - src/**\n  - lib/**\nmodel: haiku\n"),
        "official",
        (),
    ),
    "CMD007": ("CMD007", command("description: Review\nmodel: sonet\n"), "official", ()),
    "CMD007-needs-choice": ("CMD007", command("description: Review\nmodel: gpt-4\n"), "official", ()),
    "CMD008": ("CMD008", command("description: Review\nallowed_tools: Read\n"), "official", ()),
    "CMD008-tools-and-unknown": (
        "CMD008",
        command("description: Review\ntools: Read\ncolour: blue\nargumentHint: '[x]'\n"),
        "official",
        (),
    ),
    "CMD012": (
        "CMD012",
        {
            **command("description: File an issue\nallowed-tools: mcp__github__create_issue, Read\n"),
            ".mcp.json": {"mcpServers": {"github": {"command": "gh-mcp"}}},
        },
        "official",
        (),
    ),
    "CMD012-two-in-one-file": (
        "CMD012",
        {
            **command(
                "description: File an issue\nallowed-tools:\n  - mcp__github__create_issue\n  - mcp__github\n"
                "  - Bash(mcp__github__x:*)\n"
            ),
            **skill("name: pdf\ndescription: Extract\nallowed-tools: Read mcp__github__search\n"),
            ".mcp.json": {"mcpServers": {"github": {"command": "gh-mcp"}}},
        },
        "official",
        (),
    ),
    "CMD021": ("CMD021", command("description: Review a PR\nmodel: claude-sonnet-4-5\n"), "plugin-dev", ()),
    "CMD021-inherit": ("CMD021", command("description: Review a PR\nmodel: inherit\n"), "plugin-dev", ()),
    # ------------------------------------------------------------------------------------------- skills
    "SKL001": (
        "SKL001",
        {"skills/pdf/SKILL.md": "# PDF tools\n\nExtract text and tables from PDF files.\n"},
        "official",
        (),
    ),
    "SKL001-stray-description": (
        "SKL001",
        {"skills/pdf/SKILL.md": "# PDF\n\ndescription: Extract text from PDFs.\n"},
        "official",
        (),
    ),
    "SKL001-opening-marker": (
        "SKL001",
        {"skills/pdf/SKILL.md": "name: pdf\r\ndescription: Extract text.\r\n---\r\nBody.\r\n"},
        "official",
        (),
    ),
    "SKL002": ("SKL002", skill("name: pdf\n"), "official", ()),
    "SKL002-null-description": ("SKL002", skill("name: pdf\ndescription:\n", "# PDF\n"), "official", ()),
    "SKL003": ("SKL003", skill("name: pdf\ndescription: Convert files\nargument-hint: [file]\n"), "official", ()),
    "SKL003-several": (
        "SKL003",
        skill(
            "name: true\ndescription: Convert files\nwhen_to_use: 3\nagent: 1.5\ncompatibility: 2\n"
            "metadata: x\ncontext: spoon\nuser-invocable: perhaps\n"
        ),
        "official",
        (),
    ),
    "SKL003-merged-keys": (
        "SKL003",
        skill("base: &b\n  name: 5\n  argument-hint: [x]\n<<: *b\ndescription: Convert files\n"),
        "official",
        (),
    ),
    "SKL004": ("SKL004", skill("name: Helper Bot\ndescription: Helps\n", name="helper-bot"), "official", ()),
    "SKL004-reserved-and-mentioned": (
        "SKL004",
        {
            **skill("name: Claude Helper\ndescription: Helps\n", name="claude-helper"),
            **command("description: Review\n", "Use the Claude Helper skill.\n"),
        },
        "official",
        (),
    ),
    "SKL011": (
        "SKL011",
        {**MARKETPLACE, "SKILL.md": "---\ndescription: Extract text from PDF files\n---\nExtract text.\n"},
        "official",
        (),
    ),
    "SKL011-no-frontmatter": ("SKL011", {**MARKETPLACE, "SKILL.md": "Extract text from PDF files.\n"}, "official", ()),
    "SKL013": ("SKL013", skill("name: pdf\ndesription: Extract text\nallowed_tools: Read\n"), "official", ()),
    "SKL013-tools-plural-and-hint": (
        "SKL013",
        skill("name: pdf\ndescription: Extract text\ntools: Read\nagents:\n  - a\nwhenToUse: PDFs\n"),
        "official",
        (),
    ),
    "SKL013-duplicate-keys": (
        "SKL013",
        skill("name: pdf\ndescription: Extract text\nallowed_tools: Read\nallowed_tools: Grep\n"),
        "official",
        (),
    ),
    "SKL014": ("SKL014", skill("name: pdf\ndescription: Extract text\nmodel: opuss\n"), "official", ()),
    "SKL014-needs-choice": ("SKL014", skill("name: pdf\ndescription: Extract text\nmodel: 4\n"), "official", ()),
    "SKL014-duplicate-keys": (
        "SKL014",
        skill("name: pdf\ndescription: Extract text\nmodel: sonet\nmodel: opuss\n"),
        "official",
        (),
    ),
    "SKL020": ("SKL020", skill("description: Extract text\n"), "plugin-dev", ()),
    "SKL020-folder-not-kebab": ("SKL020", skill("description: Extract text\n", name="PDF_Tools"), "plugin-dev", ()),
    "SKL020-root-skill": ("SKL020", {"SKILL.md": "---\ndescription: Extract text\n---\nBody.\n"}, "plugin-dev", ()),
    "SKL028": (
        "SKL028",
        {
            **skill("name: pdf\ndescription: Extract text\n", "Run `scripts/fill.sh` to fill forms.\n"),
            "skills/pdf/scripts/fill.sh": "#!/bin/sh\necho fill\n",
            "skills/pdf/scripts/check.bash": "#!/bin/bash\necho check\n",
        },
        "plugin-dev",
        ("skills/pdf/scripts/fill.sh", "skills/pdf/scripts/check.bash"),
    ),
    # -------------------------------------------------------------------------------------------- files
    "FILE005": ("FILE005", {".mcp.json": b'\xef\xbb\xbf{\n  "mcpServers": {}\n}\n'}, "official", ()),
    "FILE005-manifest": (
        "FILE005",
        {".claude-plugin/plugin.json": b'\xef\xbb\xbf{"name": "demo", "version": "1.0.0"}\n'},
        "official",
        (),
    ),
    "FILE008": (
        "FILE008",
        {
            "commands/run.md": "---\ndescription: Run it\nargument-hint: [pr] [priority]\n"
            "allowed-tools: Bash(git log: *), Bash(git:*)\n---\nBody: $1\n"
        },
        "official",
        (),
    ),
    "FILE008-tabs": (
        "FILE008",
        {"skills/s/SKILL.md": "---\nname: s\ndescription: d\nmetadata:\n\tversion: 1\n\tauthor: me\n---\nbody\n"},
        "official",
        (),
    ),
    "FILE009": (
        "FILE009",
        {"agents/rev.md": "---\nname: rev\ndescription: Reviews code\n\n# Reviewer\nBody\n"},
        "official",
        (),
    ),
    # -------------------------- findings of the shared Markdown helpers made for the agent and style rules
    "AGT005-kit": ("AGT005", agent("name: 1234\ndescription: [a]\ntools: {Read: 1}\n"), "official", ()),
    "AGT006-kit": ("AGT006", agent("name: rev\ndescription: Reviews\nmodel: sonet\n"), "official", ()),
    "AGT011-kit": (
        "AGT011",
        agent("name: rev\ndescription: Reviews\nmax_turns: 5\nallowed-tools: Read\n"),
        "official",
        (),
    ),
    "STY002-kit": (
        "STY002",
        {"output-styles/teach.md": "---\nname: 2024\ndescription: Explains\n---\nExplain each change.\n"},
        "official",
        (),
    ),
    "STY003-kit": (
        "STY003",
        {
            "output-styles/teach.md": "---\nname: Teacher\ndescription: Explains\n"
            "keep_coding_instructions: true\n---\nExplain each change.\n"
        },
        "official",
        (),
    ),
}


def _fixable_codes() -> set[str]:
    return {r.code for r in all_rules() if r.fixable and r.fn.__module__ in MODULES}


R15_CODES = {code for code, *_ in R15_CASES.values()}


def test_every_fixable_rule_of_these_modules_has_a_case():
    covered = {code for code, *_ in CASES.values()} | R15_CODES
    assert _fixable_codes() <= covered, _fixable_codes() - covered


def _tree(root: Path, files: dict[str, Any], readonly: tuple[str, ...]) -> Path:
    write_tree(root, {**BASE, **files})
    for rel in readonly:
        os.chmod(root / rel, 0o644)
    return root


def _state(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mode & 0o7777)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _outcome(root: Path, code: str, profile: str, i: int) -> dict[str, Any]:
    d = [d for d in run_check(root, profile=profile) if d.code == code][i]
    fix = d.fix
    finding = f"{d.line}:{d.column} {d.message}"
    if fix is None:
        return {"finding": finding, "fix": None}
    before = _state(root)
    apply_fix(fix, root)
    after = _state(root)
    files: dict[str, str] = {}
    for rel in sorted(set(before) | set(after)):
        if before.get(rel) == after.get(rel):
            continue
        old_mode = before[rel][1] if rel in before else None
        data, mode = after[rel]
        text = data.decode("utf-8", "backslashreplace").replace("\r", "\\r")  # the snapshot file drops a bare CR
        files[rel] = text if old_mode == mode else f"mode {old_mode:o} -> {mode:o}\n{text}"
    return {
        "finding": finding,
        "title": fix.title,
        "safe": fix.safe,
        "needs_choice": fix.needs_choice,
        "description": fix.description,
        "files": files,
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_fix_output(tmp_path, snapshot, case):
    code, files, profile, readonly = CASES[case]
    root = _tree(tmp_path / "probe", files, readonly)
    n = len([d for d in run_check(root, profile=profile) if d.code == code])
    assert n, f"{code} does not fire on case {case}"
    results = [_outcome(_tree(tmp_path / f"f{i}", files, readonly), code, profile, i) for i in range(n)]
    assert results == snapshot
