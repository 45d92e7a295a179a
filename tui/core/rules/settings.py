"""Plugin settings files `.claude/<plugin>.local.md` (plugin-dev's convention; catalogue PDS051–PDS054).

These are a plugin-dev convention, not a Claude Code feature: the plugin's own hooks and commands read them
with `sed`/`grep` idioms (frontmatter = lines between the first two `---`; field = `grep '^field:'`). The
rules check what those readers need.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator

from ..base.diagnostics import INFO, WARNING, Diagnostic, Span
from ..lint.context import Context
from ..lint.registry import rule
from ..model.plugin import SettingsFile, SourceFile


def _lines(sf: SourceFile) -> list[str]:
    return (sf.text or "").splitlines()


def _fm_block(sf: SourceFile) -> tuple[int, int] | None:
    """(first, second) 1-based line numbers of the first two `---` lines, like the scripts' sed range."""
    marks = [i for i, line in enumerate(_lines(sf), 1) if line.rstrip("\r") == "---"]
    if len(marks) < 2:
        return None
    return marks[0], marks[1]


@rule(
    "SET001",
    "settings-frontmatter-missing",
    area="settings",
    severity=WARNING,
    target="settings_file",
    sources=["SET004", "PFM003"],
)
def settings_frontmatter_missing(ctx: Context, s: SettingsFile) -> Iterator[Diagnostic]:
    """A settings file without a `---` frontmatter block.

    The plugin's hooks read settings with `sed -n '/^---$/,/^---$/p'`: without two `---` lines they find no
    settings and fall back to defaults (or fail), silently.

    Wrong: a `.claude/my-plugin.local.md` that starts with `enabled: true`
    Right:
        ---
        enabled: true
        ---
    """
    sf = s.file
    if sf is None or sf.text is None:
        return
    marks = [i for i, line in enumerate(_lines(sf), 1) if line.rstrip("\r") == "---"]
    if len(marks) < 2 and not (sf.fm is not None and sf.fm.present and not sf.fm.closed):
        yield ctx.at(
            f"Invalid frontmatter: found {len(marks)} '---' markers (need at least 2); readers find no settings",
            file=sf,
            line=1,
            column=1,
            hint="put the settings between two '---' lines",
        )
    elif marks and marks[0] != 1:
        yield ctx.at(
            "frontmatter does not start on line 1: YAML readers and Claude Code-style parsers do not see it",
            file=sf,
            line=marks[0],
            column=1,
            severity=INFO,
            hint="move the '---' block to the top of the file",
        )


def _block_lines(sf: SourceFile | None) -> tuple[int, list[str]] | None:
    """(line of the opening marker, non-blank lines inside the frontmatter block), or None without a block."""
    if sf is None or sf.text is None:
        return None
    block = _fm_block(sf)
    if block is None:
        return None
    a, b = block
    return a, [line for line in _lines(sf)[a : b - 1] if line.strip()]


@rule(
    "SET002",
    "settings-frontmatter-empty",
    area="settings",
    severity=WARNING,
    target="settings_file",
    sources=["SET005", "PFM003"],
)
def settings_frontmatter_empty(ctx: Context, s: SettingsFile) -> Iterator[Diagnostic]:
    """A settings file whose frontmatter block is empty.

    Nothing between the `---` markers means no settings at all; the reading hook sees every field as missing.

    Wrong: `---` followed directly by `---`
    Right: `---`, `enabled: true`, `---`
    """
    sf = s.file
    block = _block_lines(sf)
    if block is None:
        return
    a, inner = block
    if not inner:
        yield ctx.at("Empty frontmatter (nothing between --- markers)", file=sf, line=a, column=1)


_KV = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:(.*)$")


def _fields(sf: SourceFile) -> list[tuple[int, str, str]]:
    """(line, key, raw value) of top-level `key: value` lines in the frontmatter block."""
    block = _fm_block(sf)
    if block is None:
        return []
    a, b = block
    out = []
    for n in range(a + 1, b):
        line = sf.line_text(n)
        m = _KV.match(line)
        if m:
            out.append((n, m.group(1), m.group(2).strip()))
    return out


@rule("SET003", "settings-no-fields", area="settings", severity=WARNING, target="settings_file", sources=["SET006"])
def settings_no_fields(ctx: Context, s: SettingsFile) -> Iterator[Diagnostic]:
    """A settings frontmatter with no `key: value` lines, or YAML that does not parse.

    The shell readers find fields with `grep '^key:'`; YAML readers (yq, python) need valid YAML. Either way
    the settings are lost.

    Wrong: `---`, `enabled true`, `---`
    Right: `---`, `enabled: true`, `---`
    """
    sf = s.file
    block = _block_lines(sf)
    if sf is None or block is None:
        return
    a, inner = block
    if inner and not any(":" in line for line in inner):
        yield ctx.at("Frontmatter has no key:value pairs", file=sf, line=a + 1, column=1)
    elif sf.fm is not None and sf.fm.error is not None and a == 1:
        e = sf.fm.error
        yield ctx.at(
            f"frontmatter {e.message}; YAML readers (yq, python) fail on this file",
            file=sf,
            line=e.line,
            column=e.column,
        )


