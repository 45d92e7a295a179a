"""MCP server rules: file shape, per-type fields, URLs, oauth,
tool names in allowed-tools. Credentials and transport security live in ``security.py``; variables in ``env.py``.
"""

from __future__ import annotations

import difflib
import json
import posixpath
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..base.fixtypes import Fix, make_fix
from ..base.suggest import nearest_key
from ..lint.context import Context
from ..lint.registry import rule
from ..model.plugin import MarkdownComponent, McpServer, Plugin, SourceFile
from ..parse.edits import (
    json_insert_member,
    json_prefix_string,
    json_remove_member,
    json_rename_key,
    json_set_value,
)
from ..spec.schema import schema_errors
from ._kit.jsonedit import plugin_tail, string_edit
from ._kit.markdown import fm_token_span

KNOWN_TYPES = ("stdio", "http", "streamable-http", "sse", "ws")
HOST_TYPES = ("sdk", "sse-ide", "ws-ide")
STDIO_KEYS = {"type", "command", "args", "env", "cwd", "timeout", "alwaysLoad", "network"}
REMOTE_KEYS = {"type", "url", "headers", "headersHelper", "oauth", "timeout", "alwaysLoad"}
ALL_KEYS = STDIO_KEYS | REMOTE_KEYS
# keys people put on servers as comments; Claude Code ignores them
COMMENT_KEYS = ("description", "_comment", "_docs", "comment", "$comment", "_description", "name", "directory")


def _cfg(server: McpServer) -> dict | None:
    return server.config if isinstance(server.config, dict) else None


def _remote(cfg: dict) -> bool:
    t = cfg.get("type")
    return t in ("http", "streamable-http", "sse", "ws")


def comment_member(name: Any, value: Any) -> bool:
    """A member of a server map that is a note, not a server: a non-object under a comment-like name."""
    n = str(name)
    return not isinstance(value, dict) and (n.startswith(("_", "$")) or n.lower() in COMMENT_KEYS)


_VALIDATE_DROPS = (
    "`claude plugin validate` rejects this; Claude Code 2.1.332 loads the plugin and ignores the "
    'member (its debug log says "Invalid MCP server config for {name}")'
)


