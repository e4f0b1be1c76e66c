"""Campaigns through the API: read with the campaign list's counts; activate and pause as the buttons do."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.models import Campaign, Dispatch
from insights import rollups
from insights.selectors import campaigns_with_counts

from ..factories import CampaignFactory, MessageTemplateFactory
from ..insights.dashboard_world import World
from .conftest import is_problem

CAMPAIGNS = reverse("api:campaigns")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def test_the_counts_are_the_campaign_lists(api_a, tenant_a):
    world = World(tenant_a.seller, now=NOW)
    world.dispatch(Dispatch.State.SENT, ago=timedelta(hours=3))
    world.dispatch(Dispatch.State.BLOCKED_OPTOUT, ago=timedelta(hours=2))
    world.dispatch(Dispatch.State.SCHEDULED, ago=-timedelta(hours=2), campaign=world.delivery)
    rollups.refresh(NOW)
    page = {c.name: (c.scheduled_count, c.sent_count, c.blocked_count) for c in campaigns_with_counts(tenant_a.seller)}

    rows = api_a.get(CAMPAIGNS).json()["results"]

    assert {r["name"]: (r["scheduled"], r["sent"], r["blocked"]) for r in rows} == page
    assert page["Review request"] == (0, 1, 1) and page["Delivery slots"] == (1, 0, 0)


def test_archived_campaigns_are_listed_only_when_asked_for(api_a, tenant_a):
    CampaignFactory(seller=tenant_a.seller, name="Old", state=Campaign.State.ARCHIVED)

    default = [r["name"] for r in api_a.get(CAMPAIGNS).json()["results"]]
    asked = [r["name"] for r in api_a.get(CAMPAIGNS, {"include_archived": "true"}).json()["results"]]

    assert "Old" not in default and "Old" in asked


def test_campaigns_page_by_cursor_in_priority_order(api_a, tenant_a):
    for n in range(5):
        CampaignFactory(seller=tenant_a.seller, name=f"P{n}", priority=n)

    first = api_a.get(CAMPAIGNS, {"limit": 3}).json()
    second = api_a.get(CAMPAIGNS, {"limit": 3, "cursor": first["next_cursor"]}).json()

    # Every new seller also has the starter draft, at the default priority (100).
    names = [r["name"] for r in first["results"] + second["results"]]
    assert names == ["P0", "P1", "P2", "P3", "P4", services.STARTER_NAME]
    assert second["next_cursor"] == ""


def test_activating_a_ready_campaign_makes_it_active(api_a, tenant_a):
    campaign = CampaignFactory(seller=tenant_a.seller, kind="review_request", state=Campaign.State.DRAFT)

    response = api_a.post(reverse("api:campaign_activate", args=[campaign.pk]))

    campaign.refresh_from_db()
    assert response.status_code == 200 and response.json()["state"] == "active"
    assert campaign.state == Campaign.State.ACTIVE and campaign.activated_at is not None


def test_activation_is_refused_with_the_reasons_the_page_gives(api_a, tenant_a):
    campaign = CampaignFactory(seller=tenant_a.seller, kind="confirm_delivery", default_language="en")
    MessageTemplateFactory(seller=tenant_a.seller, campaign=campaign, language="de", body="Hallo {{ order_id }}")

    response = api_a.post(reverse("api:campaign_activate", args=[campaign.pk]))

    assert is_problem(response, 422)
    assert [e["detail"] for e in response.json()["errors"]] == services.activation_problems(campaign)
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DRAFT


def test_pausing_an_active_campaign_pauses_it(api_a, tenant_a):
    campaign = CampaignFactory(seller=tenant_a.seller, state=Campaign.State.ACTIVE)

    response = api_a.post(reverse("api:campaign_pause", args=[campaign.pk]))

    campaign.refresh_from_db()
    assert response.json()["state"] == "paused" and campaign.state == Campaign.State.PAUSED


@pytest.mark.parametrize("state", [Campaign.State.DRAFT, Campaign.State.PAUSED, Campaign.State.ARCHIVED])
def test_only_an_active_campaign_can_be_paused(api_a, tenant_a, state):
    campaign = CampaignFactory(seller=tenant_a.seller, state=state)

    response = api_a.post(reverse("api:campaign_pause", args=[campaign.pk]))

    assert is_problem(response, 422)
