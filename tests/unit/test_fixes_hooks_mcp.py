"""Fixes on the hooks, hook-script, MCP, LSP, env and security rules.

Every fixable rule of these areas has a fixture that triggers it. Applying its fix makes the diagnostic disappear,
adds no new diagnostic, changes only the files the fix names and only in the lines its edits cover, and applying
it a second time changes nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import codes, run_check, write_tree
from tui.core.base.fixtypes import ChmodEdit, CreateFile, TextEdit
from tui.core.base.suggest import edit_distance, nearest_key
from tui.core.fix.apply import apply_fixes, preview
from tui.core.lint.registry import all_rules
from tui.core.rules.hooks_commands import quote_state

AREAS = ("HOOK", "MCP", "LSP", "ENV", "SEC")
MANIFEST = {"name": "p", "version": "1.0.0", "description": "d", "author": {"name": "a"}}
CMD = {"type": "command", "command": "echo ok"}
RUN = '"${CLAUDE_PLUGIN_ROOT}"/hooks/run.sh'
SCRIPT = "#!/bin/sh\nset -eu\necho ok\nexit 0\n"
TOKEN = "ghp_" + "a1B2c3D4e5" * 4


def H(event, *handlers, matcher=None):
    g = {"hooks": list(handlers)}
    if matcher is not None:
        g["matcher"] = matcher
    return {"hooks": {event: [g]}}


def mcp(**servers):
    return {"mcpServers": servers}


HTTP = {"type": "http", "url": "https://mcp.example.com/mcp"}

# code -> files, executable, profile, environ, the files the fix changes
F = dict
FIXTURES: dict[str, tuple] = {
    "HOOK002": (F({"hooks/hooks.json": {"Stop": [{"hooks": [CMD]}]}}), (), "official", {}, {"hooks/hooks.json"}),
    "HOOK003": (
        F({"hooks/hooks.json": {"surface": "cli", **H("Stop", CMD)}}),
        (),
        "official",
        {},
        {"hooks/hooks.json"},
    ),
    "HOOK004": (F({"hooks/hooks.json": H("postToolUse", CMD)}), (), "official", {}, {"hooks/hooks.json"}),
    "HOOK005": (
        F({"hooks/hooks.json": {"hooks": {"Stop": {"hooks": [CMD]}}}}),
        (),
        "official",
        {},
        {"hooks/hooks.json"},
    ),
    "HOOK007": (
        F({"hooks/hooks.json": H("PreToolUse", CMD, matcher=["Write", "Edit"])}),
        (),
        "official",
        {},
        {"hooks/hooks.json"},
    ),
    "HOOK008": (F({"hooks/hooks.json": H("Stop", {"command": "echo ok"})}), (), "official", {}, {"hooks/hooks.json"}),
    "HOOK009": (
        F({"hooks/hooks.json": H("Stop", {"type": "prompt", "promt": "Done? $ARGUMENTS"})}),
        (),
        "official",
        {},
        {"hooks/hooks.json"},
    ),
    "HOOK010": (F({"hooks/hooks.json": H("Stop", {**CMD, "timeout": "30"})}), (), "official", {}, {"hooks/hooks.json"}),
    "HOOK029": (F({"hooks/hooks.json": H("Stop", {**CMD, "timeout": 5000})}), (), "official", {}, {"hooks/hooks.json"}),
    "HOOK011": (
        F({"hooks/hooks.json": H("PostToolUse", {**CMD, "async": "true"}, matcher="Bash")}),
        (),
        "official",
        {},
        {"hooks/hooks.json"},
    ),
    "HOOK012": (F({"hooks/hooks.json": H("Stop", {**CMD, "shell": "Bash"})}), (), "official", {}, {"hooks/hooks.json"}),
    "HOOK013": (
        F({"hooks/hooks.json": H("Stop", {"type": "command", "command": "node x.js", "args": ["--fast"]})}),
        (),
        "official",
        {},
        {"hooks/hooks.json"},
    ),
    "HOOK014": (F({"hooks/hooks.json": H("Stop", {**CMD, "timout": 30})}), (), "official", {}, {"hooks/hooks.json"}),
    "HOOK015": (F({"hooks/hooks.json": H("Stop", {**CMD, "once": True})}), (), "official", {}, {"hooks/hooks.json"}),
    "HOOK018": (
        F(
            {
                "hooks/hooks.json": H("Stop", {"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/hooks/run.sh --x"}),
                "hooks/run.sh": SCRIPT,
            }
        ),
        ("hooks/run.sh",),
        "official",
        {},
        {"hooks/hooks.json"},
    ),
    "HOOK019": (
        F(
            {
                ".claude-plugin/plugin.json": {
                    **MANIFEST,
                    "userConfig": {"api_token": {"type": "string", "title": "Token", "description": "The token"}},
                },
                "hooks/hooks.json": H("Stop", {"type": "command", "command": "echo ${user_config.api_token}"}),
            }
        ),
        (),
        "official",
        {},
        {"hooks/hooks.json"},
    ),
    "HOOK021": (F({"hooks/hooks.json": H("Stop", CMD, matcher="Bash")}), (), "official", {}, {"hooks/hooks.json"}),
    "HOOK023": (
        F({"hooks/hooks.json": H("PreToolUse", CMD, matcher="mcp__memory")}),
        (),
        "official",
        {},
        {"hooks/hooks.json"},
    ),
    "HOOK024": (
        F(
            {
                "hooks/hooks.json": H("PreToolUse", CMD, matcher="mcp__github__create_issue"),
                ".mcp.json": mcp(github={"command": "npx", "args": ["-y", "gh-mcp"]}),
            }
        ),
        (),
        "official",
        {},
        {"hooks/hooks.json"},
    ),
    "HOOK025": (
        F({"hooks/hooks.json": H("PreToolUse", CMD, matcher="bash")}),
        (),
        "official",
        {},
        {"hooks/hooks.json"},
    ),
    "HOOK026": (
        F(
            {
                "hooks/hooks.json": H("Stop", {"type": "command", "command": "/Users/me/p/hooks/run.sh"}),
                "hooks/run.sh": SCRIPT,
            }
        ),
        ("hooks/run.sh",),
        "official",
        {},
        {"hooks/hooks.json"},
    ),
    "HOOK032": (F({"hooks/hooks.json": H("PreToolUse", CMD)}), (), "plugin-dev", {}, {"hooks/hooks.json"}),
    "HOOK100": (
        F(
            {
                "hooks/hooks.json": H("Stop", {"type": "command", "command": RUN.replace("run", "Run")}),
                "hooks/run.sh": SCRIPT,
            }
        ),
        ("hooks/run.sh",),
        "official",
        {},
        {"hooks/hooks.json"},
    ),
    "HOOK101": (
        F({"hooks/hooks.json": H("Stop", {"type": "command", "command": RUN}), "hooks/run.sh": SCRIPT}),
        (),
        "official",
        {},
        {"hooks/run.sh"},
    ),
    "HOOK102": (
        F({"hooks/hooks.json": H("Stop", {"type": "command", "command": RUN}), "hooks/run.sh": "echo ok\nexit 0\n"}),
        ("hooks/run.sh",),
        "official",
        {},
        {"hooks/run.sh"},
    ),
    "HOOK107": (
        F(
            {
                "hooks/hooks.json": H("PreToolUse", {"type": "command", "command": RUN}, matcher="Bash"),
                "hooks/run.sh": "#!/bin/sh\nif grep -q 'rm -rf'; then\n  echo 'Blocked: dangerous' >&2\n"
                "  exit 1\nfi\nexit 0\n",
            }
        ),
        ("hooks/run.sh",),
        "official",
        {},
        {"hooks/run.sh"},
    ),
    "HOOK108": (
        F(
            {
                "hooks/hooks.json": H("Stop", {"type": "command", "command": RUN}),
                "hooks/run.sh": "#!/bin/bash\necho ok\nexit 0\n",
            }
        ),
        ("hooks/run.sh",),
        "plugin-dev",
        {},
        {"hooks/run.sh"},
    ),
    "HOOK111": (
        F(
            {
                "hooks/hooks.json": H("Stop", {"type": "command", "command": RUN}),
                "hooks/run.sh": '#!/bin/bash\nset -euo pipefail\nf="$1"\nrm $f\nexit 0\n',
            }
        ),
        ("hooks/run.sh",),
        "plugin-dev",
        {},
        {"hooks/run.sh"},
    ),
    "MCP001": (
        F({".mcp.json": {"mcpServers": {"api": HTTP}, "search": {"command": "search-server"}}}),
        (),
        "official",
        {},
        {".mcp.json"},
    ),
    "MCP003": (F({".mcp.json": mcp(api={"url": "https://mcp.example.com/mcp"})}), (), "official", {}, {".mcp.json"}),
    "MCP004": (F({".mcp.json": mcp(api={**HTTP, "type": "HTTP"})}), (), "official", {}, {".mcp.json"}),
    "MCP007": (F({".mcp.json": mcp(api={**HTTP, "url": "mcp.example.com/mcp"})}), (), "official", {}, {".mcp.json"}),
    "MCP008": (
        F(
            {
                ".mcp.json": mcp(
                    api={
                        **HTTP,
                        "oauth": {
                            "authServerMetadataUrl": "http://auth.example.com/.well-known/oauth-authorization-server"
                        },
                    }
                )
            }
        ),
        (),
        "official",
        {},
        {".mcp.json"},
    ),
    "MCP010": (
        F(
            {
                ".mcp.json": mcp(
                    local={"command": "node", "args": ["${CLAUDE_PLUGIN_ROOT}/server.js"], "Env": {"A": "1"}}
                ),
                "server.js": "//\n",
            }
        ),
        (),
        "official",
        {},
        {".mcp.json"},
    ),
    "MCP012": (
        F({".mcp.json": mcp(local={"command": "node", "args": ["./server.js"]}), "server.js": "//\n"}),
        (),
        "official",
        {},
        {".mcp.json"},
    ),
    "LSP001": (
        F({".lsp.json": {"lspServers": {"go": {"command": "gopls", "extensionToLanguage": {".go": "go"}}}}}),
        (),
        "official",
        {},
        {".lsp.json"},
    ),
    "LSP002": (
        F({".lsp.json": {"go": {"command": "gopls", "extensionToLanguage": {".go": "go"}, "setings": {}}}}),
        (),
        "official",
        {},
        {".lsp.json"},
    ),
    "LSP003": (
        F({".lsp.json": {"go": {"command": "gopls", "extensionToLanguage": {"*.go": "go"}}}}),
        (),
        "official",
        {},
        {".lsp.json"},
    ),
    "ENV002": (
        F(
            {
                ".mcp.json": mcp(api={**HTTP, "headers": {"Authorization": "Bearer ${API_TOKEN}"}}),
                "README.md": "# p\n\nA plugin.\n\n## Required environment variables\n\n- `OTHER`: x\n\n"
                "## License\n\nMIT\n",
            }
        ),
        (),
        "official",
        {"API_TOKEN": "t"},
        {"README.md"},
    ),
    "ENV003": (
        F(
            {
                ".claude-plugin/plugin.json": {
                    **MANIFEST,
                    "userConfig": {
                        "api_key": {"type": "string", "title": "Key", "description": "The key", "sensitive": True}
                    },
                },
                ".mcp.json": mcp(api={**HTTP, "headers": {"X-API-Key": "${user_config.API_KEY}"}}),
            }
        ),
        (),
        "official",
        {},
        {".mcp.json"},
    ),
    "ENV006": (
        F(
            {
                ".mcp.json": mcp(api={**HTTP, "headers": {"Authorization": "Bearer $API_TOKEN"}}),
                "README.md": "# p\n\nSet API_TOKEN.\n",
            }
        ),
        (),
        "official",
        {"API_TOKEN": "t"},
        {".mcp.json"},
    ),
    "SEC001": (
        F({".mcp.json": mcp(api={**HTTP, "url": "http://mcp.example.com/mcp"})}),
        (),
        "official",
        {},
        {".mcp.json"},
    ),
    "SEC002": (
        F(
            {
                ".mcp.json": mcp(api={**HTTP, "headers": {"Authorization": f"Bearer {TOKEN}"}}),
                "README.md": "# p\n\nA plugin.\n",
            }
        ),
        (),
        "official",
        {"API_TOKEN": "t"},
        {".mcp.json", "README.md"},
    ),
    "SEC003": (
        F(
            {
                ".mcp.json": mcp(api={**HTTP, "headers": {"Authorization": "${API_TOKEN}"}}),
                "README.md": "# p\n\nSet API_TOKEN.\n",
            }
        ),
        (),
        "official",
        {"API_TOKEN": "t"},
        {".mcp.json"},
    ),
    "SEC005": (
        F(
            {
                ".mcp.json": mcp(api={**HTTP, "headersHelper": "${CLAUDE_PLUGIN_ROOT}/bin/headers.sh"}),
                "bin/headers.sh": "#!/bin/sh\necho '{}'\n",
            }
        ),
        (),
        "official",
        {},
        {"bin/headers.sh"},
    ),
}


def _fixable_codes() -> list[str]:
    return sorted(r.code for r in all_rules() if r.fixable and r.code.startswith(AREAS))


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mode & 0o7777)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _changed_lines(before: str, after: str) -> set[int]:
    import difflib

    out: set[int] = set()
    sm = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    for tag, i1, i2, _j1, _j2 in sm.get_opcodes():
        if tag != "equal":
            out.update(range(i1 + 1, max(i2, i1 + 1) + 1))
    return out


def _edit_lines(fixes, rel: str) -> set[int] | None:
    """The lines the fixes' text edits cover in ``rel`` (None: the whole file, e.g. a created file)."""
    out: set[int] = set()
    for fx in fixes:
        for e in fx.edits:
            if e.path != rel:
                continue
            if isinstance(e, CreateFile):
                return None
            if isinstance(e, TextEdit):
                a = e.original.count("\n", 0, e.start) + 1
                b = e.original.count("\n", 0, e.end) + 1
                out.update(range(a, b + 1))
    return out


