"""Seller feedback from Amazon's feedback report (GET_SELLER_FEEDBACK_DATA), kept in our database.

What Amazon gives: a tab-separated report of the neutral and negative feedback (1 to 3 stars)
left in a date window, one report per marketplace (the report has no marketplace column), with
columns Date, Rating, Comments, Your Response, Order ID and Rater Email. Feedback that is
removed or struck through is no longer listed. Amazon answers CANCELLED for a report with no
data. We never store the rater's email: the parser (feedback_report.py) does not even read that column.

How we keep it: `connection_feedback_sync` moves each marketplace of a connection one step at a
time. It requests a report for a window (the last 90 days on the first run, then from the end of
the last window loaded minus FEEDBACK_SYNC_OVERLAP_DAYS, because feedback can be revised or
removed for a while after it was left), stores the report id and returns; a later run (the task
reschedules itself, and the beat tick catches anything lost) polls it and, once Amazon is done,
loads it in one transaction: new and changed feedback is written, feedback the window no longer
lists is marked removed, negative feedback (1-2 stars) gets its one alert, and feedback waiting
for its order is linked. After the commit, `insights.events.negative_feedback_found` carries the
new alerts. Every call goes through sellers.amazon.call_amazon: the shared rate limits, a 429 that
waits or reschedules, a revoked authorization that pauses the connection.
"""

import logging
import time
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from common.crypto import UndecryptableSecret
from eventlog import types as event_types
from eventlog.services import NewEvent, record_events
from sellers import amazon, services
from sellers.amazon import RetryLater, Unauthorized, call_amazon
from sellers.amazon_errors import describe
from sellers.models import REAUTH_UNREADABLE, AmazonConnection, Order

from .events import negative_feedback_found
from .feedback_report import ReportedFeedback, parse_feedback_report
from .models import Feedback, FeedbackAlert, FeedbackSync

logger = logging.getLogger(__name__)

FEEDBACK_REPORT = "GET_SELLER_FEEDBACK_DATA"
FIRST_WINDOW = timedelta(days=90)
# After a long pause (a connection waiting for re-authorization), ask for at most a year back.
LONGEST_WINDOW = timedelta(days=365)
# Amazon wants the end of a window at or before its own clock.
SETTLE = timedelta(minutes=2)
# Report dates are the marketplace's days, our windows UTC moments: a feedback is called removed
# only when its day lies wholly inside the window, with a day to spare for the time zones.
REMOVAL_MARGIN = timedelta(days=2)
# Amazon takes removal requests for 90 days after the feedback was left; older negative feedback
# (a first sync after a long pause) is recorded but raises no alert.
ALERT_MAX_AGE = timedelta(days=90)
# Amazon sometimes leaves a report IN_QUEUE or IN_PROGRESS for good: ask for a new one then.
REPORT_GIVE_UP = timedelta(hours=6)
FAILED_RETRY = timedelta(minutes=15)
BAD_ROWS_KEPT = 20
WRITE_BATCH = 1000


# -- writing ---------------------------------------------------------------------------------
@dataclass
class LoadResult:
    inserted: int = 0
    changed: int = 0
    removed: int = 0
    restored: int = 0
    linked: int = 0
    alerts: list = field(default_factory=list)


