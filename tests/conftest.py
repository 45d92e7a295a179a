import os

import pytest

# Snapshot stability: NO_COLOR and TEXTUAL_THEME change rendering (textual-notes c.2, c.3).
os.environ.pop("NO_COLOR", None)
os.environ.pop("TEXTUAL_THEME", None)

from tests.helpers import CORPUS  # noqa: E402


def pytest_collection_modifyitems(config, items):
    if CORPUS.is_dir():
        return
    skip = pytest.mark.skip(reason="../shared/corpus is not present in this checkout")
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)
