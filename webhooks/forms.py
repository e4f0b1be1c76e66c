from django import forms

from eventlog.types import SUBSCRIBABLE

from .models import Endpoint
from .services import URL_MAX_LENGTH


class EndpointForm(forms.Form):
    url = forms.CharField(
        label="URL",
        max_length=URL_MAX_LENGTH,
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/webhooks/feedbackhub", "autocomplete": "off"}),
        help_text="Where we POST each event. For Slack, paste the incoming webhook's URL from your Slack app.",
    )
    format = forms.ChoiceField(
        label="Send as",
        choices=Endpoint.Format.choices,
        initial=Endpoint.Format.STANDARD,
        widget=forms.RadioSelect,
    )
    event_types = forms.MultipleChoiceField(
        label="Events",
        choices=[(code, f"{code}: {text}") for code, text in SUBSCRIBABLE.items()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event."},
    )
    description = forms.CharField(
        label="Description (optional)",
        max_length=200,
        required=False,
        help_text="A note for your team, such as “helpdesk” or “#amazon-alerts in Slack”.",
    )

    @classmethod
    def for_endpoint(cls, endpoint: Endpoint, data=None):
        initial = {
            "url": endpoint.url,
            "format": endpoint.format,
            "event_types": endpoint.event_types,
            "description": endpoint.description,
        }
        return cls(data=data, initial=initial)
