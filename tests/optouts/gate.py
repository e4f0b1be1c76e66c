"""The send gate as the tests ask it: the outbox's last check before a message goes out."""

from optouts import suppression


def send_gate(order, *, critical=False):
    """The outbox's last check for this order and kind of message: "" when it may be sent."""
    return suppression.suppression_reason(
        seller_id=order.seller_id, amazon_order_id=order.amazon_order_id, buyer_key=order.buyer_key, critical=critical
    )
