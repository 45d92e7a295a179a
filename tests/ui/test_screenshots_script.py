"""scripts/screenshots.py works in a fresh clone (no ../shared): it builds its own marketplace, and the problems
shot shows the Problems panel, not the tree."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys

from tests.helpers import REPO


def svg_text(svg: str) -> str:
    """The text of an exported screenshot, line by line (Rich writes one <text> per styled run)."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        rows.setdefault(float(m.group(2)), []).append((float(m.group(1)), html.unescape(m.group(3))))
    lines = []
    for _y, runs in sorted(rows.items()):
        line = ""
        for x, t in sorted(runs):
            line = line.ljust(round(x / 12.2)) + t  # Rich's SVG: 12.2 px a cell
        lines.append(line.replace("\xa0", " "))
    return "\n".join(lines)


def test_screenshots_script_without_the_corpus(tmp_path):
    out = tmp_path / "shots"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("NO_COLOR", None)
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "screenshots.py"),
            "--out",
            str(out),
            "--corpus",
            str(tmp_path / "no-corpus"),
            "--only",
            "tree-agent",
            "problems",
            "marketplace",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "(marketplace: built)" in proc.stdout
    market = svg_text((out / "marketplace.svg").read_text())
    assert "example-marketplace" in market and "28 listed: 24 local, 4 remote" in market
    problems = svg_text((out / "problems.svg").read_text())
    tree = svg_text((out / "tree-agent.svg").read_text())
    # the problems shot is the Problems panel zoomed: its table and the selected problem, no tree pane
    assert "File:line" in problems and "Agent api-reviewer" in tree
    assert "1 tree" in tree and "1 tree" not in problems and "2 " not in problems.split("\n")[1]
    # the selected problem in full under the table: code, path:line:column, message
    assert re.search(r"\n [✖▲●] [A-Z]+\d+ \S+:\d+:\d+  \S", problems)
