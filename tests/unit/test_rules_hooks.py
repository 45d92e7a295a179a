"""Hook configuration rules HOOK001–HOOK032."""

import pytest

from tests.helpers import check_rule, write_tree


def tree(tmp_path, hooks_file, files=None, executable=(), manifest=None):
    t = {".claude-plugin/plugin.json": manifest or {"name": "p"}}
    if hooks_file is not None:
        t["hooks/hooks.json"] = hooks_file
    t.update(files or {})
    return write_tree(tmp_path, t, executable=executable)


def H(event, *handlers, matcher=None):
    g = {"hooks": list(handlers)}
    if matcher is not None:
        g["matcher"] = matcher
    return {"hooks": {event: [g]}}


CMD = {"type": "command", "command": "echo ok"}


def run(tmp_path, code, hooks_file, **kw):
    profile = kw.pop("profile", "official")
    return check_rule(tree(tmp_path, hooks_file, **kw), code, profile=profile)


def test_hook001_root_not_object(tmp_path):
    d = run(tmp_path, "HOOK001", [{"matcher": "Bash"}])
    assert len(d) == 1 and d[0].severity == "error" and d[0].line == 1 and "array" in d[0].message
    assert not run(tmp_path / "ok", "HOOK001", H("Stop", CMD))


def test_hook002_missing_wrapper(tmp_path):
    d = run(tmp_path, "HOOK002", {"Stop": [{"hooks": [CMD]}]})
    assert len(d) == 1 and d[0].severity == "error" and "zero hooks" in d[0].message
    d = run(tmp_path / "g", "HOOK002", {"description": "x", "PreToolUse": [{"hooks": [CMD]}]})
    # Claude Code 2.1.332 refuses the whole plugin: "hooks.json declares PreToolUse/… at its top level, outside the
    # "hooks" object"
    assert 'outside the "hooks" object' in d[0].message and "refuses the whole plugin" in d[0].message
    assert (d[0].line, d[0].column) == (3, 3)
    assert not run(tmp_path / "ok", "HOOK002", H("Stop", CMD))


def test_hook003_wrapper_shape(tmp_path):
    d = run(tmp_path, "HOOK003", {"hooks": [], "description": 3})
    assert {x.severity for x in d} == {"error"} and len(d) == 2
    assert not run(tmp_path / "ok", "HOOK003", {"description": "d", **H("Stop", CMD)})


def test_hook004_unknown_event(tmp_path):
    d = run(tmp_path, "HOOK004", H("postToolUse", CMD))
    # Claude Code 2.1.332: "hooks.postToolUse: unknown hook event; entry ignored" — the hook never loads
    assert len(d) == 1 and d[0].severity == "error" and "'PostToolUse'" in d[0].message
    assert d[0].line == 3 and d[0].column == 5
    d = run(tmp_path / "pre", "HOOK004", H("pretooluse", CMD))
    assert d[0].severity == "error"  # ignored the same way (the plugin loads without that guard)
    assert not run(tmp_path / "ok", "HOOK004", H("PostToolUse", CMD))


def test_hook004_inline_wrapper(tmp_path):
    d = run(tmp_path, "HOOK004", None, manifest={"name": "p", "hooks": {"hooks": {"Stop": []}}})
    assert len(d) == 1 and "without the" in d[0].message and d[0].path == ".claude-plugin/plugin.json"


def test_hook005_event_not_array(tmp_path):
    d = run(tmp_path, "HOOK005", {"hooks": {"Stop": {"hooks": [CMD]}, "PreToolUse": "x"}})
    # Stop: "must be an array of matchers; … entry ignored"; PreToolUse: the whole plugin is refused
    assert sorted(x.severity for x in d) == ["error", "error"]
    assert [x for x in d if "PreToolUse" in x.message][0].message.endswith("of the permissions beside it")
    assert not run(tmp_path / "ok", "HOOK005", H("Stop", CMD))


def test_hook006_group_shape(tmp_path):
    d = run(tmp_path, "HOOK006", {"hooks": {"Stop": ["x", {"matcher": "", "command": "a"}, {"hooks": {}}]}})
    assert len(d) == 3
    assert not run(tmp_path / "ok", "HOOK006", H("Stop", CMD))


