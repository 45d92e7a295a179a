"""Plugin layout rules (PLG*): structure, README/LICENSE, junk, symlinks, directory-profile listing checks."""

from __future__ import annotations

import os

import pytest

from tests.helpers import check_rule, codes, run_check, write_tree

MAN = {"name": "demo", "version": "1.0.0", "description": "d", "author": {"name": "a"}}
CMD = {"commands/hi.md": "---\ndescription: hi\n---\nSay hi.\n"}
README = "# demo\n\n" + " ".join(["This plugin greets people politely and explains how it works."] * 6) + "\n"


def plugin(tmp_path, extra=None, manifest=MAN):
    files = {".claude-plugin/plugin.json": manifest, **CMD}
    files.update(extra or {})
    return write_tree(tmp_path, files)


def test_plg001_manifest_misplaced(tmp_path):
    root = write_tree(tmp_path, {"plugin.json": MAN, **CMD})
    d = check_rule(root, "PLG001")
    assert len(d) == 1 and d[0].path == "plugin.json"
    assert not check_rule(plugin(tmp_path / "ok"), "PLG001")


def test_plg002_components_in_claude_plugin(tmp_path):
    d = check_rule(
        plugin(tmp_path, {".claude-plugin/commands/x.md": "x", ".claude-plugin/settings.json": {}}), "PLG002"
    )
    sev = {x.path: x.severity for x in d}
    # a component file inside .claude-plugin/commands/ is reported on the file, with its folder as related
    assert sev == {".claude-plugin/commands/x.md": "error", ".claude-plugin/settings.json": "warning"}
    by = {x.path: x for x in d}
    assert [r.path for r in by[".claude-plugin/commands/x.md"].related] == [".claude-plugin/commands"]
    assert not check_rule(plugin(tmp_path / "ok"), "PLG002")


def test_plg003_readme(tmp_path):
    root = plugin(tmp_path)
    # PLG003 belongs to the plugin-dev and directory profiles: a default (official) run skips it, but selecting it
    # by its full code runs it in any profile (a warning outside the directory profile)
    assert "PLG003" not in codes(run_check(root))
    d = check_rule(root, "PLG003", profile="official")
    assert [(x.severity, x.message) for x in d] == [("warning", "no README in the plugin")]
    d = check_rule(root, "PLG003", profile="plugin-dev")
    assert d[0].severity == "warning"
    assert check_rule(root, "PLG003", profile="directory")[0].severity == "error"
    short = plugin(tmp_path / "short", {"README.md": "# demo\n\nHello there.\n"})
    assert not check_rule(short, "PLG003", profile="plugin-dev")
    d = check_rule(short, "PLG003", profile="directory")
    assert len(d) == 1 and "README_TRIVIAL" in d[0].message
    assert not check_rule(plugin(tmp_path / "ok", {"README.md": README}), "PLG003", profile="directory")


def test_plg004_license(tmp_path):
    root = plugin(tmp_path)
    assert check_rule(root, "PLG004", profile="directory")[0].severity == "error"
    assert check_rule(root, "PLG004", profile="plugin-dev")[0].severity == "warning"
    assert "PLG004" not in codes(run_check(root))
    assert not check_rule(plugin(tmp_path / "f", {"LICENSE.md": "MIT"}), "PLG004", profile="directory")
    assert not check_rule(plugin(tmp_path / "m", manifest=dict(MAN, license="MIT")), "PLG004", profile="directory")


def test_plg005_junk(tmp_path):
    root = plugin(tmp_path, {"commands/.DS_Store": b"\0", "node_modules/x/index.js": "x", "__MACOSX/a": "x"})
    d = check_rule(root, "PLG005", profile="plugin-dev")
    assert {x.path for x in d} == {"commands/.DS_Store", "node_modules", "__MACOSX"}
    assert not check_rule(plugin(tmp_path / "ok"), "PLG005", profile="plugin-dev")


def test_plg006_gitignore(tmp_path):
    root = plugin(tmp_path, {".claude/demo.local.md": "---\nenabled: true\n---\n"})
    assert check_rule(root, "PLG006", profile="plugin-dev")
    write_tree(root, {".gitignore": ".claude/*.local.md\n"})
    assert not check_rule(root, "PLG006", profile="plugin-dev")