def _build(tmp_path: Path, code: str) -> tuple[Path, str, dict]:
    files, executable, profile, environ, _ = FIXTURES[code]
    root = write_tree(tmp_path / "p", {".claude-plugin/plugin.json": MANIFEST, **files}, executable=executable)
    return root, profile, environ


def _key(d) -> tuple:
    return d.code, d.severity, d.message, d.path


def test_every_fixable_rule_has_a_fixture():
    assert set(_fixable_codes()) == set(FIXTURES)


@pytest.mark.parametrize("code", _fixable_codes())
def test_fix_end_to_end(tmp_path, code):
    assert code in FIXTURES, f"{code} is fixable but has no fixture here"
    root, profile, environ = _build(tmp_path, code)
    expected_files = FIXTURES[code][4]
    diags = run_check(root, profile=profile, environ=environ)
    mine = [d for d in diags if d.code == code]
    assert mine, codes(diags)
    assert all(d.fix is not None for d in mine), f"{code}: no fix attached"
    fixes = list(dict.fromkeys(d.fix for d in mine))
    for fx in fixes:
        assert fx.edits, f"{code}: the fix has no edits"
        assert fx.title
    before = _snapshot(root)
    res = apply_fixes(mine, root)
    assert len(res.applied) == len(mine), res.skipped
    after = _snapshot(root)
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    named = {p for fx in fixes for p in fx.paths}
    assert changed == named == expected_files, (changed, named)
    for rel in changed & set(before):
        if before[rel][0] != after[rel][0]:
            assert before[rel][1] == after[rel][1], "mode kept"
            lines = _edit_lines(fixes, rel)
            if lines is not None:
                assert _changed_lines(before[rel][0].decode(), after[rel][0].decode()) <= lines, rel
    for rel in changed:
        if rel.endswith(".json"):
            json.loads((root / rel).read_text(encoding="utf-8"))  # still parses
    diags2 = run_check(root, profile=profile, environ=environ)
    assert code not in codes(diags2), [d.message for d in diags2 if d.code == code]
    new = Counter(_key(d) for d in diags2) - Counter(_key(d) for d in diags)
    assert not new, f"new diagnostics: {list(new)}"
    # a second application changes nothing
    apply_fixes(mine, root)
    assert _snapshot(root) == after
    assert not [d for d in diags2 if d.code == code]


