"""``plugin-tui cache clean`` (remove every cached check result) and ``plugin-tui cache dir`` (print where)."""

from __future__ import annotations

import argparse
import sys


def cmd_cache(args: argparse.Namespace) -> int:
    from ..core.lint.cache import ResultCache

    cache = ResultCache()
    if args.action == "dir":
        sys.stdout.write(f"{cache.directory}\n")
        return 0
    files, size, left = cache.clean()
    sys.stdout.write(f"Removed {files} file{'' if files == 1 else 's'} ({size:,} bytes) from {cache.directory}\n")
    if left:
        sys.stderr.write(f"plugin-tui cache: {left} file{'' if left == 1 else 's'} could not be removed\n")
        return 1
    return 0
