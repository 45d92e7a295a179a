"""Discovery: each layout rule of spec A, plus marketplace and odd inputs."""

import os

import pytest

from tests.helpers import write_tree
from tui.core.model.loader import load
from tui.core.model.roots import LoadError
from tui.core.model.source import ParseCache

AGENT = "---\nname: {n}\ndescription: Use this agent when x\n---\nYou are x.\n"
SKILL = "---\nname: {n}\ndescription: does x\n---\nBody\n"


def names(items):
    return sorted(c.name for c in items)


def test_default_locations(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {"name": "demo", "version": "1.0.0"},
            "commands/a.md": "---\ndescription: a\n---\nA",
            "commands/sub/b.md": "B",
            "commands/README.md": "# a command too: Claude Code 2.1.332 loads every .md under commands/",
            "agents/x.md": AGENT.format(n="x"),
            "agents/review/y.md": AGENT.format(n="y"),
            "skills/s1/SKILL.md": SKILL.format(n="s1"),
            "skills/s1/references/r.md": "ref",
            "skills/deep/nested/SKILL.md": SKILL.format(n="nested"),
            "skills/empty/notes.md": "no SKILL.md here",
            "output-styles/terse.md": "---\nname: terse\n---\nx",
            "hooks/hooks.json": {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "echo"}]}]}},
            ".mcp.json": {"mcpServers": {"api": {"type": "http", "url": "https://x"}}},
            ".lsp.json": {"go": {"command": "gopls", "extensionToLanguage": {".go": "go"}}},
            "monitors/monitors.json": [{"name": "m", "command": "tail -f x", "description": "d"}],
            "themes/dark.json": {"name": "Dark+", "base": "dark"},
            "bin/tool": "#!/bin/sh\n",
            "settings.json": {"agent": "x"},
            ".claude/demo.local.md": "---\nenabled: true\n---\n",
            "README.md": "# demo",
            "LICENSE": "MIT",
            "CLAUDE.md": "notes",
        },
    )
    project = load(root)
    assert project.kind == "plugin"
    (p,) = project.plugins
    assert p.name == "demo" and p.name_source == "manifest" and p.version == "1.0.0"
    assert names(p.commands) == ["README", "a", "b"]
    assert [c.namespace for c in p.commands if c.name == "b"] == [("sub",)]
    assert names(p.agents) == ["x", "y"]
    assert [a.scoped_name for a in p.agents if a.name == "y"] == ["demo:review:y"]
    assert names(p.skills) == ["s1"]  # one level only
    assert names(p.output_styles) == ["terse"]
    assert [h.event for h in p.hooks] == ["Stop"]
    assert p.hook_configs[0].wrapped is True
    assert names(p.mcp_servers) == ["api"] and p.mcp_servers[0].wrapped
    assert names(p.lsp_servers) == ["go"]
    assert names(p.monitors) == ["m"]
    assert names(p.themes) == ["Dark+"]
    assert p.bin_files == ["bin/tool"]
    assert p.settings_json is not None
    assert names(p.settings_files) == ["demo"]
    assert (p.readme, p.license, p.claude_md) == ("README.md", "LICENSE", "CLAUDE.md")


def test_manifest_is_optional_and_name_falls_back_to_folder(tmp_path):
    root = write_tree(tmp_path / "no-manifest", {"commands/a.md": "A"})
    project = load(root)
    assert project.kind == "plugin"
    assert project.plugins[0].name == "no-manifest"
    assert project.plugins[0].manifest is None


def test_custom_commands_and_agents_replace_defaults(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {"name": "p", "commands": ["./extra/"], "agents": ["./ag/one.md"]},
            "commands/ignored.md": "x",
            "extra/kept.md": "x",
            "agents/ignored.md": AGENT.format(n="ignored"),
            "ag/one.md": AGENT.format(n="one"),
        },
    )
    p = load(root).plugins[0]
    assert names(p.commands) == ["kept"]
    assert names(p.agents) == ["one"]
    assert {cp.field for cp in p.component_paths} == {"commands", "agents"}
    assert all(cp.exists for cp in p.component_paths)


def test_custom_skills_supplement_default(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {"name": "p", "skills": ["./more", "./single"]},
            "skills/a/SKILL.md": SKILL.format(n="a"),
            "more/b/SKILL.md": SKILL.format(n="b"),
            "single/SKILL.md": SKILL.format(n="c"),
        },
    )
    p = load(root).plugins[0]
    assert names(p.skills) == ["a", "b", "c"]


