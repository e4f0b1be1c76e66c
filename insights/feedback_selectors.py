"""What the feedback page reads: the feedback list (keyset pages), open alerts and Amazon's links."""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from sellers.amazon import REGIONS
from sellers.marketplaces import marketplace as marketplace_info
from sellers.models import AmazonConnection

from . import attribution
from .models import Feedback, FeedbackAlert

PAGE_SIZE = 50
ALERTS_SHOWN = 20
# Amazon takes removal requests in Feedback Manager for 90 days after the feedback was left.
REMOVAL_WINDOW = timedelta(days=90)
# Orders this recent have mostly not been messaged nor had time for feedback yet: comparing them
# would flatter whichever group is older, so the rates leave them out.
RATE_SETTLE_DAYS = 14
RATE_PERIODS = (30, 90)

# Seller Central's host per marketplace (Amazon's "Seller Central URLs"; see
# ../shared/research/amazon-spapi.md); the unified EU account serves UK, DE, FR, IT and ES.
SELLER_CENTRAL = {
    "ATVPDKIKX0DER": "https://sellercentral.amazon.com",
    "A2EUQ1WTGCTBG2": "https://sellercentral.amazon.ca",
    "A1AM78C64UM0Y8": "https://sellercentral.amazon.com.mx",
    "A2Q3Y263D00KWC": "https://sellercentral.amazon.com.br",
    "A1F83G8C2ARO7P": "https://sellercentral-europe.amazon.com",
    "A1PA6795UKMFR9": "https://sellercentral-europe.amazon.com",
    "A13V1IB3VIYZZH": "https://sellercentral-europe.amazon.com",
    "APJ6JRA9NG5V4": "https://sellercentral-europe.amazon.com",
    "A1RKKUPIHCS9HS": "https://sellercentral-europe.amazon.com",
    "A1805IZSGTT6HS": "https://sellercentral.amazon.nl",
    "A2NODRKZP88ZB9": "https://sellercentral.amazon.se",
    "A1C3SOZRARQ6R3": "https://sellercentral.amazon.pl",
    "A33AVAJ2PDY3EV": "https://sellercentral.amazon.com.tr",
    "AMEN7PMS3EDWL": "https://sellercentral.amazon.com.be",
    "A28R8C7NBKEWEA": "https://sellercentral.amazon.ie",
    "A2VIGQ35RCS4UG": "https://sellercentral.amazon.ae",
    "A17E79C6D8DWNP": "https://sellercentral.amazon.sa",
    "ARBP9OOSHTCHU": "https://sellercentral.amazon.eg",
    "A21TJRUUN4KGV": "https://sellercentral.amazon.in",
    "AE08WJ6YKNBMC": "https://sellercentral.amazon.co.za",
    "A1VC38T7YXB528": "https://sellercentral.amazon.co.jp",
    "A39IBJ37TRP1C6": "https://sellercentral.amazon.com.au",
    "A19VAU5U5O7RUS": "https://sellercentral.amazon.sg",
}
# Feedback Manager (Performance > Feedback): each negative entry has "Request removal" there.
FEEDBACK_MANAGER_PATH = "/feedback-manager/index.html"


def feedback_manager_url(marketplace_id: str, region: str = "") -> str:
    host = SELLER_CENTRAL.get(marketplace_id)
    if host is None:
        info = marketplace_info(marketplace_id)
        host = REGIONS[(info.region if info else region) or "NA"].seller_central
    return host + FEEDBACK_MANAGER_PATH


def marketplace_name(marketplace_id: str) -> str:
    info = marketplace_info(marketplace_id)
    return info.name if info else marketplace_id


# -- the list --------------------------------------------------------------------------------
class InvalidCursor(ValueError):
    pass


def cursor_encode(feedback: Feedback) -> str:
    return f"{feedback.left_on.isoformat()}_{feedback.pk}"


def cursor_decode(token: str) -> tuple[date, uuid.UUID]:
    try:
        day, pk = token.split("_", 1)
        return date.fromisoformat(day), uuid.UUID(pk)
    except ValueError as exc:
        raise InvalidCursor("This page link is not valid (it may have been cut short).") from exc


@dataclass(frozen=True)
class FeedbackEntry:
    feedback: Feedback
    marketplace_name: str
    campaigns: list  # attribution.Attribution, oldest first


