"""MCP rules: each one triggers on a small fixture and stays quiet on a correct one."""

from __future__ import annotations

import pytest

from tests.helpers import check_rule, run_check, write_tree

GOOD = {
    "mcpServers": {
        "api": {
            "type": "http",
            "url": "https://mcp.example.com/mcp",
            "headers": {"Authorization": "Bearer ${T}"},
            "timeout": 30000,
            "alwaysLoad": True,
            "oauth": {
                "clientId": "c",
                "callbackPort": 8080,
                "scopes": "read write",
                "authServerMetadataUrl": "https://auth.example.com/.well-known/oauth-authorization-server",
            },
        },
        "local": {"command": "node", "args": ["${CLAUDE_PLUGIN_ROOT}/server.js"], "env": {"A": "${A:-1}"}},
        "dyn": {"type": "http", "url": "${BASE_URL}/mcp"},
    }
}


def tree(tmp_path, mcp, extra=None):
    files = {".claude-plugin/plugin.json": {"name": "kit"}, ".mcp.json": mcp, "server.js": "//\n"}
    files.update(extra or {})
    return write_tree(tmp_path / "kit", files)


ALL = [
    "MCP001",
    "MCP002",
    "MCP003",
    "MCP004",
    "MCP005",
    "MCP006",
    "MCP007",
    "MCP008",
    "MCP009",
    "MCP010",
    "MCP011",
    "MCP012",
    "MCP014",
]


@pytest.mark.parametrize("code", ALL)
def test_good_config_is_quiet(tmp_path, code):
    assert check_rule(tree(tmp_path, GOOD), code) == []


def test_flat_form_loads_and_is_quiet(tmp_path):
    # Claude Code 2.1.332 reads `file.mcpServers || file`: top-level servers load (`claude mcp list` shows
    # plugin:kit:api), and its own .mcp.json writer refuses to add an mcpServers key that would hide them
    flat = {"api": {"type": "http", "url": "https://x"}, "local": {"command": "node"}}
    assert check_rule(tree(tmp_path, flat), "MCP001") == []


def test_note_among_servers_is_a_warning_in_either_form(tmp_path):
    # a "_comment" string is validated as a server: dropped with "Invalid MCP server config for _comment",
    # the other servers load, and `claude plugin validate` rejects the file
    d = check_rule(tree(tmp_path / "a", {"_comment": "x", "api": {"type": "http", "url": "https://x"}}), "MCP001")
    assert len(d) == 1 and d[0].severity == "warning" and d[0].line == 2
    assert "`claude plugin validate` rejects this" in d[0].message and "_comment" in d[0].message
    d = check_rule(tree(tmp_path / "b", {"mcpServers": {"_note": "x", "api": {"command": "node"}}}), "MCP001")
    assert len(d) == 1 and d[0].severity == "warning" and d[0].line == 3
    assert check_rule(tree(tmp_path / "b", {"mcpServers": {"_note": "x"}}), "MCP002") == []


def test_notes_beside_mcpservers_are_ignored_quietly(tmp_path):
    # top-level members next to a non-empty mcpServers are never read: a note there is what its author meant
    mcp = {"$schema": "https://x", "_comment": "servers", "mcpServers": {"api": {"command": "node"}}}
    assert check_rule(tree(tmp_path, mcp), "MCP001") == []


def test_server_beside_mcpservers_never_loads(tmp_path):
    mcp = {"mcpServers": {"api": {"command": "node"}}, "search": {"command": "search-server"}}
    d = check_rule(tree(tmp_path, mcp), "MCP001")
    assert len(d) == 1 and d[0].severity == "warning" and "'search'" in d[0].message and d[0].line == 7
    assert d[0].fix is not None and not d[0].fix.safe


def test_mcpservers_null_falls_back_to_the_top_level(tmp_path):
    d = check_rule(tree(tmp_path, {"mcpServers": None, "api": {"command": "node"}}), "MCP001")
    assert len(d) == 1 and d[0].severity == "warning" and "'mcpServers' is null" in d[0].message


