"""The shipped JSON Schemas are valid draft 2020-12 and their errors land on the offending value."""

import pytest
from jsonschema import Draft202012Validator

from tui.core.spec.schema import SCHEMA_DIR, schema, schema_errors

NAMES = sorted(p.name[: -len(".schema.json")] for p in SCHEMA_DIR.glob("*.schema.json"))


def test_all_five_schemas_ship():
    assert {"plugin", "marketplace", "hooks", "mcp", "lsp"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_2020_12(name):
    s = schema(name)
    assert s.get("$schema", "").endswith("2020-12/schema")
    Draft202012Validator.check_schema(s)


def test_errors_carry_pointers_and_are_memoised_per_object():
    data = {"name": "p", "keywords": "not-a-list"}
    first = list(schema_errors("plugin", data))
    assert any(ptr == ("keywords",) for ptr, _ in first)
    assert list(schema_errors("plugin", data)) == first
    other = {"name": "p", "keywords": ["ok"]}
    assert not any(ptr == ("keywords",) for ptr, _ in schema_errors("plugin", other))


# ---------------------------------------------------------------------------------------------------------
# The shipped validator (tui.core.spec.schema.Validator, no jsonschema import at run time) yields what
# jsonschema's Draft202012Validator yields: the same errors, in the same order, at the same paths, with the
# same messages and the same anyOf context. Documents are generated near each schema (its property names,
# enum values, nested shapes) with wrong types, extra keys and missing fields mixed in.

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tui.core.spec import schema as schema_mod  # noqa: E402

WORDS = ["", "x", "command", "http", "mcp_tool", "prompt", "agent", "stdio", "socket", "string", "bash", "1.0.0",
         "my-plugin", "bad name", "-x", "a@b", "a@b@^1", "./x", "Stop", "PreToolUse", "postToolUse", "it's"]  # fmt: skip
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 3),
    st.sampled_from([0, 1, 65535, 65536, 2147483648, 1.0, 2.5, 0.0, -1.5]),
    st.sampled_from(WORDS),
    st.text(max_size=4),
)


def _near(node, root, depth: int):
    """A strategy of values shaped like ``node`` (a sub-schema of ``root``), often wrong in one place."""
    if depth <= 0 or not isinstance(node, dict):
        return SCALARS
    if "$ref" in node:
        target = root
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        return _near(target, root, depth)
    options = [SCALARS]
    if "enum" in node:
        options.append(st.sampled_from(node["enum"]))
    if "const" in node:
        options.append(st.just(node["const"]))
    for key in ("anyOf", "allOf"):
        for sub in node.get(key, []):
            options.append(_near(sub, root, depth - 1))
    types = node.get("type")
    types = types if isinstance(types, list) else [types]
    props = node.get("properties", {})
    if props or "object" in types or "required" in node or "additionalProperties" in node:
        names = sorted(props) + list(node.get("required", [])) + ["extra", "other"]
        if isinstance(node.get("propertyNames"), dict):
            names += list(node["propertyNames"].get("enum", []))[:5]
        extra = node.get("additionalProperties")
        values = {
            n: _near(props[n], root, depth - 1)
            if n in props
            else (_near(extra, root, depth - 1) if isinstance(extra, dict) else SCALARS)
            for n in names
        }
        options.append(st.fixed_dictionaries({}, optional=values))
        for sub in node.get("allOf", []):  # the if/then branches: the const that triggers them
            cond = sub.get("if", {}).get("properties", {})
            for name, test in cond.items():
                for value in [test["const"]] if "const" in test else test.get("enum", []):
                    options.append(st.fixed_dictionaries({name: st.just(value)}))
    if "items" in node or "array" in types:
        options.append(st.lists(_near(node.get("items", {}), root, depth - 1), max_size=3))
    # a wrong scalar one time in four or so; the rest goes deeper
    return st.one_of(options[:1] + options[1:] * 3)


def _reference(name, data):
    """What schema_errors returned when it ran jsonschema (the code it replaced), as sets of acceptable messages.

    jsonschema visits the extra keys of an object in set order, so when an anyOf's closest alternatives tie (two
    extra keys equally wrong), which one its message named changed with PYTHONHASHSEED; the validator names the
    first in the document. Every tied message is acceptable here; everything else must be equal."""
    errors = sorted(
        Draft202012Validator(schema(name)).iter_errors(data),
        key=lambda e: (list(map(str, e.absolute_path)), e.validator),
    )
    out = []
    for e in errors:
        options = {schema_mod._message(e)}
        if e.validator == "anyOf" and e.context:
            rank = lambda c: (-len(list(c.absolute_path)), c.validator == "type")  # noqa: E731
            best = min(rank(c) for c in e.context)
            path = list(e.absolute_path)
            where = repr(path[-1]) if path else "value"
            options = {f"{where} has an invalid shape ({schema_mod._message(c)})" for c in e.context if rank(c) == best}
        out.append((tuple(e.absolute_path), options))
    return out


def _agree(ours, reference) -> bool:
    return len(ours) == len(reference) and all(
        p == q and message in options for (p, message), (q, options) in zip(ours, reference)
    )


def _ours(name, data):
    errors = sorted(
        schema_mod.Validator(schema(name)).iter_errors(data),
        key=lambda e: (list(map(str, e.absolute_path)), e.validator),
    )
    return [(tuple(e.absolute_path), schema_mod._message(e)) for e in errors]


@pytest.mark.parametrize("name", NAMES)
def test_the_validator_says_what_jsonschema_says(name):
    root = schema(name)

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_near(root, root, 8))
    def check(data):
        assert _agree(_ours(name, data), _reference(name, data))
        raw = [(e.validator, tuple(e.absolute_path), e.message) for e in schema_mod.Validator(root).iter_errors(data)]
        ref = [(e.validator, tuple(e.absolute_path), e.message) for e in Draft202012Validator(root).iter_errors(data)]
        assert sorted(raw, key=repr) == sorted(ref, key=repr)  # jsonschema visits extra keys in set order

    check()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("hooks", {"hooks": {"Stop": [{"hooks": [{}]}]}}),  # every if/then fires when "type" is missing
        ("plugin", {"name": "p", "author": {}, "dependencies": ["bad name", {"name": "-x"}], "userConfig": {"K": {}}}),
        ("lsp", {"command": "", "extensionToLanguage": {".x": ""}, "requestTimeout": 2147483648, "zz": 1, "aa": 2}),
        ("mcp", {"oauth": {"callbackPort": 0}, "timeout": 1.0, "env": {"A": 1}}),
        ("marketplace", {"plugins": [{"source": 1, "renames": 1}], "renames": {"a": None, "b": 1}}),
    ],
)
def test_the_validator_on_known_shapes(name, data):
    assert _agree(_ours(name, data), _reference(name, data))
    assert _ours(name, data)  # each shape is wrong somewhere


def test_running_a_check_does_not_import_jsonschema():
    import subprocess
    import sys

    code = (
        "import sys; from tui.core.spec.schema import schema_errors; "
        "list(schema_errors('plugin', {'name': 1, 'commands': 2})); print('jsonschema' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
