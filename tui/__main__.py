"""Command line entry point: ``plugin-tui``.

Kept light: the headless commands never import textual; the TUI is imported only when it is opened.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from .cli import main as cli_main

    try:
        return cli_main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