# ---------------------------------------------------------------------------------------------------------------
# specific behaviour


def _fix_for(tmp_path, code, files, profile="official", environ=None, executable=()):
    root = write_tree(tmp_path / "p", {".claude-plugin/plugin.json": MANIFEST, **files}, executable=executable)
    ds = [d for d in run_check(root, profile=profile, environ=environ or {}) if d.code == code]
    return root, ds


def test_hook002_wrap_keeps_layout(tmp_path):
    text = '{\n    "Stop": [\n        {"hooks": [{"type": "command", "command": "echo ok"}]}\n    ]\n}\n'
    root, ds = _fix_for(tmp_path, "HOOK002", {"hooks/hooks.json": text})
    assert ds[0].fix.safe
    apply_fixes(ds, root)
    assert (root / "hooks/hooks.json").read_text() == (
        '{\n    "hooks": {\n        "Stop": [\n            {"hooks": [{"type": "command", "command": "echo ok"}]}\n'
        "        ]\n    }\n}\n"
    )


def test_hook002_no_fix_when_other_keys_would_move(tmp_path):
    root, ds = _fix_for(tmp_path, "HOOK002", {"hooks/hooks.json": {"description": "x", "Stop": [{"hooks": [CMD]}]}})
    assert ds and ds[0].fix is None


