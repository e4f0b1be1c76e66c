"""The digest: each member's chosen period, once, built from aggregate queries, skipped when empty."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from alerts import selectors, services, tasks
from alerts.models import Alert
from campaigns.models import Dispatch
from insights import rollups
from optouts.models import OptOut
from sellers.models import AmazonConnection, Membership

from ..factories import (
    AlertPreferencesFactory,
    AmazonConnectionFactory,
    CampaignFactory,
    DailySendsFactory,
    DispatchFactory,
    FeedbackFactory,
    SellerFactory,
)
from .conftest import parts

# Monday 9 March 2026, half past midnight UTC: last week (2-8 March) and Sunday have just closed.
NOW = datetime(2026, 3, 9, 0, 30, tzinfo=UTC)
IN_WEEK = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
SUNDAY = datetime(2026, 3, 8, 10, 0, tzinfo=UTC)
BEFORE = datetime(2026, 2, 27, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://digest.example"


@pytest.fixture
def send_digests(deliveries, monkeypatch):
    def run():
        monkeypatch.setattr(tasks.build_digest, "delay", lambda *args: tasks.build_digest(*args))
        with deliveries():
            tasks.send_digests()

    return run


@pytest.fixture
def busy_week(tenant_a):
    seller = tenant_a.seller
    campaign = CampaignFactory(seller=seller, name="Review request")
    for state, finished, reason in [
        ("sent", IN_WEEK, ""),
        ("sent", IN_WEEK, ""),
        ("sent", SUNDAY, ""),
        ("blocked_optout", IN_WEEK, "buyer_opted_out"),
        ("ineligible", IN_WEEK, ""),
        ("failed", IN_WEEK, "Amazon refused it: order too old"),
        ("failed", SUNDAY, "Amazon refused it: order too old"),
        ("sent", BEFORE, ""),
    ]:
        DispatchFactory(seller=seller, campaign=campaign, state=state, finished_at=finished, reason=reason)
    OptOut.objects.create(buyer_key="a" * 64, source="amazon_notice", first_seller=seller, created_at=IN_WEEK)
    FeedbackFactory(seller=seller, rating=5, left_on=date(2026, 3, 3))
    FeedbackFactory(
        seller=seller,
        rating=1,
        left_on=date(2026, 3, 5),
        amazon_order_id="113-0000001-0000001",
        comment="Never arrived.",
    )
    FeedbackFactory(seller=seller, rating=2, left_on=date(2026, 2, 20), comment="Old news.")
    AmazonConnectionFactory(
        seller=seller,
        store_name="EU Store",
        region="EU",
        status=AmazonConnection.Status.NEEDS_REAUTH,
        status_reason="Amazon revoked it.",
    )
    DailySendsFactory(seller=seller, day=date(2026, 3, 4), sent=3)
    return tenant_a


def test_owners_get_a_weekly_digest_by_default_and_others_get_none(busy_week, mailoutbox, send_digests):
    send_digests()

    assert [m.to for m in mailoutbox] == [[busy_week.owner.email]]
    assert mailoutbox[0].subject == (
        "Acme Goods: your week, 2 Mar – 8 Mar: 3 sent, 1 negative feedback, needs attention"
    )


def test_the_digest_counts_the_week_and_lists_what_needs_attention(busy_week, mailoutbox, send_digests):
    send_digests()

    text, html = parts(mailoutbox[0])
    for line in [
        "Your week: 2 March - 8 March 2026 (UTC)",
        "Sent: 3",
        "Blocked (opted out or on your blocklist, never sent): 1",
        "Ineligible (Amazon said no): 1",
        "Failed: 2",
        "1 buyer opted out.",
        "2 new feedback, average 3.0 stars, 1 negative.",
        '1 stars, 5 Mar, order 113-0000001-0000001: "Never arrived."',
        "EU Store (EU) needs re-authorization",
        "2 messages failed: Amazon refused it: order too old (2).",
        "This month: 3 of 10,000 messages",
    ]:
        assert line in text, line
    assert "Old news." not in text
    assert "http://digest.example/messages/?state=failed" in html and "Never arrived." in html


def test_each_period_is_sent_once_however_often_the_hourly_tick_runs(busy_week, mailoutbox, send_digests, clock):
    send_digests()
    clock.move_to(NOW + timedelta(hours=1))
    send_digests()
    clock.move_to(NOW + timedelta(days=3))
    send_digests()

    assert len(mailoutbox) == 1
    clock.move_to(NOW + timedelta(days=7))
    send_digests()
    assert len(mailoutbox) == 2 and "9 Mar – 15 Mar" in mailoutbox[1].subject


def test_a_member_who_chose_daily_gets_yesterday(busy_week, mailoutbox, send_digests):
    manager = Membership.objects.get(user=busy_week.manager)
    AlertPreferencesFactory(seller=busy_week.seller, membership=manager, digest="daily")

    send_digests()

    daily = [m for m in mailoutbox if m.to == [busy_week.manager.email]]
    assert len(daily) == 1 and daily[0].subject.startswith("Acme Goods: your day, 8 March: 1 sent")
    assert "Failed: 1" in daily[0].body
    assert len(mailoutbox) == 2  # and the owner's weekly one


def test_an_owner_who_turned_the_digest_off_gets_none(busy_week, mailoutbox, send_digests):
    owner = Membership.objects.get(user=busy_week.owner)
    AlertPreferencesFactory(seller=busy_week.seller, membership=owner, digest="off")

    send_digests()

    assert mailoutbox == []


def test_a_seller_with_nothing_at_all_gets_no_digest_and_is_not_asked_again(tenant_b, mailoutbox, send_digests):
    send_digests()

    assert mailoutbox == []
    skipped = Alert.objects.get(seller=tenant_b.seller, kind="digest")
    assert skipped.key == "weekly:2026-03-02" and skipped.delivered_at is not None
    assert services.digests_due() == []


def test_a_quiet_period_with_a_problem_is_still_sent(tenant_b, mailoutbox, send_digests):
    AmazonConnectionFactory(seller=tenant_b.seller, status=AmazonConnection.Status.NEEDS_REAUTH)

    send_digests()

    assert len(mailoutbox) == 1 and "needs attention" in mailoutbox[0].subject


def test_the_periods_are_whole_utc_days_and_monday_to_monday_weeks():
    wednesday = datetime(2026, 3, 11, 17, 45, tzinfo=UTC)

    assert services.digest_period("daily", wednesday) == (
        datetime(2026, 3, 10, tzinfo=UTC),
        datetime(2026, 3, 11, tzinfo=UTC),
    )
    assert services.digest_period("weekly", wednesday) == (
        datetime(2026, 3, 2, tzinfo=UTC),
        datetime(2026, 3, 9, tzinfo=UTC),
    )


def test_digests_due_names_only_sellers_with_someone_who_wants_one(tenant_a, db):
    lonely = SellerFactory()  # no members at all

    assert set(services.digests_due()) == {(str(tenant_a.seller.pk), "weekly")}
    assert str(lonely.pk) not in {seller for seller, _ in services.digests_due()}


def test_the_summary_is_a_fixed_number_of_aggregate_queries_however_much_happened(
    busy_week, django_assert_max_num_queries
):

    start, end = services.digest_period("weekly", NOW)
    with django_assert_max_num_queries(12) as small:
        selectors.digest_summary(busy_week.seller, start, end, now=NOW)
    campaign = CampaignFactory(seller=busy_week.seller)
    for _ in range(30):
        DispatchFactory(seller=busy_week.seller, campaign=campaign, state="failed", finished_at=IN_WEEK, reason="x")
        FeedbackFactory(seller=busy_week.seller, rating=1, left_on=date(2026, 3, 6))

    with django_assert_max_num_queries(len(small.captured_queries)):
        summary = selectors.digest_summary(busy_week.seller, start, end, now=NOW)

    assert summary["messages"]["failed"] == 32 and len(summary["negative_feedback"]) == 10


def test_once_the_dashboards_rollup_covers_the_week_the_digest_reads_it(busy_week, mailoutbox, send_digests):

    rollups.refresh(now=NOW)
    # The dispatch rows are gone (their orders deleted, say); the rollup keeps what the dashboard shows.
    Dispatch.objects.filter(state="sent").delete()

    send_digests()

    assert "Sent: 3" in mailoutbox[0].body and "Failed: 2" in mailoutbox[0].body


def test_a_campaign_the_seller_paused_is_not_reported_as_a_guidelines_problem(tenant_b, mailoutbox, send_digests):
    CampaignFactory(seller=tenant_b.seller, name="Paused by hand", state="paused")
    CampaignFactory(
        seller=tenant_b.seller,
        name="Paused by the check",
        state="paused",
        paused_reason="Paused by the guidelines check: en, line 1: no links",
    )

    assert [c.name for c in services.selectors.policy_paused_campaigns(tenant_b.seller)] == ["Paused by the check"]
    send_digests()
    assert len(mailoutbox) == 1 and "Paused by hand" not in parts(mailoutbox[0])[0]


def test_a_quiet_seller_whose_only_paused_campaign_was_paused_by_hand_gets_no_digest(
    tenant_b, mailoutbox, send_digests
):
    # The check paused it once (and said so); the seller fixed it, resumed it, and paused it by hand.
    campaign = CampaignFactory(seller=tenant_b.seller, name="Paused by hand", state="paused")
    Alert.objects.create(
        seller=tenant_b.seller,
        kind="campaign_paused",
        key=f"{campaign.pk}:earlier",
        context={"campaign_id": str(campaign.pk)},
        created_at=BEFORE,
        delivered_at=BEFORE,
    )

    send_digests()

    assert mailoutbox == []
