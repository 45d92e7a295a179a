"""What Claude Code will load from each plugin, with its token estimates: the data of ``plugin-tui details``.

Claude Code 2.1.332's ``claude plugin details NAME`` shows, for one installed plugin, its inventory (skills,
with commands counted as skills; agents; hook events; MCP and LSP servers) and a projected token cost. When its
``count_tokens`` API cannot be reached (always, offline) the cost is estimated from characters. This module
computes the same estimate, for every plugin of a folder or marketplace at once, from the model the loader built:
the inventory names are the model's (the loader names things as Claude Code does); nothing here re-derives a
name or a load rule.

How Claude Code 2.1.332 estimates (its ``computePluginTokenCost`` and ``scaleCharsToTokens``), reproduced below:

* Each skill (``SKILL.md``), command and agent file is read (at most 1 MiB, as UTF-8) and split into
  frontmatter and content by the regular expression ``^---\\s*\\n([\\s\\S]*?)---\\s*\\n?`` (after a leading BOM
  is dropped): the block ends at the first ``---`` anywhere, even inside a line.
* Always-on text: ``name``, ``description`` and ``when_to_use`` joined by single spaces, empty parts left out.
  ``description`` is the frontmatter's (a string trimmed, a number or boolean as text, anything else ignored),
  else the content's first non-blank line (a Markdown heading without its ``#``s), cut to 97 characters plus
  ``...`` when over 100. For skills and commands the name is ``<plugin>:<name>`` (characters outside
  ``[A-Za-z0-9_-]`` become ``-``) and description and ``when_to_use`` are sanitized as in the skill listing
  (runs of control and invisible characters become one space, ``<`` and ``>`` become ``&lt;`` and ``&gt;``);
  for agents the bare name and the values as written. ``disable-model-invocation`` does not change it.
* On-invoke text: the content after the frontmatter, trimmed.
* Characters are counted as JavaScript does (UTF-16 code units) and become tokens as ``round(chars / 4)``.
  A plugin's always-on total is ``round(sum of always-on chars / 4)``; the per-component table shows each
  estimate as ``< 20`` below 20, else ``~`` and the value rounded to tens (``~1.2k`` from a thousand on).

``not_loaded`` is the loader's list (``Plugin.not_loaded``) plus what depends on the environment: an MCP server
whose url or command needs a variable that is not set. Values of variables never reach the result, only names.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..base.version import CLAUDE_CODE_VERSION
from ..model.plugin import Component, NotLoaded, Plugin, Project, SourceFile
from ..parse.frontmatter import Frontmatter
from ..parse.frontmatter import split as split_frontmatter

MAX_READ = 1024 * 1024  # Claude Code reads at most this many bytes of a component file


# --------------------------------------------------------------------------------------------------------------
# JavaScript string semantics (lengths are UTF-16 code units; trim() has its own whitespace set)

_JS_WS = frozenset(
    "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)


def js_len(s: str) -> int:
    """``s.length`` in JavaScript: astral characters count twice."""
    return len(s) if s.isascii() else len(s.encode("utf-16-le", "surrogatepass")) // 2


def js_trim(s: str) -> str:
    i, j = 0, len(s)
    while i < j and s[i] in _JS_WS:
        i += 1
    while j > i and s[j - 1] in _JS_WS:
        j -= 1
    return s[i:j]


def _js_prefix(s: str, units: int) -> str:
    """``s.substring(0, units)``: an astral character cut in half leaves its high surrogate."""
    out = []
    n = 0
    for ch in s:
        w = 2 if ord(ch) > 0xFFFF else 1
        if n + w > units:
            if w == 2 and n < units:
                out.append(chr(0xD800 + ((ord(ch) - 0x10000) >> 10)))
            break
        out.append(ch)
        n += w
    return "".join(out)


def _js_number(v: int | float) -> str:
    if isinstance(v, float):
        if v != v:
            return "NaN"
        if v in (float("inf"), float("-inf")):
            return "Infinity" if v > 0 else "-Infinity"
        if v.is_integer() and abs(v) < 1e21:
            return str(int(v))
        return repr(v)
    return str(v)


def js_string(v: Any) -> str:
    """``String(v)`` for the values a YAML parser returns."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return _js_number(v)
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        return ",".join("" if x is None else js_string(x) for x in v)
    if isinstance(v, dict):
        return "[object Object]"
    return str(v)  # dates: YAML 1.2 (Claude Code's parser) keeps them as the text written


