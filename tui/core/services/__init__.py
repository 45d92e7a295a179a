"""Layer 8: what the command line and the explorer use: the env report, auth analysis, details (what Claude Code
loads), watching, reports in every format, the hook tester and scaffolding."""
