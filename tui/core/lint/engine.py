"""Run the rules over a project.

``check(project, config)`` returns the sorted diagnostics. Rules never see each other; a rule that raises
is reported as an internal-error diagnostic (code ``INT001``) instead of stopping the run.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from ..base.diagnostics import ERROR, Diagnostic, sort_diagnostics
from ..model.plugin import Component, Plugin, Project, SourceFile
from .config import Config
from .context import Context
from .registry import Rule, rules_for
from .suppression import suppressed

# a component target -> the Plugin attribute that lists its components
TARGET_ATTRS = {
    "command": "commands",
    "agent": "agents",
    "skill": "skills",
    "output_style": "output_styles",
    "hook_config": "hook_configs",
    "hook": "hooks",
    "mcp_server": "mcp_servers",
    "lsp_server": "lsp_servers",
    "monitor": "monitors",
    "theme": "themes",
    "settings_file": "settings_files",
}


def targets(project: Project, target: str) -> Iterator[tuple[Plugin | None, Any]]:
    if target == "project":
        yield None, project
    elif target == "marketplace":
        if project.marketplace is not None:
            yield None, project.marketplace
    elif target == "plugin":
        for p in project.plugins:
            yield p, p
    elif target == "file":
        owner = file_owner(project)
        for rel in sorted(project.files):
            sf = project.files[rel]
            yield owner(rel), sf
    else:
        attr = TARGET_ATTRS[target]
        for p in project.plugins:
            for c in getattr(p, attr):
                yield p, c


_OWNERS: weakref.WeakKeyDictionary[Project, Any] = weakref.WeakKeyDictionary()


def file_owner(project: Project) -> Callable[[str], Plugin | None]:
    """``project.plugin_for`` in a few dict lookups (it is asked once per file per file rule).

    Memoised per project (its plugins do not change after loading)."""
    owner = _OWNERS.get(project)
    if owner is None or owner.plugins_count != len(project.plugins):
        owner = _make_owner(project)
        _OWNERS[project] = owner
    return owner


def _make_owner(project: Project) -> Any:
    by_rel = {p.rel: p for p in project.plugins}
    memo: dict[str, Plugin | None] = {}

    def owner(rel: str) -> Plugin | None:
        hit = memo.get(rel, memo)
        if hit is not memo:
            return hit  # type: ignore[return-value]
        best = by_rel.get(rel)
        cut = len(rel)
        while best is None and cut > 0:
            cut = rel.rfind("/", 0, cut)
            if cut < 0:
                break
            best = by_rel.get(rel[:cut])
        if best is None:
            best = by_rel.get("")
        memo[rel] = best
        return best

    owner.plugins_count = len(project.plugins)  # type: ignore[attr-defined]
    return owner


def run_rule(rule: Rule, ctx: Context, target: Any, plugin: Plugin | None) -> list[Diagnostic]:
    ctx.rule = rule
    ctx.plugin = plugin
    out: list[Diagnostic] = []
    try:
        for d in rule.fn(ctx, target) or ():
            if d is not None:
                out.append(d)
    except Exception as exc:  # a rule bug must not stop the run
        import traceback  # only when a rule fails (~5 ms of start-up otherwise)

        where = target.rel if isinstance(target, (SourceFile, Component)) and target.rel else None
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        out.append(
            Diagnostic(
                code="INT001",
                severity=ERROR,
                path=where,
                plugin=plugin.name if plugin else None,
                message=f"internal error in rule {rule.code}: {type(exc).__name__}: {exc} "
                f"({os.path.basename(tb.filename)}:{tb.lineno}); please report it",
            )
        )
    return out


def check(
    project: Project,
    config: Config | None = None,
    environ: Mapping[str, str] | None = None,
    rules: Iterable[Rule] | None = None,
) -> list[Diagnostic]:
    config = config or Config()
    environ = os.environ if environ is None else environ
    ctx = Context(project=project, config=config, environ=environ)
    active = list(rules) if rules is not None else rules_for(config.profile, config.select, config.ignore)
    out: list[Diagnostic] = []
    # "file" rules come last: other rules may read extra files (scripts, READMEs) through ctx.file
    for rule in sorted(active, key=lambda r: (r.target == "file", r.code)):
        for plugin, target in targets(project, rule.target):
            out.extend(run_rule(rule, ctx, target, plugin))
    return finalize(project, config, out)


def finalize(project: Project, config: Config, diags: list[Diagnostic]) -> list[Diagnostic]:
    """Drop suppressed findings and duplicates; sort."""
    out = []
    seen = set()
    for d in diags:
        if config.ignored_at(d.code, d.path):
            continue
        if d.path and d.line and d.path.lower().endswith((".md", ".markdown")) and suppressed(project, d):
            continue
        ident = d.identity()
        if ident in seen:
            continue
        seen.add(ident)
        out.append(d)
    return sort_diagnostics(out)
