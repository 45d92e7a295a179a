"""Adapters over the core analysis helpers (``tui.core.analysis``, ``matcher``, ``hookscript``, ``auth``,
``envcheck``), with small fallbacks used only while a helper is missing or fails.

The detail panes read everything through these functions, so they never re-parse a file themselves and keep
working when one helper is not there yet. Pure Python: no textual import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)")
BUILTINS = frozenset({"CLAUDE_PLUGIN_ROOT", "CLAUDE_PLUGIN_DATA", "CLAUDE_PROJECT_DIR", "CLAUDE_SKILL_DIR",
                      "CLAUDE_SESSION_ID", "CLAUDE_ENV_FILE", "CLAUDE_CODE_REMOTE", "ARGUMENTS"})


def get(obj: Any, name: str, default: Any = None) -> Any:
    """Attribute or mapping access, whichever the helper returned."""
    if obj is None:
        return default
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _analysis():
    try:
        from ..core import analysis
    except ImportError:
        return None
    return analysis


# -- examples and trigger phrases -------------------------------------------------------------------------------

@dataclass
class Example:
    context: str = ""
    user: str = ""
    assistant: str = ""
    commentary: str = ""
    extra: list[tuple[str, str]] = field(default_factory=list)


_EX = re.compile(r"<example>(.*?)(?:</example>|$)", re.S | re.I)
_PART = re.compile(r"(?im)(^|\s)(context|user|assistant)\s*:|<commentary>")


def _fallback_examples(text: str) -> list[Example]:
    out = []
    for m in _EX.finditer(text or ""):
        body = m.group(1)
        ex = Example()
        pieces: list[tuple[str, str]] = []
        last_role, last_end = None, 0
        for pm in _PART.finditer(body):
            if last_role is not None:
                pieces.append((last_role, body[last_end:pm.start()]))
            last_role = (pm.group(2) or "commentary").lower()
            last_end = pm.end()
        if last_role is not None:
            pieces.append((last_role, body[last_end:]))
        for role, val in pieces:
            val = " ".join(val.replace("</commentary>", " ").split()).strip().strip('"“”').strip()
            if role in ("context", "commentary") and not getattr(ex, role):
                setattr(ex, role, val)
            elif role in ("user", "assistant") and not getattr(ex, role):
                setattr(ex, role, val)
            else:
                ex.extra.append((role, val))
        out.append(ex)
    return out


def examples(text: str) -> list[Example]:
    a = _analysis()
    if a is not None and hasattr(a, "parse_examples"):
        try:
            out = []
            for e in a.parse_examples(text) or ():
                assistant = get(e, "assistant", "")
                if isinstance(assistant, list):
                    assistant = " / ".join(str(x) for x in assistant)
                out.append(Example(context=str(get(e, "context", "") or ""), user=str(get(e, "user", "") or ""),
                                   assistant=str(assistant or ""), commentary=str(get(e, "commentary", "") or "")))
            return out
        except Exception:
            pass
    return _fallback_examples(text)


_TRIGGER = re.compile(r'"([^"\n]{2,120})"|“([^”\n]{2,120})”')


def trigger_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the trigger phrases in a description (for highlighting)."""
    a = _analysis()
    if a is not None and hasattr(a, "trigger_phrases"):
        try:
            res = a.trigger_phrases(text)
            if all(isinstance(r, tuple) and len(r) == 2 for r in res or ()):
                return [(int(s), int(e)) for s, e in res]
        except Exception:
            pass
    return [(m.start(), m.end()) for m in _TRIGGER.finditer(text or "")]


def quoted_triggers(text: str) -> list[str]:
    return [text[s:e].strip('"“”') for s, e in trigger_ranges(text) if text[s:s + 1] in ('"', "“")]


def agent_info(agent: Any) -> Any:
    a = _analysis()
    if a is not None and hasattr(a, "agent_info"):
        try:
            return a.agent_info(agent)
        except Exception:
            return None
    return None


