"""The README's "Required environment variables" section: the edit that documents a variable there."""

from __future__ import annotations

import re

from ...base.fixtypes import CreateFile, TextEdit
from ...lint.context import Context
from ...model.plugin import Plugin
from ...parse.edits import create_file, newline_of

_ENV_SECTION = re.compile(r"^(#{1,6})[ \t]+(?:required[ \t]+)?environment[ \t]+variables\b.*$", re.I | re.M)


def readme_env_edit(ctx: Context, plugin: Plugin, entries: list[tuple[str, str]]) -> TextEdit | CreateFile | None:
    """One edit that lists ``(NAME, description)`` entries in the plugin README's "Required environment
    variables" section: appended to the section, a new section at the end, or a new README.md. Names the README
    already mentions are left out; None when there is nothing to add."""
    rel = plugin.readme
    sf = ctx.file(rel) if rel else None
    if sf is None or not isinstance(sf.text, str):
        if rel:
            return None  # a README that cannot be read is neither edited nor replaced
        if not entries:
            return None
        bullets = "".join(f"- `{n}`: {d}\n" for n, d in entries)
        name = plugin.name if isinstance(plugin.name, str) and plugin.name else "Plugin"
        return create_file(plugin.path("README.md"), f"# {name}\n\n## Required environment variables\n\n{bullets}")
    text = sf.text
    entries = [
        (n, d) for n, d in entries if not re.search(r"(?<![A-Za-z0-9_])" + re.escape(n) + r"(?![A-Za-z0-9_])", text)
    ]
    if not entries:
        return None
    nl = newline_of(text) if "\n" in text else "\n"
    bullets = "".join(f"- `{n}`: {d}{nl}" for n, d in entries)
    m = _ENV_SECTION.search(text)
    if m is None:
        at = len(text)
        lead = "" if not text or text.endswith("\n") else nl
        lead += nl if text.strip() else ""
        return TextEdit(sf.rel, at, at, f"{lead}## Required environment variables{nl}{nl}{bullets}", text)
    level = len(m.group(1))
    nxt = re.compile(r"^#{1," + str(level) + r"}[ \t]", re.M).search(text, m.end())
    at = nxt.start() if nxt else len(text)
    while at > m.end() and text[at - 1] in "\r\n \t":  # before the blank lines that end the section
        at -= 1
    if at == m.end():  # an empty section: after the heading and a blank line
        return TextEdit(sf.rel, at, at, nl + nl + bullets[: -len(nl)], text)
    i = text.find("\n", at)
    if i < 0:
        return TextEdit(sf.rel, len(text), len(text), nl + bullets[: -len(nl)], text)
    return TextEdit(sf.rel, i + 1, i + 1, bullets, text)
