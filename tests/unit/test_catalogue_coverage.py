"""Every section-H id of the spec is implemented by some rule (its ``sources``) or listed in NOT_RULES."""

from __future__ import annotations

import re

import pytest

from tests.helpers import SHARED
from tui.core.lint.registry import all_rules
from tui.core.spec.catalogue import CATALOGUE, NOT_RULES


def test_catalogue_literal_is_well_formed():
    assert len(CATALOGUE) == 305
    assert all(re.fullmatch(r"[A-Z]{3}\d{3}", k) for k in CATALOGUE)
    assert set(NOT_RULES) <= set(CATALOGUE)
    for k in [f"THK{i:03d}" for i in range(1, 13)] + ["AGT001", "AGT026", "GEN001", "PFM001"]:
        assert k in NOT_RULES


def test_rule_sources_are_catalogue_ids():
    unknown = {(r.code, s) for r in all_rules() for s in r.sources if s not in CATALOGUE}
    assert not unknown, f"rules cite ids that are not in the catalogue: {sorted(unknown)}"


@pytest.mark.skipif(not (SHARED / "spec" / "plugin-format.md").is_file(), reason="spec not available")
def test_catalogue_matches_spec():
    text = (SHARED / "spec" / "plugin-format.md").read_text(encoding="utf-8")
    h = text[text.index("## H. Catalogue") : text.index("## I. Known mismatches")]
    ids = set(re.findall(r"^\|\s*([A-Z]{3}\d{3})\s*\|", h, flags=re.M))
    assert ids == set(CATALOGUE)


def test_every_catalogue_id_is_covered():
    covered = {s for r in all_rules() for s in r.sources} | set(NOT_RULES)
    missing = sorted(set(CATALOGUE) - covered)
    assert not missing, f"{len(missing)} catalogue ids are not covered by any rule: " + ", ".join(
        f"{m} ({CATALOGUE[m]})" for m in missing
    )
