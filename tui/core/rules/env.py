"""Environment-variable rules: unset variables, undocumented variables, ${user_config.*} and builtins used where
Claude Code does not substitute them. The references come from ``envcheck.find_references`` (one scan per run).
Values are never part of a message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic, Span
from ..base.fixtypes import Fix, make_fix
from ..lint.context import Context
from ..lint.registry import rule
from ..model.envrefs import (
    Ref,
    cached_references,
    content_user_config_refs,
    user_config_keys,
)
from ..model.plugin import Plugin
from ..parse.edits import json_insert_member, json_set_value, text_replace
from ..spec.builtins import ALL_BUILTINS, PLUGIN_OPTION_PREFIX, builtin_status
from ._kit.jsonedit import string_edit
from ._kit.readme import readme_env_edit


def _refs(ctx: Context, plugin: Plugin) -> list[Ref]:
    return _of_plugin(ctx, "env.refs", cached_references(ctx), plugin)


def _of_plugin(ctx: Context, key: str, refs: list[Ref], plugin: Plugin) -> list[Ref]:
    """The references of ``plugin``, in order. Grouped once per run: filtering the whole project's list for every
    plugin made these rules quadratic in the size of a marketplace."""
    groups = ctx.cache.get((key, "by plugin"))
    if groups is None:
        groups = {}
        for r in refs:
            groups.setdefault(id(r.plugin), []).append(r)
        ctx.cache[(key, "by plugin")] = groups
    return list(groups.get(id(plugin), ()))


def _ref_span(r: Ref) -> Span | None:
    """Where the reference is written (None when its file gave no position)."""
    if r.line is None:
        return None
    return Span(r.line, r.column or 1, r.line, r.end_column or (r.column or 1))


def _at(ctx: Context, r: Ref, message: str, hint: str | None = None, severity: str | None = None) -> Diagnostic:
    """A finding at the reference ``r``, without a fix (the rules that fix call ``ctx.at`` themselves)."""
    return ctx.at(message, file=r.path, span=_ref_span(r), hint=hint, severity=severity)


def _is_builtin(name: str) -> bool:
    return name.startswith("user_config.") or name.startswith(PLUGIN_OPTION_PREFIX) or name in ALL_BUILTINS


_READ_FIELDS = ("mcp.", "lsp.", "hook.headers", "hook.allowedEnvVars")


@rule("ENV001", "env-var-unset", area="env", severity=WARNING, target="plugin", sources=["IMP013", "PDS049"])
def env_var_unset(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A `${VAR}` without a default is not set in the environment.

    Claude Code keeps the literal text `${VAR}` when a variable is unset (and `claude mcp list` only warns), so
    the server receives a header like `Authorization: Bearer ${API_TOKEN}` and fails, usually silently. Set the
    variable in the environment Claude Code starts from, or give it a default with `${VAR:-default}`.
    (`plugin-tui check --env-file .env` and `plugin-tui env` read a dotenv file too.)

    Wrong: starting Claude Code without `API_TOKEN` for `"Authorization": "Bearer ${API_TOKEN}"`.
    Right: `export API_TOKEN=…` first, or `"url": "${API_BASE:-https://api.example.com}/mcp"`.
    """
    environ = ctx.environ
    for r in _refs(ctx, plugin):
        if not r.expanded or r.form not in ("braced", "list") or r.has_default or _is_builtin(r.name):
            continue
        if not r.field.startswith(_READ_FIELDS):
            continue
        value = environ.get(r.name)
        if value:
            continue
        state = "empty" if value == "" else "not set"
        yield _at(
            ctx,
            r,
            f"{r.name} is {state} ({r.component} reads it at {r.context})",
            hint=f"export {r.name}=… before starting Claude Code, or write ${{{r.name}:-default}}",
        )


def _doc_texts(ctx: Context, plugin: Plugin) -> list[str]:
    texts = []
    rels = []
    if plugin.readme:
        rels.append(plugin.readme)
    for rel in ctx.project.index.list(plugin.rel):
        full = f"{plugin.rel}/{rel}" if plugin.rel else rel
        if rel.lower().endswith((".md", ".txt", ".rst")) and full not in rels:
            rels.append(full)
    for docdir in ("docs", "doc"):
        d = plugin.path(docdir)
        if ctx.project.index.is_dir(d):
            rels += [f for f in ctx.project.index.walk_files(d, ".md")][:50]
    if plugin.rel:
        for name in ("README.md", "readme.md"):
            if ctx.project.index.is_file(name):
                rels.append(name)
    for rel in rels:
        sf = ctx.file(rel)
        if sf is not None and sf.text:
            texts.append(sf.text)
    return texts


