"""The explorer: ``plugin-tui PATH``.

Layout: header (plugin name, version, totals) · tree (left) · detail pane (right) · bottom tabs *Problems* and
*Env* · footer with the live key hints. Loading and checking run in a thread worker (``recheck``) that posts
``CheckFinished``; the view then updates in place (tree cursor and expanded nodes are kept, by node key). The
first time, it posts two earlier trees without counts: a marketplace's plugins read from its marketplace.json
(``FirstOutline``, milliseconds), then the loaded project (``ProjectLoaded``), each shown as soon as it is there.
"""

from __future__ import annotations

import asyncio
import gc
import os
import shlex
import subprocess
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, TabbedContent, TabPane, Tree
from textual.worker import get_current_worker

from .commands import PluginCommands
from .core.base.diagnostics import SEVERITIES, Diagnostic
from .core.lint.config import Config
from .messages import CheckFailed, CheckFinished, FirstOutline, JumpTo, ProjectLoaded
from .paths import stylesheet
from .widgets.detail import DetailPane, ViewContext
from .widgets.env import EnvPanel
from .widgets.footer import KeysFooter
from .widgets.outline import (
    Outline,
    OutlineNode,
    TreeFilter,
    build_outline,
    first_outline,
    load_failed,
    marketplace_counts,
    printable,
)
from .widgets.panes import pane_title
from .widgets.problems import ProblemsPanel
from .widgets.tree import PluginTree

PANES = ("tree-pane", "detail", "bottom")
MAIN_ONLY = frozenset({"fix_preview", "fix_all", "undo", "hook_tester", "scaffold", "matcher_explorer"})


class MainScreen(Screen):
    """The default screen; ``tab`` moves between the three panes instead of every focusable widget."""

    BINDINGS = [
        Binding("tab", "app.cycle_pane(1)", "Next pane", show=False),
        Binding("shift+tab", "app.cycle_pane(-1)", "Previous pane", show=False),
    ]


# how each editor family is told where to put the cursor (``$VISUAL``/``$EDITOR`` name → family). Only families whose
# command line is known are here; any other editor gets the path alone.
EDITOR_FAMILIES: dict[str, str] = {
    **dict.fromkeys(("code", "code-oss", "code-insiders", "codium", "vscodium", "cursor", "windsurf"), "vscode"),
    **dict.fromkeys(("vim", "nvim", "gvim", "mvim", "lvim", "vimx", "view", "gview", "rvim"), "vim"),
    **dict.fromkeys(
        (
            "vi",
            "nvi",
            "ex",
            "elvis",
            "joe",
            "jmacs",
            "jpico",
            "jstar",
            "rjoe",
            "ne",
            "mg",
            "jed",
            "ed",
            "pico",
            "nedit",
            "nedit-nc",
        ),
        "plus-line",
    ),
    **dict.fromkeys(("emacs", "emacsclient", "kak"), "plus-line-colon-col"),
    **dict.fromkeys(("micro",), "plus-line-colon-col"),  # micro reads path:l:c only with -parsecursor on
    **dict.fromkeys(("nano", "rnano"), "plus-line-comma-col"),
    **dict.fromkeys(("hx", "helix", "subl", "sublime_text", "sublime-text", "zed", "zeditor"), "path-line-col"),
    **dict.fromkeys(
        (
            "idea",
            "idea64",
            "pycharm",
            "charm",
            "webstorm",
            "goland",
            "clion",
            "phpstorm",
            "rubymine",
            "rider",
            "rustrover",
            "studio",
        ),
        "jetbrains",
    ),
    **dict.fromkeys(("kate", "kwrite"), "kate"),
    **dict.fromkeys(("gedit",), "plus-line-colon-col"),
    **dict.fromkeys(("mate",), "mate"),
}


def _luminance(c: Any) -> float:
    def channel(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)


