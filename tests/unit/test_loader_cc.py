"""The loader agrees with Claude Code 2.1.332's own loader: one small plugin per behaviour.

Each test names the Claude Code fact it pins. "Listed" is what `claude plugin details` shows (the model's
``listed`` and ``Plugin.inventory()``); "loads" is what a session gets (``loads``); what does not load is in
``Plugin.not_loaded`` with the reason.
"""

import os

from tests.helpers import write_tree
from tui.core.model.loader import load

CMD = "---\ndescription: d\n---\nbody\n"
H = [{"hooks": [{"type": "command", "command": "echo"}]}]


def md(name):
    return f"---\nname: {name}\ndescription: d\n---\nbody\n"


def plugin(tmp_path, files, name="p", manifest=None):
    m = {"name": name, "version": "1.0.0", **(manifest or {})}
    root = write_tree(tmp_path / name, {".claude-plugin/plugin.json": m, **files})
    return load(root).plugins[0]


def market(tmp_path, entries, files):
    root = write_tree(
        tmp_path / "m",
        {".claude-plugin/marketplace.json": {"name": "m", "owner": {"name": "x"}, "plugins": entries}, **files},
    )
    project = load(root)
    return project, {e.name: e.plugin for e in project.marketplace.entries}


def loaded(items):
    return sorted(c.name for c in items if c.loads)


def not_loaded(p):
    return {(n.path, n.what) for n in p.not_loaded}


# ------------------------------------------------------------------------------------------------ commands


def test_commands_walk_recursively_and_details_lists_the_top_level(tmp_path):
    # Claude Code 2.1.332 loads every .md under commands/ (README.md too, sub-folders as namespaces);
    # `plugin details` lists only the regular files at the top of the folder, by stem
    p = plugin(tmp_path, {"commands/a.md": CMD, "commands/README.md": CMD, "commands/ns/b.md": CMD})
    assert sorted(c.invocation for c in p.commands if c.loads) == ["p:README", "p:a", "p:ns:b"]
    assert p.inventory()["skills"] == ["README", "a"]


def test_command_folder_with_skill_md_is_one_command(tmp_path):
    # Claude Code 2.1.332: a folder of commands/ holding SKILL.md loads as one command named after the folder,
    # and its other .md files are ignored; `plugin details` lists none of them (not at the top)
    p = plugin(tmp_path, {"commands/grp/sk/SKILL.md": md("x"), "commands/grp/sk/helper.md": CMD})
    assert [c.invocation for c in p.commands if c.loads] == ["p:grp:sk"]
    assert ("commands/grp/sk/helper.md", "helper.md") in not_loaded(p)
    assert p.inventory()["skills"] == []


def test_command_links_and_upper_case_md(tmp_path):
    # Claude Code 2.1.332 reads regular files only (a symlinked .md is skipped); it loads x.MD (suffix checked
    # case-insensitively) but `plugin details` lists only names ending exactly in ".md"
    root = write_tree(
        tmp_path / "p", {".claude-plugin/plugin.json": {"name": "p"}, "commands/a.md": CMD, "commands/UP.MD": CMD}
    )
    os.symlink("a.md", root / "commands/link.md")
    p = load(root).plugins[0]
    assert loaded(p.commands) == ["UP.MD", "a"]
    assert p.inventory()["skills"] == ["a"]
    assert ("commands/link.md", "link.md") in not_loaded(p)


def test_manifest_commands_replace_the_folder_and_single_files_are_not_listed(tmp_path):
    # Claude Code 2.1.332: plugin.json "commands" replaces commands/; a folder path is walked (details lists its
    # top level); a file path loads but `plugin details` cannot list it (it lists folders only)
    p = plugin(
        tmp_path,
        {"commands/old.md": CMD, "c/one.md": CMD, "c2/two.md": CMD, "c2/deep/three.md": CMD},
        manifest={"commands": ["./c/one.md", "./c2"]},
    )
    assert loaded(p.commands) == ["one", "three", "two"]
    assert p.inventory()["skills"] == ["two"]
    assert ("commands", "commands/") in not_loaded(p)


