"""Variables Claude Code provides itself (plugin paths, hook-only variables, user options), and where each is substituted."""

from __future__ import annotations

from .hooks import ENV_FILE_EVENTS

CORE_BUILTINS = ("CLAUDE_PLUGIN_ROOT", "CLAUDE_PLUGIN_DATA", "CLAUDE_PROJECT_DIR")
HOOK_BUILTINS = CORE_BUILTINS + (
    "CLAUDE_ENV_FILE",
    "CLAUDE_CODE_REMOTE",
    "CLAUDE_EFFORT",
    "CLAUDE_CODE_BRIDGE_SESSION_ID",
)
HELPER_BUILTINS = ("CLAUDE_CODE_MCP_SERVER_NAME", "CLAUDE_CODE_MCP_SERVER_URL")
CONTENT_ONLY = ("CLAUDE_SESSION_ID", "CLAUDE_SKILL_DIR")
ALL_BUILTINS = frozenset(HOOK_BUILTINS + HELPER_BUILTINS + CONTENT_ONLY)
PLUGIN_OPTION_PREFIX = "CLAUDE_PLUGIN_OPTION_"
# variables a shell or the OS provides; bare $VAR uses of these in shell commands are not the plugin's business
SHELL_VARS = frozenset(
    """HOME PATH PWD OLDPWD USER LOGNAME SHELL TERM TMPDIR TEMP TMP HOSTNAME UID EUID PPID IFS
RANDOM LINENO SECONDS BASH BASH_SOURCE BASH_VERSION BASHPID FUNCNAME PIPESTATUS OSTYPE MACHTYPE HOSTTYPE SHLVL LANG
LC_ALL LC_CTYPE EDITOR VISUAL PS1 PS4 OPTARG OPTIND REPLY COLUMNS LINES ZSH_VERSION XDG_CONFIG_HOME XDG_DATA_HOME
XDG_CACHE_HOME XDG_RUNTIME_DIR XDG_STATE_HOME""".split()
)


def builtin_status(name: str, field: str, event: str | None = None) -> tuple[bool, bool, str | None]:
    """(is it a Claude Code builtin, is it provided in this field, why not)."""
    if name.startswith("user_config."):
        if field in ("mcp.headersHelper", "monitor.command") or (field == "hook.command.shell"):
            return True, False, "${user_config.*} is never substituted into shell-evaluated fields"
        if field.startswith(("mcp.", "lsp.", "hook.")) and field not in (
            "mcp.other",
            "lsp.other",
            "hook.url",
            "hook.headers",
        ):
            return True, True, None
        return True, False, "${user_config.*} is substituted only in MCP/LSP configs and hook commands"
    if name.startswith(PLUGIN_OPTION_PREFIX):
        if field.startswith("hook.command") or field == "hook.args":
            return True, True, None
        return True, False, f"{name} is exported to hook processes only; use ${{user_config.KEY}} here"
    if name not in ALL_BUILTINS:
        return False, False, None
    if name in CORE_BUILTINS:
        if field in ("mcp.other", "lsp.other", "hook.url", "hook.headers", "hook.allowedEnvVars"):
            return True, False, f"{name} is not substituted in this field"
        return True, True, None
    if name in CONTENT_ONLY:
        return True, False, f"{name} is substituted in skill content only"
    if name in HELPER_BUILTINS:
        if field == "mcp.headersHelper":
            return True, True, None
        return True, False, f"{name} is set only in a headersHelper's environment"
    # hook-only variables
    if (
        field.startswith("hook.command")
        or field == "hook.args"
        or (field == "monitor.command" and name != "CLAUDE_ENV_FILE")
    ):
        if name == "CLAUDE_ENV_FILE" and event is not None and event not in ENV_FILE_EVENTS:
            return True, False, f"CLAUDE_ENV_FILE is set only for {', '.join(ENV_FILE_EVENTS)} hooks, not {event}"
        return True, True, None
    return True, False, f"{name} is set only in hook processes"
