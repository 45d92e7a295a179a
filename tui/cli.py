"""Argument parsing and the headless commands (``shared/design/cli-contract.md``).

Exit codes: 0 clean, 1 findings (errors; warnings with --strict; unset variables for ``env``), 2 usage
error or unusable PATH (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from .core.base.version import __version__

SUBCOMMANDS = ("check", "env", "rules", "details", "test-hook", "new")
FORMATS = ("text", "json", "sarif", "github")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise UsageError(f"{self.prog}: {message}")


def _tui_parser() -> _Parser:
    p = _Parser(prog="plugin-tui", description="Explore, validate and fix Claude Code plugins and marketplaces. "
                "The explorer needs a terminal; in CI or a script use `plugin-tui check`.",
                epilog="Commands: check, env, rules, details, test-hook, new (plugin-tui COMMAND --help).")
    p.add_argument("path", nargs="?", default=".", help="plugin or marketplace folder (default: .)")
    p.add_argument("--demo", action="store_true", help="open a copy of the bundled demo plugin")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    p.add_argument("--no-watch", action="store_true", help="do not re-check when files change")
    p.add_argument("--theme", default=None, metavar="NAME", help="Textual theme name (default textual-dark)")
    p.add_argument("--profile", default=None, metavar="NAME", help="official (default), plugin-dev or directory")
    p.add_argument("--env-file", default=None, metavar="FILE", help="dotenv file to read variables from")
    return p


def _check_parser() -> _Parser:
    p = _Parser(prog="plugin-tui check", description="Check a plugin or marketplace and report problems.",
                epilog="--select and --ignore take comma-separated codes or code prefixes (SKL, HOOK0, AGT004). "
                       "--select narrows the rules of the active profile: a prefix never adds rules of another "
                       "profile; a rule outside the profile (plugin-dev, directory, or an opt-in rule such as "
                       "HOOK117) runs when --select names its full code. A selector that matches no rule, or "
                       "no rule of the profile, is an error (exit 2). Paths in the text, github and sarif "
                       "reports are relative to the current folder. Exit: 0 clean, 1 errors (or warnings with "
                       "--strict), 2 usage error, or a folder with nothing plugin-like.")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--strict", action="store_true", help="warnings fail the run too")
    p.add_argument("--profile", default=None, metavar="NAME", help="official (default), plugin-dev or directory")
    p.add_argument("--select", default=None, metavar="CODES",
                   help="comma-separated codes or prefixes: run only these rules of the profile (a full code "
                        "also runs a rule of another profile)")
    p.add_argument("--ignore", default=None, metavar="CODES", help="comma-separated codes or prefixes to skip")
    p.add_argument("--fix", action="store_true", help="apply safe fixes, then report what remains")
    p.add_argument("--unsafe-fixes", action="store_true", help="with --fix: also apply fixes that change meaning")
    p.add_argument("--diff", action="store_true", help="print the fixes as diffs without writing")
    p.add_argument("--watch", action="store_true",
                   help="re-check after every change on disk until Ctrl-C (not with --fix or --diff)")
    p.add_argument("--env-file", default=None, metavar="FILE", help="dotenv file to read variables from")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    return p


def _env_parser() -> _Parser:
    p = _Parser(prog="plugin-tui env", description="List every ${VAR} the plugin reads and whether it is set.",
                epilog="Exit: 0 every variable is set, defaulted or provided; 1 some variable is unset or empty "
                       "(text and json); --format markdown generates README text and exits 0; 2 usage error.")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="markdown: the README section 'Required environment variables'")
    p.add_argument("--env-file", default=None, metavar="FILE", help="dotenv file to read variables from")
    return p


def _rules_parser() -> _Parser:
    p = _Parser(prog="plugin-tui rules", description="List the rules, or explain one.")
    p.add_argument("code", nargs="?")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--profile", default=None, metavar="NAME", help="only the rules active in this profile")
    return p


def _details_parser() -> _Parser:
    p = _Parser(prog="plugin-tui details",
                description="What Claude Code will load from each plugin, with its token estimates (offline).")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def _test_hook_parser() -> _Parser:
    p = _Parser(prog="plugin-tui test-hook",
                description="Run the plugin's hook handlers that match EVENT once, on a sample input.")
    p.add_argument("args", nargs="+", metavar="[PATH] EVENT")
    p.add_argument("--tool", default=None, help="tool name for tool events (default Bash)")
    p.add_argument("--input", default=None, help="JSON file to use as the hook input")
    p.add_argument("--timeout", type=float, default=None, help="override the handler's timeout (seconds)")
    p.add_argument("--yes", action="store_true", help="do not ask before running")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def _new_parser() -> _Parser:
    p = _Parser(prog="plugin-tui new", description="Scaffold a plugin or a component that passes every check.")
    p.add_argument("kind", choices=("plugin", "command", "agent", "skill", "hook", "mcp"))
    p.add_argument("name")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--event", default=None, help="hook: event (default PreToolUse)")
    p.add_argument("--auth", default=None, help="mcp: oauth, bearer, api-key, stdio-env, headers-helper, none")
    p.add_argument("--url", default=None, help="mcp: server URL for remote servers")
    p.add_argument("--license", default=None,
                   help="plugin: SPDX license id written to plugin.json with a LICENSE file (default MIT; 'none' to skip)")
    p.add_argument("--description", default=None, help="plugin: one-line description")
    p.add_argument("--author", default=None, help="plugin: author name")
    return p


def _err(msg: str) -> int:
    sys.stderr.write(msg.rstrip() + "\n")
    return 2


def main(argv: list[str]) -> int:
    try:
        if argv and argv[0] in SUBCOMMANDS:
            cmd, rest = argv[0], argv[1:]
            if cmd == "check":
                return cmd_check(_check_parser().parse_args(rest))
            if cmd == "env":
                return cmd_env(_env_parser().parse_args(rest))
            if cmd == "rules":
                return cmd_rules(_rules_parser().parse_args(rest))
            if cmd == "details":
                return cmd_details(_details_parser().parse_args(rest))
            if cmd == "test-hook":
                return cmd_test_hook(_test_hook_parser().parse_args(rest))
            return cmd_new(_new_parser().parse_args(rest))
        args = _tui_parser().parse_args(argv)
        if args.version:
            from .core.base.version import CLAUDE_CODE_VERSION

            print(f"plugin-tui {__version__} (rules follow Claude Code {CLAUDE_CODE_VERSION})")
            return 0
        return cmd_tui(args)
    except UsageError as exc:
        return _err(str(exc))
    except BrokenPipeError:  # `plugin-tui check | head`
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 1


def _load(path: str, what: str = "check"):
    """The project at ``path``, or a usage error (exit 2): the path cannot be read, or it holds nothing
    plugin-like (a headless run there would check nothing and pass; the explorer shows it instead)."""
    from .core.model.roots import LoadError
    from .core.model.loader import load

    try:
        project = load(path)
    except LoadError as exc:
        raise UsageError(f"plugin-tui: {exc}") from None
    if project.kind == "none":
        raise UsageError(f"plugin-tui {what}: {path}: {project.note or 'nothing plugin-like here'}")
    return project


def _config(path: str, **kw):
    from .core.lint.config import ConfigError, load_config

    try:
        return load_config(Path(path), **kw)
    except ConfigError as exc:
        raise UsageError(f"plugin-tui: {exc}") from None


def _check_env_file(env_file: str, label: str) -> None:
    """A usage error unless ``env_file`` is a readable UTF-8 file: a folder, a missing or unreadable file would
    otherwise leave every variable it holds unset without a word (or, read as a directory, a traceback)."""
    if os.path.isdir(env_file):
        raise UsageError(f"plugin-tui: {label} {env_file}: is a folder, not a dotenv file")
    if not os.path.lexists(env_file):
        raise UsageError(f"plugin-tui: {label} {env_file}: no such file")
    if not os.path.isfile(env_file):
        raise UsageError(f"plugin-tui: {label} {env_file}: not a regular file (or a broken link)")
    try:
        with open(env_file, encoding="utf-8") as fh:
            fh.read()
    except UnicodeDecodeError:
        raise UsageError(f"plugin-tui: {label} {env_file}: not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"plugin-tui: {label} {env_file}: cannot be read: {exc.strerror or exc}") from None


def _env_file_label(args: argparse.Namespace, config) -> str:
    """Where the env file was named: the flag, or the config file's key."""
    return "--env-file" if getattr(args, "env_file", None) else f"{config.source}: env-file"


