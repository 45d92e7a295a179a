"""The tools Claude Code 2.1.332 offers, by the names an agent's `tools` or a skill's `allowed-tools` may list."""

from __future__ import annotations

# built-in tools an agent allowlist can name (unknown names are reported as info, not errors)
KNOWN_TOOLS = {"Agent", "Task", "Bash", "BashOutput", "KillShell", "KillBash", "Edit", "MultiEdit", "Write", "Read",
               "Glob", "Grep", "LS", "NotebookEdit", "NotebookRead", "WebFetch", "WebSearch", "TodoWrite",
               "TodoRead", "Skill", "SlashCommand", "AskUserQuestion", "ExitPlanMode", "EnterPlanMode",
               "ListMcpResourcesTool", "ReadMcpResourceTool", "ToolSearch", "Monitor", "LSP", "TaskCreate",
               "TaskGet", "TaskList", "TaskUpdate", "TaskOutput", "TaskStop", "SendMessage", "TeamCreate",
               "TeamDelete", "EnterWorktree", "ExitWorktree", "CronCreate", "CronDelete", "CronList",
               "PowerShell", "Workflow", "REPL", "Computer"}
KNOWN_TOOLS_BY_LOWER = {t.lower(): t for t in KNOWN_TOOLS}