def test_hook007_matcher_not_string(tmp_path):
    d = run(tmp_path, "HOOK007", H("PreToolUse", CMD, matcher=["Write", "Edit"]))
    assert len(d) == 1 and d[0].severity == "error" and "Write|Edit" in d[0].hint
    assert not run(tmp_path / "ok", "HOOK007", H("PreToolUse", CMD, matcher="Write"))


def test_hook008_type(tmp_path):
    d = run(tmp_path, "HOOK008", H("PostToolUse", {"command": "x"}, {"type": "shell", "command": "x"}, "str"))
    assert len(d) == 3 and {x.severity for x in d} == {"error"}  # each handler is dropped: it never runs
    d = run(tmp_path / "pre", "HOOK008", H("PermissionRequest", {"type": "Command", "command": "x"}))
    assert d[0].severity == "error" and "'command'" in d[0].hint
    assert not run(tmp_path / "ok", "HOOK008", H("Stop", CMD, {"type": "http", "url": "https://x"}))


def test_hook009_required(tmp_path):
    d = run(
        tmp_path,
        "HOOK009",
        H(
            "Stop",
            {"type": "command"},
            {"type": "prompt", "text": "x"},
            {"type": "http", "url": "not a url"},
            {"type": "mcp_tool", "server": "s"},
            {"type": "command", "command": "  "},
        ),
    )
    assert len(d) == 5
    ok = H(
        "Stop",
        CMD,
        {"type": "prompt", "prompt": "x"},
        {"type": "http", "url": "https://h/x"},
        {"type": "mcp_tool", "server": "s", "tool": "t"},
        {"type": "http", "url": "${HOOK_URL}"},
    )
    assert not run(tmp_path / "ok", "HOOK009", ok)


def test_hook010_timeout(tmp_path):
    d = run(tmp_path, "HOOK010", H("PreToolUse", {**CMD, "timeout": "30"}, {**CMD, "timeout": 0}))
    assert len(d) == 2 and all(x.severity == "error" for x in d) and d[0].hint == "write 30"
    assert not run(tmp_path / "ok", "HOOK010", H("PreToolUse", {**CMD, "timeout": 0.5}))


def test_hook011_async(tmp_path):
    d = run(
        tmp_path, "HOOK011", H("PostToolUse", {**CMD, "async": "yes"}, {"type": "prompt", "prompt": "x", "async": True})
    )
    # a command hook with a non-boolean async is dropped (error); async on a prompt hook is not part of that type
    # and is ignored (warning)
    assert [x.severity for x in d] == ["error", "warning"]
    assert not run(tmp_path / "ok", "HOOK011", H("PostToolUse", {**CMD, "async": True}))


def test_hook012_field_types(tmp_path):
    d = run(tmp_path, "HOOK012", H("Stop", {**CMD, "shell": "zsh", "args": "--x", "statusMessage": 3}))
    assert len(d) == 3
    assert not run(tmp_path / "ok", "HOOK012", H("Stop", {**CMD, "shell": "bash", "statusMessage": "s"}))


def test_hook013_exec_form(tmp_path):
    d = run(tmp_path, "HOOK013", H("Stop", {"type": "command", "command": "node x.js", "args": ["a"]}))
    assert len(d) == 1 and "no executable named" in d[0].message
    assert not run(tmp_path / "ok", "HOOK013", H("Stop", {"type": "command", "command": "node", "args": ["x.js"]}))


def test_hook014_unknown_keys(tmp_path):
    d = run(tmp_path, "HOOK014", H("Stop", {**CMD, "timout": 3, "url": "x"}))
    assert len(d) == 2 and any("'timeout'" in (x.hint or "") for x in d)
    assert not run(tmp_path / "ok", "HOOK014", H("Stop", {**CMD, "timeout": 3}))


def test_hook014_keys_of_claude_codes_handler_schema_are_known(tmp_path):
    # as Anthropic's security-guidance plugin writes them (Claude Code 2.1.332's command hook schema)
    rewake = {
        **CMD,
        "asyncRewake": True,
        "rewakeMessage": "Security review:",
        "rewakeSummary": "review",
        "onFailure": "continue",
        "timeout": 30,
    }
    assert not run(tmp_path / "a", "HOOK014", H("PostToolUse", rewake, matcher="Edit"))
    http = {"type": "http", "url": "https://x.example/h", "onFailure": "block"}
    assert not run(tmp_path / "b", "HOOK014", H("Stop", http))
    d = run(tmp_path / "c", "HOOK014", H("Stop", {"type": "prompt", "prompt": "ok?", "onFailure": "block"}))
    assert len(d) == 1 and "'onFailure' belongs to" in d[0].message