def _environ(env_file: str | None, label: str = "--env-file") -> dict[str, str]:
    """The environment the checks see: the process environment, plus a dotenv file's names it lacks.

    A non-empty value in the environment wins over the file, as in ``plugin-tui env``. Lines the file could not
    parse are named on stderr (one line); the rest of the file is used.
    """
    environ = dict(os.environ)
    if env_file:
        from .core.services.envcheck import read_env_file

        _check_env_file(env_file, label)
        values, problem = read_env_file(env_file)
        if problem:
            sys.stderr.write(f"plugin-tui: warning: {problem}\n")
        for name, value in values.items():
            if not environ.get(name):
                environ[name] = value or ""
    return environ


def cmd_check(args: argparse.Namespace) -> int:
    from .core.services import report
    from .core.lint.engine import check

    if args.unsafe_fixes and not (args.fix or args.diff):
        raise UsageError("plugin-tui check: --unsafe-fixes goes with --fix or --diff")
    if args.watch and (args.fix or args.diff):
        flag = "--fix" if args.fix else "--diff"
        raise UsageError(f"plugin-tui check: --watch does not apply fixes; run `check {flag}` once, then "
                         "`check --watch`")
    config = _config(args.path, profile=args.profile, select=args.select, ignore=args.ignore, strict=args.strict,
                     env_file=args.env_file)
    project = _load(args.path)
    environ = _environ(config.env_file, _env_file_label(args, config))
    if args.watch:
        from .core.services.watch import run_watch

        return run_watch(args, config, environ=environ)
    diags = check(project, config, environ=environ)
    if args.fix or args.diff:
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
        report.render_text(project, diags, out, color=color, root_given=root_given)
    return report.exit_code(diags, config.strict)


