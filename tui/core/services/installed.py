"""What Claude Code has installed for this user and project, as a project the engine can check (``--installed``).

Claude Code 2.1.332 keeps its state in its configuration folder (``~/.claude``, or ``$CLAUDE_CONFIG_DIR``):

* ``plugins/installed_plugins.json``: ``{"version": 2, "plugins": {"<plugin>@<marketplace>": [record, …]}}``; a
  record is ``{"scope": "user"|"project"|"local"|"managed", "installPath", "version", "installedAt",
  "lastUpdated", "projectPath" (project and local scope), "gitCommitSha" (git sources)}``. One id may have
  several records (one per scope and project), often sharing one folder. A file without ``version`` 2 is the
  old format (``{"plugins": {id: {"version", …}}}``), which Claude Code reads as user-scope records of
  ``plugins/cache/<marketplace>/<plugin>/<version>``. A file it cannot read (not JSON, not that shape, a record
  it cannot parse) is logged ("Failed to load installed_plugins.json … Starting with empty state"): `claude
  plugin list` then shows nothing installed.
* ``plugins/cache/<marketplace>/<plugin>/<version>/``: the installed copy, what a session loads. When it is gone,
  Claude Code fetches it again from the marketplace at the next start (and the plugin does not load when that
  fails). An ``installPath`` recorded under another home (a copied or restored configuration folder) is read
  from this plugins folder when the recorded one no longer exists.
* ``plugins/known_marketplaces.json``: ``{name: {"source": {"source": "directory"|"github"|…}, "installLocation"}}``.
  A plugin whose marketplace entry is a relative path in a ``directory`` (or ``file``) marketplace is read from
  the marketplace's own folder, not from its cached copy (`claude plugin list --json` names it
  ``readFromFolder``).
* Enabled or not: ``enabledPlugins`` of the user settings (``settings.json`` in the configuration folder), then
  the project's ``.claude/settings.json`` (the current folder's), then ``.claude/settings.local.json`` (at the
  root of the git repository holding the current folder, else the current folder): ``true`` enables, ``false``
  disables, the later file wins. Managed (policy) settings and ``--settings`` flags are not read here.
* Built-in plugins (``…@builtin``) ship inside Claude Code and have no files under ``~/.claude``: they are not
  listed.

``locate(environ, cwd)`` finds the folders (or raises ``InstalledError`` with one line), and
``Installed.load()`` builds the ``Project``: its root is the plugins folder, its index holds only
``installed_plugins.json`` and the installed copies (not every cached version nor marketplace clone), and there
is one ``Plugin`` per installed folder with its facts on ``Plugin.installed``. Nothing here writes, and nothing
under the configuration folder is ever written by plugin-tui: ``read_only`` takes the fixes off the findings
(the installed copy is Claude Code's cache, replaced at the next update: the author fixes the source).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..base.diagnostics import Diagnostic
from ..model.loader import load_folders
from ..model.plugin import InstalledPlugin, InstalledState, InstallRecord, Plugin, Project
from ..model.roots import LoadError, check_root
from ..model.source import ParseCache, SourceReader
from ..parse.fsread import FileIndex, walk_some
from ..parse.jsonpos import parse_json

LIST_FILE = "installed_plugins.json"
SCOPES = ("user", "project", "local", "managed")
BUILTIN = "builtin"  # the marketplace name of the plugins that ship inside Claude Code
_SAFE_SEGMENT = re.compile(r"[^a-zA-Z0-9\-_.]")


class InstalledError(Exception):
    """There is nothing to read: no configuration folder, or no plugins folder in it (one line)."""


def config_dir(environ: Mapping[str, str]) -> Path:
    """Claude Code's configuration folder: ``$CLAUDE_CONFIG_DIR`` when set, else ``~/.claude``."""
    explicit = environ.get("CLAUDE_CONFIG_DIR")
    if explicit:
        return Path(explicit).expanduser()
    home = environ.get("HOME") or os.path.expanduser("~")
    return Path(home) / ".claude"


