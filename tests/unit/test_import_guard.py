"""The core, the headless CLI and the start-up helper never import textual or rich (the TUI is loaded only when
it is opened)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import tui.core

REPO = Path(__file__).resolve().parents[2]

PROBE = r"""
import importlib, io, os, pkgutil, sys, contextlib
import tui.core
names = ["tui.core"] + [m.name for m in pkgutil.walk_packages(tui.core.__path__, "tui.core.")]
for name in names:
    importlib.import_module(name)
import tui.cli
from tui.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["check", sys.argv[1]])
import tui.preload
tui.preload.payload(sys.argv[1])  # what the explorer's start-up helper process runs
leaked = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print("CODE", code)
print("LEAKED", ",".join(leaked))
"""


def test_core_modules_exist():
    names = [m.name for m in pkgutil.walk_packages(tui.core.__path__, "tui.core.")]
    assert "tui.core.model.plugin" in names and "tui.core.lint.engine" in names


def test_core_and_cli_do_not_import_textual_or_rich(tmp_path):
    plugin = tmp_path / "p"
    (plugin / ".claude-plugin").mkdir(parents=True)
    (plugin / ".claude-plugin" / "plugin.json").write_text('{"name": "p", "version": "1.0.0"}\n')
    (plugin / "commands").mkdir()
    (plugin / "commands" / "hi.md").write_text("---\ndescription: Say hi\n---\nSay hi.\n")
    res = subprocess.run(
        [sys.executable, "-c", PROBE, str(plugin)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert "CODE " in res.stdout
    leaked = res.stdout.split("LEAKED", 1)[1].strip()
    assert leaked == "", f"textual/rich imported by the core, the CLI or the helper: {leaked}"


def test_the_guard_can_fail():
    """Sanity: the probe does see textual when something imports it."""
    res = subprocess.run(
        [sys.executable, "-c", "import sys, textual; print('textual' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.stdout.strip() == "True"


def _core_sources():
    core = REPO / "tui" / "core"
    return sorted(core.rglob("*.py"))


def _output_sites(tree) -> list[tuple[int, str]]:
    import ast

    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("print", "input"):
            out.append((node.lineno, f"{node.func.id}()"))
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "sys"
            and node.attr in ("stdout", "stderr", "stdin", "exit")
        ):
            out.append((node.lineno, f"sys.{node.attr}"))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            )
            for n in names:
                if n.split(".")[0] in ("argparse", "textual", "rich"):
                    out.append((node.lineno, f"import {n}"))
    return out


def test_core_never_prints_or_parses_arguments():
    """The engine returns data: no print(), no sys.stdout/stderr/stdin/exit, no argparse anywhere in tui/core (the
    command line in tui/cli prints, and the explorer shows)."""
    import ast

    found = [
        f"{p.relative_to(REPO)}:{line}: {what}"
        for p in _core_sources()
        for line, what in _output_sites(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_print_guard_can_fail():
    import ast

    tree = ast.parse("import sys, argparse\nprint('x')\nsys.stderr.write('y')\n")
    assert sorted(w for _, w in _output_sites(tree)) == ["import argparse", "print()", "sys.stderr"]
