"""The API's resources. Each view parses and bounds the request, calls the selector or service the
dashboard's page calls, and shapes the answer: the rules live there, not here."""

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from campaigns import manual
from campaigns import selectors as campaign_selectors
from campaigns import services as campaign_services
from campaigns.models import Campaign, Dispatch
from insights import feedback_selectors
from insights import selectors as insight_selectors
from insights.models import Feedback
from messaging import order_selectors
from messaging import selectors as log_selectors
from optouts import lists
from optouts import selectors as optout_selectors
from optouts.models import BlockedBuyer
from sellers.models import Order

from . import serializers as s
from .base import SellerAPIView
from .idempotency import write
from .pagination import Keyset, bad_cursor, position_decode, position_encode
from .problems import CONTENT_TYPE, problem_data


class KeyView(SellerAPIView):
    @extend_schema(operation_id="getKey", tags=["key"], responses=s.KeySerializer, summary="The key and its seller")
    def get(self, request):
        return Response(s.KeySerializer(request.auth).data)


# -- orders -------------------------------------------------------------------------------------
class OrderListView(SellerAPIView):
    @extend_schema(
        operation_id="listOrders",
        tags=["orders"],
        parameters=[s.OrderQuery],
        responses=s.OrderPageSerializer,
        summary="The seller's orders, newest first",
    )
    def get(self, request):
        query = self.query(s.OrderQuery)
        filters = order_selectors.OrderFilters(
            marketplace_id=query.get("marketplace", ""),
            fulfillment_channel=order_selectors.FULFILLMENT_CHANNELS.get(query.get("fulfillment", ""), ""),
            status=query.get("status", ""),
            purchased_from=query.get("purchased_from"),
            purchased_to=query.get("purchased_to"),
            messaged=query.get("messaged"),
            order_id=query.get("order_id", ""),
        )
        try:
            page = order_selectors.orders_page(
                self.seller, filters=filters, cursor=query["cursor"], limit=query["limit"]
            )
        except order_selectors.InvalidCursor as error:
            raise bad_cursor() from error
        return Response(s.OrderPageSerializer({"results": page.orders, "next_cursor": page.next_cursor}).data)


class OrderDetailView(SellerAPIView):
    model = Order
    object_label = "order"

    def get_queryset(self):
        return order_selectors.orders(self.seller)

    @extend_schema(operation_id="getOrder", tags=["orders"], responses=s.OrderSerializer, summary="One order")
    def get(self, request, pk):
        return Response(s.OrderSerializer(self.get_object()).data)


class OrderWhyNotView(SellerAPIView):
    model = Order
    object_label = "order"

    @extend_schema(
        operation_id="explainOrder",
        tags=["orders"],
        responses=s.WhyNotSerializer,
        summary="Why not? What each campaign did with the order, or why it did nothing",
    )
    def get(self, request, pk):
        order, explanations = campaign_selectors.why_not(self.seller, self.get_object().amazon_order_id)
        campaigns = [
            {"campaign": e.campaign, "summary": e.summary, "dispatch": e.dispatch, "outcome": e.outcome}
            for e in explanations
        ]
        return Response(s.WhyNotSerializer({"order": order, "campaigns": campaigns}).data)


class OrderRequestReviewView(SellerAPIView):
    """POST: the order page's "Request a Review" button (campaigns.manual), the same gates and the
    same one request per order, whoever asks."""

    model = Order
    object_label = "order"

    @extend_schema(
        operation_id="requestReview",
        tags=["orders"],
        request=None,
        responses={
            201: OpenApiResponse(s.ReviewRequestSerializer, description="Queued: the outbox sends it within a minute."),
        },
        summary="Ask Amazon for a review of the order now, as the order page's Request a Review button does",
        description="Refused (422, `refused`, with `reason`) when Amazon's window is not open or has closed, the "
        "buyer opted out or is on the blocklist, the Amazon account is not connected, or the order already has "
        "its one review request (a campaign's or one asked for by hand). Follow the message at "
        "/api/v1/messages/{message.id}/.",
    )
    @write
    def post(self, request, pk):
        order = self.get_object()
        [outcome] = manual.request_review_now(seller=self.seller, order_ids=[order.pk], actor=request.user, via="api")
        if not outcome.queued:
            data = problem_data("refused", outcome.text, instance=request.path) | {"reason": outcome.reason}
            return Response(data, status=422, content_type=CONTENT_TYPE)
        dispatch = _new_dispatch(self.seller, outcome.dispatch_id)
        answer = {"outcome": outcome.outcome, "detail": outcome.text, "message": log_selectors.LogEntry(dispatch)}
        return Response(s.ReviewRequestSerializer(answer).data, status=status.HTTP_201_CREATED)


