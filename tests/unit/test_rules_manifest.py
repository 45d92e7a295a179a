"""plugin.json rules (MAN*): every rule fires on a bad fixture, stays silent on a good one, at the right place."""

from __future__ import annotations

import pytest

from tests.helpers import check_rule, codes, run_check, write_tree

GOOD = {
    "name": "good-plugin",
    "version": "1.0.0",
    "description": "A plugin that does one useful thing well, and explains it clearly.",
    "author": {"name": "Jane", "email": "jane@example.com"},
}


def mk(tmp_path, manifest, extra=None):
    files = {".claude-plugin/plugin.json": manifest, "commands/hello.md": "---\ndescription: Hi\n---\nSay hi.\n"}
    files.update(extra or {})
    return write_tree(tmp_path, files)


def test_good_manifest_is_clean(tmp_path):
    root = mk(tmp_path, GOOD)
    assert [c for c in codes(run_check(root)) if c.startswith("MAN")] == []


def test_man001_not_object(tmp_path):
    assert check_rule(mk(tmp_path, [GOOD]), "MAN001")
    assert not check_rule(mk(tmp_path / "ok", GOOD), "MAN001")


@pytest.mark.parametrize(
    "data, msg, line",
    [({"version": "1.0.0"}, "missing required field 'name'", 1), ({"name": 3}, "must be a string", 2)],
)
def test_man002_name_missing(tmp_path, data, msg, line):
    d = check_rule(mk(tmp_path, data), "MAN002")
    assert len(d) == 1 and msg in d[0].message and d[0].line == line


@pytest.mark.parametrize("name", ["", "my plugin", "evil\u202eplugin", "tab\tname"])
def test_man003_name_invalid(tmp_path, name):
    d = check_rule(mk(tmp_path, {**GOOD, "name": name}), "MAN003")
    assert len(d) == 1 and d[0].severity == "error" and d[0].line == 2


def test_man003_ok(tmp_path):
    assert not check_rule(mk(tmp_path, GOOD), "MAN003")


@pytest.mark.parametrize(
    "name, bad",
    [
        ("claude-helper", True),
        ("anthropic", True),
        ("official-claude-x", True),
        ("cc-plugin-foo", True),
        ("helper-for-claude", False),
    ],
)
def test_man004_reserved(tmp_path, name, bad):
    # `claude plugin validate` rejects "claude-helper"; `claude --plugin-dir` loads it ("Loaded 1 commands from
    # plugin claude-helper") and a marketplace installs it
    d = check_rule(mk(tmp_path, {**GOOD, "name": name}), "MAN004")
    assert bool(d) is bad
    assert all(x.severity == "warning" and "loads the plugin under this name" in x.message for x in d)


@pytest.mark.parametrize(
    "name, bad", [("MyPlugin", True), ("my_plugin", True), ("a@b", True), ("my-plugin", False), ("1tool", False)]
)
def test_man005_kebab(tmp_path, name, bad):
    d = check_rule(mk(tmp_path, {**GOOD, "name": name}), "MAN005")
    assert bool(d) is bad
    if bad:
        assert d[0].severity == "warning"


def test_man005_plugin_dev_is_stricter(tmp_path):
    root = mk(tmp_path, {**GOOD, "name": "1tool"})
    d = check_rule(root, "MAN005", profile="plugin-dev")
    assert d and d[0].severity == "error"
    d = check_rule(mk(tmp_path / "b", {**GOOD, "name": "MyPlugin"}), "MAN005", profile="plugin-dev")
    assert d[0].severity == "error"


def test_man006_missing_metadata(tmp_path):
    d = check_rule(mk(tmp_path, {"name": "x-y"}), "MAN006")
    msgs = " ".join(x.message for x in d)
    assert "version" in msgs and "description" in msgs and "author" in msgs
    assert not check_rule(mk(tmp_path / "ok", GOOD), "MAN006")
    d = check_rule(mk(tmp_path / "e", {**GOOD, "description": "  "}), "MAN006")
    assert len(d) == 1 and d[0].line == 4


