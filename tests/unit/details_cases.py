"""Small plugins that pin how Claude Code 2.1.332 estimates tokens offline (``claude plugin details``).

Each case is one plugin and the numbers Claude Code printed for it (``claude-ref details DIR`` on exactly
these files): the exact always-on total ("Always-on: ~N tok") and the rounded per-component column. Each case
isolates one behaviour so that every other reading of the source would print a different total.
"""

from __future__ import annotations

HEADING = "Heading " + "x" * 142  # 150 characters

CASES: dict[str, dict] = {
    # commands are listed as "<plugin>:<name>" with "." made "-"; always-on = name + description
    "prefix": {
        "files": {
            ".claude-plugin/plugin.json": {"name": "details-fixture-command-prefix", "version": "1.0.0"},
            "commands/do.it.md": "---\ndescription: Run it now\n---\nDo it.\n",
        },
        # "details-fixture-command-prefix:do-it Run it now" = 47 chars -> 12; "Do it." = 6 -> 2
        "always_on_tokens": 12,
        "components": {"do.it": ("command", "details-fixture-command-prefix:do-it Run it now", "Do it.")},
    },
    # skills: description and when_to_use are escaped (< -> &lt;); disable-model-invocation changes nothing
    "skill": {
        "files": {
            ".claude-plugin/plugin.json": {"name": "dt-skill", "version": "1.0.0"},
            "skills/angle/SKILL.md": (
                "---\nname: angle\ndescription: Use <tool> with <args> for <x>, <y> and <z>\n"
                "when_to_use: When <asked>\ndisable-model-invocation: true\n---\n"
                "# Angle\n\nBody text here.\n"
            ),
        },
        # 14 + 1 + 73 + 1 + 18 = 107 chars -> 27 (unescaped: 71 -> 18; skipped: 0)
        "always_on_tokens": 27,
        "components": {
            "angle": (
                "skill",
                "dt-skill:angle Use &lt;tool&gt; with &lt;args&gt; for &lt;x&gt;, "
                "&lt;y&gt; and &lt;z&gt; When &lt;asked&gt;",
                "# Angle\n\nBody text here.",
            )
        },
    },
    # agents: bare name, values as written
    "agent": {
        "files": {
            ".claude-plugin/plugin.json": {"name": "dt-agent", "version": "1.0.0"},
            "agents/angler.md": (
                "---\nname: angler\ndescription: Use <tool> with <args> for <x>, <y> and <z>\n"
                "when_to_use: When <asked>\n---\nYou are an angler.\n"
            ),
        },
        # 6 + 1 + 43 + 1 + 12 = 63 chars -> 16 (escaped: 99 -> 25; prefixed: 72 -> 18); on-invoke 18 -> 5
        "always_on_tokens": 16,
        "components": {
            "angler": ("agent", "angler Use <tool> with <args> for <x>, <y> and <z> When <asked>", "You are an angler.")
        },
    },
    # no description: the first non-blank line, without its heading marks, cut to 97 + "..."
    "fallback": {
        "files": {
            ".claude-plugin/plugin.json": {"name": "dt-fallback", "version": "1.0.0"},
            "skills/nodesc/SKILL.md": f'---\nargument-hint: "[x]"\n---\n\n\n## {HEADING}\n\nRest.\n',
            "skills/short/SKILL.md": '---\nargument-hint: "[y]"\n---\n###### Title\n\nBody.\n',
        },
        # nodesc: 18 + 1 + 100 = 119; short: 17 + 1 + 5 = 23; total 142 -> 36 (heading kept: 149 -> 37)
        "always_on_tokens": 36,
        "components": {
            "nodesc": ("skill", "dt-fallback:nodesc " + HEADING[:97] + "...", f"## {HEADING}\n\nRest."),
            "short": ("skill", "dt-fallback:short Title", "###### Title\n\nBody."),
        },
    },
    # a multi-paragraph description: each run of newlines becomes one space
    "blocks": {
        "files": {
            ".claude-plugin/plugin.json": {"name": "dt-blocks", "version": "1.0.0"},
            "commands/para.md": (
                "---\ndescription: |\n" + "\n\n".join(f"  paragraph{i}" for i in range(10)) + "\n---\nBody.\n"
            ),
        },
        # 14 + 1 + (100 + 9) = 124 chars -> 31 (newlines kept: 133 -> 33)
        "always_on_tokens": 31,
        "components": {"para": ("command", "dt-blocks:para " + " ".join(f"paragraph{i}" for i in range(10)), "Body.")},
    },
    # the frontmatter ends at the first "---", even inside a line
    "dashes": {
        "files": {
            ".claude-plugin/plugin.json": {"name": "dt-dashes", "version": "1.0.0"},
            "skills/dash/SKILL.md": (
                "---\ndescription: Short---this part is body text when Claude Code reads the "
                "file for its estimate\n---\nReal body.\n"
            ),
        },
        # "dt-dashes:dash Short" = 20 chars -> 5
        "always_on_tokens": 5,
        "components": {
            "dash": (
                "skill",
                "dt-dashes:dash Short",
                "this part is body text when Claude Code reads the file for its estimate\n---\nReal body.",
            )
        },
    },
    # the total is round(sum of characters / 4), half up; not the sum of rounded parts
    "rounding": {
        "files": {
            ".claude-plugin/plugin.json": {"name": "dt", "version": "1.0.0"},
            "commands/a1.md": "---\ndescription: xyzw\n---\n",
            "commands/a2.md": "---\ndescription: xyzw\n---\n",
            "commands/a3.md": "---\ndescription: xyzw\n---\n",
            "commands/a4.md": "---\ndescription: xyzwuv\n---\n",
        },
        # 10 + 10 + 10 + 12 = 42 chars -> 11 (banker's rounding: 10; sum of rounded parts: 12)
        "always_on_tokens": 11,
        "components": {
            "a1": ("command", "dt:a1 xyzw", ""),
            "a2": ("command", "dt:a2 xyzw", ""),
            "a3": ("command", "dt:a3 xyzw", ""),
            "a4": ("command", "dt:a4 xyzwuv", ""),
        },
    },
    # a BOM and CRLF line ends: the BOM is dropped, every \r is counted
    "crlf": {
        "files": {
            ".claude-plugin/plugin.json": {"name": "dt-crlf", "version": "1.0.0"},
            "skills/crlf/SKILL.md": (
                "\ufeff---\r\ndescription: Windows file\r\n---\r\n" + "".join(f"line {i:02d}\r\n" for i in range(40))
            ).encode("utf-8"),
        },
        # always-on "dt-crlf:crlf Windows file" = 25 -> 6; on-invoke 40 * 7 + 39 * 2 = 358 -> 90 (no \r: 80)
        "always_on_tokens": 6,
        "components": {"crlf": ("skill", "dt-crlf:crlf Windows file", "\r\n".join(f"line {i:02d}" for i in range(40)))},
    },
}

# What Claude Code printed in its "Per-component (rounded)" table for these cases: (always-on, on-invoke).
TABLES: dict[str, dict[str, tuple[str, str]]] = {
    "prefix": {"do.it": ("< 20", "< 20")},
    "skill": {"angle": ("~30", "< 20")},
    "agent": {"angler": ("< 20", "< 20")},
    "fallback": {"nodesc": ("~30", "~40"), "short": ("< 20", "< 20")},
    "blocks": {"para": ("~30", "< 20")},
    "dashes": {"dash": ("< 20", "~20")},
    "rounding": {"a1": ("< 20", "< 20"), "a2": ("< 20", "< 20"), "a3": ("< 20", "< 20"), "a4": ("< 20", "< 20")},
    "crlf": {"crlf": ("< 20", "~90")},
}