# --------------------------------------------------------------------------------------------------------------
# the file as `plugin details` reads it

# Claude Code 2.1.332 `plugin details` splits with this expression (not the line-based split of the loader)
_BLOCK = re.compile(r"---\s*\n([\s\S]*?)---\s*\n?")


def split_like_details(text: str, known: Frontmatter | None = None) -> tuple[dict, str]:
    """(frontmatter mapping, content) as ``plugin details`` splits a component file.

    ``known``: the loader's parse of the same text, reused when its YAML block is the same one.
    """
    stripped = text[1:] if text.startswith("\ufeff") else text
    if stripped.find("---", 3) < 0:
        return {}, text
    m = _BLOCK.match(stripped)
    if m is None:
        return {}, text
    block = m.group(1)
    content = stripped[m.end() :]
    if not block.strip():
        return {}, content
    if known is not None and known.closed and block == known.raw + "\n":
        return (known.data if known.ok and isinstance(known.data, dict) else {}), content
    fm = split_frontmatter("---\n" + block + ("" if block.endswith("\n") else "\n") + "---\n")
    data = fm.data if fm.ok and isinstance(fm.data, dict) else {}
    return data, content


def _read(comp: Component) -> str | None:
    """The component file's text as Claude Code reads it: the model's text, else its first MiB, lossily."""
    sf = comp.file
    if sf is None:
        return None
    if sf.text is not None and len(sf.text) <= MAX_READ:
        return sf.text
    try:
        with open(sf.abs, "rb") as fh:
            data = fh.read(MAX_READ)
    except OSError:
        return None
    return data.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------------------------------------------
# the always-on and on-invoke texts


def description_of(value: Any) -> str | None:
    """Claude Code's reading of a frontmatter ``description``: None when absent, empty or not a scalar."""
    if value is None:
        return None
    if isinstance(value, str):
        return js_trim(value) or None
    if isinstance(value, (bool, int, float)):
        return js_string(value)
    return None


_HEADING = re.compile(
    r"#+[\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+"
    r"([^\t\n\x0b\x0c\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
    r"[^\n\r\u2028\u2029]*)"
)


def first_line_description(content: str, default: str = "Skill") -> str:
    """The fallback description: the first non-blank line, a heading's text without its ``#``s, max 100."""
    for line in content.split("\n"):
        h = js_trim(line)
        if h:
            m = _HEADING.fullmatch(h)
            k = m.group(1) if m else h
            return _js_prefix(k, 97) + "..." if js_len(k) > 100 else k
    return default


# ANSI escape sequences (what Bun.stripANSI removes)
_ANSI = re.compile(
    r"[\x1b\x9b][\[\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\d/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?"
    r"(?:\x07|\x1b\\))|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-nq-uy=><~]))"
)
# default-ignorable and invisible code points Claude Code strips besides the Cc/Cf/Cs/Co/Cn categories
_INVISIBLE_RANGES = (
    (173, 173),
    (847, 847),
    (1564, 1564),
    (4447, 4448),
    (6068, 6069),
    (6155, 6159),
    (8203, 8207),
    (8234, 8238),
    (8288, 8303),
    (12644, 12644),
    (65024, 65039),
    (65279, 65279),
    (65440, 65440),
    (65520, 65531),
    (69759, 69759),
    (78896, 78911),
    (94180, 94180),
    (113824, 113827),
    (119155, 119162),
    (917504, 921599),
    (0x2800, 0x2800),
    (0x2028, 0x2029),
)
_JOINERS = frozenset("\u200c\u200d\ufe0f\U000e007f")
_EMOJI_BLOCKS = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF), (0x2300, 0x23FF), (0x2B00, 0x2BFF), (0x1F1E6, 0x1F1FF))


