"""``plugin-tui check --installed`` (and ``details``/``env --installed``) through real subprocesses, with HOME pointed
at a copy of a ``~/.claude`` that Claude Code 2.1.332 wrote itself (never the real one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.helpers import REPO
from tests.installed_fixture import installed_copy

SARIF_SCHEMA = REPO / "tests" / "fixtures" / "sarif-2.1.0-rtm.5.json"


@pytest.fixture
def fx(tmp_path: Path) -> Path:
    return installed_copy(tmp_path / "fx")


def run(fx: Path, *args: str, where: str = "elsewhere", home: Path | None = None, **extra: str):
    env = {k: v for k, v in os.environ.items() if k not in ("CLAUDE_CONFIG_DIR", "ACME_API_URL", "NO_COLOR")}
    env.update(HOME=str(home or fx / "home"), **extra)
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        cwd=fx / where,
        env=env,
        timeout=120,
    )


def test_text_lists_every_plugin_with_its_state_problem_and_variable(fx):
    r = run(fx, "check", "--installed")
    assert r.returncode == 1, r.stderr  # guard-kit's refused hooks.json is an error
    out = r.stdout
    plugins = fx / "home" / ".claude" / "plugins"
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and "@acme-tools" in line}
    assert set(rows) == {f"{n}@acme-tools" for n in ("api-kit", "dev-kit", "guard-kit", "lint-kit", "notes-kit")}
    assert " disabled " in rows["lint-kit@acme-tools"] and " enabled " in rows["api-kit@acme-tools"]
    assert "user, project (" in rows["lint-kit@acme-tools"]
    assert "not loaded: MCP server acme-api: its url needs ACME_API_URL" in out
    assert 'outside the "hooks" object' in out
    # paths: every finding names its file where it is, under the plugins folder
    hook = f"{plugins}/cache/acme-tools/guard-kit/2.0.0/hooks/hooks.json:1:2: HOOK002"
    assert hook in out
    assert f"{plugins}/cache/acme-tools/api-kit/1.0.0/.mcp.json:1:54: ENV001" in out
    assert "[*]" not in out and "--fix" not in out  # no fix is offered on Claude Code's cache


def test_from_the_project_the_project_and_local_settings_count(fx):
    out = run(fx, "check", "--installed", where="proj").stdout
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  ") and "@acme-tools" in line}
    assert " enabled " in rows["lint-kit@acme-tools"] and " enabled " in rows["notes-kit@acme-tools"]


def test_json_adds_the_installed_facts(fx):
    r = run(fx, "check", "--installed", "--format", "json", where="proj")
    data = json.loads(r.stdout)
    assert data["root"] == str(fx / "home" / ".claude" / "plugins") and data["kind"] == "marketplace"
    assert not any(d["fixable"] for d in data["diagnostics"])
    by_id = {p["id"]: p for p in data["installed"]["plugins"]}
    lint = by_id["lint-kit@acme-tools"]
    assert lint["enabled"] and lint["enabled_by"] == str(fx / "proj" / ".claude" / "settings.json")
    assert [x["scope"] for x in lint["records"]] == ["user", "project"]
    assert by_id["api-kit@acme-tools"]["always_on_tokens"] == 17  # Claude Code's `plugin details`: ~17 tok
    assert by_id["dev-kit@acme-tools"]["loads_from"] == str(fx / "mkt" / "plugins" / "dev-kit")
    assert data["installed"]["always_on_tokens_enabled"] == sum(
        p["always_on_tokens"] or 0 for p in by_id.values() if p["enabled"]
    )
    assert {d["code"] for d in data["diagnostics"]} >= {"HOOK002", "ENV001", "INS003"}


def test_sarif_and_github_name_the_files_where_they_are(fx):
    sarif = json.loads(run(fx, "check", "--installed", "--format", "sarif").stdout)
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for res in sarif["runs"][0]["results"]
        for loc in res.get("locations", [])
    }
    hooks = (fx / "home/.claude/plugins/cache/acme-tools/guard-kit/2.0.0/hooks/hooks.json").as_uri()
    assert hooks in uris
    gh = run(fx, "check", "--installed", "--format", "github").stdout
    assert f"::error file={fx}/home/.claude/plugins/cache/acme-tools/guard-kit/2.0.0/hooks/hooks.json,line=1" in gh


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_fixes_are_refused_and_nothing_is_written(fx, flag):
    hooks = fx / "home/.claude/plugins/cache/acme-tools/guard-kit/2.0.0/hooks/hooks.json"
    before = hooks.read_bytes()
    r = run(fx, "check", "--installed", flag)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "writes nothing under Claude Code's configuration folder" in r.stderr
    assert "Fix the plugin's source" in r.stderr
    assert hooks.read_bytes() == before


def test_nothing_installed_is_one_line(fx, tmp_path):
    r = run(fx, "check", "--installed", home=tmp_path / "nobody")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "no Claude Code configuration folder" in r.stderr
    assert "Traceback" not in r.stderr


def test_a_broken_list_is_a_finding_not_a_traceback(fx):
    (fx / "home/.claude/plugins/installed_plugins.json").write_text('{"version": 2, "plugins": {', encoding="utf-8")
    r = run(fx, "check", "--installed")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "installed_plugins.json:1:28: INS001 error: installed_plugins.json is not valid JSON" in r.stdout


def test_a_path_with_installed_is_refused(fx):
    r = run(fx, "check", "--installed", ".")
    assert r.returncode == 0 or r.returncode == 1  # "." is the default: allowed
    r = run(fx, "check", "--installed", "elsewhere-path")
    assert r.returncode == 2 and "give no PATH" in r.stderr


def test_details_and_env_on_the_installed_plugins(fx):
    d = json.loads(run(fx, "details", "--installed", "--format", "json").stdout)
    names = {p["name"]: p for p in d["plugins"]}
    assert names["api-kit"]["always_on_tokens"] == 17 and names["lint-kit"]["always_on_tokens"] == 12
    assert any("ACME_API_URL" in n["why"] for n in names["api-kit"]["not_loaded"])
    e = run(fx, "env", "--installed", "--format", "json")
    assert e.returncode == 1
    assert [v["name"] for v in json.loads(e.stdout)["variables"] if v["status"] == "unset"] == ["ACME_API_URL"]
    ok = run(fx, "env", "--installed", ACME_API_URL="https://api.example.com")
    assert ok.returncode == 0


def test_the_explorer_without_a_terminal_points_at_check_installed(fx):
    r = run(fx, "--installed")
    assert r.returncode == 2 and "plugin-tui check --installed" in r.stderr


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")
def test_the_explorer_opens_on_the_installed_plugins(fx):
    """``plugin-tui --installed`` end to end, on a pseudo-terminal as a user starts it."""
    import re

    from tests.pty_run import explorer_env, run_in_pty

    env = explorer_env(PYTHONPATH=str(REPO), HOME=str(fx / "home"))
    for name in ("CLAUDE_CONFIG_DIR", "COLUMNS", "LINES"):  # the size is the pty's (xdist workers set COLUMNS)
        env.pop(name, None)
    cwd = os.getcwd()
    os.chdir(fx / "elsewhere")  # the current project, as the explorer's process sees it
    try:
        run = run_in_pty(
            [sys.executable, "-m", "tui", "--installed", "--no-watch"],
            env,
            {
                "tree": lambda t: "guard-kit@acme-tools" in t and "lint-kit@acme-tools" in t,
                "state": lambda t: "disabled · v0.3.0 · user, project" in t,  # lint-kit, on the tree
                "title": lambda t: "installed plugins" in t,
                # the tree's status line gets the time of the check once every rule has run (the header's totals
                # are repainted cell by cell, so they need not be drawn in one piece)
                "checked": lambda t: re.search(r"\d\d:\d\d:\d\d", t) is not None,
            },
            timeout=60,
        )
    finally:
        os.chdir(cwd)
    assert all(t is not None for t in run.times.values()), (run.times, run.text[-3000:])
    assert run.returncode == 0 and "Traceback" not in run.text
