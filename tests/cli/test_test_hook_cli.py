"""`plugin-tui test-hook` in a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO, write_tree

GUARD = """#!/usr/bin/env bash
set -euo pipefail
input=$(cat)
cmd=$(printf '%s' "$input" | jq -r '.tool_input.command // empty')
touch "$CLAUDE_PROJECT_DIR/ran-$(printf '%s' "$input" | jq -r .tool_name)"
if [[ "$cmd" == *"rm -rf"* ]]; then
  echo "refusing to run: $cmd" >&2
  exit 2
fi
exit 0
"""


def plugin(tmp_path: Path, extra_hooks: dict | None = None, scripts: dict | None = None) -> Path:
    hooks = {
        "PreToolUse": [
            {
                "matcher": "Bash",
                "hooks": [
                    {"type": "command", "command": '"${CLAUDE_PLUGIN_ROOT}"/hooks/scripts/guard.sh', "timeout": 20}
                ],
            }
        ]
    }
    hooks.update(extra_hooks or {})
    files = {
        ".claude-plugin/plugin.json": {"name": "guard-kit"},
        "hooks/hooks.json": {"hooks": hooks},
        "hooks/scripts/guard.sh": GUARD,
    }
    execs = ["hooks/scripts/guard.sh"]
    for k, v in (scripts or {}).items():
        files[f"hooks/scripts/{k}"] = v
        execs.append(f"hooks/scripts/{k}")
    return write_tree(tmp_path / "guard-kit", files, executable=execs)


def cli(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui", "test-hook", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
        input=stdin or "",
    )  # stdin is a pipe, never a TTY


def _env() -> dict:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_runs_with_yes_and_reports(tmp_path):
    root = plugin(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    p = cli(str(root), "PreToolUse", "--tool", "Bash", "--yes", cwd=work)
    assert p.returncode == 0, p.stderr
    assert "exit code: 0" in p.stdout
    assert "hooks/hooks.json" in p.stdout
    assert (work / "ran-Bash").exists(), "CLAUDE_PROJECT_DIR is the current directory"


def test_block_via_input_file_and_json_format(tmp_path):
    root = plugin(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    payload = {
        "session_id": "s",
        "cwd": str(work),
        "hook_event_name": "PreToolUse",
        "tool_name": "Bash",
        "tool_input": {"command": "rm -rf build"},
    }
    (work / "in.json").write_text(json.dumps(payload))
    p = cli(str(root), "PreToolUse", "--input", "in.json", "--yes", "--format", "json", cwd=work)
    assert p.returncode == 0, p.stderr  # the run completed; it decided to block
    data = json.loads(p.stdout)
    (res,) = data["results"]
    assert res["run"]["exit_code"] == 2
    assert res["verdict"]["blocking"] is True
    assert res["verdict"]["reason"] == "refusing to run: rm -rf build"
    assert res["path"] == "hooks/hooks.json"


def test_refuses_without_yes_and_without_tty(tmp_path):
    root = plugin(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    p = cli(str(root), "PreToolUse", cwd=work, stdin="y\n")
    assert p.returncode == 2
    err = p.stderr.strip().splitlines()
    assert len(err) == 1 and "--yes" in err[0]
    assert not (work / "ran-Bash").exists(), "nothing may run without confirmation"


def test_tool_that_no_matcher_selects_runs_nothing(tmp_path):
    root = plugin(tmp_path)
    p = cli(str(root), "PreToolUse", "--tool", "Write", "--yes", cwd=tmp_path)
    assert p.returncode == 0
    assert "No command handler" in p.stdout


def test_timeout_and_malformed_exit_1(tmp_path):
    root = plugin(
        tmp_path,
        {
            "Stop": [
                {
                    "hooks": [
                        {"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/hooks/scripts/slow.sh"},
                        {"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/hooks/scripts/bad.sh"},
                    ]
                }
            ]
        },
        scripts={"slow.sh": "#!/usr/bin/env bash\nsleep 30\n", "bad.sh": "#!/usr/bin/env bash\necho '{oops'\n"},
    )
    p = cli(str(root), "Stop", "--timeout", "0.5", "--yes", cwd=tmp_path)
    assert p.returncode == 1, p.stdout + p.stderr
    assert "timed out" in p.stdout.lower()
    assert "not valid JSON" in p.stdout


def test_usage_errors(tmp_path):
    root = plugin(tmp_path)
    p = cli(str(root), "preToolUse", "--yes", cwd=tmp_path)
    assert p.returncode == 2 and "PreToolUse" in p.stderr and "Traceback" not in p.stderr
    p = cli(str(tmp_path / "missing"), "Stop", "--yes", cwd=tmp_path)
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1
    p = cli("a", "b", "Stop", cwd=tmp_path)
    assert p.returncode == 2
