"""Pilot test of the fix preview screen: enter applies, escape cancels."""

from __future__ import annotations


async def test_fix_preview_screen_enter_applies_escape_cancels():
    from textual.app import App
    from textual.widgets import Static

    from tui.screens.fix_preview import FixPreview

    results = []

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(
                FixPreview("quote the value", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n", safe=False, count=2),
                results.append,
            )

    for key, expected in (("enter", True), ("escape", False)):
        app = Host()
        async with app.run_test() as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, FixPreview)
            mark = screen.query_one("#fix-mark", Static)
            assert "UNSAFE" in str(mark.render())
            assert "2 fixes" in str(screen.query_one("#fix-title", Static).render())
            await pilot.press(key)
            await pilot.pause()
        assert results[-1] is expected
