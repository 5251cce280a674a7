from django import forms

from quizapp.catalog.models import language_choices

LANGUAGE_ERRORS = {
    "required": "Choose the language of your code, then run it again.",
    "invalid_choice": "The sandbox has no language %(value)s; choose one from the list and run again.",
}


class RunForm(forms.Form):
    snippet = forms.SlugField(required=False)
    language = forms.ChoiceField(choices=language_choices, error_messages=LANGUAGE_ERRORS)
    code = forms.CharField(strip=False, max_length=200_000)
    token = forms.UUIDField(required=False)
    compare = forms.BooleanField(required=False)  # run on every toolchain of the language, side by side
    action = forms.ChoiceField(choices=[("run", "Run"), ("check", "Check")], required=False)
    fresh = forms.BooleanField(required=False)


class FormatForm(forms.Form):
    language = forms.ChoiceField(choices=language_choices, error_messages=LANGUAGE_ERRORS)
    code = forms.CharField(strip=False, max_length=200_000, error_messages={
        "required": "There is no code to format; type a program first."})

