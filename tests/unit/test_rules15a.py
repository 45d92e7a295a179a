"""Rules added for the issue "catch what the others catch, fix what is mechanical", each with a fixture that
triggers it and one that must not, and the related locations findings now carry (JSON, SARIF).

The facts were taken from Claude Code 2.1.332 (its source and `claude-ref`); each test says which.
"""

from __future__ import annotations

import io
import json
import os

import pytest

from tests.helpers import check_rule, write_tree
from tests.unit.rules_case import assert_case
from tui.core.base.diagnostics import Diagnostic, Location
from tui.core.base.fixtypes import Fix, RenameFile, TextEdit
from tui.core.fix.apply import FixConflictError, StaleFileError, apply_fix, apply_fixes, preview, undo
from tui.core.model.loader import load
from tui.core.services.report import render_sarif, to_json

MAN = {".claude-plugin/plugin.json": {"name": "p", "version": "1.0.0"}}
HJ = "hooks/hooks.json"
CMD = {"type": "command", "command": "echo ok"}


def plugin(tmp_path, files, executable=()):
    return write_tree(tmp_path, {**MAN, **files}, executable=executable)


def H(event, *handlers, **group):
    return {"hooks": {event: [{**group, "hooks": list(handlers)}]}}


def sk(fm="", body="Do it.\n", name="pdf"):
    return {f"skills/{name}/SKILL.md": f"---\nname: {name}\ndescription: Fill PDF forms.\n{fm}---\n{body}"}


def cmd(fm="", body="Go.\n", name="c"):
    return {f"commands/{name}.md": f"---\ndescription: c\n{fm}---\n{body}"}


# ------------------------------------------------------------------------------------------ related locations


def test_diagnostic_related_is_an_optional_json_field():
    d = Diagnostic("X1", "error", "m", "a.sh")
    assert "related" not in d.to_json()  # additive: absent when there is none
    d.related = (Location("hooks/hooks.json", 3, 5, 3, 9, "the hook"),)
    assert d.to_json()["related"] == [
        {"path": "hooks/hooks.json", "line": 3, "column": 5, "end_line": 3, "end_column": 9, "message": "the hook"}
    ]


def test_hook101_sits_on_the_script_with_the_hooks_as_related(tmp_path):
    # one finding per script, however many hooks run it; the fix (chmod) changes the script's mode
    run = '"${CLAUDE_PLUGIN_ROOT}"/hooks/s.sh'
    root = plugin(
        tmp_path,
        {
            HJ: {
                "hooks": {
                    "Stop": [{"hooks": [{"type": "command", "command": run}]}],
                    "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": run}]}],
                }
            },
            "hooks/s.sh": "#!/bin/sh\nexit 0\n",
        },
    )
    os.chmod(root / "hooks/s.sh", 0o644)
    d = check_rule(root, "HOOK101")
    assert len(d) == 1 and d[0].path == "hooks/s.sh"
    assert [r.path for r in d[0].related] == [HJ, HJ] and all(r.line for r in d[0].related)
    project = load(root)
    out = io.StringIO()
    render_sarif(project, d, out)
    res = json.loads(out.getvalue())["runs"][0]["results"][0]
    rel = res["relatedLocations"]
    assert [r["id"] for r in rel] == [0, 1]
    assert rel[0]["physicalLocation"]["artifactLocation"]["uri"].endswith("hooks/hooks.json")
    assert rel[0]["physicalLocation"]["region"]["startLine"] == d[0].related[0].line
    assert "hook that runs it" in rel[0]["message"]["text"]
    assert to_json(project, d)["diagnostics"][0]["related"][0]["path"] == HJ


# ------------------------------------------------------------------------------------------ renames