@rule("SET004", "settings-boolean-field", area="settings", severity=WARNING, target="settings_file", sources=["SET008"])
def settings_boolean_field(ctx: Context, s: SettingsFile) -> Iterator[Diagnostic]:
    """`enabled` / `strict_mode` with a value other than exactly `true` or `false`.

    Hooks test these with `[[ "$ENABLED" == "true" ]]` after stripping quotes, so `yes`, `True` or `1` read as
    false, and the plugin silently stays off (or on).

    Wrong: `enabled: yes`
    Right: `enabled: true`
    """
    sf = s.file
    if sf is None or sf.text is None:
        return
    for n, key, raw in _fields(sf):
        if key in ("enabled", "strict_mode") and raw not in ("true", "false"):
            col = sf.line_text(n).index(":") + 2
            shown = raw if len(raw) <= 30 else raw[:30] + "…"
            yield ctx.at(
                f"Field '{key}' should be boolean (true/false), got: {shown}",
                file=sf,
                span=Span(n, col, n, col + max(1, len(sf.line_text(n)) - col + 1)),
                hint=f"{key}: {'false' if raw.strip(chr(34) + chr(39)).lower() in ('no', 'off', '0', 'false') else 'true'}",
            )


@rule(
    "SET005",
    "settings-no-body",
    area="settings",
    severity=INFO,
    target="settings_file",
    sources=["SET009"],
    profiles=["plugin-dev"],
)
def settings_no_body(ctx: Context, s: SettingsFile) -> Iterator[Diagnostic]:
    """(plugin-dev) A settings file with frontmatter only and no markdown body.

    plugin-dev's validate-settings.sh notes a missing body; the body is where prompts or context for the
    plugin's hooks go. Files that only hold flags do not need one.

    Wrong: only `---`, `enabled: true`, `---`
    Right: add a short description of what the settings are for below the frontmatter
    """
    sf = s.file
    if sf is None or sf.text is None:
        return
    block = _fm_block(sf)
    if block is None:
        return
    body = _lines(sf)[block[1] :]
    if not any(line.strip() for line in body):
        yield ctx.at("No markdown body (frontmatter only)", file=sf, line=block[1], column=1)


@rule(
    "SET006",
    "settings-file-name",
    area="settings",
    severity=WARNING,
    target="settings_file",
    sources=["PDS051"],
    profiles=["plugin-dev"],
)
def settings_file_name(ctx: Context, s: SettingsFile) -> Iterator[Diagnostic]:
    """(plugin-dev) A settings file not named `.claude/<plugin-name>.local.md`.

    The convention is one settings file per plugin, named after the plugin, so hooks find it at
    `.claude/$PLUGIN_NAME.local.md` and two plugins never share a file.

    Wrong: `.claude/settings.local.md` in plugin `my-plugin`
    Right: `.claude/my-plugin.local.md`
    """
    plugin = ctx.plugin
    if plugin is None or s.file is None:
        return
    if s.name != plugin.name:
        yield ctx.at(
            f"settings file is named {s.name}.local.md but the plugin is {plugin.name!r}",
            file=s.file,
            hint=f"rename it to .claude/{plugin.name}.local.md",
        )


def _gitignore_patterns(ctx: Context, rel: str) -> list[tuple[str, str]]:
    """(base dir, pattern) of every .gitignore from the project root down to the file's folder."""
    parts = rel.split("/")[:-1]
    out = []
    for i in range(len(parts) + 1):
        base = "/".join(parts[:i])
        gi = ctx.file(f"{base}/.gitignore" if base else ".gitignore", "text")
        if gi is None or gi.text is None:
            continue
        for line in gi.text.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                out.append((base, line))
    return out


