"""Where the paths of `plugin-tui check` point (through real subprocesses).

Text, GitHub annotations and SARIF name files relative to the current folder, as ruff and eslint do, so that
`plugin-tui check plugins/foo --format github` run from a repository's root puts its annotations on
`plugins/foo/...` in the pull request (and absolutely for a file outside the current folder). The JSON report
keeps `root` plus paths relative to it, as ``shared/design/cli-contract.md`` says.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest

from tests.helpers import REPO, write_tree

SARIF_SCHEMA = REPO / "tests" / "fixtures" / "sarif-2.1.0-rtm.5.json"


def run(*args, cwd):
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "tui", *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


@pytest.fixture
def repo(tmp_path):
    """A repository with a plugin in plugins/foo: a hooks.json with a syntax error on line 4."""
    write_tree(
        tmp_path / "repo" / "plugins" / "foo",
        {
            ".claude-plugin/plugin.json": {
                "name": "foo",
                "version": "1.0.0",
                "description": "d",
                "author": {"name": "a"},
            },
            "hooks/hooks.json": '{\n  "hooks": {\n    "Stop": [],\n  }\n}\n',
        },
    )
    return tmp_path / "repo"


def test_github_annotations_name_the_file_from_the_current_folder(repo):
    r = run("check", "plugins/foo", "--format", "github", cwd=repo)
    assert r.returncode == 1, r.stderr
    lines = [ln for ln in r.stdout.splitlines() if "title=FILE004" in ln]
    assert lines and lines[0].startswith("::error file=plugins/foo/hooks/hooks.json,line=4,"), r.stdout


def test_text_report_names_the_file_from_the_current_folder(repo):
    r = run("check", "plugins/foo", "--color", "never", cwd=repo)
    assert "\nplugins/foo/hooks/hooks.json:4:" in "\n" + r.stdout, r.stdout
    # from inside the plugin nothing changes: paths as they always were
    r = run("check", ".", "--color", "never", cwd=repo / "plugins" / "foo")
    assert "\nhooks/hooks.json:4:" in "\n" + r.stdout, r.stdout
    # and from below the plugin: up the tree
    (repo / "plugins" / "foo" / "hooks" / "x").mkdir()
    r = run("check", "../..", "--color", "never", cwd=repo / "plugins" / "foo" / "hooks" / "x")
    assert "/plugins/foo/hooks/hooks.json:4:" in r.stdout and "\n.claude-plugin" not in r.stdout, r.stdout


def test_a_plugin_outside_the_current_folder_gets_absolute_paths(repo, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = run("check", repo / "plugins" / "foo", "--format", "github", cwd=elsewhere)
    want = f"file={(repo / 'plugins' / 'foo' / 'hooks' / 'hooks.json').as_posix()}"
    assert any(ln.startswith(f"::error {want},line=4,") for ln in r.stdout.splitlines()), r.stdout
    r = run("check", os.path.relpath(repo / "plugins" / "foo", elsewhere), "--color", "never", cwd=elsewhere)
    assert f"{repo / 'plugins' / 'foo' / 'hooks' / 'hooks.json'}:4:" in r.stdout, r.stdout


def _resolve(run0: dict, loc: dict, cwd: Path) -> Path:
    """Where a SARIF consumer finds the file: a uriBaseId resolved through originalUriBaseIds, or GitHub's rule
    (a relative uri is relative to the repository root, which is where the job runs)."""
    art = loc["physicalLocation"]["artifactLocation"]
    uri = art["uri"]
    if urlparse(uri).scheme == "file":
        return Path(unquote(urlparse(uri).path))
    assert not uri.startswith("/")
    base = run0["originalUriBaseIds"][art["uriBaseId"]]["uri"] if "uriBaseId" in art else cwd.as_uri() + "/"
    assert base.endswith("/")
    return Path(unquote(urlparse(base).path)) / unquote(uri)


def test_sarif_locations_resolve_to_the_file(repo):
    r = run("check", "plugins/foo", "--format", "sarif", cwd=repo)
    sarif = json.loads(r.stdout)
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(sarif)
    run0 = sarif["runs"][0]
    res = next(x for x in run0["results"] if x["ruleId"] == "FILE004")
    loc = res["locations"][0]
    # GitHub code scanning reads a relative uri as relative to the repository root: the current folder here
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == "plugins/foo/hooks/hooks.json"
    assert _resolve(run0, loc, repo) == repo / "plugins" / "foo" / "hooks" / "hooks.json"
    assert run0["invocations"][0]["workingDirectory"]["uri"] == repo.as_uri() + "/"
    for x in run0["results"]:
        assert _resolve(run0, x["locations"][0], repo).exists()


def test_sarif_outside_the_current_folder_is_an_absolute_file_uri(repo, tmp_path):
    (tmp_path / "elsewhere" / "with space").mkdir(parents=True)
    target = tmp_path / "plugin dir"
    write_tree(target, {".claude-plugin/plugin.json": {"name": "p"}, "hooks/hooks.json": "{\n"})
    r = run("check", target, "--format", "sarif", cwd=tmp_path / "elsewhere" / "with space")
    run0 = json.loads(r.stdout)["runs"][0]
    res = next(x for x in run0["results"] if x["ruleId"] == "FILE004")
    art = res["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art["uri"] == (target / "hooks" / "hooks.json").as_uri() and "uriBaseId" not in art
    assert _resolve(run0, res["locations"][0], tmp_path) == target / "hooks" / "hooks.json"


def test_json_keeps_the_root_and_root_relative_paths(repo):
    data = json.loads(run("check", "plugins/foo", "--format", "json", cwd=repo).stdout)
    assert data["root"] == str(repo / "plugins" / "foo")
    assert "hooks/hooks.json" in {d["path"] for d in data["diagnostics"]}
