"""The CLI contract (shared/design/cli-contract.md), through real subprocesses."""

import json
import re
import subprocess
import sys

import jsonschema
import pytest

from tests.helpers import REPO, write_tree

SARIF_SCHEMA = REPO / "tests" / "fixtures" / "sarif-2.1.0-rtm.5.json"


def run(*args, cwd=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=env,
        timeout=120,
    )


@pytest.fixture
def broken(tmp_path):
    return write_tree(
        tmp_path / "broken",
        {
            ".claude-plugin/plugin.json": {
                "name": "broken",
                "version": "1.0.0",
                "description": "d",
                "author": {"name": "a"},
            },
            "hooks/hooks.json": '{\n  "hooks": {\n    "Stop": [],\n  }\n}\n',
            "agents/a.md": '---\nname: a\ndescription: x\n  user: "y"\n---\nYou are a.\n',
        },
    )


def test_version():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("plugin-tui ")


@pytest.mark.parametrize(
    "args,needle",
    [
        (("check", "/nonexistent/path"), "no such file or folder"),
        (("check", "pyproject.toml"), "is a file"),
        (("check", ".", "--format", "xml"), "invalid choice"),
        (("check", ".", "--profile", "nope"), "unknown profile"),
        (("env", "/nonexistent/path"), "no such file or folder"),
        (("rules", "NOPE999"), "no rule"),
    ],
)
def test_usage_errors_are_one_line_exit_2(args, needle):
    r = run(*args)
    assert r.returncode == 2
    assert needle in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_json_report_shape_and_positions(broken):
    r = run("check", broken, "--format", "json")
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == {"tool", "claude_code", "root", "kind", "diagnostics", "summary"}
    assert data["tool"]["name"] == "plugin-tui" and data["kind"] == "plugin"
    assert data["root"] == str(broken)
    keys = {
        "code",
        "severity",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "hint",
        "fixable",
        "plugin",
    }
    for d in data["diagnostics"]:
        assert set(d) == keys
        assert d["severity"] in ("error", "warning", "info")
        assert "\\" not in (d["path"] or "")
    syntax = [d for d in data["diagnostics"] if d["code"] == "FILE004"]
    assert syntax and syntax[0]["path"] == "hooks/hooks.json" and syntax[0]["line"] == 4
    yaml_err = [d for d in data["diagnostics"] if d["code"] == "FILE007"]
    assert yaml_err and yaml_err[0]["path"] == "agents/a.md" and yaml_err[0]["line"] == 4
    keys_sorted = [(d["path"] or "", d["line"] or 0, d["column"] or 0, d["code"]) for d in data["diagnostics"]]
    assert keys_sorted == sorted(keys_sorted)
    s = data["summary"]
    assert s["errors"] == sum(d["severity"] == "error" for d in data["diagnostics"])
    assert s["plugins"] == 1 and s["files"] >= 2


