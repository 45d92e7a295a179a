"""The start-up helper process (``tui/preload.py``): same model as an in-process load, or None, never a crash."""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
import tempfile
import time

import pytest

from tui import preload
from tui.core.model.loader import load
from tui.core.model.source import ParseCache
from tui.demo import copy_demo
from tui.widgets.outline import build_outline


@pytest.fixture
def demo(tmp_path):
    return copy_demo(tmp_path)


def _fake(code: str) -> preload.Preload:
    out = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE)
    return preload.Preload(proc, out)


def test_helper_loads_what_the_loader_loads(demo):
    job = preload.start(demo, min_cpus=1)
    assert job is not None
    project, cache, outline = job.result()
    expected_project = load(demo)
    expected = build_outline(expected_project, ())
    assert [n.key for n in outline.root.walk()] == [n.key for n in expected.root.walk()]
    assert [n.label for n in outline.root.walk()] == [n.label for n in expected.root.walk()]
    assert project.name == expected_project.name and project.kind == expected_project.kind
    # the outline points into the same unpickled model, and the cache holds that model's files
    agent = next(n for n in outline.root.walk() if n.kind == "agent")
    assert any(a is agent.obj for p in project.plugins for a in p.agents)
    assert isinstance(cache, ParseCache) and len(cache._files) == len(_cached_files(demo))
    assert job.proc.returncode == 0


def _cached_files(root):
    """What one in-process load puts in a fresh cache."""
    cache = ParseCache()
    load(root, cache)
    return cache._files


def test_off_switch_and_one_core(demo, monkeypatch):
    monkeypatch.setenv("PLUGIN_TUI_PRELOAD", "0")
    assert preload.start(demo, min_cpus=1) is None
    monkeypatch.delenv("PLUGIN_TUI_PRELOAD")
    assert preload.start(demo, min_cpus=10**6) is None


def test_no_helper_for_a_marketplace(tmp_path):
    # its first tree comes from marketplace.json (``first_outline``); the helper would only slow it down
    from tests.helpers import write_tree

    root = tmp_path / "m"
    write_tree(root, {".claude-plugin/marketplace.json": '{"name": "m", "plugins": []}'})
    assert preload.start(root, min_cpus=1) is None
    job = preload.start(root, min_cpus=1, marketplaces=True)
    assert job is not None
    job.close()


def test_missing_root_gives_none(tmp_path):
    job = preload.start(tmp_path / "gone", min_cpus=1)
    assert job is not None
    assert job.result() is None
    assert job.proc.returncode == 1


@pytest.mark.parametrize(
    "code",
    [
        "print('not a pickle')",
        "import sys; sys.exit(0)",  # nothing written
        "import pickle, sys; sys.stdout.buffer.write(pickle.dumps(('other/1', 'x', 1, 2, 3)))",
        "import pickle, sys; sys.stdout.buffer.write(pickle.dumps(('plugin-tui-preload/1', '/elsewhere/tui', 1, 2, 3)))",
        "import pickle, sys; sys.stdout.buffer.write(pickle.dumps([1, 2])[:-3])",  # truncated
        "import sys; sys.stdout.write('x'); sys.exit(3)",
    ],
)
def test_foreign_or_broken_payload_gives_none(code):
    assert _fake(code).result() is None


def test_right_payload_from_a_fake_helper_is_accepted():
    payload = (preload.MAGIC, preload.PACKAGE_DIR, "p", "c", "o")
    code = f"import pickle, sys; sys.stdout.buffer.write({pickle.dumps(payload)!r})"
    assert _fake(code).result() == ("p", "c", "o")


def test_close_stops_a_running_helper():
    job = _fake("import time; time.sleep(60)")
    t = time.monotonic()
    job.close()
    assert job.proc.poll() is not None and time.monotonic() - t < 10
    assert job.out.closed


def test_result_times_out_and_stops_the_helper():
    job = _fake("import time; time.sleep(60)")
    assert job.result(timeout=0.2) is None
    assert job.proc.poll() is not None


def test_run_app_stops_the_helper_when_the_app_ends_first(tmp_path, monkeypatch):
    from tui import app as app_mod

    job = _fake("import time; time.sleep(60)")
    monkeypatch.setattr(app_mod.PluginTUI, "run", lambda self, *a, **k: None)  # quit before the first paint
    assert app_mod.run_app(str(tmp_path), watch=False, preload=job) == 0
    assert job.proc.wait(timeout=10) is not None  # killed, not left loading in the background
    assert gc.get_freeze_count() == 0  # and the start-up GC freeze is undone


@pytest.mark.parametrize("where", ["working folder", "PYTHONPATH"])
def test_the_helper_runs_this_package_not_another_tui_on_its_path(demo, tmp_path, monkeypatch, where):
    """Another ``tui`` earlier on the child's path (the checkout in the working folder, or an installed copy
    while this one runs from a checkout) must not be what the helper imports."""
    decoy = tmp_path / "decoy"
    marker = tmp_path / "decoy-ran"
    (decoy / "tui").mkdir(parents=True)
    (decoy / "tui" / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\n")
    (decoy / "tui" / "preload.py").write_text("def main(argv):\n    return 0\n")
    if where == "working folder":
        monkeypatch.chdir(decoy)
    else:
        monkeypatch.setenv("PYTHONPATH", str(decoy))
    job = preload.start(demo, min_cpus=1)
    assert job is not None and job.result() is not None
    assert not marker.exists()


def _hostile(root, kind):
    from tests.helpers import write_tree

    manifest = {".claude-plugin/plugin.json": {"name": "h", "version": "1.0.0"}}
    deep = '{"a":' * 900 + "1" + "}" * 900
    if kind == "deep-json":
        write_tree(
            root,
            {
                **manifest,
                ".mcp.json": '{"mcpServers": {"s": {"command": "x", "env": ' + deep + "}}}",
                "monitors/monitors.json": '{"a":' * 200_000 + "1" + "}" * 200_000,
            },
        )
    elif kind == "alias-bomb":
        bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
            f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi")
        )
        write_tree(root, {**manifest, "agents/bomb.md": f"---\n{bomb}---\nbody\n"})
    elif kind == "fifo-and-loop":
        write_tree(root, {**manifest, "commands/ok.md": "---\ndescription: d\n---\nx\n"})
        os.mkfifo(root / "commands" / "pipe.md")
        (root / "skills").mkdir()
        (root / "skills" / "loop").symlink_to(root / "skills")
    elif kind == "binary":
        write_tree(root, {**manifest, "agents/bin.md": bytes(range(256)) * 64})
    return root


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
@pytest.mark.parametrize("kind", ["deep-json", "alias-bomb", "fifo-and-loop", "binary"])
def test_hostile_trees_come_back_as_the_loader_sees_them(tmp_path, kind):
    root = _hostile(tmp_path / "p", kind)
    job = preload.start(root, min_cpus=1)
    assert job is not None
    loaded = job.result(timeout=120)  # a hang would fail here, not block the suite
    assert loaded is not None
    expected = build_outline(load(root), ())
    assert [(n.key, n.label) for n in loaded[2].root.walk()] == [(n.key, n.label) for n in expected.root.walk()]
