"""Helpers the rule areas share: Markdown and frontmatter (``markdown``), JSON positions and edits (``jsonedit``), the
walk of a hooks file (``hookcfg``), hook scripts (``scripts``), plugin and marketplace names (``names``), the README's
environment section (``readme``) and credential shapes (``secrets``). Area modules import from here, never from each
other."""