def _new_dispatch(seller, dispatch_id: str) -> Dispatch:
    """The dispatch a request by hand just queued, as the message log reads it."""
    return Dispatch.objects.for_seller(seller).select_related("campaign", "order").get(pk=dispatch_id)


# -- messages -----------------------------------------------------------------------------------
def utc_day_start(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, UTC) if day else None


def utc_day_end(day: date | None) -> datetime | None:
    """The moment after the UTC day (None: no end)."""
    return datetime.combine(day + timedelta(days=1), time.min, UTC) if day and day < date.max else None


class MessageListView(SellerAPIView):
    @extend_schema(
        operation_id="listMessages",
        tags=["messages"],
        parameters=[s.MessageQuery],
        responses=s.MessagePageSerializer,
        summary="The message log: every message campaigns planned, newest scheduled first",
    )
    def get(self, request):
        query = self.query(s.MessageQuery)
        every = log_selectors.EVERY_MESSAGE
        filters = log_selectors.LogFilters(
            view=every,
            state=query.get("state", ""),
            campaign_id=query.get("campaign"),
            marketplace_id=query.get("marketplace", ""),
            start=utc_day_start(query.get("scheduled_from")),
            end=utc_day_end(query.get("scheduled_to")),
            order_id=query.get("order_id", "").strip(),
        )
        try:
            cursor = log_selectors.cursor_decode(query["cursor"], view=every) if query["cursor"] else None
        except log_selectors.InvalidCursor as error:
            raise bad_cursor() from error
        page = log_selectors.message_log(self.seller, filters=filters, cursor=cursor, limit=query["limit"])
        return Response(s.MessagePageSerializer({"results": page.entries, "next_cursor": page.next_cursor}).data)


class MessageDetailView(SellerAPIView):
    model = Dispatch
    object_label = "message"

    def get_queryset(self):
        return super().get_queryset().select_related("campaign", "order")

    @extend_schema(operation_id="getMessage", tags=["messages"], responses=s.MessageSerializer, summary="One message")
    def get(self, request, pk):
        return Response(s.MessageSerializer(log_selectors.LogEntry(self.get_object())).data)


# -- campaigns ----------------------------------------------------------------------------------
CAMPAIGN_PAGES = Keyset("priority", "created_at", "id")


class CampaignListView(SellerAPIView):
    @extend_schema(
        operation_id="listCampaigns",
        tags=["campaigns"],
        parameters=[s.CampaignQuery],
        responses=s.CampaignPageSerializer,
        summary="The seller's campaigns with their counts, as the campaign list shows them",
    )
    def get(self, request):
        query = self.query(s.CampaignQuery)
        # Not the requests by hand (campaigns.manual): no campaign of the seller's to list or change.
        campaigns = Campaign.objects.for_seller(self.seller).filter(by_hand=False)
        if not query["include_archived"]:
            campaigns = campaigns.exclude(state=Campaign.State.ARCHIVED)
        rows, next_cursor = CAMPAIGN_PAGES.page(campaigns, cursor=query["cursor"], limit=query["limit"])
        results = insight_selectors.with_list_counts(self.seller, rows)
        return Response(s.CampaignPageSerializer({"results": results, "next_cursor": next_cursor}).data)


