import uuid

from django import forms

from .models import Rating


def new_token() -> str:
    return uuid.uuid4().hex


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(choices=Rating.choices, coerce=int, error_messages={
        "invalid_choice": "Choose Again, Hard, Good or Easy.", "required": "Choose Again, Hard, Good or Easy.",
    })
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)
