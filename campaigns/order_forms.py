"""The orders list's filters, read from the query string, so a filtered list is a link to share."""

from django import forms

from . import order_selectors

# Amazon order ids are 3-7-7 digits; a prefix of one is all the search box needs.
ORDER_ID_MAX = 19


class OrderFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=ORDER_ID_MAX,
        strip=True,
        label="Order id",
        widget=forms.TextInput(attrs={"placeholder": "e.g. 112-", "autocomplete": "off", "inputmode": "numeric"}),
    )
    marketplace = forms.ChoiceField(required=False, label="Marketplace")
    channel = forms.ChoiceField(
        required=False, label="Fulfilment", choices=[("", "FBA and FBM"), *order_selectors.CHANNEL_CHOICES]
    )
    status = forms.ChoiceField(
        required=False, label="Status", choices=[("", "Any status"), *order_selectors.STATUS_CHOICES]
    )
    purchased_from = forms.DateField(
        required=False, label="Purchased from", widget=forms.DateInput(attrs={"type": "date"})
    )
    purchased_to = forms.DateField(
        required=False, label="to (UTC days)", widget=forms.DateInput(attrs={"type": "date"})
    )
    messaged = forms.ChoiceField(
        required=False, label="Messages", choices=[("", "Messaged or not"), *order_selectors.MESSAGED_CHOICES]
    )

    def __init__(self, data=None, *, seller, **kwargs):
        super().__init__(data, **kwargs)
        places = order_selectors.seller_marketplaces(seller)
        self.fields["marketplace"].choices = [("", "All your marketplaces")] + [
            (place.id, f"{place.name} ({place.code})" if place.code else place.name) for place in places
        ]
        self.fields["marketplace"].error_messages["invalid_choice"] = "That is not one of your marketplaces."
        self.fields["channel"].error_messages["invalid_choice"] = "Fulfilment is fba or fbm."
        self.fields["status"].error_messages["invalid_choice"] = "%(value)s is not an order status we filter by."
        self.fields["messaged"].error_messages["invalid_choice"] = "Messages is yes, scheduled or no."
        for name in ("purchased_from", "purchased_to"):
            self.fields[name].error_messages["invalid"] = "Enter a date as YYYY-MM-DD."

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("purchased_from"), cleaned.get("purchased_to")
        if start and end and start > end:
            self.add_error("purchased_to", "The end date is before the start date.")
        return cleaned

    def filters(self) -> order_selectors.OrderFilters:
        """The validated filters; call after is_valid()."""
        data = self.cleaned_data
        return order_selectors.OrderFilters(
            order_id=data.get("q", ""),
            marketplace_id=data.get("marketplace", ""),
            channel=data.get("channel", ""),
            status=data.get("status", ""),
            purchased_from=data.get("purchased_from"),
            purchased_to=data.get("purchased_to"),
            messaged=data.get("messaged", ""),
        )
