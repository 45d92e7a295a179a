"""Hook events as Claude Code 2.1.332 knows them: one table, every other hook table derived from it.

Each event says what its matcher filters on (the payload field and, for people, what that value is), which
handler types it runs, the matcher values it knows, what exit code 2 does, and whether plain stdout reaches
Claude's context, a top-level ``decision`` applies, or the hook gets ``CLAUDE_ENV_FILE``. The loader (which events
load), the rules, the matcher explorer, the hook tester and scaffolding all read these tables, so they cannot
disagree (a test pins the derived tables against the rows).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "HANDLER_TYPES",
    "HANDLER_REQUIRED",
    "TOOL_NAMES",
    "EventInfo",
    "ALL_EVENTS",
    "EVENTS",
    "EVENT_NAMES",
    "UNDOCUMENTED_EVENTS",
    "ALL_EVENT_NAMES",
    "GUARD_EVENTS",
    "TOOL_EVENTS",
    "IF_EVENTS",
    "ENV_FILE_EVENTS",
    "MATCHER_FIELD",
    "MATCHER_SUBJECT",
    "MATCHER_VALUES",
    "MATCHER_EXAMPLES",
    "EXIT2_BLOCKS",
    "EXIT2_OTHER",
    "STDOUT_CONTEXT_EVENTS",
    "DECISION_EVENTS",
    "EVENT_TIMEOUT",
    "DEFAULT_TIMEOUT",
]

HANDLER_TYPES: tuple[str, ...] = ("command", "http", "mcp_tool", "prompt", "agent")
# the field each handler type cannot do without
HANDLER_REQUIRED: dict[str, tuple[str, ...]] = {
    "command": ("command",),
    "prompt": ("prompt",),
    "agent": ("prompt",),
    "http": ("url",),
    "mcp_tool": ("server", "tool"),
}
_ALL5 = frozenset(HANDLER_TYPES)
_CMD_MCP = frozenset({"command", "mcp_tool"})
_CMD_HTTP_MCP = frozenset({"command", "http", "mcp_tool"})

# Tools Claude Code offers (names a tool-event matcher is compared with). MCP tools are mcp__<server>__<tool>.
TOOL_NAMES: tuple[str, ...] = (
    "Bash",
    "Read",
    "Write",
    "Edit",
    "MultiEdit",
    "NotebookEdit",
    "Glob",
    "Grep",
    "LS",
    "WebFetch",
    "WebSearch",
    "Task",
    "Agent",
    "TodoWrite",
    "ExitPlanMode",
    "Skill",
    "SlashCommand",
    "AskUserQuestion",
    "BashOutput",
    "KillShell",
    "LSP",
)
_TOOL_EXAMPLES = (
    "Bash",
    "Write",
    "Edit",
    "Read",
    "Glob",
    "Grep",
    "WebFetch",
    "WebSearch",
    "Task",
    "NotebookEdit",
    "mcp__memory__create_entities",
)
_AGENT_TYPES = ("general-purpose", "Explore", "Plan", "statusline-setup", "output-style-setup")
_ISOLATED = "does not block; stderr is shown to the user only"


@dataclass(frozen=True)
class EventInfo:
    name: str
    field: str | None  # the payload field the matcher is compared with; None: the event has no matcher
    subject: str | None  # what that value is, for people ("tool name")
    handler_types: frozenset
    values: tuple[str, ...] = ()  # known matcher values (for the explorer and the tester)
    examples: tuple[str, ...] = ()  # the tester's sample values, when they differ from ``values``
    narrow_exact: bool = False  # FileChanged / StopFailure: exact set is letters/digits/_/| only
    exit2: str = "does not block"  # what exit code 2 does
    blocks: bool = False  # exit 2 (or a block decision) stops what the event is about
    stdout_context: bool = False  # plain stdout on exit 0 goes into Claude's context
    decision: bool = False  # a top-level {"decision": "block", "reason": …} applies
    env_file: bool = False  # the hook gets CLAUDE_ENV_FILE
    timeout: float | None = None  # the event's own default timeout in seconds (else DEFAULT_TIMEOUT)
    documented: bool = True  # in Claude Code's documented list (the others load, but are internal)

    @property
    def has_matcher(self) -> bool:
        return self.field is not None

    @property
    def can_block(self) -> bool:
        """Exit 2 or a block decision changes what happens next (for the Post* tool events: feedback Claude acts on)."""
        return self.blocks or self.decision

    @property
    def matcher(self) -> str | None:
        """What the matcher filters on, in words (None: no matcher)."""
        return self.subject


def _ev(
    name: str,
    field: str | None,
    subject: str | None,
    types: frozenset,
    values: tuple[str, ...] = (),
    *,
    examples: tuple[str, ...] = (),
    narrow: bool = False,
    blocks: str | None = None,
    other: str | None = None,
    stdout: bool = False,
    decision: bool = False,
    env_file: bool = False,
    timeout: float | None = None,
    documented: bool = True,
) -> EventInfo:
    return EventInfo(
        name,
        field,
        subject,
        types,
        values,
        examples or values,
        narrow,
        blocks if blocks is not None else (other or "does not block"),
        blocks is not None,
        stdout,
        decision,
        env_file,
        timeout,
        documented,
    )


ALL_EVENTS: dict[str, EventInfo] = {
    e.name: e
    for e in (
        _ev(
            "SessionStart",
            "source",
            "session source",
            _CMD_MCP,
            ("startup", "resume", "clear", "compact", "fork"),
            other="does not block; stderr is shown to the user only",
            stdout=True,
            env_file=True,
        ),
        _ev(
            "Setup",
            "trigger",
            "setup trigger",
            _CMD_MCP,
            ("init", "maintenance"),
            other="does not block; stderr is shown to the user only",
            env_file=True,
        ),
        _ev(
            "UserPromptSubmit",
            None,
            None,
            _ALL5,
            blocks="blocks the prompt and erases it; stderr is shown to the user",
            stdout=True,
            decision=True,
            timeout=30.0,
        ),
        _ev(
            "UserPromptExpansion",
            "command_name",
            "command name",
            _ALL5,
            examples=("review",),
            blocks="blocks the expansion; stderr is shown to the user",
            stdout=True,
            decision=True,
        ),
        _ev(
            "PreToolUse",
            "tool_name",
            "tool name",
            _ALL5,
            TOOL_NAMES,
            examples=_TOOL_EXAMPLES,
            blocks="blocks the tool call; stderr is shown to Claude",
        ),
        _ev(
            "PermissionRequest",
            "tool_name",
            "tool name",
            _ALL5,
            TOOL_NAMES,
            examples=_TOOL_EXAMPLES,
            blocks="denies the permission; stderr is shown to Claude",
        ),
        _ev(
            "PermissionDenied",
            "tool_name",
            "tool name",
            _ALL5,
            TOOL_NAMES,
            examples=_TOOL_EXAMPLES,
            other="is ignored (the denial stands)",
        ),
        _ev(
            "PostToolUse",
            "tool_name",
            "tool name",
            _ALL5,
            TOOL_NAMES,
            examples=_TOOL_EXAMPLES,
            other="does not block (the tool already ran); stderr is shown to Claude",
            decision=True,
        ),
        _ev(
            "PostToolUseFailure",
            "tool_name",
            "tool name",
            _ALL5,
            TOOL_NAMES,
            examples=_TOOL_EXAMPLES,
            other="does not block (the tool already failed); stderr is shown to Claude",
            decision=True,
        ),
        _ev(
            "PostToolBatch",
            None,
            None,
            _ALL5,
            other="does not undo the batch; stderr is shown to Claude",
            decision=True,
        ),
        _ev(
            "Notification",
            "notification_type",
            "notification type",
            _CMD_HTTP_MCP,
            (
                "permission_prompt",
                "idle_prompt",
                "auth_success",
                "elicitation_dialog",
                "elicitation_url_dialog",
                "elicitation_complete",
                "elicitation_response",
                "agent_needs_input",
                "agent_completed",
            ),
            other="is ignored apart from showing stderr to the user",
        ),
        _ev("MessageDisplay", None, None, _CMD_HTTP_MCP, other=_ISOLATED, timeout=10.0),
        _ev(
            "SubagentStart",
            "agent_type",
            "agent type",
            _CMD_HTTP_MCP,
            _AGENT_TYPES,
            examples=("general-purpose", "Explore", "Plan"),
            other="does not block; stderr is shown to the user only",
        ),
        _ev(
            "SubagentStop",
            "agent_type",
            "agent type",
            _ALL5,
            _AGENT_TYPES,
            examples=("general-purpose", "Explore", "Plan"),
            blocks="prevents the subagent from stopping; stderr is shown to the subagent",
            decision=True,
        ),
        _ev("TaskCreated", None, None, _ALL5, blocks="rolls the task creation back; stderr is shown to Claude"),
        _ev("TaskCompleted", None, None, _ALL5, blocks="keeps the task open; stderr is shown to Claude"),
        _ev(
            "Stop",
            None,
            None,
            _ALL5,
            blocks="prevents Claude from stopping; stderr is shown to Claude, which keeps working",
            decision=True,
        ),
        _ev(
            "StopFailure",
            "error",
            "error type",
            _CMD_HTTP_MCP,
            (
                "rate_limit",
                "overloaded",
                "authentication_failed",
                "oauth_org_not_allowed",
                "billing_error",
                "invalid_request",
                "model_not_found",
                "server_error",
                "max_output_tokens",
                "unknown",
            ),
            narrow=True,
            other="is ignored (output and exit code are discarded)",
        ),
        _ev("TeammateIdle", None, None, _ALL5, blocks="keeps the teammate working; stderr is its feedback"),
        _ev(
            "InstructionsLoaded",
            "load_reason",
            "load reason",
            _CMD_HTTP_MCP,
            ("session_start", "nested_traversal", "path_glob_match", "include", "compact"),
            other="is ignored (the exit code is not used)",
        ),
        _ev(
            "ConfigChange",
            "source",
            "config source",
            _CMD_HTTP_MCP,
            ("user_settings", "project_settings", "local_settings", "policy_settings", "skills"),
            blocks="blocks the configuration change (policy settings cannot be blocked)",
            decision=True,
        ),
        _ev("CwdChanged", None, None, _CMD_HTTP_MCP, other=_ISOLATED, env_file=True),
        _ev(
            "DirectoryAdded",
            "source",
            "how it was added",
            _CMD_HTTP_MCP,
            ("slash_command", "register_repo_root"),
            other=_ISOLATED,
        ),
        _ev(
            "FileChanged",
            "file_name",
            "file name",
            _CMD_HTTP_MCP,
            (".envrc", ".env"),
            narrow=True,
            other=_ISOLATED,
            env_file=True,
        ),
        _ev("WorktreeCreate", None, None, _CMD_HTTP_MCP, blocks="fails the worktree creation"),
        _ev(
            "WorktreeRemove", None, None, _CMD_HTTP_MCP, other="does not block; failures are only logged in debug mode"
        ),
        _ev(
            "PreCompact",
            "trigger",
            "trigger",
            _CMD_HTTP_MCP,
            ("manual", "auto"),
            blocks="blocks the compaction",
            decision=True,
        ),
        _ev("PostCompact", "trigger", "trigger", _CMD_HTTP_MCP, ("manual", "auto"), other=_ISOLATED),
        _ev(
            "Elicitation",
            "mcp_server_name",
            "MCP server name",
            _CMD_HTTP_MCP,
            examples=("github",),
            blocks="denies the elicitation",
        ),
        _ev(
            "ElicitationResult",
            "mcp_server_name",
            "MCP server name",
            _CMD_HTTP_MCP,
            examples=("github",),
            blocks="blocks the response (it becomes a decline)",
        ),
        _ev(
            "SessionEnd",
            "reason",
            "end reason",
            _CMD_HTTP_MCP,
            ("clear", "resume", "logout", "prompt_input_exit", "other"),
            other="does not block (the session is ending); stderr is shown to the user only",
        ),
        # loaded by Claude Code 2.1.332 but not in its documented list; PreSkillShellCommand is one of its guard events
        _ev("PreModelSwitch", None, None, _ALL5, documented=False),
        _ev("PostModelSwitch", None, None, _ALL5, documented=False),
        _ev("PreSkillShellCommand", None, None, _ALL5, documented=False),
    )
}

# the documented events (the rules treat the others apart: they load, but are Claude Code's internal ones)
EVENTS: dict[str, EventInfo] = {n: e for n, e in ALL_EVENTS.items() if e.documented}
EVENT_NAMES: tuple[str, ...] = tuple(EVENTS)
UNDOCUMENTED_EVENTS = frozenset(n for n, e in ALL_EVENTS.items() if not e.documented)
ALL_EVENT_NAMES = frozenset(ALL_EVENTS)  # every event whose hooks Claude Code loads (names are case-sensitive)
# a hook of these events that cannot be loaded may guard permissions: Claude Code then refuses the whole plugin
GUARD_EVENTS: tuple[str, ...] = ("PreToolUse", "PermissionRequest", "PreSkillShellCommand")
TOOL_EVENTS = frozenset(n for n, e in EVENTS.items() if e.field == "tool_name")
IF_EVENTS = TOOL_EVENTS  # events where a handler's `if` is evaluated (elsewhere the handler never runs)
ENV_FILE_EVENTS: tuple[str, ...] = tuple(n for n, e in EVENTS.items() if e.env_file)
DEFAULT_TIMEOUT = 600.0

# views of the table, by event name (documented events)
_DOC = EVENTS
MATCHER_FIELD: dict[str, str | None] = {n: e.field for n, e in _DOC.items()}
MATCHER_SUBJECT: dict[str, str] = {n: e.subject for n, e in _DOC.items() if e.subject is not None}
MATCHER_VALUES: dict[str, tuple[str, ...]] = {n: e.values for n, e in _DOC.items() if e.has_matcher}
MATCHER_EXAMPLES: dict[str, tuple[str, ...]] = {n: e.examples for n, e in _DOC.items() if e.examples}
EXIT2_BLOCKS: dict[str, str] = {n: e.exit2 for n, e in _DOC.items() if e.blocks}
EXIT2_OTHER: dict[str, str] = {n: e.exit2 for n, e in _DOC.items() if not e.blocks}
STDOUT_CONTEXT_EVENTS = frozenset(n for n, e in _DOC.items() if e.stdout_context)
DECISION_EVENTS = frozenset(n for n, e in _DOC.items() if e.decision)
EVENT_TIMEOUT: dict[str, float] = {n: e.timeout for n, e in _DOC.items() if e.timeout is not None}