def _fix(args: argparse.Namespace, project, config, diags: list, environ: dict[str, str]) -> tuple:
    """``--fix`` / ``--unsafe-fixes`` / ``--diff``.

    ``--fix``: apply every safe fix (with ``--unsafe-fixes`` also the unsafe ones that need no choice), re-load and
    re-check until stable; ``Fixed N problems in M files`` (and any fix that could not be applied) goes to stderr,
    and the report that follows describes the files after fixing. ``--diff`` (with or without ``--fix``) writes
    nothing: the diff of the first round of fixes goes to stdout, followed by the usual report of the files as
    they are (with ``--format json`` or ``sarif`` the diff goes to stderr, so stdout stays one document), and
    ``Would fix N problems in M files`` to stderr.
    """
    from .core.fix.loop import dry_run, fix_until_stable

    err = sys.stderr
    if args.diff:
        run = dry_run(project, diags, unsafe=args.unsafe_fixes)
        out = sys.stderr if args.format in ("json", "sarif") else sys.stdout
        if run.diff:
            out.write(run.diff + ("\n" if out is sys.stdout else ""))
            out.flush()
        err.write(f"Would fix {_plural(run.fixed, 'problem')} in {_plural(len(run.files), 'file')} "
                  "(--diff: nothing written)\n")
        _not_fixed(run.skipped)
        return project, diags
    done = fix_until_stable(project, config, diags, environ, unsafe=args.unsafe_fixes)
    err.write(f"Fixed {_plural(done.fixed, 'problem')} in {_plural(len(done.files), 'file')}\n")
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


def cmd_env(args: argparse.Namespace) -> int:
    if args.env_file:
        _check_env_file(args.env_file, "--env-file")
    project = _load(args.path, "env")
    from .core.services.envcheck import run_env_command

    code = run_env_command(args, project)
    if args.format == "markdown" and code == 1:
        return 0  # a generator of README text: unset variables are what it documents, not a failure
    return code


