"""The OpenAPI schema validates, documents every operation's problems, and its docs need no CDN."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from openapi_spec_validator import validate

WRITES = ("post", "put", "patch", "delete")


@pytest.fixture
def schema(client, db):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_the_schema_is_valid_openapi(schema):
    validate(schema)


def test_drf_spectacular_finds_nothing_to_warn_about(tmp_path, db):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    assert "openapi: 3" in (tmp_path / "schema.yaml").read_text()


def test_every_operation_has_a_stable_id_and_needs_a_key(schema):
    ids = [operation["operationId"] for _, _, operation in operations(schema)]

    assert len(ids) == len(set(ids)) >= 20
    assert all(op.get("security") == [{"apiKey": []}] for _, _, op in operations(schema))
    assert schema["components"]["securitySchemes"]["apiKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["apiKey"]["description"],
    }


def test_every_operation_documents_its_problems(schema):
    missing = [
        f"{method} {path} {code}"
        for path, method, operation in operations(schema)
        for code in ["400", "401", "403", "429"] + (["404"] if "{" in path else [])
        if "application/problem+json" not in operation["responses"].get(code, {}).get("content", {})
    ]

    assert missing == []


def test_every_write_documents_the_idempotency_key(schema):
    undocumented = [
        f"{method} {path}"
        for path, method, operation in operations(schema)
        if method in WRITES
        and "Idempotency-Key" not in [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
    ]

    assert undocumented == []


def test_the_docs_load_swagger_ui_from_our_own_static_files(client, db, settings):
    page = client.get(reverse("api:docs")).content.decode()

    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(a.startswith(settings.STATIC_URL) for a in assets), assets
    assert all(finders.find(a.removeprefix(settings.STATIC_URL)) for a in assets)
    assert "/api/v1/schema/" in page
