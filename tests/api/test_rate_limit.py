"""Each API key has its own rate limit (a Redis token bucket); past it the API answers 429 with Retry-After."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from .conftest import KeyClient, create_key, is_problem

KEY_URL = reverse("api:key")


@pytest.fixture
def tight_limit(settings):
    settings.API_RATE_PER_MINUTE = 6  # one request every 10 seconds
    settings.API_RATE_BURST = 3


def test_a_key_past_its_burst_gets_429_with_retry_after(api_a, tight_limit):
    with time_machine.travel(timezone.now(), tick=False):
        statuses = [api_a.get(KEY_URL).status_code for _ in range(3)]
        refused = api_a.get(KEY_URL)

    assert statuses == [200, 200, 200]
    assert is_problem(refused, 429) and refused["Retry-After"] == "11"
    assert "11 seconds" in refused.json()["detail"]


def test_the_limit_is_per_key(client, tenant_a, api_a, tight_limit):
    other = KeyClient(client, create_key(tenant_a, name="Second integration"))
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(4):
            api_a.get(KEY_URL)
        response = other.get(KEY_URL)

    assert response.status_code == 200


def test_the_key_may_go_on_once_retry_after_has_passed(api_a, tight_limit):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            api_a.get(KEY_URL)
        wait = int(api_a.get(KEY_URL)["Retry-After"])
        clock.shift(timedelta(seconds=wait))
        response = api_a.get(KEY_URL)

    assert response.status_code == 200


def test_requests_without_a_valid_key_spend_no_ones_tokens(client, api_a, tight_limit):
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(5):
            client.get(KEY_URL, headers={"Authorization": "Bearer fh_000000000000_guess"})
        response = api_a.get(KEY_URL)

    assert response.status_code == 200
