"""Layer 2: what Claude Code knows, as tables: hook events and matchers, built-in tools and variables, the rule
catalogue, JSON Schemas of its files."""
