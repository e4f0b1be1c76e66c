"""The campaign pages: list, builder, text editor, preview and "why not?", as a manager uses them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, MessageTemplate

from ..factories import CampaignFactory, OrderFactory

pytestmark = pytest.mark.django_db

BUILDER = {
    "name": "Delivery slot",
    "kind": "confirm_delivery",
    "priority": "50",
    "default_language": "en",
    "trigger": "shipped",
    "delay_value": "2",
    "delay_unit": "hours",
    "send_days": ["0", "1", "2", "3", "4"],
    "send_from_hour": "9",
    "send_until_hour": "17",
    "fulfillment": "MERCHANT",
    "include_asins": "B0AAA\nB0BBB",
    "exclude_asins": "",
    "include_skus": "",
    "exclude_skus": "",
    "min_total": "",
    "max_total": "",
    "exclude_returned": "on",
    "exclude_cancelled": "on",
    "exclude_replaced": "on",
    "buyers": "",
    "business_orders": "",
}


def test_the_list_shows_the_sellers_campaigns_only(client, tenant_a, tenant_b):
    client.force_login(tenant_a.viewer)
    CampaignFactory(seller=tenant_b.seller, name="Not yours")

    page = client.get(reverse("campaigns")).content.decode()

    assert "Request a Review after delivery" in page
    assert "Not yours" not in page


def test_the_builder_creates_a_draft_with_every_setting(client, tenant_a):
    client.force_login(tenant_a.manager)

    response = client.post(reverse("campaign_create"), BUILDER)

    campaign = Campaign.objects.for_seller(tenant_a.seller).get(name="Delivery slot")
    assert response.status_code == 302
    assert (campaign.state, campaign.delay_minutes, campaign.send_days) == ("draft", 120, [0, 1, 2, 3, 4])
    assert campaign.include_asins == ["B0AAA", "B0BBB"]


def test_the_builder_refuses_a_contradiction_next_to_the_field(client, tenant_a):
    client.force_login(tenant_a.manager)

    response = client.post(reverse("campaign_create"), {**BUILDER, "exclude_asins": "B0AAA"})

    assert response.status_code == 200
    assert "ASIN B0AAA is both included and excluded." in response.content.decode()
    assert not Campaign.objects.for_seller(tenant_a.seller).filter(name="Delivery slot").exists()


def test_a_broken_template_is_refused_with_its_line_and_nothing_is_saved(client, tenant_a):
    client.force_login(tenant_a.manager)
    campaign = CampaignFactory(seller=tenant_a.seller, kind="confirm_delivery")

    response = client.post(
        reverse("campaign_template", args=[campaign.pk]),
        {"language": "de", "body": "Hallo,\n{% if order_id %}Bestellung {{ order_id }}"},
    )

    assert response.status_code == 400
    assert "Line 2, column 1" in response.content.decode()
    assert not MessageTemplate.objects.filter(campaign=campaign).exists()


def test_the_editor_shows_policy_findings_and_a_rendered_sample(client, tenant_a):
    client.force_login(tenant_a.manager)
    campaign = CampaignFactory(seller=tenant_a.seller, kind="confirm_delivery")
    OrderFactory(
        seller=tenant_a.seller,
        amazon_order_id="111-2223334-4445556",
        latest_delivery=timezone.now() - timedelta(days=2),
    )
    client.post(
        reverse("campaign_template", args=[campaign.pk]),
        {"language": "en", "body": "Order {{ order_id }}: which delivery day suits you? Details at www.example.com"},
    )

    page = client.get(reverse("campaign_template", args=[campaign.pk]) + "?language=en").content.decode()

    assert "Link to a website outside Amazon" in page and "www.example.com" in page
    assert "external_link" not in page.replace('data-rule="external_link"', "")
    assert "Order 111-2223334-4445556: which delivery day suits you?" in page


def test_the_preview_page_renders_counts_and_the_message(client, tenant_a):
    client.force_login(tenant_a.viewer)
    campaign = CampaignFactory(seller=tenant_a.seller, kind="confirm_delivery", trigger="shipped", delay_minutes=0)
    MessageTemplate.objects.create(
        seller=tenant_a.seller,
        campaign=campaign,
        language="en",
        body="Hello, which delivery day suits you for order {{ order_id }}?",
    )
    order = OrderFactory(seller=tenant_a.seller)
    OrderFactory(seller=tenant_a.seller, fulfillment_channel="AMAZON")
    campaign.fulfillment = "MERCHANT"
    campaign.save()

    page = client.get(reverse("campaign_preview", args=[campaign.pk]) + f"?order={order.amazon_order_id}")

    assert page.status_code == 200
    assert f"which delivery day suits you for order {order.amazon_order_id}?" in page.content.decode()
    assert "Filtered out because: fulfilment channel (1)" in page.content.decode()


def test_why_not_page_explains_an_order(client, tenant_a):
    client.force_login(tenant_a.viewer)
    order = OrderFactory(seller=tenant_a.seller, latest_delivery=None, earliest_delivery=None)

    page = client.get(reverse("campaign_why_not") + f"?order={order.amazon_order_id}").content.decode()

    assert "Request a Review after delivery" in page
    assert "Amazon has not given this order&#x27;s delivery window yet" in page


def test_activation_from_the_page_reports_what_blocks_it(client, tenant_a):
    client.force_login(tenant_a.manager)
    campaign = CampaignFactory(seller=tenant_a.seller, kind="confirm_delivery")

    response = client.post(reverse("campaign_activate", args=[campaign.pk]), follow=True)

    campaign.refresh_from_db()
    assert campaign.state == "draft"
    assert "Write the message in the fallback language" in response.content.decode()


def test_a_viewer_cannot_change_a_campaign(client, tenant_a):
    client.force_login(tenant_a.viewer)
    campaign = Campaign.objects.for_seller(tenant_a.seller).get()

    assert client.post(reverse("campaign_activate", args=[campaign.pk])).status_code == 403


def test_the_admin_order_page_explains_each_campaign(client, tenant_a):
    from ..factories import UserFactory

    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))
    order = OrderFactory(seller=tenant_a.seller, latest_delivery=None, earliest_delivery=None)

    page = client.get(reverse("admin:sellers_order_change", args=[order.pk])).content.decode()

    assert "Request a Review after delivery" in page
    assert "Amazon has not given this order&#x27;s delivery window yet" in page


def test_the_builder_starts_from_sensible_defaults(client, tenant_a):
    client.force_login(tenant_a.manager)

    form = client.get(reverse("campaign_create")).context["form"]

    assert (form["send_from_hour"].value(), form["send_until_hour"].value()) == (9, 18)
    assert form["send_days"].value() == [0, 1, 2, 3, 4, 5, 6]
    assert form["delay_value"].value() == 5 and form["delay_unit"].value() == "days"


def test_the_detail_page_counts_each_languages_problems(client, tenant_a):
    client.force_login(tenant_a.manager)
    campaign = CampaignFactory(seller=tenant_a.seller, kind="confirm_delivery")
    MessageTemplate.objects.create(
        seller=tenant_a.seller,
        campaign=campaign,
        language="en",
        body="Order {{ order_id }}: which delivery day suits you? Details at www.example.com",
    )

    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()

    assert "1 problem<" in page


def test_saving_text_in_an_unknown_language_is_refused(client, tenant_a):
    client.force_login(tenant_a.manager)
    campaign = CampaignFactory(seller=tenant_a.seller, kind="confirm_delivery")

    response = client.post(reverse("campaign_template", args=[campaign.pk]), {"language": "xx", "body": "Hello"})

    assert response.status_code == 400
    assert not MessageTemplate.objects.filter(campaign=campaign).exists()


def test_staff_can_add_a_text_through_the_campaign_admin(client, tenant_a):
    from ..factories import UserFactory

    client.force_login(UserFactory(email="staff@example.com", is_staff=True, is_superuser=True))
    campaign = CampaignFactory(seller=tenant_a.seller, kind="confirm_delivery")
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}
    data.update(
        {
            "send_days": "[0, 1, 2, 3, 4, 5, 6]",
            "marketplaces": "[]",
            "include_asins": "[]",
            "exclude_asins": "[]",
            "include_skus": "[]",
            "exclude_skus": "[]",
            "templates-TOTAL_FORMS": "1",
            "templates-INITIAL_FORMS": "0",
            "templates-MIN_NUM_FORMS": "0",
            "templates-MAX_NUM_FORMS": "1000",
            "templates-0-language": "de",
            "templates-0-body": "Hallo, wann passt Ihnen die Lieferung von {{ order_id }}?",
        }
    )
    for name in ("exclude_returned", "exclude_cancelled", "exclude_replaced", "exclude_promotions", "skip_if_messaged"):
        if not data.get(name):
            data.pop(name, None)

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert MessageTemplate.objects.get(campaign=campaign, language="de").seller == tenant_a.seller
