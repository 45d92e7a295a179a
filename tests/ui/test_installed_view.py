"""Pilot tests: ``plugin-tui --installed`` (and the palette command) on a copy of a ``~/.claude`` that Claude Code
2.1.332 wrote itself: api-kit's MCP server needs an unset variable, lint-kit is disabled, guard-kit's hooks.json
lacks its "hooks" wrapper (Claude Code refuses the plugin). HOME points at the copy, never at the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.installed_fixture import installed_copy
from tests.ui.conftest import detail_text, key_for, make_app, ready, wait_for
from tui.core.services.installed import locate
from tui.widgets.env import EnvPanel, use_text
from tui.widgets.problems import ProblemsPanel
from tui.widgets.tree import PluginTree

SIZE = (140, 40)


@pytest.fixture
def fx(tmp_path: Path, monkeypatch) -> Path:
    root = installed_copy(tmp_path / "fx")
    monkeypatch.chdir(root / "elsewhere")  # the current project: no settings of its own
    return root


def installed_app(fx: Path, **kw):
    env = {"HOME": str(fx / "home")}
    inst = locate(env, fx / "elsewhere")
    return make_app(inst.root, environ=env, installed=inst, **kw)


def label(app, kind: str, name: str) -> str:
    t = app.screen.query_one(PluginTree)
    node = t.reveal(key_for(app, kind, name), select=False)
    return t.render_label(node, t.rich_style, t.rich_style).plain


def text(app) -> str:
    return " ".join(detail_text(app).split())


def says(app, *parts: str) -> bool:
    """Each part is in the detail pane, however it was wrapped (long paths are cut anywhere)."""
    flat = "".join(detail_text(app).split())
    return all("".join(p.split()) in flat for p in parts)


async def test_every_installed_plugin_with_its_state_problem_and_variable(fx):
    app = installed_app(fx)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.title == "installed plugins" and "5 plugins" in app.sub_title
        # the state of each, on the tree
        api, lint, guard = (label(app, "plugin", f"{n}@acme-tools") for n in ("api-kit", "lint-kit", "guard-kit"))
        assert "enabled" in api and "disabled" not in api
        assert "disabled" in lint and "user, project" in lint
        assert "enabled" in guard
        # the problem: guard-kit's refused hooks.json, an error on its node and in the Problems panel
        node = app.outline.get(key_for(app, "plugin", "guard-kit@acme-tools"))
        assert node.counts["error"] >= 1
        rows = app.screen.query_one(ProblemsPanel).shown
        assert any(d.code == "HOOK002" and d.plugin == "guard-kit" for d in rows)
        # the variable: unset, and the installed server it drops, right now, in this environment
        env = app.screen.query_one(EnvPanel)
        (var,) = [v for v in env.variables if v.status == "unset"]
        assert var.name == "ACME_API_URL"
        assert "MCP server 'acme-api' dropped" in use_text(var.uses[0])
        assert "not loaded" in label(app, "mcp_server", "acme-api")


async def test_plugin_pane_says_where_it_is_installed_and_why_it_is_off(fx):
    app = installed_app(fx)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.jump_to(key_for(app, "plugin", "lint-kit@acme-tools"))
        await pilot.pause()
        assert says(app, "Installed", "id lint-kit@acme-tools", "marketplace acme-tools")
        assert says(app, "scope user", f"scope project ({fx / 'proj'})")
        assert says(app, f"disabled, as seen from {fx / 'elsewhere'} (by {fx / 'home/.claude/settings.json'})")
        assert says(app, "once enabled")  # its always-on cost is paid only when it loads
        assert says(app, "No fixes here")
        assert app.jump_to(key_for(app, "plugin", "guard-kit@acme-tools"))
        await pilot.pause()
        assert says(app, 'outside the "hooks" object')


async def test_overview_totals_what_every_session_pays(fx):
    app = installed_app(fx)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.jump_to(app.outline.root.key)
        await pilot.pause()
        t = text(app)
        assert "Installed plugins (5)" in t
        # enabled and loading from elsewhere: api-kit (~17, Claude Code's own estimate) and dev-kit (~9)
        assert "~26 tokens added to every session by the enabled plugins" in t
        assert "lint-kit@acme-tools 0.3.0 · user, project · disabled · ~12 tok" in t
        assert "refused by Claude Code" in t
        assert "@builtin" in t


async def test_no_fix_and_no_scaffold_on_claude_codes_cache(fx):
    hooks = fx / "home/.claude/plugins/cache/acme-tools/guard-kit/2.0.0/hooks/hooks.json"
    before = hooks.read_bytes()
    app = installed_app(fx)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert all(d.fix is None for d in app.diagnostics)
        assert app.jump_to(key_for(app, "plugin", "guard-kit@acme-tools"))
        await pilot.pause()
        for action in ("fix_preview", "fix_all", "undo", "scaffold"):
            assert not app.check_action(action, ())
        await pilot.press("f", "F", "n")
        await pilot.pause()
        assert len(app.screen_stack) == 1  # no preview, no scaffold dialog
    assert hooks.read_bytes() == before


async def test_palette_opens_the_installed_plugins(fx, demo):
    app = make_app(demo, environ={"HOME": str(fx / "home")})
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.installed is None and app.title.startswith("api-kit")
        await pilot.press("ctrl+p")
        await pilot.press(*"installed plugins")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.installed is not None)
        await ready(app, pilot, checks=2)
        await wait_for(pilot, lambda: app.title == "installed plugins")
        assert app.root == fx / "home" / ".claude" / "plugins"
        assert "disabled" in label(app, "plugin", "lint-kit@acme-tools")
        assert not app.check_action("scaffold", ())


async def test_palette_with_nothing_installed_says_so(tmp_path, demo):
    app = make_app(demo, environ={"HOME": str(tmp_path / "nobody")})
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.open_installed()
        await pilot.pause()
        assert app.installed is None and app.root == demo
        assert any("no Claude Code configuration folder" in str(n.message) for n in app._notifications)
