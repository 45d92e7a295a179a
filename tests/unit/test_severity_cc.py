"""Severities that follow what Claude Code 2.1.332 does with a plugin.

Severity means what happens: error = Claude Code refuses the plugin, or the component fails to load or cannot
work; warning = it loads, but not as the author meant; info = style and advice. Each test pins one severity on a
small fixture, with the Claude Code behaviour behind it in a comment.
"""

from __future__ import annotations

import pytest

from tests.helpers import check_rule, write_tree

MANIFEST = {"name": "p", "version": "1.0.0", "description": "A plugin.", "author": {"name": "J"}}
CMD = {"commands/hello.md": "---\ndescription: Say hello\n---\nSay hello.\n"}
VALIDATOR_ONLY = "`claude plugin validate` rejects this; Claude Code 2.1.332 loads the plugin"


def plugin(tmp_path, files, manifest=None, sub="p"):
    return write_tree(tmp_path / sub, {".claude-plugin/plugin.json": {**MANIFEST, **(manifest or {})}, **files})


def sev(diags) -> set[str]:
    return {d.severity for d in diags}


# ------------------------------------------------------------------------------------------------------ manifest


def test_man004_reserved_name_is_validator_only(tmp_path):
    # Claude Code 2.1.332 loads and installs "claude-helper" (plugin list shows it enabled, no error); only
    # `claude plugin validate` says "Plugin name "claude-helper" is reserved"
    d = check_rule(plugin(tmp_path, CMD, {"name": "claude-helper"}), "MAN004")
    assert sev(d) == {"warning"} and VALIDATOR_ONLY in d[0].message


def test_man006_missing_metadata_is_advice(tmp_path):
    # a plugin.json with only a name loads and works; version, description and author are advice
    d = check_rule(write_tree(tmp_path, {".claude-plugin/plugin.json": {"name": "p"}, **CMD}), "MAN006")
    assert len(d) == 3 and sev(d) == {"info"}


def test_man013_top_level_monitors_still_load(tmp_path):
    # Claude Code 2.1.332 reads `experimental.monitors ?? monitors`: the top-level form loads; only validate warns
    d = check_rule(plugin(tmp_path, CMD, {"monitors": "./monitors.json"}), "MAN013")
    assert sev(d) == {"info"}


# --------------------------------------------------------------------------------------------------------- hooks


def hooks_plugin(tmp_path, hooks, sub="p"):
    return plugin(tmp_path, {"hooks/hooks.json": hooks, **CMD}, sub=sub)


CMDH = {"type": "command", "command": "true"}


@pytest.mark.parametrize(
    "code, hooks",
    [
        # "hooks.postToolUse: unknown hook event; entry ignored"
        ("HOOK004", {"hooks": {"postToolUse": [{"hooks": [CMDH]}], "Stop": [{"hooks": [CMDH]}]}}),
        # "hooks.Stop: must be an array of matchers; received an object; entry ignored"
        ("HOOK005", {"hooks": {"Stop": {"hooks": [CMDH]}}}),
        # "hooks.Stop.0: Hook matcher "hooks" must be an array of hook entries; received undefined; entry ignored"
        ("HOOK006", {"hooks": {"Stop": [{"command": "true"}]}}),
        # "hooks.SessionStart.0: Invalid hook matcher (matcher: … received array); entry ignored"
        ("HOOK007", {"hooks": {"SessionStart": [{"matcher": ["startup"], "hooks": [CMDH]}]}}),
        # "hooks.Stop.0.hooks.0: Unknown hook type "shell"; entry ignored"
        ("HOOK008", {"hooks": {"Stop": [{"hooks": [{"type": "shell", "command": "true"}]}]}}),
        # "Invalid prompt hook (prompt: … received undefined); entry ignored"
        ("HOOK009", {"hooks": {"Stop": [{"hooks": [{"type": "prompt", "text": "x"}]}]}}),
        # "Invalid command hook (timeout: … received string); entry ignored"
        ("HOOK010", {"hooks": {"Stop": [{"hooks": [{**CMDH, "timeout": "30"}]}]}}),
        # "Invalid command hook (async: … received string); entry ignored"
        ("HOOK011", {"hooks": {"Stop": [{"hooks": [{**CMDH, "async": "yes"}]}]}}),
        # "Invalid command hook (shell: Invalid option: expected one of "bash"|"powershell"); entry ignored"
        ("HOOK012", {"hooks": {"Stop": [{"hooks": [{**CMDH, "shell": "zsh"}]}]}}),
    ],
)
def test_dropped_hook_entries_are_errors(tmp_path, code, hooks):
    # Claude Code 2.1.332 logs "[WARN] Plugin p: hooks.…; entry ignored" and loads the plugin without that hook:
    # the hook never runs
    d = check_rule(hooks_plugin(tmp_path, hooks), code)
    assert d and sev(d) == {"error"} and "never run" in d[0].message