def skill_info(skill: Any, index: Any) -> Any:
    a = _analysis()
    if a is not None and hasattr(a, "skill_info"):
        try:
            return a.skill_info(skill, index)
        except Exception:
            return None
    return None


# -- matchers and scripts --------------------------------------------------------------------------------------

_EXACT = re.compile(r"^[A-Za-z0-9_\-\s,|]+$")
MATCHER_EVENTS = {"PreToolUse", "PostToolUse", "PostToolUseFailure", "PermissionRequest", "PermissionDenied",
                  "SessionStart", "SessionEnd", "Notification", "SubagentStart", "SubagentStop", "PreCompact",
                  "PostCompact", "ConfigChange", "FileChanged", "StopFailure", "InstructionsLoaded", "Elicitation",
                  "ElicitationResult"}


def matcher_explanation(matcher: Any, event: str) -> str:
    try:
        from ..core.matcher import classify
    except ImportError:
        classify = None
    if classify is not None:
        try:
            res = classify(matcher, event)
            text = get(res, "explanation")
            if isinstance(text, str) and text:
                return text
        except Exception:
            pass
    if matcher is None or matcher in ("", "*"):
        return "matches everything"
    if not isinstance(matcher, str):
        return f"not a string ({type(matcher).__name__}); Claude Code ignores it"
    if _EXACT.match(matcher):
        names = [n.strip() for n in re.split(r"[|,]", matcher) if n.strip()]
        if names and all(n.startswith("mcp__") and n.count("__") < 2 for n in names):
            return ("exact name(s) " + ", ".join(names) + " — an MCP server name alone matches no tool; "
                    "use mcp__<server>__.* to match the server's tools")
        return "exact tool name(s): " + ", ".join(names)
    return f"regular expression, unanchored (/{matcher}/ also matches names that contain it)"


@dataclass
class ScriptInfo:
    rel: str | None
    shown: str
    exists: bool | None
    executable: bool | None
    note: str = ""


_ROOT_VAR = re.compile(r"\$\{?CLAUDE_PLUGIN_ROOT\}?/([^\s\"';|&)]+)")


def hook_script(hook: Any, plugin: Any, index: Any) -> ScriptInfo | None:
    try:
        from ..core.hookscript import script_for
    except ImportError:
        script_for = None
    if script_for is not None:
        try:
            res = script_for(hook, plugin, index)
        except Exception:
            res = None
        if res is None:
            return None
        notes = []
        if get(res, "outside"):
            notes.append(f"outside the plugin: {get(res, 'outside')}")
        if get(res, "escapes"):
            notes.append("leaves the plugin folder (../)")
        if get(res, "is_dir"):
            notes.append("is a folder, not a file")
        interp = get(res, "interpreter")
        lang = get(res, "language")
        if interp:
            notes.append(f"run through {interp}" + (f" ({lang})" if lang and lang != interp else ""))
        elif lang:
            notes.append(f"run directly ({lang})")
        if get(res, "shebang"):
            notes.append(f"shebang {get(res, 'shebang')}")
        executable = get(res, "executable")
        return ScriptInfo(rel=get(res, "rel"), shown=str(get(res, "raw", "") or get(res, "rel", "") or "?"),
                          exists=get(res, "exists"), executable=executable if get(res, "direct", True) else None,
                          note="; ".join(notes))
    cmd = hook.data.get("command") if isinstance(getattr(hook, "data", None), dict) else None
    if not isinstance(cmd, str):
        return None
    m = _ROOT_VAR.search(cmd)
    if not m:
        return None
    rel = plugin.path(m.group(1))
    e = index.get(rel) if index is not None else None
    return ScriptInfo(rel=rel, shown="${CLAUDE_PLUGIN_ROOT}/" + m.group(1), exists=bool(e and e.is_file),
                      executable=bool(e and e.is_file and e.executable) if e else None)


# -- env and auth -------------------------------------------------------------------------------------------------

