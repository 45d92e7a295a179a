#!/usr/bin/env python3
"""plugin-tui benchmarks (a script, not a test): ``python tests/bench/bench.py [--quick] [--runs N]``.

Prints tables and writes ``tests/bench/results/bench-<time>.json`` (and ``latest.json``; git-ignored).

**Check at every size.** Targets: one small plugin, ``wshobson__agents`` (91 plugins) from ``../shared/corpus``,
and marketplaces of 100, 300, 1,000 and 3,000 plugins built by ``genmarket.py`` from the corpus's plugins
(varied names and paths, a share of planted problems; cached in the temp folder by size and seed). For each
target, in rounds (``--runs``), each round running every tool once in turn, so that all columns see the same
machine state (it is shared and drifts): the medians and their ratios count.

- **floor**: a fresh Python process that walks the tree and parses every JSON file and every Markdown
  frontmatter (json + the C YAML loader), checking nothing;
- **cold**: ``plugin-tui check ROOT --format json`` with an empty result cache (what a first run costs,
  writing the cache included);
- **warm**: the same again with the cache the cold run left (an unchanged tree: pre-commit, CI re-runs);
- **after one edit**: the same after one Markdown component changed since the last run (new text each round, so
  never an exact hit: the cache's incremental state goes on; pre-commit after an edit);
- **agnix**: ``agnix --format json --max-files 0 ROOT`` (Rust; ``pip install agnix``, in the ``bench`` extra),
  when it is installed;
- the cost curve: milliseconds per 1,000 files of the tree for the cold check (it must stay flat), and the
  peak memory (max RSS) of a cold check at each size.

Targets: cold <= 2x floor at every size, <= 1.0x agnix from 91 plugins up, warm <= 1.2x floor, peak memory
<= 150 MB at 3,000 plugins. Also measured (skipped with ``--quick``):

- **cold start**: ``-X importtime`` of a check of a tiny plugin: what it imports (textual, rich, jsonschema must
  not be);
- **single-file re-check** on ``wshobson__agents`` through ``Session.update`` (in this process, on a copy);
- **save-to-report latency** in headless watch mode (``check --watch --format json`` in a subprocess);
- **TUI first screen** at 91 and 1,000 plugins (``first_screen.py``, median of ``--tui-runs``); targets
  <= 1 s and <= 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# ../shared/corpus beside the checkout (a git worktree one level deeper finds it too)
CORPUS = next(
    (p / "shared" / "corpus" for p in (REPO.parent, REPO.parent.parent) if (p / "shared" / "corpus").is_dir()),
    REPO.parent / "shared" / "corpus",
)
RESULTS = Path(__file__).resolve().parent / "results"
PY = sys.executable
# byte-code is written and used, as in an installed package (the sandbox sets PYTHONDONTWRITEBYTECODE, which made
# every run compile the modules changed since the last compile)
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PLUGIN_TUI_CACHE_DIR")}
ENV.update(PYTHONPATH=str(REPO), NO_COLOR="1")

sys.path.insert(0, str(REPO))

FLOOR_SCRIPT = r"""
import json, os, sys
import yaml
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SKIP = {".git", "node_modules", ".hg", ".svn", "__pycache__", ".venv", "venv", ".tox"}
root = sys.argv[1]
n = 0
for dirpath, dirnames, filenames in os.walk(root):
    dirnames[:] = [d for d in dirnames if d not in SKIP]
    for name in filenames:
        low = name.lower()
        if not low.endswith((".json", ".md")):
            continue
        p = os.path.join(dirpath, name)
        try:
            with open(p, "rb") as f:
                data = f.read(1024 * 1024 + 1)
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        n += 1
        if low.endswith(".json"):
            try:
                json.loads(text)
            except ValueError:
                pass
        elif text.startswith("---"):
            lines = text.split("\n")
            for i in range(1, len(lines)):
                if lines[i].rstrip() == "---":
                    try:
                        yaml.load("\n".join(lines[1:i]), Loader=Loader)
                    except yaml.YAMLError:
                        pass
                    break
