"""Skills (`skills/<name>/SKILL.md`): frontmatter, listing budget, referenced files, plugin-dev style."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..base.fixtypes import Fix, make_fix
from ..lint.context import Context
from ..lint.registry import rule
from ..model.analysis import (
    SkillInfo,
    body_lines_outside_fences,
    quoted_phrases,
    skill_info,
    text_field,
)
from ..model.loader import SKILL_FOLDER_WITHOUT_SKILL_MD
from ..model.plugin import Plugin, Skill, SourceFile
from ..parse.edits import chmod_x, fm_insert_key, fm_set_value, offset_of, rename_file, text_replace
from ._kit.markdown import (
    LEGACY_SKILL_KEYS,
    SKILL_KEYS,
    allowed_tools_check,
    body_empty_check,
    common_type_checks,
    description_fix,
    empty_or,
    fm_data,
    fm_state,
    kebab,
    kebab_name_fix,
    listing_check,
    md_file,
    model_check,
    placeholder_in_code_check,
    positional_check,
    unknown_keys,
)

_SKILL_HINTS = {
    "allowed_tools": "did you mean 'allowed-tools'?",
    "allowedTools": "did you mean 'allowed-tools'?",
    "tools": "skills use 'allowed-tools'",
    "when-to-use": "did you mean 'when_to_use'?",
    "whenToUse": "did you mean 'when_to_use'?",
}
_SKILL_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_XML = re.compile(r"<\s*/?\s*[A-Za-z][\w-]*(?:\s[^<>]*)?>")


def _info(ctx: Context, skill: Skill) -> SkillInfo:
    key = ("skill_info", skill.key)
    if key not in ctx.cache:
        ctx.cache[key] = skill_info(skill, ctx.project.index)
    info: SkillInfo = ctx.cache[key]
    return info


@rule("SKL001", "skill-no-frontmatter", area="skills", severity=WARNING, target="skill", sources=["SKR001"])
def skill_no_frontmatter(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """A SKILL.md has no frontmatter block.

    The skill loads under its folder name with the first paragraph as its description; Claude rarely picks
    a skill whose description is an accident of its first paragraph.

    Wrong: `skills/pdf/SKILL.md` starting with `# PDF tools`.
    Right:
        ---
        name: pdf
        description: Extract text and tables from PDF files. Use when the user mentions PDFs.
        ---
    """
    sf = md_file(skill)
    if sf is not None and fm_state(skill) == "none":
        yield ctx.at(
            empty_or("no frontmatter block: the skill has no description for Claude to match", sf),
            file=sf,
            line=1,
            column=1,
            hint="start SKILL.md with a `---` block holding name and description",
            # unsafe: a frontmatter block with a description taken from the body
            fix=description_fix(sf, skill.body),
        )


@rule(
    "SKL002", "skill-description-missing", area="skills", severity=WARNING, target="skill", sources=["SKR002", "PVA019"]
)
def skill_description_missing(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """A skill's frontmatter has no description.

    Claude decides when to load a skill from its description; without one it falls back to the first
    paragraph of the body.

    Wrong: `name: pdf` alone.
    Right: `description: Extract text and tables from PDF files. Use when the user mentions PDFs.`
    """
    sf = md_file(skill)
    data = fm_data(skill)
    if sf is not None and fm_state(skill) == "ok" and data.get("description") in (None, ""):
        yield ctx.at(
            "no description in frontmatter: Claude cannot tell when to use this skill",
            file=sf,
            fm_key="description" if "description" in data else None,
            line=None if "description" in data else 1,
            hint="add `description:` saying what the skill does and when to use it",
            # unsafe: a description taken from the body's first sentence or heading
            fix=description_fix(sf, skill.body),
        )


@rule("SKL003", "skill-field-type", area="skills", severity=WARNING, target="skill")
def skill_field_type(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """A skill frontmatter field has the wrong type or value.

    Claude Code 2.1.332 loads the skill, but drops or misreads the field: a description that is a list or mapping
    is omitted (the first paragraph is used), a name that is not a string is read as text, an `allowed-tools` that
    is not a string or list of strings reads as no tools, a `shell` other than bash/powershell falls back to bash,
    a `metadata` that is not a mapping is dropped, and booleans, `effort` or `context` with unknown values are
    ignored.

    Wrong: `name: true` (a YAML boolean), `shell: zsh`.
    Right: `name: "true"` if you must, `shell: bash`.
    """
    # the fix (safe) quotes a value YAML reads as the wrong type (`name: true`, `argument-hint: [file]`)
    yield from common_type_checks(ctx, skill, "skill")


@rule("SKL004", "skill-name-format", area="skills", severity=INFO, target="skill", sources=["IMP018"])
def skill_name_format(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """A skill name is not lowercase-hyphen, is over 64 characters, or contains "claude"/"anthropic".

    Claude Code 2.1.332 uses the name as written (a name with spaces also answers to its folder name) and ignores a
    name over 256 characters (a warning: the folder name is used). The rest is portability advice: the Agent
    Skills format (claude.ai upload, the API) requires lowercase letters, digits and hyphens, at most 64
    characters, and reserves the words "claude" and "anthropic". A name that differs from the folder name is
    noted too.

    Wrong: `name: PDF Tools`, `name: claude-helper`.
    Right: `name: pdf-tools`.
    """
    n = fm_data(skill).get("name")
    sf = md_file(skill)
    if sf is None or not isinstance(n, str) or not n:
        return
    if not _SKILL_NAME.match(n):
        slug = re.sub(r"[^a-z0-9]+", "-", n.lower()).strip("-")
        yield ctx.at(
            f"skill name {n!r} should be lowercase letters, digits and hyphens",
            file=sf,
            fm_key="name",
            fm_value=True,
            hint=f"name: {slug}" if slug else None,
            # kebab-case the name: safe unless other files mention the old name
            fix=kebab_name_fix(ctx, skill, sf, n),
        )
    if len(n) > 256:
        yield ctx.at(
            f"skill name is {len(n)} characters; Claude Code ignores a name over 256 characters and uses "
            "the folder name",
            file=sf,
            fm_key="name",
            fm_value=True,
            severity=WARNING,
        )
    elif len(n) > 64:
        yield ctx.at(
            f"skill name is {len(n)} characters; the Agent Skills format allows 64",
            file=sf,
            fm_key="name",
            fm_value=True,
        )
    low = n.lower()
    for word in ("claude", "anthropic"):
        if word in low:
            yield ctx.at(
                f"skill name contains the reserved word '{word}'",
                file=sf,
                fm_key="name",
                fm_value=True,
                hint="the Agent Skills format rejects it; choose another name",
            )
    folder = (skill.dir_rel or "").rsplit("/", 1)[-1]
    if folder and not skill.root_skill and n != folder and _SKILL_NAME.match(n):
        yield ctx.at(
            f"skill name {n!r} differs from its folder '{folder}'; the skill is invoked as /{n}",
            file=sf,
            fm_key="name",
            fm_value=True,
            severity=INFO,
        )


@rule("SKL005", "skill-description-portability", area="skills", severity=INFO, target="skill", sources=["IMP019"])
def skill_description_portability(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """A skill description has XML tags or is longer than 1,024 characters.

    Claude Code accepts it (advice), but the Agent Skills format (claude.ai upload, the Skills API) rejects
    descriptions with XML tags or over 1,024 characters.

    Wrong: `description: Use for <file> conversion`.
    Right: `description: Use for file conversion`.
    """
    d = text_field(fm_data(skill), "description")
    if not d:
        return
    sf = md_file(skill)
    m = _XML.search(d)
    if m:
        yield ctx.at(
            f"description contains an XML tag ({m.group(0)[:30]}); the Agent Skills format rejects it",
            file=sf,
            fm_key="description",
            fm_value=True,
            hint="remove the angle brackets",
            fix=_xml_free_fix(sf, d) if sf is not None else None,
        )
    if len(d) > 1024:
        yield ctx.at(
            f"description is {len(d)} characters; the Agent Skills format allows 1,024",
            file=sf,
            fm_key="description",
            fm_value=True,
        )


def _xml_free_fix(sf: SourceFile, d: str) -> Fix | None:
    """Unsafe (the description Claude reads changes): a tag with a closing partner is removed with it
    (`<b>x</b>` → `x`), a lone tag keeps its name (`<file>` → `file`)."""
    names = [m.group(1) for m in re.finditer(r"<\s*([A-Za-z][\w-]*)", d)]
    closed = {m.group(1) for m in re.finditer(r"</\s*([A-Za-z][\w-]*)\s*>", d)}

    def plain(m: re.Match[str]) -> str:
        tag = re.match(r"<\s*/?\s*([A-Za-z][\w-]*)", m.group(0))
        name = tag.group(1) if tag else ""
        return "" if name in closed else name

    new = re.sub(r"  +", " ", _XML.sub(plain, d)).strip()
    if not new or new == d or not names:
        return None
    return make_fix("remove the XML tags from the description", fm_set_value(sf, "description", new), safe=False)


@rule("SKL006", "skill-listing-truncated", area="skills", severity=WARNING, target="skill", sources=["OFF046"])
def skill_listing(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """A skill's description + `when_to_use` is longer than the 1,536 characters of the skill listing.

    Claude sees skills through a listing that truncates each entry at 1,536 characters; text past that point
    never influences when the skill is used.

    Wrong: a 2,000-character description with the trigger phrases at the end.
    Right: a focused description with the trigger phrases first.
    """
    yield from listing_check(ctx, skill)


@rule("SKL007", "skill-too-long", area="skills", severity=INFO, target="skill", sources=["IMP020"])
def skill_too_long(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """SKILL.md is longer than 500 lines.

    The whole SKILL.md is loaded into context when the skill runs; the docs advise under 500 lines and moving
    detail into files the skill reads on demand.

    Wrong: a 1,200-line SKILL.md with the full API reference.
    Right: a short SKILL.md that points to `references/api.md`.
    """
    sf = md_file(skill)
    if sf is None:
        return
    n = _info(ctx, skill).lines
    if n > 500:
        yield ctx.at(
            f"SKILL.md is {n} lines; keep it under 500 and move details to references/", file=sf, line=501, column=1
        )


@rule("SKL008", "skill-compatibility-length", area="skills", severity=WARNING, target="skill", sources=["OFF047"])
def skill_compatibility(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """A skill's `compatibility` is longer than 500 characters.

    The field accepts a string of up to 500 characters.

    Wrong: a paragraph-long compatibility note.
    Right: `compatibility: Requires Python 3.11 and poppler`.
    """
    c = fm_data(skill).get("compatibility")
    if isinstance(c, str) and len(c) > 500:
        yield ctx.at(
            f"compatibility is {len(c)} characters; at most 500 are accepted",
            file=md_file(skill),
            fm_key="compatibility",
            fm_value=True,
        )


@rule("SKL009", "skill-missing-file", area="skills", severity=WARNING, target="skill", sources=["PVA022", "SKR016"])
def skill_missing_file(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """SKILL.md links to a file that does not exist.

    Claude follows the skill's links (`[the API](references/api.md)`) and the resource paths it names in
    running text (`See references/api.md`) when it needs them; a missing file makes the skill fail halfway. A
    relative Markdown link or a plain `references/…`, `scripts/…`, `examples/…`, `assets/…` or `templates/…`
    path in running text to a missing file is a warning (an error in the plugin-dev profile, whose reviewers
    call it critical). Paths inside fenced or indented code blocks are examples (a skill that teaches how to
    write skills is full of them), not references: they are not reported; a backticked path in running text is
    SKL018's.

    Wrong: "See [the API](references/api.md)" or "See references/api.md" with no `references/api.md`.
    Right: add the file, or fix the link.
    """
    sf = md_file(skill)
    if sf is None:
        return
    prel = skill.plugin.rel if skill.plugin is not None else ""
    code_lines = None
    for ref in _info(ctx, skill).missing:
        if ref.kind == "code":
            continue  # a backticked path: SKL018's (an example as often as a reference)
        if code_lines is None:
            first = sf.fm.body_line if sf.fm is not None else 1
            code_lines = {first + off for off in indented_code_offsets(skill.body or "")}
        if ref.line in code_lines:
            continue
        inside = not prel or ref.rel == prel or (ref.rel or "").startswith(prel + "/")
        last = ref.target.rstrip("/").rsplit("/", 1)[-1]
        if inside and ("." in last or ref.target.endswith("/")):
            # Claude Code loads the skill; it fails only when Claude follows the link: an error for plugin-dev
            # (its reviewers call it critical), a warning by default
            yield ctx.at(
                f"{'linked' if ref.kind == 'link' else 'named'} file not found: {ref.target}",
                file=sf,
                line=ref.line,
                column=ref.column,
                hint=f"create {ref.rel} or fix the {'link' if ref.kind == 'link' else 'path'}",
                severity=ERROR if ctx.profile == "plugin-dev" else WARNING,
            )
        elif not inside:
            yield ctx.at(
                f"{ref.target} is not found and points outside the plugin folder, which is all that gets installed",
                file=sf,
                line=ref.line,
                column=ref.column,
                severity=WARNING,
                hint="copy the file into the skill folder and link it from there",
            )
        else:
            yield ctx.at(
                f"linked file not found: {ref.target}",
                file=sf,
                line=ref.line,
                column=ref.column,
                severity=WARNING,
                hint=f"create {ref.rel} or fix the link",
            )


@rule("SKL018", "skill-missing-file-code-span", area="skills", severity=INFO, target="skill")
def skill_missing_file_code_span(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """A backticked resource path in the running text of SKILL.md names a file that does not exist.

    "Read `references/guide.md`" is as much a reference as a link: Claude tries to read the file and fails. A
    backticked path is also how a skill that teaches skill writing shows an example, so by itself this is
    advice (info). When the file exists under a nearby name (`reference/` for `references/`, or one file of
    that name elsewhere in the skill), the path is surely a reference gone wrong: a warning, and the fix
    (unsafe) writes the existing path. Paths in fenced or indented code blocks, and on lines that say
    "for example" or "such as", are examples and are not reported.

    Wrong: "Read `references/job-post-structure.md`" when the file is `reference/job-post-structure.md`.
    Right: "Read `reference/job-post-structure.md`".
    """
    sf = md_file(skill)
    if sf is None:
        return
    code_lines = None
    for ref in _info(ctx, skill).missing:
        if ref.kind != "code" or ref.rel is None:
            continue
        if code_lines is None:
            first = sf.fm.body_line if sf.fm is not None else 1
            code_lines = {first + off for off in indented_code_offsets(skill.body or "")}
        if ref.line in code_lines:
            continue
        prel = skill.plugin.rel if skill.plugin is not None else ""
        if prel and not (ref.rel == prel or ref.rel.startswith(prel + "/")):
            continue  # outside the plugin: SKL009 words it for links
        near = _near_file(ctx, skill, ref.target)
        if near is None:
            yield ctx.at(
                f"`{ref.target}` is named in the text but does not exist; Claude will fail to read it if it "
                "is a reference (an example path is fine)",
                file=sf,
                line=ref.line,
                column=ref.column,
                hint=f"create {ref.rel}, or fix the path",
            )
            continue
        yield ctx.at(
            f"`{ref.target}` does not exist; the skill has {near}",
            file=sf,
            line=ref.line,
            column=ref.column,
            severity=WARNING,
            hint=f"write {near}",
            fix=_span_path_fix(sf, ref.line, ref.column, ref.target, near),
        )


_SINGULAR_PLURAL = {
    "references": "reference",
    "reference": "references",
    "examples": "example",
    "example": "examples",
    "scripts": "script",
    "script": "scripts",
    "templates": "template",
    "template": "templates",
    "assets": "asset",
}


def _near_file(ctx: Context, skill: Skill, target: str) -> str | None:
    """The skill-relative path of the file ``target`` surely meant: the other number of its first folder, or the
    only file of that name in the skill folder."""
    idx = ctx.project.index
    d = skill.dir_rel or ""
    t = target[2:] if target.startswith("./") else target
    if t.startswith("${"):
        return None
    first, _, rest = t.partition("/")
    other = _SINGULAR_PLURAL.get(first)
    if other and rest and idx.is_file(f"{d}/{other}/{rest}" if d else f"{other}/{rest}"):
        return f"{other}/{rest}"
    name = t.rsplit("/", 1)[-1]
    same = [f for f in idx.walk_files(d) if f.rsplit("/", 1)[-1] == name] if d else []
    if len(same) == 1:
        return same[0][len(d) + 1 :]
    return None


def _span_path_fix(sf: SourceFile, line: int, column: int, old: str, new: str) -> Fix | None:
    """Unsafe: the backticked path at line/column rewritten to the file that exists."""
    start = offset_of(sf, line, column)
    if start is None or (sf.text or "")[start : start + len(old)] != old:
        return None
    keep = "./" if old.startswith("./") else ""
    return make_fix(f"write {keep}{new}", text_replace(sf, (start, start + len(old)), keep + new), safe=False)


_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def indented_code_offsets(body: str) -> set[int]:
    """0-based body lines inside indented code blocks (CommonMark: 4+ columns of indentation after a blank line,
    outside fenced blocks and outside list items, whose indented lines are their own content)."""
    out: set[int] = set()
    prev_blank = True
    in_code = False
    in_list = False
    last = -2
    for off, line in body_lines_outside_fences(body):
        if off != last + 1:  # a fenced block ended just before this line
            prev_blank, in_code = True, False
        last = off
        if not line.strip():
            prev_blank = True
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if indent >= 4 and not in_list and (prev_blank or in_code):
            out.add(off)
            in_code = True
        else:
            in_code = False
            if _LIST_ITEM.match(line):
                in_list = True
            elif indent == 0 and prev_blank:
                in_list = False
        prev_blank = False
    return out


@rule(
    "SKL010",
    "skill-folder-without-skill-md",
    area="skills",
    severity=WARNING,
    target="plugin",
    sources=["PDS016", "PVA018"],
)
def skill_folder_without_skill_md(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """A folder under `skills/` has no `SKILL.md`, so Claude Code loads no skill from it.

    The file must be named exactly `SKILL.md` (case matters on Linux); `skill.md` or `README.md` are not
    found. Skills are discovered one level deep: `skills/a/b/SKILL.md` is not a skill. A folder with content but
    no SKILL.md (only `references/`, `scripts/` …) is no skill at all: Claude Code 2.1.332 skips it silently.
    The finding sits where the user must act: on `skill.md` (the fix renames it to `SKILL.md`, safe: it is the
    file the author meant), on the nested `SKILL.md`, or on the folder (a `README.md` with frontmatter that
    holds the skill is renamed to `SKILL.md` by an unsafe fix: the skill starts to load).

    Wrong: `skills/pdf/skill.md`, `skills/pdf/README.md`, `skills/group/pdf/SKILL.md`, `skills/pdf/` with only
    `references/`.
    Right: `skills/pdf/SKILL.md`.
    """
    idx = ctx.project.index
    base = plugin.path("skills")
    if idx.is_dir(base):
        for name in idx.list(base):
            d = f"{base}/{name}"
            if not idx.is_dir(d) or idx.is_file(f"{d}/SKILL.md") or name.startswith("."):
                continue
            files = idx.list(d)
            wrong = [f for f in files if f.lower() == "skill.md" and idx.is_file(f"{d}/{f}")]
            nested = [f"{d}/{c}/SKILL.md" for c in files if idx.is_file(f"{d}/{c}/SKILL.md")]
            if wrong:
                yield ctx.at(
                    f"skills/{name}/{wrong[0]} must be named SKILL.md (exact case); it is not loaded on "
                    "case-sensitive file systems",
                    file=f"{d}/{wrong[0]}",
                    hint=f"rename it to skills/{name}/SKILL.md",
                    # safe: the file the author meant as the skill, under the one name Claude Code reads
                    fix=make_fix(f"rename {wrong[0]} to SKILL.md", rename_file(f"{d}/{wrong[0]}", f"{d}/SKILL.md")),
                )
            elif nested:
                yield ctx.at(
                    f"skills/{name}/ holds nested skills ({nested[0].rsplit('/', 2)[-2]}/SKILL.md) that are "
                    "not discovered: skills are found one level below skills/",
                    file=nested[0],
                    hint='move each skill folder directly under skills/, or list the folder in plugin.json "skills"',
                )
    for n in plugin.not_loaded:
        if n.why != SKILL_FOLDER_WITHOUT_SKILL_MD or not n.path:
            continue
        d = n.path
        shown = d[len(plugin.rel) + 1 :] if plugin.rel else d
        subdirs = sorted(c + "/" for c in idx.list(d) if idx.is_dir(f"{d}/{c}") and not c.startswith("."))
        readme = next((f"{d}/{c}" for c in idx.list(d) if c.lower() == "readme.md" and idx.is_file(f"{d}/{c}")), None)
        holds = readme is not None and _holds_skill(ctx, readme)
        what = (
            f" (only {', '.join(subdirs)})" if subdirs and not any(idx.is_file(f"{d}/{c}") for c in idx.list(d)) else ""
        )
        yield ctx.at(
            f"{shown}/ has no SKILL.md{what}, so no skill is loaded from it"
            + (f"; {(readme or '').rsplit('/', 1)[-1]} holds the skill's frontmatter" if holds else ""),
            file=d,
            hint=f"name the skill's main file {shown}/SKILL.md",
            # unsafe: a README that holds the skill (frontmatter with a description) becomes SKILL.md: it loads
            fix=make_fix(
                f"rename {readme.rsplit('/', 1)[-1]} to SKILL.md", rename_file(readme, f"{d}/SKILL.md"), safe=False
            )
            if holds and readme is not None
            else None,
        )


def _holds_skill(ctx: Context, rel: str) -> bool:
    """A Markdown file whose frontmatter has a description: a skill under the wrong name."""
    sf = ctx.file(rel, "markdown")
    if sf is None or sf.fm is None or not sf.fm.ok or not isinstance(sf.fm.data, dict):
        return False
    return isinstance(sf.fm.data.get("description"), str) and bool(sf.fm.data["description"].strip())


@rule("SKL011", "root-skill-without-name", area="skills", severity=WARNING, target="skill", sources=["IMP022"])
def root_skill_without_name(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """A plugin-root `SKILL.md` has no `name`, and the plugin comes from a marketplace.

    A root SKILL.md is invoked by its `name`, falling back to the folder name; for a plugin installed from a
    marketplace that folder is the version-named cache directory, so the skill gets a name like `1.2.0`.

    Wrong: a root SKILL.md without `name:` in a marketplace plugin.
    Right: `name: my-skill`.
    """
    if not skill.root_skill or skill.plugin is None or skill.plugin.entry is None:
        return
    sf = md_file(skill)
    if sf is not None and fm_state(skill) in ("ok", "none") and not fm_data(skill).get("name"):
        yield ctx.at(
            "root SKILL.md without name: installed from a marketplace it is named after the cache folder "
            "(a version string)",
            file=sf,
            line=1,
            column=1,
            hint="add `name:`",
            # unsafe: name the root skill after its plugin (a frontmatter block to hold it is not added)
            fix=_set_name_fix(skill, sf, kebab(skill.plugin.name), safe=False) if fm_state(skill) == "ok" else None,
        )


def _set_name_fix(skill: Skill, sf: SourceFile, name: str, safe: bool) -> Fix | None:
    """Set (or add) the frontmatter `name` of a skill."""
    if not name:
        return None
    edit = fm_set_value(sf, "name", name) if "name" in fm_data(skill) else fm_insert_key(sf, "name", name)
    return make_fix(f"add name: {name}", edit, safe=safe)


@rule("SKL012", "skill-body-empty", area="skills", severity=WARNING, target="skill", sources=["SKR004"])
def skill_body_empty(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """A skill has frontmatter but no body.

    The body holds the instructions Claude follows when the skill runs.

    Wrong: a SKILL.md that ends after the closing `---`.
    Right: steps, conventions and pointers to bundled files below the frontmatter.
    """
    yield from body_empty_check(ctx, skill, "skill")


@rule("SKL013", "skill-unknown-field", area="skills", severity=INFO, target="skill")
def skill_unknown_field(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """A skill frontmatter field that Claude Code does not know.

    Unknown fields are ignored; a near miss such as `allowed_tools` loses its effect.

    Wrong: `allowed_tools: Read`.
    Right: `allowed-tools: Read`.
    """
    # the fix renames a misspelt key (`allowed_tools` → `allowed-tools`, safe); `tools` → `allowed-tools` is unsafe
    yield from unknown_keys(
        ctx, skill, SKILL_KEYS, LEGACY_SKILL_KEYS, _SKILL_HINTS, fix_renames=True, unsafe={"tools": "allowed-tools"}
    )


@rule("SKL014", "skill-model", area="skills", severity=WARNING, target="skill", sources=["IMP015"])
def skill_model(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """A skill's `model` is not a model alias, a full model id or `inherit`.

    Wrong: `model: gpt-4`.
    Right: `model: sonnet`.
    """
    # the fix (unsafe) sets the nearest valid model (`sonet` → sonnet); `inherit` as a choice when none is clearly
    # nearest
    yield from model_check(ctx, skill)


@rule("SKL015", "skill-positional-one-based", area="skills", severity=INFO, target="skill", sources=["IMP021"])
def skill_positional(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """The skill uses `$1` as if positional arguments were one-based.

    `$N` is zero-based: `$0` is the first argument, `$1` the second.

    Wrong: `Convert $1 to PDF` for `/convert report.md`.
    Right: `Convert $0 to PDF`, or `arguments: [file]` and `$file`.
    """
    yield from positional_check(ctx, skill)


@rule("SKL016", "skill-placeholder-in-code", area="skills", severity=WARNING, target="skill")
def skill_placeholder_in_code(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """`$1` or `$ARGUMENTS` in a code block of SKILL.md is replaced when the skill is invoked with arguments.

    Claude Code 2.1.332 substitutes `$ARGUMENTS`, `$ARGUMENTS[N]`, `$N` and named arguments across the whole
    body, fenced code included (only `\\$1` stays literal). So `WHERE id = $1` in a SQL block, `awk '{print
    $1}'` or `local x="$1"` in a shell block become the skill's second argument, and a Markdown block that shows
    an example command loses its `$ARGUMENTS`. Reported once per block: `$N` in any block of a skill that takes
    no arguments (no `argument-hint`, `arguments`, `$ARGUMENTS` or `$N` in its running text), and `$N` or
    `$ARGUMENTS` in a ```markdown block (an example of another file). No fix: `\\$1` keeps the text only when
    arguments are given (without arguments Claude Code leaves the backslash).

    Wrong: ```sql\nSELECT set_config('app.user', $1, true);\n``` in a skill invoked as `/db-admin alice bob`.
    Right: `SELECT set_config('app.user', :user_id, true);`, or `\\$1` when the skill always gets arguments.
    """
    yield from placeholder_in_code_check(ctx, skill)


@rule("SKL017", "skill-allowed-tools-unknown", area="skills", severity=WARNING, target="skill")
def skill_allowed_tools_unknown(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """A skill's `allowed-tools` names a tool Claude Code does not have (or writes one in the wrong case).

    `allowed-tools` pre-approves tools while the skill runs; permission rules name tools exactly, so `read`,
    `Bash_tool` or `Search` pre-approve nothing and the user is asked each time (AGT010 checks an agent's
    `tools`). The fix (safe) writes a known tool in its case.

    Wrong: `allowed-tools: read, grep, Search`
    Right: `allowed-tools: Read, Grep, WebSearch`
    """
    yield from allowed_tools_check(ctx, skill)


# ----------------------------------------------------------------------------------- plugin-dev profile


@rule(
    "SKL020",
    "pd-skill-name-required",
    area="skills",
    severity=WARNING,
    target="skill",
    sources=["SKR002"],
    profiles=["plugin-dev"],
)
def pd_name_required(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """plugin-dev style: SKILL.md declares `name`.

    Claude Code falls back to the folder name; plugin-dev's reviewer requires the field.

    Wrong: frontmatter with only `description`.
    Right: `name: pdf-tools`.
    """
    sf = md_file(skill)
    if sf is not None and fm_state(skill) == "ok" and not fm_data(skill).get("name"):
        folder = (skill.dir_rel or "").rsplit("/", 1)[-1]
        yield ctx.at(
            "missing required field: name (plugin-dev)",
            file=sf,
            line=1,
            column=1,
            hint=f"name: {(skill.dir_rel or skill.name).rsplit('/', 1)[-1]}",
            # safe: `name:` set to the folder name, which Claude Code uses already (a root skill's folder is the
            # plugin's, and a folder name that is no valid skill name is not copied)
            fix=_set_name_fix(skill, sf, folder, safe=True)
            if not skill.root_skill and _SKILL_NAME.match(folder)
            else None,
        )


@rule(
    "SKL021",
    "pd-skill-description-voice",
    area="skills",
    severity=WARNING,
    target="skill",
    sources=["SKR005", "SKR006", "SKR008", "PDS038"],
    profiles=["plugin-dev"],
)
def pd_description_voice(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """plugin-dev style: "This skill should be used when the user asks to "…", "…"".

    The description is written in the third person and lists the concrete phrases users say, in quotes; not
    "Use this skill when…", not second person, not vague ("Provides guidance…").

    Wrong: `description: Use this skill for hooks.`
    Right: `description: This skill should be used when the user asks to "create a hook", "add a PreToolUse hook"…`
    """
    d = text_field(fm_data(skill), "description")
    if not d:
        return
    sf = md_file(skill)
    at: dict[str, Any] = dict(file=sf, fm_key="description", fm_value=True)
    if re.match(r"\s*(use|load|invoke) this skill\b", d, re.I) or re.search(r"\byou (should|can|will)\b", d, re.I):
        yield ctx.at('write the description in the third person: "This skill should be used when…"', **at)
    elif not re.search(r"this skill should be used when", d, re.I):
        yield ctx.at(
            'description should start "This skill should be used when the user asks to …"', severity=INFO, **at
        )
    if not quoted_phrases(d):
        yield ctx.at('description has no quoted trigger phrases (e.g. "create a hook")', **at)
    if re.match(r"\s*(provides|helps with|guidance|assists)\b", d, re.I):
        yield ctx.at("description is vague; name concrete situations and phrases", **at)


@rule(
    "SKL022",
    "pd-skill-description-length",
    area="skills",
    severity=WARNING,
    target="skill",
    sources=["SKR007", "PVA020"],
    profiles=["plugin-dev"],
)
def pd_description_length(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """plugin-dev style: the skill description is 50–500 characters.

    Wrong: `description: PDF tools.`
    Right: a sentence or two with the trigger phrases.
    """
    d = text_field(fm_data(skill), "description")
    if not d:
        return
    if len(d) < 50:
        yield ctx.at(
            f"description is {len(d)} characters; plugin-dev asks for at least 50",
            file=md_file(skill),
            fm_key="description",
            fm_value=True,
        )
    elif len(d) > 500:
        yield ctx.at(
            f"description is {len(d)} characters; plugin-dev asks for at most 500",
            file=md_file(skill),
            fm_key="description",
            fm_value=True,
        )


@rule(
    "SKL023",
    "pd-skill-body-size",
    area="skills",
    severity=WARNING,
    target="skill",
    sources=["SKR009", "SKR010", "PDS039"],
    profiles=["plugin-dev"],
)
def pd_body_size(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """plugin-dev style: the SKILL.md body is lean, ideally 1,500–2,000 words, under 3,000 (5,000 at most).

    Longer bodies belong in `references/`, loaded only when needed.

    Wrong: a 6,000-word SKILL.md.
    Right: a 1,800-word SKILL.md plus `references/details.md`.
    """
    sf = md_file(skill)
    if sf is None or sf.fm is None:
        return
    info = _info(ctx, skill)
    w = info.words
    at: dict[str, Any] = dict(file=sf, line=sf.fm.body_line if sf.fm.present else 1, column=1)
    if w > 5000:
        yield ctx.at(f"body is {w} words; over 5,000: split it into references/", **at)
    elif w > 3000:
        yield ctx.at(
            f"body is {w} words; plugin-dev recommends under 3,000"
            + ("" if info.resources.get("references") else " and moving detail into references/"),
            **at,
        )


_SECOND = re.compile(r"\b(?:you should|you can|you need to|you must|you will)\b", re.I)


@rule(
    "SKL024",
    "pd-skill-imperative-voice",
    area="skills",
    severity=WARNING,
    target="skill",
    sources=["SKR011"],
    profiles=["plugin-dev"],
)
def pd_imperative(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """plugin-dev style: write the skill body in the imperative ("To do X, run Y"), not "You should…".

    Wrong: "You should run the linter first."
    Right: "Run the linter first."
    """
    sf = md_file(skill)
    if sf is None or sf.fm is None:
        return
    base = sf.fm.body_line if sf.fm.present else 1
    hits = [(off, m) for off, line in body_lines_outside_fences(skill.body) for m in [_SECOND.search(line)] if m]
    if len(hits) >= 3:
        off, m = hits[0]
        yield ctx.at(
            f"{len(hits)} lines address the reader ('{m.group(0)}'); use the imperative voice",
            file=sf,
            line=base + off,
            column=m.start() + 1,
            hint="e.g. 'Run the linter' instead of 'You should run…'",
        )


@rule(
    "SKL025",
    "pd-skill-resources-unreferenced",
    area="skills",
    severity=WARNING,
    target="skill",
    sources=["SKR012", "PDS042", "PVA021", "SKR017"],
    profiles=["plugin-dev"],
)
def pd_resources(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """plugin-dev style: SKILL.md mentions the bundled `references/`, `examples/`, `scripts/` files.

    Claude only opens bundled files the skill tells it about; an unmentioned resource is dead weight.

    Wrong: `references/api.md` exists but SKILL.md never names it.
    Right: "For the full API see `references/api.md`."
    """
    sf = md_file(skill)
    if sf is None:
        return
    info = _info(ctx, skill)
    body = skill.body
    for folder, files in info.resources.items():
        if not files or f"{folder}/" in body:
            continue
        unmentioned = [f for f in files if f.rsplit("/", 1)[-1] not in body]
        if unmentioned:
            names = ", ".join(unmentioned[:3]) + (f" and {len(unmentioned) - 3} more" if len(unmentioned) > 3 else "")
            yield ctx.at(
                f"SKILL.md never points to {folder}/ ({names})",
                file=sf,
                line=1,
                column=1,
                hint=f"tell Claude when to use them, e.g. 'See `{folder}/{unmentioned[0]}` for …'",
            )


@rule(
    "SKL026",
    "pd-skill-large-reference",
    area="skills",
    severity=INFO,
    target="skill",
    sources=["PDS040", "SKR013"],
    profiles=["plugin-dev"],
)
def pd_large_reference(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """plugin-dev style: a reference file over 10,000 words needs grep patterns in SKILL.md.

    Claude cannot read a huge reference whole; SKILL.md should say what to search for.

    Wrong: a 15,000-word `references/api.md` and no search hints.
    Right: "Search references/api.md for `## Endpoint:` headings."
    """
    sf = md_file(skill)
    if sf is None:
        return
    info = _info(ctx, skill)
    base = f"{skill.dir_rel}/references" if skill.dir_rel else "references"
    for f in info.resources.get("references", []):
        rel = f"{base}/{f}"
        e = ctx.project.index.get(rel)
        if e is None or e.size < 60_000:  # ~10k words; only then read it
            continue
        ref = ctx.file(rel, "text")
        if ref is not None and ref.text and len(ref.text.split()) > 10_000 and "grep" not in skill.body.lower():
            yield ctx.at(
                f"references/{f} is {len(ref.text.split())} words; give grep patterns in SKILL.md",
                file=sf,
                line=1,
                column=1,
            )


@rule(
    "SKL027",
    "pd-skill-legacy-fields",
    area="skills",
    severity=INFO,
    target="skill",
    sources=["SKR003"],
    profiles=["plugin-dev"],
)
def pd_legacy_fields(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """plugin-dev style: `when_to_use` is called deprecated; `version` is optional.

    plugin-dev's reviewer prefers everything in `description`. (Officially `when_to_use` is current.)

    Wrong: trigger conditions split between description and when_to_use (under the plugin-dev profile).
    Right: one description with the trigger phrases.
    """
    if "when_to_use" in fm_data(skill):
        yield ctx.at(
            "plugin-dev prefers the trigger conditions in description instead of when_to_use",
            file=md_file(skill),
            fm_key="when_to_use",
        )


@rule(
    "SKL028",
    "pd-skill-scripts",
    area="skills",
    severity=INFO,
    target="skill",
    sources=["SKR015"],
    profiles=["plugin-dev"],
)
def pd_scripts(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """plugin-dev style: bundled scripts are executable.

    Wrong: `scripts/fill.sh` with mode 644.
    Right: `chmod +x scripts/fill.sh`.
    """
    sf = md_file(skill)
    if sf is None:
        return
    base = f"{skill.dir_rel}/scripts" if skill.dir_rel else "scripts"
    for f in _info(ctx, skill).resources.get("scripts", []):
        e = ctx.project.index.get(f"{base}/{f}")
        if e is not None and e.kind == "file" and not e.executable and f.endswith((".sh", ".bash", ".zsh")):
            rel = f"{base}/{f}"
            yield ctx.at(
                f"scripts/{f} is not executable",
                file=rel,
                hint=f"chmod +x {rel}",
                fix=make_fix("make the script executable", chmod_x(rel, e.mode)),  # safe: `chmod +x` the script
            )


_MIN_DUP_WORDS = 40


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(0-based first line, whitespace-normalised text) of the blank-line separated paragraphs."""
    out: list[tuple[int, str]] = []
    start = 0
    buf: list[str] = []
    for i, line in enumerate(text.split("\n") + [""]):
        if line.strip():
            if not buf:
                start = i
            buf.append(line.strip())
        elif buf:
            out.append((start, " ".join(" ".join(buf).split())))
            buf = []
    return out


