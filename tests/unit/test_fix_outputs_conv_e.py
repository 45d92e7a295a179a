"""The fixes of the manifest and marketplace rules (MAN003, MAN005, MAN011, MAN014, MAN020, MKT004), end to end.

For every case: the finding carries its fix (safe or unsafe as stated); applying it makes the finding disappear on
re-check, adds no new finding, changes only the file the fix names and only in the lines the case names, and a
second check offers nothing more to fix there. The exact text each fix writes is pinned with syrupy
(``__snapshots__/test_fix_outputs_conv_e.ambr``); ``check --fix`` applies the safe ones and ``--unsafe-fixes`` the
unsafe ones, in a real subprocess.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, codes, run_check, write_tree

# the fixes added for issue rules15 are pinned in their own file
from tests.unit.test_fix_outputs_rules15a import CASES as R15_CASES
from tui.core.fix.apply import apply_fix, apply_fixes
from tui.core.lint.registry import all_rules, get_rule
from tui.core.model.loader import load
from tui.core.rules._kit.names import kebab_name

MAN = {"name": "demo", "version": "1.0.0", "description": "d", "author": {"name": "a"}}
CMD = {"commands/hi.md": "---\ndescription: Say hi\n---\nSay hi.\n"}
HOOKS = {"hooks": {"SessionStart": [{"hooks": [{"type": "command", "command": "echo hi"}]}]}}
MODULES = ("tui.core.rules.manifest", "tui.core.rules.marketplace", "tui.core.rules.layout", "tui.core.rules.settings")


def manifest(**extra: object) -> dict:
    """The base plugin with ``extra`` fields last in plugin.json (so removing one shifts no other finding)."""
    return {".claude-plugin/plugin.json": {**MAN, **extra}, **CMD}


def market(*entries: dict) -> dict:
    return {
        ".claude-plugin/marketplace.json": {
            "name": "tools",
            "owner": {"name": "o"},
            "description": "Tools",
            "plugins": list(entries),
        }
    }


GITHUB = {"source": "github", "repo": "o/r"}
PJ = ".claude-plugin/plugin.json"
MJ = ".claude-plugin/marketplace.json"

# case -> (code, files, the file the fix changes, the lines it may change, safe)
CASES: dict[str, tuple[str, dict, str, set[int], bool]] = {
    # an invalid name (spaces): Claude Code refuses the plugin; the kebab-case name changes its id
    "MAN003": ("MAN003", {**manifest(), PJ: {**MAN, "name": "My Plugin"}}, PJ, {2}, False),
    "MAN003-zero-width": ("MAN003", {**manifest(), PJ: {**MAN, "name": "my\u200bplugin"}}, PJ, {2}, False),
    "MAN005": ("MAN005", {**manifest(), PJ: {**MAN, "name": "codeReview"}}, PJ, {2}, False),
    "MAN011": ("MAN011", manifest(homepgae="https://example.com/demo"), PJ, {8}, False),
    "MAN011-user-config": (
        "MAN011",
        manifest(user_config={"token": {"type": "string", "title": "Token", "description": "API token"}}),
        PJ,
        {8},
        False,
    ),
    "MAN014": ("MAN014", manifest(commands="commands"), PJ, {8}, True),
    "MAN014-array": (
        "MAN014",
        {**manifest(agents=["./agents/a.md", "agents/b.md"]), "agents/a.md": "x\n", "agents/b.md": "x\n"},
        PJ,
        {10},
        True,
    ),
    "MAN014-space": ("MAN014", manifest(commands=" ./commands"), PJ, {8}, True),
    "MAN014-strict-false-entry": (
        "MAN014",
        {
            **market({"name": "demo", "source": "./demo", "strict": False, "commands": "commands"}),
            "demo/commands/hi.md": CMD["commands/hi.md"],
        },
        MJ,
        {12},
        True,
    ),
    "MAN020": ("MAN020", {**manifest(hooks="./hooks/hooks.json"), "hooks/hooks.json": HOOKS}, PJ, {7, 8}, True),
    "MAN020-item": (
        "MAN020",
        {
            **manifest(hooks=["./hooks/hooks.json", "./hooks/extra.json"]),
            "hooks/hooks.json": HOOKS,
            "hooks/extra.json": HOOKS,
        },
        PJ,
        {9},
        True,
    ),
    "MAN020-only-item": (
        "MAN020",
        {**manifest(hooks=["./hooks/hooks.json"]), "hooks/hooks.json": HOOKS},
        PJ,
        {7, 8, 9, 10},
        True,
    ),
    "MAN020-mcp": (
        "MAN020",
        {**manifest(mcpServers="./.mcp.json"), ".mcp.json": {"mcpServers": {"srv": {"command": "srv"}}}},
        PJ,
        {7, 8},
        True,
    ),
    # Claude Code 2.1.332 reads .mcp.json and .lsp.json first and merges the manifest's servers over them: naming
    # them again lists the same server once (`mcp list`: plugin:<p>:srv; `plugin details`: LSP servers 1)
    "MAN020-lsp": (
        "MAN020",
        {
            **manifest(lspServers=["./.lsp.json"]),
            ".lsp.json": {"pyls": {"command": "pylsp", "extensionToLanguage": {".py": "python"}}},
        },
        PJ,
        {7, 8, 9, 10},
        True,
    ),
    # the file's own layout stays: one line without a final newline, CRLF line ends
    "MAN020-one-line": (
        "MAN020",
        {
            **CMD,
            PJ: '{"name": "demo", "version": "1.0.0", "description": "d", "author": {"name": "a"}, '
            '"hooks": ["./hooks/extra.json", "./hooks/hooks.json"]}',
            "hooks/hooks.json": HOOKS,
            "hooks/extra.json": HOOKS,
        },
        PJ,
        {1},
        True,
    ),
    "MAN014-crlf": (
        "MAN014",
        {
            **CMD,
            PJ: '{\r\n  "name": "demo",\r\n  "version": "1.0.0",\r\n  "description": "d",\r\n'
            '  "author": {"name": "a"},\r\n  "commands": "commands"\r\n}\r\n',
        },
        PJ,
        {6},
        True,
    ),
    "MKT004": ("MKT004", market({"name": "Code Review", "source": GITHUB}), MJ, {9}, False),
    "MKT004-kebab": ("MKT004", market({"name": "code_review", "source": GITHUB}), MJ, {9}, False),
}


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mode & 0o7777)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _what(d) -> tuple:
    # the plugin's name is left out: the MAN003/MAN005 fixes rename the plugin every finding belongs to
    return d.code, d.severity, d.message, d.path, d.line, d.column


def _changed_lines(before: str, after: str) -> set[int]:
    out = set()
    sm = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    for tag, i1, i2, _j1, _j2 in sm.get_opcodes():
        if tag != "equal":
            out.update(range(i1 + 1, max(i2, i1 + 1) + 1))
    return out


def _exact(text: str) -> str:
    """The text for the snapshot, a CR written as the two characters \\r (a snapshot's multi-line string drops it)."""
    return text.replace("\r", "\\r")


def _finding(root: Path, code: str):
    diags = run_check(root)
    mine = [d for d in diags if d.code == code]
    assert len(mine) == 1, (code, [(d.code, d.message) for d in diags])
    return mine[0], diags


R15_CODES = {code for code, *_ in R15_CASES.values()}


def test_every_fixable_rule_of_these_modules_has_a_case():
    mine = {r.code for r in all_rules() if r.fixable and r.fn.__module__ in MODULES}
    assert mine == {code for code, *_ in CASES.values()} | (mine & R15_CODES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_fix_end_to_end(tmp_path, case):
    code, files, rel, lines, safe = CASES[case]
    root = write_tree(tmp_path / "p", files)
    assert get_rule(code).fixable
    d, diags = _finding(root, code)
    assert d.fix is not None and d.fix.safe is safe and d.fix.paths == [rel]
    others_before = {_what(x) for x in diags if x is not d}
    before = _snapshot(root)
    apply_fix(d.fix, load(root))
    after = _snapshot(root)
    assert {k for k in before if before[k] != after[k]} == {rel}, "only that file changes"
    assert before[rel][1] == after[rel][1]  # mode kept
    old, new = before[rel][0].decode(), after[rel][0].decode()
    assert _changed_lines(old, new) <= lines, (old, new)
    assert new.count("\r\n") == old.count("\r\n") and new.endswith("\n") == old.endswith("\n")  # line ends kept
    json.loads(new)  # still JSON
    diags2 = run_check(root)
    assert _what(d) not in {_what(x) for x in diags2} and code not in codes(diags2), codes(diags2)
    assert {_what(x) for x in diags2} <= others_before, "no new finding"
    assert not [x for x in diags2 if x.fix is not None and x.path == rel and x.code == code]


@pytest.mark.parametrize("case", sorted(CASES))
def test_fix_output(tmp_path, case, snapshot):
    code, files, rel, _lines, _safe = CASES[case]
    root = write_tree(tmp_path / "p", files)
    d, _ = _finding(root, code)
    apply_fix(d.fix, load(root))
    out = {p: _exact((root / p).read_bytes().decode("utf-8")) for p in d.fix.paths}
    assert {"title": d.fix.title, "safe": d.fix.safe, "files": out} == snapshot


# ---------------------------------------------------------------------------------------------------------------
# where no fix is mechanical, none is offered


@pytest.mark.parametrize(
    "code, files",
    [
        # the field it suggests is there already: renaming would lose a value
        ("MAN011", manifest(Commands="./cmds", commands="./commands")),
        # an absolute path, backslashes, or ".." have no mechanical "./" form
        ("MAN014", manifest(commands="/abs/commands")),
        ("MAN014", manifest(commands="commands\\sub")),
        ("MAN014", manifest(commands="../commands")),
        # no ASCII letter or digit to build a name from, or the name it would give is reserved
        ("MAN003", {**manifest(), PJ: {**MAN, "name": "日本 語"}}),
        ("MAN003", {**manifest(), PJ: {**MAN, "name": "Claude Helper"}}),
        # another entry already has the kebab-case name
        ("MKT004", market({"name": "Code Review", "source": GITHUB}, {"name": "code-review", "source": GITHUB})),
    ],
)
def test_no_fix_when_it_is_not_mechanical(tmp_path, code, files):
    root = write_tree(tmp_path / "p", files)
    mine = [d for d in run_check(root) if d.code == code]
    assert mine and all(d.fix is None for d in mine), [(d.message, d.fix) for d in mine]


@pytest.mark.parametrize(
    "name, new",
    [
        ("My Plugin", "my-plugin"),
        ("codeReview", "code-review"),
        ("code_review", "code-review"),
        ("Café Tools", "cafe-tools"),  # accents dropped
        ("my\u200bplugin", "myplugin"),  # a zero-width space is dropped, not turned into "-"
        ("my\tplugin", "my-plugin"),
        ("-x-", "x"),
        ("my-plugin", None),  # nothing to change
        ("日本 語", None),  # no ASCII letter to build a name from
        ("  ", None),
    ],
)
def test_kebab_name(name, new):
    assert kebab_name(name) == new


def test_man020_two_default_items_leave_the_other_paths(tmp_path):
    # both items name hooks/hooks.json: each removes its own item, and applied together they keep the third
    files = {
        **manifest(hooks=["./hooks/hooks.json", "./hooks/extra.json", "hooks/../hooks/hooks.json"]),
        "hooks/hooks.json": HOOKS,
        "hooks/extra.json": HOOKS,
    }
    root = write_tree(tmp_path / "p", files)
    mine = [d for d in run_check(root) if d.code == "MAN020"]
    assert len(mine) == 2
    res = apply_fixes(mine, root)
    assert len(res.applied) == 2
    assert json.loads((root / PJ).read_text())["hooks"] == ["./hooks/extra.json"]


# ---------------------------------------------------------------------------------------------------------------
# the command line: --fix applies the safe fixes, --unsafe-fixes also the unsafe ones


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )


def test_check_fix_applies_safe_and_unsafe_fixes_only_when_asked(tmp_path):
    files = {**manifest(commands="commands", homepgae="https://example.com/demo")}
    root = write_tree(tmp_path / "p", files)
    r = _cli("check", str(root), "--fix", "--format", "json")
    data = json.loads((root / PJ).read_text())
    assert data["commands"] == "./commands" and "homepgae" in data, r.stdout + r.stderr
    left = {d["code"] for d in json.loads(r.stdout)["diagnostics"]}
    assert "MAN014" not in left and "MAN011" in left
    r = _cli("check", str(root), "--fix", "--unsafe-fixes", "--format", "json")
    data = json.loads((root / PJ).read_text())
    assert data["homepage"] == "https://example.com/demo" and "homepgae" not in data, r.stdout + r.stderr
    assert r.returncode == 0, r.stdout
