"""Every rule has tests: its code must appear in the test suite (the tests of each area run its fixtures)."""

from pathlib import Path

from tui.core.lint.registry import all_rules

TESTS = Path(__file__).resolve().parent.parent


def test_every_rule_code_is_exercised_by_a_test():
    text = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.rglob("test_*.py") if p.name != Path(__file__).name)
    missing = [r.code for r in all_rules() if f'"{r.code}"' not in text and f"'{r.code}'" not in text]
    assert not missing, f"rules without a test: {', '.join(missing)}"


def test_rule_codes_are_stable_shapes():
    import re

    for r in all_rules():
        assert re.fullmatch(r"[A-Z]{3,4}\d{3}", r.code), r.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name), r.name
