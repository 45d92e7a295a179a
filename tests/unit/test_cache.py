"""The persistent result cache (tui/core/lint/cache.py): a cached check says exactly what a fresh one says, and
anything a result depends on invalidates it."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import REPO, write_tree
from tests.unit.test_session import apply_edit, edit, make_marketplace
from tui.core.lint import cache as cache_mod
from tui.core.lint.cache import ResultCache, cached_check, default_dir
from tui.core.lint.config import Config
from tui.core.lint.engine import check
from tui.core.model.loader import load

MCP_ENV = {"mcpServers": {"api": {"type": "http", "url": "https://x.example/mcp", "headers": {"A": "${API_TOKEN}"}}}}


def fresh(root: Path, config: Config | None = None, environ: dict | None = None) -> list[tuple]:
    """What a check without any cache says (identities and what the reports show of each fix)."""
    return _view(check(load(root), config or Config(), environ=environ or {}))


def _view(diags) -> list[tuple]:
    return [
        (d.identity(), d.hint, None if d.fix is None else (d.fix.title, d.fix.safe, d.fix.needs_choice)) for d in diags
    ]


def run(root: Path, cache: ResultCache, config: Config | None = None, environ: dict | None = None):
    project, diags, hit = cached_check(root, config or Config(), environ or {}, cache)
    return _view(diags), hit, project


@pytest.fixture
def cache(tmp_path) -> ResultCache:
    return ResultCache(tmp_path / "cache")


@pytest.fixture
def market(tmp_path) -> Path:
    root = make_marketplace(tmp_path / "m")
    (root / "plugins/alpha/.mcp.json").write_text(json.dumps(MCP_ENV))
    (root / "plugins/beta/.claude-plugin/plugin.json").write_text('{"name": "beta", "version": "1.0", "x": 1}')
    return root


def rewrite_keeping_stamp(p: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (same length) and put the file's times back: only its content tells."""
    st_ = p.stat()
    p.write_text(p.read_text().replace(old, new))
    os.utime(p, ns=(st_.st_atime_ns, st_.st_mtime_ns))


def listing(root: Path) -> dict[str, tuple]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath, name)
            st_ = p.lstat()
            out[str(p.relative_to(root))] = (st_.st_mode, st_.st_size, st_.st_mtime_ns)
    return out


# ------------------------------------------------------------------------------------------ hits and misses


def test_second_run_is_a_hit_and_says_the_same(market, cache):
    want = fresh(market)
    assert want  # the fixture has findings, fixable ones among them
    assert any(f is not None for _i, _h, f in want)
    first, hit1, p1 = run(market, cache)
    second, hit2, p2 = run(market, cache)
    assert (hit1, hit2) == (False, True)
    assert first == second == want
    assert (p2.kind, [(p.rel, p.name) for p in p2.plugins]) == (p1.kind, [(p.rel, p.name) for p in p1.plugins])


def test_reports_are_identical_from_the_cache(market, cache):
    from tui.core.services import report

    project, diags, _ = cached_check(market, Config(), {}, cache)
    cold = report.to_json(project, diags)
    project, diags, hit = cached_check(market, Config(), {}, cache)
    assert hit and report.to_json(project, diags) == cold
    assert report.to_sarif(project, diags) == report.to_sarif(load(market), check(load(market), Config(), environ={}))


def test_related_locations_come_back_from_the_cache(market, cache):
    """A finding's related places (the JSON report's "related", SARIF's relatedLocations) survive a hit."""
    from tui.core.services import report

    agent = market / "plugins/alpha/.claude-plugin/agents/x.md"
    agent.parent.mkdir(parents=True)
    agent.write_text("---\nname: x\ndescription: An agent\n---\nBody\n")
    want = report.to_json(load(market), check(load(market), Config(), environ={}))
    assert any(d.get("related") for d in want["diagnostics"])
    for expect_hit in (False, True):
        project, diags, hit = cached_check(market, Config(), {}, cache)
        assert hit is expect_hit
        assert report.to_json(project, diags) == want


