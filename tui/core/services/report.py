"""Report formats for ``plugin-tui check``: text, json, sarif (2.1.0), github.

The JSON shape is a stable contract (``root``, ``kind``, ``diagnostics`` sorted by path, line, column and code,
``summary``): extend it, never break it.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import quote

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..base.text import safe_text
from ..base.version import CLAUDE_CODE_VERSION, __version__

if TYPE_CHECKING:  # a cached check reports without importing the model (tui/core/lint/cache.py)
    from ..model.plugin import Project

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"  # the uriBaseId of locations relative to the current folder


class PathView:
    """How the human and CI formats (text, github, sarif) name a file: relative to the current folder, as ruff and
    eslint do, so that `plugin-tui check plugins/foo --format github` run from a repository's root annotates
    `plugins/foo/hooks/hooks.json` (GitHub reads such a path from the repository's root); absolute for a file
    outside the current folder. The JSON report keeps ``root`` plus root-relative paths (the contract).

    ``root`` is the root as it was given (made absolute, symlinks kept, so the names are the user's own).
    """

    def __init__(self, root: str | os.PathLike, cwd: str | None = None) -> None:
        self.root = os.path.abspath(root)
        if cwd is None:
            try:
                cwd = os.getcwd()
            except OSError:  # the current folder was deleted: name every file absolutely
                cwd = None
        self.cwd = os.path.abspath(cwd) if cwd is not None else None

    def absolute(self, rel: str | None) -> str:
        return os.path.normpath(os.path.join(self.root, rel)) if rel else self.root

    def relative(self, rel: str | None) -> str | None:
        """The path from the current folder with ``/`` separators, or None when the file is outside it."""
        if self.cwd is None:
            return None
        a = self.absolute(rel)
        if a == self.cwd:
            return "."
        prefix = self.cwd.rstrip(os.sep) + os.sep
        if a.startswith(prefix):
            return a[len(prefix) :].replace(os.sep, "/")
        return None

    def show(self, rel: str | None) -> str:
        """The name to print: relative to the current folder, else absolute."""
        r = self.relative(rel)
        return r if r is not None else self.absolute(rel).replace(os.sep, "/")

    def uri(self, rel: str | None) -> tuple[str, bool]:
        """A SARIF ``artifactLocation.uri``: (percent-encoded path relative to the current folder, True), or
        (absolute ``file:`` URI, False) for a file outside it."""
        r = self.relative(rel)
        if r is not None:
            return quote(r, safe="/"), True
        return Path(self.absolute(rel)).as_uri(), False

    def cwd_uri(self) -> str | None:
        return Path(self.cwd).as_uri().rstrip("/") + "/" if self.cwd is not None else None


def files_checked(project: Project) -> int:
    """The files of the project: every file the walk found under the root (skipped folders such as ``.git`` and
    ``node_modules`` aside). Not ``len(project.files)``, which holds the files some rule happened to read, so it
    changed with ``--profile``, ``--select`` and ``--ignore``."""
    return sum(1 for e in project.index.entries.values() if e.is_file)


def summary(project: Project, diags: list[Diagnostic]) -> dict:
    c = Counter(d.severity for d in diags)
    return {
        "errors": c.get(ERROR, 0),
        "warnings": c.get(WARNING, 0),
        "infos": c.get(INFO, 0),
        "files": files_checked(project),
        "plugins": len(project.plugins),
    }


def to_json(project: Project, diags: list[Diagnostic], root_given: str | None = None) -> dict:
    return {
        "tool": {"name": "plugin-tui", "version": __version__},
        "claude_code": CLAUDE_CODE_VERSION,  # the Claude Code release whose behaviour the rules follow
        "root": str(root_given if root_given is not None else project.root),
        "kind": project.kind if project.kind in ("plugin", "marketplace") else "plugin",
        "diagnostics": [d.to_json() for d in diags],
        "summary": summary(project, diags),
    }


def render_json(
    project: Project, diags: list[Diagnostic], out: IO[str], root_given: str | None = None, compact: bool = False
) -> None:
    data = to_json(project, diags, root_given)
    if compact:
        out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    else:
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _gh_escape(s: str, prop: bool = False) -> str:
    s = safe_text(s)
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def render_github(project: Project, diags: list[Diagnostic], out: IO[str], root_given: str | None = None) -> None:
    """``::error file=…`` workflow commands; ``file`` is relative to the current folder (see :class:`PathView`)."""
    view = PathView(root_given if root_given is not None else project.root)
    level = {ERROR: "error", WARNING: "warning", INFO: "notice"}
    for d in diags:
        props = []
        if d.path:
            props.append(f"file={_gh_escape(view.show(d.path), True)}")
        if d.line:
            props.append(f"line={d.line}")
            if d.column:
                props.append(f"col={d.column}")
            if d.end_line:
                props.append(f"endLine={d.end_line}")
            if d.end_column and d.end_line == d.line:
                props.append(f"endColumn={d.end_column}")
        props.append(f"title={_gh_escape(d.code, True)}")
        msg = d.message + (f" (hint: {d.hint})" if d.hint else "")
        out.write(f"::{level[d.severity]} {','.join(props)}::{_gh_escape(msg)}\n")


def _sarif_message(d: Diagnostic) -> dict[str, str]:
    """A result's message: ``text`` is the finding alone (what GitHub code scanning shows as the alert's message);
    a hint, what to do about it, is kept apart in the result's ``properties.hint`` and follows the message as its
    own paragraph in ``markdown``, for viewers that render it."""
    if not d.hint:
        return {"text": d.message}
    return {"text": d.message, "markdown": f"{_md_escape(d.message)}\n\n**Hint:** {_md_escape(d.hint)}"}


_CODE_SPAN = re.compile(r"(`[^`\n]*`)")
_INLINE = re.compile(r"([\\`*_\[\]<>#|~&!])")  # what starts emphasis, code, links, HTML, entities, tables
_BULLET = re.compile(r"^([-+=])")  # at a line's start: a list item, a setext heading's underline
_NUMBERED = re.compile(r"^(\d+)([.)])")  # at a line's start: an ordered list item


def _md_escape(text: str) -> str:
    """Plain text for Markdown that shows as the text reads. The messages quote names and values in backticks,
    which stay code spans when every backtick pairs up on its line (else a value's own backtick would open a
    span: then none is code). Outside them every character that would start emphasis, a link, HTML, an entity, a
    table or strikethrough is escaped, and at a line's start what would make a list, quote, heading or code
    block; a line break stays a line break (a hard one), a blank line a paragraph break."""
    paired = all(
        line.count("`") % 2 == 0 and "".join(_CODE_SPAN.split(line)[::2]).count("`") == 0 for line in text.split("\n")
    )
    out = []
    for line in text.split("\n"):
        parts = _CODE_SPAN.split(line) if paired else [line]
        esc = "".join(p if i % 2 else _INLINE.sub(r"\\\1", p) for i, p in enumerate(parts))
        esc = esc.lstrip(" \t")  # four spaces would make a code block; Markdown does not show them anyway
        esc = _NUMBERED.sub(r"\1\\\2", _BULLET.sub(r"\\\1", esc))  # (a code span at the start: no match)
        out.append(esc)
    joined = ""
    for i, line in enumerate(out):
        if i:
            # a hard break between two lines of a paragraph; a blank line stays the paragraph's end
            joined += "\\\n" if line and out[i - 1] else "\n"
        joined += line.rstrip(" ")  # two trailing spaces are a hard break: the line break says that already
    return joined


_UNREGISTERED = {
    "INT001": (
        "A rule of plugin-tui failed on this project",
        "plugin-tui itself failed while running one of its rules here: the message names the rule and the error. "
        "The other rules ran; what this one checks was not checked. Please report it with the file it names.",
    ),
    "": ("A finding of plugin-tui", "See the message; plugin-tui has no description of this code."),
}


def to_sarif(project: Project, diags: list[Diagnostic], root_given: str | None = None) -> dict:
    """SARIF 2.1.0. A location's ``uri`` is relative to the current folder with ``uriBaseId`` ``%SRCROOT%``
    (resolved in ``originalUriBaseIds``; GitHub code scanning reads a relative uri from the repository's root,
    which is where a CI job runs), or an absolute ``file:`` URI without a base for a file outside that folder."""
    from ..lint.registry import get_rule

    view = PathView(root_given if root_given is not None else project.root)

    codes = sorted({d.code for d in diags})
    rules = []
    index = {}
    for i, code in enumerate(codes):
        index[code] = i
        r = get_rule(code)
        entry: dict = {"id": code}
        if r is not None:
            entry["name"] = r.name
            entry["shortDescription"] = {"text": r.summary}
            entry["fullDescription"] = {"text": r.explanation}
            entry["help"] = {"text": r.explanation}  # what code scanning shows under an alert: Wrong / Right
            entry["defaultConfiguration"] = {"level": _sarif_level(r.severity)}
            entry["properties"] = {"area": r.area, "sources": list(r.sources), "profiles": list(r.profiles)}
        else:  # not a registered rule (INT001: a rule crashed): still named, described and with help
            short, help_text = _UNREGISTERED.get(code, _UNREGISTERED[""])
            entry["name"] = "internal-error" if code == "INT001" else code.lower()
            entry["shortDescription"] = {"text": short}
            entry["help"] = {"text": help_text}
        rules.append(entry)
    results = []
    for d in diags:
        res: dict = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _sarif_level(d.severity),
            "message": _sarif_message(d),
        }
        res["locations"] = [_sarif_location(view, d.path, d.line, d.column, d.end_line, d.end_column)]
        if d.related:
            related = []
            for i, rel in enumerate(d.related):
                rloc = _sarif_location(view, rel.path, rel.line, rel.column, rel.end_line, rel.end_column)
                rloc["id"] = i
                if rel.message:
                    rloc["message"] = {"text": rel.message}
                related.append(rloc)
            res["relatedLocations"] = related
        props = {k: v for k, v in (("plugin", d.plugin), ("hint", d.hint)) if v}
        if props:
            res["properties"] = props
        results.append(res)
    run: dict = {
        "tool": {
            "driver": {
                "name": "plugin-tui",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://github.com/plugin-tui/plugin-tui",
                "properties": {"claudeCodeVersion": CLAUDE_CODE_VERSION},
                "rules": rules,
            }
        },
    }
    cwd_uri = view.cwd_uri()
    if cwd_uri is not None:
        run["invocations"] = [{"executionSuccessful": True, "workingDirectory": {"uri": cwd_uri}}]
        run["originalUriBaseIds"] = {SRCROOT: {"uri": cwd_uri}}
    run["results"] = results
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    }


def _sarif_location(
    view: PathView,
    path: str | None,
    line: int | None,
    column: int | None,
    end_line: int | None,
    end_column: int | None,
) -> dict:
    uri, relative = view.uri(path)
    art = {"uri": uri, "uriBaseId": SRCROOT} if relative else {"uri": uri}
    loc: dict = {"physicalLocation": {"artifactLocation": art}}
    if line:
        region = {"startLine": line, "startColumn": column or 1}
        if end_line:
            region["endLine"] = end_line
        if end_column and (end_line or line) >= line:
            end_col = end_column
            if (end_line or line) == line and end_col <= region["startColumn"]:
                end_col = region["startColumn"] + 1
            region["endColumn"] = end_col
        loc["physicalLocation"]["region"] = region
    return loc


def _sarif_level(sev: str) -> str:
    return {ERROR: "error", WARNING: "warning", INFO: "note"}[sev]


def render_sarif(project: Project, diags: list[Diagnostic], out: IO[str], root_given: str | None = None) -> None:
    out.write(json.dumps(to_sarif(project, diags, root_given), ensure_ascii=False, indent=2) + "\n")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(project: Project, diags: list[Diagnostic]) -> str:
    s = summary(project, diags)
    what = f"{_plural(s['plugins'], 'plugin')}, {_plural(s['files'], 'file')}"
    if not diags:
        return f"No problems found ({what})."
    return (
        f"{_plural(s['errors'], 'error')}, {_plural(s['warnings'], 'warning')}, {_plural(s['infos'], 'info')} ({what})."
    )


def exit_code(diags: Iterable[Diagnostic], strict: bool) -> int:
    for d in diags:
        if d.severity == ERROR or (strict and d.severity == WARNING):
            return 1
    return 0
