"""File-level rules: what could not be read or parsed, with the position of the problem."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic, Span
from ..base.fixtypes import make_fix
from ..lint.context import Context
from ..lint.registry import rule
from ..model.plugin import Project, SourceFile
from ..parse.edits import (
    fm_add_closing_marker,
    fm_quote_value,
    remove_bom,
    text_replace,
)
from ..parse.frontmatter import split, strict_reading

_BOM_STRICT = (".mcp.json", "hooks.json")


@rule("FILE001", "nothing-plugin-like", area="layout", severity=ERROR, target="project", sources=["PVA001"])
def nothing_plugin_like(ctx: Context, project: Project) -> Iterator[Diagnostic]:
    """The folder holds nothing plugin-like.

    plugin-tui looks for `.claude-plugin/plugin.json`, `.claude-plugin/marketplace.json`, plugin folders
    below the root, or default component locations (`commands/`, `agents/`, `skills/`, `hooks/hooks.json`,
    `.mcp.json`, a root `SKILL.md`). With none of them, Claude Code would load nothing from here either.

    Wrong: running `plugin-tui check ~/src` on a folder of unrelated projects.
    Right: `plugin-tui check ~/src/my-plugin`, the folder that holds `.claude-plugin/plugin.json`.
    """
    if project.kind == "none":
        yield ctx.at(
            f"no plugin or marketplace found: {project.note}",
            file=None,
            hint="point plugin-tui at the folder that holds .claude-plugin/plugin.json or marketplace.json",
        )


@rule(
    "FILE002",
    "file-unreadable",
    area="layout",
    severity=ERROR,
    target="file",
    sources=["PVA040", "AGT002", "HKS002", "SET002", "SET003", "PFM002"],
)
def file_unreadable(ctx: Context, sf: SourceFile) -> Iterator[Diagnostic]:
    """A file that a component needs could not be read.

    The file is a FIFO, socket or device, a directory where a file belongs, a dangling symlink or a loop, or it
    vanished or was unreadable while it was scanned: Claude Code cannot load it either (error). A binary, UTF-16
    or otherwise non-UTF-8 Markdown file is read as garbled text: Claude Code loads it, but its frontmatter and
    text are not what the author wrote (warning); a JSON file like that does not parse (error). Oversized files
    have their own rule (FILE003).

    Wrong: `agents/reviewer.md` saved as UTF-16 by an editor.
    Right: save it as UTF-8 text.
    """
    if sf.problem and "limit" not in sf.problem:
        garbled = sf.problem.startswith(("is UTF-16", "is a binary file", "is not valid UTF-8"))
        json_file = sf.rel.endswith(".json")
        if garbled and not json_file:
            yield ctx.at(
                f"{sf.rel.rsplit('/', 1)[-1]} {sf.problem}; Claude Code loads it as garbled text",
                file=sf,
                line=sf.problem_line,
                column=sf.problem_column,
                severity=WARNING,
            )
        elif garbled and sf.problem.startswith("is not valid UTF-8"):
            # the JSON parser sees replacement characters, usually inside a string: the file still parses
            yield ctx.at(
                f"{sf.rel.rsplit('/', 1)[-1]} {sf.problem}",
                file=sf,
                line=sf.problem_line,
                column=sf.problem_column,
                severity=WARNING,
            )
        else:
            yield ctx.at(
                f"{sf.rel.rsplit('/', 1)[-1]} {sf.problem}", file=sf, line=sf.problem_line, column=sf.problem_column
            )


@rule("FILE003", "file-too-large", area="layout", severity=WARNING, target="file", sources=["PVA040"])
def file_too_large(ctx: Context, sf: SourceFile) -> Iterator[Diagnostic]:
    """A component file is larger than the read limit and was not checked.

    plugin-tui, like Claude Code, reads at most 1 MiB of a component file. Claude Code skips a command, agent,
    skill or output style over that limit ("Skipping plugin agent …: not a regular file or exceeds 1048576 byte
    limit"), so it never loads (error); for other files it is a warning. A larger SKILL.md, agent or JSON file is
    almost always a mistake (a pasted log, a generated blob).

    Wrong: a 30 MB `skills/data/SKILL.md`.
    Right: keep SKILL.md small and move data to files the skill references.
    """
    if sf.problem and "limit" in sf.problem:
        if sf.rel in _markdown_components(ctx.project):
            yield ctx.at(
                f"{sf.rel.rsplit('/', 1)[-1]} {sf.problem}; Claude Code skips it, so this component never loads",
                file=sf,
                severity=ERROR,
            )
        else:
            yield ctx.at(f"{sf.rel.rsplit('/', 1)[-1]} {sf.problem}", file=sf)


def _markdown_components(project: Project) -> set[str]:
    """Files of the commands, agents, skills and output styles Claude Code reads as Markdown (1 MiB at most)."""
    out: set[str] = set()
    for p in project.plugins:
        for c in (*p.commands, *p.agents, *p.skills, *p.output_styles):
            if c.file is not None and c.file.rel.lower().endswith(".md"):
                out.add(c.file.rel)
    return out


@rule(
    "FILE004",
    "json-syntax",
    area="layout",
    severity=ERROR,
    target="file",
    sources=["OFF001", "OFF017", "PVA002", "PVA023", "PVA028", "HKS003", "THK006"],
)
def json_syntax(ctx: Context, sf: SourceFile) -> Iterator[Diagnostic]:
    """A JSON file does not parse.

    A manifest that does not parse makes the plugin fail to load; a `hooks/hooks.json` that does not parse
    loads no hooks; a `.mcp.json` that does not parse loads no servers. The diagnostic points at the
    character where the parser stopped.

    Wrong: `{"name": "my-plugin",}` (trailing comma).
    Right: `{"name": "my-plugin"}`.
    """
    if sf.json is not None and sf.json.error is not None:
        e = sf.json.error
        # a plugin's settings.json is optional and only two of its keys are read: Claude Code ignores a broken one
        optional = sf.rel.rsplit("/", 1)[-1] == "settings.json"
        yield ctx.at(
            e.message + ("; Claude Code ignores this settings file" if optional else ""),
            file=sf,
            line=e.line,
            column=e.column,
            severity=WARNING if optional else None,
        )


@rule("FILE005", "json-bom", area="layout", severity=ERROR, target="file", sources=["OFF017"])
def json_bom(ctx: Context, sf: SourceFile) -> Iterator[Diagnostic]:
    """A JSON file starts with a UTF-8 byte-order mark.

    Claude Code rejects a BOM in `.mcp.json` and `hooks/hooks.json` (no servers or hooks load) and the
    public directory rejects it in `plugin.json`. Editors on Windows add it silently.

    Wrong: the bytes `EF BB BF` before `{`.
    Right: save the file as UTF-8 without BOM.
    """
    if sf.kind == "json" and sf.bom:
        strict = sf.rel.endswith(_BOM_STRICT)
        yield ctx.at(
            "file starts with a UTF-8 byte-order mark"
            + ("; Claude Code rejects it here" if strict else "; some tools reject it"),
            file=sf,
            line=1,
            column=1,
            severity=ERROR if strict else WARNING,
            hint="save the file as UTF-8 without a BOM",
            fix=make_fix("remove the byte-order mark", remove_bom(sf)),
        )


@rule("FILE006", "json-duplicate-key", area="layout", severity=WARNING, target="file", sources=["PVA002"])
def json_duplicate_key(ctx: Context, sf: SourceFile) -> Iterator[Diagnostic]:
    """An object repeats a member name; the last one silently wins.

    JSON parsers keep only the last value of a repeated key, so the first definition is dead text that
    readers of the file still believe in.

    Wrong: `{"name": "a", "version": "1.0.0", "name": "b"}`.
    Right: one `name`.
    """
    if sf.json is not None and sf.json.ok and sf.json.has_duplicates:
        for pointer, span in sf.json.duplicate_keys():
            yield ctx.at(f"duplicate key {pointer[-1]!r}: only the last value is used", file=sf, span=span)


@rule(
    "FILE007",
    "frontmatter-invalid-yaml",
    area="layout",
    severity=WARNING,
    target="file",
    sources=["OFF018", "IMP016", "SKR001", "PVA011", "PVA019", "AGT005", "AGT010"],
)
def frontmatter_invalid(ctx: Context, sf: SourceFile) -> Iterator[Diagnostic]:
    """YAML frontmatter does not parse, even with Claude Code's lenient retry.

    Claude Code then loads the skill, command or agent with empty metadata ("Failed to parse YAML frontmatter"):
    the description, tools and model are silently dropped (a plugin agent gets the placeholder "Agent from
    <plugin> plugin").
    Typical breakers: an unquoted `: ` on a continuation line, a multi-line description whose lines start at
    column 0, unbalanced quotes, YAML tags such as `!!python/object`, and CRLF line ends: Claude Code's retry
    never re-quotes a line that ends in "\r", so `description: Use this: when` breaks a CRLF file that loads
    with LF line ends.

    Wrong:
        description: Use this agent when
        user: "review my code"
    Right:
        description: |
          Use this agent when …
    """
    if sf.kind == "markdown" and sf.fm is not None and sf.fm.error is not None and not sf.rel.endswith(".local.md"):
        e = sf.fm.error
        hint = "quote the value, or use a block scalar (`description: |`) for multi-line text"
        if "\r" in sf.fm.raw and sf.text is not None and split(sf.text.replace("\r\n", "\n")).ok:
            hint = (
                "save the file with LF line ends (Claude Code's automatic quoting skips lines that end in CR), "
                "or " + hint
            )
        yield ctx.at(
            f"frontmatter {e.message}; Claude Code loads this file with empty metadata",
            file=sf,
            line=e.line,
            column=e.column,
            hint=hint,
        )


@rule("FILE008", "frontmatter-auto-quoted", area="layout", severity=WARNING, target="file", sources=["IMP017"])
def frontmatter_repaired(ctx: Context, sf: SourceFile) -> Iterator[Diagnostic]:
    """Frontmatter only parses after Claude Code's automatic quoting (or its tabs-to-spaces step).

    When a frontmatter fails to parse, Claude Code retries with the values of `key: value` lines that hold
    `: ` or `{ } [ ] * & # ! | > % @` or a backtick wrapped in quotes (a value already quoted at both ends, or
    a flow array such as `["Read", "Grep"]`, is kept), and with leading tabs turned into spaces. It loads,
    but other YAML readers (CI scripts, the public directory, other agent tools) reject such a line or read
    it differently. A line Claude Code re-quotes that strict YAML reads the same (`allowed-tools: Bash(git:*)`)
    is fine and not reported.

    Wrong: `argument-hint: [pr-number] [priority]`
    Right: `argument-hint: "[pr-number] [priority]"`
    """
    if sf.kind != "markdown" or sf.fm is None or not sf.fm.repaired or sf.fm.error is not None:
        return
    flagged = []
    for line in sf.fm.repaired_lines:
        text = sf.line_text(line)
        value = text.split(":", 1)[1].strip(" \t") if ":" in text else ""
        how = strict_reading(value)
        if how:
            flagged.append((line, text, how))
    # one fix quotes every flagged line at once: quoting only some can change how the others parse
    title = "quote the value" if len(flagged) == 1 else f"quote the {len(flagged)} values"
    fix = make_fix(title, [fm_quote_value(sf, t.split(":", 1)[0], line=n) for n, t, _ in flagged]) if flagged else None
    for line, text, how in flagged:
        key = text.split(":", 1)[0]
        yield ctx.at(
            f"'{key}' only parses after automatic quoting; other YAML readers {how}",
            file=sf,
            span=_line_span(line, text),
            hint="quote the value",
            fix=fix,
        )
    for line in sf.fm.retabbed_lines:
        text = sf.line_text(line)
        tabs = len(text) - len(text.lstrip("\t"))
        yield ctx.at(
            "line indented with a tab: Claude Code reads it only after turning tabs into spaces; other "
            "YAML readers reject it",
            file=sf,
            span=_line_span(line, text),
            hint="indent with spaces",
            fix=make_fix("indent with spaces", text_replace(sf, Span(line, 1, line, tabs + 1), "  " * tabs)),
        )


@rule("FILE009", "frontmatter-unclosed", area="layout", severity=WARNING, target="file", sources=["AGT004", "SET004"])
def frontmatter_unclosed(ctx: Context, sf: SourceFile) -> Iterator[Diagnostic]:
    """Frontmatter opened with `---` is never closed.

    Without the closing `---` line the whole file is read as frontmatter or as body, depending on the
    reader; Claude Code finds no frontmatter block and loads the whole file, `---` line included, as the body,
    with no metadata.

    Wrong: `---`, `name: x`, then the body, with no second `---`.
    Right: close the block with a `---` line before the body.
    """
    if sf.kind == "markdown" and sf.fm is not None and sf.fm.present and not sf.fm.closed:
        yield ctx.at(
            "frontmatter is not closed (no second '---' line); Claude Code loads this file without metadata",
            file=sf,
            line=1,
            column=1,
            hint="add a line with '---' after the last frontmatter key",
            fix=make_fix("add the closing '---' line", fm_add_closing_marker(sf)),
        )


@rule("FILE010", "frontmatter-not-mapping", area="layout", severity=WARNING, target="file", sources=["OFF018"])
def frontmatter_not_mapping(ctx: Context, sf: SourceFile) -> Iterator[Diagnostic]:
    """Frontmatter parses but is not a mapping of keys to values.

    Claude Code requires `key: value` pairs; a list or a bare string loads as empty metadata.

    Wrong: `- name: x`
    Right: `name: x`
    """
    if sf.kind == "markdown" and sf.fm is not None and sf.fm.not_mapping and not sf.rel.endswith(".local.md"):
        yield ctx.at(
            f"frontmatter must be a YAML mapping of keys to values, got {sf.fm.not_mapping}; Claude Code "
            "loads this file with empty metadata",
            file=sf,
            line=sf.fm.start_line,
            column=1,
        )


@rule(
    "FILE011", "walk-problem", area="layout", severity=WARNING, target="project", sources=["PVA040", "OFF059", "IMP025"]
)
def walk_problem(ctx: Context, project: Project) -> Iterator[Diagnostic]:
    """Part of the tree could not be read: an unreadable folder, a symlink loop, a link out of the root.

    plugin-tui never follows a symlink out of the root or around a loop, and never opens FIFOs or devices.
    Claude Code skips symlinks that leave the plugin when it installs from a marketplace, so such a
    link works on the author's machine and breaks for users.

    Wrong: `skills/shared -> ../../other-repo/skills`.
    Right: copy the files into the plugin, or keep the link inside the plugin folder.
    """
    for rel, message in project.index.problems:
        yield ctx.at(f"{rel or '.'}: {message}", file=rel or None)
    for rel, e in project.index.entries.items():
        if e.kind != "symlink":
            continue
        if e.link_kind == "loop":
            yield ctx.at(f"symlink loop: {rel} -> {e.link_target}; not followed", file=rel)
        elif e.link_kind == "outside":
            yield ctx.at(
                f"symlink points outside the root: {rel} -> {e.link_target}; Claude Code skips it when "
                "installing from a marketplace",
                file=rel,
            )
        elif e.link_kind == "missing":
            yield ctx.at(f"dangling symlink: {rel} -> {e.link_target}", file=rel, severity=INFO)
        elif e.link_kind in ("fifo", "socket", "device"):
            yield ctx.at(f"symlink to a {e.link_kind}: {rel}; not opened", file=rel)


def _line_span(line: int, text: str) -> Span:
    return Span(line, 1, line, len(text) + 1)


_ODD_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@rule("FILE012", "odd-file-name", area="layout", severity=WARNING, target="project", sources=["PVA032", "PVA040"])
def odd_file_name(ctx: Context, project: Project) -> Iterator[Diagnostic]:
    """A file or folder name holds control characters, a newline or bidirectional-override characters.

    Such names break shell scripts and CI logs, and right-to-left overrides make a name display differently
    from what it is (`evil\u202egnp.sh` shows as `evilhs.png`). Terminal escape sequences in a name can rewrite
    what a terminal shows. plugin-tui prints such names escaped.

    Wrong: `commands/deploy\\n.md`, `scripts/run\u202etxt.sh`.
    Right: plain names of letters, digits, `-`, `_` and `.`.
    """
    from ..base.text import safe_text

    for rel in project.index.entries:
        name = rel.rsplit("/", 1)[-1]
        if _ODD_NAME.search(name):
            yield ctx.at(
                f"name holds control or bidirectional-override characters: {safe_text(rel, True)}",
                file=rel,
                hint="rename it to plain letters, digits, '-', '_' and '.'",
            )