def _ignored(rel: str, patterns: list[tuple[str, str]]) -> bool:
    state = False
    for base, pat in patterns:
        neg = pat.startswith("!")
        if neg:
            pat = pat[1:]
        sub = rel[len(base) + 1 :] if base and rel.startswith(base + "/") else (rel if not base else None)
        if sub is None:
            continue
        dir_only = pat.endswith("/")
        p = pat.strip("/")
        parts = sub.split("/")
        hit = False
        if "/" in p:
            rx = fnmatch.translate(p.replace("**/", "\x00").replace("/**", "\x01"))
            rx = rx.replace("\x00", "(?:.*/)?").replace("\x01", "(?:/.*)?")
            cands = ["/".join(parts[:k]) for k in range(1, len(parts) + 1)]
            hit = any(re.match(rx, c) for c in (cands[:-1] if dir_only else cands))
        else:
            names = parts[:-1] if dir_only else parts
            hit = any(fnmatch.fnmatchcase(x, p) for x in names)
        if hit:
            state = not neg
    return state


@rule(
    "SET007", "settings-not-gitignored", area="settings", severity=WARNING, target="settings_file", sources=["PDS052"]
)
def settings_not_gitignored(ctx: Context, s: SettingsFile) -> Iterator[Diagnostic]:
    """A `.claude/*.local.md` settings file that no `.gitignore` excludes.

    `.local.md` files are per-user state (tokens, session ids, personal flags). Committed, they leak into the
    repository and into every installed copy of the plugin.

    Wrong: no `.gitignore` entry for `.claude/*.local.md`
    Right: `.gitignore` with `.claude/*.local.md` and `.claude/*.local.json`
    """
    sf = s.file
    if sf is None:
        return
    if not _ignored(sf.rel, _gitignore_patterns(ctx, sf.rel)):
        yield ctx.at(
            f"{sf.rel} is not ignored by .gitignore: per-user settings get committed",
            file=sf,
            hint="add .claude/*.local.md and .claude/*.local.json to .gitignore",
        )


@rule(
    "SET008",
    "settings-permissions",
    area="settings",
    severity=INFO,
    target="settings_file",
    sources=["PDS053"],
    profiles=["plugin-dev"],
)
def settings_permissions(ctx: Context, s: SettingsFile) -> Iterator[Diagnostic]:
    """(plugin-dev) A settings file readable by other users.

    plugin-dev recommends `chmod 600` for `.local.md` files because they may hold tokens or personal data.

    Wrong: `-rw-r--r-- .claude/my-plugin.local.md`
    Right: `chmod 600 .claude/my-plugin.local.md`
    """
    sf = s.file
    if sf is None:
        return
    e = ctx.project.index.get(sf.rel)
    mode = e.mode if e is not None else sf.mode
    if mode and mode & 0o077:
        yield ctx.at(
            f"settings file mode is {oct(mode & 0o777)[2:]}; other users can read it",
            file=sf,
            hint=f"chmod 600 {sf.rel}",
        )


_PATHY_KEY = re.compile(r"(path|dir|file|folder|root|location)s?$", re.I)


@rule(
    "SET009", "settings-path-traversal", area="settings", severity=WARNING, target="settings_file", sources=["PDS054"]
)
def settings_path_traversal(ctx: Context, s: SettingsFile) -> Iterator[Diagnostic]:
    """A path-valued setting that contains `..`.

    Hooks that read a path from settings and write there can be steered outside the project. plugin-dev's
    guidance is to reject `..` in path values.

    Wrong: `output_dir: ../../.ssh`
    Right: `output_dir: reports`
    """
    sf = s.file
    if sf is None or sf.text is None:
        return
    for n, key, raw in _fields(sf):
        v = raw.strip("\"'")
        if ".." in v.replace("\\", "/").split("/") and (_PATHY_KEY.search(key) or "/" in v):
            col = sf.line_text(n).index(":") + 2
            yield ctx.at(
                f"'{key}' contains '..' (path traversal)",
                file=sf,
                span=Span(n, col, n, len(sf.line_text(n)) + 1),
                hint="use a path inside the project",
            )


@rule(
    "SET010",
    "settings-empty-value",
    area="settings",
    severity=INFO,
    target="settings_file",
    sources=["PFM004"],
    profiles=["plugin-dev"],
)
def settings_empty_value(ctx: Context, s: SettingsFile) -> Iterator[Diagnostic]:
    """(plugin-dev) A settings key with an empty value, which the readers treat as missing.

    `parse-frontmatter.sh` strips `key: ` and one pair of quotes; an empty result is reported as "Field not
    found". Multi-line values (block scalars, lists on the following lines) also read as empty.

    Wrong: `mode:` or `mode: ""`
    Right: `mode: strict`
    """
    sf = s.file
    if sf is None or sf.text is None:
        return
    for n, key, raw in _fields(sf):
        if raw in ("", '""', "''", "|", ">", "|-", ">-"):
            yield ctx.at(
                f"Field '{key}' has an empty value; shell readers report it as not found",
                file=sf,
                span=Span(n, 1, n, len(key) + 1),
            )
