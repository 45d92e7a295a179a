"""The exact output of every fix of the hooks and hook-script rules, pinned with syrupy.

Each case is a small plugin that triggers one rule. For every finding of that rule (in the order the check reports
them) the snapshot holds where it is and either ``None`` (the rule offers no fix there) or the fix: its title, its
safety and the full text of every file it changes, applied on a fresh copy of the plugin. Files the fix does not
name must stay byte for byte the same. Cases cover every branch of each fix, including the findings it refuses
to fix, so that moving a fix to where its finding is made shows as no change here.

Regenerate with ``pytest tests/unit/test_fix_outputs_conv_b.py --snapshot-update`` and read every change.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_check, write_tree

# the fixes added for issue rules15 are pinned in their own file
from tests.unit.test_fix_outputs_rules15a import CASES as R15_CASES
from tui.core.fix.apply import apply_fix
from tui.core.lint.registry import all_rules

MANIFEST = {"name": "p", "version": "1.0.0", "description": "d", "author": {"name": "a"}}
CMD = {"type": "command", "command": "echo ok"}
RUN = '"${CLAUDE_PLUGIN_ROOT}"/hooks/run.sh'
SCRIPT = "#!/bin/sh\nset -eu\necho ok\nexit 0\n"
HJ = "hooks/hooks.json"


def H(event: str, *handlers: Any, matcher: Any = None, **more: Any) -> dict:
    g: dict = {"hooks": list(handlers)}
    if matcher is not None:
        g["matcher"] = matcher
    g.update(more)
    return {"hooks": {event: [g]}}


def hooks(**events: Any) -> dict:
    return {"hooks": events}


def cmd(command: str, **more: Any) -> dict:
    return {"type": "command", "command": command, **more}


GH_MCP = {".mcp.json": {"mcpServers": {"github": {"command": "npx", "args": ["-y", "gh-mcp"]}}}}
USER_CONFIG = {"tok": {"type": "string", "title": "T", "description": "d"}}
BLOCK_SH = "#!/bin/sh\nif grep -q 'rm -rf'; then\n  echo 'Blocked: dangerous' >&2\n  exit 1\nfi\nexit 0\n"
BLOCK_PY = (
    "#!/usr/bin/env python3\nimport sys\nif 'rm -rf' in sys.stdin.read():\n    print('Blocked: dangerous', "
    "file=sys.stderr)\n    sys.exit(1)\nsys.exit(0)\n"
)

# case id -> (code, files, executable files, profile)
CASES: dict[str, tuple[str, dict, tuple, str]] = {
    # HOOK002: wrap a bare event map in {"hooks": …}
    "HOOK002-bare-map": ("HOOK002", {HJ: {"Stop": [{"hooks": [CMD]}]}}, (), "official"),
    "HOOK002-guard-event": ("HOOK002", {HJ: {"PreToolUse": [{"matcher": "Bash", "hooks": [CMD]}]}}, (), "official"),
    "HOOK002-keeps-layout": (
        "HOOK002",
        {HJ: '{\n    "Stop": [\n        {"hooks": [{"type": "command", "command": "echo ok"}]}\n    ]\n}\n'},
        (),
        "official",
    ),
    "HOOK002-no-fix-other-key": ("HOOK002", {HJ: {"description": "x", "Stop": [{"hooks": [CMD]}]}}, (), "official"),
    "HOOK002-no-fix-not-an-event": ("HOOK002", {HJ: {"Stop": [{"hooks": [CMD]}], "x": 1}}, (), "official"),
    # HOOK003: only the obsolete "surface" key is removed
    "HOOK003-surface": ("HOOK003", {HJ: {"surface": "cli", **H("Stop", CMD)}}, (), "official"),
    "HOOK003-no-fix-shapes": ("HOOK003", {HJ: {"hooks": [], "description": 3, "surface": "x"}}, (), "official"),
    # HOOK004: rename a misspelt event
    "HOOK004-case": ("HOOK004", {HJ: H("postToolUse", CMD)}, (), "official"),
    "HOOK004-snake": ("HOOK004", {HJ: H("pre_tool_use", CMD)}, (), "official"),
    "HOOK004-typo-unsafe": ("HOOK004", {HJ: H("PostToolUsee", CMD)}, (), "official"),
    "HOOK004-no-fix": (
        "HOOK004",
        {HJ: hooks(Stop=[{"hooks": [CMD]}], stop=[{"hooks": [CMD]}], Zzzqqq=[{"hooks": [CMD]}])},
        (),
        "official",
    ),
    "HOOK004-inline-wrapper": (
        "HOOK004",
        {".claude-plugin/plugin.json": {**MANIFEST, "hooks": hooks(Stop=[{"hooks": [CMD]}])}},
        (),
        "official",
    ),
    # HOOK005: wrap a single matcher group in an array
    "HOOK005-group": ("HOOK005", {HJ: hooks(Stop={"hooks": [CMD]})}, (), "official"),
    "HOOK005-no-fix": ("HOOK005", {HJ: hooks(Stop="echo ok", PostToolUse={"matcher": "Bash"})}, (), "official"),
    # HOOK007: a list of plain names becomes "A|B"
    "HOOK007-list": ("HOOK007", {HJ: H("PreToolUse", CMD, matcher=["Write", "Edit"])}, (), "official"),
    "HOOK007-no-fix": (
        "HOOK007",
        {
            HJ: hooks(
                PreToolUse=[
                    {"matcher": ["Write.*", "Edit"], "hooks": [CMD]},
                    {"matcher": 3, "hooks": [CMD]},
                    {"matcher": [], "hooks": [CMD]},
                ]
            )
        },
        (),
        "official",
    ),
    # HOOK008: add the implied type, or fix its spelling
    "HOOK008-add-type": (
        "HOOK008",
        {
            HJ: H(
                "Stop",
                {"command": "echo ok"},
                {"url": "https://x.example.com/h"},
                {"prompt": "Done? $ARGUMENTS"},
                {"command": "x", "url": "https://x.example.com/h"},
                {"statusMessage": "x"},
            )
        },
        (),
        "official",
    ),
    "HOOK008-spelling": (
        "HOOK008",
        {
            HJ: H(
                "PreToolUse",
                {"type": "Command", "command": "echo ok"},
                {"type": "mcp-tool", "server": "s", "tool": "t"},
                {"type": "MCPTool", "server": "s", "tool": "t"},
                {"type": "shell", "command": "echo ok"},
                {"type": 3, "command": "echo ok"},
                "echo ok",
                matcher="Bash",
            )
        },
        (),
        "official",
    ),
    # HOOK009: a required field under a misspelt key is renamed (the message no longer picks the field)
    "HOOK009-rename": ("HOOK009", {HJ: H("Stop", {"type": "prompt", "promt": "Done? $ARGUMENTS"})}, (), "official"),
    "HOOK009-two-fields": (
        "HOOK009",
        {HJ: H("PreToolUse", {"type": "mcp_tool", "servr": "s", "tol": "t"}, matcher="Bash")},
        (),
        "official",
    ),
    "HOOK009-no-fix": (
        "HOOK009",
        {
            HJ: H(
                "Stop",
                {"type": "command"},
                {"type": "command", "command": 3},
                {"type": "command", "command": " "},
                {"type": "http", "url": "not a url"},
                {"type": "prompt", "promt": "a", "prmpt": "b"},
            )
        },
        (),
        "official",
    ),
    # HOOK010: a numeric string becomes a number; a timeout <= 0 is removed (unsafe)
    "HOOK010-string": (
        "HOOK010",
        {HJ: H("Stop", {**CMD, "timeout": "30"}, {**CMD, "timeout": " 2.5 "}, {**CMD, "timeout": "7.0"})},
        (),
        "official",
    ),
    "HOOK010-not-positive": ("HOOK010", {HJ: H("Stop", {**CMD, "timeout": 0}, {**CMD, "timeout": -5})}, (), "official"),
    "HOOK010-no-fix": (
        "HOOK010",
        {HJ: H("Stop", {**CMD, "timeout": "abc"}, {**CMD, "timeout": "0"}, {**CMD, "timeout": True})},
        (),
        "official",
    ),
    # HOOK011: "true" becomes true; async on another handler type is removed
    "HOOK011-string": (
        "HOOK011",
        {HJ: H("PostToolUse", {**CMD, "async": "true"}, {**CMD, "asyncRewake": " False"}, matcher="Bash")},
        (),
        "official",
    ),
    "HOOK011-other-type": (
        "HOOK011",
        {
            HJ: H(
                "PostToolUse",
                {"type": "prompt", "prompt": "ok? $ARGUMENTS", "async": True},
                {"type": "http", "url": "https://x.example.com/h", "asyncRewake": False},
                matcher="Bash",
            )
        },
        (),
        "official",
    ),
    "HOOK011-no-fix": (
        "HOOK011",
        {
            HJ: H(
                "PreToolUse",
                {**CMD, "async": "yes"},
                {**CMD, "async": True},
                {"type": "prompt", "prompt": "ok? $ARGUMENTS", "async": "true"},
                matcher="Bash",
            )
        },
        (),
        "official",
    ),
    # HOOK012: boolean strings, the case of shell, a single word of args
    "HOOK012-fixes": (
        "HOOK012",
        {
            HJ: H(
                "PreToolUse",
                {**CMD, "once": "true", "shell": "Bash", "args": "--fast"},
                {"type": "prompt", "prompt": "ok? $ARGUMENTS", "continueOnBlock": "FALSE"},
                {"type": "http", "url": "https://x.example.com/h", "allowedEnvVars": "TOKEN"},
                {**CMD, "shell": " PowerShell "},
                matcher="Bash",
            )
        },
        (),
        "official",
    ),
    "HOOK012-no-fix": (
        "HOOK012",
        {
            HJ: H(
                "PreToolUse",
                {**CMD, "shell": "zsh", "args": "a b", "statusMessage": 3, "once": "yes"},
                {"type": "http", "url": "https://x.example.com/h", "headers": {"A": 1}, "allowedEnvVars": ""},
                {"type": "mcp_tool", "server": "s", "tool": "t", "input": "x"},
                matcher="Bash",
            )
        },
        (),
        "official",
    ),
    # HOOK013: exec form with a spaced command (unsafe), an ignored shell (safe)
    "HOOK013-command": ("HOOK013", {HJ: H("Stop", cmd("node x.js", args=["--fast"]))}, (), "official"),
    "HOOK013-shell-and-command": (
        "HOOK013",
        {HJ: H("Stop", cmd("node 'my dir/x.js' -v", args=[], shell="bash"))},
        (),
        "official",
    ),
    "HOOK013-no-fix": ("HOOK013", {HJ: H("Stop", cmd("node 'x.js", args=["a"]))}, (), "official"),
    # HOOK014: rename a misspelt key of a group or a handler
    "HOOK014-rename": (
        "HOOK014",
        {
            HJ: hooks(
                PreToolUse=[{"matcher": "Bash", "hoks": [], "hooks": [{**CMD, "timout": 30, "statusMesage": "x"}]}]
            )
        },
        (),
        "official",
    ),
    "HOOK014-group-typo": ("HOOK014", {HJ: hooks(Stop=[{"matchr": "x", "hooks": [CMD]}])}, (), "official"),
    "HOOK014-no-fix": (
        "HOOK014",
        {HJ: hooks(Stop=[{"zzzz": 1, "hooks": [{**CMD, "url": "https://x.example.com", "qqqqqq": 1}]}])},
        (),
        "official",
    ),
    # HOOK015: remove "once"
    "HOOK015-once": ("HOOK015", {HJ: H("Stop", {**CMD, "once": True})}, (), "official"),
    # HOOK018: quote every unquoted path variable of the command
    "HOOK018-one": (
        "HOOK018",
        {HJ: H("Stop", cmd("${CLAUDE_PLUGIN_ROOT}/hooks/run.sh --x")), "hooks/run.sh": SCRIPT},
        ("hooks/run.sh",),
        "official",
    ),
    "HOOK018-several": (
        "HOOK018",
        {
            HJ: H(
                "Stop",
                cmd("${CLAUDE_PLUGIN_ROOT}/hooks/run.sh $CLAUDE_PROJECT_DIR/x ${CLAUDE_PLUGIN_ROOT}/y"),
                cmd('cd "$CLAUDE_PROJECT_DIR" && $CLAUDE_PLUGIN_DATA/z'),
            ),
            "hooks/run.sh": SCRIPT,
        },
        ("hooks/run.sh",),
        "official",
    ),
    # HOOK019: ${user_config.key} becomes "$CLAUDE_PLUGIN_OPTION_KEY"
    "HOOK019-hook": (
        "HOOK019",
        {
            ".claude-plugin/plugin.json": {**MANIFEST, "userConfig": USER_CONFIG},
            HJ: H("Stop", cmd("echo ${user_config.tok} '${user_config.tok}x'"), cmd('echo "t=${user_config.tok}"')),
        },
        (),
        "official",
    ),
    "HOOK019-twice": (
        "HOOK019",
        {
            ".claude-plugin/plugin.json": {**MANIFEST, "userConfig": USER_CONFIG},
            HJ: H("Stop", cmd("run ${user_config.tok} ${user_config.other_key}")),
        },
        (),
        "official",
    ),
    "HOOK019-no-fix": (
        "HOOK019",
        {
            ".claude-plugin/plugin.json": {**MANIFEST, "userConfig": USER_CONFIG},
            HJ: H("Stop", cmd("echo '${user_config.tok}'"), cmd("echo ${user_config.a.b}")),
        },
        (),
        "official",
    ),
    "HOOK019-monitor": (
        "HOOK019",
        {
            ".claude-plugin/plugin.json": {**MANIFEST, "userConfig": USER_CONFIG},
            "monitors/monitors.json": [{"name": "m", "command": "watch.sh --t ${user_config.tok}"}],
        },
        (),
        "official",
    ),
    # HOOK021: remove a matcher the event ignores
    "HOOK021-matcher": ("HOOK021", {HJ: H("Stop", CMD, matcher="Bash")}, (), "official"),
    # HOOK023: the fix already attached where the finding is made
    "HOOK023-bare": ("HOOK023", {HJ: H("PreToolUse", CMD, matcher="mcp__memory|Bash")}, (), "official"),
    "HOOK023-own-server": ("HOOK023", {HJ: H("PreToolUse", CMD, matcher="mcp__github"), **GH_MCP}, (), "official"),
    # HOOK024: use the bundled server's scoped name
    "HOOK024-matcher": (
        "HOOK024",
        {HJ: H("PreToolUse", CMD, matcher="mcp__github__create_issue|mcp__github__list"), **GH_MCP},
        (),
        "official",
    ),
    "HOOK024-if-and-server": (
        "HOOK024",
        {
            HJ: H(
                "PreToolUse",
                {**CMD, "if": "mcp__github__create_issue"},
                {"type": "mcp_tool", "server": "github", "tool": "t"},
                matcher="mcp__plugin_p_github__.*",
            ),
            **GH_MCP,
        },
        (),
        "official",
    ),
    # HOOK025: a tool name's case (safe), the nearest lifecycle value (unsafe)
    "HOOK025-case": ("HOOK025", {HJ: H("PreToolUse", CMD, matcher="bash|Edit|write")}, (), "official"),
    "HOOK025-lifecycle": ("HOOK025", {HJ: H("SessionStart", CMD, matcher="start")}, (), "official"),
    "HOOK025-no-fix": ("HOOK025", {HJ: H("SessionStart", CMD, matcher="zzzzzz")}, (), "official"),
    # HOOK026: run the plugin's own copy of the script through ${CLAUDE_PLUGIN_ROOT}
    "HOOK026-absolute": (
        "HOOK026",
        {HJ: H("Stop", cmd("/Users/me/p/hooks/run.sh")), "hooks/run.sh": SCRIPT},
        ("hooks/run.sh",),
        "official",
    ),
    "HOOK026-in-double-quotes": (
        "HOOK026",
        {HJ: H("Stop", cmd('bash "/Users/me/p/hooks/run.sh" x')), "hooks/run.sh": SCRIPT},
        ("hooks/run.sh",),
        "official",
    ),
    "HOOK026-home": (
        "HOOK026",
        {HJ: H("Stop", cmd("~/dev/p/hooks/run.sh")), "hooks/run.sh": SCRIPT},
        ("hooks/run.sh",),
        "official",
    ),
    "HOOK026-cwd": (
        "HOOK026",
        {HJ: H("Stop", cmd("./hooks/run.sh"), cmd("bash hooks/run.sh")), "hooks/run.sh": SCRIPT},
        ("hooks/run.sh",),
        "official",
    ),
    "HOOK026-no-fix": (
        "HOOK026",
        {
            HJ: H(
                "Stop",
                cmd("/Users/me/p/hooks/gone.sh"),
                cmd("'/Users/me/p/hooks/run.sh'"),
                cmd("/Users/me/p/hooks/run.sh /Users/me/p/hooks/run.sh"),
                cmd("./hooks/gone.sh"),
            ),
            "hooks/run.sh": SCRIPT,
        },
        ("hooks/run.sh",),
        "official",
    ),
    # HOOK032 (plugin-dev): add "matcher": "*"
    "HOOK032-missing": ("HOOK032", {HJ: H("PreToolUse", CMD)}, (), "plugin-dev"),
    "HOOK032-null": ("HOOK032", {HJ: hooks(PostToolUse=[{"matcher": None, "hooks": [CMD]}])}, (), "plugin-dev"),
    # HOOK100: fix the case of a script path when the plugin has the file under another case
    "HOOK100-case": (
        "HOOK100",
        {HJ: H("Stop", cmd(RUN.replace("run", "Run"))), "hooks/run.sh": SCRIPT},
        ("hooks/run.sh",),
        "official",
    ),
    "HOOK100-exec-form": (
        "HOOK100",
        {HJ: H("Stop", cmd("bash", args=["${CLAUDE_PLUGIN_ROOT}/hooks/RUN.sh", "-x"])), "hooks/run.sh": SCRIPT},
        ("hooks/run.sh",),
        "official",
    ),
    "HOOK100-gone-and-case": (
        "HOOK100",
        {HJ: H("Stop", cmd(RUN.replace("run", "gone")), cmd(RUN.replace("run", "two"))), "hooks/Two.sh": SCRIPT},
        (),
        "official",
    ),
    # HOOK101: chmod +x
    "HOOK101-chmod": ("HOOK101", {HJ: H("Stop", cmd(RUN)), "hooks/run.sh": SCRIPT}, (), "official"),
    # HOOK102: add a shebang (#!/bin/sh safe, another interpreter unsafe)
    "HOOK102-sh": (
        "HOOK102",
        {HJ: H("Stop", cmd(RUN)), "hooks/run.sh": "echo ok\nexit 0\n"},
        ("hooks/run.sh",),
        "official",
    ),
    "HOOK102-crlf": (
        "HOOK102",
        {HJ: H("Stop", cmd('"${CLAUDE_PLUGIN_ROOT}"/hooks/run')), "hooks/run": "echo ok\r\n"},
        ("hooks/run",),
        "official",
    ),
    "HOOK102-python": (
        "HOOK102",
        {HJ: H("Stop", cmd('"${CLAUDE_PLUGIN_ROOT}"/hooks/run.py')), "hooks/run.py": "import sys"},
        ("hooks/run.py",),
        "official",
    ),
    "HOOK102-bash-node": (
        "HOOK102",
        {
            HJ: H("Stop", cmd('"${CLAUDE_PLUGIN_ROOT}"/hooks/run.bash'), cmd('"${CLAUDE_PLUGIN_ROOT}"/hooks/run.js')),
            "hooks/run.bash": "[[ -n x ]]\n",
            "hooks/run.js": "console.log(1)\n",
        },
        ("hooks/run.bash", "hooks/run.js"),
        "official",
    ),
    "HOOK102-no-fix-bom": (
        "HOOK102",
        {HJ: H("Stop", cmd(RUN)), "hooks/run.sh": "\ufeffecho ok\n"},
        ("hooks/run.sh",),
        "official",
    ),
    # HOOK107: exit 1 becomes exit 2 (unsafe)
    "HOOK107-shell": (
        "HOOK107",
        {HJ: H("PreToolUse", cmd(RUN), matcher="Bash"), "hooks/run.sh": BLOCK_SH},
        ("hooks/run.sh",),
        "official",
    ),
    "HOOK107-python": (
        "HOOK107",
        {
            HJ: H("PreToolUse", cmd('python3 "${CLAUDE_PLUGIN_ROOT}"/hooks/run.py'), matcher="Bash"),
            "hooks/run.py": BLOCK_PY,
        },
        (),
        "official",
    ),
    # HOOK108 (plugin-dev): add set -euo pipefail after the shebang (unsafe)
    "HOOK108-lines": (
        "HOOK108",
        {HJ: H("Stop", cmd(RUN)), "hooks/run.sh": "#!/bin/bash\necho ok\nexit 0\n"},
        ("hooks/run.sh",),
        "plugin-dev",
    ),
    "HOOK108-shebang-only": (
        "HOOK108",
        {HJ: H("Stop", cmd(RUN)), "hooks/run.sh": "#!/bin/bash"},
        ("hooks/run.sh",),
        "plugin-dev",
    ),
    "HOOK108-crlf": (
        "HOOK108",
        {HJ: H("Stop", cmd(RUN)), "hooks/run.sh": "#!/bin/bash\r\necho ok\r\nexit 0\r\n"},
        ("hooks/run.sh",),
        "plugin-dev",
    ),
    # HOOK111 (plugin-dev): quote the expansion (unsafe)
    "HOOK111-vars": (
        "HOOK111",
        {
            HJ: H("Stop", cmd(RUN)),
            "hooks/run.sh": '#!/bin/bash\nset -euo pipefail\nf="$1"\nrm $f\necho ${f} $f\nexit 0\n',
        },
        ("hooks/run.sh",),
        "plugin-dev",
    ),
}

AREA_MODULES = ("tui.core.rules.hooks", "tui.core.rules.hookscripts")


def _mine(module: str) -> bool:
    return module in AREA_MODULES or module.startswith("tui.core.rules.hooks_")


R15_CODES = {code for code, *_ in R15_CASES.values()}


def test_every_fixable_rule_of_these_modules_has_a_case():
    fixable = {r.code for r in all_rules() if _mine(r.fn.__module__) and r.fixable}
    assert fixable == {code for code, *_ in CASES.values()} | (fixable & R15_CODES)


def _files(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mode & 0o7777)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _shown(data: bytes) -> str:
    """A file's text for the snapshot; a carriage return shows as ``\\r`` (syrupy would drop it)."""
    return data.decode("utf-8").replace("\r", "\\r")


