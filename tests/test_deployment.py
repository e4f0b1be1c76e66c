"""docker-compose.yml is valid Compose and runs only commands this project has.

There is no Docker engine on these machines, so the file is checked against the Compose
specification's JSON schema (../shared/compose-spec) and each service's command is resolved here.
"""

import importlib
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT.parent / "shared" / "compose-spec" / "compose-spec.json"
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
APP_SERVICES = {name: s for name, s in COMPOSE["services"].items() if s.get("build")}


@pytest.mark.skipif(not SCHEMA.exists(), reason="the Compose schema lives in ../shared")
def test_the_compose_file_matches_the_compose_specification():
    schema = json.loads(SCHEMA.read_text())

    jsonschema.validate(COMPOSE, schema, cls=jsonschema.Draft7Validator)


def test_the_deployment_has_every_process():
    assert {"postgres", "redis", "web", "worker", "beat", "inbound-smtp"} <= set(COMPOSE["services"])


def test_every_app_service_is_built_from_the_one_dockerfile():
    assert APP_SERVICES and {s["build"] for s in APP_SERVICES.values()} == {"."}
    assert (ROOT / "Dockerfile").exists()


def _check_command(command):
    program, *args = command
    if program == "python" and args[0] == "manage.py":
        assert args[1] in get_commands(), f"no management command {args[1]}"
    elif program == "gunicorn":
        module, _, attribute = args[0].partition(":")
        assert getattr(importlib.import_module(module), attribute)
    elif program == "celery":
        assert args[:2] == ["-A", "config"]
        assert importlib.import_module("config").celery_app.main == "feedbackhub"
        assert args[2] in {"worker", "beat"}
    else:
        pytest.fail(f"unknown program {program}")


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_every_service_command_exists_in_the_project(name):
    _check_command(APP_SERVICES[name]["command"])


def test_the_env_example_lists_every_variable_the_services_need():
    documented = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    required = {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "FIELD_ENCRYPTION_KEYS",
        "BUYER_KEY_SECRET",
        "SPAPI_LWA_APP_ID",
        "SPAPI_LWA_CLIENT_SECRET",
        "SPAPI_APP_ID",
        "SPAPI_ENDPOINT_OVERRIDE",
        "LWA_TOKEN_URL_OVERRIDE",
        "INBOUND_DOMAIN",
        "SITE_URL",
        "TRUSTED_PROXY_COUNT",
    }
    assert required <= documented
