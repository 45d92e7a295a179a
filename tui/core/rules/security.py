"""Security rules from the MCP authentication guide's DO and DON'T lists (spec F.4; PVA035–PVA038, PDS047, PDS048;
reference-validator §3.4 and §5 row 4): cleartext transports, literal credentials (never echoed), Authorization
without a scheme, credentials in URLs, headersHelper scripts.
"""

from __future__ import annotations

import re
import shlex

from ..base.diagnostics import ERROR, INFO, WARNING, Span
from ..base.fixtypes import make_fix
from ..lint.fixers import fixer
from ..lint.registry import rule
from ..model.envrefs import json_strings, value_positions
from ..parse.edits import chmod_x, json_prefix_string
from ._kit.jsonedit import diag_at, diag_at_span, string_edit
from ._kit.secrets import credential_shape, is_remote_plain, url_secret


def _span(sf, pointer, value, start, end):
    line, col, end_col = value_positions(sf, pointer, value, start, end)
    if line is None:
        return None
    return Span(line, col, line, end_col or col)


def _remote(cfg):
    return isinstance(cfg, dict) and cfg.get("type") in ("http", "streamable-http", "sse", "ws")


def _urls(plugin):
    """(file, pointer, url, who) for every remote MCP server URL and http hook URL of the plugin."""
    for srv in plugin.mcp_servers:
        if isinstance(srv.config, dict) and isinstance(srv.config.get("url"), str):
            yield srv.file, srv.pointer + ("url",), srv.config["url"], f"MCP server '{srv.name}'"
    for h in plugin.hooks:
        if isinstance(h.data.get("url"), str):
            yield h.file, h.pointer + ("url",), h.data["url"], f"{h.event} http hook"


@rule("SEC001", "insecure-transport", area="security", severity=WARNING, target="plugin", sources=["PVA036", "PDS047"])
def insecure_transport(ctx, plugin):
    """An `http://` or `ws://` URL to a host that is not this machine.

    Headers, tokens and tool traffic travel in cleartext. Loopback (`localhost`, `127.0.0.1`, `::1`) is fine for
    local development; `0.0.0.0` and private-network addresses count as remote.

    Wrong: `"url": "http://mcp.example.com/mcp"`, `"url": "ws://10.0.0.5:9000"`
    Right: `"url": "https://mcp.example.com/mcp"`, `"url": "http://localhost:8080/mcp"`
    """
    for sf, ptr, url, who in _urls(plugin):
        scheme = is_remote_plain(url)
        if scheme:
            secure = "https" if scheme == "http" else "wss"
            yield ctx.at(
                f"{who} uses {scheme}:// to a remote host: credentials travel in cleartext",
                file=sf,
                pointer=ptr,
                hint=f"use {secure}:// (plain {scheme} is fine only for localhost)",
            )


@fixer("SEC001")
def _fix_insecure_transport(ctx, diag, plugin):
    """`http://` → `https://`, `ws://` → `wss://` (unsafe: the server must speak TLS there)."""
    items = [
        (s.file, s.pointer + ("url",), s.config["url"])
        for s in plugin.mcp_servers
        if isinstance(s.config, dict) and isinstance(s.config.get("url"), str)
    ]
    items += [(h.file, h.pointer + ("url",), h.data["url"]) for h in plugin.hooks if isinstance(h.data.get("url"), str)]
    for sf, ptr, url in items:
        if not diag_at(sf, diag, ptr):
            continue
        scheme = is_remote_plain(url)
        if not scheme:
            return None
        start = len(url) - len(url.lstrip())
        if not url[start:].lower().startswith(scheme + "://"):
            return None
        secure = "https" if scheme == "http" else "wss"
        return make_fix(f"use {secure}://", string_edit(sf, ptr, start, start + len(scheme), secure), safe=False)
    return None


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
                        yield (
                            s.file,
                            s.pointer + (key, k),
                            v,
                            f"MCP server '{s.name}' {key[:-1] if key == 'headers' else key} {k}",
                            k,
                        )
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
        for ptr, v in json_strings(sj.data, ()):
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