@pytest.mark.parametrize("event", ["PreToolUse", "PermissionRequest", "PreSkillShellCommand"])
def test_unloadable_guard_entry_refuses_the_plugin(tmp_path, event):
    # Claude Code 2.1.332 refuses the whole plugin: "Failed to load plugin: hooks.<event>.0.hooks.0: Unknown hook
    # type "shell" — a PreToolUse/PermissionRequest hook that cannot be loaded may be what guards the permissions
    # declared beside it"
    d = check_rule(
        hooks_plugin(tmp_path, {"hooks": {event: [{"hooks": [{"type": "shell", "command": "x"}]}]}}), "HOOK008"
    )
    assert sev(d) == {"error"} and "refuses the whole plugin" in d[0].message


def test_pre_skill_shell_command_is_an_event(tmp_path):
    # PreSkillShellCommand is one of Claude Code 2.1.332's hook events: the plugin loads with it
    d = check_rule(hooks_plugin(tmp_path, {"hooks": {"PreSkillShellCommand": [{"hooks": [CMDH]}]}}), "HOOK004")
    assert sev(d) <= {"info"}


def test_hook_array_of_matchers_refuses_the_plugin(tmp_path):
    # a hooks.json that is an array of matcher groups: "Failed to load plugin: … expected object, received array"
    d = check_rule(hooks_plugin(tmp_path, [{"matcher": "Bash", "hooks": [CMDH]}]), "HOOK001")
    assert sev(d) == {"error"} and "refuses the whole plugin" in d[0].message


def test_hooks_wrapper_not_object_refuses_the_plugin(tmp_path):
    # {"hooks": [...]}: Claude Code 2.1.332 refuses the plugin ("Failed to load plugin: hooks.json declares …")
    d = check_rule(hooks_plugin(tmp_path, {"hooks": [{"matcher": "Bash", "hooks": [CMDH]}]}), "HOOK003")
    assert sev(d) == {"error"} and "refuses the whole plugin" in d[0].message


def test_field_of_another_handler_type_is_not_a_type_error(tmp_path):
    # a command hook with `model: 5`, `headers: 3`, `input: 1`: Claude Code 2.1.332 drops those keys (they belong to
    # prompt/http/mcp_tool hooks) and loads the hook without a note
    h = {**CMDH, "model": 5, "headers": 3, "input": 1, "continueOnBlock": "x", "allowedEnvVars": "X"}
    assert not check_rule(hooks_plugin(tmp_path, {"hooks": {"Stop": [{"hooks": [h]}]}}), "HOOK012")


