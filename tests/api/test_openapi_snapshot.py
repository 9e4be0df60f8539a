"""The API's contract with apps already in people's pockets: the served OpenAPI description
may grow, but never drop or rename what the committed snapshot has.

A deliberate change refreshes the snapshot (and the changelog, and `info.version`):
    UPDATE_OPENAPI_SNAPSHOT=1 uv run pytest tests/api/test_openapi_snapshot.py
"""

import copy
import json
import os
from pathlib import Path

import pytest

from api.views import openapi_document

SNAPSHOT = Path(__file__).parent / "snapshots" / "openapi.json"
CHANGELOG = Path(__file__).resolve().parents[2] / "docs" / "api-changelog.md"


def contract(document):
    """Everything an app's generated code relies on, as a set of names."""
    names = set()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            names.add(f"operation {method.upper()} {path} ({operation.get('operationId')})")
            for parameter in operation.get("parameters", []):
                parameter = resolve(document, parameter)
                names.add(f"parameter {parameter['name']} of {method.upper()} {path}")
            for status in operation.get("responses", {}):
                names.add(f"response {status} of {method.upper()} {path}")
    for name, schema in document["components"]["schemas"].items():
        names.add(f"schema {name}")
        names |= schema_fields(schema, name)
    return names


def schema_fields(schema, where):
    names = set()
    for field, inner in schema.get("properties", {}).items():
        names.add(f"field {where}.{field}")
        names |= schema_fields(inner, f"{where}.{field}")
    for value in schema.get("enum", []):
        names.add(f"value {where} = {value!r}")
    return names


def resolve(document, item):
    if "$ref" not in item:
        return item
    target = document
    for part in item["$ref"].removeprefix("#/").split("/"):
        target = target[part]
    return target


def dropped(old, new):
    return sorted(contract(old) - contract(new))


@pytest.fixture(scope="module")
def served():
    document = openapi_document()
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
    return document


@pytest.fixture(scope="module")
def snapshot():
    return json.loads(SNAPSHOT.read_text())


def test_served_description_keeps_every_field_of_the_snapshot(served, snapshot):
    assert dropped(snapshot, served) == [], (
        "The API drops or renames what apps use: if deliberate, release a new major version "
        "(info.version, docs/api-changelog.md) and refresh the snapshot (see this module)."
    )


def test_snapshot_is_the_served_description(served, snapshot):
    assert served == snapshot, (
        "The description changed: note it in docs/api-changelog.md, raise info.version and "
        "refresh the snapshot (see this module)."
    )


def test_served_version_is_in_the_changelog(served):
    assert f"## {served['info']['version']}" in CHANGELOG.read_text()


def test_a_dropped_or_renamed_field_is_caught(snapshot):
    renamed = copy.deepcopy(snapshot)
    image = renamed["components"]["schemas"]["Image"]["properties"]
    image["photo_credit"] = image.pop("credit")
    without_parameter = copy.deepcopy(snapshot)
    without_parameter["paths"]["/api/v2/pages/"]["get"]["parameters"].pop()
    fewer_reasons = copy.deepcopy(snapshot)
    fewer_reasons["components"]["schemas"]["DepartureReason"]["enum"].remove("expired")

    assert dropped(snapshot, renamed) == ["field Image.credit"]
    assert dropped(snapshot, without_parameter) == ["parameter offset of GET /api/v2/pages/"]
    assert dropped(snapshot, fewer_reasons) == ["value DepartureReason = 'expired'"]