@dataclass(frozen=True)
class FeedbackPage:
    entries: list[FeedbackEntry]
    next_cursor: str | None
    first_page: bool


RATING_FILTERS = {
    "negative": Q(rating__lte=Feedback.NEGATIVE_AT_MOST),
    "neutral": Q(rating=3),
}


def feedback_page(
    seller, *, rating: str = "", marketplace_id: str = "", cursor=None, limit: int = PAGE_SIZE
) -> FeedbackPage:
    """The seller's feedback, newest first, a keyset page at a time; with the campaigns that messaged each order."""
    rows = Feedback.objects.for_seller(seller)
    if rating in RATING_FILTERS:
        rows = rows.filter(RATING_FILTERS[rating])
    if marketplace_id:
        rows = rows.filter(marketplace_id=marketplace_id)
    if cursor is not None:
        day, pk = cursor
        rows = rows.filter(Q(left_on__lt=day) | Q(left_on=day, pk__lt=pk))
    found = list(rows.order_by("-left_on", "-id")[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    sent = attribution.attributions(seller, found)
    entries = [FeedbackEntry(f, marketplace_name(f.marketplace_id), sent.get(f.pk, [])) for f in found]
    return FeedbackPage(entries, cursor_encode(found[-1]) if more else None, cursor is None)


def feedback_entry(seller, pk) -> FeedbackEntry | None:
    """One of the seller's feedback, as the list shows it; None when the seller has no such feedback."""
    found = Feedback.objects.for_seller(seller).filter(pk=pk).first()
    if found is None:
        return None
    sent = attribution.attributions(seller, [found])
    return FeedbackEntry(found, marketplace_name(found.marketplace_id), sent.get(found.pk, []))


def seller_marketplaces(seller) -> list[tuple[str, str]]:
    """(id, name) of the marketplaces of the seller's Amazon accounts, for the filter."""
    ids: list[str] = []
    for marketplace_ids in AmazonConnection.objects.for_seller(seller).values_list("marketplace_ids", flat=True):
        ids.extend(m for m in marketplace_ids or [] if m not in ids)
    return sorted(((m, marketplace_name(m)) for m in ids), key=lambda pair: pair[1])


# -- alerts ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class OpenAlert:
    alert: FeedbackAlert
    feedback: Feedback
    marketplace_name: str
    removal_url: str
    removal_until: date

    @property
    def removal_open(self) -> bool:
        return self.removal_until >= timezone.now().date()


BADGE_MOST = 99


def open_alert_count(seller) -> int:
    """Open (not dismissed) negative-feedback alerts: one count over a partial index."""
    return FeedbackAlert.objects.for_seller(seller).filter(dismissed_at__isnull=True).count()


def open_alert_badge(seller) -> int:
    """Open alerts for the navigation's badge, at most BADGE_MOST + 1 ("99+"): a LIMIT over the partial
    index, whose cost does not grow with the alerts, on every page."""
    open_ids = (
        FeedbackAlert.objects.for_seller(seller)
        .filter(dismissed_at__isnull=True)
        .order_by()
        .values_list("pk", flat=True)
    )
    return len(open_ids[: BADGE_MOST + 1])


def open_alerts(seller, *, limit: int = ALERTS_SHOWN) -> list[OpenAlert]:
    alerts = (
        FeedbackAlert.objects.for_seller(seller)
        .filter(dismissed_at__isnull=True)
        .select_related("feedback__connection")
        .order_by("-created_at")[:limit]
    )
    return [
        OpenAlert(
            a,
            a.feedback,
            marketplace_name(a.feedback.marketplace_id),
            feedback_manager_url(a.feedback.marketplace_id, a.feedback.connection.region),
            a.feedback.left_on + REMOVAL_WINDOW,
        )
        for a in alerts
    ]


# -- the rates -------------------------------------------------------------------------------
def rate_periods(seller, *, today=None) -> list[attribution.FeedbackRates]:
    """The feedback rates of the orders placed in the last 30 and 90 days, leaving out the most recent ones."""
    today = today or timezone.now().date()
    until = today - timedelta(days=RATE_SETTLE_DAYS)
    return attribution.feedback_rates_for_periods(
        seller, [(until - timedelta(days=days), until) for days in RATE_PERIODS]
    )
