"""Skill rules (SKL…)."""

from __future__ import annotations

import pytest

from tests.helpers import write_tree
from tests.unit.rules_case import assert_case, run

OK = "---\nname: pdf\ndescription: Extract text from PDF files.\n---\nRead the PDF.\n"


def skill(fm: str, body: str = "Do it.\n", name: str = "pdf") -> dict:
    return {f"skills/{name}/SKILL.md": f"---\n{fm}---\n{body}"}


D = "name: pdf\ndescription: Extract text.\n"

CASES = [
    ("SKL001", {"skills/pdf/SKILL.md": "# PDF\n"}, {"skills/pdf/SKILL.md": OK}, dict(severity="warning", line=1)),
    ("SKL002", skill("name: pdf\n"), skill(D), dict(severity="warning")),
    ("SKL003", skill(D + "allowed-tools: 5\n"), skill(D + "allowed-tools: Read Grep\n"), dict(severity="warning")),
    (
        "SKL003",
        skill("name: true\ndescription: d\n"),
        skill('name: "true"\ndescription: d\n'),
        dict(severity="warning", line=2),
    ),
    ("SKL003", skill(D + "shell: fish\n"), skill(D + "shell: bash\n"), dict(severity="warning")),
    ("SKL003", skill(D + "metadata: just text\n"), skill(D + "metadata:\n  owner: me\n"), dict(severity="warning")),
    (
        "SKL003",
        skill(D + "context: spawn\neffort: huge\n"),
        skill(D + "context: fork\neffort: xhigh\n"),
        dict(severity="warning", count=2),
    ),
    ("SKL004", skill("name: PDF Tools\ndescription: d\n"), skill(D), dict(severity="info", line=2)),
    (
        "SKL004",
        skill("name: claude-pdf\ndescription: d\n", name="claude-pdf"),
        skill("name: pdf-x\ndescription: d\n", name="pdf-x"),
        dict(severity="info", contains="claude"),
    ),
    ("SKL004", skill("name: " + "a" * 65 + "\ndescription: d\n", name="a" * 65), skill(D), dict(count=1)),
    ("SKL004", skill("name: other\ndescription: d\n"), skill(D), dict(severity="info")),
    ("SKL005", skill("name: pdf\ndescription: Converts <file> types.\n"), skill(D), dict(severity="info")),
    ("SKL005", skill("name: pdf\ndescription: " + "x" * 1100 + "\n"), skill(D), dict(count=1)),
    (
        "SKL006",
        skill("name: pdf\ndescription: " + "x" * 1000 + "\nwhen_to_use: " + "y" * 600 + "\n"),
        skill("name: pdf\ndescription: " + "x" * 1000 + "\nwhen_to_use: " + "y" * 500 + "\n"),
        dict(severity="warning", contains="1600"),
    ),
    ("SKL007", skill(D, "line\n" * 520), skill(D, "line\n" * 480), dict(severity="info", line=501)),
    (
        "SKL008",
        skill(D + "compatibility: " + "c" * 501 + "\n"),
        skill(D + "compatibility: Python 3\n"),
        dict(severity="warning"),
    ),
    (
        "SKL009",
        skill(D, "See [api](references/api.md).\n"),
        {**skill(D, "See [api](references/api.md).\n"), "skills/pdf/references/api.md": "x"},
        dict(severity="warning", line=5, contains="references/api.md"),
    ),
    (
        "SKL009",
        skill(D, "Run [the filler](scripts/fill.py) now.\n"),
        {**skill(D, "Run [the filler](scripts/fill.py) now.\n"), "skills/pdf/scripts/fill.py": ""},
        dict(severity="warning"),
    ),
    ("SKL010", {"skills/pdf/skill.md": OK}, {"skills/pdf/SKILL.md": OK}, dict(severity="warning")),
    (
        "SKL010",
        {"skills/group/pdf/SKILL.md": OK},
        {"skills/pdf/SKILL.md": OK, "skills/pdf/sub/SKILL.md": OK},
        dict(contains="nested"),
    ),
    (
        "SKL010",
        {"skills/pdf/README.md": "# x\n"},
        {"skills/pdf/SKILL.md": OK, "skills/shared/logo.png": ""},
        dict(contains="no SKILL.md"),
    ),
    ("SKL012", skill(D, ""), skill(D), dict(severity="warning")),
    (
        "SKL013",
        skill(D + "allowed_tools: Read\n"),
        skill(D + "version: 1.0.0\nwhen_to_use: x\n"),
        dict(severity="info"),
    ),
    ("SKL014", skill(D + "model: gpt-5\n"), skill(D + "model: opus\n"), dict(severity="warning")),
    ("SKL015", skill(D, "Convert $1.\n"), skill(D, "Convert $0 and \\$1.\n"), dict(severity="info")),
]


