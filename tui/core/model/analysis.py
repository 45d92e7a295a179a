"""Analysis of Markdown components for the TUI detail panes and the rules.

Pure functions over the model: no I/O beyond what the loader already read (the file index and parsed files).

- ``parse_examples(description)``: the ``<example>…</example>`` blocks of an agent description.
- ``trigger_phrases(description)``: character ranges of quoted trigger phrases and "Use this agent when"-style
  openers (for highlighting).
- ``skill_info(skill, index)``: listing budget, size, referenced files, bundled resources, allowed tools.
- ``agent_info(agent)``: model, colour, tools, examples, prompt size and the other frontmatter fields.
- ``split_tools(value)``: a tools field (comma/space separated string or YAML list) as a list of entries.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

LISTING_BUDGET = 1536  # description + when_to_use characters shown in the skill listing
RESOURCE_DIRS = ("references", "examples", "scripts", "assets")


# --------------------------------------------------------------------------------------------- examples


@dataclass
class Example:
    context: str = ""
    user: str = ""
    assistant: list[str] = field(default_factory=list)
    commentary: str = ""
    raw: str = ""
    line_offset: int = 0  # lines from the start of the description to the "<example>" tag

    @property
    def complete(self) -> bool:
        """Has the anatomy plugin-dev asks for: context, user, assistant and commentary."""
        return bool(self.context and self.user and self.assistant and self.commentary)


_EXAMPLE = re.compile(r"<example>(.*?)</example>", re.S | re.I)
_COMMENTARY = re.compile(r"<commentary>(.*?)(?:</commentary>|$)", re.S | re.I)
_MARKER = re.compile(r"^\s*(context|user|assistant)\s*:\s*(.*)$", re.I)


def _unquote(s: str) -> str:
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'":
        return s[1:-1].strip()
    if len(s) >= 2 and s[0] == "\u201c" and s[-1] == "\u201d":
        return s[1:-1].strip()
    return s


def parse_examples(description: Any) -> list[Example]:
    """The ``<example>`` blocks of a description (Context:, user:, assistant:, <commentary>)."""
    if not isinstance(description, str):
        return []
    out: list[Example] = []
    for m in _EXAMPLE.finditer(description):
        inner = m.group(1)
        ex = Example(raw=m.group(0), line_offset=description.count("\n", 0, m.start()))
        comments = [c.strip() for c in _COMMENTARY.findall(inner)]
        ex.commentary = "\n".join(c for c in comments if c)
        text = _COMMENTARY.sub("\n", inner)
        current: str | None = None
        buf: list[str] = []

        def flush() -> None:
            if current is None:
                return
            value = _unquote("\n".join(buf).strip())
            if current == "context":
                ex.context = (ex.context + "\n" + value).strip() if ex.context else value
            elif current == "user":
                ex.user = (ex.user + "\n" + value).strip() if ex.user else value
            else:
                ex.assistant.append(value)

        for line in text.split("\n"):
            mk = _MARKER.match(line)
            if mk:
                flush()
                current, buf = mk.group(1).lower(), [mk.group(2)]
            elif current is not None:
                buf.append(line.strip())
        flush()
        out.append(ex)
    return out


# --------------------------------------------------------------------------------------- trigger phrases

_QUOTED = re.compile(r"\"([^\"\n]{2,120})\"|\u201c([^\u201d\n]{2,120})\u201d")
_OPENERS = re.compile(
    r"\b(?:use this (?:agent|skill|command) (?:when|whenever|if|to|for|proactively)"
    r"|this (?:skill|agent) should be used (?:when|whenever|if|to|for)"
    r"|use (?:proactively|when|whenever))\b",
    re.I,
)


def trigger_phrases(description: Any) -> list[tuple[int, int]]:
    """Character ranges ``(start, end)`` of quoted trigger phrases and of trigger openers, sorted.

    Quotes inside ``<example>`` blocks are dialogue, not trigger phrases, and are left out.
    """
    if not isinstance(description, str):
        return []
    blocked = [(m.start(), m.end()) for m in _EXAMPLE.finditer(description)]

    def inside(a: int) -> bool:
        return any(s <= a < e for s, e in blocked)

    ranges: list[tuple[int, int]] = []
    for m in _OPENERS.finditer(description):
        if not inside(m.start()):
            ranges.append((m.start(), m.end()))
    for m in _QUOTED.finditer(description):
        if not inside(m.start()):
            ranges.append((m.start(), m.end()))
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for s, e in ranges:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def quoted_phrases(description: Any) -> list[str]:
    """The quoted trigger phrases themselves (outside examples)."""
    if not isinstance(description, str):
        return []
    out = []
    for s, e in trigger_phrases(description):
        t = description[s:e]
        if t[:1] in '"\u201c':
            out.append(t[1:-1])
    return out


# ------------------------------------------------------------------------------------------------ tools

_TOOL_TOKEN = re.compile(r"[^\s,(]+(?:\([^)]*\))?")


def split_tools(value: Any) -> list[str]:
    """A tools field as entries: ``"Read, Grep"``, ``"Read Grep"``, ``[Read, Grep]``; ``Bash(git add *)`` is one."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for v in value:
            if isinstance(v, str):
                out.extend(split_tools(v) if ("," in v and "(" not in v) else ([v.strip()] if v.strip() else []))
            elif v is not None:
                out.append(str(v))
        return out
    if not isinstance(value, str):
        return [str(value)]
    out = []
    for m in _TOOL_TOKEN.finditer(value):
        t = m.group(0).strip().strip(",")
        if t:
            out.append(t)
    return out


