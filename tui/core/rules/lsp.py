"""LSP server rules (spec F.5; OFF022, OFF057): `.lsp.json` and inline `lspServers` are strict objects.

Claude Code's own validator never looks inside `.lsp.json` (reference-validator §3.5); these rules do.
"""

from __future__ import annotations

import difflib
import re

from ..schema import schema_errors
from . import ERROR, INFO, WARNING, rule

LSP_KEYS = ("command", "args", "extensionToLanguage", "transport", "env", "initializationOptions", "settings",
            "workspaceFolder", "startupTimeout", "shutdownTimeout", "restartOnCrash", "maxRestarts", "diagnostics")


@rule("LSP001", "lsp-file-shape", area="lsp", severity=ERROR, target="plugin", sources=["OFF022"])
def lsp_file_shape(ctx, plugin):
    """An LSP file is not a flat map of server names to configs.

    `.lsp.json` maps server names straight to configs, with no wrapper (unlike `.mcp.json`). A wrapper key
    such as `lspServers` is read as a server named `lspServers`, which then fails validation.

    Wrong: `{"lspServers": {"go": {…}}}`, `[{"command": "gopls"}]`
    Right: `{"go": {"command": "gopls", "extensionToLanguage": {".go": "go"}}}`
    """
    for sf in plugin.lsp_files:
        data = sf.data
        if data is None:
            continue
        name = sf.rel.rsplit("/", 1)[-1]
        if not isinstance(data, dict):
            kind = "an array" if isinstance(data, list) else type(data).__name__
            yield ctx.at(f"{name} must be an object mapping server names to configs (got {kind})", file=sf,
                         pointer=(), hint='{"<name>": {"command": "…", "extensionToLanguage": {".ext": "lang"}}}')
        elif isinstance(data.get("lspServers"), dict) and "command" not in data["lspServers"]:
            yield ctx.at(f"{name} takes no 'lspServers' wrapper: this is read as a server named 'lspServers'",
                         file=sf, pointer=("lspServers",), key=True,
                         hint="move the servers to the top level of the file")


@rule("LSP002", "lsp-schema", area="lsp", severity=ERROR, target="lsp_server", sources=["OFF022"])
def lsp_schema(ctx, server):
    """An LSP server config does not validate (Claude Code skips the server).

    Each server is a strict object: `command` (non-empty) and `extensionToLanguage` are required; the other
    keys are `args` (non-empty strings), `transport` (`stdio` or `socket`), `env` (strings), `initializationOptions`,
    `settings`, `workspaceFolder`, `startupTimeout`/`shutdownTimeout` (integer ms > 0), `restartOnCrash`,
    `maxRestarts` (integer ≥ 0) and `diagnostics`. Any other key is an error.

    Wrong: `{"cmd": "gopls", "extensions": [".go"]}`
    Right: `{"command": "gopls", "extensionToLanguage": {".go": "go"}}`
    """
    cfg = server.config
    if not isinstance(cfg, dict):
        yield ctx.at(f"LSP server '{server.name}': the config must be an object", file=server.file,
                     pointer=server.pointer)
        return
    for ptr, msg in schema_errors("lsp", cfg):
        if not ptr and msg.startswith("unknown field"):
            for key in re.findall(r"'([^']+)'", msg):
                close = difflib.get_close_matches(key, LSP_KEYS, n=1, cutoff=0.6)
                yield ctx.at(f"LSP server '{server.name}': unknown key '{key}' (LSP configs are strict; the server "
                             "is skipped)", file=server.file, pointer=server.pointer + (key,), key=True,
                             hint=f"did you mean '{close[0]}'?" if close else "remove it")
            continue
        hint = None
        if msg.startswith("missing required field 'extensionToLanguage'"):
            hint = 'add "extensionToLanguage": {".ext": "languageId"}'
        elif msg.startswith("missing required field 'command'"):
            hint = 'add "command": "<language server executable on PATH>"'
        yield ctx.at(f"LSP server '{server.name}': {msg}", file=server.file,
                     pointer=server.pointer + ptr, key=msg.startswith("missing") and not ptr, hint=hint)


