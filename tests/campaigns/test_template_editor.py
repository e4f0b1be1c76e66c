"""The message editor as a manager uses it: a starter text to begin with, a variable picker, a live
check that explains errors and groups findings by rule, and a preview for a delivered order."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from campaigns import editor, templating
from campaigns.finding_groups import RULE_NAMES
from campaigns.models import MessageTemplate
from campaigns.policy import RULES
from campaigns.starters import starter
from campaigns.views import TemplateCheckView

from ..factories import CampaignFactory, OrderFactory

pytestmark = pytest.mark.django_db

PHONES = (
    "Hello! Which delivery day suits you for order {{ order_id }}?\n"
    "Call +1 (206) 555-0134,\n"
    "or our depot on +1 (206) 555-0199."
)


def delivered(seller, order_id, days_ago=3, **fields):
    at = timezone.now() - timedelta(days=days_ago)
    values = {
        "seller": seller,
        "amazon_order_id": order_id,
        "purchased_at": at - timedelta(days=4),
        "shipped_at": at - timedelta(days=2),
        "latest_delivery": at,
    }
    return OrderFactory(**{**values, **fields})


@pytest.fixture
def manager(client, tenant_a):
    client.force_login(tenant_a.manager)
    return client


@pytest.fixture
def campaign(tenant_a):
    return CampaignFactory(seller=tenant_a.seller, kind="confirm_delivery", name="Delivery slot")


def edit_page(client, campaign, **query):
    response = client.get(reverse("campaign_template", args=[campaign.pk]), {"language": "en", **query})
    assert response.status_code == 200
    return response


def live_check(client, campaign, body, **fields):
    return client.post(
        reverse("campaign_template_check", args=[campaign.pk]), {"language": "en", "body": body, **fields}
    )


def test_a_new_text_starts_from_our_starter_in_the_pages_language(manager, campaign):
    response = edit_page(manager, campaign, language="de")

    assert response.context["body"] == starter("confirm_delivery", "de")
    assert "starter text" in response.content.decode()


def test_a_saved_text_replaces_the_starter(manager, campaign, tenant_a):
    MessageTemplate.objects.create(
        seller=tenant_a.seller, campaign=campaign, language="en", body="Which day suits you for {{ order_id }}?"
    )

    response = edit_page(manager, campaign)

    assert response.context["body"] == "Which day suits you for {{ order_id }}?"
    assert not response.context["is_starter"]


def test_the_preview_uses_the_most_recent_delivered_order_never_a_pending_one(manager, campaign, tenant_a):
    delivered(tenant_a.seller, "111-0000001-0000001", days_ago=9)
    delivered(tenant_a.seller, "111-0000002-0000002", days_ago=2)
    OrderFactory(seller=tenant_a.seller, amazon_order_id="111-0000003-0000003", status="UNSHIPPED")
    OrderFactory(
        seller=tenant_a.seller,
        amazon_order_id="111-0000004-0000004",
        latest_delivery=timezone.now() + timedelta(days=3),
    )

    response = edit_page(manager, campaign)

    assert response.context["sample"].amazon_order_id == "111-0000002-0000002"
    assert [o.amazon_order_id for o, _ in response.context["orders"]] == ["111-0000002-0000002", "111-0000001-0000001"]
    assert "Your order 111-0000002-0000002" in response.context["check"].preview


def test_the_default_preview_order_speaks_the_texts_language_when_one_does(manager, campaign, tenant_a):
    delivered(tenant_a.seller, "302-0000001-0000001", days_ago=6, marketplace_id="A1PA6795UKMFR9")
    delivered(tenant_a.seller, "111-0000002-0000002", days_ago=1)

    response = edit_page(manager, campaign, language="de")

    assert response.context["sample"].amazon_order_id == "302-0000001-0000001"


def test_the_seller_picks_another_delivered_order_for_the_preview(manager, campaign, tenant_a):
    older = delivered(tenant_a.seller, "111-0000001-0000001", days_ago=9)
    delivered(tenant_a.seller, "111-0000002-0000002", days_ago=2)

    response = live_check(manager, campaign, "Which day suits you for {{ order_id }}?", sample=str(older.pk))

    assert "Which day suits you for 111-0000001-0000001?" in response.content.decode()


def test_a_pending_or_foreign_order_cannot_be_picked_for_the_preview(manager, campaign, tenant_a, tenant_b):
    delivered(tenant_a.seller, "111-0000002-0000002", days_ago=2)
    pending = OrderFactory(seller=tenant_a.seller, amazon_order_id="111-0000003-0000003", status="UNSHIPPED")
    foreign = delivered(tenant_b.seller, "111-0000009-0000009")

    for picked in (pending, foreign):
        page = live_check(manager, campaign, "Order {{ order_id }}: which day?", sample=str(picked.pk))
        assert "Order 111-0000002-0000002: which day?" in page.content.decode()


def test_without_a_delivered_order_the_editor_says_so(manager, campaign, tenant_a):
    OrderFactory(seller=tenant_a.seller, status="UNSHIPPED")

    page = edit_page(manager, campaign).content.decode()

    assert 'data-testid="no-delivered-orders"' in page
    assert "no delivered orders yet" in page.lower()


def test_the_live_check_explains_a_syntax_error_with_its_line_and_saves_nothing(manager, campaign):
    response = live_check(manager, campaign, "Hello,\n\nyour order {{ order_id\nWhich day suits you?")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 3, column 12" in page and "A {{ is never closed with }}." in page
    assert "Expected" not in page
    assert not MessageTemplate.objects.filter(campaign=campaign).exists()


def test_the_live_check_groups_findings_by_rule_with_a_plain_name(manager, campaign, tenant_a):
    delivered(tenant_a.seller, "111-0000002-0000002")

    page = live_check(manager, campaign, PHONES).content.decode()

    assert page.count('data-rule="phone_number"') == 1
    assert page.count("Amazon forbids phone numbers in buyer messages.") == 1
    assert "Phone number" in page and "Line 2:" in page and "Line 3:" in page
    assert "+1 (206) 555-0134" in page and "+1 (206) 555-0199" in page
    assert "phone_number" not in page.replace('data-rule="phone_number"', "")


def test_the_live_check_previews_the_text_as_typed(manager, campaign, tenant_a):
    delivered(tenant_a.seller, "111-0000002-0000002")

    page = live_check(manager, campaign, "Which delivery day suits you for {{ order_id }}?").content.decode()

    assert "Which delivery day suits you for 111-0000002-0000002?" in page
    assert "53 of Amazon's 2000 characters." in page


def test_the_live_check_is_bounded_per_member(manager, campaign, monkeypatch):
    monkeypatch.setattr(TemplateCheckView, "CHECKS_PER_MINUTE", 3)
    cache.clear()

    statuses = [live_check(manager, campaign, "Which day suits you?").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_a_text_longer_than_a_template_may_be_is_refused_without_reading_it(manager, campaign):
    page = live_check(manager, campaign, "x" * (templating.MAX_SOURCE + 1)).content.decode()

    assert "The text is longer than 20,000 characters." in page


def test_the_picker_offers_every_variable_with_its_value_for_the_preview_order(manager, campaign, tenant_a):
    delivered(tenant_a.seller, "111-0000002-0000002", total_amount="25.00", currency="USD")

    variables = {v.name: v for v in edit_page(manager, campaign).context["variables"]}

    assert set(variables) == set(templating.VARIABLES)
    assert variables["order_id"].example == "111-0000002-0000002"
    assert variables["order_total"].example == "$25.00"
    assert variables["product_title"].insert == "{{ product_title }}"


def test_a_picker_insert_renders_what_its_example_shows():
    for _name, _label, insert in editor.PICKER:
        assert templating.validate(insert) == []


def test_every_policy_rule_has_a_plain_name():
    assert sorted(RULE_NAMES) == sorted(RULES)


def test_activation_problems_name_each_broken_rule_once_per_language(tenant_a, campaign):
    MessageTemplate.objects.create(seller=tenant_a.seller, campaign=campaign, language="en", body=PHONES)

    problems = [p for p in editor.services.activation_problems(campaign) if "Phone number" in p]

    assert len(problems) == 1
    assert problems[0].startswith("English text: Phone number: Amazon forbids phone numbers")
    assert "line 2: “+1 (206) 555-0134”" in problems[0] and "line 3: “+1 (206) 555-0199”" in problems[0]


def test_a_viewer_reads_the_text_and_its_check_without_the_picker(client, tenant_a, campaign):
    client.force_login(tenant_a.viewer)

    page = edit_page(client, campaign).content.decode()

    assert "readonly" in page and 'data-testid="live-check"' in page
    assert 'id="variable-picker"' not in page and "hx-post" not in page