def test_hook004_case_is_safe_other_spelling_is_not(tmp_path):
    _, ds = _fix_for(tmp_path / "a", "HOOK004", {"hooks/hooks.json": H("pre_tool_use", CMD)})
    assert ds[0].fix.safe and "PreToolUse" in ds[0].fix.title
    _, ds = _fix_for(tmp_path / "b", "HOOK004", {"hooks/hooks.json": H("PostToolUsee", CMD)})
    assert ds[0].fix is not None and not ds[0].fix.safe


def test_hook018_quotes_every_path_variable(tmp_path):
    cmd = "${CLAUDE_PLUGIN_ROOT}/hooks/run.sh $CLAUDE_PROJECT_DIR/x"
    root, ds = _fix_for(
        tmp_path,
        "HOOK018",
        {"hooks/hooks.json": H("Stop", {"type": "command", "command": cmd}), "hooks/run.sh": SCRIPT},
        executable=("hooks/run.sh",),
    )
    apply_fixes(ds, root)
    data = json.loads((root / "hooks/hooks.json").read_text())
    assert (
        data["hooks"]["Stop"][0]["hooks"][0]["command"]
        == '"${CLAUDE_PLUGIN_ROOT}"/hooks/run.sh "$CLAUDE_PROJECT_DIR"/x'
    )


