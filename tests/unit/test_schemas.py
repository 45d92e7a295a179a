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