def test_empty_command_loads(tmp_path):
    # {"type": "command", "command": ""} passes Claude Code's schema (`command` is any string): it loads, does nothing
    d = check_rule(
        hooks_plugin(tmp_path, {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": ""}]}]}}), "HOOK009"
    )
    assert sev(d) == {"warning"}


def test_exec_form_with_spaces_cannot_run(tmp_path):
    # with `args`, `command` is spawned as one executable: "node x.js" is never found, the hook fails each time
    h = {"type": "command", "command": "node x.js", "args": ["--fast"]}
    assert sev(check_rule(hooks_plugin(tmp_path, {"hooks": {"Stop": [{"hooks": [h]}]}}), "HOOK013")) == {"error"}


def test_wrong_case_tool_matcher_never_fires(tmp_path):
    # exact matchers are compared case-sensitively (no case folding in Claude Code's matcher): "bash" never runs
    d = check_rule(
        hooks_plugin(tmp_path, {"hooks": {"PostToolUse": [{"matcher": "bash", "hooks": [CMDH]}]}}), "HOOK025"
    )
    assert sev(d) == {"error"}


# ------------------------------------------------------------------------------------------ files and frontmatter


def test_frontmatter_that_does_not_parse_still_loads(tmp_path):
    # Claude Code 2.1.332: "[WARN] Failed to parse YAML frontmatter"; the command loads with empty metadata
    root = plugin(tmp_path, {"commands/c.md": "---\ndescription: Use when\n- review\n---\nBody\n"})
    assert sev(check_rule(root, "FILE007")) == {"warning"}


def test_unclosed_frontmatter_still_loads(tmp_path):
    # no second `---`: Claude Code finds no frontmatter and loads the whole file as the body
    d = check_rule(plugin(tmp_path, {"agents/a.md": "---\nname: a\ndescription: d\nYou review code.\n"}), "FILE009")
    assert sev(d) == {"warning"} and "without metadata" in d[0].message


def test_list_frontmatter_still_loads(tmp_path):
    # a YAML list as frontmatter reads as {}: the agent loads with its file name and the placeholder description
    d = check_rule(plugin(tmp_path, {"agents/a.md": "---\n- name: a\n---\nYou review code.\n"}), "FILE010")
    assert sev(d) == {"warning"}


def test_utf16_markdown_loads_garbled(tmp_path):
    # an agent saved as UTF-16 is listed by `claude plugin details` (read as garbled UTF-8 text)
    text = "---\nname: a\ndescription: d\n---\nYou review code.\n".encode("utf-16")
    d = check_rule(plugin(tmp_path, {"agents/a.md": text}), "FILE002")
    assert sev(d) == {"warning"} and "garbled" in d[0].message


def test_utf16_json_does_not_parse(tmp_path):
    # a .mcp.json Claude Code cannot parse loads no server
    d = check_rule(plugin(tmp_path, {".mcp.json": '{"mcpServers": {}}'.encode("utf-16"), **CMD}), "FILE002")
    assert sev(d) == {"error"}


def test_oversized_markdown_component_is_skipped(tmp_path):
    # Claude Code 2.1.332 skips a SKILL.md over 1 MiB: "Skipping plugin skill …: not a regular file or exceeds
    # 1048576 byte limit"
    big = "---\nname: big\ndescription: d\n---\n" + "x " * 600_000
    d = check_rule(plugin(tmp_path, {"skills/big/SKILL.md": big}), "FILE003")
    assert sev(d) == {"error"} and "never loads" in d[0].message


# ------------------------------------------------------------------------------ agents, commands, skills, styles


@pytest.mark.parametrize("name", ["review:strict", "-reviewer"])
def test_odd_plugin_agent_names_load(tmp_path, name):
    # Claude Code 2.1.332 lists both agents (`plugin details`); the ':' / '-' check only skips project and user agents
    d = check_rule(
        plugin(tmp_path, {"agents/a.md": f"---\nname: {name}\ndescription: d\n---\nYou review.\n"}), "AGT004"
    )
    assert sev(d) == {"warning"}


@pytest.mark.parametrize("fm", ["description:\n  - a\n  - b", "description: d\ntools:\n  Read: true"])
def test_agent_field_types_load(tmp_path, fm):
    # "Description invalid for p:a - omitting" (placeholder description); a tools mapping reads as no tools: the
    # agent loads either way
    d = check_rule(plugin(tmp_path, {"agents/a.md": f"---\nname: a\n{fm}\n---\nYou review.\n"}), "AGT005")
    assert sev(d) == {"warning"}


def test_agent_isolation_other_than_worktree_is_ignored(tmp_path):
    # Claude Code keeps `isolation` only when it is "worktree"; the agent loads and runs without isolation
    d = check_rule(
        plugin(tmp_path, {"agents/a.md": "---\nname: a\ndescription: d\nisolation: container\n---\nx\n"}), "AGT009"
    )
    assert sev(d) == {"warning"}


@pytest.mark.parametrize("code, path", [("CMD003", "commands/c.md"), ("SKL003", "skills/c/SKILL.md")])
@pytest.mark.parametrize(
    "fm", ["description: [a, b]", "description: d\nallowed-tools: {Read: true}", "description: d\nshell: zsh"]
)
def test_command_and_skill_field_types_load(tmp_path, code, path, fm):
    # Claude Code 2.1.332 loads the command/skill: the description is omitted (first paragraph used), allowed-tools
    # reads as [], "Frontmatter 'shell: zsh' … is not recognized … Falling back to bash"
    d = check_rule(plugin(tmp_path, {path: f"---\nname: c\n{fm}\n---\nDo it.\n"}), code)
    assert sev(d) == {"warning"}


def test_skill_name_format_is_portability_advice(tmp_path):
    # a skill named "PDF Tools" loads and is invoked by that name (its folder name is an alias)
    d = check_rule(
        plugin(tmp_path, {"skills/pdf/SKILL.md": "---\nname: PDF Tools\ndescription: d\n---\nx\n"}), "SKL004"
    )
    assert sev(d) == {"info"}


def test_skill_name_over_256_characters_is_ignored(tmp_path):
    # `Frontmatter "name" of skill … is over 256 characters - ignoring it`: the folder name is used
    name = "a" * 300
    d = check_rule(plugin(tmp_path, {"skills/pdf/SKILL.md": f"---\nname: {name}\ndescription: d\n---\nx\n"}), "SKL004")
    assert "warning" in sev(d)


def test_skill_description_portability_is_advice(tmp_path):
    d = check_rule(
        plugin(tmp_path, {"skills/pdf/SKILL.md": "---\nname: pdf\ndescription: Use <file> x\n---\nx\n"}), "SKL005"
    )
    assert sev(d) == {"info"}


# ---------------------------------------------------------------------------- env, MCP, marketplace and layout


def test_env_var_undocumented_is_advice(tmp_path):
    # a server reading ${API_TOKEN} works the same whether or not the README mentions it
    mcp = {
        "mcpServers": {
            "api": {
                "type": "http",
                "url": "https://x.example.com/mcp",
                "headers": {"Authorization": "Bearer ${API_TOKEN}"},
            }
        }
    }
    assert sev(check_rule(plugin(tmp_path, {".mcp.json": mcp, "README.md": "# p\n"}), "ENV002")) == {"info"}


def test_undeclared_user_config_in_mcp_loads(tmp_path):
    # `claude mcp list` shows the server "plugin:p:a" with the literal "${user_config.tok}" argument: it loads;
    # only `claude plugin validate` rejects the undeclared option
    mcp = {"mcpServers": {"a": {"command": "srv", "args": ["${user_config.tok}"]}}}
    d = check_rule(plugin(tmp_path, {".mcp.json": mcp}), "ENV003")
    assert sev(d) == {"warning"} and "`claude plugin validate` rejects this" in d[0].message


def test_ws_server_with_https_url_connects(tmp_path):
    # `claude mcp list`: "WebSocket connection to 'wss://mcp.example.com/ws'" for "type": "ws", "url": "https://…"
    mcp = {"mcpServers": {"w": {"type": "ws", "url": "https://mcp.example.com/ws"}}}
    assert sev(check_rule(plugin(tmp_path, {".mcp.json": mcp}), "MCP007")) == {"info"}


def market(tmp_path, data, plugins=("a",)):
    files = {".claude-plugin/marketplace.json": {"name": "m", "owner": {"name": "o"}, "description": "d", **data}}
    for n in plugins:
        files[f"plugins/{n}/.claude-plugin/plugin.json"] = {"name": n, "version": "1.0.0"}
        files[f"plugins/{n}/commands/hello.md"] = "---\ndescription: hi\n---\nhi\n"
    return write_tree(tmp_path / "m", files)


def test_reserved_entry_name_installs(tmp_path):
    # `claude plugin install claude-helper@m` succeeds and the plugin loads; only validate says it is reserved
    d = check_rule(market(tmp_path, {"plugins": [{"name": "claude-helper", "source": "./plugins/a"}]}), "MKT004")
    assert sev(d) == {"warning"} and "`claude plugin validate` rejects this" in d[0].message


def test_rename_cycle_is_validator_only(tmp_path):
    # `claude plugin marketplace add` accepts a renames cycle; only validate says "chain does not resolve (cycle)"
    data = {"renames": {"x": "y", "y": "x"}, "plugins": [{"name": "a", "source": "./plugins/a"}]}
    d = check_rule(market(tmp_path, data), "MKT015")
    assert d and sev(d) == {"warning"}


def test_marketplace_without_description_is_advice(tmp_path):
    data = {"plugins": [{"name": "a", "source": "./plugins/a"}]}
    root = market(tmp_path, data)
    doc = root / ".claude-plugin/marketplace.json"
    doc.write_text(doc.read_text().replace('"description": "d",', ""))
    assert sev(check_rule(root, "MKT009")) == {"info"}


def test_duplicate_entry_installs_the_first(tmp_path):
    # the marketplace is added; `plugin install dup@m` installs the first entry, the second can never be installed
    data = {"plugins": [{"name": "a", "source": "./plugins/a"}, {"name": "a", "source": "./plugins/b"}]}
    d = check_rule(market(tmp_path, data), "MKT005")
    assert sev(d) == {"error"} and "./plugins/b) can never be installed" in d[0].message
    # the same plugin listed twice loses nothing: only `claude plugin validate` minds
    same = {"plugins": [{"name": "a", "source": "./plugins/a"}, {"name": "a", "source": "./plugins/a"}]}
    d = check_rule(market(tmp_path / "same", same), "MKT005")
    assert sev(d) == {"warning"} and "this entry is ignored" in d[0].message


def test_root_plugin_json_is_ignored_but_the_plugin_loads(tmp_path):
    # Claude Code reads only .claude-plugin/plugin.json: a root plugin.json is ignored and the plugin loads from its
    # default folders (a marketplace install of such a plugin works: corpus che-apple-dev)
    root = write_tree(tmp_path / "p", {"plugin.json": {"name": "p", "version": "1.0.0"}, **CMD})
    assert sev(check_rule(root, "PLG001")) == {"warning"}


def test_root_plugin_json_with_component_paths_loses_them(tmp_path):
    # its `"commands": "./cmds"` does not apply: ./cmds/x.md never loads
    root = write_tree(
        tmp_path / "p",
        {"plugin.json": {"name": "p", "commands": "./cmds"}, "cmds/x.md": "---\ndescription: x\n---\nx\n", **CMD},
    )
    assert sev(check_rule(root, "PLG001")) == {"error"}


def test_broken_root_plugin_json_is_not_a_json_error(tmp_path):
    # Claude Code never reads it, so its syntax does not matter to the loader
    from tests.helpers import codes, run_check

    root = write_tree(tmp_path / "p", {"plugin.json": '{"name": "p",}', **CMD})
    assert "FILE004" not in codes(run_check(root))


def test_empty_hooks_array_loses_nothing(tmp_path):
    # anthropics/financial-services-plugins ship hooks/hooks.json = []: the plugins install and load; `plugin list`
    # shows "Hook load failed: … expected object, received array" and there were no hooks to load
    d = check_rule(hooks_plugin(tmp_path, []), "HOOK001")
    assert sev(d) == {"warning"} and "Hook load failed" in d[0].message


def test_hooks_file_of_strings_loads_no_hooks(tmp_path):
    d = check_rule(hooks_plugin(tmp_path, ["x"]), "HOOK001")
    assert sev(d) == {"error"} and "loads no hooks" in d[0].message
