"""``plugin-tui new KIND NAME [PATH]``: scaffold a plugin or a component that passes every check."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from ..core.services.scaffold import ScaffoldError, scaffold_detailed, variables_to_set

__all__ = ["cmd_new"]

# which KIND each option goes with (the defaults themselves live in the core, shared with the explorer)
_OPTION_KINDS = {
    "event": ("hook", "--event"),
    "auth": ("mcp", "--auth"),
    "url": ("mcp", "--url"),
    "tools": ("agent", "--tools"),
    "license": ("plugin", "--license"),
    "description": (None, "--description"),
    "author": ("plugin", "--author"),
}


def cmd_new(args: argparse.Namespace) -> int:
    """``plugin-tui new KIND NAME [PATH] [--event E] [--auth A] [--url U] [--tools T] [--license L]``."""
    kind, name, path = args.kind, args.name, getattr(args, "path", ".") or "."
    opts: dict[str, Any] = {}
    for key, (only, flag) in _OPTION_KINDS.items():
        v = getattr(args, key, None)
        if v is None:
            continue
        if only is not None and kind != only:
            sys.stderr.write(f"plugin-tui new: {flag} goes with KIND {only}\n")
            return 2
        opts[key] = v
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
    check = f"plugin-tui check {shlex.quote(str(target))} --profile plugin-dev"
    print()
    variables = variables_to_set(kind, name, **opts)
    for var, what in variables:
        print(f"Next: export {var} in the shell that starts Claude Code ({what}); the README lists it")
    if variables:
        names = " and ".join(var for var, _ in variables)
        print(f"Next: with {names} set, edit the new files, then run: {check}")
    else:
        print(f"Next: edit the new files, then run: {check}")
    return 0
