"""What every command needs: the usage error (exit 2, one line), loading the project and the run configuration,
and the environment the checks see."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


class UsageError(Exception):
    pass


def load_project(path: str, what: str = "check"):
    """The project at ``path``, or a usage error (exit 2): the path cannot be read, or it holds nothing
    plugin-like (a headless run there would check nothing and pass; the explorer shows it instead)."""
    from ..core.model.loader import load
    from ..core.model.roots import LoadError

    try:
        project = load(path)
    except LoadError as exc:
        raise UsageError(f"plugin-tui: {exc}") from None
    if project.kind == "none":
        raise UsageError(f"plugin-tui {what}: {path}: {project.note or 'nothing plugin-like here'}")
    return project


def run_config(path: str, **kw):
    from ..core.lint.config import ConfigError, load_config

    try:
        return load_config(Path(path), **kw)
    except ConfigError as exc:
        raise UsageError(f"plugin-tui: {exc}") from None


def check_env_file(env_file: str, label: str) -> None:
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


def env_file_label(args: argparse.Namespace, config) -> str:
    """Where the env file was named: the flag, or the config file's key."""
    return "--env-file" if getattr(args, "env_file", None) else f"{config.source}: env-file"


def run_environ(env_file: str | None, label: str = "--env-file") -> dict[str, str]:
    """The environment the checks see: the process environment, plus a dotenv file's names it lacks.

    A non-empty value in the environment wins over the file, as in ``plugin-tui env``. Lines the file could not
    parse are named on stderr (one line); the rest of the file is used.
    """
    environ = dict(os.environ)
    if env_file:
        from ..core.services.envcheck import read_env_file

        check_env_file(env_file, label)
        values, problem = read_env_file(env_file)
        if problem:
            sys.stderr.write(f"plugin-tui: warning: {problem}\n")
        for name, value in values.items():
            if not environ.get(name):
                environ[name] = value or ""
    return environ
