"""The fix engine: apply atomically, refuse stale files, undo exactly, preview as diffs; fixes on the FILE rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, codes, run_check, write_tree
from tui.core.base.fixtypes import ChmodEdit, CreateFile, Fix, LazyFix, TextEdit, make_fix
from tui.core.fix.apply import (
    FixConflictError,
    FixError,
    StaleFileError,
    UndoStack,
    apply_fix,
    apply_fixes,
    preview,
    preview_many,
    undo,
)
from tui.core.lint.registry import get_rule
from tui.core.model.loader import load
from tui.core.parse.edits import chmod_x, json_set_value, remove_bom

MANIFEST = '{\r\n  "name": "demo",\r\n  "version": "1.0.0"\r\n}'  # CRLF, no trailing newline


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out[p.relative_to(root).as_posix()] = (p.read_bytes(), p.stat().st_mode & 0o7777)
    return out


@pytest.fixture
def plugin(tmp_path):
    root = write_tree(
        tmp_path / "p", {".claude-plugin/plugin.json": MANIFEST, "hooks/scripts/run.sh": "#!/bin/sh\necho hi\n"}
    )
    os.chmod(root / ".claude-plugin/plugin.json", 0o640)
    return root


def test_apply_keeps_mode_and_other_bytes_and_undo_restores(plugin):
    project = load(plugin)
    sf = project.files[".claude-plugin/plugin.json"]
    before = _snapshot(plugin)
    fix = make_fix("bump", json_set_value(sf, ("version",), "1.0.1"))
    rec = apply_fix(fix, project)
    p = plugin / ".claude-plugin/plugin.json"
    assert p.read_bytes() == MANIFEST.replace("1.0.0", "1.0.1").encode()
    assert p.stat().st_mode & 0o7777 == 0o640
    assert rec.paths == [".claude-plugin/plugin.json"]
    assert rec.files[0].before == MANIFEST.encode()
    after = _snapshot(plugin)
    assert {k for k in before if before[k] != after[k]} == {".claude-plugin/plugin.json"}
    assert not list(plugin.rglob("*.plugin-tui.tmp"))  # no temp file left behind
    undo(rec)
    assert _snapshot(plugin) == before


def test_stale_file_refuses_and_writes_nothing(plugin):
    project = load(plugin)
    sf = project.files[".claude-plugin/plugin.json"]
    fix = make_fix("bump", json_set_value(sf, ("version",), "2.0.0"))
    p = plugin / ".claude-plugin/plugin.json"
    p.write_text('{"name": "demo", "version": "1.0.0"}\n')  # edited by someone else after the check
    changed = p.read_bytes()
    with pytest.raises(StaleFileError):
        apply_fix(fix, project)
    assert p.read_bytes() == changed
    assert "cannot apply" in preview(fix, project)


def test_applying_twice_changes_nothing_the_second_time(plugin):
    project = load(plugin)
    sf = project.files[".claude-plugin/plugin.json"]
    fix = make_fix("bump", json_set_value(sf, ("version",), "2.0.0"))
    apply_fix(fix, project)
    once = _snapshot(plugin)
    with pytest.raises(StaleFileError):  # the text it was built on is gone
        apply_fix(fix, project)
    assert _snapshot(plugin) == once
    sf2 = load(plugin).files[".claude-plugin/plugin.json"]
    assert json_set_value(sf2, ("version",), "2.0.0") is None  # rebuilt on the new text: nothing to do


def test_chmod_preview_and_undo(plugin):
    project = load(plugin)
    script = plugin / "hooks/scripts/run.sh"
    os.chmod(script, 0o644)
    fix = make_fix("make it executable", chmod_x("hooks/scripts/run.sh"))
    diff = preview(fix, project)
    assert "old mode 100644\nnew mode 100755\n" in diff
    rec = apply_fix(fix, project)
    assert script.stat().st_mode & 0o777 == 0o755
    assert script.read_bytes() == b"#!/bin/sh\necho hi\n"
    undo(rec)
    assert script.stat().st_mode & 0o777 == 0o644


def test_create_file_and_undo(plugin):
    fix = Fix("add a README", True, [CreateFile("README.md", "# demo\n")])
    diff = preview(fix, plugin)
    assert "--- /dev/null" in diff and "+# demo" in diff
    rec = apply_fix(fix, plugin)
    assert (plugin / "README.md").read_text() == "# demo\n"
    with pytest.raises(StaleFileError):
        apply_fix(fix, plugin)  # never overwrites
    undo(rec)
    assert not (plugin / "README.md").exists()


def test_undo_refuses_when_the_file_changed_after_the_fix(plugin):
    project = load(plugin)
    sf = project.files[".claude-plugin/plugin.json"]
    rec = apply_fix(make_fix("bump", json_set_value(sf, ("version",), "3.0.0")), project)
    p = plugin / ".claude-plugin/plugin.json"
    p.write_text("{}\n")
    with pytest.raises(StaleFileError):
        undo(rec)
    assert p.read_text() == "{}\n"


def test_undo_stack_several_levels(plugin):
    stack = UndoStack()
    original = _snapshot(plugin)
    for v in ("1.1.0", "1.2.0", "1.3.0"):
        sf = load(plugin).files[".claude-plugin/plugin.json"]
        stack.push(apply_fix(make_fix(f"to {v}", json_set_value(sf, ("version",), v)), plugin))
    assert len(stack) == 3
    assert json.loads((plugin / ".claude-plugin/plugin.json").read_text())["version"] == "1.3.0"
    stack.undo()
    assert json.loads((plugin / ".claude-plugin/plugin.json").read_text())["version"] == "1.2.0"
    stack.undo()
    stack.undo()
    assert not stack and stack.undo() is None
    assert _snapshot(plugin) == original


def test_overlapping_edits(plugin):
    project = load(plugin)
    sf = project.files[".claude-plugin/plugin.json"]
    a = TextEdit(sf.rel, 5, 9, "x", sf.text)
    b = TextEdit(sf.rel, 7, 12, "y", sf.text)
    with pytest.raises(FixConflictError):
        apply_fix(Fix("bad", True, [a, b]), project)
    # in a batch the second, overlapping fix is skipped and the first applies
    f1 = make_fix("name", json_set_value(sf, ("name",), "one"))
    f2 = make_fix("name again", json_set_value(sf, ("name",), "two"))
    f3 = make_fix("version", json_set_value(sf, ("version",), "9.9.9"))
    res = apply_fixes([f1, f2, f3], project)
    assert res.applied == [f1, f3] and [i for i, _ in res.skipped] == [f2]
    data = json.loads((plugin / ".claude-plugin/plugin.json").read_text())
    assert data == {"name": "one", "version": "9.9.9"}
    undo(res.record)
    assert (plugin / ".claude-plugin/plugin.json").read_bytes() == MANIFEST.encode()


def test_refuses_paths_outside_the_root(tmp_path, plugin):
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    (plugin / "link.json").symlink_to(outside)
    with pytest.raises(FixError):
        apply_fix(Fix("x", True, [TextEdit("link.json", 0, 0, " ", "{}")]), plugin)
    with pytest.raises(FixError):
        apply_fix(Fix("x", True, [TextEdit("../outside.json", 0, 0, " ", "{}")]), plugin)
    assert outside.read_text() == "{}"


def test_symlink_inside_root_is_written_through(plugin):
    (plugin / "real.json").write_text('{"a": 1}')
    (plugin / "alias.json").symlink_to("real.json")
    apply_fix(Fix("x", True, [TextEdit("alias.json", 6, 7, "2", '{"a": 1}')]), plugin)
    assert (plugin / "alias.json").is_symlink()
    assert (plugin / "real.json").read_text() == '{"a": 2}'


def test_lazy_fix_and_make_fix_none():
    assert make_fix("x", None) is None
    assert make_fix("x", [None]) is None
    calls = []
    lf = LazyFix("lazy", True, lambda: calls.append(1) or ChmodEdit("a.sh"))
    assert not calls
    assert lf.edits == [ChmodEdit("a.sh")] and lf.edits and calls == [1]
    broken = LazyFix("broken", True, lambda: 1 / 0)
    assert broken.edits == []


def _helper_with_fix(ctx, target):  # stands for a shared helper of rules/_kit that attaches its fixes
    yield ctx.at("x", fix=make_fix("t", None))


def _helper_without_fix(ctx, target):
    yield ctx.at("x")


_helper_with_fix.__module__ = _helper_without_fix.__module__ = "tui.core.rules._kit.example"


def test_fixable_is_derived_from_the_rule_attaching_a_fix():
    """A rule is fixable when it passes a fix where it makes the finding, itself or through a helper of the rules
    that does; ``fix=None`` or no fix at all is not fixable."""
    from tui.core.lint.registry import attaches_fix

    def direct(ctx, target):
        yield ctx.at("x", fix=make_fix("t", None))

    def explicit_none(ctx, target):
        yield ctx.at("x", fix=None)

    def plain(ctx, target):
        yield ctx.at("x")

    def via_helper(ctx, target):
        yield from _helper_with_fix(ctx, target)

    def via_plain_helper(ctx, target):
        yield from _helper_without_fix(ctx, target)

    assert attaches_fix(direct) and attaches_fix(via_helper)
    assert not attaches_fix(explicit_none) and not attaches_fix(plain) and not attaches_fix(via_plain_helper)


# ---------------------------------------------------------------------------------------------------------------
# the FILE rules' fixes, end to end: the diagnostic disappears, nothing new appears, only that file changes,
# only in the lines the fix names, and a second run changes nothing

BASE = {
    ".claude-plugin/plugin.json": {"name": "demo", "version": "1.0.0", "description": "d", "author": {"name": "a"}},
    "agents/ok.md": "---\nname: ok\ndescription: fine\n---\nbody\n",
}

FIXTURES = {
    "FILE005": ({".mcp.json": b'\xef\xbb\xbf{\n  "mcpServers": {}\n}\n'}, ".mcp.json", {1}),
    "FILE008": (
        {
            "commands/run.md": "---\ndescription: Run it\nargument-hint: [pr] [priority]\n"
            "allowed-tools: Bash(git log: *), Bash(git:*)\n---\nBody: $1\n"
        },
        "commands/run.md",
        {3, 4},
    ),
    "FILE009": (
        {"agents/rev.md": "---\nname: rev\ndescription: Reviews code\n\n# Reviewer\nBody\n"},
        "agents/rev.md",
        {4},
    ),
}


def _changed_lines(before: str, after: str) -> set[int]:
    import difflib

    out = set()
    sm = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            out.update(range(i1 + 1, max(i2, i1 + 1) + 1))
    return out


@pytest.mark.parametrize("code", sorted(FIXTURES))
def test_file_rule_fix_end_to_end(tmp_path, code):
    files, rel, lines = FIXTURES[code]
    root = write_tree(tmp_path / "p", {**BASE, **files})
    rule = get_rule(code)
    assert rule.fixable
    diags = run_check(root)
    mine = [d for d in diags if d.code == code]
    assert mine, codes(diags)
    assert all(d.fix is not None for d in mine), "a fixable rule must attach its fix"
    others_before = {d.identity() for d in diags if d.code != code}
    before = _snapshot(root)
    res = apply_fixes([d for d in mine if d.fix.safe], root)
    assert len(res.applied) == len(mine)
    after = _snapshot(root)
    assert {k for k in before if before[k] != after[k]} == {rel}, "only that file changes"
    assert before[rel][1] == after[rel][1]  # mode kept
    old, new = before[rel][0].decode("utf-8-sig"), after[rel][0].decode("utf-8-sig")
    assert _changed_lines(old, new) <= lines
    diags2 = run_check(root)
    assert code not in codes(diags2)
    assert {d.identity() for d in diags2} <= others_before, "no new diagnostic"
    # twice: nothing left to fix in this file
    assert not [d for d in diags2 if d.fix is not None and d.path == rel]


def test_file008_quotes_as_claude_code_reads_it(tmp_path):
    files, rel, _ = FIXTURES["FILE008"]
    root = write_tree(tmp_path / "p", {**BASE, **files})
    project = load(root)
    lenient = dict(project.files[rel].fm.data)
    diags = [d for d in run_check(root) if d.code == "FILE008"]
    assert len(diags) == 2 and diags[0].fix is diags[1].fix  # one fix for the whole block
    apply_fixes(diags, root)
    fm = load(root).files[rel].fm
    assert not fm.repaired and fm.error is None
    assert fm.data == lenient


def test_file008_tab_indent_fix(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {**BASE, "skills/s/SKILL.md": "---\nname: s\ndescription: d\nmetadata:\n\tversion: 1\n---\nbody\n"},
    )
    lenient = dict(load(root).files["skills/s/SKILL.md"].fm.data)
    diags = [d for d in run_check(root) if d.code == "FILE008"]
    assert len(diags) == 1 and diags[0].line == 5 and "tab" in diags[0].message
    apply_fixes(diags, root)
    assert (root / "skills/s/SKILL.md").read_text().split("\n")[4] == "  version: 1"
    fm = load(root).files["skills/s/SKILL.md"].fm
    assert fm.ok and not fm.repaired and fm.data == lenient


def test_preview_is_a_unified_diff(tmp_path):
    root = write_tree(tmp_path / "p", {**BASE, **FIXTURES["FILE009"][0]})
    d = next(d for d in run_check(root) if d.code == "FILE009")
    diff = preview(d.fix, root)
    assert diff.startswith("diff --git a/agents/rev.md b/agents/rev.md\n--- a/agents/rev.md\n+++ b/agents/rev.md\n")
    assert "\n+---\n" in diff
    assert (root / "agents/rev.md").read_text().count("---") == 1  # preview writes nothing
    assert preview_many([], root) == ""


def test_no_newline_at_end_is_marked(tmp_path):
    root = write_tree(tmp_path / "p", {"x.json": '\ufeff{"a": 1}'})
    sf = load(root).files.get("x.json")
    text = (root / "x.json").read_text(encoding="utf-8")
    fix = Fix("bom", True, [TextEdit("x.json", 0, 1, "", text)]) if sf is None else make_fix("bom", remove_bom(sf))
    assert "\\ No newline at end of file" in preview(fix, root)


def test_core_fix_modules_do_not_import_textual():
    code = (
        "import sys; import tui.core.fix.apply, tui.core.fix.loop, tui.core.parse.edits; "
        "sys.exit(1 if any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


# ---------------------------------------------------------------------------------------------------------------
# the preview screen
