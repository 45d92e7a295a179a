"""Argument parsing and the headless commands (``shared/design/cli-contract.md``).

Exit codes: 0 clean, 1 findings (errors; warnings with --strict; unset variables for ``env``), 2 usage
error or unusable PATH (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__

SUBCOMMANDS = ("check", "env", "rules", "test-hook", "new")
FORMATS = ("text", "json", "sarif", "github")


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise UsageError(f"{self.prog}: {message}")


def _tui_parser() -> _Parser:
    p = _Parser(prog="plugin-tui", description="Explore, validate and fix Claude Code plugins and marketplaces.",
                epilog="Commands: check, env, rules, test-hook, new (plugin-tui COMMAND --help).")
    p.add_argument("path", nargs="?", default=".", help="plugin or marketplace folder (default: .)")
    p.add_argument("--demo", action="store_true", help="open a copy of the bundled demo plugin")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    p.add_argument("--no-watch", action="store_true", help="do not re-check when files change")
    p.add_argument("--theme", default=None, help="Textual theme name (default textual-dark)")
    p.add_argument("--profile", default=None, help="official (default), plugin-dev or directory")
    p.add_argument("--env-file", default=None, help="dotenv file to read variables from")
    return p


def _check_parser() -> _Parser:
    p = _Parser(prog="plugin-tui check", description="Check a plugin or marketplace and report problems.")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--strict", action="store_true", help="warnings fail the run too")
    p.add_argument("--profile", default=None, help="official (default), plugin-dev or directory")
    p.add_argument("--select", default=None, help="comma-separated codes or prefixes to run")
    p.add_argument("--ignore", default=None, help="comma-separated codes or prefixes to skip")
    p.add_argument("--fix", action="store_true", help="apply safe fixes, then report what remains")
    p.add_argument("--unsafe-fixes", action="store_true", help="with --fix: also apply fixes that change meaning")
    p.add_argument("--diff", action="store_true", help="print the fixes as diffs without writing")
    p.add_argument("--watch", action="store_true", help="re-check after every change on disk until Ctrl-C")
    p.add_argument("--env-file", default=None, help="dotenv file to read variables from")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    return p


def _env_parser() -> _Parser:
    p = _Parser(prog="plugin-tui env", description="List every ${VAR} the plugin reads and whether it is set.")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--env-file", default=None)
    return p


def _rules_parser() -> _Parser:
    p = _Parser(prog="plugin-tui rules", description="List the rules, or explain one.")
    p.add_argument("code", nargs="?")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--profile", default=None, help="only the rules active in this profile")
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
            if cmd == "test-hook":
                return cmd_test_hook(_test_hook_parser().parse_args(rest))
            return cmd_new(_new_parser().parse_args(rest))
        args = _tui_parser().parse_args(argv)
        if args.version:
            print(f"plugin-tui {__version__}")
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


def _load(path: str):
    from .core.loader import LoadError, load

    try:
        return load(path)
    except LoadError as exc:
        raise UsageError(f"plugin-tui: {exc}") from None


def _config(path: str, **kw):
    from .core.config import ConfigError, load_config

    try:
        return load_config(Path(path), **kw)
    except ConfigError as exc:
        raise UsageError(f"plugin-tui: {exc}") from None


def _environ(env_file: str | None) -> dict[str, str]:
    """The environment the checks see: the process environment, plus a dotenv file's names it lacks.

    A non-empty value in the environment wins over the file, as in ``plugin-tui env``.
    """
    environ = dict(os.environ)
    if env_file:
        from .core.envcheck import read_env_file

        if not os.path.isfile(env_file):
            raise UsageError(f"plugin-tui: --env-file {env_file}: no such file")
        values, _problem = read_env_file(env_file)
        for name, value in values.items():
            if not environ.get(name):
                environ[name] = value or ""
    return environ


def cmd_check(args: argparse.Namespace) -> int:
    from .core import report
    from .core.engine import check

    if args.unsafe_fixes and not (args.fix or args.diff):
        raise UsageError("plugin-tui check: --unsafe-fixes goes with --fix or --diff")
    config = _config(args.path, profile=args.profile, select=args.select, ignore=args.ignore, strict=args.strict,
                     env_file=args.env_file)
    project = _load(args.path)
    if args.watch:
        from .core.watch import run_watch

        return run_watch(args, config)
    environ = _environ(config.env_file)
    diags = check(project, config, environ=environ)
    if args.fix or args.diff:
        from .core.fixes import apply_cli_fixes

        project, diags = apply_cli_fixes(args, project, config, diags, environ)
    out = sys.stdout
    if args.format == "json":
        report.render_json(project, diags, out, root_given=os.path.abspath(args.path))
    elif args.format == "sarif":
        report.render_sarif(project, diags, out)
    elif args.format == "github":
        report.render_github(project, diags, out)
    else:
        color = args.color == "always" or (args.color == "auto" and out.isatty() and "NO_COLOR" not in os.environ)
        report.render_text(project, diags, out, color=color)
    return report.exit_code(diags, config.strict)


def cmd_env(args: argparse.Namespace) -> int:
    project = _load(args.path)
    from .core.envcheck import run_env_command

    return run_env_command(args, project)


def cmd_rules(args: argparse.Namespace) -> int:
    import json

    from .core.rules import PROFILES, all_rules, get_rule

    if args.code:
        r = get_rule(args.code)
        if r is None:
            raise UsageError(f"plugin-tui rules: no rule {args.code!r} (plugin-tui rules lists them)")
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
    if args.profile is not None and args.profile not in PROFILES:
        raise UsageError(f"plugin-tui rules: unknown profile {args.profile!r}")
    rules = [r for r in all_rules() if args.profile is None or r.active(args.profile)]
    if args.format == "json":
        print(json.dumps([r.to_json() for r in rules], indent=2, ensure_ascii=False))
    else:
        for r in rules:
            flags = ("*" if r.fixable else " ")
            prof = ",".join(r.profiles) or "opt-in"
            print(f"{r.code:<8} {flags} {r.severity:<7} {prof:<10} {r.name:<40} {r.summary}")
        print(f"\n{len(rules)} rules; * = has a fix; opt-in rules run only with --select. "
              "`plugin-tui rules CODE` explains one.")
    return 0


def cmd_test_hook(args: argparse.Namespace) -> int:
    from .core.hooktest import run_test_hook_command

    return run_test_hook_command(args)


def cmd_new(args: argparse.Namespace) -> int:
    from .core.scaffold import run_new_command

    return run_new_command(args)


def cmd_tui(args: argparse.Namespace) -> int:
    path = args.path
    demo = None
    if args.demo:
        from .demo import DemoCopy

        demo = DemoCopy.create()  # removed on exit unless changed (then its path goes to stderr)
        path = str(demo.root)
    from .core.roots import LoadError, check_root

    try:  # fail early, with one clear line, before the screen is taken over (a stat, not a load)
        check_root(path)
    except LoadError as exc:
        raise UsageError(f"plugin-tui: {exc}") from None
    from . import preload as _preload

    # load the project on another core while Textual is imported and the app is built (``tui/preload.py``)
    preload = _preload.start(path)
    try:
        config = _config(path, profile=args.profile, env_file=args.env_file)
        from .app import run_app
    except BaseException:
        if preload is not None:
            preload.close()
        raise
    return run_app(path, config=config, watch=not args.no_watch, theme=args.theme, preload=preload, demo=demo)