def test_rename_applies_undoes_and_previews(tmp_path):
    root = write_tree(tmp_path, {"a/x.md": "x\n"})
    fx = Fix("move", False, [RenameFile("a/x.md", "b/c/x.md")])
    diff = preview(fx, root)
    assert "rename from a/x.md\nrename to b/c/x.md\n" in diff and diff.startswith("diff --git a/a/x.md b/b/c/x.md")
    rec = apply_fix(fx, root)
    assert not (root / "a/x.md").exists() and (root / "b/c/x.md").read_text() == "x\n"
    assert rec.paths == ["a/x.md", "b/c/x.md"]
    undo(rec)
    assert (root / "a/x.md").read_text() == "x\n" and not (root / "b").exists()  # folders it made are gone


def test_rename_refuses_an_existing_target_and_a_changed_file(tmp_path):
    root = write_tree(tmp_path, {"a.md": "a\n", "b.md": "b\n"})
    with pytest.raises(StaleFileError):
        apply_fix(Fix("r", True, [RenameFile("a.md", "b.md")]), root)
    assert (root / "a.md").read_text() == "a\n" and (root / "b.md").read_text() == "b\n"
    rec = apply_fix(Fix("r", True, [RenameFile("a.md", "c.md")]), root)
    (root / "c.md").write_text("changed\n")
    with pytest.raises(StaleFileError):
        undo(rec)
    with pytest.raises(FixConflictError):
        apply_fix(Fix("r", True, [RenameFile("b.md", "d.md"), TextEdit("b.md", 0, 1, "B", "b\n")]), root)


def test_rename_in_a_batch_skips_a_clashing_fix(tmp_path):
    root = write_tree(tmp_path, {"a.md": "a\n", "b.md": "b\n"})
    one = Fix("one", True, [RenameFile("a.md", "z.md")])
    two = Fix("two", True, [RenameFile("b.md", "z.md")])
    res = apply_fixes([one, two], root)
    assert res.applied == [one] and len(res.skipped) == 1
    assert (root / "z.md").read_text() == "a\n" and (root / "b.md").exists()


# ------------------------------------------------------------------------------------------ hooks


def test_hook029_timeout_in_milliseconds(tmp_path):
    # Claude Code 2.1.332 multiplies `timeout` by 1000 (seconds) and caps it only at the timer limit
    d = check_rule(plugin(tmp_path, {HJ: H("Stop", {**CMD, "timeout": 10000})}), "HOOK029")
    assert len(d) == 1 and d[0].severity == "warning" and "2 h 47 min" in d[0].message
    for ok in (30, 600, 1800, 3600, 7200):
        assert not check_rule(plugin(tmp_path / str(ok), {HJ: H("Stop", {**CMD, "timeout": ok})}), "HOOK029")


def test_hook014_keys_that_show_a_wrong_belief(tmp_path):
    # Claude Code 2.1.332's group schema has matcher and hooks only: `claude-ref details` still lists the Stop
    # hook of a group marked "enabled": false; command handlers have no env/environment field
    root = plugin(
        tmp_path,
        {
            HJ: {
                "hooks": {
                    "Stop": [{"enabled": False, "hooks": [{**CMD, "environment": {"A": "1"}}]}],
                    "PostToolUse": [{"matcher": "Write", "filePattern": "*.ts", "hooks": [CMD]}],
                }
            }
        },
    )
    d = {x.message.split()[0]: x for x in check_rule(root, "HOOK014")}
    assert {x.severity for x in d.values()} == {"warning"}
    assert "still runs" in d['"enabled":'].message and d['"enabled":'].fix is not None
    assert "does not filter by file" in d["'filePattern'"].message
    assert "sets none of these variables" in d["'environment'"].message
    # a plain unknown key stays an info, and "enabled": true is not a wrong belief
    d = check_rule(plugin(tmp_path / "ok", {HJ: H("Stop", CMD, enabled=True)}), "HOOK014")
    assert [x.severity for x in d] == ["info"]


