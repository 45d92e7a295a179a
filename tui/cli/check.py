"""``plugin-tui check``: the report in every format, ``--fix``/``--diff``, and the exit code."""

from __future__ import annotations

import argparse
import os
import sys

from .common import UsageError, env_file_label, load_project, run_config, run_environ


def cmd_check(args: argparse.Namespace) -> int:
    from ..core.services import report
    from .installed import installed_target, refuse_fixes

    if args.installed:
        refuse_fixes(args)
    if args.unsafe_fixes and not (args.fix or args.diff):
        raise UsageError("plugin-tui check: --unsafe-fixes goes with --fix or --diff")
    if args.watch and (args.fix or args.diff):
        flag = "--fix" if args.fix else "--diff"
        raise UsageError(
            f"plugin-tui check: --watch does not apply fixes; run `check {flag}` once, then `check --watch`"
        )
    installed = installed_target(args, "check")  # args.path becomes Claude Code's plugins folder
    config = run_config(
        args.path,
        profile=args.profile,
        select=args.select,
        ignore=args.ignore,
        strict=args.strict,
        env_file=args.env_file,
    )
    # the persistent cache serves the reports; fixes, diffs, watching, --show-source and the installed plugins
    # (read from Claude Code's folders, not a tree the cache keys) need the parsed files
    cached = installed is None and not (
        getattr(args, "no_cache", False) or args.watch or args.fix or args.diff or args.show_source
    )
    project = None if cached else (installed or load_project(args.path))
    if cached:
        check_path(args.path)
    environ = run_environ(config.env_file, env_file_label(args, config))
    if args.watch:
        from .watch import run_watch

        return run_watch(args, config, environ=environ)
    if project is None:
        project, diags = _cached_check(args.path, config, environ)
    else:
        from ..core.lint.engine import check  # not on a cache hit: it imports the whole model

        diags = check(project, config, environ=environ)
    if installed is not None:
        return _report_installed(args, project, config, diags)
    if args.diff:
        return _diff(args, project, diags, report.exit_code(diags, config.strict))
    if args.fix:
        project, diags = _fix(args, project, config, diags, environ)
    out = sys.stdout
    root_given = os.path.abspath(args.path)
    if args.format == "json":
        report.render_json(project, diags, out, root_given=root_given)
    elif args.format == "sarif":
        report.render_sarif(project, diags, out, root_given=root_given)
    elif args.format == "github":
        report.render_github(project, diags, out, root_given=root_given)
    else:
        color = args.color == "always" or (args.color == "auto" and out.isatty() and "NO_COLOR" not in os.environ)
        from .text import render_text

        render_text(project, diags, out, color=color, root_given=root_given, show_source=args.show_source)
    return report.exit_code(diags, config.strict)


def check_path(path: str) -> None:
    """The one-line usage error ``load_project`` gives for a path that cannot be used (a stat, no walk)."""
    from ..core.model.roots import LoadError, check_root

    try:
        check_root(path)
    except LoadError as exc:
        raise UsageError(f"plugin-tui: {exc}") from None


def _cached_check(path: str, config, environ: dict[str, str]) -> tuple:
    """``load_project`` + ``check`` through the persistent cache (``tui/core/lint/cache.py``)."""
    from ..core.lint.cache import cached_check
    from ..core.model.roots import LoadError

    try:
        project, diags, _hit = cached_check(path, config, environ)
    except LoadError as exc:
        raise UsageError(f"plugin-tui: {exc}") from None
    if project.kind == "none":
        raise UsageError(f"plugin-tui check: {path}: {project.note or 'nothing plugin-like here'}")
    return project, diags


def _report_installed(args: argparse.Namespace, project, config, diags: list) -> int:
    """The report on the installed plugins: the findings without fixes (nothing under ~/.claude is written), named
    by their full path in the text, github and sarif formats; the JSON report adds an ``installed`` member (every
    plugin with its facts and always-on estimate) and the text report starts with the same overview."""
    import json

    from ..core.services import installed as core_installed
    from ..core.services import report

    diags = core_installed.read_only(diags)
    out = sys.stdout
    root_given = args.path
    if args.format == "json":
        from .installed import always_on

        data = report.to_json(project, diags, root_given=root_given)
        data["installed"] = core_installed.to_json(project, always_on(project))
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif args.format == "sarif":
        report.render_sarif(project, diags, out, root_given=root_given)
    elif args.format == "github":
        report.render_github(project, diags, out, root_given=root_given)
    else:
        color = args.color == "always" or (args.color == "auto" and out.isatty() and "NO_COLOR" not in os.environ)
        from .installed import render_overview
        from .text import render_text

        render_overview(project, out)
        render_text(project, diags, out, color=color, root_given=root_given, show_source=args.show_source)
    return report.exit_code(diags, config.strict)


def _diff(args: argparse.Namespace, project, diags: list, code: int) -> int:
    """``--diff``: only the diffs of the first round of fixes, on stdout, in any format; nothing is written. Files
    are named from the current folder like the reports (``git apply`` takes the diff there), or from the checked
    folder when it is not below the current one. ``Would fix N
    problems in M files`` goes to stderr, and the exit code is the check's."""
    from ..core.fix.loop import dry_run
    from ..core.services.report import PathView

    view = PathView(os.path.abspath(args.path))
    run = dry_run(project, diags, unsafe=args.unsafe_fixes, name=lambda rel: view.relative(rel) or rel)
    if run.diff:
        sys.stdout.write(run.diff)
        sys.stdout.flush()
    sys.stderr.write(
        f"Would fix {_plural(run.fixed, 'problem')} in {_plural(len(run.files), 'file')} (--diff: nothing written)\n"
    )
    _not_fixed(run.skipped)
    return code


def _fix(args: argparse.Namespace, project, config, diags: list, environ: dict[str, str]) -> tuple:
    """``--fix`` / ``--unsafe-fixes``: apply every safe fix (with ``--unsafe-fixes`` also the unsafe ones that need
    no choice), re-load and re-check until stable; ``Fixed N problems in M files`` (and any fix that could not be
    applied) goes to stderr, and the report that follows describes the files after fixing."""
    from ..core.fix.loop import fix_until_stable

    done = fix_until_stable(project, config, diags, environ, unsafe=args.unsafe_fixes)
    sys.stderr.write(f"Fixed {_plural(done.fixed, 'problem')} in {_plural(len(done.files), 'file')}\n")
    _not_fixed(done.skipped)
    return done.project, done.diagnostics


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _not_fixed(skipped: list) -> None:
    for item, reason in skipped:
        code = getattr(item, "code", None)
        fx = getattr(item, "fix", None)
        label = f"{code} " if code else ""
        sys.stderr.write(f"not fixed: {label}{fx.title if fx else ''}: {reason}\n")
