"""Markdown components (commands, agents, skills, output styles): frontmatter access and checks the areas share, model and
field-type checks, and the fixes they attach.

The checks shared here attach their fixes where they make the finding: a wrong-type value gets
:func:`quote_value_fix`, a bad `model` :func:`model_fix`, and :func:`unknown_keys` (asked with ``fix_renames``)
:func:`rename_fix`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ...base.diagnostics import INFO, WARNING, Diagnostic, Span
from ...base.fixtypes import Fix, TextEdit, make_fix
from ...base.suggest import nearest_key
from ...lint.context import Context
from ...model.analysis import body_lines_outside_fences, split_tools, text_field
from ...model.plugin import Component, MarkdownComponent, SourceFile
from ...parse.edits import (
    fm_entry_end,
    fm_insert_key,
    fm_quote_value,
    fm_rename_key,
    fm_set_value,
    md_add_frontmatter,
)
from ...spec.tools import KNOWN_TOOLS, KNOWN_TOOLS_BY_LOWER

MODEL_ALIASES = {"sonnet", "opus", "haiku", "fable", "inherit", "default", "best", "opusplan", "sonnet[1m]", "opus[1m]"}
_FULL_MODEL = re.compile(r"^claude-[a-z0-9][a-z0-9.-]*(\[1m\])?$")
EFFORTS = ("low", "medium", "high", "xhigh", "max")
_BOOL_STRINGS = {"true", "false", "yes", "no", "on", "off", "1", "0"}
SKILL_KEYS = (
    "name",
    "description",
    "when_to_use",
    "argument-hint",
    "arguments",
    "disable-model-invocation",
    "user-invocable",
    "allowed-tools",
    "disallowed-tools",
    "model",
    "effort",
    "context",
    "agent",
    "background",
    "hooks",
    "paths",
    "shell",
    "metadata",
    "license",
    "compatibility",
)
# accepted without comment: plugin-dev's `version`, the legacy ralph-wiggum flag
LEGACY_SKILL_KEYS = ("version", "hide-from-slash-command-tool")
BOOL_KEYS = ("disable-model-invocation", "user-invocable", "background")


def md_file(comp: Component) -> SourceFile | None:
    """The component's Markdown file when it is readable (inline manifest commands have none)."""
    sf = comp.file
    if sf is None or sf.kind != "markdown" or sf.text is None or sf.fm is None:
        return None
    return sf


def fm_state(comp: Component) -> str:
    """ "none" (no frontmatter block), "broken" (FILE007–FILE010 report it), "ok", or "" (no Markdown file)."""
    sf = md_file(comp)
    if sf is None or sf.fm is None:
        return ""
    fm = sf.fm
    if not fm.present:
        return "none"
    if not fm.closed or fm.error is not None or fm.not_mapping:
        return "broken"
    return "ok"


def fm_data(comp: Component) -> dict[Any, Any]:
    """The parsed frontmatter mapping of a component whose frontmatter is fine ({} otherwise)."""
    sf = md_file(comp)
    if sf is None or sf.fm is None or fm_state(comp) != "ok" or not isinstance(sf.fm.data, dict):
        return {}
    return sf.fm.data


