"""Pilot tests: fixing (f, F, u), live watch (w), and the hook tester, scaffold and matcher explorer keys."""

from __future__ import annotations

from textual.widgets import Input

from tests.helpers import write_tree
from tests.ui.conftest import key_for, make_app, ready, wait_for
from tui.screens.fix_preview import FixPreview
from tui.screens.hook_tester import HookTester
from tui.screens.matcher_explorer import MatcherExplorer
from tui.screens.scaffold import ScaffoldScreen
from tui.widgets.problems import ProblemsPanel
from tui.widgets.tree import PluginTree

SIZE = (120, 36)
AGENT = "agents/api-reviewer.md"
REQUEST = "commands/request.md"


def problems(app) -> ProblemsPanel:
    return app.screen_stack[0].query_one(ProblemsPanel)


def codes_at(app, path: str) -> list[str]:
    return sorted(d.code for d in app.diagnostics if d.path == path)


async def focus_problem(app, pilot, code: str, path: str):
    await pilot.press("p")
    panel = problems(app)
    for i, d in enumerate(panel.shown):
        if d.code == code and d.path == path:
            panel.table.move_cursor(row=i, animate=False)
            await pilot.pause()
            return d
    raise AssertionError(f"no {code} at {path}")


async def test_fix_preview_cancel_apply_and_undo(demo):
    before = (demo / AGENT).read_bytes()
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        d = await focus_problem(app, pilot, "FILE008", AGENT)
        # the Fix column marks it (safe) and the footer offers f
        row = problems(app).table.get_row_at(problems(app).table.cursor_row)
        assert str(row[2]) == "✎"
        assert app.check_action("fix_preview", ()) is True
        assert app.check_action("undo", ()) is False  # nothing to undo yet: u is hidden
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FixPreview))
        preview = app.screen
        assert preview.safe and d.fix.title in preview.fix_title
        assert f"--- a/{AGENT}" in preview.diff_text and "\n+" in preview.diff_text
        await pilot.press("escape")  # cancel: nothing written
        await wait_for(pilot, lambda: not isinstance(app.screen, FixPreview))
        assert (demo / AGENT).read_bytes() == before
        checks = app.checks
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FixPreview))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.checks > checks)  # re-checked at once
        after = (demo / AGENT).read_bytes()
        assert after != before
        assert "FILE008" not in codes_at(app, AGENT)
        assert app.check_action("undo", ()) is True
        checks = app.checks
        await pilot.press("u")
        await wait_for(pilot, lambda: app.checks > checks)
        assert (demo / AGENT).read_bytes() == before  # the exact previous bytes
        assert "FILE008" in codes_at(app, AGENT)
        assert not app.undo_stack
        assert app.check_action("undo", ()) is False  # nothing left: u leaves the footer
        await pilot.press("u")  # and does nothing
        await pilot.pause()
        assert (demo / AGENT).read_bytes() == before


async def test_unsafe_fix_is_marked(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await focus_problem(app, pilot, "AGT006", AGENT)
        row = problems(app).table.get_row_at(problems(app).table.cursor_row)
        assert str(row[2]) == "✎?"
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FixPreview))
        assert app.screen.safe is False
        await pilot.press("escape")
        # a problem without a fix: f is not offered
        panel = problems(app)
        i = next(i for i, d in enumerate(panel.shown) if d.fix is None)
        panel.table.move_cursor(row=i, animate=False)
        await pilot.pause()
        assert app.check_action("fix_preview", ()) is False


