"""Checking again after a change, doing only the work the change calls for (watch mode, the TUI).

``Session(root, config, environ)`` keeps what the last check built; ``full()`` checks everything,
``update(changed)`` checks again after the paths in ``changed`` (relative to the root) changed on disk.

How ``update`` stays equal to a full check — the whole argument fits here:

1. **Files.** Only the changed paths are stat'ed again (``fsread.refresh``: a folder is walked again,
   symlinks are re-resolved). The loader rebuilds the model from that index through the shared
   ``ParseCache``, so a file is parsed again only when its stamp (mtime, size, inode) changed. A file
   read while it was being rewritten is not cached (its content does not match the stamp the walk saw),
   so it is read again on the next event and never leaves a phantom problem behind.
2. **Rules.** Rules that run on the project or the marketplace (the cross-file rules) run every time, except
   when the persistent cache resumes a check (``resume``; it gives the walk's ``shape``): then their last
   results are reused while the shape (every path, kind, mode and link), marketplace.json, every plugin
   manifest, every plugin's name and entry, and the files they read through ``ctx.file`` are the same, which is
   all they read (``_cross_clean``).
   Every other rule runs on something that belongs to one plugin (the plugin itself, its components,
   its files), and its result is cached per plugin *group*. A group's fingerprint is everything such
   a rule can see: the stamp of every path under the plugin's folder, the plugin's name and its
   marketplace entry (the stamp of ``marketplace.json`` when the plugin has an entry), the project
   kind, and the stamp of every extra file its rules read through ``ctx.file``. When the fingerprint
   is unchanged, the cached diagnostics of that group are reused (and the extra files its rules read
   are read again from the cache, so file rules and the summary see the same files as a full check);
   otherwise the group's rules run again.
3. **Order.** Results are assembled in exactly the order ``engine.check`` produces them (rule by
   rule, target by target) and go through the same ``engine.finalize``, so the list is identical.

The contract this relies on (also stated in ``rules/__init__.py`` terms): a rule whose target is a
plugin, a component or a file looks only at that plugin (its folder, its marketplace entry) and at
files it reads through ``ctx.file``. Anything that compares plugins with each other is a ``project``
or ``marketplace`` rule. The property test in ``tests/unit/test_session.py`` checks the equality on
random edit sequences.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.diagnostics import Diagnostic
from ..model.loader import MANIFEST, MARKETPLACE, load
from ..model.plugin import Plugin, Project, SourceFile
from ..model.source import ParseCache, SourceReader
from ..parse.fsread import MAX_FILE_BYTES, FileIndex, entry_stamp, normalize, refresh, walk
from .cache import diagnostic_from_row, diagnostic_row
from .config import Config
from .context import Context
from .engine import TARGET_ATTRS, file_owner, finalize, run_rule, targets
from .registry import Rule, rules_for

ALWAYS_RUN = ("project", "marketplace")
FULL_WALK_OVER = 256  # more changed paths than this: walking everything again is simpler and as fast


@dataclass
class Result:
    project: Project
    diagnostics: list[Diagnostic]
    elapsed_ms: float
    changed_files: set[str]  # paths (relative to the root) whose content or type changed; all of them after full()
    full: bool = False  # a full check (first run, or the incremental path was not possible)
    reran: int = 0  # plugin groups whose rules ran again
    reused: int = 0  # plugin groups whose cached diagnostics were reused


@dataclass
class _Cached:
    diags: list[Diagnostic]
    reads: list[tuple[str, str | None]]  # ctx.file calls the rule made, replayed on reuse
    row: list | None = None  # as a restored state held it (export_state writes it back as it was)


@dataclass(eq=False)
class _Group:
    """One plugin's cache generation: replaced by a new object whenever anything the plugin's rules see changed."""

    rel: str
    fingerprint: Any
    fresh: bool = True  # created for this check: every rule runs on it
    deps: dict[str, Any] = field(default_factory=dict)  # rel -> entry stamp of files read through ctx.file
    done: set | None = field(default_factory=set)  # (file rule code, file rel) pairs that ran in this generation
    extra: frozenset = frozenset()  # files of files_done the loader did not read (a restored state's, see resume)
    raw: Any = None  # the state's entry and its number of deps: written back while the group is as restored
    # a restored group's done pairs as the state holds them (file -> "*" or its codes; "*": every file rule's
    # code, listed in the second item): the set is built when first changed (most groups are only asked)
    packed: tuple[dict, list[str]] | None = None

    @property
    def files_done(self) -> set:
        if self.done is None:
            done_map, every = self.packed or ({}, [])
            self.done = {(code, f) for f, codes in done_map.items() for code in (every if codes == "*" else codes)}
        return self.done

    def has_done(self, code: str, rel: str) -> bool:
        if self.done is None and self.packed is not None:
            codes = self.packed[0].get(rel)
            return codes is not None and (codes == "*" or code in codes)
        return (code, rel) in self.files_done


@dataclass
class _TrackingContext(Context):
    """A rule context that records the extra files rules read (replayed when a cached result is reused)."""

    reads: list | None = None

    def file(self, rel: str, kind: str | None = None) -> SourceFile | None:
        if self.reads is not None:
            self.reads.append((rel, kind))
        return super().file(rel, kind)


class Session:
    """The state of one watched project: its model, its diagnostics and what they were built from."""

    def __init__(
        self,
        root: str | os.PathLike,
        config: Config | None = None,
        environ: Mapping[str, str] | None = None,
        rules: Iterable[Rule] | None = None,
        loader: Callable[..., Project] | None = None,
    ) -> None:
        self.root = Path(root)
        # ``loader(root, cache, index=None)`` builds the project (default ``loader.load``; the installed plugins
        # have their own: ``tui.core.services.installed``)
        self.load = loader or load
        self.config = config or Config()
        self.environ: Mapping[str, str] = dict(os.environ if environ is None else environ)
        active = (
            list(rules) if rules is not None else rules_for(self.config.profile, self.config.select, self.config.ignore)
        )
        # the order engine.check runs them in
        self.rules = sorted(active, key=lambda r: (r.target == "file", r.code))
        self.cache = ParseCache()
        self.project: Project | None = None
        self.diagnostics: list[Diagnostic] = []
        self._groups: dict[str, _Group] = {}
        # rule code -> plugin rel (or file rel, for file rules) -> (generation, non-empty result)
        self._by_rule: dict[str, dict[str, tuple[_Group, _Cached]]] = {}
        # the files the loader read (before any rule), those of the plugins it did not load included (see resume)
        self._loaded: set[str] = set()
        # files of the plugins resume did not load: what the loader would have read in them
        self._phantom: set[str] = set()
        # the walk's shape (paths, kinds, modes, links: not contents), from the persistent cache: with it, the last
        # results of the project and marketplace rules are reused while nothing they read changed (_cross_clean)
        self.shape: str | None = None
        self._cross: dict[str, _Cached] = {}  # rule code -> the last result of a project or marketplace rule
        self._cross_key: Any = None

    # ------------------------------------------------------------------ public

    def full(self, index: FileIndex | None = None) -> Result:
        """Walk, load and check everything (the cached diagnostics are dropped; parsed files are kept).
        ``index``: a fresh walk of the root to use instead of walking again."""
        t0 = time.perf_counter()
        self._groups = {}
        self._by_rule = {}
        self._phantom = set()
        project = self.load(self.root, self.cache, index=index)
        return self._finish(project, set(project.index.entries), t0, full=True)

    def resume(self, index: FileIndex, changed: Iterable[str]) -> Result:
        """Load from ``index`` (a fresh walk) and check what ``changed`` (paths relative to the root) calls for,
        reusing what a restored state (``restore``) holds: the persistent cache's incremental check.

        A marketplace's plugin whose rules will all be reused is not loaded at all (nothing of its folder is
        read): the loader takes a plugin with its folder, name and entry only (``_reuser``). Nothing else looks at
        such a plugin's content: its rules' results are replayed, project and marketplace rules read the walk, the
        marketplace and its members' manifests (through ``ctx.file``), and file rules replay what they found in
        its files, which the state lists (``_stub_files``). Not when its folder holds another plugin or lies in
        one (rules of one read the other's files), nor when anything about it is not as the state says: then
        everything is loaded."""
        t0 = time.perf_counter()
        changed = set(changed)
        project: Project | None = None
        phantom: set[str] | None = None
        if self.load is load and self._groups:
            stubs: dict[str, Plugin] = {}
            project = load(self.root, self.cache, index=index, reuse=self._reuser(index, changed, stubs))
            phantom = self._stub_files(project, stubs)
        if project is None or phantom is None:  # a plugin to load after all: load everything (parses are kept)
            phantom = set()
            project = self.load(self.root, self.cache, index=index)
        self._phantom = phantom
        return self._finish(project, changed, t0, full=False)

    def share(self, index: FileIndex, part: int, parts: int) -> dict:
        """One share of a full check of a marketplace, for a process of its own (``lint/shards.py``): the plugins
        the loader meets in turn ``part``, ``part + parts``, … are loaded and their rules run; the others are
        taken as they stand (folder and entry, nothing read) and not checked, nor are the project and marketplace
        rules. Returns the state of these plugins as ``export_state`` gives it: merged with the other shares'
        (``merge_states``), it is what a full check would leave, and ``resume`` on it with nothing changed runs
        the project and marketplace rules and puts every result in the engine's order. ``project`` is set."""
        mine: set[str] = set()
        met = 0

        def reuse(rel: str, entry: Any) -> Plugin | None:
            nonlocal met
            met += 1
            if (met - 1) % parts == part:
                mine.add(rel)
                return None  # load it
            return Plugin(rel=rel, name=rel, entry=entry)

        self._groups, self._by_rule, self._phantom, self._cross = {}, {}, set(), {}
        project = load(self.root, self.cache, index=index, reuse=reuse)
        self._check(project, set(project.index.entries), full=True, share=mine)
        self.project, self.diagnostics = project, []
        state = self.export_state()
        state["groups"] = {rel: g for rel, g in state["groups"].items() if rel in mine}
        return state

    # ------------------------------------------------------------------ state (tui/core/lint/cache.py keeps it)

    def export_state(self) -> dict:
        """What ``restore`` needs to go on in another process, as JSON values (fixes keep only what reports show)."""
        every = sorted(r.code for r in self.rules if r.target == "file")
        groups = {}
        for rel, g in self._groups.items():
            if g.raw is not None and g.done is None and g.raw[1] == len(g.deps):
                groups[rel] = g.raw[0]  # restored and unchanged since
                continue
            by_file: dict[str, list[str]] = {}
            for code, f in sorted(g.files_done):
                by_file.setdefault(f, []).append(code)
            # most files went through every file rule: "*" says so in one character
            done = {f: "*" if codes == every else codes for f, codes in by_file.items()}
            groups[rel] = {"fp": g.fingerprint, "deps": g.deps, "done": done}
            extra = sorted(f for f in by_file if f not in self._loaded)
            if extra:  # files its rules read (the next resume lists the others as the loader's)
                groups[rel]["x"] = extra
        results: dict[str, dict[str, list]] = {}
        for code, kept in self._by_rule.items():
            rows = {
                rel: c.row if c.row is not None else [g.rel, [diagnostic_row(d) for d in c.diags], c.reads]
                for rel, (g, c) in kept.items()
            }
            if rows:
                results[code] = rows
        cross = {code: [[diagnostic_row(d) for d in c.diags], c.reads] for code, c in self._cross.items()}
        return {"groups": groups, "results": results, "cross": [self._cross_key, cross]}

    def restore(self, state: Mapping[str, Any]) -> None:
        """Take the state ``export_state`` gave (another process's last check); raises on a malformed one."""
        every = [r.code for r in self.rules if r.target == "file"]
        groups: dict[str, _Group] = {}
        for rel, g in state["groups"].items():
            deps = {str(d): _tuples(s) for d, s in g["deps"].items()}
            done_map = g["done"]
            if not (isinstance(done_map, dict) and all(isinstance(c, (str, list)) for c in done_map.values())):
                raise ValueError("done")
            extra = frozenset(str(f) for f in g.get("x", ()))
            group = _Group(str(rel), _tuples(g["fp"]), fresh=False, deps=deps, done=None, extra=extra)
            group.packed = (done_map, every)
            group.raw = (g, len(deps))
            groups[str(rel)] = group
        by_rule: dict[str, dict[str, tuple[_Group, _Cached]]] = {}
        for code, rows in state["results"].items():
            kept = by_rule.setdefault(str(code), {})
            for rel, row in rows.items():
                group_rel, diags, reads = row
                reads = [(str(r), None if k is None else str(k)) for r, k in reads]
                kept[str(rel)] = (groups[group_rel], _Cached([diagnostic_from_row(d) for d in diags], reads, row))
        self._groups, self._by_rule = groups, by_rule
        key, cross = state.get("cross") or (None, {})
        self._cross = {
            str(code): _Cached([diagnostic_from_row(d) for d in diags], [(str(r), k) for r, k in reads])
            for code, (diags, reads) in cross.items()
        }
        self._cross_key = _tuples(key)

    def update(self, changed: Iterable[str]) -> Result:
        """Check again after ``changed`` (paths relative to the root, or absolute paths under it) changed."""
        t0 = time.perf_counter()
        if self.project is None:
            return self.full()
        rels = {self._rel(p) for p in changed}
        rels.discard(None)
        old = self.project.index
        if len(rels) > FULL_WALK_OVER or old.truncated:
            index = walk(self.project.root)
            diff = _diff(old, index, rels)  # type: ignore[arg-type]
        else:
            index, diff = refresh(old, rels)  # type: ignore[arg-type]
            if index.truncated:
                index = walk(self.project.root)
                diff = _diff(old, index, rels)  # type: ignore[arg-type]
        for rel in diff:  # drop the parse of every changed path before loading again
            self.cache.forget(f"{self.project.root}/{rel}")
        self._phantom = set()
        project = self.load(self.root, self.cache, index=index)
        return self._finish(project, diff, t0, full=False)

    # ------------------------------------------------------------------ internals

    def _rel(self, path: str) -> str | None:
        p = str(path)
        if os.path.isabs(p):
            roots = {str(self.root.absolute())}
            if self.project is not None:
                roots.add(str(self.project.root))
            for root in roots:
                if p == root:
                    return ""
                if p.startswith(root.rstrip(os.sep) + os.sep):
                    p = p[len(root.rstrip(os.sep)) + 1 :].replace(os.sep, "/")
                    break
            else:
                return None
        rel = normalize(p)
        return None if rel.startswith("../") else rel

    def _finish(self, project: Project, changed: set[str], t0: float, full: bool) -> Result:
        diags, reran, reused = self._check(project, changed, full)
        self.project, self.diagnostics = project, diags
        return Result(
            project=project,
            diagnostics=diags,
            elapsed_ms=(time.perf_counter() - t0) * 1000,
            changed_files=set(changed),
            full=full,
            reran=reran,
            reused=reused,
        )

    def _fingerprints(self, project: Project) -> dict[str, Any]:
        """What a plugin group's rules see besides the files under its folder (those are compared by path)."""
        market = entry_stamp(project.index.entries.get(MARKETPLACE))
        out = {}
        for plugin in project.plugins:
            entry = plugin.entry
            out[plugin.rel] = (
                project.kind,
                plugin.name,
                plugin.name_source,
                (entry.index, market) if entry is not None else None,
            )
        return out

    def _check(
        self, project: Project, changed: set[str], full: bool, share: set[str] | None = None
    ) -> tuple[list[Diagnostic], int, int]:
        """The check itself; with ``share`` (plugin folders), only those plugins' rules (see ``share``)."""
        index = project.index
        phantom = self._phantom
        self._loaded = set(project.files) | phantom
        fps = self._fingerprints(project)
        touched = _folders(changed)
        # the stamp of marketplace.json may stay the same through a rewrite that the caller saw (content digests)
        market_changed = MARKETPLACE in changed
        groups: dict[str, _Group] = {}
        reran = reused = 0
        for rel, fp in fps.items():
            old = None if full else self._groups.get(rel)
            if (
                old is not None
                and old.fingerprint == fp
                and rel not in touched
                and not (market_changed and fp[3] is not None)
                and all(entry_stamp(index.entries.get(d)) == s for d, s in old.deps.items())
            ):
                groups[rel] = old
                reused += 1
            else:
                groups[rel] = _Group(rel, fp)
                reran += 1
        self._groups = groups
        cross_key = None if self.shape is None else (self.shape, project.kind, project.note, tuple(fps.items()))
        reuse_cross = not full and cross_key is not None and cross_key == self._cross_key and self._cross_clean(changed)
        cross: dict[str, _Cached] = {}
        ctx = _TrackingContext(project=project, config=self.config, environ=self.environ, parse_cache=self.cache)
        order = {p.rel: i for i, p in enumerate(project.plugins)}
        dirty = [p for p in project.plugins if groups[p.rel].fresh and (share is None or p.rel in share)]
        owner = file_owner(project)
        out: list[Diagnostic] = []
        for rule in self.rules:
            target_kind = rule.target
            if target_kind in ALWAYS_RUN:
                if share is not None:
                    continue  # run where the shares are put together
                kept_cross = self._cross.get(rule.code) if reuse_cross else None
                if kept_cross is not None:
                    self._replay(kept_cross, ctx, out)
                    cross[rule.code] = kept_cross
                    continue
                reads: list = []
                ctx.reads = reads
                diags: list[Diagnostic] = []
                try:
                    for plugin, target in targets(project, target_kind):
                        diags.extend(run_rule(rule, ctx, target, plugin))
                finally:
                    ctx.reads = None
                cross[rule.code] = _Cached(diags, reads)
                out.extend(diags)
            elif target_kind == "file":
                self._file_rule(rule, ctx, project, groups, owner, out, phantom, share)
            else:
                # engine order: plugin by plugin, each plugin's targets together. Only plugins that must run
                # again and cached results that hold something (diagnostics or extra reads) are visited.
                attr = TARGET_ATTRS.get(target_kind)  # None for "plugin"
                kept = self._by_rule.setdefault(rule.code, {})
                for rel in [r for r, (g, _c) in kept.items() if groups.get(r) is not g]:
                    del kept[rel]
                todo: list[tuple[int, Plugin | None, _Cached | None]] = sorted(
                    [(order[p.rel], p, None) for p in dirty] + [(order[r], None, c) for r, (_g, c) in kept.items()],
                    key=lambda t: t[0],
                )
                for _i, plugin, cached in todo:
                    if cached is not None:
                        self._replay(cached, ctx, out)
                        continue
                    assert plugin is not None  # an entry is a cached result or a plugin to run
                    items = (plugin,) if attr is None else getattr(plugin, attr)
                    c = self._run(ctx, rule, items, plugin, groups[plugin.rel])
                    if c.diags or c.reads:
                        kept[plugin.rel] = (groups[plugin.rel], c)
                    out.extend(c.diags)
        for g in groups.values():
            g.fresh = False
        self._cross, self._cross_key = cross, cross_key
        if share is not None:
            return [], reran, reused  # put together and finalised by the process that merges the shares
        if phantom:
            _read_for_suppression(project, self.cache, phantom, out)
        return finalize(project, self.config, out), reran, reused

    def _cross_clean(self, changed: set[str]) -> bool:
        """Whether the project and marketplace rules' last results still hold, the tree's shape and every plugin's
        fingerprint being the same (the caller checked): they read the walk, marketplace.json, plugin manifests
        and the files they asked ``ctx.file`` for (``tests/unit/test_cache.py`` keeps the list of these rules)."""
        reads = {normalize(r) for c in self._cross.values() for r, _k in c.reads}
        for rel in changed:
            if rel in (MARKETPLACE, MANIFEST) or rel.endswith("/" + MANIFEST) or rel in reads:
                return False
        return True

    def _reuser(self, index: FileIndex, changed: set[str], stubs: dict[str, Plugin]) -> Callable:
        """For ``load``: the plugin (folder, name, entry; nothing read) for a folder whose group ``_check`` will
        reuse (the same conditions, and those of ``_fingerprints`` as far as the state tells them), else None.
        The plugins it gives are kept in ``stubs``."""
        touched = _folders(changed)
        market = entry_stamp(index.entries.get(MARKETPLACE))
        market_changed = MARKETPLACE in changed
        entries = index.entries
        nested = _nested(self._groups.keys())  # as the last check had them (_stub_files checks this one's)

        def reuse(rel: str, entry: Any) -> Plugin | None:
            g = self._groups.get(rel)
            if not rel or g is None or rel in touched or rel in stubs or rel in nested:
                return None
            fp = g.fingerprint
            if not (isinstance(fp, tuple) and len(fp) == 4 and fp[0] == "marketplace" and isinstance(fp[1], str)):
                return None
            if entry is None:
                if fp[3] is not None:
                    return None
            elif market_changed or fp[3] != (entry.index, market):
                return None
            if any(entry_stamp(entries.get(d)) != s for d, s in g.deps.items()):
                return None
            plugin = Plugin(rel=rel, name=fp[1], entry=entry)
            plugin.name_source = fp[2]
            stubs[rel] = plugin
            return plugin

        return reuse

    def _stub_files(self, project: Project, stubs: dict[str, Plugin]) -> set[str] | None:
        """The files the loader would have read for the plugins ``_reuser`` gave (from the state); None when one
        of them must be loaded after all: a plugin folder in another or holding another, a fingerprint that is
        not the state's, a file some file rule has not seen."""
        if not stubs:
            return set()
        rels = {p.rel for p in project.plugins}
        if "" in rels or not _nested(rels).isdisjoint(stubs):
            return None
        fps = self._fingerprints(project)
        every = sum(1 for r in self.rules if r.target == "file")
        out: set[str] = set()
        for rel in stubs:
            g = self._groups[rel]
            if fps.get(rel) != g.fingerprint:
                return None
            if g.done is None and g.packed is not None:
                done_map = g.packed[0]
                if not all(c == "*" for c in done_map.values()):
                    return None
                out.update(f for f in done_map if f not in g.extra)
                continue
            count: dict[str, int] = {}
            for _code, f in g.files_done:
                count[f] = count.get(f, 0) + 1
            if any(n != every for n in count.values()):
                return None
            out.update(f for f in count if f not in g.extra)
        return out

    def _file_rule(
        self,
        rule: Rule,
        ctx: _TrackingContext,
        project: Project,
        groups: dict,
        owner: Callable[[str], Plugin | None],
        out: list,
        phantom: set[str],
        share: set[str] | None = None,
    ) -> None:
        """A rule on every file: files of plugins that must run again (or that this rule has not seen in
        their plugin yet) run; the others replay what they produced, if anything. ``phantom``: files of plugins
        that were not loaded (every file rule ran on them; see ``resume``)."""
        kept = self._by_rule.setdefault(rule.code, {})
        files = project.files
        for rel in [
            r for r, (g, _c) in kept.items() if (r not in files and r not in phantom) or groups.get(g.rel) is not g
        ]:
            del kept[rel]
        todo: list[tuple[Plugin | None, SourceFile | None, _Group | None, _Cached | None]] = []
        # files of plugins that were not loaded: only those with something to replay
        more = [r for r in kept if r in phantom and r not in files] if phantom else []
        for rel in sorted(files.keys() | more) if more else sorted(files):
            plugin = owner(rel)
            group = groups.get(plugin.rel) if plugin is not None else None
            if share is not None and (group is None or group.rel not in share):
                continue  # another share's file, or one of no plugin (checked where the shares are merged)
            if rel not in files:  # a file of a plugin that was not loaded: its findings, if any, are replayed
                # (_stub_files: its group is reused and every file rule ran on it)
                assert group is not None and not group.fresh and group.has_done(rule.code, rel)
                hit = kept.get(rel)
                if hit is not None:
                    todo.append((plugin, None, group, hit[1]))
                continue
            if group is None:
                todo.append((plugin, files[rel], None, None))
            elif group.fresh or not group.has_done(rule.code, rel):
                todo.append((plugin, files[rel], group, None))
            else:
                hit = kept.get(rel)
                if hit is not None:
                    todo.append((plugin, files[rel], group, hit[1]))
        for plugin, sf, group, cached in todo:
            if cached is not None:
                self._replay(cached, ctx, out)
                continue
            assert sf is not None  # only a replayed finding has no file
            if group is None:
                out.extend(run_rule(rule, ctx, sf, plugin))
            else:
                c = self._run(ctx, rule, (sf,), plugin, group)
                group.files_done.add((rule.code, sf.rel))
                if c.diags or c.reads:
                    kept[sf.rel] = (group, c)
                out.extend(c.diags)

    def _replay(self, cached: _Cached, ctx: _TrackingContext, out: list) -> None:
        phantom = self._phantom
        for rel, kind in cached.reads:
            # a file of a plugin that was not loaded is not read again: the file rules see it anyway (resume)
            if not phantom or normalize(rel) not in phantom:
                ctx.file(rel, kind)
        out.extend(cached.diags)

    @staticmethod
    def _run(ctx: _TrackingContext, rule: Rule, targets: Iterable, plugin: Plugin | None, group: _Group) -> _Cached:
        reads: list = []
        ctx.reads = reads
        diags: list[Diagnostic] = []
        try:
            for target in targets:
                diags.extend(run_rule(rule, ctx, target, plugin))
        finally:
            ctx.reads = None
        for rel, _kind in reads:
            nrel = normalize(rel)
            group.deps[nrel] = entry_stamp(ctx.project.index.entries.get(nrel))
        return _Cached(diags, reads)


def merge_states(states: Iterable[Mapping[str, Any]]) -> dict:
    """The state of a full check from those of its shares (``Session.share``): each plugin is in one share, each
    result under the plugin or file it belongs to."""
    groups: dict[str, Any] = {}
    results: dict[str, dict[str, Any]] = {}
    for state in states:
        groups.update(state["groups"])
        for code, rows in state["results"].items():
            results.setdefault(code, {}).update(rows)
    return {"groups": groups, "results": results, "cross": [None, {}]}


def _read_for_suppression(project: Project, cache: ParseCache, phantom: set[str], diags: list[Diagnostic]) -> None:
    """Read the Markdown files of plugins that were not loaded where findings point (``finalize`` looks for
    suppression comments in them, as in a full load): only those that hold the comment's ``plugin-tui:`` at all
    (a file that is not UTF-8 has no text, so no comment either)."""
    paths = {
        d.path
        for d in diags
        if d.path in phantom and d.line and d.line > 1 and d.path.lower().endswith((".md", ".markdown"))
    }
    paths.difference_update(project.files)
    if not paths:
        return
    reader = SourceReader(project.root, project.index, cache, project.files)
    root = str(project.root)
    for rel in sorted(paths):
        try:
            with open(os.path.join(root, rel), "rb") as fh:
                if b"plugin-tui:" not in fh.read(MAX_FILE_BYTES + 1):
                    continue
        except OSError:
            pass  # the reader says what is wrong with it
        reader.file(rel)


def _nested(rels: Iterable[str]) -> set[str]:
    """The plugin folders of ``rels`` that lie in another one or hold another one."""
    rels = set(rels)
    out: set[str] = set()
    for rel in rels:
        cut = len(rel)
        while (cut := rel.rfind("/", 0, cut)) > 0:
            if rel[:cut] in rels:
                out.update((rel, rel[:cut]))
    return out


def _folders(changed: set[str]) -> set[str]:
    """The folders holding a changed path (every ancestor: a group's rules see its whole folder)."""
    touched = {""} if changed else set()
    for rel in changed:
        cut = len(rel)
        while True:
            touched.add(rel[:cut])
            cut = rel.rfind("/", 0, cut)
            if cut < 0:
                break
    return touched


def _tuples(v: Any) -> Any:
    """A JSON value back as the tuples it was written from (fingerprints and stamps are tuples)."""
    return tuple(_tuples(x) for x in v) if isinstance(v, (list, tuple)) else v


def _diff(old: FileIndex, new: FileIndex, reported: set[str]) -> set[str]:
    """Paths whose entry differs, plus reported paths that exist (their stamp may be equal; see refresh)."""
    a, b = old.entries, new.entries
    out = {r for r in a.keys() ^ b.keys()}
    out.update(r for r in reported if r in a or r in b)
    out.update(r for r in a.keys() & b.keys() if entry_stamp(a[r]) != entry_stamp(b[r]))
    return out