def _emoji_base(ch: str) -> bool:
    o = ord(ch)
    return (
        any(a <= o <= b for a, b in _EMOJI_BLOCKS)
        or unicodedata.category(ch) == "So"
        or ch in "©®‼⁉™ℹ↔↕↖↗↘↙↩↪⌚⌛Ⓜ▪▫▶◀◻◼◽◾〰〽㊗㊙#*0123456789"
    )


def _stripped_char(ch: str) -> bool:
    """Characters of Claude Code's class ``[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Co}\\p{Cn}\\u2028\\u2029…]``."""
    o = ord(ch)
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Cs", "Co"):
        return True
    if cat == "Cn":  # unassigned in this Python's Unicode; newer emoji are assigned in Claude Code's
        return not any(a <= o <= b for a, b in _EMOJI_BLOCKS)
    return any(a <= o <= b for a, b in _INVISIBLE_RANGES)


def _kept_joiners(s: str) -> set[int]:
    """Positions of joiners and variation selectors inside emoji sequences, which Claude Code keeps.

    Claude Code keeps the characters of every ``\\p{RGI_Emoji}`` match (and of a few Indic and Arabic joiner
    contexts); Python has no such property, so this keeps a joiner, variation selector or tag character that
    follows an emoji-like character (or another kept one). Only run lengths depend on it: a lone invisible
    character becomes one space either way.
    """
    kept: set[int] = set()
    prev_ok = False
    for i, ch in enumerate(s):
        o = ord(ch)
        if ch in _JOINERS or 0xE0020 <= o <= 0xE007F or 0x1F3FB <= o <= 0x1F3FF or o == 0x20E3:
            if prev_ok:
                kept.add(i)
                continue
            prev_ok = False
        else:
            prev_ok = _emoji_base(ch)
    return kept


_ASCII_CONTROLS = re.compile(r"[\x00-\x1f\x7f]+")


def sanitize_listing_text(s: str) -> str:
    """A description as the skill listing shows it: invisible runs become one space, ``<``/``>`` escaped."""
    s = _ANSI.sub("", s)
    if s.isascii():  # the usual case: only C0 controls and DEL are stripped
        return _ASCII_CONTROLS.sub(" ", s).replace("<", "&lt;").replace(">", "&gt;")
    kept = _kept_joiners(s) if js_len(s) <= 4096 and any(ch in _JOINERS for ch in s) else set()
    out: list[str] = []
    in_run = False
    for i, ch in enumerate(s):
        if _stripped_char(ch):
            if i in kept:
                out.append(ch)
            elif not (in_run and out and out[-1] == " "):
                out.append(" ")
            in_run = True
        else:
            out.append(ch)
            in_run = False
    return "".join(out).replace("<", "&lt;").replace(">", "&gt;")


_NAME_CHAR = re.compile(r"[a-zA-Z0-9_-]")


def listing_name(plugin_name: str, name: str) -> str:
    """``<plugin>:<name>`` with every UTF-16 unit outside ``[A-Za-z0-9_-]`` of the name made ``-``."""
    out = []
    for ch in name:
        if _NAME_CHAR.fullmatch(ch):
            out.append(ch)
        else:
            out.append("--" if ord(ch) > 0xFFFF else "-")
    return f"{plugin_name}:{''.join(out)}"


def component_texts(
    text: str | None, name: str, kind: str, plugin_name: str, known: Frontmatter | None = None
) -> tuple[str, str]:
    """(always-on text, on-invoke text) of one skill, command or agent file, as Claude Code builds them."""
    if text is None:
        return "", ""
    fm, content = split_like_details(text, known)
    label = name if kind == "agent" else listing_name(plugin_name, name)
    desc = description_of(fm.get("description"))
    if desc is None:
        desc = first_line_description(content, "Skill")
    when = fm.get("when_to_use")
    when_text = js_string(when) if when is not None else None
    if kind != "agent":
        desc = sanitize_listing_text(desc)
        when_text = sanitize_listing_text(when_text) if when_text is not None else None
    always_on = " ".join(p for p in (label, desc, when_text) if p)
    return always_on, js_trim(content)


# --------------------------------------------------------------------------------------------------------------
# tokens


