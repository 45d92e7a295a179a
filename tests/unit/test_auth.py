"""Auth analysis of MCP servers and the credential/URL helpers."""

from __future__ import annotations

import collections

import pytest

from tests.helpers import CORPUS
from tui.core.model.loader import load
from tui.core.model.plugin import McpServer
from tui.core.rules._kit.secrets import credential_shape, is_remote_plain, url_secret
from tui.core.services.auth import METHODS, analyze
from tui.core.services.envcheck import EnvReport, EnvVar


def srv(cfg, name="s"):
    return McpServer(name=name, config=cfg)


@pytest.mark.parametrize(
    "cfg,method",
    [
        ({"type": "http", "url": "https://x/mcp"}, "oauth-auto"),
        ({"type": "sse", "url": "https://x/sse"}, "oauth-auto"),
        ({"type": "http", "url": "https://x", "headers": {"Authorization": "Bearer ${TOKEN}"}}, "bearer"),
        ({"type": "http", "url": "https://x", "headers": {"X-API-Key": "${KEY}"}}, "api-key"),
        ({"type": "http", "url": "https://x", "headers": {"X-Tenant": "${T}"}}, "custom-headers"),
        ({"type": "http", "url": "https://x", "headersHelper": "${CLAUDE_PLUGIN_ROOT}/h.sh"}, "headers-helper"),
        ({"type": "http", "url": "https://x", "oauth": {"clientId": "abc", "scopes": "read"}}, "oauth-config"),
        ({"command": "node", "env": {"API_KEY": "${API_KEY}"}}, "stdio-env"),
        ({"command": "npx", "args": ["-y", "srv", "--token", "${GH_TOKEN}"]}, "stdio-env"),
        ({"command": "node", "args": ["${CLAUDE_PLUGIN_ROOT}/s.js"]}, "none"),
        ({"type": "ws", "url": "wss://x"}, "none"),
        ({"type": "ws", "url": "wss://x", "headers": {"Authorization": "Bearer ${T}"}}, "bearer"),
    ],
)
def test_methods(cfg, method):
    info = analyze(srv(cfg))
    assert info.method == method
    assert info.label


def test_needs_reflect_env_status():
    rep = EnvReport(variables=[EnvVar("TOKEN", "unset"), EnvVar("KEY", "set", masked="4 chars")])
    info = analyze(srv({"type": "http", "url": "https://x", "headers": {"Authorization": "Bearer ${TOKEN}"}}), rep)
    assert info.variables == ["TOKEN"]
    assert any("set TOKEN" in n for n in info.needs)
    info = analyze(srv({"type": "http", "url": "https://x", "headers": {"X-API-Key": "${KEY}"}}), rep)
    assert info.needs == ["KEY is set"]


def test_oauth_auto_needs_sign_in():
    assert any("/mcp" in n for n in analyze(srv({"type": "http", "url": "https://x"})).needs)


def test_not_an_object_does_not_raise():
    assert analyze(srv("https://x")).method == "none"


@pytest.mark.parametrize(
    "value,name",
    [
        ("Bearer sk-" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0u1V2", None),
        ("ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", None),
        ("github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnop", None),
        ("xoxb-" + "918273645501-QwErTyUiOpAs", None),
        ("AKIA" + "IOSFODNN7EXAMPL2", None),
        ("glpat-" + "Abcdefghij9081726354", None),
        ("AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", None),
        ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", None),
        ("Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0", None),
        ("q8Zr2LmX7vN4pK9sT3wY6bC1dF5gH0jE", "API_SECRET"),
    ],
)
def test_credential_shapes(value, name):
    hit = credential_shape(value, name=name)
    assert hit is not None
    desc, s, e = hit
    assert value[s:e] not in desc  # never echoed
    assert "chars" in desc


@pytest.mark.parametrize(
    "value,name",
    [
        ("Bearer ${API_TOKEN}", None),
        ("your-api-key-here", "API_KEY"),
        ("<token>", "TOKEN"),
        ("sk-xxxxxxxxxxxxxxxxxxxxxxxx", None),
        ("Bearer sk-...", None),
        ("production", "NODE_ENV"),
        ("https://api.example.com/v1/path", "API_URL"),
        ("${CLAUDE_PLUGIN_ROOT}/servers/token-server.js", None),
    ],
)
def test_not_credentials(value, name):
    assert credential_shape(value, name=name) is None


@pytest.mark.parametrize(
    "url,expect",
    [
        ("http://mcp.example.com", "http"),
        ("ws://10.0.0.5:9000", "ws"),
        ("http://0.0.0.0:8080", "http"),
        ("http://192.168.1.4/mcp", "http"),
        ("http://localhost:8080", None),
        ("http://127.0.0.1:3000", None),
        ("http://[::1]:3000", None),
        ("https://mcp.example.com", None),
        ("http://${HOST}/mcp", None),
    ],
)
def test_remote_plain(url, expect):
    assert is_remote_plain(url) == expect


def test_url_secret():
    assert url_secret("https://x/mcp?api_key=abc123")[0].startswith("query parameter 'api_key' carries a literal")
    assert "${VAR}" in url_secret("https://x/mcp?token=${T}")[0]
    desc, s, e = url_secret("https://bob:hunter2@x/mcp")
    assert "hunter2" not in desc and "https://bob:hunter2@x/mcp"[s:e] == "bob:hunter2"
    assert url_secret("https://x/mcp?tenant=acme") is None


@pytest.mark.corpus
def test_every_corpus_server_gets_a_method():
    dist = collections.Counter()
    for d in sorted(CORPUS.iterdir()):
        if not d.is_dir():
            continue
        for p in load(d).plugins:
            for s in p.mcp_servers:
                info = analyze(s)
                assert info.method in METHODS
                dist[info.method] += 1
    assert sum(dist.values()) > 100
    assert set(dist) >= {"oauth-auto", "bearer", "stdio-env", "none", "oauth-config"}
