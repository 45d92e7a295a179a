"""The env checker: references with positions, statuses, dotenv files, formats."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest

from tests.helpers import CORPUS, write_tree
from tui.cli.env import cmd_env
from tui.core.model.envrefs import find_references, scan_string
from tui.core.model.loader import load
from tui.core.services import envcheck
from tui.core.services.envcheck import collect
from tui.core.spec.builtins import builtin_status

MCP = {
    "mcpServers": {
        "api": {
            "type": "http",
            "url": "https://${API_HOST:-mcp.example.com}/mcp",
            "headers": {"Authorization": "Bearer ${API_TOKEN}", "X-Tenant": "${TENANT}"},
        },
        "local": {
            "command": "${CLAUDE_PLUGIN_ROOT}/bin/server",
            "args": ["--db", "${DB_URL}"],
            "env": {"EMPTY_ONE": "${EMPTY_VAR}", "OPT": "${user_config.region}"},
        },
    }
}
HOOKS = {
    "hooks": {
        "SessionStart": [
            {"hooks": [{"type": "command", "command": '"${CLAUDE_PLUGIN_ROOT}"/s.sh >> "$CLAUDE_ENV_FILE" $HOOK_FLAG'}]}
        ],
        "PreToolUse": [
            {
                "matcher": "Bash",
                "hooks": [
                    {
                        "type": "http",
                        "url": "https://hooks.example.com",
                        "headers": {"X-Key": "${HOOK_KEY}", "X-Other": "$NOPE"},
                        "allowedEnvVars": ["HOOK_KEY"],
                    }
                ],
            }
        ],
    }
}
LSP = {
    "go": {
        "command": "${GOPLS_BIN:-gopls}",
        "extensionToLanguage": {".go": "go"},
        "env": {"GOFLAGS": "${GOFLAGS}"},
        "workspaceFolder": "${CLAUDE_PROJECT_DIR}",
    }
}
MANIFEST = {
    "name": "kit",
    "userConfig": {"region": {"type": "string", "title": "Region", "description": "r"}},
    "experimental": {"monitors": [{"name": "tail", "command": "tail -f $LOG_PATH", "description": "d"}]},
}


@pytest.fixture
def plugin(tmp_path):
    return write_tree(
        tmp_path / "kit",
        {
            ".claude-plugin/plugin.json": MANIFEST,
            ".mcp.json": MCP,
            "hooks/hooks.json": HOOKS,
            ".lsp.json": LSP,
            "bin/server": "#!/bin/sh\n",
        },
    )


def _by_name(refs):
    out = {}
    for r in refs:
        out.setdefault(r.name, []).append(r)
    return out


def test_references_have_exact_positions(plugin):
    refs = find_references(load(plugin))
    text = (plugin / ".mcp.json").read_text()
    lines = text.splitlines()
    for r in refs:
        if r.path != ".mcp.json":
            continue
        line = lines[r.line - 1]
        snippet = line[r.column - 1 :]
        assert snippet.startswith("${" + r.name), (r.name, snippet)


def test_position_accounts_for_json_escapes(plugin):
    refs = [
        r for r in find_references(load(plugin)) if r.path == "hooks/hooks.json" and r.field.startswith("hook.command")
    ]
    lines = (plugin / "hooks/hooks.json").read_text().splitlines()
    names = {r.name for r in refs}
    assert {"CLAUDE_PLUGIN_ROOT", "CLAUDE_ENV_FILE", "HOOK_FLAG"} <= names
    for r in refs:
        rest = lines[r.line - 1][r.column - 1 :]
        assert rest.startswith("${" + r.name) or rest.startswith("$" + r.name), (r.name, rest)


def test_fields_and_expansion(plugin):
    refs = _by_name(find_references(load(plugin)))
    assert refs["API_TOKEN"][0].field == "mcp.headers"
    assert refs["API_HOST"][0].has_default and refs["API_HOST"][0].default == "mcp.example.com"
    assert refs["DB_URL"][0].field == "mcp.args"
    assert refs["GOFLAGS"][0].field == "lsp.env"
    assert refs["GOPLS_BIN"][0].field == "lsp.command"
    assert refs["LOG_PATH"][0].field == "monitor.command"
    assert refs["HOOK_KEY"][0].expanded  # listed in allowedEnvVars
    assert not refs["NOPE"][0].expanded  # not listed
    assert {r.field for r in refs["HOOK_KEY"]} == {"hook.headers", "hook.allowedEnvVars"}
    assert refs["user_config.region"][0].user_config


def test_statuses(plugin, tmp_path):
    env = {"API_TOKEN": "s3cr3t-value", "EMPTY_VAR": "", "PATH": "/bin"}
    rep = collect(load(plugin), env)
    st = {v.name: v for v in rep.variables}
    assert st["API_TOKEN"].status == "set" and st["API_TOKEN"].source == "environment"
    assert st["API_TOKEN"].masked == "12 chars"
    assert st["EMPTY_VAR"].status == "empty"
    assert st["API_HOST"].status == "default" and st["API_HOST"].default == "mcp.example.com"
    assert st["GOPLS_BIN"].status == "default"
    assert st["TENANT"].status == "unset"
    assert st["CLAUDE_PLUGIN_ROOT"].status == "builtin"
    assert st["CLAUDE_PROJECT_DIR"].status == "builtin"
    assert st["user_config.region"].status == "builtin"
    assert "NOPE" not in st  # not expanded, so not read
    assert [v.name for v in rep.variables] == sorted(v.name for v in rep.variables)
    assert {v.name for v in rep.missing} >= {"TENANT", "EMPTY_VAR", "DB_URL"}


def test_env_file_statuses(plugin, tmp_path):
    f = tmp_path / "x.env"
    f.write_text("TENANT=acme\nDB_URL=\nexport GOFLAGS='-mod=mod'\nthis line is broken\nAPI_TOKEN=${OTHER}\n")
    rep = collect(load(plugin), {}, str(f))
    st = {v.name: v for v in rep.variables}
    assert st["TENANT"].status == "set" and st["TENANT"].source == "env-file" and st["TENANT"].masked == "4 chars"
    assert st["DB_URL"].status == "empty" and st["DB_URL"].source == "env-file"
    assert st["GOFLAGS"].status == "set"
    assert st["API_TOKEN"].masked == "8 chars"  # no interpolation: the literal ${OTHER}
    assert rep.env_file_problem and "line 4" in rep.env_file_problem
    assert "broken" not in rep.env_file_problem


def test_environment_wins_over_env_file(plugin, tmp_path):
    f = tmp_path / ".env"
    f.write_text("TENANT=from-file\n")
    st = {v.name: v for v in collect(load(plugin), {"TENANT": "from-env"}, str(f)).variables}
    assert st["TENANT"].source == "environment"


def test_dash_default_and_empty():
    assert list(scan_string("${A-x}", shell=False))[0][4] == "-"
    assert [n for n, *_ in scan_string("${A:-} ${B}", shell=False)] == ["A", "B"]


def test_scan_shell_rules():
    names = [n for n, form, *_ in scan_string("X=1; echo $X '$QUOTED' \\$ESC $HOME $lower ${UP} $REAL", shell=True)]
    assert names == ["UP", "REAL"]


def test_scan_malformed_and_bare_in_config():
    got = [(n, f) for n, f, *_ in scan_string("Bearer $TOKEN ${OPEN", shell=False)]
    assert ("OPEN", "malformed") in got and ("TOKEN", "bare") in got


def test_builtin_outside_its_field(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {"name": "p"},
            ".mcp.json": {"mcpServers": {"a": {"command": "x", "env": {"F": "${CLAUDE_ENV_FILE}"}}}},
        },
    )
    r = [x for x in find_references(load(root)) if x.name == "CLAUDE_ENV_FILE"][0]
    is_b, provided, why = builtin_status(r.name, r.field, r.event)
    assert is_b and not provided and "hook" in why


def test_builtin_status_table():
    bs = builtin_status
    assert bs("CLAUDE_PLUGIN_ROOT", "mcp.args")[1]
    assert not bs("CLAUDE_PLUGIN_ROOT", "hook.headers")[1]
    assert bs("CLAUDE_ENV_FILE", "hook.command.shell", "SessionStart")[1]
    assert not bs("CLAUDE_ENV_FILE", "hook.command.shell", "PreToolUse")[1]
    assert not bs("user_config.x", "mcp.headersHelper")[1]
    assert bs("user_config.x", "mcp.headers")[1]
    assert bs("CLAUDE_PLUGIN_OPTION_X", "hook.command.shell")[1]
    assert not bs("CLAUDE_PLUGIN_OPTION_X", "mcp.env")[1]
    assert bs("NOT_A_BUILTIN", "mcp.env") == (False, False, None)


def test_inline_manifest_servers(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {
                "name": "p",
                "mcpServers": {"x": {"type": "http", "url": "https://h/${TENANT_ID}"}},
                "lspServers": {"l": {"command": "ls", "args": ["${LSP_ARG}"], "extensionToLanguage": {".l": "l"}}},
            }
        },
    )
    refs = _by_name(find_references(load(root)))
    assert refs["TENANT_ID"][0].path == ".claude-plugin/plugin.json"
    assert refs["TENANT_ID"][0].line is not None
    assert refs["LSP_ARG"][0].field == "lsp.args"


def _run(project_root, fmt, env_file=None):
    out = io.StringIO()
    args = SimpleNamespace(format=fmt, env_file=env_file, path=str(project_root))
    import sys

    old = sys.stdout
    sys.stdout = out
    try:
        rc = cmd_env(args, load(project_root))
    finally:
        sys.stdout = old
    return rc, out.getvalue()


def test_json_contract_shape(plugin, monkeypatch):
    for k in ("API_TOKEN", "TENANT", "DB_URL", "EMPTY_VAR", "GOFLAGS", "HOOK_KEY", "HOOK_FLAG", "LOG_PATH"):
        monkeypatch.delenv(k, raising=False)
    rc, out = _run(plugin, "json")
    data = json.loads(out)
    assert set(data) == {"root", "variables"}
    assert rc == 1
    v = next(x for x in data["variables"] if x["name"] == "API_TOKEN")
    assert set(v) == {"name", "status", "default", "source", "uses"}
    assert set(v["uses"][0]) == {"path", "line", "column", "context"}
    assert v["uses"][0]["context"] == "mcpServers.api.headers.Authorization"


def test_markdown_section(plugin):
    rc, out = _run(plugin, "markdown")
    assert out.startswith("## Required environment variables")
    assert "`API_TOKEN`" in out and "MCP server 'api'" in out
    assert "CLAUDE_PLUGIN_ROOT" not in out  # builtins are not the user's business


def test_exit_zero_when_everything_is_set(tmp_path, monkeypatch):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {"name": "p"},
            ".mcp.json": {
                "mcpServers": {
                    "a": {"command": "${CLAUDE_PLUGIN_ROOT}/x", "env": {"K": "${SOME_KEY}", "D": "${DEF:-1}"}}
                }
            },
        },
    )
    monkeypatch.setenv("SOME_KEY", "v")
    monkeypatch.delenv("DEF", raising=False)
    assert _run(root, "text")[0] == 0
    monkeypatch.setenv("SOME_KEY", "")
    rc, out = _run(root, "text")
    assert rc == 1 and "export SOME_KEY=" in out


def test_no_value_in_any_format(plugin, tmp_path, monkeypatch):
    secret_env = "ENVSECRET-7f3a9c1e55"
    secret_file = "FILESECRET-0b2d4e6f88"
    monkeypatch.setenv("API_TOKEN", secret_env)
    f = tmp_path / "s.env"
    f.write_text(f"TENANT={secret_file}\nbroken {secret_file} line\n")
    for fmt in ("text", "json", "markdown"):
        _, out = _run(plugin, fmt, str(f))
        assert secret_env not in out and secret_file not in out, fmt


@pytest.mark.corpus
def test_corpus_references_do_not_crash():
    for d in sorted(CORPUS.iterdir()):
        if d.is_dir():
            p = load(d)
            rep = collect(p, {})
            for v in rep.variables:
                assert v.status in envcheck.STATUSES
