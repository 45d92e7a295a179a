"""``--installed``: the headless commands on what Claude Code installed for this user and project (read by
``tui.core.services.installed``), and the overview printed before the findings."""

from __future__ import annotations

import argparse
import os
from typing import IO, TYPE_CHECKING

from ..core.base.text import safe_text
from ..core.base.version import CLAUDE_CODE_VERSION
from .common import UsageError

if TYPE_CHECKING:  # a cached check imports no model
    from ..core.model.plugin import Project


def installed_target(args: argparse.Namespace, what: str) -> Project | None:
    """With ``--installed``: the installed plugins as a project (``args.path`` becomes Claude Code's plugins folder,
    so reports name files from there), or a usage error saying why there is nothing to read. None without it."""
    if not getattr(args, "installed", False):
        return None
    if args.path not in (".", None):
        raise UsageError(
            f"plugin-tui {what}: --installed reads Claude Code's own folders (~/.claude); give no PATH with it"
        )
    from ..core.model.roots import LoadError
    from ..core.services.installed import InstalledError, locate

    try:
        inst = locate(os.environ)
        project = inst.load()
    except (InstalledError, LoadError) as exc:
        raise UsageError(f"plugin-tui {what} --installed: {exc}") from None
    if project.kind == "none":
        raise UsageError(f"plugin-tui {what} --installed: {project.note}")
    args.path = str(inst.plugins_dir)
    return project


def refuse_fixes(args: argparse.Namespace) -> None:
    """``--fix``, ``--diff`` and ``--watch`` do not go with ``--installed`` (one line, exit 2)."""
    from ..core.services.installed import REFUSE_FIX

    for flag, on in (("--fix", args.fix), ("--unsafe-fixes", args.unsafe_fixes), ("--diff", args.diff)):
        if on:
            raise UsageError(f"plugin-tui check --installed: {flag} refused. {REFUSE_FIX}.")
    if args.watch:
        raise UsageError("plugin-tui check --installed: --watch does not go with --installed; run it again instead")


def always_on(project: Project) -> dict[str, int]:
    """Each plugin folder's always-on token estimate (Claude Code's offline estimate)."""
    from ..core.services.details import project_details

    return {p.path if p.path != "." else "": p.always_on_tokens for p in project_details(project, os.environ).plugins}


def render_overview(project: Project, out: IO[str]) -> None:
    """Every installed plugin (id, version, scopes, enabled, always-on tokens, folder), what the environment drops,
    and the always-on total of the enabled ones; then what could not be read."""
    from ..core.services.details import env_dropped
    from ..core.services.installed import overview

    st = project.installed
    if st is None:
        return
    rows, total = overview(project, always_on(project))
    dropped = env_dropped(project, os.environ)

    def s(x: object) -> str:
        return safe_text(str(x), newlines=True)

    out.write(f"Installed for this user ({s(st.config_dir)}), as seen from {s(st.project_dir)}:\n")
    width = max([len(s(r.facts.id)) for r in rows] + [len(s(ip.id)) for ip in st.outside] + [10])
    for r in rows:
        ip = r.facts
        state = "enabled" if ip.enabled else "disabled"
        tokens = f"~{r.always_on_tokens:,} tok" if r.always_on_tokens is not None else "-"
        where = str(project.root / r.plugin.rel) if ip.folder_exists else f"{ip.install_path} (gone)"
        scopes = ", ".join(_scope(rec.scope, rec.project_path) for rec in ip.records)
        out.write(
            f"  {s(ip.id).ljust(width)}  {s(ip.version or '-'):<8}  {state:<8}  {tokens:>9}  {s(scopes)}  {s(where)}\n"
        )
        if r.plugin.refused is not None:
            out.write(f"  {'':{width}}  not loaded: {s(r.plugin.refused)}\n")
        for n in dropped.get(r.plugin.rel, []):
            out.write(f"  {'':{width}}  not loaded: MCP server {s(n.what)}: {s(n.why)}\n")
        if ip.loads_from is not None:
            out.write(f"  {'':{width}}  read from {s(ip.loads_from)}, not from this copy\n")
    for ip in st.outside:
        out.write(f"  {s(ip.id).ljust(width)}  {s(ip.version or '-'):<8}  not checked: {s(ip.install_path)}\n")
    enabled = sum(1 for r in rows if r.facts.enabled)
    out.write(
        f"Always-on: ~{total:,} tokens added to every session by the {enabled} enabled plugin"
        f"{'s' if enabled != 1 else ''} (Claude Code {CLAUDE_CODE_VERSION} offline estimate). "
        "Built-in plugins (@builtin) have no files and are not listed.\n"
    )
    for note in st.notes:
        out.write(f"note: {s(note)}\n")
    out.write("\n")


def _scope(scope: str, project_path: str | None) -> str:
    return f"{scope} ({project_path})" if project_path else scope
