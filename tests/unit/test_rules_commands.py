"""Command rules (CMD…)."""

from __future__ import annotations

import pytest

from tests.unit.rules_case import assert_case, run

OK = "---\ndescription: Review a pull request\n---\nReview the PR.\n"


def cmd(fm: str, body: str = "Do the thing.\n") -> dict:
    return {"commands/review.md": f"---\n{fm}---\n{body}"}


CASES = [
    # code, bad, good, extra assertions
    (
        "CMD001",
        {"commands/review.md": "# Review\nDo it.\n"},
        {"commands/review.md": OK},
        dict(severity="warning", line=1),
    ),
    ("CMD002", cmd("argument-hint: x\n"), cmd("description: Review\n"), dict(severity="warning")),
    (
        "CMD003",
        cmd("description: [a, b]\n"),
        cmd("description: a b\n"),
        dict(severity="warning", line=2, contains="description must be a string"),
    ),
    ("CMD003", cmd("description: d\nname: 5\n"), cmd("description: d\nname: x\n"), dict(severity="warning", line=3)),
    (
        "CMD003",
        cmd("description: d\nallowed-tools: {Read: true}\n"),
        cmd("description: d\nallowed-tools: [Read, Bash(git add *)]\n"),
        dict(severity="warning"),
    ),
    (
        "CMD003",
        cmd("description: d\nshell: zsh\n"),
        cmd("description: d\nshell: powershell\n"),
        dict(severity="warning", contains="falls back to bash"),
    ),
    (
        "CMD003",
        cmd("description: d\nmetadata: [a]\n"),
        cmd("description: d\nmetadata: {a: 1}\n"),
        dict(severity="warning"),
    ),
    (
        "CMD003",
        cmd("description: d\ndisable-model-invocation: maybe\n"),
        cmd("description: d\ndisable-model-invocation: 'yes'\n"),
        dict(severity="warning"),
    ),
    (
        "CMD003",
        cmd("description: d\nargument-hint: [pr]\n"),
        cmd("description: d\nargument-hint: '[pr]'\n"),
        dict(severity="info", contains="list"),
    ),
    (
        "CMD004",
        {"commands/review.md": "---\ndescription: d\n---\n\n"},
        {"commands/review.md": OK},
        dict(severity="warning"),
    ),
    (
        "CMD005",
        cmd("description: d\nname: code-review\npaths: src/**\n"),
        cmd("description: d\n"),
        dict(severity="info", count=2, line=3),
    ),
    (
        "CMD006",
        cmd("description: d\n", "Intro.\n\nReview PR #$1 now.\n"),
        cmd("description: d\n", "Review PR #$0 then $1.\n"),
        dict(severity="info", line=6),
    ),
    (
        "CMD007",
        cmd("description: d\nmodel: gpt-4\n"),
        cmd("description: d\nmodel: claude-opus-4-1\n"),
        dict(severity="warning"),
    ),
    (
        "CMD008",
        cmd("description: d\nallowed_tools: Read\n"),
        cmd("description: d\nversion: 1.0.0\n"),
        dict(severity="info", contains="allowed_tools"),
    ),
    (
        "CMD009",
        cmd("description: " + "x" * 1600 + "\n"),
        cmd("description: " + "x" * 1500 + "\n"),
        dict(severity="warning"),
    ),
    (
        "CMD013",
        cmd("description: d\n", "$IF($1, a, b)\n"),
        cmd("description: d\n", "If given, a.\n"),
        dict(severity="warning", line=4),
    ),
    (
        "CMD014",
        cmd("description: d\n", "Run !`/Users/alice/bin/lint.sh`\n"),
        cmd("description: d\n", 'Run !`"${CLAUDE_PLUGIN_ROOT}/bin/lint.sh"`\n'),
        dict(severity="warning", line=4),
    ),
]


