"""Scaffolding: what each kind writes, merging into existing files, and refusals."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.helpers import write_tree
from tui.core.model.loader import load
from tui.core.parse.frontmatter import split
from tui.core.parse.jsonpos import parse_json
from tui.core.services.scaffold import ScaffoldError, insert_member, scaffold, validate_name


@pytest.fixture
def plugin(tmp_path: Path) -> Path:
    scaffold("plugin", "api-kit", tmp_path, author="Ann", description="Tools for testing HTTP APIs from Claude Code.")
    return tmp_path / "api-kit"


def test_plugin_layout(tmp_path):
    created = scaffold("plugin", "api-kit", tmp_path, author="Ann")
    assert created == [
        "api-kit/.claude-plugin/plugin.json",
        "api-kit/README.md",
        "api-kit/skills/api-kit/SKILL.md",
        "api-kit/skills/api-kit/references/reference.md",
        "api-kit/.gitignore",
        "api-kit/LICENSE",  # MIT unless told otherwise: the core's default, for the CLI and the explorer alike
    ]
    m = json.loads((tmp_path / "api-kit/.claude-plugin/plugin.json").read_text())
    assert m["name"] == "api-kit" and m["version"] == "0.1.0" and m["author"] == {"name": "Ann"}
    assert 50 <= len(m["description"]) <= 200
    assert m["license"] == "MIT" and "MIT License" in (tmp_path / "api-kit/LICENSE").read_text()
    project = load(tmp_path / "api-kit")
    assert project.kind == "plugin" and [s.name for s in project.plugins[0].skills] == ["api-kit"]


def test_plugin_with_license(tmp_path):
    created = scaffold("plugin", "api-kit", tmp_path, author="Ann", license="Apache-2.0")
    assert "api-kit/LICENSE" in created
    assert json.loads((tmp_path / "api-kit/.claude-plugin/plugin.json").read_text())["license"] == "Apache-2.0"
    assert "Apache-2.0" in (tmp_path / "api-kit/LICENSE").read_text()
    for name, none in (("bare-kit", "none"), ("other-kit", "None")):
        scaffold("plugin", name, tmp_path, author="Ann", license=none)
        assert not (tmp_path / name / "LICENSE").exists()
        assert "license" not in json.loads((tmp_path / name / ".claude-plugin/plugin.json").read_text())


def test_command(plugin):
    assert scaffold("command", "run-tests", plugin) == ["commands/run-tests.md"]
    fm = split((plugin / "commands/run-tests.md").read_text())
    assert fm.error is None and not fm.repaired
    assert fm.data["argument-hint"] == "[file-path]"  # quoted: a bare [..] would be a YAML list
    assert len(fm.data["description"]) < 60
    assert "$ARGUMENTS" in fm.body and "$1" not in fm.body


def test_agent(plugin):
    assert scaffold("agent", "code-reviewer", plugin) == ["agents/code-reviewer.md"]
    text = (plugin / "agents/code-reviewer.md").read_text()
    fm = split(text)
    assert fm.error is None and not fm.repaired
    d = fm.data
    assert d["name"] == "code-reviewer" and d["model"] == "inherit"
    assert d["color"] in {"blue", "cyan", "green", "yellow", "red"}
    assert d["description"].startswith("Use this agent when")
    assert d["description"].count("<example>") == 3 == d["description"].count("</example>")
    assert d["description"].count("<commentary>") == 3
    assert "description: |" in text  # a block scalar
    body = fm.body
    assert "You are" in body and "I will" not in body and "I am" not in body
    for section in ("responsibilities", "Process", "Output format"):
        assert section in body
    assert 20 < len(body) < 10_000
    assert d["tools"] == "Read, Grep, Glob"  # least privilege: the template only reads
    # a second agent gets a colour of its own
    scaffold("agent", "security-auditor", plugin)
    other = split((plugin / "agents/security-auditor.md").read_text()).data
    assert other["color"] != d["color"] and other["color"] in {"blue", "cyan", "green", "yellow", "red"}


def test_skill(plugin):
    created = scaffold("skill", "request-builder", plugin)
    assert created == ["skills/request-builder/SKILL.md", "skills/request-builder/references/reference.md"]
    fm = split((plugin / "skills/request-builder/SKILL.md").read_text())
    assert fm.error is None
    desc = fm.data["description"]
    assert desc.startswith('This skill should be used when the user asks to "')
    assert desc.count('"') >= 4 and 50 <= len(desc) <= 500 and "<" not in desc
    assert "references/reference.md" in fm.body
    assert "You should" not in fm.body


def test_hook_new_file_script_and_run(plugin):
    created = scaffold("hook", "guard-bash", plugin)
    assert created == ["hooks/scripts/guard-bash.sh", "hooks/hooks.json"]
    data = json.loads((plugin / "hooks/hooks.json").read_text())
    (group,) = data["hooks"]["PreToolUse"]
    assert group["matcher"] == "Bash"
    assert group["hooks"][0]["command"] == '"${CLAUDE_PLUGIN_ROOT}/hooks/scripts/guard-bash.sh"'
    script = plugin / "hooks/scripts/guard-bash.sh"
    assert os.stat(script).st_mode & stat.S_IXUSR
    text = script.read_text()
    assert text.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in text and "jq" in text
    # it really works: deny for the dangerous command, silence otherwise
    from tui.core.services.hooktest import interpret, run_handler, sample_payload

    hook = load(plugin).plugins[0].hooks[0]
    p = sample_payload("PreToolUse")
    p["tool_input"]["command"] = "rm -rf /"
    v = interpret("PreToolUse", run_handler(hook, load(plugin).plugins[0], p, project_dir=plugin))
    assert v.decision == "deny" and not v.warnings, v
    p["tool_input"]["command"] = "ls"
    v = interpret("PreToolUse", run_handler(hook, load(plugin).plugins[0], p, project_dir=plugin))
    assert v.outcome == "success" and not v.warnings


@pytest.mark.parametrize(
    "event", ["PostToolUse", "Stop", "SubagentStop", "UserPromptSubmit", "SessionStart", "Notification", "PreCompact"]
)
def test_hook_scripts_for_other_events_run_clean(plugin, event):
    from tui.core.services.hooktest import interpret, run_handler, sample_payload

    scaffold("hook", "h", plugin, event=event)
    hook = [h for h in load(plugin).plugins[0].hooks if h.event == event][0]
    subprocess.run(["bash", "-n", str(plugin / "hooks/scripts/h.sh")], check=True)
    v = interpret(
        event, run_handler(hook, load(plugin).plugins[0], sample_payload(event, cwd=str(plugin)), project_dir=plugin)
    )
    assert not v.failed and not v.warnings and v.outcome != "non-blocking-error", v


def test_hook_merges_into_existing_file_minimally(plugin):
    original = (
        '{\n    "description": "mine",\n    "hooks": {\n        "PreToolUse": [\n'
        '            {"matcher": "Write", "hooks": [{"type": "command", "command": "echo hi"}]}\n'
        "        ]\n    }\n}\n"
    )
    write_tree(plugin, {"hooks/hooks.json": original})
    created = scaffold("hook", "guard-bash", plugin)
    assert created == ["hooks/scripts/guard-bash.sh", "hooks/hooks.json"]
    new = (plugin / "hooks/hooks.json").read_text()
    assert new.startswith(original[: original.index("        ]")].rstrip())  # every byte before is kept
    assert new.endswith("        ]\n    }\n}\n")
    data = json.loads(new)
    assert [g.get("matcher") for g in data["hooks"]["PreToolUse"]] == ["Write", "Bash"]
    assert '\n            {\n                "matcher": "Bash",' in new  # the file's 4-space indentation
    scaffold("hook", "at-stop", plugin, event="Stop")
    data = json.loads((plugin / "hooks/hooks.json").read_text())
    assert list(data["hooks"]) == ["PreToolUse", "Stop"] and data["description"] == "mine"


def test_hook_refuses_bare_map_and_duplicates(plugin):
    write_tree(plugin, {"hooks/hooks.json": {"PreToolUse": []}})
    with pytest.raises(ScaffoldError, match="wrapper"):
        scaffold("hook", "guard-bash", plugin)
    assert not (plugin / "hooks/scripts/guard-bash.sh").exists()  # nothing written


def test_mcp_auth_methods(plugin):
    scaffold("mcp", "docs", plugin)  # oauth by default
    scaffold("mcp", "api", plugin, auth="bearer", url="https://api.example.com/mcp")
    scaffold("mcp", "keyed", plugin, auth="api-key")
    scaffold("mcp", "local", plugin, auth="stdio-env")
    created = scaffold("mcp", "helped", plugin, auth="headers-helper")
    assert "scripts/helped-headers.sh" in created
    scaffold("mcp", "open", plugin, auth="none")
    servers = json.loads((plugin / ".mcp.json").read_text())["mcpServers"]
    assert servers["docs"] == {"type": "http", "url": "https://mcp.example.com/mcp"}
    assert servers["api"]["headers"] == {"Authorization": "Bearer ${API_TOKEN}"}
    assert servers["keyed"]["headers"] == {"X-API-Key": "${KEYED_API_KEY}"}
    assert servers["local"]["type"] == "stdio" and servers["local"]["env"] == {"LOCAL_API_KEY": "${LOCAL_API_KEY}"}
    assert servers["helped"]["headersHelper"] == '"${CLAUDE_PLUGIN_ROOT}/scripts/helped-headers.sh"'
    readme = (plugin / "README.md").read_text()
    section = readme[readme.index("## Required environment variables") :]
    for var in ("API_TOKEN", "KEYED_API_KEY", "LOCAL_API_KEY"):
        assert f"`{var}`" in section
    assert readme.count("## Required environment variables") == 1
    assert "None so far." not in section
    assert readme.startswith("# API Kit\n")  # the rest of the README is kept
    with pytest.raises(ScaffoldError, match="already defines"):
        scaffold("mcp", "api", plugin, auth="bearer")


def test_mcp_refuses_plain_http_and_unknown_auth(plugin):
    with pytest.raises(ScaffoldError, match="https"):
        scaffold("mcp", "api", plugin, auth="bearer", url="http://api.example.com/mcp")
    with pytest.raises(ScaffoldError, match="auth"):
        scaffold("mcp", "api", plugin, auth="magic")
    assert not (plugin / ".mcp.json").exists()


def test_refuses_to_overwrite(plugin):
    scaffold("skill", "one", plugin)
    before = (plugin / "skills/one/SKILL.md").read_text()
    (plugin / "skills/one/SKILL.md").write_text(before + "\nmine\n")
    with pytest.raises(ScaffoldError, match="already exist"):
        scaffold("skill", "one", plugin)
    assert (plugin / "skills/one/SKILL.md").read_text().endswith("mine\n")
    with pytest.raises(ScaffoldError, match="not empty"):
        scaffold("plugin", "api-kit", plugin.parent)


@pytest.mark.parametrize("name", ["Api", "api_kit", "-api", "api-", "api--kit", "9api", "", "a b"])
def test_names_must_be_kebab_case(name):
    with pytest.raises(ScaffoldError) as exc:
        validate_name("command", name)
    assert exc.value.code == 2


def test_agent_name_rules():
    for bad in ("ab", "helper", "x" * 51):
        with pytest.raises(ScaffoldError):
            validate_name("agent", bad)
    validate_name("agent", "code-reviewer")
    with pytest.raises(ScaffoldError):
        validate_name("skill", "claude-helper")


def test_replaced_default_folder_is_refused(plugin):
    m = plugin / ".claude-plugin/plugin.json"
    data = json.loads(m.read_text())
    data["commands"] = ["./extra/"]
    m.write_text(json.dumps(data))
    with pytest.raises(ScaffoldError, match="replaces the commands/ folder"):
        scaffold("command", "run-tests", plugin)
    data["commands"] = ["./commands/", "./extra/"]
    m.write_text(json.dumps(data))
    assert scaffold("command", "run-tests", plugin) == ["commands/run-tests.md"]


def test_insert_member_compact_and_empty():
    for text, ptr, value, key, expect in [
        ('{"a": [1, 2]}', ("a",), 3, None, '{"a": [1, 2, 3]}'),
        ('{"a": {}}', ("a",), 1, "b", '{"a": {\n  "b": 1\n}}'),
        ('{"a": {"x": 1}}', ("a",), [1], "b", '{"a": {"x": 1, "b": [1]}}'),
    ]:
        out = insert_member(text, parse_json(text), ptr, value, key)
        assert out == expect
        json.loads(out)


def test_scaffold_writes_through_the_fix_engine_and_undoes_exactly(plugin):
    """A new MCP server creates .mcp.json and changes the README: one undo record takes every byte back."""
    from tui.core.fix.apply import undo
    from tui.core.services.scaffold import write_scaffold

    before = {p: p.read_bytes() for p in plugin.rglob("*") if p.is_file()}
    created, changed, record = write_scaffold("mcp", "notes", plugin, auth="bearer", url="https://notes.example.com")
    assert created and changed == ["README.md"]
    assert sorted(record.paths) == sorted(created + changed)
    undo(record)
    after = {p: p.read_bytes() for p in plugin.rglob("*") if p.is_file()}
    assert after == before


def test_scaffold_is_all_or_nothing_when_a_file_changed_meanwhile(plugin, monkeypatch):
    """The README changes between planning and writing: nothing at all is written (no half-added server)."""
    import tui.core.services.scaffold as sc

    real = sc._commit

    def racing(plan, title):
        (plan.root / "README.md").write_text("edited meanwhile\n", encoding="utf-8")
        return real(plan, title)

    monkeypatch.setattr(sc, "_commit", racing)
    with pytest.raises(ScaffoldError, match="nothing was written"):
        sc.write_scaffold("mcp", "notes", plugin, auth="bearer", url="https://notes.example.com")
    assert not (plugin / ".mcp.json").exists()
    assert (plugin / "README.md").read_text(encoding="utf-8") == "edited meanwhile\n"
