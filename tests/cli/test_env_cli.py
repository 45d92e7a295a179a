"""`plugin-tui env` through real subprocesses (shared/design/cli-contract.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import CORPUS, REPO, write_tree

SECRET_ENV = "sk-" + "envside-" + "7f3a9c1e55d2b8a4c6e0f1a3b5c7d9e2"
SECRET_FILE = "ghp_" + "FileSide0b2d4e6f8a1c3e5g7i9k1m3o5q7"


def run(*args, env_extra=None, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, args)], capture_output=True, text=True, cwd=REPO, env=env, timeout=120
    )


VARS = ("API_TOKEN", "TENANT_ID", "LOCAL_DB", "GOFLAGS_X")


@pytest.fixture
def plugin(tmp_path):
    return write_tree(
        tmp_path / "kit",
        {
            ".claude-plugin/plugin.json": {"name": "kit"},
            ".mcp.json": {
                "mcpServers": {
                    "api": {
                        "type": "http",
                        "url": "https://${TENANT_ID}.example.com/mcp",
                        "headers": {"Authorization": "Bearer ${API_TOKEN}"},
                    },
                    "db": {"command": "${CLAUDE_PLUGIN_ROOT}/bin/db", "env": {"DB": "${LOCAL_DB:-sqlite://x}"}},
                }
            },
            "README.md": "# kit\n",
        },
    )


def test_text_table_and_exit_code(plugin):
    r = run("env", plugin, drop=VARS)
    assert r.returncode == 1, r.stderr
    assert "API_TOKEN" in r.stdout and "unset" in r.stdout and "export API_TOKEN=" in r.stdout
    assert ".mcp.json:" in r.stdout
    r = run("env", plugin, env_extra={"API_TOKEN": "abc", "TENANT_ID": "acme"})
    assert r.returncode == 0, r.stdout
    assert "set (3 chars)" in r.stdout


def test_json_contract(plugin):
    r = run("env", plugin, "--format", "json", env_extra={"TENANT_ID": ""}, drop=("API_TOKEN", "LOCAL_DB"))
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data["root"] == str(plugin)
    st = {v["name"]: v for v in data["variables"]}
    assert st["API_TOKEN"]["status"] == "unset"
    assert st["TENANT_ID"]["status"] == "empty" and st["TENANT_ID"]["source"] == "environment"
    assert st["LOCAL_DB"]["status"] == "default" and st["LOCAL_DB"]["default"] == "sqlite://x"
    assert st["CLAUDE_PLUGIN_ROOT"]["status"] == "builtin"
    use = st["API_TOKEN"]["uses"][0]
    assert use == {"path": ".mcp.json", "line": 7, "column": 34, "context": "mcpServers.api.headers.Authorization"}
    line = (plugin / ".mcp.json").read_text().splitlines()[use["line"] - 1]
    assert line[use["column"] - 1 :].startswith("${API_TOKEN}")


def test_env_file(plugin, tmp_path):
    f = tmp_path / "dev.env"
    f.write_text("API_TOKEN=tok\nTENANT_ID=acme\n")
    r = run("env", plugin, "--format", "json", "--env-file", f, drop=VARS)
    assert r.returncode == 0
    st = {v["name"]: v for v in json.loads(r.stdout)["variables"]}
    assert st["API_TOKEN"]["source"] == "env-file"


def test_missing_env_file_is_usage_error(plugin, tmp_path):
    r = run("env", plugin, "--env-file", tmp_path / "nope.env")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_markdown(plugin):
    r = run("env", plugin, "--format", "markdown", drop=VARS)
    assert r.stdout.startswith("## Required environment variables")
    assert "| `API_TOKEN` | yes | MCP server 'api' |" in r.stdout
    assert "| `LOCAL_DB` | no |" in r.stdout


def test_no_secret_in_any_output(plugin, tmp_path):
    f = tmp_path / "s.env"
    f.write_text(f"TENANT_ID={SECRET_FILE}\nnot valid {SECRET_FILE}\n")
    # and one literal secret in the config, which check must report without echoing
    mcp = json.loads((plugin / ".mcp.json").read_text())
    mcp["mcpServers"]["lit"] = {"command": "x", "env": {"GITHUB_TOKEN": SECRET_FILE}}
    (plugin / ".mcp.json").write_text(json.dumps(mcp, indent=2))
    outputs = []
    for fmt in ("text", "json", "markdown"):
        r = run("env", plugin, "--format", fmt, "--env-file", f, env_extra={"API_TOKEN": SECRET_ENV})
        outputs.append(r.stdout + r.stderr)
    for fmt in ("text", "json", "sarif", "github"):
        r = run("check", plugin, "--format", fmt, "--env-file", f, env_extra={"API_TOKEN": SECRET_ENV})
        outputs.append(r.stdout + r.stderr)
    assert any("SEC002" in o for o in outputs)
    for o in outputs:
        assert SECRET_ENV not in o and SECRET_FILE not in o
        assert SECRET_ENV[8:24] not in o and SECRET_FILE[4:20] not in o


@pytest.mark.corpus
def test_corpus_smoke():
    r = run("env", CORPUS / "anthropics__knowledge-work-plugins", "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    data = json.loads(r.stdout)
    assert data["variables"]


def test_markdown_is_a_generator_and_exits_0_with_unset_variables(plugin):
    """The README section is the same whether or not the author's shell has the variables; text and json keep
    exit 1 for unset ones (the contract)."""
    r = run("env", plugin, "--format", "markdown", drop=VARS)
    assert r.returncode == 0, r.stderr
    assert "## Required environment variables" in r.stdout and "`API_TOKEN`" in r.stdout
    assert run("env", plugin, "--format", "json", drop=VARS).returncode == 1
    assert run("env", plugin, drop=VARS).returncode == 1


def test_env_on_a_folder_with_nothing_plugin_like_is_exit_2(tmp_path):
    (tmp_path / "notes.txt").write_text("hi")
    r = run("env", tmp_path)
    assert r.returncode == 2 and r.stdout == "" and "nothing plugin-like" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