def type_name(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "list"
    if isinstance(v, dict):
        return "mapping"
    return type(v).__name__


def is_boolish(v: Any) -> bool:
    if isinstance(v, bool):
        return True
    if isinstance(v, int) and v in (0, 1):
        return True
    return isinstance(v, str) and v.strip().lower() in _BOOL_STRINGS


def model_ok(v: str) -> bool:
    v = v.strip()
    return v.lower() in MODEL_ALIASES or bool(_FULL_MODEL.match(v))


def is_tools_value(v: Any) -> bool:
    return isinstance(v, str) or (isinstance(v, list) and all(isinstance(x, str) for x in v))


def common_type_checks(
    ctx: Context,
    comp: Component,
    kind: str,
    tool_keys: tuple[str, ...] = ("allowed-tools",),
    skill_like: bool = True,
) -> Iterator[Diagnostic]:
    """`claude plugin validate`'s frontmatter checks plus the value checks shared by commands and skills.

    A value YAML reads as the wrong type gets its fix here (:func:`quote_value_fix`: quote it)."""
    sf = md_file(comp)
    data = fm_data(comp)
    if sf is None or not data:
        return
    # Claude Code 2.1.332 loads the component either way (warnings): a non-string description is dropped ("Description
    # invalid … - omitting"), a name becomes String(name), a tools list of the wrong type becomes an empty list
    d = data.get("description")
    if isinstance(d, (list, dict)):
        yield ctx.at(
            f"description must be a string, got a {type_name(d)}; Claude Code drops it",
            file=sf,
            fm_key="description",
            fm_value=True,
            severity=WARNING,
            hint="write the description as one string; use `description: |` for several lines",
        )
    if "name" in data and not isinstance(data["name"], str):
        n = data["name"]
        yield ctx.at(
            f"name must be a string, got {type_name(n)} ({n!r})",
            file=sf,
            fm_key="name",
            fm_value=True,
            severity=WARNING,
            hint=f'quote it: name: "{n}"' if n is not None else "give the name a value",
            fix=quote_value_fix(sf, "name", n),
        )
    for key in tool_keys:
        if key in data and not is_tools_value(data[key]):
            yield ctx.at(
                f"{key} must be a string or a list of strings, got {type_name(data[key])}; Claude Code "
                "reads it as an empty list",
                file=sf,
                fm_key=key,
                fm_value=True,
                severity=WARNING,
                hint=f"e.g. {key}: Read, Grep, Bash(git status:*)",
            )
    if not skill_like:
        return
    if "shell" in data and data["shell"] not in ("bash", "powershell"):
        yield ctx.at(
            f"shell must be 'bash' or 'powershell', got {data['shell']!r}; Claude Code falls back to bash",
            file=sf,
            fm_key="shell",
            fm_value=True,
            severity=WARNING,
            hint="remove `shell` (bash is the default) or use powershell",
        )
    if "metadata" in data and not isinstance(data["metadata"], dict):
        yield ctx.at(
            f"metadata must be a mapping, got {type_name(data['metadata'])}; it is dropped at load time",
            file=sf,
            fm_key="metadata",
            fm_value=True,
            severity=WARNING,
            hint="write `metadata:` followed by indented `key: value` lines",
        )
    for key in BOOL_KEYS:
        if key in data and not is_boolish(data[key]):
            yield ctx.at(
                f"{key} must be true or false, got {data[key]!r}",
                file=sf,
                fm_key=key,
                fm_value=True,
                severity=WARNING,
                hint=f"{key}: true",
            )
    if "effort" in data and str(data["effort"]).strip().lower() not in EFFORTS:
        yield ctx.at(
            f"effort {data['effort']!r} is not one of {', '.join(EFFORTS)}",
            file=sf,
            fm_key="effort",
            fm_value=True,
            severity=WARNING,
        )
    if "context" in data and data["context"] != "fork":
        yield ctx.at(
            f"context {data['context']!r} is not a known value; only 'fork' is",
            file=sf,
            fm_key="context",
            fm_value=True,
            severity=WARNING,
            hint="context: fork (or remove it)",
        )
    hint_v = data.get("argument-hint")
    if isinstance(hint_v, list) and all(isinstance(x, (str, int, float)) for x in hint_v):
        shown = " ".join(f"[{x}]" for x in hint_v)
        yield ctx.at(
            f"argument-hint is read by YAML as a list ({hint_v!r}), not the text you typed",
            file=sf,
            fm_key="argument-hint",
            fm_value=True,
            severity=INFO,
            hint=f'quote it: argument-hint: "{shown}"',
            fix=quote_value_fix(sf, "argument-hint", hint_v),
        )
    for key in ("argument-hint", "when_to_use", "agent", "license"):
        if (
            key == "argument-hint"
            and isinstance(hint_v, list)
            and all(isinstance(x, (str, int, float)) for x in hint_v)
        ):
            continue
        if key in data and data[key] is not None and not isinstance(data[key], (str, int, float)):
            yield ctx.at(
                f"{key} must be a string, got {type_name(data[key])}",
                file=sf,
                fm_key=key,
                fm_value=True,
                severity=WARNING,
                hint=f'quote the value: {key}: "…"',
                fix=quote_value_fix(sf, key, data[key]),
            )
    for key in ("arguments", "paths"):
        if key in data and not is_tools_value(data[key]):
            yield ctx.at(
                f"{key} must be a string or a list of strings, got {type_name(data[key])}",
                file=sf,
                fm_key=key,
                fm_value=True,
                severity=WARNING,
            )
    if "compatibility" in data and data["compatibility"] is not None and not isinstance(data["compatibility"], str):
        yield ctx.at(
            f"compatibility must be a string, got {type_name(data['compatibility'])}",
            file=sf,
            fm_key="compatibility",
            fm_value=True,
            severity=WARNING,
            fix=quote_value_fix(sf, "compatibility", data["compatibility"]),
        )
    if "hooks" in data and data["hooks"] is not None and not isinstance(data["hooks"], dict):
        yield ctx.at(
            f"hooks must be a mapping of hook events, got {type_name(data['hooks'])}",
            file=sf,
            fm_key="hooks",
            fm_value=True,
            severity=WARNING,
        )


def suggest_key(k: str, known: tuple[str, ...], hints: Mapping[str, str] | None = None) -> str | None:
    """The known key an unknown key was surely meant to be (a near miss or a hint's "did you mean 'x'?")."""
    hint = (hints or {}).get(k)
    if hint is not None:
        m = re.search(r"did you mean '([^']+)'", hint)
        return m.group(1) if m else None
    return nearest_key(k, known)


def unknown_keys(
    ctx: Context,
    comp: Component,
    known: tuple[str, ...],
    accepted: tuple[str, ...] = (),
    hints: Mapping[str, str] | None = None,
    *,
    fix_renames: bool = False,
    unsafe: Mapping[str, str] | None = None,
) -> Iterator[Diagnostic]:
    """Frontmatter keys that are neither ``known`` nor ``accepted``. With ``fix_renames`` each finding carries
    :func:`rename_fix` (a misspelt key renamed to the one it surely meant; the renames in ``unsafe`` are unsafe)."""
    sf = md_file(comp)
    if sf is None:
        return
    for key in fm_data(comp):
        k = str(key)
        if k in known or k in accepted:
            continue
        hint = (hints or {}).get(k)
        if hint is None:
            close = suggest_key(k, known)
            hint = f"did you mean '{close}'?" if close else "Claude Code ignores it"
        fix = rename_fix(sf, k, known, hints, unsafe) if fix_renames else None
        yield ctx.at(f"unknown frontmatter field '{k}'", file=sf, fm_key=k, hint=hint, fix=fix)


def model_check(
    ctx: Context,
    comp: Component,
    aliases: str = "a model alias (sonnet, opus, haiku, fable)",
    hint: str = "use an alias such as `sonnet`, a full id such as `claude-sonnet-4-5`, or `inherit`",
) -> Iterator[Diagnostic]:
    """A `model` that is not an alias, a full model id or `inherit` (``aliases`` names the aliases in the message);
    the fix (unsafe) sets the nearest valid model (`sonet` → sonnet), or offers `inherit` as a choice when none is
    clearly nearest."""
    sf = md_file(comp)
    data = fm_data(comp)
    if sf is None or "model" not in data:
        return
    m = data["model"]
    if not isinstance(m, str) or not model_ok(m):
        yield ctx.at(
            f"model {m!r} is not {aliases}, a full model id (claude-…) or inherit",
            file=sf,
            fm_key="model",
            fm_value=True,
            hint=hint,
            fix=model_fix(sf, m),
        )


_POSITIONAL = re.compile(r"(?<![\\$\w])\$([1-9])\b")
_ANY_POSITIONAL = re.compile(r"\$[1-9]\b")  # a literal-led pattern: a fast first scan of the whole body
_ZERO = re.compile(r"(?<![\\$\w])\$(?:0\b|ARGUMENTS\[0\])")


def positional_check(ctx: Context, comp: MarkdownComponent) -> Iterator[Diagnostic]:
    """`$1`-style arguments written as if one-based (IMP021)."""
    sf = md_file(comp)
    if sf is None or sf.fm is None:
        return
    body = comp.body
    if "$" not in body:  # a substring test is many times faster than the first regex scan
        return
    if not _ANY_POSITIONAL.search(body) or not _POSITIONAL.search(body) or _ZERO.search(body):
        return  # no $N at all, or the author knows $0 is the first argument
    base = sf.fm.body_line if sf.fm.present else 1
    for off, line in body_lines_outside_fences(body):
        m = _POSITIONAL.search(line)
        if m:
            n = int(m.group(1))
            yield ctx.at(
                f"${n} is the {_ordinal(n + 1)} argument: positional arguments are zero-based ($0 is the first)",
                file=sf,
                line=base + off,
                column=m.start() + 1,
                hint=f"use ${n - 1} for the {_ordinal(n)} argument, or name the arguments with "
                "`arguments:` and write $name",
            )
            return


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"{n}th")


