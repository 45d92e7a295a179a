"""Layer 3: reading files with positions kept: JSON with pointers, YAML frontmatter the way Claude Code reads it,
the safe file walk, shell command text, and text edits computed from those positions."""
