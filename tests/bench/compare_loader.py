#!/usr/bin/env python3
"""Compare what plugin-tui says a plugin loads with what Claude Code itself loads.

Usage:
    python tests/bench/compare_loader.py [PATH ...] [--jobs N] [--refresh] [--quiet] [--oracle-only] [--cached-only]

For every folder below PATH (default: ``../shared/corpus``) that holds ``.claude-plugin/plugin.json`` or
``.claude-plugin/marketplace.json``:

* a plugin folder is loaded by Claude Code with ``claude-ref details DIR`` (``claude --plugin-dir DIR plugin
  details NAME``) and by plugin-tui with ``plugin-tui details DIR --format json`` (the plugin at ``"."``);
* a marketplace folder is added and every local entry installed with ``claude-ref market DIR``, and each
  installed plugin is compared with the plugin of the same entry in ``plugin-tui details DIR --format json``.

Compared, name by name and kind by kind: skills (commands count as skills), agents, hook events, MCP servers,
LSP servers; the always-on token estimate (agreement: within 25 % or 20 tokens; also counted: equal to the
token); and each component's rounded estimate as Claude Code prints it ("< 20", "~120", "~1.2k"), for names that
occur once. Installs that Claude Code refuses are compared with plugin-tui's error-severity findings on that plugin.

``claude-ref`` (``../shared/tools/claude-ref``, a pinned Claude Code run offline) is slow, so its answers are kept
in ``tests/bench/results/oracle/``, keyed by the Claude Code version and a hash of the folder's content;
``--refresh`` asks again, ``--cached-only`` skips the folders that have no kept answer (no claude-ref call at all).
Without claude-ref the script says so and exits 0. It is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


def _shared() -> Path:
    """``../shared`` beside the checkout (a git worktree one level deeper finds it too; PLUGIN_TUI_SHARED wins)."""
    if os.environ.get("PLUGIN_TUI_SHARED"):
        return Path(os.environ["PLUGIN_TUI_SHARED"])
    for base in (REPO.parent, REPO.parent.parent):
        if (base / "shared").is_dir():
            return base / "shared"
    return REPO.parent / "shared"


SHARED = _shared()
CORPUS = SHARED / "corpus"
CLAUDE_REF = SHARED / "tools" / "claude-ref"
RESULTS = HERE / "results"
ORACLE = RESULTS / "oracle"
KINDS = (
    ("Skills", "skills"),
    ("Agents", "agents"),
    ("Hooks", "hooks"),
    ("MCP servers", "mcp_servers"),
    ("LSP servers", "lsp_servers"),
)
SKIP_DIRS = {".git", "node_modules"}


def find_targets(paths: list[Path]) -> list[tuple[Path, str]]:
    """(folder, "plugin" | "marketplace") for every plugin and marketplace folder below the paths."""
    out: set[tuple[Path, str]] = set()
    for base in paths:
        for dirpath, dirnames, filenames in os.walk(base.resolve()):
            dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
            if os.path.basename(dirpath) != ".claude-plugin":
                continue
            folder = Path(dirpath).parent
            if "plugin.json" in filenames:
                out.add((folder, "plugin"))
            if "marketplace.json" in filenames:
                out.add((folder, "marketplace"))
    return sorted(out)


def tree_hash(folder: Path) -> str:
    h = hashlib.sha1()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            p = Path(dirpath) / name
            h.update(str(p.relative_to(folder)).encode())
            try:
                if p.is_symlink():
                    h.update(b"->" + os.readlink(p).encode())
                else:
                    h.update(p.read_bytes())
                    h.update(b"x" if os.access(p, os.X_OK) else b"-")
            except OSError:
                h.update(b"?")
    return h.hexdigest()


def claude_ref_version() -> str:
    return os.environ.get("CLAUDE_REF_VERSION", "2.1.332")


def oracle(folder: Path, mode: str, refresh: bool, timeout: float, cached_only: bool = False) -> dict:
    key = f"{claude_ref_version()}-{mode}-{tree_hash(folder)}"
    cached = ORACLE / f"{key}.json"
    if cached.is_file() and not refresh:
        return json.loads(cached.read_text(encoding="utf-8"))
    if cached_only:
        return {"error": "no kept answer", "uncached": True}
    verb = "details" if mode == "plugin" else "market"
    try:
        p = subprocess.run(
            [sys.executable, str(CLAUDE_REF), verb, str(folder)], capture_output=True, text=True, timeout=timeout
        )
        data = json.loads(p.stdout)
    except subprocess.TimeoutExpired:
        return {"error": f"claude-ref timed out after {timeout:.0f} s"}
    except ValueError:
        return {"error": f"claude-ref printed no JSON: {(p.stderr or p.stdout).strip()[-300:]}"}
    ORACLE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return data


def ours(folder: Path, timeout: float) -> dict:
    try:
        p = subprocess.run(
            [sys.executable, "-m", "tui", "details", str(folder), "--format", "json"],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=str(REPO),
        )
        return json.loads(p.stdout)
    except subprocess.TimeoutExpired:
        return {"error": "timeout"}
    except ValueError:
        return {"error": f"exit {p.returncode}: {p.stderr.strip()[-300:]}"}


def ours_errors(folder: Path, timeout: float) -> dict[str, list[str]]:
    """Error-severity codes per plugin name, from ``check --format json``."""
    try:
        p = subprocess.run(
            [sys.executable, "-m", "tui", "check", str(folder), "--format", "json"],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=str(REPO),
        )
        data = json.loads(p.stdout)
    except (subprocess.TimeoutExpired, ValueError):
        return {}
    out: dict[str, list[str]] = {}
    for d in data.get("diagnostics", []):
        if d.get("severity") == "error":
            out.setdefault(d.get("plugin") or "", []).append(f"{d['code']} {d.get('path')}: {d['message']}"[:160])
    return out


def ref_names(ref: dict, section: str) -> list[str]:
    return list((ref.get("inventory") or {}).get(section, {}).get("names", []))


def tokens_agree(ref_tokens, our_tokens) -> bool | None:
    if not isinstance(ref_tokens, int) or not isinstance(our_tokens, int):
        return None
    return abs(ref_tokens - our_tokens) <= max(20, 0.25 * ref_tokens)


def shown(tokens) -> str:
    """A per-component estimate as Claude Code prints it; claude-ref turns "< 20" into {"below": 20}."""
    if isinstance(tokens, dict):
        return f"< {tokens.get('below')}"
    if not isinstance(tokens, int):
        return "?"
    if tokens < 20:
        return "< 20"
    v = (tokens + 5) // 10 * 10
    if v < 1000:
        return f"~{v}"
    tenths = (v + 50) // 100
    return "~" + f"{tenths // 10}.{tenths % 10}".replace(".0", "") + "k"


def shown_ref(tokens) -> str:
    """claude-ref keeps "~1.2k" as 1200 and "~120" as 120: print those back the same way."""
    if isinstance(tokens, int) and tokens >= 1000:
        return "~" + f"{tokens / 1000:.1f}".replace(".0", "") + "k"
    return shown(tokens) if not isinstance(tokens, int) or tokens < 20 else f"~{tokens}"


def compare_components(ref: dict, mine: dict) -> tuple[int, list[str]]:
    """(components compared, differences) between Claude Code's rounded table and ours, unique names only."""
    names = [n for section in ("Skills", "Agents") for n in ref_names(ref, section)]
    unique = {n for n in names if names.count(n) == 1}
    ours_by = mine.get("components") or {}
    compared, diffs = 0, []
    for name, theirs in (ref.get("components") or {}).items():
        if name not in unique or name not in ours_by:
            continue
        compared += 1
        a = (shown_ref(theirs.get("always_on")), shown_ref(theirs.get("on_invoke")))
        b = (shown(ours_by[name].get("always_on")), shown(ours_by[name].get("on_invoke")))
        if a != b:
            diffs.append(f"{name}: Claude Code {a[0]} / {a[1]}, plugin-tui {b[0]} / {b[1]}")
    return compared, diffs