async def test_fix_all_in_file_then_undo_levels(demo):
    original = {p: (demo / p).read_bytes() for p in (AGENT, REQUEST)}
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.jump_to(key_for(app, "command", "request"))
        await pilot.pause()
        what, diags = app.fix_scope()
        assert what == REQUEST and len(diags) == 2
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, FixPreview))
        assert app.screen.count == 2
        checks = app.checks
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.checks > checks)
        assert "FILE008" not in codes_at(app, REQUEST)
        # a second fix in another file, then undo both, newest first
        await focus_problem(app, pilot, "FILE008", AGENT)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FixPreview))
        checks = app.checks
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.checks > checks)
        assert len(app.undo_stack) == 2
        await pilot.press("u")
        await wait_for(pilot, lambda: len(app.undo_stack) == 1)
        assert (demo / AGENT).read_bytes() == original[AGENT]
        assert (demo / REQUEST).read_bytes() != original[REQUEST]
        await pilot.press("u")
        await wait_for(pilot, lambda: len(app.undo_stack) == 0)
        assert (demo / REQUEST).read_bytes() == original[REQUEST]


async def test_stale_file_refuses_and_rechecks(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await focus_problem(app, pilot, "FILE008", AGENT)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FixPreview))
        changed = (demo / AGENT).read_text() + "\nEdited in the editor meanwhile.\n"
        (demo / AGENT).write_text(changed)
        checks = app.checks
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.checks > checks)
        assert (demo / AGENT).read_text() == changed  # nothing written over the user's edit
        assert any(n.title == "Fix refused" for n in app._notifications)
        assert not app.undo_stack


async def test_refused_undo_is_dropped_with_a_reason(demo):
    """The file changed after the fix: undo refuses (nothing written), and the step leaves the stack and the footer."""
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await focus_problem(app, pilot, "FILE008", AGENT)
        checks = app.checks
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FixPreview))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.checks > checks)
        assert len(app.undo_stack) == 1 and app.check_action("undo", ()) is True
        edited = (demo / AGENT).read_text() + "\nEdited after the fix.\n"
        (demo / AGENT).write_text(edited)
        await pilot.press("u")
        await wait_for(pilot, lambda: any(n.title == "Undo refused" for n in app._notifications))
        assert (demo / AGENT).read_text() == edited  # nothing written over the edit
        note = next(n.message for n in app._notifications if n.title == "Undo refused")
        assert "changed since the fix" in note and "dropped" in note
        assert not app.undo_stack
        assert app.check_action("undo", ()) is False  # u is no longer offered


