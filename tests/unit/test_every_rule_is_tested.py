"""Every rule has tests that run it: its code must be checked by a test, not merely named.

A code counts when it appears where a test acts on it: inside an ``assert``, as an argument of the rule harness
(``check_rule``, ``assert_case``, ``run``, ``run_check``, ``codes``, ``at`` …), in a ``pytest.mark.parametrize``
table, in the loop a test runs over codes, or as the key / first column of a module's case table (``CASES``,
``FIXTURES``). A code named only in a docstring, a comment or a message string does not count.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tui.core.lint.registry import all_rules

TESTS = Path(__file__).resolve().parent.parent
HARNESS = {
    "check_rule",
    "assert_case",
    "run",
    "run_check",
    "check_inproc",
    "codes",
    "at",
    "fires",
    "check_code",
    "only",
    "hits",
    "case",
    "fixed",
    "apply_only",
    "fix_of",
    "rule_case",
    "diag_of",
    "both",
}
CODE = re.compile(r"\b[A-Z]{3,4}\d{3}\b")


def _codes_in(node: ast.AST) -> set[str]:
    out: set[str] = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            out.update(CODE.findall(n.value))
    return out


def _call_name(call: ast.Call) -> str | None:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def acted_on(tree: ast.AST) -> set[str]:
    """The rule codes a test module checks (see the module doc string)."""
    out: set[str] = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Assert):
            out |= _codes_in(n.test)
        elif isinstance(n, ast.Call):
            name = _call_name(n)
            if name in HARNESS or name == "parametrize":
                for arg in [*n.args, *(k.value for k in n.keywords)]:
                    out |= _codes_in(arg)
        elif isinstance(n, ast.For):
            out |= _codes_in(n.iter)  # for code in ("AGT001", …): check_rule(root, code)
    for n in getattr(tree, "body", []):
        # module-level case tables (CASES = [("AGT002", bad, good, …)], FIXTURES = {"HOOK108": …}) feed
        # parametrized tests: the code is the first item of each row, or the key
        if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id.isupper() for t in n.targets):
            if isinstance(n.value, ast.Dict):
                keys = [k for k in n.value.keys if k is not None]
                out |= {c for k in keys for c in _codes_in(k)}
            elif isinstance(n.value, (ast.List, ast.Tuple)):
                for row in n.value.elts:
                    first = row.elts[0] if isinstance(row, (ast.Tuple, ast.List)) and row.elts else row
                    out |= _codes_in(first)
    return out


def test_every_rule_code_is_checked_by_a_test():
    checked: set[str] = set()
    for p in TESTS.rglob("test_*.py"):
        if p.name != Path(__file__).name:
            checked |= acted_on(ast.parse(p.read_text(encoding="utf-8")))
    missing = [r.code for r in all_rules() if r.code not in checked]
    assert not missing, f"rules no test checks: {', '.join(missing)}"


def test_a_code_only_named_does_not_count():
    tree = ast.parse(
        '"""Tests of AAA001."""\n# BBB002\nmsg = "CCC003 fired"\nCASES = [("FFF006", "x GGG007")]\n'
        'def test_x():\n    assert "DDD004" in codes(x)\n    check_rule(root, "EEE005")\n'
    )
    assert acted_on(tree) == {"DDD004", "EEE005", "FFF006"}


def test_rule_codes_are_stable_shapes():
    for r in all_rules():
        assert re.fullmatch(r"[A-Z]{3,4}\d{3}", r.code), r.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name), r.name
