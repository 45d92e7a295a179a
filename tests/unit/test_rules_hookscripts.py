"""Hook-script rules HOOK100–HOOK117: only scripts that a hook references are looked at."""

import shutil

import pytest

from tests.helpers import check_rule, write_tree
from tui.core.rules.hookscripts import shell_lines, unquoted_expansions


def tree(tmp_path, event, command, files=None, executable=(), matcher=None):
    g = {"hooks": [{"type": "command", "command": command}]}
    if matcher:
        g["matcher"] = matcher
    t = {".claude-plugin/plugin.json": {"name": "p"}, "hooks/hooks.json": {"hooks": {event: [g]}}}
    t.update(files or {})
    return write_tree(tmp_path, t, executable=executable)


ROOT = '"${CLAUDE_PLUGIN_ROOT}"/hooks/s.sh'
GOOD = "#!/usr/bin/env bash\nset -euo pipefail\ninput=$(cat)\nexit 0\n"


def run(tmp_path, code, script=None, event="PreToolUse", command=ROOT, executable=True, profile="official"):
    files = {"hooks/s.sh": script} if script is not None else {}
    root = tree(tmp_path, event, command, files, executable=["hooks/s.sh"] if executable and script is not None else ())
    return check_rule(root, code, profile=profile)


def test_hook100_missing(tmp_path):
    d = run(tmp_path, "HOOK100")
    assert len(d) == 1 and d[0].severity == "error" and "hooks/s.sh" in d[0].message and d[0].line
    assert not run(tmp_path / "ok", "HOOK100", GOOD)
    d = run(tmp_path / "dist", "HOOK100", command='node "${CLAUDE_PLUGIN_ROOT}/dist/x.js"')
    assert d[0].severity == "warning"


def test_hook100_case_hint(tmp_path):
    root = tree(tmp_path, "Stop", '"${CLAUDE_PLUGIN_ROOT}"/hooks/S.sh', {"hooks/s.sh": GOOD})
    d = check_rule(root, "HOOK100")
    assert len(d) == 1 and "hooks/s.sh" in d[0].hint


def test_hook101_not_executable(tmp_path):
    d = run(tmp_path, "HOOK101", GOOD, executable=False)
    assert len(d) == 1 and d[0].severity == "error"
    assert not run(tmp_path / "ok", "HOOK101", GOOD)
    assert not run(
        tmp_path / "interp", "HOOK101", GOOD, executable=False, command='bash "${CLAUDE_PLUGIN_ROOT}/hooks/s.sh"'
    )


def test_hook102_no_shebang(tmp_path):
    d = run(tmp_path, "HOOK102", "echo hi\n")
    assert len(d) == 1 and d[0].severity == "warning"
    root = tree(
        tmp_path / "py",
        "Stop",
        '"${CLAUDE_PLUGIN_ROOT}"/hooks/s.py',
        {"hooks/s.py": "import json\n"},
        executable=["hooks/s.py"],
    )
    assert check_rule(root, "HOOK102")[0].severity == "error"
    assert not run(tmp_path / "ok", "HOOK102", GOOD)
    assert not run(tmp_path / "empty", "HOOK102", "")  # empty placeholder


def test_hook103_outside(tmp_path):
    assert len(run(tmp_path, "HOOK103", command='"${CLAUDE_PLUGIN_ROOT}"/../x.sh')) == 1
    assert not run(tmp_path / "ok", "HOOK103", GOOD)


def test_hook104_json_to_stderr(tmp_path):
    bad = GOOD.replace("exit 0", 'echo \'{"decision": "block", "reason": "x"}\' >&2\nexit 2')
    d = run(tmp_path, "HOOK104", bad)
    assert len(d) == 1 and d[0].path == "hooks/s.sh" and d[0].line == 4
    heredoc = GOOD.replace("exit 0", 'cat >&2 <<EOF\n{"hookSpecificOutput": {}}\nEOF\nexit 2')
    assert len(run(tmp_path / "doc", "HOOK104", heredoc)) == 1
    assert not run(tmp_path / "ok", "HOOK104", GOOD.replace("exit 0", 'echo \'{"decision": "block"}\'\nexit 0'))
    assert not run(tmp_path / "msg", "HOOK104", GOOD.replace("exit 0", "echo 'Blocked: rm' >&2\nexit 2"))
    # "-n" in a message is not jq's --null-input flag
    assert not run(
        tmp_path / "jqmsg", "HOOK104", GOOD.replace("exit 0", 'echo "on-notify: jq is not installed" >&2\nexit 0')
    )
    assert (
        len(
            run(
                tmp_path / "jqn",
                "HOOK104",
                GOOD.replace("exit 0", "jq -n --arg r x '{decision: \"block\", reason: $r}' >&2\nexit 2"),
            )
        )
        == 1
    )


def test_hook104_python(tmp_path):
    root = tree(
        tmp_path,
        "Stop",
        'python3 "${CLAUDE_PLUGIN_ROOT}/hooks/s.py"',
        {"hooks/s.py": "import json, sys\nprint(json.dumps({'decision': 'block'}), file=sys.stderr)\n"},
    )
    assert len(check_rule(root, "HOOK104")) == 1


