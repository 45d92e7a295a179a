"""Severities that follow what Claude Code 2.1.332 does with a plugin.

Severity means what happens: error = Claude Code refuses the plugin, or the component fails to load or cannot
work; warning = it loads, but not as the author meant; info = style and advice. Each test pins one severity on a
small fixture, with the Claude Code behaviour behind it in a comment.
"""

from __future__ import annotations

import pytest

from tests.helpers import check_rule, write_tree

MANIFEST = {"name": "p", "version": "1.0.0", "description": "A plugin.", "author": {"name": "J"}}
CMD = {"commands/hello.md": "---\ndescription: Say hello\n---\nSay hello.\n"}
VALIDATOR_ONLY = "`claude plugin validate` rejects this; Claude Code 2.1.332 loads the plugin"


def plugin(tmp_path, files, manifest=None, sub="p"):
    return write_tree(tmp_path / sub, {".claude-plugin/plugin.json": {**MANIFEST, **(manifest or {})}, **files})


def sev(diags) -> set[str]:
    return {d.severity for d in diags}


# ------------------------------------------------------------------------------------------------------ manifest


def test_man004_reserved_name_is_validator_only(tmp_path):
    # Claude Code 2.1.332 loads and installs "claude-helper" (plugin list shows it enabled, no error); only
    # `claude plugin validate` says "Plugin name "claude-helper" is reserved"
    d = check_rule(plugin(tmp_path, CMD, {"name": "claude-helper"}), "MAN004")
    assert sev(d) == {"warning"} and VALIDATOR_ONLY in d[0].message


def test_man006_missing_metadata_is_advice(tmp_path):
    # a plugin.json with only a name loads and works; version, description and author are advice
    d = check_rule(write_tree(tmp_path, {".claude-plugin/plugin.json": {"name": "p"}, **CMD}), "MAN006")
    assert len(d) == 3 and sev(d) == {"info"}


def test_man013_top_level_monitors_still_load(tmp_path):
    # Claude Code 2.1.332 reads `experimental.monitors ?? monitors`: the top-level form loads; only validate warns
    d = check_rule(plugin(tmp_path, CMD, {"monitors": "./monitors.json"}), "MAN013")
    assert sev(d) == {"info"}