def test_object_form_commands_load_under_their_keys_unlisted(tmp_path):
    # Claude Code 2.1.332 loads {"foo": {"source": …}} as /p:foo and {"bar": {"content": …}} inline;
    # `plugin details` lists neither
    p = plugin(
        tmp_path,
        {"c/foo.md": CMD},
        manifest={"commands": {"foo": {"source": "./c/foo.md"}, "bar": {"content": "---\ndescription: x\n---\nhi"}}},
    )
    assert loaded(p.commands) == ["bar", "foo"]
    assert p.inventory()["skills"] == []


# ------------------------------------------------------------------------------------------------ agents


def test_agents_listed_by_stem_and_registered_by_frontmatter_name(tmp_path):
    # Claude Code 2.1.332: `plugin details` lists agents/<stem> at the top level only; a session walks
    # sub-folders and registers <plugin>:<folders>:<frontmatter name or stem>
    p = plugin(tmp_path, {"agents/x.md": md("xname"), "agents/sub/y.md": CMD})
    assert p.inventory()["agents"] == ["x"]
    assert sorted(a.scoped_name for a in p.agents if a.loads) == ["p:sub:y", "p:xname"]


def test_agents_inside_claude_plugin_do_not_load(tmp_path):
    # Claude Code 2.1.332 reads agents/ at the plugin root only
    p = plugin(tmp_path, {".claude-plugin/agents/z.md": md("z")})
    assert p.agents == [] and (".claude-plugin/agents/z.md", "z.md") in not_loaded(p)


# ------------------------------------------------------------------------------------------------ skills


def test_skills_named_by_folder_one_level_deep(tmp_path):
    # Claude Code 2.1.332: skills/<folder>/SKILL.md is listed under the folder's name (not the frontmatter
    # name); deeper SKILL.md files, folders without one and a lower-case skill.md are not found
    p = plugin(
        tmp_path,
        {
            "skills/s1/SKILL.md": md("other"),
            "skills/n/deeper/SKILL.md": md("d"),
            "skills/empty/notes.md": "x",
            "skills/low/skill.md": md("low"),
        },
    )
    assert p.inventory()["skills"] == ["s1"]
    nl = not_loaded(p)
    assert ("skills/n/deeper/SKILL.md", "deeper") in nl and ("skills/empty", "empty/") in nl
    assert ("skills/low/skill.md", "skill.md") in nl


def test_skill_path_naming_a_skill_folder_uses_its_frontmatter_name(tmp_path):
    # Claude Code 2.1.332: a skills path holding SKILL.md itself is one skill, named by its frontmatter name
    # (a "<plugin>:" prefix dropped), else by the folder; manifest skills paths add to skills/
    p = plugin(
        tmp_path,
        {"skills/a/SKILL.md": md("a"), "sk/direct/SKILL.md": md("p:direct-name"), "sk/plain/SKILL.md": CMD},
        manifest={"skills": ["./sk/direct", "./sk/plain"]},
    )
    assert p.inventory()["skills"] == ["a", "direct-name", "plain"]


def test_one_skill_folder_reached_twice_counts_once(tmp_path):
    # Claude Code 2.1.332 reads skills/x once when plugin.json also names ./skills/x
    p = plugin(tmp_path, {"skills/x/SKILL.md": md("x")}, manifest={"skills": ["./skills/x"]})
    assert p.inventory()["skills"] == ["x"]


def test_root_skill_md(tmp_path):
    # Claude Code 2.1.332 loads a SKILL.md at the plugin root only when there is no skills/ folder and no
    # "skills" field; it is named by its frontmatter name, else by the plugin's folder
    p = plugin(tmp_path, {"SKILL.md": CMD}, name="rooty")
    assert p.inventory()["skills"] == ["rooty"] and p.skills[0].root_skill
    q = plugin(tmp_path, {"SKILL.md": md("q:named"), "skills/s/SKILL.md": md("s")}, name="q")
    assert q.inventory()["skills"] == ["s"] and ("SKILL.md", "SKILL.md") in not_loaded(q)


