"""Output style, monitor and theme rules (STY…)."""

from __future__ import annotations

import pytest

from tests.unit.rules_case import assert_case, run

OK = "---\nname: Teacher\ndescription: Explains as it goes\n---\nExplain each step.\n"


def style(fm: str, body: str = "Explain.\n", name: str = "teach") -> dict:
    return {f"output-styles/{name}.md": f"---\n{fm}---\n{body}"}


MON = {"name": "log", "command": "tail -f log", "description": "Watches the log"}

CASES = [
    ("STY001", style("name: T\n"), style("name: T\ndescription: d\n"), dict(severity="info")),
    (
        "STY002",
        style("description: d\nkeep-coding-instructions: sometimes\n"),
        style("description: d\nkeep-coding-instructions: true\n"),
        dict(severity="warning", line=3),
    ),
    ("STY002", style("description: [a]\n"), style("description: a\n"), dict(severity="warning")),
    (
        "STY003",
        style("description: d\nkeep_coding_instructions: true\n"),
        {"output-styles/teach.md": OK},
        dict(severity="info", contains="keep_coding_instructions"),
    ),
    ("STY004", style("description: d\n", ""), {"output-styles/teach.md": OK}, dict(severity="warning")),
    (
        "STY005",
        {
            **style("name: A\ndescription: d\nforce-for-plugin: true\n", name="a"),
            **style("name: B\ndescription: d\nforce-for-plugin: true\n", name="b"),
        },
        {
            **style("name: A\ndescription: d\nforce-for-plugin: true\n", name="a"),
            **style("name: B\ndescription: d\n", name="b"),
        },
        dict(count=1, contains="force-for-plugin"),
    ),
    (
        "STY005",
        {**style("name: A\ndescription: d\n", name="a"), **style("name: A\ndescription: d\n", name="b")},
        {**style("name: A\ndescription: d\n", name="a"), **style("name: B\ndescription: d\n", name="b")},
        dict(count=1),
    ),
    (
        "STY010",
        {"monitors/monitors.json": [{"name": "log", "cmd": "tail"}]},
        {"monitors/monitors.json": [MON]},
        dict(severity="error", count=3),
    ),
    (
        "STY010",
        {"monitors/monitors.json": [{**MON, "when": "sometimes"}]},
        {"monitors/monitors.json": [{**MON, "when": "on-skill-invoke:deploy"}]},
        dict(count=1),
    ),
    (
        "STY010",
        {"monitors/monitors.json": {"log": MON}},
        {"monitors/monitors.json": [MON]},
        dict(count=1, contains="array"),
    ),
    (
        "STY011",
        {"monitors/monitors.json": [MON, MON]},
        {"monitors/monitors.json": [MON, {**MON, "name": "b"}]},
        dict(severity="error", count=1),
    ),
    (
        "STY012",
        {"monitors/monitors.json": [{**MON, "when": "on-skill-invoke:deploy"}]},
        {
            "monitors/monitors.json": [{**MON, "when": "on-skill-invoke:deploy"}],
            "skills/deploy/SKILL.md": "---\ndescription: d\n---\nx\n",
        },
        dict(severity="warning"),
    ),
    (
        "STY020",
        {"themes/ocean.json": {"name": "Ocean", "base": "midnight", "overrides": {"claude": "blue"}}},
        {"themes/ocean.json": {"name": "Ocean", "base": "dark", "overrides": {"claude": "#1e90ff"}}},
        dict(severity="warning", count=2),
    ),
    (
        "STY020",
        {"themes/ocean.json": ["x"]},
        {"themes/ocean.json": {"name": "Ocean", "base": "light"}},
        dict(severity="error"),
    ),
]


@pytest.mark.parametrize("code,bad,good,extra", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_style_rules(tmp_path, code, bad, good, extra):
    assert_case(tmp_path, code, bad, good, **extra)


def test_monitor_positions(tmp_path):
    hits = run(tmp_path, {"monitors/monitors.json": [MON, {**MON, "name": "b", "extra": 1}]}, "STY010")
    assert len(hits) == 1 and "extra" in hits[0].message
    assert hits[0].line is not None and hits[0].line > 2


def test_invalid_monitors_json_left_to_file_rules(tmp_path):
    assert run(tmp_path, {"monitors/monitors.json": "[{bad"}, "STY010") == []
