"""marketplace.json rules (MKT*)."""

from __future__ import annotations

import pytest

from tests.helpers import check_rule, codes, run_check, write_tree

PLUGIN = {"name": "alpha", "version": "1.0.0", "description": "d", "author": {"name": "a"}}


def market(tmp_path, data, extra=None, with_plugin=True):
    files = {".claude-plugin/marketplace.json": data}
    if with_plugin:
        files["plugins/alpha/.claude-plugin/plugin.json"] = PLUGIN
        files["plugins/alpha/commands/hi.md"] = "---\ndescription: hi\n---\nhi\n"
    files.update(extra or {})
    return write_tree(tmp_path, files)


def good(**kw):
    d = {
        "name": "acme-tools",
        "description": "Tools",
        "owner": {"name": "Acme"},
        "plugins": [{"name": "alpha", "source": "./plugins/alpha", "version": "1.0.0"}],
    }
    d.update(kw)
    return d


def test_good_marketplace_is_clean(tmp_path):
    root = market(tmp_path, good())
    assert [c for c in codes(run_check(root)) if c.startswith("MKT")] == []


@pytest.mark.parametrize(
    "data, expect",
    [
        ({"name": "x", "plugins": []}, "owner"),
        ({"name": "x", "owner": {"name": "o"}}, "plugins"),
        ({"owner": {"name": "o"}, "plugins": []}, "name"),
        (good(plugins=[{"name": "alpha"}]), "source"),
        (good(owner={"email": "x"}), "name"),
        (good(metadata="x"), "metadata"),
        ([], "object"),
    ],
)
def test_mkt001_schema(tmp_path, data, expect):
    d = check_rule(market(tmp_path, data), "MKT001")
    assert d and any(expect in x.message for x in d) and all(x.severity == "error" for x in d)


def test_mkt001_ok(tmp_path):
    assert not check_rule(market(tmp_path, good()), "MKT001")


@pytest.mark.parametrize(
    "name, sev",
    [("my tools", "error"), ("-bad", "error"), ("org", "warning"), ("My_Tools", "warning"), ("acme-tools", None)],
)
def test_mkt002_name(tmp_path, name, sev):
    d = check_rule(market(tmp_path, good(name=name)), "MKT002")
    assert (d[0].severity if d else None) == sev


# each answer is what `claude plugin marketplace add DIR` (Claude Code 2.1.332) does with that name
@pytest.mark.parametrize(
    "name, sev",
    [
        ("claude-plugins-official", "warning"),
        ("claude-plugin-directory", "warning"),
        ("claude-tag-plugins", "warning"),
        ("healthcare", "warning"),  # reserved: refused unless added from github.com/anthropics/
        ("official-claude-plugins", "error"),
        ("anthropic-plugins-v2", "error"),
        ("claude-directory", "error"),
        ("claude-marketplaces", "error"),
        ("Claude_Official", "error"),
        ("claudeplugins", "error"),
        ("x-claude-official", "error"),
        ("anthropic-directories-hub", "error"),
        ("claude-plugins-off\u0456cial", "error"),
        ("inline", "error"),  # "Marketplace name "inline" is reserved for --plugin-dir session plugins"
        ("my-claude-code-plugins", None),
        ("acme-code-plugins", None),
        ("claude-code-plugins-extra", None),
        ("claude-code-marketplace-fork", None),
        ("claude-tools", None),
        ("anthropic-skills", None),
        ("claude", None),
        ("acme", None),
    ],
)
def test_mkt003_reserved(tmp_path, name, sev):
    d = check_rule(market(tmp_path, good(name=name)), "MKT003")
    assert (d[0].severity if d else None) == sev


# a reserved plugin name: `claude plugin validate` rejects it, `claude plugin install` installs it
@pytest.mark.parametrize(
    "entry_name, sev",
    [
        ("Code Review", "error"),
        ("claude-helper", "warning"),
        ("CodeReview", "warning"),
        ("unknown", "warning"),
        ("alpha", None),
    ],
)
def test_mkt004_entry_name(tmp_path, entry_name, sev):
    d = check_rule(market(tmp_path, good(plugins=[{"name": entry_name, "source": "./plugins/alpha"}])), "MKT004")
    assert (d[0].severity if d else None) == sev
    if d:  # at the entry's name value
        line = (tmp_path / ".claude-plugin/marketplace.json").read_text().splitlines()[d[0].line - 1]
        assert line[d[0].column - 1 :].startswith(f'"{entry_name}"')


def test_mkt004_reserved_allowed_in_official(tmp_path):
    data = good(name="claude-plugins-official", plugins=[{"name": "claude-helper", "source": "./plugins/alpha"}])
    assert not check_rule(market(tmp_path, data), "MKT004")


