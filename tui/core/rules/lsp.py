"""LSP server rules (spec F.5; OFF022, OFF057): `.lsp.json` and inline `lspServers` are strict objects.

Claude Code's own validator never looks inside `.lsp.json` (reference-validator §3.5); these rules do.
"""

from __future__ import annotations

import difflib
import re

from ..edits import json_rename_key
from ..fixes import TextEdit, fixer, make_fix
from ..schema import schema_errors
from . import ERROR, INFO, WARNING, rule
from ..suggest import nearest_key
from .hooks import diag_at

LSP_KEYS = ("command", "args", "extensionToLanguage", "transport", "env", "initializationOptions", "settings",
            "workspaceFolder", "startupTimeout", "shutdownTimeout", "restartOnCrash", "maxRestarts", "diagnostics")


@rule("LSP001", "lsp-file-shape", area="lsp", severity=ERROR, target="plugin", sources=["OFF022"], fixable=True)
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


@fixer("LSP001")
def _fix_lsp_file_shape(ctx, diag, plugin):
    """Move the servers out of an `lspServers` wrapper to the top level (safe)."""
    for sf in plugin.lsp_files:
        data = sf.data
        if diag.path != sf.rel or not isinstance(data, dict) or list(data) != ["lspServers"] \
                or not isinstance(data["lspServers"], dict) or sf.json.has_duplicates:
            continue
        outer = sf.json.value_offsets(())
        inner = sf.json.value_offsets(("lspServers",))
        if outer is None or inner is None:
            return None
        text = sf.text
        body = text[inner[0]:inner[1]]
        if "\n" in body:
            unit = _indent_unit(text)
            lines = body.split("\n")
            body = "\n".join([lines[0]] + [ln[len(unit):] if ln.startswith(unit) else ln for ln in lines[1:]])
        return make_fix("move the servers to the top level", TextEdit(sf.rel, outer[0], outer[1], body, text))
    return None


def _indent_unit(text: str) -> str:
    m = min((m.group(1) for m in re.finditer(r"\n([ \t]+)\S", text[:20000])), key=len, default="  ")
    return "\t" if "\t" in m else m


@rule("LSP002", "lsp-schema", area="lsp", severity=ERROR, target="lsp_server", sources=["OFF022"], fixable=True)
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


@fixer("LSP002")
def _fix_lsp_schema(ctx, diag, server):
    """Rename an unknown key one or two edits away from a known key (safe)."""
    cfg = server.config
    if not isinstance(cfg, dict):
        return None
    for k in cfg:
        if k in LSP_KEYS or not diag_at(server.file, diag, server.pointer + (k,), key=True):
            continue
        sug = nearest_key(k, LSP_KEYS, present=cfg)
        if sug is None:
            return None
        return make_fix(f"rename '{k}' to '{sug}'", json_rename_key(server.file, server.pointer + (k,), sug))
    return None


@rule("LSP003", "lsp-extension-key", area="lsp", severity=ERROR, target="lsp_server", sources=["OFF022"], fixable=True)
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


@fixer("LSP003")
def _fix_lsp_extension_key(ctx, diag, server):
    """`go` / `*.go` → `.go` (safe, unless `.go` is already mapped)."""
    cfg = server.config
    if not isinstance(cfg, dict) or not isinstance(cfg.get("extensionToLanguage"), dict):
        return None
    for key in cfg["extensionToLanguage"]:
        ptr = server.pointer + ("extensionToLanguage", key)
        if not diag_at(server.file, diag, ptr, key=True):
            continue
        stem = str(key).lstrip("*.")
        if not stem or "/" in stem or "*" in stem:
            return None
        return make_fix(f"write '.{stem}'", json_rename_key(server.file, ptr, "." + stem))
    return None


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
