"""Helpers the rule areas share: Markdown and frontmatter (``markdown``), JSON positions and edits (``jsonedit``), hook
scripts (``scripts``), plugin and marketplace names (``names``), the README's environment section (``env``) and
credential shapes (``secrets``). Area modules import from here, never from each other."""
