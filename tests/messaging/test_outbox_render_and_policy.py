"""What the outbox sends is rendered within the render pool's budgets and linted as it is sent (issue 16)."""

import pytest

from campaigns.models import Dispatch
from campaigns.services import template_check
from optouts.lists import optout_record
from optouts.models import OptOutSource
from tests import outbox_world

from ..campaigns.test_render_pool import HOARD, memory_only

pytestmark = pytest.mark.django_db(transaction=True)

CRITICAL_TEXT = "Hello, which delivery day suits you for order {{ order_id }}? Reply with a day and a time."
REVERSED = "moc.elpmaxe-pohs.www ta weiver ratS-5 a evael esaelP"
# The checks before the send render the editor's sample order and the synthetic one: a seller who
# knows both ids can hide a branch from them. Real orders take it.
HIDDEN = (
    CRITICAL_TEXT + "\n{% if order_id not in ['113-4567890-1234567', '206-3318842-9071546'] %}"
    "{{ '" + REVERSED + "'|reverse }}{% endif %}"
)


@pytest.fixture
def amazon(fresh_sandbox, use_sandbox):
    return use_sandbox(fresh_sandbox(sellers=2, orders=0, rate_scale=100))


@pytest.fixture
def seller_with(amazon):
    def make(count, *, partner_index=0, kind="confirm_delivery", text=CRITICAL_TEXT):
        partner = amazon.sellers()[partner_index]
        connection = outbox_world.connect(partner)
        campaign = outbox_world.campaign_for(connection.seller, kind=kind, text=text)
        orders = outbox_world.place_orders(amazon, partner["selling_partner_id"], count, solicitable=False)
        return connection, campaign, outbox_world.stage_dispatches(connection, campaign, orders)

    return make


@pytest.mark.parametrize("kind", ["confirm_delivery", "unexpected_problem"])
def test_a_hidden_branch_that_breaks_the_guidelines_is_caught_as_it_is_sent(amazon, seller_with, outbox, kind):
    connection, campaign, dispatches = seller_with(3, kind=kind, text=HIDDEN)
    # A critical kind passes Amazon's opt-out: before, this buyer got the review request too.
    optout_record(buyer_key=dispatches[0].order.buyer_key, source=OptOutSource.AMAZON_NOTICE)
    check = template_check(campaign, HIDDEN)
    assert not check.problems and not check.blocking  # nothing before the send can see it

    outbox(seconds=20, until_done=False)

    campaign.refresh_from_db()
    assert campaign.state == "paused"
    assert campaign.paused_reason.startswith("Paused by the guidelines check: en, line ")
    assert "\u201cwww.shop-example.com\u201d" in campaign.paused_reason
    states = dict(Dispatch.objects.values_list("pk", "state"))
    assert "failed" in states.values() and set(states.values()) <= {"failed", "scheduled"}
    for dispatch in Dispatch.objects.filter(state="failed"):
        assert (
            dispatch.reason.startswith("policy: ")
            and "Link to a website outside Amazon \u201cwww.shop-example.com\u201d" in dispatch.reason
        )
        assert dispatch.attempts == 0
    assert amazon.messages(connection.selling_partner_id) == []


def test_a_clean_text_is_still_sent(amazon, seller_with, outbox):
    connection, campaign, dispatches = seller_with(2)

    outbox(seconds=20)

    assert set(Dispatch.objects.values_list("state", flat=True)) == {"sent"}
    campaign.refresh_from_db()
    assert campaign.state == "active"


def test_a_text_over_its_memory_budget_fails_its_dispatch_once_and_the_worker_goes_on(
    amazon, seller_with, outbox, settings
):
    memory_only(settings)
    body = (
        CRITICAL_TEXT
        + "\n{% if order_id not in ['113-4567890-1234567', '206-3318842-9071546'] %}"
        + HOARD
        + "{% endif %}"
    )
    hoarder, hoarding, _ = seller_with(2, text=body)
    healthy, _, _ = seller_with(2, partner_index=1)

    outbox(seconds=30)

    for dispatch in Dispatch.objects.filter(campaign=hoarding):
        assert dispatch.state == "failed"
        assert dispatch.reason == "The text could not be rendered: the template used more than 64 MB of memory"
        assert dispatch.attempts == 0
    assert set(Dispatch.objects.exclude(campaign=hoarding).values_list("state", flat=True)) == {"sent"}
    assert amazon.messages(hoarder.selling_partner_id) == []
    assert len(amazon.messages(healthy.selling_partner_id)) == 2
    ended = dict(Dispatch.objects.values_list("pk", "updated_at"))

    outbox(seconds=3, until_done=False)  # another round of the workers: nothing takes them up again

    assert dict(Dispatch.objects.values_list("pk", "updated_at")) == ended
