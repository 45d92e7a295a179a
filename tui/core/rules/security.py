"""Security rules from the MCP authentication guide's DO and DON'T lists (spec F.4; PVA035–PVA038, PDS047, PDS048;
reference-validator §3.4 and §5 row 4): cleartext transports, literal credentials (never echoed), Authorization
without a scheme, credentials in URLs, headersHelper scripts.
"""

from __future__ import annotations

import re
import shlex

from ..auth import credential_shape, is_remote_plain, url_secret
from ..diagnostics import Span
from ..envcheck import _positions, _strings
from . import ERROR, INFO, WARNING, rule


def _span(sf, pointer, value, start, end):
    line, col, end_col = _positions(sf, pointer, value, start, end)
    if line is None:
        return None
    return Span(line, col, line, end_col or col)


def _remote(cfg):
    return isinstance(cfg, dict) and cfg.get("type") in ("http", "streamable-http", "sse", "ws")


@rule("SEC001", "insecure-transport", area="security", severity=WARNING, target="plugin",
      sources=["PVA036", "PDS047"])
def insecure_transport(ctx, plugin):
    """An `http://` or `ws://` URL to a host that is not this machine.

    Headers, tokens and tool traffic travel in cleartext. Loopback (`localhost`, `127.0.0.1`, `::1`) is fine for
    local development; `0.0.0.0` and private-network addresses count as remote.

    Wrong: `"url": "http://mcp.example.com/mcp"`, `"url": "ws://10.0.0.5:9000"`
    Right: `"url": "https://mcp.example.com/mcp"`, `"url": "http://localhost:8080/mcp"`
    """
    items = []
    for s in plugin.mcp_servers:
        if isinstance(s.config, dict) and isinstance(s.config.get("url"), str):
            items.append((s.file, s.pointer + ("url",), s.config["url"], f"MCP server '{s.name}'"))
    for h in plugin.hooks:
        if isinstance(h.data.get("url"), str):
            items.append((h.file, h.pointer + ("url",), h.data["url"], f"{h.event} http hook"))
    for sf, ptr, url, who in items:
        scheme = is_remote_plain(url)
        if scheme:
            secure = "https" if scheme == "http" else "wss"
            yield ctx.at(f"{who} uses {scheme}:// to a remote host: credentials travel in cleartext", file=sf,
                         pointer=ptr, hint=f"use {secure}:// (plain {scheme} is fine only for localhost)")


def _config_strings(plugin):
    """(file, pointer, value, what, key name) for every string a credential could hide in."""
    for s in plugin.mcp_servers:
        cfg = s.config
        if not isinstance(cfg, dict):
            continue
        for key in ("headers", "env"):
            if isinstance(cfg.get(key), dict):
                for k, v in cfg[key].items():
                    if isinstance(v, str):
                        yield s.file, s.pointer + (key, k), v, f"MCP server '{s.name}' {key[:-1] if key == 'headers' else key} {k}", k
        if isinstance(cfg.get("args"), list):
            args = cfg["args"]
            for i, v in enumerate(args):
                if isinstance(v, str):
                    prev = args[i - 1] if i > 0 and isinstance(args[i - 1], str) else None
                    name = prev.lstrip("-") if prev and prev.startswith("-") else None
                    if "=" in v and v.startswith("-"):
                        name = v.split("=", 1)[0].lstrip("-")
                    yield s.file, s.pointer + ("args", i), v, f"MCP server '{s.name}' args[{i}]", name
        for key in ("command", "headersHelper", "url"):
            if isinstance(cfg.get(key), str):
                yield s.file, s.pointer + (key,), cfg[key], f"MCP server '{s.name}' {key}", None
    for s in plugin.lsp_servers:
        cfg = s.config
        if isinstance(cfg, dict) and isinstance(cfg.get("env"), dict):
            for k, v in cfg["env"].items():
                if isinstance(v, str):
                    yield s.file, s.pointer + ("env", k), v, f"LSP server '{s.name}' env {k}", k
    for h in plugin.hooks:
        d = h.data
        if isinstance(d.get("command"), str):
            yield h.file, h.pointer + ("command",), d["command"], f"{h.event} hook command", None
        if isinstance(d.get("args"), list):
            for i, v in enumerate(d["args"]):
                if isinstance(v, str):
                    yield h.file, h.pointer + ("args", i), v, f"{h.event} hook args[{i}]", None
        if isinstance(d.get("headers"), dict):
            for k, v in d["headers"].items():
                if isinstance(v, str):
                    yield h.file, h.pointer + ("headers", k), v, f"{h.event} http hook header {k}", k
    for m in plugin.monitors:
        if isinstance(m.config, dict) and isinstance(m.config.get("command"), str):
            yield m.file, m.pointer + ("command",), m.config["command"], f"monitor '{m.name}' command", None
    sj = plugin.settings_json
    if sj is not None and sj.data is not None:
        for ptr, v in _strings(sj.data, ()):
            name = ptr[-1] if ptr and isinstance(ptr[-1], str) else None
            yield sj, ptr, v, f"settings.json {'.'.join(map(str, ptr))}", name
    mf = plugin.manifest
    if mf is not None and isinstance(mf.data, dict):
        for key in ("userConfig",):
            uc = mf.data.get(key)
            if isinstance(uc, dict):
                for opt, spec in uc.items():
                    if isinstance(spec, dict) and isinstance(spec.get("default"), str):
                        yield mf, (key, opt, "default"), spec["default"], f"userConfig '{opt}' default", opt


