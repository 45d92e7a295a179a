"""Argument parsing and dispatch of the headless commands, whose output and exit codes are the stable contract.

Exit codes: 0 clean, 1 findings (errors; warnings with --strict; unset variables for ``env``), 2 usage
error or unusable PATH (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys

from ..core.base.version import __version__
from .check import cmd_check
from .common import UsageError, check_env_file, env_file_label, load_project, run_config
from .details import cmd_details
from .rules import cmd_rules

SUBCOMMANDS = ("check", "env", "rules", "details", "test-hook", "new", "cache")
FORMATS = ("text", "json", "sarif", "github")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        raise UsageError(f"{self.prog}: {message}")


def _tui_parser() -> _Parser:
    p = _Parser(
        prog="plugin-tui",
        description="Explore, validate and fix Claude Code plugins and marketplaces. "
        "The explorer needs a terminal; in CI or a script use `plugin-tui check`.",
        epilog="Commands: check, env, rules, details, test-hook, new, cache (plugin-tui COMMAND --help).",
    )
    p.add_argument("path", nargs="?", default=".", help="plugin or marketplace folder (default: .)")
    p.add_argument("--demo", action="store_true", help="open a copy of the bundled demo plugin")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    p.add_argument("--no-watch", action="store_true", help="do not re-check when files change")
    p.add_argument("--theme", default=None, metavar="NAME", help="Textual theme name (default textual-dark)")
    p.add_argument("--profile", default=None, metavar="NAME", help="official (default), plugin-dev or directory")
    p.add_argument("--env-file", default=None, metavar="FILE", help="dotenv file to read variables from")
    p.add_argument(
        "--installed",
        action="store_true",
        help="open what Claude Code installed for this user and project (~/.claude), instead of PATH",
    )
    return p


def _check_parser() -> _Parser:
    p = _Parser(
        prog="plugin-tui check",
        description="Check a plugin or marketplace and report problems.",
        epilog="--select and --ignore take comma-separated codes or code prefixes (SKL, HOOK0, AGT004). "
        "--select narrows the rules of the active profile: a prefix never adds rules of another "
        "profile; a rule outside the profile (plugin-dev, directory, or an opt-in rule such as "
        "HOOK117) runs when --select names its full code. A selector that matches no rule, or "
        "no rule of the profile, is an error (exit 2). Paths in the text, github and sarif "
        "reports are relative to the current folder. Exit: 0 clean, 1 errors (or warnings with "
        "--strict), 2 usage error, or a folder with nothing plugin-like.",
    )
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--strict", action="store_true", help="warnings fail the run too")
    p.add_argument("--profile", default=None, metavar="NAME", help="official (default), plugin-dev or directory")
    p.add_argument(
        "--select",
        default=None,
        metavar="CODES",
        help="comma-separated codes or prefixes: run only these rules of the profile (a full code "
        "also runs a rule of another profile)",
    )
    p.add_argument("--ignore", default=None, metavar="CODES", help="comma-separated codes or prefixes to skip")
    p.add_argument("--fix", action="store_true", help="apply safe fixes, then report what remains")
    p.add_argument("--unsafe-fixes", action="store_true", help="with --fix: also apply fixes that change meaning")
    p.add_argument("--diff", action="store_true", help="print only the diffs of the fixes (no report), writing nothing")
    p.add_argument(
        "--show-source",
        action="store_true",
        help="text format: show each finding's line with a caret under it, and its hint",
    )
    p.add_argument(
        "--watch",
        action="store_true",
        help="re-check after every change on disk until Ctrl-C (not with --fix or --diff)",
    )
    p.add_argument("--env-file", default=None, metavar="FILE", help="dotenv file to read variables from")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    p.add_argument(
        "--no-cache", action="store_true", help="check everything again; neither read nor write the result cache"
    )
    p.add_argument(
        "--installed",
        action="store_true",
        help="check what Claude Code installed for this user and project (~/.claude), instead of PATH; "
        "never with --fix or --diff (nothing under ~/.claude is written)",
    )
    return p


def _cache_parser() -> _Parser:
    p = _Parser(prog="plugin-tui cache", description="Manage the cache of check results.")
    p.add_argument("action", choices=("clean", "dir"), help="clean: remove every cached result; dir: print where")
    return p


def _env_parser() -> _Parser:
    p = _Parser(
        prog="plugin-tui env",
        description="List every ${VAR} the plugin reads and whether it is set.",
        epilog="Exit: 0 every variable is set, defaulted or provided; 1 some variable is unset or empty "
        "(text and json); --format markdown generates README text and exits 0; 2 usage error.",
    )
    p.add_argument("path", nargs="?", default=".")
    p.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="markdown: the README section 'Required environment variables'",
    )
    p.add_argument("--env-file", default=None, metavar="FILE", help="dotenv file to read variables from")
    p.add_argument("--installed", action="store_true", help="the plugins Claude Code installed (~/.claude)")
    return p


def _rules_parser() -> _Parser:
    p = _Parser(prog="plugin-tui rules", description="List the rules, or explain one.")
    p.add_argument("code", nargs="?")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--profile", default=None, metavar="NAME", help="only the rules active in this profile")
    return p


def _details_parser() -> _Parser:
    p = _Parser(
        prog="plugin-tui details",
        description="What Claude Code will load from each plugin, with its token estimates (offline).",
    )
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--installed", action="store_true", help="the plugins Claude Code installed (~/.claude)")
    return p


def _test_hook_parser() -> _Parser:
    p = _Parser(
        prog="plugin-tui test-hook",
        description="Run the plugin's hook handlers that match EVENT once, on a sample input.",
    )
    p.add_argument("args", nargs="+", metavar="[PATH] EVENT")
    p.add_argument("--tool", default=None, help="tool name for tool events (default Bash)")
    p.add_argument("--input", default=None, help="JSON file to use as the hook input")
    p.add_argument("--timeout", type=float, default=None, help="override the handler's timeout (seconds)")
    p.add_argument("--yes", action="store_true", help="do not ask before running")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return p


def _new_parser() -> _Parser:
    p = _Parser(
        prog="plugin-tui new",
        description="Scaffold a plugin or a component that passes every check (`plugin-tui check --strict "
        "--profile plugin-dev`) once the environment variables it names on its Next: lines are set. "
        "PATH is the plugin's folder (for KIND plugin, the folder that receives the new plugin).",
    )
    p.add_argument("kind", choices=("plugin", "command", "agent", "skill", "hook", "mcp"))
    p.add_argument("name")
    p.add_argument("path", nargs="?", default=".")
    p.add_argument("--event", default=None, help="hook: event (default PreToolUse)")
    p.add_argument(
        "--auth",
        default=None,
        help="mcp: oauth (default), bearer, api-key, stdio-env, headers-helper, none; bearer, api-key and "
        "stdio-env read a variable the Next: line names (export it before starting Claude Code)",
    )
    p.add_argument("--url", default=None, help="mcp: server URL for remote servers")
    p.add_argument(
        "--tools",
        default=None,
        help="agent: its tools, e.g. 'Read, Grep' (default from the name: reviewers and auditors read and "
        "search; writers, generators and fixers also edit and run commands)",
    )
    p.add_argument(
        "--license",
        default=None,
        help="plugin: SPDX license id written to plugin.json with a LICENSE file (default MIT; 'none' to skip)",
    )
    p.add_argument("--description", default=None, help="plugin, command: one-line description")
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
            if cmd == "cache":
                from .cache import cmd_cache

                return cmd_cache(_cache_parser().parse_args(rest))
            return cmd_new(_new_parser().parse_args(rest))
        args = _tui_parser().parse_args(argv)
        if args.version:
            from ..core.base.version import CLAUDE_CODE_VERSION

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


def cmd_env(args: argparse.Namespace) -> int:
    if args.env_file:
        check_env_file(args.env_file, "--env-file")
    from .installed import installed_target

    project = installed_target(args, "env") or load_project(args.path, "env")
    from .env import cmd_env as run_env

    return run_env(args, project)


def cmd_test_hook(args: argparse.Namespace) -> int:
    from .test_hook import cmd_test_hook as run_test_hook

    return run_test_hook(args)


def cmd_new(args: argparse.Namespace) -> int:
    from .new import cmd_new as run_new

    return run_new(args)


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
        target = " --installed" if args.installed else target
        raise UsageError(
            f"plugin-tui: the explorer needs a terminal ({missing} is not one); "
            f"in CI or a script, run `plugin-tui check{target}`"
        )
    if args.profile is not None:  # a typo here is refused before anything starts (the file is read below)
        from ..core.lint.config import ConfigError, check_profile

        try:
            check_profile(args.profile, "--profile")
        except ConfigError as exc:
            raise UsageError(f"plugin-tui: {exc}") from None
    if args.env_file:
        check_env_file(args.env_file, "--env-file")
    path = args.path
    demo = None
    if args.installed:
        return _tui_installed(args)
    if args.demo:
        from ..demo import DemoCopy

        demo = DemoCopy.create()  # removed on exit unless changed (then its path goes to stderr)
        path = str(demo.root)
    from ..core.model.roots import LoadError, check_root

    try:  # fail early, with one clear line, before the screen is taken over (a stat, not a load)
        check_root(path)
    except LoadError as exc:
        raise UsageError(f"plugin-tui: {exc}") from None
    from .. import preload as _preload

    # load the project on another core while Textual is imported and the app is built (``tui/preload.py``)
    preload = _preload.start(path)
    try:
        config = run_config(path, profile=args.profile, env_file=args.env_file)
        if config.env_file and not args.env_file:
            check_env_file(config.env_file, env_file_label(args, config))
        from ..app import run_app
    except BaseException:
        if preload is not None:
            preload.close()
        raise
    return run_app(path, config=config, watch=not args.no_watch, theme=args.theme, preload=preload, demo=demo)


def _tui_installed(args: argparse.Namespace) -> int:
    """``plugin-tui --installed``: the explorer on what Claude Code installed (refused with one line when there is
    nothing to read), loaded in process (the start-up helper loads folders, not Claude Code's state)."""
    if args.demo or args.path != ".":
        raise UsageError("plugin-tui: --installed reads Claude Code's own folders (~/.claude); give no PATH or --demo")
    from ..core.services.installed import InstalledError, locate

    try:
        installed = locate(os.environ)
    except InstalledError as exc:
        raise UsageError(f"plugin-tui --installed: {exc}") from None
    config = run_config(str(installed.root), profile=args.profile, env_file=args.env_file)
    from ..app import run_app

    return run_app(str(installed.root), config=config, watch=not args.no_watch, theme=args.theme, installed=installed)
