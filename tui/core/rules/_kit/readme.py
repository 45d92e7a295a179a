"""The README's "Required environment variables" section: the edit that documents a variable there."""

from __future__ import annotations

import re

_ENV_SECTION = re.compile(r"^(#{1,6})[ \t]+(?:required[ \t]+)?environment[ \t]+variables\b.*$", re.I | re.M)


def readme_env_edit(ctx, plugin, entries: list[tuple[str, str]]):
    """One edit that lists ``(NAME, description)`` entries in the plugin README's "Required environment
    variables" section: appended to the section, a new section at the end, or a new README.md. Names the README
    already mentions are left out; None when there is nothing to add."""
    from ...base.fixtypes import TextEdit
    from ...parse.edits import create_file, newline_of

    rel = plugin.readme
    sf = ctx.file(rel) if rel else None
    text = sf.text if sf is not None and isinstance(sf.text, str) else None
    if rel and text is None:
        return None  # a README that cannot be read is neither edited nor replaced
    if text is not None:
        entries = [
            (n, d) for n, d in entries if not re.search(r"(?<![A-Za-z0-9_])" + re.escape(n) + r"(?![A-Za-z0-9_])", text)
        ]
    if not entries:
        return None
    nl = newline_of(text) if text and "\n" in text else "\n"
    bullets = "".join(f"- `{n}`: {d}{nl}" for n, d in entries)
    if text is None:
        name = plugin.name if isinstance(plugin.name, str) and plugin.name else "Plugin"
        return create_file(plugin.path("README.md"), f"# {name}\n\n## Required environment variables\n\n{bullets}")
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