def test_root_skill_only_without_skills_dir(tmp_path):
    root = write_tree(tmp_path / "p", {"SKILL.md": SKILL.format(n="solo")})
    p = load(root).plugins[0]
    assert [(s.name, s.root_skill) for s in p.skills] == [("solo", True)]
    root2 = write_tree(tmp_path / "q", {"SKILL.md": SKILL.format(n="solo"), "skills/a/SKILL.md": SKILL.format(n="a")})
    assert names(load(root2).plugins[0].skills) == ["a"]


def test_hooks_manifest_paths_add_and_inline(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {"name": "p", "hooks": ["./hooks/hooks.json", "./more-hooks.json"]},
            "hooks/hooks.json": {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "a"}]}]}},
            "more-hooks.json": {"hooks": {"SessionStart": [{"hooks": [{"type": "command", "command": "b"}]}]}},
        },
    )
    p = load(root).plugins[0]
    assert sorted(h.event for h in p.hooks) == ["SessionStart", "Stop"]  # the default file is read once
    root2 = write_tree(
        tmp_path / "q",
        {
            ".claude-plugin/plugin.json": {
                "name": "q",
                "hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "x"}]}]},
            }
        },
    )
    q = load(root2).plugins[0]
    assert [(h.event, h.matcher, h.origin, h.pointer) for h in q.hooks] == [
        ("PreToolUse", "Bash", "inline", ("hooks", "PreToolUse", 0, "hooks", 0))
    ]


def test_bare_hooks_map_is_kept_unwrapped(tmp_path):
    root = write_tree(
        tmp_path / "p", {"hooks/hooks.json": {"Stop": [{"hooks": [{"type": "command", "command": "a"}]}]}}
    )
    p = load(root).plugins[0]
    assert p.hook_configs[0].wrapped is False
    assert [h.event for h in p.hooks] == ["Stop"]


def test_mcp_without_wrapper_inline_and_paths(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {"name": "p", "mcpServers": "./extra.json"},
            ".mcp.json": {"flat": {"command": "x"}},
            "extra.json": {"mcpServers": {"more": {"command": "y"}}},
        },
    )
    p = load(root).plugins[0]
    assert [(s.name, s.wrapped, s.origin) for s in p.mcp_servers] == [
        ("flat", False, "default"),
        ("more", True, "manifest"),
    ]
    root2 = write_tree(
        tmp_path / "q",
        {".claude-plugin/plugin.json": {"name": "q", "mcpServers": {"inline": {"type": "http", "url": "https://x"}}}},
    )
    assert [(s.name, s.origin, s.transport) for s in load(root2).plugins[0].mcp_servers] == [
        ("inline", "inline", "http")
    ]


def test_path_escaping_root_is_marked(tmp_path):
    root = write_tree(tmp_path / "p", {".claude-plugin/plugin.json": {"name": "p", "commands": "./../outside"}})
    (cp,) = load(root).plugins[0].component_paths
    assert cp.escapes and cp.resolved is None


def test_marketplace_local_plugins_and_folders_beside(tmp_path):
    root = write_tree(
        tmp_path / "m",
        {
            ".claude-plugin/marketplace.json": {
                "name": "m",
                "owner": {"name": "o"},
                "plugins": [
                    {"name": "one", "source": "./plugins/one"},
                    {"name": "remote", "source": {"source": "github", "repo": "a/b"}},
                    {"name": "missing", "source": "./plugins/missing"},
                    {"name": "bare", "source": "bare"},
                ],
                "metadata": {"pluginRoot": "./plugins"},
            },
            "plugins/one/.claude-plugin/plugin.json": {"name": "one"},
            "plugins/one/commands/c.md": "c",
            "plugins/bare/commands/d.md": "d",
            "plugins/unlisted/.claude-plugin/plugin.json": {"name": "unlisted"},
        },
    )
    project = load(root)
    assert project.kind == "marketplace"
    assert names(project.plugins) == ["bare", "one", "unlisted"]
    entries = {e.name: e for e in project.marketplace.entries}
    assert entries["one"].plugin is not None and entries["one"].local_rel == "plugins/one"
    assert entries["remote"].local_rel is None
    assert entries["missing"].plugin is None
    assert entries["bare"].local_rel == "plugins/bare"


