"""Pilot tests: the explorer shows Claude Code's token estimates and what will not load (``tui.core.services.details``)."""

from __future__ import annotations

import pytest

from tests.helpers import write_tree
from tests.ui.conftest import detail_text, key_for, make_app, ready
from tui.widgets.tree import PluginTree

SIZE = (120, 36)


@pytest.fixture
def kit(tmp_path):
    return write_tree(
        tmp_path / "kit",
        {
            ".claude-plugin/plugin.json": {"name": "kit", "version": "1.0.0"},
            # "kit:ask Ask the API" = 19 chars -> 5 tokens; body "Ask." -> 1
            "commands/ask.md": "---\ndescription: Ask the API\n---\nAsk.\n",
            # always-on "kit:big " + 400 = 408 chars -> 102 -> "~100"; on-invoke 2000 chars -> 500
            "skills/big/SKILL.md": f"---\ndescription: {'d' * 400}\n---\n{'x' * 2000}\n",
            ".mcp.json": {
                "mcpServers": {
                    "remote": {"type": "http", "url": "https://${KIT_HOST}/mcp"},
                    "fine": {"type": "http", "url": "https://example.com/mcp", "headers": {"X-Key": "${KIT_KEY}"}},
                }
            },
        },
    )


def label(app, kind: str, name: str) -> str:
    t = app.screen.query_one(PluginTree)
    node = t.reveal(key_for(app, kind, name), select=False)
    return t.render_label(node, t.rich_style, t.rich_style).plain


async def test_tree_shows_always_on_estimates(kit):
    app = make_app(kit, environ={})
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert "< 20 tok" in label(app, "command", "ask")
        assert "~100 tok" in label(app, "skill", "big")


async def test_plugin_pane_shows_the_total_and_what_will_not_load(kit):
    app = make_app(kit, environ={})
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.jump_to(key_for(app, "plugin", "kit"))
        await pilot.pause()
        text = " ".join(detail_text(app).split())  # as read, whatever the wrapping
        # 19 + 408 = 427 chars -> round(106.75) = 107
        assert "~107 tokens added to every session" in text and "Claude Code 2.1.332" in text
        assert "Not loaded (1)" in text and "remote:" in text and "KIT_HOST" in text


async def test_component_pane_shows_both_estimates(kit):
    app = make_app(kit, environ={})
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.jump_to(key_for(app, "skill", "big"))
        await pilot.pause()
        assert "~100 always-on, ~500 when invoked" in detail_text(app)


async def test_node_that_will_not_load_says_why(kit):
    app = make_app(kit, environ={})
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert "not loaded" in label(app, "mcp_server", "remote")
        assert "not loaded" not in label(app, "mcp_server", "fine")  # a header without its variable still starts
        assert app.jump_to(key_for(app, "mcp_server", "remote"))
        await pilot.pause()
        text = " ".join(detail_text(app).split())
        assert "Claude Code will not load this" in text and "KIT_HOST" in text


async def test_setting_the_variable_clears_it(kit):
    app = make_app(kit, environ={"KIT_HOST": "api.example.com"})
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert "not loaded" not in label(app, "mcp_server", "remote")
        assert app.jump_to(key_for(app, "plugin", "kit"))
        await pilot.pause()
        assert "Not loaded" not in detail_text(app)
