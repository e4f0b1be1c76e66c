"""Feedback sync through python-amazon-sp-api against the sandbox over HTTP: Amazon's report in, our rows out."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection as db_connection
from django.utils import timezone

from insights import feedback
from insights.events import negative_feedback_found
from insights.models import Feedback, FeedbackAlert, FeedbackSync
from sellers import amazon as amazon_clients
from sellers.models import AmazonConnection, Order

from ..factories import SellerFactory
from .feedback_world import (
    NO_SLEEP,
    an_hour_later,
    connect,
    leave_feedback,
    remove_feedback,
    shipped_orders,
    sync_feedback,
    sync_orders,
)


@pytest.fixture
def amazon(fresh_sandbox, use_sandbox, settings):
    """Five selling partners (US, DE, JP, US+CA, and UK+DE+FR+IT+ES) with no feedback but the test's."""
    settings.SYNC_REPORT_POLL_SECONDS = 0
    return use_sandbox(fresh_sandbox(sellers=5, orders=60, seed=31, feedback_share=0))


@pytest.fixture
def us(amazon):
    return amazon.sellers()[0]


def recent(sandbox, partner, marketplace_id=None):
    """Shipped orders placed 5 to 60 days ago: their feedback lies well inside every window."""
    now = datetime.now(UTC)
    return [
        o
        for o in shipped_orders(sandbox, partner, marketplace_id)
        if now - timedelta(days=60)
        < datetime.fromisoformat(o["created"].replace("Z", "+00:00"))
        < now - timedelta(days=5)
    ]


def calls(sandbox, partner, operation):
    return sum(
        c["calls"]
        for c in sandbox.calls()
        if c["selling_partner_id"] == partner["selling_partner_id"] and c["operation"] == operation
    )


def test_the_first_sync_loads_90_days_of_neutral_and_negative_feedback_linked_to_the_orders(db, amazon, us):
    connection = connect(SellerFactory(), us)
    sync_orders(connection)
    one, three, five = recent(amazon, us)[:3]
    leave_feedback(amazon, one, 1, "Never arrived.")
    leave_feedback(amazon, three, 3, "Late.")
    leave_feedback(amazon, five, 5, "Great!")
    started = timezone.now()

    sync_feedback(connection)

    rows = {
        (f.amazon_order_id, f.rating, f.comment, f.marketplace_id, f.order.amazon_order_id)
        for f in Feedback.objects.select_related("order")
    }
    assert rows == {
        (one["order_id"], 1, "Never arrived.", "ATVPDKIKX0DER", one["order_id"]),
        (three["order_id"], 3, "Late.", "ATVPDKIKX0DER", three["order_id"]),
    }
    state = FeedbackSync.objects.get(connection=connection)
    assert abs(state.window_start - (started - timedelta(days=90))) < timedelta(minutes=1)
    assert state.covered_until == state.window_end and state.report_id == "" and state.last_error == ""
    assert Feedback.objects.get(amazon_order_id=one["order_id"]).seller == connection.seller


def test_a_report_amazon_is_still_preparing_is_picked_up_by_the_next_run_without_asking_again(db, amazon, us):
    connection = connect(SellerFactory(), us)
    leave_feedback(amazon, recent(amazon, us)[0], 2, "Scratched.")

    first = feedback.connection_feedback_sync(connection, **NO_SLEEP)
    pending = FeedbackSync.objects.get(connection=connection)
    nothing_yet = not Feedback.objects.exists()
    second = feedback.connection_feedback_sync(connection, **NO_SLEEP)

    assert (first.requested, first.loaded, first.retry_in) == (1, 0, 0)
    assert first.note == "Amazon is preparing the feedback report." and pending.report_id and nothing_yet
    assert (second.requested, second.loaded, second.retry_in) == (0, 1, None)
    assert Feedback.objects.count() == 1 and calls(amazon, us, "createReport") == 1