def test_mcpservers_array_is_warning(tmp_path):
    d = check_rule(tree(tmp_path, {"mcpServers": [{"command": "x"}]}), "MCP001")
    assert len(d) == 1 and d[0].severity == "warning" and d[0].line == 2


def test_root_array_is_keyed_by_index(tmp_path):
    # `[{"command": …}]` loads a server named "0"
    d = check_rule(tree(tmp_path, [{"command": "x"}]), "MCP001")
    assert len(d) == 1 and d[0].severity == "warning" and "array index" in d[0].message


def test_root_not_object(tmp_path):
    d = check_rule(tree(tmp_path, '"x"'), "MCP001")
    assert len(d) == 1 and d[0].severity == "error" and "must be an object" in d[0].message


def test_server_not_object(tmp_path):
    d = check_rule(tree(tmp_path, {"mcpServers": {"a": "https://x"}}), "MCP002")
    assert len(d) == 1 and d[0].line == 3


def test_url_without_type(tmp_path):
    # `plugin details` lists the server; `claude mcp list` does not: "Invalid MCP server config for a"
    d = check_rule(tree(tmp_path, {"mcpServers": {"a": {"url": "https://x"}}}), "MCP003")
    assert len(d) == 1 and '"url" but no "type"' in d[0].message and d[0].line == 4
    assert "lists it" in d[0].message and "drops it when a session starts" in d[0].message
    # with a command it is a stdio server and the url is stripped
    assert check_rule(tree(tmp_path / "b", {"mcpServers": {"a": {"url": "https://x", "command": "n"}}}), "MCP003") == []


@pytest.mark.parametrize(
    "t,needle",
    [
        ("grpc", "unknown server type"),
        ("sdk", "host application"),
        ("claudeai-proxy", "claude.ai"),
        ("htp", 'did you mean "http"'),
    ],
)
def test_unknown_type(tmp_path, t, needle):
    d = check_rule(tree(tmp_path, {"mcpServers": {"a": {"type": t, "url": "https://x"}}}), "MCP004")
    assert len(d) == 1 and needle in (d[0].message + (d[0].hint or ""))


def test_field_types(tmp_path):
    cfg = {
        "mcpServers": {
            "a": {"command": "x", "args": "--flag", "env": {"P": 1}, "timeout": 0},
            "b": {
                "type": "http",
                "url": "https://x",
                "headers": {"H": 2},
                "headersHelper": 3,
                "alwaysLoad": "yes",
                "oauth": {"callbackPort": 0, "scopes": ""},
            },
        }
    }
    d = check_rule(tree(tmp_path, cfg), "MCP005")
    msgs = " | ".join(x.message for x in d)
    for field in ("'args'", "'P'", "'timeout'", "'H'", "'headersHelper'", "'alwaysLoad'", "'callbackPort'", "'scopes'"):
        assert field in msgs, field
    assert all(x.line for x in d)


def test_required_fields(tmp_path):
    cfg = {"mcpServers": {"a": {"args": ["x"]}, "b": {"command": "  "}, "c": {"type": "sse"}}}
    d = check_rule(tree(tmp_path, cfg), "MCP006")
    assert len(d) == 3


def test_url_invalid(tmp_path):
    cfg = {
        "mcpServers": {
            "a": {"type": "http", "url": "mcp.example.com/mcp"},
            "b": {"type": "http", "url": ""},
            "c": {"type": "http", "url": "${X}/mcp"},
            "d": {"type": "http", "url": "https://${H}/m"},
        }
    }
    d = check_rule(tree(tmp_path, cfg), "MCP007")
    assert [(x.severity, "empty" in x.message) for x in d] == [("error", False), ("warning", True)]