def test_mcpb_cache_skill_is_listed_but_not_loaded(tmp_path):
    # Claude Code 2.1.332: `plugin details` lists skills/.mcpb-cache/SKILL.md, sessions never read .mcpb-cache
    p = plugin(tmp_path, {"skills/.mcpb-cache/SKILL.md": CMD})
    assert p.inventory()["skills"] == [".mcpb-cache"] and loaded(p.skills) == []


def test_linked_skill_folder_is_listed_and_loaded_once(tmp_path):
    # Claude Code 2.1.332: details lists a link to a skill folder under its own name; a session loads the
    # skill once (by its real path)
    root = write_tree(tmp_path / "p", {".claude-plugin/plugin.json": {"name": "p"}, "skills/s1/SKILL.md": md("s")})
    os.symlink("s1", root / "skills/alias")
    p = load(root).plugins[0]
    assert p.inventory()["skills"] == ["alias", "s1"] and loaded(p.skills) == ["s1"]


# ------------------------------------------------------------------------------------------------ marketplace

ENTRY_FILES = {
    "plugins/a/commands/a.md": CMD,
    "plugins/a/commands/b.md": CMD,
    "plugins/a/agents/x.md": CMD,
    "plugins/a/agents/y.md": CMD,
    "plugins/a/extra/c.md": CMD,
}


def test_strict_false_entry_without_plugin_json_keeps_the_default_folders(tmp_path):
    # Claude Code 2.1.332: without plugin.json the entry is the manifest, but commands/ and agents/ still load;
    # the entry's paths add to them (plugin-tui used to check only the files the entry named)
    _, by = market(
        tmp_path,
        [
            {
                "name": "a",
                "source": "./plugins/a",
                "strict": False,
                "commands": ["./commands/a.md", "./extra"],
                "agents": ["./agents/x.md"],
            }
        ],
        ENTRY_FILES,
    )
    a = by["a"]
    assert a.entry_mode == "assign"
    assert loaded(a.commands) == ["a", "b", "c"] and loaded(a.agents) == ["x", "y"]
    assert a.inventory()["skills"] == ["a", "b", "c"] and a.inventory()["agents"] == ["x", "y"]


def test_strict_true_entry_without_plugin_json_is_the_same(tmp_path):
    # Claude Code 2.1.332 treats a strict (default) entry without plugin.json like a strict:false one; a file
    # named alone and again through its folder loads once, and `plugin details` lists it (from the folder)
    _, by = market(
        tmp_path, [{"name": "a", "source": "./plugins/a", "commands": ["./extra/c.md", "./extra"]}], ENTRY_FILES
    )
    assert by["a"].inventory()["skills"] == ["a", "b", "c"] and loaded(by["a"].commands) == ["a", "b", "c"]


def test_strict_false_entry_with_components_beside_plugin_json_is_refused(tmp_path):
    # Claude Code 2.1.332 refuses the plugin: "has conflicting manifests: both plugin.json and marketplace
    # entry specify components"
    _, by = market(
        tmp_path,
        [{"name": "a", "source": "./plugins/a", "strict": False, "commands": ["./extra"]}],
        {**ENTRY_FILES, "plugins/a/.claude-plugin/plugin.json": {"name": "a"}},
    )
    a = by["a"]
    assert a.entry_mode == "conflict" and a.refused and a.inventory()["skills"] == []
    assert not any(c.loads for c in a.components())


def test_entry_paths_are_appended_to_plugin_json(tmp_path):
    # Claude Code 2.1.332: with plugin.json the entry's component paths are appended ("append" mode)
    _, by = market(
        tmp_path,
        [{"name": "a", "source": "./plugins/a", "commands": "./extra"}],
        {
            **ENTRY_FILES,
            "plugins/a/.claude-plugin/plugin.json": {"name": "a", "commands": "./cmds"},
            "plugins/a/cmds/h.md": CMD,
        },
    )
    a = by["a"]
    assert a.entry_mode == "append" and a.inventory()["skills"] == ["c", "h"]


