"""The rule registry: every rule, its metadata, and which rules a run executes.

One rule = one decorated generator function in the module of its area (``tui.core.rules.<area>``). The decorator
records the code (stable forever), a kebab-case name, the default severity, the profiles it belongs to, the
catalogue ids it implements (``sources``), what it runs on (``target``) and, in its doc string, the explanation
(first line = summary; then why; then ``Wrong:`` and ``Right:`` examples). A rule yields diagnostics made with
``ctx.at(...)``, with the fix attached there; the engine fills in code, severity and plugin.

Targets (what the function receives as its second argument): ``project``, ``plugin``, ``marketplace``, ``file``
(every parsed SourceFile), ``command``, ``agent``, ``skill``, ``output_style``, ``hook_config``, ``hook``,
``mcp_server``, ``lsp_server``, ``monitor``, ``theme``, ``settings_file``.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..base.profiles import PROFILES

AREAS = (
    "manifest",
    "marketplace",
    "layout",
    "commands",
    "agents",
    "skills",
    "hooks",
    "mcp",
    "lsp",
    "env",
    "settings",
    "security",
    "styles",
)
TARGETS = (
    "project",
    "plugin",
    "marketplace",
    "file",
    "command",
    "agent",
    "skill",
    "output_style",
    "hook_config",
    "hook",
    "mcp_server",
    "lsp_server",
    "monitor",
    "theme",
    "settings_file",
)

# the package of the area modules: every public module in it is imported on first use of the registry (the one
# place where a lower layer reaches up, by name, so that adding a rule or an area touches nothing here)
RULES_PACKAGE = __name__.rsplit(".", 2)[0] + ".rules"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    area: str
    severity: str
    target: str
    sources: tuple[str, ...]
    profiles: tuple[str, ...]
    fn: Callable = field(repr=False, compare=False)
    doc: str = ""

    @property
    def fixable(self) -> bool:
        """The rule attaches a fix to (some of) its findings: derived from its code, never declared."""
        return attaches_fix(self.fn)

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else self.name

    @property
    def explanation(self) -> str:
        return inspect.cleandoc(self.doc) if self.doc else self.name

    def active(self, profile: str) -> bool:
        return "official" in self.profiles or profile in self.profiles

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "area": self.area,
            "severity": self.severity,
            "summary": self.summary,
            "sources": list(self.sources),
            "profiles": list(self.profiles),
            "fixable": self.fixable,
        }


@functools.cache
def attaches_fix(fn: Callable, depth: int = 2) -> bool:
    """Does ``fn`` attach a fix where it makes a finding? It does when its source passes a ``fix=`` that is not
    the literal None (``ctx.at(..., fix=...)``), or when a function of the rules it calls does (a shared helper
    of ``rules._kit`` that yields findings with fixes), followed ``depth`` calls deep. Read from the source on
    first use (``rules`` and reports ask; a check never does)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return False
    called: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "fix" and not (isinstance(kw.value, ast.Constant) and kw.value.value is None):
                    return True
            if isinstance(node.func, ast.Name):
                called.add(node.func.id)
    if depth <= 0:
        return False
    rules_package = RULES_PACKAGE + "."
    for name in sorted(called):
        target = getattr(fn, "__globals__", {}).get(name)
        if (
            inspect.isfunction(target)
            and target is not fn
            and (target.__module__ or "").startswith(rules_package)
            and attaches_fix(target, depth - 1)
        ):
            return True
    return False


_REGISTRY: dict[str, Rule] = {}
_LOADED = False


def rule(
    code: str,
    name: str,
    *,
    area: str,
    severity: str,
    target: str,
    sources: Iterable[str] = (),
    profiles: Iterable[str] = ("official",),
) -> Callable:
    """Register a rule. See the module doc string."""
    if area not in AREAS:
        raise ValueError(f"{code}: unknown area {area!r}")
    if target not in TARGETS:
        raise ValueError(f"{code}: unknown target {target!r}")
    profiles = tuple(profiles)
    for p in profiles:
        if p not in PROFILES:
            raise ValueError(f"{code}: unknown profile {p!r}")

    def deco(fn: Callable) -> Callable:
        if code in _REGISTRY:
            raise ValueError(f"duplicate rule code {code}")
        if not (fn.__doc__ or "").strip():
            raise ValueError(f"{code}: a rule needs a doc string")
        _REGISTRY[code] = Rule(
            code=code,
            name=name,
            area=area,
            severity=severity,
            target=target,
            sources=tuple(sources),
            profiles=profiles,
            fn=fn,
            doc=fn.__doc__ or "",
        )
        return fn

    return deco


def _load_all() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    package = importlib.import_module(RULES_PACKAGE)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{RULES_PACKAGE}.{info.name}")


def all_rules() -> list[Rule]:
    _load_all()
    return sorted(_REGISTRY.values(), key=lambda r: r.code)


def get_rule(code: str) -> Rule | None:
    _load_all()
    return _REGISTRY.get(code.upper())


def rules_for(profile: str = "official", select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """The rules a run executes: those active in ``profile``, narrowed by ``select`` and then ``ignore``.

    Selection filters *within* the profile: ``--select SKL`` runs the SKL rules of the profile, never more than
    a run without it would (it used to add the plugin-dev-only SKL021/SKL022 to an official run). A rule outside
    the profile (a plugin-dev or directory rule in another profile, or an opt-in rule with no profile such as
    HOOK117) runs only when ``select`` names it by its full code. Selectors are codes or code prefixes, any case.
    """
    sel = tuple(s.strip().upper() for s in select if s.strip())
    ign = tuple(s.strip().upper() for s in ignore if s.strip())
    out = []
    for r in all_rules():
        if sel:
            if not (r.code in sel or (r.active(profile) and r.code.startswith(sel))):
                continue
        elif not r.active(profile):
            continue
        if ign and r.code.startswith(ign):
            continue
        out.append(r)
    return out


def selects_nothing(selector: str) -> bool:
    """``selector`` (a code or code prefix, any case) names no rule: a typo that would switch checks off or on
    silently (ruff: "Unknown rule selector")."""
    sel = selector.strip().upper()
    return not sel or not any(r.code.startswith(sel) for r in all_rules())


def iter_codes() -> Iterator[str]:
    return (r.code for r in all_rules())
