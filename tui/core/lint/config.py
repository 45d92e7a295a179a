"""Run configuration: profile, select/ignore, per-path ignores, from flags and ``.plugin-tui.toml``.

``.plugin-tui.toml`` (in the root that was given) takes the same keys as the flags::

    profile = "plugin-dev"
    select = ["AGT", "HOOK"]
    ignore = ["SKL010"]
    strict = false

    [per-path-ignores]
    "legacy/**" = ["AGT"]
    "plugins/old-*/commands/*.md" = ["CMD003"]

Flags given on the command line win over the file. Everything is checked: an unknown key, a value of the wrong
type, an unknown profile, or a rule selector that no rule code starts with raises :class:`ConfigError` (one
line; the CLI exits 2), since ignoring it would switch checks on or off without a word.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_NAME = ".plugin-tui.toml"


class ConfigError(Exception):
    pass


@dataclass
class Config:
    profile: str = "official"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    strict: bool = False
    per_path_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    env_file: str | None = None
    source: str | None = None  # the config file that was read, if any

    def ignored_at(self, code: str, path: str | None) -> bool:
        if not self.per_path_ignores or not path:
            return False
        for pattern, codes in self.per_path_ignores.items():
            if fnmatch.fnmatchcase(path, pattern) and code.upper().startswith(codes):
                return True
        return False


# the keys of .plugin-tui.toml (``per_path_ignores`` is an old spelling, still read)
KEYS = ("profile", "select", "ignore", "strict", "per-path-ignores", "env-file")
_ALIASES = {"per_path_ignores": "per-path-ignores"}
# codes that are not rules but may be ignored: a rule that crashed (the engine reports it as INT001)
_NOT_RULES = ("INT001",)


def _suggest(selector: str) -> str | None:
    from ..base.suggest import nearest_key
    from .registry import all_rules

    codes = [r.code for r in all_rules()]
    known = sorted(set(codes) | {c.rstrip("0123456789") for c in codes})
    return nearest_key(selector, known)


def _check_selectors(codes: tuple[str, ...], where: str, ignoring: bool) -> None:
    """Refuse a selector that names no rule: `--select NOPE` would run nothing and report "No problems found",
    `--ignore NOPE` would switch nothing off while the author believes it does."""
    from .registry import selects_nothing

    for c in codes:
        if ignoring and c in _NOT_RULES:
            continue
        if selects_nothing(c):
            sug = _suggest(c)
            raise ConfigError(
                f"{where}: unknown rule selector {c!r}: no rule code starts with it"
                + (f" (did you mean {sug!r}?)" if sug else "")
                + "; `plugin-tui rules` lists the codes"
            )


def _codes(value: object, where: str, ignoring: bool) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of rule codes or prefixes, got {_type(value)}")
    codes = tuple(v.strip().upper() for v in value if v.strip())
    _check_selectors(codes, where, ignoring)
    return codes


def _type(value: object) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def check_profile(value: str, where: str) -> str:
    """``value`` if it names a profile, else :class:`ConfigError` (with a did-you-mean)."""
    from ..base.profiles import PROFILES

    if value not in PROFILES:
        from ..base.suggest import nearest_key

        sug = nearest_key(value, PROFILES)
        raise ConfigError(
            f"{where}: unknown profile {value!r}"
            + (f" (did you mean {sug!r}?)" if sug else "")
            + f"; choose from {', '.join(PROFILES)}"
        )
    return value


def _read_file(path: Path, cfg: Config) -> None:
    """Read ``.plugin-tui.toml`` into ``cfg``. Every key and value is checked: a misspelt key (``ignor``) or a
    value of the wrong kind would otherwise switch a check on or off without a word."""
    import tomllib  # only with a config file: ~15 ms the explorer's start-up need not pay otherwise

    from ..base.suggest import nearest_key

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    cfg.source = str(path)
    for key in data:
        if key not in KEYS and key not in _ALIASES:
            sug = nearest_key(key, KEYS, present=data)
            raise ConfigError(
                f"{path}: unknown key {key!r}"
                + (f" (did you mean {sug!r}?)" if sug else "")
                + f"; the keys are {', '.join(KEYS)}"
            )
    if "profile" in data:
        if not isinstance(data["profile"], str):
            raise ConfigError(f"{path}: 'profile' must be a string, got {_type(data['profile'])}")
        cfg.profile = check_profile(data["profile"], f"{path}: 'profile'")
    cfg.select = _codes(data.get("select"), f"{path}: 'select'", ignoring=False)
    cfg.ignore = _codes(data.get("ignore"), f"{path}: 'ignore'", ignoring=True)
    if "strict" in data:
        if not isinstance(data["strict"], bool):
            raise ConfigError(f"{path}: 'strict' must be true or false, got {_type(data['strict'])}")
        cfg.strict = data["strict"]
    if "per-path-ignores" in data and "per_path_ignores" in data:
        raise ConfigError(f"{path}: both 'per-path-ignores' and 'per_path_ignores'; keep one")
    ppi = data.get("per-path-ignores", data.get("per_path_ignores", {}))
    if not isinstance(ppi, dict):
        raise ConfigError(f"{path}: 'per-path-ignores' must be a table of \"glob\" = [codes], got {_type(ppi)}")
    cfg.per_path_ignores = {str(k): _codes(v, f"{path}: per-path-ignores {k!r}", ignoring=True) for k, v in ppi.items()}
    if "env-file" in data:
        if not isinstance(data["env-file"], str) or not data["env-file"].strip():
            raise ConfigError(f"{path}: 'env-file' must be a file name, got {_type(data['env-file'])}")
        # relative to the folder of the file that names it, not to wherever plugin-tui was started
        cfg.env_file = str(path.parent / data["env-file"])


def load_config(
    root: Path,
    *,
    profile: str | None = None,
    select: str | None = None,
    ignore: str | None = None,
    strict: bool | None = None,
    env_file: str | None = None,
) -> Config:
    """The configuration for ``root``: ``.plugin-tui.toml`` there, then the flags (which win).

    Raises :class:`ConfigError` with one line for anything that would otherwise be ignored: an unknown key, a
    value of the wrong type, an unknown profile, or a rule selector that no rule code starts with.
    """
    cfg = Config()
    path = Path(root) / CONFIG_NAME
    if path.is_file():
        _read_file(path, cfg)
    if profile is not None:
        cfg.profile = check_profile(profile, "--profile")
    if select is not None:
        cfg.select = _codes(select, "--select", ignoring=False)
    if ignore is not None:
        cfg.ignore = _codes(ignore, "--ignore", ignoring=True)
    if strict:
        cfg.strict = True
    if env_file is not None:
        cfg.env_file = env_file
    _check_in_profile(cfg, "--select" if select is not None else f"{path}: 'select'")
    return cfg


def _check_in_profile(cfg: Config, where: str) -> None:
    """Selection narrows the profile (``rules_for``): a prefix whose rules all belong to another profile would
    run nothing; say so instead of reporting "No problems found"."""
    from .registry import all_rules, rules_for

    for sel in cfg.select:
        if rules_for(cfg.profile, select=[sel]):
            continue
        others = sorted({p for r in all_rules() if r.code.startswith(sel) for p in r.profiles})
        belongs = (
            f"its rules belong to the {' and '.join(others)} profile{'s' if len(others) > 1 else ''}"
            if others
            else "its rules are opt-in"
        )
        example = next(r.code for r in all_rules() if r.code.startswith(sel))
        raise ConfigError(
            f"{where}: {sel!r} selects no rule of the {cfg.profile} profile ({belongs}); "
            + (f"add --profile {others[0]}, or " if others else "")
            + f"name a rule by its full code ({example})"
        )