def listing_check(ctx: Context, comp: Component, budget: int = 1536) -> Iterator[Diagnostic]:
    sf = md_file(comp)
    data = fm_data(comp)
    desc, when = text_field(data, "description"), text_field(data, "when_to_use")
    total = len(desc) + len(when)
    if total > budget:
        what = "description + when_to_use" if when else "description"
        yield ctx.at(
            f"{what} is {total} characters; the skill listing truncates it at {budget}, so Claude may "
            "never see the end",
            file=sf,
            fm_key="description",
            fm_value=True,
            hint="put the key trigger phrases first and move details into the body",
        )


def empty_or(message: str, sf: SourceFile) -> str:
    return "the file is empty" if not (sf.text or "").strip() else message


def body_empty_check(ctx: Context, comp: MarkdownComponent, what: str) -> Iterator[Diagnostic]:
    sf = md_file(comp)
    if sf is None or sf.fm is None or fm_state(comp) == "broken" or not (sf.text or "").strip():
        return
    if not comp.body.strip():
        yield ctx.at(
            f"{what} has no body: there are no instructions to run",
            file=sf,
            line=sf.fm.end_line or 1,
            hint="write the instructions below the frontmatter",
        )


MODEL_CHOICES = ("sonnet", "opus", "haiku", "fable", "inherit")
_FAMILIES = ("sonnet", "opus", "haiku", "fable")