def compare_plugin(label: str, ref: dict, mine: dict | None) -> dict:
    row: dict = {"plugin": label, "differences": []}
    if mine is None:
        row["differences"].append("plugin-tui lists no such plugin")
        return row
    for section, key in KINDS:
        theirs = sorted(ref_names(ref, section))
        have = sorted((mine.get("inventory") or {}).get(key, []))
        if theirs != have:
            missing = sorted(set(theirs) - set(have))
            extra = sorted(set(have) - set(theirs))
            dupes = "" if missing or extra else f" (counts differ: {theirs} vs {have})"
            row["differences"].append(f"{key}: Claude Code only {missing}, plugin-tui only {extra}{dupes}")
    row["tokens"] = {"claude_code": ref.get("always_on_tokens"), "plugin_tui": mine.get("always_on_tokens")}
    row["tokens_agree"] = tokens_agree(ref.get("always_on_tokens"), mine.get("always_on_tokens"))
    row["components_compared"], row["component_differences"] = compare_components(ref, mine)
    return row


def by_path(details: dict, path: str, name: str | None = None) -> dict | None:
    """Our plugin at that path: the one of that name when several entries share a folder."""
    here = [p for p in details.get("plugins", []) if p.get("path") == path]
    named = [p for p in here if p.get("name") == name]
    if named:
        return named[0]
    return here[0] if len(here) == 1 else None


