"""Where the stylesheets live: the packaged copy (wheel: ``tui/styles``) first, then the checkout's ``styles/``."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def stylesheet(name: str = "app.tcss") -> Path:
    packaged = Path(str(files("tui"))) / "styles" / name
    if packaged.is_file():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "styles" / name
    if checkout.is_file():
        return checkout
    raise FileNotFoundError(f"stylesheet {name!r} not found")
