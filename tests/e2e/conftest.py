"""Real Chromium, driven by Playwright, against the app served by pytest-django's live server."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def app(live_server, settings, tmp_path):
    """The live app with its development mailbox in a fresh folder and links pointing at it."""
    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "common.mail.MailboxBackend"
    settings.DEV_MAILBOX_ENABLED = True
    settings.MAILBOX_DIR = tmp_path / "mailbox"
    return live_server


@pytest.fixture
def page_at(browser):
    """A page in a fresh browser context `width` px wide (a phone's height below 800 px)."""
    contexts = []

    def open_page(width):
        context = browser.new_context(viewport={"width": width, "height": 860 if width > 800 else 844})
        context.set_default_timeout(20000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def new_page(page_at, artifacts_dir):
    """A page on a laptop's screen."""
    return lambda: page_at(1280)
