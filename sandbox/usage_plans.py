"""Amazon's default usage plans (requests per second, burst) for every operation the sandbox serves.

These are the numbers in the "Usage Plan" table of each operation in the official models;
tests/sandbox/test_usage_plans.py reads the models and fails if they drift apart.
"""

USAGE_PLANS: dict[str, tuple[float, int]] = {
    "getMarketplaceParticipations": (0.016, 15),
    "searchOrders": (0.0056, 20),
    "getOrder": (0.5, 30),
    "createReport": (0.0167, 15),
    "getReport": (2.0, 15),
    "getReportDocument": (0.0167, 15),
    "createRestrictedDataToken": (1.0, 10),
    "getSolicitationActionsForOrder": (1.0, 5),
    "createProductReviewAndSellerFeedbackSolicitation": (1.0, 5),
    "getMessagingActionsForOrder": (1.0, 5),
    "GetAttributes": (1.0, 5),
    "confirmCustomizationDetails": (1.0, 5),
    "createConfirmDeliveryDetails": (1.0, 5),
    "createLegalDisclosure": (1.0, 5),
    "createConfirmOrderDetails": (1.0, 5),
    "createConfirmServiceDetails": (1.0, 5),
    "CreateWarranty": (1.0, 5),
    "createDigitalAccessKey": (1.0, 5),
    "createUnexpectedProblem": (1.0, 5),
    "listTransactions": (0.5, 10),
}
