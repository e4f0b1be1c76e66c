"""The sandbox speaks Amazon's models: every response validates against the official schemas."""

import json
import re
from pathlib import Path

import httpx
import jsonschema
import pytest

from sandbox.usage_plans import USAGE_PLANS
from sellers.amazon import USAGE_PLANS as CLIENT_USAGE_PLANS

MODELS = Path(__file__).resolve().parents[3] / "shared" / "spapi-models"
pytestmark = pytest.mark.skipif(not MODELS.exists(), reason="Amazon's models live in ../shared/spapi-models")


def model(name):
    return json.loads((MODELS / name).read_text())


def validate(model_name, definition, body):
    document = model(model_name)
    schema = {"definitions": document["definitions"], "$ref": f"#/definitions/{definition}"}
    jsonschema.validate(body, schema, cls=jsonschema.Draft4Validator)


def usage_plans_in_models():
    plans = {}
    for path in MODELS.glob("*.json"):
        for operations in json.loads(path.read_text())["paths"].values():
            for method, operation in operations.items():
                if not isinstance(operation, dict) or method == "parameters":
                    continue
                found = re.search(r"\|\s*([\d.]+)\s*\|\s*(\d+)\s*\|", operation.get("description", ""))
                if found:
                    plans[operation["operationId"]] = (float(found.group(1)), int(found.group(2)))
    return plans


def test_the_sandbox_enforces_the_usage_plans_of_the_models():
    in_models = usage_plans_in_models()

    assert {op: in_models[op] for op in USAGE_PLANS} == USAGE_PLANS


def test_the_product_knows_the_same_usage_plans():
    in_models = usage_plans_in_models()

    assert {op: in_models[op] for op in CLIENT_USAGE_PLANS} == CLIENT_USAGE_PLANS


class Client:
    """Raw HTTP against the sandbox, as Amazon's clients see it."""

    def __init__(self, sandbox, partner):
        self.sandbox, self.partner = sandbox, partner
        token = httpx.post(
            f"{sandbox.url}/auth/o2/token",
            data={
                "grant_type": "refresh_token",
                "refresh_token": partner["refresh_token"],
                "client_id": "app",
                "client_secret": "secret",
            },
        ).json()
        self.headers = {"x-amz-access-token": token["access_token"]}
        self.marketplace = partner["marketplace_ids"][0]

    def get(self, path, **params):
        return httpx.get(f"{self.sandbox.url}{path}", params=params, headers=self.headers)

    def post(self, path, body=None, **params):
        return httpx.post(f"{self.sandbox.url}{path}", params=params, json=body, headers=self.headers)


@pytest.fixture
def amazon(fresh_sandbox):
    sandbox = fresh_sandbox(sellers=3, orders=150, seed=11)
    return sandbox, Client(sandbox, sandbox.sellers()[1])


def first_order(client, **filters):
    response = client.get(
        "/orders/2026-01-01/orders",
        createdAfter="2020-01-01T00:00:00Z",
        includedData="BUYER,FULFILLMENT,PACKAGES,PROCEEDS,PROMOTION",
        **filters,
    )
    return response.json()["orders"][0]


def test_marketplace_participations_match_the_sellers_model(amazon):
    _, client = amazon

    response = client.get("/sellers/v1/marketplaceParticipations")

    assert response.status_code == 200
    validate("sellers.json", "GetMarketplaceParticipationsResponse", response.json())


def test_search_orders_with_every_dataset_matches_the_orders_model(amazon):
    _, client = amazon

    response = client.get(
        "/orders/2026-01-01/orders",
        createdAfter="2020-01-01T00:00:00Z",
        maxResultsPerPage=50,
        includedData="BUYER,FULFILLMENT,PACKAGES,PROCEEDS,PROMOTION",
    )

    assert response.status_code == 200 and len(response.json()["orders"]) == 50
    validate("orders_2026-01-01.json", "SearchOrdersResponse", response.json())


