"""Every page works on a phone and passes axe-core: a seller busy enough that each page has real
content, walked in Chromium at phone and laptop widths.

The walk takes its URLs from the URLconf (tests/e2e/pages.py), so a page added later is covered
the day it is added. Screenshots of the main pages at both widths land in TEST_ARTIFACTS_DIR.
"""

import os
import time
from urllib.parse import urlencode

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.urls import reverse

from ..factories import PASSWORD, MembershipFactory
from .browser import log_in
from .pages import OWNER_EMAIL, a_busy_seller, public_pages, seller_pages

pytestmark = pytest.mark.browser

PHONE, SMALL_PHONE, LAPTOP = 390, 360, 1280
# The pages a seller spends their time on, and the entrance.
MAIN_PAGES = [
    "dashboard",
    "amazon_accounts",
    "orders",
    "order_detail",
    "campaign_why_not",
    "campaigns",
    "campaign_create",
    "campaign_template",
    "campaign_detail",
    "campaign_preview",
    "campaign_insights",
    "messages",
    "message_order_timeline",
    "feedback",
    "optouts",
    "team",
    "seller_settings",
    "mfa_index",
]
PUBLIC_MAIN_PAGES = ["account_login", "account_signup", "account_reset_password"]
SERIOUS = ("serious", "critical")

# What sticks out past the right edge of the window, widest first, for the failure message.
WIDER_THAN_THE_WINDOW = """() => {
  const width = window.innerWidth, found = [];
  const clipped = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 0.5 && box.width > 0 && !clipped(el)) {
      let name = el.tagName.toLowerCase();
      if (el.id) name += "#" + el.id;
      if (el.classList.length) name += "." + [...el.classList].join(".");
      found.push([Math.round(box.right), name]);
    }
  }
  found.sort((a, b) => b[0] - a[0]);
  return found.slice(0, 4).map(([right, name]) => `${name} reaches ${right}px`);
}"""


def _context(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 860 if width >= 1000 else 844})
    context.set_default_timeout(15000)
    return context


def _overflow(page, url, width) -> str | None:
    page.goto(url)
    page.wait_for_load_state("load")
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll_width <= inner_width:
        return None
    return f"{url} at {width}px is {scroll_width}px wide: " + "; ".join(page.evaluate(WIDER_THAN_THE_WINDOW))


def test_no_page_a_seller_reaches_is_wider_than_a_phone(app, browser):
    busy = a_busy_seller()
    pages, unwalked = seller_pages(busy, Client())
    assert unwalked == [], "pages the walk could not open:\n" + "\n".join(unwalked)
    walked = {page.name for page in pages}
    assert set(MAIN_PAGES) <= walked, f"main pages missing from the walk: {set(MAIN_PAGES) - walked}"
    entrance = public_pages(Client())
    assert set(PUBLIC_MAIN_PAGES) <= {page.name for page in entrance}

    too_wide = []
    for width in (PHONE, SMALL_PHONE):
        context = _context(browser, width)
        page = context.new_page()
        too_wide += [problem for p in entrance if (problem := _overflow(page, app.url + p.url, width))]
        log_in(page, app.url, OWNER_EMAIL)
        page.wait_for_url(f"{app.url}/")
        too_wide += [problem for p in pages if (problem := _overflow(page, app.url + p.url, width))]
        context.close()

    assert too_wide == [], f"{len(too_wide)} pages scroll sideways:\n" + "\n".join(too_wide)


def _main_urls(busy) -> dict[str, str]:
    pages, _ = seller_pages(busy, Client())
    urls = {page.name: page.url for page in pages if page.name in MAIN_PAGES}
    order_id = busy.objects["Order"].amazon_order_id
    urls["campaign_why_not"] = reverse("campaign_why_not") + "?" + urlencode({"order": order_id})
    return urls