async def test_deleted_component_moves_cursor_to_neighbour(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.jump_to(key_for(app, "command", "mock-server"))
        await pilot.pause()
        t = app.screen.query_one(PluginTree)
        group = t.cursor_node.parent
        expanded = {k for k, n in t.by_key.items() if n.allow_expand and n.is_expanded}
        (demo / "commands" / "mock-server.md").unlink()
        checks = app.checks
        app.recheck({"commands/mock-server.md"})
        await wait_for(pilot, lambda: app.checks > checks)
        await pilot.pause()
        assert app.outline.get(t.cursor_key).label == "request"  # the neighbour, not the plugin root
        assert t.cursor_node.parent.data == group.data
        still = {k for k, n in t.by_key.items() if n.allow_expand and n.is_expanded}
        assert expanded <= still


async def test_watch_sees_a_new_problem_and_its_fix(tmp_path):
    root = write_tree(
        tmp_path / "kit",
        {
            ".claude-plugin/plugin.json": {"name": "kit", "version": "1.0.0", "description": "A kit."},
            "commands/hello.md": "---\ndescription: Say hello\n---\nSay hello.\n",
        },
    )
    app = make_app(root, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.watching and "watching" in str(app.screen.query_one("#tree-pane").border_subtitle)
        bad = root / "agents" / "Bad Agent.md"
        bad.parent.mkdir()
        bad.write_text("---\nname: Bad Agent\n---\nNo description.\n")
        rel = "agents/Bad Agent.md"
        await wait_for(pilot, lambda: any(d.path == rel for d in app.diagnostics), timeout=20)
        assert any(n.kind == "agent" for n in app.outline.nodes.values())  # the tree grew in place
        # pause: a change is held, not checked
        await pilot.press("w")
        assert app.watch_paused
        events = app.watch_events
        bad.unlink()
        await wait_for(pilot, lambda: app.watch_events > events, timeout=20)
        assert any(d.path == rel for d in app.diagnostics)
        await pilot.press("w")  # resume: the held change is checked
        await wait_for(pilot, lambda: not any(d.path == rel for d in app.diagnostics), timeout=20)
        assert not any(n.kind == "agent" for n in app.outline.nodes.values())
        assert app.last_check_ms is not None


KIT = {
    ".claude-plugin/plugin.json": {"name": "kit", "version": "1.0.0", "description": "A kit."},
    "commands/hello.md": "---\ndescription: Say hello\n---\nSay hello.\n",
}
SAVE_SHOWS_WITHIN = 1.0  # seconds: the acceptance bar for a save after the root came back


def subtitle(app) -> str:
    """The tree's status line as drawn (markup removed)."""
    from textual.content import Content

    return Content.from_markup(str(app.screen_stack[0].query_one("#tree-pane").border_subtitle)).plain


def is_dimmed(app) -> bool:
    main = app.screen_stack[0]
    return main.query_one("#main").has_class("stale") and main.query_one("#bottom").has_class("stale")


async def quiet(pilot, app, seconds: float = 0.8) -> None:
    """Wait until no change batch and no check has arrived for ``seconds`` (the re-created tree settled)."""
    import time

    last, since = (app.watch_events, app.checks), time.monotonic()
    while time.monotonic() - since < seconds:
        await pilot.pause(0.05)
        now = (app.watch_events, app.checks)
        if now != last:
            last, since = now, time.monotonic()


async def test_watch_survives_the_root_going_away_and_coming_back(tmp_path):
    """Delete the plugin folder and put it back (branch switch, re-clone): the view says it is stale, the
    status tells the truth, and once the folder is back a save shows within a second."""
    import shutil
    import time

    root = write_tree(tmp_path / "kit", KIT)
    app = make_app(root, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert not is_dimmed(app) and "stale" not in subtitle(app)
        shutil.rmtree(root)
        await wait_for(pilot, lambda: "stale: root missing" in subtitle(app), timeout=20)
        await pilot.pause()
        assert f"waiting in {tmp_path.name}/" in subtitle(app) and "● " not in subtitle(app)
        assert app.sub_title.startswith("stale: root missing")
        assert is_dimmed(app)
        assert "stale" in str(app.screen_stack[0].query_one("#tree-pane").border_title)
        assert any(n.title == "Folder gone" for n in app._notifications)
        assert app.outline is not None  # the old tree stays, marked
        assert app.check_action("fix_all", ()) is False and app.check_action("scaffold", ()) is False
        checks = app.checks
        write_tree(root, KIT)
        await wait_for(pilot, lambda: "stale" not in subtitle(app) and app.checks > checks, timeout=20)
        assert not is_dimmed(app) and "● watching" in subtitle(app)
        assert "stale" not in app.sub_title
        await quiet(pilot, app)
        rel = "commands/hello.md"
        t0 = time.monotonic()
        (root / rel).write_text("---\ndescription: [broken\n---\nSay hello.\n")
        await wait_for(pilot, lambda: any(d.path == rel for d in app.diagnostics), timeout=20)
        took = time.monotonic() - t0
        assert took < SAVE_SHOWS_WITHIN, f"the save showed after {took:.2f} s"


async def test_root_back_while_paused_is_checked_on_resume(tmp_path):
    import shutil

    root = write_tree(tmp_path / "kit", KIT)
    app = make_app(root, watch=True)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        shutil.rmtree(root)
        await wait_for(pilot, lambda: app.root_missing is not None, timeout=20)
        await pilot.press("w")  # pause while it is gone
        assert app.watch_paused and "stale: root missing" in subtitle(app)
        write_tree(root, {**KIT, "agents/Bad Agent.md": "---\nname: Bad Agent\n---\nNo description.\n"})
        await wait_for(pilot, lambda: app.root_missing is None, timeout=20)
        await pilot.pause()
        assert app.stale == "root missing" and "folder back" in subtitle(app)  # held, and shown as held
        await pilot.press("w")
        await wait_for(pilot, lambda: app.stale is None, timeout=20)
        assert any(d.path == "agents/Bad Agent.md" for d in app.diagnostics)


async def test_recheck_without_watching_marks_a_missing_root_stale(tmp_path):
    import shutil

    root = write_tree(tmp_path / "kit", KIT)
    app = make_app(root)  # watch=False
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        shutil.rmtree(root)
        await pilot.press("r")
        await wait_for(pilot, lambda: app.stale == "root missing", timeout=20)
        assert is_dimmed(app) and "not watching" in subtitle(app) and "stale: root missing" in subtitle(app)
        assert any("Press r when it is back" in n.message for n in app._notifications)
        write_tree(root, KIT)
        checks = app.checks
        await pilot.press("r")
        await wait_for(pilot, lambda: app.checks > checks, timeout=20)
        assert app.stale is None and not is_dimmed(app)


async def test_no_watch_shows_it(demo):
    app = make_app(demo)  # watch=False
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert not app.watching
        assert "not watching" in str(app.screen.query_one("#tree-pane").border_subtitle)
        assert not [w for w in app.workers if w.group == "watch"]


async def test_t_opens_hook_tester_on_a_hook(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.check_action("hook_tester", ()) is False  # the plugin root is not a hook
        hook = next(n for n in app.outline.nodes.values() if n.kind == "hook")
        app.jump_to(hook.key)
        await pilot.pause()
        assert app.check_action("hook_tester", ()) is True
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, HookTester))
        assert app.screen.hook is hook.obj
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HookTester))


