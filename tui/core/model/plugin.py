"""The plugin model: a project (plugin or marketplace) and every component the way Claude Code sees it.

Plain dataclasses, no I/O: the loader (``loader.py``) builds them. Paths (``rel``) are relative to the
project root, with ``/`` separators.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ..base.diagnostics import Span
from ..parse.frontmatter import Frontmatter
from ..parse.fsread import FileIndex
from ..parse.jsonpos import JsonDoc, LineIndex


@dataclass(eq=False, slots=True, weakref_slot=True)
class SourceFile:
    """A file that was read (once) and parsed according to its kind. Slotted: a marketplace holds tens of
    thousands of them."""

    rel: str
    abs: Path
    kind: str  # "json" | "markdown" | "text"
    text: str | None = None
    problem: str | None = None  # why it could not be read (too large, binary, FIFO, vanished, …)
    problem_line: int | None = None
    problem_column: int | None = None
    bom: bool = False
    size: int = 0
    mtime_ns: int = 0
    mode: int = 0
    json: JsonDoc | None = None
    fm: Frontmatter | None = None
    _lines: LineIndex | None = field(default=None, repr=False)

    @property
    def readable(self) -> bool:
        return self.text is not None

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = self.json.lines if self.json is not None else LineIndex(self.text or "")
        return self._lines

    @property
    def data(self) -> Any:
        """Decoded JSON value (None when unreadable or invalid)."""
        return self.json.data if self.json is not None and self.json.ok else None

    def span(self, pointer: tuple = ()) -> Span | None:
        if self.json is not None and self.json.ok:
            return self.json.span(pointer)
        return None

    def key_span(self, pointer: tuple) -> Span | None:
        if self.json is not None and self.json.ok:
            return self.json.key_span(pointer)
        return None

    def line_text(self, line: int) -> str:
        if self.text is None:
            return ""
        starts = self.lines.starts
        if line < 1 or line > len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def find(self, needle: str, start_line: int = 1) -> Span | None:
        """Span of the first occurrence of ``needle`` at or after ``start_line``."""
        if self.text is None or not needle:
            return None
        starts = self.lines.starts
        offset = starts[start_line - 1] if 0 < start_line <= len(starts) else 0
        i = self.text.find(needle, offset)
        if i < 0:
            return None
        return self.lines.span(i, i + len(needle))


@dataclass(eq=False)
class Component:
    """Something Claude Code loads from a plugin."""

    KIND: ClassVar[str] = "component"
    name: str
    file: SourceFile | None = None
    pointer: tuple = ()  # where it lives inside a JSON file ("" for whole files)
    origin: str = "default"  # default | manifest | inline | marketplace
    plugin: Plugin | None = field(default=None, repr=False)
    # What Claude Code 2.1.332 does with it (the loader sets both; ``Plugin.not_loaded`` says why when ``loads`` is
    # False). ``listed``: `claude plugin details` lists it, under ``name`` (for hooks: its event). ``loads``: a
    # session gets it. They differ: details lists only the top level of a commands/ or agents/ folder but sessions
    # load the sub-folders too; details lists every key of .mcp.json but sessions drop invalid servers.
    listed: bool = True
    loads: bool = True

    @property
    def kind(self) -> str:
        return self.KIND

    @property
    def key(self) -> str:
        """A stable identity, also across reloads: kind, file and pointer."""
        rel = self.file.rel if self.file else ""
        return f"{self.KIND}:{rel}#{'/'.join(map(str, self.pointer))}:{self.name}"

    @property
    def rel(self) -> str | None:
        return self.file.rel if self.file else None

    def span(self) -> Span | None:
        if self.file is None:
            return None
        if self.pointer:
            return self.file.key_span(self.pointer)
        return None


@dataclass(eq=False)
class MarkdownComponent(Component):
    @property
    def fm(self) -> Frontmatter:
        if self.file is not None and self.file.fm is not None:
            return self.file.fm
        return Frontmatter()

    @property
    def body(self) -> str:
        return (
            self.fm.body
            if self.file is not None and self.file.fm is not None
            else (self.file.text or "" if self.file else "")
        )


@dataclass(eq=False)
class Command(MarkdownComponent):
    """A command. ``name`` is the file's stem (what `plugin details` lists); a session registers it as
    ``<plugin>:<namespace…>:<name>`` (``invocation``)."""

    KIND: ClassVar[str] = "command"
    namespace: tuple[str, ...] = ()  # nested folders under commands/
    inline: dict | None = None  # manifest "commands" object-map entry, when defined there
    skill_dir: bool = False  # a SKILL.md inside commands/: the folder is one command named after it

    @property
    def invocation(self) -> str:
        plugin = self.plugin.name if self.plugin else "?"
        return ":".join((plugin, *self.namespace, self.name))


@dataclass(eq=False)
class Agent(MarkdownComponent):
    """An agent. ``name`` is the file's stem (what `plugin details` lists); a session registers it under its
    frontmatter ``name`` when it has one (``runtime_name``), as ``<plugin>:<namespace…>:<runtime_name>``."""

    KIND: ClassVar[str] = "agent"
    namespace: tuple[str, ...] = ()  # subfolders under agents/ become part of the scoped id

    @property
    def runtime_name(self) -> str:
        n = self.fm.data.get("name") if self.fm.ok else None
        if n is not None and not isinstance(n, (dict, list)):
            text = n if isinstance(n, str) else ("true" if n is True else "false" if n is False else str(n))
            if text and len(text) <= 256:  # longer names are ignored (a warning)
                return text
        return self.name

    @property
    def scoped_name(self) -> str:
        plugin = self.plugin.name if self.plugin else "?"
        return ":".join((plugin, *self.namespace, self.runtime_name))


@dataclass(eq=False)
class Skill(MarkdownComponent):
    """A skill. ``name`` is what `plugin details` lists: the folder's name for ``<skills>/<folder>/SKILL.md``; for
    a SKILL.md directly in a skills path (or at the plugin root) its frontmatter ``name`` (without a
    ``<plugin>:`` prefix), else the folder's name."""

    KIND: ClassVar[str] = "skill"
    dir_rel: str = ""  # the skill's folder, relative to the project root
    root_skill: bool = False  # a SKILL.md at the plugin root