@pytest.mark.parametrize(
    "field, value",
    [
        ("defaultEnabled", "yes"),
        ("dependencies", ["bad name"]),
        ("commands", 5),
        ("version", 1),
        ("channels", ["x"]),
        ("settings", []),
    ],
)
def test_man007_types(tmp_path, field, value):
    # Claude Code 2.1.332 refuses the manifest ("plugin manifest failed schema validation")
    d = check_rule(mk(tmp_path, {**GOOD, field: value}), "MAN007")
    assert d and all(x.severity == "error" for x in d)
    assert d[0].line is not None and d[0].line > 1


@pytest.mark.parametrize(
    "field, value",
    [
        ("author", "Jane <j@x.com>"),
        ("repository", {"type": "git", "url": "x"}),
        ("keywords", "a, b"),
        ("keywords", ["a", 5]),
        ("description", 3),
        ("license", ["MIT"]),
        ("author", {"name": ""}),
        ("author", {"email": "j@x.com"}),
        ("displayName", 7),
        ("$schema", 1),
    ],
)
def test_man007_display_fields_are_validator_only(tmp_path, field, value):
    # `claude plugin validate` rejects the field; Claude Code's log says 'ignored "author" in plugin.json (…); the
    # plugin still loads', and `plugin details` lists the plugin's components
    d = check_rule(mk(tmp_path, {**GOOD, field: value}), "MAN007")
    assert d and all(x.severity == "warning" for x in d)
    assert all(
        "`claude plugin validate` rejects this; Claude Code 2.1.332 loads the plugin and ignores the field" in x.message
        for x in d
    )


def test_man007_strict_subobjects_point_at_key(tmp_path):
    data = {
        **GOOD,
        "userConfig": {
            "token": {"type": "string", "title": "T", "description": "D", "secret": True},
            "9bad": {"type": "color", "title": "T", "description": "D"},
        },
        "channels": [{"server": "s", "extra": 1}],
    }
    root = mk(tmp_path, data)
    d = check_rule(root, "MAN007")
    msgs = [x.message for x in d]
    assert any("unknown field 'secret'" in m for m in msgs)
    assert any("unknown field 'extra'" in m for m in msgs)
    assert any("9bad" in m and "identifier" in m for m in msgs)
    assert any("must be one of" in m for m in msgs)
    text = (root / ".claude-plugin/plugin.json").read_text().splitlines()
    secret = [x for x in d if "secret" in x.message][0]
    assert '"secret"' in text[secret.line - 1][secret.column - 1 :]


def test_man007_command_source_and_content(tmp_path):
    d = check_rule(mk(tmp_path, {**GOOD, "commands": {"a": {"source": "./a.md", "content": "x"}, "b": {}}}), "MAN007")
    assert len([x for x in d if "either" in x.message]) == 2


def test_man007_ok(tmp_path):
    data = {
        **GOOD,
        "userConfig": {"port": {"type": "number", "title": "P", "description": "D", "min": 1}},
        "dependencies": ["other", {"name": "x", "version": "^1.0"}],
        "keywords": ["a"],
    }
    assert not check_rule(mk(tmp_path, data), "MAN007")


def test_man008_user_config_semantics(tmp_path):
    data = {
        **GOOD,
        "userConfig": {
            "a": {"type": "string", "title": "A", "description": "D", "min": 1},
            "b": {"type": "number", "title": "B", "description": "D", "min": 5, "max": 1, "default": "x"},
            "c": {"type": "boolean", "title": "C", "description": "D", "multiple": True},
        },
    }
    d = check_rule(mk(tmp_path, data), "MAN008")
    msgs = " | ".join(x.message for x in d)
    assert "'min' only applies" in msgs and "greater than max" in msgs and "does not match" in msgs
    assert "'multiple'" in msgs
    # Claude Code 2.1.332 accepts `min` on a string option (the option schema allows the key) and ignores it
    assert [x for x in d if "'min' only" in x.message][0].severity == "warning"
    ok = {**GOOD, "userConfig": {"b": {"type": "number", "title": "B", "description": "D", "min": 1, "default": 3}}}
    assert not check_rule(mk(tmp_path / "ok", ok), "MAN008")


