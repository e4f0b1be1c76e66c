"""Every error of the API is an RFC 9457 problem detail: type, title, status, detail, and the fields."""

import json

from django.test import Client
from django.urls import reverse

from insights import selectors as insight_selectors

from ..factories import CampaignFactory
from .conftest import is_problem

BLOCKLIST = reverse("api:blocklist")


def test_an_object_the_seller_does_not_have_is_a_404_problem(api_a):
    response = api_a.get(reverse("api:campaign", args=["6f1c2a44-0c5e-4d55-8f43-2b1f4b3f9d10"]))

    assert is_problem(response, 404)
    assert response.json()["detail"] == "Your seller has no campaign with the id 6f1c2a44-0c5e-4d55-8f43-2b1f4b3f9d10."


def test_an_address_the_api_does_not_have_is_a_404_problem(api_a):
    response = api_a.get("/api/v1/no-such-thing/")

    assert is_problem(response, 404) and response.json()["instance"] == "/api/v1/no-such-thing/"


def test_invalid_query_parameters_are_each_named(api_a):
    response = api_a.get(reverse("api:orders"), {"limit": "0", "marketplace": "XX", "purchased_from": "yesterday"})

    assert is_problem(response, 400)
    assert {e["parameter"] for e in response.json()["errors"]} == {"limit", "marketplace", "purchased_from"}


def test_invalid_body_fields_are_each_pointed_at(api_a):
    response = api_a.post(BLOCKLIST, {"reason": "x" * 301})

    assert is_problem(response, 400)
    assert {e["pointer"] for e in response.json()["errors"]} == {"#/amazon_order_id", "#/reason"}


def test_a_body_that_is_not_json_is_a_400_problem(api_a):
    response = api_a.client.post(BLOCKLIST, "{not json", content_type="application/json", headers=api_a._headers(None))

    assert is_problem(response, 400) and response.json()["detail"].startswith("The body is not valid JSON")


def test_a_body_that_is_not_json_at_all_is_a_415_problem(api_a):
    response = api_a.client.post(
        BLOCKLIST, "amazon_order_id=1", content_type="text/plain", headers=api_a._headers(None)
    )

    assert is_problem(response, 415)


def test_a_method_the_address_does_not_take_is_a_405_problem_with_allow(api_a):
    response = api_a.delete(reverse("api:orders"))

    assert is_problem(response, 405) and "GET" in response["Allow"]


def test_a_body_past_the_limit_is_refused_unread(api_a, settings):
    settings.API_MAX_BODY_BYTES = 1000

    response = api_a.post(BLOCKLIST, {"amazon_order_id": "111-1234567-1234567", "reason": "x" * 2000})

    assert is_problem(response, 413)


def test_a_rule_of_the_service_refusing_is_a_422_problem_in_its_words(api_a, tenant_a):
    draft = CampaignFactory(seller=tenant_a.seller, state="draft")

    response = api_a.post(reverse("api:campaign_pause", args=[draft.pk]))

    assert is_problem(response, 422)
    assert response.json()["detail"] == "Only an active campaign can be paused."
    assert response.json()["errors"] == [{"detail": "Only an active campaign can be paused."}]


def test_each_problem_type_is_described_at_its_address(api_a, settings):
    kind = api_a.get(reverse("api:key"), headers={"Authorization": "Bearer nope"}).json()["type"]

    assert kind.startswith(settings.SITE_URL)
    described = Client().get(kind.removeprefix(settings.SITE_URL))

    assert described.status_code == 200 and described.json()["status"] == 401
    assert "Bearer" in described.json()["description"]


def test_a_failure_on_our_side_is_a_500_problem_that_says_nothing_changed(api_a, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(insight_selectors, "dashboard", broken)

    response = api_a.get(reverse("api:summary"))

    assert is_problem(response, 500) and "database" not in json.dumps(response.json())
