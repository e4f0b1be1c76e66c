"""A seller with campaigns, orders and dispatches in every state, for the dashboard's tests.

Dispatches are written as the planner and the outbox leave them: an ended one carries its
`finished_at`, its language once a message went out, and its order's marketplace through the order.
"""

import itertools
from datetime import timedelta

from campaigns.models import Dispatch
from sellers.models import AmazonConnection, Order

from ..factories import AmazonConnectionFactory, CampaignFactory, OrderFactory

US, DE, UK = "ATVPDKIKX0DER", "A1PA6795UKMFR9", "A1F83G8C2ARO7P"
State = Dispatch.State
_order_numbers = itertools.count(1)


class World:
    def __init__(self, seller, *, now):
        self.seller = seller
        self.now = now
        self.na = AmazonConnectionFactory(seller=seller, store_name="North America", marketplace_ids=[US])
        self.eu = AmazonConnectionFactory(seller=seller, region="EU", store_name="Europe", marketplace_ids=[DE, UK])
        self.review = CampaignFactory(seller=seller, name="Review request", state="active", priority=10)
        self.delivery = CampaignFactory(
            seller=seller, name="Delivery slots", kind="confirm_delivery", state="active", priority=20
        )

    def connection_for(self, marketplace_id) -> AmazonConnection:
        return self.na if marketplace_id == US else self.eu

    def order(self, marketplace_id=US) -> Order:
        number = next(_order_numbers)
        prefix = "111" if marketplace_id == US else "302"
        return OrderFactory(
            seller=self.seller,
            connection=self.connection_for(marketplace_id),
            marketplace_id=marketplace_id,
            amazon_order_id=f"{prefix}-{number:07d}-{number % 97:07d}",
        )

    def dispatch(
        self,
        state,
        *,
        ago=timedelta(hours=1),
        campaign=None,
        marketplace_id=US,
        language=None,
        order=None,
        scheduled_for=None,
    ) -> Dispatch:
        """One dispatch that ended `ago` before now (or, open, is due then: negative `ago` is the future)."""
        campaign = campaign or self.review
        order = order or self.order(marketplace_id)
        at = self.now - ago
        ended = state not in Dispatch.OPEN_STATES
        if language is None:
            # Amazon writes review requests in the buyer's language itself; our texts go out in theirs.
            speaks = "de" if marketplace_id == DE else "en"
            language = speaks if state == State.SENT and campaign.kind_info.seller_text else ""
        return Dispatch.objects.create(
            seller=self.seller,
            campaign=campaign,
            order=order,
            connection_id=order.connection_id,
            kind=campaign.kind,
            requests_review=campaign.kind_info.requests_review,
            priority=campaign.priority,
            state=state,
            scheduled_for=scheduled_for or (at - timedelta(minutes=5) if ended else at),
            expires_at=at + timedelta(days=20),
            finished_at=at if ended else None,
            language=language,
            created_at=at - timedelta(days=1),
            updated_at=at,
        )