def test_get_order_matches_the_orders_model(amazon):
    _, client = amazon
    order_id = first_order(client)["orderId"]

    response = client.get(f"/orders/2026-01-01/orders/{order_id}", includedData="FULFILLMENT")

    validate("orders_2026-01-01.json", "GetOrderResponse", response.json())


def test_paging_returns_every_order_exactly_once(amazon):
    sandbox, client = amazon
    seen, token = [], None
    while True:
        params = (
            {"paginationToken": token}
            if token
            else {"lastUpdatedAfter": "2020-01-01T00:00:00Z", "maxResultsPerPage": 17}
        )
        body = client.get("/orders/2026-01-01/orders", **params).json()
        seen += [o["orderId"] for o in body["orders"]]
        token = (body.get("pagination") or {}).get("nextToken")
        if not token:
            break

    assert len(seen) == len(set(seen)) == 150


def test_only_merchant_fulfilled_orders_carry_the_buyer_alias(amazon):
    _, client = amazon
    orders = client.get(
        "/orders/2026-01-01/orders",
        createdAfter="2020-01-01T00:00:00Z",
        maxResultsPerPage=100,
        includedData="BUYER,FULFILLMENT",
    ).json()["orders"]

    with_buyer = {o["fulfillment"]["fulfilledBy"] for o in orders if "buyer" in o}
    assert with_buyer == {"MERCHANT"}
    assert {o["fulfillment"]["fulfilledBy"] for o in orders} == {"MERCHANT", "AMAZON"}


def test_a_search_needs_a_time_filter(amazon):
    _, client = amazon

    response = client.get("/orders/2026-01-01/orders")

    assert response.status_code == 400
    validate("orders_2026-01-01.json", "ErrorList", response.json())


def test_an_empty_bucket_answers_429_with_amazons_body_and_rate_header(fresh_sandbox):
    sandbox = fresh_sandbox(sellers=1, orders=5, rate_scale=1)
    client = Client(sandbox, sandbox.sellers()[0])

    statuses = [client.get("/sellers/v1/marketplaceParticipations") for _ in range(16)]

    assert [r.status_code for r in statuses] == [200] * 15 + [429]
    throttled = statuses[-1]
    assert throttled.headers["x-amzn-RateLimit-Limit"] == "0.016"
    assert throttled.json()["errors"][0]["code"] == "QuotaExceeded"
    validate("sellers.json", "GetMarketplaceParticipationsResponse", throttled.json())


def test_a_revoked_refresh_token_is_an_invalid_grant(amazon):
    sandbox, client = amazon
    sandbox.post(f"/_sandbox/sellers/{client.partner['selling_partner_id']}/revoke")

    lwa = httpx.post(
        f"{sandbox.url}/auth/o2/token",
        data={
            "grant_type": "refresh_token",
            "client_id": "a",
            "client_secret": "b",
            "refresh_token": client.partner["refresh_token"],
        },
    )
    api = client.get("/sellers/v1/marketplaceParticipations")

    assert lwa.status_code == 400 and lwa.json()["error"] == "invalid_grant"
    assert api.status_code == 403 and api.json()["errors"][0]["code"] == "Unauthorized"


def eligible_order(sandbox, client):
    for order in client.get(
        "/orders/2026-01-01/orders",
        createdAfter="2020-01-01T00:00:00Z",
        maxResultsPerPage=100,
        includedData="FULFILLMENT",
    ).json()["orders"]:
        actions = client.get(
            f"/solicitations/v1/orders/{order['orderId']}", marketplaceIds=order["salesChannel"]["marketplaceId"]
        )
        if actions.json()["_links"]["actions"]:
            return order, actions
    raise AssertionError("no eligible order in the sandbox")


def test_solicitation_actions_match_the_solicitations_model(amazon):
    sandbox, client = amazon

    _, actions = eligible_order(sandbox, client)

    validate("solicitations.json", "GetSolicitationActionsForOrderResponse", actions.json())