def entry_name(one: dict) -> str | None:
    """The marketplace entry's name. claude-ref reads the first word of `plugin details` as the name, which is
    the display name's first word when the plugin has one ("Productivity (productivity)"); the install line
    names the entry exactly."""
    m = re.search(r'Installing plugin "(.+?)@ref-market"', one.get("install_output") or "")
    return m.group(1) if m else one.get("name")


def run_target(folder: Path, mode: str, root: Path, args) -> list[dict]:
    label = str(folder.relative_to(root)) if folder.is_relative_to(root) else str(folder)
    ref = oracle(folder, mode, args.refresh, args.timeout, args.cached_only)
    if args.oracle_only:
        return []
    if ref.get("uncached"):
        return [{"target": label, "mode": mode, "plugin": "-", "differences": [], "uncached": True}]
    if "error" in ref and "exit" not in ref:  # claude-ref itself failed (a refused plugin has an exit code)
        return [{"target": label, "mode": mode, "plugin": "-", "differences": [f"claude-ref: {ref['error']}"]}]
    mine = ours(folder, args.timeout)
    if "error" in mine:
        return [{"target": label, "mode": mode, "plugin": "-", "differences": [f"plugin-tui: {mine['error']}"]}]
    rows = []
    if mode == "plugin":
        if ref.get("exit") != 0:
            row = {"plugin": ref.get("asked_for"), "differences": [], "refused": ref.get("error", "")[:200]}
            errs = ours_errors(folder, args.timeout)
            if not any(errs.values()):
                row["differences"].append("Claude Code does not load it; plugin-tui reports no error")
        else:
            row = compare_plugin(
                ref.get("asked_for") or ref.get("name") or "?", ref, by_path(mine, ".", ref.get("asked_for"))
            )
        rows.append(row)
    else:
        entries = _local_entries(folder)
        errs = None
        for one in ref.get("plugins", []):
            one = {**one, "name": entry_name(one)}
            path = entries.get(one.get("name"))
            if one.get("install_exit") != 0 or "error" in one:
                errs = ours_errors(folder, args.timeout) if errs is None else errs
                row = {
                    "plugin": one.get("name"),
                    "differences": [],
                    "refused": (one.get("install_output") or one.get("error") or "")[:200],
                }
                if not errs.get(one.get("name") or ""):
                    row["differences"].append("Claude Code does not install or load it; plugin-tui reports no error")
            else:
                mine_plugin = by_path(mine, path, one.get("name")) if path is not None else None
                row = compare_plugin(one.get("name") or "?", one, mine_plugin)
            rows.append(row)
    for r in rows:
        r["target"], r["mode"] = label, mode
    return rows


