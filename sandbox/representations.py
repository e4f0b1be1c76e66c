"""How the sandbox's orders look on the wire, in the shapes of Amazon's models."""

from .marketplaces import MARKETPLACES
from .records import Order, Partner, iso


def money(amount: float, currency: str) -> dict:
    return {"amount": f"{amount:.2f}", "currencyCode": currency}


def order_v2026(order: Order, included: set[str]) -> dict:
    """An Order of Orders API v2026-01-01; optional datasets only when `includedData` asks."""
    marketplace = order.marketplace
    currency = marketplace.currency
    items = []
    for item in order.items:
        entry = {
            "orderItemId": item["orderItemId"],
            "quantityOrdered": item["quantity"],
            "product": {
                "asin": item["asin"],
                "title": item["title"],
                "sellerSku": item["sku"],
                "price": {"unitPrice": money(item["price"], currency)},
            },
        }
        if "PROCEEDS" in included:
            entry["proceeds"] = {"proceedsTotal": money(item["price"] * item["quantity"], currency)}
        if "PROMOTION" in included and order.promotion:
            entry["promotion"] = {"breakdowns": [{"promotionId": "SANDBOX-PROMO-10"}]}
        if "FULFILLMENT" in included:
            shipped = item["quantity"] if order.status == "SHIPPED" else 0
            entry["fulfillment"] = {"quantityFulfilled": shipped, "quantityUnfulfilled": item["quantity"] - shipped}
        items.append(entry)
    body = {
        "orderId": order.order_id,
        "createdTime": iso(order.created),
        "lastUpdatedTime": iso(order.updated),
        "salesChannel": {
            "channelName": "AMAZON",
            "marketplaceId": marketplace.id,
            "marketplaceName": marketplace.name,
        },
        "orderItems": items,
    }
    if order.business:
        body["programs"] = ["AMAZON_BUSINESS"]
    if order.replacement_of:
        body["associatedOrders"] = [{"orderId": order.replacement_of, "associationType": "REPLACEMENT_ORIGINAL_ID"}]
    if "BUYER" in included and order.fulfilled_by == "MERCHANT":
        # Amazon gives the anonymized buyer email only for merchant-fulfilled orders.
        body["buyer"] = {"buyerEmail": order.buyer.alias}
    if "FULFILLMENT" in included:
        body["fulfillment"] = {
            "fulfillmentStatus": order.status,
            "fulfilledBy": order.fulfilled_by,
            "fulfillmentServiceLevel": "STANDARD",
            "deliverByWindow": {
                "earliestDateTime": iso(order.earliest_delivery),
                "latestDateTime": iso(order.latest_delivery),
            },
        }
    if "PROCEEDS" in included:
        total = sum(i["price"] * i["quantity"] for i in order.items)
        body["proceeds"] = {"grandTotal": money(total, currency)}
    if "PACKAGES" in included and order.fulfilled_by == "MERCHANT" and order.package_status:
        package = {
            "packageReferenceId": "1",
            "packageStatus": {"status": "SHIPPED", "detailedStatus": order.package_status},
            "carrier": "UPS",
            "trackingNumber": f"1Z{order.order_id.replace('-', '')}",
        }
        if order.shipped:
            package["shipTime"] = iso(order.shipped)
        body["packages"] = [package]
    return body


def _transaction(order: Order, kind: str, description: str, posted, amount: float) -> dict:
    marketplace = order.marketplace
    return {
        "sellingPartnerMetadata": {
            "sellingPartnerId": order.partner_id,
            "accountType": "Standard Orders",
            "marketplaceId": marketplace.id,
        },
        "relatedIdentifiers": [{"relatedIdentifierName": "ORDER_ID", "relatedIdentifierValue": order.order_id}],
        "transactionType": kind,
        "transactionId": f"{kind[:3].upper()}-{order.order_id}",
        "transactionStatus": "RELEASED",
        "description": description,
        "postedDate": iso(posted),
        "totalAmount": {"currencyAmount": round(amount, 2), "currencyCode": marketplace.currency},
        "marketplaceDetails": {"marketplaceId": marketplace.id, "marketplaceName": marketplace.name},
        "items": [
            {
                "description": item["title"],
                "totalAmount": {
                    "currencyAmount": round(item["price"] * item["quantity"] * (1 if amount >= 0 else -1), 2),
                    "currencyCode": marketplace.currency,
                },
            }
            for item in order.items
        ],
    }


def transactions_of(order: Order) -> list[dict]:
    """Finances 2024-06-19 transactions of one order: its charge once shipped, its refund if any
    (each only from its posted date on: the caller filters by the clock)."""
    total = sum(i["price"] * i["quantity"] for i in order.items)
    found = []
    if order.shipped:
        found.append(_transaction(order, "Shipment", "Order Payment", order.shipped, total))
    if order.refund_posted:
        found.append(
            _transaction(order, "Refund", "Refund Order", order.refund_posted, -(order.refund_amount or total))
        )
    return found


