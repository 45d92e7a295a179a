"""A persistent cache of check results, as ruff keeps one: a re-run on an unchanged tree reads the findings back.

``cached_check(root, config, environ)`` returns the project and its findings, from the cache when everything the
check could see is what it saw last time, else by loading and checking (then the result is written for next time).

**What a result depends on, and so what the key holds** (when in doubt, more):

- plugin-tui itself: its version, the Claude Code release the rules follow, the Python that runs it, and the size,
  mtime, ctime and inode of every file of ``tui/core`` (an edited checkout is never served results of the code before the edit);
- the run's settings: profile, select, ignore, per-path ignores, strict, and the resolved root (messages may
  name paths); which rules run follows from these and the code;
- the tree, as the walk sees it: every path with its kind, permission bits, symlink target and where it
  resolves, the content (BLAKE2b) of every file up to the reader's 1 MiB limit (beyond it size, mtime and the first
  4 KiB, since only a script's first line or an icon's magic is read of those), the folders the walk leaves out by name (rules ask whether ``.git`` or ``node_modules``
  exist), walk problems and truncation. Rules read other files through ``ctx.file`` and look across plugins
  (marketplace entries change what loads): all of it is in the tree, so the key covers it by construction;
- a run with a rule that runs a program (HOOK117, ``shellcheck``) is not cached at all: the program reads more
  than the tree (``SHELLCHECK_OPTS``, a ``.shellcheckrc`` in the current or the home folder) and may time out;
- the environment: a check records which variables the rules looked up (``ctx.environ`` is wrapped) and whether
  each was unset, empty or set (with a keyed digest of the value; the value itself is never written). A cached
  result is used only when every recorded variable is in the same state now. Iterating the whole environment
  makes every variable a dependency.

**A slightly changed tree** (pre-commit after an edit): besides the result of each exact key, the cache keeps,
per settings and root, the last check's incremental state (the per-plugin results of ``session.Session``, which
``tests/unit/test_session.py`` proves equal to a full check after any edits), the signature of every path it saw,
the tree's shape (paths, kinds, modes, links) and the state of the variables its rules read. When the exact key
misses and those variables are in the same state, the check goes on from there (``Session.resume``): the rules
run again only for the plugins whose folder (or a file their rules read, their marketplace entry or name)
changed since; a marketplace's other plugins are not even loaded (their findings, and their files' for the file
rules, come from the state); the project and marketplace rules run again only when the shape, marketplace.json,
a plugin manifest or a file they read changed. Only the changed plugins' files (and those of plugins nested in
one another) and the marketplace are parsed.
Otherwise everything is checked. A file's content digest is reused while its size, mtime, ctime and inode are
unchanged (as git's index), so a warm run reads only changed files.

**Where**: ``$PLUGIN_TUI_CACHE_DIR`` if set; else ``$XDG_CACHE_HOME/plugin-tui`` or ``~/.cache/plugin-tui``
(Linux and others), ``~/Library/Caches/plugin-tui`` (macOS), ``%LOCALAPPDATA%\\plugin-tui\\Cache`` (Windows).
Never inside the checked folder: a cache folder there is not used. Under ``v1/``: results by key (JSON), and the
incremental states (``state/``) and file digests (``files/``) in ``marshal``'s format (plain values only, read as
fast as byte-code caches are); writes go to a temporary file that is renamed into place (atomic), so concurrent
runs never see half an entry; each entry starts with a digest of the rest, and an entry that does not parse, does
not match its digest or does not match its key is a miss, never an error. At most ``MAX_ENTRIES`` entries are kept (the
least recently written go first). A result is not written when the tree changed while it was checked.
"""

from __future__ import annotations

import gc
import json
import marshal
import os
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..base.diagnostics import Diagnostic, Location
from ..base.fixtypes import Fix
from ..base.version import CLAUDE_CODE_VERSION, __version__
from ..model.roots import check_root
from ..parse.fsread import MAX_FILE_BYTES, FileIndex, walk
from .config import Config

try:  # the BLAKE2 module alone: hashlib would load OpenSSL too (~6 ms of a warm run)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b

if TYPE_CHECKING:
    from ..model.plugin import Project
    from .session import Result, Session

