"""Shared table-driven harness for the Markdown component rule tests."""

from __future__ import annotations

from tests.helpers import check_rule, write_tree

MANIFEST = {".claude-plugin/plugin.json": {"name": "p", "version": "1.0.0"}}


def run(tmp_path, files, code, profile="official", sub="t"):
    root = tmp_path / sub
    write_tree(root, {**MANIFEST, **files})
    return check_rule(root, code, profile=profile)


def assert_case(tmp_path, code, bad, good, profile="official", count=None, severity=None, line=None, contains=None):
    hits = run(tmp_path, bad, code, profile, "bad")
    assert hits, f"{code} did not fire"
    if count is not None:
        assert len(hits) == count, [d.message for d in hits]
    if severity is not None:
        assert {d.severity for d in hits} == {severity}, [(d.severity, d.message) for d in hits]
    if line is not None:
        assert hits[0].line == line, (hits[0].line, hits[0].message)
    if contains is not None:
        assert contains in hits[0].message, hits[0].message
    assert all(d.path for d in hits)
    clean = run(tmp_path, good, code, profile, "good")
    assert clean == [], [d.message for d in clean]
