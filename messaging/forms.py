from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import cast

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
    """One view of the message log and its filters, read from the query string. Days are the
    viewer's (`zone`); the view is the state's when a state is asked for (old links say state=...)."""

    view = forms.CharField(required=False, widget=forms.HiddenInput)
    state = forms.ChoiceField(required=False)
    campaign = CampaignChoiceField(
        queryset=None,
        required=False,
        empty_label="Any campaign",
        error_messages={"invalid_choice": "That campaign does not exist (any more)."},
    )
    marketplace = forms.ChoiceField(required=False)
    day_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    day_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    order = forms.CharField(
        required=False,
        max_length=40,
        label="Order id",
        strip=True,
        widget=forms.TextInput(attrs={"placeholder": "111-1234567-1234567", "autocomplete": "off"}),
    )

    def __init__(self, data=None, *, seller, zone: tzinfo = UTC, **kwargs):
        super().__init__(data, **kwargs)
        self.zone = zone
        self.log_view = self._view_asked(data or {})
        self.fields["view"].initial = self.log_view.key
        cast(forms.ModelChoiceField, self.fields["campaign"]).queryset = selectors.log_campaigns(seller)
        cast(forms.ChoiceField, self.fields["marketplace"]).choices = [("", "Any marketplace")] + [
            (place.id, place.name) for place in selectors.log_marketplaces(seller)
        ]
        states = dict(Dispatch.State.choices)
        cast(forms.ChoiceField, self.fields["state"]).choices = [("", "Any of these")] + [
            (s, states[s]) for s in self.log_view.states
        ]
        self.fields["state"].error_messages["invalid_choice"] = "%(value)s is not a message state."
        self.fields["marketplace"].error_messages["invalid_choice"] = "%(value)s is not one of your marketplaces."
        what = self.log_view.time_label.lower()
        self.fields["day_from"].label = f"{self.log_view.time_label} from"
        self.fields["day_from"].help_text = f"The first day {what}, on your clock."
        self.fields["day_to"].help_text = f"The last day {what}, on your clock."
        if len(self.log_view.states) == 1:
            del self.fields["state"]  # one state: nothing to choose

    @staticmethod
    def _view_asked(data) -> selectors.LogView:
        by_state = selectors.view_of_state(data.get("state") or "")
        return by_state or selectors.VIEWS.get(data.get("view") or "", selectors.DEFAULT_VIEW)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("day_from"), cleaned.get("day_to")
        if start and end and start > end:
            self.add_error("day_to", "The end date is before the start date.")
        return cleaned

    def _moment(self, day: date | None) -> datetime | None:
        """The start of `day` on the viewer's clock (None past the calendar's end)."""
        if day is None or day >= date.max:
            return None
        return datetime.combine(day, time.min, self.zone)

    def filters(self) -> selectors.LogFilters:
        """The validated filters; call after is_valid()."""
        data = self.cleaned_data
        campaign = data.get("campaign")
        day_to = data.get("day_to")
        return selectors.LogFilters(
            view=self.log_view,
            state=data.get("state", ""),
            campaign_id=campaign.pk if campaign else None,
            marketplace_id=data.get("marketplace", ""),
            start=self._moment(data.get("day_from")),
            end=self._moment(day_to + timedelta(days=1)) if day_to and day_to < date.max else None,
            order_id=data.get("order", ""),
        )
