"""The first screen of a marketplace: a first tree from its marketplace.json (``first_outline``), drawn before the
project is loaded, then replaced by the loaded one; the tree answers keys while the load and the checks run."""

from __future__ import annotations

import json
import os
import threading

import pytest

import tui.core.lint.session  # noqa: F401  (bound to the real loader before a test replaces it)
import tui.core.model.loader as loader
from tests.helpers import CORPUS, write_tree
from tests.ui.conftest import detail_text, make_app, ready, wait_for
from tests.ui.market import make_marketplace, plugin_name
from tui.core.lint.session import Session
from tui.widgets.outline import build_outline, first_outline, marketplace_counts
from tui.widgets.tree import PluginTree

SIZE = (120, 36)


def tree(app) -> PluginTree:
    return app.screen.query_one(PluginTree)


def lines(app) -> list[tuple[str, str]]:
    """(key, label as drawn) of the tree's lines, top to bottom."""
    t = tree(app)
    return [(ln.node.data, t.render_label(ln.node, t.rich_style, t.rich_style).plain) for ln in t._tree_lines]


def _rows(outline) -> list[tuple[str, str, str, str]]:
    return [(n.key, n.kind, n.label, n.detail) for n in outline.root.children]


def assert_first_is_part_of_loaded(root) -> None:
    """The first outline's nodes are the loaded outline's (same keys, kinds, labels and details, in the same
    order), with nothing counted; the loaded one may have more (unlisted plugin folders)."""
    first = first_outline(root)
    assert first is not None
    full = build_outline(loader.load(root), ())
    assert (first.root.key, first.root.kind, first.root.label) == (full.root.key, full.root.kind, full.root.label)
    rest = iter(_rows(full))
    assert all(row in rest for row in _rows(first)), "the first outline differs from the loaded one"
    assert all(n.pending and n.total == 0 and not n.diags for n in first.nodes.values())
    assert first.root.detail == "loading…"  # not a count that may turn out wrong


@pytest.fixture
def market(tmp_path):
    root = make_marketplace(tmp_path / "market", 12, remote=3, problem_every=4)
    data = json.loads((root / ".claude-plugin/marketplace.json").read_text(encoding="utf-8"))
    data["plugins"][2]["name"] = "listed-under-another-name"  # the plugin.json's name wins, as in the loader
    data["plugins"].insert(5, {"name": "gone", "source": "./plugins/nowhere"})  # a folder that is not there
    data["plugins"].append(dict(data["plugins"][0], name="same-folder-again"))  # one folder listed twice
    (root / ".claude-plugin/marketplace.json").write_text(json.dumps(data), encoding="utf-8")
    write_tree(root / "extra", {".claude-plugin/plugin.json": '{"name": "unlisted-one"}'})  # only the load finds it
    return root


def test_first_outline_is_the_loaded_one_without_counts(market):
    assert_first_is_part_of_loaded(market)
    first = first_outline(market)
    assert first is not None
    kinds = [n.kind for n in first.root.children]
    assert kinds[:4] == ["entry"] * 4  # entries without a folder first (the missing one, then the remote ones)
    assert first.get("plugin:extra") is None