def test_hook105_event_name(tmp_path):
    bad = GOOD.replace("exit 0", 'echo \'{"hookSpecificOutput": {"permissionDecision": "deny"}}\'')
    d = run(tmp_path, "HOOK105", bad)
    assert len(d) == 1 and "PreToolUse" in d[0].hint
    assert not run(
        tmp_path / "ok",
        "HOOK105",
        bad.replace('{\\"perm', '{\\"hookEventName\\": \\"PreToolUse\\", \\"perm').replace(
            '{"perm', '{"hookEventName": "PreToolUse", "perm'
        ),
    )


def test_hook106_deprecated_decision(tmp_path):
    d = run(tmp_path, "HOOK106", GOOD.replace("exit 0", 'echo \'{"decision": "approve"}\''))
    assert len(d) == 1 and "permissionDecision" in d[0].message
    d = run(tmp_path / "stop", "HOOK106", GOOD.replace("exit 0", 'echo \'{"decision": "approve"}\''), event="Stop")
    assert len(d) == 1 and 'only takes "block"' in d[0].message
    assert not run(tmp_path / "ok", "HOOK106", GOOD.replace("exit 0", 'echo \'{"decision": "block"}\''), event="Stop")


def test_hook107_exit_1(tmp_path):
    bad = GOOD.replace("exit 0", 'if true; then\n  echo "Blocked: dangerous" >&2\n  exit 1\nfi\nexit 0')
    d = run(tmp_path, "HOOK107", bad)
    assert len(d) == 1 and d[0].line == 6
    assert not run(tmp_path / "ok", "HOOK107", bad.replace("exit 1", "exit 2"))
    assert not run(tmp_path / "notify", "HOOK107", bad, event="Notification")  # cannot block anyway
    assert not run(tmp_path / "err", "HOOK107", GOOD.replace("exit 0", "command -v jq || exit 1"))


def test_plugin_dev_lint(tmp_path):
    loose = "#!/bin/bash\nf=$1\necho $f\nrm /home/alice/tmp/x\nwhile true; do sleep 120; done\n"
    for code in ("HOOK108", "HOOK109", "HOOK111", "HOOK113", "HOOK114"):
        assert run(tmp_path / code, code, loose, profile="plugin-dev"), code
        assert not run(tmp_path / (code + "ok"), code, GOOD, profile="plugin-dev"), code
    assert run(tmp_path / "hp", "HOOK112", loose)
    assert not run(tmp_path / "hpok", "HOOK112", GOOD)
    jqless = GOOD.replace("exit 0", 't=$(echo "$input" | grep -o tool_name)\nexit 0')
    assert run(tmp_path / "jq", "HOOK110", jqless, profile="plugin-dev")
    assert not run(
        tmp_path / "jqok", "HOOK110", jqless.replace("grep -o tool_name", "jq -r .tool_name"), profile="plugin-dev"
    )
    err = GOOD.replace("exit 0", 'echo "Error: bad path"\nexit 2')
    assert run(tmp_path / "e", "HOOK115", err, profile="plugin-dev")
    assert not run(tmp_path / "eok", "HOOK115", err.replace('path"', 'path" >&2'), profile="plugin-dev")
    assert run(tmp_path / "tip", "HOOK116", GOOD, profile="plugin-dev")
    sourcing = GOOD.replace("exit 0", "source ./lib/common.sh\nexit 0")
    tips = [d.message for d in run(tmp_path / "rel", "HOOK116", sourcing, profile="plugin-dev")]
    assert any("CLAUDE_PLUGIN_ROOT" in m for m in tips)
    rooted = GOOD.replace("exit 0", 'source "$CLAUDE_PLUGIN_ROOT/lib/common.sh"\nexit 0')
    assert not any(
        "CLAUDE_PLUGIN_ROOT" in d.message for d in run(tmp_path / "root", "HOOK116", rooted, profile="plugin-dev")
    )


def test_only_referenced_scripts(tmp_path):
    root = tree(tmp_path, "Stop", "echo hi", {"hooks/unused.sh": '#!/bin/bash\necho \'{"decision": "x"}\' >&2\n'})
    assert not check_rule(root, "HOOK104")


def test_shell_lines():
    lines = shell_lines("#!/bin/bash\necho a # c\ncat <<'EOF'\n$x # not code\nEOF\necho '#x'\n")
    assert lines[0].code == "" and lines[1].code.strip() == "echo a"
    assert lines[3].heredoc and lines[4].heredoc and not lines[5].heredoc
    assert lines[5].code == "echo '#x'"


@pytest.mark.parametrize(
    "code,n",
    [
        ("echo $x", 1),
        ('echo "$x"', 0),
        ("x=$y", 0),
        ("[[ -f $x ]]", 0),
        ("for a in $b; do", 0),
        ('echo "$(basename $f)"', 1),
        ("(( n = $x ))", 0),
        ("echo '$x'", 0),
        ("local v=$1", 0),
    ],
)
def test_unquoted_expansions(code, n):
    assert len(unquoted_expansions(code)) == n


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck not installed")
def test_hook117_shellcheck(tmp_path):
    assert run(tmp_path, "HOOK117", "#!/bin/bash\necho $1\n")
