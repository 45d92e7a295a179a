"""``plugin-tui env``: every ${VAR} the plugin reads and whether it is set (values are never printed)."""

from __future__ import annotations

import argparse
import os
import sys

from ..core.model.plugin import Project
from ..core.services.envcheck import collect, render_json, render_markdown, render_text

__all__ = ["cmd_env"]


def cmd_env(args: argparse.Namespace, project: Project) -> int:
    """Exit 1 when a variable is unset or empty (text and JSON); the markdown format generates README text and
    exits 0."""
    fmt = args.format or "text"
    report = collect(project, os.environ, args.env_file)
    out = sys.stdout
    if fmt == "json":
        render_json(report, out, os.path.abspath(args.path or "."))
        if report.env_file_problem:
            sys.stderr.write(f"plugin-tui env: {report.env_file_problem}\n")
    elif fmt == "markdown":
        render_markdown(report, out)
    else:
        render_text(report, out)
    if fmt == "markdown":
        return 0  # a generator of README text: unset variables are what it documents, not a failure
    return 1 if report.missing else 0
