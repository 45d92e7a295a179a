"""The exact output of every fix of the MCP, LSP, security and env rules, pinned with syrupy.

Each case is a small plugin that triggers one rule. For every finding of that rule the snapshot holds where it was
made and either ``None`` (no fix offered) or the fix's title, safety and the full text (and, where it changes, the
mode) of every file the fix touches after it is applied to a fresh copy of the plugin; a carriage return shows as
``\\r``. A change in which findings get a fix, or in what a fix writes, shows up as a snapshot diff.

Regenerate with ``pytest tests/unit/test_fix_outputs_conv_d.py --snapshot-update`` and read every changed snapshot.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_check, write_tree
from tests.unit.test_fixes_hooks_mcp import FIXTURES, HTTP, MANIFEST, SCRIPT, TOKEN, H, mcp
from tui.core.base.fixtypes import Fix
from tui.core.fix.apply import apply_fix
from tui.core.lint.registry import all_rules

AREAS = ("MCP", "LSP", "SEC", "ENV")
F = dict
README_ENV = "# p\n\nA plugin.\n\n## Required environment variables\n\n- `OTHER`: x\n\n## License\n\nMIT\n"
UC = {"api_key": {"type": "string", "title": "Key", "description": "The key", "sensitive": True}}

# case id -> (code, files, executable files, profile); the fixtures of test_fixes_hooks_mcp are the "base" cases
CASES: dict[str, tuple[str, dict, tuple, str]] = {
    f"{code}-base": (code, files, executable, profile)
    for code, (files, executable, profile, _environ, _changed) in FIXTURES.items()
    if code.startswith(AREAS)
}
CASES.update(
    {
        "MCP001-already-inside": (
            "MCP001",
            F({".mcp.json": {"mcpServers": {"api": HTTP}, "api": {"command": "x"}}}),
            (),
            "official",
        ),
        "MCP003-sse": ("MCP003", F({".mcp.json": mcp(api={"url": "https://x.example.com/sse"})}), (), "official"),
        "MCP003-ws": ("MCP003", F({".mcp.json": mcp(api={"url": "wss://x.example.com/socket"})}), (), "official"),
        "MCP003-inline": (
            "MCP003",
            F(
                {
                    ".claude-plugin/plugin.json": {
                        **MANIFEST,
                        "mcpServers": {"api": {"url": "https://x.example.com/mcp"}},
                    }
                }
            ),
            (),
            "official",
        ),
        "MCP004-underscore": ("MCP004", F({".mcp.json": mcp(api={**HTTP, "type": "streamable_http"})}), (), "official"),
        "MCP004-near-miss": ("MCP004", F({".mcp.json": mcp(api={**HTTP, "type": "htpp"})}), (), "official"),
        "MCP004-unknown": ("MCP004", F({".mcp.json": mcp(api={**HTTP, "type": "grpc"})}), (), "official"),
        "MCP004-host": ("MCP004", F({".mcp.json": mcp(api={**HTTP, "type": "sdk"})}), (), "official"),
        "MCP007-localhost": (
            "MCP007",
            F({".mcp.json": mcp(api={**HTTP, "url": "localhost:8080/mcp"})}),
            (),
            "official",
        ),
        "MCP007-ws": (
            "MCP007",
            F({".mcp.json": mcp(api={"type": "ws", "url": "ws.example.com/socket"})}),
            (),
            "official",
        ),
        "MCP007-path-only": ("MCP007", F({".mcp.json": mcp(api={**HTTP, "url": "/mcp"})}), (), "official"),
        "MCP008-ftp-and-ws": (
            "MCP008",
            F(
                {
                    ".mcp.json": mcp(
                        api={
                            "type": "ws",
                            "url": "wss://x.example.com/ws",
                            "oauth": {"authServerMetadataUrl": "ftp://auth.example.com/meta"},
                        }
                    )
                }
            ),
            (),
            "official",
        ),
        "MCP010-arguments": (
            "MCP010",
            F({".mcp.json": mcp(local={"command": "node", "arguments": ["x.js"], "foo": 1})}),
            (),
            "official",
        ),
        "MCP010-taken": (
            "MCP010",
            F({".mcp.json": mcp(local={"command": "node", "args": [], "arguments": ["x.js"], "Args": []})}),
            (),
            "official",
        ),
        "MCP012-no-dot": (
            "MCP012",
            F({".mcp.json": mcp(local={"command": "node", "args": ["servers/api.js"]}), "servers/api.js": "//\n"}),
            (),
            "official",
        ),
        "MCP012-absolute": (
            "MCP012",
            F(
                {
                    ".mcp.json": mcp(
                        local={"command": "/Users/me/p/bin/server", "args": ["/home/me/gone.js", "./bin/server"]}
                    ),
                    "bin/server": SCRIPT,
                }
            ),
            (),
            "official",
        ),
        "MCP012-directory": (
            "MCP012",
            F({".mcp.json": mcp(local={"command": "node", "args": ["./lib/dir"]}), "lib/dir/index.js": "//\n"}),
            (),
            "official",
        ),
        "LSP001-compact": (
            "LSP001",
            F({".lsp.json": '{"lspServers": {"go": {"command": "gopls", "extensionToLanguage": {".go": "go"}}}}\n'}),
            (),
            "official",
        ),
        "LSP001-tabs": (
            "LSP001",
            F(
                {
                    ".lsp.json": '{\n\t"lspServers": {\n\t\t"go": {\n\t\t\t"command": "gopls",\n'
                    '\t\t\t"extensionToLanguage": {".go": "go"}\n\t\t}\n\t}\n}\n'
                }
            ),
            (),
            "official",
        ),
        "LSP001-other-keys": (
            "LSP001",
            F({".lsp.json": {"$schema": "x", "lspServers": {"go": {"command": "gopls"}}}}),
            (),
            "official",
        ),
        "LSP002-unknown-and-missing": (
            "LSP002",
            F({".lsp.json": {"go": {"command": "gopls --stdio", "autoStart": True, "comand": "x", "Args": []}}}),
            (),
            "official",
        ),
        "LSP003-bare-and-slash": (
            "LSP003",
            F(
                {
                    ".lsp.json": {
                        "ts": {
                            "command": "tsls",
                            "extensionToLanguage": {"ts": "typescript", ".d/ts": "typescript", "*": "x", "*.tsx": "t"},
                        }
                    }
                }
            ),
            (),
            "official",
        ),
        "LSP003-taken": (
            "LSP003",
            F({".lsp.json": {"go": {"command": "gopls", "extensionToLanguage": {".go": "go", "go": "go"}}}}),
            (),
            "official",
        ),
        "ENV002-no-readme": (
            "ENV002",
            F({".mcp.json": mcp(api={**HTTP, "headers": {"Authorization": "Bearer ${API_TOKEN}"}})}),
            (),
            "official",
        ),
        "ENV002-no-section": (
            "ENV002",
            F(
                {
                    ".mcp.json": mcp(
                        gh={"command": "gh-mcp", "env": {"A_TOKEN": "${A_TOKEN}", "B_TOKEN": "${B_TOKEN}"}}
                    ),
                    "README.md": "# p\r\n\r\nA plugin.",
                }
            ),
            (),
            "official",
        ),
        "ENV003-content-and-unknown": (
            "ENV003",
            F(
                {
                    ".claude-plugin/plugin.json": {
                        **MANIFEST,
                        "userConfig": {"region": {"type": "string", "title": "Region", "description": "d"}},
                    },
                    ".mcp.json": mcp(
                        api={**HTTP, "headers": {"X-Region": "${user_config.REGION}/${user_config.zone}"}}
                    ),
                    "commands/go.md": "---\ndescription: Go\n---\n\nUse ${user_config.Region} here.\n",
                }
            ),
            (),
            "official",
        ),
        "ENV006-bare-twice": (
            "ENV006",
            F({".mcp.json": mcp(local={"command": "srv", "args": ["--a=$TOK", "$TOK/x", "${OK}"]})}),
            (),
            "official",
        ),
        "ENV006-hook-header-insert": (
            "ENV006",
            F(
                {
                    "hooks/hooks.json": H(
                        "Stop", {"type": "http", "url": "https://h.example.com", "headers": {"X-T": "${TOKEN}"}}
                    )
                }
            ),
            (),
            "official",
        ),
        "ENV006-hook-header-append": (
            "ENV006",
            F(
                {
                    "hooks/hooks.json": H(
                        "Stop",
                        {
                            "type": "http",
                            "url": "https://h.example.com",
                            "headers": {"X-T": "${TOKEN}"},
                            "allowedEnvVars": ["OTHER"],
                        },
                    )
                }
            ),
            (),
            "official",
        ),
        "ENV006-malformed-and-other": (
            "ENV006",
            F(
                {
                    ".mcp.json": mcp(
                        api={
                            **HTTP,
                            "headers": {"X-A": "${1X}"},
                            "oauth": {"authServerMetadataUrl": "https://a.example.com/${TENANT}"},
                        }
                    )
                }
            ),
            (),
            "official",
        ),
        "SEC001-ws-and-hook": (
            "SEC001",
            F(
                {
                    ".mcp.json": mcp(api={"type": "ws", "url": " ws://10.0.0.5:9000"}),
                    "hooks/hooks.json": H("Stop", {"type": "http", "url": "http://h.example.com/hook"}),
                }
            ),
            (),
            "official",
        ),
        "SEC002-env-args-lsp": (
            "SEC002",
            F(
                {
                    ".mcp.json": mcp(
                        gh={"command": "npx", "args": ["gh-mcp", "--token", TOKEN], "env": {"GITHUB_TOKEN": TOKEN}}
                    ),
                    ".lsp.json": {
                        "go": {"command": "gopls", "extensionToLanguage": {".go": "go"}, "env": {"api-key": TOKEN}}
                    },
                    "README.md": README_ENV,
                }
            ),
            (),
            "official",
        ),
        "SEC002-hook-and-settings": (
            "SEC002",
            F(
                {
                    "hooks/hooks.json": H("Stop", {"type": "command", "command": f"curl -H 'X: {TOKEN}' x"}),
                    "settings.json": {"env": {"GH": TOKEN}},
                }
            ),
            (),
            "official",
        ),
        "SEC003-spaces": (
            "SEC003",
            F({".mcp.json": mcp(api={**HTTP, "headers": {"authorization": " ${API_TOKEN} "}})}),
            (),
            "official",
        ),
        "SEC005-missing-and-interpreter": (
            "SEC005",
            F(
                {
                    ".mcp.json": mcp(
                        a={**HTTP, "headersHelper": "${CLAUDE_PLUGIN_ROOT}/bin/gone.sh"},
                        b={**HTTP, "headersHelper": "bash ${CLAUDE_PLUGIN_ROOT}/bin/h.sh"},
                        c={**HTTP, "headersHelper": " "},
                    ),
                    "bin/h.sh": "#!/bin/sh\necho '{}'\n",
                }
            ),
            (),
            "official",
        ),
    }
)


def _fixable_codes() -> set[str]:
    return {r.code for r in all_rules() if r.fixable and r.code.startswith(AREAS)}


def _outcome(root: Path, copy: Path, fix: Fix) -> dict[str, Any]:
    shutil.copytree(root, copy, symlinks=True)
    apply_fix(fix, copy)
    files: dict[str, str | None] = {}
    modes: dict[str, str] = {}
    for rel in fix.paths:
        p = copy / rel
        # a carriage return is shown as the two characters \\r (the snapshot file would lose it)
        files[rel] = p.read_bytes().decode("utf-8").replace("\r", "\\r") if p.is_file() else None
        before = root / rel
        mode = p.stat().st_mode & 0o7777 if p.exists() else None
        if mode is not None and (not before.exists() or (before.stat().st_mode & 0o7777) != mode):
            modes[rel] = oct(mode)
    out: dict[str, Any] = {"title": fix.title, "safe": fix.safe, "files": files}
    if fix.description:
        out["description"] = fix.description
    if fix.needs_choice:
        out["needs_choice"] = True
    if modes:
        out["modes"] = modes
    return out


def test_every_fixable_rule_has_a_case():
    assert _fixable_codes() == {code for code, *_ in CASES.values()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_fix_output(tmp_path, case, snapshot):
    code, files, executable, profile = CASES[case]
    root = write_tree(tmp_path / "p", {".claude-plugin/plugin.json": MANIFEST, **files}, executable=executable)
    mine = [d for d in run_check(root, profile=profile) if d.code == code]
    assert mine, f"{case}: {code} did not fire"
    found = []
    for i, d in enumerate(mine):
        fx = _outcome(root, tmp_path / f"copy{i}", d.fix) if d.fix is not None else None
        found.append({"at": f"{d.path}:{d.line}:{d.column}", "fix": fx})
    assert found == snapshot
