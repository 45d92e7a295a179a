import atexit
import os
import shutil
import tempfile

import pytest

# Snapshot stability: NO_COLOR and TEXTUAL_THEME change rendering (textual-notes c.2, c.3).
os.environ.pop("NO_COLOR", None)
os.environ.pop("TEXTUAL_THEME", None)

# The result cache (tui/core/lint/cache.py) of every check the tests run, CLI subprocesses included, goes to a
# folder of this test session, never to the user's ~/.cache. Tests that study the cache pass their own folder.
_CACHE = tempfile.mkdtemp(prefix="plugin-tui-test-cache-")
os.environ["PLUGIN_TUI_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)

from tests.helpers import CORPUS  # noqa: E402


def pytest_collection_modifyitems(config, items):
    if CORPUS.is_dir():
        return
    skip = pytest.mark.skip(reason="../shared/corpus is not present in this checkout")
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)
