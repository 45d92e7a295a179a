"""Hook matchers the way Claude Code evaluates them.

- ``"*"``, ``""`` or an omitted matcher match everything.
- A matcher made only of letters, digits, ``_``, ``-``, spaces, ``,`` and ``|`` is an exact name or a list of exact
  names separated by ``|`` or ``,`` (whitespace around names tolerated). ``FileChanged`` and ``StopFailure`` use a
  narrower exact set: letters, digits, ``_`` and ``|`` only, and only ``|`` separates.
- Anything else is a JavaScript ``RegExp`` (no flags, so no ``u``), tested **unanchored** against the value.
- On events without matcher support the matcher is ignored: the hook fires for every occurrence.

``js_regex_to_python`` translates JavaScript regex syntax into an equivalent Python pattern (it never raises):
named groups, ``\\k<name>``, ASCII-only ``\\d``/``\\w``/``\\b``, JavaScript's Unicode ``\\s``, ``.`` that stops at
any line terminator, ``$`` only at the very end, Annex-B leniency (``\\q`` is ``q``, a lone ``]`` or ``{`` is
literal, ``\\8`` is ``8``, ``[\\d-z]`` has a literal ``-``), ``[]`` and ``[^]``; and it rejects what JavaScript
rejects (``Write([`` → "Unterminated character class", ``(?P<n>…)`` → "Invalid group", ``*x`` → "Nothing to
repeat", ``a**``, ``[z-a]``, ``(?i)``…). Nothing here executes plugin content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .hooks import (
    ENV_FILE_EVENTS,
    EVENT_NAMES,
    EVENTS,
    HANDLER_TYPES,
    IF_EVENTS,
    MATCHER_VALUES,
    TOOL_EVENTS,
    UNDOCUMENTED_EVENTS,
    EventInfo,
)

__all__ = [
    "EVENTS",
    "EVENT_NAMES",
    "UNDOCUMENTED_EVENTS",
    "HANDLER_TYPES",
    "MATCHER_VALUES",
    "TOOL_EVENTS",
    "IF_EVENTS",
    "ENV_FILE_EVENTS",
    "MAX_PATTERN_LENGTH",
    "EventInfo",
    "MatcherInfo",
    "classify",
    "matches",
    "js_regex_to_python",
    "suggest_event",
    "hooks_firing",
]

MAX_PATTERN_LENGTH = 1000  # longer regex matchers are not evaluated (catastrophic-backtracking guard)

# the event table is spec/hooks.py; these names are read through this module by the rules and the explorer
_EXACT = re.compile(r"[A-Za-z0-9_\- ,|]+\Z")
_EXACT_NARROW = re.compile(r"[A-Za-z0-9_|]+\Z")


def suggest_event(name: str) -> str | None:
    """The official event a misspelt/miscased name most likely means (``postToolUse`` → ``PostToolUse``)."""
    if not isinstance(name, str) or not name:
        return None
    low = name.lower().replace("_", "").replace("-", "")
    for ev in EVENT_NAMES:
        if ev.lower() == low:
            return ev
    import difflib

    hit = difflib.get_close_matches(name, EVENT_NAMES, n=1, cutoff=0.75)
    if hit:
        return hit[0]
    hit = difflib.get_close_matches(low, [e.lower() for e in EVENT_NAMES], n=1, cutoff=0.75)
    if hit:
        return next(e for e in EVENT_NAMES if e.lower() == hit[0])
    return None


# --------------------------------------------------------------------------------------------------------------
# JavaScript RegExp → Python


class _JsSyntaxError(Exception):
    pass


class _Unsupported(Exception):
    pass


# JavaScript \s: WhiteSpace + LineTerminator (Unicode), independent of the u flag.
_JS_WS = "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_JS_DOT = "[^\\n\\r\\u2028\\u2029]"
_SYNTAX = set("^$\\.*+?()[]{}|/")


def _lit(ch: str) -> str:
    """A Python-regex escape for one literal character, valid inside and outside classes."""
    o = ord(ch)
    if ch.isalnum() and o < 128:
        return ch
    if o <= 0xFF:
        return f"\\x{o:02x}"
    if o <= 0xFFFF:
        return f"\\u{o:04x}"
    return f"\\U{o:08x}"


_HEX = set("0123456789abcdefABCDEF")
_GROUP_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")


class _Translator:
    def __init__(self, src: str):
        self.s = src
        self.i = 0
        self.out: list[str] = []
        self.ncap = 0
        self.names: dict[str, str] = {}
        self.total_caps, self.all_names = self._prescan()
        self.closed: set[int] = set()

    # -- pre-scan: capture count and group names (needed for \N vs octal and \k semantics)
    def _prescan(self) -> tuple[int, list[str]]:
        s, i, n, names, in_class = self.s, 0, 0, [], False
        while i < len(s):
            c = s[i]
            if c == "\\":
                i += 2
                continue
            if in_class:
                if c == "]":
                    in_class = False
            elif c == "[":
                in_class = True
            elif c == "(":
                if s.startswith("(?<", i) and not s.startswith("(?<=", i) and not s.startswith("(?<!", i):
                    end = s.find(">", i)
                    if end > 0:
                        names.append(s[i + 3 : end])
                    n += 1
                elif not s.startswith("(?", i):
                    n += 1
            i += 1
        return n, names

    def peek(self, k: int = 0) -> str:
        j = self.i + k
        return self.s[j] if j < len(self.s) else ""

    def run(self) -> str:
        stack: list[tuple[str, int | None]] = []  # (kind, capture index)
        # `last` describes the previous item for quantifier checks:
        # None (nothing / start of alternative), "atom", "lookahead", "assert", "quantified"
        last: str | None = None
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c == "\\":
                last = self._escape_outside()
                continue
            if c == "[":
                self._char_class()
                last = "atom"
                continue
            if c == "(":
                self.i += 1
                if self.peek() == "?":
                    nxt = self.peek(1)
                    if nxt == ":":
                        self.i += 2
                        stack.append(("group", None))
                        self.out.append("(?:")
                    elif nxt in "=!":
                        self.i += 2
                        stack.append(("lookahead", None))
                        self.out.append("(?:(?" + nxt)
                    elif nxt == "<" and self.peek(2) in ("=", "!"):
                        kind = self.peek(2)
                        self.i += 3
                        stack.append(("lookbehind", None))
                        self.out.append("(?<" + kind)
                    elif nxt == "<":
                        end = s.find(">", self.i + 2)
                        name = s[self.i + 2 : end] if end > 0 else ""
                        if end < 0 or not _GROUP_NAME.match(name):
                            raise _JsSyntaxError("Invalid capture group name")
                        if name in self.names:
                            raise _JsSyntaxError("Duplicate capture group name")
                        self.ncap += 1
                        py = f"n{self.ncap}_" + re.sub(r"[^A-Za-z0-9_]", "_", name)
                        self.names[name] = py
                        self.i = end + 1
                        stack.append(("capture", self.ncap))
                        self.out.append(f"(?P<{py}>")
                    else:
                        raise _JsSyntaxError("Invalid group")
                else:
                    self.ncap += 1
                    stack.append(("capture", self.ncap))
                    self.out.append("(")
                last = None
                continue
            if c == ")":
                if not stack:
                    raise _JsSyntaxError("Unmatched ')'")
                kind, cap = stack.pop()
                self.i += 1
                if kind == "lookahead":
                    self.out.append("))")
                    last = "lookahead"
                elif kind == "lookbehind":
                    self.out.append(")")
                    last = "assert"
                else:
                    self.out.append(")")
                    last = "atom"
                    if cap is not None:
                        self.closed.add(cap)
                continue
            if c == "|":
                self.i += 1
                self.out.append("|")
                last = None
                continue
            if c in "*+?":
                self._quantifier(last, c)
                self.i += 1
                self._lazy()
                last = "quantified"
                continue
            if c == "{":
                q = self._braced()
                if q is not None:
                    self._quantifier(last, q)
                    self._lazy()
                    last = "quantified"
                    continue
                # Annex B: a `{` that does not start a quantifier is a literal
                self.out.append(_lit("{"))
                self.i += 1
                last = "atom"
                continue
            self.i += 1
            if c == ".":
                self.out.append(_JS_DOT)
                last = "atom"
            elif c == "^":
                self.out.append("^")
                last = "assert"
            elif c == "$":
                self.out.append("(?!(?s:.))")
                last = "assert"
            else:  # includes a lone ] or } (literal in Annex B)
                self.out.append(_lit(c))
                last = "atom"
        if stack:
            raise _JsSyntaxError("Unterminated group")
        return "".join(self.out)

    def _lazy(self) -> None:
        if self.peek() == "?":
            self.i += 1
            self.out.append("?")

    def _quantifier(self, last: str | None, q: str) -> None:
        if last in (None, "assert", "quantified"):
            raise _JsSyntaxError("Nothing to repeat")
        self.out.append(q)

    def _braced(self) -> str | None:
        """Parse ``{n}``, ``{n,}``, ``{n,m}`` at self.i; advance and return it, or None (a literal ``{``)."""
        m = re.compile(r"\{(\d+)(,(\d*))?\}").match(self.s, self.i)
        if not m:
            return None
        lo = int(m.group(1))
        hi = m.group(3)
        if hi not in (None, "") and int(hi) < lo:
            raise _JsSyntaxError("numbers out of order in {} quantifier")
        big = 4294967294
        if lo > big or (hi not in (None, "") and int(hi) > big):
            raise _Unsupported("quantifier bound too large to evaluate")
        self.i = m.end()
        return m.group(0)

    # -- escapes
    def _escape_common(self, in_class: bool) -> tuple[str, str]:
        """Parse an escape at self.i (which is a backslash). Returns (kind, value):
        kind "char" → value is one literal character; "class" → value is d/D/w/W/s/S; "raw" → Python text."""
        s = self.s
        if self.i + 1 >= len(s):
            raise _JsSyntaxError("\\ at end of pattern")
        c = s[self.i + 1]
        self.i += 2
        if c in "dDwWsS":
            return "class", c
        simple = {"f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
        if c in simple:
            return "char", simple[c]
        if c == "b" and in_class:
            return "char", "\b"
        if c == "c":
            nxt = self.peek()
            if nxt.isascii() and (nxt.isalpha() or (in_class and (nxt.isdigit() or nxt == "_"))):
                self.i += 1
                return "char", chr(ord(nxt) % 32)
            self.i -= 1  # Annex B: `\c` without a control letter is a literal backslash; `c` is read next
            return "char", "\\"
        if c == "x":
            h = s[self.i : self.i + 2]
            if len(h) == 2 and set(h) <= _HEX:
                self.i += 2
                return "char", chr(int(h, 16))
            return "char", "x"
        if c == "u":
            h = s[self.i : self.i + 4]
            if len(h) == 4 and set(h) <= _HEX:
                self.i += 4
                return "char", chr(int(h, 16))
            return "char", "u"
        if c == "0" and not self.peek().isdigit():
            return "char", "\0"
        if c.isdigit():
            if not in_class and c != "0":
                m = re.compile(r"\d+").match(s, self.i - 1)
                assert m is not None  # c is a digit
                n = int(m.group(0))
                if n <= self.total_caps:
                    self.i = m.end()
                    return "backref", str(n)
            if c in "89":
                return "char", c
            # legacy octal escape: up to 3 octal digits, value <= 0o377
            m = re.compile(r"[0-7]{1,3}").match(s, self.i - 1)
            if m is None:  # 8 or 9 were handled above
                return "char", c
            digits = m.group(0)
            if len(digits) == 3 and int(digits, 8) > 0o377:
                digits = digits[:2]
            self.i = self.i - 1 + len(digits)
            return "char", chr(int(digits, 8))
        if c == "k" and not in_class and self.all_names:
            m = re.compile(r"<([^>]*)>").match(s, self.i)
            if not m or m.group(1) not in self.all_names:
                raise _JsSyntaxError("Invalid named capture referenced")
            self.i = m.end()
            return "named", m.group(1)
        return "char", c  # identity escape (Annex B: any non-syntax char too)

    def _escape_outside(self) -> str:
        c = self.peek(1)
        if c in ("b", "B"):
            self.i += 2
            self.out.append("\\" + c)
            return "assert"
        kind, val = self._escape_common(in_class=False)
        if kind == "class":
            if val == "s":
                self.out.append(f"[{_JS_WS}]")
            elif val == "S":
                self.out.append(f"[^{_JS_WS}]")
            else:
                self.out.append("\\" + val)
        elif kind == "backref":
            n = int(val)
            # JS: a reference to a group that has not closed yet matches the empty string
            self.out.append(f"(?:\\{n})" if n in self.closed else "(?:)")
        elif kind == "named":
            py = self.names.get(val)
            idx = int(py[1 : py.index("_")]) if py else 0
            self.out.append(f"(?P={py})" if py and idx in self.closed else "(?:)")
        else:
            self.out.append(_lit(val))
        return "atom"

    def _char_class(self) -> None:
        s = self.s
        self.i += 1
        negate = False
        if self.peek() == "^":
            negate = True
            self.i += 1
        parts: list[str] = []
        neg_s = False  # a \S inside the class (Python's [\S] is ASCII under re.ASCII; JS's is Unicode)
        prev: str | None = None  # previous single character (for ranges)
        closed = False
        while self.i < len(s):
            c = s[self.i]
            if c == "]":
                self.i += 1
                closed = True
                break
            # one class atom
            if c == "\\":
                kind, val = self._escape_common(in_class=True)
                atom_char = val if kind == "char" else None
                atom_class = val if kind == "class" else None
            else:
                self.i += 1
                atom_char, atom_class = c, None
            # range?
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                save = self.i
                self.i += 1
                if self.peek() == "\\":
                    k2, v2 = self._escape_common(in_class=True)
                    hi_char = v2 if k2 == "char" else None
                    hi_class = v2 if k2 == "class" else None
                else:
                    hi_char, hi_class = self.peek(), None
                    self.i += 1
                if atom_char is not None and hi_char is not None:
                    if ord(hi_char) < ord(atom_char):
                        raise _JsSyntaxError("Range out of order in character class")
                    parts.append(_lit(atom_char) + "-" + _lit(hi_char))
                    continue
                # Annex B: a range with a class escape on either side is a union with a literal '-'
                for ch, cl in ((atom_char, atom_class), ("-", None), (hi_char, hi_class)):
                    if cl is not None:
                        neg_s |= self._class_escape_into(parts, cl)
                    elif ch is not None:
                        parts.append(_lit(ch))
                del save
                continue
            if atom_class is not None:
                neg_s |= self._class_escape_into(parts, atom_class)
            elif atom_char is not None:
                parts.append(_lit(atom_char))
            prev = atom_char
        del prev
        if not closed:
            raise _JsSyntaxError("Unterminated character class")
        body = "".join(parts)
        if not body and not neg_s:
            self.out.append("(?s:.)" if negate else "(?!)")
            return
        alts = []
        if body:
            alts.append(f"[{body}]")
        if neg_s:
            alts.append(f"[^{_JS_WS}]")
        inner = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if negate:
            self.out.append(f"(?:(?!{inner})(?s:.))")
        else:
            self.out.append(inner)

    @staticmethod
    def _class_escape_into(parts: list[str], cl: str) -> bool:
        if cl == "s":
            parts.append(_JS_WS)
            return False
        if cl == "S":
            return True
        parts.append("\\" + cl)
        return False


def _translate(pattern: str) -> tuple[str | None, str | None, str | None]:
    """(python_source, js_syntax_error, unsupported_reason)."""
    try:
        return _Translator(pattern).run(), None, None
    except _JsSyntaxError as e:
        return None, str(e), None
    except _Unsupported as e:
        return None, None, str(e)
    except Exception as e:  # noqa: BLE001 — a translator bug must never crash a check
        return None, None, f"cannot translate ({e.__class__.__name__})"


_compiled: dict[str, tuple[Any, str | None, str | None]] = {}


def _compile(pattern: str) -> tuple[re.Pattern | None, str | None, str | None]:
    """(compiled, js_error, unsupported) with a small memo."""
    hit = _compiled.get(pattern)
    if hit is not None:
        return hit
    if len(pattern) > MAX_PATTERN_LENGTH:
        res: tuple = (None, None, f"pattern longer than {MAX_PATTERN_LENGTH} characters is not evaluated")
    else:
        src, err, uns = _translate(pattern)
        if src is None:
            res = (None, err, uns)
        else:
            try:
                res = (re.compile(src, re.ASCII), None, None)
            except (re.error, RecursionError, OverflowError, ValueError) as e:
                # valid JavaScript that Python's engine cannot express (variable-width lookbehind, …)
                res = (None, None, f"valid JavaScript that cannot be evaluated here ({e})")
    if len(_compiled) > 4096:
        _compiled.clear()
    _compiled[pattern] = res
    return res


def js_regex_to_python(pattern: str) -> re.Pattern | str:
    """Compile a JavaScript regex (no flags) as an equivalent Python pattern, or return an error message.

    Messages for patterns JavaScript itself rejects start with ``Invalid regular expression:`` (as V8 words
    them); other strings explain why a valid pattern cannot be evaluated here. Never raises.
    """
    if not isinstance(pattern, str):
        return "matcher is not a string"
    rx, err, uns = _compile(pattern)
    if rx is not None:
        return rx
    if err is not None:
        return f"Invalid regular expression: /{pattern}/: {err}"
    return uns or "cannot evaluate"


# --------------------------------------------------------------------------------------------------------------
# classify / matches


@dataclass
class MatcherInfo:
    kind: str  # "all" | "exact" | "regex" | "invalid" | "ignored"
    values: list[str] = field(default_factory=list)
    pattern: str | None = None
    error: str | None = None
    explanation: str = ""
    unsupported: str | None = None  # a valid regex that cannot be evaluated here (kind stays "regex")
    also_matches: list[str] = field(default_factory=list)  # known values matched only as a substring
    matched: list[str] = field(default_factory=list)  # known values the matcher selects

    @property
    def valid(self) -> bool:
        return self.kind != "invalid"


def _or_list(xs: list[str]) -> str:
    if not xs:
        return "nothing"
    if len(xs) == 1:
        return xs[0]
    return ", ".join(xs[:-1]) + " or " + xs[-1]


def _and_list(xs: list[str], limit: int = 6) -> str:
    if len(xs) > limit:
        xs = xs[:limit] + [f"{len(xs) - limit} more"]
    if len(xs) == 1:
        return xs[0]
    return ", ".join(xs[:-1]) + " and " + xs[-1]


def _exact_values(matcher: str, narrow: bool) -> list[str]:
    if narrow:
        parts = matcher.split("|")
    else:
        parts = [p.strip() for p in re.split(r"[|,]", matcher)]
    return [p for p in parts if p]


def classify(matcher: Any, event: str | None = None) -> MatcherInfo:
    """How Claude Code reads ``matcher`` on ``event`` (unknown events get the general rules)."""
    info = EVENTS.get(event) if isinstance(event, str) else None
    if info is not None and not info.has_matcher:
        if matcher is None:
            return MatcherInfo("all", explanation=f"{event} has no matcher; the hook runs on every {event}.")
        shown = matcher if isinstance(matcher, str) else repr(matcher)
        return MatcherInfo(
            "ignored",
            pattern=matcher if isinstance(matcher, str) else None,
            explanation=f"{event} has no matcher support; the matcher {shown!r} is ignored and the hook runs on "
            f"every {event}.",
        )
    if matcher is None or matcher == "" or matcher == "*":
        what = "everything" if info is None else f"every {info.matcher}"
        form = "omitted" if matcher is None else repr(matcher)
        return MatcherInfo("all", explanation=f"Matcher {form} matches {what}.")
    if not isinstance(matcher, str):
        return MatcherInfo(
            "invalid",
            error=f"matcher must be a string, not {type(matcher).__name__}",
            explanation="A matcher must be a string; Claude Code cannot use this one.",
        )
    narrow = info.narrow_exact if info is not None else False
    exact_rx = _EXACT_NARROW if narrow else _EXACT
    if exact_rx.match(matcher):
        values = _exact_values(matcher, narrow)
        if not values:
            return MatcherInfo("exact", values=[], explanation="Matcher has no names in it; it matches nothing.")
        known = MATCHER_VALUES.get(event or "", ())
        return MatcherInfo(
            "exact",
            values=values,
            matched=[v for v in values if v in known],
            explanation=f"Matches exactly {_or_list(values)} (case-sensitive).",
        )
    rx, err, uns = _compile(matcher)
    if err is not None:
        msg = f"Invalid regular expression: /{matcher}/: {err}"
        return MatcherInfo(
            "invalid",
            pattern=matcher,
            error=msg,
            explanation=f"Not a valid JavaScript regex ({err}); Claude Code cannot use this matcher.",
        )
    why_regex = ""
    if narrow and _EXACT.match(matcher):
        why_regex = f" ({event} only treats letters, digits, _ and | as exact names)"
    if rx is None:
        return MatcherInfo(
            "regex", pattern=matcher, unsupported=uns, explanation=f"JavaScript regex, unanchored{why_regex}; {uns}."
        )
    known = tuple(MATCHER_VALUES.get(event or "", ()))
    matched = [v for v in known if rx.search(v)]
    also = [v for v in matched if not rx.fullmatch(v)]
    anchored = matcher.startswith("^") and matcher.endswith("$") and not matcher.endswith("\\$")
    expl = f"JavaScript regex, {'anchored' if anchored else 'unanchored'}{why_regex}"
    if matched:
        full = [v for v in matched if v not in also]
        if full:
            expl += f": matches {_and_list(full)}"
        if also:
            expl += f"{';' if full else ':'} also matches {_and_list(also)} (substring match; anchor with ^…$)"
        expl += "."
    elif known:
        expl += f": matches none of the known {info.matcher if info else 'values'}s."
    else:
        expl += "."
    return MatcherInfo("regex", pattern=matcher, explanation=expl, also_matches=also, matched=matched)


def matches(matcher: Any, value: str, event: str | None = None) -> bool:
    """Whether a hook with ``matcher`` on ``event`` fires for ``value`` (tool name, source, …)."""
    ci = classify(matcher, event)
    if ci.kind in ("all", "ignored"):
        return True
    if not isinstance(value, str):
        return False
    if ci.kind == "exact":
        return value in ci.values
    if ci.kind == "regex":
        rx, _err, _uns = _compile(ci.pattern or "")
        if rx is None:
            return False
        try:
            return rx.search(value) is not None
        except RecursionError:  # pragma: no cover
            return False
    return False


# --------------------------------------------------------------------------------------------------------------
# explorer helper


def _hooks_of(target: Any) -> Iterable:
    if hasattr(target, "plugins") and not hasattr(target, "hook_configs"):
        for p in target.plugins:
            yield from getattr(p, "hooks", ())
    else:
        yield from getattr(target, "hooks", ())


def hooks_firing(target: Any, event: str, value: str | None) -> list[tuple[Any, MatcherInfo]]:
    """Hooks of a plugin (or of every plugin of a project) that fire for ``event`` with ``value``.

    ``value`` None means "any value" (only the event filters)."""
    out = []
    for h in _hooks_of(target):
        if getattr(h, "event", None) != event:
            continue
        info = classify(h.matcher, event)
        if info.kind == "invalid":
            continue
        if value is None or matches(h.matcher, value, event):
            out.append((h, info))
    return out
