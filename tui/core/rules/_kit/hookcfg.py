"""Hook configurations (``hooks/hooks.json``, manifest hook files, inline maps): walking the matcher groups and the
handlers of an event map, whatever their JSON types."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model.plugin import HookConfig

__all__ = ["matcher_groups", "hook_handlers"]


def matcher_groups(cfg: HookConfig) -> Iterator[tuple[str, int, Any, tuple]]:
    """(event, group index, group, group pointer) for every group of a config's event map."""
    ev = cfg.events if isinstance(cfg.events, dict) else {}
    for event, groups in ev.items():
        if not isinstance(groups, list):
            continue
        for gi, g in enumerate(groups):
            yield event, gi, g, cfg.base + (event, gi)


def hook_handlers(cfg: HookConfig) -> Iterator[tuple[str, Any, int, Any, tuple]]:
    """(event, group, handler index, handler, handler pointer) for every handler (any JSON type)."""
    for event, gi, g, gp in matcher_groups(cfg):
        if not isinstance(g, dict) or not isinstance(g.get("hooks"), list):
            continue
        for hi, h in enumerate(g["hooks"]):
            yield event, g, hi, h, gp + ("hooks", hi)
