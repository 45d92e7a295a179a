"""body_lines_outside_fences: the lines of a Markdown body outside fenced code, the same on every call (its
cache is keyed by the body's length and hash, and bodies are fresh slices of their file's text)."""

from __future__ import annotations

from tui.core.model.analysis import body_lines_outside_fences


def test_lines_outside_fences_on_repeated_calls():
    body = "intro\n```sh\nrm -rf /\n```\nafter\n~~~\nx\n~~~\nend"
    expected = [(0, "intro"), (4, "after"), (8, "end")]
    for _ in range(3):
        assert body_lines_outside_fences("".join(list(body))) == expected  # a new string object each time


def test_bodies_without_fences_and_unclosed_fences():
    assert body_lines_outside_fences("a\nb") == [(0, "a"), (1, "b")]
    assert body_lines_outside_fences("a\n````\nb\n```\nc") == [(0, "a")]  # a shorter marker does not close
    other = "a\n```\nb\n```\nc"
    assert body_lines_outside_fences(other) == [(0, "a"), (4, "c")]