# ----------------------------------------------------------------------------------------------- skills


@dataclass
class RefFile:
    target: str  # as written
    rel: str | None  # resolved, relative to the project root (None: absolute, outside the root, or a template)
    exists: bool
    line: int  # file line
    column: int = 1
    kind: str = "link"  # "link" (a Markdown link), "code" (a backticked path) or "text" (a path in plain text)


@dataclass
class SkillInfo:
    name: str = ""
    description: str = ""
    when_to_use: str = ""
    listing_chars: int = 0
    listing_budget: int = LISTING_BUDGET
    words: int = 0
    lines: int = 0  # lines of the whole SKILL.md
    body_lines: int = 0
    references: list[RefFile] = field(default_factory=list)
    resources: dict[str, list[str]] = field(default_factory=dict)  # "references" -> files relative to that folder
    allowed_tools: list[str] = field(default_factory=list)

    @property
    def over_budget(self) -> bool:
        return self.listing_chars > self.listing_budget

    @property
    def missing(self) -> list[RefFile]:
        return [r for r in self.references if r.rel is not None and not r.exists]


def text_field(data: Any, key: str) -> str:
    v = data.get(key) if isinstance(data, dict) else None
    if isinstance(v, str):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return str(v)
    return ""


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(.+?)\1")
_LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
# a line that shows examples (its paths are illustrations, not references): "e.g.", "for example", "Examples:",
# "such as", "would be" (a folder name such as examples/ is not the word)
_EXAMPLE_LINE = re.compile(r"\be\.g\.|\b(?:for example|examples?|for instance|such as|would be)\b(?!/)", re.I)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PATHY = re.compile(
    r"^(?:\./)?(?:(?:\$\{CLAUDE_SKILL_DIR\}|\$\{CLAUDE_PLUGIN_ROOT\})/)?"
    r"(?:references|examples|scripts|assets|templates)/[\w./@+-]*\.[A-Za-z0-9]{1,8}$"
)


# what every reference found below contains: a link's "](" or one of these folders followed by a slash (_PATHY,
# _PLAIN_PATH); a line without either is skipped before the per-line regexes run
_CANDIDATES = ("](", "references/", "reference/", "examples/", "scripts/", "assets/", "templates/")


def _candidate_lines(body: str) -> set[int]:
    """The numbers (from 0) of the body's lines that hold one of ``_CANDIDATES``: a few substring scans of the whole
    body instead of regexes per line (skills run to hundreds of lines, few of which name a file)."""
    starts = []
    for word in _CANDIDATES:
        at = body.find(word)
        while at >= 0:
            starts.append(at)
            at = body.find(word, at + 1)
    out: set[int] = set()
    pos = line = 0
    for start in sorted(starts):
        line += body.count("\n", pos, start)
        pos = start
        out.add(line)
    return out


_PLAIN_PATH = re.compile(
    r"(?<![\w/.`$@:{-])((?:\./)?(?:references|reference|examples|scripts|assets|templates)/[\w./@+-]*\.[A-Za-z0-9]{1,8})"
    r"(?![\w/])"
)


