"""RULES.md is generated from the registry and must be current."""

import importlib.util

from tests.helpers import REPO


def test_rules_md_is_current():
    spec = importlib.util.spec_from_file_location("gen_rules_md", REPO / "scripts" / "gen_rules_md.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (REPO / "RULES.md").read_text(encoding="utf-8") == mod.render(), (
        "RULES.md is stale: run python scripts/gen_rules_md.py"
    )