def test_hook026_only_when_the_tail_is_a_plugin_file(tmp_path):
    _, ds = _fix_for(
        tmp_path / "a",
        "HOOK026",
        {"hooks/hooks.json": H("Stop", {"type": "command", "command": "/Users/me/p/hooks/gone.sh"})},
    )
    assert ds and ds[0].fix is None
    root, ds = _fix_for(
        tmp_path / "b",
        "HOOK026",
        {
            "hooks/hooks.json": H("Stop", {"type": "command", "command": 'bash "/Users/me/p/hooks/run.sh" x'}),
            "hooks/run.sh": SCRIPT,
        },
    )
    assert not ds[0].fix.safe
    apply_fixes(ds, root)
    cmd = json.loads((root / "hooks/hooks.json").read_text())["hooks"]["Stop"][0]["hooks"][0]["command"]
    assert cmd == 'bash "${CLAUDE_PLUGIN_ROOT}/hooks/run.sh" x'


def test_hook019_inside_double_quotes_needs_no_extra_quotes(tmp_path):
    files = {
        ".claude-plugin/plugin.json": {
            **MANIFEST,
            "userConfig": {"tok": {"type": "string", "title": "T", "description": "d"}},
        },
        "hooks/hooks.json": H("Stop", {"type": "command", "command": 'echo "t=${user_config.tok}"'}),
    }
    root, ds = _fix_for(tmp_path, "HOOK019", files)
    apply_fixes(ds, root)
    cmd = json.loads((root / "hooks/hooks.json").read_text())["hooks"]["Stop"][0]["hooks"][0]["command"]
    assert cmd == 'echo "t=$CLAUDE_PLUGIN_OPTION_TOK"'


def test_hook101_chmod_preview(tmp_path):
    root, ds = _fix_for(
        tmp_path,
        "HOOK101",
        {"hooks/hooks.json": H("Stop", {"type": "command", "command": RUN}), "hooks/run.sh": SCRIPT},
    )
    fx = ds[0].fix
    assert fx.safe and fx.edits == [ChmodEdit("hooks/run.sh")]
    assert "new mode 100755" in preview(fx, root)


def test_hook102_plain_script_gets_sh_safely(tmp_path):
    root, ds = _fix_for(
        tmp_path,
        "HOOK102",
        {
            "hooks/hooks.json": H("Stop", {"type": "command", "command": '"${CLAUDE_PLUGIN_ROOT}"/hooks/run'}),
            "hooks/run": "echo ok\r\n",
        },
        executable=("hooks/run",),
    )
    assert ds[0].fix.safe
    apply_fixes(ds, root)
    assert (root / "hooks/run").read_bytes() == b"#!/bin/sh\r\necho ok\r\n"


@pytest.mark.parametrize(
    "url,type_,safe",
    [
        ("https://x.example.com/mcp", "http", True),
        ("https://x.example.com/sse", "sse", False),
        ("wss://x.example.com/socket", "ws", True),
    ],
)
def test_mcp003_type_from_url(tmp_path, url, type_, safe):
    root, ds = _fix_for(tmp_path, "MCP003", {".mcp.json": mcp(api={"url": url})})
    assert ds[0].fix.safe is safe and f'"{type_}"' in ds[0].fix.title
    apply_fixes(ds, root)
    assert json.loads((root / ".mcp.json").read_text())["mcpServers"]["api"]["type"] == type_


