"""Reading what Claude Code installed (``tui.core.services.installed``), on a ``~/.claude`` that Claude Code 2.1.332
wrote itself (``tests/fixtures/installed``), compared with its own ``claude plugin list --json`` of that folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import codes, only, write_tree
from tests.installed_fixture import claude_view, installed_copy
from tui.core.lint.config import Config
from tui.core.lint.engine import check
from tui.core.lint.session import Session
from tui.core.services import details, envcheck
from tui.core.services.installed import (
    InstalledError,
    locate,
    overview,
    read_only,
    rebased,
    to_json,
)


@pytest.fixture
def fx(tmp_path: Path) -> Path:
    return installed_copy(tmp_path / "fx")


def env_of(root: Path) -> dict[str, str]:
    return {"HOME": str(root / "home")}


def load(root: Path, where: str = "elsewhere", **env: str):
    return locate({**env_of(root), **env}, root / where).load()


def facts(project) -> dict[str, object]:
    return {p.installed.id: p.installed for p in project.plugins}


def list_file(root: Path) -> Path:
    return root / "home" / ".claude" / "plugins" / "installed_plugins.json"


@pytest.mark.parametrize("where", ["elsewhere", "proj"])
def test_the_view_is_claude_codes_own(fx, where):
    """Every installed record, with its version, scope, project, folder and enabled state, as `claude plugin list
    --json` printed it from the same folder; the built-in plugins (no files) are left out."""
    project = load(fx, where)
    ours = sorted(
        (p.installed.id, r.version, r.scope, r.project_path, p.installed.install_path, p.installed.enabled)
        for p in project.plugins
        for r in p.installed.records
    )
    theirs = sorted(
        (e["id"], e["version"], e["scope"], e["projectPath"], e["installPath"], e["enabled"])
        for e in claude_view(fx, where)
        if not e["id"].endswith("@builtin")
    )
    assert ours == theirs
    assert len(project.plugins) == 5  # lint-kit's user and project records share one folder: one plugin


def test_enabled_follows_user_then_project_then_local_settings(fx):
    away, here = facts(load(fx, "elsewhere")), facts(load(fx, "proj"))
    assert not away["lint-kit@acme-tools"].enabled  # user settings: false
    assert away["lint-kit@acme-tools"].enabled_by == str(fx / "home" / ".claude" / "settings.json")
    assert not away["notes-kit@acme-tools"].enabled and away["notes-kit@acme-tools"].enabled_by is None
    # Claude Code: "Disabled in ~/.claude/settings.json but still loads — project settings enable it"
    assert here["lint-kit@acme-tools"].enabled
    assert here["lint-kit@acme-tools"].enabled_by == str(fx / "proj" / ".claude" / "settings.json")
    assert here["notes-kit@acme-tools"].enabled
    assert here["notes-kit@acme-tools"].enabled_by == str(fx / "proj" / ".claude" / "settings.local.json")


def test_local_settings_come_from_the_git_root_project_settings_from_the_current_folder(fx):
    # Claude Code 2.1.332 from proj/sub of a git repository proj: notes-kit (local settings) enabled, lint-kit
    # (project settings, read from the current folder only) not
    (fx / "proj" / ".git").mkdir()
    (fx / "proj" / "sub").mkdir()
    got = facts(load(fx, "proj/sub"))
    assert got["notes-kit@acme-tools"].enabled
    assert not got["lint-kit@acme-tools"].enabled


def test_directory_marketplace_plugins_are_read_from_the_marketplace(fx):
    got = facts(load(fx))
    read_from = {e["id"]: e["readFromFolder"] for e in claude_view(fx, "elsewhere")}
    assert got["dev-kit@acme-tools"].loads_from == read_from["dev-kit@acme-tools"] == str(fx / "mkt/plugins/dev-kit")
    assert got["api-kit@acme-tools"].loads_from is None  # a url source: Claude Code loads its cached copy
    assert codes(only(check(load(fx), Config(), environ={}), "INS003")) == ["INS003"]


def test_every_check_runs_on_the_installed_copies(fx):
    project = load(fx)
    diags = check(project, Config(), environ={})
    guard = {d.code for d in diags if d.plugin == "guard-kit"}
    assert "HOOK002" in guard  # the bare hooks.json Claude Code refuses
    refused = next(p for p in project.plugins if p.name == "guard-kit").refused
    assert refused is not None and 'outside the "hooks" object' in refused
    assert any(e["errors"] and 'outside the "hooks" object' in e["errors"][0] for e in claude_view(fx, "elsewhere"))
    env = [d for d in diags if d.code == "ENV001"]
    assert [d.path for d in env] == ["cache/acme-tools/api-kit/1.0.0/.mcp.json"] and "ACME_API_URL" in env[0].message


def test_only_the_installed_copies_are_walked(fx):
    cache = fx / "home/.claude/plugins/cache/acme-tools"
    write_tree(cache / "api-kit" / "0.9.0", {"hooks/hooks.json": "{not json"})  # an older version left behind
    write_tree(fx / "home/.claude/plugins/marketplaces/acme", {".claude-plugin/marketplace.json": "{"})
    project = load(fx)
    assert not any(r.startswith(("cache/acme-tools/api-kit/0.9.0", "marketplaces")) for r in project.index.entries)
    assert "installed_plugins.json" in project.index.entries
    assert not [d for d in check(project, Config(), environ={}) if d.code == "FILE004"]


def test_unset_variable_drops_the_installed_server_right_now(fx):
    project = load(fx)
    dropped = details.env_dropped(project, {})
    assert [(n.what, "ACME_API_URL" in n.why) for n in dropped["cache/acme-tools/api-kit/1.0.0"]] == [
        ("acme-api", True)
    ]
    report = envcheck.collect(project, {})
    (use,) = report.get("ACME_API_URL").uses
    assert use.dropped and use.component == "MCP server 'acme-api'"
    assert not envcheck.collect(project, {"ACME_API_URL": "https://x"}).get("ACME_API_URL").uses[0].dropped
    assert not details.env_dropped(project, {"ACME_API_URL": ""})  # an empty value counts as set


def test_always_on_total_counts_the_enabled_plugins_that_load(fx):
    project = load(fx)  # from elsewhere: lint-kit and notes-kit disabled, guard-kit refused
    costs = {p.path if p.path != "." else "": p.always_on_tokens for p in details.project_details(project, {}).plugins}
    rows, total = overview(project, costs)
    by_id = {r.facts.id: r.always_on_tokens for r in rows}
    # Claude Code's `plugin details`: api-kit ~17, lint-kit ~12 (guard-kit: not found, it is refused)
    assert by_id["api-kit@acme-tools"] == 17 and by_id["lint-kit@acme-tools"] == 12
    assert by_id["guard-kit@acme-tools"] is None
    assert total == by_id["api-kit@acme-tools"] + by_id["dev-kit@acme-tools"]


def test_no_fix_is_offered_on_an_installed_copy(fx):
    diags = check(load(fx), Config(), environ={})
    assert any(d.fix is not None for d in diags)  # HOOK002 wraps a bare hooks.json where it is the author's
    kept = read_only(diags)
    assert [d.code for d in kept] == [d.code for d in diags] and all(d.fix is None for d in kept)


def test_a_gone_copy_is_listed_and_said(fx):
    shutil.rmtree(fx / "home/.claude/plugins/cache/acme-tools/api-kit")
    project = load(fx)
    gone = facts(project)["api-kit@acme-tools"]
    assert not gone.folder_exists
    diags = [d for d in check(project, Config(), environ={}) if d.plugin == "api-kit"]
    assert codes(diags) == ["INS002"]  # nothing else is made up about a folder that is not there
    (d,) = diags
    assert d.severity == "warning" and d.path == "installed_plugins.json" and (d.line, d.column) == (7, 24)
    assert "fetches it again" in d.message


def test_unreadable_list_is_one_clear_finding(fx):
    list_file(fx).write_text('{"version": 2, "plugins": {\n  "api-kit@acme-tools": [\n', encoding="utf-8")
    project = load(fx)
    assert project.plugins == [] and project.kind == "marketplace"
    diags = check(project, Config(), environ={})
    assert codes(diags) == ["INS001"]
    assert diags[0].severity == "error" and diags[0].line == 3 and "empty list" in diags[0].message


@pytest.mark.parametrize(
    "data, where",
    [
        ({"version": 2, "plugins": {"a@b": [{"scope": "user"}]}}, ("plugins", "a@b", 0)),
        ({"version": 2, "plugins": {"a@b": [{"scope": "team", "installPath": "/x"}]}}, ("plugins", "a@b", 0)),
        ({"version": 2, "plugins": []}, ("plugins",)),
        ({"version": 7, "plugins": {}}, ("version",)),
        ([], ()),
    ],
)
def test_a_list_claude_code_cannot_parse_says_where(fx, data, where):
    list_file(fx).write_text(json.dumps(data, indent=2), encoding="utf-8")
    project = load(fx)
    assert project.installed.problem and project.installed.problem_pointer == where
    assert codes(check(project, Config(), environ={})) == ["INS001"]


def test_old_format_is_read_as_user_records_of_the_cache(fx):
    list_file(fx).write_text(json.dumps({"plugins": {"lint-kit@acme-tools": {"version": "0.3.0"}}}), encoding="utf-8")
    (p,) = load(fx).plugins
    assert p.rel == "cache/acme-tools/lint-kit/0.3.0" and p.installed.scopes == ["user"]


def test_paths_recorded_under_another_home_are_read_from_this_one(fx, tmp_path):
    text = list_file(fx).read_text(encoding="utf-8").replace(str(fx / "home"), "/gone/home")
    list_file(fx).write_text(text, encoding="utf-8")
    project = load(fx)
    assert all(p.installed.folder_exists for p in project.plugins) and len(project.plugins) == 5
    here = fx / "home/.claude/plugins"
    assert rebased("/gone/home/.claude/plugins/cache/m/p/1", here) == str(here / "cache/m/p/1")
    assert rebased(str(tmp_path), here) == str(tmp_path)  # no plugins/cache in it: as recorded


def test_builtin_plugins_are_left_out(fx):
    data = json.loads(list_file(fx).read_text(encoding="utf-8"))
    data["plugins"]["cc-plugin-privacy@builtin"] = [{"scope": "user", "installPath": "/nowhere"}]
    list_file(fx).write_text(json.dumps(data), encoding="utf-8")
    assert "cc-plugin-privacy@builtin" not in facts(load(fx))


def test_settings_that_cannot_be_read_are_named(fx):
    (fx / "home/.claude/settings.json").write_text("{", encoding="utf-8")
    project = load(fx)
    assert not facts(project)["api-kit@acme-tools"].enabled
    assert any("settings.json is not valid JSON" in n for n in project.installed.notes)


def test_claude_config_dir_wins_over_home(fx, tmp_path):
    inst = locate({"HOME": str(tmp_path / "nobody"), "CLAUDE_CONFIG_DIR": str(fx / "home/.claude")}, fx / "proj")
    assert len(inst.load().plugins) == 5


def test_nothing_to_read_is_one_line(fx, tmp_path):
    with pytest.raises(InstalledError, match="no Claude Code configuration folder"):
        locate({"HOME": str(tmp_path / "nobody")}, tmp_path)
    (tmp_path / "bare" / ".claude").mkdir(parents=True)
    with pytest.raises(InstalledError, match="no plugins folder"):
        locate({"HOME": str(tmp_path / "bare")}, tmp_path)
    list_file(fx).unlink()
    project = load(fx)
    assert project.kind == "none" and "installed no plugin" in project.note


def test_session_rechecks_the_installed_view(fx):
    inst = locate(env_of(fx), fx / "elsewhere")
    session = Session(inst.root, Config(), {}, loader=inst.load)
    first = session.full()
    assert "HOOK002" in codes(first.diagnostics)
    hooks = fx / "home/.claude/plugins/cache/acme-tools/guard-kit/2.0.0/hooks/hooks.json"
    hooks.write_text('{"hooks": {}}', encoding="utf-8")
    again = session.update([str(hooks)])
    assert "HOOK002" not in codes(again.diagnostics)
    assert codes(again.diagnostics) == codes(check(inst.load(), Config(), environ={}))


def test_a_copy_outside_the_plugins_folder_is_listed_not_checked(fx, tmp_path):
    elsewhere = write_tree(tmp_path / "seed" / "kit", {".claude-plugin/plugin.json": {"name": "kit"}})
    data = json.loads(list_file(fx).read_text(encoding="utf-8"))
    data["plugins"]["kit@seed"] = [{"scope": "user", "installPath": str(elsewhere), "version": "1.0.0"}]
    list_file(fx).write_text(json.dumps(data), encoding="utf-8")
    project = load(fx)
    assert [ip.id for ip in project.installed.outside] == ["kit@seed"]
    assert "kit@seed" not in facts(project) and len(project.plugins) == 5
    listed = {p["id"]: p for p in to_json(project)["plugins"]}
    assert listed["kit@seed"]["path"] is None and listed["kit@seed"]["install_path"] == str(elsewhere)
