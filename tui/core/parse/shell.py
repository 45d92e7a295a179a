"""Which script a command hook runs — read from the command text, never by running anything.

``script_for(hook, plugin)`` understands the forms seen in real plugins::

    ${CLAUDE_PLUGIN_ROOT}/hooks/check.sh            "${CLAUDE_PLUGIN_ROOT}"/hooks/check.sh
    $CLAUDE_PLUGIN_ROOT/hooks/check.sh              "${CLAUDE_PLUGIN_ROOT}/hooks/check.sh" --fast
    bash ${CLAUDE_PLUGIN_ROOT}/hooks/check.sh       python3 "${CLAUDE_PLUGIN_ROOT}/hooks/check.py"
    node "${CLAUDE_PLUGIN_ROOT}/dist/hook.js"       uv run --script ${CLAUDE_PLUGIN_ROOT}/x.py
    cd "${CLAUDE_PLUGIN_ROOT}" && ./hooks/check.sh  FOO=1 ${CLAUDE_PLUGIN_ROOT}/x.sh
    /Users/me/hooks/check.sh  (absolute: ``outside``)   ./hooks/check.sh (relative to the session's cwd)
    exec form: {"command": "node", "args": ["${CLAUDE_PLUGIN_ROOT}/x.js"]}

The result says where the script is (project-relative ``rel`` when it is inside the plugin), whether it
exists, is executable, and its shebang, and how it is started (directly or through an interpreter).
"""

from __future__ import annotations

import os
import re
import shlex
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fsread import normalize

__all__ = ["ScriptRef", "script_for", "parse_command", "ROOT_VARS", "INTERPRETERS", "SCRIPT_SUFFIXES"]

ROOT_VARS = ("CLAUDE_PLUGIN_ROOT",)
_ROOT = "\x00ROOT\x00"
_PROJECT = "\x00PROJECT\x00"
_DATA = "\x00DATA\x00"
_VAR_FORMS = (
    (re.compile(r"\$\{CLAUDE_PLUGIN_ROOT(?::?[-=+?][^}]*)?\}|\$CLAUDE_PLUGIN_ROOT(?![A-Za-z0-9_])"), _ROOT),
    (re.compile(r"\$\{CLAUDE_PROJECT_DIR(?::?[-=+?][^}]*)?\}|\$CLAUDE_PROJECT_DIR(?![A-Za-z0-9_])"), _PROJECT),
    (re.compile(r"\$\{CLAUDE_PLUGIN_DATA(?::?[-=+?][^}]*)?\}|\$CLAUDE_PLUGIN_DATA(?![A-Za-z0-9_])"), _DATA),
)

# interpreter word -> language of the script it runs
INTERPRETERS = {
    "bash": "bash",
    "sh": "sh",
    "zsh": "zsh",
    "dash": "sh",
    "ksh": "sh",
    "python": "python",
    "python3": "python",
    "py": "python",
    "uv": "python",
    "pypy3": "python",
    "node": "node",
    "bun": "node",
    "deno": "node",
    "tsx": "node",
    "ts-node": "node",
    "npx": "node",
    "ruby": "ruby",
    "perl": "perl",
    "pwsh": "powershell",
    "powershell": "powershell",
    "php": "php",
}
SCRIPT_SUFFIXES = (".sh", ".bash", ".zsh", ".py", ".js", ".mjs", ".cjs", ".ts", ".mts", ".rb", ".pl", ".ps1", ".php")
_SEPARATORS = {"&&", "||", ";", "|", "&", "(", ")", ";;", "|&", "\n"}
_SKIP_WORDS = {"exec", "env", "command", "time", "nice", "nohup", "timeout", "sudo", "then", "do", "else", "!"}
_SUFFIX_LANG = {
    ".sh": "bash",
    ".bash": "bash",
    ".zsh": "zsh",
    ".py": "python",
    ".js": "node",
    ".mjs": "node",
    ".cjs": "node",
    ".ts": "node",
    ".mts": "node",
    ".rb": "ruby",
    ".pl": "perl",
    ".ps1": "powershell",
    ".php": "php",
}


