import threading

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

from alerts import tasks

# The live app with its development mailbox, as the browser tests of tests/e2e use it.
from ..e2e.conftest import CHROMIUM, CHROMIUM_ARGS, app  # noqa: F401


@pytest.fixture
def deliveries(monkeypatch, django_capture_on_commit_callbacks):
    """Run what an alert queues on commit in this process, as a worker would: `with deliveries():`
    around the event; the alert ids delivered are collected in `.ids`."""

    class Deliveries:
        ids: list = []

        def __call__(self):
            return django_capture_on_commit_callbacks(execute=True)

    runner = Deliveries()
    runner.ids = []

    def deliver_now(alert_id):
        runner.ids.append(alert_id)
        tasks.deliver_alert(alert_id)

    monkeypatch.setattr(tasks.deliver_alert, "delay", deliver_now)
    return runner


def parts(message):
    """(text body, html body) of a sent EmailMultiAlternatives."""
    html = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return message.body, html[0] if html else ""


@pytest.fixture
def chromium(artifacts_dir):
    """Run `scenario(new_page)` against real Chromium. Playwright's sync API allows one instance
    per thread and tests/e2e keeps its own open for the whole session, so this app's browser
    tests drive their Chromium from a thread of their own (ORM calls in it use its own connection)."""

    def run(scenario):
        failure = []

        def drive():
            try:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    try:

                        def new_page():
                            context = browser.new_context(viewport={"width": 1280, "height": 860})
                            context.set_default_timeout(15000)
                            return context.new_page()

                        scenario(new_page)
                    finally:
                        browser.close()
            except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
                failure.append(exc)
            finally:
                connections.close_all()

        thread = threading.Thread(target=drive)
        thread.start()
        thread.join(timeout=180)
        assert not thread.is_alive(), "the browser scenario did not finish"
        if failure:
            raise failure[0]

    return run