def test_a_second_solicitation_is_refused_as_amazon_refuses_it(amazon):
    sandbox, client = amazon
    order, _ = eligible_order(sandbox, client)
    path = f"/solicitations/v1/orders/{order['orderId']}/solicitations/productReviewAndSellerFeedback"
    marketplace = order["salesChannel"]["marketplaceId"]

    first = client.post(path, marketplaceIds=marketplace)
    second = client.post(path, marketplaceIds=marketplace)

    assert first.status_code == 201
    assert second.status_code == 403
    assert (
        second.json()["errors"][0]["message"] == "The requested solicitation is not available for this amazonOrderId."
    )
    validate("solicitations.json", "CreateProductReviewAndSellerFeedbackSolicitationResponse", second.json())
    assert [m["order_id"] for m in sandbox.messages()] == [order["orderId"]]


def test_a_solicitation_outside_the_window_is_refused_with_its_own_message(amazon):
    sandbox, client = amazon
    order_id = sandbox.post(f"/_sandbox/sellers/{client.partner['selling_partner_id']}/orders", {"count": 1})[
        "order_ids"
    ][0]
    order = sandbox.get(f"/_sandbox/orders/{order_id}")["order"]

    response = client.post(
        f"/solicitations/v1/orders/{order_id}/solicitations/productReviewAndSellerFeedback",
        marketplaceIds=order["salesChannel"]["marketplaceId"],
    )

    assert response.status_code == 403
    assert "outside the 5-30 day range" in response.json()["errors"][0]["message"]


def test_a_solicitation_without_marketplace_ids_in_the_query_is_refused(amazon):
    sandbox, client = amazon
    order, _ = eligible_order(sandbox, client)

    response = client.post(f"/solicitations/v1/orders/{order['orderId']}/solicitations/productReviewAndSellerFeedback")

    assert response.status_code == 400


def test_messaging_actions_and_attributes_match_the_messaging_model(amazon):
    _, client = amazon
    order = first_order(client, fulfillmentStatuses="SHIPPED")
    marketplace = order["salesChannel"]["marketplaceId"]

    actions = client.get(f"/messaging/v1/orders/{order['orderId']}", marketplaceIds=marketplace)
    attributes = client.get(f"/messaging/v1/orders/{order['orderId']}/attributes", marketplaceIds=marketplace)

    validate("messaging.json", "GetMessagingActionsForOrderResponse", actions.json())
    validate("messaging.json", "GetAttributesResponse", attributes.json())
    assert attributes.json()["buyer"]["locale"] == "de-DE"


def opted_out_order(sandbox, client):
    for order in client.get(
        "/orders/2026-01-01/orders",
        createdAfter="2020-01-01T00:00:00Z",
        maxResultsPerPage=100,
        fulfillmentStatuses="SHIPPED",
    ).json()["orders"]:
        sandbox.post(f"/_sandbox/orders/{order['orderId']}", {"buyer_opted_out": True})
        return order
    raise AssertionError("no shipped order")


def test_a_non_critical_message_to_an_opted_out_buyer_is_blocked(amazon):
    sandbox, client = amazon
    order = opted_out_order(sandbox, client)

    client.post(
        f"/messaging/v1/orders/{order['orderId']}/messages/confirmOrderDetails",
        {"text": "Your order details"},
        marketplaceIds=order["salesChannel"]["marketplaceId"],
    )

    assert sandbox.messages()[-1]["delivered"] is False
    assert sandbox.messages()[-1]["blocked_reason"] == "buyer_opted_out"


def test_a_critical_message_reaches_an_opted_out_buyer(amazon):
    sandbox, client = amazon
    order = opted_out_order(sandbox, client)

    response = client.post(
        f"/messaging/v1/orders/{order['orderId']}/messages/confirmDeliveryDetails",
        {"text": "When can we deliver?"},
        marketplaceIds=order["salesChannel"]["marketplaceId"],
    )

    assert response.status_code == 201 and sandbox.messages()[-1]["delivered"] is True


