"""The SARIF report's messages: the finding, its hint apart, Markdown that renders what the text says."""

from __future__ import annotations

from tests.helpers import write_tree
from tui.core.base.diagnostics import Diagnostic
from tui.core.model.loader import load
from tui.core.services.report import to_sarif


def _result(tmp_path, message: str, hint: str | None) -> dict:
    root = write_tree(tmp_path / "p", {".claude-plugin/plugin.json": '{"name": "p"}'})
    d = Diagnostic("MCP005", "error", message, ".mcp.json", 1, 1, hint=hint)
    return to_sarif(load(root), [d])["runs"][0]["results"][0]


def test_a_hint_is_its_own_property_and_paragraph(tmp_path):
    res = _result(tmp_path, "server `my_api` needs `${API_TOKEN}` *now*", "export API_TOKEN [or] set <it>")
    assert res["message"]["text"] == "server `my_api` needs `${API_TOKEN}` *now*"
    assert res["properties"]["hint"] == "export API_TOKEN [or] set <it>"
    # code spans stay code (no backslash inside them); outside them Markdown's characters are escaped
    assert res["message"]["markdown"] == (
        "server `my_api` needs `${API_TOKEN}` \\*now\\*\n\n**Hint:** export API\\_TOKEN \\[or\\] set \\<it\\>"
    )


def test_without_a_hint_the_message_is_text_only(tmp_path):
    res = _result(tmp_path, "bad", None)
    assert res["message"] == {"text": "bad"}
    assert "hint" not in res.get("properties", {})


def _shown(markdown: str) -> str:
    """What a Markdown viewer shows (GitHub-flavoured: tables, strikethrough), as plain text: a hard break is a
    newline, a paragraph break a blank line, a code span its content."""
    import html
    import re

    from markdown_it import MarkdownIt

    out = MarkdownIt("commonmark").enable(["strikethrough", "table"]).render(markdown)
    out = re.sub(r"<br />\n?", "\n", out)
    out = re.sub(r"</p>\n<p>", "\n\n", out)
    out = re.sub(r"<(?!/?(p|code)>)[^>]+>", "\x00", out)  # any other element: Markdown made it, the text did not
    out = re.sub(r"</?(p|code)>", "", out)
    return html.unescape(out).strip("\n")


TRICKY = [
    "name `foo_bar` has _under_ and *star*",
    "a [link](http://x) and ![img](y) <b>html</b>",
    "| a | b |\n|---|---|\n| c | d |",
    "line one\nline two",
    "first\n\nsecond",
    "# heading",
    "- not a list",
    "+ not a list either",
    "12. not numbered",
    "3) nor this",
    "> not a quote",
    "x &amp; y &lt;b&gt; &#42;",
    "~~not struck~~",
    "back\\slash \\* and \\_",
    "value 'a`b' then `c` and d_e_",
    "one ` backtick",
    "`across\nlines`",
    "text\n---",
    "text\n===",
    "***",
    "    four spaces",
    "trailing  \nspaces",
]


def test_the_markdown_shows_the_text_as_it_is(tmp_path):
    """Whatever a message holds (a quoted name, a value from a file), the Markdown shows those characters: no
    emphasis, link, list, heading, table, entity or code block that the text did not mean."""
    for message in TRICKY:
        res = _result(tmp_path, message, "hint")
        markdown, hint = res["message"]["markdown"].rsplit("\n\n**Hint:** ", 1)
        assert hint == "hint"
        body = _shown(markdown)
        # a code span shows its content without the backticks; a line's leading and trailing spaces do not show
        want = "\n".join(line.strip(" ") for line in message.split("\n"))
        if message.count("`") % 2 == 0 and "`\n" not in message and "\n`" not in message and "`across" not in message:
            want = want.replace("`", "")
        assert body == want, (message, res["message"]["markdown"], body)


def test_every_rule_of_the_run_has_help_even_an_internal_error(tmp_path):
    """INT001 (a rule crashed) is no registered rule: its SARIF rule still has a name, a description and help."""
    root = write_tree(tmp_path / "p", {".claude-plugin/plugin.json": '{"name": "p"}'})
    diags = [
        Diagnostic("INT001", "error", "internal error in rule MKT007: TypeError: x", ".mcp.json", 1, 1),
        Diagnostic("ZZZ999", "warning", "a code nobody registered", ".mcp.json", 1, 1),
    ]
    import json

    import jsonschema

    from tests.helpers import REPO

    doc = to_sarif(load(root), diags)
    schema = json.loads((REPO / "tests/fixtures/sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["INT001", "ZZZ999"]
    for r in rules:
        assert r["help"]["text"] and r["shortDescription"]["text"], r
    assert "report" in rules[0]["help"]["text"]
