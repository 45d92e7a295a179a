"""``plugin-tui test-hook`` on a terminal: before it asks, it shows the payload and the command line that will run."""

from __future__ import annotations

import json
import os
import sys

import pytest

from tests.helpers import REPO, write_tree

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")

COMMAND = '"${CLAUDE_PLUGIN_ROOT}"/hooks/scripts/guard.sh'


def test_prompt_shows_payload_and_command_above_the_question(tmp_path):
    from tests.pty_run import run_in_pty

    root = write_tree(
        tmp_path / "guard-kit",
        {
            ".claude-plugin/plugin.json": {"name": "guard-kit"},
            "hooks/hooks.json": {
                "hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": COMMAND}]}]}
            },
            "hooks/scripts/guard.sh": '#!/bin/sh\ntouch "$CLAUDE_PROJECT_DIR/ran"\n',
        },
        executable=["hooks/scripts/guard.sh"],
    )
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, PYTHONPATH=str(REPO), TERM="xterm-256color", SECRET_TOKEN="s3cr3t-value")
    os.chdir(work)  # CLAUDE_PROJECT_DIR and the payload's cwd are the current folder
    try:
        run = run_in_pty(
            [sys.executable, "-m", "tui", "test-hook", str(root), "PreToolUse", "--tool", "Bash"],
            env,
            {"asked": lambda t: "[y/N]" in t},
            timeout=60,
            keys=b"n\n",
        )
    finally:
        os.chdir(REPO)
    assert run.times["asked"] is not None, run.text[-2000:]
    text = run.text.replace("\r", "")
    before, _, after = text.partition("[y/N]")
    # the payload, pretty-printed, above the question
    assert "stdin payload" in before
    assert '"hook_event_name": "PreToolUse"' in before and '"tool_name": "Bash"' in before
    assert f'"cwd": {json.dumps(str(work))}' in before
    # the command line as it will run, and where; variable names, never values
    assert f"[1] bash -c '{COMMAND}'" in before
    assert f"runs, in {work}" in before and "CLAUDE_PLUGIN_ROOT" in before
    assert "s3cr3t-value" not in text and str(root / "hooks") not in before.split("runs, in")[1]
    assert "with the payload above on stdin?" in before.splitlines()[-1]
    assert "Not run." in after and not (work / "ran").exists()
