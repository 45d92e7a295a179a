"""The keys of an LSP server config that Claude Code 2.1.332's schema knows, in its order (suggestions for a
misspelt key pick the first of equally near ones)."""

from __future__ import annotations

LSP_KEYS = (
    "command",
    "args",
    "extensionToLanguage",
    "transport",
    "env",
    "initializationOptions",
    "settings",
    "workspaceFolder",
    "startupTimeout",
    "shutdownTimeout",
    "requestTimeout",
    "restartOnCrash",
    "maxRestarts",
    "diagnostics",
)
