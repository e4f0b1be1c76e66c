"""When an order is delivered, as far as we know: Amazon's promised window, or our estimate.

Amazon's "deliver by" window (Orders API `fulfillment.deliverByWindow`) is what its review
request window is counted from. The order report of the first backfill carries no window, and
Amazon gives none for some orders at all; until it does, an order gets an estimate from its ship
date (or purchase date) and the marketplace's typical transit for its channel. An estimate is
only a schedule for asking Amazon: getSolicitationActionsForOrder stays the judge, and the window
Amazon gives later replaces the estimate.

The ranges are deliberately wide: a window that opens a little early costs one more check with
Amazon; one that closes too early would lose the order.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Transit:
    """Days from purchase (or from shipment, when Amazon gives the ship time) to delivery."""

    after_purchase: tuple[int, int]
    after_shipment: tuple[int, int]


# Fulfilled by Amazon: ships within a day, Prime-speed networks.
FBA = Transit(after_purchase=(1, 5), after_shipment=(1, 4))
# Fulfilled by the merchant: a handling time of one to three days, then a parcel service.
MFN = Transit(after_purchase=(2, 10), after_shipment=(1, 8))
# Marketplaces whose distances or networks make deliveries slower than the defaults above.
SLOWER: dict[str, tuple[Transit, Transit]] = {
    # code: (FBA, MFN)
    "BR": (Transit((2, 10), (1, 9)), Transit((4, 20), (2, 18))),
    "MX": (Transit((2, 8), (1, 7)), Transit((3, 15), (2, 13))),
    "AU": (Transit((2, 8), (1, 7)), Transit((3, 14), (2, 12))),
    "IN": (Transit((2, 7), (1, 6)), Transit((3, 12), (2, 10))),
    "TR": (Transit((2, 7), (1, 6)), Transit((3, 12), (2, 10))),
    "AE": (Transit((2, 7), (1, 6)), Transit((3, 12), (2, 10))),
    "SA": (Transit((2, 7), (1, 6)), Transit((3, 12), (2, 10))),
    "EG": (Transit((2, 8), (1, 7)), Transit((3, 14), (2, 12))),
    "ZA": (Transit((2, 8), (1, 7)), Transit((3, 14), (2, 12))),
}
# The longest an estimate ever runs after shipment: bounds the "shipped" trigger's reach.
LONGEST_TRANSIT = timedelta(days=max(t.after_shipment[1] for pair in SLOWER.values() for t in pair))


def transit(marketplace_code: str, fulfillment_channel: str) -> Transit:
    fba = fulfillment_channel == "AMAZON"
    pair = SLOWER.get(marketplace_code)
    if pair:
        return pair[0] if fba else pair[1]
    return FBA if fba else MFN


def estimate(
    *, marketplace_code: str, fulfillment_channel: str, purchased_at: datetime, shipped_at: datetime | None = None
) -> tuple[datetime, datetime]:
    """(earliest, latest) delivery we expect when Amazon has not given its window."""
    typical = transit(marketplace_code, fulfillment_channel)
    base, (low, high) = (shipped_at, typical.after_shipment) if shipped_at else (purchased_at, typical.after_purchase)
    return base + timedelta(days=low), base + timedelta(days=high)
