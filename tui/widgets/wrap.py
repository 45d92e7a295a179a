"""Word wrap with hanging indents, for plain text and for Textual content markup.

Textual wraps a long line at the widget's edge and starts the rest at column 0; the panes wrap their text
themselves to the width they have, so that continuation lines align under the value they continue.
"""

from __future__ import annotations

from textual.content import Content

from .outline import printable


def escape(text: str) -> str:
    """``text`` as Textual content markup that shows it as it is. Every ``[`` is escaped: Textual's own
    ``escape`` leaves the brackets that do not start like a tag (``[31m``, ``[0]``), which its parser may still
    read as one when a tag follows later on the line (then it fails: "auto closing tag has nothing to close").
    A trailing backslash would escape the tag after it: a zero-width space stands between. Control characters
    but newline and tab are written out (``printable``)."""
    out = printable(text, keep="\n\t").replace("[", "\\[")
    return out + "\u200b" if out.endswith("\\") else out


def wrap_offsets(text: str, width: int, rest: int | None = None) -> list[tuple[int, int]]:
    """Greedy word wrap of one line of text as (start, end) offsets into it (long words are cut). The first
    line is ``width`` wide, the others ``rest`` (default: ``width``)."""
    width = max(4, width)
    rest = width if rest is None else max(4, rest)
    out: list[tuple[int, int]] = []
    n = len(text)
    i = 0
    while i < n and text[i] == " ":
        i += 1
    w = width
    while i < n:
        if n - i <= w:
            out.append((i, n))
            break
        cut = text.rfind(" ", i, i + w + 1)
        if cut <= i:
            cut = i + w
        out.append((i, cut))
        i = cut
        while i < n and text[i] == " ":
            i += 1
        w = rest
    return out or [(0, 0)]


def wrap_plain(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        lines.extend(para[a:b] for a, b in wrap_offsets(para, width))
    return lines


def hang(markup: str, width: int, first: str = "", indent: int = 0) -> list[str]:
    """``first`` (markup) then ``markup``, wrapped to ``width`` columns; every continuation line starts with
    ``indent`` spaces. Styles that span a break are kept on both sides (the markup is cut as content)."""
    head = Content.from_markup(first) if first else Content("")
    body = Content.from_markup(markup)
    lines: list[str] = []
    paragraphs = body.plain.split("\n")
    start = 0
    for p_i, para in enumerate(paragraphs):
        part = body[start : start + len(para)]
        start += len(para) + 1
        lead = head.cell_length if p_i == 0 else indent
        for j, (a, b) in enumerate(wrap_offsets(para, width - lead, width - indent)):
            piece = part[a:b].markup
            if p_i == 0 and j == 0:
                lines.append(first + piece)
            else:
                lines.append(" " * indent + piece)
    return lines