def shared_fix(ctx: Context, key: tuple[Any, ...], build: Callable[[], Fix | None]) -> Fix | None:
    """One fix object per (rule, file, …) so every diagnostic it repairs carries the same fix (applied once)."""
    ck = ("fix",) + key
    if ck not in ctx.cache:
        ctx.cache[ck] = build()
    fix: Fix | None = ctx.cache[ck]
    return fix


def _line_starts(text: str) -> list[int]:
    starts: list[int] = []
    pos = 0
    for ln in text.split("\n"):
        starts.append(pos)
        pos += len(ln) + 1
    return starts


def fm_entry_range(sf: SourceFile, key: str) -> tuple[int, int, int] | None:
    """``(start of the key line, end of the entry's last line, 0-based index of that line)`` of a top-level key.

    The entry is the key line plus its continuation (indented lines, a block sequence's ``- `` items, blank
    lines inside them); a column-0 comment or the next key ends it.
    """
    fm = sf.fm
    text = sf.text
    if fm is None or not fm.ok or text is None:
        return None
    ks = fm.key_span(key)
    if ks is None or ks.column != 1:
        return None
    lines = text.split("\n")
    starts = _line_starts(text)
    i = ks.line - 1
    stop = fm.end_line - 1  # the closing marker
    if not 0 < i < stop:
        return None
    last = fm_entry_end(lines, i, stop)
    return starts[i], starts[last] + len(lines[last].rstrip("\r")), last


def fm_remove_key(sf: SourceFile, key: str) -> TextEdit | None:
    """Remove a top-level frontmatter entry (its line(s) and line end); every other byte stays."""
    rng = fm_entry_range(sf, key)
    if rng is None or sf.text is None:
        return None
    start, _end, last = rng
    starts = _line_starts(sf.text)
    end = starts[last + 1]  # the closing marker line always follows
    return TextEdit(sf.rel, start, end, "", sf.text)


def fm_token_span(sf: SourceFile, key: str, token: str) -> Span | None:
    """Where the tools entry ``token`` is written in the value of the frontmatter key ``key`` (the first whole
    occurrence outside parentheses, quoted or not, in a one-line, flow or block list)."""
    rng = fm_entry_range(sf, key)
    text = sf.text
    if rng is None or text is None or not token:
        return None
    start, end, _ = rng
    colon = text.find(":", start, end)
    if colon < 0:
        return None
    region = text[colon + 1 : end]
    depth, chars = 0, []
    for ch in region:  # a token inside Bash(…) is an argument, not an entry
        if ch == "(":
            depth += 1
        chars.append("\0" if depth and ch != "\n" else ch)
        if ch == ")" and depth:
            depth -= 1
    blanked = "".join(chars)
    if "(" in token:
        blanked = region  # the entry itself holds parentheses
    for m in re.finditer(re.escape(token), blanked):
        before = blanked[m.start() - 1] if m.start() else " "
        after = blanked[m.end()] if m.end() < len(blanked) else " "
        if re.match(r"[\w.*-]", before) or re.match(r"[\w*-]", after):
            continue
        off = colon + 1 + m.start()
        line = text.count("\n", 0, off) + 1
        col = off - (text.rfind("\n", 0, off) + 1) + 1
        return Span(line, col, line, col + len(token))
    return None


