"""Two-factor authentication: a user with TOTP must give a code (or a recovery code) to log in."""

import time

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

from .factories import PASSWORD, UserFactory


@pytest.fixture
def user_with_totp(db):
    user = UserFactory(email="secure@example.com")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return user, secret, codes


def log_in_with_password(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_the_password_alone_does_not_log_in(client, user_with_totp):
    user, _, _ = user_with_totp

    response = log_in_with_password(client, user)

    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_the_current_totp_code_completes_the_login(client, user_with_totp):
    user, secret, _ = user_with_totp
    log_in_with_password(client, user)

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post(reverse("mfa_authenticate"), {"code": code})

    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_code_is_refused(client, user_with_totp):
    user, _, _ = user_with_totp
    log_in_with_password(client, user)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_a_recovery_code_completes_the_login_once(client, user_with_totp):
    user, _, codes = user_with_totp
    log_in_with_password(client, user)

    client.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert client.session["_auth_user_id"] == str(user.pk)
    assert codes[0] not in RecoveryCodes(user.authenticator_set.get(type="recovery_codes")).get_unused_codes()
