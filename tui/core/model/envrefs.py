"""Every ${VAR} a plugin's configs read, with its position: MCP and LSP servers, hooks, monitors, and
``${user_config.*}`` in component content. Values are never read here: only names and where they are used."""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from dataclasses import dataclass
from typing import Any

from ..parse.jsonpos import pointer_str
from ..spec.builtins import ALL_BUILTINS, PLUGIN_OPTION_PREFIX, SHELL_VARS
from .plugin import Hook, LspServer, McpServer, Monitor, Plugin, Project, SourceFile


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


_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_BRACED = re.compile(r"\$\{(?P<name>" + _NAME + r"(?:\.[A-Za-z0-9_-]+)?)(?P<op>:?[-=?+])?(?P<rest>[^}]*)\}")
_BARE = re.compile(r"\$(?P<name>" + _NAME + r")")
_OPEN = re.compile(r"\$\{")


def drops_mcp_server(r: Ref, present: Container[str]) -> bool:
    """Claude Code 2.1.332 drops the MCP server that reads ``r`` when the variable is not ``present`` (in the
    environment at all: an empty value counts as set).

    It expands ``${VAR}`` and ``${VAR:-default}`` in an MCP server's command, args, env, url and headers; a
    ``${VAR}`` without default whose variable is absent is kept as written and reported ("Missing environment
    variables in plugin MCP config"). The server is still configured: with the literal text in ``args``, ``env``
    or a header it starts (and may fail later); in a remote server's ``url`` it never connects ("Failed to
    connect — Missing environment variables"), and a stdio ``command`` that holds it names no program. Only those
    two drop it.
    """
    if r.plugin is None or r.field not in ("mcp.url", "mcp.command"):
        return False
    if not r.expanded or r.form != "braced" or r.has_default or r.operator is not None:
        return False
    if r.name.startswith(("user_config.", PLUGIN_OPTION_PREFIX)) or r.name in ALL_BUILTINS:
        return False
    return r.name not in present


def decode_map(raw: str) -> list[int]:
    """For a JSON string literal (with quotes), the raw offset of each decoded character (plus one past the end)."""
    out: list[int] = []
    i, n = 1, len(raw) - 1
    while i < n:
        c = raw[i]
        if c == "\\" and i + 1 < n:
            if raw[i + 1] == "u":
                code = raw[i + 2 : i + 6]
                try:
                    cp = int(code, 16)
                except ValueError:
                    cp = 0
                if 0xD800 <= cp < 0xDC00 and raw[i + 6 : i + 8] == "\\u":
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


def value_positions(
    sf: SourceFile | None, pointer: tuple, value: str, start: int, end: int
) -> tuple[int | None, int | None, int | None]:
    """Line, column and end column of value[start:end] inside the JSON source."""
    if sf is None or sf.json is None or not sf.json.ok:
        return None, None, None
    offs = sf.json.value_offsets(pointer)
    if offs is None:
        return None, None, None
    raw = sf.json.text[offs[0] : offs[1]]
    if not raw.startswith('"'):
        line, col = sf.json.lines.position(offs[0])
        return line, col, None
    m = decode_map(raw)
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
        yield value[m.start() + 2 : end].rstrip("}"), "malformed", m.start(), end, None, None
    for m in _BARE.finditer(value):
        if masked(m.start()):
            continue
        name = m.group("name")
        if shell and (name in assigned or name in SHELL_VARS or not name.isupper()):
            continue
        yield name, "bare", m.start(), m.end(), None, None


def json_strings(value: Any, pointer: tuple) -> Iterator[tuple[tuple, str]]:
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


def _emit(
    out: list[Ref],
    sf: SourceFile | None,
    plugin: Plugin,
    component: str,
    ptr: tuple,
    value: str,
    fld: str,
    *,
    expanded: bool,
    shell: bool = False,
    event: str | None = None,
    allowed: set | None = None,
    note: str | None = None,
) -> None:
    rel = sf.rel if sf is not None else None
    for name, form, s, e, op, default in scan_string(value, shell=shell):
        line, col, end_col = value_positions(sf, ptr, value, s, e)
        exp = expanded
        why = note
        if form == "bare" and not shell and fld != "hook.headers":
            exp, why = False, "only ${VAR} is expanded here, not $VAR"
        if fld == "hook.headers" and form != "malformed" and allowed is not None and name not in allowed:
            exp, why = False, f"{name} is not listed in this hook's allowedEnvVars, so it is not substituted"
        if form == "malformed":
            exp, why = False, "malformed reference"
        out.append(
            Ref(
                name=name,
                form=form,
                path=rel,
                line=line,
                column=col,
                end_column=end_col,
                pointer=ptr,
                field=fld,
                expanded=exp,
                component=component,
                plugin=plugin,
                has_default=default is not None,
                default=default,
                shell=shell,
                operator=op,
                note=why,
                event=event,
            )
        )


def _mcp_refs(out: list[Ref], plugin: Plugin, server: McpServer) -> None:
    cfg = server.config
    if not isinstance(cfg, dict):
        return
    comp = f"MCP server '{server.name}'"
    for key, val in cfg.items():
        fld = f"mcp.{key}" if key in _MCP_FIELDS else "mcp.other"
        for ptr, s in json_strings(val, server.pointer + (key,)):
            if key == "env" and len(ptr) != len(server.pointer) + 2:
                continue
            _emit(
                out,
                server.file,
                plugin,
                comp,
                ptr,
                s,
                fld,
                expanded=key in _MCP_FIELDS,
                shell=key == "headersHelper",
                note=None if key in _MCP_FIELDS else f"'{key}' is not expanded by Claude Code",
            )


