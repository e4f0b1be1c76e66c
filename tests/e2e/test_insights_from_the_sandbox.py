"""The issue's finish line: the demo seller's messages go through the real outbox to the sandbox
Amazon, a buyer's 1-star feedback is put in the sandbox's feedback report, and in Chromium the
seller sees the charts drawn from those dispatches, opens the campaign's funnel and finds the alert."""

import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from campaigns.models import Dispatch
from demo.management.commands.seed_demo import DEMO_EMAIL, DEMO_SELLER
from insights import attribution, rollups
from insights.models import FeedbackAlert, FeedbackSync
from sellers.models import AmazonConnection, User

from ..factories import password_hash
from ..insights.feedback_world import leave_feedback, sync_feedback
from ..outbox_world import campaign_for, place_orders, run_outbox, stage_dispatches
from .browser import log_in
from .test_dashboard import CHART_TOTALS, PAINTED

pytestmark = pytest.mark.browser


def test_the_demo_seller_sees_real_sends_a_funnel_and_a_negative_feedback_alert(
    app, new_page, artifacts_dir, fresh_sandbox, use_sandbox, settings
):
    settings.SYNC_REPORT_POLL_SECONDS = 0
    settings.OUTBOX_RETRY_BASE_SECONDS = 0.05
    sandbox = use_sandbox(fresh_sandbox(sellers=1, orders=0, seed=5, feedback_share=0))
    call_command("seed_demo", "--sandbox", sandbox.url, stdout=open(os.devnull, "w"))
    User.objects.filter(email=DEMO_EMAIL).update(password=password_hash())  # the browser helper's password
    connection = AmazonConnection.objects.get(seller__name=DEMO_SELLER)
    seller = connection.seller
    # seed_demo fetched the feedback report already, so the demo's pages have feedback at once.
    assert FeedbackSync.objects.filter(connection=connection, covered_until__isnull=False).exists()
    campaign = campaign_for(seller)
    orders = place_orders(sandbox, connection.selling_partner_id, 6)
    stage_dispatches(connection, campaign, orders)

    run_outbox(seconds=60.0)
    sent = Dispatch.objects.filter(campaign=campaign, state=Dispatch.State.SENT).count()
    accepted = {m["order_id"] for m in sandbox.get("/_sandbox/messages")["messages"]}
    assert sent == 6 and accepted >= {o["order_id"] for o in orders}
    # The rollup trails the clock by a few minutes (late commits): run it as the next ticks would.
    a_few_minutes_later = timezone.now() + timedelta(minutes=5)
    rollups.refresh(now=a_few_minutes_later)
    rollups.recount_history(now=a_few_minutes_later)

    leave_feedback(sandbox, orders[0], 1, "Arrived broken and the seller never answered.")
    sync_feedback(connection, force=True)  # the next sync, hours later
    attribution.refresh_feedback_rates(seller)
    assert FeedbackAlert.objects.filter(seller=seller, feedback__amazon_order_id=orders[0]["order_id"]).exists()

    page = new_page()
    log_in(page, app.url, DEMO_EMAIL)
    page.wait_for_selector("[data-testid=outcomes-chart][data-drawn=true]")
    assert page.evaluate(CHART_TOTALS, "[data-testid=outcomes-chart]")["Sent"] == 6
    assert page.evaluate(PAINTED, "[data-testid=outcomes-chart]") > 1000
    assert page.inner_text("[data-testid=feedback-alert-count]") == "1 open"
    page.screenshot(path=os.path.join(artifacts_dir, "52-demo-dashboard.png"), full_page=True)

    page.goto(f"{app.url}/insights/campaigns/{campaign.pk}/")
    page.wait_for_selector("[data-testid=funnel-chart][data-drawn=true]")
    assert page.evaluate(PAINTED, "[data-testid=funnel-chart]") > 1000
    page.screenshot(path=os.path.join(artifacts_dir, "53-demo-campaign-funnel.png"), full_page=True)

    page.click("nav >> text=Feedback")
    alert = page.locator("[data-testid=feedback-alert]")
    assert alert.count() == 1 and "Arrived broken" in alert.inner_text()
    assert alert.get_attribute("data-order") == orders[0]["order_id"]
    page.screenshot(path=os.path.join(artifacts_dir, "54-demo-feedback-alert.png"), full_page=True)
