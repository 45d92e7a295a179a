"""``plugin-tui rules [CODE|PREFIX|NAME]``: the rules as a table, or one rule's explanation.

``rules`` lists every rule under a header that names its columns; ``rules HOOK`` (a code prefix) or
``rules hook-matcher`` (part of a name) lists the matching ones; a full code or name explains that rule: what it
checks and why, reflowed to the terminal, with code set apart (coloured on a terminal), and its sources named in
words.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import textwrap

from ..core.lint.registry import Rule
from .common import UsageError

__all__ = ["cmd_rules", "render_explanation"]

_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_COLUMNS = (
    ("code", 8),
    ("fix", 3),
    ("severity", 8),
    ("profile", 10),
    ("name", 40),
)
LEGEND = (
    "fix: * the rule attaches a fix (`check --fix`, or --unsafe-fixes for the ones that change meaning).  "
    "severity: error = Claude Code refuses the plugin or the component cannot work; warning = it loads, not as "
    "meant; info = advice.  profile: official runs by default; plugin-dev and directory with --profile; opt-in "
    "rules only when --select names them."
)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _width() -> int:
    return max(60, min(100, shutil.get_terminal_size((100, 24)).columns))


def _code(text: str, color: bool) -> str:
    """A code span: coloured without its backticks on a terminal; kept as written (Markdown) in a pipe."""
    return f"\x1b[36m{text}\x1b[0m" if color else f"`{text}`"


def render_explanation(r: Rule, color: bool = False, width: int = 100) -> str:
    """The rule's explanation for a terminal: prose paragraphs reflowed to ``width``, example lines (``Wrong:``,
    ``Right:`` and indented blocks) kept as written, code spans set apart, and the sources in words."""
    from ..core.spec.catalogue import describe_source

    head = f"{r.code} {r.name}"
    flags = [r.area, r.severity, "profiles: " + (", ".join(r.profiles) or "opt-in (--select it)")]
    if r.fixable:
        flags.append("fixable")
    out = [f"\x1b[1m{head}\x1b[0m" if color else head, "  ".join(flags), ""]
    paragraphs = re.split(r"\n\s*\n", r.explanation.strip())
    for para in paragraphs:
        lines = para.splitlines()
        verbatim = any(line.startswith((" ", "\t")) for line in lines[1:]) or lines[0].startswith(
            ("Wrong:", "Right:", " ", "\t")
        )
        if verbatim:
            text = "\n".join(lines)
            out.append(_CODE_SPAN.sub(lambda m: _code(m.group(1), color), text))
        else:
            flowed = textwrap.fill(" ".join(line.strip() for line in lines), width=width)
            out.append(_CODE_SPAN.sub(lambda m: _code(m.group(1), color), flowed))
        out.append("")
    if r.sources:
        out.append("Sources:")
        out += [f"  {describe_source(s)}" for s in r.sources]
    return "\n".join(out).rstrip() + "\n"


def _find(query: str, rules: list[Rule]) -> tuple[Rule | None, list[Rule]]:
    """(the one rule a full code or name names, or None; the rules a code prefix or a part of a name matches)."""
    q = query.strip()
    exact = next((r for r in rules if r.code == q.upper() or r.name == q.lower()), None)
    if exact is not None:
        return exact, [exact]
    up, low = q.upper(), q.lower()
    return None, [r for r in rules if r.code.startswith(up) or (len(low) >= 3 and low in r.name)]


def _table(rules: list[Rule], color: bool) -> str:
    header = " ".join(f"{title:<{w}}" for title, w in _COLUMNS) + " summary"
    lines = [f"\x1b[1m{header}\x1b[0m" if color else header]
    for r in rules:
        prof = ",".join(r.profiles) or "opt-in"
        row = (r.code, "*" if r.fixable else "", r.severity, prof, r.name)
        summary = _CODE_SPAN.sub(lambda m: _code(m.group(1), color), r.summary)
        lines.append(" ".join(f"{v:<{w}}" for v, (_t, w) in zip(row, _COLUMNS)) + " " + summary)
    return "\n".join(lines) + "\n"


def cmd_rules(args: argparse.Namespace) -> int:
    from ..core.lint.registry import all_rules

    rules = all_rules()
    if args.profile is not None:
        from ..core.lint.config import ConfigError, check_profile

        try:
            check_profile(args.profile, "--profile")
        except ConfigError as exc:
            raise UsageError(f"plugin-tui rules: {exc}") from None
        rules = [r for r in rules if r.active(args.profile)]
    color = _color()
    if args.code:
        one, matches = _find(args.code, rules)
        if one is None and not matches:
            from ..core.base.suggest import nearest_key

            sug = nearest_key(args.code.strip().upper(), [x.code for x in rules]) or nearest_key(
                args.code.strip().lower(), [x.name for x in rules]
            )
            hint = f" (did you mean {sug}?)" if sug else ""
            raise UsageError(f"plugin-tui rules: no rule {args.code!r}{hint}; `plugin-tui rules` lists them")
        if one is not None:
            if args.format == "json":
                data = one.to_json()
                data["explanation"] = one.explanation
                print(json.dumps(data, indent=2, ensure_ascii=False))
            else:
                sys.stdout.write(render_explanation(one, color=color, width=_width()))
            return 0
        rules = matches
    if args.format == "json":
        print(json.dumps([r.to_json() for r in rules], indent=2, ensure_ascii=False))
        return 0
    sys.stdout.write(_table(rules, color))
    print()
    print(textwrap.fill(f"{len(rules)} rules. " + LEGEND, width=_width()))
    print("`plugin-tui rules CODE` (or NAME) explains one; `rules HOOK` lists the rules of a code prefix.")
    return 0