def load_report(state: FeedbackSync, reported: list[ReportedFeedback], *, now, complete: bool = True) -> LoadResult:
    """Write one loaded window: call inside a transaction (the caller's, with the state's update).

    `complete` says every row of the report was read: only then can feedback it does not list be
    taken for removed (an unreadable row may well be the one that seems missing).
    """
    connection = state.connection
    result = LoadResult()
    by_order = {r.amazon_order_id: r for r in reported}
    existing = {}
    ids = list(by_order)
    for start in range(0, len(ids), WRITE_BATCH):
        batch = ids[start : start + WRITE_BATCH]
        for stored_row in Feedback.objects.filter(connection=connection, amazon_order_id__in=batch):
            existing[stored_row.amazon_order_id] = stored_row
    new: list[Feedback] = []
    changed: list[Feedback] = []
    turned_negative: list[Feedback] = []
    restored: list[Feedback] = []
    for order_id, entry in by_order.items():
        feedback = existing.get(order_id)
        if feedback is None:
            new.append(
                Feedback(
                    seller_id=connection.seller_id,
                    connection=connection,
                    amazon_order_id=order_id,
                    marketplace_id=state.marketplace_id,
                    rating=entry.rating,
                    comment=entry.comment,
                    left_on=entry.left_on,
                    synced_at=now,
                )
            )
            continue
        values = (entry.rating, entry.comment, entry.left_on, state.marketplace_id, None)
        stored = (feedback.rating, feedback.comment, feedback.left_on, feedback.marketplace_id, feedback.removed_at)
        if stored == values:
            continue
        if feedback.removed_at is not None:
            result.restored += 1
            restored.append(feedback)
        if entry.rating <= Feedback.NEGATIVE_AT_MOST < feedback.rating:
            turned_negative.append(feedback)
        feedback.rating, feedback.comment, feedback.left_on, feedback.marketplace_id, feedback.removed_at = values
        feedback.synced_at = now
        changed.append(feedback)
    Feedback.objects.bulk_create(new, batch_size=WRITE_BATCH)
    Feedback.objects.bulk_update(
        changed, ["rating", "comment", "left_on", "marketplace_id", "removed_at", "synced_at"], batch_size=WRITE_BATCH
    )
    result.inserted, result.changed = len(new), len(changed) - result.restored

    result.removed = _mark_removed(state, set(by_order), now=now) if complete else 0
    # Listed again and still negative: the alert the sync closed opens again (one a person closed stays closed).
    FeedbackAlert.objects.filter(feedback__in=[f for f in restored if f.is_negative], dismissed_as_removed=True).update(
        dismissed_at=None, dismissed_as_removed=False
    )
    oldest_alerted = (now - ALERT_MAX_AGE).date()
    candidates = [f for f in [*new, *turned_negative] if f.is_negative and f.left_on >= oldest_alerted]
    already = set(FeedbackAlert.objects.filter(feedback__in=candidates).values_list("feedback_id", flat=True))
    alerts = [
        FeedbackAlert(seller_id=connection.seller_id, feedback=f, created_at=now)
        for f in candidates
        if f.pk not in already
    ]
    result.alerts = FeedbackAlert.objects.bulk_create(alerts, batch_size=WRITE_BATCH)
    _record_negative_feedback(result.alerts, now=now)
    result.linked = link_orders(connection)
    return result


FEEDBACK_COMMENT_IN_EVENT = 2000


def _record_negative_feedback(alerts: list, *, now) -> None:
    """One event per alert, in the load's transaction: the feedback and its event commit together."""
    record_events(
        [
            NewEvent(
                alert.seller_id,
                event_types.FEEDBACK_NEGATIVE,
                {
                    "alert_id": str(alert.pk),
                    "order_id": alert.feedback.amazon_order_id,
                    "marketplace_id": alert.feedback.marketplace_id,
                    "rating": alert.feedback.rating,
                    "comment": alert.feedback.comment[:FEEDBACK_COMMENT_IN_EVENT],
                    "left_on": alert.feedback.left_on.isoformat(),
                },
                key=str(alert.feedback.pk),
            )
            for alert in alerts
        ],
        now=now,
    )


def _mark_removed(state: FeedbackSync, listed: set[str], *, now) -> int:
    """Feedback of this marketplace left well inside the window that the report no longer lists."""
    if state.window_start is None or state.window_end is None:
        return 0  # no window loaded yet: nothing can have left it
    first_day = (state.window_start + REMOVAL_MARGIN).date()
    last_day = state.window_end.date()
    if first_day > last_day:
        return 0
    present = Feedback.objects.filter(
        connection=state.connection,
        marketplace_id=state.marketplace_id,
        removed_at__isnull=True,
        left_on__gte=first_day,
        left_on__lte=last_day,
    ).values_list("pk", "amazon_order_id")
    gone_ids = [pk for pk, order_id in present if order_id not in listed]
    if not gone_ids:
        return 0
    Feedback.objects.filter(pk__in=gone_ids).update(removed_at=now)
    # Nothing is left to act on: Amazon no longer shows it (or the buyer revised it).
    FeedbackAlert.objects.filter(feedback_id__in=gone_ids, dismissed_at__isnull=True).update(
        dismissed_at=now, dismissed_as_removed=True
    )
    return len(gone_ids)


def link_orders(connection: AmazonConnection) -> int:
    """Link feedback that arrived before its order to the order, now synced."""
    orders = Order.objects.filter(connection_id=OuterRef("connection_id"), amazon_order_id=OuterRef("amazon_order_id"))
    return (
        Feedback.objects.filter(connection=connection, order__isnull=True)
        .filter(Exists(orders))
        .update(order_id=Subquery(orders.values("pk")[:1]))
    )


def _announce(alerts: list) -> None:
    for receiver, response in negative_feedback_found.send_robust(sender=FeedbackAlert, alerts=alerts):
        if isinstance(response, Exception):
            logger.error("negative_feedback_found receiver %s failed: %r", receiver, response)


