"""Run a command on a pseudo-terminal, as a terminal emulator would, and watch what it draws.

Used by the end-to-end explorer tests (``tests/cli/test_tui_cli.py``) and the first-screen benchmark
(``tests/bench/first_screen.py``). POSIX only. The drawn text is the output with the escape sequences replaced
by line breaks: enough to find a label or a header, not a screen model.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

# the header once every rule has run: "3 errors · 5 warnings · 1 info"
TOTALS = re.compile(r"\d+ errors? · \d+ warnings? · \d+ info")
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


@dataclass
class PtyRun:
    times: dict[str, float | None]  # seconds from the spawn until each wait was met (None: never)
    text: str = ""  # everything drawn, escapes stripped
    returncode: int | None = None  # None: it had to be killed
    pid: int = 0
    extra: dict = field(default_factory=dict)


def explorer_env(**extra: str) -> dict[str, str]:
    """This process's environment for an explorer on a pty: a colour terminal, nothing that changes how it
    starts or draws (a Textual dev flag, NO_COLOR, the start-up helper switch, no byte-code), plus ``extra``."""
    drop = ("TEXTUAL", "NO_COLOR", "PLUGIN_TUI_PRELOAD", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(TERM="xterm-256color", COLORTERM="truecolor", **extra)
    return env


def drawn(raw: bytes) -> str:
    return ANSI.sub(b"\n", raw).decode("utf-8", "replace")


def run_in_pty(
    argv: list[str],
    env: Mapping[str, str],
    waits: Mapping[str, Callable[[str], bool]],
    *,
    timeout: float = 30.0,
    size: tuple[int, int] = (160, 45),
    keys: bytes = b"q",
    exit_timeout: float = 10.0,
    cwd: str | None = None,
) -> PtyRun:
    """Start ``argv`` on a ``size`` (columns, rows) terminal (in ``cwd``, default this process's); read until every
    wait is met (or ``timeout``), then type ``keys`` and wait for the process to exit (killed after
    ``exit_timeout``)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=dict(env), start_new_session=True, close_fds=True, cwd=cwd
    )
    os.close(slave)
    times: dict[str, float | None] = {name: None for name in waits}
    raw = b""
    try:
        deadline = t0 + timeout
        while any(v is None for v in times.values()) and time.perf_counter() < deadline:
            if not select.select([master], [], [], 0.01)[0]:
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break  # the process exited and the terminal closed
            if not chunk:
                break
            raw += chunk
            now = time.perf_counter()
            text = drawn(raw)
            for name, pred in waits.items():
                if times[name] is None and pred(text):
                    times[name] = now - t0
        if keys:
            try:
                os.write(master, keys)
            except OSError:
                pass
        end = time.perf_counter() + exit_timeout
        while proc.poll() is None and time.perf_counter() < end:
            if select.select([master], [], [], 0.05)[0]:  # keep draining, or a full pty blocks its writer
                try:
                    raw += os.read(master, 1 << 16)
                except OSError:
                    pass
        returncode = proc.poll()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return PtyRun(times=times, text=drawn(raw), returncode=returncode, pid=proc.pid)