def test_hook015_once(tmp_path):
    assert len(run(tmp_path, "HOOK015", H("Stop", {**CMD, "once": True}))) == 1
    assert not run(tmp_path / "ok", "HOOK015", H("Stop", CMD))


def test_hook016_type_event(tmp_path):
    d = run(
        tmp_path,
        "HOOK016",
        {
            "hooks": {
                "SessionStart": [{"hooks": [{"type": "http", "url": "https://x"}]}],
                "PreCompact": [{"hooks": [{"type": "agent", "prompt": "x"}]}],
            }
        },
    )
    assert len(d) == 2 and all(x.severity == "error" for x in d)
    assert not run(tmp_path / "ok", "HOOK016", H("Stop", {"type": "prompt", "prompt": "x"}))


def test_hook017_if(tmp_path):
    d = run(tmp_path, "HOOK017", H("Stop", {**CMD, "if": "Bash(git *)"}))
    assert len(d) == 1 and "never runs" in d[0].message
    assert d[0].severity == "error"  # "cannot be evaluated for non-tool event": the hook is skipped every time
    d = run(tmp_path / "and", "HOOK017", H("PreToolUse", {**CMD, "if": "Bash(a) && Bash(b)"}, matcher="Bash"))
    assert d[0].severity == "warning"
    assert not run(tmp_path / "ok", "HOOK017", H("PreToolUse", {**CMD, "if": "Bash(git *)"}, matcher="Bash"))


def test_hook018_unquoted_root(tmp_path):
    d = run(tmp_path, "HOOK018", H("Stop", {"type": "command", "command": "bash ${CLAUDE_PLUGIN_ROOT}/x.sh"}))
    assert len(d) == 1 and d[0].severity == "warning"
    text = (tmp_path / "hooks/hooks.json").read_text().splitlines()[d[0].line - 1]
    assert text[d[0].column - 1 :].startswith("${CLAUDE_PLUGIN_ROOT}")
    for ok in [
        'bash "${CLAUDE_PLUGIN_ROOT}/x.sh"',
        '"${CLAUDE_PLUGIN_ROOT}"/x.sh',
        "X=$CLAUDE_PLUGIN_ROOT/a b",
        "echo '${CLAUDE_PLUGIN_ROOT}'",
    ]:
        assert not run(tmp_path / str(abs(hash(ok))), "HOOK018", H("Stop", {"type": "command", "command": ok})), ok
    assert not run(
        tmp_path / "exec", "HOOK018", H("Stop", {"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/x", "args": []})
    )


def test_hook019_user_config(tmp_path):
    d = run(tmp_path, "HOOK019", H("Stop", {"type": "command", "command": "x.sh --t ${user_config.tok}"}))
    assert len(d) == 1 and d[0].severity == "error" and "CLAUDE_PLUGIN_OPTION_TOK" in d[0].hint
    assert not run(
        tmp_path / "ok", "HOOK019", H("Stop", {"type": "command", "command": "x", "args": ["${user_config.tok}"]})
    )


def test_hook020_invalid_regex_position(tmp_path):
    d = run(tmp_path, "HOOK020", H("PostToolUse", CMD, matcher="Write(["))
    assert len(d) == 1 and d[0].severity == "error" and "Unterminated character class" in d[0].message
    line = (tmp_path / "hooks/hooks.json").read_text().splitlines()[d[0].line - 1]
    assert '"Write(["' in line[d[0].column - 1 :]
    assert not run(tmp_path / "ok", "HOOK020", H("PostToolUse", CMD, matcher="^(Write|Edit)$"))


def test_hook021_matcher_ignored(tmp_path):
    d = run(tmp_path, "HOOK021", H("Stop", CMD, matcher="Bash"))
    assert len(d) == 1 and d[0].severity == "info"
    assert not run(tmp_path / "star", "HOOK021", H("Stop", CMD, matcher="*"))
    assert not run(tmp_path / "ok", "HOOK021", H("PreToolUse", CMD, matcher="Bash"))