@pytest.mark.parametrize("case", sorted(CASES))
def test_fix_output(tmp_path, case, snapshot):
    code, files, executable, profile = CASES[case]
    tree = {".claude-plugin/plugin.json": MANIFEST, **files}
    pristine = write_tree(tmp_path / "pristine", tree)
    for rel in tree:  # modes that do not depend on the umask
        os.chmod(pristine / rel, 0o755 if rel in executable else 0o644)
    found = [d for d in run_check(pristine, profile=profile) if d.code == code]
    assert found, f"{case}: {code} did not fire"
    out = []
    for i, d in enumerate(found):
        entry: dict[str, Any] = {"at": f"{d.path}:{d.line}:{d.column}", "fix": None}
        if d.fix is not None:
            root = tmp_path / f"fix{i}"
            shutil.copytree(pristine, root)
            before = _files(root)
            apply_fix(d.fix, root)
            after = _files(root)
            changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
            assert changed == sorted(d.fix.paths), "the fix changes exactly the files it names"
            fix: dict[str, Any] = {
                "title": d.fix.title,
                "safe": d.fix.safe,
                "files": {rel: _shown(after[rel][0]) for rel in changed},
            }
            modes = {rel: oct(after[rel][1]) for rel in changed if rel in before and before[rel][1] != after[rel][1]}
            if modes:
                fix["modes"] = modes
            if d.fix.description:
                fix["description"] = d.fix.description
            if d.fix.needs_choice:
                fix["needs_choice"] = True
            entry["fix"] = fix
        out.append(entry)
    assert out == snapshot