DEPS = '{"dependencies": {"zod": "^3.0.0"}}'


# Claude Code 2.1.332 installs from bun.lock / npm-shrinkwrap.json / package-lock.json, refuses yarn, pnpm and a
# binary bun.lockb, and installs nothing for a package.json without dependencies, optionalDependencies,
# peerDependencies or workspaces
@pytest.mark.parametrize(
    "files, bad",
    [
        ({"package.json": DEPS}, True),
        ({"package.json": DEPS, "yarn.lock": ""}, True),
        ({"package.json": ""}, True),
        ({"package.json": DEPS, "bun.lockb": ""}, True),
        ({"package.json": '{"workspaces": ["a"]}'}, True),
        ({"package.json": DEPS, "package-lock.json": "{}"}, False),
        ({"package.json": DEPS, "bun.lock": "{}"}, False),
        ({"package.json": "{}"}, False),
        ({"package.json": '{"name": "x", "devDependencies": {"vitest": "1"}}'}, False),
        ({"package.json": '{"dependencies": {}}'}, False),
        ({"package.json": DEPS, "node_modules/zod/index.js": ""}, False),
        ({}, False),
    ],
)
def test_plg007_lockfile(tmp_path, files, bad):
    d = check_rule(plugin(tmp_path, files), "PLG007")
    assert bool(d) is bad
    if bad:
        assert d[0].severity == "info"


def test_plg007_reads_package_json_without_checking_it(tmp_path):
    # an unreadable package.json counts as needing an install, but it is not a plugin file: no FILE004 on it
    root = plugin(tmp_path, {"package.json": "{not json"})
    assert [d.code for d in run_check(root) if d.path == "package.json"] == ["PLG007"]


def test_plg008_symlinked_component_dir(tmp_path):
    root = plugin(tmp_path, {"real-skills/a/SKILL.md": "---\nname: a\n---\n", "shared/b/SKILL.md": "x"})
    os.symlink("real-skills", root / "skills")
    d = check_rule(root, "PLG008")
    assert len(d) == 1 and d[0].path == "skills"
    root2 = plugin(tmp_path / "b", {"skills/a/SKILL.md": "x", "shared/b/SKILL.md": "x"})
    os.symlink("../shared/b", root2 / "skills" / "b")
    d = check_rule(root2, "PLG008")
    assert len(d) == 1 and "under skills/" in d[0].message
    assert not check_rule(plugin(tmp_path / "ok"), "PLG008")


def test_plg009_claude_md(tmp_path):
    d = check_rule(plugin(tmp_path, {"CLAUDE.md": "# notes\n"}), "PLG009")
    assert len(d) == 1 and d[0].path == "CLAUDE.md" and d[0].line == 1 and d[0].severity == "warning"
    assert not check_rule(plugin(tmp_path / "ok"), "PLG009")


@pytest.mark.parametrize(
    "extra",
    [
        {".github/workflows/ci.yml": "on: push\n"},
        {
            ".claude-plugin/marketplace.json": {
                "name": "m",
                "owner": {"name": "o"},
                "plugins": [{"name": "demo", "source": "./"}],
            }
        },
        {".git/HEAD": "ref: refs/heads/main\n"},
    ],
)
def test_plg009_at_a_repository_root_is_info(tmp_path, extra):
    # there CLAUDE.md is contributor guidance that Claude Code reads as project memory in the repository
    d = check_rule(plugin(tmp_path, {"CLAUDE.md": "# contributing\n", **extra}), "PLG009")
    assert [x.severity for x in d] == ["info"] and "repository" in d[0].message


def test_plg010_nested_commands(tmp_path):
    d = check_rule(plugin(tmp_path, {"commands/git/commit.md": "x", "commands/git/push.md": "x"}), "PLG010")
    assert len(d) == 1 and d[0].severity == "info"
    assert not check_rule(plugin(tmp_path / "ok"), "PLG010")


