"""What an endpoint receives for an event: the Standard Webhooks envelope, or a Slack message,
and the signature headers (https://www.standardwebhooks.com/).

The envelope is `{"type", "timestamp", "data"}`; `webhook-id` is the event's id (the same on
every attempt and replay, so a receiver can drop what it already has), `webhook-timestamp` the
attempt's time, and `webhook-signature` one `v1,<base64>` per secret in force, space-separated:
during a rotation's overlap the old secret signs too, so receivers can switch when they like.
"""

import base64
import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from standardwebhooks import Webhook

from campaigns import kinds
from eventlog import types
from eventlog.models import Event
from sellers.marketplaces import marketplace

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def message_id(event: Event) -> str:
    return f"msg_{event.uuid.hex}"


@dataclass(frozen=True)
class Message:
    """One event as one endpoint receives it, before its signature."""

    id: str
    body: bytes


def build(event: Event, *, slack: bool) -> Message:
    body = slack_body(event) if slack else envelope(event)
    return Message(message_id(event), json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False).encode())


def envelope(event: Event) -> dict:
    return {
        "type": event.type,
        "timestamp": event.created_at.isoformat().replace("+00:00", "Z"),
        "data": event.data,
    }


def signature_headers(message: Message, secrets_in_force: list[str], at: datetime) -> dict[str, str]:
    signatures = [Webhook(secret).sign(message.id, at, message.body) for secret in secrets_in_force]
    return {
        "webhook-id": message.id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(signatures),
    }


# -- Slack --------------------------------------------------------------------------------------
def slack_escape(text) -> str:
    """Slack reads &, < and > as markup (links, mentions): a buyer's comment must stay text."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link(path: str, label: str) -> str:
    return f"<{settings.SITE_URL}{path}|{label}>"


def _order(data: dict) -> str:
    where = marketplace(data.get("marketplace_id", ""))
    order = f"order {slack_escape(data.get('order_id', ''))}"
    return f"{order} on {where.name}" if where else order


def _kind(data: dict) -> str:
    kind = kinds.KINDS.get(data.get("kind", ""))
    return f"“{kind.label}”" if kind else "message"


def _message_line(event: Event) -> str:
    data = event.data
    what = f"{_kind(data)} for {_order(data)}"
    reason = slack_escape(data.get("reason", ""))
    if event.type == types.MESSAGE_SENT:
        return f":white_check_mark: Sent: {what}."
    if event.type == types.MESSAGE_BLOCKED:
        return f":no_entry: Not sent: {what}. {reason}"
    if event.type == types.MESSAGE_INELIGIBLE:
        return f":information_source: Amazon would not take the {what}. {reason}"
    return f":warning: Failed: {what}. {reason}"


def _line(event: Event) -> str:
    data = event.data
    if event.type.startswith("message."):
        return _message_line(event)
    if event.type == types.OPTOUT_LEARNED:
        scope = "every seller's" if data.get("scope") == "shared" else "your"
        return (
            f":mute: The buyer of {_order(data)} opted out of unsolicited messages "
            f"({slack_escape(data.get('source_label', ''))}); {scope} feedback requests to them stop."
        )
    if event.type == types.FEEDBACK_NEGATIVE:
        comment = slack_escape(data.get("comment", ""))[:500]
        stars = data.get("rating")
        return f":rotating_light: {stars}-star feedback on {_order(data)}" + (f": “{comment}”" if comment else ".")
    if event.type == types.CONNECTION_NEEDS_REAUTHORIZATION:
        return (
            f":key: The Amazon account {slack_escape(data.get('connection', ''))} needs re-authorization: "
            f"{slack_escape(data.get('reason', ''))} Syncing and sending are paused until you "
            f"{_link(reverse('amazon_accounts'), 'authorize it again')}."
        )
    if event.type == types.CAMPAIGN_PAUSED:
        who = "by the guidelines check" if data.get("paused_by") == "policy" else "by a person"
        return f":double_vertical_bar: Campaign “{slack_escape(data.get('campaign', ''))}” was paused {who}."
    if event.type in (types.QUOTA_NEARLY_USED, types.QUOTA_USED_UP):
        return (
            f":bar_chart: {data.get('percent')}% of this month's message quota is used "
            f"({data.get('used'):,} of {data.get('quota'):,}); it resets on {data.get('resets_on')}."
        )
    if event.type == types.WEBHOOK_TEST:
        return ":wave: A test message from FeedbackHub: this Slack channel receives your events."
    return slack_escape(event.type)


def slack_body(event: Event) -> dict:
    return {"text": f"FeedbackHub: {_line(event)}"}
