"""``plugin-tui details``: what Claude Code will load from each plugin, with token estimates, as a table like
Claude Code's own ``claude plugin details`` or as JSON."""

from __future__ import annotations

import argparse
import os
import sys

from .common import UsageError, load_project


def cmd_details(args: argparse.Namespace) -> int:
    import json

    from ..core.services.details import project_details
    from .installed import installed_target

    project = installed_target(args, "details") or load_project(args.path, "details")
    if not project.plugins:  # a marketplace whose entries are all remote
        raise UsageError(
            f"plugin-tui details: {args.path}: no plugin found" + (f" ({project.note})" if project.note else "")
        )
    details = project_details(project, environ=os.environ, root_given=os.path.abspath(args.path))
    if args.format == "json":
        sys.stdout.write(json.dumps(details.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(_details_text(details))
    return 0


def _details_text(details) -> str:
    """The readable form, laid out like Claude Code's own `claude plugin details`."""
    from ..core.base.text import safe_text
    from ..core.services.details import format_estimate

    def s(x) -> str:
        return safe_text(str(x), newlines=True)

    out: list[str] = []
    for p in details.plugins:
        if out:
            out.append("")
        out.append(f"{s(p.name)} {s(p.version or '')}".rstrip())
        out.append(f"  Path: {s(p.path)}")
        out.append("")
        out.append("Component inventory")
        rows = (
            ("Skills", p.inventory["skills"], ""),
            ("Agents", p.inventory["agents"], ""),
            ("Hooks", p.inventory["hooks"], "  (harness-only \u2014 no model context cost)"),
            ("MCP servers", p.inventory["mcp_servers"], "  (tool schemas resolved at runtime; not counted)"),
            ("LSP servers", p.inventory["lsp_servers"], "  (no model context cost)"),
        )
        for label, names, note in rows:
            out.append(f"  {label} ({len(names)})" + (f"  {', '.join(s(n) for n in names)}{note}" if names else ""))
        out.append("")
        out.append("Projected token cost")
        out.append(f"  Always-on:   ~{p.always_on_tokens:,} tok   added to every session")
        if p.costs:
            out.append("")
            out.append("Per-component (rounded)")
            width = max([len(s(c.name)) for c in p.costs] + [9])
            out.append(f"  {'component'.ljust(width)}  {'always-on':>9}  {'on-invoke':>9}")
            for c in p.costs:
                out.append(
                    f"  {s(c.name).ljust(width)}  {format_estimate(c.always_on):>9}  {format_estimate(c.on_invoke):>9}"
                )
            out.append("")
            out.append("  On-invoke cost is paid each time a skill or agent fires.")
            out.append("  Token counts are estimates and may differ from actual usage.")
        if p.not_loaded:
            out.append("")
            out.append(f"Not loaded ({len(p.not_loaded)})")
            for n in p.not_loaded:
                out.append(f"  {s(n.path or '-')}  {s(n.what)}: {s(n.why)}")
    if len(details.plugins) > 1:
        total = sum(p.always_on_tokens for p in details.plugins)
        out.append("")
        out.append(
            f"{len(details.plugins)} plugins; always-on together ~{total:,} tok "
            f"(Claude Code {details.claude_code}, offline estimate)"
        )
    return "\n".join(out) + "\n"
