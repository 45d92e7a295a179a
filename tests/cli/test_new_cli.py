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
