"""The bundled demo plugin: a small plugin with planted problems in every component kind."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent / "plugin"
EXECUTABLES = ("hooks/scripts/guard.sh", "bin/api-kit-status")
NOT_EXECUTABLE = ("hooks/scripts/format.sh",)  # planted: a hook script without the executable bit


def copy_demo(dest: Path | None = None) -> Path:
    """Copy the demo plugin into a fresh temp folder (or ``dest``) and return the plugin root."""
    base = Path(tempfile.mkdtemp(prefix="plugin-tui-demo-")) if dest is None else Path(dest)
    root = base / "api-kit"
    shutil.copytree(DEMO_DIR, root, dirs_exist_ok=True)
    # wheels do not keep the executable bit reliably: set it where the demo means it
    for rel in EXECUTABLES:
        p = root / rel
        if p.exists():
            p.chmod(0o755)
    for rel in NOT_EXECUTABLE:
        p = root / rel
        if p.exists():
            p.chmod(0o644)
    return root
