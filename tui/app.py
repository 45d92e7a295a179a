"""The explorer: ``plugin-tui PATH``.

Layout: header (plugin name, version, totals) · tree (left) · detail pane (right) · bottom tabs *Problems* and
*Env* · footer with the live key hints. Loading and checking run in a thread worker (``recheck``) that posts
``CheckFinished``; the view then updates in place (tree cursor and expanded nodes are kept, by node key).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Mapping

from textual import on, work
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, TabPane, Tree
from textual.worker import get_current_worker

from .commands import PluginCommands
from .core.config import Config
from .core.diagnostics import SEVERITIES, Diagnostic
from .messages import CheckFailed, CheckFinished, JumpTo, ProjectLoaded
from .paths import stylesheet
from .screens.help import HelpScreen
from .screens.rule import RuleScreen
from .widgets.analysis_compat import env_report
from .widgets.detail import DetailPane, ViewContext
from .widgets.env import EnvPanel
from .widgets.outline import Outline, OutlineNode, build_outline
from .widgets.problems import ProblemsPanel
from .widgets.tree import PluginTree

PANES = ("tree", "detail", "bottom")


class MainScreen(Screen):
    """The default screen; ``tab`` moves between the three panes instead of every focusable widget."""

    BINDINGS = [
        Binding("tab", "app.cycle_pane(1)", "Next pane", show=False),
        Binding("shift+tab", "app.cycle_pane(-1)", "Previous pane", show=False),
    ]


def editor_command(editor: str, path: str, line: int | None) -> list[str]:
    """The argv that opens ``path`` at ``line`` in ``editor`` (``$VISUAL``/``$EDITOR`` syntax: may hold flags)."""
    argv = shlex.split(editor) or ["vi"]
    name = os.path.basename(argv[0]).lower()
    if not line:
        return [*argv, path]
    if name in ("code", "code-insiders", "codium", "cursor", "windsurf"):
        return [*argv, "--goto", f"{path}:{line}"]
    if name in ("subl", "sublime_text", "zed", "hx", "helix", "mate"):
        return [*argv, f"{path}:{line}"]
    if name in ("vi", "vim", "nvim", "view", "nano", "emacs", "emacsclient", "micro", "kak", "joe", "ne", "mg",
                "jed", "pico", "ed", "ex", "gvim", "mvim"):
        return [*argv, f"+{line}", path]
    return [*argv, path]


class PluginTUI(App[int]):
    CSS_PATH = [stylesheet("app.tcss")]
    TITLE = "plugin-tui"
    COMMANDS = App.COMMANDS | {PluginCommands}

    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("f1", "help", "Help", show=False, id="help-f1"),
        Binding("r", "recheck", "Re-check", id="recheck"),
        Binding("e", "edit", "Edit", id="edit"),
        Binding("p", "show_tab('problems')", "Problems", id="problems"),
        Binding("v", "show_tab('env')", "Env", id="env"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("x", "copy_exports", "Copy exports", show=False, id="copy-exports"),
        Binding("f", "fix_preview", "Fix", id="fix"),
        Binding("F", "fix_all", "Fix all", show=False, id="fix-all"),
        Binding("u", "undo", "Undo", show=False, id="undo"),
        Binding("w", "toggle_watch", "Watch", show=False, id="watch"),
        Binding("t", "hook_tester", "Hook tester", show=False, id="hook-tester"),
        Binding("n", "scaffold", "New", show=False, id="scaffold"),
        Binding("m", "matcher_explorer", "Matchers", show=False, id="matchers"),
    ]

    def __init__(self, path: str | os.PathLike, *, config: Config | None = None, watch: bool = True,
                 theme: str | None = "textual-dark", environ: Mapping[str, str] | None = None,
                 editor: str | None = None) -> None:
        super().__init__()
        self.root = Path(path)
        self.config = config or Config()
        self.watch_enabled = watch
        self.environ: dict[str, str] = dict(os.environ if environ is None else environ)
        self.editor = editor
        self.project: Any = None
        self.diagnostics: list[Diagnostic] = []
        self.env_report: Any = None
        self.outline: Outline | None = None
        self.last_check_ms: float | None = None
        self.checks = 0  # finished checks (tests wait on it)
        self.started = time.perf_counter()
        self.first_screen_ms: float | None = None
        self._session: Any = None
        self._first_cache: Any = None
        self._session_lock = threading.Lock()
        wanted = theme or "textual-dark"
        self._bad_theme = None
        if wanted not in self.available_themes:
            self._bad_theme, wanted = wanted, "textual-dark"
        self.theme = wanted  # explicit: TEXTUAL_THEME must not leak in (textual-notes c.3)

    # -- layout -------------------------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return MainScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◆")
        with Horizontal(id="main"):
            tree = PluginTree(id="tree")
            tree.border_title = "plugin"
            tree.loading = True
            yield tree
            detail = DetailPane(id="detail")
            detail.border_title = "detail"
            yield detail
        with TabbedContent(id="bottom", initial="problems-tab"):
            with TabPane("Problems", id="problems-tab"):
                yield ProblemsPanel(id="problems")
            with TabPane("Env", id="env-tab"):
                yield EnvPanel(id="env")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.root.resolve().name
        self.sub_title = "loading…"
        self.query_one(PluginTree).focus()
        if self._bad_theme:
            self.notify(f"Unknown theme {self._bad_theme!r}; using textual-dark.", severity="warning")
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.recheck()

    def _theme_changed(self, _theme: Any) -> None:
        self.query_one(ProblemsPanel).refresh_rows()
        self.query_one(EnvPanel).refresh_rows()
        self.query_one(PluginTree).refresh()

    # -- checking -----------------------------------------------------------------------------------------------

    def _new_session(self) -> Any:
        try:
            from .core.session import Session
        except ImportError:
            return None
        return Session(self.root, self.config, self.environ)

    @work(thread=True, exclusive=True, group="check", exit_on_error=False, description="load and check")
    def recheck(self, changed: set[str] | None = None) -> None:
        """Load and check again (only what ``changed`` touches, when given), then post ``CheckFinished``."""
        from .core.engine import check
        from .core.loader import ParseCache, load

        worker = get_current_worker()
        t0 = time.perf_counter()
        try:
            with self._session_lock:
                if worker.is_cancelled:
                    return
                if self.project is None and self._first_cache is None:
                    # first paint: show the tree as soon as the model is loaded, before the rules are imported
                    self._first_cache = ParseCache()
                    project = load(self.root, self._first_cache)
                    if not worker.is_cancelled:
                        self.post_message(ProjectLoaded(project, build_outline(project, ())))
                if self._session is None:
                    self._session = self._new_session() or False
                    if self._session and self._first_cache is not None:
                        self._session.cache = self._first_cache  # reuse the parses of the first load
                session = self._session
                if session:
                    result = session.update(changed) if changed and session.project is not None else session.full()
                    project, diags = result.project, result.diagnostics
                else:
                    project = load(self.root, self._first_cache)
                    diags = check(project, self.config, environ=self.environ)
            report = env_report(project, self.environ, self.config.env_file)
            outline = build_outline(project, diags)
        except Exception as exc:  # the root vanished, permission denied, a bug: say so, keep the old view
            if not worker.is_cancelled:
                self.post_message(CheckFailed(f"{type(exc).__name__}: {exc}"))
            return
        if worker.is_cancelled:
            return
        self.post_message(CheckFinished(project, diags, report, outline, changed=changed,
                                        elapsed=time.perf_counter() - t0))

    def on_project_loaded(self, message: ProjectLoaded) -> None:
        if self.project is not None:
            return
        self.outline = message.outline
        tree = self.query_one(PluginTree)
        tree.load(message.outline, provisional=True)
        tree.loading = False
        if self.focused is None or isinstance(self.focused, DetailPane):
            tree.focus()
        self._update_header(message.project, None)
        self._mark_first_screen()

    def on_check_finished(self, message: CheckFinished) -> None:
        self.project = message.project
        self.diagnostics = message.diagnostics
        self.env_report = message.env_report
        self.outline = message.outline
        self.last_check_ms = message.elapsed * 1000
        tree = self.query_one(PluginTree)
        tree.load(message.outline)
        if tree.loading:
            tree.loading = False
            if self.focused is None or isinstance(self.focused, DetailPane):
                tree.focus()
        self.query_one(ProblemsPanel).set_diagnostics(message.diagnostics)
        self.query_one(EnvPanel).set_report(message.env_report)
        self._show_detail(tree.cursor_key, keep_scroll=True)
        self._update_header(message.project, message.diagnostics)
        self.checks += 1
        self._mark_first_screen()

    def on_check_failed(self, message: CheckFailed) -> None:
        self.query_one(PluginTree).loading = False
        self.notify(message.error, title="Check failed", severity="error", timeout=8)

    def _mark_first_screen(self) -> None:
        if self.first_screen_ms is None:
            self.first_screen_ms = (time.perf_counter() - self.started) * 1000
            self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        """``PLUGIN_TUI_TIMING=file``: record when the first real screen was painted (wall clock and CPU)."""
        target = os.environ.get("PLUGIN_TUI_TIMING")
        if target:
            try:
                with open(target, "a", encoding="utf-8") as fh:
                    fh.write(f"first_screen wall={time.time():.3f} cpu={time.process_time():.3f} "
                             f"app_ms={(time.perf_counter() - self.started) * 1000:.0f}\n")
            except OSError:
                pass

    def _update_header(self, project: Any, diags: list[Diagnostic] | None) -> None:
        name = project.name if project is not None else self.root.name
        version = None
        if project is not None and project.kind == "plugin" and project.plugins:
            version = project.plugins[0].version
        elif project is not None and project.marketplace is not None:
            data = project.marketplace.data or {}
            meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
            v = meta.get("version") if isinstance(meta, dict) else None
            version = v if isinstance(v, str) else None
        self.title = f"{name} {'v' + version if version else ''}".strip()
        if diags is None:
            self.sub_title = "checking…"
            return
        counts = {s: 0 for s in SEVERITIES}
        for d in diags:
            counts[d.severity] = counts.get(d.severity, 0) + 1
        parts = [f"{counts['error']} error{'s' if counts['error'] != 1 else ''}",
                 f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''}",
                 f"{counts['info']} info"]
        extra = f"{len(project.plugins)} plugins · " if project is not None and project.kind == "marketplace" else ""
        self.sub_title = f"{extra}{' · '.join(parts)} · {self.config.profile}"

    # -- tree and detail ------------------------------------------------------------------------------------------

    def _ctx(self) -> ViewContext:
        return ViewContext(project=self.project, outline=self.outline, env_report=self.env_report)

    def _show_detail(self, key: str | None, keep_scroll: bool = False) -> None:
        node = self.outline.get(key) if self.outline is not None and key else None
        self.query_one(DetailPane).show(node, self._ctx(), keep_scroll=keep_scroll)

    @on(Tree.NodeHighlighted, "#tree")
    def _node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        self._show_detail(event.node.data, keep_scroll=True)

    def jump_to(self, key: str, focus: bool = True) -> bool:
        tree = self.query_one(PluginTree)
        node = tree.reveal(key)
        if node is None:
            return False
        self._show_detail(key)
        if focus:
            tree.focus()
        return True

    def on_jump_to(self, message: JumpTo) -> None:
        self.jump_to(message.key)

    @on(ProblemsPanel.Selected)
    def _problem_selected(self, event: ProblemsPanel.Selected) -> None:
        if self.outline is None:
            return
        node = self.outline.node_for(event.diagnostic)
        if node is not None:
            self.jump_to(node.key)

    @on(ProblemsPanel.Explain)
    def _problem_explain(self, event: ProblemsPanel.Explain) -> None:
        self.push_screen(RuleScreen(event.diagnostic.code, event.diagnostic))

    # -- actions ------------------------------------------------------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_recheck(self) -> None:
        self.sub_title = "checking…"
        self.recheck()

    def action_show_tab(self, which: str) -> None:
        tabs = self.query_one("#bottom", TabbedContent)
        tabs.active = f"{which}-tab"
        panel = self.query_one(ProblemsPanel) if which == "problems" else self.query_one(EnvPanel)
        panel.table.focus()

    def action_filter(self) -> None:
        tabs = self.query_one("#bottom", TabbedContent)
        panel = self.query_one(EnvPanel) if tabs.active == "env-tab" else self.query_one(ProblemsPanel)
        panel.focus_filter()

    def _pane_of(self, widget: Any) -> str | None:
        node = widget
        while node is not None:
            if getattr(node, "id", None) in PANES:
                return node.id
            node = node.parent
        return None

    def action_cycle_pane(self, step: int) -> None:
        current = self._pane_of(self.focused) if self.focused is not None else None
        i = PANES.index(current) if current in PANES else -1
        target = PANES[(i + step) % len(PANES)]
        if target == "tree":
            self.query_one(PluginTree).focus()
        elif target == "detail":
            self.query_one(DetailPane).focus()
        else:
            tabs = self.query_one("#bottom", TabbedContent)
            panel = self.query_one(EnvPanel) if tabs.active == "env-tab" else self.query_one(ProblemsPanel)
            panel.table.focus()

    def action_copy_exports(self) -> None:
        env = self.query_one(EnvPanel)
        names = env.missing_names()
        if not names:
            self.notify("No missing variables: nothing to copy.")
            return
        self.copy_to_clipboard(env.export_lines())
        self.notify(f"Copied {len(names)} export line{'s' if len(names) != 1 else ''}: {', '.join(names)}",
                    title="Clipboard")

    # -- editor -------------------------------------------------------------------------------------------------

    def _edit_target(self) -> tuple[str, int | None] | None:
        pane = self._pane_of(self.focused) if self.focused is not None else None
        if pane == "bottom":
            tabs = self.query_one("#bottom", TabbedContent)
            if tabs.active == "problems-tab":
                d = self.query_one(ProblemsPanel).current
                if d is not None and d.path:
                    return d.path, d.line
        tree = self.query_one(PluginTree)
        node = self.outline.get(tree.cursor_key) if self.outline is not None else None
        if node is None:
            return None
        return _node_location(node, self.project)

    def action_edit(self) -> None:
        target = self._edit_target()
        if target is None:
            self.notify("Nothing to open here: select a problem or a component with a file.", severity="warning")
            return
        rel, line = target
        self.open_in_editor(rel, line)

    def open_in_editor(self, rel: str, line: int | None = None) -> bool:
        path = str(self.root / rel)
        editor = self.editor or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        argv = editor_command(editor, path, line)
        try:
            with self.suspend():
                subprocess.call(argv)
        except SuspendNotSupported:
            self.notify(f"Cannot open an editor in this terminal; the file is {rel}" + (f":{line}" if line else ""),
                        severity="warning")
            return False
        except OSError as exc:
            self.notify(f"Could not run {argv[0]!r}: {exc.strerror or exc}", severity="error")
            return False
        self.recheck({rel})
        return True

    # -- profile (palette) --------------------------------------------------------------------------------------

    def switch_profile(self, profile: str) -> None:
        self.config = replace(self.config, profile=profile)
        with self._session_lock:
            self._session = None
        self.notify(f"Profile: {profile}")
        self.action_recheck()

    # -- reserved for other features: thin methods, filled in by their owners -------------------------------------

    def _not_yet(self, what: str) -> None:
        self.notify(f"{what} is not available yet.", severity="warning")

    def current_diagnostic(self) -> Diagnostic | None:
        pane = self._pane_of(self.focused) if self.focused is not None else None
        if pane == "bottom":
            return self.query_one(ProblemsPanel).current
        tree = self.query_one(PluginTree)
        node = self.outline.get(tree.cursor_key) if self.outline is not None else None
        if node is not None:
            fixable = [d for d in node.all_diags() if d.fix is not None]
            return fixable[0] if fixable else None
        return None

    def run_fix_action(self, which: str) -> None:
        """``which``: "preview" (the selected problem's fix), "all" (every safe fix) or "undo"."""
        self._not_yet({"preview": "Fix preview", "all": "Fix all", "undo": "Undo"}.get(which, "Fixing"))

    def toggle_watch(self) -> None:
        self._not_yet("Watching files")

    def open_hook_tester(self) -> None:
        self._not_yet("The hook tester")

    def open_scaffold(self) -> None:
        self._not_yet("Scaffolding")

    def open_matcher_explorer(self) -> None:
        self._not_yet("The matcher explorer")

    def action_fix_preview(self) -> None:
        self.run_fix_action("preview")

    def action_fix_all(self) -> None:
        self.run_fix_action("all")

    def action_undo(self) -> None:
        self.run_fix_action("undo")

    def action_toggle_watch(self) -> None:
        self.toggle_watch()

    def action_hook_tester(self) -> None:
        self.open_hook_tester()

    def action_scaffold(self) -> None:
        self.open_scaffold()

    def action_matcher_explorer(self) -> None:
        self.open_matcher_explorer()


def _node_location(node: OutlineNode, project: Any) -> tuple[str, int | None] | None:
    obj = node.obj
    from .core.model import Component, SourceFile

    if isinstance(obj, Component) and obj.file is not None:
        span = obj.span()
        return obj.file.rel, span.line if span is not None else None
    if isinstance(obj, SourceFile):
        return obj.rel, None
    if node.kind == "entry" and project is not None and project.marketplace is not None:
        sf = project.marketplace.file
        span = sf.key_span(obj.pointer)
        return sf.rel, span.line if span is not None else None
    if node.kind == "marketplace":
        return obj.file.rel, None
    if node.kind == "plugin" and obj.manifest is not None:
        return obj.manifest.rel, None
    if node.kind == "hook_matcher" or node.kind == "hook_event":
        for c in node.walk():
            if c.kind == "hook" and c.obj.file is not None:
                span = c.obj.file.key_span(c.obj.group_pointer if node.kind == "hook_matcher"
                                           else c.obj.config.base + (c.obj.event,))
                return c.obj.file.rel, span.line if span is not None else None
    for c in node.children:  # a group: its first item
        loc = _node_location(c, project)
        if loc is not None:
            return loc
    return None


def run_app(path: str, *, config: Config | None = None, watch: bool = True, theme: str | None = None) -> int:
    app = PluginTUI(path, config=config, watch=watch, theme=theme or "textual-dark")
    app.run()
    return app.return_code or 0