def _local_entries(folder: Path) -> dict[str, str]:
    """Entry name → plugin folder relative to the marketplace root (``"."`` for the root), as plugin-tui names it."""
    try:
        doc = json.loads((folder / ".claude-plugin" / "marketplace.json").read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return {}
    root = None
    if isinstance(doc.get("metadata"), dict) and isinstance(doc["metadata"].get("pluginRoot"), str):
        root = doc["metadata"]["pluginRoot"]
    out = {}
    for e in doc.get("plugins") or []:
        if not isinstance(e, dict) or not isinstance(e.get("source"), str):
            continue
        src = e["source"]
        if not src.startswith(".") and "/" not in src and root:
            src = f"{root}/{src}"
        rel = os.path.normpath(src).replace(os.sep, "/")
        out[e.get("name")] = "." if rel in (".", "") else rel
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=3600.0)
    ap.add_argument("--refresh", action="store_true", help="ask Claude Code again instead of using kept answers")
    ap.add_argument("--oracle-only", action="store_true", help="only fill the cache of Claude Code's answers")
    ap.add_argument("--cached-only", action="store_true", help="compare only folders with a kept answer")
    ap.add_argument("--quiet", action="store_true", help="only the summary")
    args = ap.parse_args(argv)
    if not CLAUDE_REF.is_file():
        print(f"compare_loader: {CLAUDE_REF} is not here; skipping.")
        return 0
    paths = [p for p in (args.paths or [CORPUS]) if p.exists()]
    if not paths:
        print("compare_loader: nothing to compare (no corpus and no PATH given); skipping.")
        return 0
    root = paths[0].resolve() if len(paths) == 1 else Path("/")
    targets = find_targets(paths)
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        rows = [r for rs in pool.map(lambda t: run_target(t[0], t[1], root, args), targets) for r in rs]
    elapsed = time.monotonic() - t0
    if args.oracle_only:
        print(f"{len(targets)} targets asked in {elapsed:.0f} s; answers in {ORACLE.relative_to(REPO)}")
        return 0
    uncached = [r for r in rows if r.get("uncached")]
    rows = [r for r in rows if not r.get("uncached")]
    compared = [r for r in rows if "refused" not in r and r["plugin"] != "-"]
    agree = [r for r in compared if not r["differences"]]
    tok = [r for r in compared if r.get("tokens_agree") is not None]
    tok_ok = [r for r in tok if r["tokens_agree"]]
    tok_exact = [r for r in tok if r["tokens"]["claude_code"] == r["tokens"]["plugin_tui"]]
    tok_same_inventory = [r for r in tok if not r["differences"]]
    tok_same_exact = [r for r in tok_same_inventory if r["tokens"]["claude_code"] == r["tokens"]["plugin_tui"]]
    comp_n = sum(r.get("components_compared", 0) for r in compared)
    comp_bad = sum(len(r.get("component_differences", [])) for r in compared)
    refused = [r for r in rows if "refused" in r]
    if not args.quiet:
        for r in rows:
            for d in r["differences"]:
                print(f"DIFF {r['target']} [{r['mode']}] {r['plugin']}: {d}")
            if r.get("tokens_agree") is False:
                t = r["tokens"]
                print(
                    f"TOKENS {r['target']} [{r['mode']}] {r['plugin']}: Claude Code {t['claude_code']}, "
                    f"plugin-tui {t['plugin_tui']}"
                )
            for d in r.get("component_differences", []):
                print(f"COMPONENT {r['target']} [{r['mode']}] {r['plugin']}: {d}")
    print(f"\n{len(targets)} targets, {len(rows)} plugins ({len(refused)} refused by Claude Code) in {elapsed:.0f} s")
    if uncached:
        print(f"skipped {len(uncached)} targets without a kept answer (--cached-only)")
    if compared:
        print(f"inventory agreement: {len(agree)}/{len(compared)} plugins ({100 * len(agree) / len(compared):.1f} %)")
    if tok:
        print(
            f"always-on tokens within 25 % or 20 tokens: {len(tok_ok)}/{len(tok)} "
            f"({100 * len(tok_ok) / len(tok):.1f} %); equal to the token: {len(tok_exact)}/{len(tok)}"
        )
    if tok_same_inventory:
        print(f"  where the inventories agree: equal to the token {len(tok_same_exact)}/{len(tok_same_inventory)}")
    if comp_n:
        print(
            f"per-component rounded estimates equal: {comp_n - comp_bad}/{comp_n} ({100 * (comp_n - comp_bad) / comp_n:.1f} %)"
        )
    refused_missed = [r for r in refused if r["differences"]]
    print(f"refused by Claude Code with no plugin-tui error: {len(refused_missed)}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    dest = RESULTS / "compare-loader-latest.json"
    dest.write_text(
        json.dumps({"claude_code": claude_ref_version(), "targets": len(targets), "rows": rows}, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"results written to {dest.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