@rule("ENV002", "env-var-undocumented", area="env", severity=INFO, target="plugin", sources=["IMP013", "PDS049"])
def env_var_undocumented(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A `${VAR}` without a default that the plugin's README never mentions.

    Advice: users learn which variables to set from the README ("Always document in your README"). Without it,
    the first sign of a missing token is an MCP server that silently fails to connect. `plugin-tui env --format
    markdown` writes the section for you.

    Wrong: `.mcp.json` reads `${LINEAR_API_KEY}`; the README says nothing about it.
    Right: a "Required environment variables" section listing `LINEAR_API_KEY` and where to get it.
    """
    refs = [
        r
        for r in _refs(ctx, plugin)
        if r.expanded
        and r.form == "braced"
        and not r.has_default
        and not _is_builtin(r.name)
        and r.field.startswith(("mcp.", "lsp."))
    ]
    if not refs:
        return
    docs = "\n".join(_doc_texts(ctx, plugin))
    reported = set()
    for r in refs:
        if r.name in reported:
            continue
        reported.add(r.name)
        if re.search(r"(?<![A-Za-z0-9_])" + re.escape(r.name) + r"(?![A-Za-z0-9_])", docs):
            continue
        where = "the README" if plugin.readme else "any README (the plugin has none)"
        yield ctx.at(
            f"{r.name} ({r.component}) is not mentioned in {where}",
            file=r.path,
            span=_ref_span(r),
            hint="document it: `plugin-tui env --format markdown` prints a 'Required environment variables' section",
            fix=_document_fix(ctx, plugin, r),
        )


def _document_fix(ctx: Context, plugin: Plugin, r: Ref) -> Fix | None:
    """List the variable of ``r`` in the README's "Required environment variables" section (unsafe: the entry is a
    placeholder for the author to complete). Offered for a reference with a position in its file."""
    if r.line is None:
        return None
    return make_fix(
        f"document {r.name} in the README",
        readme_env_edit(ctx, plugin, [(r.name, f"read by {r.component} (say where to get it)")]),
        safe=False,
    )


@rule("ENV003", "user-config-undeclared", area="env", severity=WARNING, target="plugin", sources=["OFF020", "IMP028"])
def user_config_undeclared(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """`${user_config.KEY}` names an option that `userConfig` in plugin.json does not declare.

    Claude Code substitutes only declared options: an undeclared one stays as literal text, so an MCP server
    starts with `${user_config.tok}` in its arguments or headers, and a skill shows it as written.
    `claude plugin validate` rejects an undeclared one in MCP configs ("references ${user_config.tok}, which
    plugin.json does not declare"); Claude Code 2.1.332 loads the plugin and its servers.

    Wrong: `"headers": {"X-API-Key": "${user_config.api_key}"}` with no `userConfig.api_key`.
    Right: `"userConfig": {"api_key": {"type": "string", "title": "API key", "description": "…", "sensitive": true}}`
    """
    declared = user_config_keys(plugin)
    refs = [r for r in _refs(ctx, plugin) if r.user_config and r.form == "braced"]
    cache_key = "env.content_uc"
    if cache_key not in ctx.cache:
        ctx.cache[cache_key] = content_user_config_refs(ctx.project)
    refs += _of_plugin(ctx, cache_key, ctx.cache[cache_key], plugin)
    for r in refs:
        key = r.name.split(".", 1)[1]
        if key not in declared:
            close = [k for k in declared if k.lower() == key.lower()]
            # Claude Code 2.1.332 passes the literal text on (MCP: the server still loads; content: it may be
            # documentation); only `claude plugin validate` rejects it in MCP configs
            where = (
                ""
                if r.field.startswith("content.")
                else "; `claude plugin validate` rejects this; Claude Code 2.1.332 loads the server with the literal text"
            )
            yield ctx.at(
                f"${{user_config.{key}}} ({r.component}) is not declared in plugin.json userConfig" + where,
                file=r.path,
                span=_ref_span(r),
                hint=f"did you mean ${{user_config.{close[0]}}}?"
                if close
                else f'declare it: "userConfig": {{"{key}": {{"type": "string", "title": "…", "description": "…"}}}}',
                fix=_option_case_fix(ctx, declared, r),
            )


def _option_case_fix(ctx: Context, declared: dict, r: Ref) -> Fix | None:
    """Fix the case of the option name in the `${user_config.KEY}` reference ``r`` when plugin.json declares it
    under another case, and only so (safe). The name is found in the text where the reference is written."""
    span = _ref_span(r)
    if r.path is None or span is None:
        return None
    sf = ctx.project.files.get(r.path) or ctx.file(r.path)
    if sf is None or sf.text is None:
        return None
    line = sf.line_text(span.line)
    s, e = span.column - 1, span.end_column - 1
    m = re.search(r"user_config\.([A-Za-z0-9_-]+)", line[s:e])
    if m is None:
        return None
    key = m.group(1)
    close = [k for k in declared if isinstance(k, str) and k.lower() == key.lower() and k != key]
    if len(close) != 1:
        return None
    ks = s + m.start(1)
    return make_fix(
        f"write ${{user_config.{close[0]}}}",
        text_replace(sf, Span(span.line, ks + 1, span.line, ks + 1 + len(key)), close[0]),
    )


@rule("ENV004", "user-config-in-headers-helper", area="env", severity=ERROR, target="plugin", sources=["OFF024"])
def user_config_in_shell_field(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """`${user_config.*}` in an MCP `headersHelper`.

    Since v2.1.207 Claude Code refuses option placeholders in shell-evaluated fields (a value could inject shell
    code): "headersHelper for MCP server '<name>' references ${user_config.*}". The check runs on the template,
    so it fails even when the option is unset. (Shell-form hook and monitor commands: HOOK019.)

    Wrong: `"headersHelper": "${CLAUDE_PLUGIN_ROOT}/bin/headers.sh ${user_config.tenant}"`
    Right: put the option in `headers` (`"X-Tenant": "${user_config.tenant}"`), or let the helper read its own
    configuration.
    """
    # shell-form hook commands and monitor commands: HOOK019 (hooks area) reports those
    for r in _refs(ctx, plugin):
        if not r.user_config or r.form != "braced":
            continue
        key = r.name.split(".", 1)[1]
        if r.field == "mcp.headersHelper":
            yield _at(
                ctx,
                r,
                f"headersHelper of {r.component} references ${{user_config.{key}}}; options are "
                "never substituted into headersHelper",
                hint="move the value to headers, or have the helper read it from a file it owns",
            )


@rule("ENV005", "builtin-not-provided", area="env", severity=WARNING, target="plugin", sources=["PVA030", "IMP024"])
def builtin_not_provided(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A Claude Code variable used where Claude Code does not provide or substitute it.

    `CLAUDE_PLUGIN_ROOT`, `CLAUDE_PLUGIN_DATA` and `CLAUDE_PROJECT_DIR` are substituted in MCP, LSP, hook and
    monitor commands, not in http-hook URLs/headers or MCP `oauth`. `CLAUDE_ENV_FILE` exists only for SessionStart,
    Setup, CwdChanged and FileChanged hooks; `CLAUDE_EFFORT`, `CLAUDE_CODE_REMOTE` and `CLAUDE_PLUGIN_OPTION_*` only
    in hook processes; `CLAUDE_SESSION_ID`/`CLAUDE_SKILL_DIR` only in skill content. Elsewhere the text stays
    literal (or the variable is empty).

    Wrong: `"url": "http://localhost:8080/hook?root=${CLAUDE_PLUGIN_ROOT}"` in an http hook;
    `echo 'export X=1' >> "$CLAUDE_ENV_FILE"` in a PreToolUse hook.
    Right: do it in a SessionStart hook, or pass the value another way.
    """
    declared = {k.upper() for k in user_config_keys(plugin)}
    for r in _refs(ctx, plugin):
        if r.form not in ("braced", "bare") or r.user_config:
            continue
        is_b, provided, why = builtin_status(r.name, r.field, r.event)
        if not is_b:
            continue
        if r.name == "CLAUDE_ENV_FILE" and r.field.startswith("hook."):
            continue  # the hooks area reports CLAUDE_ENV_FILE on the wrong event (HOOK rules)
        if not provided:
            yield _at(
                ctx,
                r,
                f"{r.name} in {r.component} ({r.context}): {why}",
                hint="use it where Claude Code provides it (see `plugin-tui rules ENV005`)",
            )
        elif r.name.startswith(PLUGIN_OPTION_PREFIX) and r.name[len(PLUGIN_OPTION_PREFIX) :] not in declared:
            yield _at(
                ctx,
                r,
                f"{r.name} in {r.component}: no userConfig option "
                f"'{r.name[len(PLUGIN_OPTION_PREFIX) :].lower()}' is declared, so it is never set",
                hint="declare the option in plugin.json userConfig",
            )


@rule("ENV006", "env-ref-not-expanded", area="env", severity=WARNING, target="plugin", sources=["IMP013"])
def env_ref_not_expanded(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A variable reference that Claude Code will not expand.

    MCP and LSP configs expand only `${VAR}` and `${VAR:-default}`: `$VAR` stays literal, and so does an
    unterminated `${VAR` or `${1X}`. HTTP hooks substitute header variables only for names listed in
    `allowedEnvVars`. MCP keys other than command/args/env/url/headers/headersHelper (such as `oauth`) are not
    expanded at all.

    Wrong: `"headers": {"Authorization": "Bearer $API_TOKEN"}`; an http hook header `${TOKEN}` without
    `"allowedEnvVars": ["TOKEN"]`.
    Right: `"Bearer ${API_TOKEN}"`; `"allowedEnvVars": ["TOKEN"]`.
    """
    for r in _refs(ctx, plugin):
        if r.expanded or _is_builtin(r.name) and r.form != "malformed":
            continue
        if r.form == "malformed":
            yield _at(
                ctx,
                r,
                f"malformed variable reference in {r.component} ({r.context}); it stays literal",
                hint="write ${NAME} or ${NAME:-default} (letters, digits, _; not starting with a digit)",
            )
        elif r.form == "bare":
            yield ctx.at(
                f"${r.name} in {r.component} ({r.context}) is not expanded: only ${{{r.name}}} is",
                file=r.path,
                span=_ref_span(r),
                hint=f"write ${{{r.name}}}",
                fix=_expand_fix(ctx, r),
            )
        elif r.field == "hook.headers":
            yield ctx.at(
                f"{r.name} in {r.component} header {r.context.rsplit('.', 1)[-1]}: {r.note}",
                file=r.path,
                span=_ref_span(r),
                hint=f'add "allowedEnvVars": ["{r.name}"] to the hook',
                fix=_expand_fix(ctx, r),
            )
        elif r.field == "mcp.other":
            yield _at(
                ctx,
                r,
                f"${{{r.name}}} in {r.component} ({r.context}) is not expanded in this field",
                severity=INFO,
                hint="Claude Code expands variables only in command, args, env, url, headers and headersHelper",
            )


def _expand_fix(ctx: Context, r: Ref) -> Fix | None:
    """For the reference ``r`` that is not expanded: `$VAR` → `${VAR}` in MCP/LSP configs (safe); an http hook
    header variable is added to `allowedEnvVars` (unsafe: the hook may then read that variable). Offered for a
    reference with a position in a JSON file that parses."""
    if r.path is None or r.line is None:
        return None
    sf = ctx.project.files.get(r.path)
    if sf is None or sf.json is None or not sf.json.ok:
        return None
    if r.form == "bare" and r.field.startswith(("mcp.", "lsp.")):
        value = _value_at(sf.data, r.pointer)
        if not isinstance(value, str):
            return None
        hits = list(re.finditer(r"(?<!\\)\$" + re.escape(r.name) + r"(?![A-Za-z0-9_])", value))
        if not hits:
            return None
        edits = [string_edit(sf, r.pointer, m.start(), m.end(), "${" + r.name + "}") for m in hits]
        return make_fix(f"write ${{{r.name}}}", edits)
    if r.form == "braced" and r.field == "hook.headers" and len(r.pointer) >= 2 and r.pointer[-2] == "headers":
        hp = tuple(r.pointer[:-2])
        h = _value_at(sf.data, hp)
        if not isinstance(h, dict):
            return None
        allowed = h.get("allowedEnvVars")
        if isinstance(allowed, list):
            if r.name in allowed:
                return None
            edit = json_set_value(sf, hp + ("allowedEnvVars",), list(allowed) + [r.name])
        elif "allowedEnvVars" in h:
            return None
        else:
            edit = json_insert_member(sf, hp, "allowedEnvVars", [r.name])
        return make_fix(f"allow {r.name} in allowedEnvVars", edit, safe=False)
    return None


def _value_at(data: Any, pointer: tuple) -> Any:
    for part in pointer:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


@rule("ENV007", "sensitive-option-in-content", area="env", severity=WARNING, target="plugin", sources=["IMP028"])
def sensitive_option_in_content(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A `sensitive` userConfig option referenced in skill, agent or command content.

    Only non-sensitive option values are substituted into content (a secret must not end up in the model's
    context). The reference stays literal.

    Wrong: a skill that says "call the API with ${user_config.api_token}" where `api_token` is sensitive.
    Right: let an MCP server or hook (which do receive sensitive values) make the call.
    """
    declared = user_config_keys(plugin)
    cache_key = "env.content_uc"
    if cache_key not in ctx.cache:
        ctx.cache[cache_key] = content_user_config_refs(ctx.project)
    for r in _of_plugin(ctx, cache_key, ctx.cache[cache_key], plugin):
        key = r.name.split(".", 1)[1]
        opt = declared.get(key)
        if isinstance(opt, dict) and opt.get("sensitive") is True:
            yield _at(
                ctx,
                r,
                f"${{user_config.{key}}} is a sensitive option; it is not substituted into {r.component} content",
                hint="use the value from an MCP server or hook, which receive sensitive options",
            )