def _lsp_refs(out: list[Ref], plugin: Plugin, server: LspServer) -> None:
    cfg = server.config
    if not isinstance(cfg, dict):
        return
    comp = f"LSP server '{server.name}'"
    for key in _LSP_FIELDS:
        if key in cfg:
            for ptr, s in json_strings(cfg[key], server.pointer + (key,)):
                _emit(out, server.file, plugin, comp, ptr, s, f"lsp.{key}", expanded=True)


def _hook_refs(out: list[Ref], plugin: Plugin, hook: Hook) -> None:
    d = hook.data if isinstance(hook.data, dict) else {}
    comp = f"{hook.event} hook" + (f" ({hook.matcher})" if isinstance(hook.matcher, str) and hook.matcher else "")
    t = d.get("type")
    exec_form = isinstance(d.get("args"), list)
    if t in ("command", None) or "command" in d:
        if isinstance(d.get("command"), str):
            _emit(
                out,
                hook.file,
                plugin,
                comp,
                hook.pointer + ("command",),
                d["command"],
                "hook.command" if exec_form else "hook.command.shell",
                expanded=True,
                shell=not exec_form,
                event=hook.event,
            )
        if exec_form:
            for ptr, s in json_strings(d["args"], hook.pointer + ("args",)):
                _emit(out, hook.file, plugin, comp, ptr, s, "hook.args", expanded=True, event=hook.event)
    if t == "http" or "url" in d:
        allowed_raw = d.get("allowedEnvVars")
        allowed = {a for a in allowed_raw if isinstance(a, str)} if isinstance(allowed_raw, list) else set()
        if isinstance(d.get("url"), str):
            _emit(
                out,
                hook.file,
                plugin,
                comp,
                hook.pointer + ("url",),
                d["url"],
                "hook.url",
                expanded=False,
                event=hook.event,
                note="http hook URLs are not expanded",
            )
        if isinstance(d.get("headers"), dict):
            for k, v in d["headers"].items():
                if isinstance(v, str):
                    _emit(
                        out,
                        hook.file,
                        plugin,
                        comp,
                        hook.pointer + ("headers", k),
                        v,
                        "hook.headers",
                        expanded=True,
                        event=hook.event,
                        allowed=allowed,
                    )
        if isinstance(allowed_raw, list):
            for i, a in enumerate(allowed_raw):
                if isinstance(a, str) and re.fullmatch(_NAME, a):
                    ptr = hook.pointer + ("allowedEnvVars", i)
                    line, col, end_col = value_positions(hook.file, ptr, a, 0, len(a))
                    out.append(
                        Ref(
                            name=a,
                            form="list",
                            path=hook.file.rel if hook.file else None,
                            line=line,
                            column=col,
                            end_column=end_col,
                            pointer=ptr,
                            field="hook.allowedEnvVars",
                            expanded=True,
                            component=comp,
                            plugin=plugin,
                            event=hook.event,
                        )
                    )


def _monitor_refs(out: list[Ref], plugin: Plugin, mon: Monitor) -> None:
    cfg = mon.config
    if isinstance(cfg, dict) and isinstance(cfg.get("command"), str):
        _emit(
            out,
            mon.file,
            plugin,
            f"monitor '{mon.name}'",
            mon.pointer + ("command",),
            cfg["command"],
            "monitor.command",
            expanded=True,
            shell=True,
        )


_USER_CONFIG_IN_TEXT = re.compile(r"\$\{user_config\.([A-Za-z0-9_-]+)\}")


def content_user_config_refs(project: Project) -> list[Ref]:
    """``${user_config.KEY}`` in skill, agent and command content (IMP028; undeclared keys)."""
    out: list[Ref] = []
    for plugin in project.plugins:
        for comp in (*plugin.skills, *plugin.agents, *plugin.commands):
            sf = comp.file
            if sf is None or sf.text is None or "${user_config." not in sf.text:
                continue
            for m in _USER_CONFIG_IN_TEXT.finditer(sf.text):
                span = sf.lines.span(m.start(), m.end())
                out.append(
                    Ref(
                        name="user_config." + m.group(1),
                        form="braced",
                        path=sf.rel,
                        line=span.line,
                        column=span.column,
                        end_column=span.end_column,
                        pointer=(),
                        field=f"content.{comp.KIND}",
                        expanded=True,
                        component=f"{comp.KIND} '{comp.name}'",
                        plugin=plugin,
                    )
                )
    return out


def find_references(project: Project) -> list[Ref]:
    """Every variable reference in the plugin configs (MCP, LSP, hooks, monitors; files and inline)."""
    out: list[Ref] = []
    for plugin in project.plugins:
        for mcp in plugin.mcp_servers:
            _mcp_refs(out, plugin, mcp)
        for lsp in plugin.lsp_servers:
            _lsp_refs(out, plugin, lsp)
        for h in plugin.hooks:
            _hook_refs(out, plugin, h)
        for m in plugin.monitors:
            _monitor_refs(out, plugin, m)
    return out


def cached_references(ctx: Any) -> list[Ref]:
    """find_references memoized per check run (rules share it through ctx.cache)."""
    refs = ctx.cache.get("env.refs")
    if refs is None:
        refs = ctx.cache["env.refs"] = find_references(ctx.project)
    return refs


def user_config_keys(plugin: Plugin) -> dict:
    d = plugin.manifest_data or {}
    uc = d.get("userConfig")
    return uc if isinstance(uc, dict) else {}
