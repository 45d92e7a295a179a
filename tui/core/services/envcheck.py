"""The env-var checker: every ${VAR} the plugin reads, where, and whether it is set.

INTERFACE (implemented by the env/auth work; the TUI codes against these names):

    collect(project, environ, env_file=None) -> EnvReport
    EnvReport.variables: list[EnvVar]   (sorted by name)
    EnvVar(name, status, default, source, uses, masked)   status: set|empty|default|unset|builtin
    EnvUse(path, line, column, context, plugin, field)
    run_env_command(args, project) -> int   (plugin-tui env)
    find_references(project) -> list[Ref]   (every reference, also the ones Claude Code does not expand)

Values are never stored here: only a status and a masked length hint. Nothing here runs plugin content.

Where Claude Code substitutes what (spec A.8, B.4, E.4, E.7, F.3, F.6):
- MCP stdio ``command``/``args``/``env`` and remote ``url``/``headers``/``headersHelper``: ``${VAR}``,
  ``${VAR:-default}``, ``${CLAUDE_PLUGIN_ROOT}``, ``${CLAUDE_PLUGIN_DATA}``, ``${CLAUDE_PROJECT_DIR}`` and
  ``${user_config.KEY}`` (never in ``headersHelper``). Other MCP keys (``oauth``, …) are not expanded.
- LSP ``command``/``args``/``env``/``workspaceFolder``: the same.
- Hook ``command`` (shell form: the shell reads ``$VAR`` too) and ``args`` (exec form); hook processes get
  ``CLAUDE_PROJECT_DIR``, ``CLAUDE_PLUGIN_ROOT``, ``CLAUDE_PLUGIN_DATA``, ``CLAUDE_ENV_FILE`` (SessionStart, Setup,
  CwdChanged, FileChanged only), ``CLAUDE_CODE_REMOTE``, ``CLAUDE_EFFORT``, ``CLAUDE_PLUGIN_OPTION_<KEY>``.
- HTTP hook ``headers``: ``$VAR``/``${VAR}`` only for names listed in ``allowedEnvVars``.
- Monitor ``command`` (shell): like a shell-form hook command, but never ``${user_config.*}``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from ..parse.jsonpos import pointer_str

SET, EMPTY, DEFAULT, UNSET, BUILTIN = "set", "empty", "default", "unset", "builtin"
STATUSES = (SET, EMPTY, DEFAULT, UNSET, BUILTIN)


@dataclass(slots=True)
class EnvUse:
    path: str
    line: int | None
    column: int | None
    context: str  # e.g. "mcpServers.api.headers.Authorization"
    plugin: str | None = None
    field: str = ""  # the kind of field: mcp.headers, mcp.env, hook.command, lsp.args, …
    default: str | None = None  # the ${VAR:-default} default written at this use
    component: str = ""  # who reads it, for people: "MCP server 'api'", "PreToolUse hook", "LSP server 'go'"


@dataclass(slots=True)
class EnvVar:
    name: str
    status: str
    default: str | None = None
    source: str | None = None  # environment | env-file | None
    uses: list[EnvUse] = field(default_factory=list)
    masked: str | None = None  # e.g. "12 chars"; never the value

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "status": self.status,
            "default": self.default,
            "source": self.source,
            "uses": [{"path": u.path, "line": u.line, "column": u.column, "context": u.context} for u in self.uses],
        }


@dataclass(slots=True)
class EnvReport:
    variables: list[EnvVar] = field(default_factory=list)
    env_file: str | None = None
    env_file_problem: str | None = None

    @property
    def missing(self) -> list[EnvVar]:
        return [v for v in self.variables if v.status in (UNSET, EMPTY)]

    def get(self, name: str) -> EnvVar | None:
        for v in self.variables:
            if v.name == name:
                return v
        return None


# --------------------------------------------------------------------------------------------------------------
# references

@dataclass(slots=True)
class Ref:
    """One variable reference inside a plugin config value."""

    name: str  # "API_TOKEN", or "user_config.api_key"
    form: str  # "braced" (${VAR}), "bare" ($VAR), "list" (a name in allowedEnvVars), "malformed"
    path: str | None  # file, relative to the project root
    line: int | None
    column: int | None
    end_column: int | None
    pointer: tuple  # JSON pointer of the string value inside its file
    field: str  # mcp.url, mcp.headers, hook.command, …
    expanded: bool  # does Claude Code (or the shell) substitute it in this field?
    component: str  # "MCP server 'api'"
    plugin: Any = None  # the Plugin
    has_default: bool = False
    default: str | None = None
    shell: bool = False  # the field is run by a shell
    operator: str | None = None  # ":-", "-", ":=", … as written
    note: str | None = None  # why it is not expanded (for rules)
    event: str | None = None  # hook event

    @property
    def user_config(self) -> bool:
        return self.name.startswith("user_config.")

    @property
    def context(self) -> str:
        return pointer_str(self.pointer)

    @property
    def plugin_name(self) -> str | None:
        return self.plugin.name if self.plugin is not None else None


CORE_BUILTINS = ("CLAUDE_PLUGIN_ROOT", "CLAUDE_PLUGIN_DATA", "CLAUDE_PROJECT_DIR")
HOOK_BUILTINS = CORE_BUILTINS + ("CLAUDE_ENV_FILE", "CLAUDE_CODE_REMOTE", "CLAUDE_EFFORT",
                                 "CLAUDE_CODE_BRIDGE_SESSION_ID")
ENV_FILE_EVENTS = ("SessionStart", "Setup", "CwdChanged", "FileChanged")
HELPER_BUILTINS = ("CLAUDE_CODE_MCP_SERVER_NAME", "CLAUDE_CODE_MCP_SERVER_URL")
CONTENT_ONLY = ("CLAUDE_SESSION_ID", "CLAUDE_SKILL_DIR")
ALL_BUILTINS = frozenset(HOOK_BUILTINS + HELPER_BUILTINS + CONTENT_ONLY)
PLUGIN_OPTION_PREFIX = "CLAUDE_PLUGIN_OPTION_"

# variables a shell or the OS provides; bare $VAR uses of these in shell commands are not the plugin's business
SHELL_VARS = frozenset("""HOME PATH PWD OLDPWD USER LOGNAME SHELL TERM TMPDIR TEMP TMP HOSTNAME UID EUID PPID IFS
RANDOM LINENO SECONDS BASH BASH_SOURCE BASH_VERSION BASHPID FUNCNAME PIPESTATUS OSTYPE MACHTYPE HOSTTYPE SHLVL LANG
LC_ALL LC_CTYPE EDITOR VISUAL PS1 PS4 OPTARG OPTIND REPLY COLUMNS LINES ZSH_VERSION XDG_CONFIG_HOME XDG_DATA_HOME
XDG_CACHE_HOME XDG_RUNTIME_DIR XDG_STATE_HOME""".split())

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_BRACED = re.compile(r"\$\{(?P<name>" + _NAME + r"(?:\.[A-Za-z0-9_-]+)?)(?P<op>:?[-=?+])?(?P<rest>[^}]*)\}")
_BARE = re.compile(r"\$(?P<name>" + _NAME + r")")
_OPEN = re.compile(r"\$\{")


def builtin_status(name: str, field: str, event: str | None = None) -> tuple[bool, bool, str | None]:
    """(is it a Claude Code builtin, is it provided in this field, why not)."""
    if name.startswith("user_config."):
        if field in ("mcp.headersHelper", "monitor.command") or (field == "hook.command.shell"):
            return True, False, "${user_config.*} is never substituted into shell-evaluated fields"
        if field.startswith(("mcp.", "lsp.", "hook.")) and field not in ("mcp.other", "lsp.other", "hook.url",
                                                                           "hook.headers"):
            return True, True, None
        return True, False, "${user_config.*} is substituted only in MCP/LSP configs and hook commands"
    if name.startswith(PLUGIN_OPTION_PREFIX):
        if field.startswith("hook.command") or field == "hook.args":
            return True, True, None
        return True, False, f"{name} is exported to hook processes only; use ${{user_config.KEY}} here"
    if name not in ALL_BUILTINS:
        return False, False, None
    if name in CORE_BUILTINS:
        if field in ("mcp.other", "lsp.other", "hook.url", "hook.headers", "hook.allowedEnvVars"):
            return True, False, f"{name} is not substituted in this field"
        return True, True, None
    if name in CONTENT_ONLY:
        return True, False, f"{name} is substituted in skill content only"
    if name in HELPER_BUILTINS:
        if field == "mcp.headersHelper":
            return True, True, None
        return True, False, f"{name} is set only in a headersHelper's environment"
    # hook-only variables
    if field.startswith("hook.command") or field == "hook.args" or (field == "monitor.command"
                                                                     and name != "CLAUDE_ENV_FILE"):
        if name == "CLAUDE_ENV_FILE" and event is not None and event not in ENV_FILE_EVENTS:
            return True, False, f"CLAUDE_ENV_FILE is set only for {', '.join(ENV_FILE_EVENTS)} hooks, not {event}"
        return True, True, None
    return True, False, f"{name} is set only in hook processes"


def _decode_map(raw: str) -> list[int]:
    """For a JSON string literal (with quotes), the raw offset of each decoded character (plus one past the end)."""
    out: list[int] = []
    i, n = 1, len(raw) - 1
    while i < n:
        c = raw[i]
        if c == "\\" and i + 1 < n:
            if raw[i + 1] == "u":
                code = raw[i + 2:i + 6]
                try:
                    cp = int(code, 16)
                except ValueError:
                    cp = 0
                if 0xD800 <= cp < 0xDC00 and raw[i + 6:i + 8] == "\\u":
                    out.append(i)  # a surrogate pair decodes to one character
                    i += 12
                    continue
                out.append(i)
                i += 6
                continue
            out.append(i)
            i += 2
            continue
        out.append(i)
        i += 1
    out.append(i)
    return out


def _positions(sf, pointer: tuple, value: str, start: int, end: int) -> tuple[int | None, int | None, int | None]:
    """Line, column and end column of value[start:end] inside the JSON source."""
    if sf is None or sf.json is None or not sf.json.ok:
        return None, None, None
    offs = sf.json.value_offsets(pointer)
    if offs is None:
        return None, None, None
    raw = sf.json.text[offs[0]:offs[1]]
    if not raw.startswith('"'):
        line, col = sf.json.lines.position(offs[0])
        return line, col, None
    m = _decode_map(raw)
    if len(m) != len(value) + 1:  # should not happen; fall back to the start of the string
        line, col = sf.json.lines.position(offs[0])
        return line, col, None
    line, col = sf.json.lines.position(offs[0] + m[min(start, len(m) - 1)])
    line2, col2 = sf.json.lines.position(offs[0] + m[min(end, len(m) - 1)])
    return line, col, (col2 if line2 == line else None)


def _single_quoted(text: str) -> list[tuple[int, int]]:
    """Ranges inside single quotes in a shell command (no expansion there)."""
    out, i, n = [], 0, len(text)
    dq = False
    while i < n:
        c = text[i]
        if c == "\\" and not dq:
            i += 2
            continue
        if c == '"':
            dq = not dq
        elif c == "'" and not dq:
            j = text.find("'", i + 1)
            if j < 0:
                break
            out.append((i, j))
            i = j
        i += 1
    return out


_ASSIGN = re.compile(r"(?:^|[\s;&|(])(?:export\s+|local\s+|declare\s+(?:-\w+\s+)?)?(" + _NAME + r")=")
_FOR = re.compile(r"\b(?:for|read(?:\s+-\w+)*)\s+(" + _NAME + r")")


def scan_string(value: str, *, shell: bool) -> Iterator[tuple[str, str, int, int, str | None, str | None]]:
    """Every reference in one string: (name, form, start, end, operator, default)."""
    quoted = _single_quoted(value) if shell else []
    assigned = set(_ASSIGN.findall(value)) | set(_FOR.findall(value)) if shell else set()

    def masked(pos: int) -> bool:
        if pos > 0 and value[pos - 1] == "\\":
            return True
        return any(a < pos < b for a, b in quoted)

    seen: set[int] = set()
    for m in _BRACED.finditer(value):
        seen.add(m.start())
        if masked(m.start()):
            continue
        name, op, rest = m.group("name"), m.group("op"), m.group("rest")
        if shell and name in assigned:
            continue
        if rest and not op:  # ${VAR extra} / ${VAR[0]}: malformed (or shell syntax we do not model)
            if not shell:
                yield name, "malformed", m.start(), m.end(), None, None
            continue
        default = rest if op in (":-", "-") else None
        yield name, "braced", m.start(), m.end(), op, default
    for m in _OPEN.finditer(value):  # unterminated ${FOO or ${} / ${1X}
        if m.start() in seen or masked(m.start()):
            continue
        if shell:
            continue
        close = value.find("}", m.start())
        end = close + 1 if close >= 0 else len(value)
        yield value[m.start() + 2:end].rstrip("}"), "malformed", m.start(), end, None, None
    for m in _BARE.finditer(value):
        if masked(m.start()):
            continue
        name = m.group("name")
        if shell and (name in assigned or name in SHELL_VARS or not name.isupper()):
            continue
        yield name, "bare", m.start(), m.end(), None, None


def _strings(value: Any, pointer: tuple) -> Iterator[tuple[tuple, str]]:
    stack = [(pointer, value)]
    while stack:
        ptr, v = stack.pop()
        if isinstance(v, str):
            yield ptr, v
        elif isinstance(v, dict):
            for k in reversed(list(v)):
                stack.append((ptr + (k,), v[k]))
        elif isinstance(v, list):
            for i in range(len(v) - 1, -1, -1):
                stack.append((ptr + (i,), v[i]))


_MCP_FIELDS = ("command", "args", "env", "url", "headers", "headersHelper")
_LSP_FIELDS = ("command", "args", "env", "workspaceFolder")


def _emit(out: list, sf, plugin, component: str, ptr: tuple, value: str, fld: str, *, expanded: bool,
          shell: bool = False, event: str | None = None, allowed: set | None = None, note: str | None = None
          ) -> None:
    rel = sf.rel if sf is not None else None
    for name, form, s, e, op, default in scan_string(value, shell=shell):
        line, col, end_col = _positions(sf, ptr, value, s, e)
        exp = expanded
        why = note
        if form == "bare" and not shell and fld != "hook.headers":
            exp, why = False, "only ${VAR} is expanded here, not $VAR"
        if fld == "hook.headers" and form != "malformed" and allowed is not None and name not in allowed:
            exp, why = False, f"{name} is not listed in this hook's allowedEnvVars, so it is not substituted"
        if form == "malformed":
            exp, why = False, "malformed reference"
        out.append(Ref(name=name, form=form, path=rel, line=line, column=col, end_column=end_col, pointer=ptr,
                       field=fld, expanded=exp, component=component, plugin=plugin,
                       has_default=default is not None, default=default, shell=shell, operator=op, note=why,
                       event=event))


def _mcp_refs(out: list, plugin, server) -> None:
    cfg = server.config
    if not isinstance(cfg, dict):
        return
    comp = f"MCP server '{server.name}'"
    for key, val in cfg.items():
        fld = f"mcp.{key}" if key in _MCP_FIELDS else "mcp.other"
        for ptr, s in _strings(val, server.pointer + (key,)):
            if key == "env" and len(ptr) != len(server.pointer) + 2:
                continue
            _emit(out, server.file, plugin, comp, ptr, s, fld, expanded=key in _MCP_FIELDS,
                  shell=key == "headersHelper",
                  note=None if key in _MCP_FIELDS else f"'{key}' is not expanded by Claude Code")


def _lsp_refs(out: list, plugin, server) -> None:
    cfg = server.config
    if not isinstance(cfg, dict):
        return
    comp = f"LSP server '{server.name}'"
    for key in _LSP_FIELDS:
        if key in cfg:
            for ptr, s in _strings(cfg[key], server.pointer + (key,)):
                _emit(out, server.file, plugin, comp, ptr, s, f"lsp.{key}", expanded=True)


def _hook_refs(out: list, plugin, hook) -> None:
    d = hook.data if isinstance(hook.data, dict) else {}
    comp = f"{hook.event} hook" + (f" ({hook.matcher})" if isinstance(hook.matcher, str) and hook.matcher else "")
    t = d.get("type")
    exec_form = isinstance(d.get("args"), list)
    if t in ("command", None) or "command" in d:
        if isinstance(d.get("command"), str):
            _emit(out, hook.file, plugin, comp, hook.pointer + ("command",), d["command"],
                  "hook.command" if exec_form else "hook.command.shell", expanded=True, shell=not exec_form,
                  event=hook.event)
        if exec_form:
            for ptr, s in _strings(d["args"], hook.pointer + ("args",)):
                _emit(out, hook.file, plugin, comp, ptr, s, "hook.args", expanded=True, event=hook.event)
    if t == "http" or "url" in d:
        allowed_raw = d.get("allowedEnvVars")
        allowed = {a for a in allowed_raw if isinstance(a, str)} if isinstance(allowed_raw, list) else set()
        if isinstance(d.get("url"), str):
            _emit(out, hook.file, plugin, comp, hook.pointer + ("url",), d["url"], "hook.url", expanded=False,
                  event=hook.event, note="http hook URLs are not expanded")
        if isinstance(d.get("headers"), dict):
            for k, v in d["headers"].items():
                if isinstance(v, str):
                    _emit(out, hook.file, plugin, comp, hook.pointer + ("headers", k), v, "hook.headers",
                          expanded=True, event=hook.event, allowed=allowed)
        if isinstance(allowed_raw, list):
            for i, a in enumerate(allowed_raw):
                if isinstance(a, str) and re.fullmatch(_NAME, a):
                    ptr = hook.pointer + ("allowedEnvVars", i)
                    line, col, end_col = _positions(hook.file, ptr, a, 0, len(a))
                    out.append(Ref(name=a, form="list", path=hook.file.rel if hook.file else None, line=line,
                                   column=col, end_column=end_col, pointer=ptr, field="hook.allowedEnvVars",
                                   expanded=True, component=comp, plugin=plugin, event=hook.event))


def _monitor_refs(out: list, plugin, mon) -> None:
    cfg = mon.config
    if isinstance(cfg, dict) and isinstance(cfg.get("command"), str):
        _emit(out, mon.file, plugin, f"monitor '{mon.name}'", mon.pointer + ("command",), cfg["command"],
              "monitor.command", expanded=True, shell=True)


_USER_CONFIG_IN_TEXT = re.compile(r"\$\{user_config\.([A-Za-z0-9_-]+)\}")


def content_user_config_refs(project) -> list[Ref]:
    """``${user_config.KEY}`` in skill, agent and command content (IMP028; undeclared keys)."""
    out: list[Ref] = []
    for plugin in project.plugins:
        for comp in (*plugin.skills, *plugin.agents, *plugin.commands):
            sf = comp.file
            if sf is None or sf.text is None or "${user_config." not in sf.text:
                continue
            for m in _USER_CONFIG_IN_TEXT.finditer(sf.text):
                span = sf.lines.span(m.start(), m.end())
                out.append(Ref(name="user_config." + m.group(1), form="braced", path=sf.rel, line=span.line,
                               column=span.column, end_column=span.end_column, pointer=(),
                               field=f"content.{comp.KIND}", expanded=True,
                               component=f"{comp.KIND} '{comp.name}'", plugin=plugin))
    return out


def find_references(project) -> list[Ref]:
    """Every variable reference in the plugin configs (MCP, LSP, hooks, monitors; files and inline)."""
    out: list[Ref] = []
    for plugin in project.plugins:
        for s in plugin.mcp_servers:
            _mcp_refs(out, plugin, s)
        for s in plugin.lsp_servers:
            _lsp_refs(out, plugin, s)
        for h in plugin.hooks:
            _hook_refs(out, plugin, h)
        for m in plugin.monitors:
            _monitor_refs(out, plugin, m)
    return out


def cached_references(ctx) -> list[Ref]:
    """find_references memoized per check run (rules share it through ctx.cache)."""
    refs = ctx.cache.get("env.refs")
    if refs is None:
        refs = ctx.cache["env.refs"] = find_references(ctx.project)
    return refs


def user_config_keys(plugin) -> dict:
    d = plugin.manifest_data or {}
    uc = d.get("userConfig")
    return uc if isinstance(uc, dict) else {}


# --------------------------------------------------------------------------------------------------------------
# status

def read_env_file(path: str) -> tuple[dict[str, str | None], str | None]:
    """A dotenv file's values (no interpolation) and a description of its problems (never a value)."""
    try:
        from dotenv import dotenv_values
        from dotenv.parser import parse_stream
    except ImportError:  # pragma: no cover
        return {}, "python-dotenv is not installed"
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        return {}, f"{path}: no such file"
    except (OSError, UnicodeDecodeError) as exc:
        return {}, f"{path}: cannot be read ({type(exc).__name__})"
    import io
    import logging

    bad_lines = []
    for b in parse_stream(io.StringIO(text)):
        if b.error:
            bad_lines.append(b.original.line)
    logger = logging.getLogger("dotenv.main")
    old = logger.disabled
    logger.disabled = True  # its warnings quote the file; we report line numbers only
    try:
        values = dict(dotenv_values(stream=io.StringIO(text), interpolate=False))
    finally:
        logger.disabled = old
    problem = None
    if bad_lines:
        problem = (f"{path}: line{'s' if len(bad_lines) > 1 else ''} "
                   f"{', '.join(map(str, bad_lines[:10]))} could not be parsed and {'were' if len(bad_lines) > 1 else 'was'} skipped")
    return values, problem