@pytest.mark.parametrize("code,bad,good,extra", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_command_rules(tmp_path, code, bad, good, extra):
    assert_case(tmp_path, code, bad, good, **extra)


def test_cmd001_empty_file_message(tmp_path):
    hits = run(tmp_path, {"commands/review.md": ""}, "CMD001")
    assert hits and hits[0].message == "the file is empty"
    assert run(tmp_path, {"commands/review.md": ""}, "CMD004", sub="b") == []


def test_broken_frontmatter_skips_field_checks(tmp_path):
    files = {"commands/review.md": '---\ndescription: "unclosed\nname: 5\n---\nbody\n'}
    for code in ("CMD001", "CMD002", "CMD003", "CMD005"):
        assert run(tmp_path, files, code, sub=code) == []


def test_cmd010_skill_wins_over_command(tmp_path):
    files = {"commands/deploy.md": OK, "skills/deploy/SKILL.md": "---\ndescription: d\n---\nx\n"}
    hits = run(tmp_path, files, "CMD010")
    assert len(hits) == 1 and hits[0].path == "commands/deploy.md" and "skill wins" in hits[0].message
    files = {
        "commands/deploy.md": OK,
        "skills/ship/SKILL.md": "---\ndescription: d\n---\nx\n",
        "commands/sub/deploy.md": OK,
    }
    assert run(tmp_path, files, "CMD010", sub="ok") == []  # namespaced command is sub:deploy


def test_cmd011_sensitive_user_config(tmp_path):
    manifest = {
        "name": "p",
        "userConfig": {
            "token": {"type": "string", "title": "T", "description": "d", "sensitive": True},
            "region": {"type": "string", "title": "R", "description": "d"},
        },
    }
    files = {
        ".claude-plugin/plugin.json": manifest,
        "skills/s/SKILL.md": "---\ndescription: d\n---\nUse ${user_config.region}\ncurl ${user_config.token}\n",
    }
    hits = run(tmp_path, files, "CMD011")
    assert len(hits) == 1 and hits[0].line == 5 and hits[0].column == 6 and "token" in hits[0].message
    assert "curl" not in (hits[0].hint or "")
    manifest["userConfig"]["token"]["sensitive"] = False
    assert run(tmp_path, files, "CMD011", sub="ok") == []


@pytest.mark.parametrize(
    "value, pos",
    [
        ("Read, mcp__github__create_issue", (3, 22)),
        ('["Read", "mcp__github__create_issue"]', (3, 26)),
        ("\n  - Read\n  - mcp__github__create_issue", (5, 5)),
        ("Bash(mcp__github__x), mcp__github__create_issue", (3, 38)),
    ],
)
def test_cmd012_points_at_the_entry(tmp_path, value, pos):
    files = {
        ".mcp.json": {"mcpServers": {"github": {"command": "gh-mcp"}}},
        "commands/issue.md": f"---\ndescription: d\nallowed-tools: {value}\n---\nx\n",
    }
    hits = [h for h in run(tmp_path, files, "CMD012") if "create_issue" in h.message]
    assert len(hits) == 1 and (hits[0].line, hits[0].column) == pos


def test_cmd012_own_mcp_tool_prefix(tmp_path):
    files = {
        ".mcp.json": {"mcpServers": {"github": {"command": "gh-mcp"}}},
        "commands/issue.md": "---\ndescription: d\nallowed-tools: mcp__github__create_issue, Read\n---\nx\n",
    }
    hits = run(tmp_path, files, "CMD012")
    assert len(hits) == 1 and "mcp__plugin_p_github__create_issue" in hits[0].hint and hits[0].line == 3
    assert hits[0].column == 16  # at the entry, not at the start of the list
    files["commands/issue.md"] = (
        "---\ndescription: d\nallowed-tools: mcp__plugin_p_github__create_issue, mcp__other__x\n---\nx\n"
    )
    assert run(tmp_path, files, "CMD012", sub="ok") == []


PD = [
    (
        "CMD020",
        cmd("description: This command reviews the pull request that was given as an argument\n"),
        cmd("description: Review a pull request\n"),
        dict(count=2),
    ),
    ("CMD021", cmd("description: d\nmodel: inherit\n"), cmd("description: d\nmodel: haiku\n"), {}),
    (
        "CMD022",
        cmd("description: d\nallowed-tools: Read, Bash\n"),
        cmd("description: d\nallowed-tools: Read, Bash(git:*)\n"),
        {},
    ),
    (
        "CMD023",
        cmd("description: d\n", "Review $ARGUMENTS\n"),
        cmd('description: d\nargument-hint: "[pr]"\n', "Review $ARGUMENTS\n"),
        dict(severity="info"),
    ),
    ("CMD024", {"commands/ReviewPR.md": OK}, {"commands/review-pr.md": OK}, {}),
    ("CMD025", {"commands/run-the-whole-suite.md": OK}, {"commands/run-suite.md": OK}, {}),
    (
        "CMD026",
        cmd("description: d\n", "# Review\n\nThis command will review the pull request you give it.\n"),
        cmd("description: d\n", "# Review\n\nReview pull request #$0. This command will be run by CI.\n"),
        dict(severity="info", line=6, contains="This command will"),
    ),
    (
        "CMD026",
        cmd("description: d\n", "You can use this command to deploy.\n"),
        cmd("description: d\n", "```\nYou can use this command to deploy.\n```\nDeploy the branch.\n"),
        {},
    ),
]


@pytest.mark.parametrize("code,bad,good,extra", PD, ids=[c[0] for c in PD])
def test_plugin_dev_command_rules(tmp_path, code, bad, good, extra):
    assert_case(tmp_path, code, bad, good, profile="plugin-dev", **extra)


def test_plugin_dev_rules_off_by_default():
    from tui.core.lint.registry import rules_for

    active = {r.code for r in rules_for("official")}
    assert "CMD001" in active and not {"CMD020", "CMD021", "CMD022", "CMD023", "CMD024", "CMD025", "CMD026"} & active


GAP_CASES = [
    ("CMD027", "plugin-dev", {"commands/deploy.markdown": "Deploy.\n"}, {"commands/deploy.md": OK}, dict(count=1)),
    (
        "CMD028",
        "plugin-dev",
        cmd("description: d\n", "Intro\n\n---\n\nMore\n"),
        cmd("description: d\n", "Intro\n\n***\n\nMore\n"),
        dict(line=6),
    ),
    ("CMD029", "official", {"commands/deploy.md": ""}, {"commands/deploy.md": OK}, dict(severity="warning")),
    (
        "CMD030",
        "plugin-dev",
        cmd("description: d\n", "Do it.\nTODO: roll back\n"),
        cmd("description: d\n", "Do it.\nRoll back on failure.\n"),
        dict(line=5),
    ),
    (
        "CMD031",
        "plugin-dev",
        cmd(
            "description: d\n",
            'Use AskUserQuestion with header: "Deployment environment" and\n'
            'label: "Deploy to the staging cluster right now please"\n',
        ),
        cmd("description: d\n", 'Use AskUserQuestion with header: "Environment" and label: "Staging"\n'),
        dict(count=2),
    ),
    (
        "CMD032",
        "plugin-dev",
        cmd("description: d\nallowed-tools: Read, Grep\n"),
        cmd("description: d\nallowed-tools: [Read, Grep]\n"),
        dict(severity="info"),
    ),
]


@pytest.mark.parametrize("code,profile,bad,good,extra", GAP_CASES, ids=[c[0] for c in GAP_CASES])
def test_sample_validator_rules(tmp_path, code, profile, bad, good, extra):
    assert_case(tmp_path, code, bad, good, profile=profile, **extra)
