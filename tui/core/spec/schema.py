"""JSON Schema (draft 2020-12) validation with errors at the offending value's line and column.

Schemas live in ``tui/core/schemas/<name>.schema.json``; each is loaded and compiled once per process.
``schema_errors(name, data)`` yields ``(pointer, message)`` pairs, the pointer relative to ``data``; rules add
their base pointer and turn them into diagnostics with ``ctx.at(..., pointer=base + pointer)``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


@cache
def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def validator(name: str) -> Any:
    from jsonschema import Draft202012Validator

    # the schemas ship with the package and a test checks them against the metaschema: not again per run
    return Draft202012Validator(schema(name))


def _message(err: Any) -> str:
    v = err.validator
    path = list(err.absolute_path)
    where = repr(path[-1]) if path else "value"
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        return f"missing required field '{missing}'"
    if v == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        if len(extra) == 1:
            return f"unknown field '{extra[0]}'"
        return "unknown fields: " + ", ".join(f"'{e}'" for e in extra)
    if v == "type":
        want = err.validator_value
        want = " or ".join(want) if isinstance(want, list) else want
        return f"{where} must be {_article(want)}, got {json_type(err.instance)}"
    if v == "enum":
        allowed = ", ".join(json.dumps(x) for x in err.validator_value[:12])
        return f"{where} must be one of {allowed}; got {json.dumps(err.instance)[:60]}"
    if v == "const":
        return f"{where} must be {json.dumps(err.validator_value)}"
    if v == "pattern":
        return f"{where} does not match the required pattern {err.validator_value}: {json.dumps(err.instance)[:80]}"
    if v in ("minLength",):
        return f"{where} must not be empty" if err.validator_value == 1 else f"{where} is too short"
    if v in ("minimum", "exclusiveMinimum"):
        return f"{where} must be greater than {'or equal to ' if v == 'minimum' else ''}{err.validator_value}"
    if v == "maximum":
        return f"{where} must be at most {err.validator_value}"
    if v == "minItems":
        return f"{where} must not be empty"
    if v in ("oneOf", "anyOf"):
        return f"{where} has an invalid shape ({_best_context(err)})"
    return err.message


def _best_context(err: Any) -> str:
    ctx = getattr(err, "context", None) or []
    if not ctx:
        return "matches none of the allowed forms"
    best = min(ctx, key=lambda e: (len(list(e.absolute_path)) * -1, e.validator == "type"))
    return _message(best)


def _article(t: str) -> str:
    return ("an " if t[:1] in "aeiou" else "a ") + t


def json_type(v: Any) -> str:
    """The JSON name of a decoded value's type, for messages ("array", "object", …)."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


# (schema, id(data)) -> (data, results). A re-check reuses the parsed data of unchanged files, so the same
# object comes back and is not validated again; the entry keeps ``data`` alive so its id cannot be reused.
_MEMO: dict[tuple[str, int], tuple[Any, list]] = {}
_MEMO_MAX = 4096


def schema_errors(name: str, data: Any) -> Iterator[tuple[tuple, str]]:
    """Every schema violation as (pointer relative to ``data``, message), deepest first per branch."""
    key = (name, id(data))
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is data:
        return iter(hit[1])
    v = validator(name)
    errors = sorted(v.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    result = [(tuple(err.absolute_path), _message(err)) for err in errors]
    if len(_MEMO) >= _MEMO_MAX:
        _MEMO.clear()
    _MEMO[key] = (data, result)
    return iter(result)
