"""How each MCP server authenticates (the seed guide's patterns).

INTERFACE (implemented by the env/auth work; the TUI codes against these names):

    analyze(server: McpServer, env: EnvReport | None = None) -> AuthInfo
    AuthInfo(method, label, needs, details, variables)
      method: oauth-auto | bearer | api-key | custom-headers | stdio-env | headers-helper | oauth-config | none
"""

from __future__ import annotations

from dataclasses import dataclass, field

METHODS = ("oauth-auto", "bearer", "api-key", "custom-headers", "stdio-env", "headers-helper", "oauth-config",
           "none")


@dataclass(slots=True)
class AuthInfo:
    method: str
    label: str  # one line for people: "Bearer token from ${API_TOKEN}"
    needs: list[str] = field(default_factory=list)  # what the user must provide ("set API_TOKEN", "sign in via /mcp")
    details: list[str] = field(default_factory=list)  # extra lines (header names, oauth scopes, helper script)
    variables: list[str] = field(default_factory=list)  # ${VAR} names the auth reads
