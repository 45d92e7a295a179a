"""Layer 4: the plugin model (a project, its plugins and every component as Claude Code sees them), reading one
source file by kind, and the loader that builds the model the way Claude Code loads plugins."""