def _serious_findings(page, label) -> list[str]:
    findings = []
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
            findings.append(f"{label}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return findings


def test_the_main_pages_pass_axe_at_both_widths_and_leave_screenshots(app, browser, artifacts_dir):
    busy = a_busy_seller()
    urls = _main_urls(busy)
    public = {name: reverse(name) for name in PUBLIC_MAIN_PAGES}

    findings = []
    for width in (LAPTOP, PHONE):
        context = _context(browser, width)
        page = context.new_page()
        for name, url in public.items():
            page.goto(app.url + url)
            page.screenshot(path=os.path.join(artifacts_dir, f"screen-{width}-{name}.png"), full_page=True)
            findings += _serious_findings(page, f"{name} at {width}px")
        log_in(page, app.url, OWNER_EMAIL)
        page.wait_for_url(f"{app.url}/")
        for name in MAIN_PAGES:
            page.goto(app.url + urls[name])
            page.wait_for_load_state("load")
            page.screenshot(path=os.path.join(artifacts_dir, f"screen-{width}-{name}.png"), full_page=True)
            findings += _serious_findings(page, f"{name} at {width}px")
        context.close()

    assert findings == [], f"{len(findings)} serious or critical axe findings:\n" + "\n".join(findings)


def test_on_a_phone_the_menu_button_opens_and_closes_the_navigation(app, browser, artifacts_dir):
    owner = MembershipFactory(seller__name="Demo Outdoor Co.").user
    context = _context(browser, PHONE)
    page = context.new_page()
    log_in(page, app.url, owner.email)
    page.wait_for_url(f"{app.url}/")
    nav, button = page.get_by_role("navigation", name="Main"), page.get_by_role("button", name="Menu")
    assert nav.is_hidden() and button.get_attribute("aria-expanded") == "false"

    button.click()

    assert nav.is_visible() and button.get_attribute("aria-expanded") == "true"
    page.screenshot(path=os.path.join(artifacts_dir, f"screen-{PHONE}-menu-open.png"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('app-menu').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert nav.is_hidden() and button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('menu-button')")
    context.close()


def test_on_a_laptop_the_navigation_is_always_there(app, browser):
    owner = MembershipFactory().user
    context = _context(browser, LAPTOP)
    page = context.new_page()
    log_in(page, app.url, owner.email)
    page.wait_for_url(f"{app.url}/")

    assert page.get_by_role("navigation", name="Main").is_visible()
    assert page.get_by_role("button", name="Menu").is_hidden()
    context.close()


def test_without_javascript_a_phone_shows_the_navigation_open(app, browser):
    owner = MembershipFactory().user
    context = browser.new_context(viewport={"width": PHONE, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    log_in(page, app.url, owner.email)
    page.wait_for_url(f"{app.url}/")

    assert page.get_by_role("navigation", name="Main").is_visible()
    assert page.get_by_role("button", name="Menu").is_hidden()
    context.close()


def _user_with_two_factors(email):
    user = MembershipFactory(user__email=email).user
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return user, secret


def test_the_two_factor_and_recovery_code_pages_have_the_apps_look_and_pass_axe(app, browser, artifacts_dir):
    findings = []
    for width in (LAPTOP, PHONE):
        # One user per width: a code is good once, and both logins fall in the same 30 seconds.
        user, secret = _user_with_two_factors(f"secure-{width}@example.com")
        context = _context(browser, width)
        page = context.new_page()
        log_in(page, app.url, user.email)
        page.wait_for_url("**/2fa/authenticate/")
        page.screenshot(path=os.path.join(artifacts_dir, f"screen-{width}-mfa_authenticate.png"), full_page=True)
        findings += _serious_findings(page, f"mfa_authenticate at {width}px")
        page.fill("input[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
        page.click("button[type=submit]")
        page.wait_for_url(f"{app.url}/")

        page.goto(app.url + reverse("mfa_view_recovery_codes"))  # asks for the password again first
        page.wait_for_url("**/reauthenticate/**")
        page.screenshot(path=os.path.join(artifacts_dir, f"screen-{width}-account_reauthenticate.png"), full_page=True)
        findings += _serious_findings(page, f"account_reauthenticate at {width}px")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/recovery-codes/")

        codes = page.get_by_label("Unused codes")
        assert codes.is_visible() and len(codes.input_value().split()) == 10
        assert page.locator(".card, .field").count() and page.locator("a.btn, button.btn").count() >= 2
        page.screenshot(path=os.path.join(artifacts_dir, f"screen-{width}-mfa_view_recovery_codes.png"), full_page=True)
        findings += _serious_findings(page, f"mfa_view_recovery_codes at {width}px")
        page.goto(app.url + reverse("mfa_index"))
        page.screenshot(path=os.path.join(artifacts_dir, f"screen-{width}-mfa_index-active.png"), full_page=True)
        findings += _serious_findings(page, f"mfa_index (active) at {width}px")
        assert page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")[0] <= width
        context.close()

    assert findings == [], "\n".join(findings)