def mask(value: str) -> str:
    return f"{len(value)} char{'s' if len(value) != 1 else ''}"


def collect(project, environ: Mapping[str, str] | None = None, env_file: str | None = None,
            refs: list[Ref] | None = None) -> EnvReport:
    """Statuses of every variable the plugin reads (expanded references only), against environ and env_file."""
    environ = os.environ if environ is None else environ
    refs = find_references(project) if refs is None else refs
    report = EnvReport(env_file=env_file)
    file_values: dict = {}
    if env_file:
        file_values, report.env_file_problem = read_env_file(env_file)
    by_name: dict[str, list[Ref]] = {}
    for r in refs:
        if not r.expanded or r.form == "malformed":
            continue
        by_name.setdefault(r.name, []).append(r)
    for name in sorted(by_name):
        rs = by_name[name]
        rs.sort(key=lambda r: (r.path or "", r.line or 0, r.column or 0))
        uses = [EnvUse(path=r.path or "", line=r.line, column=r.column, context=r.context, plugin=r.plugin_name,
                       field=r.field, default=r.default, component=r.component) for r in rs]
        defaults = [r.default for r in rs if r.has_default]
        v = EnvVar(name=name, status=UNSET, default=defaults[0] if defaults else None, uses=uses)
        is_builtin = name.startswith("user_config.") or name.startswith(PLUGIN_OPTION_PREFIX) or name in ALL_BUILTINS
        if is_builtin:
            v.status = BUILTIN
        else:
            value, source = None, None
            if environ.get(name):
                value, source = environ[name], "environment"
            elif file_values.get(name):
                value, source = file_values[name], "env-file"
            elif name in environ:
                value, source = "", "environment"
            elif name in file_values:
                value, source = file_values[name] or "", "env-file"
            all_default = all(r.has_default for r in rs)
            if value:
                v.status, v.source, v.masked = SET, source, mask(value)
            elif all_default:
                # ${VAR:-x} also applies to an empty value; ${VAR-x} only to an unset one
                if value == "" and any(r.operator == "-" for r in rs):
                    v.status, v.source = EMPTY, source
                else:
                    v.status, v.source = DEFAULT, source
            elif value == "":
                v.status, v.source = EMPTY, source
            else:
                v.status = UNSET
        report.variables.append(v)
    return report


