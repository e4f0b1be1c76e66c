"""Steps several browser tests share."""

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
