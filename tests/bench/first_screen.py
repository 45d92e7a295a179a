#!/usr/bin/env python3
"""Time to the explorer's first screen, measured from outside as a user sees it (a script, not a test).

``python tests/bench/first_screen.py [ROOT] [--runs N]`` starts ``plugin-tui ROOT`` (watching, as by default) on a
pseudo-terminal of 160x45, as a terminal emulator would, and reads what it draws. Two moments count, from the
spawn of the process (interpreter start-up included):

- **first screen**: the header shows the project's name and the tree shows its first components (their labels
  are taken from the project itself, so this works on any root);
- **checked**: the header shows the totals (``N errors · N warnings · N info``), i.e. every rule has run.

Runs alternate between the default start-up and ``PLUGIN_TUI_PRELOAD=0`` (no helper process loading the
project on another core; ``tui/preload.py``), so the two are compared on the same machine state. A marketplace
starts without the helper either way (its first tree comes from its marketplace.json, ``first_outline``): there
the two columns measure the same start-up twice. The machine is shared and noisy: read medians and the ratio,
not single runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO))

from tests.pty_run import TOTALS, explorer_env, run_in_pty  # noqa: E402


def markers(root: Path, n: int = 3) -> list[str]:
    """Texts the first screen must show: the root's tree label and the labels of its first ``n`` children."""
    from tui.core.model.loader import load
    from tui.widgets.outline import build_outline
    from tui.widgets.tree import KIND_ICON

    outline = build_outline(load(root), ())

    def label(node) -> str:
        icon = KIND_ICON.get(node.kind, "")
        return f"{icon} {node.label}" if icon else node.label

    return [label(outline.root)] + [label(c) for c in outline.root.children[:n]]


def run_once(argv: list[str], env: dict[str, str], want: list[str], cwd: str | None = None) -> dict:
    run = run_in_pty(
        argv,
        env,
        {"shown": lambda t: all(w in t for w in want), "checked": lambda t: TOTALS.search(t) is not None},
        cwd=cwd,
    )
    return {
        key: None if run.times[name] is None else round(run.times[name] * 1000)
        for key, name in (("first_screen_ms", "shown"), ("checked_ms", "checked"))
    }


def measure(
    root: Path, runs: int = 9, cmd: list[str] | None = None, watch: bool = True, against: Path | None = None
) -> dict:
    """``cmd``: how to start the explorer (default: this checkout, ``python -m tui``). ``against``: another
    checkout (an earlier version, ``git worktree add`` or ``git archive``) run by the same interpreter in the same
    rounds, its results under ``against_*`` keys."""
    env = explorer_env()
    if cmd is None:
        cmd = [sys.executable, "-m", "tui"]
        env["PYTHONPATH"] = str(REPO)
    want = markers(root)
    argv = [*cmd, str(root)] + ([] if watch else ["--no-watch"])
    variants = {"preload": env, "no_preload": dict(env, PLUGIN_TUI_PRELOAD="0")}
    if against is not None:
        other = dict(env, PYTHONPATH=str(against))
        variants |= {"against_preload": other, "against_no_preload": dict(other, PLUGIN_TUI_PRELOAD="0")}
    # started from a neutral folder: ``python -m`` puts the working folder first on sys.path, before PYTHONPATH
    samples: dict[str, list[dict]] = {k: [] for k in variants}
    with tempfile.TemporaryDirectory(prefix="plugin-tui-first-screen-") as cwd:
        for venv in variants.values():
            run_once(argv, venv, want, cwd)  # warm-up: byte-code written, files in the page cache
        for _ in range(runs):
            for name, venv in variants.items():
                samples[name].append(run_once(argv, venv, want, cwd))
    out: dict = {"root": root.name, "runs": runs, "terminal": "160x45", "markers": want, "command": argv}
    if against is not None:
        out["against"] = str(against)
    for name, rows in samples.items():
        for key in ("first_screen_ms", "checked_ms"):
            vals = [r[key] for r in rows if r[key] is not None]
            out[f"{name}_{key}"] = {
                "median": round(statistics.median(vals)) if vals else None,
                "min": min(vals, default=None),
                "max": max(vals, default=None),
                "missing": len(rows) - len(vals),
            }
    a, b = out["preload_first_screen_ms"]["median"], out["no_preload_first_screen_ms"]["median"]
    out["first_screen_ratio"] = round(a / b, 2) if a and b else None
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?", default=str(CORPUS / "wshobson__agents"))
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--no-watch", action="store_true", help="start the explorer with --no-watch")
    ap.add_argument(
        "--against",
        default=None,
        help="another checkout of plugin-tui (e.g. the version before a change) to run in the same rounds",
    )
    ap.add_argument(
        "--cmd",
        default=None,
        help="the explorer to start, e.g. a venv's bin/plugin-tui (default: python -m tui from this checkout)",
    )
    args = ap.parse_args()
    root = Path(args.root)
    if not root.is_dir():
        print(f"no such folder: {root}")
        return 1
    against = Path(args.against).resolve() if args.against else None
    res = measure(root, args.runs, args.cmd.split() if args.cmd else None, watch=not args.no_watch, against=against)
    print(f"{res['root']} ({res['runs']} runs each, {res['terminal']}, alternating)")
    names = ("preload", "no_preload") + (("against_preload", "against_no_preload") if against else ())
    for name in names:
        fs, ck = res[f"{name}_first_screen_ms"], res[f"{name}_checked_ms"]
        print(
            f"  {name:<18} first screen median {fs['median']} ms (min {fs['min']}, max {fs['max']})"
            f"   checked median {ck['median']} ms (min {ck['min']}, max {ck['max']})"
        )
    print(f"  preload / no_preload (first screen medians): {res['first_screen_ratio']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
