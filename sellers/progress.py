"""What the first sync of an Amazon account is doing, in plain words, from the counters the sync
writes as it goes (sellers.sync): the order report (asked for, in Amazon's queue, being prepared,
downloading, loading), then the enrichment (searchOrders pages read, weeks of orders left), then
done. The Amazon accounts page polls it while the sync runs and stops once it is done.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from common import words

from .models import AmazonConnection

Backfill = AmazonConnection.Backfill

# How often the page asks again, by phase: the report's phases change within seconds; the
# enrichment reads a page every few minutes once Amazon's burst is spent; a failed backfill is
# tried again in 15 minutes.
POLL_SECONDS = {
    Backfill.PENDING: 2,
    Backfill.REQUESTED: 2,
    Backfill.LOADING: 2,
    Backfill.ENRICHING: 5,
    Backfill.FAILED: 30,
}
DONE, CURRENT, NEXT, FAILED = "done", "current", "next", "failed"
AMAZON_REPORT_STATES = {
    "": "Asked for",
    "IN_QUEUE": "In Amazon's queue",
    "IN_PROGRESS": "Amazon is preparing it",
    "DONE": "Downloading it",
}


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """ "just now", "a minute ago", "5 minutes ago", "an hour ago", "3 hours ago", "2 days ago"."""
    if moment is None:
        return ""
    seconds = ((now or timezone.now()) - moment).total_seconds()
    if seconds < 45:
        return "just now"
    if seconds < 90:
        return "a minute ago"
    if seconds < 3600:
        return f"{max(2, int(seconds // 60))} minutes ago"
    if seconds < 5400:
        return "an hour ago"
    if seconds < 86400:
        return f"{max(2, round(seconds / 3600))} hours ago"
    if seconds < 129600:
        return "a day ago"
    return f"{max(2, round(seconds / 86400))} days ago"


def clock(moment: datetime, now: datetime | None = None) -> str:
    """'14:02 CET' today, else '3 May 2026, 14:02 CET', on the reader's clock (common.words)."""
    local, today = timezone.localtime(moment), timezone.localtime(now or timezone.now()).date()
    if local.date() == today:
        return f"{local:%H:%M} {local.tzname()}"
    return words.moment(moment)


def _weeks(span: timedelta) -> int:
    return max(1, math.ceil(span / timedelta(days=7)))


@dataclass
class Step:
    label: str
    state: str  # done, current, next, failed
    detail: str = ""


@dataclass
class SyncProgress:
    headline: str
    steps: list[Step] = field(default_factory=list)
    percent: int = 0
    finished: bool = False
    poll_seconds: int | None = None  # None: nothing changes by itself any more; stop asking

    @property
    def next_step(self) -> Step | None:
        return next((step for step in self.steps if step.state == NEXT), None)


def connection_progress(connection: AmazonConnection, *, now: datetime | None = None) -> SyncProgress:
    """Where the connection's first sync stands, step by step, and whether to ask again."""
    now = now or timezone.now()
    if connection.status != AmazonConnection.Status.ACTIVE:
        return SyncProgress(headline=connection.get_status_display(), finished=True)
    status = Backfill(connection.backfill_status)
    report, enrichment = _report_step(connection, now), _enrichment_step(connection)
    done = Step("Ready", NEXT, "New and changed orders then arrive every 5 minutes.")
    if status == Backfill.DONE:
        finished = connection.backfill_finished_at
        done = Step(
            "Ready",
            DONE,
            f"Finished {ago(finished, now)} ({clock(finished, now)}). New and changed orders arrive every 5 minutes."
            if finished
            else "New and changed orders arrive every 5 minutes.",
        )
        return SyncProgress("Your orders are in", [report, enrichment, done], 100, True, None)
    headline = {
        Backfill.PENDING: "Starting: asking Amazon for your orders",
        Backfill.REQUESTED: "Amazon is preparing your order report"
        if connection.backfill_report_status != "DONE"
        else "Downloading your order report",
        Backfill.LOADING: "Loading the orders from Amazon's report",
        Backfill.ENRICHING: "Reading Amazon's delivery dates, newest orders first",
        Backfill.FAILED: "The order report failed; it will be asked for again",
    }[status]
    return SyncProgress(headline, [report, enrichment, done], connection.backfill_percent, False, POLL_SECONDS[status])


def _report_step(connection: AmazonConnection, now: datetime) -> Step:
    label = "Order report of the last 60 days"
    status = connection.backfill_status
    if status == Backfill.PENDING:
        return Step(label, CURRENT, "Asking Amazon for it now.")
    if status == Backfill.FAILED:
        return Step(label, FAILED, connection.backfill_error or "Amazon could not produce it. We ask again soon.")
    if status == Backfill.REQUESTED:
        state = AMAZON_REPORT_STATES.get(connection.backfill_report_status, connection.backfill_report_status)
        asked = connection.backfill_requested_at
        parts = [f"{state}."]
        if asked:
            parts.append(f"Requested {ago(asked, now)} ({clock(asked, now)}); Amazon usually takes a few minutes.")
        if connection.backfill_report_checked_at:
            parts.append(f"Last checked {ago(connection.backfill_report_checked_at, now)}.")
        return Step(label, CURRENT, " ".join(parts))
    if status == Backfill.LOADING:
        return Step(label, CURRENT, f"Loading orders: {connection.backfill_done:,} of {connection.backfill_total:,}.")
    total = connection.backfill_total
    return Step(label, DONE, f"{total:,} order{'s' if total != 1 else ''} loaded.")


def _enrichment_step(connection: AmazonConnection) -> Step:
    label = "Delivery dates and buyer details"
    status = connection.backfill_status
    if status in (Backfill.PENDING, Backfill.REQUESTED, Backfill.LOADING, Backfill.FAILED):
        weeks = _weeks(timedelta(days=60))
        return Step(
            label,
            NEXT,
            f"Then: reading Amazon's delivery dates, newest orders first, about {weeks} weeks of orders. "
            "Until then orders carry an estimated delivery date, and campaigns already work with it.",
        )
    pages = connection.enrich_pages
    read = f"{pages:,} page{'s' if pages != 1 else ''} read ({connection.enrich_orders:,} orders)"
    if status == Backfill.DONE:
        return Step(label, DONE, f"{read}.")
    before, after = connection.enrich_before, connection.enrich_after
    if before and after and before > after:
        left = f"orders placed since {before.day} {before:%b} are done, about {_weeks(before - after)} weeks left"
    else:
        left = "finishing"
    return Step(
        label,
        CURRENT,
        f"{read}; {left}. Amazon allows a page of 100 orders every 3 minutes after the first 20. Until then "
        "orders carry an estimated delivery date, and campaigns already work with it.",
    )