def fm_value_token_edits(sf: SourceFile, key: str, replace: Mapping[str, str]) -> list[TextEdit]:
    """Replace whole tool-like tokens (outside parentheses) in the value of ``key``: ``read`` → ``Read``."""
    rng = fm_entry_range(sf, key)
    text = sf.text
    if rng is None or text is None or not replace:
        return []
    start, end, _ = rng
    colon = text.find(":", start, end)
    if colon < 0:
        return []
    region = text[colon + 1 : end]
    blank: list[str] = []
    depth = 0
    for ch in region:
        if ch == "(":
            depth += 1
        blank.append(" " if depth and ch not in "\n" else ch)
        if ch == ")" and depth:
            depth -= 1
    blanked = "".join(blank)
    out: list[TextEdit] = []
    for m in re.finditer(r"(?<![\w.*-])[A-Za-z_][\w-]*(?![\w-])", blanked):
        new = replace.get(m.group(0))
        if new is not None and new != m.group(0):
            s = colon + 1 + m.start()
            out.append(TextEdit(sf.rel, s, s + len(m.group(0)), new, text))
    return out


def nearest_choice(
    value: Any, candidates: tuple[str, ...], aliases: Mapping[str, str] | None = None
) -> tuple[str | None, bool]:
    """``(best candidate, clearly nearest?)`` for a mistyped enum value (``sonet`` → sonnet, clear)."""
    if not isinstance(value, str) or not value.strip():
        return None, False
    v = value.strip().lower()
    if aliases and v in aliases:
        return aliases[v], True
    scored = sorted(((difflib.SequenceMatcher(None, v, c).ratio(), c) for c in candidates), reverse=True)
    if not scored:
        return None, False
    best, second = scored[0], (scored[1] if len(scored) > 1 else (0.0, None))
    return best[1], best[0] >= 0.75 and best[0] - second[0] >= 0.15


def nearest_model(value: Any, choices: tuple[str, ...] = MODEL_CHOICES) -> tuple[str, bool]:
    """The model a bad `model` value surely meant (clear), else `inherit` for the user to confirm."""
    if isinstance(value, str):
        low = value.lower()
        fams = [f for f in _FAMILIES if f in low and f in choices]
        if len(fams) == 1:
            return fams[0], True
        best, clear = nearest_choice(value, choices)
        if best is not None and clear:
            return best, True
    return ("inherit" if "inherit" in choices else choices[0]), False


def model_fix(sf: SourceFile, value: Any, choices: tuple[str, ...] = MODEL_CHOICES) -> Fix | None:
    """Unsafe: set `model` to the nearest valid value (needs a choice unless one is clearly nearest)."""
    new, clear = nearest_model(value, choices)
    title = f"set model to {new}" if clear else f"set model to {new} (pick the model you meant)"
    return make_fix(title, fm_set_value(sf, "model", new), safe=False, needs_choice=not clear)


def kebab(name: str) -> str:
    """`Helper Bot` → `helper-bot`, `codeReviewer` → `code-reviewer`, `review:strict` → `review-strict`."""
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name)
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def name_used_elsewhere(ctx: Context, comp: Component, name: str) -> bool:
    """Whether another loaded file of the component's plugin mentions ``name`` (then renaming needs review)."""
    plugin = comp.plugin
    prefix = plugin.rel if plugin is not None else ""
    own = comp.file
    pat = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])")
    for f in _files_under(ctx, prefix):
        if f is own or not isinstance(f.text, str):
            continue
        if pat.search(f.text):
            return True
    return False