def test_sec002_never_shows_the_secret_and_documents_the_variable(tmp_path):
    root, ds = _fix_for(
        tmp_path, "SEC002", {".mcp.json": mcp(api={**HTTP, "headers": {"Authorization": f"Bearer {TOKEN}"}})}
    )  # no README: one is created
    fx = ds[0].fix
    assert not fx.safe and not fx.needs_choice
    assert TOKEN not in fx.title and TOKEN not in fx.description and "API_TOKEN" in fx.title
    created = [e for e in fx.edits if isinstance(e, CreateFile)]
    assert created and TOKEN not in created[0].text and "`API_TOKEN`" in created[0].text
    apply_fixes(ds, root)
    data = json.loads((root / ".mcp.json").read_text())
    assert data["mcpServers"]["api"]["headers"]["Authorization"] == "Bearer ${API_TOKEN}"
    readme = (root / "README.md").read_text()
    assert "## Required environment variables" in readme and TOKEN not in readme
    assert "ENV002" not in codes(run_check(root, environ={"API_TOKEN": "t"}))


def test_sec002_env_key_names_the_variable(tmp_path):
    root, ds = _fix_for(
        tmp_path,
        "SEC002",
        {
            ".mcp.json": mcp(gh={"command": "npx", "args": ["gh-mcp"], "env": {"GITHUB_TOKEN": TOKEN}}),
            "README.md": "# p\n\n## Required environment variables\n\n- `OTHER`: x\n",
        },
    )
    apply_fixes(ds, root)
    assert json.loads((root / ".mcp.json").read_text())["mcpServers"]["gh"]["env"]["GITHUB_TOKEN"] == "${GITHUB_TOKEN}"
    assert (
        (root / "README.md")
        .read_text()
        .endswith(
            "- `OTHER`: x\n- `GITHUB_TOKEN`: credential for the MCP "
            "server 'gh' (the GITHUB_TOKEN environment variable); never "
            "commit its value\n"
        )
    )


def test_needs_no_choice_and_unsafe_marks(tmp_path):
    # unsafe fixes are applied by --unsafe-fixes only; none of these needs a choice
    _, ds = _fix_for(tmp_path, "SEC001", {".mcp.json": mcp(api={**HTTP, "url": "http://mcp.example.com/mcp"})})
    assert not ds[0].fix.safe and not ds[0].fix.needs_choice


def test_nearest_key():
    assert nearest_key("timout", ["timeout", "type"]) == "timeout"
    assert nearest_key("Env", ["env", "args"]) == "env"
    assert nearest_key("cmd", ["command"]) is None  # too far to be sure
    assert nearest_key("xy", ["url", "tool"]) is None
    assert nearest_key("timout", ["timeout"], present={"timeout": 1}) is None
    assert edit_distance("ab", "ba") == 1


def test_quote_state():
    assert quote_state('a "b c" d', 4) == '"'
    assert quote_state("a 'b' c", 3) == "'"
    assert quote_state("a 'b' c", 6) is None


@pytest.mark.corpus
def test_fixing_corpus_copies_keeps_json_parseable(tmp_path):
    import shutil

    from tests.helpers import CORPUS
    from tui.core.fix.loop import select_fixes

    if not CORPUS.is_dir():
        pytest.skip("no corpus")
    picked = [p for p in sorted(CORPUS.iterdir()) if p.is_dir()][:6]
    for src in picked:
        dst = tmp_path / src.name
        shutil.copytree(src, dst, symlinks=True)
        for _round in range(3):
            diags = run_check(dst)
            chosen = [d for d in select_fixes(diags, unsafe=True) if d.code.startswith(AREAS)]
            if not chosen:
                break
            apply_fixes(chosen, dst)
        for p in dst.rglob("*.json"):
            if p.is_file() and not p.is_symlink():
                try:
                    text = p.read_text(encoding="utf-8")
                except (UnicodeDecodeError, OSError):
                    continue
                before = src / p.relative_to(dst)
                try:
                    json.loads(before.read_text(encoding="utf-8-sig"))
                except (ValueError, OSError, UnicodeDecodeError):
                    continue  # it did not parse before either
                json.loads(text.lstrip("\ufeff"))