@dataclass
class ScriptRef:
    raw: str  # the path as written in the command (variables left as written)
    rel: str | None = None  # project-relative path when it lies inside the plugin
    exists: bool = False
    executable: bool = False
    shebang: str | None = None  # first line when it starts with "#!"
    outside: str | None = None  # an absolute (or ~) path outside the plugin
    base: str = "plugin"  # plugin | project | data | absolute | home | cwd
    interpreter: str | None = None  # the word that starts it ("bash", "python3", …); None = run directly
    language: str | None = None  # bash | sh | python | node | … (from the interpreter, shebang or suffix)
    is_dir: bool = False
    escapes: bool = False  # ${CLAUDE_PLUGIN_ROOT}/../x leaves the plugin
    exec_form: bool = False

    @property
    def direct(self) -> bool:
        """Started as a program (needs the exec bit and a shebang), not through an interpreter."""
        return self.interpreter is None

    @property
    def is_shell(self) -> bool:
        return self.language in ("bash", "sh", "zsh")


def _subst(text: str) -> str:
    for rx, token in _VAR_FORMS:
        text = rx.sub(token, text)
    return text


def _tokens(command: str) -> list[str] | None:
    try:
        lex = shlex.shlex(_subst(command), posix=True, punctuation_chars=";&|()")
        lex.whitespace_split = True
        lex.commenters = "#"
        return list(lex)
    except ValueError:  # unbalanced quotes: fall back to whitespace words
        try:
            return _subst(command).replace('"', " ").replace("'", " ").split()
        except Exception:  # noqa: BLE001
            return None


def parse_command(command: str) -> list[list[str]]:
    """The simple commands of a shell command line, each as its words (variables substituted by markers)."""
    toks = _tokens(command) or []
    out: list[list[str]] = [[]]
    for t in toks:
        if t in _SEPARATORS or (set(t) <= set(";&|()") and t):
            if out[-1]:
                out.append([])
            continue
        out[-1].append(t)
    return [c for c in out if c]


def _looks_like_path(w: str) -> bool:
    if w.startswith("$") or "${" in w:
        return False  # another variable (its value is unknown)
    return (
        w.startswith((_ROOT, _PROJECT, _DATA, "/", "~/", "./", "../"))
        or ("/" in w and not w.startswith("-") and "://" not in w)
        or w.lower().endswith(SCRIPT_SUFFIXES)
    )


def _candidate(cmds: list[list[str]]) -> tuple[str, str | None, str | None] | None:
    """(path word, interpreter, cwd prefix) of the script most likely run by the command."""
    cwd: str | None = None  # a `cd X` earlier in the line
    fallback = None
    for words in cmds:
        i = 0
        while i < len(words) and (re.match(r"[A-Za-z_][A-Za-z0-9_]*=", words[i]) or words[i] in _SKIP_WORDS):
            i += 1
        if i >= len(words):
            continue
        head = words[i]
        if head == "cd" and i + 1 < len(words):
            cwd = words[i + 1]
            continue
        if head in (
            "test",
            "[",
            "[[",
            "echo",
            "printf",
            "true",
            "false",
            "exit",
            "if",
            "fi",
            "cat",
            "jq",
            "export",
            "source",
            ".",
        ):
            if head in ("source", ".") and i + 1 < len(words) and _looks_like_path(words[i + 1]):
                return words[i + 1], head, cwd
            continue
        base = head.rsplit("/", 1)[-1]
        if base in INTERPRETERS and not _looks_like_path(head) or (base in INTERPRETERS and head.startswith("/")):
            # interpreter: the first path-like argument that is not an option value
            j = i + 1
            while j < len(words):
                w = words[j]
                if w in ("-c", "-e", "--eval", "-m"):
                    break  # inline code / module: no script file
                if w.startswith("-") or w in ("run", "exec", "x", "--script"):
                    j += 1
                    continue
                if _looks_like_path(w):
                    return w, head, cwd
                if base in ("npx", "uv", "bun", "deno") and w in INTERPRETERS:
                    j += 1  # `npx tsx file.ts`, `uv run python script.py`
                    continue
                break
            continue
        if _looks_like_path(head):
            return head, None, cwd
        if fallback is None:
            for w in words[i + 1 :]:
                if w.startswith(_ROOT):
                    fallback = (w, head, cwd)
                    break
    return fallback


def _root_of(hook: Any) -> Path | None:
    sf = getattr(hook, "file", None)
    if sf is None or not getattr(sf, "rel", None):
        return None
    p = str(sf.abs)
    rel = sf.rel
    if p.endswith(rel):
        return Path(p[: len(p) - len(rel)] or "/")
    return None


def _read_first_line(path: Path) -> str | None:
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return None
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError:
        return None
    line = head.split(b"\n", 1)[0].decode("utf-8", "replace").rstrip("\r")
    return line