def test_hook022_unanchored(tmp_path):
    d = run(tmp_path, "HOOK022", H("PreToolUse", CMD, matcher="Edit.*"))
    assert len(d) == 1 and "NotebookEdit" in d[0].message
    assert not run(tmp_path / "ok", "HOOK022", H("PreToolUse", CMD, matcher="^Edit$"))


def test_hook023_bare_mcp(tmp_path):
    d = run(tmp_path, "HOOK023", H("PostToolUse", CMD, matcher="mcp__memory"))
    assert len(d) == 1 and "mcp__memory__.*" in d[0].hint
    assert not run(tmp_path / "ok", "HOOK023", H("PostToolUse", CMD, matcher="mcp__memory__.*"))


def test_hook023_own_server_hint_message_and_fix_agree(tmp_path):
    # Claude Code registers a plugin's server as plugin:<plugin>:<server> (`claude mcp list` shows plugin:p:api)
    # and names its tools mcp__ + the name with [^A-Za-z0-9_-] as "_" + __<tool>: mcp__plugin_p_api__<tool>
    files = {".mcp.json": {"mcpServers": {"api": {"command": "api-mcp"}}}}
    d = run(tmp_path, "HOOK023", H("PostToolUse", CMD, matcher="mcp__api"), files=files)
    assert len(d) == 1 and "mcp__plugin_p_api__<tool>" in d[0].message
    assert d[0].hint == "use mcp__plugin_p_api__.* to match every tool of the server"
    assert d[0].fix is not None and not d[0].fix.safe and '"mcp__plugin_p_api__.*"' in d[0].fix.title


def test_mcp_tool_prefix_replaces_what_claude_code_replaces():
    from tui.core.rules._kit.jsonedit import mcp_tool_prefix

    assert mcp_tool_prefix("api", "api-kit") == "mcp__plugin_api-kit_api__"
    assert mcp_tool_prefix("my.server", "kit v2") == "mcp__plugin_kit_v2_my_server__"
    assert mcp_tool_prefix("memory") == "mcp__memory__"


def test_hook024_plugin_mcp_scope(tmp_path):
    files = {".mcp.json": {"mcpServers": {"github": {"command": "gh-mcp"}}}}
    d = run(tmp_path, "HOOK024", H("PreToolUse", CMD, matcher="mcp__github__.*"), files=files)
    assert len(d) == 1 and "mcp__plugin_p_github__" in d[0].hint
    assert not run(tmp_path / "ok", "HOOK024", H("PreToolUse", CMD, matcher="mcp__plugin_p_github__.*"), files=files)
    assert not run(tmp_path / "other", "HOOK024", H("PreToolUse", CMD, matcher="mcp__github__.*"))


def test_hook025_unknown_value(tmp_path):
    d = run(
        tmp_path,
        "HOOK025",
        {
            "hooks": {
                "PreToolUse": [{"matcher": "bash", "hooks": [CMD]}],
                "SessionStart": [{"matcher": "start", "hooks": [CMD]}],
            }
        },
    )
    assert len(d) == 2 and any("'Bash'" in (x.hint or "") for x in d) and any("startup" in x.message for x in d)
    assert not run(
        tmp_path / "ok",
        "HOOK025",
        {
            "hooks": {
                "PreToolUse": [{"matcher": "Bash|MyTool", "hooks": [CMD]}],
                "SessionStart": [{"matcher": "startup|resume", "hooks": [CMD]}],
            }
        },
    )


@pytest.mark.parametrize(
    "command,hit",
    [
        ("/Users/me/p/hooks/x.sh", True),
        ("bash hooks/x.sh", True),
        ("~/bin/x.sh", True),
        ('"${CLAUDE_PLUGIN_ROOT}"/hooks/x.sh', False),
        ("/usr/bin/env true", False),
    ],
)
def test_hook026_command_path(tmp_path, command, hit):
    d = run(tmp_path, "HOOK026", H("Stop", {"type": "command", "command": command}))
    assert bool(d) == hit


