"""The env-var checker: every ${VAR} the plugin reads, where, and whether it is set.

INTERFACE (implemented by the env/auth work; the TUI codes against these names):

    collect(project, environ, env_file=None) -> EnvReport
    EnvReport.variables: list[EnvVar]   (sorted by name)
    EnvVar(name, status, default, source, uses, masked)   status: set|empty|default|unset|builtin
    EnvUse(path, line, column, context, plugin, field)
    find_references(project) -> list[Ref]   (every reference, also the ones Claude Code does not expand)

Values are never stored here: only a status and a masked length hint. Nothing here runs plugin content.

Where Claude Code substitutes what:
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
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO

from ..model.envrefs import Ref, drops_mcp_server, find_references
from ..model.plugin import Project
from ..spec.builtins import ALL_BUILTINS, PLUGIN_OPTION_PREFIX

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
    dropped: bool = False  # Claude Code drops that MCP server, for want of this variable (envrefs.drops_mcp_server)


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
        problem = (
            f"{path}: line{'s' if len(bad_lines) > 1 else ''} "
            f"{', '.join(map(str, bad_lines[:10]))} could not be parsed and {'were' if len(bad_lines) > 1 else 'was'} skipped"
        )
    return values, problem


def mask(value: str) -> str:
    return f"{len(value)} char{'s' if len(value) != 1 else ''}"


@dataclass(frozen=True, slots=True)
class _Present:
    """The names in the environment or in the env file."""

    environ: Mapping[str, str]
    file_values: Mapping[str, str | None]

    def __contains__(self, name: object) -> bool:
        return name in self.environ or name in self.file_values


def collect(
    project: Project,
    environ: Mapping[str, str] | None = None,
    env_file: str | None = None,
    refs: list[Ref] | None = None,
) -> EnvReport:
    """Statuses of every variable the plugin reads (expanded references only), against environ and env_file."""
    environ = os.environ if environ is None else environ
    refs = find_references(project) if refs is None else refs
    report = EnvReport(env_file=env_file)
    file_values: dict = {}
    if env_file:
        file_values, report.env_file_problem = read_env_file(env_file)
    present = _Present(environ, file_values)  # what a session started here gets (the env file's names count)
    by_name: dict[str, list[Ref]] = {}
    for r in refs:
        if not r.expanded or r.form == "malformed":
            continue
        by_name.setdefault(r.name, []).append(r)
    for name in sorted(by_name):
        rs = by_name[name]
        rs.sort(key=lambda r: (r.path or "", r.line or 0, r.column or 0))
        uses = [
            EnvUse(
                path=r.path or "",
                line=r.line,
                column=r.column,
                context=r.context,
                plugin=r.plugin_name,
                field=r.field,
                default=r.default,
                component=r.component,
                dropped=drops_mcp_server(r, present),
            )
            for r in rs
        ]
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


def _status_text(v: EnvVar) -> str:
    if v.status == SET:
        return f"set ({v.masked})" if v.masked else "set"
    if v.status == DEFAULT:
        return "default" + (f" ({v.default!r})" if v.default else " (empty)")
    return v.status


def render_text(report: EnvReport, out: IO[str]) -> None:
    from ..base.text import safe_text

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
        out.write(
            "\n"
            + f"{len(report.variables)} variable{'s' if len(report.variables) != 1 else ''}: "
            + ", ".join(f"{n} {s}" for s, n in counts.items() if n)
            + "\n"
        )
    if report.env_file_problem:
        out.write(f"env file: {report.env_file_problem}\n")
    if report.missing:
        out.write(
            "\nMissing: set these before starting Claude Code (or put them in a dotenv file and use --env-file):\n"
        )
        for v in report.missing:
            out.write(f"  export {v.name}=…\n")


def render_json(report: EnvReport, out: IO[str], root: str) -> None:
    json.dump({"root": root, "variables": [v.to_json() for v in report.variables]}, out, indent=2, ensure_ascii=False)
    out.write("\n")


def render_markdown(report: EnvReport, out: IO[str]) -> None:
    needed = [v for v in report.variables if v.status != BUILTIN]
    out.write("## Required environment variables\n\n")
    if not needed:
        out.write("This plugin does not read any environment variables that you need to set.\n")
        return
    out.write(
        "Set these in the environment Claude Code starts from (for example in your shell profile) before "
        "you start Claude Code:\n\n"
    )
    out.write("| Variable | Required | Used by | Default |\n|---|---|---|---|\n")
    for v in needed:
        who: list[str] = []
        for u in v.uses:
            label = u.component or u.context
            if u.plugin and len({use.plugin for var in report.variables for use in var.uses}) > 1:
                label += f" (plugin `{u.plugin}`)"
            if label not in who:
                who.append(label)
        required = "no" if v.default is not None and all(u.default is not None for u in v.uses) else "yes"
        default = f"`{v.default}`" if v.default else ("empty" if v.default == "" else "—")
        out.write(f"| `{v.name}` | {required} | {', '.join(_md(w) for w in who)} | {default} |\n")
    out.write("\n```sh\n")
    for v in needed:
        out.write(f'export {v.name}="…"\n')
    out.write("```\n")


def _md(s: str) -> str:
    return s.replace("|", "\\|")