def test_entry_hooks_replace(tmp_path):
    # Claude Code 2.1.332: without plugin.json an entry's "hooks" map replaces hooks/hooks.json; with one, an
    # entry event replaces the plugin's event of the same name and other events are added
    hooks = {"hooks": {"SessionStart": H, "Stop": H}}
    _, by = market(
        tmp_path,
        [
            {"name": "a", "source": "./plugins/a", "hooks": {"Stop": H}},
            {"name": "b", "source": "./plugins/b", "hooks": {"Stop": H, "Notification": H}},
        ],
        {
            "plugins/a/hooks/hooks.json": hooks,
            "plugins/b/hooks/hooks.json": hooks,
            "plugins/b/.claude-plugin/plugin.json": {"name": "b"},
        },
    )
    assert by["a"].hook_events == ["Stop"]
    assert [h.event for h in by["a"].hooks if h.loads] == ["Stop"]
    assert by["b"].hook_events == ["SessionStart", "Stop", "Notification"]
    assert sorted(h.event for h in by["b"].hooks if h.loads) == ["Notification", "SessionStart", "Stop"]


def test_entry_hooks_path_is_not_read(tmp_path):
    # Claude Code 2.1.332: "the file-path and array forms are not yet supported in a marketplace entry"
    _, by = market(
        tmp_path,
        [{"name": "a", "source": "./plugins/a", "hooks": "./hooks/other.json"}],
        {
            "plugins/a/hooks/hooks.json": {"hooks": {"SessionStart": H}},
            "plugins/a/hooks/other.json": {"hooks": {"Stop": H}},
        },
    )
    assert by["a"].hook_events == ["SessionStart"]


def test_entry_mcp_servers(tmp_path):
    # Claude Code 2.1.332: an entry's mcpServers load when there is no plugin.json; beside a plugin.json they are
    # not read, though `plugin details` lists them when the plugin has no server of its own
    entry = {"mcpServers": {"ent": {"command": "echo"}}}
    _, by = market(
        tmp_path,
        [
            {"name": "a", "source": "./plugins/a", **entry},
            {"name": "b", "source": "./plugins/b", **entry},
            {"name": "c", "source": "./plugins/c", **entry},
        ],
        {
            "plugins/a/.mcp.json": {"own": {"command": "node"}},
            "plugins/b/.claude-plugin/plugin.json": {"name": "b"},
            "plugins/c/.claude-plugin/plugin.json": {"name": "c"},
            "plugins/c/.mcp.json": {"own": {"command": "node"}},
        },
    )
    assert by["a"].inventory()["mcp_servers"] == ["own", "ent"] and loaded(by["a"].mcp_servers) == ["ent", "own"]
    assert by["b"].inventory()["mcp_servers"] == ["ent"] and loaded(by["b"].mcp_servers) == []
    assert by["c"].inventory()["mcp_servers"] == ["own"]


def test_entry_at_the_marketplace_root_names_its_skills(tmp_path):
    # Claude Code 2.1.332: an entry whose source is the marketplace root and that lists skills replaces the
    # skills/ scan; two entries of one folder are two plugins (the second kept on its entry)
    files = {f"skills/{n}/SKILL.md": md(n) for n in ("a", "b", "c")}
    project, by = market(
        tmp_path,
        [
            {"name": "one", "source": "./", "strict": False, "skills": ["./skills/a"]},
            {"name": "two", "source": "./", "strict": False, "skills": ["./skills/b", "./skills/c"]},
        ],
        files,
    )
    assert by["one"].inventory()["skills"] == ["a"] and by["two"].inventory()["skills"] == ["b", "c"]
    (first,) = project.plugins
    assert first is by["one"] and sorted(s.name for s in first.skills) == ["a", "b", "c"]  # all still checked
    assert loaded(first.skills) == ["a"]


