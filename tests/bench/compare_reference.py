#!/usr/bin/env python3
"""Compare plugin-tui with Claude Code's own validator (`claude plugin validate --json`), file by file.

Usage:
    python tests/bench/compare_reference.py [PATH ...] [--reference BIN] [--jobs N] [--timeout S] [--quiet]

For every folder below PATH (default: ``shared/corpus``) that holds ``.claude-plugin/plugin.json`` or
``.claude-plugin/marketplace.json``, run the reference (with a scratch ``HOME`` and telemetry/network/auto-update
switched off, under a timeout) and ``plugin-tui check --format json`` (default ``official`` profile), then report:

* **misses**: files the reference rejects (has errors on) that plugin-tui does not flag with an error or warning;
* **possible false errors**: files on which plugin-tui reports an *error* while the reference reports no error
  on that file (only files the reference actually examines in that mode are counted; see below).

The reference attaches member-plugin manifest errors to ``marketplace.json`` with a path
``plugins[i] plugin.json → field``; those are mapped back to the member's ``plugin.json``. In marketplace mode the
reference only examines marketplace.json, member plugin.json files and hooks files, so only those count there;
member plugins are also run on their own (plugin mode), where everything counts.

The reference is Claude Code 2.1.332 through ``shared/tools/claude-ref validate`` (a pinned binary with a scratch
``HOME``, offline). Found via ``--reference`` (``claude-ref`` or a ``claude`` binary), ``$PLUGIN_TUI_REFERENCE``,
``shared/tools/claude-ref``, or ``claude-ref`` on PATH. Without it the script prints a message and exits 0.
Results go to ``tests/bench/results/``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
RESULTS = HERE / "results"
CANDIDATES = (str(REPO.parent / "shared" / "tools" / "claude-ref"),)
REF_ENV = {"DISABLE_TELEMETRY": "1", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1", "DISABLE_AUTOUPDATER": "1"}
AREAS = {
    "MAN": "manifest",
    "MKT": "marketplace",
    "PLG": "layout",
    "FILE": "files",
    "CMD": "commands",
    "AGT": "agents",
    "SKL": "skills",
    "STY": "styles",
    "HOOK": "hooks",
    "MCP": "mcp",
    "LSP": "lsp",
    "ENV": "env",
    "SET": "settings",
    "SEC": "security",
    "INT": "internal",
}


def area_of(code: str) -> str:
    m = re.match(r"[A-Z]+", code or "")
    return AREAS.get(m.group(0) if m else "", "other")


def find_reference(explicit: str | None) -> str | None:
    for cand in (explicit, os.environ.get("PLUGIN_TUI_REFERENCE"), *CANDIDATES):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return shutil.which("claude-ref")


def _is_claude_ref(binary: str) -> bool:
    return os.path.basename(binary) == "claude-ref"


def find_targets(paths: list[Path]) -> list[Path]:
    out: set[Path] = set()
    for base in paths:
        base = base.resolve()
        if (base / ".claude-plugin").is_dir():
            out.add(base)
        for dirpath, dirnames, _files in os.walk(base):
            dirnames[:] = [d for d in dirnames if d not in ("node_modules", ".git")]
            if os.path.basename(dirpath) == ".claude-plugin":
                if any(os.path.isfile(os.path.join(dirpath, f)) for f in ("plugin.json", "marketplace.json")):
                    out.add(Path(dirpath).parent)
    return sorted(out)


def run_reference(binary: str, target: Path, timeout: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="ref-home-") as home:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "TMPDIR": home, **REF_ENV}
        if _is_claude_ref(binary):  # it makes its own scratch HOME; its binary sits in the real HOME's cache
            env = {**os.environ, "TMPDIR": home}
            cmd = [binary, "validate", str(target)]
        else:
            cmd = [binary, "plugin", "validate", "--json", str(target)]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env, timeout=timeout, cwd=home)
        except subprocess.TimeoutExpired:
            return {"crashed": "timeout"}
    try:
        data = json.loads(p.stdout)
    except ValueError:
        return {"crashed": f"exit {p.returncode}: {(p.stderr or p.stdout).strip()[:200]}"}
    data["exit"] = p.returncode
    return data


def run_ours(target: Path, timeout: float) -> dict:
    try:
        p = subprocess.run(
            [sys.executable, "-m", "tui", "check", str(target), "--format", "json"],
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
            cwd=str(REPO),
        )
    except subprocess.TimeoutExpired:
        return {"crashed": "timeout"}
    try:
        return json.loads(p.stdout)
    except ValueError:
        return {"crashed": f"exit {p.returncode}: {p.stderr.strip()[-300:]}"}


def _member_manifest(target: Path, index: int) -> str | None:
    try:
        data = json.loads((target / ".claude-plugin" / "marketplace.json").read_text(encoding="utf-8-sig"))
        src = data["plugins"][index]["source"]
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return None
    if not isinstance(src, str):
        return None
    if "/" not in src and not src.startswith("."):
        root = (data.get("metadata") or {}).get("pluginRoot") if isinstance(data.get("metadata"), dict) else None
        if isinstance(root, str):
            src = f"{root}/{src}"
    rel = os.path.normpath(src)
    if rel.startswith(".."):
        return None
    return ".claude-plugin/plugin.json" if rel == "." else f"{rel}/.claude-plugin/plugin.json"


def reference_files(target: Path, ref: dict) -> dict[str, dict]:
    """{rel path: {"errors": [...], "warnings": [...]}} from the reference's JSON."""
    out: dict[str, dict] = {}
    entries = [e for e in [ref.get("manifest"), *(ref.get("contents") or [])] if isinstance(e, dict)]
    for e in entries:
        f = e.get("file") or ""
        try:
            rel = os.path.relpath(f, target) if os.path.isabs(f) else f
        except ValueError:
            rel = f
        rel = rel.replace(os.sep, "/")
        for sev in ("errors", "warnings"):
            for issue in e.get(sev) or []:
                path = str(issue.get("path") or "")
                dest = rel
                m = re.match(r"^plugins\[(\d+)\] plugin\.json", path)
                if m and rel.endswith("marketplace.json"):
                    dest = _member_manifest(target, int(m.group(1))) or rel
                slot = out.setdefault(dest, {"errors": [], "warnings": []})
                slot[sev].append(f"{path}: {issue.get('message', '')}"[:300])
    return out