def test_hook026_script_in_a_system_folder(tmp_path):
    d = check_rule(
        plugin(tmp_path, {HJ: H("Stop", {"type": "command", "command": "/usr/local/bin/guard.sh"})}), "HOOK026"
    )
    assert len(d) == 1 and d[0].severity == "warning" and "/usr/local/bin/guard.sh" in d[0].message
    d = check_rule(
        plugin(tmp_path / "p", {HJ: H("Stop", {"type": "command", "command": "/opt/acme/bin/guard"})}), "HOOK026"
    )
    assert [x.severity for x in d] == ["info"]
    for ok in (
        "/usr/bin/env python3 x",
        "/bin/bash -c 'echo hi'",
        "/usr/local/bin/jq .",
        '"${CLAUDE_PLUGIN_ROOT}"/x.sh',
    ):
        root = plugin(tmp_path / str(abs(hash(ok))), {HJ: H("Stop", {"type": "command", "command": ok})})
        assert not check_rule(root, "HOOK026"), ok


# ------------------------------------------------------------------------------------------ MCP


def test_mcp015_entry_point_not_committed(tmp_path):
    # Claude Code 2.1.332 installs dependencies with --ignore-scripts (no build step); `mcp list` then says
    # "✘ Failed to connect" and the debug log "Cannot find module …/dist/server.js"
    bad = {".mcp.json": {"srv": {"command": "node", "args": ["${CLAUDE_PLUGIN_ROOT}/dist/server.js"]}}}
    d = check_rule(plugin(tmp_path, bad), "MCP015")
    assert len(d) == 1 and d[0].severity == "error" and "never committed" in d[0].message
    rel = {".mcp.json": {"srv": {"command": "node", "args": ["dist/server.js"]}}}
    assert len(check_rule(plugin(tmp_path / "rel", rel), "MCP015")) == 1
    assert not check_rule(plugin(tmp_path / "ok", {**bad, "dist/server.js": ""}), "MCP015")
    nm = {".mcp.json": {"s": {"command": "node", "args": ["${CLAUDE_PLUGIN_ROOT}/node_modules/x/cli.js"]}}}
    assert not check_rule(plugin(tmp_path / "nm", nm), "MCP015")  # a lockfile install provides node_modules
    uv = {
        ".mcp.json": {
            "s": {"command": "uv", "args": ["run", "--directory", "${CLAUDE_PLUGIN_ROOT}/srv", "dist/main.py"]}
        },
        "srv/dist/main.py": "",
    }
    assert not check_rule(plugin(tmp_path / "uv", uv), "MCP015")


@pytest.mark.parametrize(
    ("command", "args", "fires"),
    [
        ("npx", ["-y", "@acme/mcp"], True),
        ("npx", ["-y", "acme-mcp@latest"], True),
        ("uvx", ["acme-mcp"], True),
        ("npx", ["-y", "@acme/mcp@1.4.2"], False),
        ("uvx", ["acme-mcp==1.4.2"], False),
        ("uvx", ["--from", "acme==2.0", "acme-mcp"], False),
        ("node", ["server.js"], False),
    ],
)
def test_mcp016_unpinned_package(tmp_path, command, args, fires):
    d = check_rule(plugin(tmp_path, {".mcp.json": {"s": {"command": command, "args": args}}}), "MCP016")
    assert bool(d) is fires and all(x.severity == "info" for x in d)


# ------------------------------------------------------------------------------------------ skills and commands


def test_skl016_placeholder_in_code(tmp_path):
    # Claude Code 2.1.332 substitutes $N/$ARGUMENTS across the whole body (code blocks included)
    sql = "```sql\nSELECT set_config('app.user', $1, true);\n```\n"
    assert_case(tmp_path, "SKL016", sk(body=sql), sk(body="```sql\nSELECT 1;\n```\n"), severity="warning", line=6)
    # a skill that takes arguments may mean $1 in a shell block: only Markdown examples are reported then
    takes = sk("argument-hint: <file>\n", "```bash\nwc -l $0\n```\n")
    assert not check_rule(plugin(tmp_path / "takes", takes), "SKL016")
    example = sk("argument-hint: <pr>\n", "Write:\n```markdown\nReview PR $ARGUMENTS now\n```\n")
    d = check_rule(plugin(tmp_path / "ex", example), "SKL016")
    assert len(d) == 1 and "$ARGUMENTS" in d[0].message
    # money is left alone; so is an escaped \$1
    money = sk(body="```\nCAC: $1,200 LTV $2.5M and $150\nliteral \\$1\n```\n")
    assert not check_rule(plugin(tmp_path / "money", money), "SKL016")


