import re

from allauth.account.models import EmailAddress
from django.urls import reverse

from sellers.models import User

from .factories import PASSWORD, UserFactory


def test_signing_up_sends_a_verification_email_and_holds_the_login(client, db, mailoutbox):
    response = client.post(
        reverse("account_signup"), {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not EmailAddress.objects.get(email="new@example.com").verified
    assert re.search(r"/accounts/confirm-email/\S+", mailoutbox[0].body)


def test_following_the_verification_link_verifies_the_address(client, db, mailoutbox):
    client.post(reverse("account_signup"), {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD})
    link = re.search(r"(/accounts/confirm-email/\S+)", mailoutbox[0].body).group(1)

    client.post(link)

    assert EmailAddress.objects.get(email="new@example.com").verified


def test_a_weak_password_is_refused_with_the_reason_in_place(client, db):
    response = client.post(
        reverse("account_signup"), {"email": "new@example.com", "password1": "12345", "password2": "12345"}
    )

    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert not User.objects.exists()


def test_repeated_failed_logins_are_rate_limited(client, db):
    user = UserFactory(email="owner@example.com")
    statuses = [
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"}).status_code for _ in range(7)
    ]

    blocked = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    # Even the right password is refused until the window passes.
    assert statuses == [200] * 7
    assert "Too many failed login attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_from_one_address_never_lock_the_owner_out_from_another(client_factory, db):
    user = UserFactory(email="owner@example.com", is_staff=True)
    attacker, owner = client_factory(REMOTE_ADDR="203.0.113.9"), client_factory(REMOTE_ADDR="198.51.100.7")
    for _ in range(8):
        attacker.post(reverse("account_login"), {"login": user.email, "password": "wrong"})

    refused = attacker.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    owner.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert "Too many failed login attempts" in refused.content.decode()
    assert owner.session["_auth_user_id"] == str(user.pk)


def test_behind_the_proxy_each_client_is_told_apart_by_the_forwarded_address(client_factory, db, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    user = UserFactory(email="owner@example.com")
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request reaches the app from the proxy
    attacker = client_factory(HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    owner = client_factory(HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    for _ in range(8):
        attacker.post(reverse("account_login"), {"login": user.email, "password": "wrong"})

    owner.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert owner.session["_auth_user_id"] == str(user.pk)


def test_password_reset_mails_a_link(client, db, mailoutbox):
    UserFactory(email="owner@example.com")

    client.post(reverse("account_reset_password"), {"email": "owner@example.com"})

    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_pages_need_a_login(client, db):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