def test_a_marketplace_not_due_yet_is_left_alone(db, amazon, us):
    connection = connect(SellerFactory(), us)
    sync_feedback(connection)

    result = feedback.connection_feedback_sync(connection, **NO_SLEEP)

    assert (result.requested, result.loaded, result.retry_in) == (0, 0, None)
    assert calls(amazon, us, "createReport") == 1


def test_each_later_sync_starts_the_overlap_before_the_last_window_ended(db, amazon, us, settings, monkeypatch):
    settings.FEEDBACK_SYNC_OVERLAP_DAYS = 7
    connection = connect(SellerFactory(), us)
    sync_feedback(connection)
    covered = FeedbackSync.objects.get(connection=connection).covered_until
    asked = []
    real = amazon_clients.Reports.create_report

    def spy(self, **kwargs):
        asked.append(kwargs)
        return real(self, **kwargs)

    monkeypatch.setattr(amazon_clients.Reports, "create_report", spy)
    an_hour_later(connection)
    sync_feedback(connection)

    assert asked[0]["reportType"] == "GET_SELLER_FEEDBACK_DATA"
    assert asked[0]["dataStartTime"] == (covered - timedelta(days=7)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert asked[0]["marketplaceIds"] == ["ATVPDKIKX0DER"]


def test_a_revised_rating_updates_the_feedback_and_raises_an_alert_once_it_turns_negative(db, amazon, us):
    connection = connect(SellerFactory(), us)
    order = recent(amazon, us)[0]
    leave_feedback(amazon, order, 3, "Late.")
    sync_feedback(connection)
    assert not FeedbackAlert.objects.exists()

    leave_feedback(amazon, order, 1, "Late, and broken.")
    an_hour_later(connection)
    revised = sync_feedback(connection)[-1]

    row = Feedback.objects.get()
    assert (row.rating, row.comment) == (1, "Late, and broken.") and revised.changed == 1
    assert [a.feedback_id for a in revised.alerts] == [row.pk]
    assert FeedbackAlert.objects.get().feedback == row


def test_negative_feedback_raises_one_alert_however_often_it_is_synced(db, amazon, us):
    connection = connect(SellerFactory(), us)
    leave_feedback(amazon, recent(amazon, us)[0], 1, "Broken on arrival.")

    first = sync_feedback(connection)[-1]
    an_hour_later(connection)
    second = sync_feedback(connection)[-1]

    assert len(first.alerts) == 1 and second.alerts == [] and second.inserted == second.changed == 0
    assert FeedbackAlert.objects.count() == 1


def test_feedback_amazon_no_longer_lists_is_marked_removed_and_comes_back_if_listed_again(db, amazon, us):
    connection = connect(SellerFactory(), us)
    order = recent(amazon, us)[0]
    leave_feedback(amazon, order, 1, "Wrong item.")
    sync_feedback(connection)

    remove_feedback(amazon, order)
    an_hour_later(connection)
    removed = sync_feedback(connection)[-1]
    gone = Feedback.objects.get()
    closed = FeedbackAlert.objects.get()
    leave_feedback(amazon, order, 1, "Wrong item.")
    an_hour_later(connection)
    sync_feedback(connection)

    assert removed.removed == 1 and gone.removed_at is not None
    assert closed.dismissed_at is not None, "nothing is left to act on while Amazon does not list it"
    back = Feedback.objects.get()
    assert back.removed_at is None and FeedbackAlert.objects.count() == 1
    assert list(Feedback.objects.listed()) == [back]
    assert FeedbackAlert.objects.get().dismissed_at is None, "listed again: the alert the sync closed is open again"


def test_an_alert_a_person_dismissed_stays_dismissed_when_the_feedback_comes_back(db, amazon, us):
    connection = connect(SellerFactory(), us)
    order = recent(amazon, us)[0]
    leave_feedback(amazon, order, 1, "Wrong item.")
    sync_feedback(connection)
    FeedbackAlert.objects.update(dismissed_at=timezone.now())  # the seller dealt with it

    remove_feedback(amazon, order)
    an_hour_later(connection)
    sync_feedback(connection)
    leave_feedback(amazon, order, 1, "Wrong item.")
    an_hour_later(connection)
    sync_feedback(connection)

    assert Feedback.objects.get().removed_at is None
    assert FeedbackAlert.objects.get().dismissed_at is not None


def test_a_window_without_feedback_is_cancelled_by_amazon_and_counts_as_loaded(db, amazon, us):
    connection = connect(SellerFactory(), us)

    result = sync_feedback(connection)[-1]

    state = FeedbackSync.objects.get(connection=connection)
    assert result.loaded == 1 and result.rows == 0 and state.covered_until and state.last_error == ""


def test_feedback_that_arrives_before_its_order_is_linked_once_the_order_is_synced(db, amazon, us):
    connection = connect(SellerFactory(), us)
    order = recent(amazon, us)[0]
    leave_feedback(amazon, order, 2, "Slow.")
    sync_feedback(connection)
    assert Feedback.objects.get().order is None

    sync_orders(connection)
    an_hour_later(connection)
    result = sync_feedback(connection)[-1]

    assert result.linked == 1
    assert Feedback.objects.get().order == Order.objects.get(amazon_order_id=order["order_id"])


def negative_feedback_in_two_marketplaces(amazon):
    """The European account (five marketplaces) with 1-2 star feedback in the UK and in France."""
    europe = amazon.sellers()[4]
    connection = connect(SellerFactory(), europe)
    uk = recent(amazon, europe, "A1F83G8C2ARO7P")[0]
    france = recent(amazon, europe, "A13V1IB3VIYZZH")[0]
    leave_feedback(amazon, uk, 1, "Never came.")
    leave_feedback(amazon, france, 2, "Colis abîmé.")
    return europe, connection, uk, france


def test_every_marketplace_of_an_account_has_its_own_report(db, amazon):
    europe, connection, uk, france = negative_feedback_in_two_marketplaces(amazon)

    sync_feedback(connection)

    assert {(f.amazon_order_id, f.marketplace_id) for f in Feedback.objects.all()} == {
        (uk["order_id"], "A1F83G8C2ARO7P"),
        (france["order_id"], "A13V1IB3VIYZZH"),
    }
    assert FeedbackSync.objects.filter(connection=connection, covered_until__isnull=False).count() == 5
    assert calls(amazon, europe, "createReport") == 5


def test_a_revoked_authorization_pauses_the_connection(db, amazon, us):
    connection = connect(SellerFactory(), us)
    sync_feedback(connection)
    amazon.post(f"/_sandbox/sellers/{us['selling_partner_id']}/revoke")
    an_hour_later(connection)

    result = feedback.connection_feedback_sync(connection, **NO_SLEEP)

    connection.refresh_from_db()
    assert connection.status == AmazonConnection.Status.NEEDS_REAUTH and "invalid_grant" in connection.status_reason
    assert result.retry_in is None
    assert feedback.connection_feedback_sync(connection, **NO_SLEEP).note == "connection is not active"


def test_amazons_throttling_reschedules_the_sync_and_loses_nothing(db, amazon):
    europe = amazon.sellers()[4]
    connection = connect(SellerFactory(), europe)
    order = recent(amazon, europe, "A1RKKUPIHCS9HS")[0]  # Spain: the last of the five marketplaces
    leave_feedback(amazon, order, 1, "No llegó.")
    amazon.faults(rate_scale=0.05)  # one createReport, then 429s for twenty minutes

    throttled = feedback.connection_feedback_sync(connection, **NO_SLEEP)

    states = {s.marketplace_id: s for s in FeedbackSync.objects.filter(connection=connection)}
    uk, others = states.pop("A1F83G8C2ARO7P"), states.values()
    assert uk.report_id and throttled.retry_in == 0, "the report Amazon accepted is fetched next"
    assert states["A1PA6795UKMFR9"].last_error == "Amazon throttled createReport."
    assert all(
        "createReport" in s.last_error and s.next_run_at > timezone.now() + timedelta(minutes=10) for s in others
    ), "the others wait for the bucket to refill instead of calling again"
    assert calls(amazon, europe, "createReport") == 2, "one accepted, one answered 429, none after it"

    amazon.faults(rate_scale=1000)
    buckets = amazon_clients.buckets()
    buckets.redis.delete(*buckets.redis.keys(f"spapi:{connection.rate_key}:*"))  # the pause is over
    an_hour_later(connection)
    sync_feedback(connection)

    assert Feedback.objects.get().amazon_order_id == order["order_id"]
    assert FeedbackSync.objects.filter(connection=connection, covered_until__isnull=False, last_error="").count() == 5


def test_a_row_that_cannot_be_read_is_reported_and_the_others_are_loaded(db, amazon, us):
    connection = connect(SellerFactory(), us)
    broken, fine = recent(amazon, us)[:2]
    amazon.faults(raw_feedback_text=True)  # a line break in a comment splits its row
    leave_feedback(amazon, broken, 1, "Broken.\nNever again")
    leave_feedback(amazon, fine, 2, "Slow.")

    result = sync_feedback(connection)[-1]

    state = FeedbackSync.objects.get(connection=connection)
    assert [f.amazon_order_id for f in Feedback.objects.all()] == [fine["order_id"]]
    assert result.loaded == 1 and len(result.bad_rows) == 2 and state.bad_row_count == 2
    assert all("fields where the header has 6" in row["problem"] for row in state.bad_rows)
    assert state.covered_until and state.last_error == ""


def test_feedback_in_a_row_that_cannot_be_read_is_not_taken_for_removed(db, amazon, us):
    connection = connect(SellerFactory(), us)
    order = recent(amazon, us)[0]
    leave_feedback(amazon, order, 1, "Broken.")
    sync_feedback(connection)
    amazon.faults(raw_feedback_text=True)
    leave_feedback(amazon, order, 1, "Broken.\nStill no answer")

    an_hour_later(connection)
    result = sync_feedback(connection)[-1]

    assert result.removed == 0 and Feedback.objects.get().removed_at is None


def test_the_raters_email_is_never_stored(db, amazon, us):
    connection = connect(SellerFactory(), us)
    orders = recent(amazon, us)[:4]
    for order in orders:
        leave_feedback(amazon, order, 1, "Bad.")
    sync_feedback(connection)
    aliases = [o["buyer_alias"] for o in orders]

    with db_connection.cursor() as cursor:
        stored = []
        for table in ("insights_feedback", "insights_feedbackalert", "insights_feedbacksync"):
            cursor.execute(f"SELECT row_to_json(t)::text FROM {table} t")
            stored += [row[0] for row in cursor.fetchall()]
    text = "\n".join(stored)

    assert Feedback.objects.count() == 4
    assert not any(alias in text or alias.split("@")[0] in text for alias in aliases)


def test_negative_feedback_found_in_several_marketplaces_is_announced_once_after_every_load(db, amazon):
    europe, connection, uk, france = negative_feedback_in_two_marketplaces(amazon)
    received = []

    def receiver(sender, alerts, **kwargs):
        # Every marketplace's load is written before anyone hears of it.
        received.append(
            (
                sorted(a.feedback.amazon_order_id for a in alerts),
                FeedbackSync.objects.filter(connection=connection, covered_until__isnull=True).count(),
            )
        )

    negative_feedback_found.connect(receiver, weak=False)
    try:
        sync_feedback(connection)
        an_hour_later(connection)
        sync_feedback(connection)
    finally:
        negative_feedback_found.disconnect(receiver)

    assert received == [(sorted([uk["order_id"], france["order_id"]]), 0)], "one announcement, none for the re-sync"
    assert FeedbackAlert.objects.count() == 2


def test_old_negative_feedback_is_kept_without_an_alert(db, amazon, us):
    placed = amazon.post(f"/_sandbox/sellers/{us['selling_partner_id']}/orders", {"count": 1, "age_days": 150})
    order = {"order_id": placed["order_ids"][0]}
    leave_feedback(amazon, order, 1, "Old.", day=(timezone.now() - timedelta(days=140)).date())
    connection = connect(SellerFactory(), us)
    # The account was paused for months: the next window reaches back past Amazon's 90 days.
    FeedbackSync.objects.create(
        seller=connection.seller,
        connection=connection,
        marketplace_id="ATVPDKIKX0DER",
        covered_until=timezone.now() - timedelta(days=100),
    )

    sync_feedback(connection)

    assert Feedback.objects.get().amazon_order_id == order["order_id"] and not FeedbackAlert.objects.exists()


def test_an_inactive_connection_is_not_synced(db, amazon, us):
    connection = connect(SellerFactory(), us, status=AmazonConnection.Status.NEEDS_REAUTH)

    result = feedback.connection_feedback_sync(connection, **NO_SLEEP)

    assert result.requested == 0 and not FeedbackSync.objects.exists()


def test_the_beat_tick_finds_new_and_due_connections_only(db, settings):
    from ..factories import AmazonConnectionFactory

    new = AmazonConnectionFactory()
    due = AmazonConnectionFactory()
    FeedbackSync.objects.create(
        seller=due.seller,
        connection=due,
        marketplace_id="ATVPDKIKX0DER",
        next_run_at=timezone.now() - timedelta(seconds=1),
    )
    later = AmazonConnectionFactory()
    FeedbackSync.objects.create(
        seller=later.seller,
        connection=later,
        marketplace_id="ATVPDKIKX0DER",
        next_run_at=timezone.now() + timedelta(minutes=30),
    )
    paused = AmazonConnectionFactory(status=AmazonConnection.Status.NEEDS_REAUTH)
    grown = AmazonConnectionFactory(marketplace_ids=["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"])
    FeedbackSync.objects.create(
        seller=grown.seller,
        connection=grown,
        marketplace_id="ATVPDKIKX0DER",
        next_run_at=timezone.now() + timedelta(minutes=30),
    )

    moved = AmazonConnectionFactory(marketplace_ids=["A2EUQ1WTGCTBG2"])  # sells in Canada now, no longer the US
    FeedbackSync.objects.create(
        seller=moved.seller,
        connection=moved,
        marketplace_id="ATVPDKIKX0DER",
        next_run_at=timezone.now() - timedelta(days=3),
    )
    dropped = AmazonConnectionFactory(marketplace_ids=["A2EUQ1WTGCTBG2"])  # a stale position due long ago
    for marketplace_id, at in (("ATVPDKIKX0DER", -timedelta(days=3)), ("A2EUQ1WTGCTBG2", timedelta(minutes=30))):
        FeedbackSync.objects.create(
            seller=dropped.seller, connection=dropped, marketplace_id=marketplace_id, next_run_at=timezone.now() + at
        )

    found = set(feedback.connections_due())

    assert found == {new.pk, due.pk, grown.pk, moved.pk} and paused.pk not in found and dropped.pk not in found
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "insights.tasks.sync_due_feedback" in tasks


def test_a_marketplace_the_connection_no_longer_has_loses_its_position(db, amazon, us):
    connection = connect(SellerFactory(), us)
    FeedbackSync.objects.create(
        seller=connection.seller,
        connection=connection,
        marketplace_id="A2EUQ1WTGCTBG2",
        next_run_at=timezone.now() - timedelta(days=3),
    )

    sync_feedback(connection)

    assert list(FeedbackSync.objects.filter(connection=connection).values_list("marketplace_id", flat=True)) == [
        "ATVPDKIKX0DER"
    ]
    assert connection.pk not in feedback.connections_due()


def test_operators_sync_feedback_from_the_command_line(db, amazon, us):
    from io import StringIO

    from django.core.management import call_command

    connection = connect(SellerFactory(name="Command Co."), us)
    leave_feedback(amazon, recent(amazon, us)[0], 1, "Never arrived.")
    out = StringIO()

    call_command("sync_feedback", "--seller", "Command Co.", stdout=out)

    assert f"{connection}: 1 report loaded, 1 new feedback, 1 new alert." in out.getvalue()
    assert FeedbackAlert.objects.get().seller == connection.seller
