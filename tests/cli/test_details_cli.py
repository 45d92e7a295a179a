"""`plugin-tui details` through real subprocesses (shared/design/cli-contract.md, "details --format json")."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import REPO, write_tree

VARS = ("API_HOST", "API_TOKEN")


def run(*args, env_extra=None, drop=VARS):
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, args)], capture_output=True, text=True, cwd=REPO, env=env, timeout=120
    )


@pytest.fixture
def market(tmp_path):
    return write_tree(
        tmp_path / "market",
        {
            ".claude-plugin/marketplace.json": {
                "name": "m",
                "owner": {"name": "o"},
                "plugins": [
                    {"name": "api-kit", "source": "./plugins/api-kit"},
                    {"name": "bare", "source": "./plugins/bare"},
                ],
            },
            "plugins/api-kit/.claude-plugin/plugin.json": {"name": "api-kit", "version": "1.2"},
            "plugins/api-kit/commands/request.md": "---\ndescription: Send a request\n---\nSend $ARGUMENTS.\n",
            "plugins/api-kit/skills/api-testing/SKILL.md": "---\nname: api-testing\ndescription: Test APIs\n---\nTest.\n",
            "plugins/api-kit/agents/api-reviewer.md": "---\nname: api-reviewer\ndescription: Reviews APIs\n---\nReview.\n",
            "plugins/api-kit/hooks/hooks.json": {
                "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "true"}]}]}
            },
            "plugins/api-kit/.mcp.json": {
                "mcpServers": {
                    "api": {
                        "type": "http",
                        "url": "https://${API_HOST}/mcp",
                        "headers": {"Authorization": "Bearer ${API_TOKEN}"},
                    }
                }
            },
            "plugins/bare/.claude-plugin/plugin.json": {"name": "bare"},
        },
    )


def check_shape(data: dict) -> None:
    """The exact shape of the contract's "details --format json"."""
    assert set(data) == {"root", "claude_code", "plugins"}
    assert isinstance(data["root"], str) and data["claude_code"] == "2.1.332"
    for p in data["plugins"]:
        assert set(p) == {"name", "path", "version", "inventory", "always_on_tokens", "components", "not_loaded"}
        assert isinstance(p["name"], str) and isinstance(p["path"], str) and not p["path"].startswith("/")
        assert p["version"] is None or isinstance(p["version"], str)
        assert set(p["inventory"]) == {"skills", "agents", "hooks", "mcp_servers", "lsp_servers"}
        assert all(isinstance(n, str) for names in p["inventory"].values() for n in names)
        assert isinstance(p["always_on_tokens"], int)
        for name, c in p["components"].items():
            assert isinstance(name, str)
            assert set(c) == {"kind", "always_on", "on_invoke"} and c["kind"] in ("skill", "command", "agent")
            assert isinstance(c["always_on"], int) and isinstance(c["on_invoke"], int)
        for n in p["not_loaded"]:
            assert set(n) == {"path", "what", "why"} and all(isinstance(n[k], str) for k in ("what", "why"))


def test_json(market):
    r = run("details", market, "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    check_shape(data)
    assert data["root"] == str(market)
    kit, bare = data["plugins"]
    assert (kit["name"], kit["path"], kit["version"]) == ("api-kit", "plugins/api-kit", "1.2")
    assert (bare["name"], bare["path"], bare["version"]) == ("bare", "plugins/bare", None)
    assert kit["inventory"] == {
        "skills": ["api-testing", "request"],
        "agents": ["api-reviewer"],
        "hooks": ["Stop"],
        "mcp_servers": ["api"],
        "lsp_servers": [],
    }
    # "api-kit:api-testing Test APIs" 29 + "api-reviewer Reviews APIs" 25 + "api-kit:request Send a request" 30
    assert kit["always_on_tokens"] == 21
    assert kit["components"]["request"] == {"kind": "command", "always_on": 8, "on_invoke": 4}
    assert kit["not_loaded"] == [
        {"path": "plugins/api-kit/.mcp.json", "what": "api", "why": kit["not_loaded"][0]["why"]}
    ]
    assert "API_HOST" in kit["not_loaded"][0]["why"]
    assert bare["always_on_tokens"] == 0 and bare["components"] == {}


def test_json_with_the_variable_set_and_no_value_printed(market):
    secret = "sk-" + "detailscli-" + "5d2b8a4c6e0f1a3b"
    r = run("details", market, "--format", "json", env_extra={"API_HOST": secret, "API_TOKEN": secret})
    assert r.returncode == 0
    assert secret not in r.stdout and secret not in r.stderr
    assert json.loads(r.stdout)["plugins"][0]["not_loaded"] == []


def test_text(market):
    r = run("details", market)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    for needle in (
        "api-kit 1.2",
        "Component inventory",
        "  Skills (2)  api-testing, request",
        "  Agents (1)  api-reviewer",
        "  Hooks (1)  Stop  (harness-only",
        "  MCP servers (1)  api",
        "Projected token cost",
        "  Always-on:   ~21 tok   added to every session",
        "Per-component (rounded)",
        "Not loaded (1)",
        "plugins/api-kit/.mcp.json  api:",
        "2 plugins; always-on together ~21 tok",
    ):
        assert needle in out, needle
    # the table, as Claude Code lays it out: name column at least 9 wide, two right-aligned 9-wide columns
    assert "  component     always-on  on-invoke\n  api-testing        < 20       < 20\n" in out
    assert "bare\n  Path: plugins/bare" in out


def test_text_shows_rounded_estimates(tmp_path):
    body = "word " * 400  # 2000 characters -> 500 tokens
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {"name": "p"},
            "skills/big/SKILL.md": f"---\ndescription: {'d' * 95}\n---\n{body}\n",
        },
    )
    r = run("details", root)
    assert r.returncode == 0
    # always-on "p:big " + 95 = 101 chars -> 25 -> "~30"; on-invoke 1999 chars -> 500 -> "~500"
    assert "  big              ~30       ~500\n" in r.stdout
    assert "Always-on:   ~25 tok" in r.stdout


@pytest.mark.parametrize(
    "args,needle",
    [
        (("details", "/nonexistent/path"), "no such file or folder"),
        (("details", ".", "--format", "xml"), "invalid choice"),
    ],
)
def test_usage_errors(args, needle):
    r = run(*args)
    assert r.returncode == 2 and needle in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_folder_without_plugins(tmp_path):
    (tmp_path / "empty").mkdir()
    r = run("details", tmp_path / "empty", "--format", "json")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("plugin-tui details: ") and "nothing plugin-like" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_details_does_not_import_textual_or_rich(market):
    probe = (
        "import contextlib, io, sys\nfrom tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['details', sys.argv[1]]); main(['details', sys.argv[1], '--format', 'json'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", probe, str(market)], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_version_names_the_claude_code_release():
    r = run("--version")
    assert r.returncode == 0
    assert r.stdout.strip().endswith("(rules follow Claude Code 2.1.332)")


def test_check_reports_name_the_claude_code_release(market):
    data = json.loads(run("check", market, "--format", "json").stdout)
    assert data["claude_code"] == "2.1.332"
    sarif = json.loads(run("check", market, "--format", "sarif").stdout)
    assert sarif["runs"][0]["tool"]["driver"]["properties"]["claudeCodeVersion"] == "2.1.332"
    assert (REPO / "RULES.md").read_text(encoding="utf-8").splitlines()[2] == (
        "The rules follow Claude Code 2.1.332: what that release accepts, loads and reports."
    )
