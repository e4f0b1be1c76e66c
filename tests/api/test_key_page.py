"""The owners' API keys page: create a key (shown once), see the keys, revoke one."""

from datetime import UTC, datetime

import time_machine
from django.test import Client
from django.urls import reverse

from api.models import APIKey

from .conftest import KeyClient, create_key

PAGE = reverse("api_keys")


def test_an_owner_sees_a_new_key_once(client, tenant_a):
    client.force_login(tenant_a.owner)

    created = client.post(PAGE, {"name": "Helpdesk sync", "scope": "read"})
    key = created.context["new_key"]
    later = client.get(PAGE)

    assert created.status_code == 200 and key in created.content.decode()
    assert key not in later.content.decode()
    assert APIKey.objects.get(seller=tenant_a.seller).prefix in later.content.decode()


def test_the_answer_showing_a_new_key_is_never_cached(client, tenant_a):
    client.force_login(tenant_a.owner)

    created = client.post(PAGE, {"name": "Helpdesk sync", "scope": "read"})

    assert "no-store" in created["Cache-Control"]


def test_the_key_shown_is_the_one_that_works(client, tenant_a):
    client.force_login(tenant_a.owner)
    key = client.post(PAGE, {"name": "Helpdesk sync", "scope": "write"}).context["new_key"]

    response = KeyClient(Client(), key).get(reverse("api:key"))

    assert response.status_code == 200 and response.json()["name"] == "Helpdesk sync"


def test_managers_and_viewers_cannot_open_or_use_the_page(client, tenant_a):
    statuses = []
    for user in (tenant_a.manager, tenant_a.viewer):
        client.force_login(user)
        statuses += [client.get(PAGE).status_code, client.post(PAGE, {"name": "x", "scope": "read"}).status_code]

    assert statuses == [403, 403, 403, 403]
    assert not APIKey.objects.exists()


def test_a_key_without_a_name_is_refused_saying_why(client, tenant_a):
    client.force_login(tenant_a.owner)

    response = client.post(PAGE, {"name": "  ", "scope": "read"})

    assert response.status_code == 400 and "This field is required" in response.content.decode()
    assert not APIKey.objects.exists()


def test_creating_a_key_needs_the_csrf_token(tenant_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(tenant_a.owner)

    response = browser.post(PAGE, {"name": "Forged", "scope": "write"})

    assert response.status_code == 403 and not APIKey.objects.exists()


def test_an_owner_revokes_a_key_and_it_stops_at_once(client, tenant_a):
    key = create_key(tenant_a)
    row = APIKey.objects.get()
    client.force_login(tenant_a.owner)

    client.post(reverse("api_key_revoke", args=[row.pk]))

    assert KeyClient(Client(), key).get(reverse("api:key")).status_code == 401
    row.refresh_from_db()
    assert row.revoked_at is not None and row.revoked_by_email == tenant_a.owner.email


def test_the_page_says_when_a_key_was_last_used(client, tenant_a):
    key = create_key(tenant_a, name="Agency dashboard")
    with time_machine.travel(datetime(2026, 3, 9, 14, 30, tzinfo=UTC), tick=False):
        KeyClient(Client(), key).get(reverse("api:key"))
    client.force_login(tenant_a.owner)

    page = client.get(PAGE).content.decode()

    assert "9 Mar 2026, 14:30 UTC" in page


def test_owners_find_the_page_beside_team_and_settings(client, tenant_a):
    links = {}
    for user in (tenant_a.owner, tenant_a.manager):
        client.force_login(user)
        links[user] = PAGE in client.get(reverse("team")).content.decode()

    assert links == {tenant_a.owner: True, tenant_a.manager: False}
