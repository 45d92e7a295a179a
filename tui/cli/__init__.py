"""The command line: argument parsing, the headless commands and their output, exit codes.

Each command reads its arguments here and calls the engine (``tui.core``), which returns data; printing happens
only in this package (and in the explorer, ``tui.app``). ``main`` is the entry point of ``plugin-tui``.
"""

from .run import main

__all__ = ["main"]
