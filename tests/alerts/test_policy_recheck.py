"""The policy re-check: active campaigns whose text breaks today's rules are paused, and owners told why."""

import shutil
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns import policy
from campaigns import services as campaign_services
from campaigns import tasks as campaign_tasks
from campaigns.models import Campaign

from ..factories import CampaignFactory, MessageTemplateFactory
from .conftest import parts

CLEAN = "Hello, we would like to agree a delivery time for order {{ order_id }}. Which day suits you?"


@pytest.fixture
def active_campaign(tenant_a):
    def make(bodies: dict, name="Delivery check", kind="confirm_delivery", state=Campaign.State.ACTIVE):
        campaign = CampaignFactory(
            seller=tenant_a.seller,
            name=name,
            kind=kind,
            state=state,
            activated_at=timezone.now() - timedelta(days=3),
            default_language="en",
        )
        for language, body in bodies.items():
            MessageTemplateFactory(seller=tenant_a.seller, campaign=campaign, language=language, body=body)
        return campaign

    return make


def test_a_campaign_whose_text_now_breaks_a_rule_is_paused_and_the_owners_are_told_why(
    tenant_a, active_campaign, mailoutbox, deliveries
):
    # Activation refuses such a text; here it stands for a text that passed under yesterday's rules.
    campaign = active_campaign({"en": CLEAN, "de": "Hallo,\nschreiben Sie uns an hilfe@trail-shop.de, danke."})

    with deliveries():
        paused = campaign_services.campaigns_policy_recheck()

    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.PAUSED and [c.pk for c, _ in paused] == [campaign.pk]
    assert [m.to for m in mailoutbox] == [[tenant_a.owner.email]]
    assert mailoutbox[0].subject == (
        "Acme Goods: campaign “Delivery check” paused: its text breaks Amazon's guidelines"
    )
    text, html = parts(mailoutbox[0])
    assert '- de, line 2: "hilfe@trail-shop.de"' in text and "(rule: email_address)" in text
    assert "hilfe@trail-shop.de" in html
    assert "http://127.0.0.1:8000" + reverse("campaign_detail", args=[campaign.pk]) in html


def test_campaigns_that_pass_and_campaigns_not_active_are_left_alone(active_campaign, mailoutbox, deliveries):
    clean = active_campaign({"en": CLEAN})
    draft = active_campaign({"en": "Call us at +1 415 555 0100."}, name="Draft", state=Campaign.State.DRAFT)
    review_requests = active_campaign({}, name="Review requests", kind="review_request")

    with deliveries():
        assert campaign_services.campaigns_policy_recheck() == []

    assert [Campaign.objects.get(pk=c.pk).state for c in (clean, draft, review_requests)] == [
        "active",
        "draft",
        "active",
    ]
    assert mailoutbox == []


def test_a_campaign_paused_again_after_it_was_fixed_and_resumed_is_told_again(active_campaign, mailoutbox, deliveries):
    campaign = active_campaign({"en": "Visit www.trail-shop.com for tips."})
    with deliveries():
        campaign_services.campaigns_policy_recheck()
    Campaign.objects.filter(pk=campaign.pk).update(state="active", activated_at=timezone.now())

    with deliveries():
        campaign_services.campaigns_policy_recheck()
        campaign_services.campaigns_policy_recheck()

    assert len(mailoutbox) == 2


def test_the_hourly_task_rechecks_after_a_deploy_changed_the_rules_or_once_a_day(active_campaign, monkeypatch):
    checks = []
    monkeypatch.setattr(campaign_services, "campaigns_policy_recheck", lambda: checks.append(1) or [])
    now = timezone.now()

    campaign_services.campaigns_policy_recheck_if_due(now=now)
    campaign_services.campaigns_policy_recheck_if_due(now=now + timedelta(hours=1))
    assert len(checks) == 1
    monkeypatch.setattr(campaign_services, "policy_fingerprint", lambda: "rules-of-the-next-deploy")
    campaign_services.campaigns_policy_recheck_if_due(now=now + timedelta(hours=2))
    assert len(checks) == 2
    campaign_services.campaigns_policy_recheck_if_due(now=now + timedelta(hours=3))
    campaign_services.campaigns_policy_recheck_if_due(now=now + timedelta(hours=26, minutes=1))
    assert len(checks) == 3


def test_every_module_of_the_policy_package_counts_for_the_fingerprint_those_added_later_too(tmp_path, monkeypatch):
    deployed = campaign_services.policy_fingerprint()
    package = tmp_path / "policy"
    shutil.copytree(policy.__path__[0], package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(policy, "__file__", str(package / "__init__.py"))
    assert campaign_services.policy_fingerprint() == deployed  # the same files wherever they stand

    with (package / "phrases" / "delivery_details.py").open("a") as file:
        file.write("\n# a new carrier\n")
    edited = campaign_services.policy_fingerprint()
    (package / "phrases" / "apologies.py").write_text('APOLOGIES = {"en": ("sorry",)}\n')

    assert len({deployed, edited, campaign_services.policy_fingerprint()}) == 3


def test_the_task_pauses_through_the_same_service(active_campaign, deliveries, mailoutbox):
    campaign = active_campaign({"en": "Leave 5 stars and get a free gift card!"})

    with deliveries():
        campaign_tasks.recheck_campaign_policy(force=True)

    assert Campaign.objects.get(pk=campaign.pk).state == "paused" and len(mailoutbox) == 1


def test_the_campaign_keeps_why_it_was_paused_until_it_is_resumed(client, tenant_a, active_campaign, deliveries):
    campaign = active_campaign({"en": CLEAN, "de": "Hallo,\nschreiben Sie uns an hilfe@trail-shop.de, danke."})
    with deliveries():
        campaign_services.campaigns_policy_recheck()
    campaign.refresh_from_db()
    client.force_login(tenant_a.owner)

    detail = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    listed = client.get(reverse("campaigns")).content.decode()

    assert campaign.paused_reason.startswith("Paused by the guidelines check: de, line 2:")
    assert "hilfe@trail-shop.de" in campaign.paused_reason
    assert 'data-testid="paused-reason"' in detail and "hilfe@trail-shop.de" in detail
    assert "by the guidelines check" in listed

    campaign.templates.filter(language="de").update(body="Hallo,\nwann passt Ihnen die Lieferung?")
    campaign_services.campaign_activate(campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.ACTIVE and campaign.paused_reason == ""
