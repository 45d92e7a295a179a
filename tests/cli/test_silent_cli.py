"""Silent failures elsewhere in the command line: each is one clear line and exit 2, never a traceback, and
never a flag that is accepted and then ignored (real subprocesses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import REPO, write_tree


def run(*args, cwd=None, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k != "API_TOKEN_ZZ"}
    env.update(PYTHONPATH=str(REPO), NO_COLOR="1", **(env_extra or {}))
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def plugin(tmp_path):
    return write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {
                "name": "p",
                "version": "1.0.0",
                "description": "d",
                "author": {"name": "a"},
            },
            ".mcp.json": {
                "mcpServers": {
                    "api": {
                        "type": "http",
                        "url": "https://x.example.com/mcp",
                        "headers": {"Authorization": "Bearer ${API_TOKEN_ZZ}"},
                    }
                }
            },
        },
    )


def _one_line_exit_2(r, *needles):
    assert r.returncode == 2, (r.returncode, r.stdout[-500:], r.stderr)
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    for needle in needles:
        assert needle in r.stderr, r.stderr


@pytest.fixture
def env_files(tmp_path):
    d = tmp_path / "envs"
    (d / "a-folder").mkdir(parents=True)
    (d / "utf16.env").write_bytes("API_TOKEN_ZZ=x\n".encode("utf-16"))
    return d


@pytest.mark.parametrize("cmd", [["check"], ["env"], ["env", "--format", "json"]])
@pytest.mark.parametrize(
    "name,needle",
    [("a-folder", "is a folder, not a dotenv file"), ("missing.env", "no such file"), ("utf16.env", "not UTF-8 text")],
)
def test_an_env_file_that_cannot_be_used_is_exit_2(plugin, env_files, cmd, name, needle):
    """A folder said "no such file"; an undecodable file was dropped by `check` without a word (exit 1)."""
    _one_line_exit_2(run(*cmd, plugin, "--env-file", env_files / name), "--env-file", needle)


def test_an_env_file_named_in_the_config_that_cannot_be_used_is_exit_2(plugin):
    (plugin / ".plugin-tui.toml").write_text('env-file = "secrets"\n')
    (plugin / "secrets").mkdir()
    _one_line_exit_2(run("check", plugin), ".plugin-tui.toml", "is a folder")


def test_unparsable_env_file_lines_are_named_and_the_rest_is_used(plugin, tmp_path):
    env = tmp_path / "x.env"
    env.write_text("this line is not dotenv\nAPI_TOKEN_ZZ=abc\n")
    r = run("check", plugin, "--format", "json", "--env-file", env)
    assert r.returncode == 0, r.stderr
    assert "line 1 could not be parsed" in r.stderr and "abc" not in r.stderr
    assert "ENV001" not in {d["code"] for d in json.loads(r.stdout)["diagnostics"]}


@pytest.mark.parametrize("extra", [["--fix"], ["--diff"], ["--fix", "--unsafe-fixes"]])
def test_watch_with_fix_is_refused_instead_of_ignoring_the_fix(plugin, extra):
    """`check --watch --fix` used to watch and never fix."""
    _one_line_exit_2(run("check", plugin, "--watch", *extra), "--watch does not apply fixes")


def test_watch_reads_the_env_file(plugin, tmp_path):
    """`check --watch --env-file F` used to check against this process's environment only."""
    env = tmp_path / "x.env"
    env.write_text("API_TOKEN_ZZ=abc\n")
    penv = {k: v for k, v in os.environ.items() if k != "API_TOKEN_ZZ"}
    penv.update(PYTHONPATH=str(REPO), NO_COLOR="1")
    p = subprocess.Popen(
        [sys.executable, "-m", "tui", "check", str(plugin), "--watch", "--format", "json", "--env-file", str(env)],
        cwd=REPO,
        env=penv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = p.stdout.readline()
    finally:
        p.kill()
        p.communicate(timeout=30)
    codes = {d["code"] for d in json.loads(first)["diagnostics"]}
    assert "ENV001" not in codes, codes
    assert "ENV001" in {d["code"] for d in json.loads(run("check", plugin, "--format", "json").stdout)["diagnostics"]}


@pytest.mark.parametrize(
    "code,needle",
    [
        ("SKL21", "did you mean SKL021?"),
        ("NOPE", "`plugin-tui rules` lists them"),
    ],
)
def test_rules_with_an_unknown_code_points_somewhere(code, needle):
    _one_line_exit_2(run("rules", code), f"no rule {code!r}", needle)


@pytest.mark.parametrize(
    "args,needle",
    [
        (["NOPE"], "unknown event 'NOPE'"),
        (["pretooluse"], "did you mean PreToolUse?"),
        (["PreToolUse", "--timeout", "0"], "--timeout"),
    ],
)
def test_test_hook_refuses_bad_events_and_values(plugin, args, needle):
    _one_line_exit_2(run("test-hook", plugin, *args), needle)


def test_test_hook_input_that_is_a_folder(plugin, tmp_path):
    _one_line_exit_2(run("test-hook", plugin, "PreToolUse", "--input", tmp_path), "cannot read")


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")
def test_the_explorer_refuses_an_env_file_folder_before_the_screen_is_taken(plugin, tmp_path):
    from tests.pty_run import explorer_env, run_in_pty

    r = run_in_pty(
        [sys.executable, "-m", "tui", str(plugin), "--no-watch", "--env-file", str(tmp_path)],
        explorer_env(PYTHONPATH=str(REPO)),
        {},
        timeout=30,
        keys=b"",
    )
    assert r.returncode == 2, r.text[-2000:]
    assert "is a folder, not a dotenv file" in r.text and "Traceback" not in r.text
