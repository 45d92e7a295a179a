"""Loading every plugin and marketplace of ../shared/corpus: right component counts, no traceback.

Expected numbers are SOURCES.md's, except where SOURCES counts files and Claude Code's discovery differs (noted).
"""

import pytest

from tests.helpers import CORPUS
from tui.core.lint.config import Config
from tui.core.lint.engine import check
from tui.core.model.loader import load

pytestmark = pytest.mark.corpus

# name: (plugins with a manifest, marketplace entries, commands, agents, skills, MCP servers)
EXPECTED = {
    "0-ROK__oh-my-rubber-duck": (1, 0, 1, 0, 1, 0),
    "0K-cool__vex-talon": (1, 0, 4, 0, 0, 0),
    # SOURCES counts 9 SKILL.md files; 7 are nested two levels deep (skills/sentinel/skills/x), which Claude Code
    # does not discover (skills/<name>/SKILL.md only)
    "0x1337c0d3__claude-security": (1, 1, 1, 0, 2, 0),
    "AodhanHayter__claude-lsp-plugins": (0, 3, 0, 0, 0, 0),
    # SOURCES counts .md files under any commands/ and agents/ folder, including tests/fixtures/ sample plugins
    # that are not part of the plugin; 6 of its 39 SKILL.md are nested too deep to be discovered
    "EveryInc__compound-engineering-plugin": (1, 1, 0, 0, 33, 0),
    "ProxiBlue__pb-graphiti": (1, 1, 7, 0, 1, 1),
    # 13 MCP servers in SOURCES; one .mcp.json sits in an archived/ folder that is no plugin
    "PsychQuant__psychquant-claude-plugins": (28, 27, 31, 2, 42, 12),
    # commands/agents: SOURCES counts the repo-wide folders (commands/ and agents/ at the repo root, which is a
    # marketplace, not a plugin); 1 of its 241 SKILL.md files is nested too deep to be discovered
    "alirezarezvani__claude-skills": (35, 29, 6, 12, 240, 2),
    "anthropics__claude-plugins-official": (40, 286, 30, 31, 31, 15),
    "anthropics__financial-services-plugins": (8, 8, 54, 0, 56, 14),
    # 94 entries at the root (SOURCES adds the 1 of a nested marketplace); 27 SKILL.md files are nested deeper
    # than skills/<name>/ or live outside any plugin
    "anthropics__knowledge-work-plugins": (22, 94, 15, 5, 185, 153),
    # one SKILL.md is the template/ folder's, outside the plugin the marketplace lists
    "anthropics__skills": (0, 3, 0, 0, 17, 0),
    "boostvolt__claude-code-lsps": (22, 22, 0, 0, 0, 0),
    "obra__superpowers": (1, 1, 0, 0, 14, 0),
    "trailofbits__skills": (42, 42, 8, 31, 80, 2),
    "wshobson__agents": (91, 92, 105, 202, 181, 0),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_counts(name):
    project = load(CORPUS / name)
    assert project.kind in ("plugin", "marketplace")
    got = (
        sum(1 for p in project.plugins if p.manifest is not None),
        len(project.marketplace.entries) if project.marketplace else 0,
        sum(len(p.commands) for p in project.plugins),
        sum(len(p.agents) for p in project.plugins),
        sum(len(p.skills) for p in project.plugins),
        sum(len(p.mcp_servers) for p in project.plugins),
    )
    assert got == EXPECTED[name]


def test_every_corpus_repo_is_covered():
    assert sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) == sorted(EXPECTED)


def test_lsp_servers_of_the_lsp_corpus():
    project = load(CORPUS / "boostvolt__claude-code-lsps")
    assert sum(len(p.lsp_servers) for p in project.plugins) == 22
    inline = load(CORPUS / "AodhanHayter__claude-lsp-plugins")
    assert sum(len(p.lsp_servers) for p in inline.plugins) == 3


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_runs_without_internal_errors(name):
    diags = check(load(CORPUS / name), Config(), environ={})
    internal = [d for d in diags if d.code == "INT001"]
    assert not internal, internal[:3]


def test_entries_at_the_marketplace_root_name_their_skills():
    # Claude Code 2.1.332 (`claude plugin details` after installing each entry): three strict:false entries with
    # source "./" each load the skill folders their "skills" lists, not the whole skills/ folder
    project = load(CORPUS / "anthropics__skills")
    by = {e.name: e.plugin.inventory()["skills"] for e in project.marketplace.entries}
    assert by["document-skills"] == ["docx", "pdf", "pptx", "xlsx"]
    assert by["claude-api"] == ["claude-api"]
    assert len(by["example-skills"]) == 12 and "skill-creator" in by["example-skills"]
