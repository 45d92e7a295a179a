"""Settings-file rules SET001–SET010 (`.claude/<plugin>.local.md`, spec G)."""

import os

from tests.helpers import check_rule, write_tree

GOOD = "---\nenabled: true\nstrict_mode: false\noutput_dir: reports\n---\n\nPrompt text.\n"


def tree(tmp_path, text, name="p", gitignore=".claude/*.local.md\n", mode=0o600):
    files = {
        ".claude-plugin/plugin.json": {"name": "p"},
        "commands/x.md": "---\ndescription: x\n---\nx\n",
        f".claude/{name}.local.md": text,
    }
    if gitignore is not None:
        files[".gitignore"] = gitignore
    root = write_tree(tmp_path, files)
    os.chmod(root / f".claude/{name}.local.md", mode)
    return root


def run(tmp_path, code, text=GOOD, profile="official", **kw):
    return check_rule(tree(tmp_path, text, **kw), code, profile=profile)


def test_good_file_is_clean(tmp_path):
    from tests.helpers import run_check

    diags = [d for d in run_check(tree(tmp_path, GOOD), profile="plugin-dev") if d.code.startswith("SET")]
    assert diags == []


def test_set001_markers(tmp_path):
    d = run(tmp_path, "SET001", "enabled: true\n")
    assert len(d) == 1 and "found 0 '---' markers" in d[0].message
    d = run(tmp_path / "late", "SET001", "# title\n---\nenabled: true\n---\n")
    assert d[0].severity == "info"
    assert not run(tmp_path / "ok", "SET001")


def test_set002_empty(tmp_path):
    d = run(tmp_path, "SET002", "---\n---\nbody\n")
    assert len(d) == 1 and d[0].line == 1
    assert not run(tmp_path / "ok", "SET002")


def test_set003_no_fields(tmp_path):
    assert len(run(tmp_path, "SET003", "---\nenabled true\n---\n")) == 1
    assert not run(tmp_path / "ok", "SET003")


def test_set004_booleans(tmp_path):
    d = run(tmp_path, "SET004", '---\nenabled: yes\nstrict_mode: "true"\n---\nb\n')
    assert len(d) == 2 and d[0].line == 2 and d[0].hint == "enabled: true"
    assert not run(tmp_path / "ok", "SET004")


def test_set005_body(tmp_path):
    assert len(run(tmp_path, "SET005", "---\nenabled: true\n---\n", profile="plugin-dev")) == 1
    assert not run(tmp_path / "ok", "SET005", profile="plugin-dev")


def test_set006_name(tmp_path):
    assert len(run(tmp_path, "SET006", name="settings", profile="plugin-dev")) == 1
    assert not run(tmp_path / "ok", "SET006", profile="plugin-dev")


def test_set007_gitignore(tmp_path):
    assert len(run(tmp_path, "SET007", gitignore=None)) == 1
    assert len(run(tmp_path / "neg", "SET007", gitignore="*.local.md\n!.claude/p.local.md\n")) == 1
    for i, pat in enumerate([".claude/*.local.md", "*.local.md", ".claude/", "**/*.local.*"]):
        assert not run(tmp_path / f"ok{i}", "SET007", gitignore=pat + "\n"), pat


def test_set008_permissions(tmp_path):
    assert len(run(tmp_path, "SET008", mode=0o644, profile="plugin-dev")) == 1
    assert not run(tmp_path / "ok", "SET008", profile="plugin-dev")


def test_set009_traversal(tmp_path):
    d = run(tmp_path, "SET009", "---\noutput_dir: ../../.ssh\nnote: a..b\n---\nb\n")
    assert len(d) == 1 and d[0].line == 2
    assert not run(tmp_path / "ok", "SET009")


def test_set010_empty_value(tmp_path):
    assert len(run(tmp_path, "SET010", '---\nmode:\nname: ""\nenabled: true\n---\nb\n', profile="plugin-dev")) == 2
    assert not run(tmp_path / "ok", "SET010", profile="plugin-dev")