def test_mkt005_duplicates(tmp_path):
    data = good(plugins=[{"name": "alpha", "source": "./plugins/alpha"}, {"name": "alpha", "source": "./plugins/b"}])
    d = check_rule(market(tmp_path, data), "MKT005")
    # `claude plugin validate` rejects both entries; Claude Code adds the marketplace and installs the first one,
    # so ./plugins/b can never be installed
    assert len(d) == 1 and "plugins[0]" in d[0].message and d[0].severity == "error"
    assert "`claude plugin validate` rejects this" in d[0].message
    assert not check_rule(market(tmp_path / "ok", good()), "MKT005")


@pytest.mark.parametrize(
    "source, expect",
    [("plugins/alpha", "must start"), ("./../alpha", "'..'"), ("alpha", "pluginRoot"), ("/abs/alpha", "must start")],
)
def test_mkt006_source_path(tmp_path, source, expect):
    d = check_rule(market(tmp_path, good(plugins=[{"name": "alpha", "source": source}])), "MKT006")
    assert len(d) == 1 and expect in d[0].message


def test_mkt006_ok(tmp_path):
    assert not check_rule(market(tmp_path, good()), "MKT006")
    data = good(metadata={"pluginRoot": "./plugins"}, plugins=[{"name": "alpha", "source": "alpha"}])
    assert not check_rule(market(tmp_path / "b", data), "MKT006")
    assert not check_rule(market(tmp_path / "c", good(plugins=[{"name": "alpha", "source": "./"}])), "MKT006")


@pytest.mark.parametrize(
    "source, expect",
    [
        ({"source": "pip", "package": "x"}, "unknown source kind"),
        ({"repo": "a/b"}, "needs a 'source' kind"),
        ({"source": "github"}, "needs 'repo'"),
        ({"source": "github", "repo": "a/b", "sha": "abc"}, "40-character"),
        ({"source": "github", "repo": "noslash"}, "owner/repo"),
        ({"source": "git-subdir", "url": "x"}, "needs 'path'"),
        ({"source": "archive", "url": "http://x/a.zip", "sha256": "0" * 64}, "https"),
        ({"source": "archive", "url": "https://x/a.zip", "sha256": "zz"}, "64 hex"),
        ({"source": "command", "command": "echo  x", "timeout": 900}, "timeout"),
        ({"source": "npm"}, "needs 'package'"),
        ({"source": {"nested": 1}}, "unknown source kind"),  # not a string: once an internal error (unhashable)
        ({"source": ["github"]}, "unknown source kind"),
    ],
)
def test_mkt007_source_object(tmp_path, source, expect):
    d = check_rule(market(tmp_path, good(plugins=[{"name": "alpha", "source": source}])), "MKT007")
    assert any(expect in x.message for x in d), [x.message for x in d]


@pytest.mark.parametrize(
    "source",
    [
        {"source": "github", "repo": "a/b", "sha": "a" * 40},
        {"source": "url", "url": "https://x/y.git", "ref": "main"},
        {"source": "git-subdir", "url": "a/b", "path": "plugins/x"},
        {"source": "npm", "package": "@a/b"},
        {"source": "archive", "url": "https://x/a.zip", "sha256": "A" * 64},
        {"source": "command", "command": "echo /x"},
    ],
)
def test_mkt007_ok(tmp_path, source):
    assert not check_rule(market(tmp_path, good(plugins=[{"name": "alpha", "source": source}])), "MKT007")


def test_mkt008_no_plugins(tmp_path):
    assert check_rule(market(tmp_path, good(plugins=[])), "MKT008")[0].severity == "warning"
    assert not check_rule(market(tmp_path / "ok", good()), "MKT008")


def test_mkt009_description(tmp_path):
    data = good()
    del data["description"]
    assert check_rule(market(tmp_path, data), "MKT009")
    assert not check_rule(market(tmp_path / "m", dict(data, metadata={"description": "x"})), "MKT009")


def test_mkt010_unknown(tmp_path):
    data = good(plugin=[], metadata={"pluginroot": "x"})
    data["plugins"][0]["catgory"] = "x"
    d = check_rule(market(tmp_path, data), "MKT010")
    msgs = " | ".join(x.message for x in d)
    assert "did you mean 'plugins'" in msgs and "metadata.pluginroot" in msgs and "did you mean 'category'" in msgs
    assert not check_rule(market(tmp_path / "ok", good()), "MKT010")


def test_mkt011_version_mismatch(tmp_path):
    d = check_rule(
        market(tmp_path, good(plugins=[{"name": "alpha", "source": "./plugins/alpha", "version": "2.0.0"}])), "MKT011"
    )
    assert len(d) == 1 and "plugin.json wins" in d[0].message
    assert not check_rule(market(tmp_path / "ok", good()), "MKT011")


def test_mkt012_name_mismatch(tmp_path):
    d = check_rule(market(tmp_path, good(plugins=[{"name": "beta", "source": "./plugins/alpha"}])), "MKT012")
    assert len(d) == 1
    assert not check_rule(market(tmp_path / "ok", good()), "MKT012")


