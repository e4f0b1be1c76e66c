"""The owners' webhook pages: add an endpoint, read its log, replay a delivery; nobody else."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from eventlog import types
from webhooks.models import Delivery, Endpoint

from ..factories import DeliveryAttemptFactory, DeliveryFactory, EndpointFactory

pytestmark = pytest.mark.django_db


def add(client, **overrides):
    data = {
        "url": "https://hooks.example.com/feedbackhub?token=abc",
        "format": "standard",
        "event_types": [types.MESSAGE_SENT, types.OPTOUT_LEARNED],
        "description": "helpdesk",
        **overrides,
    }
    return client.post(reverse("webhook_create"), data)


def test_an_owner_adds_an_endpoint_and_lands_on_its_page(client, tenant_a):
    client.force_login(tenant_a.owner)

    response = add(client)

    endpoint = Endpoint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("webhook_detail", args=[endpoint.pk])
    assert endpoint.event_types == [types.MESSAGE_SENT, types.OPTOUT_LEARNED]
    assert endpoint.url_display == "https://hooks.example.com/feedbackhub?…"
    page = client.get(response["Location"]).content.decode()
    assert "https://hooks.example.com/feedbackhub?…" in page and endpoint.secret in page


def test_the_url_and_the_secret_are_stored_encrypted(client, tenant_a):
    client.force_login(tenant_a.owner)
    add(client)
    endpoint = Endpoint.objects.get()

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT url, secret FROM {Endpoint._meta.db_table}")
        url, secret = cursor.fetchone()

    assert "hooks.example.com" not in url and endpoint.secret not in secret


def test_a_private_address_is_refused_next_to_the_field_and_nothing_is_lost(client, tenant_a, settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    client.force_login(tenant_a.owner)

    response = add(client, url="http://169.254.169.254/latest/meta-data/", description="keep me")

    page = response.content.decode()
    assert response.status_code == 200 and Endpoint.objects.count() == 0
    assert "webhooks only go to public internet addresses" in page
    assert 'value="keep me"' in page


def test_choosing_no_event_is_refused_in_plain_words(client, tenant_a):
    client.force_login(tenant_a.owner)

    response = add(client, event_types=[])

    assert "Choose at least one event." in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_only_owners_see_the_pages(client, tenant_a, role):
    endpoint = EndpointFactory(seller=tenant_a.seller)
    client.force_login(getattr(tenant_a, role))

    statuses = {
        client.get(url).status_code for url in [reverse("webhooks"), reverse("webhook_detail", args=[endpoint.pk])]
    }

    assert statuses == {403}
    assert "Webhooks" not in client.get(reverse("dashboard")).content.decode()


def test_the_log_shows_status_attempts_and_next_try_and_the_delivery_its_trimmed_answers(client, tenant_a):
    delivery = DeliveryFactory(
        seller=tenant_a.seller, state=Delivery.State.PENDING, attempts=3, last_status=503, last_error="answered 503"
    )
    DeliveryAttemptFactory(seller=tenant_a.seller, delivery=delivery, status=503, response_body="x" * 1000)
    client.force_login(tenant_a.owner)

    log = client.get(reverse("webhook_detail", args=[delivery.endpoint_id])).content.decode()
    detail = client.get(reverse("webhook_delivery", args=[delivery.pk])).content.decode()

    assert "503" in log and "Waiting" in log and delivery.next_attempt_at.strftime("%Y-%m-%d") in log
    assert "x" * 1000 in detail and "msg_" in detail


def test_an_owner_replays_a_delivery(client, tenant_a):
    delivery = DeliveryFactory(seller=tenant_a.seller)
    client.force_login(tenant_a.owner)

    response = client.post(reverse("webhook_delivery_replay", args=[delivery.pk]))

    assert response.status_code == 302
    assert Delivery.objects.get(pk=delivery.pk).state == Delivery.State.PENDING


def test_forms_refuse_a_post_without_the_csrf_token(tenant_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tenant_a.owner)

    response = add(client)

    assert response.status_code == 403 and Endpoint.objects.count() == 0


@pytest.mark.browser
def test_the_pages_work_at_360_px_and_pass_axe(app, chromium, tenant_a):
    from axe_playwright_python.sync_playwright import Axe

    from ..e2e.browser import log_in

    delivery = DeliveryFactory(seller=tenant_a.seller, state=Delivery.State.PENDING, attempts=2, last_status=500)
    DeliveryAttemptFactory(seller=tenant_a.seller, delivery=delivery, status=500, response_body="Internal error")
    pages = [
        reverse("webhooks"),
        reverse("webhook_create"),
        reverse("webhook_detail", args=[delivery.endpoint_id]),
        reverse("webhook_delivery", args=[delivery.pk]),
    ]
    found, details = [], []

    def scenario(new_page):
        page = new_page()
        page.set_viewport_size({"width": 360, "height": 740})
        log_in(page, app.url, tenant_a.owner.email)
        for path in pages:
            page.goto(app.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow:
                details.append(
                    page.evaluate(
                        "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > "
                        "document.documentElement.clientWidth).map(e => e.tagName + '.' + e.className).slice(0, 8).join(' ')"
                    )
                )
            violations = Axe().run(page).response["violations"]
            serious = [v for v in violations if v["impact"] in ("serious", "critical")]
            found.append((path, overflow, [v["id"] for v in serious]))
            details.extend(
                f"{path} {v['id']}: {n['target']} {n.get('failureSummary', '')}" for v in serious for n in v["nodes"]
            )
        page.goto(app.url + reverse("webhook_create"))
        page.fill("input[name=url]", "http://127.0.0.1:9/hooks")
        page.check("input[value='message.sent']")
        page.click("form.webhook-form button[type=submit]")
        page.wait_for_selector("text=Endpoint added")

    chromium(scenario)

    assert found == [(path, 0, []) for path in pages], details