# ------------------------------------------------------------------------------------------------ hooks


def test_hooks_json_keeps_known_events_only(tmp_path):
    # Claude Code 2.1.332 drops unknown events (names are case-sensitive: postToolUse) and non-list values,
    # strips invalid handlers but keeps their event (listed), and keeps an event with an empty list
    p = plugin(
        tmp_path,
        {
            "hooks/hooks.json": {
                "hooks": {
                    "PostToolUse": H,
                    "postToolUse": H,
                    "NotAnEvent": H,
                    "SessionStart": [],
                    "Stop": [{"hooks": [{"type": "bogus"}]}],
                    "PreCompact": {"not": "a list"},
                }
            }
        },
    )
    assert p.inventory()["hooks"] == ["PostToolUse", "SessionStart", "Stop"]
    assert [h.event for h in p.hooks if h.loads] == ["PostToolUse"]
    assert {w for _, w in not_loaded(p)} >= {"postToolUse", "NotAnEvent", "Stop", "PreCompact"}


def test_hooks_json_without_wrapper_loads_nothing(tmp_path):
    # Claude Code 2.1.332: a hooks.json without {"hooks": …} fails its schema ("must have `hooks`"); the plugin
    # loads without those hooks
    p = plugin(tmp_path, {"hooks/hooks.json": {"SessionStart": H}})
    assert p.refused is None and p.inventory()["hooks"] == [] and not any(h.loads for h in p.hooks)
    assert ("hooks/hooks.json", "hooks.json") in not_loaded(p)


def test_unloadable_guard_hooks_refuse_the_plugin(tmp_path):
    # Claude Code 2.1.332 refuses the whole plugin when PreToolUse sits outside "hooks", when "hooks" is not an
    # object, or when a PreToolUse handler is invalid ("may be what guards the permissions")
    for hooks in ({"PreToolUse": H}, {"hooks": H}, {"hooks": {"PreToolUse": [{"hooks": [{"type": "bogus"}]}]}}):
        p = plugin(tmp_path / str(len(str(hooks))), {"hooks/hooks.json": hooks, "commands/c.md": CMD})
        assert p.refused and p.inventory()["skills"] == [], hooks


def test_manifest_hooks_add_in_order(tmp_path):
    # Claude Code 2.1.332 merges hooks/hooks.json, then plugin.json hooks (maps and files, in order); naming the
    # standard hooks/hooks.json again loads it once
    p = plugin(
        tmp_path,
        {"hooks/hooks.json": {"hooks": {"Stop": H}}, "more.json": {"hooks": {"UserPromptSubmit": H}}},
        manifest={"hooks": [{"Notification": H}, "./more.json", "./hooks/hooks.json"]},
    )
    assert p.inventory()["hooks"] == ["Stop", "Notification", "UserPromptSubmit"]
    assert len([h for h in p.hooks if h.loads]) == 3


# ------------------------------------------------------------------------------------------------ MCP


def test_mcp_json_top_level_servers(tmp_path):
    # Claude Code 2.1.332 loads servers at the top of .mcp.json; `plugin details` lists every key, but a session
    # drops a non-server member ("_comment"), a url without a type and host-only types ("Invalid MCP server config")
    p = plugin(
        tmp_path,
        {
            ".mcp.json": {
                "_comment": "hi",
                "srv": {"command": "echo"},
                "web": {"url": "https://x"},
                "ide": {"type": "sse-ide", "url": "http://x", "ideName": "x"},
            }
        },
    )
    assert p.inventory()["mcp_servers"] == ["_comment", "srv", "web", "ide"]
    assert loaded(p.mcp_servers) == ["srv"]
    assert {w for _, w in not_loaded(p)} == {"_comment", "web", "ide"}