@rule(
    "SEC002",
    "hard-coded-credential",
    area="security",
    severity=WARNING,
    target="plugin",
    sources=["PVA035", "PVA038", "PDS048"],
)
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
        yield ctx.at(
            f"{what} holds a literal credential ({desc})",
            file=sf,
            span=_span(sf, ptr, value, s, e),
            pointer=ptr,
            hint="read it from ${VAR} (documented in the README) or a sensitive userConfig "
            "option, and rotate this one: it is published with the plugin",
        )


def _var_part(s: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").upper()


def credential_var_name(server: str, key: str | None, where: str) -> str:
    """The variable a literal credential moves to: the env key itself (`GITHUB_TOKEN`), else the server name and
    what the header or flag holds (`API_TOKEN` for server `api`'s Authorization header)."""
    if where == "env" and key and re.fullmatch(r"[A-Z][A-Z0-9_]*", key):
        return key
    srv = _var_part(server) or "PLUGIN"
    if srv[0].isdigit():
        srv = "S_" + srv
    if where == "headers" and (key or "").lower() in ("authorization", "proxy-authorization"):
        suffix = "TOKEN"
    else:
        suffix = _var_part(re.sub(r"^x-", "", key or "", flags=re.I)) or "SECRET"
    if suffix == srv or suffix.startswith(srv + "_"):
        return suffix
    return f"{srv}_{suffix}"


def _credential_candidates(srv, kind: str):
    """(where, pointer tail, value, name) for the server strings whose literal credential can move to a variable."""
    cfg = srv.config
    if not isinstance(cfg, dict):
        return
    for where in ("headers", "env"):
        if isinstance(cfg.get(where), dict) and (where == "env" or kind == "MCP server"):
            for k, v in cfg[where].items():
                if isinstance(v, str):
                    yield where, (where, k), v, k
    if kind == "MCP server" and isinstance(cfg.get("args"), list):
        args = cfg["args"]
        for i, v in enumerate(args):
            if not isinstance(v, str):
                continue
            prev = args[i - 1] if i > 0 and isinstance(args[i - 1], str) else None
            name = prev.lstrip("-") if prev and prev.startswith("-") else None
            if "=" in v and v.startswith("-"):
                name = v.split("=", 1)[0].lstrip("-")
            yield "args", ("args", i), v, name


@fixer("SEC002")
def _fix_hard_coded_credential(ctx, diag, plugin):
    """Move the literal to a new `${VAR}` and list the variable in the README (unsafe: two files, and users must
    now set the variable). The title and the README entry never contain the secret."""
    from ._kit.readme import readme_env_edit

    servers = [(s, "MCP server") for s in plugin.mcp_servers] + [(s, "LSP server") for s in plugin.lsp_servers]
    for srv, kind in servers:
        if srv.file is None:
            continue
        for where, tail, v, name in _credential_candidates(srv, kind):
            ptr = srv.pointer + tail
            hit = credential_shape(v, name=name)
            if hit is None:
                continue
            desc, s, e = hit
            if not diag_at_span(diag, srv.file.rel, _span(srv.file, ptr, v, s, e)):
                continue
            var = credential_var_name(str(srv.name), name, where)
            what = {
                "headers": f"the {name} header",
                "env": f"the {name} environment variable",
                "args": f"the --{name} argument" if name else "an argument",
            }[where]
            edits = [string_edit(srv.file, ptr, s, e, "${" + var + "}")]
            doc = readme_env_edit(
                ctx, plugin, [(var, f"credential for the {kind} '{srv.name}' ({what}); never commit its value")]
            )
            if doc is not None:
                edits.append(doc)
            return make_fix(
                f"move the credential to ${{{var}}} and document it in the README",
                edits,
                safe=False,
                description="rotate the old credential: it stays in the git history",
            )
    return None


_SCHEMES = re.compile(
    r"^\s*(Bearer|Basic|Token|Digest|Negotiate|Bot|ApiKey|AWS4-HMAC-SHA256|DPoP|MAC|HOBA|"
    r"Mutual|SCRAM-[A-Z0-9-]+|vapid|Splunk|GenieKey|SSWS|Key|JWT|OAuth)\b",
    re.I,
)


@rule("SEC003", "authorization-without-scheme", area="security", severity=WARNING, target="plugin", sources=["PDS048"])
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
                yield ctx.at(
                    f"MCP server '{s.name}': Authorization is only a variable, without the 'Bearer ' scheme",
                    file=s.file,
                    pointer=s.pointer + ("headers", k),
                    hint='write "Bearer ${…}" unless the variable already includes the scheme',
                )


@fixer("SEC003")
def _fix_authorization_without_scheme(ctx, diag, plugin):
    """`"${API_TOKEN}"` → `"Bearer ${API_TOKEN}"` (safe)."""
    for s in plugin.mcp_servers:
        cfg = s.config
        if not isinstance(cfg, dict) or not isinstance(cfg.get("headers"), dict):
            continue
        for k, v in cfg["headers"].items():
            ptr = s.pointer + ("headers", k)
            if isinstance(v, str) and str(k).lower() == "authorization" and diag_at(s.file, diag, ptr):
                if _SCHEMES.match(v) or not re.fullmatch(r"\$\{[^}]+\}", v):
                    return None
                return make_fix("add the Bearer scheme", json_prefix_string(s.file, ptr, "Bearer "))
    return None


@rule("SEC004", "credential-in-url", area="security", severity=WARNING, target="plugin", sources=["PVA035"])
def credential_in_url(ctx, plugin):
    """A credential in a URL (`?api_key=…`, `https://user:password@host`).

    URLs end up in logs, proxies, error messages and `claude mcp list`. A tenant or workspace id in the URL is
    fine; a token is not: send it in a header. A literal value is reported as a warning, a `${VAR}` as info.

    Wrong: `"url": "https://mcp.example.com/mcp?api_key=${API_KEY}"`
    Right: `"url": "https://mcp.example.com/mcp", "headers": {"X-API-Key": "${API_KEY}"}`
    """
    for sf, ptr, url, who in _urls(plugin):
        hit = url_secret(url)
        if hit is None:
            continue
        desc, s, e = hit
        sev = INFO if "${VAR}" in desc else WARNING
        yield ctx.at(
            f"{who}: {desc} in the URL",
            file=sf,
            span=_span(sf, ptr, url, s, e),
            pointer=ptr,
            severity=sev,
            hint="send credentials in a header (Authorization / X-API-Key), not in the URL",
        )


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


@rule("SEC005", "headers-helper-script", area="security", severity=ERROR, target="mcp_server", sources=["PVA037"])
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
        yield ctx.at(
            f"MCP server '{server.name}': headersHelper is empty",
            file=server.file,
            pointer=ptr,
            hint="name a command that prints a JSON object of headers",
        )
        return
    rel, direct = _helper_script(helper)
    if rel is None:
        return
    full = server.plugin.path(rel)
    idx = ctx.project.index
    if not idx.exists(full):
        yield ctx.at(
            f"MCP server '{server.name}': headersHelper script {rel} does not exist in the plugin",
            file=server.file,
            pointer=ptr,
            hint=f"add {rel} or fix the path",
        )
        return
    e = idx.get(full)
    if direct and e is not None and e.is_file and not (e.mode & 0o111):
        yield ctx.at(
            f"MCP server '{server.name}': headersHelper script {rel} is not executable",
            file=server.file,
            pointer=ptr,
            severity=WARNING,
            hint=f"chmod +x {rel} (and commit the mode), or run it through its interpreter",
        )


@fixer("SEC005")
def _fix_headers_helper_script(ctx, diag, server):
    """chmod +x the headersHelper script (safe)."""
    cfg = server.config
    if not isinstance(cfg, dict) or not isinstance(cfg.get("headersHelper"), str) or server.plugin is None:
        return None
    rel, direct = _helper_script(cfg["headersHelper"])
    if rel is None or not direct:
        return None
    full = server.plugin.path(rel)
    e = ctx.project.index.get(full)
    if e is None or not e.is_file or e.mode & 0o111:
        return None
    return make_fix(f"chmod +x {rel}", chmod_x(full, e.mode))
