"""The rules, one module per area; ``_kit`` holds the helpers they share.

Adding a rule touches one place: a decorated function in ``rules/<area>.py`` (see ``tui.core.lint.registry``)
with its doc (what, why, ``Wrong:``/``Right:``), its catalogue ids, and its fix attached where the finding is
made. Area modules never import each other; the registry imports every public module of this package.
"""