@dataclass(eq=False)
class OutputStyle(MarkdownComponent):
    KIND: ClassVar[str] = "output_style"


@dataclass(eq=False)
class SettingsFile(MarkdownComponent):
    """A plugin-dev settings file ``.claude/<plugin>.local.md`` (a convention, not loaded by Claude Code)."""

    KIND: ClassVar[str] = "settings_file"


@dataclass(eq=False)
class HookConfig(Component):
    """One source of hooks: ``hooks/hooks.json``, a manifest path, or an inline object."""

    KIND: ClassVar[str] = "hook_config"
    base: tuple = ()  # pointer of the event map inside the file
    wrapped: bool | None = None  # hooks.json with the {"hooks": …} wrapper (None for inline maps)
    events: dict = field(default_factory=dict)  # the raw event map
    description: Any = None
    # event names Claude Code keeps from this source (unknown events and non-list values dropped; an event whose
    # handlers were all invalid is kept), in order: what `plugin details` lists for it
    kept_events: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Hook(Component):
    """One hook handler: event → matcher group → handler."""

    KIND: ClassVar[str] = "hook"
    event: str = ""
    matcher: Any = None  # raw matcher value (None when omitted)
    group_index: int = 0
    handler_index: int = 0
    data: dict = field(default_factory=dict)
    config: HookConfig | None = field(default=None, repr=False)

    @property
    def type(self) -> Any:
        return self.data.get("type")

    @property
    def group_pointer(self) -> tuple:
        return self.pointer[:-2]


@dataclass(eq=False)
class McpServer(Component):
    KIND: ClassVar[str] = "mcp_server"
    config: Any = None  # the raw server config (normally a dict)
    wrapped: bool | None = None  # .mcp.json with the mcpServers wrapper

    @property
    def transport(self) -> str:
        cfg = self.config if isinstance(self.config, dict) else {}
        t = cfg.get("type")
        if isinstance(t, str):
            return "http" if t == "streamable-http" else t
        return "stdio" if "url" not in cfg else "unknown"


@dataclass(eq=False)
class LspServer(Component):
    KIND: ClassVar[str] = "lsp_server"
    config: Any = None


@dataclass(eq=False)
class Monitor(Component):
    KIND: ClassVar[str] = "monitor"
    config: Any = None


@dataclass(eq=False)
class Theme(Component):
    KIND: ClassVar[str] = "theme"


@dataclass(frozen=True, slots=True)
class NotLoaded:
    """Something that sits in a plugin but that Claude Code will not load (or drops when it starts), and why."""

    path: str | None  # relative to the project root
    what: str  # the item: a file, an event name, a server name …
    why: str


