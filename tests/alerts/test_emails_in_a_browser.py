"""In real Chromium: the emails as a mail client shows them, the unsubscribe link, the preferences page.
Screenshots land in the test artifacts (alerts-*.png)."""

import os
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from alerts import services, tasks
from alerts.kinds import Kind
from insights.events import negative_feedback_found
from insights.models import FeedbackAlert
from sellers import services as seller_services
from sellers.models import AmazonConnection, Membership

from ..e2e.browser import log_in
from ..factories import (
    AmazonConnectionFactory,
    CampaignFactory,
    DispatchFactory,
    FeedbackAlertFactory,
    FeedbackFactory,
    MembershipFactory,
    OrderFactory,
)

pytestmark = pytest.mark.browser


def mailbox() -> list:
    files = sorted(Path(django_settings.MAILBOX_DIR).glob("*.eml"))
    return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in files]


def html_of(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def raise_and_deliver(**alert):
    tasks.enqueue_delivery(services.alert_raise(**alert))


@pytest.fixture
def owner(app, monkeypatch):
    monkeypatch.setattr(tasks.deliver_alert, "delay", lambda alert_id: tasks.deliver_alert(alert_id))
    return MembershipFactory(seller__name="Summit Supplies", user__email="owner@summit.example.com")


def test_an_alert_email_its_unsubscribe_link_and_the_preferences_page(app, owner, chromium, artifacts_dir):
    connection = AmazonConnectionFactory(seller=owner.seller, store_name="Summit EU", region="EU")
    seller_services.connection_needs_reauthorization(
        connection, reason="Amazon answered invalid_grant: the seller revoked our app's authorization."
    )
    (email,) = mailbox()

    def unsubscribe_from_the_email(new_page):
        page = new_page()
        page.set_content(html_of(email))
        page.screenshot(path=os.path.join(artifacts_dir, "alerts-01-reauthorization-email.png"), full_page=True)
        page.click("text=Unsubscribe from")
        assert "Unsubscribe?" in page.inner_text("main")
        page.screenshot(path=os.path.join(artifacts_dir, "alerts-02-unsubscribe-confirm.png"), full_page=True)
        page.click("button:has-text('Unsubscribe')")
        assert "gets no more" in page.inner_text("[data-testid=unsubscribe-done]")
        page.screenshot(path=os.path.join(artifacts_dir, "alerts-03-unsubscribed.png"), full_page=True)

        log_in(page, app.url, owner.user.email)
        page.click("text=Email notifications")
        assert not page.is_checked("#kind-reauthorization") and page.is_checked("#kind-quota")
        page.check("#digest-daily")
        page.click("button:has-text('Save')")
        assert "Your email choices are saved." in page.inner_text("main")
        page.screenshot(path=os.path.join(artifacts_dir, "alerts-04-preferences.png"), full_page=True)

    chromium(unsubscribe_from_the_email)

    owner = Membership.objects.get(pk=owner.pk)
    assert not services.is_subscribed(owner, Kind.REAUTHORIZATION) and services.current_digest(owner) == "daily"


def test_every_kind_of_email_renders_as_a_finished_page(app, owner, chromium, artifacts_dir):
    seller = owner.seller
    services.preferences_save(
        membership=owner, digest="daily", enabled={"campaign_paused", "quota", "negative_feedback"}
    )
    connection = AmazonConnectionFactory(seller=seller, store_name="Summit US")
    order = OrderFactory(seller=seller, connection=connection, amazon_order_id="113-4455667-7889900")
    feedback = FeedbackFactory(
        seller=seller,
        connection=connection,
        order=order,
        rating=1,
        amazon_order_id=order.amazon_order_id,
        left_on=timezone.now().date(),
        comment="The bottle leaked in my bag on the first day. Very disappointed.",
    )
    negative_feedback_found.send(sender=FeedbackAlert, alerts=[FeedbackAlertFactory(seller=seller, feedback=feedback)])
    campaign = CampaignFactory(seller=seller, name="Delivery appointment", kind="confirm_delivery", state="paused")
    raise_and_deliver(
        seller=seller,
        kind=Kind.CAMPAIGN_PAUSED,
        key="example",
        context={
            "campaign_id": str(campaign.pk),
            "campaign": campaign.name,
            "findings": [
                {
                    "language": "de",
                    "rule": "email_address",
                    "line": 3,
                    "text": "hilfe@summit-shop.de",
                    "message": "Amazon forbids email addresses in buyer messages; buyers reply through Amazon.",
                }
            ],
        },
    )
    raise_and_deliver(
        seller=seller,
        kind=Kind.QUOTA,
        key="example",
        context={
            "month": "2026-03",
            "used": 9120,
            "quota": 10000,
            "percent": 91,
            "threshold": 90,
            "resets_on": "2026-04-01",
        },
    )
    for state in ["sent"] * 6 + ["blocked_optout", "ineligible", "failed"]:
        DispatchFactory(
            seller=seller,
            campaign=campaign,
            state=state,
            finished_at=timezone.now() - timedelta(days=1),
            reason="Amazon refused it: the order is too old" if state == "failed" else "",
        )
    AmazonConnectionFactory(
        seller=seller,
        store_name="Summit JP",
        region="FE",
        status=AmazonConnection.Status.NEEDS_REAUTH,
        status_reason="Expired.",
    )
    tasks.build_digest(str(seller.pk), "daily")
    emails = [html_of(message) for message in mailbox()]
    assert len(emails) == 4

    def show(new_page):
        page = new_page()
        for number, html in enumerate(emails, start=5):
            page.set_content(html)
            assert "Summit Supplies" in page.inner_text("body")
            page.screenshot(path=os.path.join(artifacts_dir, f"alerts-{number:02d}-email.png"), full_page=True)

    chromium(show)