def chars_to_tokens(chars: int) -> int:
    """Claude Code's offline estimate: ``Math.round(chars / 4)``."""
    return (chars + 2) // 4


def format_estimate(tokens: int) -> str:
    """Claude Code's per-component display: ``< 20``, else ``~`` and the estimate rounded to tens."""
    if tokens < 20:
        return "< 20"
    v = (tokens + 5) // 10 * 10
    if v < 1000:
        return f"~{v}"
    # Intl.NumberFormat("en-US", {notation: "compact", maximumFractionDigits: 1, minimumFractionDigits: 1}),
    # lower-cased, ".0" dropped: 1000 -> "1k", 1250 -> "1.3k" (ties round away from zero)
    for div, suffix in ((10**12, "t"), (10**9, "b"), (10**6, "m"), (1000, "k")):
        tenths = (v * 10 + div // 2) // div
        if tenths >= 10:
            return "~" + f"{tenths // 10}.{tenths % 10}".replace(".0", "") + suffix
    return f"~{v}"  # pragma: no cover


@dataclass(frozen=True, slots=True)
class ComponentCost:
    name: str  # as the inventory names it
    kind: str  # skill | command | agent
    always_on_chars: int
    on_invoke_chars: int
    path: str | None = None

    @property
    def always_on(self) -> int:
        return chars_to_tokens(self.always_on_chars)

    @property
    def on_invoke(self) -> int:
        return chars_to_tokens(self.on_invoke_chars)


# (always-on chars, on-invoke chars) per parsed file: the loader keeps the SourceFile of an unchanged file across
# re-checks, so the explorer's re-check after a save measures only the files that changed
_CHARS: weakref.WeakKeyDictionary[SourceFile, dict[tuple[str, str, str], tuple[int, int]]] = weakref.WeakKeyDictionary()


def component_cost(comp: Component, plugin_name: str) -> ComponentCost:
    kind = comp.KIND
    sf = comp.file
    key = (comp.name, kind, plugin_name)
    memo = _CHARS.get(sf) if sf is not None else None
    chars = memo.get(key) if memo is not None else None
    if chars is None:
        text = _read(comp)
        known = sf.fm if sf is not None and text is sf.text else None
        always_on, on_invoke = component_texts(text, comp.name, kind, plugin_name, known)
        chars = (js_len(always_on), js_len(on_invoke))
        if sf is not None:
            _CHARS.setdefault(sf, {})[key] = chars
    return ComponentCost(comp.name, kind, chars[0], chars[1], comp.rel)


# --------------------------------------------------------------------------------------------------------------
# one plugin


@dataclass(slots=True)
class PluginDetails:
    name: str
    path: str  # relative to the root, "." for the root itself
    version: str | None
    inventory: dict[str, list[str]]
    costs: list[ComponentCost]
    not_loaded: list[NotLoaded] = field(default_factory=list)

    @property
    def always_on_tokens(self) -> int:
        return chars_to_tokens(sum(c.always_on_chars for c in self.costs))

    def cost_of(self, comp: Component) -> ComponentCost | None:
        for c in self.costs:
            if c.kind == comp.KIND and c.name == comp.name and c.path == comp.rel:
                return c
        return None

    def to_json(self) -> dict:
        components: dict[str, dict] = {}
        for c in self.costs:
            key = c.name if c.name not in components else f"{c.name} ({c.kind})"
            n = 2
            while key in components:
                key, n = f"{c.name} ({c.kind} {n})", n + 1
            components[key] = {"kind": c.kind, "always_on": c.always_on, "on_invoke": c.on_invoke}
        return {
            "name": self.name,
            "path": self.path,
            "version": self.version,
            "inventory": {k: list(v) for k, v in self.inventory.items()},
            "always_on_tokens": self.always_on_tokens,
            "components": components,
            "not_loaded": [{"path": n.path, "what": n.what, "why": n.why} for n in self.not_loaded],
        }


def plugin_details(plugin: Plugin, dropped: Mapping[str, list[NotLoaded]] | None = None) -> PluginDetails:
    """The inventory and costs of one plugin; ``dropped``: what the environment drops (see ``env_dropped``).

    The inventory is the model's (``Plugin.inventory``: the loader knows what Claude Code lists); a plugin that
    Claude Code refuses lists nothing and costs nothing."""
    costs = []
    if plugin.refused is None:
        # the order of Claude Code's table: skills, agents, commands
        listed_items = [c for group in (plugin.skills, plugin.agents, plugin.commands) for c in group if c.listed]
        costs = [component_cost(c, plugin.name) for c in listed_items]
    not_loaded = list(plugin.not_loaded)
    if dropped:
        not_loaded += dropped.get(plugin.rel, [])
    return PluginDetails(plugin.name, plugin.rel or ".", plugin.version, plugin.inventory(), costs, not_loaded)


# --------------------------------------------------------------------------------------------------------------
# what the environment drops


def env_dropped(project: Project, environ: Mapping[str, str]) -> dict[str, list[NotLoaded]]:
    """MCP servers that cannot start for want of an environment variable: plugin folder (``Plugin.rel``) ->
    entries (marketplace entries that share a folder share its servers' files). Which references drop their
    server: ``envrefs.drops_mcp_server`` (a ``${VAR}`` without default in a url or a stdio command)."""
    from ..model.envrefs import drops_mcp_server, find_references

    out: dict[str, list[NotLoaded]] = {}
    missing: dict[tuple[str, str, str | None, str], list[str]] = {}
    for r in find_references(project):
        if not drops_mcp_server(r, environ):
            continue
        assert r.plugin is not None  # a reference without a plugin drops nothing
        server = r.component[len("MCP server '") : -1] if r.component.startswith("MCP server '") else r.component
        names = missing.setdefault((r.plugin.rel, server, r.path, r.field), [])
        if r.name not in names:
            names.append(r.name)
    for (rel, server, path, fld), names in missing.items():
        which = ", ".join(names)
        verb = "are" if len(names) > 1 else "is"
        if fld == "mcp.url":
            why = (
                f'its url needs {which}, which {verb} not set: Claude Code reports "Missing environment '
                f'variables" and does not connect'
            )
        else:
            why = (
                f"its command needs {which}, which {verb} not set: Claude Code keeps the literal ${{…}} and "
                f"the server does not start"
            )
        out.setdefault(rel, []).append(NotLoaded(path, server, why))
    return out


# --------------------------------------------------------------------------------------------------------------
# the whole project


@dataclass(slots=True)
class Details:
    root: str
    plugins: list[PluginDetails]
    claude_code: str = CLAUDE_CODE_VERSION

    def to_json(self) -> dict:
        return {"root": self.root, "claude_code": self.claude_code, "plugins": [p.to_json() for p in self.plugins]}


def listed_plugins(project: Project) -> list[Plugin]:
    """The plugins as Claude Code knows them: each of ``project.plugins`` (one per folder), followed by the other
    plugins that marketplace entries make of the same folder (entries sharing a source are separate plugins for
    Claude Code, each with its own name and component fields)."""
    extra: dict[str, list[Plugin]] = {}
    if project.marketplace is not None:
        for e in project.marketplace.entries:
            p = e.plugin
            if p is not None and all(p is not q for q in project.plugins):
                extra.setdefault(p.rel, []).append(p)
    out: list[Plugin] = []
    for p in project.plugins:
        out.append(p)
        out.extend(extra.pop(p.rel, []))
    for ps in extra.values():
        out.extend(ps)
    return out


def project_details(
    project: Project, environ: Mapping[str, str] | None = None, root_given: str | None = None
) -> Details:
    """Details of every plugin of the project. ``environ``: the environment Claude Code would start with."""
    import os

    env = os.environ if environ is None else environ
    dropped = env_dropped(project, env)
    plugins = [plugin_details(p, dropped) for p in listed_plugins(project)]
    return Details(str(root_given if root_given is not None else project.root), plugins)


__all__ = [
    "CLAUDE_CODE_VERSION",
    "ComponentCost",
    "Details",
    "PluginDetails",
    "chars_to_tokens",
    "component_cost",
    "component_texts",
    "format_estimate",
    "js_len",
    "listed_plugins",
    "plugin_details",
    "project_details",
    "split_like_details",
]