@dataclass(eq=False)
class ComponentPath:
    """One path named by a manifest (or marketplace entry) component field."""

    field: str  # commands, agents, skills, hooks, mcpServers, lspServers, outputStyles, themes, monitors, workflows
    value: Any
    pointer: tuple  # inside the manifest (or marketplace) file
    file: SourceFile | None
    resolved: str | None = None  # relative to the project root; None when it escapes or is not a string
    escapes: bool = False
    exists: bool = False
    is_dir: bool = False

    @property
    def target(self) -> str:
        """The resolved path, for a path found usable (a string inside the plugin that exists)."""
        assert self.resolved is not None, "only a usable path has a target"
        return self.resolved


@dataclass(eq=False)
class MarketplaceEntry:
    index: int
    data: dict
    pointer: tuple
    name: Any = None
    source: Any = None
    local_rel: str | None = None  # resolved plugin folder (relative to the project root) for local sources
    plugin: Plugin | None = field(default=None, repr=False)

    @property
    def is_local(self) -> bool:
        return isinstance(self.source, str)


@dataclass(eq=False)
class Marketplace:
    file: SourceFile
    entries: list[MarketplaceEntry] = field(default_factory=list)

    @property
    def data(self) -> dict | None:
        d = self.file.data
        return d if isinstance(d, dict) else None

    @property
    def name(self) -> str:
        d = self.data or {}
        n = d.get("name")
        return n if isinstance(n, str) else "marketplace"


@dataclass(frozen=True, slots=True)
class InstallRecord:
    """One record of Claude Code's ``installed_plugins.json`` (``plugins[id][i]``): who installed it, where."""

    scope: str  # user | project | local | managed
    project_path: str | None  # the project of a project- or local-scope install
    version: str | None
    installed_at: str | None
    last_updated: str | None
    pointer: tuple  # of the record inside installed_plugins.json


@dataclass(eq=False)
class InstalledPlugin:
    """What Claude Code's own files say about one installed copy (``tui.core.services.installed`` reads them):
    its id, the records that point at it, and whether it is enabled as seen from the current project."""

    id: str  # plugin@marketplace
    name: str
    marketplace: str
    install_path: str  # the folder, as Claude Code reads it (absolute)
    records: list[InstallRecord] = field(default_factory=list)
    enabled: bool = False
    enabled_by: str | None = None  # the settings file whose enabledPlugins decided (None: no file enables it)
    folder_exists: bool = True
    inside: bool = True  # the folder is inside the plugins folder (what is walked and checked)
    loads_from: str | None = None  # a directory marketplace's folder that Claude Code reads instead of this copy

    @property
    def scopes(self) -> list[str]:
        return [r.scope for r in self.records]

    @property
    def version(self) -> str | None:
        return next((r.version for r in self.records if r.version), None)


@dataclass(eq=False)
class InstalledState:
    """How the installed plugins were read: the folders, the files, what could not be read."""

    config_dir: str  # ~/.claude (or $CLAUDE_CONFIG_DIR)
    project_dir: str  # the project whose .claude/settings.json and settings.local.json count
    list_file: SourceFile | None = None  # installed_plugins.json (read apart from the project's files)
    problem: str | None = None  # why installed_plugins.json cannot be used
    problem_pointer: tuple | None = None  # where in it (a record Claude Code cannot parse)
    problem_line: int | None = None
    problem_column: int | None = None
    settings: list[str] = field(default_factory=list)  # the settings files read for enabledPlugins, in order
    notes: list[str] = field(default_factory=list)  # what else the reader had to skip (unreadable settings …)
    outside: list[InstalledPlugin] = field(default_factory=list)  # installed outside the plugins folder: not checked