def test_marketplace_entry_name_wins_without_manifest(tmp_path):
    root = write_tree(
        tmp_path / "m",
        {
            ".claude-plugin/marketplace.json": {
                "name": "m",
                "owner": {"name": "o"},
                "plugins": [{"name": "entry-name", "source": "./p", "strict": False, "commands": ["./cmds/"]}],
            },
            "p/cmds/x.md": "x",
        },
    )
    (p,) = load(root).plugins
    assert p.name == "entry-name" and p.name_source == "marketplace"
    assert names(p.commands) == ["x"]


def test_folder_of_plugins_without_marketplace(tmp_path):
    root = write_tree(
        tmp_path / "multi",
        {
            "a/.claude-plugin/plugin.json": {"name": "a"},
            "b/.claude-plugin/plugin.json": {"name": "b"},
        },
    )
    project = load(root)
    assert project.kind == "marketplace" and names(project.plugins) == ["a", "b"]
    assert "no marketplace.json" in project.note


def test_nothing_plugin_like(tmp_path):
    root = write_tree(tmp_path / "x", {"notes.txt": "hi"})
    project = load(root)
    assert project.kind == "none" and project.plugins == []


def test_component_folder_alone(tmp_path):
    root = write_tree(tmp_path / "p" / "agents", {"a.md": AGENT.format(n="a")})
    project = load(root)
    assert project.kind == "plugin" and names(project.plugins[0].agents) == ["a"]


def test_load_errors(tmp_path):
    with pytest.raises(LoadError, match="no such"):
        load(tmp_path / "missing")
    f = tmp_path / "f.txt"
    f.write_text("x")
    with pytest.raises(LoadError, match="is a file"):
        load(f)


def test_unreadable_and_odd_files_become_problems_not_crashes(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": b"\xff\xfe{\x00}\x00",
            "agents/bin.md": b"\x00\x01\x02binary",
            "commands/latin1.md": b"---\ndescription: caf\xe9\n---\n",
        },
    )
    os.mkfifo(root / "commands" / "fifo.md")
    os.symlink("loop.md", root / "commands" / "loop.md")
    project = load(root)
    files = project.files
    assert "UTF-16" in files[".claude-plugin/plugin.json"].problem
    assert "binary" in files["agents/bin.md"].problem
    assert "UTF-8" in files["commands/latin1.md"].problem
    assert "fifo" in files["commands/fifo.md"].problem
    assert project.index.get("commands/loop.md").link_kind == "loop"
    # neither loads (Claude Code takes regular files only); both are read so their problem is reported
    assert names(project.plugins[0].commands) == ["latin1"]
    assert {n.path for n in project.plugins[0].not_loaded} >= {"commands/fifo.md", "commands/loop.md"}


def test_oversized_file_is_not_read(tmp_path):
    root = write_tree(tmp_path / "p", {"commands/big.md": "x" * (1024 * 1024 + 10)})
    sf = load(root).files["commands/big.md"]
    assert sf.text is None and "limit" in sf.problem


def test_symlink_out_of_root_and_loops_are_not_followed(tmp_path):
    outside = write_tree(tmp_path / "outside", {"secret.md": "x"})
    root = write_tree(tmp_path / "p", {"commands/a.md": "a"})
    os.symlink(outside, root / "commands" / "out")
    os.symlink(root, root / "commands" / "self")
    project = load(root)
    assert names(project.plugins[0].commands) == ["a"]
    assert project.index.get("commands/out").link_kind == "outside"
    assert project.index.get("commands/self").link_kind == "loop"


def test_skips_git_and_node_modules(tmp_path):
    root = write_tree(tmp_path / "p", {"commands/a.md": "a", ".git/config": "x", "node_modules/x/commands/b.md": "b"})
    project = load(root)
    assert not any(r.startswith((".git", "node_modules")) for r in project.index.entries)


def test_parse_cache_reuses_unchanged_files(tmp_path):
    root = write_tree(tmp_path / "p", {"commands/a.md": "a", "commands/b.md": "b"})
    cache = ParseCache()
    first = load(root, cache=cache)
    second = load(root, cache=cache)
    assert second.files["commands/a.md"] is first.files["commands/a.md"]
    (root / "commands" / "b.md").write_text("changed")
    os.utime(root / "commands" / "b.md", ns=(1, 1))
    third = load(root, cache=cache)
    assert third.files["commands/b.md"] is not first.files["commands/b.md"]
    assert third.files["commands/a.md"] is first.files["commands/a.md"]