def test_first_outline_only_for_a_marketplace(demo, tmp_path):
    assert first_outline(demo) is None  # a plugin: loading it is quick
    write_tree(tmp_path / "bad", {".claude-plugin/marketplace.json": "{not json"})
    assert first_outline(tmp_path / "bad") is None  # the load says what is wrong with it


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_first_outline_opens_no_fifo_and_reads_no_huge_file(market):
    """A plugin.json that is a FIFO (opening it for reading would wait for a writer) or over the size limit is not
    read, as the loader does not read it: the plugin is still in the first tree, named after its folder."""
    data = json.loads((market / ".claude-plugin/marketplace.json").read_text(encoding="utf-8"))
    local = [e for e in data["plugins"] if isinstance(e.get("source"), str) and (market / e["source"]).is_dir()]
    fifo, huge = (market / local[0]["source"], market / local[1]["source"])
    (fifo / ".claude-plugin/plugin.json").unlink()
    os.mkfifo(fifo / ".claude-plugin/plugin.json")
    (huge / ".claude-plugin/plugin.json").write_text('{"name": "big", "x": "' + "y" * (2 << 20) + '"}')
    done: list = []
    worker = threading.Thread(target=lambda: done.append(first_outline(market)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert done, "first_outline stalled on a FIFO"
    labels = {n.key: n.label for n in done[0].root.children}
    assert labels[f"plugin:{fifo.relative_to(market).as_posix()}"] == local[0]["name"]
    assert labels[f"plugin:{huge.relative_to(market).as_posix()}"] == local[1]["name"]


@pytest.mark.corpus
def test_first_outline_of_every_corpus_marketplace():
    roots = sorted(p.parent.parent for p in CORPUS.glob("*/.claude-plugin/marketplace.json"))
    assert roots
    for root in roots:
        assert_first_is_part_of_loaded(root)


class Gate:
    """Holds a function until ``open()``: what the explorer does meanwhile can be looked at."""

    def __init__(self, fn):
        self.fn = fn
        self.entered = threading.Event()
        self._open = threading.Event()

    def __call__(self, *args, **kw):
        self.entered.set()
        self._open.wait(60)
        return self.fn(*args, **kw)

    def open(self) -> None:
        self._open.set()


async def test_first_tree_is_drawn_before_the_load_then_replaced(market, monkeypatch):
    gate = Gate(loader.load)
    monkeypatch.setattr(loader, "load", gate)  # the explorer's first load waits here
    app = make_app(market)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: gate.entered.is_set() and app.outline is not None)
        await pilot.pause()
        first = lines(app)
        assert app.outline.root.pending and app.project is None and app.checks == 0
        drawn = dict(first)
        assert first[0][0] == "marketplace" and drawn["marketplace"].endswith("◆ generated-marketplace  loading…")
        assert drawn[f"plugin:plugins/documentation/{plugin_name(1)}"].endswith(f"◼ {plugin_name(1)}  v1.0.0")
        assert not any(s in label for _, label in first for s in ("✖", "▲", "●"))  # no counts yet
        assert app.sub_title == "loading…"
        # keys answer while the project loads: the cursor moves, the detail pane says what is known
        await pilot.press("j", "j")
        assert tree(app).cursor_line == 2
        key = tree(app).cursor_key
        assert "Loading…" in detail_text(app)
        gate.open()
        await ready(app, pilot)
        assert not app.outline.root.pending
        assert app.outline.root.detail == marketplace_counts(app.project).text()
        assert tree(app).cursor_key == key  # the same node under the cursor in the loaded tree
        assert any("✖" in label for _, label in lines(app))  # the counts, now that the checks ran
        assert "plugin:extra" in app.outline.nodes  # what only the load finds


async def test_tree_answers_keys_while_the_checks_run(market, monkeypatch):
    gate = Gate(Session.full)
    monkeypatch.setattr(Session, "full", lambda self: gate(self))  # the first check waits here
    app = make_app(market)
    async with app.run_test(size=SIZE) as pilot:
        # the loaded tree is there (every component, still no counts) while the check runs
        await wait_for(pilot, lambda: gate.entered.is_set() and app.outline is not None)
        await wait_for(pilot, lambda: not app.outline.root.pending)
        await pilot.pause()
        assert app.checks == 0 and app.sub_title == "checking…"
        key = f"plugin:plugins/development/{plugin_name(0)}"
        assert app.jump_to(key)
        await pilot.press("l")  # open the plugin: its groups, from the loaded model
        await pilot.pause()
        node = tree(app).by_key[key]
        assert node.is_expanded and [app.outline.get(c.data).label for c in node.children][:2] == [
            "Manifest",
            "Commands",
        ]
        await pilot.press("j")
        assert tree(app).cursor_key == node.children[0].data
        await pilot.press("slash", *"0007")  # the filter too
        await pilot.pause()
        assert tree(app).shown_count[0] >= 1
        gate.open()
        await ready(app, pilot)
        assert app.checks == 1 and any(d.severity == "error" for d in app.diagnostics)


def screen_output(app) -> str:
    """What the explorer writes to the terminal for its whole screen (escape sequences included)."""
    import io

    from rich.console import Console

    buf = io.StringIO()
    Console(file=buf, force_terminal=True, width=200, color_system="truecolor").print(
        app.screen._compositor.render_update(full=True)
    )
    return buf.getvalue()


INJECTED = ("\x1b[2J", "\x1b]0;pwned", "\x9b2J", "\u202e")


async def test_control_characters_in_names_are_shown_not_sent(market, monkeypatch):
    """Names from marketplace.json with escape sequences (clear the screen, set the window title) reach the
    terminal as visible text, in the first tree, the loaded one, the header and the detail pane."""
    data = json.loads((market / ".claude-plugin/marketplace.json").read_text(encoding="utf-8"))
    data["name"] = "mk\x1b]0;pwned\x07"
    data["plugins"].append({"name": "ctl\x1b[2Jx\u202etxt.exe", "source": {"source": "github", "repo": "a/b"}})
    data["plugins"].append({"name": "c1\x9b2J", "source": "./plugins/nowhere-else"})
    (market / ".claude-plugin/marketplace.json").write_text(json.dumps(data), encoding="utf-8")
    gate = Gate(loader.load)
    monkeypatch.setattr(loader, "load", gate)
    app = make_app(market)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: gate.entered.is_set() and app.outline is not None)
        await pilot.pause()
        for phase in ("first", "loaded"):
            drawn = dict(lines(app))
            assert "mk\\x1b]0;pwned\\x07" in drawn["marketplace"]
            assert any("ctl\\x1b[2Jx\\u202etxt.exe" in label for label in drawn.values())
            assert any("c1\\x9b2J" in label for label in drawn.values())
            app.jump_to(next(k for k, label in drawn.items() if "ctl\\x1b" in label))
            await pilot.pause()
            assert "ctl\\x1b[2Jx" in detail_text(app)
            out = screen_output(app)
            assert not [s for s in INJECTED if s in out], phase
            assert "\x1b" not in app.title and "\x07" not in app.title
            if phase == "first":
                gate.open()
                await ready(app, pilot)


