"""`tui.core.services.details`: Claude Code 2.1.332's offline token estimate and inventory, per plugin, as plain data.

The numbers of ``details_cases.CASES`` are what ``claude plugin details`` (2.1.332, offline) printed for those
exact files; the smaller tests pin single steps of its algorithm, read from its ``computePluginTokenCost``,
``scaleCharsToTokens`` and ``formatTokenEstimate``.
"""

from __future__ import annotations

import pytest

from tests.helpers import write_tree
from tests.unit.details_cases import CASES, TABLES
from tui.core.base.version import CLAUDE_CODE_VERSION
from tui.core.model.loader import load
from tui.core.model.plugin import NotLoaded
from tui.core.services.details import (
    chars_to_tokens,
    component_texts,
    first_line_description,
    format_estimate,
    js_len,
    js_string,
    js_trim,
    listing_name,
    project_details,
    sanitize_listing_text,
    split_like_details,
)


def details_of(root, environ=None):
    return project_details(load(root), environ={} if environ is None else environ)


@pytest.mark.parametrize("case", sorted(CASES))
def test_claude_code_totals(tmp_path, case):
    """The always-on total Claude Code printed ("Always-on: ~N tok") for each case, to the token."""
    spec = CASES[case]
    d = details_of(write_tree(tmp_path / case, spec["files"]))
    (plugin,) = d.plugins
    assert plugin.always_on_tokens == spec["always_on_tokens"]
    got = {c.name: c for c in plugin.costs}
    assert set(got) == set(spec["components"])
    for name, (kind, always_on, on_invoke) in spec["components"].items():
        assert got[name].kind == kind
        assert (got[name].always_on_chars, got[name].on_invoke_chars) == (js_len(always_on), js_len(on_invoke))


@pytest.mark.parametrize("case", sorted(CASES))
def test_claude_code_tables(tmp_path, case):
    """The rounded per-component column Claude Code printed for each case."""
    (plugin,) = details_of(write_tree(tmp_path / case, CASES[case]["files"])).plugins
    assert {c.name: (format_estimate(c.always_on), format_estimate(c.on_invoke)) for c in plugin.costs} == TABLES[case]


@pytest.mark.parametrize("case", sorted(CASES))
def test_claude_code_texts(tmp_path, case):
    """The always-on and on-invoke texts themselves, not only their lengths."""
    spec = CASES[case]
    root = write_tree(tmp_path / case, spec["files"])
    project = load(root)
    (plugin,) = project.plugins
    for comp in (*plugin.skills, *plugin.agents, *plugin.commands):
        kind, always_on, on_invoke = spec["components"][comp.name]
        text = (root / comp.rel).read_bytes().decode("utf-8")
        assert component_texts(text, comp.name, comp.KIND, plugin.name) == (always_on, on_invoke)


# --- single steps ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("chars,tokens", [(0, 0), (1, 0), (2, 1), (6, 2), (10, 3), (14, 4), (42, 11), (358, 90)])
def test_chars_to_tokens_rounds_half_up(chars, tokens):
    # Math.round(chars / 4): 2.5 -> 3 and 10.5 -> 11, where Python's round() would give 2 and 10
    assert chars_to_tokens(chars) == tokens


@pytest.mark.parametrize(
    "tokens,shown",
    [
        (0, "< 20"),
        (19, "< 20"),
        (20, "~20"),
        (24, "~20"),
        (25, "~30"),
        (994, "~990"),
        (995, "~1k"),
        (1000, "~1k"),
        (1234, "~1.2k"),
        (1249, "~1.3k"),
        (2039, "~2k"),
        (12345, "~12.4k"),
        (1_500_000, "~1.5m"),
    ],
)
def test_format_estimate(tokens, shown):
    # formatTokenEstimate: "< 20" below 20, else "~" + compact(round(t / 10) * 10), lower case, ".0" dropped
    assert format_estimate(tokens) == shown


def test_lengths_are_utf16_units():
    assert js_len("abc") == 3
    assert js_len("é") == 1
    assert js_len("😀") == 2  # astral: a surrogate pair in JavaScript


def test_js_trim_differs_from_str_strip():
    assert js_trim("\ufeff x \u3000") == "x"  # JavaScript trims the BOM; str.strip() keeps it
    assert js_trim("\x1c x \x1f") == "\x1c x \x1f"  # str.strip() would remove these


