"""The sandbox Amazon as a WSGI application: LWA, the SP-API operations we call, and a control plane.

It answers in the shapes of Amazon's models, enforces each operation's usage plan per selling
partner with a token bucket (429 with Amazon's error body and x-amzn-RateLimit-Limit when
empty), refuses what Amazon refuses (a second solicitation, one outside its window, a revoked
token), and can inject faults. Everything it accepted is listed at GET /_sandbox/messages.
"""

import html
import json
import random
import re
import secrets
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlencode

from .clock import SandboxClock
from .marketplaces import MARKETPLACES
from .notices import NoticeMailer, build_notice
from .records import iso
from .representations import (
    FEEDBACK_REPORT_MAX_RATING,
    feedback_report,
    marketplace_participation,
    order_report,
    order_v2026,
    transactions_of,
)
from .usage_plans import USAGE_PLANS
from .world import World

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


class RawJSON(str):
    """Already-serialized JSON to splice into a response as it is."""


def dump_json(body) -> str:
    """json.dumps that splices RawJSON values in without decoding and encoding them again."""
    if (
        isinstance(body, dict)
        and isinstance(body.get("orders"), list)
        and body["orders"]
        and isinstance(body["orders"][0], RawJSON)
    ):
        rest = json.dumps({k: v for k, v in body.items() if k != "orders"})
        return '{"orders": [' + ",".join(body["orders"]) + "]" + ("" if rest == "{}" else ", " + rest[1:])
    return json.dumps(body)


class Reply(Exception):
    """Raised by handlers to answer at once (errors, mostly)."""

    def __init__(self, status: int, body, headers: dict | None = None):
        self.status, self.body, self.headers = status, body, headers or {}


def error(status: int, code: str, message: str, details: str = "") -> Reply:
    body = {"errors": [{"code": code, "message": message, "details": details}]}
    return Reply(status, body, {"x-amzn-ErrorType": code})


class TokenBuckets:
    def __init__(self, scale: float, clock=time.monotonic):
        self.scale, self.clock = scale, clock
        self._state: dict[tuple[str, str], tuple[float, float]] = {}
        self._lock = threading.Lock()

    def plan(self, operation: str) -> tuple[float, float]:
        rate, burst = USAGE_PLANS[operation]
        return rate * self.scale, max(1.0, burst * self.scale)

    def take(self, partner_id: str, operation: str) -> bool:
        rate, burst = self.plan(operation)
        with self._lock:
            now = self.clock()
            tokens, last = self._state.get((partner_id, operation), (burst, now))
            # A clock set back (sandbox.clock) gives no quota back and takes none away.
            tokens = min(burst, tokens + max(0.0, now - last) * rate)
            if tokens < 1:
                self._state[(partner_id, operation)] = (tokens, now)
                return False
            self._state[(partner_id, operation)] = (tokens - 1, now)
            return True


class Request:
    def __init__(self, environ):
        self.method = environ["REQUEST_METHOD"]
        self.path = environ.get("PATH_INFO", "/")
        self.query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        self.headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if "CONTENT_TYPE" in environ:
            self.headers["content-type"] = environ["CONTENT_TYPE"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        self.body = environ["wsgi.input"].read(length) if length else b""
        self.base_url = f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST') or environ['SERVER_NAME'] + ':' + environ['SERVER_PORT']}"

    def one(self, name: str, default=None):
        values = self.query.get(name)
        return values[0] if values else default

    def many(self, *names: str) -> list[str]:
        """An array query parameter: repeated, comma-separated, or both; under any of its spellings."""
        values = []
        for name in names:
            for value in self.query.get(name, []):
                values.extend(v for v in value.split(",") if v and v not in values)
        return values

    def json(self):
        if not self.body:
            return {}
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise error(400, "InvalidInput", "The request body is not valid JSON.") from exc

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode("utf-8", "replace")).items()}


