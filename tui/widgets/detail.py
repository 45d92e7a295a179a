"""The detail pane: one view per kind of node, rendered from the model (never re-parsing files)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ..core.base.diagnostics import Diagnostic
from ..core.model import analysis
from ..core.model.plugin import (
    Agent,
    Command,
    LspServer,
    McpServer,
    OutputStyle,
    Plugin,
    Project,
    SettingsFile,
    Skill,
)
from ..core.parse.shell import script_for
from ..core.services import auth as core_auth
from ..core.services import envcheck
from ..core.spec.builtins import ALL_BUILTINS
from ..core.spec.matcher import classify
from .outline import LOAD_FAILED, Outline, OutlineNode, count_text, marketplace_counts
from .panes import pane_title
from .wrap import escape, hang, wrap_offsets, wrap_plain

LISTING_BUDGET = 1536
SEV_ICON = {"error": "✖", "warning": "▲", "info": "●"}
SEV_STYLE = {"error": "$error", "warning": "$warning", "info": "$primary"}
STATUS_STYLE = {
    "set": "$success",
    "builtin": "$text-muted",
    "default": "$accent",
    "empty": "$warning",
    "unset": "$error",
}
AGENT_COLORS = {
    "red": "red",
    "blue": "dodgerblue",
    "green": "green",
    "yellow": "gold",
    "purple": "purple",
    "orange": "orange",
    "pink": "hotpink",
    "cyan": "darkcyan",
    "magenta": "magenta",
}


@dataclass
class ViewContext:
    project: Project | None
    outline: Outline | None
    env_report: Any = None


class Doc:
    """A small builder of Textual content markup (all user text is escaped), wrapped to the pane width
    with hanging indents."""

    LABEL = 16

    def __init__(self, width: int = 80) -> None:
        self.lines: list[str] = []
        self.width = max(24, width)
        self.label = self.LABEL if self.width >= 48 else 12  # the value column keeps most of a narrow pane

    def title(self, kind: str, name: str, where: str | None = None) -> None:
        line = f"[b $accent]{escape(kind)}[/] [b]{escape(name)}[/]"
        if where and len(kind) + len(name) + len(where) + 3 <= self.width:
            line += f"  [$text-muted]{escape(where)}[/]"
        elif where:
            line += "\n" + f"[$text-muted]{escape(where)}[/]"
        self.lines.append(line)

    def section(self, name: str) -> None:
        self.lines.append("")
        self.lines.append(f"[b $text-secondary]{escape(name)}[/]")

    def field(self, label: str, value: Any, *, raw: bool = False, muted: bool = False) -> None:
        head = f"  [$text-muted]{escape(label).ljust(self.label - 1)}[/] "
        pad = " " * (2 + max(self.label, len(label) + 1))
        if len(label) >= self.label and self.width - len(pad) < 24:
            # a long label in a narrow pane: alone on its line, the value under the others' values
            self.lines.append(f"  [$text-muted]{escape(label)}[/]")
            head = pad = " " * (2 + self.label)
        if raw:  # markup: wrapped as content, continuation lines under the value
            self.lines.extend(hang(value, self.width, head, len(pad)))
            return
        chunks = [escape(c) for c in wrap_plain(_short(value), self.width - len(pad))]
        for i, chunk in enumerate(chunks):
            if muted:
                chunk = f"[$text-muted]{chunk}[/]"
            self.lines.append((head if i == 0 else pad) + chunk)

    def text(self, value: str, *, raw: bool = False, indent: int = 2) -> None:
        pad = " " * indent
        if raw:
            for ln in value.splitlines() or [""]:
                self.lines.append(pad + ln)
            return
        for ln in wrap_plain(value, self.width - indent):
            self.lines.append(pad + escape(ln))

    def muted(self, value: str, indent: int = 2) -> None:
        for ln in wrap_plain(value, self.width - indent):
            self.lines.append(" " * indent + f"[$text-muted]{escape(ln)}[/]")

    def bullet(self, value: str, *, raw: bool = False, mark: str = "•", style: str = "$text-muted") -> None:
        if raw:  # markup: wrapped as content, continuation lines under the text
            first = f"  [{style}]{mark}[/] " if style else f"  {mark} "  # (a mark may be markup itself)
            self.lines.extend(hang(value, self.width, first, 4))
            return
        for i, ln in enumerate(wrap_plain(value, self.width - 4)):
            first = (f"  [{style}]{mark}[/] " if style else f"  {mark} ") if i == 0 else "    "
            self.lines.append(first + escape(ln))

    def problems(self, diags: Iterable[Diagnostic], title: str = "Problems", show_path: bool = False) -> None:
        diags = list(diags)
        self.section(f"{title} ({len(diags)})" if diags else title)
        if not diags:
            self.lines.append("  [$success]✔[/] no problems")
            return
        for d in diags:
            where = ""
            if show_path and d.path:
                where = d.path
            if d.line:
                where += f"{':' if where else ''}{d.line}:{d.column or 1}"
            st = SEV_STYLE.get(d.severity, "$text")
            head = f"{SEV_ICON.get(d.severity, '?')} {d.code} {where} "
            lines = wrap_plain(head + d.message, self.width - 4)
            first = lines[0][len(head) :] if lines[0].startswith(head) else lines[0]
            if lines[0].startswith(head):
                self.lines.append(
                    f"  [{st}]{SEV_ICON.get(d.severity, '?')} {escape(d.code)}[/] "
                    f"[$text-muted]{escape(where)}[/] {escape(first)}"
                )
            else:
                self.lines.append(f"  [{st}]{escape(lines[0])}[/]")
            for ln in lines[1:]:
                self.lines.append("    " + escape(ln))
            if d.hint:
                for ln in wrap_plain("→ " + d.hint, self.width - 6):
                    self.lines.append(f"      [$text-muted]{escape(ln)}[/]")

    def render(self) -> str:
        return "\n".join(self.lines)


def _short(value: Any, limit: int = 300) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        s = ", ".join(_short(v, 80) for v in value) or "[]"
    elif isinstance(value, dict):
        s = "{" + ", ".join(f"{k}: {_short(v, 60)}" for k, v in value.items()) + "}"
    else:
        s = " ".join(str(value).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _counts(counts: dict[str, int]) -> str:
    parts = []
    for s in ("error", "warning", "info"):
        n = counts.get(s, 0)
        if n:
            parts.append(f"[{SEV_STYLE[s]}]{SEV_ICON[s]}\u00a0{n}\u00a0{s}{'' if n == 1 else 's'}[/]")  # kept whole
    return "  ".join(parts) if parts else "[$success]✔ no problems[/]"


# -- renderers --------------------------------------------------------------------------------------------------


def render_node(node: OutlineNode | None, ctx: ViewContext, width: int = 80) -> str:
    if node is None:
        return "[$text-muted]Loading…[/]" if ctx.project is None else "[$text-muted]Nothing selected.[/]"
    fn = _RENDERERS.get(node.kind, _render_generic) if not node.pending else _render_pending
    d = Doc(width)
    try:
        fn(d, node, ctx)
        if node.not_loaded:  # right under the title: the first thing to know about it
            note = Doc(width)
            note.bullet(f"Claude Code will not load this: {node.not_loaded}", mark="⊘", style="$warning")
            d.lines[1:1] = note.lines
    except Exception as exc:  # a rendering bug must not take the explorer down
        d.lines.append(f"[$error]could not render this node: {escape(type(exc).__name__)}: {escape(str(exc))}[/]")
    return d.render()


def _tokens(d: Doc, node: OutlineNode) -> None:
    """Claude Code's token estimate of a skill, command or agent (``tui.core.services.details``), once computed."""
    c = node.cost
    if c is not None:
        from ..core.services.details import format_estimate  # loaded with the first check, not with the first screen

        d.field("tokens", f"{format_estimate(c.always_on)} always-on, {format_estimate(c.on_invoke)} when invoked")


