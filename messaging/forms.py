from django import forms
from django.core.exceptions import ValidationError

from campaigns.models import Dispatch

from . import selectors


class CampaignChoiceField(forms.ModelChoiceField):
    """A campaign of the seller; a malformed id is "no such campaign" like an unknown one."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from error


class MessageLogFilterForm(forms.Form):
    """The message log's filters, read from the query string."""

    state = forms.ChoiceField(choices=[("", "Any state"), *Dispatch.State.choices], required=False)
    campaign = CampaignChoiceField(
        queryset=None,
        required=False,
        empty_label="Any campaign",
        error_messages={"invalid_choice": "That campaign does not exist (any more)."},
    )
    marketplace = forms.ChoiceField(required=False)
    scheduled_from = forms.DateField(
        required=False, label="Scheduled from", widget=forms.DateInput(attrs={"type": "date"})
    )
    scheduled_to = forms.DateField(required=False, label="to", widget=forms.DateInput(attrs={"type": "date"}))
    order = forms.CharField(
        required=False,
        max_length=40,
        label="Order id",
        strip=True,
        widget=forms.TextInput(attrs={"placeholder": "111-1234567-1234567", "autocomplete": "off"}),
    )

    def __init__(self, data=None, *, seller, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["campaign"].queryset = selectors.log_campaigns(seller)
        self.fields["marketplace"].choices = [("", "Any marketplace")] + [
            (place.id, place.name) for place in selectors.log_marketplaces(seller)
        ]
        self.fields["state"].error_messages["invalid_choice"] = "%(value)s is not a message state."
        self.fields["marketplace"].error_messages["invalid_choice"] = "%(value)s is not one of your marketplaces."

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("scheduled_from"), cleaned.get("scheduled_to")
        if start and end and start > end:
            self.add_error("scheduled_to", "The end date is before the start date.")
        return cleaned

    def filters(self) -> selectors.LogFilters:
        """The validated filters; call after is_valid()."""
        data = self.cleaned_data
        campaign = data.get("campaign")
        return selectors.LogFilters(
            state=data.get("state", ""),
            campaign_id=campaign.pk if campaign else None,
            marketplace_id=data.get("marketplace", ""),
            scheduled_from=data.get("scheduled_from"),
            scheduled_to=data.get("scheduled_to"),
            order_id=data.get("order", ""),
        )
