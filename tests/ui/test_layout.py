"""Layout that keeps what matters on screen: the Problems table keeps the end of a path and shows the selected
problem in full, the explorer is usable at 80x24, wrapped text keeps a hanging indent, the light theme reads.

The corpus tests read what is drawn (the table's and the tree's rendered lines) on the largest marketplace of
``../shared/corpus`` at 80x24 and 200x60; the same tests run on a generated marketplace everywhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.widgets import Input, Static

from tests.helpers import CORPUS
from tests.ui.conftest import detail_text, key_for, make_app, ready
from tests.ui.market import make_marketplace
from tui.app import TEXT_COLOURS, contrast
from tui.screens.help import HelpScreen
from tui.widgets.footer import KeysFooter, key_cells
from tui.widgets.problems import ProblemsPanel, fit_end
from tui.widgets.tree import PluginTree

SIZES = [(80, 24), (200, 60)]


def largest_marketplace() -> Path:
    name = (CORPUS / "LARGEST").read_text().split()[0] if (CORPUS / "LARGEST").is_file() else "wshobson__agents"
    return CORPUS / name


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """120 plugins in long folders, problems in files with long names, remote entries."""
    return make_marketplace(tmp_path_factory.mktemp("gen") / "market", 120, remote=10, problem_every=7)


# -- reading what is drawn -------------------------------------------------------------------------------------


async def drawn_rows(pilot, panel: ProblemsPanel) -> dict[str, str]:
    """Every row of the Problems table as drawn, by row key: the table scrolls page by page and each visible
    line is read from the widget's rendering."""
    table = panel.table
    rows: dict[str, str] = {}
    page = max(1, table.scrollable_content_region.height - 1)
    for top in range(0, table.row_count, page):
        table.scroll_to(y=top, animate=False)
        await pilot.pause()
        for y in range(1, table.scrollable_content_region.height):
            row = round(table.scroll_y) + y - 1
            if row < table.row_count:
                key = table.coordinate_to_cell_key((row, 0)).row_key.value
                rows[key] = table.render_line(y).text
    return rows


def expected_location(d) -> str:
    """What must be readable of a finding's location: its file name and line."""
    name = (d.path or "—").rsplit("/", 1)[-1]
    return f"{name}:{d.line}" if d.line else name


async def check_every_location_readable(app, pilot) -> None:
    await pilot.press("p")
    await pilot.pause()
    panel = app.screen.query_one(ProblemsPanel)
    assert panel.table.row_count == len(panel.by_key) > 0
    assert panel.table.virtual_size.width <= panel.table.scrollable_content_region.width  # no sideways scroll
    rows = await drawn_rows(pilot, panel)
    assert set(rows) == set(panel.by_key)
    for key, line in rows.items():
        d = panel.by_key[key]
        assert expected_location(d) in line, (line, d.path, d.line)
        if d.path and len(f"{d.path}:{d.line}") > panel.widths["where"]:
            assert "…" + expected_location(d) in line or "…/" in line  # the start went, not the end


