"""Refunds of an order, from Amazon's Finances API (2024-06-19 `listTransactions` by ORDER_ID).

The call needs the app's "Finance and Accounting" role; a seller's authorization may lack it,
and Amazon then answers 403. What Amazon said is kept on the order (refund_checked_at,
refunded_at, refund_amount) and the role's absence on the connection, so that pages can show
both and the planner can skip, with that reason, what it cannot know.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from .models import AmazonConnection, Order

OPERATION = "listTransactions"
# Transactions of one order fit one page; a few more pages bound a strange answer.
MAX_PAGES = 5


@dataclass(frozen=True)
class Refund:
    posted_at: datetime
    amount: Decimal | None  # positive: what went back to the buyer
    currency: str


def _posted(value) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None


def _is_refund(transaction: dict) -> bool:
    kind = str(transaction.get("transactionType") or "").lower()
    description = str(transaction.get("description") or "").lower()
    return "refund" in kind or "refund" in description


def first_refund(transactions: list[dict]) -> Refund | None:
    """The earliest refund among an order's transactions (Amazon calls them "Refund"), with the
    sum of every refund's amount; None when the order has none."""
    refunds = [t for t in transactions if isinstance(t, dict) and _is_refund(t)]
    if not refunds:
        return None
    total, currency, posted = Decimal("0"), "", []
    for refund in refunds:
        money = refund.get("totalAmount") or {}
        try:
            total += abs(Decimal(str(money.get("currencyAmount"))))
        except (InvalidOperation, ValueError):
            pass
        currency = currency or str(money.get("currencyCode") or "")
        moment = _posted(refund.get("postedDate"))
        if moment:
            posted.append(moment)
    return Refund(min(posted) if posted else timezone.now(), total or None, currency[:3])


def order_refund_record(*, order_pk, refund: Refund | None, now=None) -> None:
    """Keep what Amazon said about an order's refunds (found or not) and when it was asked."""
    now = now or timezone.now()
    changes = {"refund_checked_at": now}
    if refund is not None:
        changes.update(refunded_at=refund.posted_at, refund_amount=refund.amount)
    Order.objects.filter(pk=order_pk).update(**changes)


def connection_finance_role_record(*, connection_id, granted: bool, now=None) -> bool:
    """Whether the connection's authorization includes the Finance role, as Amazon's last answer
    showed; returns True when this changed what we knew."""
    role = AmazonConnection.FinanceRole.GRANTED if granted else AmazonConnection.FinanceRole.MISSING
    return (
        AmazonConnection.objects.filter(pk=connection_id)
        .exclude(finance_role=role)
        .update(finance_role=role, finance_role_checked_at=now or timezone.now())
        > 0
    )
