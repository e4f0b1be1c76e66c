import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from sellers.models import User

from .factories import PASSWORD, UserFactory

# Every app of this project with models, except the sandbox (Amazon's stand-in, not ours).
PRODUCT_APPS = {
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).parent == settings.BASE_DIR and config.label != "sandbox"
}


def product_models():
    return [m for m in apps.get_models() if m._meta.app_label in PRODUCT_APPS]


def test_every_product_model_is_in_the_admin():
    assert [m.__name__ for m in product_models() if m not in admin.site._registry] == []


@pytest.mark.parametrize("model", product_models(), ids=lambda m: m.__name__)
def test_every_changelist_opens_and_searches(client, tenant_a, model):
    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "acme"}).status_code == 200


@override_settings(ADMIN_REQUIRES_MFA=True)
def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, db):
    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("mfa_index")


def _totp_code(secret, at=None):
    return format_hotp_value(hotp_value(secret, int(at or time.time()) // 30))


def _log_in(client, user, secret=None):
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    if secret:
        client.post(reverse("mfa_authenticate"), {"code": _totp_code(secret)})


@override_settings(ADMIN_REQUIRES_MFA=True)
def test_staff_who_log_in_with_their_second_factor_reach_the_admin(client, db):
    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    Authenticator.objects.filter(user=staff).update(created_at=timezone.now() - timedelta(days=1))

    _log_in(client, staff, secret)

    assert client.get(reverse("admin:index")).status_code == 200


@override_settings(ADMIN_REQUIRES_MFA=True)
def test_a_factor_enrolled_in_a_password_only_session_does_not_open_the_admin(client, db):
    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    _log_in(client, staff)
    secret = generate_totp_secret()
    client.get(reverse("mfa_activate_totp"))
    TOTP.activate(staff, secret)  # what the activation form does with a valid code

    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("mfa_index")
    assert "log in again" in response.content.decode()


@override_settings(ADMIN_REQUIRES_MFA=True)
def test_a_factor_enrolled_with_only_the_password_does_not_open_the_admin_at_the_next_login_either(client, db):
    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)  # enrolled an hour ago, by whoever held the password

    _log_in(client, staff, secret)

    assert client.get(reverse("admin:index"), follow=True).redirect_chain[-1][0] == reverse("mfa_index")


@override_settings(ADMIN_REQUIRES_MFA=True)
def test_an_operator_can_approve_a_new_factor_out_of_band(client, db):
    from django.core.management import call_command

    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    Authenticator.objects.filter(user=staff).update(created_at=timezone.now() - timedelta(minutes=5))
    call_command("approve_staff_factor", "staff@example.com", stdout=open(os.devnull, "w"))

    _log_in(client, staff, secret)

    assert client.get(reverse("admin:index")).status_code == 200


@override_settings(ADMIN_REQUIRES_MFA=True)
def test_a_session_that_never_presented_the_factor_does_not_open_the_admin(client, db):
    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)  # a session with no record of a second factor

    assert client.get(reverse("admin:index"), follow=True).redirect_chain[-1][0] == reverse("mfa_index")


def test_the_admin_login_goes_through_the_product_login(client, db):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_members_who_are_not_staff_cannot_reach_the_admin(client, tenant_a):
    client.force_login(tenant_a.owner)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302


# -- staff made on the command line, as the README says ---------------------------------------
STAFF_EMAIL = "ops@feedbackhub.example.com"


def _createsuperuser(monkeypatch):
    """`python manage.py createsuperuser`, answered without prompts."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, email=STAFF_EMAIL, stdout=open(os.devnull, "w"))
    return User.objects.get(email=STAFF_EMAIL)


def test_a_superuser_made_with_createsuperuser_counts_as_verified(db, monkeypatch):
    staff = _createsuperuser(monkeypatch)

    address = EmailAddress.objects.get(user=staff)
    assert (address.email, address.verified, address.primary) == (STAFF_EMAIL, True, True)


@override_settings(ADMIN_REQUIRES_MFA=False)
def test_a_superuser_made_with_createsuperuser_opens_the_admin_without_a_verification_mail(
    client, db, monkeypatch, mailoutbox
):
    _createsuperuser(monkeypatch)
    login_page = client.get(reverse("admin:index"), follow=True).redirect_chain[-1][0]

    response = client.post(login_page, {"login": STAFF_EMAIL, "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:index") and response.status_code == 200
    assert mailoutbox == []


@override_settings(ADMIN_REQUIRES_MFA=True)
def test_the_readmes_admin_steps_open_the_admin_in_production(client, transactional_db, monkeypatch, mailoutbox):
    # Committed for real: allauth mails the new factor once its transaction commits, in the request.
    # README, "Deploying for real": create a staff account, set up two-factor authentication under
    # Security (its owner is mailed at once), approve_staff_factor <email>, log in again with the code.
    _createsuperuser(monkeypatch)
    client.post(reverse("account_login"), {"login": STAFF_EMAIL, "password": PASSWORD})
    assert client.get(reverse("admin:index"), follow=True).redirect_chain[-1][0] == reverse("mfa_index")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # Security asks for the password again
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": _totp_code(secret)})
    assert Authenticator.objects.filter(user__email=STAFF_EMAIL, type=Authenticator.Type.TOTP).exists()
    assert [(m.to, m.subject) for m in mailoutbox] == [([STAFF_EMAIL], "[FeedbackHub] Authenticator App Activated")]
    call_command("approve_staff_factor", STAFF_EMAIL, stdout=open(os.devnull, "w"))
    client.post(reverse("account_logout"))

    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=True):  # a fresh code, not the one just used
        client.post(reverse("account_login"), {"login": STAFF_EMAIL, "password": PASSWORD})
        client.post(reverse("mfa_authenticate"), {"code": _totp_code(secret)})

        assert client.get(reverse("admin:index")).status_code == 200