def test_counts_of_a_one_line_marketplace_json_go_to_their_entry(tmp_path):
    """A minified marketplace.json (one line): each problem counts on the entry it is in (by column), and one about
    the whole marketplace on the marketplace, not all of them on the first entry."""
    data = {
        "name": "mk",
        "owner": {"name": "o"},
        "plugins": [
            {"name": "good-one", "source": {"source": "github", "repo": "a/b"}},
            {"name": "Bad Name!", "source": {"source": "github", "repo": "a/c"}},
            {"name": "third", "source": {"source": "github", "repo": "a/d"}},
        ],
    }
    root = write_tree(tmp_path / "one", {".claude-plugin/marketplace.json": json.dumps(data)})
    result = Session(root).full()
    outline = build_outline(result.project, result.diagnostics)
    codes = {n.key: sorted(d.code for d in n.diags) for n in outline.nodes.values()}
    assert codes["entry:1"] == ["MKT004"]
    assert codes["entry:0"] == [] and codes["entry:2"] == []
    assert "MKT009" in codes["marketplace"]


async def test_brackets_in_names_and_messages_never_break_the_detail_pane(market):
    """A name with brackets that are not a tag (``[31m``, as an escape sequence's tail) is quoted by the problems'
    messages; Textual's markup parser took ``[31mred … [$text-muted]`` for a tag and the detail pane of the
    marketplace raised (the explorer crashed when the cursor was on it at the end of a check)."""
    data = json.loads((market / ".claude-plugin/marketplace.json").read_text(encoding="utf-8"))
    data["name"] = "[bold red]mk[/] \x1b[31mred\x1b[0m back\\"
    data["plugins"].append({"name": "x[0] [/] \\[b]", "source": "./plugins/nowhere-at-all"})
    (market / ".claude-plugin/marketplace.json").write_text(json.dumps(data), encoding="utf-8")
    app = make_app(market)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.jump_to("marketplace")
        await pilot.pause()
        assert "[bold red]mk[/] \\x1b[31mred\\x1b[0m back\\" in detail_text(app)
        key = next(n.key for n in app.outline.nodes.values() if n.label.startswith("x[0]"))
        assert app.jump_to(key)
        await pilot.pause()
        assert "x[0] [/] \\[b]" in detail_text(app)
        await pilot.press("slash", *"[0")  # the filter's text is in the pane's title
        await pilot.pause()
        assert "[0" in str(app.screen.query_one("#tree-pane").border_title)


