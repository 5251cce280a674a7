from django import forms

from quizapp.catalog.models import language_choices


class RunForm(forms.Form):
    snippet = forms.SlugField(required=False)
    language = forms.ChoiceField(choices=language_choices)
    code = forms.CharField(strip=False, max_length=200_000)
    token = forms.UUIDField(required=False)
    compare = forms.BooleanField(required=False)  # run on every toolchain of the language, side by side
    action = forms.ChoiceField(choices=[("run", "Run"), ("check", "Check")], required=False)
    fresh = forms.BooleanField(required=False)


class FormatForm(forms.Form):
    language = forms.ChoiceField(choices=language_choices)
    code = forms.CharField(strip=False, max_length=200_000)

