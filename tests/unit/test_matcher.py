"""The hook matcher engine: exact lists, JavaScript regex semantics, events (spec E.2, E.3)."""

import re

import pytest

from tui.core.spec import matcher as M
from tui.core.spec.matcher import classify, js_regex_to_python, matches


def test_31_events_case_sensitive():
    assert len(M.EVENTS) == 31
    assert "PostToolUse" in M.EVENTS and "postToolUse" not in M.EVENTS
    assert M.EVENTS["SessionStart"].handler_types == {"command", "mcp_tool"}
    assert "prompt" in M.EVENTS["PreToolUse"].handler_types
    assert "prompt" not in M.EVENTS["Notification"].handler_types
    assert not M.EVENTS["Stop"].has_matcher and M.EVENTS["PreToolUse"].has_matcher
    assert M.HANDLER_TYPES == ("command", "http", "mcp_tool", "prompt", "agent")
    assert "startup" in M.MATCHER_VALUES["SessionStart"]
    assert "Stop" not in M.MATCHER_VALUES


@pytest.mark.parametrize(
    "name,want",
    [
        ("postToolUse", "PostToolUse"),
        ("pre_tool_use", "PreToolUse"),
        ("sessionstart", "SessionStart"),
        ("Completely", None),
    ],
)
def test_suggest_event(name, want):
    assert M.suggest_event(name) == want


@pytest.mark.parametrize("m", [None, "", "*"])
def test_match_all(m):
    assert classify(m, "PreToolUse").kind == "all"
    assert matches(m, "Anything", "PreToolUse")


def test_exact_lists():
    info = classify("Write|Edit", "PreToolUse")
    assert info.kind == "exact" and info.values == ["Write", "Edit"]
    assert "Write or Edit" in info.explanation
    assert classify("Bash, Edit", "PreToolUse").values == ["Bash", "Edit"]
    assert classify("general-purpose", "SubagentStart").values == ["general-purpose"]
    assert matches("Write|Edit", "Edit", "PreToolUse")
    assert not matches("Write|Edit", "NotebookEdit", "PreToolUse")
    assert not matches("Bash", "bash", "PreToolUse")  # case-sensitive
    assert not matches("mcp__memory", "mcp__memory__create", "PreToolUse")  # bare server = exact name


def test_narrow_exact_events():
    # FileChanged / StopFailure: hyphen, space and comma make it a regex; only | separates
    assert classify("rate_limit|overloaded", "StopFailure").kind == "exact"
    info = classify("rate-limit", "StopFailure")
    assert info.kind == "regex"
    assert classify("rate-limit", "PreToolUse").kind == "exact"
    assert matches("a,b", "xa,by", "FileChanged")  # regex, unanchored
    assert not matches("a,b", "a", "FileChanged")


def test_regex_unanchored_explanation():
    info = classify("Edit.*", "PreToolUse")
    assert info.kind == "regex"
    assert "NotebookEdit" in info.also_matches and "Edit" not in info.also_matches
    assert "also matches" in info.explanation and "NotebookEdit" in info.explanation
    assert matches("Edit.*", "NotebookEdit", "PreToolUse")
    assert not classify("^Edit$", "PreToolUse").also_matches
    assert matches("mcp__.*__delete.*", "mcp__github__delete_repo", "PreToolUse")


def test_ignored_on_events_without_matcher():
    info = classify("Bash", "Stop")
    assert info.kind == "ignored" and "Stop" in info.explanation
    assert matches("Bash", "Whatever", "Stop")
    assert classify(None, "Stop").kind == "all"


def test_invalid():
    info = classify("Write([", "PreToolUse")
    assert info.kind == "invalid"
    assert "Unterminated character class" in info.error
    assert not matches("Write([", "Write", "PreToolUse")
    assert classify(["Write"], "PreToolUse").kind == "invalid"


