"""Pilot tests: every pane and every binding of the explorer, on a copy of the demo plugin."""

from __future__ import annotations

import contextlib
import json
import sys

import pytest
from textual.widgets import Input, TabbedContent

from tests.helpers import CORPUS, write_tree
from tests.ui.conftest import detail_text, key_for, make_app, ready, wait_for
from tui.app import PluginTUI, editor_command
from tui.screens.help import HELP, HelpScreen
from tui.screens.rule import RuleScreen
from tui.widgets.detail import DetailPane
from tui.widgets.env import EnvPanel
from tui.widgets.problems import ProblemsPanel, ProblemsTable
from tui.widgets.tree import PluginTree

SIZE = (120, 36)


def tree(app) -> PluginTree:
    return app.screen.query_one(PluginTree)


def problems(app) -> ProblemsPanel:
    return app.screen.query_one(ProblemsPanel)


async def test_layout_header_tree_and_panels(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.title == "api-kit v1.2"
        n_err = sum(1 for d in app.diagnostics if d.severity == "error")
        assert n_err > 0 and f"{n_err} error" in app.sub_title and "official" in app.sub_title
        t = tree(app)
        assert t.root.data == "plugin:" and t.has_focus
        groups = [app.outline.get(c.data).label for c in t.root.children]
        assert groups[:4] == ["Manifest", "Commands", "Agents", "Skills"]
        assert "Hooks" in groups and "MCP servers" in groups and "LSP servers" in groups and "Settings" in groups
        # groups with problems start open, their counts are on the label
        agents = t.by_key[key_for(app, "group", "Agents")]
        assert agents.is_expanded
        label = t.render_label(agents, t.rich_style, t.rich_style).plain
        # the demo agents' problems are warnings: Claude Code 2.1.332 loads both agents
        assert "▲" in label and "✖" not in label
        assert problems(app).table.row_count == len(app.diagnostics) > 0
        assert app.screen.query_one(EnvPanel).table.row_count > 0


async def test_hooks_grouped_by_event_then_matcher(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        hooks = app.outline.get(key_for(app, "group", "Hooks"))
        events = [c.label for c in hooks.children]
        assert events[:2] == ["PreToolUse", "PostToolUse"]
        pre = hooks.children[0]
        assert [m.label for m in pre.children] == ["Bash"]
        assert pre.children[0].children[0].kind == "hook"


async def test_agent_pane(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.jump_to(key_for(app, "agent", "api-reviewer"))
        await pilot.pause()
        text = detail_text(app)
        for needle in (
            "Agent api-reviewer",
            "Examples (1)",
            "Example 1",
            "context",
            "the user changed an endpoint",
            "commentary",
            "pink",
            "Read, Grep, Glob",
            "gpt4",
            "System prompt",
            "words",
            "Problems",
        ):
            assert needle in text, needle


async def test_skill_pane(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.jump_to(key_for(app, "skill", "api-testing"))
        await pilot.pause()
        text = detail_text(app)
        for needle in (
            "Skill api-testing",
            "listing",
            "/ 1,536 chars",
            "SKILL.md",
            "words",
            "Referenced files",
            "references/checklist.md",
            "references/status-codes.md",
            "missing",
            "references/ (1)",
        ):
            assert needle in text, needle


async def test_mcp_pane_shows_auth_variables_and_security(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.jump_to(key_for(app, "mcp_server", "api"))
        await pilot.pause()
        text = detail_text(app)
        assert "MCP server api" in text and "Auth" in text and "bearer" in text.lower()
        assert "${API_TOKEN}" in text and "set" in text
        assert "test-token" not in text  # never a value
        app.jump_to(key_for(app, "mcp_server", "local-db"))
        await pilot.pause()
        text = detail_text(app)
        assert "stdio" in text and "${DB_PASSWORD}" in text and "unset" in text
        app.jump_to(key_for(app, "mcp_server", "staging"))
        await pilot.pause()
        text = detail_text(app)
        assert "Security" in text or "SEC" in text
        assert "sk-live" not in text  # a hard-coded secret is never echoed by the pane's own fields


async def test_hook_pane_matcher_and_script(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        hooks = app.outline.get(key_for(app, "group", "Hooks"))
        pre_handler = hooks.children[0].children[0].children[0]
        app.jump_to(pre_handler.key)
        await pilot.pause()
        text = detail_text(app)
        assert "PreToolUse" in text and "Bash" in text and "matches" in text
        assert "guard.sh" in text and "exists" in text and "executable" in text
        post = next(c for c in hooks.children if c.label == "PostToolUse")
        app.jump_to(post.children[0].children[0].key)
        await pilot.pause()
        text = detail_text(app)
        assert "Write|Edit(" in text
        app.jump_to(post.children[0].key)  # the matcher node explains the matcher
        await pilot.pause()
        assert "Hook matcher" in detail_text(app)


@pytest.mark.parametrize(
    "kind,label,needles",
    [
        ("command", "request", ("Command", "/api-kit:request", "body")),
        ("manifest", "plugin.json", ("Manifest", "version", "1.2", "Component paths", "hooks")),
        ("lsp_server", "openapi", ("LSP server openapi", "command", "openapi-language-server")),
        ("settings_json", "settings.json", ("Settings", "agent", "api-reviewer")),
        ("output_style", "terse", ("Output style terse",)),
        ("plugin", "api-kit", ("Plugin api-kit", "Components", "README")),
        ("group", "Agents", ("Agents", "Items", "Helper")),
    ],
)
async def test_other_panes(demo, kind, label, needles):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        app.jump_to(key_for(app, kind, label))
        await pilot.pause()
        text = detail_text(app)
        for needle in needles:
            assert needle in text, (needle, text[:400])


async def test_problems_enter_jumps_to_component(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("p")
        panel = problems(app)
        assert isinstance(app.focused, ProblemsTable)
        target = next(i for i, d in enumerate(panel.shown) if d.path == "agents/Helper.md")
        panel.table.move_cursor(row=target)
        await pilot.press("enter")
        await pilot.pause()
        assert tree(app).has_focus
        assert tree(app).cursor_key == key_for(app, "agent", "Helper")
        assert "Agent Helper" in detail_text(app)


async def test_problems_filter_severity_and_sort(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        panel = problems(app)
        total = len(panel.shown)
        await pilot.press("p", "slash")  # / in the Problems panel filters it
        assert app.focused is panel.query_one("#problem-filter", Input)
        await pilot.press(*"HOOK")
        await pilot.pause()
        assert 0 < len(panel.shown) < total and all(
            "HOOK" in d.code or "hook" in d.message.lower() or "hook" in (d.path or "") for d in panel.shown
        )
        await pilot.press("escape")
        assert isinstance(app.focused, ProblemsTable)
        panel.query_one("#problem-filter", Input).value = ""
        await pilot.pause()
        assert len(panel.shown) == total
        await pilot.press("E")  # hide errors
        assert panel.shown and all(d.severity != "error" for d in panel.shown)
        await pilot.press("E")
        assert len(panel.shown) == total
        await pilot.press("W", "I")
        assert {d.severity for d in panel.shown} == {"error"}
        await pilot.press("W", "I")
        await pilot.press("s")  # sort by code
        assert panel.sort_by == "code"
        codes = [d.code for d in panel.shown]
        assert codes == sorted(codes)
        await pilot.press("S")
        assert [d.code for d in panel.shown] == sorted(codes, reverse=True)


async def test_question_mark_on_problem_explains_rule(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("p")
        d = problems(app).current
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, RuleScreen)
        from textual.widgets import Static

        text = str(app.screen.query_one("#rule-text", Static).render())
        assert d.code in text and d.message[:20] in text
        await pilot.press("escape")
        assert not isinstance(app.screen, RuleScreen)


async def test_help_screen_lists_every_binding(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = " ".join(k for _s, k, _w in HELP)
        names = {"question_mark": "?", "slash": "/"}
        for b in PluginTUI.BINDINGS:
            assert names.get(b.key, b.key) in keys.split() or names.get(b.key, b.key) in keys, b.key
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")  # closes the help, does not quit
        assert not isinstance(app.screen, HelpScreen) and app.is_running


async def test_tab_cycles_panes_and_tabs_switch(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert tree(app).has_focus
        await pilot.press("tab")
        assert isinstance(app.focused, DetailPane)
        await pilot.press("tab")
        assert isinstance(app.focused, ProblemsTable)
        await pilot.press("tab")
        assert tree(app).has_focus
        await pilot.press("shift+tab")
        assert isinstance(app.focused, ProblemsTable)
        await pilot.press("v")
        assert app.screen.query_one("#bottom", TabbedContent).active == "env-tab"
        await pilot.press("tab", "tab", "tab")
        assert app.focused is app.screen.query_one(EnvPanel).table
        await pilot.press("p")
        assert app.screen.query_one("#bottom", TabbedContent).active == "problems-tab"


def fake_clipboard_tools(bin_dir, tools: dict[str, int]) -> dict[str, object]:
    """Executables named like clipboard programs that record their stdin and arguments and exit with a code."""
    bin_dir.mkdir(exist_ok=True)
    out = {}
    for name, code in tools.items():
        rec = bin_dir / f"{name}.record"
        script = bin_dir / name
        script.write_text(f"#!/bin/sh\n/bin/cat > '{rec}.stdin'\necho \"$@\" > '{rec}.args'\nexit {code}\n")
        script.chmod(0o755)
        out[name] = rec
    return out


def recorded(rec) -> tuple[str, str] | None:
    from pathlib import Path

    stdin, args = Path(f"{rec}.stdin"), Path(f"{rec}.args")
    return (stdin.read_text(), args.read_text().strip()) if stdin.exists() else None


async def test_env_panel_statuses_and_copy_exports(demo, tmp_path, monkeypatch):
    from tui.screens.copy_lines import CopyLines

    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))  # no clipboard program: OSC 52 and the dialog
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("v")
        env = app.screen.query_one(EnvPanel)
        names = {str(v.name): v.status for v in env.variables}
        assert names.get("API_TOKEN") == "set"
        assert names.get("DB_PASSWORD") == "unset"
        table_text = " ".join(str(c) for row in range(env.table.row_count) for c in env.table.get_row_at(row))
        assert "test-token" not in table_text  # never values
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, CopyLines))
        assert "export DB_PASSWORD=" in app.clipboard
        assert "API_TOKEN" not in app.clipboard
        shown = app.screen.query_one("#copy-lines").text
        assert shown == env.export_lines() and "export DB_PASSWORD=\n" in shown
        messages = [n.message for n in app._notifications]
        assert not any("Copied" in m for m in messages)  # nothing says it was copied: it may not have been
        assert any(m.startswith("Sent ") and "to the terminal's clipboard (OSC 52)" in m for m in messages)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, CopyLines))
        await pilot.press("slash")
        await pilot.press(*"DB_")
        await pilot.pause()
        assert env.table.row_count == 1


async def test_copy_exports_uses_a_clipboard_program(demo, tmp_path, monkeypatch):
    """wl-copy cannot reach a Wayland display here (exits 1): the next program on PATH copies, and only then does
    the message say Copied."""
    from tui.screens.copy_lines import CopyLines

    recs = fake_clipboard_tools(tmp_path / "bin", {"wl-copy": 1, "xclip": 0, "xsel": 0})
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("v", "x")
        await wait_for(pilot, lambda: any(n.title == "Clipboard" for n in app._notifications))
        env = app.screen.query_one(EnvPanel)
        assert recorded(recs["wl-copy"]) == (env.export_lines(), "")  # tried first, failed
        assert recorded(recs["xclip"]) == (env.export_lines(), "-selection clipboard")
        assert recorded(recs["xsel"]) is None  # not needed
        msg = next(n.message for n in app._notifications if n.title == "Clipboard")
        assert msg.startswith("Copied") and "with xclip" in msg and "DB_PASSWORD" in msg
        assert not isinstance(app.screen, CopyLines)


def test_copy_with_tool_runs_only_the_known_programs(tmp_path):
    from tui.screens.copy_lines import copy_with_tool

    recs = fake_clipboard_tools(tmp_path / "bin", {"xsel": 1, "pbcopy": 0, "clip": 0, "copyq": 0})
    assert copy_with_tool("export A=\n", path=str(tmp_path / "bin")) == "pbcopy"
    assert recorded(recs["xsel"]) == ("export A=\n", "--clipboard --input")
    assert recorded(recs["pbcopy"]) == ("export A=\n", "")
    assert recorded(recs["clip"]) is None and recorded(recs["copyq"]) is None
    assert copy_with_tool("x", path=str(tmp_path / "empty")) is None


async def test_edit_without_terminal_notifies(demo):
    app = make_app(demo, editor="true")
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert any("Cannot open an editor" in n.message for n in app._notifications)


async def test_edit_opens_editor_at_problem_line(demo, tmp_path, monkeypatch):
    out = tmp_path / "argv.json"
    script = tmp_path / "fake_editor.py"
    script.write_text(f"import json, sys\nopen({str(out)!r}, 'w').write(json.dumps(sys.argv[1:]))\n")
    app = make_app(demo, editor=f"{sys.executable} {script}")
    monkeypatch.setattr(PluginTUI, "suspend", lambda self: contextlib.nullcontext())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("p")
        d = problems(app).current
        await pilot.press("e")
        await wait_for(pilot, out.exists)
        argv = json.loads(out.read_text())
        assert argv[-1] == str(demo / d.path)
        await wait_for(pilot, lambda: app.checks >= 2)  # re-checked after the editor returned


@pytest.mark.parametrize(
    "editor, line_only, with_column",
    [
        ("code --wait", ["code", "--wait", "-g", "/p/a.md:7"], ["code", "--wait", "-g", "/p/a.md:7:3"]),
        ("code-insiders", ["code-insiders", "-g", "/p/a.md:7"], ["code-insiders", "-g", "/p/a.md:7:3"]),
        ("cursor", ["cursor", "-g", "/p/a.md:7"], ["cursor", "-g", "/p/a.md:7:3"]),
        ("vim", ["vim", "+7", "/p/a.md"], ["vim", "+call cursor(7,3)", "/p/a.md"]),
        ("nvim", ["nvim", "+7", "/p/a.md"], ["nvim", "+call cursor(7,3)", "/p/a.md"]),
        (
            "/usr/bin/vim.basic",
            ["/usr/bin/vim.basic", "+7", "/p/a.md"],
            ["/usr/bin/vim.basic", "+call cursor(7,3)", "/p/a.md"],
        ),
        ("vi", ["vi", "+7", "/p/a.md"], ["vi", "+7", "/p/a.md"]),  # nvi, busybox: no column
        ("emacs -nw", ["emacs", "-nw", "+7", "/p/a.md"], ["emacs", "-nw", "+7:3", "/p/a.md"]),
        ("emacsclient -t", ["emacsclient", "-t", "+7", "/p/a.md"], ["emacsclient", "-t", "+7:3", "/p/a.md"]),
        ("emacs-29.1", ["emacs-29.1", "+7", "/p/a.md"], ["emacs-29.1", "+7:3", "/p/a.md"]),
        ("hx", ["hx", "/p/a.md:7"], ["hx", "/p/a.md:7:3"]),
        ("nano", ["nano", "+7", "/p/a.md"], ["nano", "+7,3", "/p/a.md"]),
        ("subl -w", ["subl", "-w", "/p/a.md:7"], ["subl", "-w", "/p/a.md:7:3"]),
        ("micro", ["micro", "+7", "/p/a.md"], ["micro", "+7:3", "/p/a.md"]),  # path:l:c needs -parsecursor
        ("kak", ["kak", "+7", "/p/a.md"], ["kak", "+7:3", "/p/a.md"]),
        ("zed --wait", ["zed", "--wait", "/p/a.md:7"], ["zed", "--wait", "/p/a.md:7:3"]),
        ("idea", ["idea", "--line", "7", "/p/a.md"], ["idea", "--line", "7", "--column", "3", "/p/a.md"]),
        ("kate", ["kate", "-l", "7", "/p/a.md"], ["kate", "-l", "7", "-c", "3", "/p/a.md"]),
        ("joe", ["joe", "+7", "/p/a.md"], ["joe", "+7", "/p/a.md"]),
        ("mate -w", ["mate", "-w", "-l", "7", "/p/a.md"], ["mate", "-w", "-l", "7", "/p/a.md"]),
        ("myeditor --flag", ["myeditor", "--flag", "/p/a.md"], ["myeditor", "--flag", "/p/a.md"]),  # unknown: path only
        ("notepad++.exe", ["notepad++.exe", "/p/a.md"], ["notepad++.exe", "/p/a.md"]),
    ],
)
def test_editor_command_forms(editor, line_only, with_column):
    assert editor_command(editor, "/p/a.md", 7) == line_only
    assert editor_command(editor, "/p/a.md", 7, 3) == with_column
    assert editor_command(editor, "/p/a.md", None, 3)[-1] == "/p/a.md"  # no line: the path alone
    assert editor_command(editor, "/p/a.md", None) == [*editor.split(), "/p/a.md"]


def test_editor_command_default_and_quoting():
    assert editor_command("", "/p/a.md", 2) == ["vi", "+2", "/p/a.md"]
    assert editor_command("'/Applications/My Editor/bin/code' -w", "/p/a b.md", 2, 5) == [
        "/Applications/My Editor/bin/code",
        "-w",
        "-g",
        "/p/a b.md:2:5",
    ]


async def test_edit_passes_line_and_column_to_a_known_editor(demo, tmp_path, monkeypatch):
    """A program named nano (recording its arguments) gets +LINE,COLUMN of the selected problem."""
    out = tmp_path / "argv.json"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    nano = bin_dir / "nano"
    nano.write_text(f"#!{sys.executable}\nimport json, sys\nopen({str(out)!r}, 'w').write(json.dumps(sys.argv[1:]))\n")
    nano.chmod(0o755)
    app = make_app(demo, editor=str(nano))
    monkeypatch.setattr(PluginTUI, "suspend", lambda self: contextlib.nullcontext())
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("p")
        panel = problems(app)
        i = next(i for i, d in enumerate(panel.shown) if d.path and d.line and d.column and d.column > 1)
        panel.table.move_cursor(row=i, animate=False)
        await pilot.pause()
        d = panel.current
        await pilot.press("e")
        await wait_for(pilot, out.exists)
        assert json.loads(out.read_text()) == [f"+{d.line},{d.column}", str(demo / d.path)]


async def test_recheck_keeps_cursor_and_expanded_nodes(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        t = tree(app)
        agents_key = key_for(app, "group", "Agents")
        t.by_key[agents_key].collapse()
        skill_key = key_for(app, "skill", "api-testing")
        app.jump_to(skill_key)
        await pilot.pause()
        (demo / "agents" / "new-one.md").write_text("---\nname: new-one\ndescription: x\n---\nYou are new.\n")
        await pilot.press("r")
        await ready(app, pilot, checks=2)
        t = tree(app)
        assert t.cursor_key == skill_key
        assert not t.by_key[agents_key].is_expanded
        assert any(n.label == "new-one" for n in app.outline.nodes.values())
        app.recheck({"agents/new-one.md"})  # the incremental path
        await ready(app, pilot, checks=3)
        assert tree(app).cursor_key == skill_key


async def test_vim_keys_in_tree(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        t = tree(app)
        start = t.cursor_line
        await pilot.press("j", "j")
        assert t.cursor_line == start + 2
        await pilot.press("k")
        assert t.cursor_line == start + 1
        node = t.cursor_node
        await pilot.press("h")  # collapse the (open) group, or go to its parent
        await pilot.press("l")
        assert t.cursor_node is node or t.cursor_node.parent is node
        await pilot.press("G")
        assert t.cursor_line == t.last_line
        await pilot.press("g")
        assert t.cursor_line == 0


async def test_reserved_keys_do_not_crash(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        for key in ("f", "F", "u", "w", "t", "n", "m"):
            await pilot.press(key)
            await pilot.pause()
            if app.screen is not app.screen_stack[0]:
                await pilot.press("escape")
        assert app.is_running


async def test_palette_jumps_to_component_and_switches_profile(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"go to agent api-reviewer")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: tree(app).cursor_key == key_for(app, "agent", "api-reviewer"))
        await pilot.press("ctrl+p")
        await pilot.press(*"switch profile plugin-dev")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.config.profile == "plugin-dev")
        await ready(app, pilot, checks=2)
        assert "plugin-dev" in app.sub_title


async def test_q_quits(demo):
    app = make_app(demo)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


@pytest.mark.parametrize("theme", ["textual-light", "nord", "gruvbox"])
async def test_other_themes_render(demo, theme):
    app = make_app(demo, theme=theme)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.theme == theme
        app.jump_to(key_for(app, "mcp_server", "api"))
        await pilot.pause()
        assert "Auth" in detail_text(app)


async def test_marketplace_tree_is_lazy(tmp_path):
    root = write_tree(
        tmp_path / "mk",
        {
            ".claude-plugin/marketplace.json": {
                "name": "mk",
                "owner": {"name": "o"},
                "plugins": [
                    {"name": "one", "source": "./plugins/one"},
                    {"name": "two", "source": "./plugins/two"},
                    {"name": "far", "source": {"source": "github", "repo": "a/b"}},
                ],
            },
            "plugins/one/.claude-plugin/plugin.json": {"name": "one", "version": "1.0.0"},
            "plugins/one/commands/hi.md": "---\ndescription: hi\n---\nHi\n",
            "plugins/two/.claude-plugin/plugin.json": {"name": "two"},
            "plugins/two/agents/a.md": "---\nname: a\ndescription: does a\n---\nYou are a.\n",
        },
    )
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        t = tree(app)
        assert app.outline.root.kind == "marketplace"
        labels = [app.outline.get(c.data).label for c in t.root.children]
        assert labels == ["far", "one", "two"]
        one = t.by_key["plugin:plugins/one"]
        assert not one.is_expanded and len(one.children) == 0  # built on first expand
        app.jump_to(key_for(app, "command", "hi"))
        await pilot.pause()
        assert one.is_expanded and len(one.children) > 0
        assert "Command" in detail_text(app)
        app.jump_to("entry:2")
        await pilot.pause()
        assert "Marketplace entry" in detail_text(app) and "github" in detail_text(app)


async def test_unknown_theme_falls_back(demo):
    app = PluginTUI(demo, watch=False, theme="no-such-theme", environ={})
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)
        assert app.theme == "textual-dark"
        assert any("Unknown theme" in n.message for n in app._notifications)


async def test_check_failure_is_reported_and_marks_the_view_stale(tmp_path, monkeypatch):
    from tui.core.lint.session import Session

    root = write_tree(tmp_path / "p", {".claude-plugin/plugin.json": {"name": "p"}})
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(app, pilot)

        def boom(self):
            raise RuntimeError("a rule crashed")

        monkeypatch.setattr(Session, "full", boom)
        await pilot.press("r")
        await wait_for(pilot, lambda: any("Check failed" in (n.title or "") for n in app._notifications))
        assert app.is_running
        assert app.stale == "last check failed" and app.sub_title.startswith("stale: last check failed")
        assert app.screen.query_one("#main").has_class("stale")
        monkeypatch.undo()
        checks = app.checks
        await pilot.press("r")
        await wait_for(pilot, lambda: app.checks > checks)
        assert app.stale is None and not app.screen.query_one("#main").has_class("stale")


@pytest.mark.corpus
async def test_corpus_marketplace_first_screen():
    path = CORPUS / "wshobson__agents"
    app = make_app(path)
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: app.first_screen_ms is not None)
        assert len(tree(app).root.children) >= 91
        await ready(app, pilot)
        assert app.outline.root.kind == "marketplace"