@pytest.mark.parametrize(
    "value,text",
    [
        (True, "true"),
        (12345, "12345"),
        (12345.0, "12345"),
        (1.5, "1.5"),
        (["a", 1, None], "a,1,"),
        ({"k": 1}, "[object Object]"),
    ],
)
def test_js_string(value, text):
    assert js_string(value) == text


def test_split_like_details_block_ends_at_first_dashes():
    fm, content = split_like_details("---\ndescription: a---b\n---\nbody\n")
    assert fm == {"description": "a"}
    assert content == "b\n---\nbody\n"


def test_split_like_details_without_frontmatter_keeps_the_text():
    text = "\ufeff# Title\nbody\n"
    assert split_like_details(text) == ({}, text)
    assert split_like_details("---\nonly an opening line\n") == ({}, "---\nonly an opening line\n")


def test_split_like_details_yaml_is_read_leniently_or_not_at_all():
    # a value with a special character is quoted and read again, as Claude Code does
    assert split_like_details("---\ndescription: [unclosed\n---\nx\n")[0] == {"description": "[unclosed"}
    # YAML that stays broken reads as no frontmatter; the content still starts after the block
    fm, content = split_like_details("---\ndescription: a\n  b: c\n---\n# Heading\n")
    assert fm == {}
    assert content == "# Heading\n"
    assert component_texts("---\ndescription: a\n  b: c\n---\n# Heading\n", "x", "skill", "p")[0] == "p:x Heading"


def test_description_fallback_first_line():
    assert first_line_description("\n\n  # Title here  \nmore") == "Title here"
    assert first_line_description("#NoSpace heading") == "#NoSpace heading"  # "#+\s+" needs the space
    assert first_line_description("   \n") == "Skill"
    long = "y" * 101
    assert first_line_description(long) == "y" * 97 + "..."
    assert first_line_description("y" * 100) == "y" * 100
    # 96 letters then an emoji: the cut falls inside the surrogate pair and keeps its first half
    cut = first_line_description("y" * 96 + "😀" * 5)
    assert js_len(cut) == 100 and cut.endswith("...")


def test_description_non_scalar_falls_back_to_content():
    text = "---\ndescription:\n  - a\n  - b\n---\nFirst line.\n"
    assert component_texts(text, "x", "command", "p") == ("p:x First line.", "First line.")
    text = "---\ndescription: 42\n---\nBody\n"
    assert component_texts(text, "x", "command", "p")[0] == "p:x 42"
    text = "---\ndescription: '   '\n---\nBody\n"
    assert component_texts(text, "x", "command", "p")[0] == "p:x Body"


def test_sanitize_listing_text():
    assert sanitize_listing_text("a <b> c") == "a &lt;b&gt; c"
    assert sanitize_listing_text("one\n\n\ntwo\tthree") == "one two three"  # a run of controls: one space
    assert sanitize_listing_text("x\u200b\u200by") == "x y"  # invisible characters too
    assert sanitize_listing_text("\x1b[31mred\x1b[0m") == "red"  # ANSI sequences are stripped first
    assert sanitize_listing_text("ok ✅ done") == "ok ✅ done"
    # a variation selector inside an emoji sequence is kept, so a run of two is not merged
    assert js_len(sanitize_listing_text("🏳\ufe0f\u200d🌈")) == js_len("🏳\ufe0f\u200d🌈")


def test_listing_name_replaces_each_utf16_unit():
    assert listing_name("plug", "do.it") == "plug:do-it"
    assert listing_name("plug", "a b/c") == "plug:a-b-c"
    assert listing_name("plug", "x😀") == "plug:x--"


def test_agents_are_not_prefixed_or_escaped():
    text = "---\ndescription: Use <x>\nwhen_to_use: now\n---\nBody.\n"
    assert component_texts(text, "rev", "agent", "plug") == ("rev Use <x> now", "Body.")
    assert component_texts(text, "rev", "skill", "plug") == ("plug:rev Use &lt;x&gt; now", "Body.")


def test_unreadable_component_costs_nothing():
    assert component_texts(None, "x", "skill", "p") == ("", "")


# --- the plugin result ---------------------------------------------------------------------------------------------


