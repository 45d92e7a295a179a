"""The exact output of the fixes added with the rules of issue "catch what the others catch, fix what is
mechanical", pinned with syrupy: renames (SKL010, PLG002), hook timeouts in milliseconds (HOOK029), a hook group
switched "off" (HOOK014), tool names in the wrong case (SKL017, CMD016), MCP tools named by the plugin's name
(CMD017), a backticked path one folder name off (SKL018).

For every finding of the case's rule the snapshot holds where it is and either ``None`` (no fix there) or the fix:
its title, its safety and every file it changes after it is applied on a fresh copy (a file a rename removed shows
as ``None``). Files the fix does not name stay byte for byte the same.

Regenerate with ``pytest tests/unit/test_fix_outputs_rules15a.py --snapshot-update`` and read every change.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import run_check, write_tree
from tui.core.fix.apply import apply_fix, undo

MANIFEST = {"name": "p", "version": "1.0.0", "description": "d", "author": {"name": "a"}}
OK = "---\nname: pdf\ndescription: Fill PDF forms.\n---\nFill the form.\n"
HJ = "hooks/hooks.json"
CMD = {"type": "command", "command": "echo ok"}


def H(event: str, *handlers: Any, **group: Any) -> dict:
    return {"hooks": {event: [{**group, "hooks": list(handlers)}]}}


def skill(fm: str, body: str = "Do it.\n", name: str = "pdf") -> dict:
    return {f"skills/{name}/SKILL.md": f"---\nname: {name}\ndescription: Fill PDF forms.\n{fm}---\n{body}"}


NOTES_MCP = {".mcp.json": {"notes": {"command": "${CLAUDE_PLUGIN_ROOT}/bin/notes"}}, "bin/notes": "#!/bin/sh\n"}

# case id -> (code, files, executable files, profile, plugin name)
CASES: dict[str, tuple[str, dict, tuple, str]] = {
    # SKL010: skill.md -> SKILL.md (safe); a README.md with the skill's frontmatter -> SKILL.md (unsafe)
    "SKL010-rename-lowercase": ("SKL010", {"skills/pdf/skill.md": OK}, (), "official"),
    "SKL010-rename-readme": ("SKL010", {"skills/pdf/README.md": OK}, (), "official"),
    "SKL010-no-fix-plain-readme": ("SKL010", {"skills/pdf/README.md": "# PDF\n"}, (), "official"),
    "SKL010-no-fix-only-references": ("SKL010", {"skills/pdf/references/guide.md": "# g\n"}, (), "official"),
    # PLG002: a component file inside .claude-plugin/<dir>/ moves to <dir>/ (unsafe), unless one is there
    "PLG002-move-agent": ("PLG002", {".claude-plugin/agents/rev.md": "---\nname: rev\n---\nReview.\n"}, (), "official"),
    "PLG002-no-fix-target-exists": (
        "PLG002",
        {".claude-plugin/commands/hi.md": "Hi.\n", "commands/hi.md": "Hello.\n"},
        (),
        "official",
    ),
    # HOOK029: milliseconds written as seconds (unsafe: / 1000)
    "HOOK029-ms": ("HOOK029", {HJ: H("PreToolUse", {**CMD, "timeout": 10000}, matcher="Bash")}, (), "official"),
    "HOOK029-half-second": ("HOOK029", {HJ: H("Stop", {**CMD, "timeout": 1500})}, (), "official"),
    # HOOK014: "enabled": false does not switch a group off; the fix (unsafe) removes the group
    "HOOK014-enabled-false": (
        "HOOK014",
        {HJ: {"hooks": {"Stop": [{"enabled": False, "hooks": [CMD]}, {"hooks": [CMD]}]}}},
        (),
        "official",
    ),
    "HOOK014-no-fix-file-pattern-env": (
        "HOOK014",
        {HJ: H("PostToolUse", {**CMD, "environment": {"A": "1"}}, matcher="Write", filePattern="*.ts")},
        (),
        "official",
    ),
    # HOOK014: a field of another handler type is ignored: removed (safe; agnix CC-HK-015)
    "HOOK014-other-type": ("HOOK014", {HJ: H("Stop", {**CMD, "model": "haiku"})}, (), "official"),
    # SKL005: XML tags out of a skill description (unsafe; agnix AS-009)
    "SKL005-xml": (
        "SKL005",
        {"skills/pdf/SKILL.md": "---\nname: pdf\ndescription: Convert <file> to <b>PDF</b> files.\n---\nGo.\n"},
        (),
        "official",
    ),
    # MAN009: `1.0` -> `1.0.0`, `v2.1.0` -> `2.1.0` (unsafe; agnix CC-PL-003)
    "MAN009-pad": ("MAN009", {".claude-plugin/plugin.json": {**MANIFEST, "version": "1.0"}}, (), "official"),
    "MAN009-strip-v": ("MAN009", {".claude-plugin/plugin.json": {**MANIFEST, "version": "v2.1.0"}}, (), "official"),
    "MAN009-no-fix": ("MAN009", {".claude-plugin/plugin.json": {**MANIFEST, "version": "2024-05"}}, (), "official"),
    # SKL017 / CMD016: a known tool in the wrong case (safe); an unknown one has no fix
    "SKL017-case": ("SKL017", skill("allowed-tools: read, Grep, Bash(git:*), Searchh\n"), (), "official"),
    "CMD016-case": (
        "CMD016",
        {"commands/c.md": "---\ndescription: c\nallowed-tools:\n  - bash(git:*)\n  - Read\n---\nGo.\n"},
        (),
        "official",
    ),
    # CMD017: the plugin's own name used as the server name; one bundled server -> its scoped prefix (unsafe)
    "CMD017-plugin-name": (
        "CMD017",
        {
            **NOTES_MCP,
            "commands/s.md": "---\ndescription: s\nallowed-tools:\n  - mcp__p__search_notes\n  - mcp__p__get_note\n"
            "  - mcp__github__get_issue\n---\nSearch.\n",
        },
        ("bin/notes",),
        "official",
    ),
    # SKL018: a backticked path one folder name off (references/ for reference/) -> the existing path (unsafe)
    "SKL018-near": (
        "SKL018",
        {
            **skill("", "Read `references/guide.md` first. Then `references/none.md`.\n"),
            "skills/pdf/reference/guide.md": "# g\n",
        },
        (),
        "official",
    ),
}


def _files(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mode & 0o7777)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_fix_output(tmp_path, case, snapshot):
    code, files, executable, profile = CASES[case]
    tree = {".claude-plugin/plugin.json": MANIFEST, **files}
    pristine = write_tree(tmp_path / "pristine", tree)
    for rel in tree:
        os.chmod(pristine / rel, 0o755 if rel in executable else 0o644)
    found = [d for d in run_check(pristine, profile=profile) if d.code == code]
    assert found, f"{case}: {code} did not fire"
    out = []
    for i, d in enumerate(found):
        entry: dict[str, Any] = {"at": f"{d.path}:{d.line}:{d.column}", "severity": d.severity, "fix": None}
        if d.related:
            entry["related"] = [f"{r.path}:{r.line}" for r in d.related]
        if d.fix is not None:
            root = tmp_path / f"fix{i}"
            shutil.copytree(pristine, root)
            before = _files(root)
            record = apply_fix(d.fix, root)
            after = _files(root)
            changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
            assert changed == sorted(d.fix.paths), "the fix changes exactly the files it names"
            entry["fix"] = {
                "title": d.fix.title,
                "safe": d.fix.safe,
                "files": {rel: after[rel][0].decode() if rel in after else None for rel in changed},
            }
            undo(record)
            assert _files(root) == before, "undo restores every file"
        out.append(entry)
    assert out == snapshot
