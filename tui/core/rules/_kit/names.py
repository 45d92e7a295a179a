"""Plugin and marketplace names: kebab-case (and the name a fix writes), names reserved for Anthropic's own plugins,
the plugin.json fields Claude Code knows (for "did you mean"), and the author e-mail check that plugin.json and
marketplace entries share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from ...base.suggest import nearest_key

KNOWN_FIELDS = (
    "$schema name displayName version description author homepage repository license keywords defaultEnabled "
    "dependencies metadata network engines experimental binaries commands agents skills hooks mcpServers lspServers "
    "outputStyles themes workflows monitors settings userConfig channels types icon screenshots privacyPolicyUrl "
    "privacy_policy privacyPolicy supportUrl support bugs termsOfServiceUrl terms_of_service documentationUrl docs "
    "classification"
).split()
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_EXACT = {"claude", "anthropic", "anthropics", "claude-code", "claude-mods"}
RESERVED_PREFIX = ("claude-", "anthropic-", "anthropics-", "cc-plugin-")


def is_reserved(name: str) -> bool:
    low = name.lower()
    if low in RESERVED_EXACT or low.startswith(RESERVED_PREFIX):
        return True
    return "official" in low and ("claude" in low or "anthropic" in low)


def kebab_note(name: str) -> str:
    if any(c in name for c in "@:/"):
        return (
            f"name {name!r} is not kebab-case; Claude Code refuses names with '@', ':' or '/' when the plugin is "
            "installed (it only loads by path)"
        )
    if not name.isascii():
        return f"name {name!r} is not kebab-case; a non-ASCII name cannot be installed from a marketplace"
    return f"name {name!r} is not kebab-case"


def to_kebab(name: str) -> str:
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name)
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    return re.sub(r"-{2,}", "-", s) or "my-plugin"


def did_you_mean(key: str, known: Iterable[str] = KNOWN_FIELDS) -> str | None:
    return nearest_key(key, known)


def kebab_name(name: str) -> str | None:
    """The kebab-case name a fix writes for ``name``, or None when there is nothing mechanical to write.

    Control and formatting characters (zero-width, bidirectional) are dropped, whitespace and other separators
    become ``-``, camelCase is split, accents are removed (``Café`` → ``cafe``). None when the result would
    equal ``name``, or when ``name`` holds no ASCII letter or digit, or letters of another script (no guess).
    """
    s = "".join(" " if c.isspace() else c for c in name if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf"))
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    if not s.isascii() or not re.search(r"[A-Za-z0-9]", s):
        return None
    new = to_kebab(s)
    return new if new != name else None


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def author_email_problem(author: Any) -> str | None:
    """Why an ``author`` object's ``email`` is malformed (the same message for plugin.json and marketplace
    entries), or None."""
    e = author.get("email") if isinstance(author, dict) else None
    if isinstance(e, str) and e and not EMAIL.match(e.strip()):
        return f"author.email {e[:60]!r} is not an e-mail address"
    return None
