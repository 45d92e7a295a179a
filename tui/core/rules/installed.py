"""What Claude Code installed (``plugin-tui --installed``): its list of installed plugins, and installed copies
that are gone or that a session does not read. These rules find nothing on a plugin or marketplace folder: they
look at ``Project.installed`` and ``Plugin.installed``, which only ``tui.core.services.installed`` sets."""

from __future__ import annotations

from collections.abc import Iterator

from ..base.diagnostics import ERROR, INFO, WARNING, Diagnostic
from ..lint.context import Context
from ..lint.registry import rule
from ..model.plugin import Plugin, Project


@rule("INS001", "installed-list-unreadable", area="layout", severity=ERROR, target="project")
def installed_list_unreadable(ctx: Context, project: Project) -> Iterator[Diagnostic]:
    """Claude Code cannot read its list of installed plugins (`~/.claude/plugins/installed_plugins.json`).

    Why it matters: Claude Code 2.1.332 logs "Failed to load installed_plugins.json … Starting with empty state":
    `claude plugin list` shows nothing installed, and installing, updating or removing a plugin rebuilds the
    file from nothing (the old one is kept beside it). A single record it cannot parse makes the whole list
    unreadable. plugin-tui checks nothing it cannot read either.

    Wrong: `{"version": 2, "plugins": {"kit@acme": [` (cut off by a full disk or a crash).
    Right: the file as Claude Code writes it, or none (`claude plugin install` writes a new one).
    """
    st = project.installed
    if st is None or st.problem is None:
        return
    sf = st.list_file
    where = sf.rel if sf is not None else "installed_plugins.json"
    yield ctx.at(
        f"{where} {st.problem}: Claude Code 2.1.332 starts with an empty list of installed plugins "
        "(`claude plugin list` shows none)",
        file=sf,
        pointer=st.problem_pointer,
        line=st.problem_line,
        column=st.problem_column,
        hint="restore the file from a backup, or reinstall the plugins with `claude plugin install`",
    )


@rule("INS002", "installed-copy-missing", area="layout", severity=WARNING, target="plugin")
def installed_copy_missing(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """An installed plugin's folder in Claude Code's cache is gone.

    Why it matters: Claude Code 2.1.332 fetches the plugin again from its marketplace when a session starts;
    when that fails (offline, a private repository, a source that moved) the plugin does not load, and
    `claude plugin list` shows the download error. Nothing of it can be checked here.

    Wrong: `~/.claude/plugins/cache/acme/kit/1.0.0` deleted by a clean-up script while `installed_plugins.json`
    still names it.
    Right: `claude plugin update kit@acme` (or uninstall and install it again).
    """
    ip = plugin.installed
    if ip is None or ip.folder_exists:
        return
    st = ctx.project.installed
    sf = st.list_file if st is not None else None
    pointer = ip.records[0].pointer + ("installPath",) if ip.records else None
    yield ctx.at(
        f"the installed copy of {ip.id} is gone ({ip.install_path}): Claude Code 2.1.332 fetches it again from "
        f"its marketplace when a session starts, and does not load it when that fails",
        file=sf,
        pointer=pointer,
        hint=f"run `claude plugin update {ip.id}`, or uninstall and install it again",
    )


@rule("INS003", "installed-read-from-source", area="layout", severity=INFO, target="plugin")
def installed_read_from_source(ctx: Context, plugin: Plugin) -> Iterator[Diagnostic]:
    """Claude Code reads this plugin from its marketplace's folder, not from the installed copy.

    Why it matters: for a marketplace added from a local folder (`claude plugin marketplace add ./dir`) whose
    entry names the plugin by a relative path, Claude Code 2.1.332 loads the plugin from that folder at every
    start (`claude plugin list --json` names it `readFromFolder`); the copy in its cache is not used. The
    findings shown here are those of the copy made at install time: check the folder itself to see what loads.

    Wrong: reading the findings of `~/.claude/plugins/cache/dev/kit/0.1.0` after editing `~/src/kit`.
    Right: `plugin-tui ~/src/kit`, the folder Claude Code reads.
    """
    ip = plugin.installed
    if ip is None or ip.loads_from is None or not ip.folder_exists:
        return
    yield ctx.at(
        f"Claude Code 2.1.332 reads {ip.id} from its marketplace's folder {ip.loads_from}, not from this "
        "installed copy: these findings are the copy's, made at install time",
        file=plugin.manifest,
        hint=f"check the folder that loads: plugin-tui {ip.loads_from}",
    )