# -- the state machine -----------------------------------------------------------------------
@dataclass
class FeedbackSyncResult(LoadResult):
    """What one sync did: the sum of its loads, and what Amazon was asked and said."""

    requested: int = 0  # reports asked of Amazon
    loaded: int = 0  # reports loaded (a cancelled one, Amazon's "no data", counts)
    rows: int = 0
    bad_rows: list = field(default_factory=list)
    retry_in: float | None = None
    note: str = ""

    def add(self, loaded: LoadResult):
        for counter in fields(LoadResult):
            if counter.name != "alerts":
                setattr(self, counter.name, getattr(self, counter.name) + getattr(loaded, counter.name))
        self.alerts.extend(loaded.alerts)

    def wait(self, seconds: float):
        self.retry_in = seconds if self.retry_in is None else min(self.retry_in, seconds)


class ReportFailed(Exception):
    pass


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _reports_client(connection, marketplace_id):
    return amazon.client(
        amazon.Reports, refresh_token=connection.refresh_token, region=connection.region, marketplace_id=marketplace_id
    )


def _states(connection: AmazonConnection, *, now) -> list[FeedbackSync]:
    states = {s.marketplace_id: s for s in FeedbackSync.objects.filter(connection=connection)}
    dropped = [m for m in states if m not in (connection.marketplace_ids or [])]
    if dropped:  # the seller no longer sells there: its position would stay due for ever
        FeedbackSync.objects.filter(connection=connection, marketplace_id__in=dropped).delete()
    for marketplace_id in connection.marketplace_ids or []:
        if marketplace_id not in states:
            states[marketplace_id], _ = FeedbackSync.objects.get_or_create(
                connection=connection,
                marketplace_id=marketplace_id,
                defaults={"seller_id": connection.seller_id, "next_run_at": now},
            )
    return [states[m] for m in connection.marketplace_ids or [] if m in states]


def connection_feedback_sync(
    connection: AmazonConnection, *, now=None, sleep=time.sleep, force: bool = False
) -> FeedbackSyncResult:
    """Move the feedback sync of every due marketplace of the connection one step. Idempotent.

    `force` runs marketplaces that are not due yet (staff's "sync feedback now"). The result's
    `retry_in` says when a report Amazon is preparing, or a throttled call, wants the next run.
    """
    result = FeedbackSyncResult()
    if connection.is_active and isinstance(connection.refresh_token, UndecryptableSecret):
        services.connection_needs_reauthorization(
            connection,
            reason=REAUTH_UNREADABLE,
        )
        result.note = "the stored authorization cannot be decrypted"
        return result
    if not connection.is_active or not connection.refresh_token:
        result.note = "connection is not active"
        return result
    now = now or timezone.now()
    try:
        _sync_marketplaces(connection, result, now=now, sleep=sleep, force=force)
    finally:
        # One announcement for the whole sync (one email, whatever the number of marketplaces),
        # after every marketplace's load has committed. An announcement lost to a crash here is
        # raised by the alerts app's sweep of open feedback alerts that were never mailed.
        if result.alerts:
            _announce(list(result.alerts))
    return result


def _sync_marketplaces(connection, result: FeedbackSyncResult, *, now, sleep, force) -> None:
    for state in _states(connection, now=now):
        if not force and state.next_run_at > now:
            if state.report_id:  # a report Amazon is preparing: come back for it
                result.wait((state.next_run_at - now).total_seconds())
            continue
        try:
            _step(connection, state, result, now=now, sleep=sleep)
        except RetryLater as later:
            # The other marketplaces go on: a report being prepared can still be fetched, and a
            # call the empty bucket refuses is refused here, without reaching Amazon.
            _failed(state, later.reason, now=now, retry=timedelta(seconds=later.seconds))
            result.wait(later.seconds)
            result.note = later.reason
        except Unauthorized as exc:
            services.connection_needs_reauthorization(connection, reason=str(exc))
            result.retry_in, result.note = None, str(exc)
            return
        except ReportFailed as exc:
            _failed(state, str(exc), now=now, retry=FAILED_RETRY, forget_report=True)
            result.note = str(exc)
        except Exception as exc:
            logger.exception("feedback sync of %s in %s failed", connection.pk, state.marketplace_id)
            _failed(
                state,
                f"The last feedback sync failed: {describe(exc)} It will be tried again.",
                now=now,
                retry=FAILED_RETRY,
            )
            result.note = describe(exc)


def _failed(state, reason, *, now, retry, forget_report=False):
    state.last_error = reason[:1000]
    state.next_run_at = now + retry
    fields = ["last_error", "next_run_at"]
    if forget_report:
        state.report_id = ""
        fields.append("report_id")
    state.save(update_fields=fields)