def test_mcp_servers_beside_the_wrapper_are_ignored(tmp_path):
    # Claude Code 2.1.332 reads only the "mcpServers" object when the key is there
    p = plugin(tmp_path, {".mcp.json": {"mcpServers": {"inner": {"command": "a"}}, "outer": {"command": "b"}}})
    assert p.inventory()["mcp_servers"] == ["inner"] and (".mcp.json", "outer") in not_loaded(p)
    q = plugin(tmp_path / "q", {".mcp.json": {"mcpServers": None, "x": {"command": "a"}}})
    assert q.inventory()["mcp_servers"] == [] and loaded(q.mcp_servers) == []


def test_manifest_mcp_servers_bundles_files_and_overrides(tmp_path):
    # Claude Code 2.1.332: .mcp.json, then plugin.json mcpServers (a later definition of a name wins); an .mcpb
    # bundle is not listed by `plugin details` (its server is named inside the bundle)
    p = plugin(
        tmp_path,
        {
            ".mcp.json": {"mcpServers": {"dflt": {"command": "a"}, "inl": {"command": "old"}}},
            "other.mcp.json": {"mcpServers": {"fromfile": {"command": "c"}}},
        },
        manifest={"mcpServers": ["https://x.example/b.mcpb", {"inl": {"command": "b"}}, "./other.mcp.json"]},
    )
    assert p.inventory()["mcp_servers"] == ["dflt", "inl", "fromfile"]
    assert sorted((s.name, s.config["command"]) for s in p.mcp_servers if s.loads) == [
        ("dflt", "a"),
        ("fromfile", "c"),
        ("inl", "b"),
    ]
    only_bundle = plugin(tmp_path / "b", {}, manifest={"mcpServers": "https://x.example/only.mcpb"})
    assert only_bundle.inventory()["mcp_servers"] == [] and only_bundle.mcp_servers == []


def test_mcp_servers_with_the_same_command_or_url(tmp_path):
    # Claude Code 2.1.332: "Suppressing plugin MCP server b: duplicates earlier plugin server a"
    p = plugin(
        tmp_path,
        {
            ".mcp.json": {
                "a": {"type": "http", "url": "https://a/mcp"},
                "b": {"type": "http", "url": "https://a/mcp"},
                "c": {"command": "node", "args": ["s.js"]},
                "d": {"command": "node", "args": ["s.js"]},
                "e": {"command": "node", "args": ["t.js"]},
            }
        },
    )
    assert len(p.inventory()["mcp_servers"]) == 5 and loaded(p.mcp_servers) == ["a", "c", "e"]


# ------------------------------------------------------------------------------------------------ LSP


def test_one_invalid_lsp_server_drops_the_whole_file(tmp_path):
    # Claude Code 2.1.332 validates .lsp.json as a whole (strict: unknown keys fail): "LSP config validation
    # failed for .lsp.json"; `plugin details` still lists its keys
    p = plugin(
        tmp_path,
        {
            ".lsp.json": {
                "ok": {"command": "x", "extensionToLanguage": {".y": "y"}},
                "bad": {"command": "x", "extensionToLanguage": {".z": "z"}, "restartOnCrash": True, "autoStart": True},
            }
        },
    )
    assert p.inventory()["lsp_servers"] == ["ok", "bad"] and loaded(p.lsp_servers) == []
    assert (".lsp.json", ".lsp.json") in not_loaded(p)


def test_manifest_lsp_files_load_unlisted(tmp_path):
    # Claude Code 2.1.332 loads plugin.json lspServers files, but `plugin details` lists .lsp.json and inline
    # servers only
    p = plugin(
        tmp_path,
        {"more.lsp.json": {"fromfile": {"command": "x", "extensionToLanguage": {".w": "w"}}}},
        manifest={"lspServers": [{"inl": {"command": "x", "extensionToLanguage": {".x": "x"}}}, "./more.lsp.json"]},
    )
    assert p.inventory()["lsp_servers"] == ["inl"] and loaded(p.lsp_servers) == ["fromfile", "inl"]
