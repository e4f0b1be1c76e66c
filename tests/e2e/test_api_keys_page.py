"""An owner on a phone (360 px) creates an API key, uses it, and revokes it, in Chromium."""

import os

import httpx
import pytest

from .browser import log_in, serious_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}


def test_an_owner_creates_uses_and_revokes_a_key_on_a_phone(app, browser, artifacts_dir, tenant_a):
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(15000)
    page = context.new_page()
    log_in(page, app.url, tenant_a.owner.email)

    page.goto(f"{app.url}/team/")
    page.get_by_role("link", name="API keys").click()
    page.get_by_label("Name").fill("Helpdesk sync")
    page.get_by_label("Read and write", exact=False).check()
    page.get_by_role("button", name="Create key").click()
    key = page.get_by_test_id("new-key-value").input_value()
    page.screenshot(path=os.path.join(artifacts_dir, "api-keys-new-key-360.png"), full_page=True)

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []
    used = httpx.get(f"{app.url}/api/v1/key/", headers={"Authorization": f"Bearer {key}"})
    assert used.status_code == 200 and used.json()["scope"] == "write"

    page.goto(f"{app.url}/settings/api-keys/")
    assert key not in page.content()
    page.get_by_role("button", name="Revoke the key Helpdesk sync").click()
    page.get_by_text("is revoked").wait_for()
    page.screenshot(path=os.path.join(artifacts_dir, "api-keys-revoked-360.png"), full_page=True)

    refused = httpx.get(f"{app.url}/api/v1/key/", headers={"Authorization": f"Bearer {key}"})
    assert refused.status_code == 401
    context.close()