@rule("SEC002", "hard-coded-credential", area="security", severity=WARNING, target="plugin",
      sources=["PVA035", "PVA038", "PDS048"])
def hard_coded_credential(ctx, plugin):
    """A literal credential in a plugin config.

    Anything in a plugin is published with it: a token in `.mcp.json` headers or env, in stdio args, in a hook
    command or http-hook header, in `settings.json` or a userConfig default is readable by everyone who installs
    the plugin, and stays in git history. Read it from a variable instead (and rotate the leaked one). The
    finding names only the shape and length, never the value.

    Wrong: `"Authorization": "Bearer sk-live_…"`, `"env": {"GITHUB_TOKEN": "ghp_…"}`
    Right: `"Authorization": "Bearer ${API_TOKEN}"`, `"env": {"GITHUB_TOKEN": "${GITHUB_TOKEN}"}`, or a
    `sensitive` userConfig option.
    """
    for sf, ptr, value, what, name in _config_strings(plugin):
        hit = credential_shape(value, name=name)
        if hit is None:
            continue
        desc, s, e = hit
        yield ctx.at(f"{what} holds a literal credential ({desc})", file=sf, span=_span(sf, ptr, value, s, e),
                     pointer=ptr, hint="read it from ${VAR} (documented in the README) or a sensitive userConfig "
                                       "option, and rotate this one: it is published with the plugin")


_SCHEMES = re.compile(r"^\s*(Bearer|Basic|Token|Digest|Negotiate|Bot|ApiKey|AWS4-HMAC-SHA256|DPoP|MAC|HOBA|"
                      r"Mutual|SCRAM-[A-Z0-9-]+|vapid|Splunk|GenieKey|SSWS|Key|JWT|OAuth)\b", re.I)


@rule("SEC003", "authorization-without-scheme", area="security", severity=WARNING, target="plugin",
      sources=["PDS048"])
def authorization_without_scheme(ctx, plugin):
    """An `Authorization` header that is only a variable, without the `Bearer ` scheme.

    `Authorization: ${API_TOKEN}` sends the bare token; most servers expect `Bearer <token>` and answer 401,
    and Claude Code does not fall back to OAuth when a configured Authorization header is rejected. (If the
    variable itself holds `Bearer …`, say so in the README.)

    Wrong: `"Authorization": "${API_TOKEN}"`
    Right: `"Authorization": "Bearer ${API_TOKEN}"`
    """
    for s in plugin.mcp_servers:
        cfg = s.config
        if not isinstance(cfg, dict) or not isinstance(cfg.get("headers"), dict):
            continue
        for k, v in cfg["headers"].items():
            if str(k).lower() != "authorization" or not isinstance(v, str):
                continue
            if _SCHEMES.match(v):
                continue
            if re.fullmatch(r"\s*\$\{[^}]+\}\s*", v):
                yield ctx.at(f"MCP server '{s.name}': Authorization is only a variable, without the 'Bearer ' "
                             "scheme", file=s.file, pointer=s.pointer + ("headers", k),
                             hint="write \"Bearer ${…}\" unless the variable already includes the scheme")


