from django import forms

from .models import ProblemReport


class ReportForm(forms.Form):
    question = forms.IntegerField(required=False, widget=forms.HiddenInput)
    snippet = forms.SlugField(required=False, widget=forms.HiddenInput)
    reason = forms.ChoiceField(choices=ProblemReport.Reason.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose what is wrong."})
    text = forms.CharField(required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                           label="Details (optional)")