@pytest.mark.parametrize("v, bad", [("1.0", True), ("v1.0.0", True), ("1.0.0", False), ("2.1.0-beta.1", False)])
def test_man009_semver(tmp_path, v, bad):
    d = check_rule(mk(tmp_path, {**GOOD, "version": v}), "MAN009")
    assert bool(d) is bad
    if bad:
        assert d[0].severity == "info" and d[0].line == 3
        assert (
            check_rule(mk(tmp_path / "pd", {**GOOD, "version": v}), "MAN009", profile="plugin-dev")[0].severity
            == "error"
        )


def test_man010_urls(tmp_path):
    d = check_rule(
        mk(tmp_path, {**GOOD, "homepage": "see readme", "author": {"name": "J", "email": "j at x"}}), "MAN010"
    )
    sev = {x.message.split()[0]: x.severity for x in d}
    assert sev == {"homepage": "warning", "author.email": "warning"}
    # the homepage is ignored at load ('ignored "homepage" in plugin.json (homepage: Invalid URL)')
    assert "`claude plugin validate` rejects this" in next(x for x in d if x.message.startswith("homepage")).message
    assert not check_rule(mk(tmp_path / "ok", {**GOOD, "homepage": "http://example.com/x"}), "MAN010")


@pytest.mark.parametrize(
    "key, expect",
    [
        ("comands", "did you mean 'commands'"),
        ("mcp_servers", "did you mean 'mcpServers'"),
        ("Version", "did you mean 'version'"),
        ("category", "marketplace entry"),
        ("main", "npm package.json"),
        ("user_config", "userConfig"),
        ("frobnicate", "ignores it"),
        ("capabilities", "no longer read"),
    ],
)
def test_man011_unknown(tmp_path, key, expect):
    root = mk(tmp_path, {**GOOD, key: "x"})
    d = check_rule(root, "MAN011")
    assert len(d) == 1 and expect in d[0].message and d[0].severity == "warning"
    line = (root / ".claude-plugin/plugin.json").read_text().splitlines()[d[0].line - 1]
    assert line[d[0].column - 1 :].startswith(f'"{key}"')


def test_man011_known_fields_silent(tmp_path):
    assert not check_rule(mk(tmp_path, {**GOOD, "$schema": "x", "displayName": "X", "icon": "./i.png"}), "MAN011")


def test_man012_free_form(tmp_path):
    d = check_rule(mk(tmp_path, {**GOOD, "experimental": True, "metadata": "x"}), "MAN012")
    assert len(d) == 2
    d = check_rule(mk(tmp_path / "b", {**GOOD, "experimental": {"themse": "./t"}}), "MAN012")
    assert "did you mean 'themes'" in d[0].message
    assert not check_rule(mk(tmp_path / "ok", {**GOOD, "experimental": {}, "metadata": {}}), "MAN012")


def test_man013_experimental_placement(tmp_path):
    root = mk(tmp_path, {**GOOD, "themes": "./themes"}, {"themes/dark.json": {"name": "dark"}})
    assert check_rule(root, "MAN013")
    root = mk(tmp_path / "ok", {**GOOD, "experimental": {"themes": "./themes"}}, {"themes/dark.json": {"name": "d"}})
    assert not check_rule(root, "MAN013")


@pytest.mark.parametrize(
    "field, value",
    [("commands", "commands"), ("agents", ["/Users/me/a.md"]), ("skills", ".\\skills"), ("hooks", "hooks/x.json")],
)
def test_man014_prefix(tmp_path, field, value):
    d = check_rule(mk(tmp_path, {**GOOD, field: value}), "MAN014")
    assert len(d) == 1 and d[0].severity == "error"


def test_man014_a_space_before_the_path_is_refused(tmp_path):
    # Claude Code 2.1.332 tests the path as written: `"commands": " ./commands"` refuses the plugin ("Failed to load
    # plugin: … Validation errors: commands: Invalid input"); a space after it passes that test
    d = check_rule(mk(tmp_path, {**GOOD, "commands": " ./commands"}), "MAN014")
    assert len(d) == 1 and d[0].severity == "error" and "does not trim the space" in d[0].message
    assert not check_rule(mk(tmp_path / "b", {**GOOD, "skills": " ."}), "MAN016")  # reported by MAN014 only
    assert check_rule(mk(tmp_path / "c", {**GOOD, "skills": " ."}), "MAN014")


