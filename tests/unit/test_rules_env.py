"""Env rules: unset, undocumented, user_config, builtins out of place, references that are not expanded."""

from __future__ import annotations

from tests.helpers import check_rule, write_tree


def tree(tmp_path, files):
    base = {".claude-plugin/plugin.json": {"name": "p"}}
    base.update(files)
    return write_tree(tmp_path / "p", base)


MCP = {
    ".mcp.json": {
        "mcpServers": {
            "api": {
                "type": "http",
                "url": "https://x/mcp",
                "headers": {"Authorization": "Bearer ${API_TOKEN}", "X-Region": "${REGION:-eu}"},
            }
        }
    }
}


def test_unset_at_each_use(tmp_path):
    root = tree(tmp_path, MCP)
    d = check_rule(root, "ENV001", environ={})
    assert len(d) == 1 and "API_TOKEN" in d[0].message and "export API_TOKEN=" in d[0].hint
    line = (root / ".mcp.json").read_text().splitlines()[d[0].line - 1]
    assert line[d[0].column - 1 :].startswith("${API_TOKEN}")
    assert check_rule(root, "ENV001", environ={"API_TOKEN": "x"}) == []
    assert "empty" in check_rule(root, "ENV001", environ={"API_TOKEN": ""})[0].message


def test_undocumented(tmp_path):
    root = tree(tmp_path, dict(MCP, **{"README.md": "# p\n"}))
    d = check_rule(root, "ENV002")
    assert [x.message.split()[0] for x in d] == ["API_TOKEN"]  # REGION has a default
    root2 = tree(tmp_path / "b", dict(MCP, **{"README.md": "Set `API_TOKEN` first.\n"}))
    assert check_rule(root2, "ENV002") == []


def test_user_config_undeclared(tmp_path):
    files = {
        ".claude-plugin/plugin.json": {
            "name": "p",
            "userConfig": {"api_key": {"type": "string", "title": "K", "description": "d", "sensitive": True}},
        },
        ".mcp.json": {
            "mcpServers": {"a": {"command": "x", "env": {"K": "${user_config.api_key}", "R": "${user_config.region}"}}}
        },
    }
    d = check_rule(tree(tmp_path, files), "ENV003")
    # Claude Code 2.1.332 starts the server with the literal "${user_config.region}"; only validate rejects it
    assert len(d) == 1 and "region" in d[0].message and d[0].severity == "warning"
    assert "`claude plugin validate` rejects this" in d[0].message


def test_user_config_in_shell_fields(tmp_path):
    files = {
        ".claude-plugin/plugin.json": {
            "name": "p",
            "userConfig": {"tok": {"type": "string", "title": "t", "description": "d"}},
        },
        "hooks/hooks.json": {
            "hooks": {
                "Stop": [
                    {
                        "hooks": [
                            {"type": "command", "command": "run.sh ${user_config.tok}"},
                            {"type": "command", "command": "run.sh", "args": ["${user_config.tok}"]},
                        ]
                    }
                ]
            }
        },
        ".mcp.json": {
            "mcpServers": {"a": {"type": "http", "url": "https://x", "headersHelper": "h.sh ${user_config.tok}"}}
        },
    }
    d = check_rule(tree(tmp_path, files), "ENV004")
    assert len(d) == 1 and d[0].path == ".mcp.json"  # shell-form hooks: HOOK019


def test_builtin_not_provided(tmp_path):
    files = {
        "hooks/hooks.json": {
            "hooks": {
                "PreToolUse": [{"hooks": [{"type": "command", "command": 'echo x >> "$CLAUDE_ENV_FILE"'}]}],
                "SessionStart": [{"hooks": [{"type": "command", "command": 'echo x >> "$CLAUDE_ENV_FILE"'}]}],
            }
        },
        ".mcp.json": {
            "mcpServers": {"a": {"command": "x", "env": {"E": "${CLAUDE_EFFORT}", "R": "${CLAUDE_PLUGIN_ROOT}"}}}
        },
    }
    d = check_rule(tree(tmp_path, files), "ENV005")
    msgs = [x.message for x in d]
    assert len(d) == 1  # CLAUDE_ENV_FILE on a PreToolUse hook: the hooks area reports it
    assert any("CLAUDE_EFFORT" in m for m in msgs)


def test_plugin_option_undeclared(tmp_path):
    files = {
        "hooks/hooks.json": {
            "hooks": {"Stop": [{"hooks": [{"type": "command", "command": 'echo "$CLAUDE_PLUGIN_OPTION_TOKEN"'}]}]}
        }
    }
    d = check_rule(tree(tmp_path, files), "ENV005")
    assert len(d) == 1 and "userConfig" in d[0].message


def test_not_expanded(tmp_path):
    files = {
        ".mcp.json": {
            "mcpServers": {
                "a": {
                    "type": "http",
                    "url": "https://x",
                    "headers": {"Authorization": "Bearer $API_TOKEN", "B": "${OPEN"},
                }
            }
        },
        "hooks/hooks.json": {
            "hooks": {
                "Stop": [
                    {
                        "hooks": [
                            {
                                "type": "http",
                                "url": "https://h",
                                "headers": {"X": "${SECRET_H}", "Y": "$OK_H"},
                                "allowedEnvVars": ["OK_H"],
                            }
                        ]
                    }
                ]
            }
        },
    }
    d = check_rule(tree(tmp_path, files), "ENV006")
    msgs = " | ".join(x.message for x in d)
    assert len(d) == 3, msgs
    assert "$API_TOKEN" in msgs and "malformed" in msgs and "SECRET_H" in msgs and "OK_H" not in msgs


def test_sensitive_option_in_content(tmp_path):
    files = {
        ".claude-plugin/plugin.json": {
            "name": "p",
            "userConfig": {
                "tok": {"type": "string", "title": "t", "description": "d", "sensitive": True},
                "region": {"type": "string", "title": "r", "description": "d"},
            },
        },
        "skills/s/SKILL.md": "---\nname: s\ndescription: d\n---\nUse ${user_config.tok} in ${user_config.region}\n",
    }
    d = check_rule(tree(tmp_path, files), "ENV007")
    assert len(d) == 1 and d[0].line == 5 and d[0].column == 5


def test_clean_plugin_is_quiet(tmp_path):
    files = {
        ".mcp.json": {"mcpServers": {"a": {"command": "${CLAUDE_PLUGIN_ROOT}/x", "env": {"R": "${R:-1}"}}}},
        "hooks/hooks.json": {
            "hooks": {
                "SessionStart": [
                    {"hooks": [{"type": "command", "command": '"${CLAUDE_PLUGIN_ROOT}"/s.sh >> "$CLAUDE_ENV_FILE"'}]}
                ]
            }
        },
    }
    root = tree(tmp_path, files)
    for code in ("ENV001", "ENV002", "ENV003", "ENV004", "ENV005", "ENV006", "ENV007"):
        assert check_rule(root, code) == [], code
