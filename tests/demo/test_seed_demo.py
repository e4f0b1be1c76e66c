"""`make run`'s demo seller: five weeks lived through the real pipeline against the sandbox Amazon,
so that the first screen a newcomer sees shows sends, messages blocked by opt-outs and feedback."""

import io
import re
import time
from collections import Counter

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from sp_api.auth import access_token_client

from campaigns.models import Campaign, Dispatch
from demo.models import DemoWorld
from insights.models import Feedback
from messaging.gateway import action_name
from optouts.models import BlockedBuyer, InboundMessage, OptOut, OptOutSource
from sellers.models import AmazonConnection, Seller, User
from tests.sandboxes import SandboxProcess

State = Dispatch.State
DEMO_EMAIL = "demo@feedbackhub.localhost"
# The sandbox as `make run` starts it (scripts/run.sh): Amazon's own usage plans, not a faster test pace.
MAKE_RUN_SANDBOX = {"sellers": 3, "orders": 300, "seed": 1, "rate_scale": 1.0, "optout_share": 0.15}
SEED_SECONDS = 120  # `make run` from a fresh clone must reach a populated dashboard in under three minutes


class Seeded:
    def __init__(self, amazon: SandboxProcess, output: str, seconds: float):
        self.amazon, self.output, self.seconds = amazon, output, seconds
        self.seller = Seller.objects.get(membership__user__email=DEMO_EMAIL)
        self.partner_id = AmazonConnection.objects.for_seller(self.seller).get().selling_partner_id

    def dispatches(self):
        return Dispatch.objects.for_seller(self.seller)


def seed(amazon: SandboxProcess, *args: str) -> tuple[str, float]:
    out = io.StringIO()
    started = time.perf_counter()
    call_command("seed_demo", "--sandbox", amazon.url, *args, stdout=out)
    return out.getvalue(), time.perf_counter() - started


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo seeded once for the module, committed (the tests only read it), then flushed."""
    amazon = SandboxProcess(**MAKE_RUN_SANDBOX)
    overrides = override_settings(
        SPAPI_ENDPOINT_OVERRIDE=amazon.url, LWA_TOKEN_URL_OVERRIDE=f"{amazon.url}/auth/o2/token"
    )
    overrides.enable()
    access_token_client.cache.clear()
    try:
        with django_db_blocker.unblock():
            try:
                output, seconds = seed(amazon)
                print(f"\nseed_demo lived the demo's history in {seconds:.1f} s\n{output}")
                yield Seeded(amazon, output, seconds)
            finally:
                call_command("flush", interactive=False, verbosity=0)
    finally:
        overrides.disable()
        access_token_client.cache.clear()
        amazon.stop()


def figure(page: str, testid: str) -> int:
    match = re.search(rf'data-testid="{testid}"[^>]*>([\d,]+)<', page)
    assert match, f"no {testid} on the page"
    return int(match.group(1).replace(",", ""))


@pytest.mark.django_db
def test_the_demo_dashboard_shows_sends_messages_blocked_by_opt_outs_and_feedback(demo, client):
    client.force_login(User.objects.get(email=DEMO_EMAIL))
    page = client.get(reverse("dashboard") + "?days=30").content.decode()

    assert figure(page, "stat-sent") > 50
    assert figure(page, "stat-blocked") > 0
    assert 'data-testid="outcomes-chart"' in page
    assert 'data-testid="optouts-chart"' in page
    assert 'data-testid="get-started"' not in page
    assert Feedback.objects.filter(seller=demo.seller).exists()
    assert 'data-testid="feedback-alert"' in page  # some of it negative: what the alerts are for


@pytest.mark.django_db
def test_every_message_the_demo_sent_went_through_the_outbox_to_the_sandbox_amazon(demo):
    messages = demo.amazon.messages(demo.partner_id)
    sent = demo.dispatches().filter(state=State.SENT)

    # One message at Amazon for each dispatch marked sent, and none else: nothing was written as sent.
    assert Counter((m["order_id"], m["kind"]) for m in messages) == Counter(
        (order_id, action_name(kind)) for order_id, kind in sent.values_list("order__amazon_order_id", "kind")
    )
    assert all(d.amazon_response_id or d.attempts for d in sent)
    # Amazon's clock was the demo's: the messages went out over the five weeks, not all at the end.
    days = {m["at"][:10] for m in messages}
    assert len(days) >= 20


@pytest.mark.django_db
def test_the_demo_seller_has_two_active_campaigns_each_of_which_sent(demo):
    active = Campaign.objects.for_seller(demo.seller).filter(state=Campaign.State.ACTIVE)

    assert active.count() == 2
    for campaign in active:
        assert demo.dispatches().filter(campaign=campaign, state=State.SENT).exists(), campaign.name


@pytest.mark.django_db
def test_amazons_opt_out_notices_came_in_by_mail_and_later_requests_to_those_buyers_were_blocked(demo):
    undelivered = [m for m in demo.amazon.messages(demo.partner_id) if not m["delivered"]]
    notices = InboundMessage.objects.filter(seller=demo.seller)

    assert undelivered, "Amazon blocked no message: the demo shows no opt-out"
    assert notices.count() == len(undelivered)
    assert OptOut.objects.filter(source=OptOutSource.AMAZON_NOTICE).count() > 0
    assert demo.dispatches().filter(state=State.BLOCKED_OPTOUT).exists()


@pytest.mark.django_db
def test_the_demo_seller_blocked_a_buyer_and_that_buyer_got_no_review_request(demo):
    blocked = BlockedBuyer.objects.filter(seller=demo.seller).get()
    later = demo.dispatches().filter(order__buyer_key=blocked.buyer_key, created_at__gt=blocked.created_at)

    assert later.exists(), "the blocked buyer ordered nothing after: the blocklist shows nothing"
    assert set(later.values_list("state", flat=True)) == {State.BLOCKED_SELLER}


@pytest.mark.django_db
def test_living_the_demo_takes_well_under_the_three_minutes_make_run_has(demo):
    assert demo.seconds < SEED_SECONDS, demo.output
    assert DemoWorld.objects.get(seller=demo.seller).seeded_at is not None
