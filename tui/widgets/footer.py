"""A Footer that rebuilds its keys only when the keys it shows change, and shows only the keys that fit.

Textual's Footer recomposes (about ten FooterKey widgets, each restyled) on every ``bindings_updated_signal``,
and the explorer refreshes its bindings on every cursor move so that the fix and tool keys appear only where
they apply (``check_action``). Rebuilding at most once per refresh, and only when the visible keys differ, keeps
holding ↓ in the tree smooth and took ~0.15 s of CPU off the first screen on a 91-plugin marketplace.

Textual's Footer also lays every key out on one line and lets the ones past the edge slide under the palette
key: in an 80-column terminal half of them were cut. This one leaves out the keys that do not fit, the least
needed first (``DROP_FIRST``); ``?`` (every key) always stays.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer

# actions whose keys go first when the footer is too narrow, in this order (each also has a number key, a pane
# title, the help screen or a well-known default); the others go from the right
DROP_FIRST = ("show_tab('env')", "show_tab('problems')", "recheck", "quit", "edit", "toggle_watch")
KEEP = ("help",)


def key_cells(key_display: str, description: str) -> int:
    """Cells a FooterKey takes: `` key description `` (the padding of Textual's FooterKey)."""
    return len(key_display) + len(description) + 3


class KeysFooter(Footer):
    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._queued = False
        self._shown: tuple | None = None

    def _signature(self) -> tuple:
        try:
            active = self.screen.active_bindings
        except Exception:
            return ()
        return (
            self.size.width,
            *(
                (b.key, b.action, b.description, enabled, tooltip)
                for (_node, b, enabled, tooltip) in active.values()
                if b.show
            ),
        )

    def bindings_changed(self, screen: Any) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._queued:
            self._queued = True
            self.call_after_refresh(self._rebuild)

    def on_resize(self) -> None:
        if self._bindings_ready and not self._queued:
            self._queued = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._queued = False
        sig = self._signature()
        if sig == self._shown:
            return
        self._shown = sig
        await self.recompose()

    def fitting(self, width: int) -> list[tuple[Any, bool, str]]:
        """The (binding, enabled, tooltip) that fit in ``width`` cells beside the palette key."""
        active = self.screen.active_bindings
        seen: set[str] = set()
        keys = []
        for _node, b, enabled, tooltip in active.values():
            if b.show and b.action not in seen:  # one key per action, as Textual's Footer shows them
                seen.add(b.action)
                keys.append((b, enabled, tooltip))
        palette = 0
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            pb = active.get(self.app.COMMAND_PALETTE_BINDING)
            if pb is not None:
                palette = key_cells(self.app.get_key_display(pb[1]), pb[1].description) + 2
        room = width - palette
        cells = lambda k: key_cells(self.app.get_key_display(k[0]), k[0].description)  # noqa: E731
        drop = [a for a in DROP_FIRST] + [k[0].action for k in reversed(keys) if k[0].action not in DROP_FIRST]
        while keys and sum(cells(k) for k in keys) > room:
            victim = next((a for a in drop if a not in KEEP and any(k[0].action == a for k in keys)), None)
            if victim is None:
                break
            keys = [k for k in keys if k[0].action != victim]
        return keys

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        keep = {b.action for b, _e, _t in self.fitting(self.size.width or self.app.size.width)}
        for widget in super().compose():  # Textual's keys, less those that do not fit
            if widget.has_class("-command-palette") or getattr(widget, "action", None) in keep:
                yield widget
