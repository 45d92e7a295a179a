#!/usr/bin/env python3
"""Build a synthetic marketplace of N plugins from real corpus plugins (a benchmark input, not a test).

``python tests/bench/genmarket.py N OUT [--seed S] [--problems 0.1]`` writes ``OUT/.claude-plugin/marketplace.json``
listing N plugins, each a copy of a real plugin of ``../shared/corpus`` (taken in turn from a seeded shuffle of
every plugin folder there), varied so that no two are the same:

- **names**: ``<donor>-<i>``, in the copy's ``plugin.json`` and in its marketplace entry;
- **paths**: most under ``plugins/<name>``, one in five under ``plugins/<group>/<name>`` (a deeper tree);
- **planted problems**: a share (``--problems``, default 10 %) gets one of a few mutations real authors make
  (an unknown manifest field, a non-semver version, an agent without its description, a ``hooks.json`` without
  its ``"hooks"`` wrapper, a hard-coded home path in a command, a skill whose name is not its folder's, an entry
  whose folder is missing).

The same N and seed give the same tree, byte for byte. ``build()`` is what ``bench.py`` calls.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# ../shared/corpus beside the checkout (a git worktree one level deeper finds it too)
CORPUS = next(
    (p / "shared" / "corpus" for p in (REPO.parent, REPO.parent.parent) if (p / "shared" / "corpus").is_dir()),
    REPO.parent / "shared" / "corpus",
)
SKIP_DIRS = {".git", "node_modules", "__pycache__"}


def donors(corpus: Path = CORPUS) -> list[Path]:
    """Every plugin folder of the corpus (a folder holding ``.claude-plugin/plugin.json``), sorted."""
    out = []
    for manifest in sorted(corpus.glob("**/.claude-plugin/plugin.json")):
        folder = manifest.parent.parent
        if any(part in SKIP_DIRS for part in folder.relative_to(corpus).parts):
            continue
        out.append(folder)
    return out


def _copy_plugin(src: Path, dst: Path) -> None:
    """Copy a plugin folder (symlinks kept as links, modes kept), leaving out a marketplace.json and nested plugins."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = {n for n in names if n in SKIP_DIRS}
        if Path(folder) == src / ".claude-plugin":
            skip |= {n for n in names if n != "plugin.json"}
        for n in names:
            p = Path(folder) / n
            if p.is_dir() and not p.is_symlink() and p != src and (p / ".claude-plugin" / "plugin.json").is_file():
                skip.add(n)  # a nested plugin is a donor of its own
        return skip

    shutil.copytree(src, dst, symlinks=True, ignore=ignore)


def _rewrite_json(path: Path, change) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict):
        return False
    change(data)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return True


# ------------------------------------------------------------------------------------------ planted problems


def _unknown_field(folder: Path, entry: dict, rng: random.Random) -> bool:
    return _rewrite_json(folder / ".claude-plugin/plugin.json", lambda d: d.update(autoUpdate=True))


def _bad_version(folder: Path, entry: dict, rng: random.Random) -> bool:
    return _rewrite_json(folder / ".claude-plugin/plugin.json", lambda d: d.update(version="1.0"))


def _sub_first(folder: Path, pattern: str, regex: str, repl: str) -> bool:
    """Replace the first match of ``regex`` in the first file of ``pattern`` that has one."""
    for md in sorted(folder.glob(pattern)):
        text = md.read_text(encoding="utf-8", errors="replace")
        new = re.sub(regex, repl, text, count=1)
        if new != text:
            md.write_text(new, encoding="utf-8")
            return True
    return False


def _agent_without_description(folder: Path, entry: dict, rng: random.Random) -> bool:
    return _sub_first(folder, "agents/*.md", r"(?m)^description:.*\n(?:[ \t]+.*\n)*", "")


def _unwrapped_hooks(folder: Path, entry: dict, rng: random.Random) -> bool:
    path = folder / "hooks/hooks.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict) or not isinstance(data.get("hooks"), dict):
        return False
    path.write_text(json.dumps(data["hooks"], indent=2) + "\n", encoding="utf-8")
    return True


def _hard_coded_path(folder: Path, entry: dict, rng: random.Random) -> bool:
    for md in sorted(folder.glob("commands/*.md")):
        with md.open("a", encoding="utf-8") as f:
            f.write("\nRun `/Users/alice/work/scripts/check.sh` before you start.\n")
        return True
    return False


def _skill_name_mismatch(folder: Path, entry: dict, rng: random.Random) -> bool:
    return _sub_first(folder, "skills/*/SKILL.md", r"(?m)^name:.*$", "name: renamed-skill")


def _missing_folder(folder: Path, entry: dict, rng: random.Random) -> bool:
    entry["source"] = entry["source"] + "-moved"
    return True


PROBLEMS = [
    _unknown_field,
    _bad_version,
    _agent_without_description,
    _unwrapped_hooks,
    _hard_coded_path,
    _skill_name_mismatch,
    _missing_folder,
]


# ------------------------------------------------------------------------------------------ build


def build(n: int, out: Path, seed: int = 0, problems: float = 0.1, corpus: Path = CORPUS) -> dict:
    """Write a marketplace of ``n`` plugins at ``out`` (replaced if it exists); returns counts."""
    rng = random.Random(seed)
    pool = donors(corpus)
    if not pool:
        raise SystemExit(f"no plugins under {corpus}")
    order = pool[:]
    rng.shuffle(order)
    if out.exists():
        shutil.rmtree(out)
    (out / ".claude-plugin").mkdir(parents=True)
    entries = []
    planted: dict[str, int] = {}
    for i in range(n):
        src = order[i % len(order)]
        base = re.sub(r"[^a-z0-9-]+", "-", src.name.lower()).strip("-") or "plugin"
        name = f"{base}-{i:04d}"
        rel = f"plugins/group-{i % 7}/{name}" if i % 5 == 4 else f"plugins/{name}"
        folder = out / rel
        _copy_plugin(src, folder)
        _rewrite_json(folder / ".claude-plugin/plugin.json", lambda d, name=name: d.update(name=name))
        entry = {"name": name, "source": f"./{rel}", "description": f"Copy {i} of {src.name}"}
        if rng.random() < problems:
            for mutate in rng.sample(PROBLEMS, len(PROBLEMS)):
                if mutate(folder, entry, rng):
                    planted[mutate.__name__.strip("_")] = planted.get(mutate.__name__.strip("_"), 0) + 1
                    break
        entries.append(entry)
    market = {
        "name": f"synthetic-{n}",
        "owner": {"name": "plugin-tui benchmarks"},
        "metadata": {"description": f"{n} plugins varied from the corpus (seed {seed})"},
        "plugins": entries,
    }
    (out / ".claude-plugin/marketplace.json").write_text(json.dumps(market, indent=2) + "\n", encoding="utf-8")
    files = sum(len(fs) for _d, _s, fs in os.walk(out))
    return {"plugins": n, "files": files, "planted": planted, "donors": len(pool)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of plugins")
    ap.add_argument("out", type=Path, help="folder to write (replaced)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--problems", type=float, default=0.1, help="share of plugins with a planted problem")
    args = ap.parse_args()
    print(json.dumps(build(args.n, args.out, args.seed, args.problems)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