@rule(
    "SKL029",
    "pd-skill-duplicated-reference",
    area="skills",
    severity=INFO,
    target="skill",
    sources=["PDS041"],
    profiles=["plugin-dev"],
)
def pd_duplicated_reference(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """plugin-dev style: a paragraph of SKILL.md is repeated word for word in a `references/` file.

    Information lives either in SKILL.md (always loaded) or in a reference file (loaded on demand), not
    both: a duplicate costs context every time the skill runs and the two copies drift apart. The check is
    mechanical: identical paragraphs of at least 40 words.

    Wrong: the same "Authentication" paragraph in SKILL.md and `references/api.md`.
    Right: keep it in `references/api.md` and point to it from SKILL.md.
    """
    sf = md_file(skill)
    if sf is None or sf.fm is None or not skill.body.strip():
        return
    mine = [(off, p) for off, p in _paragraphs(skill.body) if len(p.split()) >= _MIN_DUP_WORDS]
    if not mine:
        return
    base = f"{skill.dir_rel}/references" if skill.dir_rel else "references"
    body_line = sf.fm.body_line if sf.fm.present else 1
    reported: set[str] = set()
    for f in _info(ctx, skill).resources.get("references", []):
        rel = f"{base}/{f}"
        e = ctx.project.index.get(rel)
        if e is None or e.kind != "file" or e.size > 1_000_000 or not f.lower().endswith((".md", ".txt", ".markdown")):
            continue
        ref = ctx.file(rel, "text")
        if ref is None or not ref.text:
            continue
        theirs = {p for _o, p in _paragraphs(ref.text)}
        for off, p in mine:
            if p in theirs and p not in reported:
                reported.add(p)
                yield ctx.at(
                    f"this {len(p.split())}-word paragraph is repeated word for word in references/{f}",
                    file=sf,
                    line=body_line + off,
                    column=1,
                    hint=f"keep it in references/{f} only and point to it from SKILL.md",
                )


_PLACEHOLDER = re.compile(
    r"^\W*(?:todo|tbd|fixme|xxx|placeholder|coming soon|example goes here|lorem ipsum|"
    r"\.\.\.|…)\W*$",
    re.I,
)


_TEXT_EXAMPLE = re.compile(
    r"(?:^|/)[^/.]+$|\.(?:md|markdown|txt|sh|bash|zsh|fish|ps1|py|js|mjs|cjs|ts|tsx|jsx|json|"
    r"jsonc|ya?ml|toml|ini|cfg|conf|rb|go|rs|java|kt|swift|c|h|cc|cpp|hpp|cs|php|pl|lua|"
    r"sql|html?|css|scss|xml|csv|env|example|tmpl|j2)$",
    re.I,
)


@rule(
    "SKL030",
    "pd-skill-examples-complete",
    area="skills",
    severity=WARNING,
    target="skill",
    sources=["SKR014"],
    profiles=["plugin-dev"],
)
def pd_examples_complete(ctx: Context, skill: Skill) -> Iterator[Diagnostic]:
    """plugin-dev style: the files in a skill's `examples/` are complete and SKILL.md points to each.

    Examples are copied by Claude as working starting points; an empty file or a "TODO" placeholder teaches
    nothing (warning). When SKILL.md lists its examples by name, one it leaves out is never opened (info).

    Wrong: `examples/basic.sh` that is empty, or holds only `# TODO`.
    Right: a complete, runnable example, named in SKILL.md ("See `examples/basic.sh`").
    """
    sf = md_file(skill)
    if sf is None:
        return
    files = _info(ctx, skill).resources.get("examples", [])
    if not files:
        return
    base = f"{skill.dir_rel}/examples" if skill.dir_rel else "examples"
    for f in files:
        rel = f"{base}/{f}"
        e = ctx.project.index.get(rel)
        if e is None or e.kind != "file":
            continue
        if e.size == 0:
            yield ctx.at(f"examples/{f} is empty", file=rel, hint="write a complete example or remove the file")
            continue
        if e.size > 400 or not _TEXT_EXAMPLE.search(f):
            continue  # only small text files are read (never an image: the file rules would report it)
        ex = ctx.file(rel, "text")
        text = ex.text if ex is not None else None
        if text is None:
            continue
        # a shebang line alone is no example; comment markers around "TODO" do not count
        lines = [
            ln.strip().lstrip("#/;-*<!> ").strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#!")
        ]
        lines = [ln for ln in lines if ln]
        if not lines or all(_PLACEHOLDER.match(ln) for ln in lines):
            yield ctx.at(
                f"examples/{f} is only a placeholder", file=rel, hint="write a complete example or remove the file"
            )
    body = skill.body
    named = [f for f in files if f"examples/{f}" in body or f"examples/{f.rsplit('/', 1)[-1]}" in body]
    if not named:
        return  # SKILL.md lists none by name (SKL025 reports a folder it never mentions)
    for f in files:
        if f not in named and f.rsplit("/", 1)[-1] not in body:
            yield ctx.at(
                f"SKILL.md names other examples but never examples/{f}",
                file=sf,
                line=1,
                column=1,
                severity=INFO,
                hint=f"mention examples/{f} where it helps, or remove it",
            )