def test_cmd015_placeholder_in_code(tmp_path):
    assert_case(
        tmp_path,
        "CMD015",
        cmd(body="```bash\nawk '{print $1}' access.log\n```\n"),
        cmd("argument-hint: <log>\n", "```bash\nawk '{print $1}' $0\n```\n"),
        severity="warning",
    )


def test_skl017_cmd016_allowed_tools(tmp_path):
    assert_case(
        tmp_path,
        "SKL017",
        sk("allowed-tools: read, Searchh\n"),
        sk("allowed-tools: Read, Bash(git:*), mcp__x__y\n"),
        count=2,
        severity="warning",
    )
    assert_case(
        tmp_path / "c",
        "CMD016",
        cmd("allowed-tools: bash(git:*)\n"),
        cmd("allowed-tools: Bash(git:*), Task, SetGoal\n"),
        severity="warning",
    )


def test_cmd017_mcp_server_not_in_the_plugin(tmp_path):
    srv = {".mcp.json": {"notes": {"command": "${CLAUDE_PLUGIN_ROOT}/bin/notes"}}, "bin/notes": "#!/bin/sh\n"}
    bad = {**srv, **cmd("allowed-tools: mcp__p__search, mcp__github__get_issue\n")}
    d = check_rule(plugin(tmp_path, bad, executable=["bin/notes"]), "CMD017")
    assert [x.severity for x in d] == ["warning", "info"]
    assert "mcp__plugin_p_notes__search" in d[0].hint
    good = {**srv, **cmd("allowed-tools: mcp__plugin_p_notes__search\n")}
    assert not check_rule(plugin(tmp_path / "ok", good, executable=["bin/notes"]), "CMD017")
    # without a bundled server, a user-configured server is all there can be: nothing to say
    assert not check_rule(plugin(tmp_path / "none", cmd("allowed-tools: mcp__github__get_issue\n")), "CMD017")


def test_skl009_plain_text_path_and_skl018_backticked_path(tmp_path):
    body = "See references/guide.md first.\nRead `references/api.md`.\n\n```\nreferences/example.md\n```\n"
    root = plugin(tmp_path, sk(body=body))
    d9 = check_rule(root, "SKL009")
    assert [(x.line, x.severity) for x in d9] == [(5, "warning")] and "named file" in d9[0].message
    d18 = check_rule(root, "SKL018")
    assert [(x.line, x.severity) for x in d18] == [(6, "info")]
    ok = {**sk(body="See references/guide.md, e.g. `references/x.md`.\n"), "skills/pdf/references/guide.md": "g\n"}
    assert not check_rule(plugin(tmp_path / "ok", ok), "SKL009")
    assert not check_rule(plugin(tmp_path / "ok", ok), "SKL018")


def test_skl010_folder_with_only_resources(tmp_path):
    # `claude-ref details` lists no skill for skills/ghost/ holding only references/guide.md
    root = plugin(tmp_path, {**sk(), "skills/ghost/references/guide.md": "# g\n"})
    d = check_rule(root, "SKL010")
    assert len(d) == 1 and d[0].path == "skills/ghost" and "only references/" in d[0].message
    assert any(n.path == "skills/ghost" for n in load(root).plugins[0].not_loaded)
    assert not check_rule(plugin(tmp_path / "ok", {**sk(), "skills/shared/logo.png": ""}), "SKL010")


def test_plg002_move_then_nothing_left_to_report(tmp_path):
    root = plugin(tmp_path, {".claude-plugin/agents/rev.md": "---\nname: rev\n---\nReview.\n"})
    d = check_rule(root, "PLG002")
    assert len(d) == 1 and d[0].fix is not None and not d[0].fix.safe
    apply_fix(d[0].fix, root)
    assert (root / "agents/rev.md").is_file() and (root / ".claude-plugin/agents").is_dir()
    assert not check_rule(root, "PLG002")  # the empty folder left behind holds nothing that could load