@pytest.fixture
def kit(tmp_path):
    return write_tree(
        tmp_path / "kit",
        {
            ".claude-plugin/plugin.json": {"name": "api-kit", "version": "1.2"},
            "commands/request.md": "---\ndescription: Send a request\n---\nSend $ARGUMENTS.\n",
            "skills/api-testing/SKILL.md": "---\nname: api-testing\ndescription: Test APIs\n---\nHow to test.\n",
            "agents/api-reviewer.md": "---\nname: api-reviewer\ndescription: Reviews APIs\n---\nYou review.\n",
            "hooks/hooks.json": {
                "hooks": {
                    "Stop": [{"hooks": [{"type": "command", "command": "true"}]}],
                    "PreToolUse": [
                        {"matcher": "Bash", "hooks": [{"type": "command", "command": "true"}]},
                        {"matcher": "Edit", "hooks": [{"type": "command", "command": "true"}]},
                    ],
                }
            },
            ".mcp.json": {
                "mcpServers": {
                    "api": {
                        "type": "http",
                        "url": "https://${API_HOST}/mcp",
                        "headers": {"Authorization": "Bearer ${API_TOKEN}"},
                    },
                    "local": {"command": "${CLAUDE_PLUGIN_ROOT}/bin/server", "env": {"DB": "${DB_URL}"}},
                    "tool": {"command": "${TOOL_HOME}/bin/tool"},
                    "defaulted": {"type": "http", "url": "${API_BASE:-https://example.com}/mcp"},
                }
            },
        },
    )


def test_inventory_groups_like_claude_code(kit):
    (p,) = details_of(kit, environ={"API_HOST": "h", "TOOL_HOME": "/t"}).plugins
    assert p.name == "api-kit" and p.path == "." and p.version == "1.2"
    assert p.inventory == {
        "skills": ["api-testing", "request"],
        "agents": ["api-reviewer"],
        "hooks": ["Stop", "PreToolUse"],
        "mcp_servers": ["api", "local", "tool", "defaulted"],
        "lsp_servers": [],
    }
    assert [(c.kind, c.name) for c in p.costs] == [
        ("skill", "api-testing"),
        ("agent", "api-reviewer"),
        ("command", "request"),
    ]
    assert p.not_loaded == []


def test_json_shape(kit):
    d = details_of(kit, environ={"API_HOST": "h", "TOOL_HOME": "/t"})
    data = d.to_json()
    assert data["claude_code"] == CLAUDE_CODE_VERSION == "2.1.332"
    (p,) = data["plugins"]
    assert set(p) == {"name", "path", "version", "inventory", "always_on_tokens", "components", "not_loaded"}
    # "api-kit:api-testing Test APIs" 29, "api-reviewer Reviews APIs" 25, "api-kit:request Send a request" 30
    assert p["always_on_tokens"] == chars_to_tokens(29 + 25 + 30) == 21
    assert p["components"] == {
        "api-testing": {"kind": "skill", "always_on": 7, "on_invoke": 3},
        "api-reviewer": {"kind": "agent", "always_on": 6, "on_invoke": 3},
        "request": {"kind": "command", "always_on": 8, "on_invoke": 4},
    }


def test_unset_variable_in_url_or_command_is_not_loaded(kit):
    """Claude Code 2.1.332 with ${VAR} unset: "Missing environment variables in plugin MCP config: VAR" for each
    server; one whose url holds it never connects ("Failed to connect — Missing environment variables"), one
    with it in a header or env still starts (`claude mcp list` shows it), a ${VAR:-default} is fine."""
    (p,) = details_of(kit, environ={}).plugins
    got = {(n.path, n.what): n.why for n in p.not_loaded}
    assert set(got) == {(".mcp.json", "api"), (".mcp.json", "tool")}
    assert "API_HOST" in got[(".mcp.json", "api")] and "API_TOKEN" not in got[(".mcp.json", "api")]
    assert "TOOL_HOME" in got[(".mcp.json", "tool")]
    # an empty value is set for Claude Code: not missing
    (p,) = details_of(kit, environ={"API_HOST": "", "TOOL_HOME": ""}).plugins
    assert p.not_loaded == []


def test_values_never_reach_the_result(kit):
    secret = "sk-" + "details-" + "0123456789abcdef"
    d = details_of(kit, environ={"API_HOST": secret, "API_TOKEN": secret, "DB_URL": secret})
    assert secret not in repr(d.to_json())


