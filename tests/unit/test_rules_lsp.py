"""LSP rules (OFF022, OFF057)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import check_rule, write_tree

GOOD = {
    "go": {
        "command": "gopls",
        "args": ["serve"],
        "extensionToLanguage": {".go": "go", ".mod": "go.mod"},
        "transport": "stdio",
        "startupTimeout": 5000,
        "maxRestarts": 3,
        "env": {"GOFLAGS": "-mod=mod"},
    }
}


def tree(tmp_path, lsp):
    return write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {"name": "p"},
            ".lsp.json": lsp if isinstance(lsp, str) else json.dumps(lsp, indent=2),
        },
    )


@pytest.mark.parametrize("code", ["LSP001", "LSP002", "LSP003", "LSP004", "LSP005"])
def test_good_is_quiet(tmp_path, code):
    assert check_rule(tree(tmp_path, GOOD), code) == []


def test_file_shape(tmp_path):
    assert len(check_rule(tree(tmp_path / "a", [GOOD["go"]]), "LSP001")) == 1
    d = check_rule(tree(tmp_path / "b", {"lspServers": GOOD}), "LSP001")
    assert len(d) == 1 and "wrapper" in d[0].message


def test_schema(tmp_path):
    lsp = {
        "go": {
            "cmd": "gopls",
            "extensionToLanguage": {".go": ""},
            "transport": "tcp",
            "startupTimeout": -1,
            "args": [""],
        }
    }
    d = check_rule(tree(tmp_path, lsp), "LSP002")
    msgs = " | ".join(x.message for x in d)
    assert "unknown key 'cmd'" in msgs and "'command'" in msgs and "transport" in msgs
    assert "startupTimeout" in msgs
    cmd = next(x for x in d if "'cmd'" in x.message)
    assert cmd.line == 3 and cmd.hint == "did you mean 'command'?"


def test_one_bad_server_rejects_the_whole_file(tmp_path):
    # Claude Code 2.1.332 at session start: "LSP config validation failed for .lsp.json in plugin p:
    # Unrecognized key: "autoStart"" and "Total LSP servers loaded: 0", also for the valid server beside it
    lsp = {**GOOD, "openapi": {"command": "oas", "extensionToLanguage": {".yaml": "yaml"}, "autoStart": True}}
    d = check_rule(tree(tmp_path, lsp), "LSP002")
    assert len(d) == 1 and d[0].severity == "error" and "unknown key 'autoStart'" in d[0].message
    assert "rejects the whole .lsp.json" in d[0].message and "none of its servers start" in d[0].message


def test_known_keys_of_2_1_332_are_quiet(tmp_path):
    # restartOnCrash, requestTimeout: "Loaded 1 LSP server(s) from plugin"
    lsp = {"go": dict(GOOD["go"], restartOnCrash=True, requestTimeout=30000, diagnostics=False)}
    assert check_rule(tree(tmp_path, lsp), "LSP002") == []


def test_command_with_spaces(tmp_path):
    d = check_rule(tree(tmp_path, {"go": dict(GOOD["go"], command="gopls serve")}), "LSP002")
    assert len(d) == 1 and "space" in d[0].message and d[0].hint == '"command": "gopls", "args": ["serve"]'
    assert check_rule(tree(tmp_path / "abs", {"go": dict(GOOD["go"], command="/opt/my tools/gopls")}), "LSP002") == []


def test_missing_extension_map(tmp_path):
    d = check_rule(tree(tmp_path, {"go": {"command": "gopls"}}), "LSP002")
    assert len(d) == 1 and "extensionToLanguage" in d[0].message


def test_extension_keys(tmp_path):
    # "File extensions must start with dot (e.g., ".ts", not "ts")": the whole .lsp.json is rejected
    d = check_rule(
        tree(
            tmp_path,
            {"go": {"command": "gopls", "extensionToLanguage": {"go": "go", "*.ts": "ts", ".": "x", ".rs": "rust"}}},
        ),
        "LSP003",
    )
    assert len(d) == 3 and {x.severity for x in d} == {"error"}
    assert any(x.hint == "write '.go'" for x in d) and all("rejects the whole .lsp.json" in x.message for x in d)


def test_extension_key_that_validates_but_never_matches_is_a_warning(tmp_path):
    d = check_rule(
        tree(tmp_path, {"go": {"command": "gopls", "extensionToLanguage": {".*": "x", ".rs": "rust"}}}), "LSP003"
    )
    assert [x.severity for x in d] == ["warning"] and "never matches" in d[0].message


def test_empty_extension_map_fails_validation(tmp_path):
    # "extensionToLanguage must have at least one mapping"
    d = check_rule(tree(tmp_path, {"go": {"command": "gopls", "extensionToLanguage": {}}}), "LSP003")
    assert [x.severity for x in d] == ["error"] and "no mapping" in d[0].message


def test_version_note(tmp_path):
    d = check_rule(tree(tmp_path, {"go": dict(GOOD["go"], restartOnCrash=False, shutdownTimeout=100)}), "LSP004")
    assert len(d) == 2 and all(x.severity == "info" for x in d)
    assert all("2.1.332 accepts it" in x.message for x in d)


def test_extension_clash(tmp_path):
    lsp = {
        "a": {"command": "a", "extensionToLanguage": {".go": "go", ".C": "cpp"}},
        "b": {"command": "b", "extensionToLanguage": {".go": "go", ".c": "c"}},
    }
    d = check_rule(tree(tmp_path, lsp), "LSP005")
    assert len(d) == 1 and "'a'" in d[0].message


def test_inline_lsp_servers(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {
                "name": "p",
                "lspServers": {"go": {"command": "gopls", "extensionToLanguage": {".go": "go"}, "bogus": 1}},
            }
        },
    )
    d = check_rule(root, "LSP002")
    assert len(d) == 1 and d[0].path == ".claude-plugin/plugin.json"
    # "Plugin p has an invalid manifest file … lspServers.go: Unrecognized key: "bogus""
    assert "refuses the whole plugin" in d[0].message


def test_junk_never_raises(tmp_path):
    for i, junk in enumerate(["null", "3", '{"a": null, "b": {"extensionToLanguage": []}}']):
        root = tree(tmp_path / str(i), junk)
        for code in ("LSP001", "LSP002", "LSP003", "LSP004", "LSP005"):
            assert all(d.code != "INT001" for d in check_rule(root, code))