def contrast(a: Any, b: Any) -> float:
    """WCAG contrast ratio of two opaque ``textual.color.Color``s (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# text colours the explorer writes on $surface (severities, statuses, titles)
TEXT_COLOURS = ("error", "warning", "success", "accent", "primary")


def light_theme_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """For a light theme: the text colours darkened until they read on the panes (WCAG AA, 4.5:1: the
    built-in light theme's warning orange is 1.6:1 on its grey), and pane borders that show."""
    from textual.color import Color

    out: dict[str, str] = {}
    surface = Color.parse(variables.get("surface", "#ffffff"))
    for name in TEXT_COLOURS:
        if name not in variables:
            continue
        colour = Color.parse(variables[name])
        for _ in range(20):
            if contrast(colour, surface) >= 4.5:
                break
            colour = colour.darken(0.05)
        out[name] = colour.hex
    foreground = Color.parse(variables.get("foreground", "#000000"))
    out["border-blurred"] = surface.blend(foreground, 0.35).hex
    return out


def editor_family(program: str) -> str | None:
    """The family of an editor program (a name or a path: ``/usr/bin/vim.basic``, ``emacs-29.1``, ``code.cmd``)."""
    import re

    name = os.path.basename(program).lower()
    name = re.sub(r"\.(exe|cmd|bat|appimage)$", "", name)
    name = re.sub(r"[.-](basic|tiny|gtk3?|nox|athena|motif|x11)$", "", name)  # Debian's vim.basic, vim-gtk3 …
    if name not in EDITOR_FAMILIES:
        name = re.sub(r"-?\d+(\.\d+)*$", "", name)  # a version suffix: emacs-29.1, emacs29
    return EDITOR_FAMILIES.get(name)


def editor_command(editor: str, path: str, line: int | None, column: int | None = None) -> list[str]:
    """The argv that opens ``path`` at ``line`` (and ``column`` where the editor takes one) in ``editor``
    (``$VISUAL``/``$EDITOR`` syntax: may hold flags). An editor of no known family gets the path alone."""
    argv = shlex.split(editor) or ["vi"]
    family = editor_family(argv[0])
    if not line or family is None:
        return [*argv, path]
    col = column if column and column > 0 else None
    if family == "vscode":
        return [*argv, "-g", f"{path}:{line}:{col}" if col else f"{path}:{line}"]
    if family == "vim":
        return [*argv, f"+call cursor({line},{col})" if col else f"+{line}", path]
    if family == "plus-line-colon-col":
        return [*argv, f"+{line}:{col}" if col else f"+{line}", path]
    if family == "plus-line-comma-col":
        return [*argv, f"+{line},{col}" if col else f"+{line}", path]
    if family == "path-line-col":
        return [*argv, f"{path}:{line}:{col}" if col else f"{path}:{line}"]
    if family == "jetbrains":
        return [*argv, "--line", str(line), *(("--column", str(col)) if col else ()), path]
    if family == "kate":
        return [*argv, "-l", str(line), *(("-c", str(col)) if col else ()), path]
    if family == "mate":
        return [*argv, "-l", str(line), path]
    return [*argv, f"+{line}", path]  # plus-line


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
        Binding("z", "zoom", "Zoom", show=False, id="zoom"),
        Binding("1", "focus_pane('tree')", "Tree", show=False, id="pane-tree"),
        Binding("2", "focus_pane('detail')", "Detail", show=False, id="pane-detail"),
        Binding("3", "focus_pane('problems')", "Problems", show=False, id="pane-problems"),
        Binding("4", "focus_pane('env')", "Env", show=False, id="pane-env"),
        Binding("x", "copy_exports", "Copy exports", show=False, id="copy-exports"),
        Binding("f", "fix_preview", "Fix", id="fix"),
        Binding("F", "fix_all", "Fix all", id="fix-all"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("w", "toggle_watch", "Watch", show=False, id="watch"),
        Binding("t", "hook_tester", "Test hook", id="hook-tester"),
        Binding("n", "scaffold", "New", show=False, id="scaffold"),
        Binding("m", "matcher_explorer", "Matchers", show=False, id="matchers"),
    ]

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        config: Config | None = None,
        watch: bool = True,
        theme: str | None = "textual-dark",
        environ: Mapping[str, str] | None = None,
        editor: str | None = None,
        preload: Any = None,
        demo: bool = False,
        installed: Any = None,
    ) -> None:
        self._demo_note = ""  # before super().__init__, which sets sub_title
        super().__init__()
        # ``installed``: a ``tui.core.services.installed.Installed``: the explorer shows what Claude Code installed
        # (its plugins folder is the root, the installed copies its plugins) and offers no fix there
        self.installed = installed
        if installed is not None:
            path = installed.root
        if demo:  # the temp copy --demo opened: its path stays in the header (it is removed on exit unless changed)
            self._demo_note = f"demo copy: {Path(path)}"
            self.sub_title = self.sub_title
        self._preload = preload  # a ``tui.preload.Preload`` loading the project in a helper process, or None
        self._preload_job = preload  # kept after it is taken, to stop it if the app ends first
        self._preload_lock = threading.Lock()
        self._first_shown = threading.Event()  # the first tree (``first_outline``) is drawn
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
        self._gc_frozen = False
        self._session_lock = threading.Lock()
        self._pending_lock = threading.Lock()
        self._pending: set[str] = set()
        self._pending_full = False
        self._undo_stack: Any = None
        self.watching = False  # the watcher runs (set on mount unless watch=False)
        self.watch_paused = False
        self.watch_events = 0  # change batches seen (tests wait on it)
        self._held: set[str] = set()  # changes seen while paused
        self._held_full = False  # the root came back while paused: everything is checked on resume
        self.root_missing: Path | None = None  # the watcher lost the root: the parent it watches meanwhile
        self.stale: str | None = None  # why what is shown no longer describes the disk ("root missing" …)
        self._stop_watch = asyncio.Event()
        self._last_stamp = ""
        self._select_after: list[str] | None = None
        wanted = theme or "textual-dark"
        self._bad_theme = None
        if wanted not in self.available_themes:
            self._bad_theme, wanted = wanted, "textual-dark"
        self.theme = wanted  # explicit: TEXTUAL_THEME must not leak in (textual-notes c.3)

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        if not self.current_theme.dark:
            variables = {**variables, **light_theme_variables(variables)}
            self.theme_variables = variables
        return variables

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is plain text: they quote paths, names and errors (``skills/[slug]/SKILL.md``),
        which Textual would read as markup (a ``[/]`` in one raised); control characters are written out."""
        super().notify(
            printable(message, keep="\n"), title=printable(title), severity=severity, timeout=timeout, markup=False
        )

    def validate_title(self, value: str) -> str:
        """A name from a file (the marketplace's, a plugin's) is shown, never sent to the terminal as a command."""
        return printable(value)

    def validate_sub_title(self, value: str) -> str:
        """Every header subtitle (totals, "checking…", "stale: …") ends with the demo copy's path, if any (last: a
        long path is what gets cut in a narrow terminal, not the totals)."""
        value = printable(value)
        note = printable(getattr(self, "_demo_note", ""))
        if note and not value.endswith(note):
            return f"{value} · {note}" if value else note
        return value

    # -- layout -------------------------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return MainScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="◆")
        with Horizontal(id="main"):
            with Vertical(id="tree-pane") as pane:  # the box: the filter box (when used) above the tree
                pane.border_title = pane_title(1, "tree")
                yield Input(placeholder="/ filter by name (esc clears)", id="tree-filter")
                # a static placeholder, not ``loading = True``: the animated LoadingIndicator repaints ~60 times
                # a second and competes (GIL) with the loader thread, which made the first screen ~0.3 s slower
                yield PluginTree(id="tree")
            detail = DetailPane(id="detail")
            detail.border_title = pane_title(2, "detail")
            yield detail
        with TabbedContent(id="bottom", initial="problems-tab"):
            with TabPane(pane_title(3, "Problems"), id="problems-tab"):
                yield ProblemsPanel(id="problems")
            with TabPane(pane_title(4, "Env"), id="env-tab"):
                yield EnvPanel(id="env")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "installed plugins" if self.installed is not None else self.root.resolve().name
        self.sub_title = "loading…"
        self.query_one(PluginTree).focus()
        if self._bad_theme:
            self.notify(f"Unknown theme {self._bad_theme!r}; using textual-dark.", severity="warning")
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.watch_enabled:
            self.watching = True
            self.watch_files()  # started before the first check, so no save made meanwhile is lost
        self._update_status()
        if self._show_ready_preload():
            # the tree is there: paint it first, then start the checks (importing the rules in a worker
            # competes with that first layout for the GIL)
            self.call_after_refresh(self.recheck)
        else:
            self.recheck()

    def _show_ready_preload(self) -> bool:
        """When the helper process has already loaded the project, build the tree now: the first frame is then
        the real screen, instead of an empty one repainted once a worker has unpickled the model while
        competing with that first layout for the GIL."""
        if self._preload is None or not self._preload.done():
            return False
        loaded = self._take_preload()
        if loaded is None:
            return False
        project, self._first_cache, outline = loaded
        self._freeze_gc()
        self.on_project_loaded(ProjectLoaded(project, outline))
        return True

    def _freeze_gc(self) -> None:
        """Keep the just-loaded model out of the cyclic collector until the first check is done.

        A big marketplace is ~10^5 objects; every full collection during start-up (Textual allocates a lot
        while it lays out the first screen) traversed them all: ~40 ms of the first paint. They live at least
        until the first check, so freezing them costs nothing; ``on_check_finished`` unfreezes.
        """
        gc.freeze()  # again when already frozen: adds the objects made since
        self._gc_frozen = True

    def _theme_changed(self, _theme: Any) -> None:
        self.query_one(ProblemsPanel).refresh_rows()
        self.query_one(EnvPanel).refresh_rows()
        self.query_one(PluginTree).refresh()

    # -- checking -----------------------------------------------------------------------------------------------

    @property
    def undo_stack(self) -> Any:
        """The applied fixes, newest last (``u`` undoes them one by one)."""
        if self._undo_stack is None:
            from .core.fix.apply import UndoStack

            self._undo_stack = UndoStack()
        return self._undo_stack

    def _new_session(self) -> Any:
        from .core.lint.session import Session

        return Session(
            self.root, self.config, self.environ, loader=self.installed.load if self.installed is not None else None
        )

    def recheck(self, changed: Iterable[str] | None = None) -> None:
        """Check again: only what ``changed`` (paths relative to the root) touches, or everything when None.

        Requests made while a check runs are merged and served by the next run, so no change is ever lost to
        the exclusive worker cancelling a run that had not started yet.
        """
        with self._pending_lock:
            if changed is None:
                self._pending_full = True
            else:
                self._pending.update(changed)
        self._check_worker()

    def _take_pending(self) -> tuple[bool, set[str]]:
        with self._pending_lock:
            full, changed = self._pending_full, self._pending
            self._pending_full, self._pending = False, set()
        return full, changed

    @work(thread=True, exclusive=True, group="check", exit_on_error=False, description="load and check")
    def _check_worker(self) -> None:
        """Load and check (incrementally when possible), then post ``CheckFinished``."""
        from .core.model.loader import load
        from .core.model.source import ParseCache

        worker = get_current_worker()
        try:
            with self._session_lock:
                t0 = time.perf_counter()
                if worker.is_cancelled:
                    return  # a newer run serves the pending requests
                full, changed = self._take_pending()
                if not full and not changed:
                    return  # an earlier run already served this request
                if self.project is None and self._first_cache is None:
                    if self.outline is None and self.installed is None:
                        self._show_first_outline(worker)
                    # first paint: show the tree as soon as the model is loaded, before the rules are imported
                    preloaded = self._take_preload()
                    if worker.is_cancelled:
                        return  # the app is closing
                    if preloaded is not None:
                        project, self._first_cache, outline = preloaded
                    else:
                        self._first_cache = ParseCache()
                        loader = self.installed.load if self.installed is not None else load
                        project = loader(self.root, self._first_cache)
                        outline = build_outline(project, ())
                    if not worker.is_cancelled:
                        self._freeze_gc()
                        self.post_message(ProjectLoaded(project, outline))
                if self._session is None:
                    self._session = self._new_session()
                    if self._first_cache is not None:
                        self._session.cache = self._first_cache  # reuse the parses of the first load
                    full = True
                session = self._session
                try:
                    if full or session.project is None:
                        result = session.full()
                    else:
                        result = session.update(changed)
                except Exception:
                    with self._pending_lock:  # keep the request for the next run (the root may come back)
                        if full:
                            self._pending_full = True
                        self._pending |= changed
                    raise
                project, diags = result.project, result.diagnostics
                if self.installed is not None:  # nothing under ~/.claude is written: no fix is offered there
                    from .core.services.installed import read_only

                    diags = read_only(diags)
                from .core.services.envcheck import collect

                report = collect(project, self.environ, self.config.env_file)
                outline = build_outline(project, diags, _details(project, self.environ, self.config.env_file))
                # posted under the lock: results arrive in the order the checks ran
                self.post_message(
                    CheckFinished(
                        project,
                        diags,
                        report,
                        outline,
                        changed=None if full else changed,
                        elapsed=time.perf_counter() - t0,
                    )
                )
        except Exception as exc:  # the root vanished, permission denied, a bug: say so, keep the old view
            self.post_message(CheckFailed(f"{type(exc).__name__}: {exc}"))

    def _show_first_outline(self, worker: Any) -> None:
        """A marketplace's plugins as its marketplace.json lists them (milliseconds; loading them all takes a
        second at 1,000 plugins): drawn first, then the load starts, so the two do not share the GIL meanwhile."""
        outline = first_outline(self.root)
        if outline is None or worker.is_cancelled:
            return
        self.post_message(FirstOutline(outline, self._first_shown))
        self._first_shown.wait(2.0)  # at worst the load starts while it is drawn

    def _swap_preload(self) -> Any:
        with self._preload_lock:  # taken once: by the mount, the check worker or the unmount
            preload, self._preload = self._preload, None
        return preload

    def _take_preload(self) -> Any:
        """The helper process's ``(project, cache, outline)``, or None (no helper, or it failed)."""
        preload = self._swap_preload()
        return preload.result() if preload is not None else None

    def on_first_outline(self, message: FirstOutline) -> None:
        if self.outline is None:  # (the loaded project is there already: nothing to draft)
            self.outline = message.outline
            tree = self.query_one(PluginTree)
            tree.load(message.outline, provisional=True)
            if self.focused is None or isinstance(self.focused, DetailPane):
                tree.focus()
            self.title = message.outline.root.label
            self._mark_first_screen()
        self.call_after_refresh(message.shown.set)

    def on_project_loaded(self, message: ProjectLoaded) -> None:
        if self.project is not None:
            return
        self.outline = message.outline
        tree = self.query_one(PluginTree)
        tree.load(message.outline, provisional=True)
        if self.focused is None or isinstance(self.focused, DetailPane):
            tree.focus()
        self._update_header(message.project, None)
        self._mark_first_screen()

    def _unfreeze_gc(self) -> None:
        if self._gc_frozen:
            self._gc_frozen = False
            gc.unfreeze()  # the first model may be garbage now: let the collector see it again

    def on_check_finished(self, message: CheckFinished) -> None:
        self._unfreeze_gc()
        self.project = message.project
        self.diagnostics = message.diagnostics
        self.env_report = message.env_report
        self.outline = message.outline
        self.last_check_ms = message.elapsed * 1000
        tree = self.query_one(PluginTree)
        tree.load(message.outline)
        if self.focused is None or isinstance(self.focused, DetailPane):
            tree.focus()
        self.query_one(ProblemsPanel).set_diagnostics(message.diagnostics)
        self.query_one(EnvPanel).set_report(message.env_report)
        self._show_detail(tree.cursor_key, keep_scroll=True)
        self._update_header(message.project, message.diagnostics)
        self._last_stamp = self._status_stamp(self.last_check_ms)
        if self.root_missing is None and self.root.is_dir():
            self._set_stale(None)  # a check of the folder as it is now: nothing shown is stale any more
        else:
            self._set_stale(self.stale or "root missing")  # a check that ran while the folder was going away
        self._update_status()
        self.checks += 1
        if self._select_after:
            self._select_created()
        self._refresh_keys()
        self._mark_first_screen()

    def on_check_failed(self, message: CheckFailed) -> None:
        if self.project is None and self.outline is not None and load_failed(self.outline):
            self.query_one(PluginTree).refresh()  # the first tree's root no longer says "loading…"
            self._show_detail(self.query_one(PluginTree).cursor_key, keep_scroll=True)
        if not self.root.is_dir():
            if self.stale != "root missing":
                self._say_root_missing()
            self._set_stale("root missing")
            return
        self._set_stale("last check failed")
        self.notify(
            message.error + ". What is shown is from the last check that worked.",
            title="Check failed",
            severity="error",
            timeout=8,
        )

    # -- stale content (the root went away, a check failed) ----------------------------------------------------

    def _say_root_missing(self) -> None:
        if self.watching:
            where = self.root_missing or self.root.parent
            how = f"Watching {where} until it is back; then everything is checked again."
        else:
            how = "Press r when it is back."
        self.notify(
            f"{self.root} is gone (a branch switch, a re-clone?): what is shown is stale. {how}",
            title="Folder gone",
            severity="warning",
            timeout=8,
        )

    def _set_stale(self, why: str | None) -> None:
        """Mark (or unmark) the tree, detail and bottom panes as no longer describing what is on disk."""
        if why == self.stale:
            return
        self.stale = why
        if not self.is_mounted:
            return
        main = self.screen_stack[0] if self.screen_stack else self.screen
        for pane in main.query("#main, #bottom"):
            pane.set_class(why is not None, "stale")
        main.query_one(DetailPane).set_stale(why is not None)
        self._update_tree_title()
        if why:
            self.sub_title = f"stale: {why}"
        elif self.project is not None:
            self._update_header(self.project, self.diagnostics)
        self._update_status()
        self._refresh_keys()

    def _root_gone(self, watching: Path) -> None:
        """The watcher lost the root folder: say so once, mark what is shown as stale."""
        self.root_missing = watching
        if self.stale != "root missing":
            self._say_root_missing()
        self._set_stale("root missing")
        self._update_status()

    def _root_back(self) -> None:
        """The root folder is there again (watched again): check everything, or hold that while paused."""
        self.root_missing = None
        if self.watch_paused:
            self._held_full = True
            self._update_status()
            return
        self.notify(f"{self.root} is back: checking everything again.", title="Folder back")
        self.sub_title = "checking…"
        self.recheck()
        self._update_status()

    def _mark_first_screen(self) -> None:
        """When the first real screen (a loaded tree) was ready, in ms since the app was made; the start-up as
        a user sees it, from the spawn to the drawn tree, is measured by ``tests/bench/first_screen.py``."""
        if self.first_screen_ms is None:
            self.first_screen_ms = (time.perf_counter() - self.started) * 1000

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
        self.sub_title = self._header_subtitle(project, diags)

    def _header_subtitle(self, project: Any, diags: list[Diagnostic]) -> str:
        """Totals for the header, as long as they fit the terminal: the severities shrink to ``✖1 ▲2 ●3``, then
        the default profile and the count of unlisted folders go (the tree root and the detail pane keep the
        whole count; a marketplace's listed/local/remote numbers are never shortened)."""
        counts = {s: 0 for s in SEVERITIES}
        for d in diags:
            counts[d.severity] = counts.get(d.severity, 0) + 1
        long_sev = " · ".join(
            [
                f"{counts['error']} error{'s' if counts['error'] != 1 else ''}",
                f"{counts['warning']} warning{'s' if counts['warning'] != 1 else ''}",
                f"{counts['info']} info",
            ]
        )
        short_sev = f"✖{counts['error']} ▲{counts['warning']} ●{counts['info']}"
        mc = marketplace_counts(project) if project is not None else None
        stale = [f"stale: {self.stale}"] if self.stale else []
        if mc is not None:
            plugins, listed_only = [mc.text()], [replace(mc, unlisted=0).text()]
        elif project is not None and getattr(project, "installed", None) is not None:
            plugins = listed_only = [f"{len(project.plugins)} plugins"]  # what Claude Code installed here
        else:
            plugins = listed_only = []
        profile = [self.config.profile]
        non_default = [] if self.config.profile == "official" else profile
        room = self.size.width - 4 - len(self.title) - 3  # the icon's column and " — " (see app.tcss)
        candidates = [
            stale + plugins + [long_sev] + profile,
            stale + plugins + [short_sev] + profile,
            stale + plugins + [short_sev] + non_default,
            stale + listed_only + [short_sev] + non_default,
        ]
        for parts in candidates:
            text = " · ".join(parts)
            if len(text) <= room:
                return text
        return " · ".join(candidates[-1])

    def on_resize(self, event: Any) -> None:
        for screen in self.screen_stack[:1]:
            screen.set_class(self.size.height < 30, "-short")  # see app.tcss
        if self.project is not None and self.stale is None:
            self._update_header(self.project, self.diagnostics)

    # -- tree and detail ------------------------------------------------------------------------------------------

    def _ctx(self) -> ViewContext:
        return ViewContext(project=self.project, outline=self.outline, env_report=self.env_report)

    def _show_detail(self, key: str | None, keep_scroll: bool = False) -> None:
        node = self.outline.get(key) if self.outline is not None and key else None
        panes = self.screen_stack[0].query(DetailPane) if self.screen_stack else ()
        for pane in panes:  # none while the app closes
            pane.show(node, self._ctx(), keep_scroll=keep_scroll)

    @on(Tree.NodeHighlighted, "#tree")
    def _node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        if event.node is not event.control.cursor_node:
            # a stale highlight (it bubbles up through every container, and a reload can overtake it: the
            # "loading…" root's first highlight used to blank the detail pane after the first check)
            return
        self._show_detail(event.node.data, keep_scroll=True)
        self._refresh_keys()

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
        from .screens.rule import RuleScreen

        self.push_screen(RuleScreen(event.diagnostic.code, event.diagnostic))

    # -- actions ------------------------------------------------------------------------------------------------

    def _refresh_keys(self) -> None:
        """Re-evaluate ``check_action`` so the footer shows only the keys that apply (no-op while closing)."""
        if self.is_running and self.screen_stack:
            self.refresh_bindings()

    @on(ProblemsPanel.Highlighted)
    def _problem_highlighted(self, event: Any) -> None:
        self._refresh_keys()

    def action_help(self) -> None:
        from .screens.help import HelpScreen

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
        """``/``: in the Problems or Env panel, filter that panel; elsewhere, filter the tree by name."""
        if self._pane_of(self.focused) == "bottom":
            tabs = self.query_one("#bottom", TabbedContent)
            panel = self.query_one(EnvPanel) if tabs.active == "env-tab" else self.query_one(ProblemsPanel)
            panel.focus_filter()
            return
        self.open_tree_filter()

    def open_tree_filter(self) -> None:
        self._show_tree_filter(True)
        self.query_one("#tree-filter", Input).focus()

    def action_zoom(self) -> None:
        """``z``: the focused pane fills the screen (the Problems or Env tabs, the tree, the detail); again: back."""
        screen = self.screen
        if screen.maximized is not None:
            screen.minimize()
        elif self.focused is not None:
            screen.maximize(self.focused)

    def action_focus_pane(self, which: str) -> None:
        """The number keys: 1 tree, 2 detail, 3 Problems, 4 Env."""
        if which == "tree":
            self.query_one(PluginTree).focus()
        elif which == "detail":
            self.query_one(DetailPane).focus()
        else:
            self.action_show_tab(which)

    # -- the tree's filter (/, P, L) ----------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[Any]:
        """The palette (ctrl+p) offers the tree's filter and toggles too, with their keys."""
        from textual.app import SystemCommand

        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        tree = screen.query_one(PluginTree)
        on = "on" if tree.filter.only_problems else "off"
        yield SystemCommand("Tree: filter by name", "Type to narrow the tree; esc clears it (/)", self.open_tree_filter)
        yield SystemCommand(
            f"Tree: only items with problems ({on})",
            "Show or hide the items without problems (P)",
            tree.action_toggle_only_problems,
        )
        if tree.check_action("toggle_local_only", ()):
            on = "on" if tree.filter.local_only else "off"
            yield SystemCommand(
                f"Tree: local plugins only ({on})",
                "Show or hide the marketplace's entries fetched from git, GitHub or a URL (L)",
                tree.action_toggle_local_only,
            )

    def _show_tree_filter(self, show: bool) -> None:
        self.query_one("#tree-pane").set_class(show, "-filtering")

    @on(Input.Changed, "#tree-filter")
    def _tree_filter_changed(self, event: Input.Changed) -> None:
        tree = self.query_one(PluginTree)
        f = tree.filter
        tree.set_filter(TreeFilter(event.value, f.only_problems, f.local_only))

    @on(Input.Submitted, "#tree-filter")
    def _tree_filter_submitted(self, event: Input.Submitted) -> None:
        self.query_one(PluginTree).focus()

    def clear_tree_filter(self) -> None:
        """Esc: the name filter goes, the cursor stays on the node it was on (now shown in the whole tree)."""
        box = self.query_one("#tree-filter", Input)
        if box.value:
            box.value = ""  # Input.Changed clears the tree's filter
        else:
            tree = self.query_one(PluginTree)
            f = tree.filter
            tree.set_filter(TreeFilter("", f.only_problems, f.local_only))
        self._show_tree_filter(False)
        self.query_one(PluginTree).focus()

    def on_key(self, event: Any) -> None:
        """Esc or ↓ in the tree's filter box goes back to the tree (Esc also clears the filter)."""
        if self.focused is None or getattr(self.focused, "id", None) != "tree-filter":
            return
        if event.key == "escape":
            event.stop()
            self.clear_tree_filter()
        elif event.key in ("down", "up"):
            event.stop()
            tree = self.query_one(PluginTree)
            tree.focus()
            tree.action_cursor_down() if event.key == "down" else tree.action_cursor_up()

    @on(PluginTree.FilterChanged)
    def _tree_filter_shown(self, event: PluginTree.FilterChanged) -> None:
        tree = self.query_one(PluginTree)
        if not tree.filter.text and not self.query_one("#tree-filter", Input).has_focus:
            self.query_one("#tree-filter", Input).value = ""
            self._show_tree_filter(False)
        self._update_tree_title()
        self._refresh_keys()

    def _update_tree_title(self) -> None:
        """``1 tree``, then what hides nodes: ``· /word 3 found``, ``· problems only``, ``· local only``."""
        if not self.is_mounted:
            return
        from .widgets.wrap import escape

        main = self.screen_stack[0] if self.screen_stack else self.screen
        tree = main.query_one(PluginTree)
        parts = [pane_title(1, "tree")]
        if self.stale:
            parts.append("stale")
        f = tree.filter
        if f.text.strip():
            found = tree.shown_count[0]
            parts.append(
                f"/{escape(f.text.strip())} [b]{found}[/b] found"
                if found
                else f"/{escape(f.text.strip())} [$text-error]none found[/]"
            )
        if f.only_problems:
            parts.append("problems only")
        if f.local_only:
            parts.append("local only")
        main.query_one("#tree-pane").border_title = " · ".join(parts)

    def _pane_of(self, widget: Any) -> str | None:
        """The pane ("tree-pane", "detail" or "bottom") that holds ``widget``."""
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
        if target == "tree-pane":
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
        self._copy_exports(env.export_lines(), names)

    @work(thread=True, exclusive=True, group="clipboard", exit_on_error=False, description="copy export lines")
    def _copy_exports(self, text: str, names: list[str]) -> None:
        from .screens.copy_lines import copy_with_tool

        tool = copy_with_tool(text)  # a clipboard program on PATH, if any works here (it may take a moment)
        self.call_from_thread(self._exports_copied, text, names, tool)

    def _exports_copied(self, text: str, names: list[str], tool: str | None) -> None:
        """Say what really happened: copied by a clipboard program, or only sent by OSC 52 (then shown too)."""
        what = f"{len(names)} export line{'s' if len(names) != 1 else ''}"
        if tool is not None:
            self.notify(f"Copied {what} with {tool}: {', '.join(names)}", title="Clipboard")
            return
        from .screens.copy_lines import CopyLines

        self.copy_to_clipboard(text)  # OSC 52: the terminal may or may not take it, and does not say
        self.notify(
            f"Sent {what} to the terminal's clipboard (OSC 52): {', '.join(names)}. No clipboard program "
            "here, so they are shown to select as well.",
            title="Clipboard",
        )
        self.push_screen(
            CopyLines(
                f"Export lines for {len(names)} missing variable{'s' if len(names) != 1 else ''}",
                text,
                "No wl-copy, xclip, xsel or pbcopy worked here, so these lines were only "
                "sent to the terminal's clipboard (OSC 52), which many terminals, and tmux by "
                "default, ignore. Select them here and copy them with your terminal.",
            )
        )

    # -- editor -------------------------------------------------------------------------------------------------

    def _edit_target(self) -> tuple[str, int | None, int | None] | None:
        """Where ``e`` opens: (path, line, column) of the selected problem, else of the tree item."""
        pane = self._pane_of(self.focused) if self.focused is not None else None
        if pane == "bottom":
            tabs = self.query_one("#bottom", TabbedContent)
            if tabs.active == "problems-tab":
                d = self.query_one(ProblemsPanel).current
                if d is not None and d.path:
                    return d.path, d.line, d.column
        tree = self.query_one(PluginTree)
        node = self.outline.get(tree.cursor_key) if self.outline is not None else None
        if node is None:
            return None
        loc = _node_location(node, self.project)
        if loc is None:
            return None
        from .core.model.plugin import Component

        span = node.obj.span() if isinstance(node.obj, Component) and node.obj.file is not None else None
        return loc[0], loc[1], span.column if span is not None and span.line == loc[1] else None

    def action_edit(self) -> None:
        target = self._edit_target()
        if target is None:
            self.notify("Nothing to open here: select a problem or a component with a file.", severity="warning")
            return
        rel, line, column = target
        self.open_in_editor(rel, line, column)

    def open_in_editor(self, rel: str, line: int | None = None, column: int | None = None) -> bool:
        path = str(self.root / rel)
        editor = self.editor or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        argv = editor_command(editor, path, line, column)
        try:
            with self.suspend():
                subprocess.call(argv)
        except SuspendNotSupported:
            self.notify(
                f"Cannot open an editor in this terminal; the file is {rel}" + (f":{line}" if line else ""),
                severity="warning",
            )
            return False
        except OSError as exc:
            self.notify(f"Could not run {argv[0]!r}: {exc.strerror or exc}", severity="error")
            return False
        self.recheck({rel})
        return True

    # -- the installed plugins (palette) -------------------------------------------------------------------------

    def open_installed(self) -> None:
        """Show what Claude Code installed for this user and project instead of the folder opened (``--installed``)."""
        from .core.services.installed import InstalledError, locate

        try:
            installed = locate(self.environ)
        except InstalledError as exc:
            self.notify(str(exc), title="Installed plugins", severity="warning", timeout=8)
            return
        self.installed = installed
        self.root = installed.root
        self._session = None  # a running check finishes on the old root; the next one reads the new
        self._first_cache = None
        self._undo_stack = None
        self.project = None
        self.root_missing = None
        self._set_stale(None)
        if self.watching:
            self._stop_watch.set()
            self._stop_watch = asyncio.Event()
            self.watch_files()
        self.title, self.sub_title = "installed plugins", "loading…"
        self.recheck()

    # -- profile (palette) --------------------------------------------------------------------------------------

    def switch_profile(self, profile: str) -> None:
        self.config = replace(self.config, profile=profile)
        with self._session_lock:
            self._session = None
        self.notify(f"Profile: {profile}")
        self.action_recheck()

    # -- fixes (f, F, u) ----------------------------------------------------------------------------------------

    def current_diagnostic(self) -> Diagnostic | None:
        """The problem ``f`` fixes: the Problems row under the cursor, or the first fixable problem of the tree
        item under the cursor."""
        pane = self._pane_of(self.focused) if self.focused is not None else None
        if pane == "bottom":
            tabs = self.query_one("#bottom", TabbedContent)
            if tabs.active == "problems-tab":
                return self.query_one(ProblemsPanel).current
            return None
        node = self._cursor_node()
        if node is not None:
            return next((d for d in node.all_diags() if d.fix is not None), None)
        return None

    def _cursor_node(self) -> OutlineNode | None:
        if self.outline is None:
            return None
        return self.outline.get(self.query_one(PluginTree).cursor_key)

    def fix_scope(self) -> tuple[str, list[Diagnostic]]:
        """What ``F`` fixes: the current problem's file (Problems panel), else the file or plugin of the tree
        item under the cursor; returns a description and the diagnostics with a safe fix that needs no choice."""
        from .core.fix.loop import select_fixes

        pane = self._pane_of(self.focused) if self.focused is not None else None
        d = self.query_one(ProblemsPanel).current if pane == "bottom" else None
        if d is not None and d.path:
            return d.path, select_fixes(x for x in self.diagnostics if x.path == d.path)
        node = self._cursor_node()
        if node is None:
            return "", []
        if node.kind == "plugin" or node.plugin is None or node.kind in ("group", "marketplace", "note"):
            what = (
                node.label
                if node.kind in ("plugin", "marketplace")
                else (f"{node.plugin.name}: {node.label}" if node.plugin is not None else node.label)
            )
            return what, select_fixes(node.all_diags())
        loc = _node_location(node, self.project)
        if loc is not None:
            return loc[0], select_fixes(x for x in self.diagnostics if x.path == loc[0])
        return node.label, select_fixes(node.all_diags())

    def run_fix_action(self, which: str) -> None:
        """``which``: "preview" (the selected problem's fix), "all" (every safe fix) or "undo"."""
        {"preview": self.action_fix_preview, "all": self.action_fix_all, "undo": self.action_undo}[which]()

    def action_fix_preview(self) -> None:
        d = self.current_diagnostic()
        if d is None or d.fix is None:
            self.notify("No fix for this problem.", severity="warning")
            return
        from .core.fix.apply import preview

        diff = preview(d.fix, self.root)
        self._push_preview(d.fix.title, diff, d.fix.safe, [d])

    def action_fix_all(self) -> None:
        what, diags = self.fix_scope()
        if not diags:
            self.notify("No safe fixes here.", severity="warning")
            return
        from .core.fix.apply import preview_many

        diff = preview_many(diags, self.root)
        self._push_preview(f"Safe fixes in {what}", diff, True, diags)

    def _push_preview(self, title: str, diff: str, safe: bool, diags: list[Diagnostic]) -> None:
        from .screens.fix_preview import FixPreview

        if diff.startswith("# cannot apply") and "\ndiff --git" not in diff:
            self._stale("The file changed on disk since it was checked", [d.path for d in diags if d.path])
            return

        def done(ok: bool | None) -> None:
            if ok:
                self._apply(diags, title)

        self.push_screen(FixPreview(title, diff, safe, count=len(diags)), done)

    def _stale(self, why: str, paths: list[str]) -> None:
        self.notify(f"{why}: not fixed. Checking again; then fix again.", title="Fix refused", severity="warning")
        self.recheck(paths or None)

    def _apply(self, diags: list[Diagnostic], title: str) -> None:
        from .core.fix.apply import FixError, StaleFileError, apply_fix, apply_fixes

        try:
            if len(diags) == 1:
                record = apply_fix(diags[0].fix, self.root)
                skipped: list = []
            else:
                res = apply_fixes(diags, self.root, title=title)
                record, skipped = res.record, res.skipped
        except StaleFileError as exc:
            self._stale(str(exc), [d.path for d in diags if d.path])
            return
        except FixError as exc:
            self.notify(str(exc), title="Fix failed", severity="error")
            return
        if record is None or not record.files:
            self.notify("Nothing was changed" + (f": {skipped[0][1]}" if skipped else "."), severity="warning")
            self.recheck([d.path for d in diags if d.path] or None)
            return
        self.undo_stack.push(record)
        n = len(diags) - len(skipped)
        msg = f"{record.title} — {', '.join(record.paths)}"
        if skipped:
            msg += f" ({len(skipped)} skipped: re-check and fix again)"
        self.notify(msg + "  (u undoes)", title=f"Fixed {n} problem{'s' if n != 1 else ''}" if n > 1 else "Fixed")
        self.recheck(record.paths)  # at once; the watcher may see the write too, which costs one cheap re-check
        self._refresh_keys()

    def action_undo(self) -> None:
        from .core.fix.apply import FixError, StaleFileError

        rec = self.undo_stack.peek()
        if rec is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        try:
            self.undo_stack.undo()
        except StaleFileError as exc:
            # it can never succeed now (undoing would overwrite what changed since): drop it, say so
            self.undo_stack.drop()
            left = len(self.undo_stack)
            self.notify(
                f'{exc}. Nothing was written, and the undo step "{rec.title}" was dropped: undoing it now '
                "would overwrite that change" + (f" ({left} more to undo)." if left else "."),
                title="Undo refused",
                severity="warning",
                timeout=8,
            )
            self.recheck(rec.paths)
            self._refresh_keys()
            return
        except FixError as exc:
            self.notify(str(exc), title="Undo failed", severity="error")
            return
        left = len(self.undo_stack)
        self.notify(
            f"Undid: {rec.title} — {', '.join(rec.paths)}" + (f" ({left} more to undo)" if left else ""), title="Undo"
        )
        self.recheck(rec.paths)
        self._refresh_keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Fix and tool keys appear in the footer (and work) only where they apply."""
        if not self.screen_stack:
            return True
        if not isinstance(self.screen, MainScreen):  # a dialog is open: no fixes or tools on top of it
            return action not in MAIN_ONLY
        if self.stale == "root missing" and action in MAIN_ONLY and action != "matcher_explorer":
            return False  # nothing to fix, run or create in a folder that is not there
        if self.installed is not None and action in ("fix_preview", "fix_all", "undo", "scaffold"):
            return False  # Claude Code's installed copies: nothing is written there
        if action == "fix_preview":
            d = self.current_diagnostic()
            return d is not None and d.fix is not None
        if action == "fix_all":
            return bool(self.diagnostics) and bool(self.fix_scope()[1])
        if action == "undo":
            return bool(self._undo_stack)
        if action == "hook_tester":
            return self._cursor_hook() is not None
        if action in ("scaffold", "matcher_explorer"):
            return self.project is not None
        return True

    # -- watching (w) -------------------------------------------------------------------------------------------

    @work(exclusive=True, group="watch", exit_on_error=False, description="watch files")
    async def watch_files(self) -> None:
        """Feed every batch of changed paths to ``recheck`` (held back while paused) until unmount."""
        from .core.services.watch import RootBack, RootMissing, watch_changes

        stop = self._stop_watch
        try:
            async for changed in watch_changes(self.root, stop, debounce_ms=50):
                if stop.is_set():
                    break
                self.watch_events += 1
                if isinstance(changed, RootMissing):  # watched again (and checked) when it is back
                    self._root_gone(changed.watching)
                    continue
                if isinstance(changed, RootBack):
                    self._root_back()
                    continue
                if self.watch_paused:
                    self._held.update(changed)
                    self._update_status()
                    continue
                self.recheck(changed)
        except Exception as exc:  # inotify limits, …: say so once and stop watching (w starts it again)
            if not stop.is_set():
                self.watching = False
                self.root_missing = None
                self._update_status()
                self.notify(
                    f"Stopped watching files: {type(exc).__name__}: {exc}. Press r to re-check.",
                    severity="warning",
                    timeout=8,
                )

    def toggle_watch(self) -> None:
        if not self.watching:
            if self._stop_watch.is_set():
                self._stop_watch = asyncio.Event()
            self.watching = True
            self.watch_paused = False
            self._held, self._held_full = set(), False
            self.watch_files()
            self.recheck()
            self.notify("Watching files again.")
        elif self.watch_paused:
            self.watch_paused = False
            held, self._held = self._held, set()
            held_full, self._held_full = self._held_full, False
            if held_full:
                self.recheck()
                self.notify("Watching resumed: the folder came back meanwhile; checking everything again.")
            else:
                if held:
                    self.recheck(held)
                self.notify("Watching resumed" + (f": checking {len(held)} changed path(s)." if held else "."))
        else:
            self.watch_paused = True
            self.notify("Watching paused: changes are held until you press w again.")
        self._update_status()

    def _status_stamp(self, elapsed_ms: float) -> str:
        """When the last check finished and how long it took (tests and screenshots pin this)."""
        return f"{time.strftime('%H:%M:%S')} · {elapsed_ms:.0f} ms"

    def _update_status(self) -> None:
        """The tree's status line: whether changes are seen, and whether what is shown is current."""
        if not self.is_mounted:
            return
        from .widgets.wrap import escape

        if not self.watching:
            state = "[$text-muted]○ not watching[/]"
        elif self.watch_paused:
            held = f" · {len(self._held)} held" if self._held else ""
            held += " · folder back" if self._held_full else ""
            state = f"[$warning]‖ paused{held}[/]"
        elif self.root_missing is not None:
            where = escape(self.root_missing.name or str(self.root_missing))
            state = f"[$warning]◌[/] [$text-muted]waiting in {where}/[/]"
        else:
            state = "[$success]●[/] [$text-muted]watching[/]"
        if self.stale:
            self.query_one("#tree-pane").border_subtitle = f"[$error]✖ stale: {escape(self.stale)}[/] · {state}"
            return
        last = f" [$text-muted]· {self._last_stamp}[/]" if self._last_stamp else ""
        self.query_one("#tree-pane").border_subtitle = state + last

    def on_unmount(self) -> None:
        self._stop_watch.set()
        self._first_shown.set()  # the check worker may wait for the first tree to be drawn: it never will be
        preload = self._swap_preload()
        if preload is not None:
            preload.close()  # the app ended before the helper was needed
        elif self._preload_job is not None:
            self._preload_job.kill()  # the check worker waits on it: end that wait now
        self._unfreeze_gc()

    # -- hook tester (t), scaffold (n), matcher explorer (m) ----------------------------------------------------

    def _cursor_hook(self) -> Any:
        """The hook handler under the tree cursor (a hook, or the first handler of a matcher or event node)."""
        node = self._cursor_node()
        if node is None or node.kind not in ("hook", "hook_matcher", "hook_event"):
            return None
        for n in node.walk():
            if n.kind == "hook":
                return n
        return None

    def open_hook_tester(self) -> None:
        node = self._cursor_hook()
        if node is None:
            self.notify(
                "Select a hook handler in the tree first (Hooks → event → matcher → handler).", severity="warning"
            )
            return
        from .screens.hook_tester import HookTester

        self.push_screen(HookTester(node.obj, node.plugin, self.project.root if self.project else self.root))

    def open_scaffold(self) -> None:
        from .screens.scaffold import ScaffoldScreen

        node = self._cursor_node()
        plugin = node.plugin if node is not None else None
        if plugin is None and self.project is not None and self.project.kind == "plugin" and self.project.plugins:
            plugin = self.project.plugins[0]
        kind = (
            "plugin"
            if plugin is None and self.project is not None and self.project.kind == "marketplace"
            else "command"
        )
        plugin_root = self.root / plugin.rel if plugin is not None and plugin.rel else self.root

        def created(paths: list[str] | None) -> None:
            if not paths:
                return
            self._select_after = list(paths)
            self.notify("Created " + ", ".join(paths), title="New")
            self.recheck(paths)

        self.push_screen(ScaffoldScreen(self.root, plugin_root, kind=kind), created)

    def open_matcher_explorer(self) -> None:
        if self.project is None:
            self.notify("Still loading.", severity="warning")
            return
        from .screens.matcher_explorer import MatcherExplorer

        node = self._cursor_hook()
        kw: dict[str, str] = {}
        if node is not None:
            kw["event"] = node.obj.event
        self.push_screen(MatcherExplorer(self.project, **kw))

    def _select_created(self) -> None:
        """After scaffolding: put the cursor on the new component (the most specific node owning a new file)."""
        paths, self._select_after = self._select_after, None
        if not paths or self.outline is None:
            return
        best = None
        for node in self.outline.nodes.values():
            if node.kind in ("group", "note", "hook_event", "hook_matcher"):
                continue
            loc = _node_location(node, self.project)
            if loc is None:
                continue
            rel = loc[0]
            if rel in paths or any(rel.startswith(p.rstrip("/") + "/") for p in paths):
                rank = 0 if node.kind not in ("plugin", "manifest", "marketplace", "entry") else 1
                if best is None or rank < best[0]:
                    best = (rank, node)
        if best is not None:
            self.jump_to(best[1].key)

    def action_toggle_watch(self) -> None:
        self.toggle_watch()

    def action_hook_tester(self) -> None:
        self.open_hook_tester()

    def action_scaffold(self) -> None:
        self.open_scaffold()

    def action_matcher_explorer(self) -> None:
        self.open_matcher_explorer()