@pytest.mark.parametrize("code,bad,good,extra", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_skill_rules(tmp_path, code, bad, good, extra):
    assert_case(tmp_path, code, bad, good, **extra)


def test_skl009_skips_code_fences_urls_and_examples(tmp_path):
    body = (
        "```\n[x](references/nope.md)\n```\n[web](https://x.y/z.md) [top](#a)\n"
        "For example `scripts/rotate.py` could rotate.\n"
    )
    assert run(tmp_path, skill(D, body), "SKL009") == []


def test_skl009_paths_in_code_spans_and_blocks_are_examples(tmp_path):
    # a skill that teaches how to write skills: every path below is an example, none is a reference
    body = (
        "Put helpers in `scripts/rotate_pdf.py` and docs in `references/schema.md`.\n"
        "Link them like `[guide](references/guide.md)`.\n\n"
        "    See [the guide](references/guide.md) for details.\n"
        "    Run `scripts/fill.py`.\n\n"
        "~~~markdown\n[api](references/api.md)\n~~~\n"
    )
    assert run(tmp_path, skill(D, body), "SKL009") == []


def test_skl009_links_in_running_text_lists_and_tables_are_references(tmp_path):
    body = (
        "Intro:\n\n- item one\n\n    See [the guide](references/guide.md).\n\n"
        "| file | when |\n|---|---|\n| [api](references/api.md) | always |\n"
        "Text\n    [lazy](references/lazy.md) continuation\n"
    )
    hits = run(tmp_path, skill(D, body), "SKL009")
    assert sorted(d.message.rsplit(" ", 1)[-1] for d in hits) == [
        "references/api.md",
        "references/guide.md",
        "references/lazy.md",
    ]


def test_skl009_outside_plugin_is_warning(tmp_path):
    from tests.helpers import check_rule

    write_tree(
        tmp_path,
        {
            ".claude-plugin/marketplace.json": {
                "name": "m",
                "owner": {"name": "o"},
                "plugins": [{"name": "one", "source": "./one"}],
            },
            "one/skills/pdf/SKILL.md": "---\ndescription: d\n---\nSee [x](../../../elsewhere/x.md).\n",
        },
    )
    hits = check_rule(tmp_path, "SKL009")
    assert [d.severity for d in hits] == ["warning"] and "outside the plugin" in hits[0].message


def test_skl011_root_skill_in_marketplace(tmp_path):
    write_tree(
        tmp_path / "m",
        {
            ".claude-plugin/marketplace.json": {
                "name": "m",
                "owner": {"name": "o"},
                "plugins": [{"name": "one", "source": "./one"}],
            },
            "one/SKILL.md": "---\ndescription: d\n---\nbody\n",
        },
    )
    from tests.helpers import check_rule

    hits = check_rule(tmp_path / "m", "SKL011")
    assert len(hits) == 1 and hits[0].path == "one/SKILL.md"
    write_tree(tmp_path / "ok", {"SKILL.md": "---\ndescription: d\n---\nbody\n"})
    assert check_rule(tmp_path / "ok", "SKL011") == []


GOOD_DESC = 'description: This skill should be used when the user asks to "extract PDF text" or "read a PDF file".\n'

PD = [
    ("SKL020", skill("description: d\n"), skill(D), {}),
    (
        "SKL021",
        skill("name: pdf\ndescription: Use this skill for PDFs.\n"),
        skill("name: pdf\n" + GOOD_DESC),
        dict(count=2),
    ),
    ("SKL022", skill("name: pdf\ndescription: PDFs.\n"), skill("name: pdf\n" + GOOD_DESC), {}),
    ("SKL023", skill(D, "word " * 3100), skill(D, "word " * 1800), {}),
    ("SKL024", skill(D, "You should run.\nYou can stop.\nYou must go.\n"), skill(D, "Run.\nStop.\n"), dict(line=5)),
    (
        "SKL025",
        {**skill(D), "skills/pdf/references/api.md": "x"},
        {**skill(D, "See `references/api.md`.\n"), "skills/pdf/references/api.md": "x"},
        {},
    ),
    ("SKL027", skill(D + "when_to_use: x\n"), skill(D), dict(severity="info")),
]


@pytest.mark.parametrize("code,bad,good,extra", PD, ids=[f"{c[0]}-{i}" for i, c in enumerate(PD)])
def test_plugin_dev_skill_rules(tmp_path, code, bad, good, extra):
    assert_case(tmp_path, code, bad, good, profile="plugin-dev", **extra)


def test_skl026_large_reference(tmp_path):
    big = "word " * 12_500
    hits = run(tmp_path, {**skill(D), "skills/pdf/references/big.md": big}, "SKL026", profile="plugin-dev")
    assert len(hits) == 1 and "12500 words" in hits[0].message
    ok = {**skill(D, "grep '## API' references/big.md\n"), "skills/pdf/references/big.md": big}
    assert run(tmp_path, ok, "SKL026", profile="plugin-dev", sub="ok") == []


def test_skl028_scripts_executable(tmp_path):
    write_tree(
        tmp_path / "a",
        {**skill(D), "skills/pdf/scripts/run.sh": "#!/bin/sh\n", ".claude-plugin/plugin.json": {"name": "p"}},
    )
    from tests.helpers import check_rule

    assert len(check_rule(tmp_path / "a", "SKL028", profile="plugin-dev")) == 1
    write_tree(
        tmp_path / "b",
        {**skill(D), "skills/pdf/scripts/run.sh": "#!/bin/sh\n", ".claude-plugin/plugin.json": {"name": "p"}},
        executable=["skills/pdf/scripts/run.sh"],
    )
    assert check_rule(tmp_path / "b", "SKL028", profile="plugin-dev") == []


PARA = (
    "Authentication uses a bearer token that is read from the environment variable API_TOKEN at start-up; "
    "the client refreshes it every hour, retries once on a 401 answer, and never writes the token to a log "
    "file, a cache file or an error message, so that a leaked log never leaks a credential as well."
)


def test_skl029_duplicated_paragraph(tmp_path):
    assert len(PARA.split()) >= 40
    body = "# API\n\n" + PARA + "\n\nSee `references/api.md`.\n"
    ref = "# API reference\n\n" + PARA.replace(" uses", "\nuses") + "\n\nMore.\n"  # re-wrapped: still equal
    hits = run(tmp_path, {**skill(D, body), "skills/pdf/references/api.md": ref}, "SKL029", profile="plugin-dev")
    assert len(hits) == 1 and hits[0].severity == "info" and hits[0].line == 7 and "api.md" in hits[0].message
    short = "# API\n\nUse the token.\n\nSee `references/api.md`.\n"
    other = PARA.replace("every hour", "every day")
    assert (
        run(
            tmp_path,
            {**skill(D, short), "skills/pdf/references/api.md": "Use the token.\n"},
            "SKL029",
            profile="plugin-dev",
            sub="short",
        )
        == []
    )
    assert (
        run(
            tmp_path,
            {**skill(D, body), "skills/pdf/references/api.md": other},
            "SKL029",
            profile="plugin-dev",
            sub="differs",
        )
        == []
    )
    from tui.core.lint.registry import rules_for

    assert not {"SKL029", "SKL030"} & {r.code for r in rules_for("official")}


def test_skl030_examples_complete(tmp_path):
    body = "See `examples/basic.sh` and `examples/full.sh`.\n"
    files = {
        **skill(D, body),
        "skills/pdf/examples/basic.sh": "",
        "skills/pdf/examples/full.sh": "#!/bin/sh\n# TODO\n",
        "skills/pdf/examples/extra.py": "print('a complete example')\n",
        "skills/pdf/examples/shot.png": b"\x89PNG\r\n\x1a\n\x00\x00",
    }
    hits = run(tmp_path, files, "SKL030", profile="plugin-dev")
    got = sorted((d.severity, d.path, d.message) for d in hits)
    assert got == [
        ("info", "skills/pdf/SKILL.md", "SKILL.md names other examples but never examples/extra.py"),
        ("info", "skills/pdf/SKILL.md", "SKILL.md names other examples but never examples/shot.png"),
        ("warning", "skills/pdf/examples/basic.sh", "examples/basic.sh is empty"),
        ("warning", "skills/pdf/examples/full.sh", "examples/full.sh is only a placeholder"),
    ], got
    good = {**skill(D, "See `examples/basic.sh`.\n"), "skills/pdf/examples/basic.sh": "#!/bin/sh\necho ok\n"}
    assert run(tmp_path, good, "SKL030", profile="plugin-dev", sub="good") == []
    # a folder SKILL.md never names file by file is SKL025's business, not this rule's
    vague = {**skill(D, "Copy from examples/ as needed.\n"), "skills/pdf/examples/a.sh": "#!/bin/sh\necho a\n"}
    assert run(tmp_path, vague, "SKL030", profile="plugin-dev", sub="vague") == []


def test_skl009_missing_link_is_an_error_for_plugin_dev(tmp_path):
    hits = run(tmp_path, skill(D, "See [api](references/api.md).\n"), "SKL009", profile="plugin-dev")
    assert [d.severity for d in hits] == ["error"]
