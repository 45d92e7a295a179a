"""frontmatter.split finds the markers with one regex search instead of splitting the file into lines: it must
cut every text exactly where the line-by-line reading (the reference below) cuts it."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.parse.frontmatter import split

_OPEN = re.compile(r"---[ \t]*\r?$")


def reference(text: str) -> tuple:
    """(present, closed, raw, body, body_line, end_line), read line by line as Claude Code reads it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not _OPEN.fullmatch(lines[0]):
        return False, False, "", text, 1, 0
    for i in range(1, len(lines)):
        if _OPEN.fullmatch(lines[i]):
            return True, True, "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2, i + 1
    return True, False, "\n".join(lines[1:]), "", len(lines) + 1, 0


PIECES = ["---", "--- ", "---\r", "---\t \r", "----", " ---", "a: b", "x", "", "\r", "\ufeff---", "\u2028", "\x0b"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=7), st.booleans())
def test_split_cuts_where_lines_do(pieces, trailing):
    text = "\n".join(pieces) + ("\n" if trailing else "")
    fm = split(text)
    assert (fm.present, fm.closed, fm.raw, fm.body, fm.body_line, fm.end_line) == reference(text)


def test_body_and_yaml_survive_a_pickle_round_trip():
    """The body and the YAML are cut from the kept text when asked for; a model handed over by the explorer's
    start-up helper (pickled) gives the same."""
    import pickle

    for text in ("\ufeff---\nname: a\n---\nbody\n", "---\nname: a\n", "plain text\n", "\ufeffplain"):
        fm = split(text)
        back = pickle.loads(pickle.dumps(fm))
        assert (back.raw, back.body, back.body_line, back.data) == (fm.raw, fm.body, fm.body_line, fm.data)
    assert split("\ufeff---\nname: a\n---\nbody\n").body == "body\n"
    assert split("\ufeffplain").body == "plain"