def test_loader_not_loaded_entries_are_kept(kit):
    project = load(kit)
    project.plugins[0].not_loaded.append(NotLoaded("hooks/hooks.json", "postToolUse", "unknown event"))
    (p,) = project_details(project, environ={"API_HOST": "h", "TOOL_HOME": "/t"}).plugins
    assert p.to_json()["not_loaded"] == [{"path": "hooks/hooks.json", "what": "postToolUse", "why": "unknown event"}]


def test_components_the_loader_marks_unlisted_are_left_out(kit):
    project = load(kit)
    project.plugins[0].commands[0].listed = False  # what the loader sets for a file Claude Code does not list
    (p,) = project_details(project, environ={"API_HOST": "h", "TOOL_HOME": "/t"}).plugins
    assert p.inventory["skills"] == ["api-testing"]
    assert [c.name for c in p.costs] == ["api-testing", "api-reviewer"]


def test_same_name_in_two_kinds_keeps_both(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {"name": "p"},
            "commands/review.md": "---\ndescription: c\n---\nC\n",
            "agents/review.md": "---\nname: review\ndescription: a\n---\nA\n",
        },
    )
    (p,) = details_of(root).plugins
    assert set(p.to_json()["components"]) == {"review", "review (command)"}


def test_marketplace_lists_every_plugin_with_its_path(tmp_path):
    root = write_tree(
        tmp_path / "m",
        {
            ".claude-plugin/marketplace.json": {
                "name": "m",
                "owner": {"name": "o"},
                "plugins": [{"name": "one", "source": "./plugins/one"}, {"name": "two", "source": "./plugins/two"}],
            },
            "plugins/one/.claude-plugin/plugin.json": {"name": "one", "version": "1.0.0"},
            "plugins/one/commands/a.md": "---\ndescription: A\n---\nA\n",
            "plugins/two/.claude-plugin/plugin.json": {"name": "two"},
        },
    )
    d = details_of(root)
    assert [(p.name, p.path, p.version) for p in d.plugins] == [
        ("one", "plugins/one", "1.0.0"),
        ("two", "plugins/two", None),
    ]
    assert d.plugins[0].always_on_tokens == chars_to_tokens(len("one:a A"))
    assert d.plugins[1].to_json()["components"] == {}


def test_entries_sharing_a_folder_are_plugins_of_their_own(tmp_path):
    # anthropics/skills: three entries with source "./", each listing its own skills; Claude Code installs three
    # plugins, and `plugin details` of each lists only that entry's skills
    root = write_tree(
        tmp_path / "m",
        {
            ".claude-plugin/marketplace.json": {
                "name": "m",
                "owner": {"name": "o"},
                "plugins": [
                    {"name": "docs", "source": "./", "strict": False, "skills": ["./skills/pdf"]},
                    {"name": "art", "source": "./", "strict": False, "skills": ["./skills/canvas"]},
                ],
            },
            "skills/pdf/SKILL.md": "---\nname: pdf\ndescription: PDFs\n---\nBody\n",
            "skills/canvas/SKILL.md": "---\nname: canvas\ndescription: Art\n---\nBody\n",
        },
    )
    d = details_of(root)
    assert [(p.name, p.path, p.inventory["skills"]) for p in d.plugins] == [
        ("docs", ".", ["pdf"]),
        ("art", ".", ["canvas"]),
    ]


def test_outline_marks_the_node_that_will_not_load(kit):
    from tui.widgets.outline import build_outline

    project = load(kit)
    plugin = project.plugins[0]
    plugin.not_loaded.append(NotLoaded("hooks/hooks.json", "Stop", "an example reason"))
    details = project_details(project, environ={"TOOL_HOME": "/t"})
    outline = build_outline(project, (), details)
    marked = {(n.kind, n.label): n.not_loaded for n in outline.nodes.values() if n.not_loaded}
    assert marked == {("hook_event", "Stop"): "an example reason", ("mcp_server", "api"): marked[("mcp_server", "api")]}
    assert "API_HOST" in marked[("mcp_server", "api")]
    skill = next(n for n in outline.nodes.values() if n.kind == "skill")
    assert skill.cost is not None and skill.detail == "< 20 tok"
    assert outline.root.details is not None and outline.root.details.always_on_tokens == 21
    # without details (the first paint), nothing is claimed
    assert not any(n.not_loaded or n.cost for n in build_outline(project, ()).nodes.values())