def script_for(
    hook: Any, plugin: Any, index: Any = None, first_line: Callable[[str], str | None] | None = None
) -> ScriptRef | None:
    """The script a command hook runs, or None (not a command hook, inline shell only, unparseable).

    ``index`` (a ``FileIndex``) answers exists/executable; without it the file system is asked directly
    (regular files only). ``first_line(rel)`` returns the script's first line (for the shebang); by default the
    first 512 bytes are read. Nothing is ever executed.
    """
    data = getattr(hook, "data", None)
    if not isinstance(data, dict) or data.get("type") != "command":
        return None
    command = data.get("command")
    args = data.get("args")
    if not isinstance(command, str) or not command.strip():
        return None
    exec_form = isinstance(args, list)
    if isinstance(args, list):
        words = [_subst(command)] + [_subst(a) for a in args if isinstance(a, str)]
        cand = _candidate([words])
    else:
        cand = _candidate(parse_command(command))
    if cand is None:
        return None
    word, interp, cwd = cand
    raw = (
        word.replace(_ROOT, "${CLAUDE_PLUGIN_ROOT}")
        .replace(_PROJECT, "${CLAUDE_PROJECT_DIR}")
        .replace(_DATA, "${CLAUDE_PLUGIN_DATA}")
    )
    ref = ScriptRef(raw=raw, interpreter=interp, exec_form=exec_form)
    if interp is not None:
        ref.language = INTERPRETERS.get(interp.rsplit("/", 1)[-1])
    inner: str | None = None
    if word.startswith(_ROOT):
        inner = word[len(_ROOT) :]
    elif word.startswith((_PROJECT, _DATA)):
        ref.base = "project" if word.startswith(_PROJECT) else "data"
    elif word.startswith("/"):
        ref.base, ref.outside = "absolute", word
    elif word.startswith("~"):
        ref.base, ref.outside = "home", word
    elif cwd is not None and cwd.startswith(_ROOT):
        inner = cwd[len(_ROOT) :].rstrip("/") + "/" + word
    elif _ROOT in word or _PROJECT in word:
        ref.base = "cwd"
    else:
        ref.base = "cwd"  # relative to the session's working directory (the user's project), not the plugin
    if inner is not None:
        parts = [p for p in inner.split("/") if p not in ("", ".")]
        depth = 0
        for p in parts:
            depth += -1 if p == ".." else 1
            if depth < 0:
                ref.escapes = True
                break
        rel_in_plugin = normalize("/".join(parts))
        if ref.escapes or rel_in_plugin.startswith("../"):
            ref.escapes = True
        elif plugin is not None and hasattr(plugin, "path"):
            ref.rel = plugin.path(rel_in_plugin)
        else:
            ref.rel = rel_in_plugin
    if ref.rel is not None:
        if index is not None:
            e = index.get(ref.rel)
            ref.exists = bool(e and e.is_file)
            ref.is_dir = bool(e and e.is_dir)
            ref.executable = bool(e and e.is_file and e.executable)
        else:
            root = _root_of(hook)
            if root is not None:
                try:
                    st = os.stat(root / ref.rel)
                    ref.exists = stat.S_ISREG(st.st_mode)
                    ref.is_dir = stat.S_ISDIR(st.st_mode)
                    ref.executable = ref.exists and bool(st.st_mode & 0o111)
                except OSError:
                    pass
        if ref.exists:
            line = None
            if first_line is not None:
                line = first_line(ref.rel)
            else:
                root = _root_of(hook)
                if root is not None:
                    line = _read_first_line(root / ref.rel)
            if line and line.startswith("#!"):
                ref.shebang = line.strip()
    if ref.language is None:
        if ref.shebang:
            sb = ref.shebang
            for word_, lang in (
                ("bash", "bash"),
                ("zsh", "zsh"),
                ("python", "python"),
                ("node", "node"),
                ("bun", "node"),
                ("deno", "node"),
                ("ruby", "ruby"),
                ("perl", "perl"),
                ("pwsh", "powershell"),
                ("/sh", "sh"),
                (" sh", "sh"),
            ):
                if word_ in sb:
                    ref.language = lang
                    break
        if ref.language is None:
            low = ref.raw.lower()
            for suf, lang in _SUFFIX_LANG.items():
                if low.endswith(suf):
                    ref.language = lang
                    break
    return ref