def body_lines_outside_fences(body: str) -> list[tuple[int, str]]:
    """(offset, line) pairs of body lines that are not inside fenced code blocks.

    Many rules walk the same bodies. A body without a fence marker is all its lines (no scan); for the others, the
    lines outside fences are found once per body text and kept as one byte per line (1: outside). Neither the lines
    nor the text are kept: an LRU of every body's lines held a copy of the text of up to 8,192 files, and thrashed
    once a marketplace had more (each rule visits every body before the next rule comes back to it); a body is a
    fresh slice of its file's text on each use, so the key is the body's length and hash, not the string.
    """
    lines = body.split("\n")
    if "```" not in body and "~~~" not in body:
        return list(enumerate(lines))
    key = (len(body), hash(body))
    keep = _OUTSIDE.get(key)
    if keep is None:
        if len(_OUTSIDE) >= _OUTSIDE_MAX:
            _OUTSIDE.clear()
        flags = bytearray(len(lines))
        for i, _line in _outside_fences(body):
            flags[i] = 1
        keep = _OUTSIDE[key] = bytes(flags)
    return [(i, line) for i, line in enumerate(lines) if keep[i]]


# (length, hash) of a body with a fence -> one byte per line of it, 1 for the lines outside fences
_OUTSIDE: dict[tuple[int, int], bytes] = {}
_OUTSIDE_MAX = 8192


def _outside_fences(body: str) -> Iterator[tuple[int, str]]:
    fence: str | None = None
    for i, line in enumerate(body.split("\n")):
        m = _FENCE.match(line)
        if m:
            mark = m.group(1)
            if fence is None:
                fence = mark[0] * len(mark)
                continue
            if mark[0] == fence[0] and len(mark) >= len(fence) and not line.strip()[len(mark) :].strip():
                fence = None
                continue
        if fence is None:
            yield i, line


def _resolve(target: str, base_dir: str, plugin_rel: str | None) -> str | None:
    t = target
    if t.startswith("${CLAUDE_SKILL_DIR}/"):
        t, base = t[len("${CLAUDE_SKILL_DIR}/") :], base_dir
    elif t.startswith("${CLAUDE_PLUGIN_ROOT}/"):
        if plugin_rel is None:
            return None
        t, base = t[len("${CLAUDE_PLUGIN_ROOT}/") :], plugin_rel
    else:
        base = base_dir
    if t.startswith("/") or "$" in t or "{" in t or "<" in t or "*" in t:
        return None
    joined = posixpath.normpath(posixpath.join(base, t)) if base else posixpath.normpath(t)
    if joined == ".":
        return ""
    if joined.startswith("../") or joined == "..":
        return None
    return joined


def file_references(body: str, body_line: int, base_dir: str, plugin_rel: str | None, index: Any) -> list[RefFile]:
    """Relative Markdown links and backticked resource paths in a Markdown body (fenced code is skipped)."""
    out: list[RefFile] = []
    seen: set[tuple[str, int]] = set()
    wanted = _candidate_lines(body)
    if not wanted:
        return out  # neither a link nor a resource folder's name anywhere: nothing below can match
    for off, line in body_lines_outside_fences(body):
        if off not in wanted:
            continue
        link = "](" in line
        code_spans = [(m.start(), m.end(), m.group(2).strip()) for m in _INLINE_CODE.finditer(line)]
        blanked = line  # links and plain paths are looked for outside the code spans, which are blanked first
        for s, e, _ in code_spans:
            blanked = blanked[:s] + " " * (e - s) + blanked[e:]
        found: list[tuple[str, int, str]] = []
        if link:
            for m in _LINK.finditer(blanked):
                target = m.group(1)
                if target.startswith("<"):
                    target = target[1:-1]
                col = m.start(1) + 1
                if not target or target.startswith("#") or _SCHEME.match(target) or target.startswith("//"):
                    continue
                target = unquote(target.split("#", 1)[0].split("?", 1)[0])
                if target:
                    found.append((target, col, "link"))
        if not _EXAMPLE_LINE.search(line):
            for s, _e, inner in code_spans:
                if _PATHY.match(inner):
                    found.append((inner, s + 2, "code"))
            if "/" in blanked:
                # a resource path in plain running text ("See references/guide.md"), outside code spans and links
                plain = _LINK.sub(lambda m: " " * len(m.group(0)), blanked) if link else blanked
                for m in _PLAIN_PATH.finditer(plain):
                    found.append((m.group(1), m.start(1) + 1, "text"))
        for target, col, kind in found:
            if (target, off) in seen:
                continue
            seen.add((target, off))
            rel = _resolve(target, base_dir, plugin_rel)
            exists = bool(rel is not None and index is not None and index.exists(rel))
            if (
                not exists
                and kind in ("code", "text")
                and plugin_rel is not None
                and not target.startswith(("./", "$"))
            ):
                # a backticked `scripts/x.sh` may name the plugin's own folder rather than the skill's
                alt = _resolve(target, plugin_rel, plugin_rel)
                if alt is not None and index is not None and index.exists(alt):
                    rel, exists = alt, True
            out.append(RefFile(target=target, rel=rel, exists=exists, line=body_line + off, column=col, kind=kind))
    return out


