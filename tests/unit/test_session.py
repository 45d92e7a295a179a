"""Incremental re-check (tui/core/session.py): equal to a full check after any sequence of edits."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import CORPUS, write_tree
from tui.core.lint.config import Config
from tui.core.lint.engine import check
from tui.core.lint.session import Session
from tui.core.model.loader import load
from tui.core.parse import fsread

ENV: dict[str, str] = {}


def full_identities(root: Path, config: Config | None = None) -> list[tuple]:
    return [d.identity() for d in check(load(root), config or Config(), environ=ENV)]


def ids(result) -> list[tuple]:
    return [d.identity() for d in result.diagnostics]


def plugin_files(name: str) -> dict:
    return {
        f"plugins/{name}/.claude-plugin/plugin.json": {
            "name": name,
            "version": "1.0.0",
            "description": "d",
            "author": {"name": "A"},
        },
        f"plugins/{name}/commands/hello.md": "---\ndescription: Say hello\n---\nSay hello to $ARGUMENTS\n",
        f"plugins/{name}/agents/reviewer.md": (
            "---\nname: reviewer\ndescription: Reviews code. Use when asked to "
            "review.\ntools: Read, Grep\n---\nYou review code.\n"
        ),
        f"plugins/{name}/skills/lint/SKILL.md": (
            "---\nname: lint\ndescription: Lints files. Use when the user asks to lint.\n---\nRun the linter.\n"
        ),
        f"plugins/{name}/hooks/hooks.json": {
            "hooks": {
                "PreToolUse": [
                    {
                        "matcher": "Bash",
                        "hooks": [{"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/hooks/guard.sh"}],
                    }
                ]
            }
        },
        f"plugins/{name}/hooks/guard.sh": "#!/bin/sh\nexit 0\n",
        f"plugins/{name}/.mcp.json": {"mcpServers": {"api": {"command": "npx", "args": ["-y", "srv"]}}},
    }


def make_marketplace(root: Path) -> Path:
    files = {
        ".claude-plugin/marketplace.json": {
            "name": "market",
            "owner": {"name": "O"},
            "plugins": [
                {"name": "alpha", "source": "./plugins/alpha", "description": "a"},
                {"name": "beta", "source": "./plugins/beta", "description": "b"},
            ],
        }
    }
    files.update(plugin_files("alpha"))
    files.update(plugin_files("beta"))
    write_tree(root, files, executable=["plugins/alpha/hooks/guard.sh", "plugins/beta/hooks/guard.sh"])
    return root


# ------------------------------------------------------------------------------------------ basics


def test_full_equals_engine_check(tmp_path):
    root = make_marketplace(tmp_path / "m")
    s = Session(root, Config(), ENV)
    r = s.full()
    assert r.full and r.project.kind == "marketplace"
    assert ids(r) == full_identities(root)


def test_update_reruns_only_the_changed_plugin(tmp_path):
    root = make_marketplace(tmp_path / "m")
    s = Session(root, Config(), ENV)
    s.full()
    (root / "plugins/alpha/agents/reviewer.md").write_text("---\nname: reviewer\ndescription: [unclosed\n---\nx\n")
    r = s.update({"plugins/alpha/agents/reviewer.md"})
    assert not r.full
    assert r.changed_files == {"plugins/alpha/agents/reviewer.md"}
    assert r.reran == 1 and r.reused == 1
    assert any(d.path == "plugins/alpha/agents/reviewer.md" for d in r.diagnostics)
    assert ids(r) == full_identities(root)


def test_problem_appears_then_disappears(tmp_path):
    root = make_marketplace(tmp_path / "m")
    s = Session(root, Config(), ENV)
    before = ids(s.full())
    manifest = root / "plugins/beta/.claude-plugin/plugin.json"
    good = manifest.read_text()
    manifest.write_text('{"name": "beta",')
    r = s.update({"plugins/beta/.claude-plugin/plugin.json"})
    assert "FILE004" in {d.code for d in r.diagnostics}
    manifest.write_text(good)
    r = s.update({"plugins/beta/.claude-plugin/plugin.json"})
    assert ids(r) == before


@pytest.mark.parametrize("partial", ["", '{"mcpServers": {"api": {"comm'])
def test_half_written_file_leaves_no_phantom(tmp_path, partial):
    """An editor caught mid-save: the empty/cut state is reported, and gone on the next event."""
    root = make_marketplace(tmp_path / "m")
    s = Session(root, Config(), ENV)
    before = ids(s.full())
    f = root / "plugins/alpha/.mcp.json"
    good = f.read_text()
    f.write_text(partial)
    r = s.update({"plugins/alpha/.mcp.json"})
    assert any(d.path == "plugins/alpha/.mcp.json" for d in r.diagnostics)
    f.write_text(good)
    r = s.update({"plugins/alpha/.mcp.json"})
    assert ids(r) == before


def test_read_racing_a_write_is_not_cached(tmp_path, monkeypatch):
    """The walk saw the finished file but the read got a cut one (the writer was still going): the cut
    parse must not be cached under the finished file's stamp."""
    from tui.core.model import source

    root = make_marketplace(tmp_path / "m")
    f = root / "plugins/alpha/.claude-plugin/plugin.json"
    good = f.read_text()
    os.utime(f, ns=(1_000_000_000, 1_000_000_000))  # old: cacheable as far as the clock goes
    s = Session(root, Config(), ENV)
    before = ids(s.full())
    real = source.read_text

    def cut(path, *a, **kw):
        res = real(path, *a, **kw)
        if str(path).endswith("alpha/.claude-plugin/plugin.json") and res.text:
            res.text = res.text[: len(res.text) // 2]
            res.size = len(res.text)
        return res

    monkeypatch.setattr(source, "read_text", cut)
    f.write_text(good)
    os.utime(f, ns=(2_000_000_000, 2_000_000_000))
    r = s.update({"plugins/alpha/.claude-plugin/plugin.json"})
    assert "FILE004" in {d.code for d in r.diagnostics}
    monkeypatch.setattr(source, "read_text", real)
    r = s.update({"plugins/alpha/.claude-plugin/plugin.json"})  # the next event: read again
    assert ids(r) == before


def test_same_size_rewrite_within_one_clock_tick(tmp_path):
    """Two saves with equal size and equal mtime (coarse file clocks): the second is still seen."""
    root = make_marketplace(tmp_path / "m")
    f = root / "plugins/alpha/commands/hello.md"
    old = (1_000_000_000, 1_000_000_000)  # long ago: the parse is cached
    os.utime(f, ns=old)
    s = Session(root, Config(), ENV)
    before = s.full()
    assert not any(d.path == "plugins/alpha/commands/hello.md" for d in before.diagnostics)
    text = f.read_text()
    broken = text.replace("description: Say hello", "description: [ay hello")
    assert len(broken) == len(text)
    f.write_text(broken)
    os.utime(f, ns=old)  # same size, same mtime, same inode: an equal stamp
    r = s.update({"plugins/alpha/commands/hello.md"})
    assert r.project.files["plugins/alpha/commands/hello.md"].fm.repaired
    assert any(d.path == "plugins/alpha/commands/hello.md" for d in r.diagnostics)
    assert ids(r) == full_identities(root)


def test_add_remove_rename(tmp_path):
    root = make_marketplace(tmp_path / "m")
    s = Session(root, Config(), ENV)
    s.full()
    (root / "plugins/alpha/commands/new.md").write_text("no frontmatter\n")
    r = s.update({"plugins/alpha/commands/new.md"})
    assert "plugins/alpha/commands/new.md" in r.project.files
    assert ids(r) == full_identities(root)
    os.rename(root / "plugins/alpha/commands/new.md", root / "plugins/alpha/commands/renamed.md")
    r = s.update({"plugins/alpha/commands/new.md", "plugins/alpha/commands/renamed.md"})
    assert "plugins/alpha/commands/new.md" not in r.project.files
    assert [c.name for c in r.project.plugins[0].commands] == ["hello", "renamed"]
    assert r.changed_files == {"plugins/alpha/commands/new.md", "plugins/alpha/commands/renamed.md"}
    assert ids(r) == full_identities(root)
    shutil.rmtree(root / "plugins/beta/skills")
    r = s.update({"plugins/beta/skills"})  # a folder removal is reported as the folder
    assert not r.project.plugins[1].skills
    assert ids(r) == full_identities(root)
    # a whole plugin folder renamed: the marketplace entry now points nowhere
    os.rename(root / "plugins/beta", root / "plugins/gamma")
    r = s.update({"plugins/beta", "plugins/gamma"})
    assert ids(r) == full_identities(root)


def test_new_folder_reported_only_by_its_file(tmp_path):
    """A file inside a folder the index has never seen: the folder is walked."""
    root = make_marketplace(tmp_path / "m")
    s = Session(root, Config(), ENV)
    s.full()
    write_tree(
        root, {"plugins/alpha/skills/deep/SKILL.md": "---\nname: deep\ndescription: Deep. Use when x.\n---\nbody\n"}
    )
    r = s.update({"plugins/alpha/skills/deep/SKILL.md"})
    assert "deep" in [sk.name for sk in r.project.plugins[0].skills]
    assert ids(r) == full_identities(root)


def test_refreshed_index_equals_a_fresh_walk(tmp_path):
    root = make_marketplace(tmp_path / "m")
    idx = fsread.walk(root)
    (root / "plugins/alpha/commands/hello.md").write_text("changed\n")
    os.remove(root / "plugins/beta/hooks/guard.sh")
    os.symlink("../agents/reviewer.md", root / "plugins/beta/hooks/link.md")
    os.symlink("missing", root / "plugins/beta/dangling")
    new, changed = fsread.refresh(
        idx,
        [
            "plugins/alpha/commands/hello.md",
            "plugins/beta/hooks/guard.sh",
            "plugins/beta/hooks/link.md",
            "plugins/beta/dangling",
        ],
    )
    fresh = fsread.walk(root)

    def stamps(i):
        return {r: fsread.entry_stamp(e) for r, e in i.entries.items()}

    assert stamps(new) == stamps(fresh)
    assert {k: sorted(v) for k, v in new.children.items() if v} == {
        k: sorted(v) for k, v in fresh.children.items() if v
    }
    assert changed == {
        "plugins/alpha/commands/hello.md",
        "plugins/beta/hooks/guard.sh",
        "plugins/beta/hooks/link.md",
        "plugins/beta/dangling",
    }
    assert "plugins/beta/hooks/guard.sh" in idx.entries  # the old index is not modified


def test_skipped_and_outside_paths_are_ignored(tmp_path):
    root = make_marketplace(tmp_path / "m")
    s = Session(root, Config(), ENV)
    s.full()
    (root / ".git").mkdir()
    (root / ".git" / "index").write_text("x")
    r = s.update({".git/index", "/elsewhere/file.md", "../up.md"})
    assert r.changed_files == set() and r.reran == 0


def test_absolute_paths_are_accepted(tmp_path):
    root = make_marketplace(tmp_path / "m")
    s = Session(root, Config(), ENV)
    s.full()
    f = root / "plugins/beta/commands/hello.md"
    f.write_text("---\ndescription: [x\n---\n")
    r = s.update({str(f.resolve())})
    assert r.changed_files == {"plugins/beta/commands/hello.md"}
    assert ids(r) == full_identities(root)


def test_single_plugin_project(tmp_path):
    root = write_tree(tmp_path / "p", {k.split("/", 2)[2]: v for k, v in plugin_files("solo").items()})
    s = Session(root, Config(), ENV)
    assert ids(s.full()) == full_identities(root)
    (root / "agents/reviewer.md").write_text("---\nname: Bad Name\n---\n")
    r = s.update({"agents/reviewer.md"})
    assert ids(r) == full_identities(root)


# ------------------------------------------------------------------------------------------ property

JSON_FILES = [
    ".claude-plugin/marketplace.json",
    "plugins/alpha/.claude-plugin/plugin.json",
    "plugins/beta/.mcp.json",
    "plugins/alpha/hooks/hooks.json",
]
MD_FILES = [
    "plugins/alpha/commands/hello.md",
    "plugins/beta/agents/reviewer.md",
    "plugins/alpha/skills/lint/SKILL.md",
    "plugins/beta/commands/hello.md",
]
NEW_FILES = [
    "plugins/alpha/commands/extra.md",
    "plugins/beta/agents/extra.md",
    "plugins/beta/skills/new/SKILL.md",
    "plugins/alpha/.lsp.json",
    "plugins/beta/hooks/guard.sh",
    "plugins/alpha/README.md",
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=6),
    lambda ch: (
        st.lists(ch, max_size=3)
        | st.dictionaries(
            st.sampled_from(["name", "version", "command", "type", "hooks", "mcpServers", "plugins", "source", "x"]),
            ch,
            max_size=3,
        )
    ),
    max_leaves=6,
)

