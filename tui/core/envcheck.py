"""The env-var checker: every ${VAR} the plugin reads, where, and whether it is set.

INTERFACE (implemented by the env/auth work; the TUI codes against these names):

    collect(project, environ, env_file=None) -> EnvReport
    EnvReport.variables: list[EnvVar]   (sorted by name)
    EnvVar(name, status, default, source, uses, masked)   status: set|empty|default|unset|builtin
    EnvUse(path, line, column, context, plugin, field)
    run_env_command(args, project) -> int   (plugin-tui env)

Values are never stored here: only a status and a masked length hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