def _line_count(text: str) -> int:
    """``len(text.splitlines())`` without building the list (when ``\n`` is the only line break in the text)."""
    if not text.isascii() or any(c in text for c in "\r\v\f\x1c\x1d\x1e"):  # other breaks: \x85 \u2028 \u2029
        return len(text.splitlines())
    return text.count("\n") + (0 if not text or text.endswith("\n") else 1)


def _fm_data(comp: Any) -> dict:
    fm = getattr(comp, "fm", None)
    data = getattr(fm, "data", None)
    return data if isinstance(data, dict) else {}


def skill_info(skill: Any, index: Any) -> SkillInfo:
    """Facts about one skill for the detail pane (and the skill rules)."""
    data = _fm_data(skill)
    info = SkillInfo(name=getattr(skill, "name", "") or "")
    info.description = text_field(data, "description")
    info.when_to_use = text_field(data, "when_to_use")
    info.listing_chars = len(info.description) + len(info.when_to_use)
    sf = getattr(skill, "file", None)
    text = (sf.text if sf is not None else None) or ""
    body = skill.body if sf is not None and sf.text is not None else ""
    info.words = len(body.split())
    info.lines = _line_count(text)
    info.body_lines = _line_count(body)
    dir_rel = getattr(skill, "dir_rel", "") or ""
    plugin = getattr(skill, "plugin", None)
    plugin_rel = plugin.rel if plugin is not None else None
    fm = getattr(skill, "fm", None)
    body_line = fm.body_line if fm is not None and sf is not None and sf.fm is not None else 1
    if body:
        info.references = file_references(body, body_line, dir_rel, plugin_rel, index)
    if index is not None:
        for d in RESOURCE_DIRS:
            folder = f"{dir_rel}/{d}" if dir_rel else d
            if index.is_dir(folder):
                info.resources[d] = [f[len(folder) + 1 :] for f in index.walk_files(folder)]
    info.allowed_tools = split_tools(data.get("allowed-tools"))
    return info


# ----------------------------------------------------------------------------------------------- agents

AGENT_FIELDS = ("name", "description", "model", "color", "tools", "disallowedTools")


@dataclass
class AgentInfo:
    name: str = ""
    description: str = ""
    model: str | None = None  # None when omitted (Claude Code uses inherit)
    color: str | None = None
    tools: list[str] | None = None  # None = inherits all tools
    disallowed: list[str] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    prompt_words: int = 0
    prompt_chars: int = 0
    other_fields: dict = field(default_factory=dict)

    @property
    def effective_model(self) -> str:
        return self.model or "inherit"


def agent_info(agent: Any) -> AgentInfo:
    """Facts about one agent for the detail pane (and the agent rules)."""
    data = _fm_data(agent)
    info = AgentInfo(name=getattr(agent, "name", "") or "")
    info.description = text_field(data, "description")
    m = data.get("model")
    info.model = str(m) if m is not None and not isinstance(m, (dict, list)) else None
    c = data.get("color")
    info.color = str(c) if c is not None and not isinstance(c, (dict, list)) else None
    info.tools = split_tools(data["tools"]) if "tools" in data and data["tools"] is not None else None
    info.disallowed = split_tools(data.get("disallowedTools"))
    info.examples = parse_examples(info.description)
    sf = getattr(agent, "file", None)
    body = agent.body if sf is not None and sf.text is not None else ""
    info.prompt_words = len(body.split())
    info.prompt_chars = len(body.strip())
    info.other_fields = {k: v for k, v in data.items() if k not in AGENT_FIELDS}
    return info