edit = st.one_of(
    st.tuples(st.just("json"), st.sampled_from(JSON_FILES), json_values.map(json.dumps)),
    st.tuples(st.just("json-cut"), st.sampled_from(JSON_FILES), st.integers(0, 40)),
    st.tuples(
        st.just("fm"),
        st.sampled_from(MD_FILES + NEW_FILES[:3]),
        st.sampled_from(
            [
                "---\nname: ok\ndescription: Fine. Use when needed.\n---\nbody\n",
                "---\ndescription: [broken\n---\nbody\n",
                "---\nname: x\nargument-hint: [a] [b]\n---\n",
                "---\nname: unclosed\n",
                "no frontmatter at all\n",
                "",
                "---\n- a list\n---\n",
            ]
        ),
    ),
    st.tuples(st.just("delete"), st.sampled_from(JSON_FILES + MD_FILES + NEW_FILES), st.just(None)),
    st.tuples(st.just("rename"), st.sampled_from(MD_FILES + NEW_FILES), st.sampled_from(NEW_FILES + MD_FILES)),
    st.tuples(
        st.just("rmdir"), st.sampled_from(["plugins/beta/skills", "plugins/alpha/hooks", "plugins/beta"]), st.just(None)
    ),
)


def apply_edit(root: Path, e) -> set[str]:
    kind, rel, arg = e
    p = root / rel
    if kind == "json":
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(arg)
        return {rel}
    if kind == "json-cut":
        if p.is_file():
            p.write_text(p.read_text()[:arg])
            return {rel}
        return set()
    if kind == "fm":
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(arg)
        return {rel}
    if kind == "delete":
        if p.is_file() or p.is_symlink():
            p.unlink()
            return {rel}
        return set()
    if kind == "rename":
        if p.is_file() and rel != arg:
            (root / arg).parent.mkdir(parents=True, exist_ok=True)
            os.replace(p, root / arg)
            return {rel, arg}
        return set()
    if kind == "rmdir":
        if p.is_dir():
            shutil.rmtree(p)
            return {rel}
        return set()
    raise AssertionError(kind)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(edit, min_size=1, max_size=3), min_size=1, max_size=5))
