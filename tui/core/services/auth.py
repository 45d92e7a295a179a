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

import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

METHODS = ("oauth-auto", "bearer", "api-key", "custom-headers", "stdio-env", "headers-helper", "oauth-config",
           "none")


@dataclass(slots=True)
class AuthInfo:
    method: str
    label: str  # one line for people: "Bearer token from ${API_TOKEN}"
    needs: list[str] = field(default_factory=list)  # what the user must provide ("set API_TOKEN", "sign in via /mcp")
    details: list[str] = field(default_factory=list)  # extra lines (header names, oauth scopes, helper script)
    variables: list[str] = field(default_factory=list)  # ${VAR} names the auth reads


_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)?)(?::?-[^}]*)?\}")

API_KEY_HEADERS = re.compile(r"^(x-)?(api[-_]?key|apikey|api[-_]?token|auth[-_]?token|access[-_]?token|"
                             r"x-[a-z0-9-]*-(?:key|token)|private[-_]?token|key|token)$", re.I)
CREDENTIAL_NAME = re.compile(r"(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|(^|_)KEY($|_)|AUTH|COOKIE|"
                             r"(^|_)PAT($|_)|DSN|CREDENTIALS?|PRIVATE)", re.I)
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


# ------------------------------------------------------------------------------------------------------------
# literal credentials

