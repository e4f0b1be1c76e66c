"""Amazon's names and words the sandbox answers with: datasets, message operations, report types
and the refusals Amazon writes."""

SEARCH_DATASETS = {
    "BUYER",
    "RECIPIENT",
    "PROCEEDS",
    "EXPENSE",
    "PROMOTION",
    "CANCELLATION",
    "FULFILLMENT",
    "PACKAGES",
    "TAX",
    "PAYMENT",
    "FULFILLMENT_ORDERS",
}
MESSAGE_OPERATIONS = {
    "confirmCustomizationDetails": "confirmCustomizationDetails",
    "confirmDeliveryDetails": "createConfirmDeliveryDetails",
    "legalDisclosure": "createLegalDisclosure",
    "confirmOrderDetails": "createConfirmOrderDetails",
    "confirmServiceDetails": "createConfirmServiceDetails",
    "warranty": "CreateWarranty",
    "digitalAccessKey": "createDigitalAccessKey",
    "unexpectedProblem": "createUnexpectedProblem",
}
# Amazon lets these reach buyers who opted out of unsolicited messages.
CRITICAL_MESSAGES = {"confirmCustomizationDetails", "confirmDeliveryDetails", "unexpectedProblem"}
ORDER_REPORTS = (
    "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL",
    "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL",
)
FEEDBACK_REPORT = "GET_SELLER_FEEDBACK_DATA"
NOT_AVAILABLE = "The requested solicitation is not available for this amazonOrderId."
OUTSIDE_WINDOW = (
    "You can’t use this feature to request a review outside the 5-30 day range after the order delivery date."
)
