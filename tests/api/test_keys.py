"""API keys: shown once, stored as a fingerprint, acting for one seller with at most their creator's role."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import APIKey
from sellers import services as seller_services
from sellers.models import Membership, Role

from ..factories import MembershipFactory
from .conftest import KeyClient, create_key, is_problem

KEY_URL = reverse("api:key")
BLOCKLIST = reverse("api:blocklist")


def test_only_a_fingerprint_of_a_new_key_is_stored(tenant_a):
    key = create_key(tenant_a)

    row = APIKey.objects.get(seller=tenant_a.seller)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apikey")
        stored = " ".join(str(value) for value in cursor.fetchone())
    assert key not in stored and key.split("_")[-1] not in stored
    assert row.digest == hashlib.sha256(key.encode()).hexdigest() and key.startswith(f"fh_{row.prefix}_")


def test_a_key_acts_for_its_seller(client, tenant_a):
    response = KeyClient(client, create_key(tenant_a, scope="read")).get(KEY_URL)

    assert response.status_code == 200
    assert response.json()["seller"] == {"id": str(tenant_a.seller.pk), "name": tenant_a.seller.name}
    assert response.json()["role"] == Role.VIEWER


def test_a_request_without_a_key_is_asked_for_one(client, db):
    response = client.get(KEY_URL)

    assert is_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_key_altered_by_one_character_opens_nothing(client, tenant_a):
    key = create_key(tenant_a)
    altered = key[:-1] + ("A" if key[-1] != "A" else "B")

    response = KeyClient(client, altered).get(KEY_URL)

    assert is_problem(response, 401) and "not valid" in response.json()["detail"]


def test_a_key_sent_another_way_than_bearer_is_refused_saying_how(client, tenant_a):
    response = client.get(KEY_URL, headers={"Authorization": f"Token {create_key(tenant_a)}"})

    assert is_problem(response, 401) and "Bearer" in response.json()["detail"]


def test_a_revoked_key_opens_nothing(client, tenant_a):
    key = create_key(tenant_a)
    services.api_key_revoke(key=APIKey.objects.get(seller=tenant_a.seller), user=tenant_a.owner)

    response = KeyClient(client, key).get(KEY_URL)

    assert is_problem(response, 401) and "revoked" in response.json()["detail"]


def test_a_key_stops_when_its_creator_leaves_the_team(client, tenant_a):
    key = create_key(tenant_a)
    MembershipFactory(seller=tenant_a.seller, role=Role.OWNER)  # someone else stays owner
    seller_services.membership_remove(membership=Membership.objects.get(user=tenant_a.owner))

    response = KeyClient(client, key).get(KEY_URL)

    assert is_problem(response, 401) and "left the team" in response.json()["detail"]


def test_a_write_key_only_reads_once_its_creator_is_a_viewer(client, tenant_a):
    api = KeyClient(client, create_key(tenant_a, scope="write"))
    MembershipFactory(seller=tenant_a.seller, role=Role.OWNER)
    seller_services.membership_change_role(membership=Membership.objects.get(user=tenant_a.owner), role=Role.VIEWER)

    write = api.post(BLOCKLIST, {"amazon_order_id": "111-1234567-1234567"})

    assert is_problem(write, 403) and "viewer" in write.json()["detail"]
    assert api.get(BLOCKLIST).status_code == 200


def test_a_write_key_acts_as_a_manager_at_most(client, tenant_a):
    response = KeyClient(client, create_key(tenant_a, scope="write")).get(KEY_URL)

    assert response.json()["role"] == Role.MANAGER


def test_a_read_key_cannot_write(client, tenant_a):
    response = KeyClient(client, create_key(tenant_a, scope="read")).post(
        BLOCKLIST, {"amazon_order_id": "111-1234567-1234567"}
    )

    assert is_problem(response, 403) and "only read" in response.json()["detail"]


def test_last_use_is_recorded_at_most_once_a_minute(client, tenant_a):
    api = KeyClient(client, create_key(tenant_a))
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        api.get(KEY_URL)
        first = APIKey.objects.get().last_used_at
        clock.shift(timedelta(seconds=50))
        api.get(KEY_URL)
        unchanged = APIKey.objects.get().last_used_at
        clock.shift(timedelta(seconds=20))
        api.get(KEY_URL)
        moved = APIKey.objects.get().last_used_at

    assert first == unchanged == start
    assert moved == start + timedelta(seconds=70)


def test_only_owners_create_keys(tenant_a):
    with pytest.raises(ValidationError, match="Only owners"):
        services.api_key_create(
            membership=Membership.objects.get(user=tenant_a.manager), name="Mine", scope=APIKey.Scope.READ
        )


def test_a_seller_has_a_bounded_number_of_active_keys(tenant_a):
    for n in range(services.MAX_ACTIVE_KEYS):
        create_key(tenant_a, name=f"Key {n}")

    with pytest.raises(ValidationError, match="revoke one"):
        create_key(tenant_a, name="One too many")