# --------------------------------------------------------------------------------------------------------------
# plugin-tui env

def _status_text(v: EnvVar) -> str:
    if v.status == SET:
        return f"set ({v.masked})" if v.masked else "set"
    if v.status == DEFAULT:
        return "default" + (f" ({v.default!r})" if v.default else " (empty)")
    return v.status


def render_text(report: EnvReport, out) -> None:
    from .report import safe_text

    if not report.variables:
        out.write("No environment variables are read by this plugin's MCP, LSP, hook or monitor configs.\n")
    else:
        rows = [(v.name, _status_text(v), v.source or "-", v) for v in report.variables]
        w1 = max(8, *(len(r[0]) for r in rows))
        w2 = max(6, *(len(r[1]) for r in rows))
        w3 = max(6, *(len(r[2]) for r in rows))
        out.write(f"{'VARIABLE':<{w1}}  {'STATUS':<{w2}}  {'SOURCE':<{w3}}  USED AT\n")
        for name, st, src, v in rows:
            first = True
            shown = v.uses[:3] if v.status == BUILTIN else v.uses
            for u in shown:
                where = f"{u.path}:{u.line}:{u.column}" if u.line else u.path
                where = safe_text(f"{where}  {u.context}", newlines=True)
                if first:
                    out.write(f"{name:<{w1}}  {st:<{w2}}  {src:<{w3}}  {where}\n")
                    first = False
                else:
                    out.write(f"{'':<{w1}}  {'':<{w2}}  {'':<{w3}}  {where}\n")
            if len(shown) < len(v.uses):
                out.write(f"{'':<{w1}}  {'':<{w2}}  {'':<{w3}}  … and {len(v.uses) - len(shown)} more\n")
        counts = {s: sum(1 for v in report.variables if v.status == s) for s in STATUSES}
        out.write("\n" + f"{len(report.variables)} variable{'s' if len(report.variables) != 1 else ''}: "
                  + ", ".join(f"{n} {s}" for s, n in counts.items() if n) + "\n")
    if report.env_file_problem:
        out.write(f"env file: {report.env_file_problem}\n")
    if report.missing:
        out.write("\nMissing: set these before starting Claude Code (or put them in a dotenv file and use "
                  "--env-file):\n")
        for v in report.missing:
            out.write(f"  export {v.name}=…\n")


