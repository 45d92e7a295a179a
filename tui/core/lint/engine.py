"""Run the rules over a project.

``check(project, config)`` returns the sorted diagnostics. Rules never see each other; a rule that raises
is reported as an internal-error diagnostic (code ``INT001``) instead of stopping the run.
"""

from __future__ import annotations

import os
import re
import traceback
import weakref
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Mapping

from ..base.diagnostics import ERROR, Diagnostic, Span, sort_diagnostics
from ..model.plugin import Component, Plugin, Project, SourceFile
from .config import Config
from .fixers import attach_fixes
from .registry import Rule, rules_for

# "<!-- plugin-tui: ignore CODE[,CODE] -->" on the line before; in YAML frontmatter "# plugin-tui: ignore CODE"
_SUPPRESS = re.compile(r"(?:<!--|#)\s*plugin-tui:\s*(?:ignore|disable-next-line)\s+([A-Za-z0-9_, -]+?)\s*(?:-->|$)")


@dataclass
class Context:
    """What a rule gets besides its target."""

    project: Project
    config: Config
    environ: Mapping[str, str]
    rule: Rule | None = None
    plugin: Plugin | None = None
    cache: dict = field(default_factory=dict)  # per-run memo shared by rules (e.g. env references)

    @property
    def profile(self) -> str:
        return self.config.profile

    def file(self, rel: str, kind: str | None = None) -> SourceFile | None:
        """A file of the project, read once (None when the path is not a file in the walk)."""
        from ..model.loader import _kind_for  # local: avoids a cycle at import time
        from ..parse import frontmatter
        from ..parse.fsread import normalize, read_text
        from ..parse.jsonpos import parse_json

        rel = normalize(rel)
        sf = self.project.files.get(rel)
        if sf is not None:
            return sf
        e = self.project.index.get(rel)
        if e is None or not e.is_file:
            return None
        kind = kind or _kind_for(rel)
        sf = SourceFile(rel=rel, abs=self.project.root / rel, kind=kind, mode=e.mode)
        res = read_text(sf.abs)
        sf.text, sf.problem, sf.bom, sf.size, sf.mtime_ns = res.text, res.problem, res.bom, res.size, res.mtime_ns
        if sf.text is not None:
            if kind == "json":
                sf.json = parse_json(sf.text)
            elif kind == "markdown":
                sf.fm = frontmatter.split(sf.text)
        self.project.files[rel] = sf
        return sf

    def at(self, message: str, *, file: SourceFile | str | None = None, pointer: tuple | None = None,
           key: bool = False, fm_key: str | None = None, fm_value: bool = False, span: Span | None = None,
           line: int | None = None, column: int | None = None, hint: str | None = None, fix: Any = None,
           severity: str | None = None) -> Diagnostic:
        """Make a diagnostic at a position.

        Position, most precise first: ``span``; ``line``/``column``; ``fm_key`` (a frontmatter key; its value
        with ``fm_value``); ``pointer`` into a JSON file (the member name with ``key=True``).
        """
        assert self.rule is not None
        rel = file.rel if isinstance(file, SourceFile) else file
        sf = file if isinstance(file, SourceFile) else (self.project.files.get(file) if file else None)
        if span is None and line is not None:
            span = Span(line, column or 1, line, column or 1)
        if span is None and fm_key is not None and sf is not None and sf.fm is not None:
            span = sf.fm.value_span(fm_key) if fm_value else sf.fm.key_span(fm_key)
            if span is None and sf.fm.present:
                span = Span(1, 1, 1, 4)
        if span is None and pointer is not None and sf is not None:
            span = sf.key_span(pointer) if key else sf.span(pointer)
        d = Diagnostic(code=self.rule.code, severity=severity or self.rule.severity, message=message, path=rel,
                       hint=hint, plugin=self.plugin.name if self.plugin else None, fix=fix)
        if span is not None:
            d.line, d.column, d.end_line, d.end_column = span.line, span.column, span.end_line, span.end_column
        return d


def _targets(project: Project, target: str) -> Iterator[tuple[Plugin | None, Any]]:
    if target == "project":
        yield None, project
    elif target == "marketplace":
        if project.marketplace is not None:
            yield None, project.marketplace
    elif target == "plugin":
        for p in project.plugins:
            yield p, p
    elif target == "file":
        owner = _file_owner(project)
        for rel in sorted(project.files):
            sf = project.files[rel]
            yield owner(rel), sf
    else:
        attr = {
            "command": "commands", "agent": "agents", "skill": "skills", "output_style": "output_styles",
            "hook_config": "hook_configs", "hook": "hooks", "mcp_server": "mcp_servers",
            "lsp_server": "lsp_servers", "monitor": "monitors", "theme": "themes",
            "settings_file": "settings_files",
        }[target]
        for p in project.plugins:
            for c in getattr(p, attr):
                yield p, c


_OWNERS: "weakref.WeakKeyDictionary[Project, Any]" = weakref.WeakKeyDictionary()


def _file_owner(project: Project):
    """``project.plugin_for`` in a few dict lookups (it is asked once per file per file rule).

    Memoised per project (its plugins do not change after loading)."""
    owner = _OWNERS.get(project)
    if owner is None or owner.plugins_count != len(project.plugins):
        owner = _make_owner(project)
        _OWNERS[project] = owner
    return owner


def _make_owner(project: Project):
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
        if out:
            attach_fixes(ctx, target, out)  # fixes registered apart from the rule (fixes.fixer)
    except Exception as exc:  # a rule bug must not stop the run
        where = target.rel if isinstance(target, (SourceFile, Component)) and target.rel else None
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        out.append(Diagnostic(code="INT001", severity=ERROR, path=where, plugin=plugin.name if plugin else None,
                              message=f"internal error in rule {rule.code}: {type(exc).__name__}: {exc} "
                                      f"({os.path.basename(tb.filename)}:{tb.lineno}); please report it"))
    return out


def check(project: Project, config: Config | None = None, environ: Mapping[str, str] | None = None,
          rules: Iterable[Rule] | None = None) -> list[Diagnostic]:
    config = config or Config()
    environ = os.environ if environ is None else environ
    ctx = Context(project=project, config=config, environ=environ)
    active = list(rules) if rules is not None else rules_for(config.profile, config.select, config.ignore)
    out: list[Diagnostic] = []
    # "file" rules come last: other rules may read extra files (scripts, READMEs) through ctx.file
    for rule in sorted(active, key=lambda r: (r.target == "file", r.code)):
        for plugin, target in _targets(project, rule.target):
            out.extend(run_rule(rule, ctx, target, plugin))
    return finalize(project, config, out)


def finalize(project: Project, config: Config, diags: list[Diagnostic]) -> list[Diagnostic]:
    """Drop suppressed findings and duplicates; sort."""
    out = []
    seen = set()
    for d in diags:
        if config.ignored_at(d.code, d.path):
            continue
        if d.path and d.line and d.path.lower().endswith((".md", ".markdown")) and _suppressed(project, d):
            continue
        ident = d.identity()
        if ident in seen:
            continue
        seen.add(ident)
        out.append(d)
    return sort_diagnostics(out)


def _suppressed(project: Project, d: Diagnostic) -> bool:
    sf = project.files.get(d.path or "")
    if sf is None or sf.text is None or not d.line or d.line < 2:
        return False
    prev = sf.line_text(d.line - 1)
    m = _SUPPRESS.search(prev)
    if not m:
        return False
    codes = {c.strip().upper() for c in re.split(r"[,\s]+", m.group(1)) if c.strip()}
    return d.code.upper() in codes or "ALL" in codes
