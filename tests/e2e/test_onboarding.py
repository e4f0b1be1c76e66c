"""A new seller signs up, verifies the email, creates a seller and brings in a teammate."""

import os
import re

import pytest

from sellers.models import Membership, Role

from ..factories import PASSWORD

pytestmark = pytest.mark.browser


def shot(page, artifacts_dir, name):
    page.screenshot(path=os.path.join(artifacts_dir, f"{name}.png"), full_page=True)


def sign_up_and_verify(page, base, email):
    page.goto(f"{base}/accounts/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    page.goto(f"{base}/_dev/mailbox/")
    mail = page.locator("[data-testid=mail]", has_text=email).filter(has_text="Confirm").first
    mail.locator("a[href*='/accounts/confirm-email/']").click()
    page.click("button[type=submit]")


def open_link_from_mailbox(page, base, email, href_part):
    page.goto(f"{base}/_dev/mailbox/")
    link = page.locator("[data-testid=mail]", has_text=email).locator(f"a[href*='{href_part}']").first
    link.click()


def test_a_new_seller_signs_up_creates_a_seller_and_a_teammate_joins(app, new_page, artifacts_dir):
    base = app.url
    owner = new_page()

    sign_up_and_verify(owner, base, "founder@example.com")
    owner.wait_for_url(re.compile(r"/sellers/new/$"))
    shot(owner, artifacts_dir, "01-create-seller")
    owner.fill("input[name=name]", "Trailhead Gear")
    owner.click("button:has-text('Create seller')")
    owner.wait_for_url(f"{base}/")
    assert owner.locator("[data-testid=current-seller]").inner_text().startswith("Trailhead Gear")
    shot(owner, artifacts_dir, "02-dashboard")

    owner.click("nav >> text=Team and settings")
    owner.fill("input[name=email]", "teammate@example.com")
    owner.select_option("#id_role", "manager")
    owner.click("button:has-text('Send invitation')")
    assert owner.locator("[data-testid=invitation]").inner_text().startswith("teammate@example.com")
    shot(owner, artifacts_dir, "03-team-invited")

    teammate = new_page()
    open_link_from_mailbox(teammate, base, "teammate@example.com", "/invitations/")
    teammate.wait_for_url(re.compile(r"/accounts/login/"))
    sign_up_and_verify(teammate, base, "teammate@example.com")
    open_link_from_mailbox(teammate, base, "teammate@example.com", "/invitations/")
    shot(teammate, artifacts_dir, "04-invitation")
    teammate.click("button:has-text('Accept invitation')")
    teammate.wait_for_url(f"{base}/")

    seller_box = teammate.locator("[data-testid=current-seller]").inner_text()
    assert "Trailhead Gear" in seller_box and "manager" in seller_box.lower()
    shot(teammate, artifacts_dir, "05-teammate-dashboard")
    assert Membership.objects.get(user__email="teammate@example.com").role == Role.MANAGER
