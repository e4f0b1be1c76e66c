from django import forms

from .kinds import IMMEDIATE, Digest


class PreferencesForm(forms.Form):
    digest = forms.ChoiceField(choices=Digest.choices, widget=forms.RadioSelect, label="Digest")
    enabled = forms.MultipleChoiceField(
        choices=[(info.code, info.label) for info in IMMEDIATE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Immediate emails",
    )