print(n)
"""


def timed(cmd: list[str], **kw) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, env=ENV, cwd=REPO, **kw)
    return (time.perf_counter() - t0) * 1000, p


def marketplaces() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.iterdir() if p.is_dir())


def find_agnix() -> str | None:
    here = Path(PY).parent / "agnix"
    return str(here) if here.exists() else shutil.which("agnix")


def tiny_plugin() -> Path:
    tiny = Path(tempfile.gettempdir()) / "plugin-tui-bench" / "tiny"
    (tiny / ".claude-plugin").mkdir(parents=True, exist_ok=True)
    (tiny / ".claude-plugin/plugin.json").write_text('{"name": "tiny", "version": "1.0.0"}\n')
    return tiny


def generated(n: int, seed: int = 0) -> Path:
    """The generated marketplace of ``n`` plugins (built once per size and seed, kept in the temp folder)."""
    from genmarket import build  # beside this script

    out = Path(tempfile.gettempdir()) / "plugin-tui-bench" / f"market-{n}-seed{seed}"
    done = out.parent / f"market-{n}-seed{seed}.json"
    if not (done.is_file() and out.is_dir()):
        print(f"  building a marketplace of {n} plugins in {out} …", flush=True)
        info = build(n, out, seed=seed)
        done.write_text(json.dumps(info))
    return out


def edit_target(root: Path) -> Path | None:
    """A Markdown component to edit between the rounds of the "after one edit" column (the first, sorted)."""
    for pattern in ("**/commands/*.md", "**/agents/*.md", "**/skills/*/SKILL.md", "**/*.md"):
        found = sorted(p for p in root.glob(pattern) if p.is_file() and not p.is_symlink())
        if found:
            return found[0]
    return None


def count_files(root: Path) -> int:
    skip = {".git", "node_modules", ".hg", ".svn", "__pycache__", ".venv", "venv", ".tox"}
    n = 0
    for _dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in skip]
        n += len(filenames)
    return n


def _run_ms(cmd: list[str], env: dict | None = None, cwd: Path = REPO) -> float:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or ENV, cwd=cwd)
    ms = (time.perf_counter() - t0) * 1000
    if p.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.decode()[-500:]}")
    return ms


def max_rss_mb(cmd: list[str], env: dict) -> float:
    code = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    p = subprocess.run([PY, "-c", code, *cmd], env=env, cwd=REPO, capture_output=True, text=True)
    return round(int(p.stdout.strip().splitlines()[-1]) / 1024, 1)


def bench_sizes(targets: list[tuple[str, Path]], runs: int, agnix: str | None) -> list[dict]:
    """Floor, cold, warm and agnix on every target, alternating within each round; medians and ratios."""
    rows = []
    for label, root in targets:
        files = count_files(root)
        cache_root = Path(tempfile.mkdtemp(prefix="bench-cache-"))
        check = [PY, "-m", "tui", "check", str(root), "--format", "json"]
        tools: dict[str, tuple[list[str], dict | None]] = {
            "floor": ([PY, "-c", FLOOR_SCRIPT, str(root)], None),
            "cold": (check, None),
            "warm": (check, dict(ENV, PLUGIN_TUI_CACHE_DIR=str(cache_root / "warm"))),
        }
        if agnix:
            tools["agnix"] = ([agnix, "--format", "json", "--max-files", "0", str(root)], None)
        _run_ms(check, tools["warm"][1])  # fills the warm cache (and the page cache)
        edited_env = dict(ENV, PLUGIN_TUI_CACHE_DIR=str(cache_root / "edited"))
        _run_ms(check, edited_env)
        target = edit_target(root)
        original = target.read_bytes() if target else b""
        samples: dict[str, list[float]] = {k: [] for k in tools}
        samples["edited"] = []
        try:
            for i in range(runs):
                for name, (cmd, env) in tools.items():
                    if name == "cold":  # an empty cache every time: a first run, writing included
                        env = dict(ENV, PLUGIN_TUI_CACHE_DIR=str(cache_root / f"cold-{i}"))
                    samples[name].append(_run_ms(cmd, env))
                if target:  # one file edited since the last run (new text every round: never an exact hit)
                    target.write_bytes(original + f"\n<!-- bench edit {i} -->\n".encode())
                    samples["edited"].append(_run_ms(check, edited_env))
                    target.write_bytes(original)  # the other columns check the tree as it was
        finally:
            if target:
                target.write_bytes(original)
        if not samples["edited"]:
            del samples["edited"]
        med = {k: statistics.median(v) for k, v in samples.items()}
        rss = max_rss_mb(check + ["--no-cache"], ENV)
        shutil.rmtree(cache_root, ignore_errors=True)
        row = {
            "target": label,
            "files": files,
            "runs": runs,
            **{f"{k}_ms": round(v, 1) for k, v in med.items()},
            "cold_vs_floor": round(med["cold"] / med["floor"], 2),
            "warm_vs_floor": round(med["warm"] / med["floor"], 2),
            **({"edited_vs_floor": round(med["edited"] / med["floor"], 2)} if "edited" in med else {}),
            "cold_ms_per_1000_files": round(med["cold"] / max(files, 1) * 1000, 1),
            "max_rss_mb": rss,
            "samples_ms": {k: [round(x) for x in v] for k, v in samples.items()},
        }
        if "agnix" in med:
            row["cold_vs_agnix"] = round(med["cold"] / med["agnix"], 2)
        rows.append(row)
        print(
            f"  {label:<22} {files:>6} files  floor {med['floor']:7.0f}  cold {med['cold']:7.0f} "
            f"({row['cold_vs_floor']:.2f}x)  warm {med['warm']:6.0f} ({row['warm_vs_floor']:.2f}x)"
            + (f"  edited {med['edited']:6.0f} ({row['edited_vs_floor']:.2f}x)" if "edited" in med else "")
            + (f"  agnix {med['agnix']:7.0f} (cold/agnix {row['cold_vs_agnix']:.2f})" if "agnix" in med else "")
            + f"  {row['cold_ms_per_1000_files']:.0f} ms/1k files  {rss} MB",
            flush=True,
        )
    return rows


def table(rows: list[dict]) -> str:
    """The Markdown table the README quotes."""
    agnix = any("agnix_ms" in r for r in rows)
    head = "| target | files | floor | cold check | cold / floor | warm (cached) | warm / floor | after one edit |"
    head += " agnix | cold / agnix |" if agnix else ""
    head += " cold ms per 1k files | peak memory |"
    out = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        line = (
            f"| {r['target']} | {r['files']:,} | {r['floor_ms']:,.0f} ms | {r['cold_ms']:,.0f} ms | "
            f"{r['cold_vs_floor']:.2f}× | {r['warm_ms']:,.0f} ms | {r['warm_vs_floor']:.2f}× |"
            + (f" {r['edited_ms']:,.0f} ms ({r['edited_vs_floor']:.2f}×) |" if "edited_ms" in r else " — |")
        )
        if agnix:
            line += f" {r['agnix_ms']:,.0f} ms | {r['cold_vs_agnix']:.2f}× |" if "agnix_ms" in r else " — | — |"
        per_k = f"{r['cold_ms_per_1000_files']:.0f} ms" if r["files"] >= 100 else "—"
        line += f" {per_k} | {r['max_rss_mb']:.0f} MB |"
        out.append(line)
    return "\n".join(out)


def bench_cold_start(repeat: int) -> dict:
    tiny = tiny_plugin()
    cmds = {
        "bare": [PY, "-c", "pass"],
        "help": [PY, "-m", "tui", "check", "--help"],
        "tiny": [PY, "-m", "tui", "check", str(tiny), "--format", "json", "--no-cache"],
    }
    samples: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(max(repeat, 5)):  # alternating rounds; medians
        for k, cmd in cmds.items():
            samples[k].append(_run_ms(cmd))
    help_ms, tiny_ms, bare_ms = (statistics.median(samples[k]) for k in ("help", "tiny", "bare"))
    _, p = timed([PY, "-X", "importtime", "-m", "tui", "check", str(tiny), "--format", "json", "--no-cache"])
    mods, total_us = {}, 0
    for line in p.stderr.decode().splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = [x.strip() for x in line[len("import time:") :].split("|")]
        if len(parts) == 3 and parts[0].isdigit():
            mods[parts[2].strip()] = int(parts[1])
            total_us += int(parts[0])
    top = sorted(((v, k) for k, v in mods.items() if not k.startswith(" ") and "." not in k.strip()), reverse=True)
    return {
        "help_ms": round(help_ms, 1),
        "tiny_check_ms": round(tiny_ms, 1),
        "python_bare_ms": round(bare_ms, 1),
        "import_total_ms": round(total_us / 1000, 1),
        "imports_textual": any(k.strip().split(".")[0] == "textual" for k in mods),
        "imports_rich": any(k.strip().split(".")[0] == "rich" for k in mods),
        "imports_jsonschema": any(k.strip().split(".")[0] == "jsonschema" for k in mods),
        "top_imports_ms": [(k.strip(), round(v / 1000, 1)) for v, k in top[:8]],
    }


def _copy(src: Path) -> Path:
    dst = Path(tempfile.mkdtemp(prefix="bench-")) / src.name
    shutil.copytree(src, dst, symlinks=True)  # copy2 keeps mtimes: the parse cache can trust them
    return dst


def bench_single_file(root: Path, edits: int) -> dict:
    from tui.core.lint.config import Config
    from tui.core.lint.session import Session

    work = _copy(root)
    try:
        s = Session(work, Config(), {})
        t0 = time.perf_counter()
        s.full()
        full_ms = (time.perf_counter() - t0) * 1000
        agents = sorted(work.glob("plugins/*/agents/*.md"))
        target = agents[len(agents) // 2]
        rel = target.relative_to(work).as_posix()
        original = target.read_text()
        times = []
        for i in range(edits):
            target.write_text(original if i % 2 else original.replace("description:", "description: [edited]", 1))
            r = s.update({rel})
            times.append(r.elapsed_ms)
        return {
            "corpus": root.name,
            "file": rel,
            "full_ms": round(full_ms, 1),
            "edits": edits,
            "median_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1),
            "min_ms": round(min(times), 1),
            "groups_rerun": r.reran,
            "groups_reused": r.reused,
        }
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)


def bench_watch_latency(root: Path, edits: int) -> dict:
    work = _copy(root)
    proc = subprocess.Popen(
        [PY, "-m", "tui", "check", str(work), "--watch", "--format", "json"],
        cwd=REPO,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue = queue.Queue()

    def pump():
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.put((time.perf_counter(), line))
        lines.put((time.perf_counter(), None))

    threading.Thread(target=pump, daemon=True).start()
    try:
        lines.get(timeout=120)  # the first report
        md = (
            sorted(work.glob("plugins/*/agents/*.md"))
            or sorted(work.glob("agents/*.md"))
            or sorted(work.glob("**/*.md"))
        )
        target = md[len(md) // 2]
        original = target.read_text()
        lat = []
        for i in range(edits):
            time.sleep(0.15)  # let the previous report settle; not part of the measurement
            t0 = time.perf_counter()
            target.write_text(original if i % 2 else original.replace("description:", "description: [edited]", 1))
            t1, line = lines.get(timeout=60)
            if line is None:
                raise SystemExit("watcher exited")
            lat.append((t1 - t0) * 1000)
        return {
            "corpus": root.name,
            "edits": edits,
            "median_ms": round(statistics.median(lat), 1),
            "max_ms": round(max(lat), 1),
            "min_ms": round(min(lat), 1),
        }
    finally:
        proc.send_signal(2)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(work.parent, ignore_errors=True)


# ------------------------------------------------------------------------------------------ main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="rounds per target (medians count)")
    ap.add_argument("--quick", action="store_true", help="sizes up to 1,000, three rounds, no extra measurements")
    ap.add_argument("--sizes", default="100,300,1000,3000", help="generated marketplace sizes")
    ap.add_argument("--corpus", action="store_true", help="also every marketplace of ../shared/corpus")
    ap.add_argument("--edits", type=int, default=40, help="edits for the re-check and latency measurements")
    ap.add_argument("--tui-runs", type=int, default=7, help="explorer starts per variant for the first screen")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    if args.quick:
        args.runs, sizes = 3, [n for n in sizes if n <= 1000]
    import compileall

    compileall.compile_dir(str(REPO / "tui"), quiet=1)  # fresh .pyc (git-ignored) for every process measured
    wsh = CORPUS / "wshobson__agents"
    if not wsh.is_dir():
        print(f"no corpus at {CORPUS}; nothing to measure")
        return 1
    agnix = find_agnix()
    out: dict = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
        },
        "agnix": agnix and subprocess.run([agnix, "--version"], capture_output=True, text=True).stdout.strip(),
    }
    targets = [("1 small plugin", tiny_plugin()), ("wshobson (91 plugins)", wsh)]
    targets += [(f"{n:,} plugins (generated)", generated(n)) for n in sizes]
    if args.corpus:
        targets += [(p.name, p) for p in marketplaces() if p != wsh]
    print(f"check at every size: medians of {args.runs} alternating rounds (ms)" + ("" if agnix else "; no agnix"))
    rows = out["sizes"] = bench_sizes(targets, args.runs, agnix)
    print()
    print(table(rows))
    if not args.quick:
        print("cold start")
        out["cold_start"] = bench_cold_start(args.runs)
        print(f"  {out['cold_start']}")
        print("single-file re-check (Session.update)")
        out["single_file"] = bench_single_file(wsh, args.edits)
        print(f"  {out['single_file']}")
        print("save-to-report latency, headless watch")
        out["watch_latency"] = [bench_watch_latency(wsh, args.edits)]
        for row in out["watch_latency"]:
            print(f"  {row}")
        print("TUI first screen (pty 160x45, alternating with and without the start-up helper)")
        from first_screen import measure as first_screen  # noqa: E402  (beside this script)

        out["first_screen"] = []
        for label, root in [("wshobson (91 plugins)", wsh)] + [
            (f"{n:,} plugins (generated)", generated(n)) for n in sizes if n == 1000
        ]:
            fs = first_screen(root, args.tui_runs)
            fs["target"] = label
            out["first_screen"].append(fs)
            print(
                f"  {label}: first screen median {fs['preload_first_screen_ms']['median']} ms "
                f"(without helper {fs['no_preload_first_screen_ms']['median']} ms), "
                f"checked median {fs['preload_checked_ms']['median']} ms"
            )

    by = {r["target"]: r for r in rows}
    multi = [r for r in rows if r["target"] != "1 small plugin"]
    goals: dict[str, tuple[bool, str]] = {
        "cold check <= 2x floor": (
            all(r["cold_vs_floor"] <= 2.0 for r in rows),
            ", ".join(f"{r['target']}: {r['cold_vs_floor']}x" for r in rows),
        ),
        "warm (cached) check <= 1.2x floor": (
            all(r["warm_vs_floor"] <= 1.2 for r in rows),
            ", ".join(f"{r['target']}: {r['warm_vs_floor']}x" for r in rows),
        ),
        "check after one edit <= 1.2x floor": (
            all(r["edited_vs_floor"] <= 1.2 for r in rows if "edited_vs_floor" in r),
            ", ".join(f"{r['target']}: {r['edited_vs_floor']}x" for r in rows if "edited_vs_floor" in r),
        ),
        "time per file flat (generated sizes)": (
            True,
            ", ".join(
                f"{r['target']}: {r['cold_ms_per_1000_files']} ms/1k" for r in rows if "generated" in r["target"]
            ),
        ),
    }
    if agnix:
        goals["cold check <= 1.0x agnix (91 plugins and up)"] = (
            all(r.get("cold_vs_agnix", 9) <= 1.0 for r in multi),
            ", ".join(f"{r['target']}: {r.get('cold_vs_agnix')}x" for r in multi),
        )
    big = by.get("3,000 plugins (generated)")
    if big:
        goals["peak memory <= 150 MB at 3,000 plugins"] = (big["max_rss_mb"] <= 150, f"{big['max_rss_mb']} MB")
    for fs in out.get("first_screen", []):
        limit = 1000 if fs["target"].startswith("wshobson") else 1500
        med = fs["preload_first_screen_ms"]["median"] or 10**9
        goals[f"TUI first screen <= {limit / 1000:g} s ({fs['target']})"] = (med <= limit, f"median {med} ms")
    if "cold_start" in out:
        cs = out["cold_start"]
        goals["check imports no textual, rich or jsonschema"] = (
            not (cs["imports_textual"] or cs["imports_rich"] or cs["imports_jsonschema"]),
            f"imports {cs['import_total_ms']} ms",
        )
    out["goals"] = {k: {"met": ok, "detail": d} for k, (ok, d) in goals.items()}
    print("\n%-48s %-5s %s" % ("goal", "met", "measured"))
    for k, (ok, d) in goals.items():
        print("%-48s %-5s %s" % (k, "yes" if ok else "NO", d))
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (RESULTS / name).write_text(json.dumps(out, indent=2) + "\n")
    print(f"\nwrote {RESULTS / ('bench-' + stamp + '.json')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
