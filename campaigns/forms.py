import re

from django import forms

from sellers.marketplaces import MARKETPLACES

from . import kinds, services
from .models import LANGUAGES, Campaign
from .rule_problems import rule_problems

DAYS = [(0, "Mon"), (1, "Tue"), (2, "Wed"), (3, "Thu"), (4, "Fri"), (5, "Sat"), (6, "Sun")]
HOURS = [(h, f"{h:02d}:00") for h in range(25)]
UNITS = [("days", "days"), ("hours", "hours")]


MARKETPLACE_CHOICES: list[tuple[str, str]] = sorted(
    [(m.id, m.name) for m in MARKETPLACES.values()], key=lambda choice: choice[1]
)


class IdListField(forms.CharField):
    """ASINs or SKUs, one per line or separated by commas or spaces."""

    widget = forms.Textarea(attrs={"rows": 2, "placeholder": "One per line"})

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        items = [item.strip() for item in re.split(r"[\s,;]+", text) if item.strip()]
        for item in items:
            if len(item) > 64:
                raise forms.ValidationError(f"“{item[:20]}…” is too long for an ASIN or SKU.")
        return list(dict.fromkeys(items))


class CampaignForm(forms.ModelForm):
    delay_value = forms.IntegerField(min_value=0, max_value=24 * 90, label="Wait")
    delay_unit = forms.ChoiceField(choices=UNITS, label="Unit")
    send_days = forms.TypedMultipleChoiceField(
        choices=DAYS, coerce=int, widget=forms.CheckboxSelectMultiple, label="Send on"
    )
    send_from_hour = forms.TypedChoiceField(choices=HOURS[:-1], coerce=int, label="From")
    send_until_hour = forms.TypedChoiceField(choices=HOURS[1:], coerce=int, label="Until")
    marketplaces = forms.MultipleChoiceField(
        choices=MARKETPLACE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every marketplace.",
    )
    include_asins = IdListField(label="Only these ASINs")
    exclude_asins = IdListField(label="Never these ASINs")
    include_skus = IdListField(label="Only these SKUs")
    exclude_skus = IdListField(label="Never these SKUs")
    default_language = forms.ChoiceField(
        choices=LANGUAGES, label="Fallback language", help_text="Buyers whose language has no template get this one."
    )

    class Meta:
        model = Campaign
        # The settings a seller edits (services.EDITABLE_FIELDS); the delay is asked as a number and
        # a unit (delay_value, delay_unit) and written to delay_minutes in clean().
        fields = [name for name in services.EDITABLE_FIELDS if name != "delay_minutes"]
        help_texts = {
            "exclude_refunded": "Amazon is asked right before each message goes out. Needs the Finance and "
            "Accounting role in your Amazon authorization.",
        }
        labels = {
            "kind": "Message type",
            "trigger": "Start from",
            "min_total": "Order value at least",
            "max_total": "Order value at most",
            "exclude_returned": "Skip returned orders",
            "exclude_cancelled": "Skip cancelled orders",
            "exclude_replaced": "Skip replaced and replacement orders",
            "exclude_refunded": "Skip refunded orders",
            "exclude_promotions": "Skip orders that used a promotion",
            "buyers": "Buyers",
            "business_orders": "Business orders",
            "skip_if_messaged": "Skip orders another campaign messages",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].help_text = " ".join(
            f"{k.label}: {'critical, reaches opted-out buyers' if k.critical else 'suppressed for opted-out buyers'}."
            for k in kinds.KINDS.values()
        )
        # Fields declared here take no initial value from the model's defaults on their own.
        for name in ("send_from_hour", "send_until_hour", "default_language"):
            self.initial.setdefault(name, getattr(self.instance, name))
        if self.instance._state.adding:
            self.initial.setdefault("send_days", list(range(7)))
        minutes = self.instance.delay_minutes if self.instance else 0
        if minutes % (24 * 60) == 0:
            self.initial.setdefault("delay_value", minutes // (24 * 60))
            self.initial.setdefault("delay_unit", "days")
        else:
            self.initial.setdefault("delay_value", minutes // 60)
            self.initial.setdefault("delay_unit", "hours")
        if not self.instance._state.adding and self.instance.state != Campaign.State.DRAFT:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = "The message type is fixed once a campaign has run; duplicate it to change."

    def clean(self):
        data = super().clean()
        if "delay_value" in data and "delay_unit" in data:
            data["delay_minutes"] = data["delay_value"] * (24 * 60 if data["delay_unit"] == "days" else 60)
        if self.errors:
            return data
        trial = Campaign(**{name: data.get(name) for name in services.EDITABLE_FIELDS if name in data})
        trial.delay_minutes = data["delay_minutes"]
        for name, message in rule_problems(trial).items():
            self.add_error(
                name if name in self.fields else ("delay_value" if name == "delay_minutes" else None), message
            )
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in services.EDITABLE_FIELDS if name in data}