def render_json(report: EnvReport, out, root: str) -> None:
    json.dump({"root": root, "variables": [v.to_json() for v in report.variables]}, out, indent=2,
              ensure_ascii=False)
    out.write("\n")


def render_markdown(report: EnvReport, out) -> None:
    needed = [v for v in report.variables if v.status != BUILTIN]
    out.write("## Required environment variables\n\n")
    if not needed:
        out.write("This plugin does not read any environment variables that you need to set.\n")
        return
    out.write("Set these in the environment Claude Code starts from (for example in your shell profile) before "
              "you start Claude Code:\n\n")
    out.write("| Variable | Required | Used by | Default |\n|---|---|---|---|\n")
    for v in needed:
        who: list[str] = []
        for u in v.uses:
            label = u.component or u.context
            if u.plugin and len({x.plugin for x in report.variables for x in x.uses}) > 1:
                label += f" (plugin `{u.plugin}`)"
            if label not in who:
                who.append(label)
        required = "no" if v.default is not None and all(u.default is not None for u in v.uses) else "yes"
        default = f"`{v.default}`" if v.default else ("empty" if v.default == "" else "—")
        out.write(f"| `{v.name}` | {required} | {', '.join(_md(w) for w in who)} | {default} |\n")
    out.write("\n```sh\n")
    for v in needed:
        out.write(f"export {v.name}=\"…\"\n")
    out.write("```\n")


def _md(s: str) -> str:
    return s.replace("|", "\\|")


def run_env_command(args, project) -> int:
    fmt = getattr(args, "format", "text") or "text"
    env_file = getattr(args, "env_file", None)
    if env_file and not os.path.isfile(env_file):
        sys.stderr.write(f"plugin-tui env: --env-file {env_file}: no such file\n")
        return 2
    report = collect(project, os.environ, env_file)
    out = sys.stdout
    if fmt == "json":
        render_json(report, out, os.path.abspath(getattr(args, "path", ".") or "."))
        if report.env_file_problem:
            sys.stderr.write(f"plugin-tui env: {report.env_file_problem}\n")
    elif fmt == "markdown":
        render_markdown(report, out)
    else:
        render_text(report, out)
    return 1 if report.missing else 0
