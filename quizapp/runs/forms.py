from django import forms

from .models import LANGUAGES
from .services import OUTCOMES


class RunForm(forms.Form):
    snippet = forms.SlugField(required=False)
    language = forms.ChoiceField(choices=LANGUAGES)
    code = forms.CharField(strip=False, max_length=200_000)
    token = forms.UUIDField(required=False)
    compare = forms.BooleanField(required=False)  # run on every toolchain of the language, side by side


class FormatForm(forms.Form):
    language = forms.ChoiceField(choices=LANGUAGES)
    code = forms.CharField(strip=False, max_length=200_000)


class PredictionForm(forms.Form):
    snippet = forms.SlugField()
    outcome = forms.ChoiceField(choices=list(OUTCOMES.items()), initial="prints")
    prediction = forms.CharField(strip=False, required=False, max_length=20_000)
    token = forms.UUIDField(required=False)
