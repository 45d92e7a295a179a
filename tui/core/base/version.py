"""Versions: plugin-tui's own, and the Claude Code release whose behaviour it follows.

``CLAUDE_CODE_VERSION`` is the release its rules, its loader and its token estimates follow: one constant, shown
by ``plugin-tui --version``, in ``check --format json`` and SARIF, in ``details`` and at the top of RULES.md. When
the rules are brought up to a newer Claude Code, this is the one line to change. ``__version__`` is read by the
build (``pyproject.toml``) too.
"""

__version__ = "0.1.0"
CLAUDE_CODE_VERSION = "2.1.332"
