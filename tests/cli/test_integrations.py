"""The pre-commit hook and the GitHub Action, run as their users run them.

The pre-commit test calls the real ``pre-commit try-repo`` on this repository (it builds plugin-tui into a
pre-commit environment, so it needs a git checkout and the package index); the action test runs the commands of
``action.yml``'s steps in a workspace, with the inputs substituted as GitHub substitutes them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _plugin(root: Path, *, broken: bool) -> None:
    (root / ".claude-plugin").mkdir(parents=True)
    (root / ".claude-plugin" / "plugin.json").write_text(
        json.dumps({"name": "guard-kit", "version": "1.0.0", "description": "Guards", "author": {"name": "A"}}),
        encoding="utf-8",
    )
    (root / "hooks").mkdir()
    hooks = {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "echo ok"}]}]}
    (root / "hooks" / "hooks.json").write_text(json.dumps(hooks if broken else {"hooks": hooks}), encoding="utf-8")


def _git_repo(root: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "fixture"]):
        subprocess.run(cmd, cwd=root, check=True, env=env, capture_output=True)


# ------------------------------------------------------------------------------------------------------------
# pre-commit


def test_hook_manifest_runs_check_on_plugin_files():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "plugin-tui"
    assert hook["entry"] == "plugin-tui check" and hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    for path in (
        ".claude-plugin/plugin.json",
        "plugins/a/agents/x.md",
        ".mcp.json",
        "p/hooks/hooks.json",
        "skills/s/SKILL.md",
        "p/.lsp.json",
    ):
        assert pattern.search(path), path
    for path in ("src/main.py", "docs/guide.md", "package.json"):
        assert not pattern.search(path), path


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    if shutil.which("pre-commit", path=str(BIN)) is None and shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed (it is in the test extras)")
    if not (REPO / ".git").exists():
        pytest.skip("pre-commit try-repo needs a git checkout of plugin-tui")
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(workdir: Path, home: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("pre-commit", path=str(BIN)) or shutil.which("pre-commit")
    return subprocess.run(
        [exe, "try-repo", str(REPO), "plugin-tui", "--all-files"],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"},
    )


def test_pre_commit_try_repo_passes_and_fails(tmp_path, pre_commit_home):
    good, bad = tmp_path / "good", tmp_path / "bad"
    _plugin(good, broken=False)
    _plugin(bad, broken=True)
    _git_repo(good)
    _git_repo(bad)
    ok = _try_repo(good, pre_commit_home)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert re.search(r"plugin-tui check\.+Passed", ok.stdout)
    failed = _try_repo(bad, pre_commit_home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"plugin-tui check\.+Failed", failed.stdout)
    assert "HOOK002" in failed.stdout and "hooks/hooks.json" in failed.stdout


# ------------------------------------------------------------------------------------------------------------
# GitHub Action

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _eval(expr: str, ctx: dict) -> object:
    """The few GitHub expressions action.yml uses: ``inputs.x``, ``github.x`` and ``a != ''``."""
    m = re.fullmatch(r"(\S+)\s*!=\s*''", expr)
    if m:
        return _eval(m.group(1), ctx) != ""
    scope, _, name = expr.partition(".")
    return ctx[scope][name]


def _subst(text: str, ctx: dict) -> str:
    return EXPR.sub(lambda m: str(_eval(m.group(1), ctx)), text)


def _run_action(workspace: Path, inputs: dict) -> tuple[list[subprocess.CompletedProcess], list[str]]:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    defaults = {k: v.get("default", "") for k, v in action["inputs"].items()}
    ctx = {"inputs": {**defaults, **inputs}, "github": {"action_path": str(REPO), "workspace": str(workspace)}}
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "NO_COLOR": "1"}
    results, installs = [], []
    for step in action["runs"]["steps"]:
        if "uses" in step:
            continue  # actions/setup-python: this test already runs on a Python that plugin-tui supports
        if "if" in step and not _eval(EXPR.fullmatch(step["if"]).group(1), ctx):
            continue
        assert step["shell"] == "bash"
        script = _subst(step["run"], ctx)
        if "pip install" in script:
            installs.append(script)  # installing from action_path is what this test environment already did
            continue
        step_env = {**env, **{k: _subst(str(v), ctx) for k, v in step.get("env", {}).items()}}
        results.append(
            subprocess.run(
                ["bash", "-e", "-o", "pipefail", "-c", script],
                cwd=workspace,
                env=step_env,
                capture_output=True,
                text=True,
                timeout=120,
            )
        )
    return results, installs


def test_action_annotates_and_writes_sarif(tmp_path):
    ws = tmp_path / "ws"
    _plugin(ws / "plugins" / "guard-kit", broken=True)
    results, installs = _run_action(ws, {"path": "plugins/guard-kit", "sarif": "out.sarif"})
    assert installs and str(REPO) in installs[0]
    sarif_step, check_step = results
    assert sarif_step.returncode == 0, sarif_step.stderr  # writing SARIF does not decide the job
    sarif = json.loads((ws / "out.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert any(r["ruleId"] == "HOOK002" for r in sarif["runs"][0]["results"])
    assert check_step.returncode == 1
    # paths relative to the workspace, where GitHub looks for them
    assert re.search(
        r"^::error file=plugins/guard-kit/hooks/hooks\.json,line=\d+,col=\d+,[^:]*title=HOOK002::",
        check_step.stdout,
        re.M,
    ), check_step.stdout


def test_action_without_sarif_passes_on_a_clean_plugin(tmp_path):
    ws = tmp_path / "ws"
    _plugin(ws, broken=False)
    results, _ = _run_action(ws, {})
    (check_step,) = results
    assert check_step.returncode == 0, check_step.stdout + check_step.stderr
    assert not list(ws.glob("*.sarif"))