def test_plg011_empty_component_dir(tmp_path):
    root = plugin(tmp_path, {"agents/.keep": "", "skills/review/skill.md": "x"})
    d = check_rule(root, "PLG011", profile="plugin-dev")
    msgs = " ".join(x.message for x in d)
    assert "agents/" in msgs and "SKILL.md" in msgs
    assert not check_rule(plugin(tmp_path / "ok"), "PLG011", profile="plugin-dev")


def test_plg012_state_in_plugin_root(tmp_path):
    bad = {
        "hooks": {"Stop": [{"hooks": [{"type": "command", "command": 'date >> "${CLAUDE_PLUGIN_ROOT}/state.log"'}]}]}
    }
    d = check_rule(plugin(tmp_path, {"hooks/hooks.json": bad}), "PLG012")
    assert len(d) == 1 and d[0].line is not None
    ok = {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": '"${CLAUDE_PLUGIN_ROOT}/run.sh"'}]}]}}
    assert not check_rule(plugin(tmp_path / "ok", {"hooks/hooks.json": ok}), "PLG012")


def test_plg013_icon(tmp_path):
    assert "ICON_MISSING" in check_rule(plugin(tmp_path), "PLG013", profile="directory")[0].message
    root = plugin(tmp_path / "bad", {"icon.txt": "x"}, manifest=dict(MAN, icon="./icon.txt"))
    assert "ICON_INVALID" in check_rule(root, "PLG013", profile="directory")[0].message
    root = plugin(tmp_path / "trav", manifest=dict(MAN, icon="./../x.png"))
    assert check_rule(root, "PLG013", profile="directory")[0].severity == "error"
    root = plugin(
        tmp_path / "svg", {"icon.svg": "<svg><script>alert(1)</script></svg>"}, manifest=dict(MAN, icon="./icon.svg")
    )
    assert check_rule(root, "PLG013", profile="directory")
    ok = plugin(tmp_path / "ok", {".claude-plugin/icon.png": b"\x89PNG\r\n\x1a\n0000"})
    assert not check_rule(ok, "PLG013", profile="directory")
    ok2 = plugin(tmp_path / "ok2", {"a/i.png": b"\x89PNG\r\n\x1a\n0000"}, manifest=dict(MAN, icon="./a/i.png"))
    assert not check_rule(ok2, "PLG013", profile="directory")


def test_plg014_privacy(tmp_path):
    mcp = {".mcp.json": {"mcpServers": {"api": {"type": "http", "url": "https://api.example.com/mcp"}}}}
    assert check_rule(plugin(tmp_path, mcp), "PLG014", profile="directory")
    ok = plugin(tmp_path / "ok", mcp, manifest=dict(MAN, privacyPolicyUrl="https://example.com/privacy"))
    assert not check_rule(ok, "PLG014", profile="directory")
    assert not check_rule(plugin(tmp_path / "local"), "PLG014", profile="directory")


def test_plg015_listing_urls(tmp_path):
    root = plugin(tmp_path, manifest=dict(MAN, homepage="http://example.com", supportUrl="mailto:a@b.c"))
    d = check_rule(root, "PLG015", profile="directory")
    assert len(d) == 1 and "homepage" in d[0].message and d[0].line is not None
    assert not check_rule(
        plugin(tmp_path / "ok", manifest=dict(MAN, homepage="https://x.y")), "PLG015", profile="directory"
    )


def test_plg016_identifier(tmp_path):
    root = write_tree(tmp_path / "Mon Plugin", CMD)
    assert check_rule(root, "PLG016", profile="directory")
    root = write_tree(tmp_path / "MyPlugin", CMD)
    assert check_rule(root, "PLG016", profile="directory")[0].severity == "warning"
    assert not check_rule(plugin(tmp_path / "ok"), "PLG016", profile="directory")


def test_directory_rules_off_by_default(tmp_path):
    root = plugin(tmp_path, manifest=dict(MAN, homepage="http://x.y"))
    assert not {"PLG013", "PLG014", "PLG015", "PLG016", "PLG003", "PLG004"} & set(codes(run_check(root)))