@rule("MCP001", "mcp-file-shape", area="mcp", severity=ERROR, target="plugin", sources=["IMP011", "PVA028", "PVA008"])
def mcp_file_shape(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """An MCP file whose shape loses servers, or holds notes where Claude Code expects servers.

    Claude Code reads `.mcp.json` (and files named by `mcpServers` in plugin.json) as `file.mcpServers || file`:
    with a (non-empty) `mcpServers` member only the servers inside it load and every other top-level member is
    ignored; without one, the top-level members are the servers (the flat form, which plugin-dev's MCP guide
    writes; Claude Code 2.1.332 loads it). Each server is validated on its own: a note such as
    `"_comment": "…"` among the servers is dropped with "Invalid MCP server config for _comment" in the debug log
    and `claude plugin validate` rejects the file. An array is keyed by index ("0", "1", …); a string or number
    loads nothing.

    Wrong: `{"mcpServers": {"api": {…}}, "search": {"command": "…"}}` (search never loads)
    Right: `{"mcpServers": {"api": {…}, "search": {"command": "…"}}}`, or the flat `{"api": {…}, "search": {…}}`
    """
    for sf in plugin.mcp_files:
        data = sf.data
        if data is None:
            continue  # unreadable / invalid JSON: FILE rules
        name = sf.rel.rsplit("/", 1)[-1]
        if isinstance(data, list):
            yield ctx.at(
                f"{name} is an array: Claude Code keys its servers by array index ('0', '1', …)",
                file=sf,
                pointer=(),
                severity=WARNING,
                hint='use an object keyed by server name: {"<name>": {…}}',
            )
            continue
        if not isinstance(data, dict):
            yield ctx.at(
                f"{name} must be an object mapping server names (got {type(data).__name__}); "
                "no server is loaded from it",
                file=sf,
                pointer=(),
                hint='write {"<name>": {…}}',
            )
            continue
        ms = data.get("mcpServers")
        if "mcpServers" in data and ms not in (None, False, 0, ""):
            members: dict = {}
            base: tuple[str, ...]
            if isinstance(ms, list):
                yield ctx.at(
                    "'mcpServers' is an array: Claude Code keys its servers by array index ('0', '1', …)",
                    file=sf,
                    pointer=("mcpServers",),
                    severity=WARNING,
                    hint='use an object: "mcpServers": {"<name>": {…}}',
                )
            elif not isinstance(ms, dict):
                yield ctx.at(
                    "'mcpServers' must be an object mapping server names; no server is loaded from this file",
                    file=sf,
                    pointer=("mcpServers",),
                    hint='"mcpServers": {"<name>": {…}}',
                )
            else:
                members = ms
            for k, v in data.items():
                if k == "mcpServers" or not isinstance(v, dict):
                    continue  # notes and $schema beside mcpServers are ignored, as their authors mean
                fix = None
                if isinstance(ms, dict) and k not in ms:
                    fix = make_fix(
                        f"move '{k}' into mcpServers",
                        [json_remove_member(sf, (k,)), json_insert_member(sf, ("mcpServers",), k, v)],
                        safe=False,
                    )
                yield ctx.at(
                    f"server '{k}' sits next to 'mcpServers', where Claude Code never reads it: with an "
                    "'mcpServers' member only the servers inside it load",
                    file=sf,
                    pointer=(k,),
                    key=True,
                    severity=WARNING,
                    hint="move it inside mcpServers",
                    fix=fix,
                )
            base = ("mcpServers",)
        else:
            if "mcpServers" in data:
                yield ctx.at(
                    f"'mcpServers' is {json.dumps(ms)}: Claude Code then reads the "
                    "top-level members as servers and drops 'mcpServers' as an invalid one",
                    file=sf,
                    pointer=("mcpServers",),
                    key=True,
                    severity=WARNING,
                    hint='remove it, or write "mcpServers": {…} with the servers inside',
                )
            members = {k: v for k, v in data.items() if k != "mcpServers"}
            base = ()
        for k, v in members.items():
            if comment_member(k, v):
                yield ctx.at(
                    f"'{k}' is not a server: " + _VALIDATE_DROPS.format(name=k),
                    file=sf,
                    pointer=base + (k,),
                    key=True,
                    severity=WARNING,
                    hint="move notes to the README"
                    if base
                    else 'move notes to the README, or wrap the servers in "mcpServers" (notes beside it are ignored)',
                )


@rule("MCP002", "mcp-server-not-object", area="mcp", severity=ERROR, target="mcp_server", sources=["PVA029"])
def mcp_server_not_object(ctx: Context, server: McpServer) -> Iterator[Diagnostic]:
    """A server config is not an object.

    Claude Code silently drops a server whose config is a string, array or number.

    Wrong: `"mcpServers": {"api": "https://mcp.example.com"}`
    Right: `"mcpServers": {"api": {"type": "http", "url": "https://mcp.example.com"}}`
    """
    if isinstance(server.config, dict) or (server.origin != "inline" and comment_member(server.name, server.config)):
        return  # a note among the servers of a file: MCP001
    yield ctx.at(
        f"MCP server '{server.name}': the config must be an object; Claude Code silently drops it",
        file=server.file,
        pointer=server.pointer,
        hint='{"command": "…"} for a local server, {"type": "http", "url": "…"} for a remote one',
    )


@rule("MCP003", "mcp-url-without-type", area="mcp", severity=ERROR, target="mcp_server", sources=["OFF044", "IMP012"])
def mcp_url_without_type(ctx: Context, server: McpServer) -> Iterator[Diagnostic]:
    """A server has a `url` but no `type`.

    Without `type` the entry is read as a stdio server, fails for lacking `command`, and is dropped. In
    `.mcp.json` `plugin details` still lists the server, but when a session starts Claude Code 2.1.332 logs
    "Invalid MCP server config for <name>" and never configures it (`claude mcp list` does not show it). In
    plugin.json's inline `mcpServers` the manifest fails validation and Claude Code refuses the whole plugin.

    Wrong: `{"url": "https://mcp.example.com/mcp"}`
    Right: `{"type": "http", "url": "https://mcp.example.com/mcp"}`
    """
    cfg = _cfg(server)
    if cfg is not None and "url" in cfg and "type" not in cfg and "command" not in cfg:
        if server.origin == "inline":
            what = (
                "in plugin.json this makes the manifest invalid, so Claude Code 2.1.332 refuses the plugin "
                '("mcpServers: Invalid input")'
            )
        else:
            what = (
                "`plugin details` lists it, but Claude Code 2.1.332 drops it when a session starts "
                f'("Invalid MCP server config for {server.name}")'
            )
        yield ctx.at(
            f'MCP server "{server.name}" has a "url" but no "type": {what}',
            file=server.file,
            pointer=server.pointer + ("url",),
            key=True,
            hint='add "type": "http" (or "sse" / "ws") to this entry',
            fix=_type_from_url_fix(server.file, server.pointer, cfg["url"]),
        )


def _url_type(url: Any) -> tuple[str, bool]:
    """The transport a url most likely means, and whether that is certain."""
    if not isinstance(url, str):
        return "http", True
    low = url.strip().lower()
    if low.startswith(("ws://", "wss://")):
        return "ws", True
    try:
        path = urlsplit(low).path
    except ValueError:
        path = ""
    if re.search(r"(^|/)sse/?$", path) or "/sse/" in path:
        return "sse", False
    return "http", True


def _type_from_url_fix(sf: SourceFile | None, server_pointer: tuple, url: Any) -> Fix | None:
    """Add the `type` the URL implies to the server at ``server_pointer``: `http` (safe), `ws` for ws:// (safe),
    `sse` for a …/sse path (unsafe)."""
    t, sure = _url_type(url)
    return make_fix(f'add "type": "{t}"', json_insert_member(sf, server_pointer, "type", t), safe=sure)


@rule("MCP004", "mcp-unknown-type", area="mcp", severity=ERROR, target="mcp_server", sources=["PVA029"])
def mcp_unknown_type(ctx: Context, server: McpServer) -> Iterator[Diagnostic]:
    """A server `type` that plugins cannot use.

    Plugins may use `stdio`, `http` (alias `streamable-http`), `sse` and `ws`. `sdk`, `sse-ide` and `ws-ide`
    are registered by the host application; `claudeai-proxy` only by claude.ai connectors; anything else is
    unknown and the server is dropped.

    Wrong: `"type": "grpc"`, `"type": "HTTP"`
    Right: `"type": "http"`
    """
    cfg = _cfg(server)
    if cfg is None or "type" not in cfg:
        return
    t = cfg["type"]
    ptr = server.pointer + ("type",)
    if not isinstance(t, str):
        yield ctx.at(f"MCP server '{server.name}': 'type' must be a string", file=server.file, pointer=ptr)
    elif t in KNOWN_TYPES:
        return
    elif t in HOST_TYPES:
        yield ctx.at(
            f"MCP server '{server.name}': type \"{t}\" is registered by the host application, not by plugins",
            file=server.file,
            pointer=ptr,
            hint='use "stdio", "http", "sse" or "ws"',
        )
    elif t == "claudeai-proxy":
        yield ctx.at(
            f"MCP server '{server.name}': type \"claudeai-proxy\" is used only by claude.ai connectors",
            file=server.file,
            pointer=ptr,
            hint='use "http" with the server URL',
        )
    else:
        close = difflib.get_close_matches(t.lower(), KNOWN_TYPES, n=1, cutoff=0.6)
        hint = f'did you mean "{close[0]}"?' if close else 'use "stdio", "http", "sse" or "ws"'
        yield ctx.at(
            f"MCP server '{server.name}': unknown server type \"{t}\"",
            file=server.file,
            pointer=ptr,
            hint=hint,
            fix=_known_type_fix(server.file, ptr, t),
        )


def _known_type_fix(sf: SourceFile | None, type_pointer: tuple, t: str) -> Fix | None:
    """For the unknown type ``t`` at ``type_pointer``: `"HTTP"` / `"streamable_http"` → the known type (safe); a
    near miss → the closest type (unsafe); None when no type is close."""
    norm = t.strip().lower().replace("_", "-")
    same = [k for k in KNOWN_TYPES if k == norm or k.replace("-", "") == norm.replace("-", "")]
    if same:
        new, safe = same[0], True
    else:
        close = difflib.get_close_matches(t.lower(), KNOWN_TYPES, n=1, cutoff=0.6)
        if not close:
            return None
        new, safe = close[0], False
    return make_fix(f'write "type": "{new}"', json_set_value(sf, type_pointer, new), safe=safe)


@rule("MCP005", "mcp-field-type", area="mcp", severity=ERROR, target="mcp_server", sources=["PVA029", "PVA008"])
def mcp_field_type(ctx: Context, server: McpServer) -> Iterator[Diagnostic]:
    """A server field has the wrong type.

    `args` is a string array, `env` and `headers` map names to strings, `headersHelper` is a string,
    `timeout` a positive integer (milliseconds), `alwaysLoad` a boolean, `oauth.callbackPort` an integer > 0 and
    `oauth.scopes` a non-empty string. Claude Code validates the config and silently drops a server that fails.

    Wrong: `"args": "--port 8080"`, `"env": {"PORT": 8080}`, `"timeout": "30s"`
    Right: `"args": ["--port", "8080"]`, `"env": {"PORT": "8080"}`, `"timeout": 30000`
    """
    cfg = _cfg(server)
    if cfg is None:
        return
    for ptr, msg in schema_errors("mcp", cfg):
        yield ctx.at(
            f"MCP server '{server.name}': {msg}",
            file=server.file,
            pointer=server.pointer + ptr,
            hint="Claude Code drops a server whose config does not validate",
        )


@rule("MCP006", "mcp-required-field", area="mcp", severity=ERROR, target="mcp_server", sources=["PVA029"])
def mcp_required_field(ctx: Context, server: McpServer) -> Iterator[Diagnostic]:
    """A stdio server without `command`, or a remote server without `url`.

    stdio servers (no `type`, or `"type": "stdio"`) need a non-empty `command`; `http`, `sse` and `ws` servers need
    a `url`. Without them Claude Code drops the server.

    Wrong: `{"args": ["server.js"]}`, `{"type": "http"}`
    Right: `{"command": "node", "args": ["${CLAUDE_PLUGIN_ROOT}/server.js"]}`
    """
    cfg = _cfg(server)
    if cfg is None:
        return
    t = cfg.get("type")
    if _remote(cfg):
        if "url" not in cfg:
            yield ctx.at(
                f"MCP server '{server.name}' ({t}) has no 'url'",
                file=server.file,
                pointer=server.pointer,
                key=True,
                hint='add "url": "https://…"',
            )
    elif t in (None, "stdio") and "url" not in cfg:
        c = cfg.get("command")
        if c is None:
            yield ctx.at(
                f"MCP server '{server.name}' has no 'command'",
                file=server.file,
                pointer=server.pointer,
                key=True,
                hint='add "command": "<executable>" (or "type" + "url" for a remote server)',
            )
        elif isinstance(c, str) and not c.strip():
            yield ctx.at(
                f"MCP server '{server.name}': 'command' is empty",
                file=server.file,
                pointer=server.pointer + ("command",),
                hint="name the executable to run",
            )


def _absolute_url(url: str) -> bool:
    try:
        p = urlsplit(url.strip())
    except ValueError:
        return False
    return bool(p.scheme) and bool(p.netloc) and p.scheme.lower() in ("http", "https", "ws", "wss")


@rule("MCP007", "mcp-url-invalid", area="mcp", severity=ERROR, target="mcp_server", sources=["PVA029"])
def mcp_url_invalid(ctx: Context, server: McpServer) -> Iterator[Diagnostic]:
    """A remote server's `url` is not an absolute http(s)/ws(s) URL.

    Claude Code rejects it ("url is not a valid absolute URL"). URLs that are or start with a `${VAR}` are
    accepted unchecked, because they are only known at run time.

    Wrong: `"url": "mcp.example.com/mcp"`, `"url": "/mcp"`
    Right: `"url": "https://mcp.example.com/mcp"`, `"url": "${API_BASE_URL}/mcp"`
    """
    cfg = _cfg(server)
    if cfg is None or not _remote(cfg) or not isinstance(cfg.get("url"), str):
        return
    url = cfg["url"]
    if "${" in url.split("?")[0].split("/")[0] or url.startswith("${") or re.match(r"^[a-z]+://\$\{", url, re.I):
        return
    if not url.strip():
        # Anthropic's own marketplaces ship such placeholders and Claude Code's validator passes them: the server
        # is simply not connected, so this is a warning, not a load failure
        yield ctx.at(
            f"MCP server '{server.name}': 'url' is empty, so this server never connects",
            file=server.file,
            pointer=server.pointer + ("url",),
            severity=WARNING,
            hint='write the full URL, e.g. "https://mcp.example.com/mcp", or remove the placeholder',
        )
    elif not _absolute_url(url.replace("${", "x").replace("}", "")):
        yield ctx.at(
            f"MCP server '{server.name}': url is not a valid absolute URL",
            file=server.file,
            pointer=server.pointer + ("url",),
            hint='write the full URL with its scheme, e.g. "https://…"',
            fix=_url_scheme_fix(server.file, server.pointer + ("url",), url, cfg.get("type")),
        )
    elif cfg.get("type") == "ws" and not re.match(r"^wss?://", url, re.I):
        if url.lower().startswith("https://"):
            # Claude Code 2.1.332 connects a ws server with an https:// url to the same address over wss://
            yield ctx.at(
                f"MCP server '{server.name}': a ws server's URL is usually wss://; Claude Code connects to "
                "this one over wss://",
                file=server.file,
                pointer=server.pointer + ("url",),
                severity=INFO,
                hint="write wss://…",
            )
        else:
            yield ctx.at(
                f"MCP server '{server.name}': a ws server needs a ws:// or wss:// URL",
                file=server.file,
                pointer=server.pointer + ("url",),
                severity=WARNING,
                hint="use wss://…",
            )


def _url_scheme_fix(sf: SourceFile | None, url_pointer: tuple, url: str, server_type: Any) -> Fix | None:
    """Add the missing scheme to `mcp.example.com/mcp` (unsafe: https, or http for this machine; ws/wss for a ws
    server); None when the URL is not a host name and path."""
    u = url.strip()
    if u != url or "://" in u or not re.match(r"^(localhost|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)(:\d+)?(/|$)", u):
        return None
    host = u.split("/", 1)[0].split(":", 1)[0]
    scheme = "ws" if server_type == "ws" else "http"
    if host not in ("localhost", "127.0.0.1"):
        scheme += "s"
    return make_fix(f"add the scheme {scheme}://", json_prefix_string(sf, url_pointer, f"{scheme}://"), safe=False)


@rule("MCP008", "mcp-oauth-metadata-not-https", area="mcp", severity=ERROR, target="mcp_server", sources=["OFF045"])
def mcp_oauth_metadata(ctx: Context, server: McpServer) -> Iterator[Diagnostic]:
    """`oauth.authServerMetadataUrl` is not an `https://` URL, or `oauth` is set where it does nothing.

    Claude Code requires the authorization-server metadata URL to be https. `oauth` only applies to http and sse
    servers: ws servers authenticate with headers only, and stdio servers have no OAuth.

    Wrong: `"oauth": {"authServerMetadataUrl": "http://auth.example.com/.well-known/oauth-authorization-server"}`
    Right: `"oauth": {"authServerMetadataUrl": "https://auth.example.com/.well-known/oauth-authorization-server"}`
    """
    cfg = _cfg(server)
    if cfg is None or not isinstance(cfg.get("oauth"), dict):
        return
    o = cfg["oauth"]
    u = o.get("authServerMetadataUrl")
    if isinstance(u, str) and not u.lower().startswith("https://"):
        ptr = server.pointer + ("oauth", "authServerMetadataUrl")
        yield ctx.at(
            f"MCP server '{server.name}': oauth.authServerMetadataUrl must be an https:// URL",
            file=server.file,
            pointer=ptr,
            hint="use the https:// address of the authorization server's metadata",
            fix=_https_fix(server.file, ptr, u),
        )
    t = cfg.get("type")
    if t == "ws" or (t in (None, "stdio") and "url" not in cfg):
        yield ctx.at(
            f"MCP server '{server.name}': 'oauth' has no effect on a {t or 'stdio'} server "
            "(OAuth works for http and sse)",
            file=server.file,
            pointer=server.pointer + ("oauth",),
            key=True,
            severity=WARNING,
            hint="use headers (or a headersHelper) for ws servers",
        )


def _https_fix(sf: SourceFile | None, pointer: tuple, url: str) -> Fix | None:
    """`http://` → `https://` for the authorization-server metadata URL at ``pointer`` (unsafe); None for any other
    scheme."""
    if not url.lower().startswith("http://"):
        return None
    return make_fix("use https://", string_edit(sf, pointer, 0, len("http://"), "https://"), safe=False)


@rule("MCP009", "mcp-sse-deprecated", area="mcp", severity=INFO, target="mcp_server", sources=["IMP012"])
def mcp_sse_deprecated(ctx: Context, server: McpServer) -> Iterator[Diagnostic]:
    """The server uses the deprecated `sse` transport.

    SSE still works, but the MCP spec and Claude Code recommend Streamable HTTP (`"type": "http"`). Most servers
    that speak SSE also serve HTTP at `/mcp`.

    Wrong: `{"type": "sse", "url": "https://mcp.example.com/sse"}`
    Right: `{"type": "http", "url": "https://mcp.example.com/mcp"}`
    """
    cfg = _cfg(server)
    if cfg is not None and cfg.get("type") == "sse":
        yield ctx.at(
            f"MCP server '{server.name}' uses the deprecated sse transport",
            file=server.file,
            pointer=server.pointer + ("type",),
            hint='prefer "type": "http" if the server supports it',
        )


@rule("MCP010", "mcp-unknown-key", area="mcp", severity=INFO, target="mcp_server", sources=["PVA029"])
def mcp_unknown_key(ctx: Context, server: McpServer) -> Iterator[Diagnostic]:
    """A server key that Claude Code does not read.

    Unknown keys are ignored. Typos (`header`, `Env`, `arguments`) silently lose configuration; comment keys
    such as `description` are harmless but do nothing.

    Wrong: `{"command": "node", "arguments": ["server.js"]}`
    Right: `{"command": "node", "args": ["server.js"]}`
    """
    cfg = _cfg(server)
    if cfg is None:
        return
    for k in cfg:
        if k in ALL_KEYS or k in COMMENT_KEYS:
            continue
        close = difflib.get_close_matches(k, sorted(ALL_KEYS), n=1, cutoff=0.7)
        if not close:
            close = [x for x in ALL_KEYS if x.lower() == k.lower()] or (["args"] if k == "arguments" else [])
        hint = f"did you mean '{close[0]}'?" if close else "remove it, or move notes to the README"
        sev = WARNING if close else INFO
        yield ctx.at(
            f"MCP server '{server.name}': unknown key '{k}' is ignored",
            file=server.file,
            pointer=server.pointer + (k,),
            key=True,
            hint=hint,
            severity=sev,
            fix=_rename_key_fix(server.file, server.pointer, cfg, k),
        )


def _rename_key_fix(sf: SourceFile | None, server_pointer: tuple, cfg: dict, k: str) -> Fix | None:
    """Rename the unknown key ``k`` of the server config ``cfg`` to the known key it surely means (safe); None when
    that is unclear or the known key is already set."""
    sug = "args" if k == "arguments" and "args" not in cfg else nearest_key(k, sorted(ALL_KEYS), present=cfg)
    if sug is None:
        return None
    return make_fix(f"rename '{k}' to '{sug}'", json_rename_key(sf, server_pointer + (k,), sug))


@rule("MCP011", "mcp-field-for-other-transport", area="mcp", severity=WARNING, target="mcp_server", sources=["PVA029"])
def mcp_field_for_other_transport(ctx: Context, server: McpServer) -> Iterator[Diagnostic]:
    """A field that belongs to the other kind of server.

    `command`, `args`, `env` and `network` are read on stdio servers only; `url`, `headers`, `headersHelper` and
    `oauth` on remote (http/sse/ws) servers only. On the wrong kind they are ignored, which usually means a
    credential never reaches the server.

    Wrong: `{"type": "http", "url": "https://…", "env": {"API_KEY": "${API_KEY}"}}`
    Right: `{"type": "http", "url": "https://…", "headers": {"X-API-Key": "${API_KEY}"}}`
    """
    cfg = _cfg(server)
    if cfg is None:
        return
    t = cfg.get("type")
    if _remote(cfg):
        for k in ("command", "args", "env", "network", "cwd"):
            if k in cfg:
                yield ctx.at(
                    f"MCP server '{server.name}': '{k}' is read on stdio servers only (this one is {t})",
                    file=server.file,
                    pointer=server.pointer + (k,),
                    key=True,
                    hint="pass credentials to remote servers in headers" if k == "env" else "remove it",
                )
    elif t in (None, "stdio") and "url" not in cfg:
        for k in ("headers", "headersHelper"):
            if k in cfg:
                yield ctx.at(
                    f"MCP server '{server.name}': '{k}' is read on remote servers only (this one is stdio)",
                    file=server.file,
                    pointer=server.pointer + (k,),
                    key=True,
                    hint="pass credentials to stdio servers through env",
                )


_PLUGIN_FILE = re.compile(r"^(?:\./|\.\./)?[\w.@-]+(?:/[\w.@-]+)+$|^\./[\w.@-]+$")
_ABS_HOME = re.compile(r"^(?:/Users/|/home/|C:\\\\Users\\\\|C:/Users/|~/)")


@rule("MCP012", "mcp-path-not-portable", area="mcp", severity=WARNING, target="mcp_server", sources=["PVA030"])
def mcp_path_not_portable(ctx: Context, server: McpServer) -> Iterator[Diagnostic]:
    """A stdio server names a plugin file without `${CLAUDE_PLUGIN_ROOT}`.

    A plugin is installed into a cache folder and the server starts from the user's project, so relative paths
    (`./server.js`, `servers/api.py`) and absolute paths from the author's machine do not resolve. Claude Code
    substitutes `${CLAUDE_PLUGIN_ROOT}` in `command`, `args` and `env`.

    Wrong: `"args": ["./servers/api.js"]`, `"command": "/Users/me/plugin/bin/server"`
    Right: `"args": ["${CLAUDE_PLUGIN_ROOT}/servers/api.js"]`
    """
    cfg = _cfg(server)
    if cfg is None or _remote(cfg) or server.plugin is None:
        return
    plugin = server.plugin
    items: list[tuple[tuple[str | int, ...], str]] = []
    if isinstance(cfg.get("command"), str):
        items.append((("command",), cfg["command"]))
    if isinstance(cfg.get("args"), list):
        items += [(("args", i), a) for i, a in enumerate(cfg["args"]) if isinstance(a, str)]
    idx = ctx.project.index
    for ptr, v in items:
        if "${" in v or v.startswith("-"):
            continue
        if _ABS_HOME.match(v):
            yield ctx.at(
                f"MCP server '{server.name}': absolute path from one machine in {ptr[0]}",
                file=server.file,
                pointer=server.pointer + ptr,
                hint="ship the file in the plugin and write ${CLAUDE_PLUGIN_ROOT}/…",
                fix=_plugin_root_fix(server.file, server.pointer + ptr, plugin_tail(ctx, plugin, v)),
            )
            continue
        cand = v[2:] if v.startswith("./") else v
        if cand and not cand.startswith("../") and _PLUGIN_FILE.match(v) and idx.exists(plugin.path(cand)):
            yield ctx.at(
                f"MCP server '{server.name}': '{v}' is a plugin file named relative to the working directory",
                file=server.file,
                pointer=server.pointer + ptr,
                hint=f'write "${{CLAUDE_PLUGIN_ROOT}}/{cand}"',
                fix=_plugin_root_fix(
                    server.file, server.pointer + ptr, cand if idx.is_file(plugin.path(cand)) else None
                ),
            )


def _plugin_root_fix(sf: SourceFile | None, pointer: tuple, tail: str | None) -> Fix | None:
    """Name the plugin file ``tail`` (plugin-relative) through `${CLAUDE_PLUGIN_ROOT}/…` at ``pointer`` (unsafe);
    None without a file (an absolute path is fixed only when its tail is a file of the plugin)."""
    if not tail:
        return None
    new = "${CLAUDE_PLUGIN_ROOT}/" + tail
    return make_fix(f"write {new}", json_set_value(sf, pointer, new), safe=False)


def _tool_lists(comp: MarkdownComponent) -> Iterator[tuple[str, list[str]]]:
    fm = comp.fm
    data = fm.data if isinstance(fm.data, dict) else {}
    for key in ("allowed-tools", "tools"):
        v = data.get(key)
        if isinstance(v, str):
            yield key, [t.strip() for t in re.split(r"[,\s]+(?![^()]*\))", v) if t.strip()]
        elif isinstance(v, list):
            yield key, [t for t in v if isinstance(t, str)]


@rule("MCP014", "mcp-tool-names", area="mcp", severity=WARNING, target="plugin", sources=["PDS050", "IMP030"])
def mcp_tool_names(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """An MCP wildcard in `allowed-tools` / `tools` allows every tool of a server.

    plugin-dev asks for specific tools rather than a whole-server wildcard (`mcp__plugin_x_y__*`,
    `mcp__server__*`): info by default, a warning in the plugin-dev profile. Reported at the entry. (A tool of
    the plugin's own server named without the plugin prefix is CMD012's.)

    Wrong: `allowed-tools: mcp__plugin_kit_api__*`
    Right: `allowed-tools: mcp__plugin_kit_api__search`
    """
    for comp in (*plugin.commands, *plugin.agents, *plugin.skills):
        if comp.file is None or comp.file.fm is None:
            continue
        for key, tools in _tool_lists(comp):
            for t in tools:
                if re.match(r"^mcp__plugin_[^_].*__\*$", t) or re.match(r"^mcp__[^_]+__\*$", t):
                    yield ctx.at(
                        f"'{t}' allows every tool of the server",
                        file=comp.file,
                        span=fm_token_span(comp.file, key, t),
                        fm_key=key,
                        fm_value=True,
                        severity=INFO if ctx.profile == "official" else WARNING,
                        hint="list the specific tools the component needs",
                    )


_ROOT_VAR = re.compile(r"^\$\{CLAUDE_PLUGIN_ROOT\}/(.+)$|^\$CLAUDE_PLUGIN_ROOT/(.+)$")
_SCRIPT_EXT = re.compile(r"\.(?:m?js|cjs|ts|mts|py|sh|rb|pl|jar|php)$")
_BUILD_DIRS = ("dist", "build", "out", "lib", "target", "bin", ".output")
_DIR_FLAGS = ("--directory", "--project", "--prefix", "--cwd", "-C", "--dir")


def _root_tail(v: str) -> str | None:
    m = _ROOT_VAR.match(v.strip().strip('"'))
    if m is None:
        return None
    tail = (m.group(1) or m.group(2) or "").strip("/")
    if not tail or "$" in tail or "*" in tail or "{" in tail or tail.startswith("../") or "/../" in f"/{tail}/":
        return None
    return posixpath.normpath(tail)


@rule("MCP015", "mcp-entry-point-missing", area="mcp", severity=ERROR, target="mcp_server")
def mcp_entry_point_missing(ctx: Context, server: McpServer) -> Iterator[Diagnostic]:
    """A stdio server's program or script is not in the plugin (build output that was never committed).

    A plugin is installed as its repository holds it: Claude Code 2.1.332 installs dependencies from a lockfile
    with `--ignore-scripts` (no build step runs), so a `dist/` that `.gitignore` keeps out of the repository
    does not exist on the user's machine and the server fails to start (`mcp list`: "✘ Failed to connect",
    "Cannot find module …/dist/server.js" in the debug log). Checked: `${CLAUDE_PLUGIN_ROOT}/…` in `command`
    and `args` (paths under `node_modules/` are left alone: a lockfile install provides them), and a relative
    script path in `args` under a build folder (`dist/`, `build/`, `out/` …) that none of the server's folders
    holds.

    Wrong: `"args": ["${CLAUDE_PLUGIN_ROOT}/dist/server.js"]` with no `dist/` in the repository.
    Right: commit the built file (or a bundle), or start the server from a published package (`npx -y pkg@1.2.3`).
    """
    cfg = _cfg(server)
    if cfg is None or _remote(cfg) or server.plugin is None:
        return
    plugin = server.plugin
    idx = ctx.project.index
    items: list[tuple[tuple[str | int, ...], str]] = []
    if isinstance(cfg.get("command"), str):
        items.append((("command",), cfg["command"]))
    raw_args = cfg.get("args")
    args: list[Any] = raw_args if isinstance(raw_args, list) else []
    items += [(("args", i), a) for i, a in enumerate(args) if isinstance(a, str)]
    # folders the server's relative paths may be meant against: the plugin root, its `cwd`, a --directory …
    bases = [""]
    cwd = cfg.get("cwd")
    if isinstance(cwd, str):
        if _root_tail(cwd) is not None:
            bases.append(_root_tail(cwd) or "")
        elif "${" not in cwd and not cwd.startswith("/"):
            bases.append(posixpath.normpath(cwd))
    for i, a in enumerate(args):
        if isinstance(a, str) and (a in _DIR_FLAGS or a.split("=", 1)[0] in _DIR_FLAGS):
            val = a.split("=", 1)[1] if "=" in a else (args[i + 1] if i + 1 < len(args) else None)
            tail = _root_tail(val) if isinstance(val, str) else None
            if tail is not None:
                bases.append(tail)
    for ptr, v in items:
        tail = _root_tail(v)
        if tail is not None:
            if tail.split("/", 1)[0] == "node_modules" or idx.exists(plugin.path(tail)):
                continue
            yield ctx.at(
                f"MCP server '{server.name}': {v} does not exist in the plugin, so the server cannot start"
                + (" (build output that was never committed?)" if tail.split("/", 1)[0] in _BUILD_DIRS else ""),
                file=server.file,
                pointer=server.pointer + ptr,
                hint=f"commit {tail}, or start the server from a published package",
            )
            continue
        if ptr[0] != "args" or "${" in v or v.startswith(("-", "/", "~")) or not _SCRIPT_EXT.search(v):
            continue
        cand = posixpath.normpath(v[2:] if v.startswith("./") else v)
        if cand.startswith("../") or cand.split("/", 1)[0] not in _BUILD_DIRS or "/" not in cand:
            continue
        if any(idx.exists(plugin.path(posixpath.join(b, cand) if b else cand)) for b in bases):
            continue  # MCP012 says how to name it portably
        yield ctx.at(
            f"MCP server '{server.name}': {v} exists neither in the plugin (build output that was never "
            "committed?) nor, as a relative path, anywhere but in the user's project",
            file=server.file,
            pointer=server.pointer + ptr,
            hint=f'commit {cand} and write "${{CLAUDE_PLUGIN_ROOT}}/{cand}"',
        )


_RUNNERS = {"npx": "npm", "bunx": "npm", "uvx": "pypi", "pipx": "pypi"}
_NPX_VALUE_FLAGS = ("-p", "--package", "--registry", "--cache", "--userconfig", "-c", "--call")
_UVX_VALUE_FLAGS = ("--from", "--with", "--python", "-p", "--index", "--index-url", "--extra-index-url", "-w")


def _runner_package(cmd: str, args: list[str]) -> tuple[str, int] | None:
    """(package spec, index in args) that an `npx`/`bunx`/`uvx`/`pipx run` command fetches, or None."""
    base = cmd.rsplit("/", 1)[-1]
    if base.endswith(".cmd") or base.endswith(".exe"):
        base = base[:-4]
    if base not in _RUNNERS:
        return None
    start = 0
    if base == "pipx":
        if not args or args[0] != "run":
            return None
        start = 1
    flags = _NPX_VALUE_FLAGS if _RUNNERS[base] == "npm" else _UVX_VALUE_FLAGS
    i = start
    while i < len(args):
        a = args[i]
        name, eq, _ = a.partition("=")
        if name in ("--package", "-p", "--from") and base != "pipx":
            if eq:
                return a.split("=", 1)[1], i
            return (args[i + 1], i + 1) if i + 1 < len(args) else None
        if a.startswith("-"):
            i += 2 if (a in flags and not eq) else 1
            continue
        return a, i
    return None


def _pinned(spec: str, registry: str) -> bool:
    if "${" in spec or spec.startswith((".", "/", "git+", "http:", "https:", "file:")):
        return True  # a local path or a URL: not a registry release
    if registry == "npm":
        name, _, version = spec[1:].partition("@") if spec.startswith("@") else spec.partition("@")
        return bool(version) and version not in ("latest", "next") and bool(re.match(r"^[~^]?\d", version))
    return bool(re.search(r"(?:==|@)\s*\d", spec))


@rule("MCP016", "mcp-unpinned-package", area="mcp", severity=INFO, target="mcp_server")
def mcp_unpinned_package(ctx: Context, server: McpServer) -> Iterator[Diagnostic]:
    """A stdio server runs a registry package through `npx`/`bunx`/`uvx`/`pipx run` without a version.

    Advice (supply chain): every session start fetches whatever release is newest, so a broken or compromised
    release reaches every user unreviewed, and two users may run different code. Pin the version you tested.

    Wrong: `"command": "npx", "args": ["-y", "@acme/mcp-server"]`, `"args": ["pkg@latest"]`, `uvx acme-mcp`
    Right: `"args": ["-y", "@acme/mcp-server@1.4.2"]`, `uvx acme-mcp==1.4.2`
    """
    cfg = _cfg(server)
    if cfg is None or _remote(cfg) or not isinstance(cfg.get("command"), str):
        return
    args = [a for a in cfg.get("args") or [] if isinstance(a, str)] if isinstance(cfg.get("args"), list) else []
    found = _runner_package(cfg["command"], args)
    if found is None:
        return
    spec, i = found
    base = cfg["command"].rsplit("/", 1)[-1].removesuffix(".cmd").removesuffix(".exe")
    if _pinned(spec, _RUNNERS.get(base, "npm")):
        return
    yield ctx.at(
        f"MCP server '{server.name}': {base} runs {spec} without a pinned version: each start fetches the newest "
        "release",
        file=server.file,
        pointer=server.pointer + ("args", i),
        hint="pin the version you tested (" + ("pkg@1.2.3" if _RUNNERS.get(base) == "npm" else "pkg==1.2.3") + ")",
    )