def _details(project: Any, environ: Mapping[str, str], env_file: str | None) -> Any:
    """Claude Code's inventory and token estimates for the tree (``tui.core.services.details``), in the check worker.

    A variable the env file provides counts as set, as in the Env panel. A failure here costs the estimates,
    never the check.
    """
    from .core.services.details import project_details

    env = dict(environ)
    try:
        if env_file:
            from .core.services.envcheck import read_env_file

            values, _problem = read_env_file(env_file)
            for name, value in values.items():
                env.setdefault(name, value or "")
        return project_details(project, env)
    except Exception:
        return None


def _node_location(node: OutlineNode, project: Any) -> tuple[str, int | None] | None:
    if node.pending:  # the first outline's nodes: nothing known yet
        return None
    obj = node.obj
    from .core.model.plugin import Component, SourceFile

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
                span = c.obj.file.key_span(
                    c.obj.group_pointer if node.kind == "hook_matcher" else c.obj.config.base + (c.obj.event,)
                )
                return c.obj.file.rel, span.line if span is not None else None
    for c in node.children:  # a group: its first item
        loc = _node_location(c, project)
        if loc is not None:
            return loc
    return None


def run_app(
    path: str,
    *,
    config: Config | None = None,
    watch: bool = True,
    theme: str | None = None,
    preload: Any = None,
    demo: Any = None,
    installed: Any = None,
) -> int:
    """Run the explorer. ``demo``: the ``tui.demo.DemoCopy`` it opened, removed on exit unless it was changed
    (then its path is written to stderr, after the screen is given back)."""
    app = PluginTUI(
        path,
        config=config,
        watch=watch,
        theme=theme or "textual-dark",
        preload=preload,
        demo=demo is not None,
        installed=installed,
    )
    app._freeze_gc()  # the modules just imported (Textual's too) are never garbage: keep start-up GC off them
    try:
        app.run()
    finally:
        if preload is not None:
            preload.kill()  # quit before the helper finished: do not leave it loading in the background
        app._unfreeze_gc()  # quit before the first check
        if demo is not None:
            demo.finish()
    return app.return_code or 0