def sample(plugins: list, k: int = 12) -> list:
    """The plugins with the longest names (the ones an ellipsis would cut) and an even spread of the rest."""
    longest = sorted(plugins, key=lambda n: -len(n.label))[:k]
    spread = plugins[:: max(1, len(plugins) // k)]
    return [n for n in plugins if n in longest or n in spread]


async def check_slash_finds_every_plugin(app, pilot, every: bool = True) -> None:
    """``/`` then a plugin's name selects it, drawn whole (or cut at the end) with its detail pane; for every
    plugin, or with ``every=False`` for a sample (each plugin costs a re-filter of the whole tree)."""
    tree = app.screen.query_one(PluginTree)
    plugins = [n for n in app.outline.root.children if n.kind == "plugin"]
    assert plugins
    if not every:
        plugins = sample(plugins)
    await pilot.press("1", "slash")
    box = app.screen.query_one("#tree-filter", Input)
    await pilot.press(*plugins[0].label[:3])  # typed, as a user does
    for node in plugins:
        box.value = node.label  # Input.Changed, as typing the rest would send
        await pilot.pause()
        tn = tree.by_key[node.key]
        assert tn in [line.node for line in tree._tree_lines], node.label
        tree.move_cursor(tn, animate=False)
        tree.scroll_to_node(tn, animate=False)
        await pilot.pause()
        drawn = tree.render_line(tn.line - round(tree.scroll_y)).text
        shown = drawn.split("◼ ", 1)[-1]
        room = tree.scrollable_content_region.width - drawn.index("◼ ") - 2
        assert shown.startswith(node.label[:room]), (drawn, node.label)
        assert f"Plugin {node.label}" in detail_text(app)
    await pilot.press("escape")


# -- the Problems table ----------------------------------------------------------------------------------------


def test_fit_end_keeps_the_file_and_line():
    loc = "plugins/development/api-lint-toolkit-0000/agents/api-lint-toolkit-0000-architecture-reviewer.md:1"
    assert fit_end(loc, 200) == loc
    assert fit_end(loc, 60) == "…/agents/api-lint-toolkit-0000-architecture-reviewer.md:1"
    assert fit_end(loc, 52) == "…/api-lint-toolkit-0000-architecture-reviewer.md:1"  # cut at a folder
    assert fit_end(loc, 30) == "…" + loc[-29:]  # a file name longer than the column: still its end


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_generated_marketplace_every_location_readable(generated, size):
    app = make_app(generated)
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        await check_every_location_readable(app, pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_generated_marketplace_slash_finds_every_plugin(generated, size):
    app = make_app(generated)
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        await check_slash_finds_every_plugin(app, pilot, every=False)  # every one: the corpus test at 80x24


@pytest.mark.corpus
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_corpus_largest_marketplace_every_location_readable(size):
    app = make_app(largest_marketplace())
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        await check_every_location_readable(app, pilot)


@pytest.mark.corpus
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_corpus_largest_marketplace_slash_finds_every_plugin(size):
    app = make_app(largest_marketplace())
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        await check_slash_finds_every_plugin(app, pilot, every=size == (80, 24))


async def test_selected_problem_is_shown_in_full_below_the_table(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("p")
        panel = app.screen.query_one(ProblemsPanel)
        row = next(i for i, d in enumerate(panel.shown) if d.hint and len(d.message) > 70)
        panel.table.move_cursor(row=row, animate=False)
        await pilot.pause()
        d = panel.current
        box = panel.query_one("#problem-message", Static)
        assert box.display and box.region.height > 1
        lines = [box.render_line(y).text.rstrip() for y in range(box.size.height)]  # as drawn
        flat = " ".join(ln.strip() for ln in lines)
        assert " ".join(d.message.split()) in flat and " ".join(d.hint.split()) in flat
        assert f"{d.path}:{d.line}" in flat and d.code in lines[0]
        indent = lines[0].index(d.code) + len(d.code) + 1  # the text column
        # continuation lines and the hint (after its →) start in the text column
        assert all(ln.startswith(" " * indent) or ln.lstrip().startswith("→ ") for ln in lines[1:] if ln.strip())
        hint_line = next(ln for ln in lines if ln.lstrip().startswith("→ "))
        assert hint_line.index(d.hint.split()[0]) == indent
        assert max(len(ln) for ln in lines) <= box.size.width


# -- 80x24 ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["demo", "generated"])
async def test_usable_at_80x24(target, demo, generated):
    app = make_app(demo if target == "demo" else generated)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        for keys in ((), ("p",), ("2",)):
            await pilot.press(*keys)
            await pilot.pause()
            footer = app.screen.query_one(KeysFooter)
            shown = footer.fitting(80)
            assert any(b.action in ("help", "explain") for b, _e, _t in shown)  # ? always stays
            assert sum(key_cells(app.get_key_display(b), b.description) for b, _e, _t in shown) <= 80 - 14
        # the header's totals fit (a marketplace's counts whole)
        assert len(app.title) + 3 + len(app.sub_title) <= 80 - 4
        if target == "generated":
            assert "130 listed: 120 local, 10 remote" in app.sub_title
        # the Problems toolbar: filter box, severity toggles and count are all on screen
        await pilot.press("p")
        await pilot.pause()
        panel = app.screen.query_one(ProblemsPanel)
        for wid in ("#problem-filter", "#severity-toggles", "#problem-count"):
            w = panel.query_one(wid)
            assert w.region.right <= 80 and w.region.width >= 8, wid
        toggles = str(panel.query_one("#severity-toggles", Static).render())
        assert "E" in toggles and "W" in toggles and "I" in toggles


# -- hanging indents ------------------------------------------------------------------------------------------


def continuation_ok(lines: list[str], label_width: int) -> None:
    """Each line that continues a field starts with spaces up to the value column, never at column 0."""
    for prev, line in zip(lines, lines[1:]):
        if line and not line.startswith(" ") and prev.startswith("  ") and prev.strip():
            raise AssertionError(f"continuation at column 0: {prev!r} / {line!r}")


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_detail_pane_wraps_with_a_hanging_indent(demo, size):
    app = make_app(demo)
    async with app.run_test(size=size) as pilot:
        await ready(app, pilot)
        text = detail_text(app)  # the plugin: description, problems counts and always-on wrap at 80x24
        lines = text.split("\n")
        width = app.screen.query_one("#detail-body").content_region.width
        assert max(len(ln) for ln in lines) <= width
        continuation_ok(lines, 16)
        desc = next(i for i, ln in enumerate(lines) if ln.strip().startswith("description"))
        value_col = len(lines[desc]) - len(lines[desc].split("description", 1)[1].lstrip())
        if size == (80, 24):
            assert lines[desc + 1].startswith(" " * value_col) and lines[desc + 1][value_col] != " "
        app.jump_to(key_for(app, "skill", "api-testing"))
        await pilot.pause()
        lines = detail_text(app).split("\n")
        assert max(len(ln) for ln in lines) <= width
        continuation_ok(lines, 16)


async def test_help_wraps_with_a_hanging_indent(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text", Static)
        lines = str(text.render()).split("\n")
        assert max(len(ln) for ln in lines) <= text.content_region.width
        wrapped = [ln for ln in lines if ln.startswith(" " * 20) and ln.strip()]
        assert wrapped  # some descriptions wrap at 80 columns …
        assert all(ln.startswith(" " * 26) for ln in wrapped)  # … under the description, not at column 0


# -- themes -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_theme_text_colours_read_on_the_panes(demo, theme):
    app = make_app(demo, theme=theme)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        v = app.theme_variables
        surface = Color.parse(v["surface"])
        if theme == "textual-light":
            for name in TEXT_COLOURS:
                assert contrast(Color.parse(v[name]), surface) >= 4.5, name
            assert contrast(Color.parse(v["border-blurred"]), surface) >= 1.8  # an unfocused pane's border shows
        else:  # the dark theme is left as Textual makes it
            assert v["warning"].upper() == "#FEA62B"
        # and the severity colours are what is drawn
        tree = app.screen.query_one(PluginTree)
        style = tree.get_component_rich_style("plugin-tree--warning", partial=True)
        assert Color.from_rich_color(style.color).hex.upper() == Color.parse(v["warning"]).hex.upper()


async def test_z_zooms_the_focused_pane_and_back(demo):
    app = make_app(demo)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(app, pilot)
        await pilot.press("p", "z")
        await pilot.pause()
        bottom = app.screen.query_one("#bottom")
        assert app.screen.maximized is bottom and bottom.region.height >= 20  # the whole screen less the footer
        assert not app.screen.query_one(PluginTree).region.height  # the tree is not drawn meanwhile
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is None and app.screen.query_one(PluginTree).region.height > 0
        await pilot.press("1", "z")
        assert app.screen.maximized is app.screen.query_one(PluginTree)
        await pilot.press("escape")  # Textual's: esc also restores
        assert app.screen.maximized is None
