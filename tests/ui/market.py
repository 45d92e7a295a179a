"""A generated marketplace for the explorer's scale tests and the README screenshots (no ``../shared`` needed).

``make_marketplace(root, n)`` writes ``.claude-plugin/marketplace.json`` listing ``n`` local plugins under
``plugins/<category>/<name>/`` plus ``remote`` entries with a GitHub source, the way big public marketplaces
mix both. Every plugin has a command, an agent and a skill; every ``problem_every``-th plugin plants problems
deep in long paths (an agent without a description, a command whose frontmatter does not parse), so the
Problems table has long ``…/agents/<file>.md:LINE`` locations to show.
"""

from __future__ import annotations

import json
from pathlib import Path

CATEGORIES = ("development", "documentation", "infrastructure", "security", "data-engineering")
WORDS = ("api", "cloud", "kube", "lint", "docs", "test", "perf", "auth", "queue", "cache", "graph", "stream")


def plugin_name(i: int) -> str:
    return f"{WORDS[i % len(WORDS)]}-{WORDS[(i * 7 + 3) % len(WORDS)]}-toolkit-{i:04d}"


def make_marketplace(
    root: Path, n: int = 1000, *, remote: int = 40, problem_every: int = 10, name: str = "generated-marketplace"
) -> Path:
    root = Path(root)
    entries = []
    for i in range(n):
        pname = plugin_name(i)
        cat = CATEGORIES[i % len(CATEGORIES)]
        rel = f"plugins/{cat}/{pname}"
        base = root / rel
        (base / ".claude-plugin").mkdir(parents=True, exist_ok=True)
        (base / ".claude-plugin" / "plugin.json").write_text(
            json.dumps(
                {"name": pname, "version": "1.0.0", "description": f"Plugin number {i}", "author": {"name": "Example"}},
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        (base / "commands").mkdir(exist_ok=True)
        (base / "agents").mkdir(exist_ok=True)
        skill = base / "skills" / f"{pname}-workflow-guidance"
        skill.mkdir(parents=True, exist_ok=True)
        (base / "commands" / "run.md").write_text(
            "---\ndescription: Run the toolkit\n---\n\nRun it on $ARGUMENTS.\n", encoding="utf-8"
        )
        agent = base / "agents" / f"{pname}-architecture-reviewer.md"
        skill_md = f"---\nname: {pname}-workflow-guidance\ndescription: Use when working with {pname}.\n---\n\nSteps.\n"
        (skill / "SKILL.md").write_text(skill_md, encoding="utf-8")
        if problem_every and i % problem_every == 0:
            # planted: no description (Claude Code loads the agent but has nothing to pick it by) ...
            agent.write_text(
                f"---\nname: {pname}-architecture-reviewer\n---\n\nReview the architecture.\n", encoding="utf-8"
            )
            # ... and a description with an unquoted colon (the YAML does not parse)
            (base / "commands" / "deploy.md").write_text(
                "---\ndescription: Deploy: ship it now\n---\n\nDeploy.\n", encoding="utf-8"
            )
        else:
            agent.write_text(
                f"---\nname: {pname}-architecture-reviewer\ndescription: Reviews {pname}.\n---\n\n"
                "Review the architecture.\n",
                encoding="utf-8",
            )
        entries.append({"name": pname, "source": f"./{rel}", "description": f"Plugin number {i}"})
    for j in range(remote):
        entries.append(
            {
                "name": f"remote-{WORDS[j % len(WORDS)]}-{j:03d}",
                "description": "Hosted elsewhere",
                "source": {"source": "github", "repo": f"example/remote-{j:03d}"},
            }
        )
    (root / ".claude-plugin").mkdir(parents=True, exist_ok=True)
    (root / ".claude-plugin" / "marketplace.json").write_text(
        json.dumps(
            {
                "name": name,
                "owner": {"name": "Example"},
                "metadata": {"version": "2.0.0", "description": "Generated for tests"},
                "plugins": entries,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return root
