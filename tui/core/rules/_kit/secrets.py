"""What looks like a credential: literal tokens and keys by their shape, secrets in URLs, and plain http to a
remote host. Values are only matched, never shown: callers report a shape and a length."""

from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

CREDENTIAL_NAME = re.compile(
    r"(TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|API_?KEY|(^|_)KEY($|_)|AUTH|COOKIE|"
    r"(^|_)PAT($|_)|DSN|CREDENTIALS?|PRIVATE)",
    re.I,
)
_SHAPES: list[tuple[str, re.Pattern[str]]] = [
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
_PLACEHOLDER = re.compile(
    r"your[-_ ]|<[^>]*>|\bx{3,}|\.\.\.|…|replace|example|placeholder|changeme|dummy|redacted|"
    r"\*{3,}|^(?:Bearer\s+)?(?:token|secret|key|api[-_]?key)$|0{12,}|1234567890",
    re.I,
)


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
    bearer = _BEARER_LITERAL.match(value.strip())
    if bearer and not _PLACEHOLDER.search(value) and "$" not in value:
        tok = bearer.group(1)
        if len(set(tok)) >= 8:
            off = value.find(tok)
            return f"literal token after the {value.split()[0]} scheme, {len(tok)} chars", off, off + len(tok)
    if name is not None and CREDENTIAL_NAME.search(name) and "$" not in value and not _PLACEHOLDER.search(value):
        v = value.strip()
        if (
            len(v) >= 20
            and re.fullmatch(r"[A-Za-z0-9._~+/=:-]+", v)
            and len(set(v)) >= 10
            and re.search(r"\d", v)
            and re.search(r"[A-Za-z]", v)
            and "/" not in v.strip("/")[:1]
            and not v.startswith(("http", "/", "."))
        ):
            off = value.find(v)
            return f"literal value under the credential-like name '{name}', {len(v)} chars", off, off + len(v)
    return None


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


_SECRET_PARAMS = re.compile(
    r"^(api[-_]?key|apikey|key|token|access[-_]?token|auth[-_]?token|auth|secret|"
    r"client[-_]?secret|password|passwd|pwd|sig|signature|private[-_]?token)$",
    re.I,
)


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
        query = url[q + 1 :].split("#", 1)[0]
        for part in query.split("&"):
            k, eq, v = part.partition("=")
            if eq and _SECRET_PARAMS.match(k) and v:
                start = pos + len(k) + 1
                kind = "a ${VAR}" if v.startswith("${") else "a literal value"
                return f"query parameter '{k}' carries {kind}", start, start + len(v)
            pos += len(part) + 1
    return None
