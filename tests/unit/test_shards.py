"""A full check of a marketplace split over forked processes (tui/core/lint/shards.py) says exactly what a check in
one process says, leaves a state the next run resumes from correctly, and never leaves a process behind."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import write_tree
from tests.unit.test_cache import CROSS_EDITS, MCP_ENV, _view, fresh, make_wide
from tests.unit.test_session import apply_edit, edit, make_marketplace
from tui.core.lint import cache as cache_mod
from tui.core.lint import shards
from tui.core.lint.cache import ResultCache, cached_check
from tui.core.lint.config import Config
from tui.core.lint.session import Session
from tui.core.parse.fsread import walk

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here")


def no_children_left() -> bool:
    """No process of this one is running or left unreaped."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def mixed(root: Path) -> Path:
    """make_wide (nested plugins, an unlisted one, a silenced finding) plus plugins whose rules read the
    environment and files of other folders, two entries of one folder and an entry without a folder."""
    make_wide(root)
    data = json.loads((root / ".claude-plugin/marketplace.json").read_text())
    data["plugins"] += [
        {"name": "twin", "source": "./plugins/alpha", "version": "9.9.9"},
        {"name": "gone", "source": "./plugins/missing"},
        {"name": "remote", "source": {"source": "github", "repo": "o/r"}},
    ]
    (root / ".claude-plugin/marketplace.json").write_text(json.dumps(data))
    (root / "plugins/alpha/.mcp.json").write_text(json.dumps(MCP_ENV))
    write_tree(
        root,
        {
            "plugins/beta/hooks/hooks.json": {
                "hooks": {"PreToolUse": [{"hooks": [{"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/x.sh"}]}]}
            },
            "plugins/beta/skills/pdf/SKILL.md": "---\nname: pdf\ndescription: PDFs. Use for PDFs.\n---\n"
            "See [the guide](references/guide.md) and `scripts/run.sh`; awk '{print $1}'\n",
            "README.md": "# market\n",
        },
    )
    return root


@pytest.mark.parametrize("parts", [2, 3, 7])
@pytest.mark.parametrize("build", [make_marketplace, make_wide, mixed])
@pytest.mark.parametrize("token", [None, "t"])
def test_a_sharded_check_says_what_one_process_says(tmp_path, parts, build, token):
    root = build(tmp_path / "m")
    environ = {} if token is None else {"API_TOKEN": token}
    session = Session(root, Config(), environ)
    done = shards.sharded_full(session, walk(root), parts, lambda s: sorted(p.rel for p in s.project.plugins))
    assert done is not None
    result, reports = done
    assert _view(result.diagnostics) == fresh(root, environ=environ)
    assert _view(result.diagnostics) == _view(Session(root, Config(), environ).full().diagnostics)
    assert len(reports) == parts and no_children_left()
    assert (result.reran, result.reused) == (0, len(result.project.plugins))  # every plugin checked in a share
    # a state the next check can go on from: an edit later, the incremental check still says what a fresh one says
    (root / "plugins/alpha/commands/hello.md").write_text("---\ndescription: [broken\n---\nbody\n")
    again = session.update(["plugins/alpha/commands/hello.md"])
    assert _view(again.diagnostics) == fresh(root, environ=environ)


@pytest.fixture
def sharding(monkeypatch):
    """The CLI's cached check shards every marketplace (three processes); the list counts the sharded runs."""
    monkeypatch.setattr(shards, "MIN_FILES", 0)
    monkeypatch.setenv("PLUGIN_TUI_JOBS", "3")
    used: list[int] = []
    real = shards.sharded_full

    def spy(*a, **k):
        out = real(*a, **k)
        used.append(out is not None)
        return out

    monkeypatch.setattr(shards, "sharded_full", spy)
    return used


def run(root: Path, cache: ResultCache, environ: dict | None = None):
    project, diags, hit = cached_check(root, Config(), environ or {}, cache)
    return _view(diags), hit


def test_the_cached_check_shards_a_large_marketplace_and_resumes_from_it(tmp_path, sharding):
    root = mixed(tmp_path / "m")
    cache = ResultCache(tmp_path / "cache")
    assert run(root, cache) == (fresh(root), False) and sharding == [True]
    assert run(root, cache) == (fresh(root), True)  # a hit
    (root / "plugins/gamma/commands/args2.md").write_text("---\ndescription: [broken\n---\nbody\n")
    assert run(root, cache) == (fresh(root), False) and sharding == [True]  # resumed from the shards' state