def test_sarif_validates_against_the_schema(broken):
    r = run("check", ".", "--format", "sarif", cwd=broken)
    sarif = json.loads(r.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text())
    jsonschema.Draft4Validator(schema).validate(sarif)
    run0 = sarif["runs"][0]
    rule_ids = [rule["id"] for rule in run0["tool"]["driver"]["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert {res["ruleId"] for res in run0["results"]} == set(rule_ids)
    region = next(res for res in run0["results"] if res["ruleId"] == "FILE004")["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "hooks/hooks.json" and region["region"]["startLine"] == 4


def unescape(markdown: str) -> str:
    return re.sub(r"\\([\\*_\[\]<>#|])", r"\1", markdown)


def test_sarif_keeps_the_hint_apart_from_the_message(broken):
    """A result's message text is the finding alone; the hint is its own property and its own Markdown paragraph,
    and each rule carries its explanation as help."""
    sarif = json.loads(run("check", ".", "--format", "sarif", cwd=broken).stdout)
    want = {
        (d["code"], d["line"], d["message"]): d["hint"]
        for d in json.loads(run("check", ".", "--format", "json", cwd=broken).stdout)["diagnostics"]
    }
    run0 = sarif["runs"][0]
    hinted = 0
    for res in run0["results"]:
        line = res["locations"][0]["physicalLocation"].get("region", {}).get("startLine")
        hint = want[(res["ruleId"], line, res["message"]["text"])]  # the text is exactly the JSON message
        assert res.get("properties", {}).get("hint") == hint
        if hint:
            hinted += 1
            assert hint not in res["message"]["text"]
            message_md, hint_md = res["message"]["markdown"].split("\n\n**Hint:** ")
            assert unescape(message_md) == res["message"]["text"] and unescape(hint_md) == hint
        else:
            assert "markdown" not in res["message"]
    assert hinted
    assert all(rule["help"]["text"] == rule["fullDescription"]["text"] for rule in run0["tool"]["driver"]["rules"])


def test_github_format(broken):
    r = run("check", ".", "--format", "github", cwd=broken)
    lines = r.stdout.strip().splitlines()
    assert any(
        line.startswith("::error file=hooks/hooks.json,line=4,col=") and "title=FILE004::" in line for line in lines
    )


def test_select_and_ignore(broken):
    only = json.loads(run("check", broken, "--format", "json", "--select", "FILE004").stdout)
    assert {d["code"] for d in only["diagnostics"]} == {"FILE004"}
    rest = json.loads(run("check", broken, "--format", "json", "--ignore", "FILE004,FILE007").stdout)
    assert not {"FILE004", "FILE007"} & {d["code"] for d in rest["diagnostics"]}


def test_config_file_and_per_path_ignores(broken):
    (broken / ".plugin-tui.toml").write_text('ignore = ["FILE004"]\n[per-path-ignores]\n"agents/*.md" = ["FILE"]\n')
    data = json.loads(run("check", broken, "--format", "json").stdout)
    got = {(d["code"], d["path"]) for d in data["diagnostics"]}
    assert ("FILE004", "hooks/hooks.json") not in got
    assert not any(p == "agents/a.md" and c.startswith("FILE") for c, p in got)
    # the flag wins over the file (an empty --ignore: nothing ignored)
    data = json.loads(run("check", broken, "--format", "json", "--ignore", "").stdout)
    assert "FILE004" in {d["code"] for d in data["diagnostics"]}


def test_bad_config_file_is_a_usage_error(broken):
    (broken / ".plugin-tui.toml").write_text("profile = [\n")
    r = run("check", broken)
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_inline_suppression_comment(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {"name": "p"},
            "commands/a.md": "---\nargument-hint: [x] [y]\n---\nbody\n",
            "commands/b.md": "---\n# plugin-tui: ignore FILE008\nargument-hint: [x] [y]\n---\nbody\n",
        },
    )
    data = json.loads(run("check", root, "--format", "json", "--select", "FILE008").stdout)
    assert [d["path"] for d in data["diagnostics"]] == ["commands/a.md"]


def test_strict_turns_warnings_into_failure(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {".claude-plugin/plugin.json": {"name": "p"}, "commands/a.md": "---\nargument-hint: [x] [y]\n---\nbody\n"},
    )
    assert run("check", root, "--select", "FILE008").returncode == 0
    assert run("check", root, "--select", "FILE008", "--strict").returncode == 1


def test_text_report_is_one_line_per_finding(broken):
    """ruff's form: ``path:line:col: CODE severity: message`` (a link in terminals and editors), then the
    summary."""
    r = run("check", broken, "--color", "never")
    lines = r.stdout.strip().splitlines()
    findings = [line for line in lines if line and not line[0].isdigit()]
    assert findings and all(
        re.match(r"^\S+:\d+:\d+: [A-Z]+\d{3} (\[[*-]\] )?(error|warning|info): ", x) for x in findings
    ), findings
    assert any("hooks/hooks.json:" in x and "FILE004" in x for x in findings)
    assert lines[-1].startswith(tuple("0123456789"))


def test_show_source_draws_the_line_and_a_caret(broken):
    r = run("check", broken, "--color", "never", "--show-source", "--select", "FILE004")
    head, bar, src, caret, *_ = r.stdout.splitlines()
    assert "FILE004" in head and bar.endswith("|")
    number, rest = src.split("|", 1)
    assert number.strip().isdigit() and "^" in caret
    assert caret.index("^") == len(number) + 2 + int(head.split(":")[2]) - 1  # under the column it names


def test_fixable_summary_counts_what_fix_and_unsafe_fixes_would_fix(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {"name": "p", "version": "1.0.0"},
            "commands/a.md": "---\nargument-hint: [x] [y]\n---\nbody\n",
        },
    )
    r = run("check", root, "--color", "never", "--select", "FILE008")
    assert "[*] " in r.stdout.splitlines()[0]
    assert r.stdout.strip().splitlines()[-1] == "[*] 1 fixable with `--fix`."


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_nothing_plugin_like_is_one_line_and_exit_2(tmp_path, fmt):
    """An unusable path, as the README says: one line on stderr naming what was looked for, nothing on stdout
    (it used to be a FILE001 report with exit 1, which a CI step could not tell from a broken plugin)."""
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("hi")
    r = run("check", tmp_path / "x", "--format", fmt)
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert "nothing plugin-like" in r.stderr and ".claude-plugin/plugin.json" in r.stderr
    assert "marketplace.json" in r.stderr


def test_rules_json_and_explanation():
    rules = json.loads(run("rules", "--format", "json").stdout)
    assert rules and {"code", "name", "area", "severity", "summary", "sources", "profiles", "fixable"} <= set(rules[0])
    assert len({r["code"] for r in rules}) == len(rules)
    r = run("rules", "FILE004")
    assert r.returncode == 0 and "Wrong:" in r.stdout and "Right:" in r.stdout


def test_rules_table_has_a_header_and_explains_its_columns():
    r = run("rules")
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["code", "fix", "severity", "profile", "name", "summary"]
    text = " ".join(r.stdout.split())
    assert "fix: * the rule attaches a fix" in text and "severity: error = Claude Code refuses" in text


def test_rules_finds_by_prefix_and_by_name():
    prefix = run("rules", "HOOK02").stdout.splitlines()
    assert prefix[0].startswith("code") and all(
        line.startswith("HOOK02")
        for line in prefix[1:]
        if line[:4].isupper() and line[:4] != "HOOK" or line.startswith("HOOK")
    )
    assert any(line.startswith("HOOK020") for line in prefix)
    by_name = run("rules", "hook-matcher-invalid-regex")
    assert by_name.returncode == 0 and by_name.stdout.startswith("HOOK020 hook-matcher-invalid-regex")
    part = run("rules", "matcher").stdout
    assert "HOOK020" in part and "HOOK021" in part and "AGT004" not in part


def test_rule_explanation_is_reflowed_with_sources_in_words():
    r = run("rules", "HOOK021")
    body = r.stdout.split("Sources:")[0]
    prose = [line for line in body.splitlines()[3:] if line and not line.startswith(("Wrong:", "Right:"))]
    assert all(len(line) <= 100 for line in prose)
    assert "\nSources:\n  IMP003 — what Claude Code's documentation implies" in r.stdout


def test_every_rule_has_an_explanation_with_examples():
    from tui.core.lint.registry import all_rules

    for rule in all_rules():
        assert "Wrong" in rule.explanation and "Right" in rule.explanation, rule.code


def test_check_does_not_import_textual(tmp_path):
    root = write_tree(tmp_path / "p", {".claude-plugin/plugin.json": {"name": "p"}})
    code = (
        "import sys, io, contextlib\nfrom tui.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    main(['check', {str(root)!r}, '--format', 'json'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert r.stdout.strip() == "[]", r.stdout + r.stderr


def test_broken_optional_settings_json_is_a_warning(tmp_path):
    root = write_tree(
        tmp_path / "p", {".claude-plugin/plugin.json": {"name": "p"}, "settings.json": "", "hooks/hooks.json": ""}
    )
    data = json.loads(run("check", root, "--format", "json", "--select", "FILE004").stdout)
    sev = {d["path"]: d["severity"] for d in data["diagnostics"]}
    assert sev == {"settings.json": "warning", "hooks/hooks.json": "error"}


def test_frontmatter_not_a_mapping(tmp_path):
    root = write_tree(
        tmp_path / "p",
        {
            ".claude-plugin/plugin.json": {"name": "p"},
            "commands/a.md": "---\n- one\n- two\n---\nbody\n",
            "commands/b.md": "---\ndescription: fine\n---\nbody\n",
        },
    )
    data = json.loads(run("check", root, "--format", "json", "--select", "FILE010").stdout)
    assert [(d["code"], d["path"], d["line"]) for d in data["diagnostics"]] == [("FILE010", "commands/a.md", 2)]