def test_a_slightly_changed_tree_reruns_only_what_changed(market, cache, monkeypatch):
    """After one edit the last check's state goes on: only the changed plugin's rules run again (and the project
    and marketplace rules), and the findings are those of a fresh check."""
    from tui.core.lint import session as session_mod

    run(market, cache)
    (market / "plugins/alpha/commands/hello.md").write_text("---\ndescription: [broken\n---\nbody\n")
    seen = {}
    real = session_mod.Session.resume

    def spy(self, index, changed):
        result = real(self, index, changed)
        seen.update(changed=set(changed), reran=result.reran, reused=result.reused)
        return result

    monkeypatch.setattr(session_mod.Session, "resume", spy)
    got, hit, _ = run(market, cache)
    assert not hit and got == fresh(market)
    assert seen == {"changed": {"plugins/alpha/commands/hello.md"}, "reran": 1, "reused": 1}


def test_no_state_goes_on_when_a_variable_changed(market, cache, monkeypatch):
    from tui.core.lint import session as session_mod

    run(market, cache, environ={})
    (market / "plugins/beta/agents/reviewer.md").write_text("---\nname: reviewer\n---\nx\n")
    monkeypatch.setattr(session_mod.Session, "resume", lambda *a: pytest.fail("resumed with another environment"))
    got, hit, _ = run(market, cache, environ={"API_TOKEN": "t"})
    assert not hit and got == fresh(market, environ={"API_TOKEN": "t"})


def test_a_changed_file_invalidates(market, cache):
    run(market, cache)
    (market / "plugins/alpha/commands/hello.md").write_text("---\ndescription: [broken\n---\nbody\n")
    got, hit, _ = run(market, cache)
    assert not hit and got == fresh(market)


def test_a_same_size_same_mtime_rewrite_invalidates(market, cache):
    """Content is hashed: a rewrite that keeps size and mtime is still seen."""
    p = market / "plugins/beta/agents/reviewer.md"
    run(market, cache)
    rewrite_keeping_stamp(p, "Reviews code.", "Reviews ----.")
    got, hit, _ = run(market, cache)
    assert not hit and got == fresh(market)


