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