def _files_under(ctx: Context, prefix: str) -> list[SourceFile]:
    """The loaded files at or under the folder ``prefix`` ("" = all), in load order.

    Indexed by folder once per run and brought up to date with the files read since (rules read more through
    ``ctx.file``): scanning every file of the project for every finding made a marketplace quadratic."""
    files = ctx.project.files
    if not prefix:
        return list(files.values())
    state = ctx.cache.get("files by folder")
    if state is None or state[0] is not files:
        state = ctx.cache["files by folder"] = (files, {}, [0])
    by_folder: dict[str, list[SourceFile]] = state[1]
    done: list[int] = state[2]
    if done[0] != len(files):
        for rel in list(files)[done[0] :]:
            f = files[rel]
            cut = len(rel)
            while cut > 0:  # the file itself (a folder prefix may equal it) and each folder above it
                by_folder.setdefault(rel[:cut], []).append(f)
                cut = rel.rfind("/", 0, cut)
        done[0] = len(files)
    return by_folder.get(prefix, [])


def kebab_name_fix(ctx: Context, comp: Component, sf: SourceFile, name: Any, safe: bool = True) -> Fix | None:
    """Kebab-case `name:` (safe when no other file of the plugin refers to the old name)."""
    if not isinstance(name, str):
        return None
    new = kebab(name)
    if not new or new == name:
        return None
    safe = safe and not name_used_elsewhere(ctx, comp, name)
    return make_fix(
        f"rename to {new}",
        fm_set_value(sf, "name", new),
        safe=safe,
        description="" if safe else f"other files mention '{name}'; update them too",
    )


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _plain(s: str) -> str:
    s = _MD_LINK.sub(r"\1", s)
    s = re.sub(r"<!--.*?-->", " ", s)
    s = re.sub(r"[`*_<>]|\$\{?[A-Za-z_]\w*\}?|\$\d+", " ", s)
    s = re.sub(r"^\s*(?:[-+]|\d+[.)])\s+", "", s)
    s = re.sub(r"\s+", " ", s).strip(" :-")
    return s


def derive_description(body: str | None, limit: int = 160) -> str | None:
    """A description from the body: its first sentence, else its first heading (for an unsafe fix)."""
    heading = None
    para: list[str] = []
    for _off, line in body_lines_outside_fences(body or ""):
        s = line.strip()
        if not s:
            if para:
                break
            continue
        if s.startswith("#"):
            if para:
                break
            if heading is None:
                heading = _plain(s.lstrip("#"))
            continue
        if s.startswith(("!`", "<!--", "|", ">")) or set(s) <= set("-=*_ "):
            if para:
                break
            continue
        para.append(s)
    text = _plain(" ".join(para))
    text = re.sub(r"^description\s*:\s*", "", text, flags=re.I)  # a stray `description:` line in the body
    if text:
        m = re.match(r"(.+?[.!?])(?:\s|$)", text)
        sentence = m.group(1) if m else text
        if len(sentence) > limit:
            sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        if len(sentence) >= 8:
            return sentence
    return heading or None


_YAML_KEY_LINE = re.compile(r"^[A-Za-z_][\w.-]*[ \t]*:(?:[ \t]|$)")


def fm_add_opening_marker(sf: SourceFile) -> TextEdit | None:
    """Add the missing opening ``---`` of a file that starts with `key: value` lines closed by a ``---`` line."""
    import yaml

    text = sf.text
    fm = sf.fm
    if fm is None or fm.present or not isinstance(text, str):
        return None
    at = 1 if text.startswith("\ufeff") else 0
    lines = text[at:].split("\n")
    close = next((i for i, ln in enumerate(lines[:200]) if ln.rstrip("\r") == "---"), None)
    if not close or not _YAML_KEY_LINE.match(lines[0]):
        return None
    block = [ln.rstrip("\r") for ln in lines[:close]]
    if not all(not ln.strip() or ln.startswith((" ", "\t", "#", "- ")) or _YAML_KEY_LINE.match(ln) for ln in block):
        return None
    try:
        data = yaml.safe_load("\n".join(block))
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or not data:
        return None
    nl = "\r\n" if lines[0].endswith("\r") else "\n"
    return TextEdit(sf.rel, at, at, "---" + nl, text)