def git_root(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` that holds ``.git`` (a folder, or a worktree's file)."""
    here = folder
    while True:
        if os.path.lexists(here / ".git"):
            return here
        if here.parent == here:
            return None
        here = here.parent


@dataclass(frozen=True)
class Installed:
    """Where to read what Claude Code installed: its configuration folder and the current project."""

    config_dir: Path
    project_dir: Path

    @property
    def plugins_dir(self) -> Path:
        return self.config_dir / "plugins"

    @property
    def root(self) -> Path:
        """The root of the project built from it: the plugins folder."""
        return self.plugins_dir

    def settings_files(self) -> list[tuple[str, Path]]:
        """The settings whose ``enabledPlugins`` count, in the order Claude Code applies them (later wins)."""
        local_base = git_root(self.project_dir) or self.project_dir
        return [
            ("user", self.config_dir / "settings.json"),
            ("project", self.project_dir / ".claude" / "settings.json"),
            ("local", local_base / ".claude" / "settings.local.json"),
        ]

    def load(
        self, root: str | os.PathLike | None = None, cache: ParseCache | None = None, index: FileIndex | None = None
    ) -> Project:
        """The installed plugins as a project (the signature of ``loader.load``, for ``Session``: ``root`` must be
        this plugins folder; ``index`` is ignored, the installed folders are walked again)."""
        if root is not None and Path(root).resolve() != self.plugins_dir.resolve():
            raise LoadError(f"{root}: not the plugins folder {self.plugins_dir}")
        return _load(self, cache)


def locate(environ: Mapping[str, str] | None = None, cwd: str | os.PathLike | None = None) -> Installed:
    """The configuration folder of this user and the current project, or ``InstalledError`` saying why there is
    nothing to read."""
    env = os.environ if environ is None else environ
    cfg = config_dir(env)
    where = "$CLAUDE_CONFIG_DIR" if env.get("CLAUDE_CONFIG_DIR") else "~/.claude"
    if not cfg.is_dir():
        raise InstalledError(f"no Claude Code configuration folder at {cfg} ({where}): nothing is installed here")
    plugins = cfg / "plugins"
    if not plugins.is_dir():
        raise InstalledError(f"{plugins}: no plugins folder: Claude Code has installed no plugin for this user")
    try:
        check_root(plugins)
    except LoadError as exc:
        raise InstalledError(str(exc)) from None
    project = Path(cwd) if cwd is not None else Path.cwd()
    return Installed(cfg.absolute(), project.absolute())


# --------------------------------------------------------------------------------------------------------------
# reading


@dataclass
class _Record:
    id: str
    raw: dict
    pointer: tuple
    install_path: str


@dataclass
class _Read:
    records: list[_Record] = field(default_factory=list)
    problem: str | None = None
    pointer: tuple | None = None


def split_id(plugin_id: str) -> tuple[str, str]:
    """``name@marketplace`` -> (name, marketplace), at the last ``@``."""
    name, at, market = plugin_id.rpartition("@")
    return (name, market) if at else (plugin_id, "")


def _records(data: Any, plugins_dir: Path) -> _Read:
    """The install records of the decoded ``installed_plugins.json``, or why Claude Code cannot use the file."""
    out = _Read()
    if not isinstance(data, dict):
        out.problem, out.pointer = "is not a JSON object", ()
        return out
    version = data.get("version")
    plugins = data.get("plugins")
    if not isinstance(plugins, dict):
        out.problem = 'has no "plugins" object'
        out.pointer = ("plugins",) if "plugins" in data else ()
        return out
    if isinstance(version, (int, float)) and not isinstance(version, bool) and version == 2:
        for pid, recs in plugins.items():
            if not isinstance(recs, list):
                out.problem, out.pointer = f"the records of {pid!r} are not a list", ("plugins", pid)
                return out
            for i, rec in enumerate(recs):
                ptr = ("plugins", pid, i)
                why = _record_problem(rec)
                if why is not None:
                    out.problem, out.pointer = f"a record of {pid!r} {why}", ptr
                    return out
                out.records.append(_Record(pid, rec, ptr, rec["installPath"]))
        return out
    if isinstance(version, (int, float)) and not isinstance(version, bool) and version != 1:
        out.problem = f"is in a format (version {version}) that Claude Code 2.1.332 does not know"
        out.pointer = ("version",)
        return out
    # version 1 (or none): {id: {"version", "installedAt", "lastUpdated", …}}, read as user-scope records of the
    # cache folder <marketplace>/<plugin>/<version>
    for pid, rec in plugins.items():
        if not isinstance(rec, dict) or not isinstance(rec.get("version"), str):
            out.problem, out.pointer = f"the record of {pid!r} has no version", ("plugins", pid)
            return out
        name, market = split_id(pid)
        seg = _SAFE_SEGMENT.sub("-", rec["version"])
        seg = "-" if seg in (".", "..") else seg
        path = plugins_dir / "cache" / _SAFE_SEGMENT.sub("-", market or "unknown") / _SAFE_SEGMENT.sub("-", name) / seg
        raw = {
            "scope": "user",
            "installPath": str(path),
            **{k: rec.get(k) for k in ("version", "installedAt", "lastUpdated")},
        }
        out.records.append(_Record(pid, raw, ("plugins", pid), str(path)))
    return out


def _record_problem(rec: Any) -> str | None:
    if not isinstance(rec, dict):
        return "is not an object"
    if not isinstance(rec.get("installPath"), str) or not rec["installPath"]:
        return 'has no "installPath"'
    if rec.get("scope") not in SCOPES:
        return f"has an unknown scope {rec.get('scope')!r}"
    for k in ("version", "installedAt", "lastUpdated", "projectPath"):
        if k in rec and rec[k] is not None and not isinstance(rec[k], str):
            return f"has a {k} that is not a string"
    return None


def rebased(install_path: str, plugins_dir: Path) -> str:
    """The folder Claude Code reads for a recorded ``installPath``: a path through ``…/plugins/cache/…`` recorded
    under another plugins folder that no longer exists (a configuration folder copied or restored elsewhere) is
    read from this plugins folder instead."""
    parts = re.split(r"[/\\]", install_path)
    for i in range(len(parts) - 2, 0, -1):
        if parts[i] == "plugins" and parts[i + 1] in ("cache", "marketplaces"):
            prefix = "/".join(parts[: i + 1])
            if os.path.abspath(prefix) == os.path.abspath(plugins_dir) or os.path.exists(prefix):
                return install_path
            moved = plugins_dir.joinpath(*parts[i + 1 :])
            return str(moved) if str(moved.resolve()).startswith(str(plugins_dir.resolve()) + os.sep) else install_path
    return install_path


def _json_file(path: Path) -> tuple[Any, str | None]:
    """(decoded JSON, None) or (None, why it cannot be used)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, None
    except UnicodeDecodeError:
        return None, "is not UTF-8 text"
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"
    doc = parse_json(text)
    if not doc.ok:
        e = doc.error
        return None, f"is not valid JSON (line {e.line}, column {e.column}: {e.message})" if e else "is not valid JSON"
    return doc.data, None


def enabled_state(inst: Installed, notes: list[str] | None = None) -> dict[str, tuple[bool, str]]:
    """``plugin id -> (enabled, the settings file that decided)`` as Claude Code merges ``enabledPlugins``: user,
    project, then local settings; ``true`` enables, ``false`` disables, anything else is ignored."""
    state: dict[str, tuple[bool, str]] = {}
    for _scope, path in inst.settings_files():
        data, problem = _json_file(path)
        if problem is not None:
            if notes is not None:
                notes.append(f"{path} {problem}: its enabledPlugins were not read")
            continue
        enabled = data.get("enabledPlugins") if isinstance(data, dict) else None
        if not isinstance(enabled, dict):
            continue
        for pid, value in enabled.items():
            if "@" not in pid or value not in (True, False):
                continue
            state[pid] = (value is True, str(path))
    return state


class _Marketplaces:
    """The local marketplaces' catalogues, each read once per load (``known_marketplaces.json`` names them)."""

    def __init__(self, inst: Installed) -> None:
        self.known, _problem = _json_file(inst.plugins_dir / "known_marketplaces.json")
        self.catalogues: dict[Path, Any] = {}

    def catalogue(self, market_root: Path) -> Any:
        if market_root not in self.catalogues:
            self.catalogues[market_root] = _json_file(market_root / ".claude-plugin" / "marketplace.json")[0]
        return self.catalogues[market_root]


def _marketplace_folder(markets: _Marketplaces, market: str, name: str) -> str | None:
    """The folder Claude Code reads the plugin from when its marketplace is a local folder (``directory`` or
    ``file`` source) and its entry's source a relative path; None otherwise."""
    known = markets.known
    entry = known.get(market) if isinstance(known, dict) else None
    src = entry.get("source") if isinstance(entry, dict) else None
    kind = src.get("source") if isinstance(src, dict) else None
    if kind not in ("directory", "file"):
        return None
    location = entry.get("installLocation") if isinstance(entry, dict) else None
    base = location if isinstance(location, str) and location else src.get("path") if isinstance(src, dict) else None
    if not isinstance(base, str) or not base:
        return None
    market_root = Path(base)
    if kind == "file" or market_root.is_file():
        market_root = market_root.parent
        if market_root.name == ".claude-plugin":
            market_root = market_root.parent
    data = markets.catalogue(market_root)
    plugins = data.get("plugins") if isinstance(data, dict) else None
    for e in plugins if isinstance(plugins, list) else ():
        if isinstance(e, dict) and e.get("name") == name and isinstance(e.get("source"), str):
            meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
            source = e["source"]
            root = meta.get("pluginRoot") if isinstance(meta, dict) else None
            if not source.startswith(("./", "../", "/")) and isinstance(root, str):
                source = f"{root}/{source}"
            return os.path.normpath(market_root / source)
    return None


def _load(inst: Installed, cache: ParseCache | None) -> Project:
    plugins_dir = inst.plugins_dir
    root = check_root(plugins_dir)
    state = InstalledState(config_dir=str(inst.config_dir), project_dir=str(inst.project_dir))
    state.settings = [str(p) for _s, p in inst.settings_files()]
    list_index = walk_some(root, (), (LIST_FILE,))
    read = _Read()
    if LIST_FILE in list_index.entries:
        sf = SourceReader(root, list_index, cache).file(LIST_FILE, "json")
        state.list_file = sf
        if sf.problem is not None:
            read.problem = sf.problem
            state.problem_line, state.problem_column = sf.problem_line, sf.problem_column
        elif sf.json is not None and not sf.json.ok and sf.json.error is not None:
            message = sf.json.error.message.removeprefix("Invalid JSON: ")
            read.problem = f"is not valid JSON: {message}"
            state.problem_line, state.problem_column = sf.json.error.line, sf.json.error.column
        else:
            read = _records(sf.data, plugins_dir)
        state.problem = read.problem
        state.problem_pointer = read.pointer
    enabled = enabled_state(inst, state.notes)
    # one plugin per installed folder, with every record that points at it
    by_folder: dict[str, InstalledPlugin] = {}
    markets = _Marketplaces(inst)
    for r in read.records:
        name, market = split_id(r.id)
        if market == BUILTIN:
            continue
        folder = os.path.normpath(rebased(r.install_path, plugins_dir))
        ip = by_folder.get(folder)
        if ip is None:
            on, by = enabled.get(r.id, (False, None))
            ip = by_folder[folder] = InstalledPlugin(
                id=r.id, name=name, marketplace=market, install_path=folder, enabled=on, enabled_by=by
            )
            ip.loads_from = _marketplace_folder(markets, market, name)
        raw = r.raw
        ip.records.append(
            InstallRecord(
                scope=raw["scope"],
                project_path=raw.get("projectPath"),
                version=raw.get("version"),
                installed_at=raw.get("installedAt"),
                last_updated=raw.get("lastUpdated"),
                pointer=r.pointer,
            )
        )
    rels: list[str] = []
    inside: list[InstalledPlugin] = []
    real_root = os.path.realpath(root)
    for folder, ip in by_folder.items():
        ip.folder_exists = os.path.isdir(folder)
        rel = os.path.relpath(os.path.realpath(folder), real_root)
        if folder.endswith(".zip") or rel == "." or rel.startswith(".." + os.sep) or rel == ".." or os.path.isabs(rel):
            ip.inside = False
            state.outside.append(ip)
            continue
        rels.append(rel.replace(os.sep, "/"))
        inside.append(ip)
    index = walk_some(root, [r for r, ip in zip(rels, inside) if ip.folder_exists], (LIST_FILE,))
    project = load_folders(root, index, rels, cache)
    for plugin, ip in zip(project.plugins, inside):
        _name_installed(plugin, ip)
    project.installed = state
    project.kind = "marketplace" if state.list_file is not None else "none"
    n = len(project.plugins) + len(state.outside)
    project.note = (
        f"what Claude Code installed for this user: {n} plugin folder{'s' if n != 1 else ''} ({plugins_dir})"
        if state.list_file is not None
        else f"no {LIST_FILE} in {plugins_dir}: Claude Code has installed no plugin for this user"
    )
    return project


def _name_installed(plugin: Plugin, ip: InstalledPlugin) -> None:
    plugin.installed = ip
    if plugin.name_source == "directory":  # no plugin.json name: Claude Code knows it by its marketplace entry's
        plugin.name, plugin.name_source = ip.name, "marketplace"


# --------------------------------------------------------------------------------------------------------------
# what the view shows besides the findings


def read_only(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The findings without their fixes: nothing under Claude Code's configuration folder is ever written (the
    installed copy is its cache, replaced at the next update; the author fixes the plugin's source)."""
    return [replace(d, fix=None) if d.fix is not None else d for d in diags]


REFUSE_FIX = (
    "plugin-tui writes nothing under Claude Code's configuration folder: an installed copy is Claude Code's "
    "cache, replaced at the next update. Fix the plugin's source (its repository or marketplace folder) and "
    "update it in Claude Code"
)


@dataclass(frozen=True, slots=True)
class InstalledRow:
    """One installed plugin for the overview: its facts, its always-on token estimate, what it loads."""

    plugin: Plugin
    facts: InstalledPlugin
    always_on_tokens: int | None  # None when it does not load (refused, folder gone)


def overview(project: Project, always_on: Mapping[str, int] | None = None) -> tuple[list[InstalledRow], int]:
    """The installed plugins in id order, with each one's always-on estimate (``always_on``: plugin folder ->
    tokens, from ``details.project_details``), and the total every session pays: the enabled plugins that
    load."""
    rows: list[InstalledRow] = []
    total = 0
    for p in sorted(project.plugins, key=lambda p: (p.installed.id if p.installed else p.name, p.rel)):
        ip = p.installed
        if ip is None:
            continue
        tokens = None
        if always_on is not None and ip.folder_exists and p.refused is None:
            tokens = always_on.get(p.rel)
        rows.append(InstalledRow(p, ip, tokens))
        if ip.enabled and tokens:
            total += tokens
    return rows, total


def facts_json(ip: InstalledPlugin) -> dict:
    return {
        "id": ip.id,
        "name": ip.name,
        "marketplace": ip.marketplace,
        "version": ip.version,
        "enabled": ip.enabled,
        "enabled_by": ip.enabled_by,
        "install_path": ip.install_path,
        "folder_exists": ip.folder_exists,
        "loads_from": ip.loads_from,
        "records": [
            {
                "scope": r.scope,
                "project_path": r.project_path,
                "version": r.version,
                "installed_at": r.installed_at,
                "last_updated": r.last_updated,
            }
            for r in ip.records
        ],
    }


def to_json(project: Project, always_on: Mapping[str, int] | None = None) -> dict:
    """The ``installed`` member of ``check --installed --format json``: where it was read and every plugin."""
    st = project.installed
    rows, total = overview(project, always_on)
    return {
        "config_dir": st.config_dir if st else None,
        "project_dir": st.project_dir if st else None,
        "problem": st.problem if st else None,
        "plugins": [{**facts_json(r.facts), "path": r.plugin.rel, "always_on_tokens": r.always_on_tokens} for r in rows]
        + [{**facts_json(ip), "path": None, "always_on_tokens": None} for ip in (st.outside if st else [])],
        "always_on_tokens_enabled": total,
    }


__all__ = [
    "BUILTIN",
    "LIST_FILE",
    "REFUSE_FIX",
    "Installed",
    "InstalledError",
    "InstalledRow",
    "config_dir",
    "enabled_state",
    "facts_json",
    "locate",
    "overview",
    "read_only",
    "rebased",
    "split_id",
    "to_json",
]
