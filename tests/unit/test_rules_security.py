"""Security rules: cleartext transports, literal credentials (never echoed), Authorization scheme, URL secrets,
headersHelper scripts."""

from __future__ import annotations

from tests.helpers import check_rule, run_check, write_tree

TOKEN = "ghp_" + "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa"  # fake, built at run time
SK = "sk-" + "live_" + "4f9c2b7e1d8a6f3c5b0e9d2a7c4f1b8e6d3a0c5f"


def tree(tmp_path, files, executable=()):
    base = {".claude-plugin/plugin.json": {"name": "p"}}
    base.update(files)
    return write_tree(tmp_path / "p", base, executable=executable)


def test_insecure_transport(tmp_path):
    files = {
        ".mcp.json": {
            "mcpServers": {
                "a": {"type": "http", "url": "http://mcp.example.com/mcp"},
                "b": {"type": "ws", "url": "ws://0.0.0.0:9000"},
                "c": {"type": "http", "url": "http://localhost:8080/mcp"},
                "d": {"type": "http", "url": "https://mcp.example.com/mcp"},
            }
        },
        "hooks/hooks.json": {"hooks": {"Stop": [{"hooks": [{"type": "http", "url": "http://10.1.2.3/hook"}]}]}},
    }
    d = check_rule(tree(tmp_path, files), "SEC001")
    assert len(d) == 3 and all(x.line for x in d)


def test_hard_coded_credentials_everywhere_never_echoed(tmp_path):
    files = {
        ".mcp.json": {
            "mcpServers": {
                "a": {"type": "http", "url": "https://x", "headers": {"Authorization": f"Bearer {SK}"}},
                "b": {"command": "srv", "env": {"GITHUB_TOKEN": TOKEN}, "args": ["--token", TOKEN]},
            }
        },
        "hooks/hooks.json": {
            "hooks": {
                "Stop": [
                    {
                        "hooks": [
                            {"type": "command", "command": f"curl -H 'x: {TOKEN}' https://x"},
                            {"type": "http", "url": "https://h", "headers": {"X-Api-Key": TOKEN}},
                        ]
                    }
                ]
            }
        },
        "settings.json": {"agent": "a", "env": {"K": TOKEN}},
    }
    root = tree(tmp_path, files)
    d = check_rule(root, "SEC002")
    paths = sorted(x.path for x in d)
    assert paths.count(".mcp.json") == 3 and paths.count("hooks/hooks.json") == 2 and "settings.json" in paths
    for x in d:
        text = f"{x.message} {x.hint}"
        assert TOKEN not in text and SK not in text and TOKEN[4:12] not in text
        assert "chars" in x.message
    a = next(x for x in d if "Authorization" in x.message)
    line = (root / ".mcp.json").read_text().splitlines()[a.line - 1]
    assert line[a.column - 1 :].startswith("sk-")
    assert f"({len(SK)} chars)" not in a.message or "sk-" in a.message


def test_placeholders_and_variables_are_fine(tmp_path):
    files = {
        ".mcp.json": {
            "mcpServers": {
                "a": {
                    "type": "http",
                    "url": "https://x",
                    "headers": {"Authorization": "Bearer ${API_TOKEN}", "X-API-Key": "your-api-key-here"},
                },
                "b": {"command": "srv", "env": {"GITHUB_TOKEN": "<token>", "NODE_ENV": "production"}},
            }
        }
    }
    assert check_rule(tree(tmp_path, files), "SEC002") == []


def test_authorization_without_scheme(tmp_path):
    files = {
        ".mcp.json": {
            "mcpServers": {
                "a": {"type": "http", "url": "https://x", "headers": {"Authorization": "${API_TOKEN}"}},
                "b": {"type": "http", "url": "https://x", "headers": {"Authorization": "Bearer ${API_TOKEN}"}},
                "c": {"type": "http", "url": "https://x", "headers": {"Authorization": "Basic ${B64}"}},
            }
        }
    }
    d = check_rule(tree(tmp_path, files), "SEC003")
    assert len(d) == 1 and "'a'" in d[0].message


def test_credential_in_url(tmp_path):
    files = {
        ".mcp.json": {
            "mcpServers": {
                "a": {"type": "http", "url": "https://x/mcp?api_key=abcdef123456"},
                "b": {"type": "http", "url": "https://x/mcp?token=${T}"},
                "c": {"type": "http", "url": "https://bob:hunter2pass@x/mcp"},
                "d": {"type": "http", "url": "https://x/mcp?tenant=acme"},
            }
        }
    }
    d = check_rule(tree(tmp_path, files), "SEC004")
    assert sorted(x.severity for x in d) == ["info", "warning", "warning"]
    assert all("abcdef123456" not in x.message and "hunter2pass" not in x.message for x in d)


def test_headers_helper_script(tmp_path):
    files = {
        ".mcp.json": {
            "mcpServers": {
                "missing": {"type": "http", "url": "https://x", "headersHelper": "${CLAUDE_PLUGIN_ROOT}/bin/nope.sh"},
                "noexec": {"type": "http", "url": "https://x", "headersHelper": "${CLAUDE_PLUGIN_ROOT}/bin/h.sh"},
                "viabash": {"type": "http", "url": "https://x", "headersHelper": "bash ${CLAUDE_PLUGIN_ROOT}/bin/h.sh"},
                "ok": {"type": "http", "url": "https://x", "headersHelper": '"${CLAUDE_PLUGIN_ROOT}/bin/ok.sh"'},
            }
        },
        "bin/h.sh": "#!/bin/sh\necho '{}'\n",
        "bin/ok.sh": "#!/bin/sh\necho '{}'\n",
    }
    d = check_rule(tree(tmp_path, files, executable=["bin/ok.sh"]), "SEC005")
    got = sorted((x.severity, x.message.split("'")[1]) for x in d)
    assert got == [("error", "missing"), ("warning", "noexec")]


def test_check_output_never_contains_secret(tmp_path):
    files = {
        ".mcp.json": {
            "mcpServers": {"a": {"type": "http", "url": "https://x", "headers": {"Authorization": f"Bearer {SK}"}}}
        }
    }
    diags = run_check(tree(tmp_path, files), environ={"API_TOKEN": SK})
    assert any(x.code == "SEC002" for x in diags)
    for x in diags:
        assert SK not in f"{x.message} {x.hint}"
