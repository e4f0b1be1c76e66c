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
from datetime import timedelta
from urllib.parse import urlencode

from .amazon_terms import (
    MESSAGE_OPERATIONS,
    SEARCH_DATASETS,
)
from .buyer_messaging import MessagingOperations
from .clock import SandboxClock
from .control import ControlPlane
from .notices import NoticeMailer
from .pages import CONSENT_ERROR, CONSENT_PAGE
from .plumbing import STATUS_TEXT, RawJSON, Reply, Request, TokenBuckets, dump_json, error, parse_time
from .records import iso
from .reports import ReportOperations
from .representations import (
    marketplace_participation,
    order_v2026,
    transactions_of,
)
from .world import World


class Sandbox(ReportOperations, MessagingOperations, ControlPlane):
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
