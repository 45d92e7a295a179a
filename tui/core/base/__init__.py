"""Layer 1, imports nothing of ours: diagnostics and positions, fix and edit types, profiles, safe text, suggestions
("did you mean"), and the Claude Code version whose behaviour the rules follow."""
