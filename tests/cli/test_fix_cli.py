"""`plugin-tui check --fix / --unsafe-fixes / --diff` in real subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CORPUS, REPO, write_tree

FILES = {
    ".claude-plugin/plugin.json": {"name": "demo", "version": "1.0.0", "description": "d", "author": {"name": "a"}},
    ".mcp.json": b'\xef\xbb\xbf{\n  "mcpServers": {}\n}\n',
    "commands/run.md": "---\ndescription: Run it\nargument-hint: [pr] [priority]\n---\nBody\n",
    "agents/rev.md": "---\nname: rev\ndescription: Reviews code\n\n# Reviewer\nBody\n",
}
FIXED = {".mcp.json", "commands/run.md", "agents/rev.md"}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, cwd=cwd or REPO, timeout=120
    )


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mode & 0o7777)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def file_codes(out: str) -> list[str]:
    return [d["code"] for d in json.loads(out)["diagnostics"] if d["code"].startswith("FILE")]


@pytest.fixture
def plugin(tmp_path):
    return write_tree(tmp_path / "demo", FILES)


def test_check_without_fix_reports_fixable(plugin):
    r = run("check", str(plugin), "--format", "json")
    data = json.loads(r.stdout)
    fixable = {d["code"] for d in data["diagnostics"] if d["fixable"]}
    assert {"FILE005", "FILE008", "FILE009"} <= fixable
    assert r.returncode == 1


def test_fix_applies_safe_fixes_and_reports_what_remains(plugin):
    before = snapshot(plugin)
    r = run("check", str(plugin), "--fix", "--format", "json")
    assert r.stderr.splitlines()[0] == "Fixed 3 problems in 3 files", r.stderr
    data = json.loads(r.stdout)  # stdout stays one JSON document
    assert not {"FILE005", "FILE008", "FILE009"} & set(file_codes(r.stdout))
    assert all(not d["fixable"] or d["code"] not in ("FILE005", "FILE008", "FILE009") for d in data["diagnostics"])
    after = snapshot(plugin)
    assert {k for k in before if before[k] != after[k]} == FIXED
    assert after[".mcp.json"][0] == b'{\n  "mcpServers": {}\n}\n'
    assert b'argument-hint: "[pr] [priority]"\n' in after["commands/run.md"][0]
    assert after["agents/rev.md"][0] == b"---\nname: rev\ndescription: Reviews code\n---\n\n# Reviewer\nBody\n"
    # a second run finds nothing to fix and writes nothing
    r2 = run("check", str(plugin), "--fix")
    assert "Fixed 0 problems in 0 files" in r2.stderr
    assert snapshot(plugin) == after


def test_diff_prints_without_writing(plugin):
    before = snapshot(plugin)
    r = run("check", str(plugin), "--diff")
    assert snapshot(plugin) == before
    assert "--- a/agents/rev.md\n+++ b/agents/rev.md\n" in r.stdout
    assert '+argument-hint: "[pr] [priority]"' in r.stdout
    assert "Would fix 3 problems in 3 files" in r.stderr
    assert "FILE009" not in r.stdout and "problems" not in r.stdout  # only diffs: no report


def test_diff_is_only_diffs_in_every_format(plugin):
    before = snapshot(plugin)
    outs = {fmt: run("check", str(plugin), "--diff", "--format", fmt).stdout for fmt in ("text", "json", "sarif")}
    assert outs["text"] == outs["json"] == outs["sarif"]
    assert outs["text"].startswith("diff --git ") and "+++ b/agents/rev.md" in outs["text"]
    assert snapshot(plugin) == before


def test_diff_output_applies_with_git_apply_from_the_current_folder(plugin):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    r = run("check", ".", "--diff", cwd=plugin)
    ok = subprocess.run(
        ["git", "apply", "--check", "-p1", "-"], input=r.stdout, text=True, cwd=plugin, capture_output=True
    )
    assert ok.returncode == 0, ok.stderr
    above = plugin.parent
    r = run("check", plugin.name, "--diff", cwd=above)
    assert f"+++ b/{plugin.name}/agents/rev.md" in r.stdout  # named from where it was run, like the reports
    ok = subprocess.run(
        ["git", "apply", "--check", "-p1", "-"], input=r.stdout, text=True, cwd=above, capture_output=True
    )
    assert ok.returncode == 0, ok.stderr


def test_unsafe_fixes_needs_fix_or_diff(plugin):
    r = run("check", str(plugin), "--unsafe-fixes")
    assert r.returncode == 2 and "--unsafe-fixes" in r.stderr


def test_unsafe_fixes_flag_is_accepted(plugin):
    r = run("check", str(plugin), "--fix", "--unsafe-fixes", "--format", "json")
    json.loads(r.stdout)
    assert r.stderr.startswith("Fixed 3 problems")


def _assert_parseable_after_fix(dst: Path) -> int:
    """Run --fix --unsafe-fixes on a copy; every changed JSON/Markdown file must still parse. Returns changes."""
    from tui.core.parse import frontmatter

    before = snapshot(dst)
    r = run("check", str(dst), "--fix", "--unsafe-fixes", "--format", "json")
    assert "Traceback" not in r.stderr, r.stderr
    assert r.returncode in (0, 1), r.stderr
    json.loads(r.stdout)
    changed = 0
    for rel, (data, _) in snapshot(dst).items():
        if before.get(rel, (None,))[0] == data:
            continue
        changed += 1
        text = data.decode("utf-8")
        if rel.endswith(".json"):
            json.loads(text)
        elif rel.endswith(".md"):
            fm = frontmatter.split(text)
            assert fm.error is None, (dst, rel, fm.error)
    return changed


def test_fix_on_the_demo_plugin_never_breaks_files(tmp_path):
    dst = tmp_path / "demo"
    shutil.copytree(REPO / "tui" / "demo" / "plugin", dst, symlinks=True)
    _assert_parseable_after_fix(dst)


@pytest.mark.corpus
def test_fix_on_corpus_copies_never_breaks_json_or_yaml(tmp_path):
    plugins = sorted({p.parent.parent for p in CORPUS.rglob(".claude-plugin/plugin.json")})[:20]
    assert plugins
    for i, src in enumerate(plugins):
        dst = tmp_path / f"{i}-{src.name}"
        shutil.copytree(src, dst, symlinks=True, ignore=shutil.ignore_patterns(".git", "node_modules"))
        _assert_parseable_after_fix(dst)
