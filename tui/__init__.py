"""plugin-tui: explore, validate and fix Claude Code plugins."""

from .core.base.version import __version__

__all__ = ["__version__"]