def test_reports_follow_the_reports_model(amazon):
    sandbox, client = amazon
    created = client.post(
        "/reports/2021-06-30/reports",
        {
            "reportType": "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL",
            "marketplaceIds": [client.marketplace],
            "dataStartTime": "2020-01-01T00:00:00Z",
        },
    )
    report_id = created.json()["reportId"]

    pending = client.get(f"/reports/2021-06-30/reports/{report_id}").json()
    done = client.get(f"/reports/2021-06-30/reports/{report_id}").json()
    document = client.get(f"/reports/2021-06-30/documents/{done['reportDocumentId']}").json()
    rows = httpx.get(document["url"]).text.splitlines()

    assert created.status_code == 202
    validate("reports_2021-06-30.json", "CreateReportResponse", created.json())
    assert pending["processingStatus"] == "IN_QUEUE" and done["processingStatus"] == "DONE"
    validate("reports_2021-06-30.json", "Report", done)
    validate("reports_2021-06-30.json", "ReportDocument", document)
    assert rows[0].startswith("amazon-order-id\t") and len(rows) > 150


def test_restricted_data_tokens_follow_the_tokens_model(amazon):
    _, client = amazon

    response = client.post(
        "/tokens/2021-03-01/restrictedDataToken",
        {"restrictedResources": [{"method": "GET", "path": "/orders/2026-01-01/orders"}]},
    )

    validate("tokens_2021-03-01.json", "CreateRestrictedDataTokenResponse", response.json())


def test_fault_injection_answers_500_or_503(fresh_sandbox):
    sandbox = fresh_sandbox(sellers=1, orders=5, fail_rate=1.0)
    client = Client(sandbox, sandbox.sellers()[0])

    response = client.get("/sellers/v1/marketplaceParticipations")

    assert response.status_code in (500, 503)
    validate("sellers.json", "GetMarketplaceParticipationsResponse", response.json())


def refunded_order(sandbox, client):
    order_id = first_order(client, fulfillmentStatuses="SHIPPED")["orderId"]
    sandbox.post(f"/_sandbox/orders/{order_id}", {"refund": {"amount": 10.5}})
    return order_id


def test_list_transactions_of_an_order_matches_the_finances_model(amazon):
    sandbox, client = amazon
    order_id = refunded_order(sandbox, client)

    response = client.get(
        "/finances/2024-06-19/transactions", relatedIdentifierName="ORDER_ID", relatedIdentifierValue=order_id
    )

    assert response.status_code == 200
    validate("finances_2024-06-19.json", "ListTransactionsResponse", response.json())
    kinds = {
        t["transactionType"]: t["totalAmount"]["currencyAmount"] for t in response.json()["payload"]["transactions"]
    }
    assert kinds["Refund"] == -10.5 and kinds["Shipment"] > 0


def test_list_transactions_is_refused_without_the_finance_role(amazon):
    sandbox, client = amazon
    sandbox.post(f"/_sandbox/sellers/{client.partner['selling_partner_id']}/roles", {"finance": False})

    response = client.get(
        "/finances/2024-06-19/transactions",
        relatedIdentifierName="ORDER_ID",
        relatedIdentifierValue=first_order(client)["orderId"],
    )

    assert response.status_code == 403 and response.json()["errors"][0]["code"] == "Unauthorized"


def test_a_delivery_window_changed_by_amazon_shows_in_the_next_search(amazon):
    sandbox, client = amazon
    order = first_order(client)

    sandbox.post(
        f"/_sandbox/orders/{order['orderId']}",
        {"earliest_delivery": "2026-12-20T00:00:00Z", "latest_delivery": "2026-12-22T00:00:00Z"},
    )
    changed = client.get(f"/orders/2026-01-01/orders/{order['orderId']}", includedData="FULFILLMENT").json()["order"]

    assert changed["fulfillment"]["deliverByWindow"] == {
        "earliestDateTime": "2026-12-20T00:00:00Z",
        "latestDateTime": "2026-12-22T00:00:00Z",
    }
    assert changed["lastUpdatedTime"] > order["lastUpdatedTime"]