def test_man014_ok(tmp_path):
    root = mk(tmp_path, {**GOOD, "skills": ".", "commands": "./commands"}, {"SKILL.md": "---\nname: x\n---\n"})
    assert not check_rule(root, "MAN014")


def test_man015_traversal(tmp_path):
    root = mk(tmp_path / "p", {**GOOD, "skills": "./../shared"}, {"../shared/x/SKILL.md": "x"})
    d = check_rule(root, "MAN015")
    assert len(d) == 1 and "'..'" in d[0].message
    assert '"./../shared"' in (root / ".claude-plugin/plugin.json").read_text().splitlines()[d[0].line - 1]
    assert not check_rule(mk(tmp_path / "ok", {**GOOD, "commands": "./commands"}), "MAN015")


def test_man016_missing(tmp_path):
    d = check_rule(mk(tmp_path, {**GOOD, "commands": ["./commands", "./nope"]}), "MAN016")
    assert len(d) == 1 and "./nope" in d[0].message
    assert not check_rule(mk(tmp_path / "ok", {**GOOD, "commands": ["./commands"]}), "MAN016")


def test_man017_suffix(tmp_path):
    root = mk(
        tmp_path,
        {**GOOD, "agents": "./agents", "hooks": "./hooks", "mcpServers": "./servers.yaml"},
        {"agents/a.md": "x", "hooks/x.json": {}},
    )
    d = check_rule(root, "MAN017")
    assert {x.message.split()[0] for x in d} == {"agents", "hooks", "mcpServers"}
    ok = mk(tmp_path / "ok", {**GOOD, "agents": ["./agents/a.md"], "mcpServers": "./x.mcpb"}, {"agents/a.md": "x"})
    assert not check_rule(ok, "MAN017")


def test_man018_skills_file(tmp_path):
    root = mk(tmp_path, {**GOOD, "skills": ["./sk/z/SKILL.md"]}, {"sk/z/SKILL.md": "---\nname: z\n---\n"})
    d = check_rule(root, "MAN018")
    assert len(d) == 1 and "./sk/z" in d[0].hint
    assert not check_rule(mk(tmp_path / "ok", {**GOOD, "skills": ["./sk"]}, {"sk/z/SKILL.md": "x"}), "MAN018")


def test_man019_shadowed(tmp_path):
    root = mk(tmp_path, {**GOOD, "commands": "./extra"}, {"extra/a.md": "x"})
    d = check_rule(root, "MAN019")
    assert len(d) == 1 and "commands/ folder is ignored" in d[0].message
    root = mk(tmp_path / "ok", {**GOOD, "commands": ["./commands/", "./extra"]}, {"extra/a.md": "x"})
    assert not check_rule(root, "MAN019")


def test_man020_duplicate_hooks(tmp_path):
    root = mk(tmp_path, {**GOOD, "hooks": "./hooks/hooks.json"}, {"hooks/hooks.json": {"hooks": {}}})
    d = check_rule(root, "MAN020")
    # Claude Code 2.1.332: "names the standard hooks/hooks.json, which loads on its own; loaded once"
    assert len(d) == 1 and d[0].severity == "info" and "loads it once" in d[0].message
    root = mk(tmp_path / "m", {**GOOD, "mcpServers": "./.mcp.json"}, {".mcp.json": {"mcpServers": {}}})
    assert check_rule(root, "MAN020")[0].severity == "info"
    root = mk(tmp_path / "ok", {**GOOD, "hooks": "./hooks/extra.json"}, {"hooks/extra.json": {"hooks": {}}})
    assert not check_rule(root, "MAN020")


def test_man021_channel_server(tmp_path):
    mcp = {".mcp.json": {"mcpServers": {"slack": {"command": "x"}}}}
    d = check_rule(mk(tmp_path, {**GOOD, "channels": [{"server": "slak"}]}, mcp), "MAN021")
    assert len(d) == 1 and "slack" in (d[0].hint or "")
    assert not check_rule(mk(tmp_path / "ok", {**GOOD, "channels": [{"server": "slack"}]}, mcp), "MAN021")


