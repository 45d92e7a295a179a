"""The Claude Code release whose behaviour plugin-tui follows: its rules, its loader and its token estimates.

One constant, shown by ``plugin-tui --version``, in ``check --format json`` and SARIF, in ``details`` and at the
top of RULES.md. When the rules are brought up to a newer Claude Code, this is the one line to change.
"""

CLAUDE_CODE_VERSION = "2.1.332"