def parse_time(value: str | None, name: str):
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise error(400, "InvalidInput", f"{name} must be an ISO 8601 date-time.") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Sandbox:
    def __init__(
        self,
        world: World,
        *,
        rate_scale=1.0,
        fail_rate=0.0,
        slow_rate=0.0,
        slow_seconds=2.0,
        token_ttl=3600,
        false_negative_rate=0.0,
        report_delay_polls=1,
        seed=0,
        notice_smtp=None,
        report_delay_seconds=0.0,
    ):
        self.world = world
        self.buckets = TokenBuckets(rate_scale, clock=self._monotonic)
        self.fail_rate, self.slow_rate, self.slow_seconds = fail_rate, slow_rate, slow_seconds
        self.false_negative_rate = false_negative_rate
        self.html_errors = False
        self.raw_feedback_text = False
        self.token_ttl = token_ttl
        self.report_delay_polls = report_delay_polls
        # Amazon takes its time over a report: a minute or more for a large seller.
        self.report_delay_seconds = report_delay_seconds
        self.notice_smtp = notice_smtp  # where notices go unless the control plane says otherwise
        self.mailer = NoticeMailer(notice_smtp) if notice_smtp else None
        self.notice_recipients: dict[str, str] = {}
        self.rng = random.Random(seed + 7)
        self.lock = threading.RLock()
        self.refresh_tokens = {p.refresh_token: p.partner_id for p in world.partners.values()}
        self.access_tokens: dict[str, tuple[str, float]] = {}
        self.auth_codes: dict[str, tuple[str, float]] = {}
        self.reports: dict[str, dict] = {}
        self.documents: dict[str, str] = {}
        self.messages: list[dict] = []
        self.calls: dict[tuple[str, str], dict] = {}  # (partner, operation) -> counts and first/last times
        self._json_cache: dict[tuple, tuple] = {}
        self.page_tokens: dict[str, dict] = {}
        self.routes = [
            ("POST", r"/auth/o2/token", self.lwa_token, None),
            ("GET", r"/apps/authorize/consent", self.consent_page, None),
            ("POST", r"/apps/authorize/consent", self.consent_submit, None),
            (
                "GET",
                r"/sellers/v1/marketplaceParticipations",
                self.marketplace_participations,
                "getMarketplaceParticipations",
            ),
            ("GET", r"/orders/2026-01-01/orders", self.search_orders, "searchOrders"),
            ("GET", r"/orders/2026-01-01/orders/(?P<order_id>[^/]+)", self.get_order, "getOrder"),
            ("POST", r"/tokens/2021-03-01/restrictedDataToken", self.create_rdt, "createRestrictedDataToken"),
            ("GET", r"/finances/2024-06-19/transactions", self.list_transactions, "listTransactions"),
            ("POST", r"/reports/2021-06-30/reports", self.create_report, "createReport"),
            ("GET", r"/reports/2021-06-30/reports/(?P<report_id>[^/]+)", self.get_report, "getReport"),
            (
                "GET",
                r"/reports/2021-06-30/documents/(?P<document_id>[^/]+)",
                self.get_report_document,
                "getReportDocument",
            ),
            (
                "GET",
                r"/solicitations/v1/orders/(?P<order_id>[^/]+)",
                self.solicitation_actions,
                "getSolicitationActionsForOrder",
            ),
            (
                "POST",
                r"/solicitations/v1/orders/(?P<order_id>[^/]+)/solicitations/productReviewAndSellerFeedback",
                self.create_solicitation,
                "createProductReviewAndSellerFeedbackSolicitation",
            ),
            ("GET", r"/messaging/v1/orders/(?P<order_id>[^/]+)", self.messaging_actions, "getMessagingActionsForOrder"),
            ("GET", r"/messaging/v1/orders/(?P<order_id>[^/]+)/attributes", self.attributes, "GetAttributes"),
            (
                "POST",
                r"/messaging/v1/orders/(?P<order_id>[^/]+)/messages/(?P<kind>[A-Za-z]+)",
                self.create_message,
                "message",
            ),
            ("GET", r"/_sandbox/sellers", self.control_sellers, None),
            ("GET", r"/_sandbox/messages", self.control_messages, None),
            ("GET", r"/_sandbox/calls", self.control_calls, None),
            ("GET", r"/_sandbox/documents/(?P<document_id>[^/]+)", self.download_document, None),
            ("GET", r"/_sandbox/orders/(?P<order_id>[^/]+)", self.control_order, None),
            ("POST", r"/_sandbox/orders/(?P<order_id>[^/]+)", self.control_change_order, None),
            ("POST", r"/_sandbox/sellers/(?P<partner_id>[^/]+)/orders", self.control_add_orders, None),
            ("GET", r"/_sandbox/sellers/(?P<partner_id>[^/]+)/orders", self.control_list_orders, None),
            ("POST", r"/_sandbox/sellers/(?P<partner_id>[^/]+)/revoke", self.control_revoke, None),
            ("POST", r"/_sandbox/sellers/(?P<partner_id>[^/]+)/roles", self.control_roles, None),
            ("POST", r"/_sandbox/faults", self.control_faults, None),
            ("POST", r"/_sandbox/sellers/(?P<partner_id>[^/]+)/notification-recipient", self.control_recipient, None),
            ("POST", r"/_sandbox/orders/(?P<order_id>[^/]+)/feedback", self.control_leave_feedback, None),
            ("DELETE", r"/_sandbox/orders/(?P<order_id>[^/]+)/feedback", self.control_remove_feedback, None),
            ("GET", r"/_sandbox/sellers/(?P<partner_id>[^/]+)/feedback", self.control_list_feedback, None),
            ("POST", r"/_sandbox/warm", self.control_warm, None),
            ("GET", r"/_sandbox/clock", self.control_clock, None),
            ("POST", r"/_sandbox/clock", self.control_set_clock, None),
            ("POST", r"/_sandbox/world", self.control_world, None),
            ("POST", r"/_sandbox/notices", self.control_notices, None),
        ]
        self.compiled = [(m, re.compile(p + "$"), h, op) for m, p, h, op in self.routes]

    # -- WSGI --------------------------------------------------------------------------
    def _monotonic(self) -> float:
        """The usage plans' clock: it moves with the sandbox's clock when a test or the demo sets it."""
        clock = self.world.clock
        return clock.monotonic() if isinstance(clock, SandboxClock) else time.monotonic()

    def __call__(self, environ, start_response):
        request = Request(environ)
        request_id = str(uuid.uuid4())
        try:
            self.world.catch_up()
            status, body, headers = self.dispatch(request)
        except Reply as reply:
            status, body, headers = reply.status, reply.body, reply.headers
        except Exception as exc:  # noqa: BLE001 - the sandbox answers like Amazon, never a traceback
            status, body, headers = 500, {"errors": [{"code": "InternalFailure", "message": str(exc)}]}, {}
        headers = {"x-amzn-RequestId": request_id, **headers}
        if isinstance(body, (dict, list)):
            payload = dump_json(body).encode()
            headers.setdefault("Content-Type", "application/json")
        else:
            payload = body.encode() if isinstance(body, str) else body
            headers.setdefault("Content-Type", "text/html; charset=utf-8")
        headers["Content-Length"] = str(len(payload))
        start_response(f"{status} {STATUS_TEXT.get(status, 'OK')}", list(headers.items()))
        return [payload]

    def dispatch(self, request: Request):
        allowed = False
        for method, pattern, handler, operation in self.compiled:
            match = pattern.match(request.path)
            if not match:
                continue
            allowed = True
            if method != request.method:
                continue
            kwargs = match.groupdict()
            if operation is None:
                return handler(request, **kwargs)
            return self.call_operation(request, handler, operation, kwargs)
        if allowed:
            raise error(405, "MethodNotAllowed", f"{request.method} is not allowed on {request.path}.")
        raise error(404, "NotFound", f"No operation at {request.path}.")

    def call_operation(self, request, handler, operation, kwargs):
        partner_id = self.authenticate(request)
        if operation == "message":
            operation = MESSAGE_OPERATIONS.get(kwargs["kind"])
            if operation is None:
                raise error(404, "NotFound", f"Unknown message type {kwargs['kind']}.")
        rate, _ = self.buckets.plan(operation)
        limit_header = {"x-amzn-RateLimit-Limit": f"{rate:g}"}
        allowed = self.buckets.take(partner_id, operation)
        self._count(partner_id, operation, allowed)
        if not allowed:
            reply = error(429, "QuotaExceeded", "You exceeded your quota for the requested resource.")
            reply.headers.update(limit_header)
            raise reply
        if self.slow_rate and self.rng.random() < self.slow_rate:
            time.sleep(self.slow_seconds)
        if self.fail_rate and self.rng.random() < self.fail_rate:
            if self.html_errors:
                # What a load balancer in front of Amazon sometimes sends: no JSON at all.
                raise Reply(
                    503,
                    "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
                    {"Content-Type": "text/html"},
                )
            if self.rng.random() < 0.5:
                raise error(500, "InternalFailure", "We encountered an internal error. Please try again.")
            raise error(503, "ServiceUnavailable", "Service temporarily unavailable. Please try again.")
        status, body, headers = handler(request, partner_id=partner_id, **kwargs)
        return status, body, {**limit_header, **headers}

    def _count(self, partner_id, operation, allowed):
        now = time.time()
        with self.lock:
            entry = self.calls.setdefault((partner_id, operation), {"calls": 0, "throttled": 0, "first": now})
            entry["calls"] += 1
            entry["throttled"] += 0 if allowed else 1
            entry["last"] = now

    def _count_refusal(self, partner_id, operation):
        """A call Amazon answered but refused (a second solicitation, one outside the window)."""
        with self.lock:
            entry = self.calls.setdefault((partner_id, operation), {"calls": 0, "throttled": 0, "first": time.time()})
            entry["refused"] = entry.get("refused", 0) + 1

    # -- Login with Amazon ---------------------------------------------------------------
    def authenticate(self, request) -> str:
        token = request.headers.get("x-amz-access-token", "")
        with self.lock:
            entry = self.access_tokens.get(token)
            if entry and entry[1] > time.time():
                partner_id = entry[0]
                if any(p == partner_id for p in self.refresh_tokens.values()):
                    return partner_id
        raise error(
            403,
            "Unauthorized",
            "Access to requested resource is denied.",
            "The access token you provided is revoked, malformed or invalid.",
        )

    def lwa_token(self, request):
        form = request.form()
        grant = form.get("grant_type")
        if not form.get("client_id") or not form.get("client_secret"):
            return 401, {"error": "invalid_client", "error_description": "Client authentication failed"}, {}
        with self.lock:
            if grant == "refresh_token":
                partner_id = self.refresh_tokens.get(form.get("refresh_token", ""))
                if partner_id is None:
                    return (
                        400,
                        {
                            "error": "invalid_grant",
                            "error_description": "The request has an invalid grant parameter : refresh_token",
                        },
                        {},
                    )
                refresh_token = form["refresh_token"]
            elif grant == "authorization_code":
                partner_id, expires = self.auth_codes.pop(form.get("code", ""), (None, 0))
                if partner_id is None or expires < time.time():
                    return (
                        400,
                        {
                            "error": "invalid_grant",
                            "error_description": "The request has an invalid grant parameter : code",
                        },
                        {},
                    )
                refresh_token = "Atzr|sandbox-" + secrets.token_hex(24)
                self.refresh_tokens[refresh_token] = partner_id
            else:
                return (
                    400,
                    {"error": "unsupported_grant_type", "error_description": f"Unsupported grant_type {grant}"},
                    {},
                )
            access_token = "Atza|sandbox-" + secrets.token_hex(24)
            self.access_tokens[access_token] = (partner_id, time.time() + self.token_ttl)
        self._count(partner_id, "LoginWithAmazon", True)
        return (
            200,
            {
                "access_token": access_token,
                "refresh_token": refresh_token,
                "token_type": "bearer",
                "expires_in": self.token_ttl,
            },
            {},
        )

    def consent_page(self, request):
        app_id = request.one("application_id", "")
        state = request.one("state", "")
        redirect_uri = request.one("redirect_uri", "")
        if not app_id or not state or not redirect_uri:
            return (
                400,
                CONSENT_ERROR
                % {"message": "This authorization link is missing application_id, state or redirect_uri (MD1000)."},
                {},
            )
        options = "".join(
            f'<label class="acct"><input type="radio" name="selling_partner_id" value="{p.partner_id}" {"checked" if i == 0 else ""}>'
            f"<strong>{html.escape(p.store_name)}</strong> <span>{p.partner_id} · {p.region} · "
            f"{', '.join(p.marketplace_codes)}</span></label>"
            for i, p in enumerate(self.world.partners.values())
        )
        return (
            200,
            CONSENT_PAGE
            % {
                "app_id": html.escape(app_id),
                "state": html.escape(state),
                "redirect_uri": html.escape(redirect_uri),
                "options": options,
            },
            {},
        )

    def consent_submit(self, request):
        form = request.form()
        redirect_uri, state = form.get("redirect_uri", ""), form.get("state", "")
        if form.get("decision") != "confirm":
            return 302, "", {"Location": f"{redirect_uri}?{urlencode({'state': state, 'error': 'access_denied'})}"}
        partner_id = form.get("selling_partner_id", "")
        if partner_id not in self.world.partners:
            return 400, CONSENT_ERROR % {"message": "Choose an account."}, {}
        code = "ANsandbox" + secrets.token_hex(10)
        with self.lock:
            self.auth_codes[code] = (partner_id, time.time() + 300)
        query = urlencode({"state": state, "selling_partner_id": partner_id, "spapi_oauth_code": code})
        return 302, "", {"Location": f"{redirect_uri}?{query}"}

    # -- Sellers, Orders, Tokens, Reports ---------------------------------------------------
    def marketplace_participations(self, request, partner_id):
        return 200, {"payload": marketplace_participation(self.world.partners[partner_id])}, {}

    def search_orders(self, request, partner_id):
        token = request.one("paginationToken")
        if token:
            # Like Amazon's, the token is opaque and refers to the search it continues.
            with self.lock:
                cursor = self.page_tokens.get(token)
            if cursor is None or cursor["partner"] != partner_id:
                raise error(400, "InvalidInput", "Invalid paginationToken.")
            params, after_key = cursor["q"], cursor["k"]
        else:
            params = {
                "createdAfter": request.one("createdAfter"),
                "createdBefore": request.one("createdBefore"),
                "lastUpdatedAfter": request.one("lastUpdatedAfter"),
                "lastUpdatedBefore": request.one("lastUpdatedBefore"),
                "marketplaceIds": request.many("marketplaceIds", "MarketplaceIds", "marketplace_ids", "MarketplaceId"),
                "fulfillmentStatuses": request.many("fulfillmentStatuses"),
                "fulfilledBy": request.many("fulfilledBy"),
                "includedData": request.many("includedData"),
                "maxResultsPerPage": request.one("maxResultsPerPage", "100"),
            }
            if not params["createdAfter"] and not params["lastUpdatedAfter"]:
                raise error(400, "InvalidInput", "Either createdAfter or lastUpdatedAfter must be specified.")
            if params["createdAfter"] and params["lastUpdatedAfter"]:
                raise error(400, "InvalidInput", "createdAfter and lastUpdatedAfter cannot both be specified.")
            unknown = set(params["includedData"]) - SEARCH_DATASETS
            if unknown:
                raise error(400, "InvalidInput", f"Invalid includedData: {', '.join(sorted(unknown))}.")
            # Freeze the upper bound so every page of one search sees the same orders.
            if not params["lastUpdatedBefore"] and not params["createdBefore"]:
                params["lastUpdatedBefore"] = iso(self.world.clock())
            after_key = None
        try:
            limit = int(params["maxResultsPerPage"])
        except ValueError as exc:
            raise error(400, "InvalidInput", "maxResultsPerPage must be a number.") from exc
        if not 1 <= limit <= 100:
            raise error(400, "InvalidInput", "maxResultsPerPage must be between 1 and 100.")
        orders, last_key = self.world.search(
            partner_id,
            updated_after=parse_time(params["lastUpdatedAfter"], "lastUpdatedAfter"),
            updated_before=parse_time(params["lastUpdatedBefore"], "lastUpdatedBefore"),
            created_after=parse_time(params["createdAfter"], "createdAfter"),
            created_before=parse_time(params["createdBefore"], "createdBefore"),
            after_key=after_key,
            marketplace_ids=set(params["marketplaceIds"]),
            statuses=set(params["fulfillmentStatuses"]),
            fulfilled_by=set(params["fulfilledBy"]),
            limit=limit,
        )
        included = frozenset(params["includedData"])
        body = {"orders": [RawJSON(self._order_json(o, included)) for o in orders]}
        if params["lastUpdatedBefore"]:
            body["lastUpdatedBefore"] = params["lastUpdatedBefore"]
        if params["createdBefore"]:
            body["createdBefore"] = params["createdBefore"]
        if last_key:
            token = secrets.token_urlsafe(24)
            with self.lock:
                self.page_tokens[token] = {"partner": partner_id, "q": params, "k": last_key}
            body["pagination"] = {"nextToken": token}
        return 200, body, {}

    def _order_json(self, order, included: frozenset) -> str:
        """An order's JSON, cached until the order changes (large searches page through it many times)."""
        key = (order.order_id, included)
        cached = self._json_cache.get(key)
        if cached is None or cached[0] != order.updated:
            cached = (order.updated, json.dumps(order_v2026(order, included)))
            self._json_cache[key] = cached
        return cached[1]

    def _order_of(self, partner_id, order_id):
        order = self.world.orders.get(order_id)
        if order is None or order.partner_id != partner_id:
            raise error(404, "NotFound", f"Order {order_id} was not found.")
        return order

    def get_order(self, request, partner_id, order_id):
        order = self._order_of(partner_id, order_id)
        return 200, {"order": order_v2026(order, set(request.many("includedData")))}, {}

    # -- Finances 2024-06-19 ------------------------------------------------------------------
    def list_transactions(self, request, partner_id):
        """listTransactions: an order's transactions (relatedIdentifierName=ORDER_ID), or every
        transaction posted in a range; a Shipment when an order is charged, a Refund when refunded."""
        if not self.world.partners[partner_id].finance_role:
            raise error(
                403,
                "Unauthorized",
                "Access to requested resource is denied.",
                "The application is not authorized for the Finance and Accounting role.",
            )
        name, value = request.one("relatedIdentifierName"), request.one("relatedIdentifierValue")
        now = self.world.clock()
        if name or value:
            if name not in ("ORDER_ID", "FINANCIAL_EVENT_GROUP_ID") or not value:
                raise error(
                    400,
                    "InvalidInput",
                    "relatedIdentifierName must be ORDER_ID or FINANCIAL_EVENT_GROUP_ID, with relatedIdentifierValue.",
                )
            order = self.world.orders.get(value) if name == "ORDER_ID" else None
            orders = [order] if order is not None and order.partner_id == partner_id else []
            start, end = None, now
        else:
            start = parse_time(request.one("postedAfter"), "postedAfter")
            if start is None:
                raise error(400, "InvalidInput", "postedAfter is required without a related identifier.")
            end = parse_time(request.one("postedBefore"), "postedBefore") or now
            if end - start > timedelta(days=180):
                return 200, {"payload": {"transactions": []}}, {}
            with self.world.lock:
                orders = list(self.world.partners[partner_id].orders.values())
        marketplace = request.one("marketplaceId")
        # postedBefore is "before (but not on)"; an order's own transactions are every one posted so far.
        found = [
            t
            for o in orders
            for t in transactions_of(o)
            if (start is None or t["postedDate"] >= iso(start))
            and (t["postedDate"] <= iso(end) if start is None else t["postedDate"] < iso(end))
            and (not marketplace or t["marketplaceDetails"]["marketplaceId"] == marketplace)
        ]
        found.sort(key=lambda t: (t["postedDate"], t["transactionId"]))
        offset = int(request.one("nextToken") or 0) if (request.one("nextToken") or "0").isdigit() else 0
        page = found[offset : offset + 100]
        payload = {"transactions": page}
        if offset + 100 < len(found):
            payload["nextToken"] = str(offset + 100)
        return 200, {"payload": payload}, {}

    def create_rdt(self, request, partner_id):
        resources = request.json().get("restrictedResources")
        if not resources:
            raise error(400, "InvalidInput", "restrictedResources is required.")
        token = "Atz.sprdt|sandbox-" + secrets.token_hex(20)
        with self.lock:
            self.access_tokens[token] = (partner_id, time.time() + 3600)
        return 200, {"restrictedDataToken": token, "expiresIn": 3600}, {}

    def create_report(self, request, partner_id):
        spec = request.json()
        if spec.get("reportType") not in (*ORDER_REPORTS, FEEDBACK_REPORT):
            raise error(400, "InvalidInput", f"Report type {spec.get('reportType')} is not available in the sandbox.")
        if not spec.get("marketplaceIds"):
            raise error(400, "InvalidInput", "marketplaceIds is required.")
        report_id = str(self.rng.randint(10**10, 10**11))
        with self.lock:
            self.reports[report_id] = {
                "partner": partner_id,
                "spec": spec,
                "polls": 0,
                "created": iso(self.world.clock()),
                "ready_at": time.monotonic() + self.report_delay_seconds,
            }
        return 202, {"reportId": report_id}, {}

    def get_report(self, request, partner_id, report_id):
        with self.lock:
            report = self.reports.get(report_id)
            if report is None or report["partner"] != partner_id:
                raise error(404, "NotFound", f"Report {report_id} was not found.")
            report["polls"] += 1
            spec = report["spec"]
            body = {
                "reportId": report_id,
                "reportType": spec["reportType"],
                "marketplaceIds": spec["marketplaceIds"],
                "createdTime": report["created"],
            }
            for key in ("dataStartTime", "dataEndTime"):
                if spec.get(key):
                    body[key] = spec[key]
            if report["polls"] <= self.report_delay_polls or time.monotonic() < report["ready_at"]:
                body["processingStatus"] = "IN_PROGRESS" if report["polls"] > 1 else "IN_QUEUE"
                return 200, body, {}
            if "document" not in report and not report.get("empty"):
                text, rows = self._render_report(partner_id, spec)
                if rows == 0 and spec["reportType"] == FEEDBACK_REPORT:
                    # Amazon cancels a report that has no data instead of returning an empty one.
                    report["empty"] = True
                else:
                    report["document"] = "amzn1.spdoc.1.4.sandbox." + secrets.token_hex(12)
                    self.documents[report["document"]] = text
            report.setdefault("finished", iso(self.world.clock()))
            if report.get("empty"):
                body.update(processingStatus="CANCELLED", processingEndTime=report["finished"])
            else:
                body.update(
                    processingStatus="DONE", reportDocumentId=report["document"], processingEndTime=report["finished"]
                )
            return 200, body, {}

    def _render_report(self, partner_id, spec) -> tuple[str, int]:
        """The report's text and its number of data rows."""
        start = parse_time(spec.get("dataStartTime"), "dataStartTime")
        end = parse_time(spec.get("dataEndTime"), "dataEndTime")
        marketplaces = set(spec["marketplaceIds"])
        if spec["reportType"] == FEEDBACK_REPORT:
            # Amazon's default for both ends is now: without a start there is nothing to report.
            now = self.world.clock()
            first, last = (start or now).date(), (end or now).date()
            return feedback_report(
                self.world.feedback_between(partner_id, first, last, marketplaces), raw_text=self.raw_feedback_text
            )
        by_update = spec["reportType"].endswith("LAST_UPDATE_GENERAL")
        orders = []
        for order in self.world.partners[partner_id].orders.values():
            moment = order.updated if by_update else order.created
            if (start and moment < start) or (end and moment > end) or order.marketplace.id not in marketplaces:
                continue
            orders.append(order)
        orders.sort(key=lambda o: (o.updated, o.order_id))
        text = order_report(orders)
        return text, text.count("\n") - 1

    def get_report_document(self, request, partner_id, document_id):
        if document_id not in self.documents:
            raise error(404, "NotFound", f"Report document {document_id} was not found.")
        return 200, {"reportDocumentId": document_id, "url": f"{request.base_url}/_sandbox/documents/{document_id}"}, {}

    def download_document(self, request, document_id):
        if document_id not in self.documents:
            raise error(404, "NotFound", "No such document.")
        return 200, self.documents[document_id].encode(), {"Content-Type": "text/tab-separated-values; charset=utf-8"}

    # -- Solicitations and Messaging ------------------------------------------------------
    def _marketplace_param(self, request, order):
        ids = request.many("marketplaceIds")
        if not ids:
            raise error(400, "InvalidInput", "Missing or invalid request parameters: [marketplaceIds]")
        if order.marketplace.id not in ids:
            raise error(400, "InvalidInput", "The order is not in the requested marketplace.")

    def _solicitation_window(self, order):
        now = self.world.clock()
        return order.status == "SHIPPED" and order.earliest_delivery + timedelta(
            days=5
        ) <= now <= order.latest_delivery + timedelta(days=30)

    def _hal(self, path, order, names):
        mp = order.marketplace.id
        return {
            "_links": {
                "actions": [{"href": f"{path}/{kind}?marketplaceIds={mp}", "name": n} for kind, n in names],
                "self": {"href": f"{path}?marketplaceIds={mp}"},
            },
            "_embedded": {
                "actions": [
                    {
                        "_links": {
                            "self": {"href": f"{path}/{kind}?marketplaceIds={mp}", "name": n},
                            "schema": {"href": f"{path}/{kind}/schema", "name": n},
                        },
                        "payload": {"name": n},
                    }
                    for kind, n in names
                ]
            },
        }

    def solicitation_actions(self, request, partner_id, order_id):
        order = self._order_of(partner_id, order_id)
        self._marketplace_param(request, order)
        names = []
        if not order.solicited and self._solicitation_window(order):
            # Amazon sometimes says no to an eligible order; a later check may say yes.
            if not (self.false_negative_rate and self.rng.random() < self.false_negative_rate):
                names = [("solicitations/productReviewAndSellerFeedback", "productReviewAndSellerFeedback")]
        return (
            200,
            self._hal(f"/solicitations/v1/orders/{order_id}", order, names),
            {"Content-Type": "application/hal+json"},
        )

    def create_solicitation(self, request, partner_id, order_id):
        with self.world.lock:
            order = self._order_of(partner_id, order_id)
            self._marketplace_param(request, order)
            refusal = NOT_AVAILABLE if order.solicited else None if self._solicitation_window(order) else OUTSIDE_WINDOW
            if refusal:
                self._count_refusal(partner_id, "createProductReviewAndSellerFeedbackSolicitation")
                raise error(403, "Unauthorized", refusal)
            order.solicited = True
        self._record(order, "productReviewAndSellerFeedback", None)
        return 201, {}, {"Content-Type": "application/hal+json"}

    def messaging_actions(self, request, partner_id, order_id):
        order = self._order_of(partner_id, order_id)
        self._marketplace_param(request, order)
        names = []
        if order.status != "CANCELLED" and self.world.clock() <= order.created + timedelta(days=60):
            names = [(f"messages/{kind}", kind) for kind in MESSAGE_OPERATIONS]
        return (
            200,
            self._hal(f"/messaging/v1/orders/{order_id}", order, names),
            {"Content-Type": "application/hal+json"},
        )

    def attributes(self, request, partner_id, order_id):
        order = self._order_of(partner_id, order_id)
        self._marketplace_param(request, order)
        return 200, {"buyer": {"locale": order.marketplace.language.replace("_", "-")}}, {}

    def create_message(self, request, partner_id, order_id, kind):
        order = self._order_of(partner_id, order_id)
        self._marketplace_param(request, order)
        body = request.json()
        text = body.get("text")
        if kind in (
            "confirmDeliveryDetails",
            "confirmOrderDetails",
            "confirmServiceDetails",
            "unexpectedProblem",
            "confirmCustomizationDetails",
            "digitalAccessKey",
        ):
            limit = 800 if kind == "confirmCustomizationDetails" else 400 if kind == "digitalAccessKey" else 2000
            if not isinstance(text, str) or not 1 <= len(text) <= limit:
                raise error(400, "InvalidInput", f"text is required and must be 1 to {limit} characters.")
        if order.status == "CANCELLED":
            raise error(403, "Unauthorized", "The requested message is not available for this amazonOrderId.")
        self._record(order, kind, text)
        return 201, {}, {"Content-Type": "application/hal+json"}

    def _record(self, order, kind, text):
        blocked = order.buyer.opted_out and kind not in CRITICAL_MESSAGES
        entry = {
            "id": len(self.messages) + 1,
            "selling_partner_id": order.partner_id,
            "order_id": order.order_id,
            "marketplace_id": order.marketplace.id,
            "kind": kind,
            "text": text,
            "at": iso(self.world.clock()),
            "delivered": not blocked,
            "blocked_reason": "buyer_opted_out" if blocked else None,
            "accepted_at": time.time(),
        }
        with self.lock:
            self.messages.append(entry)
        recipient = self.notice_recipients.get(order.partner_id)
        if blocked and self.mailer and recipient:
            self.mailer.send(
                build_notice(
                    order_id=order.order_id,
                    marketplace=order.marketplace,
                    buyer_name=order.buyer.name,
                    recipient=recipient,
                    now=self.world.clock(),
                    buyer_alias=order.buyer.alias,
                )
            )

    # -- Control plane (not Amazon: for tests, benchmarks and the demo) ---------------------
    def control_sellers(self, request):
        with self.lock:
            extra = {}
            for token, pid in self.refresh_tokens.items():
                extra.setdefault(pid, []).append(token)
        return (
            200,
            {
                "sellers": [
                    {
                        "selling_partner_id": p.partner_id,
                        "store_name": p.store_name,
                        "region": p.region,
                        "marketplace_ids": [MARKETPLACES[c].id for c in p.marketplace_codes],
                        "refresh_token": p.refresh_token,
                        "orders": len(p.orders),
                        "feedback": len(p.feedback),
                        "revoked": p.refresh_token not in self.refresh_tokens,
                    }
                    for p in self.world.partners.values()
                ]
            },
            {},
        )

    def control_messages(self, request):
        partner = request.one("selling_partner_id")
        with self.lock:
            messages = [m for m in self.messages if not partner or m["selling_partner_id"] == partner]
        return 200, {"messages": messages}, {}

    def control_calls(self, request):
        """Every operation's calls per selling partner: how many, how many throttled (429), first and last."""
        with self.lock:
            calls = [{"selling_partner_id": p, "operation": op, **entry} for (p, op), entry in self.calls.items()]
        return 200, {"calls": calls}, {}

    def control_order(self, request, order_id):
        order = self.world.orders.get(order_id)
        if order is None:
            raise error(404, "NotFound", "No such order.")
        return (
            200,
            {
                "order": order_v2026(order, SEARCH_DATASETS),
                "buyer_opted_out": order.buyer.opted_out,
                "buyer_alias": order.buyer.alias,
                "solicited": order.solicited,
                "refund_posted": iso(order.refund_posted) if order.refund_posted else None,
            },
            {},
        )

    def control_change_order(self, request, order_id):
        data = request.json()
        if order_id not in self.world.orders:
            raise error(404, "NotFound", "No such order.")
        if "status" in data:
            if data["status"] not in ("SHIPPED", "DELIVERED", "RETURNED", "CANCELLED", "UNSHIPPED"):
                raise error(400, "InvalidInput", "status must be SHIPPED, DELIVERED, RETURNED, CANCELLED or UNSHIPPED.")
            self.world.change_order(order_id, data["status"])
        if "buyer_opted_out" in data:
            self.world.orders[order_id].buyer.opted_out = bool(data["buyer_opted_out"])
        if "earliest_delivery" in data or "latest_delivery" in data:
            order = self.world.orders[order_id]
            earliest = parse_time(data.get("earliest_delivery"), "earliest_delivery") or order.earliest_delivery
            latest = parse_time(data.get("latest_delivery"), "latest_delivery") or order.latest_delivery
            if latest < earliest:
                raise error(400, "InvalidInput", "latest_delivery must not be before earliest_delivery.")
            self.world.change_delivery_window(order_id, earliest, latest)
        if "refund" in data:
            refund = data["refund"] if isinstance(data["refund"], dict) else {}
            self.world.refund(
                order_id, posted=parse_time(refund.get("posted"), "refund.posted"), amount=refund.get("amount")
            )
        return self.control_order(request, order_id)

    def control_add_orders(self, request, partner_id):
        if partner_id not in self.world.partners:
            raise error(404, "NotFound", "No such seller.")
        data = request.json()
        count = int(data.get("count", 1))
        # age_days: placed that long ago and moved along its life since (shipped, delivered...).
        placed = self.world.clock().replace(microsecond=0) - timedelta(days=float(data.get("age_days", 0)))
        orders = self.world.add_orders(partner_id, count, placed_at=placed)
        return 201, {"order_ids": [o.order_id for o in orders]}, {}

    def control_list_orders(self, request, partner_id):
        """A partner's orders with what tests and benchmarks need to stage them (not an Amazon API)."""
        if partner_id not in self.world.partners:
            raise error(404, "NotFound", "No such seller.")
        with self.world.lock:
            orders = list(self.world.partners[partner_id].orders.values())
        return (
            200,
            {
                "orders": [
                    {
                        "order_id": o.order_id,
                        "marketplace_id": o.marketplace.id,
                        "created": iso(o.created),
                        "status": o.status,
                        "fulfilled_by": o.fulfilled_by,
                        "earliest_delivery": iso(o.earliest_delivery),
                        "latest_delivery": iso(o.latest_delivery),
                        "solicitable": not o.solicited and self._solicitation_window(o),
                        "in_solicitation_window": self._solicitation_window(o),
                        "solicited": o.solicited,
                        "refund_posted": iso(o.refund_posted) if o.refund_posted else None,
                        "buyer_alias": o.buyer.alias,
                        "buyer_opted_out": o.buyer.opted_out,
                    }
                    for o in orders
                ]
            },
            {},
        )

    def control_warm(self, request):
        """Render every order's JSON for one includedData set ahead of time.

        Benchmarks call this so that what they time is the client, not this stand-in rendering
        JSON on the machine's shared cores (Amazon's serving cost is on Amazon's machines).
        """
        included = frozenset(request.json().get("includedData", []))
        with self.world.lock:
            orders = list(self.world.orders.values())
        for order in orders:
            self._order_json(order, included)
        return 200, {"rendered": len(orders), "includedData": sorted(included)}, {}

    def control_recipient(self, request, partner_id):
        """Seller Central's Notification Preferences: where "Buyer Opt-Out" notices go."""
        if partner_id not in self.world.partners:
            raise error(404, "NotFound", "No such seller.")
        email = str(request.json().get("email", "")).strip()
        if "@" not in email:
            raise error(400, "InvalidInput", "email must be an address.")
        self.notice_recipients[partner_id] = email
        return 200, {"selling_partner_id": partner_id, "notification_recipient": email}, {}

    def control_leave_feedback(self, request, order_id):
        """A buyer leaves (or revises) seller feedback for an order.

        Body: {"rating": 1-5, "comment": ..., "date": "YYYY-MM-DD" (default today), "response": ...}.

        Like Amazon's report, the sandbox's feedback report lists only ratings of 1 to 3 stars.
        """
        order = self.world.orders.get(order_id)
        if order is None:
            raise error(404, "NotFound", "No such order.")
        data = request.json()
        if not isinstance(data, dict):
            raise error(400, "InvalidInput", "The body must be a JSON object.")
        rating = data.get("rating")
        if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
            raise error(400, "InvalidInput", "rating must be a whole number from 1 to 5.")
        comment, response = data.get("comment", ""), data.get("response", "")
        if not isinstance(comment, str) or not isinstance(response, str):
            raise error(400, "InvalidInput", "comment and response must be text.")
        today = self.world.clock().date()
        left_on = today
        if data.get("date") is not None:
            try:
                left_on = date.fromisoformat(str(data["date"]))
            except ValueError as exc:
                raise error(400, "InvalidInput", "date must be a day as YYYY-MM-DD.") from exc
        if left_on > today:
            raise error(400, "InvalidInput", "Feedback cannot be left in the future.")
        if left_on < order.created.date():
            raise error(400, "InvalidInput", "Feedback cannot be left before the order was placed.")
        feedback = self.world.set_feedback(order_id, rating=rating, comment=comment, left_on=left_on, response=response)
        return 201, self._feedback_json(order, feedback), {}

    def control_remove_feedback(self, request, order_id):
        """The buyer removed the feedback, or Amazon struck it through: it is no longer in the report."""
        if order_id not in self.world.orders:
            raise error(404, "NotFound", "No such order.")
        if not self.world.remove_feedback(order_id):
            raise error(404, "NotFound", "This order has no feedback.")
        return 200, {"order_id": order_id, "removed": True}, {}

    def control_list_feedback(self, request, partner_id):
        if partner_id not in self.world.partners:
            raise error(404, "NotFound", "No such seller.")
        with self.world.lock:
            partner = self.world.partners[partner_id]
            entries = [(partner.orders[f.order_id], f) for f in partner.feedback.values()]
        entries.sort(key=lambda pair: (pair[1].left_on, pair[0].order_id))
        return 200, {"feedback": [self._feedback_json(order, feedback) for order, feedback in entries]}, {}

    @staticmethod
    def _feedback_json(order, feedback) -> dict:
        return {
            "order_id": order.order_id,
            "selling_partner_id": order.partner_id,
            "marketplace_id": order.marketplace.id,
            "rating": feedback.rating,
            "comment": feedback.comment,
            "response": feedback.response,
            "date": feedback.left_on.isoformat(),
            "in_report": feedback.rating <= FEEDBACK_REPORT_MAX_RATING,
        }

    def control_faults(self, request):
        data = request.json()
        for name in ("fail_rate", "slow_rate", "slow_seconds", "false_negative_rate"):
            if name in data:
                setattr(self, name, float(data[name]))
        if "html_errors" in data:
            self.html_errors = bool(data["html_errors"])
        if "raw_feedback_text" in data:
            self.raw_feedback_text = bool(data["raw_feedback_text"])
        if "rate_scale" in data:
            self.buckets = TokenBuckets(float(data["rate_scale"]), clock=self._monotonic)
        return (
            200,
            {
                "fail_rate": self.fail_rate,
                "slow_rate": self.slow_rate,
                "rate_scale": self.buckets.scale,
                "false_negative_rate": self.false_negative_rate,
            },
            {},
        )

    def _clock_json(self) -> dict:
        clock = self.world.clock
        return {
            "now": iso(clock()),
            "real": bool(getattr(clock, "is_real", True)),
            "frozen": bool(getattr(clock, "is_frozen", False)),
            "world": {"generated_at": iso(self.world.generated_at), "live": self.world.live},
        }

    def control_clock(self, request):
        return 200, self._clock_json(), {}

    def control_set_clock(self, request):
        """Amazon's clock: {"now": ISO 8601} makes it that moment (it runs on from there; with
        "frozen": true it stays there until set again), {"now": null} the real time again. A live world lives up to it at once. Its orders only move forward: set it
        back only to the moment a world was generated at (POST /_sandbox/world) or later."""
        clock = self.world.clock
        if not isinstance(clock, SandboxClock):
            raise error(400, "InvalidInput", "This sandbox's clock is fixed.")
        data = request.json()
        if not isinstance(data, dict) or "now" not in data:
            raise error(
                400, "InvalidInput", 'Send {"now": "2026-11-20T12:00:00Z"}, or {"now": null} for the real time.'
            )
        clock.set(parse_time(data["now"], "now") if data["now"] is not None else None, frozen=bool(data.get("frozen")))
        self.world.catch_up()
        return 200, self._clock_json(), {}

    def control_world(self, request):
        """Generate the world again, as of {"generated_at": ISO 8601} (default now), live unless
        {"live": false}: the same partners, refresh tokens and orders a world of this seed had then.
        Messages, reports and page tokens of the old world go, revocations too; every quota is full."""
        data = request.json()
        if not isinstance(data, dict):
            raise error(400, "InvalidInput", "The body must be a JSON object.")
        generated_at = parse_time(data.get("generated_at"), "generated_at") or self.world.clock()
        if generated_at > self.world.clock():
            raise error(400, "InvalidInput", "A world cannot be generated as of a moment still to come.")
        world = self.world.regenerated(generated_at=generated_at, live=bool(data.get("live", True)))
        world.catch_up()
        with self.lock:
            self.world = world
            self.refresh_tokens = {p.refresh_token: p.partner_id for p in world.partners.values()}
            self.messages, self.reports, self.documents, self.page_tokens = [], {}, {}, {}
            self.buckets = TokenBuckets(self.buckets.scale, clock=self._monotonic)  # its partners' quotas are full
            self._json_cache = {}
        return 200, {**self._clock_json(), "orders": len(world.orders)}, {}

    def control_notices(self, request):
        """Where opt-out notices are mailed: {"smtp": "host:port"}, or {"smtp": null} for where the
        sandbox was started to mail them (--notice-smtp). Answers where they went before."""
        data = request.json()
        if not isinstance(data, dict) or "smtp" not in data:
            raise error(400, "InvalidInput", 'Send {"smtp": "127.0.0.1:2525"}, or {"smtp": null}.')
        smtp = data["smtp"] if data["smtp"] is not None else self.notice_smtp
        if smtp is not None and (not isinstance(smtp, str) or not smtp.rpartition(":")[2].isdigit()):
            raise error(400, "InvalidInput", "smtp must be host:port.")
        previous = self.mailer.address if self.mailer else None
        self.mailer = NoticeMailer(smtp) if smtp else None
        return 200, {"smtp": smtp, "previous": previous}, {}

    def control_roles(self, request, partner_id):
        """The roles a seller granted our app: {"finance": false} takes the Finance and Accounting role away."""
        partner = self.world.partners.get(partner_id)
        if partner is None:
            raise error(404, "NotFound", "No such seller.")
        data = request.json()
        if "finance" in data:
            partner.finance_role = bool(data["finance"])
        return 200, {"selling_partner_id": partner_id, "finance": partner.finance_role}, {}

    def control_revoke(self, request, partner_id):
        with self.lock:
            for token in [t for t, pid in self.refresh_tokens.items() if pid == partner_id]:
                del self.refresh_tokens[token]
            for token in [t for t, (pid, _) in self.access_tokens.items() if pid == partner_id]:
                del self.access_tokens[token]
        return 200, {"revoked": partner_id}, {}