def test_oauth_metadata_https(tmp_path):
    cfg = {
        "mcpServers": {
            "a": {
                "type": "http",
                "url": "https://x",
                "oauth": {"authServerMetadataUrl": "http://auth.example.com/meta"},
            }
        }
    }
    d = check_rule(tree(tmp_path, cfg), "MCP008")
    assert len(d) == 1 and "https" in d[0].message and d[0].severity == "error"


def test_oauth_on_ws(tmp_path):
    cfg = {"mcpServers": {"a": {"type": "ws", "url": "wss://x", "oauth": {"clientId": "c"}}}}
    d = check_rule(tree(tmp_path, cfg), "MCP008")
    assert len(d) == 1 and d[0].severity == "warning"


def test_sse_info(tmp_path):
    d = check_rule(tree(tmp_path, {"mcpServers": {"a": {"type": "sse", "url": "https://x/sse"}}}), "MCP009")
    assert len(d) == 1 and d[0].severity == "info"


def test_unknown_key(tmp_path):
    d = check_rule(
        tree(tmp_path, {"mcpServers": {"a": {"command": "x", "arguments": ["y"], "description": "ok", "header": {}}}}),
        "MCP010",
    )
    keys = {x.message.split("'")[3] for x in d}
    assert keys == {"arguments", "header"}
    assert all(x.severity == "warning" for x in d)


def test_field_for_other_transport(tmp_path):
    cfg = {
        "mcpServers": {
            "a": {"type": "http", "url": "https://x", "env": {"K": "v"}},
            "b": {"command": "x", "headers": {"K": "v"}},
        }
    }
    assert len(check_rule(tree(tmp_path, cfg), "MCP011")) == 2


def test_path_not_portable(tmp_path):
    cfg = {
        "mcpServers": {
            "a": {"command": "node", "args": ["./server.js"]},
            "b": {"command": "/Users/me/bin/srv"},
            "c": {"command": "npx", "args": ["-y", "pkg"]},
        }
    }
    d = check_rule(tree(tmp_path, cfg), "MCP012")
    assert len(d) == 2 and "CLAUDE_PLUGIN_ROOT" in d[0].hint


def test_tool_names(tmp_path):
    root = tree(
        tmp_path,
        GOOD,
        {"commands/go.md": "---\nallowed-tools: mcp__api__search, mcp__plugin_kit_api__*\ndescription: d\n---\nbody\n"},
    )
    d = check_rule(root, "MCP014")
    # the wildcard, at its entry; the unprefixed mcp__api__search is CMD012's (one finding per problem)
    assert len(d) == 1 and "mcp__plugin_kit_api__*" in d[0].message and (d[0].line, d[0].column) == (2, 34)
    assert [x.code for x in run_check(root) if x.message.startswith("'mcp__api__search'")] == ["CMD012"]
    root2 = tree(tmp_path / "b", GOOD, {"commands/go.md": "---\nallowed-tools: mcp__plugin_kit_api__search\n---\nb\n"})
    assert check_rule(root2, "MCP014") == []


def test_inline_manifest_servers_are_checked(tmp_path):
    root = write_tree(
        tmp_path / "p", {".claude-plugin/plugin.json": {"name": "p", "mcpServers": {"a": {"url": "https://x"}}}}
    )
    d = check_rule(root, "MCP003")
    assert len(d) == 1 and d[0].path == ".claude-plugin/plugin.json" and d[0].line
    # inline, the manifest fails validation: "Plugin p has an invalid manifest file … mcpServers: Invalid input"
    assert "refuses the plugin" in d[0].message


def test_bad_input_never_raises(tmp_path):
    import json

    for i, junk in enumerate(
        (
            None,
            1,
            "x",
            [],
            {"mcpServers": None},
            {"mcpServers": {"a": None, "b": [1], "c": {"type": 5, "url": 3, "oauth": []}}},
        )
    ):
        root = tree(tmp_path / str(i), json.dumps(junk))
        for code in ALL:
            assert all(d.code != "INT001" for d in check_rule(root, code))