@rule("LSP003", "lsp-extension-key", area="lsp", severity=ERROR, target="lsp_server", sources=["OFF022"])
def lsp_extension_key(ctx, server):
    """An `extensionToLanguage` key is not a file extension such as `.go`.

    Keys are extensions with their dot and at least one character after it. Claude Code rejects shorter keys and
    matches files by extension, so `go` or `*.go` never match a file.

    Wrong: `"extensionToLanguage": {"go": "go", "*.ts": "typescript"}`
    Right: `"extensionToLanguage": {".go": "go", ".ts": "typescript"}`
    """
    cfg = server.config
    if not isinstance(cfg, dict) or not isinstance(cfg.get("extensionToLanguage"), dict):
        return
    ext = cfg["extensionToLanguage"]
    if not ext:
        yield ctx.at(f"LSP server '{server.name}': extensionToLanguage is empty; the server is never started",
                     file=server.file, pointer=server.pointer + ("extensionToLanguage",), severity=WARNING,
                     hint='add {".ext": "languageId"} entries')
    for key in ext:
        k = str(key)
        if len(k) < 2 or not k.startswith(".") or "*" in k or "/" in k:
            fixed = "." + k.lstrip("*.") if k.lstrip("*.") else None
            yield ctx.at(f"LSP server '{server.name}': extension key '{k}' must look like '.ext'", file=server.file,
                         pointer=server.pointer + ("extensionToLanguage", key), key=True,
                         hint=f"write '{fixed}'" if fixed else "write the extension with its dot, e.g. '.go'")


@rule("LSP004", "lsp-version-gated-field", area="lsp", severity=INFO, target="lsp_server", sources=["OFF022"])
def lsp_version_gated(ctx, server):
    """`restartOnCrash` / `shutdownTimeout` need Claude Code v2.1.205 or later.

    On older versions setting either made Claude Code skip the whole server. Fine if your users are current;
    worth a note in the README otherwise.

    Wrong: relying on `"restartOnCrash": false` for users on v2.1.200.
    Right: say "requires Claude Code 2.1.205+" in the README, or leave the fields out.
    """
    cfg = server.config
    if not isinstance(cfg, dict):
        return
    for k in ("restartOnCrash", "shutdownTimeout"):
        if k in cfg:
            yield ctx.at(f"LSP server '{server.name}': '{k}' needs Claude Code v2.1.205+; older versions skip "
                         "this server", file=server.file, pointer=server.pointer + (k,), key=True,
                         hint="mention the minimum Claude Code version in the README")


@rule("LSP005", "lsp-extension-clash", area="lsp", severity=WARNING, target="plugin", sources=["OFF057"])
def lsp_extension_clash(ctx, plugin):
    """Two LSP servers of the plugin claim the same file extension.

    The first registered server wins; the others never start for that extension (Claude Code shows a warning in
    `/plugin`).

    Wrong: `gopls` and `go-lsp` both mapping `.go`.
    Right: one server per extension.
    """
    seen: dict[str, object] = {}
    for server in plugin.lsp_servers:
        cfg = server.config
        if not isinstance(cfg, dict) or not isinstance(cfg.get("extensionToLanguage"), dict):
            continue
        for key in cfg["extensionToLanguage"]:
            k = str(key)  # case-sensitive: clangd maps .C (C++) and .c (C)
            first = seen.get(k)
            if first is None:
                seen[k] = server
                continue
            yield ctx.at(f"LSP server '{server.name}' claims '{key}', already claimed by '{first.name}'; only the "
                         "first one starts", file=server.file,
                         pointer=server.pointer + ("extensionToLanguage", key), key=True,
                         hint="remove the extension from one of the servers")