def test_mkt013_dir_missing(tmp_path):
    d = check_rule(market(tmp_path, good(plugins=[{"name": "alpha", "source": "./plugins/nope"}])), "MKT013")
    assert len(d) == 1 and d[0].severity == "error" and "not found" in d[0].message
    d = check_rule(
        market(tmp_path / "f", good(plugins=[{"name": "alpha", "source": "./README.md"}]), {"README.md": "x"}), "MKT013"
    )
    assert "not a directory" in d[0].message
    assert not check_rule(market(tmp_path / "ok", good()), "MKT013")


def test_mkt014_strict_conflict(tmp_path):
    entry = {"name": "alpha", "source": "./plugins/alpha", "strict": False, "commands": ["./commands"]}
    extra = {"plugins/alpha/.claude-plugin/plugin.json": dict(PLUGIN, commands="./commands")}
    d = check_rule(market(tmp_path, good(plugins=[entry]), extra), "MKT014")
    assert len(d) == 1 and "conflicting manifests" in d[0].message
    assert not check_rule(market(tmp_path / "ok", good(plugins=[entry])), "MKT014")


@pytest.mark.parametrize(
    "renames, bad",
    [
        ({"a": "b", "b": "a"}, True),
        ({"old": "gone"}, True),
        ({"old": "alpha"}, False),
        ({"old": None}, False),
        ({"a": "b", "b": None}, False),
    ],
)
def test_mkt015_renames(tmp_path, renames, bad):
    # `claude plugin validate` rejects a cycle or a dangling chain; `claude plugin marketplace add` adds the
    # marketplace and its plugins install
    d = check_rule(market(tmp_path, good(renames=renames)), "MKT015")
    assert bool(d) is bad
    assert all(x.severity == "warning" and "`claude plugin validate` rejects this" in x.message for x in d)


def test_mkt001_renames_and_relevance_are_ignored_not_fatal(tmp_path):
    data = good(renames="x", plugins=[{"name": "alpha", "source": "./plugins/alpha", "relevance": "x"}])
    d = check_rule(market(tmp_path, data), "MKT001")
    assert sorted((x.severity, x.message.split(":")[0]) for x in d) == [
        ("warning", "'relevance' must be an object, got string"),
        ("warning", "'renames' must be an object, got string"),
    ]
    # an entry that fails its schema cannot be installed ("This plugin's marketplace entry is invalid")
    bad = good(plugins=[{"name": "alpha", "source": "./plugins/alpha", "author": "Jane"}])
    assert [x.severity for x in check_rule(market(tmp_path / "b", bad), "MKT001")] == ["error"]


def test_mkt016_relative_source_info(tmp_path):
    assert check_rule(market(tmp_path, good()), "MKT016", profile="plugin-dev")[0].severity == "info"
    remote = good(plugins=[{"name": "alpha", "source": {"source": "github", "repo": "a/b"}}])
    assert not check_rule(market(tmp_path / "ok", remote), "MKT016", profile="plugin-dev")


def test_member_manifest_checked(tmp_path):
    extra = {"plugins/alpha/.claude-plugin/plugin.json": dict(PLUGIN, author="Jane")}
    diags = run_check(market(tmp_path, good(), extra))
    assert any(d.code == "MAN007" and d.path == "plugins/alpha/.claude-plugin/plugin.json" for d in diags)


@pytest.mark.parametrize(
    "data", [None, 1, [], {"plugins": "x"}, {"plugins": [1, None, {"source": 5}], "renames": {"a": 1}, "metadata": []}]
)
def test_never_crash(tmp_path, data):
    import json

    root = market(tmp_path, json.dumps(data))
    for prof in ("official", "plugin-dev", "directory"):
        assert "INT001" not in codes(run_check(root, profile=prof))


def test_mkt017_entry_author_email(tmp_path):
    # Claude Code 2.1.332 adds such a marketplace and installs the plugin; `claude plugin validate` says nothing: the
    # address only reaches users, as plugin.json's author.email does (MAN010, same message)
    entries = [
        {"name": "alpha", "source": "./plugins/alpha", "author": {"name": "J", "email": "jane at example"}},
        {"name": "beta", "source": {"source": "github", "repo": "o/r"}, "author": {"name": "K", "email": "k@x.io"}},
        {"name": "gamma", "source": {"source": "github", "repo": "o/g"}, "author": "K <k@x.io>"},
    ]
    root = market(tmp_path, good(plugins=entries))
    d = check_rule(root, "MKT017")
    assert [(x.severity, x.message) for x in d] == [
        ("warning", "author.email 'jane at example' is not an e-mail address")
    ]
    line = (root / ".claude-plugin/marketplace.json").read_text().splitlines()[d[0].line - 1]
    assert line[d[0].column - 1 :].startswith('"jane at example"')
    assert not check_rule(market(tmp_path / "ok", good()), "MKT017")
