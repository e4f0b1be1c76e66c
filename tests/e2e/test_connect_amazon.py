"""A seller connects Amazon through the (sandbox) consent page and sees their orders sync in."""

import os
import re

import pytest

from sellers.models import AmazonConnection, Order

from ..factories import MembershipFactory
from .browser import log_in

pytestmark = pytest.mark.browser


def test_a_seller_connects_amazon_and_sees_the_orders(
    app, new_page, artifacts_dir, sandbox, use_sandbox, settings, celery_worker
):
    use_sandbox(sandbox)
    settings.SYNC_REPORT_POLL_SECONDS = 1
    partner = next(p for p in sandbox.sellers() if p["region"] == "EU")
    owner = MembershipFactory(seller__name="Alpine Outfitters", user__email="owner@alpine.example.com").user
    page = new_page()

    log_in(page, app.url, owner.email)
    page.click("nav >> text=Amazon accounts")
    page.select_option("#region", "EU")
    page.click("[data-testid=connect-amazon]")

    page.wait_for_url(re.compile(r"/apps/authorize/consent"))
    page.check(f"input[value={partner['selling_partner_id']}]")
    page.screenshot(path=os.path.join(artifacts_dir, "10-amazon-consent.png"), full_page=True)
    page.click("button:has-text('Confirm')")
    page.wait_for_url(f"{app.url}/amazon/")
    assert "is connected" in page.inner_text(".flash-list")

    connection = AmazonConnection.objects.get(seller__name="Alpine Outfitters")
    for _ in range(60):
        connection.refresh_from_db()
        if connection.backfill_status == "done" and connection.last_sync_at:
            break
        page.wait_for_timeout(500)
    page.reload()
    count = int(page.inner_text("[data-testid=orders-count]").replace(",", ""))
    assert count == Order.objects.filter(connection=connection).count() > 0
    page.screenshot(path=os.path.join(artifacts_dir, "11-amazon-accounts.png"), full_page=True)

    page.click("text=View orders")
    rows = page.locator("[data-testid=order-row]")
    assert rows.count() == min(50, count)
    first_id = rows.first.locator("a").inner_text()
    page.fill("#id_q", first_id)
    page.click("button:has-text('Filter')")
    assert page.locator("[data-testid=order-row]").count() == 1
    page.click(f"text={first_id}")
    assert "Items" in page.inner_text("main")
    page.screenshot(path=os.path.join(artifacts_dir, "12-order.png"), full_page=True)