async def test_a_notification_shows_names_and_paths_as_they_are(demo):
    """Notifications quote paths and names (``Created skills/[slug]/SKILL.md``, a fix's title, an error): Textual
    read them as markup, and a ``[/]`` in one crashed the explorer."""
    from textual.content import Content

    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.notify("Created skills/[slug]/SKILL.md, x[0] [/] y\x1b[2J", title="New [/] \x07")
        await pilot.pause()
        n = app._notifications.last if hasattr(app._notifications, "last") else list(app._notifications)[-1]
        shown = (Content.from_markup(n.message) if n.markup else Content(n.message)).plain  # as the toast does
        assert shown == "Created skills/[slug]/SKILL.md, x[0] [/] y\\x1b[2J"
        assert n.title == "New [/] \\x07"


def test_local_only_filter_hides_the_remote_entries_of_the_first_tree(market):
    """``L`` while the project loads: the first tree knows which entries are fetched from git, GitHub or a URL."""
    from tui.widgets.outline import TreeFilter, filter_outline

    first = first_outline(market)
    assert first is not None
    shown = filter_outline(first, TreeFilter(local_only=True)).visible
    full = build_outline(loader.load(market), ())
    hidden = {n.key for n in full.root.children if n.kind == "entry" and not n.obj.is_local}
    assert hidden and not hidden & shown
    assert {n.key for n in first.root.children} - hidden <= shown


async def test_a_failed_load_does_not_leave_the_first_tree_saying_loading(market, monkeypatch):
    """The load raises (the folder went away, a bug): the first tree stays (what marketplace.json lists) but no
    longer says it is loading, in the tree or the detail pane; r loads again."""

    def boom(*args, **kw):
        raise RuntimeError("disk on fire")

    real = loader.load
    monkeypatch.setattr(loader, "load", boom)
    app = make_app(market)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.stale is not None)
        await pilot.pause()
        drawn = dict(lines(app))
        assert "loading…" not in drawn["marketplace"] and "load failed" in drawn["marketplace"]
        await pilot.press("j")
        await pilot.pause()
        assert "Loading…" not in detail_text(app) and "load failed" in detail_text(app)
        monkeypatch.setattr(loader, "load", real)
        await pilot.press("r")
        await ready(app, pilot)
        assert not app.outline.root.pending and app.stale is None


def test_problems_only_hides_nothing_of_the_first_tree(market):
    """``P`` while the project loads: nothing is counted yet, so nothing is hidden as having no problems (an empty
    tree read as "no problems"); the checked tree then hides what has none."""
    from tui.widgets.outline import TreeFilter, filter_outline

    first = first_outline(market)
    assert first is not None
    assert filter_outline(first, TreeFilter(only_problems=True)).visible == set(first.nodes)
