"""Hostile input: broken, huge, strange and malicious files never crash, hang or run anything.

Every case runs through ``plugin-tui check`` (and ``env``) in a subprocess with a generous timeout (a hang
fails the test; the duration is never asserted) and through the loader and engine in-process. Each gets
a diagnostic at the offending file; the exit code is 0 or 1; there is never a traceback.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, write_tree
from tui.core.lint.config import Config
from tui.core.lint.engine import check
from tui.core.lint.session import Session
from tui.core.model import loader, roots, source
from tui.core.model.loader import load
from tui.core.parse import fsread

TIMEOUT = 120  # seconds: only to turn a hang into a failure

MANIFEST = {"name": "hostile", "version": "1.0.0", "description": "d", "author": {"name": "a"}}


def plugin(root: Path, files: dict, manifest: bool = True) -> Path:
    tree = {".claude-plugin/plugin.json": MANIFEST} if manifest else {}
    tree.update(files)
    return write_tree(root, tree)


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    try:
        return subprocess.run(
            [sys.executable, "-m", "tui", *args], cwd=cwd, env=env, capture_output=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"plugin-tui {' '.join(args)} did not finish within {TIMEOUT}s")


def check_cli(root: Path) -> list[dict]:
    p = run("check", str(root), "--format", "json")
    err = p.stderr.decode("utf-8", "replace")
    assert p.returncode in (0, 1), err
    assert "Traceback" not in err
    data = json.loads(p.stdout.decode("utf-8"))
    diags = data["diagnostics"]
    assert not [d for d in diags if d["code"] == "INT001"], diags
    e = run("env", str(root), "--format", "json")
    assert e.returncode in (0, 1), e.stderr
    assert b"Traceback" not in e.stderr
    return diags


def check_inproc(root: Path):
    diags = check(load(root), Config(), environ={})
    assert not [d for d in diags if d.code == "INT001"], [d.message for d in diags if d.code == "INT001"]
    return diags


def at(diags, path: str) -> set[str]:
    out = set()
    for d in diags:
        p = d["path"] if isinstance(d, dict) else d.path
        if p == path:
            out.add(d["code"] if isinstance(d, dict) else d.code)
    return out


def both(root: Path, path: str, codes: set[str]) -> None:
    """The CLI and the in-process run both report one of ``codes`` at ``path``."""
    cli = check_cli(root)
    assert at(cli, path) & codes, (path, sorted(at(cli, path)), [d for d in cli if d["path"] == path])
    assert at(check_inproc(root), path) & codes


# ------------------------------------------------------------------------------------------ YAML


def test_yaml_alias_bomb(tmp_path):
    levels = "".join(f"x{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 12))
    bomb = "---\nname: bomb\nx0: &a0 [" + ",".join(["lol"] * 10) + "]\n" + levels + "description: d\n---\nbody\n"
    root = plugin(tmp_path / "p", {"agents/bomb.md": bomb})
    both(root, "agents/bomb.md", {"FILE007"})
    msgs = [d.message for d in check_inproc(root) if d.code == "FILE007"]
    assert any("alias" in m for m in msgs)


def test_yaml_tags_construct_nothing(tmp_path):
    marker = tmp_path / "PWNED"
    root = plugin(
        tmp_path / "p",
        {
            "agents/tag.md": f"---\nname: tag\ndescription: !!python/object/apply:os.system ['touch {marker}']\n---\nx\n",
            "commands/t.md": "---\ndescription: !!python/name:os.system\n---\nx\n",
            "skills/s/SKILL.md": f"---\nname: s\ndescription: !!python/object/new:os.system [touch {marker}]\n---\nx\n",
        },
    )
    both(root, "agents/tag.md", {"FILE007"})
    assert at(check_inproc(root), "commands/t.md") & {"FILE007"}
    assert not marker.exists()


def test_yaml_nested_200k_levels(tmp_path):
    root = plugin(
        tmp_path / "p",
        {
            "agents/deep.md": "---\nname: deep\nx:\n  " + "[" * 200_000 + "]" * 200_000 + "\n---\nbody\n",
            "commands/deep.md": "---\ndescription: d\nx: " + "- " * 50_000 + "a\n---\nbody\n",
        },
    )
    both(root, "agents/deep.md", {"FILE007"})
    assert at(check_inproc(root), "commands/deep.md") & {"FILE007"}


# ------------------------------------------------------------------------------------------ size and bytes


def test_50mb_files(tmp_path):
    root = plugin(
        tmp_path / "p",
        {
            "skills/big/SKILL.md": "---\nname: big\ndescription: d\n---\n" + "x" * (50 * 1024 * 1024),
            "hooks/hooks.json": " " * (50 * 1024 * 1024) + "{}",
        },
    )
    both(root, "skills/big/SKILL.md", {"FILE003"})
    both(root, "hooks/hooks.json", {"FILE003"})


def test_binary_file_named_md(tmp_path):
    root = plugin(tmp_path / "p", {"commands/bin.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 200})
    both(root, "commands/bin.md", {"FILE002"})


def test_non_utf8_json(tmp_path):
    root = plugin(tmp_path / "p", {".claude-plugin/plugin.json": '{"name": "caf\xe9"}'.encode("latin-1")})
    both(root, ".claude-plugin/plugin.json", {"FILE002"})
    d = [d for d in check_inproc(root) if d.code == "FILE002"][0]
    assert d.line == 1 and d.column is not None


def test_utf16_json(tmp_path):
    root = plugin(tmp_path / "p", {".mcp.json": '{"mcpServers": {}}'.encode("utf-16")})
    both(root, ".mcp.json", {"FILE002"})


def test_bom_prefixed_json(tmp_path):
    root = plugin(tmp_path / "p", {"hooks/hooks.json": b'\xef\xbb\xbf{"hooks": {}}'})
    both(root, "hooks/hooks.json", {"FILE005"})


def test_json_nested_200k_levels(tmp_path):
    root = plugin(
        tmp_path / "p",
        {
            ".mcp.json": "[" * 200_000 + "]" * 200_000,
            "monitors/monitors.json": '{"a":' * 200_000 + "1" + "}" * 200_000,
        },
    )
    both(root, ".mcp.json", {"FILE004"})


def test_json_nested_just_parseable(tmp_path):
    """Deep, but shallow enough for the decoder: rules walking the value must not blow the stack."""
    deep = '{"a":' * 900 + "1" + "}" * 900
    root = plugin(
        tmp_path / "p",
        {
            ".mcp.json": '{"mcpServers": {"s": {"command": "x", "env": ' + deep + "}}}",
            "hooks/hooks.json": '{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [' + deep + "]}]}}",
            ".lsp.json": '{"l": ' + deep + "}",
        },
    )
    check_cli(root)
    check_inproc(root)


def test_duplicate_json_keys(tmp_path):
    root = plugin(tmp_path / "p", {}, manifest=False)
    (root / ".claude-plugin").mkdir()
    (root / ".claude-plugin/plugin.json").write_text('{"name": "a", "version": "1.0.0", "name": "b"}')
    both(root, ".claude-plugin/plugin.json", {"FILE006"})
    d = [d for d in check_inproc(root) if d.code == "FILE006"][0]
    assert (d.line, d.column) == (1, 35)  # the second "name"


# ------------------------------------------------------------------------------------------ special files


def test_fifo_and_socket_where_files_belong(tmp_path):
    root = plugin(tmp_path / "p", {"commands/ok.md": "---\ndescription: ok\n---\nx\n"})
    os.mkfifo(root / ".mcp.json")
    os.mkfifo(root / "commands/pipe.md")
    (root / "hooks").mkdir()
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(root / "hooks/hooks.json"))
        both(root, ".mcp.json", {"FILE002"})
        both(root, "commands/pipe.md", {"FILE002"})
        both(root, "hooks/hooks.json", {"FILE002"})
    finally:
        sock.close()


def test_directory_named_plugin_json(tmp_path):
    root = plugin(tmp_path / "p", {"commands/x.md": "---\ndescription: x\n---\nx\n"}, manifest=False)
    (root / ".claude-plugin/plugin.json").mkdir(parents=True)
    both(root, ".claude-plugin/plugin.json", {"FILE002"})


def test_dangling_symlinks_and_loops(tmp_path):
    root = plugin(tmp_path / "p", {"commands/ok.md": "---\ndescription: ok\n---\nx\n"})
    os.symlink("missing.md", root / "commands/dangling.md")
    os.symlink("b.md", root / "commands/a.md")
    os.symlink("a.md", root / "commands/b.md")
    (root / "skills").mkdir()
    os.symlink("..", root / "skills/loop")
    os.symlink("/dev/zero", root / "commands/zero.md")
    (root / "agents").mkdir()
    os.symlink("/etc/hostname", root / "agents/outside.md")
    both(root, "commands/dangling.md", {"FILE002", "FILE011"})
    both(root, "commands/a.md", {"FILE002", "FILE011"})
    both(root, "skills/loop", {"FILE011"})
    both(root, "commands/zero.md", {"FILE002", "FILE011"})
    both(root, "agents/outside.md", {"FILE002", "FILE011"})


ODD_NAMES = [
    "new\nline.md",
    "\u202eevil\u202c.md",
    "caf\u00e9.md",
    "cafe\u0301.md",
    "\U0001f986.md",
    "tab\there.md",
    "\x1b[31mred.md",
    "sp ace.md",
    "-rf.md",
]


def test_odd_file_names(tmp_path):
    root = plugin(tmp_path / "p", {f"commands/{n}": "---\ndescription: [x\n---\n" for n in ODD_NAMES})
    cli = check_cli(root)
    for n in ODD_NAMES:
        assert at(cli, f"commands/{n}"), n  # paths survive exactly in the JSON report
    check_inproc(root)
    for fmt in ("text", "sarif", "github"):
        p = run("check", str(root), "--format", fmt)
        assert p.returncode in (0, 1) and b"Traceback" not in p.stderr


def test_text_report_does_not_pass_control_characters(tmp_path):
    root = plugin(
        tmp_path / "p",
        {
            "commands/\x1b]52;c;aGk=\x07\x1b[31mred.md": "---\ndescription: [x\n---\n",
            "commands/evil\u202egnp.md": "---\ndescription: x\n---\n",
        },
    )
    for fmt in ("text", "github"):
        p = run("check", str(root), "--format", fmt, "--color", "never")
        assert b"\x1b" not in p.stdout and b"\x07" not in p.stdout
        assert "\u202e".encode() not in p.stdout
    p = run("check", str(root), "--format", "json", "--select", "FILE012")
    assert p.stdout.count(b'"FILE012"') == 2


def test_5000_commands(tmp_path):
    root = plugin(
        tmp_path / "p", {f"commands/c{i:04}.md": f"---\ndescription: command {i}\n---\nDo {i}.\n" for i in range(5000)}
    )
    (root / "commands/c0042.md").write_text("---\ndescription: [broken\n---\n")
    assert len(load(root).plugins[0].commands) == 5000
    both(root, "commands/c0042.md", {"FILE007", "FILE008"})


# ------------------------------------------------------------------------------------------ races and permissions


def test_file_deleted_mid_scan(tmp_path, monkeypatch):
    root = plugin(
        tmp_path / "p",
        {
            "agents/a.md": "---\nname: a\ndescription: d\n---\nx\n",
            "agents/b.md": "---\nname: b\ndescription: d\n---\nx\n",
        },
    )
    real = source.read_text

    def vanish(path, *a, **kw):
        if str(path).endswith("agents/a.md") and os.path.exists(path):
            os.remove(path)
        return real(path, *a, **kw)

    monkeypatch.setattr(source, "read_text", vanish)
    diags = check_inproc(root)
    assert "FILE002" in at(diags, "agents/a.md")
    assert "vanished" in [d for d in diags if d.path == "agents/a.md" and d.code == "FILE002"][0].message


def test_file_truncated_mid_scan(tmp_path, monkeypatch):
    root = plugin(tmp_path / "p", {".mcp.json": {"mcpServers": {"s": {"command": "x"}}}})
    real = source.read_text

    def truncate(path, *a, **kw):
        if str(path).endswith(".mcp.json"):
            with open(path, "r+") as f:
                f.truncate(9)
        return real(path, *a, **kw)

    monkeypatch.setattr(source, "read_text", truncate)
    assert "FILE004" in at(check_inproc(root), ".mcp.json")


def test_entry_vanishing_between_listing_and_stat(tmp_path, monkeypatch):
    root = plugin(tmp_path / "p", {"commands/gone.md": "x", "commands/ok.md": "---\ndescription: ok\n---\nx\n"})
    real_scandir = os.scandir

    class Gone:
        def __init__(self, de):
            self._de, self.name, self.path = de, de.name, de.path

        def stat(self, follow_symlinks=True):
            raise FileNotFoundError(2, "No such file or directory")

    class Wrap:
        def __init__(self, path):
            self._it = real_scandir(path)

        def __enter__(self):
            return [Gone(d) if d.name == "gone.md" else d for d in self._it]

        def __exit__(self, *exc):
            self._it.close()

    monkeypatch.setattr(fsread.os, "scandir", Wrap)
    project = load(root)
    assert [c.name for c in project.plugins[0].commands] == ["ok"]
    check(project, Config(), environ={})


def test_permission_denied_file(tmp_path, monkeypatch):
    root = plugin(tmp_path / "p", {"agents/secret.md": "---\nname: s\ndescription: d\n---\nx\n"})
    real_open = os.open

    def deny(path, *a, **kw):
        if str(path).endswith("agents/secret.md"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *a, **kw)

    monkeypatch.setattr(fsread.os, "open", deny)
    diags = check_inproc(root)
    assert "FILE002" in at(diags, "agents/secret.md")
    assert "permission denied" in [d for d in diags if d.path == "agents/secret.md"][0].message


def test_permission_denied_folder(tmp_path, monkeypatch):
    root = plugin(
        tmp_path / "p",
        {"agents/a.md": "---\nname: a\ndescription: d\n---\nx\n", "commands/c.md": "---\ndescription: c\n---\nx\n"},
    )
    real_scandir = os.scandir

    def deny(path):
        if str(path).endswith("/agents"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(fsread.os, "scandir", deny)
    diags = check_inproc(root)
    assert "FILE011" in at(diags, "agents")


def test_unreadable_root_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setattr(loader.os, "access", lambda *a, **kw: False)
    with pytest.raises(roots.LoadError):
        load(tmp_path)


# ------------------------------------------------------------------------------------------ nothing runs


def test_plugin_content_never_runs(tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()

    def touch(name: str) -> str:
        return f"touch {marks / name}"

    events = ["PreToolUse", "PostToolUse", "SessionStart", "Stop", "UserPromptSubmit", "Notification"]
    root = plugin(
        tmp_path / "p",
        {
            "hooks/hooks.json": {
                "hooks": {
                    e: [
                        {
                            "matcher": "*",
                            "hooks": [
                                {"type": "command", "command": touch(f"hook-{e}")},
                                {"type": "command", "command": "${CLAUDE_PLUGIN_ROOT}/hooks/run.sh"},
                            ],
                        }
                    ]
                    for e in events
                }
            },
            "hooks/run.sh": f"#!/bin/sh\n{touch('script')}\n",
            ".mcp.json": {
                "mcpServers": {
                    "remote": {"type": "http", "url": "https://example.invalid/mcp", "headersHelper": touch("headers")},
                    "local": {"command": "sh", "args": ["-c", touch("mcp")]},
                }
            },
            ".lsp.json": {"l": {"command": "sh", "args": ["-c", touch("lsp")], "extensionToLanguage": {".x": "x"}}},
            "monitors/monitors.json": [{"name": "m", "command": touch("monitor"), "description": "m"}],
            "bin/tool": f"#!/bin/sh\n{touch('bin')}\n",
            "settings.json": {
                "statusLine": {"type": "command", "command": touch("status")},
                "apiKeyHelper": touch("apikey"),
            },
            "commands/run.md": f"---\ndescription: run\nallowed-tools: Bash\n---\n!`{touch('bang')}`\n",
            "skills/s/SKILL.md": f"---\nname: s\ndescription: d\n---\n!`{touch('skill')}`\n",
        },
    )
    for rel in ("hooks/run.sh", "bin/tool"):
        os.chmod(root / rel, 0o755)
    check_cli(root)
    for args in (
        ["check", str(root), "--format", "text"],
        ["check", str(root), "--format", "sarif"],
        ["check", str(root), "--diff"],
        ["env", str(root)],
        ["env", str(root), "--format", "markdown"],
        ["rules"],
    ):
        p = run(*args)
        assert p.returncode in (0, 1), (args, p.stderr)
        assert b"Traceback" not in p.stderr
    work = tmp_path / "copy"
    import shutil

    shutil.copytree(root, work, symlinks=True)
    p = run("check", str(work), "--fix")
    assert p.returncode in (0, 1) and b"Traceback" not in p.stderr
    s = Session(root, Config(), {})
    s.full()
    (root / "hooks/run.sh").write_text(f"#!/bin/sh\n{touch('script2')}\n")
    s.update({"hooks/run.sh"})
    check_inproc(root)
    assert sorted(os.listdir(marks)) == []
