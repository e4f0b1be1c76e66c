"""Steps and checks several browser tests share."""

import re

from axe_playwright_python.sync_playwright import Axe

from ..factories import PASSWORD


def log_in(page, base_url: str, email: str) -> None:
    """Log in through the real login form with the factories' password."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def settled(page) -> None:
    """Wait until the page is quiet. The message log learns a new viewer's time zone from the
    browser and reloads once when it has (static/js/time_zone.js): act after that, not during it."""
    page.wait_for_load_state("networkidle")


def serious_violations(page, selector: str = "main") -> list:
    """axe-core's serious and critical findings inside `selector` (the page's own content by
    default; the frame around it has its own walk, tests/e2e/test_any_screen.py)."""
    found = Axe().run(page, context={"include": [[selector]]}).response["violations"]
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def page_fits(page, width: int) -> bool:
    """Nothing makes the page scroll sideways at this width."""
    return page.evaluate("document.documentElement.scrollWidth") <= width


def content_fits(page, selector: str) -> bool:
    """The element's content fits its width (a table scrolls inside its card, never the page)."""
    return page.eval_on_selector(selector, "el => el.scrollWidth <= el.clientWidth + 1")


def approve_on_amazon(page, partner: dict) -> None:
    """From the Amazon accounts page: Connect Amazon, and approve the partner on the sandbox's
    consent page, as a seller does in Seller Central."""
    page.select_option("#region", partner["region"])
    page.click("[data-testid=connect-amazon]")
    page.wait_for_url(re.compile(r"/apps/authorize/consent"))
    page.check(f"input[value={partner['selling_partner_id']}]")
    page.click("button:has-text('Confirm')")