def test_man022_empty_command_dir(tmp_path):
    root = mk(tmp_path, {**GOOD, "commands": "./cmds"}, {"cmds/.keep": ""})
    assert len(check_rule(root, "MAN022")) == 1
    assert not check_rule(mk(tmp_path / "ok", {**GOOD, "commands": "./cmds"}, {"cmds/a.md": "x"}), "MAN022")


def test_man023_settings_keys(tmp_path):
    d = check_rule(mk(tmp_path, GOOD, {"settings.json": {"agent": "x", "permissions": {}}}), "MAN023")
    assert len(d) == 1 and "permissions" in d[0].message
    assert not check_rule(mk(tmp_path / "ok", GOOD, {"settings.json": {"agent": "x"}}), "MAN023")


def test_man024_root_skill_name(tmp_path):
    files = {
        ".claude-plugin/marketplace.json": {
            "name": "m",
            "owner": {"name": "o"},
            "plugins": [{"name": "p", "source": "./p"}],
        },
        "p/SKILL.md": "---\ndescription: does x\n---\nbody\n",
    }
    assert check_rule(write_tree(tmp_path, files), "MAN024")
    files["p/SKILL.md"] = "---\nname: p\ndescription: does x\n---\nbody\n"
    assert not check_rule(write_tree(tmp_path / "ok", files), "MAN024")


def test_man025_provides_nothing(tmp_path):
    root = write_tree(tmp_path, {".claude-plugin/plugin.json": GOOD})
    assert check_rule(root, "MAN025")[0].severity == "info"
    assert not check_rule(mk(tmp_path / "ok", GOOD), "MAN025")


@pytest.mark.parametrize("spec", ["https://example.com/releases/server.mcpb", "./server.mcpb", ["./extra.dxt"]])
def test_man025_an_mcpb_bundle_is_a_component(tmp_path, spec):
    # Claude Code loads the bundle's servers ("Loading MCP servers from MCPB: …")
    root = write_tree(tmp_path, {".claude-plugin/plugin.json": {**GOOD, "mcpServers": spec}})
    assert check_rule(root, "MAN025") == []


def test_plugin_dev_style_rules(tmp_path):
    data = {**GOOD, "description": "Short", "keywords": ["good-plugin", "a", "a"], "license": "MIT License"}
    root = mk(tmp_path, data, {"skills/hello/SKILL.md": "---\nname: hello\n---\n"})
    assert check_rule(root, "MAN026", profile="plugin-dev")
    assert len(check_rule(root, "MAN027", profile="plugin-dev")) == 3
    assert check_rule(root, "MAN028", profile="plugin-dev")
    assert check_rule(root, "MAN030", profile="plugin-dev")
    assert not {"MAN026", "MAN027", "MAN030"} & set(codes(run_check(root)))
    ok = {**GOOD, "keywords": ["a", "b", "c", "d", "e"], "license": "(MIT OR Apache-2.0)"}
    root = mk(tmp_path / "ok", ok)
    assert not check_rule(root, "MAN027", profile="plugin-dev")
    assert not check_rule(root, "MAN028", profile="plugin-dev")
    assert not check_rule(root, "MAN026", profile="plugin-dev")


def test_man029_inline_size(tmp_path):
    servers = {f"s{i}": {"command": "x", "args": [str(j) for j in range(5)]} for i in range(3)}
    assert check_rule(mk(tmp_path, {**GOOD, "mcpServers": servers}), "MAN029", profile="plugin-dev")
    assert not check_rule(
        mk(tmp_path / "ok", {**GOOD, "mcpServers": {"s": {"command": "x"}}}), "MAN029", profile="plugin-dev"
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        1,
        "x",
        [1],
        {"name": {"a": 1}, "commands": {"a": 5}, "userConfig": [], "channels": "x", "keywords": [1, None]},
    ],
)
def test_never_crash(tmp_path, data):
    import json

    root = mk(tmp_path, json.dumps(data))
    assert "INT001" not in codes(run_check(root, profile="plugin-dev"))
    assert "INT001" not in codes(run_check(root, profile="directory"))
