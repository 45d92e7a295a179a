"""Layer 7 (above the rules): applying fixes atomically with undo, previews as diffs, and the fix-until-stable
loop of ``check --fix``."""
