"""Production settings: strict about what is missing, clean under `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "app.example.com",
    "DATABASE_URL": "postgres://feedbackhub:pw@db.example.com:5432/feedbackhub",
    "REDIS_URL": "redis://redis.example.com:6379/0",
    "FIELD_ENCRYPTION_KEYS": "gXq3c0lqzBvdnQhSxS6uK2q1Qm0b1cS0G9l4kq6H0-g=",
    "BUYER_KEY_SECRET": "buyer-key-secret-for-tests-0123456789abcdef",
    "SPAPI_LWA_APP_ID": "amzn1.application-oa2-client.test",
    "SPAPI_LWA_CLIENT_SECRET": "lwa-secret",
    "SPAPI_APP_ID": "amzn1.sp.solution.test",
    "INBOUND_DOMAIN": "in.example.com",
    "SITE_URL": "https://app.example.com",
    "TRUSTED_PROXY_COUNT": "1",
}


def manage(*args, env):
    # The browser tests allow sync ORM calls next to an event loop; production never does.
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("variable", sorted(PRODUCTION_ENV.keys() - {"DJANGO_ENV"}))
def test_a_missing_production_variable_stops_start_up_naming_it(variable):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != variable}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert f"Set the {variable} environment variable" in result.stderr


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"SITE_URL": "http://app.example.com"}, "SITE_URL must be the site's https:// address"),
        ({"BUYER_KEY_SECRET": "short1"}, "BUYER_KEY_SECRET must be at least 32 bytes"),
        ({"INBOUND_ESPS": "sendgrid"}, "Set ANYMAIL_WEBHOOK_SECRET"),
        ({"INBOUND_ESPS": "mailgun", "ANYMAIL_WEBHOOK_SECRET": "u:p"}, "Set MAILGUN_WEBHOOK_SIGNING_KEY"),
        ({"INBOUND_ESPS": "amazon_ses", "ANYMAIL_WEBHOOK_SECRET": "u:p"}, "INBOUND_ESPS may name mailgun, sendgrid"),
    ],
    ids=["http-site-url", "short-buyer-key", "esp-without-secret", "mailgun-without-signing-key", "ses"],
)
def test_production_refuses_to_start_unsafe_naming_the_variable(changes, complaint):
    result = manage("check", env={**PRODUCTION_ENV, **changes})

    assert result.returncode != 0 and complaint in result.stderr


def test_a_malformed_boolean_is_refused():
    result = manage("check", env={"DEBUG": "maybe"})

    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr


def test_secrets_can_come_from_files(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text("file-secret-" + "x" * 60)
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"} | {"SECRET_KEY_FILE": str(secret_file)}

    result = manage("shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)", env=env)

    assert result.stdout.strip().splitlines()[-1] == "file-secret-" + "x" * 60


def test_celery_is_configured_not_to_lose_or_duplicate_work():
    from config.celery_app import app

    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit
    assert conf.accept_content == ["json"] and conf.task_serializer == "json"


def test_every_task_beat_runs_is_a_registered_task():
    from django.conf import settings

    from config.celery_app import app

    app.loader.import_default_modules()  # what a worker and beat import: every app's tasks
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(app.tasks)


@pytest.mark.django_db
def test_the_models_match_their_migrations():
    from django.core.management import call_command

    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
