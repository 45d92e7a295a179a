"""`plugin-tui new` in a real subprocess; every scaffolded kind passes `check --strict --profile plugin-dev`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO
from tui.core.services.scaffold import scaffold

# the variables the MCP templates read: a user sets them before starting Claude Code
MCP_VARS = {
    "API_TOKEN": "t0k3n-value",
    "API_API_KEY": "k3y-value",
    "KEYED_API_KEY": "k3y-value",
    "LOCAL_API_KEY": "k3y-value",
}


def _env(extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_TOKEN", "_API_KEY"))}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra or {})
    return env


def cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(env),
        stdin=subprocess.DEVNULL,
    )


def strict_check(root: Path, profile: str = "plugin-dev", env: dict | None = None) -> subprocess.CompletedProcess:
    return cli("check", str(root), "--strict", "--profile", profile, "--format", "json", cwd=root, env=env)


def _findings(p: subprocess.CompletedProcess) -> str:
    try:
        data = json.loads(p.stdout)
    except ValueError:
        return p.stdout + p.stderr
    return "\n".join(
        f"{d['path']}:{d['line']} {d['severity']} {d['code']} {d['message']}"
        for d in data["diagnostics"]
        if d["severity"] != "info"
    )


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A fresh plugin (with a licence, which the plugin-dev profile asks for)."""
    scaffold("plugin", "api-kit", tmp_path, author="Ann", license="MIT")
    return tmp_path / "api-kit"


