"""The rules, one module per area (a large area has a few, named after it: ``hooks``, ``hooks_matchers``, …);
``_kit`` holds the helpers they share.

Adding a rule touches one place: a decorated function in ``rules/<area>.py`` (see ``tui.core.lint.registry``)
with its doc (what, why, ``Wrong:``/``Right:``), its catalogue ids, and its fix attached where the finding is
made. Area modules never import each other; the registry imports every public module of this package.
"""