def in_reference_scope(rel: str, mode: str) -> bool:
    if mode != "marketplace":
        return True
    # member plugin.json files are compared in their own plugin-mode runs (the reference skips some checks, e.g.
    # reserved names, when it sees them through a marketplace)
    return rel.endswith("marketplace.json")


def compare(target: Path, ref: dict, ours: dict, root: Path) -> dict:
    mode = "marketplace" if (target / ".claude-plugin" / "marketplace.json").is_file() else "plugin"
    row = {
        "target": str(target.relative_to(root)) if target.is_relative_to(root) else str(target),
        "mode": mode,
        "misses": [],
        "false_errors": [],
        "ref_error_files": 0,
        "our_error_files": 0,
    }
    if "crashed" in ref:
        row["reference_crashed"] = ref["crashed"]
        return row
    if "crashed" in ours:
        row["ours_crashed"] = ours["crashed"]
        return row
    ref_files = reference_files(target, ref)
    our_files: dict[str, list[dict]] = {}
    for d in ours.get("diagnostics", []):
        our_files.setdefault(d.get("path") or "", []).append(d)
    row["ref_error_files"] = sum(1 for v in ref_files.values() if v["errors"])
    row["our_error_files"] = sum(1 for v in our_files.values() if any(d["severity"] == "error" for d in v))
    for rel, v in sorted(ref_files.items()):
        if not v["errors"]:
            continue
        mine = [d for d in our_files.get(rel, []) if d["severity"] in ("error", "warning")]
        if not mine and rel.endswith("/") is False and os.path.isdir(target / rel):
            prefix = rel.rstrip("/") + "/"
            mine = [
                d
                for p, ds in our_files.items()
                if p.startswith(prefix) or p == rel
                for d in ds
                if d["severity"] in ("error", "warning")
            ]
        if not mine:
            row["misses"].append({"file": rel, "reference": v["errors"][:5]})
    for rel, ds in sorted(our_files.items()):
        errs = [d for d in ds if d["severity"] == "error"]
        if not errs or not in_reference_scope(rel, mode):
            continue
        if ref_files.get(rel, {}).get("errors"):
            continue
        row["false_errors"].append(
            {
                "file": rel,
                "codes": sorted({d["code"] for d in errs}),
                "areas": sorted({area_of(d["code"]) for d in errs}),
                "messages": [f"{d['code']} {d.get('line')}: {d['message']}"[:200] for d in errs[:5]],
                "reference_warnings": ref_files.get(rel, {}).get("warnings", [])[:3],
            }
        )
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--reference")
    ap.add_argument("--jobs", type=int, default=max(2, (os.cpu_count() or 2)))
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--quiet", action="store_true", help="only the summary")
    args = ap.parse_args(argv)

    binary = find_reference(args.reference)
    if binary is None:
        print(
            "compare_reference: the reference validator (shared/tools/claude-ref, Claude Code 2.1.332) is not "
            "found; skipping.\n  pass --reference PATH/claude-ref (or a claude binary)"
        )
        return 0
    paths = args.paths or [CORPUS]
    paths = [p for p in paths if p.exists()]
    if not paths:
        print("compare_reference: nothing to compare (no corpus and no PATH given); skipping.")
        return 0
    root = paths[0].resolve() if len(paths) == 1 else Path("/")
    targets = find_targets(paths)
    t0 = time.monotonic()

    def work(t: Path) -> dict:
        return compare(t, run_reference(binary, t, args.timeout), run_ours(t, args.timeout), root)

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(pool.map(work, targets))
    elapsed = time.monotonic() - t0

    misses = [(r["target"], m) for r in rows for m in r["misses"]]
    false_errors = [(r["target"], f) for r in rows for f in r["false_errors"]]
    crashed = [r for r in rows if "reference_crashed" in r or "ours_crashed" in r]
    by_area: dict[str, int] = {}
    for _t, f in false_errors:
        for a in f["areas"]:
            by_area[a] = by_area.get(a, 0) + 1

    if not args.quiet:
        w = max([len(r["target"]) for r in rows] + [6])
        print(f"{'target':<{w}}  mode         ref-err-files  our-err-files  misses  false-errors")
        for r in rows:
            note = r.get("reference_crashed") or r.get("ours_crashed") or ""
            print(
                f"{r['target']:<{w}}  {r['mode']:<11}  {r['ref_error_files']:>13}  {r['our_error_files']:>13}  "
                f"{len(r['misses']):>6}  {len(r['false_errors']):>12}  {note[:60]}"
            )
        if misses:
            print("\nMISSES (reference rejects, plugin-tui silent):")
            for t, m in misses:
                print(f"  {t}/{m['file']}: {m['reference'][0][:150]}")
        if false_errors:
            print("\nPOSSIBLE FALSE ERRORS (plugin-tui error, reference no error on the file):")
            for t, f in false_errors:
                print(f"  {t}/{f['file']}: {', '.join(f['codes'])} — {f['messages'][0][:140]}")
    print(
        f"\n{len(targets)} targets in {elapsed:.1f}s; misses: {len(misses)}; possible false errors: "
        f"{len(false_errors)} (by area: {json.dumps(by_area, sort_keys=True)}); crashed runs: {len(crashed)}"
    )

    RESULTS.mkdir(parents=True, exist_ok=True)
    out = {
        "reference": binary,
        "targets": len(targets),
        "elapsed_s": round(elapsed, 1),
        "misses": len(misses),
        "false_errors": len(false_errors),
        "false_errors_by_area": by_area,
        "crashed": len(crashed),
        "rows": rows,
    }
    dest = RESULTS / "compare-latest.json"
    dest.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"results written to {dest.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
