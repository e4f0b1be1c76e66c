"""Each event is recorded by the code that makes it true, in its transaction: committed, exactly
one event; rolled back, none."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from campaigns import services as campaign_services
from campaigns.models import Campaign, Dispatch
from eventlog import types
from eventlog.models import Event
from insights.feedback import ReportedFeedback, load_report
from insights.models import FeedbackSync
from messaging import limits
from messaging.outbox.claim import claim_due
from messaging.outbox.jobs import Result
from messaging.outbox.record import record
from optouts import lists
from sellers.services import connection_needs_reauthorization

from ..factories import AmazonConnectionFactory, CampaignFactory, DispatchFactory, OrderFactory

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def rolled_back(action):
    with pytest.raises(Boom), transaction.atomic():
        action()
        raise Boom


def events(type_):
    return list(Event.objects.filter(type=type_))


@pytest.fixture
def listening(tenant_a, endpoint_for):
    endpoint_for("https://hooks.example.com/all", list(types.SUBSCRIBABLE))
    return tenant_a.seller


def claimed(seller, n=1):
    """n dispatches of one connection claimed by the outbox, as a pump holds them."""
    connection = AmazonConnectionFactory(seller=seller)
    campaign = CampaignFactory(seller=seller, state=Campaign.State.ACTIVE)
    for _ in range(n):
        DispatchFactory(seller=seller, campaign=campaign, order=OrderFactory(seller=seller, connection=connection))
    now = timezone.now()
    return claim_due({str(connection.pk): n}, now, now + timedelta(minutes=2)), now


# -- send outcomes (messaging/outbox/record.py) ----------------------------------------------------
@pytest.mark.parametrize(
    ("state", "event_type"),
    [
        (Dispatch.State.SENT, types.MESSAGE_SENT),
        (Dispatch.State.BLOCKED_OPTOUT, types.MESSAGE_BLOCKED),
        (Dispatch.State.BLOCKED_SELLER, types.MESSAGE_BLOCKED),
        (Dispatch.State.INELIGIBLE, types.MESSAGE_INELIGIBLE),
        (Dispatch.State.FAILED, types.MESSAGE_FAILED),
    ],
)
def test_a_recorded_send_outcome_is_one_event(listening, state, event_type):
    (job,), now = claimed(listening)

    record([Result(job, state, reason="why", error="what went wrong" if state == "failed" else None)], now)

    (event,) = events(event_type)
    assert event.data["dispatch_id"] == str(job.id)
    assert event.data["order_id"] == job.amazon_order_id
    assert event.data["state"] == state


def test_an_outcome_rolled_back_is_no_event(listening):
    (job,), now = claimed(listening)

    rolled_back(lambda: record([Result(job, Dispatch.State.SENT)], now))

    assert Event.objects.count() == 0


def test_a_dispatch_going_back_to_the_queue_is_no_event(listening):
    (job,), now = claimed(listening)

    record([Result(job, Dispatch.State.SCHEDULED, "Waiting for Amazon's rate limit.", at=now)], now)

    assert Event.objects.count() == 0


def test_an_outcome_of_a_lease_lost_to_another_pump_is_no_event(listening):
    (job,), now = claimed(listening)
    Dispatch.objects.filter(pk=job.id).update(lease_until=now + timedelta(minutes=5))  # taken over

    record([Result(job, Dispatch.State.SENT)], now)

    assert Event.objects.count() == 0


# -- the monthly quota (messaging/limits.py, where accepted messages are counted) -------------------
def _count(seller, connection, n, now):
    with transaction.atomic():
        limits.record_sent({(seller.pk, connection.pk): n}, now)


def test_crossing_90_percent_of_the_quota_is_one_event(listening):
    listening.monthly_message_quota = 100
    listening.save()
    connection, now = AmazonConnectionFactory(seller=listening), timezone.now()

    _count(listening, connection, 89, now)
    _count(listening, connection, 1, now)
    _count(listening, connection, 5, now)

    (event,) = events(types.QUOTA_NEARLY_USED)
    assert (event.data["used"], event.data["quota"], event.data["percent"]) == (90, 100, 90)
    assert events(types.QUOTA_USED_UP) == []


def test_one_count_that_passes_both_thresholds_records_both(listening):
    listening.monthly_message_quota = 10
    listening.save()
    connection, now = AmazonConnectionFactory(seller=listening), timezone.now()

    _count(listening, connection, 12, now)

    assert len(events(types.QUOTA_NEARLY_USED)) == 1 and len(events(types.QUOTA_USED_UP)) == 1


def test_a_quota_count_rolled_back_is_no_event(listening):
    listening.monthly_message_quota = 10
    listening.save()
    connection, now = AmazonConnectionFactory(seller=listening), timezone.now()

    rolled_back(lambda: limits.record_sent({(listening.pk, connection.pk): 10}, now))

    assert Event.objects.count() == 0


# -- the others ------------------------------------------------------------------------------------
def test_a_connection_that_needs_reauthorization_is_one_event(listening):
    connection = AmazonConnectionFactory(seller=listening)

    connection_needs_reauthorization(connection, reason="Amazon refused the refresh token.")
    connection_needs_reauthorization(connection, reason="Still refused.")  # no new transition

    (event,) = events(types.CONNECTION_NEEDS_REAUTHORIZATION)
    assert event.data["connection_id"] == str(connection.pk)
    assert event.data["reason"] == "Amazon refused the refresh token."


def test_reauthorization_rolled_back_is_no_event(listening):
    connection = AmazonConnectionFactory(seller=listening)

    rolled_back(lambda: connection_needs_reauthorization(connection, reason="refused"))

    assert Event.objects.count() == 0


def test_a_person_pausing_a_campaign_is_one_event(listening):
    campaign = CampaignFactory(seller=listening, state=Campaign.State.ACTIVE)

    campaign_services.campaign_pause(campaign=campaign)

    (event,) = events(types.CAMPAIGN_PAUSED)
    assert (event.data["campaign_id"], event.data["paused_by"]) == (str(campaign.pk), "person")


def test_the_policy_check_pausing_a_campaign_is_one_event_with_its_findings(listening):
    campaign = CampaignFactory(seller=listening, state=Campaign.State.ACTIVE)
    findings = [{"language": "en", "rule": "links", "line": 2, "text": "example.com", "message": "No links."}]

    campaign_services.campaign_pause_for_policy(campaign, findings)

    (event,) = events(types.CAMPAIGN_PAUSED)
    assert event.data["paused_by"] == "policy"
    assert event.data["findings"] == findings


def test_a_pause_rolled_back_is_no_event(listening):
    campaign = CampaignFactory(seller=listening, state=Campaign.State.ACTIVE)

    rolled_back(lambda: campaign_services.campaign_pause(campaign=campaign))

    assert Event.objects.count() == 0 and Campaign.objects.get(pk=campaign.pk).state == Campaign.State.ACTIVE


def test_an_opt_out_the_seller_records_is_one_event_per_order(listening):
    order = OrderFactory(seller=listening)

    lists.optout_add_manual(seller=listening, amazon_order_id=order.amazon_order_id)
    lists.optout_add_manual(seller=listening, amazon_order_id=order.amazon_order_id)

    (event,) = events(types.OPTOUT_LEARNED)
    assert (event.data["order_id"], event.data["scope"], event.data["source"]) == (
        order.amazon_order_id,
        "seller",
        "manual",
    )


def test_negative_feedback_loaded_is_one_event_per_feedback(listening):
    connection = AmazonConnectionFactory(seller=listening)
    now = timezone.now()
    state = FeedbackSync.objects.create(
        seller=listening,
        connection=connection,
        marketplace_id="ATVPDKIKX0DER",
        window_start=now - timedelta(days=90),
        window_end=now,
    )
    reported = [
        ReportedFeedback("111-0000000-0000001", 1, "Broke on the first day.", now.date()),
        ReportedFeedback("111-0000000-0000002", 3, "Fine.", now.date()),
    ]

    with transaction.atomic():
        load_report(state, reported, now=now)
    with transaction.atomic():
        load_report(state, reported, now=now)  # the next sync lists it again

    (event,) = events(types.FEEDBACK_NEGATIVE)
    assert (event.data["order_id"], event.data["rating"]) == ("111-0000000-0000001", 1)
