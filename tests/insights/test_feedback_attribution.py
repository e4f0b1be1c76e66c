"""Attribution and the honest measure, on a small world built by hand whose numbers we can count."""

from datetime import UTC, date, datetime

import pytest

from campaigns.models import Dispatch
from insights.attribution import (
    attributions,
    feedback_rates,
    feedback_rates_for_periods,
    refresh_feedback_rates,
)
from insights.models import Feedback, FeedbackRateDay

from ..factories import (
    AmazonConnectionFactory,
    CampaignFactory,
    DispatchFactory,
    FeedbackFactory,
    OrderFactory,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
OCTOBER = {"since": date(2026, 10, 1), "until": date(2026, 11, 1)}


def at(month, day, hour=9):
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


class World:
    """Orders placed in October 2026, two campaigns (a review request and a message), their
    sends and the buyers' feedback; numbers in the comments are what the measure must count."""

    def __init__(self, seller):
        self.seller = seller
        self.connection = AmazonConnectionFactory(seller=seller)
        self.requests = CampaignFactory(seller=seller, name="Review request")
        self.delivery = CampaignFactory(seller=seller, name="Delivery check", kind="confirm_delivery")
        self.orders = {}

    def order(self, name, placed, *, status="SHIPPED"):
        self.orders[name] = OrderFactory(
            seller=self.seller, connection=self.connection, purchased_at=placed, status=status
        )
        return self.orders[name]

    def sent(self, name, campaign, when, state=Dispatch.State.SENT):
        return DispatchFactory(
            seller=self.seller, campaign=campaign, order=self.orders[name], state=state, finished_at=when
        )

    def feedback(self, name, rating, left_on, **extra):
        order = self.orders[name]
        return FeedbackFactory(
            seller=self.seller,
            connection=self.connection,
            order=order,
            amazon_order_id=order.amazon_order_id,
            rating=rating,
            left_on=left_on,
            **extra,
        )


@pytest.fixture
def world(tenant_a):
    w = World(tenant_a.seller)
    w.order("late-complaint", at(10, 1))
    w.sent("late-complaint", w.requests, at(10, 10))
    w.feedback("late-complaint", 2, date(2026, 10, 12))  # after the request: counts
    w.order("early-complaint", at(10, 2))
    w.sent("early-complaint", w.requests, at(10, 10))
    w.feedback("early-complaint", 3, date(2026, 10, 8))  # before the request: counts for nothing
    w.order("quiet", at(10, 2))
    w.sent("quiet", w.requests, at(10, 11))
    w.order("same-day", at(10, 3))
    w.sent("same-day", w.delivery, at(10, 12, 23))
    w.feedback("same-day", 1, date(2026, 10, 12))  # the message's own day counts
    w.order("both", at(10, 4))
    w.sent("both", w.delivery, at(10, 13))
    w.sent("both", w.requests, at(10, 15))
    w.feedback("both", 2, date(2026, 10, 14))  # after the delivery message, before the request
    w.order("unasked-unhappy", at(10, 5))
    w.feedback("unasked-unhappy", 3, date(2026, 10, 20))
    w.order("unasked-1", at(10, 5))
    w.order("unasked-2", at(10, 6))
    w.order("failed-send", at(10, 7))
    w.sent("failed-send", w.requests, at(10, 16), state=Dispatch.State.FAILED)  # never messaged
    w.feedback("failed-send", 1, date(2026, 10, 20), removed_at=NOW)  # Amazon no longer lists it
    w.order("cancelled", at(10, 8), status="CANCELLED")
    w.feedback("cancelled", 1, date(2026, 10, 9))
    w.order("november", at(11, 2))
    w.sent("november", w.requests, at(11, 9))
    w.feedback("november", 1, date(2026, 11, 10))
    refresh_feedback_rates(w.seller, now=NOW)
    return w


def test_messaged_orders_against_orders_no_campaign_messaged(world):
    rates = feedback_rates(world.seller, **OCTOBER)

    assert (rates.messaged.orders, rates.messaged.feedback, rates.messaged.negative) == (5, 3, 3)
    assert (rates.not_messaged.orders, rates.not_messaged.feedback, rates.not_messaged.negative) == (4, 1, 0)
    assert rates.feedback_before_message == 1
    assert rates.messaged.rate == pytest.approx(0.6) and rates.not_messaged.rate == pytest.approx(0.25)
    assert rates.difference == pytest.approx(35.0)
    assert rates.computed_at == NOW


def test_one_campaign_counts_the_feedback_left_after_its_own_message(world):
    requests = feedback_rates(world.seller, **OCTOBER, campaign=world.requests)
    delivery = feedback_rates(world.seller, **OCTOBER, campaign=world.delivery)

    assert (requests.messaged.orders, requests.messaged.feedback, requests.feedback_before_message) == (4, 1, 2)
    assert (delivery.messaged.orders, delivery.messaged.feedback, delivery.messaged.negative) == (2, 2, 2)
    # The comparison group is the same for every campaign: the orders no campaign messaged.
    assert requests.not_messaged == delivery.not_messaged == feedback_rates(world.seller, **OCTOBER).not_messaged


def test_the_period_is_by_purchase_day_and_its_end_is_not_included(world):
    first_days = feedback_rates(world.seller, since=date(2026, 10, 1), until=date(2026, 10, 3))
    as_datetimes = feedback_rates(world.seller, since=at(10, 1, 0), until=at(10, 3, 0))
    november = feedback_rates(world.seller, since=date(2026, 11, 1), until=date(2026, 12, 1))

    assert (first_days.messaged.orders, first_days.not_messaged.orders) == (3, 0)
    assert as_datetimes == first_days
    assert (november.messaged.orders, november.messaged.feedback) == (1, 1)


def test_no_orders_means_no_rate_rather_than_zero(tenant_a):
    rates = feedback_rates(tenant_a.seller, **OCTOBER)

    assert rates.messaged.rate is None and rates.not_messaged.rate is None and rates.difference is None
    assert rates.computed_at is None


def test_another_sellers_orders_and_feedback_never_count(world, tenant_b):
    other = World(tenant_b.seller)
    other.order("theirs", at(10, 3))
    other.sent("theirs", other.requests, at(10, 5))
    other.feedback("theirs", 1, date(2026, 10, 6))
    refresh_feedback_rates(tenant_b.seller, now=NOW)

    mine = feedback_rates(world.seller, **OCTOBER)

    assert mine.messaged.orders == 5 and feedback_rates(tenant_b.seller, **OCTOBER).messaged.orders == 1


def test_recounting_replaces_the_counts_instead_of_adding_to_them(world):
    rows = FeedbackRateDay.objects.count()
    world.feedback("unasked-1", 2, date(2026, 10, 25))

    refresh_feedback_rates(world.seller, now=NOW)

    rates = feedback_rates(world.seller, **OCTOBER)
    assert FeedbackRateDay.objects.count() == rows
    assert (rates.not_messaged.feedback, rates.not_messaged.negative) == (2, 1)


def test_each_feedback_lists_the_messages_of_its_order_and_which_came_first(world):
    both = Feedback.objects.get(order=world.orders["both"])
    unasked = Feedback.objects.get(order=world.orders["unasked-unhappy"])

    found = attributions(world.seller, [both, unasked])

    assert [(a.campaign_name, a.counts) for a in found[both.pk]] == [
        ("Delivery check", True),
        ("Review request", False),
    ]
    assert unasked.pk not in found


def test_the_rates_read_one_query_however_many_days(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        feedback_rates(world.seller, since=date(2026, 8, 1), until=date(2026, 11, 20), campaign=world.requests)


def test_several_periods_in_one_query_agree_with_one_period_at_a_time(world, django_assert_num_queries):
    periods = [(date(2026, 10, 1), date(2026, 10, 4)), (date(2026, 10, 1), date(2026, 12, 1))]

    with django_assert_num_queries(1):
        together = feedback_rates_for_periods(world.seller, periods, campaign=world.requests)

    assert together == [feedback_rates(world.seller, since=s, until=u, campaign=world.requests) for s, u in periods]