@pytest.mark.parametrize(
    "pattern,err",
    [
        ("Write([", "Unterminated character class"),
        ("Write(", "Unterminated group"),
        ("Write)", "Unmatched ')'"),
        ("*x", "Nothing to repeat"),
        ("a**", "Nothing to repeat"),
        ("x{1}{2}", "Nothing to repeat"),
        ("^*", "Nothing to repeat"),
        ("[z-a]", "Range out of order"),
        ("a{3,1}", "out of order"),
        ("(?P<n>a)", "Invalid group"),  # Python syntax, not JavaScript
        ("(?i)abc", "Invalid group"),
        ("(?<a>x)(?<a>y)", "Duplicate capture group name"),
        ("(?<a>x)\\k<b>", "Invalid named capture"),
        ("abc\\", "\\ at end of pattern"),
    ],
)
def test_js_rejects(pattern, err):
    r = js_regex_to_python(pattern)
    assert isinstance(r, str) and err in r, r


@pytest.mark.parametrize(
    "pattern,yes,no",
    [
        ("(?<tool>Write|Edit)\\k<tool>", ["WriteWrite"], ["WriteEdit"]),  # named groups + backreference
        ("\\d+", ["a12"], ["\u0663"]),  # \d is ASCII-only in JavaScript
        ("^\\w+$", ["Bash_1"], ["Bäsh"]),
        ("^a\\sb$", ["a\u00a0b", "a\tb"], ["ab"]),  # JavaScript \s is Unicode
        ("^[\\S]$", ["x"], [" ", "\u00a0"]),
        ("^a$", ["a"], ["a\n"]),  # $ only at the very end (Python's $ also matches before a final \n)
        ("^a.b$", ["axb"], ["a\nb", "a\u2028b"]),
        ("\\q", ["q"], ["x"]),  # Annex B identity escape
        ("a{", ["a{"], ["a"]),  # lone brace is literal
        ("]", ["]"], ["x"]),
        ("[\\d-z]", ["-", "5", "z"], ["m"]),  # class escape in a range: literal '-'
        ("[]", [], ["", "a"]),  # empty class matches nothing
        ("^[^]$", ["x", "\n"], ["xy"]),
        ("\\x41\\u0042", ["AB"], ["x41"]),
        ("\\8", ["8"], ["\b"]),
        ("(a)\\1", ["aa"], ["ab"]),
        ("\\1(a)", ["a"], ["b"]),  # forward reference matches empty in JavaScript
        ("a(?=b)", ["ab"], ["ac"]),
        ("(?<=a)b", ["ab"], ["cb"]),
        ("\\bBash\\b", ["Bash"], ["Bashful"]),
        ("[[]", ["["], ["a"]),
        ("\\cJ", ["\n"], ["cJ"]),
    ],
)
def test_js_semantics(pattern, yes, no):
    rx = js_regex_to_python(pattern)
    assert isinstance(rx, re.Pattern), rx
    for v in yes:
        assert rx.search(v), (pattern, v)
    for v in no:
        assert not rx.search(v), (pattern, v)


def test_never_raises_and_length_cap():
    for p in ["(" * 5000, "[" * 10, "\\", "(?<", "(?<=", "{1}", "a{99999999999}", "\ud800", "(?<=a+)b"]:
        r = js_regex_to_python(p)
        assert isinstance(r, (str, re.Pattern))
    long = "a" * (M.MAX_PATTERN_LENGTH + 1) + ".|b"
    assert isinstance(js_regex_to_python(long), str)
    assert not matches(long, "b", "PreToolUse")
    info = classify("(?<=ab+)c", "PreToolUse")  # valid JavaScript, Python cannot express it
    assert info.kind == "regex" and info.unsupported


def test_hooks_firing():
    from types import SimpleNamespace as NS

    h1 = NS(event="PreToolUse", matcher="Write|Edit")
    h2 = NS(event="PreToolUse", matcher="Edit.*")
    h3 = NS(event="PreToolUse", matcher="Write([")
    h4 = NS(event="Stop", matcher=None)
    plugin = NS(hooks=[h1, h2, h3, h4], hook_configs=[])
    got = M.hooks_firing(plugin, "PreToolUse", "NotebookEdit")
    assert [h for h, _ in got] == [h2]
    assert [h for h, _ in M.hooks_firing(plugin, "PreToolUse", None)] == [h1, h2]
    project = NS(plugins=[plugin])
    assert [h for h, _ in M.hooks_firing(project, "Stop", None)] == [h4]
