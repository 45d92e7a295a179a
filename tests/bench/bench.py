#!/usr/bin/env python3
"""plugin-tui benchmarks (a script, not a test): ``python tests/bench/bench.py [--quick] [--repeat N]``.

Prints a table and writes ``tests/bench/results/bench-<time>.json`` (and ``latest.json``; git-ignored).

Measured, each in fresh processes unless said otherwise:

- **full check vs parse floor**, per marketplace of ``../shared/corpus``: ``plugin-tui check ROOT --format json``
  against a process that only walks the root and parses every JSON file and every Markdown frontmatter under
  it (json + the C YAML loader, nothing else). Target: ratio <= 2.
- **reference**: Claude Code's ``claude plugin validate --json`` run once per plugin (it checks one plugin a
  call), when the binary is installed (``/tmp/ref/node_modules/.bin/claude`` or ``claude`` on PATH); sampled
  on ``--ref-max`` plugins per marketplace and scaled to all of them. Target: over 10x slower than us.
- **cold start**: ``plugin-tui check --help`` and a check of a tiny plugin; ``-X importtime`` total, and the
  check path must not import textual (or rich for JSON output).
- **single-file re-check** on wshobson__agents through ``Session.update`` (in this process, on a copy).
  Target: < 30 ms.
- **save-to-report latency** in headless watch mode (``check --watch --format json`` in a subprocess): the
  time from writing a file to reading the next JSON line, over many edits (median, max). Target: median
  well under 200 ms.
- **peak memory**: max RSS of ``check`` on the largest marketplace (``corpus/LARGEST``). Target: < 150 MB.
- **TUI first screen** on wshobson__agents: ``plugin-tui ROOT`` (watching) on a 160x45 pseudo-terminal, from
  the spawn until the header and the first tree labels are drawn, with and without the start-up helper
  (``first_screen.py``, median of ``--tui-runs``). Target: < 1 s.
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
CORPUS = REPO.parent / "shared" / "corpus"
RESULTS = Path(__file__).resolve().parent / "results"
PY = sys.executable
# byte-code is written and used, as in an installed package (the sandbox sets PYTHONDONTWRITEBYTECODE, which made
# every run compile the modules changed since the last compile)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
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


def best(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        ms, p = timed(cmd)
        if p.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} failed: {p.stderr.decode()[-500:]}")
        times.append(ms)
    return min(times)  # the least disturbed run on a shared machine


def marketplaces() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.iterdir() if p.is_dir())


def find_claude() -> str | None:
    for c in (Path("/tmp/ref/node_modules/.bin/claude"),):
        if c.exists():
            return str(c)
    return shutil.which("claude")


# ------------------------------------------------------------------------------------------ measurements


def bench_full_vs_floor(roots: list[Path], repeat: int, claude: str | None, ref_max: int) -> list[dict]:
    from tui.core.model.loader import load

    rows = []
    for root in roots:
        check_ms = best([PY, "-m", "tui", "check", str(root), "--format", "json"], repeat)
        floor_ms = best([PY, "-c", FLOOR_SCRIPT, str(root)], repeat)
        project = load(root)
        row = {
            "corpus": root.name,
            "plugins": len(project.plugins),
            "files": len(project.index.entries),
            "check_ms": round(check_ms, 1),
            "floor_ms": round(floor_ms, 1),
            "ratio": round(check_ms / floor_ms, 2),
        }
        if claude:
            plugs = [p for p in project.plugins if (root / p.rel / ".claude-plugin" / "plugin.json").is_file()]
            sample = plugs[:ref_max] if ref_max else plugs
            if sample:
                t = 0.0
                for p in sample:
                    ms, _ = timed([claude, "plugin", "validate", "--json", str(root / p.rel)], timeout=120)
                    t += ms
                ref_ms = t / len(sample) * len(plugs)
                row.update(
                    ref_ms=round(ref_ms, 1),
                    ref_sampled=f"{len(sample)}/{len(plugs)}",
                    ref_ratio=round(ref_ms / check_ms, 1),
                )
        rows.append(row)
        print(
            f"  {row['corpus']:<44} check {check_ms:8.1f} ms  floor {floor_ms:7.1f} ms  ratio {row['ratio']:5.2f}"
            + (
                f"  ref {row['ref_ms']:9.1f} ms ({row['ref_sampled']}) = {row['ref_ratio']}x" if "ref_ms" in row else ""
            ),
            flush=True,
        )
    return rows


def bench_cold_start(repeat: int) -> dict:
    tiny = Path(tempfile.mkdtemp(prefix="bench-tiny-"))
    (tiny / ".claude-plugin").mkdir()
    (tiny / ".claude-plugin/plugin.json").write_text('{"name": "tiny", "version": "1.0.0"}')
    help_ms = best([PY, "-m", "tui", "check", "--help"], repeat)
    tiny_ms = best([PY, "-m", "tui", "check", str(tiny), "--format", "json"], repeat)
    bare_ms = best([PY, "-c", "pass"], repeat)
    _, p = timed([PY, "-X", "importtime", "-m", "tui", "check", str(tiny), "--format", "json"])
    mods, total_us = {}, 0
    for line in p.stderr.decode().splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = [x.strip() for x in line[len("import time:") :].split("|")]
        if len(parts) == 3 and parts[0].isdigit():
            mods[parts[2].strip()] = int(parts[1])
            total_us += int(parts[0])
    top = sorted(((v, k) for k, v in mods.items() if not k.startswith(" ") and "." not in k.strip()), reverse=True)
    shutil.rmtree(tiny, ignore_errors=True)
    return {
        "help_ms": round(help_ms, 1),
        "tiny_check_ms": round(tiny_ms, 1),
        "python_bare_ms": round(bare_ms, 1),
        "import_total_ms": round(total_us / 1000, 1),
        "imports_textual": any(k.strip().split(".")[0] == "textual" for k in mods),
        "imports_rich": any(k.strip().split(".")[0] == "rich" for k in mods),
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


def bench_memory(root: Path) -> dict:
    code = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    p = subprocess.run(
        [PY, "-c", code, PY, "-m", "tui", "check", str(root), "--format", "json"],
        env=ENV,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    kb = int(p.stdout.strip().splitlines()[-1])
    return {"corpus": root.name, "max_rss_mb": round(kb / 1024, 1)}


# ------------------------------------------------------------------------------------------ main


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per process measurement (the best one counts)")
    ap.add_argument("--quick", action="store_true", help="three marketplaces, fewer edits, one run each")
    ap.add_argument("--edits", type=int, default=40, help="edits for the re-check and latency measurements")
    ap.add_argument("--ref-max", type=int, default=8, help="reference runs per marketplace (0 = every plugin)")
    ap.add_argument("--no-ref", action="store_true", help="skip `claude plugin validate`")
    ap.add_argument("--tui-runs", type=int, default=9, help="explorer starts per variant for the first screen")
    args = ap.parse_args()
    if args.quick:
        args.repeat, args.edits, args.tui_runs = 1, 15, 3
    import compileall

    compileall.compile_dir(str(REPO / "tui"), quiet=1)  # fresh .pyc (git-ignored) for every process measured
    roots = marketplaces()
    if not roots:
        print(f"no corpus at {CORPUS}; nothing to measure")
        return 1
    if args.quick:
        roots = [
            r
            for r in roots
            if r.name in ("wshobson__agents", "anthropics__claude-plugins-official", "obra__superpowers")
        ]
    largest_name = (CORPUS / "LARGEST").read_text().strip() if (CORPUS / "LARGEST").is_file() else "wshobson__agents"
    largest = CORPUS / largest_name
    wsh = CORPUS / "wshobson__agents"
    claude = None if args.no_ref else find_claude()
    out: dict = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
        },
        "reference": claude,
    }

    print("full check vs parse floor (fresh processes, best of %d)" % args.repeat)
    out["full_vs_floor"] = bench_full_vs_floor(roots, args.repeat, claude, args.ref_max)
    print("cold start")
    out["cold_start"] = bench_cold_start(args.repeat)
    print(f"  {out['cold_start']}")
    print("single-file re-check (Session.update)")
    out["single_file"] = bench_single_file(wsh, args.edits)
    print(f"  {out['single_file']}")
    print("save-to-report latency, headless watch")
    out["watch_latency"] = [
        bench_watch_latency(wsh, args.edits),
        bench_watch_latency(REPO / "tui" / "demo" / "plugin", args.edits),
    ]
    for row in out["watch_latency"]:
        print(f"  {row}")
    print("peak memory")
    out["memory"] = bench_memory(largest)
    print(f"  {out['memory']}")
    print("TUI first screen (pty 160x45, alternating with and without the start-up helper)")
    from first_screen import measure as first_screen  # noqa: E402  (beside this script)

    out["first_screen"] = first_screen(wsh, args.tui_runs)
    fs = out["first_screen"]
    print(
        f"  first screen median {fs['preload_first_screen_ms']['median']} ms "
        f"(without helper {fs['no_preload_first_screen_ms']['median']} ms), "
        f"checked median {fs['preload_checked_ms']['median']} ms"
    )

    ff = out["full_vs_floor"]
    worst = max(ff, key=lambda r: r["ratio"])
    refs = [r["ref_ratio"] for r in ff if "ref_ratio" in r]
    targets = {
        "full check <= 2x parse floor": (worst["ratio"] <= 2.0, f"worst {worst['ratio']}x ({worst['corpus']})"),
        "check path does not import textual": (not out["cold_start"]["imports_textual"], ""),
        "single-file re-check < 30 ms": (
            out["single_file"]["median_ms"] < 30,
            f"median {out['single_file']['median_ms']} ms",
        ),
        "save-to-report median < 200 ms": (
            all(r["median_ms"] < 200 for r in out["watch_latency"]),
            ", ".join(f"{r['corpus']}: {r['median_ms']} ms" for r in out["watch_latency"]),
        ),
        "peak memory < 150 MB": (out["memory"]["max_rss_mb"] < 150, f"{out['memory']['max_rss_mb']} MB"),
        "TUI first screen < 1 s (wshobson, median)": (
            (fs["preload_first_screen_ms"]["median"] or 10**9) < 1000,
            f"median {fs['preload_first_screen_ms']['median']} ms, max {fs['preload_first_screen_ms']['max']} ms",
        ),
    }
    if refs:
        targets["> 10x faster than claude plugin validate per plugin"] = (min(refs) > 10, f"min {min(refs)}x")
    out["targets"] = {k: {"met": ok, "detail": d} for k, (ok, d) in targets.items()}

    print("\n%-52s %-5s %s" % ("target", "met", "measured"))
    for k, (ok, d) in targets.items():
        print("%-52s %-5s %s" % (k, "yes" if ok else "NO", d))
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (RESULTS / name).write_text(json.dumps(out, indent=2) + "\n")
    print(f"\nwrote {RESULTS / ('bench-' + stamp + '.json')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
