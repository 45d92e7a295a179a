"""LSP server rules (catalogue OFF022, OFF057): `.lsp.json` and inline `lspServers` are strict objects.

`claude plugin validate` never looks inside `.lsp.json`; these rules do.
Claude Code 2.1.332 validates an LSP file as a whole when a session starts: one bad server and it logs
"LSP config validation failed for .lsp.json in plugin <name>" and starts none of the file's servers, though
`plugin details` lists them all. Inline `lspServers` in plugin.json are part of the manifest: one bad server
and the plugin is refused ("invalid manifest file").
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..base.fixtypes import Fix, TextEdit, make_fix
from ..base.suggest import nearest_key
from ..lint.context import Context
from ..lint.registry import rule
from ..model.plugin import LspServer, Plugin, SourceFile
from ..parse.edits import json_rename_key
from ..spec.lsp import LSP_KEYS
from ..spec.schema import schema_errors


def consequence(server: LspServer) -> str:
    """What Claude Code 2.1.332 does with an LSP server config that fails its schema."""
    if server.origin == "inline":
        return "plugin.json is then invalid, so Claude Code 2.1.332 refuses the whole plugin"
    name = server.file.rel.rsplit("/", 1)[-1] if server.file is not None else ".lsp.json"
    return (
        f"Claude Code 2.1.332 rejects the whole {name} when a session starts, so none of its servers start; "
        "`plugin details` still lists them"
    )


@rule("LSP001", "lsp-file-shape", area="lsp", severity=ERROR, target="plugin", sources=["OFF022"])
def lsp_file_shape(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
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
            yield ctx.at(
                f"{name} must be an object mapping server names to configs (got {kind})",
                file=sf,
                pointer=(),
                hint='{"<name>": {"command": "…", "extensionToLanguage": {".ext": "lang"}}}',
            )
        elif isinstance(data.get("lspServers"), dict) and "command" not in data["lspServers"]:
            yield ctx.at(
                f"{name} takes no 'lspServers' wrapper: this is read as a server named 'lspServers'",
                file=sf,
                pointer=("lspServers",),
                key=True,
                hint="move the servers to the top level of the file",
                fix=_unwrap_fix(sf),
            )


def _unwrap_fix(sf: SourceFile) -> Fix | None:
    """Move the servers out of the `lspServers` wrapper of ``sf`` to the top level (safe); None when the file holds
    anything besides the wrapper."""
    data = sf.data
    if (
        sf.json is None
        or sf.text is None
        or not isinstance(data, dict)
        or list(data) != ["lspServers"]
        or not isinstance(data["lspServers"], dict)
        or sf.json.has_duplicates
    ):
        return None
    outer = sf.json.value_offsets(())
    inner = sf.json.value_offsets(("lspServers",))
    if outer is None or inner is None:
        return None
    text = sf.text
    body = text[inner[0] : inner[1]]
    if "\n" in body:
        unit = _indent_unit(text)
        lines = body.split("\n")
        body = "\n".join([lines[0]] + [ln[len(unit) :] if ln.startswith(unit) else ln for ln in lines[1:]])
    return make_fix("move the servers to the top level", TextEdit(sf.rel, outer[0], outer[1], body, text))


def _indent_unit(text: str) -> str:
    m = min((m.group(1) for m in re.finditer(r"\n([ \t]+)\S", text[:20000])), key=len, default="  ")
    return "\t" if "\t" in m else m


@rule("LSP002", "lsp-schema", area="lsp", severity=ERROR, target="lsp_server", sources=["OFF022"])
def lsp_schema(ctx: Context, server: LspServer) -> Iterator[Diagnostic]:
    """An LSP server config does not validate, so no server of its file starts.

    Each server is a strict object: `command` (non-empty) and `extensionToLanguage` are required; the other
    keys are `args` (non-empty strings), `transport` (`stdio` or `socket`), `env` (strings), `initializationOptions`,
    `settings`, `workspaceFolder`, `startupTimeout`/`shutdownTimeout`/`requestTimeout` (integer ms > 0),
    `restartOnCrash`, `maxRestarts` (integer ≥ 0) and `diagnostics`. Any other key (`autoStart`, …) fails the
    schema, and so does a `command` with a space in it (unless it is an absolute path): arguments go in `args`.
    Claude Code 2.1.332 validates the whole `.lsp.json` at once when a session starts: one failing server
    and it logs "LSP config validation failed for .lsp.json" and starts none of the file's servers, while
    `plugin details` still lists them. A failing inline server in plugin.json makes the manifest invalid and
    the plugin is refused.

    Wrong: `{"cmd": "gopls", "extensions": [".go"]}`
    Right: `{"command": "gopls", "extensionToLanguage": {".go": "go"}}`
    """
    cfg = server.config
    if not isinstance(cfg, dict):
        yield ctx.at(
            f"LSP server '{server.name}': the config must be an object: {consequence(server)}",
            file=server.file,
            pointer=server.pointer,
        )
        return
    cmd = cfg.get("command")
    if isinstance(cmd, str) and " " in cmd and not cmd.startswith("/") and cmd.split():
        parts = cmd.split()
        yield ctx.at(
            f"LSP server '{server.name}': 'command' holds a space (\"Command should not contain spaces. "
            f'Use args array for arguments."): {consequence(server)}',
            file=server.file,
            pointer=server.pointer + ("command",),
            hint=f'"command": {json.dumps(parts[0])}, "args": {json.dumps(parts[1:])}',
        )
    for ptr, msg in schema_errors("lsp", cfg):
        if not ptr and msg.startswith("unknown field"):
            for key in re.findall(r"'([^']+)'", msg):
                close = difflib.get_close_matches(key, LSP_KEYS, n=1, cutoff=0.6)
                yield ctx.at(
                    f"LSP server '{server.name}': unknown key '{key}': {consequence(server)}",
                    file=server.file,
                    pointer=server.pointer + (key,),
                    key=True,
                    hint=f"did you mean '{close[0]}'?" if close else "remove it",
                    fix=_rename_key_fix(server.file, server.pointer, cfg, key) if key in cfg else None,
                )
            continue
        hint = None
        if msg.startswith("missing required field 'extensionToLanguage'"):
            hint = 'add "extensionToLanguage": {".ext": "languageId"}'
        elif msg.startswith("missing required field 'command'"):
            hint = 'add "command": "<language server executable on PATH>"'
        yield ctx.at(
            f"LSP server '{server.name}': {msg}: {consequence(server)}",
            file=server.file,
            pointer=server.pointer + ptr,
            key=msg.startswith("missing") and not ptr,
            hint=hint,
        )


def _rename_key_fix(sf: SourceFile | None, server_pointer: tuple, cfg: dict, k: str) -> Fix | None:
    """Rename the unknown key ``k`` of the server config ``cfg`` when it is one or two edits away from a known key
    that is not set yet (safe)."""
    if k in LSP_KEYS:
        return None
    sug = nearest_key(k, LSP_KEYS, present=cfg)
    if sug is None:
        return None
    return make_fix(f"rename '{k}' to '{sug}'", json_rename_key(sf, server_pointer + (k,), sug))


@rule("LSP003", "lsp-extension-key", area="lsp", severity=ERROR, target="lsp_server", sources=["OFF022"])
def lsp_extension_key(ctx: Context, server: LspServer) -> Iterator[Diagnostic]:
    """An `extensionToLanguage` key is not a file extension such as `.go`, or the map is empty.

    Claude Code's schema wants at least one mapping, each key starting with a dot and at least two characters
    long ("File extensions must start with dot"); otherwise the server fails validation and, as for LSP002, no
    server of its `.lsp.json` starts (inline in plugin.json: the plugin is refused). A key that passes but holds
    `*` or `/` (`.*`, `.d/ts`) never matches a file extension: a warning.

    Wrong: `"extensionToLanguage": {"go": "go", "*.ts": "typescript"}`
    Right: `"extensionToLanguage": {".go": "go", ".ts": "typescript"}`
    """
    cfg = server.config
    if not isinstance(cfg, dict) or not isinstance(cfg.get("extensionToLanguage"), dict):
        return
    ext = cfg["extensionToLanguage"]
    if not ext:
        yield ctx.at(
            f"LSP server '{server.name}': extensionToLanguage has no mapping: {consequence(server)}",
            file=server.file,
            pointer=server.pointer + ("extensionToLanguage",),
            hint='add {".ext": "languageId"} entries',
        )
    for key in ext:
        k = str(key)
        fixed = "." + k.lstrip("*.") if k.lstrip("*.") else None
        hint = f"write '{fixed}'" if fixed else "write the extension with its dot, e.g. '.go'"
        ptr = server.pointer + ("extensionToLanguage", key)
        if len(k) < 2 or not k.startswith("."):
            yield ctx.at(
                f"LSP server '{server.name}': extension key '{k}' must look like '.ext': {consequence(server)}",
                file=server.file,
                pointer=ptr,
                key=True,
                hint=hint,
                fix=_extension_fix(server.file, ptr, k),
            )
        elif "*" in k or "/" in k:
            yield ctx.at(
                f"LSP server '{server.name}': extension key '{k}' never matches a file extension",
                file=server.file,
                pointer=ptr,
                key=True,
                severity=WARNING,
                hint=hint,
                fix=_extension_fix(server.file, ptr, k),
            )


def _extension_fix(sf: SourceFile | None, pointer: tuple, key: str) -> Fix | None:
    """Rename the extension key ``key`` at ``pointer``: `go` / `*.go` → `.go` (safe); None when `.go` is already
    mapped or no single extension is meant."""
    stem = key.lstrip("*.")
    if not stem or "/" in stem or "*" in stem:
        return None
    return make_fix(f"write '.{stem}'", json_rename_key(sf, pointer, "." + stem))


@rule("LSP004", "lsp-version-gated-field", area="lsp", severity=INFO, target="lsp_server", sources=["OFF022"])
def lsp_version_gated(ctx: Context, server: LspServer) -> Iterator[Diagnostic]:
    """`restartOnCrash` / `shutdownTimeout` need Claude Code v2.1.205 or later.

    Claude Code 2.1.332 reads both and starts the server. Before v2.1.205 the strict LSP schema did not know
    them, so setting either made Claude Code reject the whole `.lsp.json`. Fine if your users are current;
    worth a note in the README otherwise.

    Wrong: relying on `"restartOnCrash": false` for users on v2.1.200.
    Right: say "requires Claude Code 2.1.205+" in the README, or leave the fields out.
    """
    cfg = server.config
    if not isinstance(cfg, dict):
        return
    for k in ("restartOnCrash", "shutdownTimeout"):
        if k in cfg:
            yield ctx.at(
                f"LSP server '{server.name}': '{k}' is read by Claude Code v2.1.205 and later (2.1.332 "
                "accepts it); older versions reject the whole LSP config",
                file=server.file,
                pointer=server.pointer + (k,),
                key=True,
                hint="mention the minimum Claude Code version in the README",
            )


@rule("LSP005", "lsp-extension-clash", area="lsp", severity=WARNING, target="plugin", sources=["OFF057"])
def lsp_extension_clash(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """Two LSP servers of the plugin claim the same file extension.

    The first registered server wins; the others never start for that extension (Claude Code shows a warning in
    `/plugin`).

    Wrong: `gopls` and `go-lsp` both mapping `.go`.
    Right: one server per extension.
    """
    seen: dict[str, LspServer] = {}
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
            yield ctx.at(
                f"LSP server '{server.name}' claims '{key}', already claimed by '{first.name}'; only the "
                "first one starts",
                file=server.file,
                pointer=server.pointer + ("extensionToLanguage", key),
                key=True,
                hint="remove the extension from one of the servers",
            )