class CampaignView(SellerAPIView):
    model = Campaign
    object_label = "campaign"

    def get_queryset(self):
        return super().get_queryset().filter(by_hand=False)

    def answer(self, campaign) -> Response:
        return Response(s.CampaignSerializer(insight_selectors.with_list_counts(self.seller, [campaign])[0]).data)


class CampaignDetailView(CampaignView):
    @extend_schema(
        operation_id="getCampaign", tags=["campaigns"], responses=s.CampaignSerializer, summary="One campaign"
    )
    def get(self, request, pk):
        return self.answer(self.get_object())


class CampaignActivateView(CampaignView):
    @extend_schema(
        operation_id="activateCampaign",
        tags=["campaigns"],
        request=None,
        responses=s.CampaignSerializer,
        summary="Activate a campaign, as its Activate button does (refused with the reasons it cannot be)",
    )
    @write
    def post(self, request, pk):
        return self.answer(campaign_services.campaign_activate(campaign=self.get_object()))


class CampaignPauseView(CampaignView):
    @extend_schema(
        operation_id="pauseCampaign",
        tags=["campaigns"],
        request=None,
        responses=s.CampaignSerializer,
        summary="Pause an active campaign: scheduled messages wait until it is activated again",
    )
    @write
    def post(self, request, pk):
        return self.answer(campaign_services.campaign_pause(campaign=self.get_object()))


# -- blocklist ----------------------------------------------------------------------------------
NEWEST_FIRST = Keyset("-created_at", "-id")


