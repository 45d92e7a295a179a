"""``rules_for``: selection narrows the active profile, never widens it (tui/core/rules/__init__.py)."""

from __future__ import annotations

import pytest

from tui.core.base.profiles import PROFILES
from tui.core.lint.registry import all_rules, rules_for


def _codes(rules):
    return {r.code for r in rules}


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("prefix", ["SKL", "HOOK", "PLG", "AGT0", "M", "H"])
def test_a_prefix_selects_within_the_profile(profile, prefix):
    full = _codes(rules_for(profile))
    got = _codes(rules_for(profile, select=[prefix]))
    assert got == {c for c in full if c.startswith(prefix)}


def test_select_skl_does_not_add_plugin_dev_rules_to_an_official_run():
    got = _codes(rules_for("official", select=["SKL"]))
    assert "SKL021" not in got and "SKL022" not in got and "SKL009" in got
    assert {"SKL021", "SKL022"} <= _codes(rules_for("plugin-dev", select=["SKL"]))


def test_a_full_code_runs_its_rule_whatever_the_profile():
    opt_in = [r for r in all_rules() if not r.profiles]
    assert [r.code for r in opt_in] == ["HOOK117"]  # if this grows, the README's note on opt-in rules must too
    for profile in PROFILES:
        assert _codes(rules_for(profile, select=["SKL021", "hook117", "PLG013"])) == {"SKL021", "HOOK117", "PLG013"}
        assert "HOOK117" not in _codes(rules_for(profile)) | _codes(rules_for(profile, select=["HOOK"]))


def test_ignore_applies_after_select():
    assert _codes(rules_for("official", select=["FILE"], ignore=["FILE00"])) == {
        c for c in _codes(rules_for("official")) if c.startswith("FILE") and not c.startswith("FILE00")
    }
    assert rules_for("official", select=["HOOK117"], ignore=["HOOK"]) == []