def _render_pending(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    """A node of the first outline (``first_outline``): what the marketplace lists, before anything is loaded."""
    d.title(node.kind.replace("_", " ").title(), node.label)
    root = node.ancestors()[0] if node.parent is not None else node
    if node.detail and node is not root:
        d.muted(node.detail)
    if root.detail == LOAD_FAILED:
        d.muted("Not loaded: the load failed (listed in marketplace.json; nothing else is known). r loads again.")
    else:
        d.muted("Loading… (listed in marketplace.json; its files are being read)")


def _render_generic(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    d.title(node.kind.replace("_", " ").title(), node.label)
    if node.detail:
        d.muted(node.detail)
    d.problems(node.all_diags(), show_path=True)


def _frontmatter_fields(d: Doc, comp: Any, skip: Iterable[str]) -> None:
    fm = comp.fm
    data = fm.data if isinstance(fm.data, dict) else {}
    rest = [k for k in data if k not in set(skip)]
    if rest:
        d.section("Other fields")
        for k in rest:
            d.field(str(k), data[k])


def _render_plugin(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    p: Plugin = node.obj
    d.title("Plugin", p.name, p.rel or ".")
    m = p.manifest_data or {}
    d.field("version", p.version or "—")
    if isinstance(m.get("description"), str):
        d.field("description", m["description"])
    author = m.get("author")
    if isinstance(author, dict):
        d.field("author", " ".join(str(author.get(k)) for k in ("name", "email") if author.get(k)))
    d.field("name from", p.name_source)
    d.field("problems", _counts(node.counts), raw=True)
    pd = node.details
    if pd is not None:
        from ..core.base.version import CLAUDE_CODE_VERSION

        when = " once enabled" if p.installed is not None and not p.installed.enabled else ""
        d.field(
            "always-on",
            f"~{pd.always_on_tokens:,} tokens added to every session{when} "
            f"(Claude Code {CLAUDE_CODE_VERSION} estimate)",
        )
    if p.installed is not None:
        _installed_facts(d, p, ctx)
    d.section("Components")
    for label, items in (
        ("commands", p.commands),
        ("agents", p.agents),
        ("skills", p.skills),
        ("hooks", p.hooks),
        ("MCP servers", p.mcp_servers),
        ("LSP servers", p.lsp_servers),
        ("output styles", p.output_styles),
        ("monitors", p.monitors),
        ("themes", p.themes),
    ):
        if items:
            d.field(label, str(len(items)))
    d.section("Files")
    d.field("README", p.readme or "missing", muted=p.readme is None)
    d.field("LICENSE", p.license or "missing", muted=p.license is None)
    if p.claude_md:
        d.field("CLAUDE.md", p.claude_md)
    if p.bin_files:
        d.field("bin/", ", ".join(f.rsplit("/", 1)[-1] for f in p.bin_files))
    if pd is not None and pd.not_loaded:
        d.section(f"Not loaded ({len(pd.not_loaded)})")
        for item in pd.not_loaded:
            d.bullet(f"{item.what}: {item.why}" + (f" ({item.path})" if item.path else ""), mark="⊘", style="$warning")
    d.problems(node.diags, title="Plugin-level problems", show_path=True)


def _installed_facts(d: Doc, p: Plugin, ctx: ViewContext) -> None:
    """What Claude Code's own files say about an installed copy (``plugin-tui --installed``)."""
    ip = p.installed
    assert ip is not None
    d.section("Installed")
    d.field("id", ip.id)
    d.field("marketplace", ip.marketplace)
    d.field("version", ip.version or "—")
    for r in ip.records:
        d.field("scope", f"{r.scope} ({r.project_path})" if r.project_path else r.scope)
    here = ctx.project.installed.project_dir if ctx.project is not None and ctx.project.installed else "here"
    if ip.enabled:
        d.field("state", f"enabled, as seen from {here} (by {ip.enabled_by})")
    else:
        d.field(
            "state",
            f"disabled, as seen from {here}"
            + (f" (by {ip.enabled_by})" if ip.enabled_by else " (no settings file enables it)"),
        )
    d.field("folder", ip.install_path + ("" if ip.folder_exists else " (gone)"), muted=not ip.folder_exists)
    if ip.loads_from:
        d.field("read from", f"{ip.loads_from} (its directory marketplace): not this copy")
    d.muted("No fixes here: this is Claude Code's cache, replaced at the next update. Fix the plugin's source.")


def _render_marketplace(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    m = node.obj
    data = m.data or {}
    d.title("Marketplace", m.name, m.file.rel)
    owner = data.get("owner")
    if isinstance(owner, dict):
        d.field("owner", " ".join(str(owner.get(k)) for k in ("name", "email") if owner.get(k)))
    meta = data.get("metadata")
    if isinstance(meta, dict):
        for k, v in meta.items():
            d.field(f"metadata.{k}", v)
    counts = marketplace_counts(ctx.project) if ctx.project is not None else None
    if counts is not None:
        d.field("plugins", counts.text())
    d.field("problems", _counts(node.counts), raw=True)
    d.problems(node.diags, title="Marketplace-level problems", show_path=True)


def _render_entry(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    e = node.obj
    d.title(
        "Marketplace entry",
        str(e.name) if e.name is not None else f"plugins[{e.index}]",
        f".claude-plugin/marketplace.json → plugins[{e.index}]",
    )
    src = e.source
    if isinstance(src, str):
        d.field("source", f"{src}  (local: {e.local_rel or '?'})")
    elif isinstance(src, dict):
        d.field("source", src.get("source", "?"))
        for k, v in src.items():
            if k != "source":
                d.field(f"  {k}", v)
    d.field("found", "yes" if e.plugin is not None else "no", muted=e.plugin is None)
    for k, v in e.data.items():
        if k not in ("name", "source"):
            d.field(str(k), v)
    d.problems(node.all_diags())


def _render_group(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    d.title(node.label, node.plugin.name if node.plugin else "")
    d.field("items", str(len(node.children)))
    d.field("problems", _counts(node.counts), raw=True)
    d.section("Items")
    for c in node.children:
        d.bullet(f"{escape(c.label)}  {_counts(c.counts) if c.total else ''}", raw=True)
    own = node.diags
    if own:
        d.problems(own, title="File-level problems", show_path=True)


def _render_manifest(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    sf = node.obj
    p: Plugin | None = node.plugin
    if sf is None:
        d.title("Manifest", "none")
        d.muted("No .claude-plugin/plugin.json: Claude Code names the plugin after its folder and finds")
        d.muted("components in the default locations.")
        d.problems(node.all_diags(), show_path=True)
        return
    d.title("Manifest", "plugin.json", sf.rel)
    data = sf.data
    if not isinstance(data, dict):
        d.muted(sf.problem or (sf.json.error if sf.json is not None and sf.json.error else "not a JSON object"))
    else:
        d.section("Fields")
        for k, v in data.items():
            d.field(str(k), v)
    if p is not None and p.component_paths:
        d.section("Component paths")
        for cp in p.component_paths:
            mark = "[$success]✔[/]" if cp.exists else "[$error]✖[/]"
            what = "folder" if cp.is_dir else "file"
            note = "escapes the plugin root" if cp.escapes else (what if cp.exists else "missing")
            d.bullet(
                f"{escape(cp.field)}: {escape(_short(cp.value, 80))}  [$text-muted]{note}[/]",
                raw=True,
                mark=mark,
                style="",
            )
    d.problems(node.all_diags())


def _render_command(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    c: Command = node.obj
    d.title("Command", "/" + (f"{node.plugin.name}:" if node.plugin else "") + node.label, c.rel)
    _tokens(d, node)
    fm = c.fm
    data = fm.data if isinstance(fm.data, dict) else {}
    for k in ("description", "argument-hint", "allowed-tools", "model", "disable-model-invocation"):
        if k in data:
            d.field(k, data[k])
    if not fm.present:
        d.muted("no frontmatter")
    body = c.body
    d.field("body", f"{len(body.split())} words, {len(body)} chars, {len(body.splitlines())} lines")
    _frontmatter_fields(d, c, ("description", "argument-hint", "allowed-tools", "model", "disable-model-invocation"))
    d.problems(node.all_diags())


def _render_agent(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    a: Agent = node.obj
    info = analysis.agent_info(a)
    fm = a.fm
    data = fm.data if isinstance(fm.data, dict) else {}
    d.title("Agent", a.name, a.rel)
    d.field("scoped name", a.scoped_name)
    _tokens(d, node)
    desc = data.get("description")
    desc_text = desc if isinstance(desc, str) else ""
    d.section("Description")
    if desc_text:
        plain = desc_text
        for ex in info.examples:  # the blocks the core parsed; shown below, one by one
            plain = plain.replace(ex.raw, " ")
        d.text(" ".join(plain.split()) or "(only examples)")
    else:
        d.muted("missing" if desc is None else f"not a string: {_short(desc)}")
    exs = info.examples
    d.section(f"Examples ({len(exs)})")
    if not exs:
        d.muted("no <example> blocks")
    for i, ex in enumerate(exs, 1):
        d.lines.append(f"  [b]Example {i}[/]")
        for role in ("context", "user", "assistant", "commentary"):
            val = getattr(ex, role)
            if isinstance(val, list):
                val = " / ".join(val)
            if val:
                d.field(f"  {role}", val)
    d.section("Settings")
    d.field("model", data.get("model", "inherit (default)"))
    color = data.get("color")
    if isinstance(color, str) and color.lower() in AGENT_COLORS:
        swatch = AGENT_COLORS[color.lower()]
        d.field("color", f"[{swatch}]██[/] [{swatch}]{escape(color)}[/]", raw=True)
    elif color is not None:
        d.field("color", f"{escape(_short(color))} [$text-muted](not a color Claude Code knows)[/]", raw=True)
    else:
        d.field("color", "—", muted=True)
    allow = info.tools
    deny = info.disallowed
    if allow is None:
        d.field("tools", "all (inherited)", muted=True)
    else:
        d.field("tools", ", ".join(allow) if allow else "none (empty list)")
    if deny or "disallowedTools" in data:
        d.field("denied tools", ", ".join(deny) or "—")
    _frontmatter_fields(d, a, ("name", "description", "model", "color", "tools", "disallowedTools"))
    body = a.body
    d.section("System prompt")
    d.field("size", f"{info.prompt_words} words, {info.prompt_chars} chars, {len(body.strip().splitlines())} lines")
    first = next((ln.strip() for ln in body.splitlines() if ln.strip()), "")
    if first:
        d.field("starts", first[:100])
    d.problems(node.all_diags())


def _render_skill(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    s: Skill = node.obj
    project = ctx.project
    info = analysis.skill_info(s, project.index if project is not None else None)
    fm = s.fm
    data = fm.data if isinstance(fm.data, dict) else {}
    d.title("Skill", s.name, s.rel)
    desc = data.get("description")
    desc_text = desc if isinstance(desc, str) else ""
    d.section("Description")
    if desc_text:
        flat = desc_text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
        ranges = analysis.trigger_phrases(desc_text)
        for a, b in wrap_offsets(flat, d.width - 2):
            parts, pos = [], a
            for start, end in ranges:
                s0, e0 = max(start, a), min(end, b)
                if s0 >= e0 or s0 < pos:
                    continue
                parts.append(escape(flat[pos:s0]))
                parts.append(f"[b $accent underline]{escape(flat[s0:e0])}[/]")
                pos = e0
            parts.append(escape(flat[pos:b]))
            d.lines.append("  " + "".join(parts))
        trig = analysis.quoted_phrases(desc_text)
        d.field("trigger phrases", str(len(trig)) if trig else "none quoted", muted=not trig)
    wtu = data.get("when_to_use")
    if isinstance(wtu, str):
        d.field("when_to_use", wtu)
    listing = info.listing_chars
    over = listing > LISTING_BUDGET
    text = f"{listing:,} / {LISTING_BUDGET:,} chars"
    width = max(8, min(30, d.width - d.label - 4 - len(text) - (10 if over else 0)))  # the bar, then the text
    filled = min(width, round(width * listing / LISTING_BUDGET))
    bar_style = "$error" if over else ("$warning" if listing > LISTING_BUDGET * 0.8 else "$success")
    d.field(
        "listing",
        f"[{bar_style}]{'█' * filled}[/][$text-muted]{'░' * (width - filled)}[/] "
        f"{text.replace(' ', chr(160))}" + (" [$error]truncated[/]" if over else ""),
        raw=True,
    )
    d.field("SKILL.md", f"{info.words:,} words, {info.lines:,} lines")
    _tokens(d, node)
    tools = info.allowed_tools
    d.field("allowed tools", ", ".join(tools) if tools else "—", muted=not tools)
    # referenced files
    d.section("Referenced files")
    pairs: list[tuple[str, bool]] = []
    for r in info.references:
        pairs.append((escape(r.target) + (f"  [$text-muted]line {r.line}[/]" if r.line else ""), r.exists))
    if not pairs:
        d.muted("none")
    for target, exists in pairs:
        d.bullet(
            target + ("" if exists else "  [$error]missing[/]"),
            raw=True,
            mark="✔" if exists else "✖",
            style="$success" if exists else "$error",
        )
    if project is not None and s.dir_rel is not None:
        for sub in ("references", "examples", "scripts", "assets"):
            files = project.index.walk_files(f"{s.dir_rel}/{sub}" if s.dir_rel else sub)
            if files:
                d.section(f"{sub}/ ({len(files)})")
                for f in files[:20]:
                    e = project.index.get(f)
                    extra = (
                        f"  [$text-muted]{e.size:,} bytes{', executable' if e and e.executable else ''}[/]" if e else ""
                    )
                    d.bullet(
                        escape(f.rsplit("/", 1)[-1] if sub != "scripts" else f.split(f"{sub}/", 1)[-1]) + extra,
                        raw=True,
                    )
                if len(files) > 20:
                    d.muted(f"… and {len(files) - 20} more", indent=4)
    _frontmatter_fields(d, s, ("name", "description", "when_to_use", "allowed-tools"))
    d.problems(node.all_diags(), show_path=True)


def _env_status(report: Any, name: str) -> tuple[str, Any]:
    v = report.get(name) if report is not None else None
    if v is not None:
        return v.status, v
    if name in ALL_BUILTINS:
        return envcheck.BUILTIN, None
    return "unknown", None


def _render_mcp(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    s: McpServer = node.obj
    cfg = s.config if isinstance(s.config, dict) else {}
    d.title("MCP server", s.name, s.rel)
    d.field("transport", s.transport + ("" if "type" in cfg else "  (implied)"))
    if "command" in cfg:
        cmd = cfg.get("command")
        args = cfg.get("args") if isinstance(cfg.get("args"), list) else []
        d.field("command", " ".join([str(cmd), *map(str, args)]))
    if "url" in cfg:
        d.field("url", cfg.get("url"))
    d.field("defined in", f"{s.rel}" + (" (inline in plugin.json)" if s.origin == "inline" else ""))
    auth = core_auth.analyze(s, ctx.env_report)
    d.section("Auth")
    d.field("method", f"[b]{escape(auth.method)}[/]", raw=True)
    d.text(auth.label)
    for det in auth.details:
        d.bullet(det)
    for need in auth.needs:
        d.bullet(need, mark="→", style="$accent")
    names = core_auth.variables_in(cfg)
    for n in auth.variables:
        if n not in names:
            names.append(n)
    d.section("Variables")
    if not names:
        d.muted("none")
    for n in names:
        status, _v = _env_status(ctx.env_report, n)
        st = STATUS_STYLE.get(status, "$text-muted")
        d.lines.append(f"  [{st}]{escape(status).ljust(8)}[/] {escape('${' + n + '}')}")
    diags = node.all_diags()
    sec = [x for x in diags if x.code.startswith("SEC")]
    if sec:
        d.problems(sec, title="Security")
    d.problems([x for x in diags if not x.code.startswith("SEC")])


def _render_lsp(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    s: LspServer = node.obj
    d.title("LSP server", s.name, s.rel)
    cfg = s.config if isinstance(s.config, dict) else {}
    for k, v in cfg.items():
        d.field(str(k), v)
    if not cfg:
        d.muted(f"not an object: {_short(s.config)}")
    d.problems(node.all_diags())


def _render_hook_event(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    d.title("Hook event", node.label, node.plugin.name if node.plugin else None)
    d.field("matchers", str(len(node.children)))
    for m in node.children:
        event, matcher = m.obj
        d.bullet(f"[b]{escape(m.label)}[/]  [$text-muted]{escape(classify(matcher, event).explanation)}[/]", raw=True)
    d.problems(node.all_diags())


def _render_hook_matcher(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    event, matcher = node.obj
    d.title("Hook matcher", node.label, event)
    d.field("event", event)
    d.field("matcher", node.label)
    d.field("matches", classify(matcher, event).explanation)
    d.section(f"Handlers ({len(node.children)})")
    for h in node.children:
        d.bullet(h.label)
    d.problems(node.all_diags())


# a hook handler's fields in the order the pane shows them (then "type" above them, and any other key below)
HOOK_FIELDS = (
    "command",
    "args",
    "url",
    "server",
    "tool",
    "prompt",
    "model",
    "if",
    "timeout",
    "async",
    "asyncRewake",
    "shell",
    "statusMessage",
    "once",
    "headers",
    "allowedEnvVars",
)


def _render_hook(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    h = node.obj
    d.title("Hook", h.event, h.rel)
    d.field("event", h.event)
    d.field("matcher", "(none)" if h.matcher is None else h.matcher)
    d.field("matches", classify(h.matcher, h.event).explanation)
    d.section("Handler")
    data = h.data
    d.field("type", data.get("type", "—"))
    for k in HOOK_FIELDS:
        if k in data:
            d.field(k, data[k])
    if "timeout" not in data:
        d.field("timeout", "default", muted=True)
    for k in data:
        if k != "type" and k not in HOOK_FIELDS:
            d.field(k, data[k])
    script = None
    if node.plugin is not None:
        try:
            script = script_for(h, node.plugin, ctx.project.index if ctx.project else None)
        except Exception:  # a model the core cannot read: show no script rather than crash the pane
            script = None
    d.section("Script")
    if script is None:
        d.muted("no script file (inline command, prompt or remote handler)")
    else:
        d.field("path", script.raw or script.rel or "?")
        if script.rel:
            d.field("file", script.rel, muted=True)
        ok = lambda b, yes, no: (
            f"[$success]✔ {yes}[/]"
            if b
            else (
                f"[$error]✖ {no}[/]"
                if b is False
                # noqa: E731
                else "[$text-muted]? unknown[/]"
            )
        )
        d.field("exists", ok(script.exists, "exists", "missing"), raw=True)
        if script.exists:
            d.field(
                "executable",
                ok(script.executable if script.direct else None, "executable", "not executable (chmod +x)"),
                raw=True,
            )
        notes = []
        if script.outside:
            notes.append(f"outside the plugin: {script.outside}")
        if script.escapes:
            notes.append("leaves the plugin folder (../)")
        if script.is_dir:
            notes.append("is a folder, not a file")
        if script.interpreter:
            notes.append(
                f"run through {script.interpreter}"
                + (f" ({script.language})" if script.language and script.language != script.interpreter else "")
            )
        elif script.language:
            notes.append(f"run directly ({script.language})")
        if script.shebang:
            notes.append(f"shebang {script.shebang}")
        if notes:
            d.muted("; ".join(notes))
    d.problems(node.all_diags(), show_path=True)


def _render_output_style(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    s: OutputStyle = node.obj
    d.title("Output style", s.name, s.rel)
    data = s.fm.data if isinstance(s.fm.data, dict) else {}
    for k, v in data.items():
        d.field(str(k), v)
    d.field("body", f"{len(s.body.split())} words")
    d.problems(node.all_diags())


def _render_settings_json(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    sf = node.obj
    d.title("Settings", "settings.json", sf.rel)
    data = sf.data
    if isinstance(data, dict):
        for k, v in data.items():
            d.field(str(k), v)
    else:
        d.muted(sf.problem or "not a JSON object")
    d.problems(node.all_diags())


def _render_settings_file(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    s: SettingsFile = node.obj
    d.title("Settings file", node.label, s.rel)
    d.muted("plugin-dev convention: read by the plugin's own hooks/commands, not by Claude Code")
    data = s.fm.data if isinstance(s.fm.data, dict) else {}
    for k, v in data.items():
        d.field(str(k), v)
    d.problems(node.all_diags())


def _render_note(d: Doc, node: OutlineNode, ctx: ViewContext) -> None:
    installed = ctx.project is not None and ctx.project.installed is not None and node.obj is ctx.project
    d.title("Claude Code" if installed else "Folder", node.label)
    if node.detail:
        d.text(node.detail)
    elif installed and ctx.project is not None and ctx.project.note:
        d.text(ctx.project.note)
    d.field("problems", _counts(node.counts), raw=True)
    if installed and ctx.project is not None:
        _installed_overview(d, node, ctx.project)
    d.problems(node.diags, show_path=True)


def _installed_overview(d: Doc, node: OutlineNode, project: Project) -> None:
    """Every installed plugin with its state and always-on estimate, and what every session pays in total."""
    from ..core.services.installed import overview

    costs = {
        n.plugin.rel: n.details.always_on_tokens
        for n in node.children
        if n.kind == "plugin" and n.plugin is not None and n.details is not None
    }
    rows, total = overview(project, costs if costs else None)
    st = project.installed
    assert st is not None
    d.section(f"Installed plugins ({len(rows) + len(st.outside)})")
    for r in rows:
        ip = r.facts
        tok = f" · ~{r.always_on_tokens:,} tok" if r.always_on_tokens is not None else ""
        state = "enabled" if ip.enabled else "disabled"
        gone = "" if ip.folder_exists else " · folder gone"
        gone += " · refused by Claude Code" if r.plugin.refused is not None else ""
        d.bullet(
            f"{ip.id} {ip.version or ''} · {', '.join(ip.scopes)} · {state}{tok}{gone}",
            mark="●" if ip.enabled else "○",
            style="$success" if ip.enabled else "$text-muted",
        )
    for ip in st.outside:
        d.bullet(f"{ip.id} · not checked: {ip.install_path}", mark="○")
    if costs:
        d.field("always-on", f"~{total:,} tokens added to every session by the enabled plugins")
    d.field("config", st.config_dir)
    d.field("project", st.project_dir)
    d.muted("Built-in plugins (@builtin) ship inside Claude Code and have no files: not listed.")
    for note in st.notes:
        d.bullet(note, mark="▲", style="$warning")


_RENDERERS = {
    "plugin": _render_plugin,
    "marketplace": _render_marketplace,
    "entry": _render_entry,
    "group": _render_group,
    "manifest": _render_manifest,
    "command": _render_command,
    "agent": _render_agent,
    "skill": _render_skill,
    "mcp_server": _render_mcp,
    "lsp_server": _render_lsp,
    "hook_event": _render_hook_event,
    "hook_matcher": _render_hook_matcher,
    "hook": _render_hook,
    "output_style": _render_output_style,
    "settings_json": _render_settings_json,
    "settings_file": _render_settings_file,
    "note": _render_note,
}


class DetailPane(VerticalScroll):
    """Right-hand pane: shows the highlighted node."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
    ]

    def __init__(self, **kw: Any) -> None:
        super().__init__(**kw)
        self.node_key: str | None = None
        self.stale = False
        self._kind = "detail"

    def set_stale(self, stale: bool) -> None:
        self.stale = stale
        self._set_title()

    def _set_title(self) -> None:
        self.border_title = pane_title(2, self._kind + (" · stale" if self.stale else ""))

    def compose(self):
        yield Static("[$text-muted]Loading…[/]", id="detail-body")

    def show(self, node: OutlineNode | None, ctx: ViewContext, *, keep_scroll: bool = False) -> None:
        same = node is not None and node.key == self.node_key
        self.node_key = node.key if node is not None else None
        self._last = (node, ctx)
        self._kind = node.kind.replace("_", " ") if node is not None else "detail"
        self._set_title()
        self.query_one("#detail-body", Static).update(render_node(node, ctx, self._width()))
        if not (same and keep_scroll):
            self.scroll_home(animate=False)

    def _width(self) -> int:
        w = self.scrollable_content_region.width
        return (w - 1) if w > 10 else 80

    def on_resize(self) -> None:
        last = getattr(self, "_last", None)
        if last is not None:
            self.query_one("#detail-body", Static).update(render_node(last[0], last[1], self._width()))


__all__ = ["DetailPane", "ViewContext", "render_node", "count_text"]