def cmd_rules(args: argparse.Namespace) -> int:
    import json

    from .core.lint.registry import all_rules, get_rule

    if args.code:
        r = get_rule(args.code)
        if r is None:
            from .core.base.suggest import nearest_key

            code = args.code.strip().upper()
            prefixed = [x.code for x in all_rules() if x.code.startswith(code)] if code else []
            if prefixed:
                more = f" … ({len(prefixed)} rules)" if len(prefixed) > 4 else ""
                hint = f"; rules starting with it: {', '.join(prefixed[:4])}{more}"
            else:
                sug = nearest_key(code, [x.code for x in all_rules()])
                hint = f" (did you mean {sug}?)" if sug else ""
            raise UsageError(f"plugin-tui rules: no rule {args.code!r}{hint}; `plugin-tui rules` lists them")
        if args.format == "json":
            data = r.to_json()
            data["explanation"] = r.explanation
            print(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            print(f"{r.code} {r.name}  [{r.area}, {r.severity}, profiles: {', '.join(r.profiles)}"
                  f"{', fixable' if r.fixable else ''}]")
            print(f"sources: {', '.join(r.sources) or '-'}\n")
            print(r.explanation)
        return 0
    if args.profile is not None:
        from .core.lint.config import ConfigError, check_profile

        try:
            check_profile(args.profile, "--profile")
        except ConfigError as exc:
            raise UsageError(f"plugin-tui rules: {exc}") from None
    rules = [r for r in all_rules() if args.profile is None or r.active(args.profile)]
    if args.format == "json":
        print(json.dumps([r.to_json() for r in rules], indent=2, ensure_ascii=False))
    else:
        for r in rules:
            flags = ("*" if r.fixable else " ")
            prof = ",".join(r.profiles) or "opt-in"
            print(f"{r.code:<8} {flags} {r.severity:<7} {prof:<10} {r.name:<40} {r.summary}")
        print(f"\n{len(rules)} rules; * = has a fix. `check --select` narrows a profile's rules; a rule of "
              "another profile or an opt-in one runs when --select names its full code. "
              "`plugin-tui rules CODE` explains one.")
    return 0


def cmd_details(args: argparse.Namespace) -> int:
    import json

    from .core.services.details import project_details

    project = _load(args.path, "details")
    if not project.plugins:  # a marketplace whose entries are all remote
        raise UsageError(f"plugin-tui details: {args.path}: no plugin found"
                         + (f" ({project.note})" if project.note else ""))
    details = project_details(project, environ=os.environ, root_given=os.path.abspath(args.path))
    if args.format == "json":
        sys.stdout.write(json.dumps(details.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(_details_text(details))
    return 0


def _details_text(details) -> str:
    """The readable form, laid out like Claude Code's own `claude plugin details`."""
    from .core.services.details import format_estimate
    from .core.base.text import safe_text

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
        rows = (("Skills", p.inventory["skills"], ""),
                ("Agents", p.inventory["agents"], ""),
                ("Hooks", p.inventory["hooks"], "  (harness-only \u2014 no model context cost)"),
                ("MCP servers", p.inventory["mcp_servers"], "  (tool schemas resolved at runtime; not counted)"),
                ("LSP servers", p.inventory["lsp_servers"], "  (no model context cost)"))
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
                out.append(f"  {s(c.name).ljust(width)}  {format_estimate(c.always_on):>9}  "
                           f"{format_estimate(c.on_invoke):>9}")
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
        out.append(f"{len(details.plugins)} plugins; always-on together ~{total:,} tok "
                   f"(Claude Code {details.claude_code}, offline estimate)")
    return "\n".join(out) + "\n"


def cmd_test_hook(args: argparse.Namespace) -> int:
    from .core.services.hooktest import run_test_hook_command

    return run_test_hook_command(args)


def cmd_new(args: argparse.Namespace) -> int:
    from .core.services.scaffold import run_new_command

    return run_new_command(args)


def _not_a_terminal() -> str | None:
    """Which of stdin and stdout is not a terminal (the explorer needs both), or None."""
    for name, stream in (("stdin", sys.stdin), ("stdout", sys.stdout)):
        try:
            if stream is None or not stream.isatty():
                return name
        except (AttributeError, ValueError, OSError):  # closed or replaced streams
            return name
    return None


def cmd_tui(args: argparse.Namespace) -> int:
    # Without a terminal the explorer cannot read keys or draw (Textual would spin on an input at EOF forever):
    # say what to run instead, before anything is copied, started or imported.
    missing = _not_a_terminal()
    if missing is not None:
        target = "" if args.demo or args.path == "." else " " + shlex.quote(args.path)
        raise UsageError(f"plugin-tui: the explorer needs a terminal ({missing} is not one); "
                         f"in CI or a script, run `plugin-tui check{target}`")
    if args.profile is not None:  # a typo here is refused before anything starts (the file is read below)
        from .core.lint.config import ConfigError, check_profile

        try:
            check_profile(args.profile, "--profile")
        except ConfigError as exc:
            raise UsageError(f"plugin-tui: {exc}") from None
    if args.env_file:
        _check_env_file(args.env_file, "--env-file")
    path = args.path
    demo = None
    if args.demo:
        from .demo import DemoCopy

        demo = DemoCopy.create()  # removed on exit unless changed (then its path goes to stderr)
        path = str(demo.root)
    from .core.model.roots import LoadError, check_root

    try:  # fail early, with one clear line, before the screen is taken over (a stat, not a load)
        check_root(path)
    except LoadError as exc:
        raise UsageError(f"plugin-tui: {exc}") from None
    from . import preload as _preload

    # load the project on another core while Textual is imported and the app is built (``tui/preload.py``)
    preload = _preload.start(path)
    try:
        config = _config(path, profile=args.profile, env_file=args.env_file)
        if config.env_file and not args.env_file:
            _check_env_file(config.env_file, _env_file_label(args, config))
        from .app import run_app
    except BaseException:
        if preload is not None:
            preload.close()
        raise
    return run_app(path, config=config, watch=not args.no_watch, theme=args.theme, preload=preload, demo=demo)