@rule("SEC004", "credential-in-url", area="security", severity=WARNING, target="plugin", sources=["PVA035"])
def credential_in_url(ctx, plugin):
    """A credential in a URL (`?api_key=…`, `https://user:password@host`).

    URLs end up in logs, proxies, error messages and `claude mcp list`. A tenant or workspace id in the URL is
    fine; a token is not: send it in a header. A literal value is reported as a warning, a `${VAR}` as info.

    Wrong: `"url": "https://mcp.example.com/mcp?api_key=${API_KEY}"`
    Right: `"url": "https://mcp.example.com/mcp", "headers": {"X-API-Key": "${API_KEY}"}`
    """
    items = []
    for s in plugin.mcp_servers:
        if isinstance(s.config, dict) and isinstance(s.config.get("url"), str):
            items.append((s.file, s.pointer + ("url",), s.config["url"], f"MCP server '{s.name}'"))
    for h in plugin.hooks:
        if isinstance(h.data.get("url"), str):
            items.append((h.file, h.pointer + ("url",), h.data["url"], f"{h.event} http hook"))
    for sf, ptr, url, who in items:
        hit = url_secret(url)
        if hit is None:
            continue
        desc, s, e = hit
        sev = INFO if "${VAR}" in desc else WARNING
        yield ctx.at(f"{who}: {desc} in the URL", file=sf, span=_span(sf, ptr, url, s, e), pointer=ptr,
                     severity=sev, hint="send credentials in a header (Authorization / X-API-Key), not in the URL")


_ROOT_REF = re.compile(r"^[\"']?\$\{?CLAUDE_PLUGIN_ROOT\}?[\"']?/(.+)$")


def _helper_script(helper: str) -> tuple[str | None, bool]:
    """(plugin-relative script path the helper runs, whether it is run directly (needs +x))."""
    try:
        parts = shlex.split(helper)
    except ValueError:
        parts = helper.split()
    if not parts:
        return None, False
    direct = True
    first = parts[0]
    if first in ("bash", "sh", "zsh", "python", "python3", "node", "ruby", "perl", "deno", "bun") and len(parts) > 1:
        first, direct = parts[1], False
    m = _ROOT_REF.match(first)
    if m:
        return m.group(1).strip("\"'"), direct
    if first.startswith("./"):
        return first[2:], direct
    return None, direct


@rule("SEC005", "headers-helper-script", area="security", severity=ERROR, target="mcp_server",
      sources=["PVA037"])
def headers_helper_script(ctx, server):
    """The `headersHelper` script is missing or not executable.

    Claude Code runs `headersHelper` (from the plugin root, with a 10 s timeout) on every connection to get the
    headers; when the script is missing the server cannot authenticate, and a script run directly needs its
    executable bit. plugin-tui never runs it.

    Wrong: `"headersHelper": "${CLAUDE_PLUGIN_ROOT}/bin/headers.sh"` where the file is not executable.
    Right: `chmod +x bin/headers.sh`, or `"headersHelper": "bash ${CLAUDE_PLUGIN_ROOT}/bin/headers.sh"`.
    """
    cfg = server.config
    if not isinstance(cfg, dict) or not isinstance(cfg.get("headersHelper"), str) or server.plugin is None:
        return
    helper = cfg["headersHelper"]
    ptr = server.pointer + ("headersHelper",)
    if not helper.strip():
        yield ctx.at(f"MCP server '{server.name}': headersHelper is empty", file=server.file, pointer=ptr,
                     hint="name a command that prints a JSON object of headers")
        return
    rel, direct = _helper_script(helper)
    if rel is None:
        return
    full = server.plugin.path(rel)
    idx = ctx.project.index
    if not idx.exists(full):
        yield ctx.at(f"MCP server '{server.name}': headersHelper script {rel} does not exist in the plugin",
                     file=server.file, pointer=ptr, hint=f"add {rel} or fix the path")
        return
    e = idx.get(full)
    if direct and e is not None and e.is_file and not (e.mode & 0o111):
        yield ctx.at(f"MCP server '{server.name}': headersHelper script {rel} is not executable",
                     file=server.file, pointer=ptr, severity=WARNING,
                     hint=f"chmod +x {rel} (and commit the mode), or run it through its interpreter")
