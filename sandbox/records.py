"""What the sandbox's Amazon is made of: the catalogue a world's orders draw from, what buyers
write with each star rating, and the records (partners, buyers, orders, feedback) it holds."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from .marketplaces import MARKETPLACES

PRODUCTS = [
    ("Insulated Steel Water Bottle 750 ml", 24.99),
    ("Ultralight Camping Hammock", 39.90),
    ("Merino Wool Hiking Socks (3 pairs)", 21.50),
    ("LED Head Torch, Rechargeable", 18.95),
    ("Trekking Poles, Carbon, Pair", 64.00),
    ("Compact Camping Stove", 32.49),
    ("Waterproof Dry Bag 20 L", 15.99),
    ("Foldable Silicone Cup Set", 12.75),
    ("Quick-Dry Travel Towel", 19.99),
    ("Emergency Bivvy Sack", 16.25),
    ("Bamboo Cutlery Set with Case", 9.99),
    ("Solar Power Bank 20000 mAh", 45.00),
]
# What buyers write with each star rating (seeded feedback for the demo world).
FEEDBACK_COMMENTS = {
    5: [
        "Fast delivery and exactly as described. Thank you!",
        "Great seller, well packed.",
        "Arrived a day early, perfect condition.",
        "Excellent service, would buy again.",
    ],
    4: ["Good item, delivery took a little longer than expected.", "As described, packaging could be better."],
    3: ["Item is fine but the box was damaged.", "OK, but it took a week longer than promised."],
    2: ["Arrived late and one part was missing.", "Not as described, the colour is different."],
    1: [
        "Never arrived and the seller did not answer.",
        "Broken on arrival, still waiting for a refund.",
        "Used item sold as new. Very disappointed.",
    ],
}
# A realistic spread: most buyers who leave seller feedback are happy; a few are not.
FEEDBACK_RATING_WEIGHTS = {5: 70, 4: 15, 3: 5, 2: 4, 1: 6}
FIRST_NAMES = ["Alex", "Sam", "Jordan", "Taylor", "Morgan", "Jamie", "Robin", "Kim", "Lena", "Yuki", "Mateo", "Sofia"]


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Buyer:
    alias: str  # the anonymized email, unique per buyer-seller pair
    name: str
    opted_out: bool


@dataclass
class Order:
    order_id: str
    partner_id: str
    marketplace_code: str
    created: datetime
    updated: datetime
    fulfilled_by: str  # AMAZON or MERCHANT
    status: str  # FulfillmentStatus
    earliest_delivery: datetime
    latest_delivery: datetime
    items: list[dict]
    buyer: Buyer
    package_status: str | None = None  # merchant-fulfilled packages only
    shipped: datetime | None = None
    business: bool = False
    promotion: bool = False
    replacement_of: str | None = None
    solicited: bool = False
    # A refund Amazon posts (it shows in the Finances API from then on), possibly in the future.
    refund_posted: datetime | None = None
    refund_amount: float = 0.0

    @property
    def marketplace(self):
        return MARKETPLACES[self.marketplace_code]


@dataclass
class Feedback:
    """Seller feedback a buyer left for one order (Amazon allows one per order)."""

    order_id: str
    rating: int
    comment: str
    left_on: date
    response: str = ""  # the seller's public reply


@dataclass
class Partner:
    partner_id: str
    store_name: str
    region: str
    marketplace_codes: list[str]
    refresh_token: str
    finance_role: bool = True  # the seller granted our app Amazon's Finance and Accounting role
    orders: dict[str, Order] = field(default_factory=dict)
    buyers: list[Buyer] = field(default_factory=list)
    feedback: dict[str, Feedback] = field(default_factory=dict)  # by order id
    _sorted: list[tuple[datetime, str]] | None = None

    def orders_by_update(self) -> list[tuple[datetime, str]]:
        if self._sorted is None:
            self._sorted = sorted((o.updated, o.order_id) for o in self.orders.values())
        return self._sorted

    def touched(self):
        self._sorted = None
