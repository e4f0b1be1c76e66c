"""Factories for test data. Every tenant-owned model has one here; the isolation test checks."""

import uuid
from datetime import timedelta

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from alerts.models import Alert, AlertDelivery, AlertPreferences
from api.models import APIKey
from campaigns.models import Campaign, Dispatch, MessageTemplate
from eventlog.models import Event
from insights.models import Feedback, FeedbackAlert
from messaging.models import DailySends
from optouts.models import (
    BlockedBuyer,
    InboundAddress,
    InboundDailyUsage,
    InboundMessage,
    NoticeOrder,
    OrderOptOut,
)
from sellers.buyers import buyer_key
from sellers.models import AmazonConnection, Invitation, Membership, Order, Role, Seller, User
from webhooks.models import Delivery, DeliveryAttempt, Endpoint

PASSWORD = "correct-horse-battery-staple"
_PASSWORD_HASH = None


def password_hash():
    # Hashing is deliberately slow; hash the shared test password once per run.
    global _PASSWORD_HASH
    if _PASSWORD_HASH is None:
        _PASSWORD_HASH = make_password(PASSWORD)
    return _PASSWORD_HASH


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.LazyFunction(password_hash)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """Users are verified unless a test says otherwise (verified=False)."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class SellerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seller

    name = factory.Sequence(lambda n: f"Seller {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    seller = factory.SubFactory(SellerFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.OWNER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    seller = factory.SubFactory(SellerFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    role = Role.VIEWER


class InboundAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboundAddress
        django_get_or_create = ["seller"]

    seller = factory.SubFactory(SellerFactory)


def raw_email(subject="Hello", message_id=None, body="Hi there", to="x@inbound.localhost"):
    message_id = message_id or f"<{factory.Faker._get_faker().uuid4()}@example.com>"
    return (
        f"From: Amazon <seller-notification@amazon.com>\r\nTo: {to}\r\nSubject: {subject}\r\n"
        f"Message-ID: {message_id}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


class InboundMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboundMessage

    seller = factory.SubFactory(SellerFactory)
    source = InboundMessage.Source.SMTP
    recipient = "token@inbound.localhost"
    subject = "Hello"
    raw = factory.LazyAttribute(lambda o: raw_email(subject=o.subject))
    sha256 = factory.LazyAttribute(lambda o: InboundMessage.digest(o.raw))
    size = factory.LazyAttribute(lambda o: len(o.raw))


class AmazonConnectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AmazonConnection

    seller = factory.SubFactory(SellerFactory)
    selling_partner_id = factory.Sequence(lambda n: f"A{n:013d}")
    region = "NA"
    store_name = factory.Sequence(lambda n: f"Store {n}")
    marketplace_ids = factory.LazyFunction(lambda: ["ATVPDKIKX0DER"])
    refresh_token = factory.Sequence(lambda n: f"Atzr|test-{n}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=365))
    backfill_status = AmazonConnection.Backfill.DONE


def sandbox_connection(seller, partner: dict, **extra) -> AmazonConnection:
    """The seller's connection to a sandbox Amazon partner, before its first sync (unless `extra`
    says otherwise)."""
    return AmazonConnectionFactory(
        seller=seller,
        selling_partner_id=partner["selling_partner_id"],
        region=partner["region"],
        marketplace_ids=partner["marketplace_ids"],
        refresh_token=partner["refresh_token"],
        **{"backfill_status": AmazonConnection.Backfill.PENDING, **extra},
    )


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    connection = factory.SubFactory(AmazonConnectionFactory, seller=factory.SelfAttribute("..seller"))
    seller = factory.SubFactory(SellerFactory)
    amazon_order_id = factory.Sequence(lambda n: f"111-{n:07d}-0000001")
    marketplace_id = "ATVPDKIKX0DER"
    purchased_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    last_updated_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    fulfillment_channel = "MERCHANT"
    status = "SHIPPED"
    items = factory.LazyFunction(
        lambda: [
            {
                "order_item_id": "1",
                "asin": "B0TEST0001",
                "sku": "SKU-1",
                "title": "Trail bottle",
                "quantity": 1,
                "unit_price": "19.99",
            }
        ]
    )


def delivered_order(connection: AmazonConnection, *, delivered_at, **fields) -> Order:
    """A shipped order of the connection's seller, delivered at `delivered_at` (bought four days and
    shipped two before), with a buyer of its own."""
    values = {
        "seller": connection.seller,
        "connection": connection,
        "purchased_at": delivered_at - timedelta(days=4),
        "shipped_at": delivered_at - timedelta(days=2),
        "earliest_delivery": delivered_at - timedelta(days=1),
        "latest_delivery": delivered_at,
        "status": "SHIPPED",
        "buyer_key": buyer_key(f"{uuid.uuid4().hex}@marketplace.amazon.com"),
    }
    return OrderFactory(**(values | fields))


class OrderOptOutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderOptOut

    seller = factory.SubFactory(SellerFactory)
    amazon_order_id = factory.Sequence(lambda n: f"205-{n:07d}-0000002")
    source = "manual"


class NoticeOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NoticeOrder

    seller = factory.SubFactory(SellerFactory)
    message = factory.SubFactory(InboundMessageFactory, seller=factory.SelfAttribute("..seller"))
    amazon_order_id = factory.Sequence(lambda n: f"206-{n:07d}-0000003")


class BlockedBuyerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlockedBuyer

    seller = factory.SubFactory(SellerFactory)
    amazon_order_id = factory.Sequence(lambda n: f"207-{n:07d}-0000004")
    reason = "Asked not to be contacted"


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    seller = factory.SubFactory(SellerFactory)
    name = factory.Sequence(lambda n: f"Campaign {n}")
    kind = "review_request"
    trigger = Campaign.Trigger.DELIVERED
    delay_minutes = 7 * 24 * 60
    send_days = factory.LazyFunction(lambda: [0, 1, 2, 3, 4, 5, 6])
    send_from_hour = 0
    send_until_hour = 24


class MessageTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MessageTemplate

    campaign = factory.SubFactory(CampaignFactory, seller=factory.SelfAttribute("..seller"), kind="confirm_delivery")
    seller = factory.SubFactory(SellerFactory)
    language = "en"
    body = "Hello, we would like to agree a delivery time for order {{ order_id }}. Which day suits you?"


class DispatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dispatch

    seller = factory.SubFactory(SellerFactory)
    campaign = factory.SubFactory(CampaignFactory, seller=factory.SelfAttribute("..seller"))
    order = factory.SubFactory(OrderFactory, seller=factory.SelfAttribute("..seller"))
    connection = factory.SelfAttribute("order.connection")
    kind = factory.SelfAttribute("campaign.kind")
    requests_review = factory.LazyAttribute(lambda d: d.campaign.kind_info.requests_review)
    scheduled_for = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))


class DailySendsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailySends

    seller = factory.SubFactory(SellerFactory)
    connection = factory.SubFactory(AmazonConnectionFactory, seller=factory.SelfAttribute("..seller"))
    day = factory.LazyFunction(lambda: timezone.now().date())
    sent = 1


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    seller = factory.SubFactory(SellerFactory)
    connection = factory.SubFactory(AmazonConnectionFactory, seller=factory.SelfAttribute("..seller"))
    amazon_order_id = factory.Sequence(lambda n: f"112-{n:07d}-0000003")
    marketplace_id = "ATVPDKIKX0DER"
    rating = 5
    comment = "Arrived quickly, exactly as described."
    left_on = factory.LazyFunction(lambda: timezone.now().date())


class FeedbackAlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackAlert

    seller = factory.SubFactory(SellerFactory)
    feedback = factory.SubFactory(
        FeedbackFactory, seller=factory.SelfAttribute("..seller"), rating=1, comment="Broke on the first day."
    )


class AlertPreferencesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertPreferences

    seller = factory.SubFactory(SellerFactory)
    membership = factory.SubFactory(MembershipFactory, seller=factory.SelfAttribute("..seller"))
    digest = "daily"


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    seller = factory.SubFactory(SellerFactory)
    kind = "quota"
    key = factory.Sequence(lambda n: f"2026-03:90:{n}")
    context = factory.LazyFunction(
        lambda: {
            "month": "2026-03",
            "used": 9000,
            "quota": 10000,
            "percent": 90,
            "threshold": 90,
            "resets_on": "2026-04-01",
        }
    )


class AlertDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertDelivery

    seller = factory.SubFactory(SellerFactory)
    alert = factory.SubFactory(AlertFactory, seller=factory.SelfAttribute("..seller"))
    user = factory.SubFactory(UserFactory)
    email = factory.SelfAttribute("user.email")
    subject = "90% of this month's message quota used"
    sent_at = factory.LazyFunction(timezone.now)


class InboundDailyUsageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboundDailyUsage

    seller = factory.SubFactory(SellerFactory)
    day = factory.LazyFunction(lambda: timezone.now().date())
    messages = 3


class APIKeyFactory(factory.django.DjangoModelFactory):
    """A key row; its plaintext is unknown (tests that call the API use api.services.api_key_create)."""

    class Meta:
        model = APIKey

    seller = factory.SubFactory(SellerFactory)
    membership = factory.SubFactory(MembershipFactory, seller=factory.SelfAttribute("..seller"))
    name = factory.Sequence(lambda n: f"Integration {n}")
    scope = APIKey.Scope.READ
    prefix = factory.Sequence(lambda n: f"{n:012x}")
    digest = factory.Sequence(lambda n: f"{n:064x}")
    created_by_email = factory.SelfAttribute("membership.user.email")


class EndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endpoint

    seller = factory.SubFactory(SellerFactory)
    url = factory.Sequence(lambda n: f"http://127.0.0.1:9/hooks/{n}")
    url_display = factory.SelfAttribute("url")
    event_types = factory.LazyFunction(lambda: ["message.sent", "optout.learned"])
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    seller_id = factory.LazyFunction(lambda: SellerFactory().pk)
    type = "message.sent"
    data = factory.LazyFunction(lambda: {"order_id": "111-0000000-0000001"})
    created_at = factory.LazyFunction(timezone.now)
    fanned_out_at = factory.LazyFunction(timezone.now)


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delivery

    seller = factory.SubFactory(SellerFactory)
    endpoint = factory.SubFactory(EndpointFactory, seller=factory.SelfAttribute("..seller"))
    event = factory.SubFactory(EventFactory, seller_id=factory.SelfAttribute("..seller.pk"))
    event_seq = factory.SelfAttribute("event.pk")
    event_type = factory.SelfAttribute("event.type")
    state = Delivery.State.DELIVERED
    attempts = 1
    last_status = 200
    next_attempt_at = factory.LazyFunction(timezone.now)
    pending_since = factory.LazyFunction(timezone.now)


class DeliveryAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryAttempt

    seller = factory.SubFactory(SellerFactory)
    delivery = factory.SubFactory(DeliveryFactory, seller=factory.SelfAttribute("..seller"))
    at = factory.LazyFunction(timezone.now)
    status = 200
    response_body = "ok"


TENANT_FACTORIES = {
    APIKey: APIKeyFactory,
    Endpoint: EndpointFactory,
    Delivery: DeliveryFactory,
    DeliveryAttempt: DeliveryAttemptFactory,
    InboundDailyUsage: InboundDailyUsageFactory,
    AlertPreferences: AlertPreferencesFactory,
    Alert: AlertFactory,
    AlertDelivery: AlertDeliveryFactory,
    Feedback: FeedbackFactory,
    FeedbackAlert: FeedbackAlertFactory,
    DailySends: DailySendsFactory,
    Campaign: CampaignFactory,
    MessageTemplate: MessageTemplateFactory,
    Dispatch: DispatchFactory,
    Membership: MembershipFactory,
    Invitation: InvitationFactory,
    InboundAddress: InboundAddressFactory,
    InboundMessage: InboundMessageFactory,
    AmazonConnection: AmazonConnectionFactory,
    Order: OrderFactory,
    OrderOptOut: OrderOptOutFactory,
    NoticeOrder: NoticeOrderFactory,
    BlockedBuyer: BlockedBuyerFactory,
}
