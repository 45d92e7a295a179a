"""Messages the explorer's workers post to the app (thread-safe ``post_message``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:  # pragma: no cover
    from .core.base.diagnostics import Diagnostic
    from .core.model.plugin import Project
    from .widgets.outline import Outline


class FirstOutline(Message):
    """A marketplace's first tree, read from its marketplace.json before the project is loaded (every node
    ``pending``); ``shown`` is set once the app has drawn it (the worker waits for that before loading)."""

    def __init__(self, outline: Outline, shown: Any) -> None:
        super().__init__()
        self.outline = outline
        self.shown = shown  # a threading.Event


class ProjectLoaded(Message):
    """The first load finished (before the checks ran): the tree can be shown already."""

    def __init__(self, project: Project, outline: Outline) -> None:
        super().__init__()
        self.project = project
        self.outline = outline


class CheckFinished(Message):
    """A (re-)check finished: the new project, its diagnostics, the env report and the outline built from them."""

    def __init__(
        self,
        project: Project,
        diagnostics: list[Diagnostic],
        env_report: Any,
        outline: Outline,
        *,
        changed: set[str] | None = None,
        elapsed: float = 0.0,
    ) -> None:
        super().__init__()
        self.project = project
        self.diagnostics = diagnostics
        self.env_report = env_report
        self.outline = outline
        self.changed = changed
        self.elapsed = elapsed


class CheckFailed(Message):
    """Loading or checking raised (the root vanished, permission denied, …)."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class JumpTo(Message):
    """Reveal an outline node (by key) in the tree and focus it."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
