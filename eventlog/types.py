"""The events a seller can subscribe to, by the name their webhooks carry in `type`.

The apps below record them (eventlog.record_event) where each happens; the webhooks app
delivers them. A name, once published, never changes: receivers switch on it.
"""

MESSAGE_SENT = "message.sent"
MESSAGE_BLOCKED = "message.blocked"
MESSAGE_FAILED = "message.failed"
MESSAGE_INELIGIBLE = "message.ineligible"
OPTOUT_LEARNED = "optout.learned"
FEEDBACK_NEGATIVE = "feedback.negative"
CONNECTION_NEEDS_REAUTHORIZATION = "connection.needs_reauthorization"
CAMPAIGN_PAUSED = "campaign.paused"
QUOTA_NEARLY_USED = "quota.nearly_used"
QUOTA_USED_UP = "quota.used_up"
# Sent by the owner from an endpoint's page, to that endpoint only; never subscribed to.
WEBHOOK_TEST = "webhook.test"

# In the order the endpoint form lists them, with what the form says about each.
SUBSCRIBABLE = {
    MESSAGE_SENT: "A message was sent: Amazon accepted it.",
    MESSAGE_BLOCKED: "A message was not sent because the buyer opted out or is on your blocklist.",
    MESSAGE_FAILED: "A message failed for good (an error we could not get past).",
    MESSAGE_INELIGIBLE: "Amazon said the order cannot get this message (outside its window, say).",
    OPTOUT_LEARNED: "A buyer of one of your orders opted out of unsolicited messages.",
    FEEDBACK_NEGATIVE: "A buyer left 1- or 2-star seller feedback.",
    CONNECTION_NEEDS_REAUTHORIZATION: "An Amazon account needs re-authorization: syncing and sending paused.",
    CAMPAIGN_PAUSED: "A campaign was paused, by a person or by the guidelines check.",
    QUOTA_NEARLY_USED: "90% of this month's message quota is used.",
    QUOTA_USED_UP: "The whole of this month's message quota is used: sending waits for next month.",
}
