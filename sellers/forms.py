from django import forms

from .models import Invitation, Seller


class SellerForm(forms.ModelForm):
    class Meta:
        model = Seller
        fields = ["name"]
        labels = {"name": "Business name"}
        help_texts = {"name": "How your team sees this seller account, e.g. your brand or company name."}


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]
        help_texts = {"role": "Owners manage the team and settings; managers run campaigns; viewers can only look."}
