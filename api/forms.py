from django import forms

from .models import APIKey


class APIKeyForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="What will use it, so you know which key to revoke later (for example “Helpdesk sync”).",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    scope = forms.ChoiceField(
        choices=[
            (APIKey.Scope.READ, "Read: orders, messages, campaigns, opt-outs, feedback and numbers"),
            (APIKey.Scope.WRITE, "Read and write: also the blocklist, and activating or pausing campaigns"),
        ],
        initial=APIKey.Scope.READ,
        label="What it may do",
        widget=forms.RadioSelect,
    )