@dataclass(eq=False)
class Plugin:
    rel: str  # plugin root relative to the project root ("" when the project is the plugin)
    name: str
    manifest: SourceFile | None = None
    entry: MarketplaceEntry | None = None
    commands: list[Command] = field(default_factory=list)
    agents: list[Agent] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    output_styles: list[OutputStyle] = field(default_factory=list)
    hook_configs: list[HookConfig] = field(default_factory=list)
    hooks: list[Hook] = field(default_factory=list)
    mcp_servers: list[McpServer] = field(default_factory=list)
    mcp_files: list[SourceFile] = field(default_factory=list)
    lsp_servers: list[LspServer] = field(default_factory=list)
    lsp_files: list[SourceFile] = field(default_factory=list)
    monitors: list[Monitor] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    settings_files: list[SettingsFile] = field(default_factory=list)
    settings_json: SourceFile | None = None
    component_paths: list[ComponentPath] = field(default_factory=list)
    bin_files: list[str] = field(default_factory=list)
    readme: str | None = None
    license: str | None = None
    claude_md: str | None = None
    name_source: str = "directory"  # manifest | marketplace | directory
    not_loaded: list[NotLoaded] = field(default_factory=list)  # filled by the loader
    refused: str | None = None  # why Claude Code refuses to load the plugin at all, when the files say so
    # how a marketplace entry combines with the plugin's folder: None (no entry), "assign" (no plugin.json: the
    # entry is the manifest), "append" (plugin.json and entry: the entry's component paths are added),
    # "conflict" (strict:false entry with component fields beside a plugin.json: the plugin does not load)
    entry_mode: str | None = None
    # hook event names `plugin details` lists, in its order (events of hook sources, merged)
    hook_events: list[str] = field(default_factory=list)
    installed: InstalledPlugin | None = None  # set when the plugin is Claude Code's installed copy (--installed)

    def inventory(self) -> dict[str, list[str]]:
        """What `claude plugin details` lists for this plugin, kind by kind, in Claude Code's order (skills sorted,
        with commands counted as skills). Empty when Claude Code refuses the plugin."""
        if self.refused is not None:
            return {"skills": [], "agents": [], "hooks": [], "mcp_servers": [], "lsp_servers": []}

        def names(items: Iterable[Component]) -> list[str]:
            out: list[str] = []
            for c in items:
                if c.listed and c.name not in out:
                    out.append(c.name)
            return out

        skills = [c.name for c in self.skills if c.listed] + [c.name for c in self.commands if c.listed]
        return {
            "skills": sorted(skills, key=lambda n: n.encode("utf-16-be")),
            "agents": [c.name for c in self.agents if c.listed],
            "hooks": list(self.hook_events),
            "mcp_servers": names(self.mcp_servers),
            "lsp_servers": names(self.lsp_servers),
        }

    @property
    def manifest_data(self) -> dict | None:
        if self.manifest is None:
            return None
        d = self.manifest.data
        return d if isinstance(d, dict) else None

    def path(self, rel_in_plugin: str) -> str:
        """A plugin-relative path as a project-relative one."""
        rel_in_plugin = rel_in_plugin.strip("/")
        if not self.rel:
            return rel_in_plugin
        return f"{self.rel}/{rel_in_plugin}" if rel_in_plugin else self.rel

    def components(self) -> Iterator[Component]:
        yield from self.commands
        yield from self.agents
        yield from self.skills
        yield from self.output_styles
        yield from self.hook_configs
        yield from self.hooks
        yield from self.mcp_servers
        yield from self.lsp_servers
        yield from self.monitors
        yield from self.themes
        yield from self.settings_files

    @property
    def version(self) -> str | None:
        d = self.manifest_data or {}
        v = d.get("version")
        if isinstance(v, str):
            return v
        if self.entry is not None:
            v = self.entry.data.get("version")
            if isinstance(v, str):
                return v
        return None

    def files(self) -> list[SourceFile]:
        """Every parsed file that belongs to this plugin."""
        seen: dict[str, SourceFile] = {}
        if self.manifest is not None:
            seen[self.manifest.rel] = self.manifest
        for c in self.components():
            if c.file is not None:
                seen.setdefault(c.file.rel, c.file)
        for f in (*self.mcp_files, *self.lsp_files):
            seen.setdefault(f.rel, f)
        if self.settings_json is not None:
            seen.setdefault(self.settings_json.rel, self.settings_json)
        return list(seen.values())


@dataclass(eq=False)
class Project:
    root: Path
    kind: str  # "plugin" | "marketplace" | "none"
    index: FileIndex
    plugins: list[Plugin] = field(default_factory=list)
    marketplace: Marketplace | None = None
    files: dict[str, SourceFile] = field(default_factory=dict)
    note: str | None = None  # why nothing plugin-like was found, or how the root was read
    installed: InstalledState | None = None  # set when the project is what Claude Code installed (--installed)

    @property
    def name(self) -> str:
        if self.installed is not None:
            return "installed plugins"
        if self.marketplace is not None:
            return self.marketplace.name
        if self.plugins:
            return self.plugins[0].name
        return self.root.name

    def plugin_for(self, rel: str) -> Plugin | None:
        """The plugin whose folder holds ``rel`` (the deepest one)."""
        best = None
        for p in self.plugins:
            if p.rel == "" or rel == p.rel or rel.startswith(p.rel + "/"):
                if best is None or len(p.rel) > len(best.rel):
                    best = p
        return best

    def components(self) -> Iterator[Component]:
        for p in self.plugins:
            yield from p.components()
