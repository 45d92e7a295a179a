"""Hook scripts: which script a hook command runs, and reading it safely and once per check (first line for the
interpreter, the text when it is small and not binary). Nothing here runs a script."""

from __future__ import annotations

import os
import stat

from ...lint.context import Context
from ...model.plugin import Hook, SourceFile
from ...parse.fsread import MAX_FILE_BYTES
from ...parse.shell import ScriptRef, script_for

__all__ = ["hook_script", "first_line", "script_text"]


def hook_script(ctx: Context, hook: Hook) -> ScriptRef | None:
    """The script a command hook runs (a ``ScriptRef``), memoised per check."""
    key = ("hookscript", id(hook))
    if key in ctx.cache:
        return ctx.cache[key]
    ref = script_for(hook, hook.plugin, index=ctx.project.index, first_line=lambda rel: first_line(ctx, rel))
    ctx.cache[key] = ref
    return ref


def first_line(ctx: Context, rel: str) -> str | None:
    key = ("hookscript-first-line", rel)
    if key in ctx.cache:
        return ctx.cache[key]
    line = None
    e = ctx.project.index.get(rel)
    if e is not None and e.is_file:
        path = ctx.project.root / rel
        try:
            st = os.stat(path)
            if stat.S_ISREG(st.st_mode):
                with open(path, "rb") as fh:
                    head = fh.read(512)
                line = head.split(b"\n", 1)[0].decode("utf-8", "replace").rstrip("\r")
        except OSError:
            line = None
    ctx.cache[key] = line
    return line


def script_text(ctx: Context, rel: str) -> SourceFile | None:
    """The script as a SourceFile with text (never None), or None (missing, binary, too large, unreadable)."""
    key = ("hookscript-text", rel)
    if key in ctx.cache:
        return ctx.cache[key]
    sf = None
    e = ctx.project.index.get(rel)
    if e is not None and e.is_file and 0 < e.size <= MAX_FILE_BYTES:
        try:
            with open(ctx.project.root / rel, "rb") as fh:
                head = fh.read(4096)
            if b"\0" not in head:
                got = ctx.file(rel, "text")
                if got is not None and got.text is not None:
                    sf = got
        except OSError:
            sf = None
    ctx.cache[key] = sf
    return sf
