"""What the API reads and writes, as JSON. Output serializers only shape what the selectors
return; input serializers only parse and bound the request: the rules stay in the services."""

from rest_framework import serializers

from campaigns.models import Campaign, Dispatch
from messaging.order_selectors import FULFILLMENT_CHANNELS, ORDER_STATUSES
from sellers.marketplaces import MARKETPLACES, marketplace

from .pagination import DEFAULT_PAGE_SIZE, MAX_CURSOR_LENGTH, MAX_PAGE_SIZE

MARKETPLACE_IDS = sorted(MARKETPLACES)
ORDER_ID_LENGTH = 40


# -- problems (the schema of every error) -------------------------------------------------------
class ProblemErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    pointer = serializers.CharField(
        required=False, help_text="A JSON pointer to the field of the body, e.g. `#/reason`."
    )
    parameter = serializers.CharField(required=False, help_text="The query parameter or header.")


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem detail."""

    type = serializers.URLField(help_text="Names the kind of problem; its address describes it.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(required=False)
    errors = ProblemErrorSerializer(many=True, required=False)


# -- query parameters ---------------------------------------------------------------------------
class PageQuery(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE)
    cursor = serializers.CharField(
        max_length=MAX_CURSOR_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="The `next_cursor` of the previous page.",
    )


class DateRangeMixin:
    range_fields = ("", "")

    def validate(self, attrs):
        start, end = (attrs.get(name) for name in self.range_fields)
        if start and end and start > end:
            raise serializers.ValidationError({self.range_fields[1]: "The end date is before the start date."})
        return attrs


class OrderQuery(DateRangeMixin, PageQuery):
    range_fields = ("purchased_from", "purchased_to")

    marketplace = serializers.ChoiceField(choices=MARKETPLACE_IDS, required=False, help_text="A marketplace id.")
    fulfillment = serializers.ChoiceField(choices=sorted(FULFILLMENT_CHANNELS), required=False)
    status = serializers.ChoiceField(choices=ORDER_STATUSES, required=False, help_text="Amazon's order status.")
    purchased_from = serializers.DateField(required=False, help_text="UTC day, inclusive.")
    purchased_to = serializers.DateField(required=False, help_text="UTC day, inclusive.")
    messaged = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Whether a campaign's message to it was sent."
    )
    order_id = serializers.CharField(
        max_length=ORDER_ID_LENGTH, required=False, help_text="An Amazon order id, or its beginning."
    )


class MessageQuery(DateRangeMixin, PageQuery):
    range_fields = ("scheduled_from", "scheduled_to")

    state = serializers.ChoiceField(choices=Dispatch.State.choices, required=False)
    campaign = serializers.UUIDField(required=False, help_text="A campaign id.")
    marketplace = serializers.ChoiceField(choices=MARKETPLACE_IDS, required=False)
    scheduled_from = serializers.DateField(required=False, help_text="UTC day, inclusive.")
    scheduled_to = serializers.DateField(required=False, help_text="UTC day, inclusive.")
    order_id = serializers.CharField(max_length=ORDER_ID_LENGTH, required=False, help_text="An exact Amazon order id.")


class CampaignQuery(PageQuery):
    include_archived = serializers.BooleanField(required=False, default=False)


class FeedbackQuery(PageQuery):
    rating = serializers.ChoiceField(
        choices=[("negative", "1-2 stars"), ("neutral", "3 stars")], required=False, allow_blank=True, default=""
    )
    marketplace = serializers.ChoiceField(choices=MARKETPLACE_IDS, required=False, allow_blank=True, default="")


class AlertQuery(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=100, default=20)


class SummaryQuery(serializers.Serializer):
    days = serializers.ChoiceField(choices=[7, 30, 90], default=30, help_text="The last 7, 30 or 90 UTC days.")


# -- bodies -------------------------------------------------------------------------------------
class BlocklistAddSerializer(serializers.Serializer):
    amazon_order_id = serializers.CharField(max_length=ORDER_ID_LENGTH, help_text="Like 111-1234567-1234567.")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


# -- the key ------------------------------------------------------------------------------------
class SellerRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class KeySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="key.id")
    name = serializers.CharField(source="key.name")
    prefix = serializers.CharField(source="key.prefix")
    scope = serializers.CharField(source="key.scope")
    role = serializers.CharField(help_text="What the key may do now: its scope, capped by its creator's role.")
    seller = SellerRefSerializer()


# -- orders -------------------------------------------------------------------------------------
class OrderItemSerializer(serializers.Serializer):
    order_item_id = serializers.CharField()
    asin = serializers.CharField(allow_blank=True)
    sku = serializers.CharField(allow_blank=True)
    title = serializers.CharField(allow_blank=True)
    quantity = serializers.IntegerField(allow_null=True)
    unit_price = serializers.CharField(allow_null=True)


class OrderSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    amazon_order_id = serializers.CharField()
    marketplace_id = serializers.CharField()
    marketplace_name = serializers.SerializerMethodField()
    store_name = serializers.CharField(source="connection.store_name")
    purchased_at = serializers.DateTimeField()
    last_updated_at = serializers.DateTimeField()
    fulfillment = serializers.SerializerMethodField(help_text="FBA or FBM.")
    status = serializers.CharField(help_text="Amazon's order status.")
    is_delivered = serializers.BooleanField()
    is_returned = serializers.BooleanField()
    is_business = serializers.BooleanField()
    shipped_at = serializers.DateTimeField(allow_null=True)
    earliest_delivery = serializers.DateTimeField(allow_null=True)
    latest_delivery = serializers.DateTimeField(allow_null=True)
    delivery_estimated = serializers.BooleanField(help_text="The delivery window is our estimate, not Amazon's.")
    total_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    currency = serializers.CharField(allow_blank=True)
    refunded_at = serializers.DateTimeField(allow_null=True)
    messaged = serializers.BooleanField(help_text="A campaign's message to this order was sent.")
    items = OrderItemSerializer(many=True)

    def get_marketplace_name(self, order) -> str:
        place = marketplace(order.marketplace_id)
        return place.name if place else order.marketplace_id

    def get_fulfillment(self, order) -> str:
        return "FBA" if order.fulfillment_channel == FULFILLMENT_CHANNELS["FBA"] else "FBM"


class OrderPageSerializer(serializers.Serializer):
    results = OrderSerializer(many=True)
    next_cursor = serializers.CharField(allow_blank=True, help_text="Empty on the last page.")


class CampaignRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    state = serializers.ChoiceField(choices=Campaign.State.choices)


class DispatchRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    state = serializers.ChoiceField(choices=Dispatch.State.choices)
    reason = serializers.CharField(allow_blank=True)


class OutcomeSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="send, waiting, skipped or blocked.")
    reason = serializers.CharField(allow_blank=True, help_text="Why not, as a code.")
    detail = serializers.CharField(allow_blank=True)
    at = serializers.DateTimeField(allow_null=True, help_text="When it would be sent.")
    estimated = serializers.BooleanField(help_text="The times rest on an estimated delivery window.")


class ExplanationSerializer(serializers.Serializer):
    campaign = CampaignRefSerializer()
    summary = serializers.CharField(help_text="What the campaign did with the order, or why not, in words.")
    dispatch = DispatchRefSerializer(allow_null=True, help_text="Its message, once the campaign planned one.")
    outcome = OutcomeSerializer(allow_null=True, help_text="What its rules say now, while it planned none.")


class WhyNotSerializer(serializers.Serializer):
    order = serializers.UUIDField(source="order.id")
    amazon_order_id = serializers.CharField(source="order.amazon_order_id")
    campaigns = ExplanationSerializer(many=True)


# -- messages -----------------------------------------------------------------------------------
class MessageSerializer(serializers.Serializer):
    """One message a campaign planned for an order (a dispatch), and what became of it."""

    id = serializers.UUIDField(source="dispatch.id")
    order = serializers.UUIDField(source="dispatch.order_id")
    amazon_order_id = serializers.CharField(source="dispatch.order.amazon_order_id")
    marketplace_id = serializers.CharField(source="dispatch.order.marketplace_id")
    marketplace_name = serializers.CharField()
    campaign = CampaignRefSerializer(source="dispatch.campaign")
    kind = serializers.CharField(source="dispatch.kind")
    state = serializers.ChoiceField(source="dispatch.state", choices=Dispatch.State.choices)
    state_label = serializers.CharField(source="dispatch.get_state_display")
    reason = serializers.CharField(source="dispatch.reason", allow_blank=True)
    scheduled_for = serializers.DateTimeField(source="dispatch.scheduled_for")
    finished_at = serializers.DateTimeField(source="dispatch.finished_at", allow_null=True)
    attempts = serializers.IntegerField(source="dispatch.attempts")
    last_error = serializers.CharField(source="dispatch.last_error", allow_blank=True)
    language = serializers.CharField(source="dispatch.language", allow_blank=True)
    amazon_response_id = serializers.CharField(source="dispatch.amazon_response_id", allow_blank=True)


class MessagePageSerializer(serializers.Serializer):
    results = MessageSerializer(many=True)
    next_cursor = serializers.CharField(allow_blank=True, help_text="Empty on the last page.")


# -- campaigns ----------------------------------------------------------------------------------
class CampaignSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    state = serializers.ChoiceField(choices=Campaign.State.choices)
    paused_reason = serializers.CharField(allow_blank=True, help_text="Why the service paused it, if it did.")
    priority = serializers.IntegerField()
    trigger = serializers.ChoiceField(choices=Campaign.Trigger.choices)
    delay_minutes = serializers.IntegerField()
    marketplaces = serializers.ListField(child=serializers.CharField(), help_text="Empty means all.")
    fulfillment = serializers.CharField(allow_blank=True, help_text="AMAZON, MERCHANT, or empty for both.")
    default_language = serializers.CharField()
    created_at = serializers.DateTimeField()
    activated_at = serializers.DateTimeField(allow_null=True)
    scheduled = serializers.IntegerField(source="scheduled_count", help_text="Messages waiting to go out.")
    sent = serializers.IntegerField(source="sent_count")
    blocked = serializers.IntegerField(source="blocked_count", help_text="Stopped by an opt-out or your blocklist.")


class CampaignPageSerializer(serializers.Serializer):
    results = CampaignSerializer(many=True)
    next_cursor = serializers.CharField(allow_blank=True, help_text="Empty on the last page.")


# -- blocklist and opt-outs ---------------------------------------------------------------------
class BlockedBuyerSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    amazon_order_id = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    added_by = serializers.EmailField(source="created_by.email", allow_null=True, default=None)


class BlocklistPageSerializer(serializers.Serializer):
    results = BlockedBuyerSerializer(many=True)
    next_cursor = serializers.CharField(allow_blank=True, help_text="Empty on the last page.")


class OwnOptOutSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    amazon_order_id = serializers.CharField()
    source = serializers.CharField()
    source_label = serializers.CharField(source="get_source_display")
    created_at = serializers.DateTimeField()
    added_by = serializers.EmailField(source="created_by.email", allow_null=True, default=None)


class OwnOptOutPageSerializer(serializers.Serializer):
    results = OwnOptOutSerializer(many=True)
    next_cursor = serializers.CharField(allow_blank=True, help_text="Empty on the last page.")


class AmazonOptOutSerializer(serializers.Serializer):
    """One of the seller's orders whose buyer opted out on Amazon (the shared table, by Amazon's word)."""

    order = serializers.UUIDField(source="order_pk")
    amazon_order_id = serializers.CharField(source="order_id")
    purchased_at = serializers.DateTimeField()
    source_label = serializers.CharField(source="source")
    learned_here = serializers.BooleanField(help_text="Learned from this seller's own notices.")
    since = serializers.DateTimeField()


class AmazonOptOutPageSerializer(serializers.Serializer):
    results = AmazonOptOutSerializer(many=True)
    next_cursor = serializers.CharField(allow_blank=True, help_text="Empty on the last page.")


# -- feedback -----------------------------------------------------------------------------------
class AttributionSerializer(serializers.Serializer):
    campaign = serializers.UUIDField(source="campaign_id")
    campaign_name = serializers.CharField()
    sent_at = serializers.DateTimeField()
    counts = serializers.BooleanField(help_text="Sent on or before the day the feedback was left.")


class FeedbackFieldsSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    amazon_order_id = serializers.CharField()
    order = serializers.UUIDField(source="order_id", allow_null=True)
    marketplace_id = serializers.CharField(allow_blank=True)
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(allow_blank=True)
    left_on = serializers.DateField()
    removed_at = serializers.DateTimeField(allow_null=True, help_text="When it left Amazon's report, if it did.")


class FeedbackSerializer(serializers.Serializer):
    feedback = FeedbackFieldsSerializer()
    marketplace_name = serializers.CharField()
    messages = AttributionSerializer(source="campaigns", many=True, help_text="Messages sent to its order.")

    def to_representation(self, entry):
        data = super().to_representation(entry)
        return {**data.pop("feedback"), **data}


class FeedbackPageSerializer(serializers.Serializer):
    results = FeedbackSerializer(many=True)
    next_cursor = serializers.CharField(allow_blank=True, help_text="Empty on the last page.")


class FeedbackAlertSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="alert.id")
    created_at = serializers.DateTimeField(source="alert.created_at")
    feedback = FeedbackFieldsSerializer()
    marketplace_name = serializers.CharField()
    removal_url = serializers.URLField(help_text="Seller Central's Feedback Manager, where removal is requested.")
    removal_until = serializers.DateField()
    removal_open = serializers.BooleanField()


class FeedbackAlertListSerializer(serializers.Serializer):
    open_count = serializers.IntegerField(help_text="Open alerts in all.")
    results = FeedbackAlertSerializer(many=True, help_text="The newest open alerts.")


# -- insights -----------------------------------------------------------------------------------
class QuotaSerializer(serializers.Serializer):
    used = serializers.IntegerField()
    limit = serializers.IntegerField()
    left = serializers.IntegerField()
    percent = serializers.IntegerField()
    month = serializers.DateField()


class OutcomeTotalSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=Dispatch.State.choices)
    label = serializers.CharField()
    total = serializers.IntegerField()


class DayOutcomesSerializer(serializers.Serializer):
    day = serializers.DateField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Messages ended that day, by state.")


class CampaignNumbersSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    state = serializers.ChoiceField(choices=Campaign.State.choices)
    sent = serializers.IntegerField()
    blocked = serializers.IntegerField()
    not_sent = serializers.IntegerField()
    waiting = serializers.IntegerField()
    due = serializers.IntegerField()


class SummarySerializer(serializers.Serializer):
    """The dashboard's numbers for the last `days` UTC days."""

    days = serializers.IntegerField()
    as_of = serializers.DateTimeField(allow_null=True, help_text="The counts include what ended until then.")
    sent = serializers.IntegerField()
    blocked = serializers.IntegerField()
    not_sent = serializers.IntegerField()
    waiting = serializers.IntegerField()
    due_now = serializers.IntegerField()
    outcomes = OutcomeTotalSerializer(many=True)
    daily = DayOutcomesSerializer(many=True)
    optouts_learned = serializers.DictField(child=serializers.IntegerField(), help_text="buyer and order totals.")
    quota = QuotaSerializer()
    open_feedback_alerts = serializers.IntegerField()
    campaigns = CampaignNumbersSerializer(many=True)


def summary_data(board) -> dict:
    """The dashboard's Dashboard (insights.selectors.dashboard) as SummarySerializer reads it."""
    series = board.outcomes.series
    return {
        "days": board.days,
        "as_of": board.as_of,
        "sent": board.sent,
        "blocked": board.blocked,
        "not_sent": board.not_sent,
        "waiting": board.waiting,
        "due_now": board.due_now,
        "outcomes": [{"state": s.key, "label": s.label, "total": s.total} for s in series],
        "daily": [
            {"day": day, "counts": {s.key: s.values[i] for s in series}} for i, day in enumerate(board.outcomes.days)
        ],
        "optouts_learned": {s.key: s.total for s in board.optouts.series},
        "quota": board.quota,
        "open_feedback_alerts": board.alerts.open_count,
        "campaigns": board.campaigns,
    }
