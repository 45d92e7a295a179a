"""``plugin-tui new KIND NAME [PATH]``: scaffold a plugin or a component that passes every check."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from ..core.services.scaffold import ScaffoldError, scaffold_detailed

__all__ = ["cmd_new"]


def cmd_new(args: argparse.Namespace) -> int:
    """``plugin-tui new KIND NAME [PATH] [--event E] [--auth A] [--url U]``."""
    kind, name, path = args.kind, args.name, getattr(args, "path", ".") or "."
    opts: dict[str, Any] = {}
    for key in ("event", "auth", "url", "license", "description", "author"):
        v = getattr(args, key, None)
        if v is not None:
            opts[key] = v
    if kind == "plugin":
        # a new plugin passes every check out of the box, the directory's LICENSE requirement included
        lic = opts.get("license", "MIT")
        if str(lic).lower() == "none":
            opts.pop("license", None)
        else:
            opts["license"] = lic
    if opts.get("event") and kind != "hook":
        sys.stderr.write("plugin-tui new: --event goes with KIND hook\n")
        return 2
    if (opts.get("auth") or opts.get("url")) and kind != "mcp":
        sys.stderr.write("plugin-tui new: --auth and --url go with KIND mcp\n")
        return 2
    try:
        created, changed = scaffold_detailed(kind, name, path, **opts)
    except ScaffoldError as exc:
        sys.stderr.write(str(exc).rstrip() + "\n")
        return exc.code
    for rel in created:
        print(f"created {rel}")
    for rel in changed:
        print(f"updated {rel}")
    target = Path(path) / name if kind == "plugin" else Path(path)
    print(f"\nNext: edit the new files, then run: plugin-tui check {shlex.quote(str(target))} --profile plugin-dev")
    return 0
