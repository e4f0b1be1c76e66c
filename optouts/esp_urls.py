"""The ESP inbound webhooks (django-anymail), mounted only for the ESPs a deployment names.

anymail's own URL list mounts every ESP it knows, and a webhook without ANYMAIL_WEBHOOK_SECRET
takes any POST: anyone could store mail for any seller's address. Here each route answers only
when its ESP is in INBOUND_ESPS and the basic-auth secret is configured (start-up refuses an
INBOUND_ESPS without it, config/settings.py); checked on every request, so a setting changed in
a test or at runtime cannot leave a route open. Amazon SES is not offered: anymail's SES webhook
needs boto3, which this project does not install.
"""

from functools import wraps

from anymail.webhooks.mailgun import MailgunInboundWebhookView
from anymail.webhooks.postmark import PostmarkInboundWebhookView
from anymail.webhooks.sendgrid import SendGridInboundWebhookView
from django.conf import settings
from django.http import Http404
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt


def _only_when_enabled(esp: str, view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if esp not in settings.INBOUND_ESPS or not (settings.ANYMAIL or {}).get("WEBHOOK_SECRET"):
            raise Http404(f"No {esp} inbound webhook here.")
        return view(request, *args, **kwargs)

    return csrf_exempt(guarded)


urlpatterns = [
    # Mailgun posts parsed fields or, when the URL says "mime", the raw message.
    re_path(
        r"^mailgun/inbound(_mime)?/$",
        _only_when_enabled("mailgun", MailgunInboundWebhookView.as_view()),
        name="mailgun_inbound_webhook",
    ),
    path(
        "sendgrid/inbound/",
        _only_when_enabled("sendgrid", SendGridInboundWebhookView.as_view()),
        name="sendgrid_inbound_webhook",
    ),
    path(
        "postmark/inbound/",
        _only_when_enabled("postmark", PostmarkInboundWebhookView.as_view()),
        name="postmark_inbound_webhook",
    ),
]
