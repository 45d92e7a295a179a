"""plugin-tui: explore, validate and fix Claude Code plugins."""

__version__ = "0.1.0"
