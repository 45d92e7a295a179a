"""``plugin-tui test-hook [PATH] EVENT``: build a current-spec payload, show what will run, ask, then run each
matching command handler once and say what Claude Code would do with the result."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core.services.hooktest import (
    Firing,
    HookRun,
    Verdict,
    close_event,
    default_timeout,
    firing_hooks,
    handler_text,
    handler_where,
    interpret,
    matcher_value,
    run_env_names,
    run_handler,
    run_line,
    sample_payload,
    shorten,
)
from ..core.spec.hooks import (
    EVENT_NAMES,
    MATCHER_SUBJECT,
    TOOL_EVENTS,
)


def _err(msg: str) -> int:
    sys.stderr.write(msg.rstrip() + "\n")
    return 2


def _print_plan(event: str, payload: Mapping[str, Any], runnable: list, project_dir: str, out: Any) -> None:
    """Above the question: the exact payload each handler gets on stdin and the command lines that will run."""
    print("\nstdin payload (each handler gets it as is):", file=out)
    print(_indent(json.dumps(payload, indent=2, ensure_ascii=False), "  "), file=out)
    print(f"\nruns, in {project_dir}, with your environment plus {', '.join(run_env_names(event, payload))}:", file=out)
    for i, f in enumerate(runnable, 1):
        print(f"  [{i}] {run_line(f.hook)}", file=out)
    print(file=out)


def cmd_test_hook(args: Any) -> int:
    """``plugin-tui test-hook [PATH] EVENT [--tool NAME] [--input FILE] [--timeout S] [--yes] [--format F]``."""
    from ..core.model.loader import load
    from ..core.model.roots import LoadError

    pos = list(getattr(args, "args", []) or [])
    if len(pos) == 1:
        path, event = ".", pos[0]
    elif len(pos) == 2:
        path, event = pos
    else:
        return _err("plugin-tui test-hook: expected [PATH] EVENT")
    if event not in EVENT_NAMES:
        near = close_event(event)
        hint = f" (did you mean {near}?)" if near else ""
        return _err(f"plugin-tui test-hook: unknown event {event!r}{hint}; events are case-sensitive")
    timeout = getattr(args, "timeout", None)
    if timeout is not None and timeout <= 0:
        return _err("plugin-tui test-hook: --timeout must be a number of seconds > 0")
    fmt = getattr(args, "format", "text") or "text"
    if not os.path.exists(path):
        return _err(f"plugin-tui test-hook: {path}: no such file or directory")
    try:
        project = load(path)
    except LoadError as exc:
        return _err(f"plugin-tui: {exc}")
    project_dir = os.getcwd()
    tool = getattr(args, "tool", None)
    if tool is not None and event not in TOOL_EVENTS:
        value = tool  # --tool doubles as the matcher value (notification type, agent type …)
    else:
        value = None
    if getattr(args, "input", None):
        try:
            payload = json.loads(Path(args.input).read_text(encoding="utf-8"))
        except OSError as exc:
            return _err(f"plugin-tui test-hook: cannot read {args.input}: {exc.strerror or exc}")
        except ValueError as exc:
            return _err(f"plugin-tui test-hook: {args.input} is not valid JSON: {exc}")
        if not isinstance(payload, dict):
            return _err(f"plugin-tui test-hook: {args.input} must hold a JSON object")
        if payload.setdefault("hook_event_name", event) != event:
            sys.stderr.write(
                f"plugin-tui test-hook: note: {args.input} says hook_event_name "
                f"{payload['hook_event_name']!r}; the handlers of {event} get it unchanged\n"
            )
        if tool is not None and event in TOOL_EVENTS:
            payload["tool_name"] = tool
    else:
        payload = sample_payload(
            event,
            tool=tool if event in TOOL_EVENTS else None,
            cwd=project_dir,
            plugin=project.plugins[0].name if project.plugins else None,
            value=value,
        )
    mvalue = matcher_value(event, payload)
    firings = firing_hooks(project, event, mvalue, payload=payload, include_misses=True)
    runnable = [f for f in firings if f.fires and f.hook.data.get("type") == "command"]
    skipped = [f for f in firings if f not in runnable]
    out = sys.stdout
    info = sys.stderr if fmt == "json" else sys.stdout

    subject = MATCHER_SUBJECT.get(event)
    head = f"{event}" + (f" for {subject} {mvalue!r}" if subject and mvalue is not None else "")
    print(f"Hook test: {head} in {project.root}", file=info)
    for f in skipped:
        why = f.if_note if f.fires is False and f.if_note else f.explanation
        if f.fires:
            why = f"type {f.hook.data.get('type')!r}: only command handlers can be run by the tester"
        print(f"  skip  {handler_where(f.hook)}  {shorten(handler_text(f.hook), 70)}  — {why}", file=info)
    if not runnable:
        print(f"No command handler of this project fires on {head}.", file=info)
        if fmt == "json":
            json.dump(
                {
                    "event": event,
                    "matcher_value": mvalue,
                    "payload": payload,
                    "results": [],
                    "skipped": [_firing_json(f) for f in skipped],
                },
                out,
                indent=2,
                ensure_ascii=False,
            )
            out.write("\n")
        return 0
    for i, f in enumerate(runnable, 1):
        t = default_timeout(event, f.hook.data) if timeout is None else timeout
        print(f"  [{i}] {handler_where(f.hook)}  ({f.explanation}; timeout {t:g} s)", file=info)
        print(f"      {handler_text(f.hook)}", file=info)
    n = len(runnable)
    if not getattr(args, "yes", False):
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            return _err(
                f"plugin-tui test-hook: not running {n} handler(s) without confirmation; pass --yes to run them once"
            )
        _print_plan(event, payload, runnable, project_dir, info)
        info.flush()
        sys.stderr.write(
            f"Run {'this handler' if n == 1 else f'these {n} handlers'} once, with the payload above on stdin? [y/N] "
        )
        sys.stderr.flush()
        try:
            answer = sys.stdin.readline().strip().lower()
        except KeyboardInterrupt:
            answer = ""
        if answer not in ("y", "yes"):
            print("Not run.", file=sys.stderr)
            return 0

    results = []
    failed = False
    for i, f in enumerate(runnable, 1):
        run = run_handler(
            f.hook, f.plugin, payload, timeout=timeout, project_dir=project_dir, project_root=project.root
        )
        verdict = interpret(event, run)
        failed = failed or verdict.failed
        results.append((f, run, verdict))
        if fmt != "json":
            _print_result(i, f, run, verdict, out)
    if fmt == "json":
        json.dump(
            {
                "event": event,
                "matcher_value": mvalue,
                "payload": payload,
                "results": [
                    dict(_firing_json(f), run=run.to_json(), verdict=verdict.to_json()) for f, run, verdict in results
                ],
                "skipped": [_firing_json(f) for f in skipped],
            },
            out,
            indent=2,
            ensure_ascii=False,
        )
        out.write("\n")
    return 1 if failed else 0


def _firing_json(f: Firing) -> dict[str, Any]:
    span = f.hook.span() if hasattr(f.hook, "span") else None
    return {
        "path": f.hook.file.rel if f.hook.file else None,
        "line": span.line if span else None,
        "plugin": getattr(f.plugin, "name", None),
        "matcher": f.hook.matcher,
        "type": f.hook.data.get("type"),
        "handler": handler_text(f.hook),
        "fires": f.fires,
        "explanation": f.explanation,
        "note": f.if_note or None,
    }


def _indent(text: str, prefix: str = "      ") -> str:
    if len(text) > 4000:
        text = text[:4000] + f"\n… ({len(text) - 4000:,} more characters)"
    return "\n".join(prefix + line for line in text.rstrip("\n").splitlines()) or prefix + "(empty)"


def _print_result(i: int, f: Firing, run: HookRun, v: Verdict, out: Any) -> None:
    print(f"\n[{i}] {handler_where(f.hook)}: {shorten(handler_text(f.hook), 90)}", file=out)
    if run.error:
        print(f"    not run: {run.error}", file=out)
    else:
        code = "timed out" if run.timed_out else str(run.exit_code)
        print(f"    exit code: {code}   duration: {run.duration * 1000:.0f} ms", file=out)
        print("    stdout:", file=out)
        print(_indent(run.stdout) if run.stdout else "      (empty)", file=out)
        print("    stderr:", file=out)
        print(_indent(run.stderr) if run.stderr else "      (empty)", file=out)
        if v.json is not None:
            print("    decision JSON:", file=out)
            print(_indent(json.dumps(v.json, indent=2, ensure_ascii=False)), file=out)
        if run.env_file:
            print("    CLAUDE_ENV_FILE:", file=out)
            print(_indent(run.env_file), file=out)
    print(f"    outcome: {v.outcome}" + (f" ({v.decision})" if v.decision else ""), file=out)
    for line in v.lines:
        print(f"    - {line}", file=out)
    for w in v.warnings:
        print(f"    ! {w}", file=out)
