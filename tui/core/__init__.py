"""The engine of plugin-tui, in layers that import only from the layers listed before them.

``base`` (diagnostics, fix and edit types, profiles, safe text, the Claude Code version the rules follow) →
``spec`` (tables of what Claude Code knows: hook events, tools, built-in variables, the rule catalogue, schemas) →
``parse`` (positioned JSON, frontmatter, the file walk, shell text, edits computed from parser positions) →
``model`` (the plugin model, reading a source file by kind, the loader) →
``lint`` (the rule registry, the context rules get, the engine, the incremental session, configuration) →
``rules`` (one module per area, and ``rules/_kit`` of helpers they share; no area imports another) →
``fix`` (applying fixes atomically, undo, previews, the fix-until-stable loop) →
``services`` (env report, auth analysis, details, watching, reports, the hook tester, scaffolding).

Nothing here imports Textual, Rich or argparse, and nothing prints: the command line (``tui.cli``) and the
explorer (``tui.app``) are the views. The contracts are in ``pyproject.toml`` (import-linter).
"""