STATUS_TEXT = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}

_PAGE_STYLE = """<style>body{font-family:Arial,sans-serif;background:#f3f3f3;margin:0}header{background:#232f3e;color:#fff;padding:14px 24px;font-weight:bold}
main{max-width:560px;margin:32px auto;background:#fff;border:1px solid #ddd;border-radius:8px;padding:24px}
.acct{display:block;border:1px solid #ddd;border-radius:6px;padding:10px;margin:8px 0}.acct span{color:#555;font-size:13px;display:block;margin-left:22px}
button{background:#ffd814;border:1px solid #fcd200;border-radius:8px;padding:8px 18px;font-size:15px;cursor:pointer;margin-right:8px}
button.secondary{background:#fff;border-color:#aaa}.note{color:#555;font-size:13px}</style>"""

CONSENT_PAGE = (
    """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Authorize application · Seller Central (sandbox)</title>"""
    + _PAGE_STYLE
    + """</head>
<body><header>seller central <small>(sandbox)</small></header><main>
<h1>Authorize application</h1>
<p>The application <strong>%(app_id)s</strong> asks for access to your selling account: orders, buyer-seller messaging and solicitations.</p>
<form method="post" action="/apps/authorize/consent">
<input type="hidden" name="state" value="%(state)s"><input type="hidden" name="redirect_uri" value="%(redirect_uri)s">
<p><strong>Signed in as:</strong></p>%(options)s
<p class="note">This is the sandbox's stand-in for Amazon's consent page. Authorizations last 365 days.</p>
<button type="submit" name="decision" value="confirm">Confirm</button>
<button type="submit" name="decision" value="cancel" class="secondary">Cancel</button>
</form></main></body></html>"""
)

CONSENT_ERROR = (
    """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Authorization error</title>"""
    + _PAGE_STYLE
    + """</head>
<body><header>seller central <small>(sandbox)</small></header><main><h1>We could not authorize this application</h1><p>%(message)s</p></main></body></html>"""
)
