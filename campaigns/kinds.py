"""The message kinds a campaign can send, as Amazon's APIs define them.

"Critical" kinds may reach buyers who opted out of unsolicited messages: Amazon lets through
what is needed to fulfil the order (customization questions, delivery or service scheduling,
address problems found before shipping). Everything else, including messages about a delay or an
item out of stock (which is what "unexpected problem" is used for), is non-critical and suppressed.
When in doubt a kind is non-critical: a suppressed message costs a seller less than a
suspension.
"""

from dataclasses import dataclass

SOLICITATION = "review_request"


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    description: str
    operation: str  # the SP-API operation that sends it
    critical: bool
    seller_text: bool  # False: Amazon writes the text (solicitations)
    max_chars: int = 0  # Amazon's limit on the text field
    requests_review: bool = False


KINDS = {
    kind.code: kind
    for kind in [
        Kind(
            SOLICITATION,
            "Request a Review",
            "Amazon's own review and seller-feedback request, written by Amazon in the buyer's language.",
            "createProductReviewAndSellerFeedbackSolicitation",
            critical=False,
            seller_text=False,
            requests_review=True,
        ),
        Kind(
            "confirm_customization",
            "Confirm customization details",
            "Ask the buyer to confirm the details of a customized product before you make it.",
            "confirmCustomizationDetails",
            critical=True,
            seller_text=True,
            max_chars=800,
        ),
        Kind(
            "confirm_delivery",
            "Confirm delivery details",
            "Arrange a delivery appointment or confirm delivery details with the buyer.",
            "createConfirmDeliveryDetails",
            critical=True,
            seller_text=True,
            max_chars=2000,
        ),
        Kind(
            "confirm_order",
            "Confirm order details",
            "Ask about details you need to fulfil the order, such as a problem with the shipping address.",
            "createConfirmOrderDetails",
            critical=True,
            seller_text=True,
            max_chars=2000,
        ),
        Kind(
            "confirm_service",
            "Confirm service details",
            "Schedule a service appointment or confirm the details of a service.",
            "createConfirmServiceDetails",
            critical=True,
            seller_text=True,
            max_chars=2000,
        ),
        Kind(
            "unexpected_problem",
            "Unexpected problem",
            "Tell the buyer about a problem fulfilling the order, such as a delay.",
            "createUnexpectedProblem",
            critical=False,
            seller_text=True,
            max_chars=2000,
        ),
    ]
}

CHOICES = [(kind.code, kind.label) for kind in KINDS.values()]


def kind(code: str) -> Kind:
    return KINDS[code]