FORMAT = "v1"
MAX_ENTRIES = 256
_SEAL = 16  # bytes of the digest each entry starts with (``_seal``)
_EXTERNAL = {"HOOK117": "shellcheck"}  # rules whose findings depend on a program outside the tree

__all__ = ["ResultCache", "cached_check", "default_dir", "RecordingEnviron"]


def default_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The platform's cache folder for plugin-tui (see the module doc)."""
    env = os.environ if environ is None else environ
    if env.get("PLUGIN_TUI_CACHE_DIR"):
        return Path(env["PLUGIN_TUI_CACHE_DIR"])
    if sys.platform == "win32":
        base = env.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "plugin-tui" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "plugin-tui"
    xdg = env.get("XDG_CACHE_HOME")
    base_dir = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base_dir / "plugin-tui"


# ------------------------------------------------------------------------------------------ the environment


class RecordingEnviron(Mapping[str, str]):
    """The environment as the rules see it, remembering what they looked up."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._env = environ
        self.read: set[str] = set()
        self.everything = False

    def __getitem__(self, name: str) -> str:
        self.read.add(name)
        return self._env[name]

    def get(self, name: str, default: Any = None) -> Any:
        self.read.add(name)
        return self._env.get(name, default)

    def __contains__(self, name: object) -> bool:
        if isinstance(name, str):
            self.read.add(name)
        return name in self._env

    def __iter__(self) -> Iterator[str]:
        self.everything = True
        return iter(self._env)

    def __len__(self) -> int:
        self.everything = True
        return len(self._env)


def _env_state(environ: Mapping[str, str], name: str, salt: bytes) -> str:
    value = environ.get(name)
    if value is None:
        return "unset"
    if value == "":
        return "empty"
    return "set:" + blake2b(value.encode("utf-8", "surrogatepass"), key=salt, digest_size=16).hexdigest()


def _env_names(environ: Mapping[str, str], salt: bytes) -> str:
    """Which variables exist (for a check that iterated the whole environment: a new variable is a change)."""
    return blake2b("\0".join(sorted(environ)).encode("utf-8", "surrogatepass"), key=salt).hexdigest()


# ------------------------------------------------------------------------------------------ the key


def _code_fingerprint() -> list:
    """Size, mtime, ctime and inode of every file of tui/core (plugin-tui's rules, loader and parsers)."""
    core = Path(__file__).resolve().parents[1]
    out = []
    for dirpath, dirnames, filenames in os.walk(core):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith((".py", ".json")):
                try:
                    st = os.stat(os.path.join(dirpath, name))
                except OSError:
                    continue
                # ctime and inode too: a reinstall moves them even when a wheel gives every file one fixed mtime
                rel = os.path.relpath(os.path.join(dirpath, name), core)
                out.append([rel, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
    return out


# A file's content digest is reused while its status (size, mtime, ctime, inode) is what it was when it was read,
# as git's index does: any write, chmod or utime moves ctime. A file changed within RACY_NS of being hashed is
# hashed again next time (its clock may not have ticked between two writes).
RACY_NS = 2_000_000_000
# what is read of a file beyond the reader's limit: a script's first line (512 bytes, ``_kit/scripts.py``), an
# icon's first 16 bytes (``rules/layout.py``)
_HEAD_BYTES = 4096


def _tree_digest(
    index: FileIndex, known: dict[str, list] | None = None
) -> tuple[str, dict[str, list], dict[str, str], str]:
    """Everything the walk saw and the content of every file a rule could read; the digests of the regular files
    with their status, for the next run (``known``: the last run's, trusted when the status is unchanged); each
    path's signature (a digest of its kind, mode, link and content), from which the next run tells what
    changed; and the tree's shape (every path with its kind, mode and link, the walk's problems: all but the
    contents of files)."""
    h = blake2b(digest_size=20)
    shape = blake2b(digest_size=20)
    sigs: dict[str, str] = {}
    root = str(index.root)
    known = known or {}
    now = time.time_ns()
    seen: dict[str, list] = {}
    for rel in sorted(index.entries):
        e = index.entries[rel]
        parts = [rel, e.kind, str(e.mode), e.link_target or "", e.link_kind or "", e.link_rel or ""]
        shape.update("\0".join(parts).encode("utf-8", "surrogateescape") + b"\n")
        if e.is_file:
            if e.size > MAX_FILE_BYTES:
                # nothing reads it whole, but a script's shebang or an icon's magic is read whatever its size
                try:
                    with open(os.path.join(root, rel), "rb") as fh:
                        head = blake2b(fh.read(_HEAD_BYTES), digest_size=16).hexdigest()
                except OSError as exc:
                    head = f"unreadable:{exc.errno}"
                parts.append(f"big:{e.size}:{e.mtime_ns}:{head}")
            else:
                status = [e.size, e.mtime_ns, e.ctime_ns, e.ino]
                old = known.get(rel) if e.kind == "file" else None
                if old is not None and old[:4] == status and isinstance(old[4], str):
                    digest = old[4]
                else:
                    try:
                        with open(os.path.join(root, rel), "rb") as fh:
                            digest = blake2b(fh.read(MAX_FILE_BYTES + 1), digest_size=16).hexdigest()
                    except OSError as exc:
                        digest = f"unreadable:{exc.errno}"
                if e.kind == "file" and max(e.mtime_ns, e.ctime_ns) < now - RACY_NS:
                    seen[rel] = [*status, digest]
                parts.append(digest)
        sig = "\0".join(parts).encode("utf-8", "surrogateescape")
        h.update(sig + b"\n")
        sigs[rel] = blake2b(sig, digest_size=10).hexdigest()  # short: the next run's state loads it back
    # the folders left out by name, with what rules ask of them (is_dir, exists: through a link too)
    skipped = [[rel, _left_out(os.path.join(root, rel))] for rel in sorted(index.skipped)]
    for rel, what in skipped:  # a change there is a change of the plugin that holds it (the next run's resume)
        sigs.setdefault(rel, blake2b(f"left out\0{what}".encode(), digest_size=10).hexdigest())
    walked = json.dumps([skipped, index.problems, index.truncated]).encode("utf-8", "surrogateescape")
    h.update(walked)
    shape.update(walked)
    return h.hexdigest(), seen, sigs, shape.hexdigest()


def _left_out(path: str) -> str:
    """What a path the walk left out by name is, as the rules see it (``Path.is_dir``, ``Path.exists``)."""
    if os.path.isdir(path):
        return "dir"
    if os.path.exists(path):
        return "other"
    return "link" if os.path.islink(path) else "gone"


def _unchanged_while_checked(project: Any, index: FileIndex) -> bool:
    """Whether every file the check read still has the status the walk saw before it (a write during the check
    would leave a result that matches neither content; then nothing is written). A stat per file read, not a
    second walk: any other change alters the key of the next run anyway."""
    root = str(index.root)
    for rel in project.files:
        e = index.entries.get(rel)
        if e is None or e.kind != "file":
            continue
        try:
            st = os.stat(os.path.join(root, rel))
        except OSError:
            return False
        if (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) != (e.size, e.mtime_ns, e.ctime_ns, e.ino):
            return False
    return True


def _runs_a_program(config: Config) -> bool:
    """Whether a rule that runs a program outside the tree is active (opt-in rules run only when --select names
    them): its findings depend on what the key cannot see, so such a run is always checked."""
    selected = {s.strip().upper() for s in config.select}
    return any(code in selected for code in _EXTERNAL)


def _settings(root: Path, config: Config) -> list:
    """The run's settings. The rules that run follow from them and from plugin-tui's code (fingerprinted), so the
    registry is not loaded for the key: a hit imports no rule."""
    return [
        FORMAT,
        __version__,
        CLAUDE_CODE_VERSION,
        sys.version,  # the rules lean on the interpreter's unicodedata tables and re
        str(root),
        config.profile,
        list(config.select),
        list(config.ignore),
        config.strict,
        sorted([k, list(v)] for k, v in config.per_path_ignores.items()),
        _code_fingerprint(),
    ]


# ------------------------------------------------------------------------------------------ the store


def diagnostic_row(d: Diagnostic) -> list:
    fix = None if d.fix is None else [d.fix.title, d.fix.safe, d.fix.needs_choice]
    related = [[r.path, r.line, r.column, r.end_line, r.end_column, r.message] for r in d.related]
    row = [d.code, d.severity, d.message, d.path, d.line, d.column, d.end_line, d.end_column, d.hint, d.plugin, fix]
    return row + [related] if related else row


def diagnostic_from_row(row: list) -> Diagnostic:
    code, severity, message, path, line, column, end_line, end_column, hint, plugin, fix = row[:11]
    d = Diagnostic(code, severity, message, path, line, column, end_line, end_column, hint, plugin)
    if len(row) > 11:  # the related locations (SARIF relatedLocations, the JSON report's optional "related")
        d.related = tuple(Location(*r) for r in row[11])
    if fix is not None:
        # what the reports show of a fix (its title, safe or not, whether it needs a choice); --fix and --diff
        # never read the cache, they need the edits
        d.fix = Fix(str(fix[0]), bool(fix[1]), (), needs_choice=bool(fix[2]))
    return d


@dataclass
class CachedPlugin:
    """A plugin as the reports name it (folder and name)."""

    rel: str
    name: str


@dataclass
class CachedProject:
    """What the reports read of a project (``tui.core.services.report``), rebuilt from a cached result: the root,
    its kind, the walk (the summary counts its files) and the plugins. Nothing was parsed: ``files`` is empty."""

    root: Path
    kind: str
    index: FileIndex
    plugins: list[CachedPlugin]
    files: dict = field(default_factory=dict)
    marketplace: None = None
    note: str | None = None


@dataclass
class Hit:
    project: CachedProject
    diagnostics: list[Diagnostic]


@dataclass
class ResultCache:
    directory: Path = field(default_factory=default_dir)

    @property
    def folder(self) -> Path:
        return self.directory / FORMAT

    def usable_for(self, root: Path) -> bool:
        """Never read or write a cache inside the checked folder (it would change the tree it describes)."""
        try:
            d = self.directory.resolve()
        except OSError:
            return False
        r = root.resolve()
        return d != r and r not in d.parents

    def salt(self) -> bytes:
        """A random key for the digests of variable values, made once per cache folder (mode 0600)."""
        path = self.folder / "salt"
        try:
            data = path.read_bytes()
            if len(data) == 32:
                return data
        except OSError:
            pass
        data = os.urandom(32)
        if self._write(path, data):
            try:
                again = path.read_bytes()  # another run may have won the race: use what is on disk
                if len(again) == 32:
                    return again
            except OSError:
                pass
        return data

    def _digests_path(self, root: Path) -> Path:
        name = blake2b(str(root).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
        return self.folder / "files" / f"{name}.bin"

    def file_digests(self, root: Path) -> dict[str, list]:
        """The content digests of ``root``'s files from the last run, with the status they were read at."""
        data = _undump(self._digests_path(root))
        if not (isinstance(data, dict) and data.get("root") == str(root) and isinstance(data.get("files"), dict)):
            return {}
        files = data["files"]
        return {k: v for k, v in files.items() if isinstance(v, list) and len(v) == 5}

    def store_file_digests(self, root: Path, files: dict[str, list]) -> None:
        self._write(self._digests_path(root), _seal(marshal.dumps({"root": str(root), "files": files})))

    def load_state(self, key: str) -> dict | None:
        """The last check's incremental state for these settings and root (see ``cached_check``)."""
        data = _undump(self.folder / "state" / f"{key}.bin")
        return data if isinstance(data, dict) and data.get("key") == key else None

    def store_state(self, key: str, data: dict) -> bool:
        try:
            payload = _seal(marshal.dumps(dict(data, key=key)))
        except ValueError:  # a value marshal does not write (the state holds JSON values only)
            return False
        ok = self._write(self.folder / "state" / f"{key}.bin", payload)
        if ok:
            self._prune()
        return ok

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str) -> dict | None:
        try:
            data = json.loads(_unseal(self._entry(key).read_bytes()))
        except (OSError, ValueError):  # UnicodeDecodeError is a ValueError
            return None
        return data if isinstance(data, dict) and data.get("key") == key else None

    def store(self, key: str, data: dict) -> bool:
        data = dict(data, key=key)
        # ASCII: a path that is not UTF-8 (a lone surrogate) or a lone surrogate from a manifest's \ud800 is escaped
        ok = self._write(self._entry(key), _seal(json.dumps(data, separators=(",", ":")).encode()))
        if ok:
            self._prune()
        return ok

    def _write(self, path: Path, payload: bytes) -> bool:
        """Write atomically (a temporary file renamed into place); False when the cache cannot be written."""
        import tempfile

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(payload)
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            return False
        return True

    def _prune(self) -> None:
        try:
            # results, the states and files/ (one per checked folder)
            entries = [*self.folder.glob("*/*.json"), *self.folder.glob("*/*.bin")]
            if len(entries) <= MAX_ENTRIES:
                return
            dated = []
            for p in entries:
                try:
                    dated.append((p.stat().st_mtime_ns, p))
                except OSError:
                    continue
            dated.sort()
            for _t, p in dated[: len(dated) - MAX_ENTRIES]:
                try:
                    p.unlink()
                except OSError:
                    pass
        except OSError:
            pass

    def clean(self) -> tuple[int, int, int]:
        """Remove every entry (and the salt); returns (files removed, bytes freed, files that could not be removed).
        Only the cache's own folder (``v1/``) goes, then the cache folder if that left it empty:
        ``$PLUGIN_TUI_CACHE_DIR`` may name a folder that holds other things (``/tmp``, a home folder), and those
        are never touched."""
        files = size = left = 0
        if not self.folder.is_dir() or self.folder.is_symlink():
            return 0, 0, 0
        for dirpath, dirs, names in os.walk(self.folder, topdown=False):
            for name in names + [d for d in dirs if os.path.islink(os.path.join(dirpath, d))]:
                path = os.path.join(dirpath, name)
                try:
                    n = os.lstat(path).st_size
                    os.unlink(path)
                except OSError:
                    left += 1
                    continue
                size += n
                files += 1
            try:
                os.rmdir(dirpath)
            except OSError:
                pass
        try:
            self.directory.rmdir()  # only when empty
        except OSError:
            pass
        return files, size, left


def _seal(payload: bytes) -> bytes:
    """``payload`` after its digest: an entry that still parses but is not what was written (a flipped bit, a
    hand edit) is then a miss rather than another result."""
    return blake2b(payload, digest_size=_SEAL).digest() + payload


def _unseal(data: bytes) -> bytes:
    """The payload of a sealed entry; ValueError when the digest does not match it."""
    payload = data[_SEAL:]
    if len(data) < _SEAL or blake2b(payload, digest_size=_SEAL).digest() != data[:_SEAL]:
        raise ValueError("not a whole entry")
    return payload


def _undump(path: Path) -> Any:
    """A state or digests file (``marshal``, as Python's own byte-code caches: three to four times faster than JSON
    both ways for these large maps of plain values); None when it is missing, altered or does not load."""
    try:
        return marshal.loads(_unseal(path.read_bytes()))
    except (OSError, ValueError, EOFError, TypeError):
        return None


# ------------------------------------------------------------------------------------------ the check


def cached_check(
    path: str | os.PathLike,
    config: Config,
    environ: Mapping[str, str],
    cache: ResultCache | None = None,
) -> tuple[Project | CachedProject, list[Diagnostic], bool]:
    """The project at ``path`` and its findings, and whether they came from the cache.

    Raises ``LoadError`` like ``load`` when the path cannot be used. On a hit the project is what the reports
    need (root, kind, the walk, the plugins' folders and names); nothing was parsed.
    """
    # A check builds a large model (and the walk, the digests and the state large maps) that live until the process
    # ends, and leave next to no cyclic garbage: the cyclic collector would only traverse them again and again (8-10 %
    # of a large check; a third of a run after one edit at 3,000 plugins). Off meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _cached_check(path, config, environ, cache)
    finally:
        if collecting:
            gc.enable()


def _cached_check(
    path: str | os.PathLike,
    config: Config,
    environ: Mapping[str, str],
    cache: ResultCache | None,
) -> tuple[Project | CachedProject, list[Diagnostic], bool]:
    root = check_root(path)
    cache = cache if cache is not None else ResultCache()
    index = walk(root)
    usable = cache.usable_for(root) and not _runs_a_program(config)
    state: dict | None = None
    if usable:
        settings = _settings(root, config)
        known = cache.file_digests(root)
        tree, digests, sigs, shape = _tree_digest(index, known)
        # written when it holds something new; entries it dropped (files changed just now, or gone) may stay: an
        # entry is trusted only while the file's status is the one it records
        if any(known.get(rel) != v for rel, v in digests.items()):
            cache.store_file_digests(root, digests)
        key = blake2b(json.dumps([settings, tree]).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()
        salt = cache.salt()
        hit = _lookup(cache, key, root, index, environ, salt)
        if hit is not None:
            return hit.project, hit.diagnostics, True
        state_key = blake2b(json.dumps(settings).encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()
        state = cache.load_state(state_key)
    from ..model.loader import load  # not on a hit: the model and the rules are most of a cold start
    from .engine import check
    from .session import Session

    if not usable:
        project = load(root, index=index)
        return project, check(project, config, environ=environ), False
    recording = RecordingEnviron(environ)
    session, result, old_env = _resume(state, root, config, environ, recording, index, sigs, shape, salt)
    unchanged = True  # the files processes of a sharded check read kept their status meanwhile
    if session is None or result is None:
        session = Session(root, config, environ)
        session.environ = recording  # what the rules read is recorded
        session.shape = shape
        result, unchanged = _full(session, index, recording)
        old_env = {}
    project, diags = result.project, result.diagnostics
    if project.kind != "none" and unchanged and _unchanged_while_checked(project, index):
        names = sorted(environ) if recording.everything else sorted(recording.read | set(old_env))
        env = {n: _env_state(environ, n, salt) for n in names}
        if recording.everything:
            env["*"] = _env_names(environ, salt)
        cache.store(
            key,
            {
                "kind": project.kind,
                "plugins": [[p.rel, p.name] for p in project.plugins],
                "env": env,
                "diagnostics": [diagnostic_row(d) for d in diags],
            },
        )
        if not recording.everything:
            cache.store_state(state_key, {"tree": sigs, "env": env, "session": session.export_state()})
    return project, diags, False


def _full(session: Session, index: FileIndex, recording: RecordingEnviron) -> tuple[Result, bool]:
    """``session.full(index)``, on every core for a large marketplace (``shards.py``), and whether the files
    the other processes read kept their status meanwhile (what they read of the environment is recorded here)."""
    from .shards import jobs, sharded_full, worth_sharing

    parts = jobs()
    if worth_sharing(session, index, parts):

        def report(s: Session) -> list:
            return [sorted(recording.read), recording.everything, _unchanged_while_checked(s.project, index)]

        done = sharded_full(session, index, parts, report)
        if done is not None:
            result, reports = done
            for read, everything, unchanged in reports:
                recording.read.update(read)
                recording.everything = recording.everything or everything
                if not unchanged:
                    return result, False
            return result, True
    return session.full(index), True


def _resume(
    state: dict | None,
    root: Path,
    config: Config,
    environ: Mapping[str, str],
    recording: RecordingEnviron,
    index: FileIndex,
    sigs: dict[str, str],
    shape: str,
    salt: bytes,
) -> tuple[Session | None, Result | None, dict]:
    """Go on from the last check of these settings and root: the rules run again only for what changed since
    (the incremental session's argument, ``session.py``), the model is loaded afresh. None when there is no
    usable state: none kept, another shape, or a variable the rules read is no longer in the same state."""
    from .session import Session

    if not state:
        return None, None, {}
    try:
        env, tree = state["env"], state["tree"]
        if "*" in env or any(_env_state(environ, name, salt) != st for name, st in env.items()):
            return None, None, {}
        changed = set(tree.keys() ^ sigs.keys())
        changed.update(rel for rel, sig in sigs.items() if tree.get(rel, sig) != sig)
        session = Session(root, config, environ)
        session.environ = recording
        session.shape = shape
        session.restore(state["session"])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None, None, {}
    return session, session.resume(index, changed), dict(env)


def _lookup(
    cache: ResultCache, key: str, root: Path, index: FileIndex, environ: Mapping[str, str], salt: bytes
) -> Hit | None:
    data = cache.load(key)
    if data is None:
        return None
    try:
        env = data["env"]
        for name, state in env.items():
            now = _env_names(environ, salt) if name == "*" else _env_state(environ, name, salt)
            if now != state:
                return None
        plugins = [CachedPlugin(rel=str(rel), name=str(name)) for rel, name in data["plugins"]]
        project = CachedProject(root=root, kind=str(data["kind"]), index=index, plugins=plugins)
        diags = [diagnostic_from_row(row) for row in data["diagnostics"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None  # an entry of another shape: a miss
    return Hit(project, diags)
