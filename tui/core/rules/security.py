"""Security rules from the MCP authentication guide's DO and DON'T lists (catalogue PVA035–PVA038, PDS047,
PDS048): cleartext transports, literal credentials (never echoed), Authorization
without a scheme, credentials in URLs, headersHelper scripts.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic, Span
from ..base.fixtypes import Edit, Fix, make_fix
from ..lint.context import Context
from ..lint.registry import rule
from ..model.envrefs import json_strings, value_positions
from ..model.plugin import LspServer, McpServer, Plugin, SourceFile
from ..parse.edits import chmod_x, json_prefix_string
from ._kit.jsonedit import string_edit
from ._kit.readme import readme_env_edit
from ._kit.secrets import credential_shape, is_remote_plain, url_secret


def _span(sf: SourceFile | None, pointer: tuple, value: str, start: int, end: int) -> Span | None:
    line, col, end_col = value_positions(sf, pointer, value, start, end)
    if line is None or col is None:
        return None
    return Span(line, col, line, end_col or col)


def _urls(plugin: Plugin) -> Iterator[tuple[SourceFile | None, tuple, str, str]]:
    """(file, pointer, url, who) for every remote MCP server URL and http hook URL of the plugin."""
    for srv in plugin.mcp_servers:
        if isinstance(srv.config, dict) and isinstance(srv.config.get("url"), str):
            yield srv.file, srv.pointer + ("url",), srv.config["url"], f"MCP server '{srv.name}'"
    for h in plugin.hooks:
        if isinstance(h.data.get("url"), str):
            yield h.file, h.pointer + ("url",), h.data["url"], f"{h.event} http hook"


@rule("SEC001", "insecure-transport", area="security", severity=WARNING, target="plugin", sources=["PVA036", "PDS047"])
def insecure_transport(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
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
                fix=_secure_scheme_fix(sf, ptr, url, scheme),
            )


def _secure_scheme_fix(sf: SourceFile | None, pointer: tuple, url: str, scheme: str) -> Fix | None:
    """`http://` → `https://`, `ws://` → `wss://` in the URL at ``pointer`` (unsafe: the server must speak TLS
    there)."""
    start = len(url) - len(url.lstrip())
    if not url[start:].lower().startswith(scheme + "://"):
        return None
    secure = "https" if scheme == "http" else "wss"
    return make_fix(f"use {secure}://", string_edit(sf, pointer, start, start + len(scheme), secure), safe=False)


# the server a credential string belongs to, what kind of server it is and where in its config the string sits
# ("headers", "env", "args"): a literal there can move to a ${VAR}
_Owner = tuple[McpServer | LspServer, str, str]


def _config_strings(plugin: Plugin) -> Iterator[tuple[SourceFile | None, tuple, str, str, str | None, _Owner | None]]:
    """(file, pointer, value, what, key name, owner) for every string a credential could hide in; ``owner`` for the
    strings of MCP headers, env and args and of LSP env, None elsewhere."""
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
                            (s, "MCP server", key),
                        )
        if isinstance(cfg.get("args"), list):
            args = cfg["args"]
            for i, v in enumerate(args):
                if isinstance(v, str):
                    prev = args[i - 1] if i > 0 and isinstance(args[i - 1], str) else None
                    name = prev.lstrip("-") if prev and prev.startswith("-") else None
                    if "=" in v and v.startswith("-"):
                        name = v.split("=", 1)[0].lstrip("-")
                    owner = (s, "MCP server", "args")
                    yield s.file, s.pointer + ("args", i), v, f"MCP server '{s.name}' args[{i}]", name, owner
        for key in ("command", "headersHelper", "url"):
            if isinstance(cfg.get(key), str):
                yield s.file, s.pointer + (key,), cfg[key], f"MCP server '{s.name}' {key}", None, None
    for ls in plugin.lsp_servers:
        lcfg = ls.config
        if isinstance(lcfg, dict) and isinstance(lcfg.get("env"), dict):
            for k, v in lcfg["env"].items():
                if isinstance(v, str):
                    yield (
                        ls.file,
                        ls.pointer + ("env", k),
                        v,
                        f"LSP server '{ls.name}' env {k}",
                        k,
                        (ls, "LSP server", "env"),
                    )
    for h in plugin.hooks:
        d = h.data
        if isinstance(d.get("command"), str):
            yield h.file, h.pointer + ("command",), d["command"], f"{h.event} hook command", None, None
        if isinstance(d.get("args"), list):
            for i, v in enumerate(d["args"]):
                if isinstance(v, str):
                    yield h.file, h.pointer + ("args", i), v, f"{h.event} hook args[{i}]", None, None
        if isinstance(d.get("headers"), dict):
            for k, v in d["headers"].items():
                if isinstance(v, str):
                    yield h.file, h.pointer + ("headers", k), v, f"{h.event} http hook header {k}", k, None
    for m in plugin.monitors:
        if isinstance(m.config, dict) and isinstance(m.config.get("command"), str):
            yield m.file, m.pointer + ("command",), m.config["command"], f"monitor '{m.name}' command", None, None
    sj = plugin.settings_json
    if sj is not None and sj.data is not None:
        for ptr, v in json_strings(sj.data, ()):
            pname = ptr[-1] if ptr and isinstance(ptr[-1], str) else None
            yield sj, ptr, v, f"settings.json {'.'.join(map(str, ptr))}", pname, None
    mf = plugin.manifest
    if mf is not None and isinstance(mf.data, dict):
        for key in ("userConfig",):
            uc = mf.data.get(key)
            if isinstance(uc, dict):
                for opt, spec in uc.items():
                    if isinstance(spec, dict) and isinstance(spec.get("default"), str):
                        yield mf, (key, opt, "default"), spec["default"], f"userConfig '{opt}' default", opt, None


@rule(
    "SEC002",
    "hard-coded-credential",
    area="security",
    severity=WARNING,
    target="plugin",
    sources=["PVA035", "PVA038", "PDS048"],
)
def hard_coded_credential(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A literal credential in a plugin config.

    Anything in a plugin is published with it: a token in `.mcp.json` headers or env, in stdio args, in a hook
    command or http-hook header, in `settings.json` or a userConfig default is readable by everyone who installs
    the plugin, and stays in git history. Read it from a variable instead (and rotate the leaked one). The
    finding names only the shape and length, never the value.

    Wrong: `"Authorization": "Bearer sk-live_…"`, `"env": {"GITHUB_TOKEN": "ghp_…"}`
    Right: `"Authorization": "Bearer ${API_TOKEN}"`, `"env": {"GITHUB_TOKEN": "${GITHUB_TOKEN}"}`, or a
    `sensitive` userConfig option.
    """
    for sf, ptr, value, what, name, owner in _config_strings(plugin):
        hit = credential_shape(value, name=name)
        if hit is None:
            continue
        desc, s, e = hit
        span = _span(sf, ptr, value, s, e)
        yield ctx.at(
            f"{what} holds a literal credential ({desc})",
            file=sf,
            span=span,
            pointer=ptr,
            hint="read it from ${VAR} (documented in the README) or a sensitive userConfig "
            "option, and rotate this one: it is published with the plugin",
            fix=_move_credential_fix(ctx, plugin, owner, sf, ptr, name, s, e)
            if owner is not None and span is not None
            else None,
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


def _move_credential_fix(
    ctx: Context,
    plugin: Plugin,
    owner: _Owner,
    sf: SourceFile | None,
    pointer: tuple,
    name: str | None,
    start: int,
    end: int,
) -> Fix | None:
    """Move the literal ``value[start:end]`` of the string at ``pointer`` to a new `${VAR}` and list the variable in
    the README (unsafe: two files, and users must now set the variable). The title and the README entry never
    contain the secret."""
    srv, kind, where = owner
    if sf is None:
        return None
    var = credential_var_name(str(srv.name), name, where)
    what = {
        "headers": f"the {name} header",
        "env": f"the {name} environment variable",
        "args": f"the --{name} argument" if name else "an argument",
    }[where]
    edits: list[Edit | None] = [string_edit(sf, pointer, start, end, "${" + var + "}")]
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


_SCHEMES = re.compile(
    r"^\s*(Bearer|Basic|Token|Digest|Negotiate|Bot|ApiKey|AWS4-HMAC-SHA256|DPoP|MAC|HOBA|"
    r"Mutual|SCRAM-[A-Z0-9-]+|vapid|Splunk|GenieKey|SSWS|Key|JWT|OAuth)\b",
    re.I,
)


@rule("SEC003", "authorization-without-scheme", area="security", severity=WARNING, target="plugin", sources=["PDS048"])
def authorization_without_scheme(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
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
                ptr = s.pointer + ("headers", k)
                yield ctx.at(
                    f"MCP server '{s.name}': Authorization is only a variable, without the 'Bearer ' scheme",
                    file=s.file,
                    pointer=ptr,
                    hint='write "Bearer ${…}" unless the variable already includes the scheme',
                    fix=_bearer_fix(s.file, ptr, v),
                )


def _bearer_fix(sf: SourceFile | None, pointer: tuple, value: str) -> Fix | None:
    """`"${API_TOKEN}"` → `"Bearer ${API_TOKEN}"` (safe); None when the value is more than the variable."""
    if _SCHEMES.match(value) or not re.fullmatch(r"\$\{[^}]+\}", value):
        return None
    return make_fix("add the Bearer scheme", json_prefix_string(sf, pointer, "Bearer "))


@rule("SEC004", "credential-in-url", area="security", severity=WARNING, target="plugin", sources=["PVA035"])
def credential_in_url(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
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
def headers_helper_script(ctx: Context, server: McpServer) -> Iterator[Diagnostic]:
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
            fix=make_fix(f"chmod +x {rel}", chmod_x(full, e.mode)),
        )
