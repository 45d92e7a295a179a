"""Resolving the script a command hook runs (never running it)."""

import pytest

from tests.helpers import write_tree
from tui.core.model.loader import load
from tui.core.parse.shell import script_for


def _plugin(tmp_path, command, files=None, executable=(), args=None):
    h = {"type": "command", "command": command}
    if args is not None:
        h["args"] = args
    tree = {
        ".claude-plugin/plugin.json": {"name": "p"},
        "hooks/hooks.json": {"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [h]}]}},
    }
    tree.update(files or {})
    write_tree(tmp_path, tree, executable=executable)
    project = load(tmp_path)
    plugin = project.plugins[0]
    return project, plugin, plugin.hooks[0]


@pytest.mark.parametrize(
    "command,rel,interp",
    [
        ("${CLAUDE_PLUGIN_ROOT}/hooks/check.sh", "hooks/check.sh", None),
        ('"${CLAUDE_PLUGIN_ROOT}"/hooks/check.sh', "hooks/check.sh", None),
        ("$CLAUDE_PLUGIN_ROOT/hooks/check.sh --fast", "hooks/check.sh", None),
        ('"${CLAUDE_PLUGIN_ROOT:-.}/hooks/check.sh"', "hooks/check.sh", None),
        ("bash ${CLAUDE_PLUGIN_ROOT}/hooks/check.sh", "hooks/check.sh", "bash"),
        ('python3 "${CLAUDE_PLUGIN_ROOT}/hooks/check.py"', "hooks/check.py", "python3"),
        ('node "${CLAUDE_PLUGIN_ROOT}/dist/hook.js"', "dist/hook.js", "node"),
        ('uv run "${CLAUDE_PLUGIN_ROOT}"/hooks/x.py', "hooks/x.py", "uv"),
        ('cd "${CLAUDE_PLUGIN_ROOT}" && ./hooks/check.sh', "hooks/check.sh", None),
        ("FOO=1 ${CLAUDE_PLUGIN_ROOT}/hooks/check.sh", "hooks/check.sh", None),
    ],
)
def test_forms(tmp_path, command, rel, interp):
    project, plugin, hook = _plugin(tmp_path, command)
    ref = script_for(hook, plugin, index=project.index)
    assert ref is not None and ref.rel == rel and ref.interpreter == interp
    assert ref.exists is False


def test_exists_executable_shebang(tmp_path):
    project, plugin, hook = _plugin(
        tmp_path,
        '"${CLAUDE_PLUGIN_ROOT}"/hooks/check.sh',
        {"hooks/check.sh": "#!/usr/bin/env bash\nexit 0\n"},
        executable=["hooks/check.sh"],
    )
    for ref in (script_for(hook, plugin, index=project.index), script_for(hook, plugin)):
        assert ref.exists and ref.executable and ref.direct
        assert ref.shebang == "#!/usr/bin/env bash" and ref.language == "bash"


def test_not_executable_no_shebang(tmp_path):
    project, plugin, hook = _plugin(
        tmp_path, "${CLAUDE_PLUGIN_ROOT}/hooks/check.py", {"hooks/check.py": "import json\n"}
    )
    ref = script_for(hook, plugin, index=project.index)
    assert ref.exists and not ref.executable and ref.shebang is None and ref.language == "python"


def test_exec_form(tmp_path):
    project, plugin, hook = _plugin(tmp_path, "node", args=["${CLAUDE_PLUGIN_ROOT}/x.js"])
    ref = script_for(hook, plugin, index=project.index)
    assert ref.exec_form and ref.rel == "x.js" and ref.interpreter == "node"


def test_plugin_in_subfolder_is_project_relative(tmp_path):
    write_tree(
        tmp_path,
        {
            ".claude-plugin/marketplace.json": {
                "name": "m",
                "owner": {"name": "o"},
                "plugins": [{"name": "p", "source": "./plugins/p"}],
            },
            "plugins/p/.claude-plugin/plugin.json": {"name": "p"},
            "plugins/p/hooks/hooks.json": {
                "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/hooks/s.sh"}]}]}
            },
            "plugins/p/hooks/s.sh": "#!/bin/sh\n",
        },
    )
    project = load(tmp_path)
    plugin = project.plugins[0]
    ref = script_for(plugin.hooks[0], plugin, index=project.index)
    assert ref.rel == "plugins/p/hooks/s.sh" and ref.exists


@pytest.mark.parametrize(
    "command,base,outside",
    [
        ("/Users/me/hooks/check.sh", "absolute", "/Users/me/hooks/check.sh"),
        ("~/hooks/check.sh", "home", "~/hooks/check.sh"),
        ("./hooks/check.sh", "cwd", None),
        ("bash hooks/check.sh", "cwd", None),
        ('"${CLAUDE_PROJECT_DIR}"/.claude/hooks/x.sh', "project", None),
    ],
)
def test_bases(tmp_path, command, base, outside):
    project, plugin, hook = _plugin(tmp_path, command)
    ref = script_for(hook, plugin, index=project.index)
    assert ref.base == base and ref.outside == outside and ref.rel is None


def test_escapes(tmp_path):
    project, plugin, hook = _plugin(tmp_path, "${CLAUDE_PLUGIN_ROOT}/../shared/x.sh")
    ref = script_for(hook, plugin, index=project.index)
    assert ref.escapes and ref.rel is None


@pytest.mark.parametrize(
    "command",
    [
        "echo hi",
        'python3 -c "print(1)"',
        "jq -r .x",
        'npx protect-mcp@1 evaluate --policy "${P:-./p.cedar}"',
        "",
        "'unbalanced",
    ],
)
def test_no_script(tmp_path, command):
    project, plugin, hook = _plugin(tmp_path, command)
    assert script_for(hook, plugin, index=project.index) is None


def test_non_command_hooks():
    from types import SimpleNamespace as NS

    assert script_for(NS(data={"type": "prompt", "prompt": "x"}, file=None), None) is None
    assert script_for(NS(data=[], file=None), None) is None