def description_fix(sf: SourceFile, body: str, extra: Mapping[str, Any] | None = None) -> Fix | None:
    """Unsafe: add a `description` derived from the body (a frontmatter block too, when there is none).

    A file whose frontmatter only lacks its opening ``---`` gets that line instead (safe).
    """
    opening = fm_add_opening_marker(sf)
    if opening is not None:
        return make_fix("add the opening '---' line", opening)
    desc = derive_description(body)
    fm = sf.fm
    if not desc or fm is None:
        return None
    if not fm.present:
        fields = dict(extra or {})
        fields["description"] = desc
        return make_fix(
            "add a description from the body",
            md_add_frontmatter(sf, fields),
            safe=False,
            description=f"description: {desc}",
        )
    if not fm.ok:
        return None
    if "description" in fm.data:
        edit = fm_set_value(sf, "description", desc)
    else:
        edit = fm_insert_key(sf, "description", desc)
    return make_fix("add a description from the body", edit, safe=False, description=f"description: {desc}")


QUOTED_SCALAR_KEYS = ("argument-hint", "when_to_use", "agent", "license", "compatibility", "color", "initialPrompt")


def quote_value_fix(sf: SourceFile, key: str, value: Any) -> Fix | None:
    """Safe: quote a value YAML reads as the wrong type (`argument-hint: [pr]` is a list, `name: 2024` a number).

    The common value-type fix of CMD003/SKL003/AGT005/STY002. The key must have a position in the frontmatter
    (``sf.fm.keys``), and the edit builder refuses one not written as a top-level line (a YAML merge's)."""
    if sf.fm is None or key not in sf.fm.keys:
        return None
    if key == "argument-hint" and isinstance(value, list):
        return make_fix("quote the argument hint", fm_quote_value(sf, key))
    if key == "name" and isinstance(value, (bool, int, float)):
        return make_fix("quote the name", fm_quote_value(sf, key))
    if key in QUOTED_SCALAR_KEYS and isinstance(value, (bool, int, float)):
        return make_fix("quote the value", fm_quote_value(sf, key))
    return None


def rename_fix(
    sf: SourceFile,
    key: str,
    known: tuple[str, ...],
    hints: Mapping[str, str] | None = None,
    unsafe: Mapping[str, str] | None = None,
) -> Fix | None:
    """Rename a misspelt frontmatter key to the one it surely meant (`desription` → `description`): safe, except
    the renames listed in ``unsafe`` (`tools` → `allowed-tools` changes what the field does)."""
    if sf.fm is None or key not in sf.fm.keys:
        return None
    target = (unsafe or {}).get(key)
    safe = target is None
    if target is None:
        target = suggest_key(key, known, hints)
    if target is None or key.lower() in (target.lower() + "s", target.lower()[:-1]):
        return None  # a plural or singular (`agents` for `agent`) is a different field, not a typo
    return make_fix(f"rename '{key}' to '{target}'", fm_rename_key(sf, key, target), safe=safe)