def test_incremental_equals_full(batches):
    with tempfile.TemporaryDirectory() as tmp:
        root = make_marketplace(Path(tmp) / "m")
        s = Session(root, Config(), ENV)
        assert ids(s.full()) == full_identities(root)
        for batch in batches:
            changed: set[str] = set()
            for e in batch:
                changed |= apply_edit(root, e)
            r = s.update(changed)
            assert ids(r) == full_identities(root), batch
            assert r.diagnostics == s.diagnostics


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edit, min_size=1, max_size=6))
def test_incremental_equals_full_with_plugin_dev_profile(edits):
    config = Config(profile="plugin-dev")
    with tempfile.TemporaryDirectory() as tmp:
        root = make_marketplace(Path(tmp) / "m")
        s = Session(root, config, ENV)
        s.full()
        for e in edits:
            r = s.update(apply_edit(root, e))
        assert ids(r) == full_identities(root, config)


# ------------------------------------------------------------------------------------------ corpus


@pytest.mark.corpus
def test_corpus_single_file_update(tmp_path):
    src = CORPUS / "anthropics__claude-plugins-official"
    root = tmp_path / "c"
    shutil.copytree(src, root, symlinks=True)
    s = Session(root, Config(), ENV)
    s.full()
    md = sorted(root.glob("plugins/*/commands/*.md")) or sorted(root.glob("**/*.md"))
    target = md[0]
    rel = target.relative_to(root).as_posix()
    target.write_text("---\ndescription: [broken\n---\n")
    r = s.update({rel})
    assert any(d.path == rel for d in r.diagnostics)
    assert ids(r) == full_identities(root)
    assert r.reused >= len(r.project.plugins) - 2


def test_burst_over_the_refresh_limit_walks_again(tmp_path):
    """A git checkout touching more paths than refresh handles: a full walk, still equal to a full check."""
    root = make_marketplace(tmp_path / "m")
    s = Session(root, Config(), ENV)
    s.full()
    changed = set()
    for i in range(300):
        rel = f"plugins/alpha/commands/c{i:03}.md"
        (root / rel).write_text("---\ndescription: [x\n---\n" if i % 7 == 0 else "---\ndescription: ok\n---\nx\n")
        changed.add(rel)
    r = s.update(changed)
    assert len(r.changed_files) >= 300
    assert ids(r) == full_identities(root)
