"""The outbox's calls to Amazon for one dispatch: which actions the order allows, and the send.

Every call goes through python-amazon-sp-api clients built by sellers.amazon (the one place
that points them at Amazon or the sandbox). A client is built once per connection, API and
marketplace in each worker process, and a connection's calls go one at a time: the library
keeps per-request state on its clients, and one connection's first calls must not each log in
with Amazon.
"""

import threading
import time
from dataclasses import dataclass

from sp_api.base.exceptions import SellingApiRequestThrottledException

from campaigns import kinds
from sellers import amazon, finances

# What Amazon calls each kind in getMessagingActionsForOrder, and the library method that sends it.
MESSAGE_ACTIONS = {
    "confirm_customization": ("confirmCustomizationDetails", "confirm_customization_details"),
    "confirm_delivery": ("confirmDeliveryDetails", "create_confirm_delivery_details"),
    "confirm_order": ("confirmOrderDetails", "create_confirm_order_details"),
    "confirm_service": ("confirmServiceDetails", "create_confirm_service_details"),
    "unexpected_problem": ("unexpectedProblem", "create_unexpected_problem"),
}
SOLICITATION_ACTION = "productReviewAndSellerFeedback"
MAX_INLINE_WAIT = 3.0  # seconds a worker thread waits for a token of a call's further page


def action_name(kind: str) -> str:
    return SOLICITATION_ACTION if kind == kinds.SOLICITATION else MESSAGE_ACTIONS[kind][0]


def check_operations(kind: str, *, refunds: bool = False) -> tuple[str, ...]:
    """The calls that come before a send, in order: the order's refunds (for a campaign that
    skips refunded orders), then what Amazon allows for the order."""
    before = (finances.OPERATION,) if refunds else ()
    if kind == kinds.SOLICITATION:
        return (*before, "getSolicitationActionsForOrder")
    return (*before, "GetAttributes", "getMessagingActionsForOrder")


def send_operation(kind: str) -> str:
    return kinds.KINDS[kind].operation


def operations(kind: str, *, refunds: bool = False) -> tuple[str, ...]:
    return (*check_operations(kind, refunds=refunds), send_operation(kind))


@dataclass(frozen=True)
class Account:
    """What a call needs to know about the connection it is made for."""

    connection_id: str
    partner: str  # the key of the connection's rate-limit buckets (AmazonConnection.rate_key)
    region: str
    refresh_token: str


class CallFailed(Exception):
    """An SP-API call failed; `operation` says which bucket it drew from."""

    def __init__(self, operation: str, error: BaseException):
        super().__init__(f"{operation}: {error}")
        self.operation, self.error = operation, error


@dataclass(frozen=True)
class Answer:
    actions: frozenset
    locale: str = ""
    refunds_checked: bool = False
    refund: finances.Refund | None = None  # Amazon refunded the order (when refunds were asked)
    actions_checked: bool = True  # False when a refund made asking for the actions pointless


