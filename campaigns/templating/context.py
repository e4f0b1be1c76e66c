"""What a template can read: the variables of one order, as plain data.

The context holds only plain values: strings, numbers, dates and datetimes, and two tiny frozen
dataclasses (`Product`, `Money`). Never a model instance, a queryset or a callable, so nothing a
template reads can reach the database or the order's model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from sellers.marketplaces import MARKETPLACES, marketplace

# The variables a template may use: name -> one line of help for the editor.
VARIABLES: dict[str, str] = {
    "order_id": "Amazon order number, e.g. 113-4567890-1234567.",
    "marketplace": "The Amazon store the order was placed on, e.g. Amazon.de.",
    "seller_name": "Your business name.",
    "purchase_date": 'When the buyer placed the order. Use {{ purchase_date|date }} or |date("long").',
    "ship_date": "When the order shipped; empty if it has not shipped yet.",
    "delivery_date": "The latest delivery date Amazon promised; may be empty.",
    "products": "The order's products, each with title, asin, sku and quantity: {% for p in products %}.",
    "product_title": "The title of the first product in the order.",
    "item_count": "How many items the order holds (the sum of the quantities).",
    "order_total": "The order total with its currency, or empty. Use {{ order_total|money }}.",
}


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of money in one currency. `{{ order_total|money }}` formats it for the buyer."""

    amount: Decimal
    currency: str

    def __str__(self):
        return f"{self.amount} {self.currency}"


@dataclass(frozen=True, slots=True)
class Product:
    """One line of an order as a template sees it."""

    title: str
    asin: str
    sku: str
    quantity: int


def order_context(order, *, seller_name: str) -> dict[str, Any]:
    """The variables of VARIABLES for one order (an Order, or anything with the same attributes).

    Only plain data: datetimes are shown in the marketplace's time zone, products and the total
    become frozen dataclasses. Nothing in it can reach the database or the order's model.
    """
    market = marketplace(order.marketplace_id)
    zone = ZoneInfo(market.time_zone) if market else UTC
    products = [
        Product(
            title=str(item.get("title") or ""),
            asin=str(item.get("asin") or ""),
            sku=str(item.get("sku") or ""),
            quantity=int(item.get("quantity") or 0),
        )
        for item in (order.items or [])
    ]
    currency = order.currency or (market.currency if market else "")
    total = None
    if order.total_amount is not None and currency:
        total = Money(Decimal(str(order.total_amount)), currency)
    return {
        "order_id": str(order.amazon_order_id),
        "marketplace": market.name if market else "Amazon",
        "seller_name": str(seller_name),
        "purchase_date": _local(order.purchased_at, zone),
        "ship_date": _local(order.shipped_at, zone),
        "delivery_date": _local(order.latest_delivery, zone),
        "products": products,
        "product_title": products[0].title if products else "",
        "item_count": sum(product.quantity for product in products),
        "order_total": total,
    }


def _local(value, zone):
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone)
    return value


_SAMPLE_TITLES = {
    "en": ("Stainless steel water bottle, 750 ml", "Bottle cleaning brush"),
    "de": ("Edelstahl-Trinkflasche, 750 ml", "Flaschenbürste"),
    "ja": ("ステンレス水筒 750ml", "ボトル洗浄ブラシ"),
}


def sample_context(marketplace_id: str = "ATVPDKIKX0DER", *, sparse: bool = False) -> dict[str, Any]:
    """A realistic context for previews and trial renders: two products, all dates and a total.

    With sparse=True the order has not shipped, has no promised delivery date and no total yet.
    """
    market = marketplace(marketplace_id) or MARKETPLACES["ATVPDKIKX0DER"]
    titles = _SAMPLE_TITLES.get(market.language[:2], _SAMPLE_TITLES["en"])
    order = SimpleNamespace(
        amazon_order_id="113-4567890-1234567",
        marketplace_id=market.id,
        purchased_at=datetime(2025, 3, 3, 14, 30, tzinfo=UTC),
        shipped_at=None if sparse else datetime(2025, 3, 4, 9, 15, tzinfo=UTC),
        latest_delivery=None if sparse else datetime(2025, 3, 7, 20, 0, tzinfo=UTC),
        total_amount=None if sparse else (Decimal("4780") if market.currency == "JPY" else Decimal("41.97")),
        currency="" if sparse else market.currency,
        items=[
            {
                "order_item_id": "1",
                "asin": "B0SAMPLE01",
                "sku": "BOTTLE-750",
                "title": titles[0],
                "quantity": 2,
                "unit_price": "15.99",
            },
            {
                "order_item_id": "2",
                "asin": "B0SAMPLE02",
                "sku": "BRUSH-1",
                "title": titles[1],
                "quantity": 1,
                "unit_price": "9.99",
            },
        ],
    )
    return order_context(order, seller_name="Example Store")


SYNTHETIC = ("A1F83G8C2ARO7P", "en-GB", "Europe/London")  # Amazon.co.uk: marketplace, locale, time zone


def synthetic_context() -> dict:
    """An order unlike the editor's sample in every value a template can test: another
    marketplace, order id, dates, products and total. Validation renders it too, so that
    `{% if order_id != '<the sample's id>' %}` does not hide a branch from the checks."""
    order = SimpleNamespace(
        amazon_order_id="206-3318842-9071546",
        marketplace_id=SYNTHETIC[0],
        purchased_at=datetime(2026, 1, 19, 7, 5, tzinfo=UTC),
        shipped_at=datetime(2026, 1, 20, 16, 40, tzinfo=UTC),
        latest_delivery=datetime(2026, 1, 24, 21, 0, tzinfo=UTC),
        total_amount=Decimal("57.40"),
        currency="GBP",
        items=[
            {"asin": "B0SYNTH001", "sku": "SOCK-M-3", "title": "Merino hiking socks, 3 pairs", "quantity": 1},
            {"asin": "B0SYNTH002", "sku": "CUP-FOLD", "title": "Collapsible silicone cup", "quantity": 3},
            {"asin": "B0SYNTH003", "sku": "CLIP-6", "title": "Carabiner clip set, 6 pieces", "quantity": 1},
        ],
    )
    return order_context(order, seller_name="Northwind Outfitters")


def synthetic_job(source: str) -> tuple:
    """(source, context, locale, time zone): the template rendered for the synthetic order."""
    return source, synthetic_context(), SYNTHETIC[1], SYNTHETIC[2]