_SHAPES: list[tuple[str, re.Pattern]] = [
    ("sk-ant-…", re.compile(r"sk-ant-[A-Za-z0-9_-]{20,}")),
    ("sk-…", re.compile(r"sk-(?:proj-|live_|test_)?[A-Za-z0-9_-]{16,}")),
    ("ghp_…", re.compile(r"gh[pousr]_[A-Za-z0-9]{20,}")),
    ("github_pat_…", re.compile(r"github_pat_[A-Za-z0-9_]{20,}")),
    ("xox?-…", re.compile(r"xox[abposr]-[A-Za-z0-9-]{10,}")),
    ("AKIA…", re.compile(r"(?:AKIA|ASIA)[A-Z0-9]{16}")),
    ("glpat-…", re.compile(r"glpat-[A-Za-z0-9_-]{20}")),
    ("AIza…", re.compile(r"AIza[A-Za-z0-9_-]{35}")),
    ("JWT", re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")),
    ("xapp-…", re.compile(r"xapp-[A-Za-z0-9-]{10,}")),
    ("npm_…", re.compile(r"npm_[A-Za-z0-9]{36}")),
]
_BEARER_LITERAL = re.compile(r"^(?:Bearer|Token|Basic)\s+([A-Za-z0-9._~+/=-]{20,})$", re.I)
_PLACEHOLDER = re.compile(r"your[-_ ]|<[^>]*>|\bx{3,}|\.\.\.|…|replace|example|placeholder|changeme|dummy|redacted|"
                          r"\*{3,}|^(?:Bearer\s+)?(?:token|secret|key|api[-_]?key)$|0{12,}|1234567890", re.I)


def _span_overlaps_var(value: str, start: int, end: int) -> bool:
    for m in re.finditer(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*", value):
        if m.start() < end and start < m.end():
            return True
    return False


def credential_shape(value: Any, *, name: str | None = None) -> tuple[str, int, int] | None:
    """A literal credential inside ``value``: (description without the value, start, end) or None.

    ``name`` is the header / env var name: a long opaque literal under a credential-like name counts too.
    Placeholders (``your-token``, ``<token>``, ``xxx``, ``sk-...``) are exempt.
    """
    if not isinstance(value, str) or len(value) < 8:
        return None
    for label, rx in _SHAPES:
        for m in rx.finditer(value):
            tok = m.group(0)
            if _PLACEHOLDER.search(tok) or _span_overlaps_var(value, m.start(), m.end()):
                continue
            if len(set(tok)) < 6:
                continue
            return f"{label} shape, {len(tok)} chars", m.start(), m.end()
    m = _BEARER_LITERAL.match(value.strip())
    if m and not _PLACEHOLDER.search(value) and "$" not in value:
        tok = m.group(1)
        if len(set(tok)) >= 8:
            off = value.find(tok)
            return f"literal token after the {value.split()[0]} scheme, {len(tok)} chars", off, off + len(tok)
    if name is not None and CREDENTIAL_NAME.search(name) and "$" not in value and not _PLACEHOLDER.search(value):
        v = value.strip()
        if len(v) >= 20 and re.fullmatch(r"[A-Za-z0-9._~+/=:-]+", v) and len(set(v)) >= 10 \
                and re.search(r"\d", v) and re.search(r"[A-Za-z]", v) and "/" not in v.strip("/")[:1] \
                and not v.startswith(("http", "/", ".")):
            off = value.find(v)
            return f"literal value under the credential-like name '{name}', {len(v)} chars", off, off + len(v)
    return None


# ------------------------------------------------------------------------------------------------------------
# URLs

def _host(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def is_loopback(host: str) -> bool:
    h = host.strip("[]").lower()
    if h in ("localhost", "ip6-localhost") or h.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def is_remote_plain(url: Any) -> str | None:
    """The scheme ("http"/"ws") when ``url`` is cleartext to a non-loopback host (0.0.0.0 and private count)."""
    if not isinstance(url, str):
        return None
    m = re.match(r"^\s*(https?|wss?)://", url, re.I)
    if not m or m.group(1).lower() not in ("http", "ws"):
        return None
    host = _host(url.strip())
    if host is None:
        # a ${VAR} host: unknown, don't guess
        return None
    if "${" in host or "$" in host:
        return None
    return None if is_loopback(host) else m.group(1).lower()


_SECRET_PARAMS = re.compile(r"^(api[-_]?key|apikey|key|token|access[-_]?token|auth[-_]?token|auth|secret|"
                            r"client[-_]?secret|password|passwd|pwd|sig|signature|private[-_]?token)$", re.I)


def url_secret(url: Any) -> tuple[str, int, int] | None:
    """A credential in a URL: ``?api_key=…`` or ``user:pass@``. (description, start, end) of the offending part."""
    if not isinstance(url, str) or "://" not in url:
        return None
    m = re.match(r"^([a-z][a-z0-9+.-]*://)([^/?#@\s]*)@", url, re.I)
    if m and ":" in m.group(2):
        user, _, pw = m.group(2).partition(":")
        if pw and not _PLACEHOLDER.search(pw):
            s = m.start(2)
            return "a password in the URL (user:password@host)", s, m.end(2)
    q = url.find("?")
    if q >= 0:
        pos = q + 1
        query = url[q + 1:].split("#", 1)[0]
        for part in query.split("&"):
            k, eq, v = part.partition("=")
            if eq and _SECRET_PARAMS.match(k) and v:
                start = pos + len(k) + 1
                kind = "a ${VAR}" if v.startswith("${") else "a literal value"
                return f"query parameter '{k}' carries {kind}", start, start + len(v)
            pos += len(part) + 1
    return None


# ------------------------------------------------------------------------------------------------------------
# analysis

def _need(name: str, env) -> str:
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


def _needs(names: list[str], env) -> list[str]:
    return [_need(n, env) for n in names if n not in BUILTIN_NAMES]


def analyze(server, env=None) -> AuthInfo:
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
            return AuthInfo("stdio-env", f"credentials passed to the process through env ({', '.join(cred_keys[:4])})",
                            needs=_needs(names, env) or ["nothing to set (values are written in the config)"],
                            details=[f"env {k}" for k in secret_env], variables=names)
        if arg_vars and any(CREDENTIAL_NAME.search(n) for n in arg_vars):
            return AuthInfo("stdio-env", f"credentials passed on the command line ({', '.join(arg_vars[:4])})",
                            needs=_needs(arg_vars, env), details=["prefer env over args: args show up in ps"],
                            variables=arg_vars)
        names = env_vars + [n for n in arg_vars if n not in env_vars]
        return AuthInfo("none", "local process, no credentials configured", needs=_needs(names, env),
                        variables=names)

    transport = "http" if t in ("streamable-http", None) else t
    headers = cfg.get("headers") if isinstance(cfg.get("headers"), dict) else {}
    url_vars = [n for n in variables_in(url) if n not in BUILTIN_NAMES]
    details = [f"{transport} transport"]
    if url_vars:
        details.append("URL reads " + ", ".join("${" + n + "}" for n in url_vars))
    helper = cfg.get("headersHelper")
    if isinstance(helper, str) and helper.strip():
        names = url_vars + [n for n in variables_in(headers) if n not in url_vars]
        return AuthInfo("headers-helper", "dynamic headers from a headersHelper command",
                        needs=["the helper must print a JSON object of headers within 10 s"] + _needs(names, env),
                        details=details + [f"helper: {helper.strip()[:80]}"] +
                        [f"static header {h}" for h in headers], variables=names)
    oauth = cfg.get("oauth")
    if isinstance(oauth, dict) and transport != "ws":
        od = []
        for k in ("clientId", "scopes", "callbackPort", "authServerMetadataUrl"):
            if k in oauth and isinstance(oauth[k], (str, int)) and not isinstance(oauth[k], bool):
                od.append(f"{k}: {oauth[k]}")
        names = url_vars + variables_in(oauth) + [n for n in variables_in(headers) if n not in url_vars]
        return AuthInfo("oauth-config", "OAuth with a pre-registered client" if "clientId" in oauth
                        else "OAuth with configured settings",
                        needs=["sign in via /mcp (or `claude mcp login`) when first used"] + _needs(names, env),
                        details=details + od, variables=names)
    hnames = {str(k).lower(): k for k in headers}
    auth_key = hnames.get("authorization")
    if auth_key is not None:
        v = headers[auth_key]
        vs = variables_in(v)
        names = url_vars + [n for n in variables_in(headers) if n not in url_vars]
        if isinstance(v, str) and v.strip().lower().startswith("bearer"):
            src = ", ".join("${" + n + "}" for n in vs) if vs else "a literal value"
            return AuthInfo("bearer", f"Bearer token from {src}", needs=_needs(names, env) or
                            ["nothing to set (the token is written in the config)"],
                            details=details + [f"header {k}" for k in headers], variables=names)
        return AuthInfo("custom-headers", "Authorization header without the Bearer scheme",
                        needs=_needs(names, env), details=details + [f"header {k}" for k in headers],
                        variables=names)
    key_headers = [k for k in headers if API_KEY_HEADERS.match(str(k))]
    if key_headers:
        names = url_vars + [n for n in variables_in(headers) if n not in url_vars]
        return AuthInfo("api-key", f"API key in the {key_headers[0]} header",
                        needs=_needs(names, env) or ["nothing to set (the key is written in the config)"],
                        details=details + [f"header {k}" for k in headers], variables=names)
    if headers:
        names = url_vars + [n for n in variables_in(headers) if n not in url_vars]
        return AuthInfo("custom-headers", "custom headers: " + ", ".join(map(str, list(headers)[:4])),
                        needs=_needs(names, env), details=details + [f"header {k}" for k in headers],
                        variables=names)
    if transport == "ws":
        return AuthInfo("none", "WebSocket server without headers (ws has no OAuth)", needs=_needs(url_vars, env),
                        details=details, variables=url_vars)
    return AuthInfo("oauth-auto", "OAuth handled by Claude Code (when the server asks for it)",
                    needs=["sign in via /mcp when the server asks (401/403)"] + _needs(url_vars, env),
                    details=details, variables=url_vars)