_CODE_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})\s*([^\s`]*)")
# what Claude Code 2.1.332 replaces in a skill or command body (`$1`, `$ARGUMENTS`, `$ARGUMENTS[1]`), unless written
# `\$1`; money such as `$1,200` or `$2.5M` is left to the author (it is replaced too, given enough arguments)
_CODE_POSITIONAL = re.compile(r"(?<!\\)\$(\d)(?![\w,.]\d|\d|\w)")
_CODE_ARGUMENTS = re.compile(r"(?<!\\)\$ARGUMENTS(?:\[\d+\])?")
_CODE_ANY = re.compile(r"\$(?:\d|ARGUMENTS)")
_EXAMPLE_LANGS = ("markdown", "md", "mdx")


def fenced_blocks(body: str) -> Iterator[tuple[int, str, list[tuple[int, str]]]]:
    """(offset of the opening fence, info-string language, [(offset, line) …]) for every fenced code block."""
    fence: str | None = None
    lang = ""
    start = 0
    lines: list[tuple[int, str]] = []
    for i, line in enumerate(body.split("\n")):
        m = _CODE_FENCE.match(line)
        if fence is None:
            if m:
                fence, lang, start, lines = m.group(1), m.group(2).lower(), i, []
            continue
        mark = m.group(1) if m else ""
        if mark and mark[0] == fence[0] and len(mark) >= len(fence) and not line.strip()[len(mark) :].strip():
            yield start, lang, lines
            fence = None
            continue
        lines.append((i, line))
    if fence is not None:
        yield start, lang, lines


def takes_arguments(comp: MarkdownComponent) -> bool:
    """The command or skill says it takes arguments: `argument-hint`, `arguments`, or `$ARGUMENTS` / `$N` in its
    running text."""
    data = fm_data(comp)
    if data.get("argument-hint") or data.get("arguments"):
        return True
    for _off, line in body_lines_outside_fences(comp.body):
        if _CODE_ARGUMENTS.search(line) or _CODE_POSITIONAL.search(line):
            return True
    return False


def placeholder_in_code_check(ctx: Context, comp: MarkdownComponent) -> Iterator[Diagnostic]:
    """`$1` / `$ARGUMENTS` inside fenced code that Claude Code substitutes although the author meant it literally.

    Reported once per code block: `$N` in any block of a component that takes no arguments (shell, SQL, awk or
    regex syntax, not an argument), and `$N` / `$ARGUMENTS` in a Markdown block (an example of another file)."""
    sf = md_file(comp)
    if sf is None or sf.fm is None or "$" not in comp.body:
        return
    body = comp.body
    if not _CODE_ANY.search(body):
        return  # every match of the two patterns below starts with this (a literal-led scan of the whole body)
    base = sf.fm.body_line if sf.fm.present else 1
    takes = None
    for _start, lang, lines in fenced_blocks(body):
        example = lang in _EXAMPLE_LANGS
        hits: list[tuple[int, int, str]] = []
        for off, line in lines:
            for m in _CODE_POSITIONAL.finditer(line):
                hits.append((off, m.start(), m.group(0)))
            if example:
                for m in _CODE_ARGUMENTS.finditer(line):
                    hits.append((off, m.start(), m.group(0)))
        if not hits:
            continue
        if not example:
            if takes is None:
                takes = takes_arguments(comp)
            if takes:
                continue  # `$1` may well be the argument here
        hits.sort()
        off, col, text = hits[0]
        names = ", ".join(dict.fromkeys(h[2] for h in hits))
        what = "this example file" if example else f"this {lang or 'code'} block"
        kind = "skill" if comp.KIND == "skill" else "command"
        yield ctx.at(
            f"{names} in {what} is replaced by Claude Code when the {kind} is invoked with arguments "
            "(it substitutes the whole body, code blocks included)",
            file=sf,
            line=base + off,
            column=col + 1,
            hint=f"write \\{text} to keep it literal when arguments are given, or use another name in the example",
        )


def allowed_tools_check(ctx: Context, comp: MarkdownComponent) -> Iterator[Diagnostic]:
    """`allowed-tools` entries that name no tool of Claude Code: a wrong case (`read`, fixed safely to `Read`) or
    an unknown name. Either pre-approves nothing (permission rules name tools exactly)."""
    sf = md_file(comp)
    v = fm_data(comp).get("allowed-tools")
    if sf is None or not is_tools_value(v):
        return
    case: dict[str, str] = {}
    unknown: list[str] = []
    for t in split_tools(v):
        base = t.split("(", 1)[0].strip()
        if not base or base in KNOWN_TOOLS or base == "*" or base.startswith("mcp__") or "*" in base:
            continue
        if base.lower() in KNOWN_TOOLS_BY_LOWER:
            case[base] = KNOWN_TOOLS_BY_LOWER[base.lower()]
        else:
            unknown.append(t)
    case_fix = (
        make_fix("fix the case of the tool names", fm_value_token_edits(sf, "allowed-tools", case)) if case else None
    )
    for wrong, right in case.items():
        yield ctx.at(
            f"allowed-tools names {wrong!r}; tool names are case-sensitive, so it pre-approves nothing",
            file=sf,
            span=fm_token_span(sf, "allowed-tools", wrong),
            fm_key="allowed-tools",
            fm_value=True,
            hint=f"write {right}",
            fix=case_fix,  # safe: the tool the author named, in the case Claude Code matches
        )
    for t in unknown:
        base = t.split("(", 1)[0].strip()
        close = difflib.get_close_matches(base, sorted(KNOWN_TOOLS), n=1, cutoff=0.8)
        yield ctx.at(
            f"allowed-tools names {base!r}, which is no tool of Claude Code; the entry pre-approves nothing",
            file=sf,
            span=fm_token_span(sf, "allowed-tools", t),
            fm_key="allowed-tools",
            fm_value=True,
            hint=f"did you mean {close[0]}?" if close else "MCP tools are named mcp__<server>__<tool>",
        )
