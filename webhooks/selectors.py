"""Reads for the webhooks pages: an endpoint's recent deliveries, a delivery's attempts."""

from django.db.models import Count, Q

from .models import Delivery, DeliveryAttempt, Endpoint

LOG_PAGE = 50


def endpoints_with_counts(seller) -> list[Endpoint]:
    return list(
        Endpoint.objects.for_seller(seller)
        .annotate(waiting=Count("deliveries", filter=Q(deliveries__state=Delivery.State.PENDING)))
        .order_by("created_at")
    )


def delivery_log(endpoint: Endpoint, *, before: int | None = None) -> tuple[list[Delivery], int | None]:
    """The endpoint's deliveries, newest event first, LOG_PAGE at a time (keyset on the event's
    place); returns the page and the key of the next one, if any."""
    rows = Delivery.objects.filter(endpoint=endpoint, seller_id=endpoint.seller_id).order_by("-event_seq")
    if before is not None:
        rows = rows.filter(event_seq__lt=before)
    page = list(rows.defer("last_response")[: LOG_PAGE + 1])
    more = page[LOG_PAGE - 1].event_seq if len(page) > LOG_PAGE else None
    return page[:LOG_PAGE], more


def attempts_of(delivery: Delivery) -> list[DeliveryAttempt]:
    return list(DeliveryAttempt.objects.filter(delivery=delivery, seller_id=delivery.seller_id).order_by("-at")[:100])