def test_the_first_line_of_a_big_hook_script_is_part_of_the_key(market, cache):
    """Beyond the reader's limit only a script's first line is read (its shebang, HOOK102): a new first line at the
    same size and mtime (``rsync -a``, ``cp -p``, an archive unpacked) is still seen."""
    script = market / "plugins/alpha/hooks/guard.sh"
    script.write_bytes(b"#!/bin/sh\n" + b"# pad\n" * (cache_mod.MAX_FILE_BYTES // 6 + 10))
    run(market, cache)
    st_ = script.stat()
    script.write_bytes(b"# no shebang\n" + script.read_bytes()[len(b"# no shebang\n") :])
    os.utime(script, ns=(st_.st_atime_ns, st_.st_mtime_ns))
    assert script.stat().st_size == st_.st_size
    want = fresh(market)
    assert any(i[0][0] == "HOOK102" for i in want)
    got, hit, _ = run(market, cache)
    assert got == want and not hit


@pytest.mark.parametrize("name", ["node_modules", ".git"])
def test_what_a_left_out_name_is_part_of_the_key(market, cache, name):
    """The walk leaves ``.git`` and ``node_modules`` out by name, and rules ask whether they are a folder or
    exist (PLG001's node_modules/, PLG009's repository root): a file turned folder, or a link that comes to
    point somewhere, changes the findings."""
    target = market / "plugins/beta" / name
    (market / "plugins/beta/CLAUDE.md").write_text("# notes\n")
    target.write_text("not a folder")
    assert run(market, cache)[0] == fresh(market)
    target.unlink()
    target.mkdir()
    got, hit, _ = run(market, cache)
    assert got == fresh(market) and not hit
    target.rmdir()
    target.symlink_to(market / "elsewhere")  # dangling
    assert run(market, cache)[0] == fresh(market)
    (market / "elsewhere").mkdir()
    (market / "plugins/alpha/x.txt").write_text("x")  # and .. an unrelated change, so this is not a plain hit
    got, _hit, _ = run(market, cache)
    assert got == fresh(market)


def test_trusted_file_digests_still_see_every_write(market, cache, monkeypatch):
    """A file's digest is reused while its size, mtime, ctime and inode are unchanged: a rewrite that restores
    size and mtime still moves ctime, so it is read again."""
    monkeypatch.setattr(cache_mod, "RACY_NS", -(10**12))  # trust even files written just now
    p = market / "plugins/beta/agents/reviewer.md"
    run(market, cache)
    assert str(p.relative_to(market)) in cache.file_digests(market.resolve())
    assert run(market, cache)[1]
    rewrite_keeping_stamp(p, "Reviews code.", "Reviews ----.")
    got, hit, _ = run(market, cache)
    assert not hit and got == fresh(market)


def test_a_file_changed_just_now_is_hashed_again(market, cache):
    run(market, cache)
    assert cache.file_digests(market.resolve()) == {}  # every file is younger than RACY_NS: none is trusted


@pytest.mark.parametrize(
    "change",
    [
        lambda root: os.chmod(root / "plugins/alpha/hooks/guard.sh", 0o644),  # HOOK: not executable
        lambda root: (root / "plugins/alpha/.git").mkdir(),  # a folder the walk leaves out, that rules ask about
        lambda root: os.symlink("missing.md", root / "plugins/alpha/commands/link.md"),
        lambda root: (root / "plugins/beta/agents/new.md").write_text("---\nname: new\n---\n"),
        lambda root: (root / "plugins/beta/agents/reviewer.md").unlink(),
    ],
)
def test_modes_links_skipped_folders_and_new_files_invalidate(market, cache, change):
    run(market, cache)
    change(market)
    got, hit, _ = run(market, cache)
    assert not hit and got == fresh(market)


@pytest.mark.parametrize(
    "config",
    [
        Config(profile="plugin-dev"),
        Config(select=("MAN",)),
        Config(ignore=("MAN",)),
        Config(per_path_ignores={"plugins/beta/**": ("MAN",)}),
        Config(strict=True),
    ],
)
def test_a_changed_setting_invalidates(market, cache, config):
    run(market, cache)
    got, hit, _ = run(market, cache, config)
    assert not hit and got == fresh(market, config)
    assert run(market, cache, config)[1]  # and is cached under its own key
    assert run(market, cache)[1]  # the first settings' entry is still there


def test_a_changed_plugin_tui_version_invalidates(market, cache, monkeypatch):
    run(market, cache)
    monkeypatch.setattr(cache_mod, "__version__", "99.0.0")
    assert not run(market, cache)[1]
    monkeypatch.setattr(cache_mod, "CLAUDE_CODE_VERSION", "9.9.9")
    assert not run(market, cache)[1]


def test_another_python_invalidates(market, cache, monkeypatch):
    """The rules lean on the interpreter (``unicodedata``'s tables, ``re``): a venv made again with another Python
    at the same path is not served the results of the old one."""
    run(market, cache)
    assert run(market, cache)[1]
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert not run(market, cache)[1]


def test_a_reinstalled_plugin_tui_invalidates(monkeypatch):
    """A wheel may give every file the same fixed mtime (reproducible builds): a reinstall of an edited build with
    the same version and sizes still moves each file's ctime and inode, and so the fingerprint."""
    from types import SimpleNamespace

    before = cache_mod._code_fingerprint()
    real = os.stat

    def reinstalled(path, *a, **k):
        st_ = real(path, *a, **k)
        if not str(path).endswith("engine.py"):
            return st_
        return SimpleNamespace(
            st_size=st_.st_size, st_mtime_ns=st_.st_mtime_ns, st_ctime_ns=st_.st_ctime_ns + 1, st_ino=st_.st_ino + 1
        )

    monkeypatch.setattr(os, "stat", reinstalled)
    assert cache_mod._code_fingerprint() != before


def test_an_edited_checkout_invalidates(market, cache, monkeypatch):
    """Between releases the version does not move: the code of tui/core is fingerprinted too."""
    run(market, cache)
    real = cache_mod._code_fingerprint
    monkeypatch.setattr(cache_mod, "_code_fingerprint", lambda: real() + [["rules/new.py", 1, 1]])
    assert not run(market, cache)[1]


def test_the_variables_the_rules_read_are_part_of_the_key(market, cache):
    unset, hit, _ = run(market, cache, environ={})
    assert any("API_TOKEN is not set" in i[2] for i, _h, _f in unset)  # ENV001
    assert run(market, cache, environ={"UNRELATED": "1"})[1]  # a variable no rule reads: still a hit
    got, hit, _ = run(market, cache, environ={"API_TOKEN": "secret-value"})
    assert not hit and got == fresh(market, environ={"API_TOKEN": "secret-value"})
    assert not any("API_TOKEN is not set" in i[2] for i, _h, _f in got)
    got, hit, _ = run(market, cache, environ={"API_TOKEN": ""})  # empty is not set either, but another state
    assert not hit and got == fresh(market, environ={"API_TOKEN": ""})
    # the value is never written, only a keyed digest of it
    for p in [*cache.folder.glob("*/*.json"), *cache.folder.glob("*/*.bin")]:
        assert b"secret-value" not in p.read_bytes()


def test_a_corrupt_or_foreign_entry_is_a_miss(market, cache):
    want, _, _ = run(market, cache)
    (entry,) = [p for p in cache.folder.glob("*/*.json") if p.parent.name not in ("state", "files")]
    for junk in ["", "{", "[]", '{"key": "other"}', json.dumps({"key": entry.stem, "env": {}, "kind": 1})]:
        entry.write_text(junk)
        got, hit, _ = run(market, cache)
        assert got == want and not hit
        (entry,) = [p for p in cache.folder.glob("*/*.json") if p.parent.name not in ("state", "files")]
    (state,) = cache.folder.glob("state/*.bin")
    for junk in [b"{", b"", marshal.dumps({"key": state.stem, "env": {}, "tree": {}, "session": {"groups": 1}})]:
        state.write_bytes(junk)
        entry.unlink()
        got, hit, _ = run(market, cache)
        assert got == want and not hit
        (entry,) = [p for p in cache.folder.glob("*/*.json") if p.parent.name not in ("state", "files")]
    entry.write_bytes(b"\xff\xfe\x00")
    assert run(market, cache)[0] == want
    (cache.folder / "salt").write_bytes(b"short")  # a bad salt: a new one, a miss, no error
    assert run(market, cache)[0] == want


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only")
def test_a_file_name_that_is_not_utf8_is_cached(market, cache):
    # a finding names the path (SKL004 here): the entry must be written and read back, not crash the run
    odd = market / "plugins/alpha/skills" / os.fsdecode(b"caf\xe9")
    odd.mkdir(parents=True)
    (odd / "SKILL.md").write_text("---\nname: x\ndescription: y\n---\nhi\n")
    want = fresh(market)
    assert any("\udce9" in (i[0][3] or "") for i in want)
    assert run(market, cache)[:2] == (want, False)
    assert run(market, cache)[:2] == (want, True)
    (odd / "SKILL.md").write_text("---\nname: x\ndescription: z\n---\nhi\n")  # resumes from the state
    assert run(market, cache)[:2] == (fresh(market), False)


def _flip_a_letter(path: Path, needle: bytes) -> None:
    """Change one letter of ``needle`` where it is stored: the file still parses, with another value."""
    data = path.read_bytes()
    at = data.index(needle)
    path.write_bytes(data[:at] + needle.swapcase() + data[at + len(needle) :])


def test_an_entry_changed_on_disk_is_a_miss(market, cache):
    """A result or state that still parses but is not what was written (a flipped bit, an edit by hand) is a miss:
    the findings are a fresh check's, never the altered text."""
    want, _, _ = run(market, cache)
    (entry,) = [p for p in cache.folder.glob("*/*.json") if p.parent.name not in ("state", "files")]
    _flip_a_letter(entry, b"not semver")
    got, hit, _ = run(market, cache)
    assert got == want and not hit
    (state,) = cache.folder.glob("state/*.bin")
    _flip_a_letter(state, b"not semver")
    (market / "plugins/alpha/commands/hello.md").write_text("---\ndescription: [broken\n---\nbody\n")
    got, hit, _ = run(market, cache)
    assert got == fresh(market) and not hit


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for shellcheck")
def test_a_rule_that_runs_a_program_is_never_served_from_the_cache(market, cache, tmp_path, monkeypatch):
    """HOOK117's findings come from shellcheck, which reads more than the tree and the key (SHELLCHECK_OPTS, a
    .shellcheckrc in the current folder or the home folder, and it may time out): such a run is always checked."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "shellcheck"
    fake.write_text(
        "#!/bin/sh\ncat >/dev/null\n"
        'echo "[{\\"line\\":1,\\"column\\":1,\\"level\\":\\"warning\\",\\"code\\":1000,'
        '\\"message\\":\\"opts=$SHELLCHECK_OPTS\\"}]"\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.delenv("SHELLCHECK_OPTS", raising=False)
    config = Config(select=("HOOK117",))
    first = run(market, cache, config=config)[0]
    assert any("opts=" in i[0][2] for i in first)
    monkeypatch.setenv("SHELLCHECK_OPTS", "-e SC2086")
    got, hit, _ = run(market, cache, config=config)
    assert got == fresh(market, config) and not hit
    assert any("opts=-e SC2086" in i[0][2] for i in got)


def test_an_unwritable_cache_is_no_error(market, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    got, hit, _ = run(market, ResultCache(blocker / "cache"))
    assert got == fresh(market) and not hit


def test_a_cache_inside_the_checked_folder_is_not_used(market):
    before = listing(market)
    inside = ResultCache(market / ".cache")
    run(market, inside)
    got, hit, _ = run(market, inside)
    assert not hit and got == fresh(market)
    assert listing(market) == before


def test_nothing_is_written_into_the_checked_folder(market, cache):
    before = listing(market)
    run(market, cache)
    run(market, cache)
    assert listing(market) == before


def test_concurrent_writers_leave_a_whole_entry(market, cache):
    errors = []

    def worker():
        try:
            for _ in range(3):
                run(market, cache)
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert not list(cache.folder.glob("*/.tmp-*"))
    got, hit, _ = run(market, cache)
    assert hit and got == fresh(market)


def test_entries_are_bounded(market, cache, monkeypatch):
    monkeypatch.setattr(cache_mod, "MAX_ENTRIES", 3)
    for i in range(6):
        run(market, cache, environ={}, config=Config(ignore=(f"MAN00{i}",)))
    assert len([*cache.folder.glob("*/*.json"), *cache.folder.glob("*/*.bin")]) == 3


def test_the_platform_folders():
    assert default_dir({"PLUGIN_TUI_CACHE_DIR": "/c"}) == Path("/c")
    if sys.platform.startswith("linux"):
        assert default_dir({"XDG_CACHE_HOME": "/x"}) == Path("/x/plugin-tui")
        assert default_dir({"XDG_CACHE_HOME": "relative"}) == Path.home() / ".cache" / "plugin-tui"
        assert default_dir({}) == Path.home() / ".cache" / "plugin-tui"


# ------------------------------------------------------------------------------------------ random edits


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(edit, min_size=1, max_size=3), min_size=1, max_size=4), st.booleans())
def test_cached_equals_uncached_over_random_edits(batches, with_token):
    environ = {"API_TOKEN": "t"} if with_token else {}
    with tempfile.TemporaryDirectory() as tmp:
        root = make_marketplace(Path(tmp) / "m")
        (root / "plugins/alpha/.mcp.json").write_text(json.dumps(MCP_ENV))
        c = ResultCache(Path(tmp) / "cache")
        assert run(root, c, environ=environ)[0] == fresh(root, environ=environ)
        for batch in batches:
            for e in batch:
                apply_edit(root, e)
            for _ in range(2):  # a miss, then a hit: both equal to a check without cache
                assert run(root, c, environ=environ)[0] == fresh(root, environ=environ), batch


# ------------------------------------------------------------------------------------------ the command line


def cli(*args: str, cache_dir: Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PLUGIN_TUI_CACHE_DIR=str(cache_dir), PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, cwd=cwd or REPO
    )


def test_cli_no_cache_and_cache_clean(market, tmp_path):
    cdir = tmp_path / "c"
    a = cli("check", str(market), "--format", "json", "--no-cache", cache_dir=cdir)
    assert a.returncode in (0, 1) and not cdir.exists()  # --no-cache writes nothing
    b = cli("check", str(market), "--format", "json", cache_dir=cdir)
    c = cli("check", str(market), "--format", "json", cache_dir=cdir)
    assert a.stdout == b.stdout == c.stdout and a.returncode == b.returncode == c.returncode
    assert list(cdir.glob("v1/*/*.json"))
    t1 = cli("check", str(market), cache_dir=cdir)
    t2 = cli("check", str(market), "--no-cache", cache_dir=cdir)
    assert t1.stdout == t2.stdout  # the text report's fixable marks come back from the cache
    d = cli("cache", "dir", cache_dir=cdir)
    assert d.returncode == 0 and d.stdout.strip() == str(cdir)
    r = cli("cache", "clean", cache_dir=cdir)
    assert r.returncode == 0 and r.stdout.startswith("Removed ") and not cdir.exists()
    assert cli("cache", "clean", cache_dir=cdir).stdout.startswith("Removed 0 files")


def test_cache_clean_removes_only_what_plugin_tui_wrote(market, tmp_path):
    """PLUGIN_TUI_CACHE_DIR may name a folder that holds other things (``/tmp``, a project's ``.cache``): clean
    removes the cache's own folder in it, never the user's files."""
    cdir = tmp_path / "shared"
    (cdir / "mine").mkdir(parents=True)
    (cdir / "mine/keep.txt").write_text("keep")
    (cdir / "notes.txt").write_text("keep")
    assert cli("check", str(market), cache_dir=cdir).returncode in (0, 1)
    assert (cdir / "v1").is_dir()
    r = cli("cache", "clean", cache_dir=cdir)
    assert r.returncode == 0 and r.stdout.startswith("Removed ")
    assert sorted(p.name for p in cdir.iterdir()) == ["mine", "notes.txt"]
    assert (cdir / "mine/keep.txt").read_text() == "keep"
    only = tmp_path / "only"  # a folder that holds nothing but the cache goes too
    cli("check", str(market), cache_dir=only)
    cli("cache", "clean", cache_dir=only)
    assert not only.exists()


def test_cache_clean_counts_only_what_it_removed(market, cache, monkeypatch):
    """On a read-only cache folder clean removes nothing and says so (the CLI exits 1), not "Removed N files"."""
    run(market, cache)
    real = os.unlink
    monkeypatch.setattr(os, "unlink", lambda p, *a, **k: (_ for _ in ()).throw(PermissionError(13, "read-only")))
    files, size, left = cache.clean()
    assert (files, size) == (0, 0) and left >= 3 and (cache.folder / "salt").exists()
    monkeypatch.setattr(os, "unlink", real)
    files, size, left = cache.clean()
    assert files >= 3 and size > 0 and left == 0 and not cache.directory.exists()


def test_cli_bad_path_is_still_one_line(tmp_path):
    r = cli("check", str(tmp_path / "missing"), cache_dir=tmp_path / "c")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "no such file or folder" in r.stderr
    write_tree(tmp_path / "empty", {"notes.txt": "x"})
    r = cli("check", str(tmp_path / "empty"), cache_dir=tmp_path / "c")
    assert r.returncode == 2 and "nothing plugin-like" in r.stderr


# ------------------------------------------------------------------------------------------ plugins not loaded again

# After an edit, a marketplace's plugins whose rules are all reused are not loaded (Session.resume): what the project
# and marketplace rules, file rules and suppression comments need of them comes from the state. Every case below
# changes something other plugins or the marketplace see (a plugin's name, an entry, the marketplace.json itself,
# a plugin added or removed), and the findings must stay those of a fresh check.

CMD006_BODY = "---\ndescription: Args\n---\nFirst line\n{comment}Review PR #$1 with priority $2\n"


def make_wide(root: Path) -> Path:
    """Four listed plugins with the same component names (one holding a nested plugin), one not listed, a finding
    silenced by a comment and the same finding not silenced."""
    from tests.unit.test_session import plugin_files

    entries = [{"name": n, "source": f"./plugins/{n}"} for n in ("alpha", "beta", "gamma", "delta")]
    entries[2]["version"] = "2.0.0"  # differs from gamma's plugin.json (MKT011)
    files: dict = {".claude-plugin/marketplace.json": {"name": "market", "owner": {"name": "O"}, "plugins": entries}}
    for n in ("alpha", "beta", "gamma", "delta"):
        files.update(plugin_files(n))
    files["plugins/delta/inner/.claude-plugin/plugin.json"] = {"name": "inner", "version": "1.0.0"}
    files["plugins/delta/inner/commands/hello.md"] = "---\ndescription: Inner hello\n---\nHi\n"
    files["extras/omega/.claude-plugin/plugin.json"] = {"name": "omega", "version": "1.0.0"}
    files["extras/omega/commands/hello.md"] = "---\ndescription: Omega hello\n---\nHi\n"
    files["plugins/gamma/commands/args.md"] = CMD006_BODY.format(comment="<!-- plugin-tui: ignore CMD006 -->\n")
    files["plugins/gamma/commands/args2.md"] = CMD006_BODY.format(comment="")
    guards = [f"plugins/{n}/hooks/guard.sh" for n in ("alpha", "beta", "gamma", "delta")]
    write_tree(root, files, executable=guards)
    return root


def _market_json(root: Path) -> dict:
    return json.loads((root / ".claude-plugin/marketplace.json").read_text())


def _set_market(root: Path, data: dict) -> None:
    (root / ".claude-plugin/marketplace.json").write_text(json.dumps(data, indent=2))


def _rename_in_manifest(root: Path) -> None:
    p = root / "plugins/gamma/.claude-plugin/plugin.json"
    p.write_text(p.read_text().replace('"gamma"', '"gamma-two"'))


def _rename_entry(root: Path) -> None:
    data = _market_json(root)
    data["plugins"][1]["name"] = "beta-renamed"
    _set_market(root, data)


def _market_rewrite_same_stamp(root: Path) -> None:
    """The entry's version changes, and size and mtime stay what they were (only content digests see it)."""
    rewrite_keeping_stamp(root / ".claude-plugin/marketplace.json", '"2.0.0"', '"1.0.0"')


def _add_plugin(root: Path) -> None:
    from tests.unit.test_session import plugin_files

    write_tree(root, plugin_files("epsilon"))
    data = _market_json(root)
    data["plugins"].append({"name": "epsilon", "source": "./plugins/epsilon"})
    _set_market(root, data)


def _remove_entry(root: Path) -> None:  # the folder stays: a plugin not listed
    data = _market_json(root)
    del data["plugins"][0]
    _set_market(root, data)


def _remove_folder(root: Path) -> None:  # the entry stays: its folder is missing (MKT013)
    import shutil

    shutil.rmtree(root / "plugins/beta")


def _new_unlisted_plugin(root: Path) -> None:
    write_tree(root, {"extras/zeta/.claude-plugin/plugin.json": {"name": "zeta"}})


def _edit_nested(root: Path) -> None:
    (root / "plugins/delta/inner/commands/hello.md").write_text("---\ndescription: [broken\n---\nHi\n")


def _silence_args2(root: Path) -> None:
    (root / "plugins/gamma/commands/args2.md").write_text(
        CMD006_BODY.format(comment="<!-- plugin-tui: ignore CMD006 -->\n")
    )


def _chmod_a_script(root: Path) -> None:
    os.chmod(root / "plugins/gamma/hooks/guard.sh", 0o644)


def _dangling_link(root: Path) -> None:  # FILE011, a project rule: the tree's shape changed
    os.symlink("missing.md", root / "plugins/gamma/commands/gone.md")


def _odd_name(root: Path) -> None:  # FILE012
    write_tree(root, {"plugins/alpha/agents/odd\u202ename.md": "---\nname: odd\n---\n"})


def _entry_folder_renamed(root: Path) -> None:  # MKT013: the entry's folder is gone, another appeared
    os.replace(root / "plugins/gamma", root / "plugins/gamma-2")


def _plugin_in_a_plugin(root: Path) -> None:  # beta now holds a plugin folder: neither is left unloaded
    write_tree(root, {"plugins/beta/sub/.claude-plugin/plugin.json": {"name": "sub"}})


def _alpha_command(root: Path) -> None:
    (root / "plugins/alpha/commands/hello.md").write_text("---\ndescription: [broken\n---\nbody\n")


CROSS_EDITS = [
    _alpha_command,
    _rename_in_manifest,
    _rename_entry,
    _market_rewrite_same_stamp,
    _add_plugin,
    _remove_entry,
    _remove_folder,
    _new_unlisted_plugin,
    _edit_nested,
    _silence_args2,
    _chmod_a_script,
    _dangling_link,
    _odd_name,
    _entry_folder_renamed,
    _plugin_in_a_plugin,
]


@pytest.fixture
def wide(tmp_path) -> Path:
    return make_wide(tmp_path / "w")


def _loaded_folders(monkeypatch) -> list[str]:
    from tui.core.model import loader as loader_mod

    seen: list[str] = []
    real = loader_mod._load_plugin

    def spy(reader, rel, entry):
        seen.append(rel)
        return real(reader, rel, entry)

    monkeypatch.setattr(loader_mod, "_load_plugin", spy)
    return seen


def test_after_one_edit_only_the_changed_plugins_are_loaded(wide, cache, monkeypatch):
    want = fresh(wide)
    codes = [(i[0], i[3]) for i, _h, _f in want]
    assert ("CMD006", "plugins/gamma/commands/args2.md") in codes  # the finding not silenced
    assert ("CMD006", "plugins/gamma/commands/args.md") not in codes  # the one silenced
    assert run(wide, cache)[0] == want
    _alpha_command(wide)
    seen = _loaded_folders(monkeypatch)
    got, hit, project = run(wide, cache)
    loaded = sorted(seen)
    assert not hit and got == fresh(wide)
    # the changed plugin, and the plugins nested in one another (their rules read each other's files)
    assert loaded == ["plugins/alpha", "plugins/delta", "plugins/delta/inner"]
    assert [p.rel for p in project.plugins] == [p.rel for p in load(wide).plugins]


@pytest.mark.parametrize("change", CROSS_EDITS, ids=lambda f: f.__name__.strip("_"))
def test_an_edit_other_plugins_see_gives_a_fresh_checks_findings(wide, cache, change):
    assert run(wide, cache)[0] == fresh(wide)
    change(wide)
    got, hit, _ = run(wide, cache)
    assert not hit and got == fresh(wide)
    _alpha_command(wide)  # and the state it left goes on
    (wide / "plugins/alpha/agents/reviewer.md").write_text("---\nname: reviewer\n---\nx\n")
    got, hit, _ = run(wide, cache)
    assert not hit and got == fresh(wide)


def test_every_edit_in_turn_gives_a_fresh_checks_findings(wide, cache):
    run(wide, cache)
    for change in CROSS_EDITS:
        change(wide)
        got, hit, _ = run(wide, cache)
        assert got == fresh(wide), change.__name__


def test_project_and_marketplace_rules_are_those_whose_results_resume_may_reuse():
    """Session._cross_clean reuses the last results of the project and marketplace rules while the tree's shape,
    marketplace.json, every plugin manifest, every plugin's name and entry, and the files they read through
    ctx.file are the same: what these rules read. A new one must read nothing else (or _cross_clean must learn
    what it reads) before it is added here."""
    from tui.core.lint.registry import all_rules

    cross = sorted(r.code for r in all_rules() if r.target in ("project", "marketplace"))
    assert cross == ["FILE001", "FILE011", "FILE012", "INS001"] + [f"MKT{i:03d}" for i in range(1, 18)]


def test_resume_reuses_the_marketplace_rules_until_a_manifest_changes(wide, cache, monkeypatch):
    from tui.core.lint import session as session_mod

    run(wide, cache)
    calls = []
    real_run_rule = session_mod.run_rule

    def spy(rule, ctx, target, plugin):
        calls.append(rule.code)
        return real_run_rule(rule, ctx, target, plugin)

    monkeypatch.setattr(session_mod, "run_rule", spy)
    _alpha_command(wide)
    got, _hit, _ = run(wide, cache)
    assert got == fresh(wide) and "MKT011" not in calls  # reused
    _rename_in_manifest(wide)
    got, _hit, _ = run(wide, cache)
    assert got == fresh(wide) and "MKT011" in calls  # a manifest changed: run again


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(CROSS_EDITS), min_size=1, max_size=6))
def test_cached_equals_uncached_over_random_cross_edits(changes):
    with tempfile.TemporaryDirectory() as tmp:
        root = make_wide(Path(tmp) / "w")
        c = ResultCache(Path(tmp) / "cache")
        run(root, c)
        for change in changes:
            try:
                change(root)
            except (OSError, IndexError):  # an edit that no longer applies (an earlier one removed or renamed
                continue  # its file, or removed the marketplace entry it changes)
            assert run(root, c)[0] == fresh(root), change.__name__