def var_names(value: Any) -> list[str]:
    """``${VAR}`` names inside any JSON value, in order of appearance."""
    out: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, str):
            for m in _VAR.finditer(v):
                n = m.group(1) or m.group(3)
                if n and n not in out:
                    out.append(n)
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(value)
    return out


def env_report(project: Any, environ: Mapping[str, str], env_file: str | None) -> Any:
    """``envcheck.collect`` or, while it is missing, a small scan of the plugin JSON files."""
    try:
        from ..core.envcheck import collect
    except ImportError:
        collect = None
    if collect is not None:
        try:
            return collect(project, environ, env_file)
        except NotImplementedError:
            pass
    from ..core.envcheck import BUILTIN, DEFAULT, EMPTY, SET, UNSET, EnvReport, EnvUse, EnvVar

    found: dict[str, EnvVar] = {}
    for plugin in project.plugins:
        for sf in plugin.files():
            if sf.kind != "json" or sf.text is None:
                continue
            for lineno, line in enumerate(sf.text.splitlines(), 1):
                for m in _VAR.finditer(line):
                    name = m.group(1) or m.group(3)
                    if not name or (m.group(3) and not m.group(3).isupper()):
                        continue
                    v = found.get(name)
                    if v is None:
                        if name in BUILTINS:
                            status = BUILTIN
                        elif name in environ:
                            status = SET if environ[name] else EMPTY
                        elif m.group(2) is not None:
                            status = DEFAULT
                        else:
                            status = UNSET
                        v = found[name] = EnvVar(name=name, status=status, default=m.group(2),
                                                 source="environment" if name in environ else None)
                    v.uses.append(EnvUse(path=sf.rel, line=lineno, column=m.start() + 1, context=sf.rel,
                                         plugin=plugin.name))
    return EnvReport(variables=sorted(found.values(), key=lambda v: v.name))


@dataclass
class Auth:
    method: str
    label: str
    needs: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)


def auth_for(server: Any, report: Any) -> Auth:
    try:
        from ..core.auth import analyze
    except ImportError:
        analyze = None
    if analyze is not None:
        try:
            res = analyze(server, report)
            return Auth(method=str(get(res, "method", "?")), label=str(get(res, "label", "")),
                        needs=list(get(res, "needs", []) or []), details=list(get(res, "details", []) or []),
                        variables=list(get(res, "variables", []) or []))
        except Exception:
            pass
    cfg = server.config if isinstance(server.config, dict) else {}
    transport = server.transport
    if transport == "stdio":
        env = cfg.get("env") if isinstance(cfg.get("env"), dict) else {}
        names = var_names(env)
        if names:
            return Auth("stdio-env", "Credentials passed to the process in environment variables",
                        needs=[f"set {n}" for n in names], variables=names)
        return Auth("none", "No credentials configured (local process)")
    if isinstance(cfg.get("headersHelper"), str):
        return Auth("headers-helper", "Dynamic headers from a helper command",
                    details=[f"helper: {cfg['headersHelper']}"])
    headers = cfg.get("headers") if isinstance(cfg.get("headers"), dict) else {}
    if headers:
        names = var_names(headers)
        auth = next((k for k in headers if str(k).lower() == "authorization"), None)
        method = "bearer" if auth and "bearer" in str(headers[auth]).lower() else "api-key"
        return Auth(method, ("Bearer token" if method == "bearer" else "API key header") +
                    (f" from ${{{names[0]}}}" if names else " (hard-coded)"),
                    needs=[f"set {n}" for n in names], details=[f"header: {k}" for k in headers], variables=names)
    if isinstance(cfg.get("oauth"), dict):
        return Auth("oauth-config", "OAuth with a configured client", details=[f"{k}: {v}" for k, v in cfg["oauth"].items()])
    return Auth("oauth-auto", "Automatic OAuth: Claude Code signs in when the server asks",
                needs=["sign in via /mcp the first time"])
