from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from ..factories import AmazonConnectionFactory, CampaignFactory, OrderFactory, SellerFactory

# A Wednesday, noon UTC: the clock every planner test starts from.
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def seller(db):
    return SellerFactory(name="Trail Co")


@pytest.fixture
def connection(seller):
    return AmazonConnectionFactory(seller=seller)


@pytest.fixture
def make_order(seller, connection):
    """An order delivered `delivered_days_ago` days before NOW (its promised delivery window)."""

    def make(delivered_days_ago=8.0, **fields):
        delivered = NOW - timedelta(days=delivered_days_ago)
        values = {
            "seller": seller,
            "connection": connection,
            "purchased_at": delivered - 4 * DAY,
            "shipped_at": delivered - 2 * DAY,
            "earliest_delivery": delivered - DAY,
            "latest_delivery": delivered,
            "status": "SHIPPED",
            "total_amount": "25.00",
            "currency": "USD",
            "synced_at": NOW - 30 * DAY,
        }
        values.update(fields)
        return OrderFactory(**values)

    return make


@pytest.fixture
def make_campaign(seller):
    def make(**fields):
        fields.setdefault("state", "active")
        return CampaignFactory(seller=seller, **fields)

    return make