def _step(connection, state: FeedbackSync, result: FeedbackSyncResult, *, now, sleep) -> None:
    reports = _reports_client(connection, state.marketplace_id)
    if not state.report_id:
        end = now - SETTLE
        if state.covered_until is None:
            start = now - FIRST_WINDOW
        else:
            overlap = timedelta(days=settings.FEEDBACK_SYNC_OVERLAP_DAYS)
            start = max(min(state.covered_until, end) - overlap, now - LONGEST_WINDOW)
        response = call_amazon(
            connection,
            "createReport",
            reports.create_report,
            sleep=sleep,
            reportType=FEEDBACK_REPORT,
            dataStartTime=_iso(start),
            dataEndTime=_iso(end),
            marketplaceIds=[state.marketplace_id],
        )
        state.report_id = str(response.payload["reportId"])
        state.report_requested_at, state.window_start, state.window_end = now, start, end
        state.save(update_fields=["report_id", "report_requested_at", "window_start", "window_end"])
        result.requested += 1
    report = call_amazon(connection, "getReport", reports.get_report, state.report_id, sleep=sleep).payload
    status = report.get("processingStatus")
    if status in ("IN_QUEUE", "IN_PROGRESS"):
        if state.report_requested_at and now - state.report_requested_at > REPORT_GIVE_UP:
            raise ReportFailed(
                f"Amazon did not finish the feedback report {state.report_id} in "
                f"{REPORT_GIVE_UP.total_seconds() / 3600:g} hours; a new one will be requested."
            )
        state.next_run_at = now + timedelta(seconds=settings.SYNC_REPORT_POLL_SECONDS)
        state.save(update_fields=["next_run_at"])
        result.wait(settings.SYNC_REPORT_POLL_SECONDS)
        result.note = "Amazon is preparing the feedback report."
        return
    if status == "DONE":
        document = call_amazon(
            connection,
            "getReportDocument",
            reports.get_report_document,
            report["reportDocumentId"],
            download=True,
            sleep=sleep,
        ).payload
        text = document.get("document") or ""
    elif status == "CANCELLED":
        text = ""  # Amazon cancels a report that has no data
    else:
        raise ReportFailed(f"Amazon could not produce the feedback report ({status}). A new one will be requested.")
    reported, bad = parse_feedback_report(text, state.marketplace_id, today=now.date())
    for row in bad:
        logger.warning(
            "feedback report %s of %s (%s), line %s: %s",
            state.report_id,
            connection.pk,
            state.marketplace_id,
            row.line,
            row.problem,
        )
    with transaction.atomic():
        loaded = load_report(state, reported, now=now, complete=not bad)
        state.covered_until, state.loaded_at = state.window_end, now
        state.report_id, state.last_error = "", ""
        state.last_rows, state.bad_row_count = len(reported) + len(bad), len(bad)
        state.bad_rows = [row.as_dict() for row in bad[:BAD_ROWS_KEPT]]
        state.next_run_at = now + timedelta(seconds=settings.FEEDBACK_SYNC_INTERVAL)
        state.save()
    result.loaded += 1
    result.rows += len(reported)
    result.bad_rows.extend(bad)
    result.add(loaded)


# -- what the tasks, the admin and the pages call ----------------------------------------------
def connections_due(*, now=None) -> list:
    """Active connections with a marketplace whose feedback sync is due, or never started."""
    now = now or timezone.now()
    active = AmazonConnection.objects.filter(status=AmazonConnection.Status.ACTIVE)
    due: set = set()
    known: dict = {}
    for connection_id, marketplace_id, next_run_at in FeedbackSync.objects.filter(connection__in=active).values_list(
        "connection_id", "marketplace_id", "next_run_at"
    ):
        known.setdefault(connection_id, {})[marketplace_id] = next_run_at
    for pk, marketplaces in active.values_list("pk", "marketplace_ids"):
        positions = known.get(pk, {})
        # Due: a marketplace without a position yet (a new connection, or one added), or one whose
        # time has come. Positions of marketplaces the connection no longer has do not count.
        if any(m not in positions or positions[m] <= now for m in marketplaces or []):
            due.add(pk)
    return sorted(due, key=str)


def sync_status(seller) -> list[FeedbackSync]:
    """The feedback sync of each marketplace of the seller's connections, for the page."""
    return list(
        FeedbackSync.objects.for_seller(seller)
        .select_related("connection")
        .order_by("connection__created_at", "marketplace_id")
    )


def alert_dismiss(*, alert: FeedbackAlert, now=None) -> bool:
    """The seller has seen to the alert; False when it was dismissed already."""
    return bool(
        FeedbackAlert.objects.filter(pk=alert.pk, dismissed_at__isnull=True).update(dismissed_at=now or timezone.now())
    )