def test_new_plugin_passes(tmp_path):
    p = cli("new", "plugin", "api-kit", str(tmp_path), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "created api-kit/.claude-plugin/plugin.json" in p.stdout
    root = tmp_path / "api-kit"
    assert (root / "LICENSE").is_file()  # MIT unless --license says otherwise
    for profile in ("official", "plugin-dev"):
        c = cli("check", str(root), "--strict", "--profile", profile, "--format", "json", cwd=root)
        assert c.returncode == 0, _findings(c)


def test_new_plugin_license_none(tmp_path):
    p = cli("new", "plugin", "bare-kit", str(tmp_path), "--license", "none", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert not (tmp_path / "bare-kit" / "LICENSE").exists()


@pytest.mark.parametrize(
    "kind,name,extra",
    [
        ("command", "run-tests", ()),
        ("agent", "code-reviewer", ()),
        ("skill", "request-builder", ()),
        ("hook", "guard-bash", ()),
        ("hook", "log-edits", ("--event", "PostToolUse")),
        ("hook", "keep-going", ("--event", "Stop")),
        ("hook", "add-context", ("--event", "UserPromptSubmit")),
        ("hook", "on-start", ("--event", "SessionStart")),
        ("hook", "on-notify", ("--event", "Notification")),
        ("mcp", "docs", ()),
        ("mcp", "api", ("--auth", "bearer", "--url", "https://api.example.com/mcp")),
        ("mcp", "keyed", ("--auth", "api-key")),
        ("mcp", "local", ("--auth", "stdio-env")),
        ("mcp", "helped", ("--auth", "headers-helper")),
        ("mcp", "open", ("--auth", "none")),
    ],
)
def test_each_kind_passes_strict_plugin_dev(fresh, kind, name, extra):
    p = cli("new", kind, name, str(fresh), *extra, cwd=fresh)
    assert p.returncode == 0, p.stderr
    # the plugin-dev profile runs every official rule too
    c = strict_check(fresh, "plugin-dev", env=MCP_VARS)
    assert c.returncode == 0, _findings(c)


def test_everything_together_passes(fresh):
    for args in (
        ("command", "run-tests"),
        ("agent", "code-reviewer"),
        ("skill", "request-builder"),
        ("hook", "guard-bash"),
        ("hook", "log-edits", "--event", "PostToolUse"),
        ("mcp", "api", "--auth", "bearer"),
        ("mcp", "docs"),
    ):
        p = cli("new", args[0], args[1], str(fresh), *args[2:], cwd=fresh)
        assert p.returncode == 0, p.stderr
    c = strict_check(fresh, env=MCP_VARS)
    assert c.returncode == 0, _findings(c)


def test_refusals(fresh):
    p = cli("new", "skill", "Bad_Name", str(fresh), cwd=fresh)
    assert p.returncode == 2 and "kebab-case" in p.stderr and "Traceback" not in p.stderr
    assert cli("new", "skill", "one", str(fresh), cwd=fresh).returncode == 0
    p = cli("new", "skill", "one", str(fresh), cwd=fresh)
    assert p.returncode == 1 and "already exist" in p.stderr
    p = cli("new", "hook", "x-y", str(fresh), "--event", "preToolUse", cwd=fresh)
    assert p.returncode == 2 and "PreToolUse" in p.stderr
    p = cli("new", "command", "run", str(fresh), "--auth", "bearer", cwd=fresh)
    assert p.returncode == 2
    p = cli("new", "command", "run", str(fresh / "missing"), cwd=fresh)
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1


# names of every shape (roles, subjects, names ending in a skill kind, tasks): the text reads naturally for each
# (tests/unit/test_scaffold_wording.py) and every scaffold still passes every check
SPREAD = [
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


@pytest.mark.parametrize("kind", ["agent", "skill", "command"])
def test_a_spread_of_names_passes_strict_plugin_dev(tmp_path, kind):
    scaffold("plugin", "kit", tmp_path, author="Ann")
    root = tmp_path / "kit"
    for name in SPREAD:
        scaffold(kind, name, root)
    c = strict_check(root)
    assert c.returncode == 0, _findings(c)


def test_agent_tools_flag(fresh):
    p = cli("new", "agent", "test-writer", str(fresh), cwd=fresh)
    assert p.returncode == 0, p.stderr
    assert "tools: Read, Grep, Glob, Write, Edit, Bash\n" in (fresh / "agents/test-writer.md").read_text()
    p = cli("new", "agent", "code-reviewer", str(fresh), "--tools", "Read, Grep", cwd=fresh)
    assert p.returncode == 0, p.stderr
    text = (fresh / "agents/code-reviewer.md").read_text()
    assert "tools: Read, Grep\n" in text and "Your tools are Read and Grep" in text
    c = strict_check(fresh)
    assert c.returncode == 0, _findings(c)


def test_agent_unknown_tool_is_refused_with_a_suggestion(fresh):
    p = cli("new", "agent", "code-reviewer", str(fresh), "--tools", "Read, Grpe", cwd=fresh)
    assert p.returncode == 2
    assert p.stderr.strip().splitlines() == ["plugin-tui new: unknown tool 'Grpe' (did you mean Grep?)"]
    assert not (fresh / "agents").exists()
    p = cli("new", "skill", "one", str(fresh), "--tools", "Read", cwd=fresh)
    assert p.returncode == 2 and "--tools goes with KIND agent" in p.stderr


def test_new_outside_a_plugin_refuses_with_a_hint(tmp_path):
    (tmp_path / "notes.md").write_text("# notes\n")
    p = cli("new", "agent", "code-reviewer", ".", cwd=tmp_path)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    (line,) = p.stderr.strip().splitlines()
    assert "this folder is not a plugin folder" in line and "plugin-tui new plugin NAME" in line
    assert sorted(x.name for x in tmp_path.iterdir()) == ["notes.md"]


def test_new_mcp_bearer_names_the_variable_and_passes_once_it_is_set(fresh):
    p = cli("new", "mcp", "api", str(fresh), "--auth", "bearer", cwd=fresh)
    assert p.returncode == 0, p.stderr
    nxt = [line for line in p.stdout.splitlines() if line.startswith("Next:")]
    assert any("export API_TOKEN " in line for line in nxt), p.stdout
    assert any(f"plugin-tui check {fresh} --profile plugin-dev" in line for line in nxt), p.stdout
    assert "API_TOKEN=" not in p.stdout  # the variable is named, never given a value
    without = strict_check(fresh)
    assert without.returncode == 1 and "ENV001" in _findings(without)
    with_var = strict_check(fresh, env={"API_TOKEN": "t0k3n-value"})
    assert with_var.returncode == 0, _findings(with_var)


def test_new_help_says_when_the_scaffold_passes(tmp_path):
    p = cli("new", "--help", cwd=tmp_path)
    assert p.returncode == 0
    text = " ".join(p.stdout.split())
    assert "passes every check" in text and "once the environment variables it names" in text
    assert "--tools" in text