def test_what_the_shards_read_of_the_environment_is_part_of_the_key(tmp_path, sharding):
    root = make_marketplace(tmp_path / "m")
    (root / "plugins/beta/.mcp.json").write_text(json.dumps(MCP_ENV))  # read by the second share's process
    cache = ResultCache(tmp_path / "cache")
    assert run(root, cache, {}) == (fresh(root, environ={}), False)
    assert run(root, cache, {"API_TOKEN": "t"}) == (fresh(root, environ={"API_TOKEN": "t"}), False)
    assert run(root, cache, {"API_TOKEN": "t"})[1] is True


def test_nothing_is_stored_when_a_share_saw_a_file_change(tmp_path, sharding, monkeypatch):
    root = make_marketplace(tmp_path / "m")
    cache = ResultCache(tmp_path / "cache")
    parent = os.getpid()
    real = cache_mod._unchanged_while_checked
    # in the processes of the shares only (the function is what they report): a file changed while they read it
    monkeypatch.setattr(cache_mod, "_unchanged_while_checked", lambda p, i: os.getpid() == parent and real(p, i))
    assert run(root, cache) == (fresh(root), False) and sharding == [True]
    assert run(root, cache) == (fresh(root), False)  # nothing was kept: a miss again


def test_one_process_when_sharding_does_not_pay_or_cannot_be_used(tmp_path, monkeypatch):
    root = make_marketplace(tmp_path / "m")
    session = Session(root)
    index = walk(root)
    monkeypatch.setattr(shards, "MIN_FILES", 0)
    assert shards.worth_sharing(session, index, 2)
    assert not shards.worth_sharing(session, index, 1)
    assert not shards.worth_sharing(Session(root, loader=lambda *a, **k: None), index, 2)
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert not shards.worth_sharing(session, index, 2)  # forking with threads running: never
    finally:
        stop.set()
        t.join()
    write_tree(root, {".claude-plugin/plugin.json": {"name": "root"}})
    assert not shards.worth_sharing(session, walk(root), 2)  # a plugin at the root holds all the others
    plugin = tmp_path / "p"
    write_tree(plugin, {".claude-plugin/plugin.json": {"name": "p"}})
    assert not shards.worth_sharing(Session(plugin), walk(plugin), 2)
    monkeypatch.setattr(shards, "MIN_FILES", len(index.entries) + 1)
    assert not shards.worth_sharing(session, index, 2)


def test_jobs_come_from_the_environment_or_the_cpus():
    assert shards.jobs({"PLUGIN_TUI_JOBS": "1"}) == 1
    assert shards.jobs({"PLUGIN_TUI_JOBS": " 3 "}) == 3
    assert 1 <= shards.jobs({"PLUGIN_TUI_JOBS": "zero"}) <= shards.MAX_JOBS
    assert 1 <= shards.jobs({"PLUGIN_TUI_JOBS": "0"}) <= shards.MAX_JOBS
    assert 1 <= shards.jobs({}) <= shards.MAX_JOBS


def _boom():
    raise RuntimeError("a bug in a share")


def _killed():
    os.kill(os.getpid(), 9)


def test_forked_jobs_give_their_results_in_order_or_none_at_all():
    assert shards.forked([lambda: [1, "a"], lambda: {"b": (2,)}, lambda: None]) == [[1, "a"], {"b": (2,)}, None]
    assert shards.forked([lambda: 1, _boom]) is None
    assert shards.forked([_killed, lambda: 1]) is None
    assert shards.forked([lambda: object()]) is None  # a result that does not marshal
    assert no_children_left()


def test_a_failed_share_falls_back_to_one_process(tmp_path, sharding, monkeypatch):
    root = make_marketplace(tmp_path / "m")
    monkeypatch.setattr(Session, "share", lambda self, *a: _boom())
    assert run(root, ResultCache(tmp_path / "cache")) == (fresh(root), False)
    assert sharding == [False] and no_children_left()


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.one_of(st.sampled_from(CROSS_EDITS), edit), min_size=1, max_size=5),
    st.integers(2, 4),
)
def test_sharded_equals_one_process_over_random_edits(changes, parts):
    with tempfile.TemporaryDirectory() as tmp:
        root = mixed(Path(tmp) / "w")
        for change in changes:
            try:
                change(root) if callable(change) else apply_edit(root, change)
            except (OSError, IndexError):  # an edit that no longer applies
                continue
            done = shards.sharded_full(Session(root, Config(), {}), walk(root), parts)
            assert done is not None
            assert _view(done[0].diagnostics) == fresh(root), change