class Gateway:
    def __init__(self, buckets=None):
        self.buckets = buckets or amazon.buckets()
        self._clients: dict[tuple, object] = {}
        self._connection_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def _client(self, account: Account, api_class, marketplace_id: str):
        key = (account.connection_id, account.refresh_token, api_class.__name__, marketplace_id)
        with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = self._clients[key] = amazon.client(
                    api_class, refresh_token=account.refresh_token, region=account.region, marketplace_id=marketplace_id
                )
            lock = self._connection_locks.setdefault(account.connection_id, threading.Lock())
        return client, lock

    def _call(self, account: Account, api_class, marketplace_id: str, operation: str, method: str, *args, **kwargs):
        client, lock = self._client(account, api_class, marketplace_id)
        try:
            with lock:
                response = getattr(client, method)(*args, **kwargs)
        except Exception as exc:
            raise CallFailed(operation, exc) from exc
        self.buckets.adapt(account.partner, operation, (response.headers or {}).get("x-amzn-RateLimit-Limit"))
        return response

    def check(
        self,
        account: Account,
        kind: str,
        order_id: str,
        marketplace_id: str,
        *,
        refunds: bool = False,
        always_actions: bool = False,
    ) -> Answer:
        """The actions Amazon allows for the order now (and the buyer's locale, for messages).

        With `refunds`, the order's refunds first: a refunded order needs no other question,
        unless `always_actions` (an earlier attempt may have gone out: its actions tell)."""
        if refunds:
            refund = self.refund(account, order_id, marketplace_id)
            if refund is not None and not always_actions:
                return Answer(frozenset(), refunds_checked=True, refund=refund, actions_checked=False)
            answer = self.check(account, kind, order_id, marketplace_id)
            return Answer(answer.actions, answer.locale, refunds_checked=True, refund=refund)
        if kind == kinds.SOLICITATION:
            response = self._call(
                account,
                amazon.Solicitations,
                marketplace_id,
                "getSolicitationActionsForOrder",
                "get_solicitation_actions_for_order",
                order_id,
                marketplaceIds=[marketplace_id],
            )
            return Answer(_action_names(response.payload))
        attributes = self._call(
            account,
            amazon.Messaging,
            marketplace_id,
            "GetAttributes",
            "get_attributes",
            order_id,
            marketplaceIds=[marketplace_id],
        )
        locale = ((attributes.payload or {}).get("buyer") or {}).get("locale", "")
        response = self._call(
            account,
            amazon.Messaging,
            marketplace_id,
            "getMessagingActionsForOrder",
            "get_messaging_actions_for_order",
            order_id,
            marketplaceIds=[marketplace_id],
        )
        return Answer(_action_names(response.payload), locale)

    def refund(self, account: Account, order_id: str, marketplace_id: str) -> finances.Refund | None:
        """The order's refund, from the Finances API's transactions for it (None: no refund).

        The first page's token was taken with the job's; a further page takes its own (waiting a
        moment for it), so a long answer never outruns the usage plan."""
        transactions: list[dict] = []
        token = None
        for _ in range(finances.MAX_PAGES):
            params = {"relatedIdentifierName": "ORDER_ID", "relatedIdentifierValue": order_id}
            if token:
                params["nextToken"] = token
                self._take_inline(account, finances.OPERATION)
            response = self._call(
                account, amazon.FinancesV20240619, marketplace_id, finances.OPERATION, "list_transactions", **params
            )
            payload = response.payload or {}
            transactions += payload.get("transactions") or []
            token = payload.get("nextToken")
            if not token:
                break
        return finances.first_refund(transactions)

    def _take_inline(self, account: Account, operation: str) -> None:
        for _ in range(3):
            taken = self.buckets.take(account.partner, operation)
            if taken.ok:
                return
            if taken.wait > MAX_INLINE_WAIT:
                break
            time.sleep(taken.wait)
        raise CallFailed(
            operation,
            SellingApiRequestThrottledException(
                [{"code": "QuotaExceeded", "message": f"No {operation} token for a further page."}]
            ),
        )

    def send(self, account: Account, kind: str, order_id: str, marketplace_id: str, text: str = "") -> str:
        """Ask Amazon to send; returns Amazon's request id for the record."""
        if kind == kinds.SOLICITATION:
            response = self._call(
                account,
                amazon.Solicitations,
                marketplace_id,
                send_operation(kind),
                "create_product_review_and_seller_feedback_solicitation",
                order_id,
                marketplaceIds=[marketplace_id],
            )
        else:
            _, method = MESSAGE_ACTIONS[kind]
            response = self._call(
                account,
                amazon.Messaging,
                marketplace_id,
                send_operation(kind),
                method,
                order_id,
                body={"text": text},
                marketplaceIds=[marketplace_id],
            )
        headers = response.headers or {}
        return headers.get("x-amzn-RequestId") or headers.get("x-amzn-requestid") or ""


def _action_names(payload) -> frozenset:
    """Action names from a HAL answer (the library may hand back the whole document or its payload)."""
    payload = payload or {}
    names = set()
    for link in (payload.get("_links") or {}).get("actions") or []:
        if link.get("name"):
            names.add(link["name"])
    for action in (payload.get("_embedded") or {}).get("actions") or []:
        name = (action.get("payload") or {}).get("name") or ((action.get("_links") or {}).get("self") or {}).get("name")
        if name:
            names.add(name)
    return frozenset(names)
