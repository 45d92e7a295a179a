"""JSON Schema (draft 2020-12) validation with errors at the offending value's line and column.

Schemas live in ``tui/core/spec/schemas/<name>.schema.json``; each is loaded once per process.
``schema_errors(name, data)`` yields ``(pointer, message)`` pairs, the pointer relative to ``data``; rules add
their base pointer and turn them into diagnostics with ``ctx.at(..., pointer=base + pointer)``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


@cache
def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------------ the validator
#
# A draft 2020-12 validator for the keywords the shipped schemas use, written to yield exactly what
# ``jsonschema.Draft202012Validator.iter_errors`` yields (same errors, same order, same paths, same context),
# without importing jsonschema (about 100 ms of start-up, every run). ``tests/unit/test_schemas.py`` compares the
# two on generated documents for every schema. A keyword it does not know raises, so a schema edit cannot quietly
# check less: the test suite runs every schema.

_KNOWN = {
    "$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples",
    "type", "properties", "required", "additionalProperties", "items", "anyOf", "allOf", "$ref", "if", "then",
    "else", "enum", "const", "pattern", "minLength", "minimum", "exclusiveMinimum", "maximum", "minItems",
    "propertyNames",
}  # fmt: skip


class SchemaError:
    """One violation, with the attributes of a ``jsonschema.ValidationError`` that the messages read."""

    __slots__ = ("validator", "validator_value", "instance", "schema", "absolute_path", "message", "context")

    def __init__(self, validator: str, value: Any, instance: Any, schema: dict, path: tuple, message: str) -> None:
        self.validator = validator
        self.validator_value = value
        self.instance = instance
        self.schema = schema
        self.absolute_path = path
        self.message = message
        self.context: list[SchemaError] = []


def _is_type(instance: Any, t: str) -> bool:
    if t == "string":
        return isinstance(instance, str)
    if t == "object":
        return isinstance(instance, dict)
    if t == "array":
        return isinstance(instance, list)
    if t == "boolean":
        return isinstance(instance, bool)
    if t == "null":
        return instance is None
    if isinstance(instance, bool):
        return False
    if t == "integer":  # draft 4 and later: 1.0 is an integer
        return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())
    if t == "number":
        return isinstance(instance, (int, float))
    raise ValueError(f"unknown JSON type {t!r}")


def _unbool(v: Any) -> Any:
    return ("\0bool", v) if isinstance(v, bool) else v


def _equal(a: Any, b: Any) -> bool:
    """JSON equality as jsonschema decides it: ``true`` is not ``1``, in lists and objects too."""
    if a is b:
        return True
    if isinstance(a, str) or isinstance(b, str):
        return bool(a == b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return bool(_unbool(a) == _unbool(b))


class Validator:
    """Validates instances against one schema (references resolve inside it: ``#/$defs/...``)."""

    def __init__(self, root: dict) -> None:
        self.root = root

    def is_valid(self, instance: Any, schema: Any = None) -> bool:
        return next(self.iter_errors(instance, schema), None) is None

    def iter_errors(self, instance: Any, schema: Any = None, path: tuple = ()) -> Iterator[SchemaError]:
        schema = self.root if schema is None else schema
        if schema is True:
            return
        if schema is False:
            yield SchemaError("false", False, instance, {}, path, "False schema does not allow " + repr(instance))
            return
        for k, v in schema.items():
            if k not in _KNOWN:
                raise ValueError(f"schema keyword {k!r} is not supported by tui.core.spec.schema")
            yield from getattr(self, _METHODS.get(k, "_ignore"))(v, instance, schema, path)

    # one method per keyword, as jsonschema's _keywords (same tests, same order, same messages)

    def _ignore(self, v: Any, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        return iter(())

    def _type(self, v: Any, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        types = v if isinstance(v, list) else [v]
        if not any(_is_type(instance, t) for t in types):
            reprs = ", ".join(repr(t) for t in types)
            yield SchemaError("type", v, instance, schema, path, f"{instance!r} is not of type {reprs}")

    def _properties(self, v: dict, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if isinstance(instance, dict):
            for name, sub in v.items():
                if name in instance:
                    yield from self.iter_errors(instance[name], sub, (*path, name))

    def _required(self, v: list, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if isinstance(instance, dict):
            for name in v:
                if name not in instance:
                    yield SchemaError("required", v, instance, schema, path, f"{name!r} is a required property")

    def _additional(self, v: Any, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if not isinstance(instance, dict):
            return
        props = schema.get("properties", {})
        extras = [k for k in instance if k not in props]
        if isinstance(v, dict):
            for extra in extras:
                yield from self.iter_errors(instance[extra], v, (*path, extra))
        elif not v and extras:
            names = sorted(extras, key=str)
            verb = "was" if len(names) == 1 else "were"
            msg = f"Additional properties are not allowed ({', '.join(repr(n) for n in names)} {verb} unexpected)"
            yield SchemaError("additionalProperties", v, instance, schema, path, msg)

    def _items(self, v: Any, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if isinstance(instance, list):
            for i, item in enumerate(instance):
                yield from self.iter_errors(item, v, (*path, i))

    def _any_of(self, v: list, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        errors: list[SchemaError] = []
        for sub in v:
            errs = list(self.iter_errors(instance, sub, path))
            if not errs:
                return
            errors.extend(errs)
        err = SchemaError(
            "anyOf", v, instance, schema, path, f"{instance!r} is not valid under any of the given schemas"
        )
        err.context = errors
        yield err

    def _all_of(self, v: list, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        for sub in v:
            yield from self.iter_errors(instance, sub, path)

    def _ref(self, v: str, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if not v.startswith("#/"):
            raise ValueError(f"only local references are supported: {v!r}")
        target: Any = self.root
        for part in v[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        yield from self.iter_errors(instance, target, path)

    def _if(self, v: Any, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if self.is_valid(instance, v):
            if "then" in schema:
                yield from self.iter_errors(instance, schema["then"], path)
        elif "else" in schema:
            yield from self.iter_errors(instance, schema["else"], path)

    def _enum(self, v: list, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if all(not _equal(each, instance) for each in v):
            yield SchemaError("enum", v, instance, schema, path, f"{instance!r} is not one of {v!r}")

    def _const(self, v: Any, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if not _equal(instance, v):
            yield SchemaError("const", v, instance, schema, path, f"{v!r} was expected")

    def _pattern(self, v: str, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if isinstance(instance, str) and not _regex(v).search(instance):
            yield SchemaError("pattern", v, instance, schema, path, f"{instance!r} does not match {v!r}")

    def _min_length(self, v: int, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if isinstance(instance, str) and len(instance) < v:
            msg = f"{instance!r} should be non-empty" if v == 1 else f"{instance!r} is too short"
            yield SchemaError("minLength", v, instance, schema, path, msg)

    def _min_items(self, v: int, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if isinstance(instance, list) and len(instance) < v:
            msg = f"{instance!r} should be non-empty" if v == 1 else f"{instance!r} is too short"
            yield SchemaError("minItems", v, instance, schema, path, msg)

    def _minimum(self, v: Any, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if _is_type(instance, "number") and instance < v:
            yield SchemaError("minimum", v, instance, schema, path, f"{instance!r} is less than the minimum of {v!r}")

    def _exclusive_minimum(self, v: Any, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if _is_type(instance, "number") and instance <= v:
            msg = f"{instance!r} is less than or equal to the minimum of {v!r}"
            yield SchemaError("exclusiveMinimum", v, instance, schema, path, msg)

    def _maximum(self, v: Any, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if _is_type(instance, "number") and instance > v:
            yield SchemaError(
                "maximum", v, instance, schema, path, f"{instance!r} is greater than the maximum of {v!r}"
            )

    def _property_names(self, v: Any, instance: Any, schema: dict, path: tuple) -> Iterator[SchemaError]:
        if isinstance(instance, dict):
            for name in instance:
                yield from self.iter_errors(name, v, path)


_METHODS = {
    "type": "_type",
    "properties": "_properties",
    "required": "_required",
    "additionalProperties": "_additional",
    "items": "_items",
    "anyOf": "_any_of",
    "allOf": "_all_of",
    "$ref": "_ref",
    "if": "_if",
    "enum": "_enum",
    "const": "_const",
    "pattern": "_pattern",
    "minLength": "_min_length",
    "minItems": "_min_items",
    "minimum": "_minimum",
    "exclusiveMinimum": "_exclusive_minimum",
    "maximum": "_maximum",
    "propertyNames": "_property_names",
}


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@cache
def validator(name: str) -> Validator:
    # the schemas ship with the package and a test checks them against the metaschema: not again per run
    return Validator(schema(name))


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