class BlocklistView(SellerAPIView):
    @extend_schema(
        operation_id="listBlocklist",
        tags=["blocklist"],
        parameters=[s.PageQuery],
        responses=s.BlocklistPageSerializer,
        summary="The seller's blocklist, newest first",
    )
    def get(self, request):
        query = self.query(s.PageQuery)
        rows, next_cursor = NEWEST_FIRST.page(
            optout_selectors.blocklist(self.seller), cursor=query["cursor"], limit=query["limit"]
        )
        return Response(s.BlocklistPageSerializer({"results": rows, "next_cursor": next_cursor}).data)

    @extend_schema(
        operation_id="addToBlocklist",
        tags=["blocklist"],
        request=s.BlocklistAddSerializer,
        responses={
            201: OpenApiResponse(s.BlockedBuyerSerializer, description="Added."),
            200: OpenApiResponse(s.BlockedBuyerSerializer, description="The order was on the blocklist already."),
        },
        summary="Block an order's buyer: no message of any kind goes to them again",
    )
    @write
    def post(self, request):
        body = self.body(s.BlocklistAddSerializer)
        blocked, created = lists.blocked_buyer_add(
            seller=self.seller, amazon_order_id=body["amazon_order_id"], reason=body["reason"], user=request.user
        )
        return Response(
            s.BlockedBuyerSerializer(blocked).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class BlocklistEntryView(SellerAPIView):
    model = BlockedBuyer
    object_label = "blocklist entry"

    def get_queryset(self):
        return optout_selectors.blocklist(self.seller)

    @extend_schema(
        operation_id="getBlocklistEntry", tags=["blocklist"], responses=s.BlockedBuyerSerializer, summary="One entry"
    )
    def get(self, request, pk):
        return Response(s.BlockedBuyerSerializer(self.get_object()).data)

    @extend_schema(
        operation_id="removeFromBlocklist",
        tags=["blocklist"],
        responses={204: None},
        summary="Unblock: what Amazon's window still allows is planned again",
    )
    @write
    def delete(self, request, pk):
        lists.blocked_buyer_remove(blocked=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- opt-outs -----------------------------------------------------------------------------------
class OwnOptOutListView(SellerAPIView):
    @extend_schema(
        operation_id="listOwnOptOuts",
        tags=["opt-outs"],
        parameters=[s.PageQuery],
        responses=s.OwnOptOutPageSerializer,
        summary="The seller's own opt-out list (what it vouched for), newest first",
    )
    def get(self, request):
        query = self.query(s.PageQuery)
        rows, next_cursor = NEWEST_FIRST.page(
            optout_selectors.own_optout_entries(self.seller), cursor=query["cursor"], limit=query["limit"]
        )
        return Response(s.OwnOptOutPageSerializer({"results": rows, "next_cursor": next_cursor}).data)


AMAZON_OPTOUT_SALT = "api.amazon-optouts"
AMAZON_OPTOUT_POSITION = position_decode(AMAZON_OPTOUT_SALT, Order, "purchased_at", "id")


class AmazonOptOutListView(SellerAPIView):
    @extend_schema(
        operation_id="listAmazonOptOuts",
        tags=["opt-outs"],
        parameters=[s.PageQuery],
        responses=s.AmazonOptOutPageSerializer,
        summary="The seller's orders whose buyer opted out on Amazon (Amazon's word), newest purchase first",
    )
    def get(self, request):
        query = self.query(s.PageQuery)
        after = AMAZON_OPTOUT_POSITION(query["cursor"]) if query["cursor"] else None
        rows = optout_selectors.opted_out_orders(self.seller, limit=query["limit"] + 1, after=after)
        next_cursor = ""
        if len(rows) > query["limit"]:
            rows = rows[: query["limit"]]
            next_cursor = position_encode(
                AMAZON_OPTOUT_SALT, rows[-1]["purchased_at"].isoformat(), rows[-1]["order_pk"]
            )
        return Response(s.AmazonOptOutPageSerializer({"results": rows, "next_cursor": next_cursor}).data)


# -- feedback -----------------------------------------------------------------------------------
class FeedbackListView(SellerAPIView):
    @extend_schema(
        operation_id="listFeedback",
        tags=["feedback"],
        parameters=[s.FeedbackQuery],
        responses=s.FeedbackPageSerializer,
        summary="Seller feedback from Amazon's report (1 to 3 stars), newest first",
    )
    def get(self, request):
        query = self.query(s.FeedbackQuery)
        try:
            cursor = feedback_selectors.cursor_decode(query["cursor"]) if query["cursor"] else None
        except feedback_selectors.InvalidCursor as error:
            raise bad_cursor() from error
        page = feedback_selectors.feedback_page(
            self.seller,
            rating=query["rating"],
            marketplace_id=query["marketplace"],
            cursor=cursor,
            limit=query["limit"],
        )
        return Response(s.FeedbackPageSerializer({"results": page.entries, "next_cursor": page.next_cursor or ""}).data)


class FeedbackDetailView(SellerAPIView):
    model = Feedback
    object_label = "feedback"

    @extend_schema(
        operation_id="getFeedback", tags=["feedback"], responses=s.FeedbackSerializer, summary="One feedback"
    )
    def get(self, request, pk):
        entry = feedback_selectors.feedback_entry(self.seller, pk)
        if entry is None:
            raise self.not_found()
        return Response(s.FeedbackSerializer(entry).data)


class FeedbackAlertListView(SellerAPIView):
    @extend_schema(
        operation_id="listFeedbackAlerts",
        tags=["feedback"],
        parameters=[s.AlertQuery],
        responses=s.FeedbackAlertListSerializer,
        summary="Open alerts for negative (1-2 star) feedback, newest first",
    )
    def get(self, request):
        query = self.query(s.AlertQuery)
        alerts = feedback_selectors.open_alerts(self.seller, limit=query["limit"])
        count = feedback_selectors.open_alert_count(self.seller) if len(alerts) == query["limit"] else len(alerts)
        return Response(s.FeedbackAlertListSerializer({"open_count": count, "results": alerts}).data)


# -- insights -----------------------------------------------------------------------------------
class SummaryView(SellerAPIView):
    @extend_schema(
        operation_id="getSummary",
        tags=["insights"],
        parameters=[s.SummaryQuery],
        responses=s.SummarySerializer,
        summary="The dashboard's numbers: outcomes per day, opt-outs learned, quota, campaigns",
    )
    def get(self, request):
        days = int(self.query(s.SummaryQuery)["days"])
        board = insight_selectors.dashboard(self.seller, days=days, now=timezone.now())
        return Response(s.SummarySerializer(s.summary_data(board)).data)
