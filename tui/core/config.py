"""Run configuration: profile, select/ignore, per-path ignores, from flags and ``.plugin-tui.toml``.

``.plugin-tui.toml`` (in the root that was given) takes the same keys as the flags::

    profile = "plugin-dev"
    select = ["AGT", "HOOK"]
    ignore = ["SKL010"]
    strict = false

    [per-path-ignores]
    "legacy/**" = ["AGT"]
    "plugins/old-*/commands/*.md" = ["CMD003"]

Flags given on the command line win over the file.
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


def _codes(value: object, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{CONFIG_NAME}: '{what}' must be a list of rule codes or prefixes")
    return tuple(v.strip().upper() for v in value if v.strip())


def load_config(root: Path, *, profile: str | None = None, select: str | None = None, ignore: str | None = None,
                strict: bool | None = None, env_file: str | None = None) -> Config:
    from .rules import PROFILES

    cfg = Config()
    path = Path(root) / CONFIG_NAME
    if path.is_file():
        import tomllib  # only with a config file: ~15 ms the explorer's start-up need not pay otherwise

        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from None
        cfg.source = str(path)
        if "profile" in data:
            if not isinstance(data["profile"], str):
                raise ConfigError(f"{CONFIG_NAME}: 'profile' must be a string")
            cfg.profile = data["profile"]
        cfg.select = _codes(data.get("select"), "select")
        cfg.ignore = _codes(data.get("ignore"), "ignore")
        if isinstance(data.get("strict"), bool):
            cfg.strict = data["strict"]
        ppi = data.get("per-path-ignores", data.get("per_path_ignores", {}))
        if not isinstance(ppi, dict):
            raise ConfigError(f"{CONFIG_NAME}: 'per-path-ignores' must be a table of glob = [codes]")
        cfg.per_path_ignores = {str(k): _codes(v, f"per-path-ignores.{k}") for k, v in ppi.items()}
        if isinstance(data.get("env-file"), str):
            cfg.env_file = data["env-file"]
    if profile is not None:
        cfg.profile = profile
    if select is not None:
        cfg.select = _codes(select, "select")
    if ignore is not None:
        cfg.ignore = _codes(ignore, "ignore")
    if strict:
        cfg.strict = True
    if env_file is not None:
        cfg.env_file = env_file
    if cfg.profile not in PROFILES:
        raise ConfigError(f"unknown profile {cfg.profile!r} (choose from {', '.join(PROFILES)})")
    return cfg
