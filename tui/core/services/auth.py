"""How each MCP server authenticates (the seed guide's patterns).

INTERFACE (implemented by the env/auth work; the TUI codes against these names):

    analyze(server: McpServer, env: EnvReport | None = None) -> AuthInfo
    AuthInfo(method, label, needs, details, variables)
      method: oauth-auto | bearer | api-key | custom-headers | stdio-env | headers-helper | oauth-config | none

Also the shared security helpers the rules use: ``credential_shape`` (a literal credential, described without
its value), ``is_remote_plain`` (http:// or ws:// to a non-loopback host), ``url_secret`` (tokens in URLs).
Nothing here prints or stores a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model.plugin import McpServer
from ..rules._kit.secrets import CREDENTIAL_NAME

METHODS = ("oauth-auto", "bearer", "api-key", "custom-headers", "stdio-env", "headers-helper", "oauth-config", "none")


@dataclass(slots=True)
class AuthInfo:
    method: str
    label: str  # one line for people: "Bearer token from ${API_TOKEN}"
    needs: list[str] = field(default_factory=list)  # what the user must provide ("set API_TOKEN", "sign in via /mcp")
    details: list[str] = field(default_factory=list)  # extra lines (header names, oauth scopes, helper script)
    variables: list[str] = field(default_factory=list)  # ${VAR} names the auth reads


_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)?)(?::?-[^}]*)?\}")
API_KEY_HEADERS = re.compile(
    r"^(x-)?(api[-_]?key|apikey|api[-_]?token|auth[-_]?token|access[-_]?token|"
    r"x-[a-z0-9-]*-(?:key|token)|private[-_]?token|key|token)$",
    re.I,
)
BUILTIN_NAMES = ("CLAUDE_PLUGIN_ROOT", "CLAUDE_PLUGIN_DATA", "CLAUDE_PROJECT_DIR")


def variables_in(value: Any) -> list[str]:
    """${VAR} names in a string (or in every string of a list/dict), in order, without duplicates."""
    out: list[str] = []
    stack = [value]
    while stack:
        v = stack.pop(0)
        if isinstance(v, str):
            for m in _VAR.finditer(v):
                if m.group(1) not in out:
                    out.append(m.group(1))
        elif isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return out


def _need(name: str, env: Any) -> str:
    if env is not None:
        v = env.get(name) if hasattr(env, "get") else None
        if v is not None:
            if v.status == "set":
                return f"{name} is set"
            if v.status == "default":
                return f"{name} is unset; its default is used"
            if v.status == "builtin":
                return f"{name} is provided by Claude Code"
            return f"set {name} ({v.status} now)"
    if name.startswith("user_config."):
        return f"enter '{name.split('.', 1)[1]}' when enabling the plugin (userConfig)"
    if name in BUILTIN_NAMES:
        return f"{name} is provided by Claude Code"
    return f"set {name}"


def _needs(names: list[str], env: Any) -> list[str]:
    return [_need(n, env) for n in names if n not in BUILTIN_NAMES]


def analyze(server: McpServer, env: Any = None) -> AuthInfo:
    """The authentication method of one MCP server, what it reads and what the user must do."""
    cfg = server.config if isinstance(getattr(server, "config", None), dict) else None
    if cfg is None:
        return AuthInfo("none", "not a server config (an object is expected)")
    t = cfg.get("type")
    url = cfg.get("url")
    remote = (isinstance(t, str) and t in ("http", "streamable-http", "sse", "ws")) or (t is None and "url" in cfg)
    if not remote:
        env_map = cfg.get("env") if isinstance(cfg.get("env"), dict) else {}
        args = cfg.get("args") if isinstance(cfg.get("args"), list) else []
        secret_env = []
        for k, v in env_map.items():
            vs = variables_in(v)
            if vs or CREDENTIAL_NAME.search(str(k)):
                secret_env.append(str(k))
        arg_vars = [n for n in variables_in(args) if n not in BUILTIN_NAMES]
        env_vars = [n for n in variables_in(env_map) if n not in BUILTIN_NAMES]
        if secret_env and (env_vars or any(CREDENTIAL_NAME.search(k) for k in secret_env)):
            names = env_vars + [n for n in arg_vars if n not in env_vars]
            cred_keys = [k for k in secret_env if CREDENTIAL_NAME.search(k)] or secret_env
            return AuthInfo(
                "stdio-env",
                f"credentials passed to the process through env ({', '.join(cred_keys[:4])})",
                needs=_needs(names, env) or ["nothing to set (values are written in the config)"],
                details=[f"env {k}" for k in secret_env],
                variables=names,
            )
        if arg_vars and any(CREDENTIAL_NAME.search(n) for n in arg_vars):
            return AuthInfo(
                "stdio-env",
                f"credentials passed on the command line ({', '.join(arg_vars[:4])})",
                needs=_needs(arg_vars, env),
                details=["prefer env over args: args show up in ps"],
                variables=arg_vars,
            )
        names = env_vars + [n for n in arg_vars if n not in env_vars]
        return AuthInfo("none", "local process, no credentials configured", needs=_needs(names, env), variables=names)

    transport = "http" if t in ("streamable-http", None) else t
    headers = cfg.get("headers") if isinstance(cfg.get("headers"), dict) else {}
    url_vars = [n for n in variables_in(url) if n not in BUILTIN_NAMES]
    details = [f"{transport} transport"]
    if url_vars:
        details.append("URL reads " + ", ".join("${" + n + "}" for n in url_vars))
    helper = cfg.get("headersHelper")
    if isinstance(helper, str) and helper.strip():
        names = url_vars + [n for n in variables_in(headers) if n not in url_vars]
        return AuthInfo(
            "headers-helper",
            "dynamic headers from a headersHelper command",
            needs=["the helper must print a JSON object of headers within 10 s"] + _needs(names, env),
            details=details + [f"helper: {helper.strip()[:80]}"] + [f"static header {h}" for h in headers],
            variables=names,
        )
    oauth = cfg.get("oauth")
    if isinstance(oauth, dict) and transport != "ws":
        od = []
        for k in ("clientId", "scopes", "callbackPort", "authServerMetadataUrl"):
            if k in oauth and isinstance(oauth[k], (str, int)) and not isinstance(oauth[k], bool):
                od.append(f"{k}: {oauth[k]}")
        names = url_vars + variables_in(oauth) + [n for n in variables_in(headers) if n not in url_vars]
        return AuthInfo(
            "oauth-config",
            "OAuth with a pre-registered client" if "clientId" in oauth else "OAuth with configured settings",
            needs=["sign in via /mcp (or `claude mcp login`) when first used"] + _needs(names, env),
            details=details + od,
            variables=names,
        )
    hnames = {str(k).lower(): k for k in headers}
    auth_key = hnames.get("authorization")
    if auth_key is not None:
        v = headers[auth_key]
        vs = variables_in(v)
        names = url_vars + [n for n in variables_in(headers) if n not in url_vars]
        if isinstance(v, str) and v.strip().lower().startswith("bearer"):
            src = ", ".join("${" + n + "}" for n in vs) if vs else "a literal value"
            return AuthInfo(
                "bearer",
                f"Bearer token from {src}",
                needs=_needs(names, env) or ["nothing to set (the token is written in the config)"],
                details=details + [f"header {k}" for k in headers],
                variables=names,
            )
        return AuthInfo(
            "custom-headers",
            "Authorization header without the Bearer scheme",
            needs=_needs(names, env),
            details=details + [f"header {k}" for k in headers],
            variables=names,
        )
    key_headers = [k for k in headers if API_KEY_HEADERS.match(str(k))]
    if key_headers:
        names = url_vars + [n for n in variables_in(headers) if n not in url_vars]
        return AuthInfo(
            "api-key",
            f"API key in the {key_headers[0]} header",
            needs=_needs(names, env) or ["nothing to set (the key is written in the config)"],
            details=details + [f"header {k}" for k in headers],
            variables=names,
        )
    if headers:
        names = url_vars + [n for n in variables_in(headers) if n not in url_vars]
        return AuthInfo(
            "custom-headers",
            "custom headers: " + ", ".join(map(str, list(headers)[:4])),
            needs=_needs(names, env),
            details=details + [f"header {k}" for k in headers],
            variables=names,
        )
    if transport == "ws":
        return AuthInfo(
            "none",
            "WebSocket server without headers (ws has no OAuth)",
            needs=_needs(url_vars, env),
            details=details,
            variables=url_vars,
        )
    return AuthInfo(
        "oauth-auto",
        "OAuth handled by Claude Code (when the server asks for it)",
        needs=["sign in via /mcp when the server asks (401/403)"] + _needs(url_vars, env),
        details=details,
        variables=url_vars,
    )