def marketplace_participation(partner: Partner) -> list[dict]:
    participations = []
    for code in partner.marketplace_codes:
        marketplace = MARKETPLACES[code]
        participations.append(
            {
                "marketplace": {
                    "id": marketplace.id,
                    "name": marketplace.name,
                    "countryCode": marketplace.country,
                    "defaultCurrencyCode": marketplace.currency,
                    "defaultLanguageCode": marketplace.language,
                    "domainName": marketplace.domain,
                },
                "participation": {"isParticipating": True, "hasSuspendedListings": False},
                "storeName": partner.store_name,
            }
        )
    return participations


ORDER_REPORT_COLUMNS = [
    "amazon-order-id",
    "merchant-order-id",
    "purchase-date",
    "last-updated-date",
    "order-status",
    "fulfillment-channel",
    "sales-channel",
    "order-channel",
    "ship-service-level",
    "product-name",
    "sku",
    "asin",
    "item-status",
    "quantity",
    "currency",
    "item-price",
    "item-tax",
    "shipping-price",
    "shipping-tax",
    "gift-wrap-price",
    "gift-wrap-tax",
    "item-promotion-discount",
    "ship-promotion-discount",
    "ship-city",
    "ship-state",
    "ship-postal-code",
    "ship-country",
    "promotion-ids",
    "is-business-order",
    "purchase-order-number",
    "price-designation",
]
_REPORT_STATUS = {
    "SHIPPED": "Shipped",
    "CANCELLED": "Cancelled",
    "UNSHIPPED": "Pending",
    "PENDING": "Pending",
    "PARTIALLY_SHIPPED": "Shipping",
    "PENDING_AVAILABILITY": "Pending",
    "UNFULFILLABLE": "Cancelled",
}


def order_report(orders: list[Order]) -> str:
    """GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL: tab-separated, one row per item."""
    lines = ["\t".join(ORDER_REPORT_COLUMNS)]
    for order in orders:
        marketplace = order.marketplace
        for item in order.items:
            row = {
                "amazon-order-id": order.order_id,
                "purchase-date": iso(order.created).replace("Z", "+00:00"),
                "last-updated-date": iso(order.updated).replace("Z", "+00:00"),
                "order-status": _REPORT_STATUS[order.status],
                "fulfillment-channel": "Amazon" if order.fulfilled_by == "AMAZON" else "Merchant",
                "sales-channel": marketplace.name,
                "ship-service-level": "Standard",
                "product-name": item["title"],
                "sku": item["sku"],
                "asin": item["asin"],
                "item-status": _REPORT_STATUS[order.status],
                "quantity": str(item["quantity"]),
                "currency": marketplace.currency,
                "item-price": f"{item['price'] * item['quantity']:.2f}",
                "ship-country": marketplace.country,
                "promotion-ids": "SANDBOX-PROMO-10" if order.promotion else "",
                "is-business-order": "true" if order.business else "false",
            }
            lines.append("\t".join(row.get(column, "") for column in ORDER_REPORT_COLUMNS))
    return "\n".join(lines) + "\n"


# GET_SELLER_FEEDBACK_DATA, as Amazon documents it: "Contains negative and neutral feedback (one to
# three stars) from buyers who rated the seller's performance", with these columns. Feedback that
# was removed or struck through is not in it; the rater's address is the buyer's anonymized one.
FEEDBACK_REPORT_COLUMNS = ["Date", "Rating", "Comments", "Your Response", "Order ID", "Rater Email"]
FEEDBACK_REPORT_MAX_RATING = 3


def feedback_report_date(day, marketplace_code: str) -> str:
    """Dates in the report follow the marketplace's own convention, as in Seller Central."""
    if marketplace_code == "US":
        return f"{day.month}/{day.day}/{day:%y}"
    if marketplace_code == "JP":
        return f"{day:%Y/%m/%d}"
    if marketplace_code == "DE":
        return f"{day:%d.%m.%y}"
    return f"{day:%d/%m/%y}"


def _flat(text: str) -> str:
    # A flat file has no quoting: a tab or a line break inside a comment would split the row.
    return " ".join((text or "").split())


def feedback_report(entries, *, raw_text: bool = False) -> tuple[str, int]:
    """The report for (order, feedback) pairs, and how many data rows it has.

    `raw_text` leaves tabs and line breaks in comments as the buyer typed them (a fault: such a
    row breaks apart in a flat file, and a reader must cope).
    """
    text = (lambda value: value or "") if raw_text else _flat
    lines, rows = ["\t".join(FEEDBACK_REPORT_COLUMNS)], 0
    for order, feedback in entries:
        if feedback.rating > FEEDBACK_REPORT_MAX_RATING:
            continue
        rows += 1
        lines.append(
            "\t".join(
                [
                    feedback_report_date(feedback.left_on, order.marketplace_code),
                    str(feedback.rating),
                    text(feedback.comment),
                    text(feedback.response),
                    order.order_id,
                    order.buyer.alias,
                ]
            )
        )
    return "\n".join(lines) + "\n", rows
