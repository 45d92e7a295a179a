""" "Did you mean …?": the one known name that a misspelt name surely meant.

Used by every rule that reports an unknown key or value, and by the fixes that rename it, so that a suggestion
in a message and the fix that applies it always agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any


def edit_distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps)."""
    if a == b:
        return 0
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _norm(s: str) -> str:
    return s.lower().replace("_", "").replace("-", "")


def nearest_key(key: Any, known: Iterable[str], present: Iterable[str] = ()) -> str | None:
    """The one known name that ``key`` surely misspells, or None when it is unclear.

    Surely: the same but for case and ``_``/``-`` (``user_config`` → ``userConfig``), or one or two edits away
    (one for names of up to four characters) with no other candidate as close. A name already ``present`` is
    never suggested (renaming onto it would lose a value).
    """
    known = tuple(known)
    if not isinstance(key, str) or not key or key in known:
        return None
    best = _nearest(key, known)
    return None if best is None or best in set(present) else best


@lru_cache(maxsize=4096)
def _nearest(key: str, known: tuple[str, ...]) -> str | None:
    """The suggestion before ``present`` is considered (the same unknown key comes back in file after file)."""
    same = [k for k in known if _norm(k) == _norm(key)]
    if len(same) == 1:
        return same[0]
    limit = 1 if len(key) <= 4 else 2
    low = key.lower()
    # a name whose length differs by more than the limit is farther than the limit: not scored
    lowered = [(k.lower(), k) for k in known]
    scored = sorted((edit_distance(low, kl), k) for kl, k in lowered if abs(len(kl) - len(low)) <= limit)
    scored = [(d, k) for d, k in scored if d <= limit and d < len(k) // 2 + 1]
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]