async def test_hook_tester_confirmation_shows_payload_and_command(demo):
    """Before it asks, the dialog shows the exact stdin payload (the edited one) and the command line that runs."""
    import json

    from textual.widgets import Static, TextArea

    from tui.screens.hook_tester import ConfirmRun

    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        hook = next(n for n in app.outline.nodes.values() if n.kind == "hook" and n.obj.data.get("type") == "command")
        app.jump_to(hook.key)
        await pilot.pause()
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, HookTester))
        tester = app.screen
        area = tester.query_one("#ht-payload", TextArea)
        payload = json.loads(area.text)
        payload["tool_input"] = {"command": "rm -rf build"}
        area.load_text(json.dumps(payload))
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmRun))
        confirm = app.screen
        shown = str(confirm.query_one("#confirm-payload-text", Static).render())
        assert json.loads(shown) == payload and shown == json.dumps(payload, indent=2, ensure_ascii=False)
        question = str(confirm.query_one("#confirm-question", Static).render())
        command = hook.obj.data["command"]
        assert f"bash -c '{command}'" in question and "CLAUDE_PLUGIN_ROOT" in question
        assert question.index("bash -c") < question.index("Run this hook handler once")
        assert "test-token" not in shown + question  # the environment's values are never shown
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, HookTester))
        assert tester.last_run is None


async def test_n_scaffolds_and_selects_the_new_component(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ScaffoldScreen))
        app.screen.query_one("#sc-name", Input).value = "lint-api"
        checks = app.checks
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.checks > checks and not app._select_after)
        assert (demo / "commands" / "lint-api.md").is_file()
        node = app.outline.get(app.screen.query_one(PluginTree).cursor_key)
        assert node.kind == "command" and node.label == "lint-api"


async def test_m_opens_matcher_explorer_and_palette_lists_tools(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MatcherExplorer))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, MatcherExplorer))
        from tui.commands import PluginCommands

        titles = [t for t, _cb, _h in PluginCommands._actions(type("P", (), {"app": app})())]
        assert any(t.startswith("Hook tester") for t in titles)
        assert any(t.startswith("New:") for t in titles)
        assert any(t.startswith("Matcher explorer") for t in titles)
        assert any(t.startswith("Watch:") for t in titles)
