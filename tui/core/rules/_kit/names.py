"""Plugin and marketplace names: kebab-case, names reserved for Anthropic's own plugins, and the plugin.json fields
Claude Code knows (for "did you mean")."""

from __future__ import annotations

import re
from collections.abc import Iterable

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
