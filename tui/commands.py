"""Command palette provider (ctrl+p): jump to a component, re-check, switch profile, run a fix, switch tabs."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

KIND_NAMES = {
    "plugin": "plugin",
    "marketplace": "marketplace",
    "entry": "marketplace entry",
    "manifest": "manifest",
    "command": "command",
    "agent": "agent",
    "skill": "skill",
    "mcp_server": "MCP server",
    "lsp_server": "LSP server",
    "hook_event": "hook event",
    "hook": "hook",
    "output_style": "output style",
    "settings_json": "settings",
    "settings_file": "settings file",
    "monitor": "monitor",
    "theme": "theme",
}


class PluginCommands(Provider):
    """Everything the explorer can do from the palette."""

    def _actions(self) -> list[tuple[str, Callable[[], Any], str]]:
        app: Any = self.app
        out: list[tuple[str, Callable[[], Any], str]] = [
            ("Re-check now", app.action_recheck, "Load and check the plugin again (r)"),
            ("Show problems", partial(app.action_show_tab, "problems"), "Problems tab (p)"),
            ("Show environment variables", partial(app.action_show_tab, "env"), "Env tab (v)"),
            ("Copy export lines for missing variables", app.action_copy_exports, "x"),
            ("Fix: preview the fix for the selected problem", partial(app.run_fix_action, "preview"), "f"),
            ("Fix: every safe fix in this file or plugin (preview first)", partial(app.run_fix_action, "all"), "F"),
            ("Fix: undo the last fix", partial(app.run_fix_action, "undo"), "u"),
            ("Watch: pause or resume watching files", app.toggle_watch, "w"),
            ("Hook tester: run the selected hook handler on a sample event", app.open_hook_tester, "t"),
            ("New: scaffold a command, agent, skill, hook, MCP server or plugin", app.open_scaffold, "n"),
            ("Matcher explorer: which hooks fire for a tool name", app.open_matcher_explorer, "m"),
            ("Keys: show every binding", app.action_help, "?"),
        ]
        if getattr(app, "installed", None) is None:
            out.append(
                (
                    "Installed plugins: what Claude Code installed for you here (~/.claude)",
                    app.open_installed,
                    "Every installed plugin, enabled or not, checked; plugin-tui --installed",
                )
            )
        try:
            from .core.base.profiles import PROFILES
        except ImportError:  # pragma: no cover
            PROFILES = ("official", "plugin-dev", "directory")
        for p in PROFILES:
            if p != app.config.profile:
                out.append((f"Switch profile: {p}", partial(app.switch_profile, p), f"Check with the {p} profile"))
        return out

    def _components(self) -> list[tuple[str, Callable[[], Any], str]]:
        app: Any = self.app
        outline = getattr(app, "outline", None)
        if outline is None:
            return []
        out = []
        for node in outline.components():
            kind = KIND_NAMES.get(node.kind)
            if kind is None:
                continue
            where = node.plugin.name if node.plugin is not None and node.kind != "plugin" else ""
            title = f"Go to {kind}: {node.label}" + (f" ({where})" if where else "")
            problems = f"{node.total} problem{'s' if node.total != 1 else ''}" if node.total else "no problems"
            out.append((title, partial(app.jump_to, node.key), problems))
        return out

    async def discover(self) -> Hits:
        for title, cb, help_ in self._actions():
            yield DiscoveryHit(title, cb, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, cb, help_ in [*self._actions(), *self._components()]:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), cb, help=help_)