def test_hook027_env_file(tmp_path):
    d = run(tmp_path, "HOOK027", H("PreToolUse", {"type": "command", "command": 'echo A=1 >> "$CLAUDE_ENV_FILE"'}))
    assert len(d) == 1
    d = run(
        tmp_path / "script",
        "HOOK027",
        H("Stop", {"type": "command", "command": '"${CLAUDE_PLUGIN_ROOT}"/s.sh'}),
        files={"s.sh": '#!/bin/bash\necho A=1 >> "$CLAUDE_ENV_FILE"\n'},
    )
    assert len(d) == 1 and d[0].path == "s.sh" and d[0].line == 2
    assert not run(
        tmp_path / "ok", "HOOK027", H("SessionStart", {"type": "command", "command": 'echo A=1 >> "$CLAUDE_ENV_FILE"'})
    )


def test_hook028_prompt_placeholders(tmp_path):
    d = run(tmp_path, "HOOK028", H("PreToolUse", {"type": "prompt", "prompt": "Is $TOOL_INPUT safe?"}))
    assert len(d) == 1
    assert not run(tmp_path / "ok", "HOOK028", H("PreToolUse", {"type": "prompt", "prompt": "Safe? $ARGUMENTS"}))


def test_plugin_dev_rules(tmp_path):
    d = run(tmp_path, "HOOK030", H("Stop", {**CMD, "timeout": 3600}, {**CMD, "timeout": 2}), profile="plugin-dev")
    assert len(d) == 2
    d = run(tmp_path / "p", "HOOK031", H("PostToolUse", {"type": "prompt", "prompt": "x"}), profile="plugin-dev")
    assert len(d) == 1
    assert not run(tmp_path / "p2", "HOOK031", H("Stop", {"type": "prompt", "prompt": "x"}), profile="plugin-dev")
    d = run(tmp_path / "m", "HOOK032", H("PreToolUse", CMD), profile="plugin-dev")
    assert len(d) == 1
    assert not run(tmp_path / "m2", "HOOK032", H("Stop", CMD), profile="plugin-dev")


def test_plugin_dev_rules_not_in_official():
    from tui.core.lint.registry import rules_for

    codes = {r.code for r in rules_for("official")}
    assert "HOOK030" not in codes and "HOOK001" in codes and "HOOK117" not in codes


def test_bad_json_types_never_crash(tmp_path):
    from tests.helpers import run_check

    for i, hooks in enumerate(
        [
            "null",
            "3",
            '"x"',
            [],
            {"hooks": None},
            {"hooks": {"Stop": None}},
            {"hooks": {"Stop": [None, 1, {"hooks": [None, [], {"type": None}]}]}},
            {
                "hooks": {
                    "PreToolUse": [{"matcher": 5, "hooks": [{"type": "command", "command": 5, "args": [1], "if": 3}]}]
                }
            },
            # a type that is a list or an object: HOOK008 reports it; the rules that look a type up skip it
            {"hooks": {"Stop": [{"hooks": [{"type": [], "promt": "x"}, {"type": {"command": 1}, "timout": 1}]}]}},
        ]
    ):
        root = tree(tmp_path / str(i), hooks)
        diags = run_check(root, profile="plugin-dev")
        assert not [d for d in diags if d.code == "INT001"], [d.message for d in diags if d.code == "INT001"]
    assert [d.message.split(" (")[0] for d in diags if d.code == "HOOK008"] == [
        "Unknown hook type 'array'",
        "Unknown hook type 'object'",
    ]


def test_schema_file(tmp_path):
    from tui.core.spec.schema import schema_errors

    assert not list(schema_errors("hooks", H("PreToolUse", CMD, matcher="Bash")))
    errs = list(schema_errors("hooks", {"hooks": {"postToolUse": [], "Stop": [{"hooks": [{"type": "command"}]}]}}))
    assert len(errs) == 2


@pytest.mark.corpus
@pytest.mark.parametrize(
    "repo",
    [
        "anthropics__claude-plugins-official",
        "anthropics__financial-services-plugins",
        "ProxiBlue__pb-graphiti",
        "boostvolt__claude-code-lsps",
    ],
)
def test_corpus_smoke(repo):
    from tests.helpers import CORPUS, run_check

    diags = run_check(CORPUS / repo, profile="plugin-dev", select=["HOOK", "SET"])
    assert not [d for d in diags if d.code == "INT001"]
    if repo == "anthropics__financial-services-plugins":
        # 4 real hooks.json files are a top-level array (the reference validator flags them too)
        assert len([d for d in diags if d.code == "HOOK001"]) == 4
