from django import forms

from quizapp.catalog.models import Part
from quizapp.content.topics import TOPICS
from quizapp.outcomes import PREDICTIONS
from quizapp.review.forms import RateForm, new_token


class PracticeStartForm(forms.Form):
    parts = forms.ModelMultipleChoiceField(
        queryset=Part.objects.order_by("series", "position"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every part.",
    )
    topic = forms.ChoiceField(
        required=False,
        label="Topic",
        help_text="Only tricky snippets of this topic (the parts above still narrow it).",
        choices=lambda: (
            [("", "Any topic")]
            + [
                (language.title(), [(f"{language}:{slug}", label) for slug, label in vocabulary.items()])
                for language, vocabulary in TOPICS.items()
            ]
        ),
        error_messages={"invalid_choice": "Choose a topic from the list, or Any topic."},
    )
    size = forms.IntegerField(min_value=1, max_value=50, initial=10, label="Questions")
    seconds_per_question = forms.IntegerField(min_value=10, max_value=1800, initial=120, label="Seconds per question")
    minutes_total = forms.IntegerField(min_value=1, max_value=300, initial=20, label="Minutes overall")
    token = forms.CharField(max_length=64, widget=forms.HiddenInput, initial=new_token)

    OPTIONS = ("parts", "topic", "seconds_per_question", "minutes_total")  # behind "Parts, topic and timing"

    def options(self):
        return [self[name] for name in self.OPTIONS]

    def options_have_errors(self) -> bool:
        return any(self[name].errors for name in self.OPTIONS)


class AnswerForm(forms.Form):
    position = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    answer = forms.CharField(required=False, strip=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 6}))
    outcome = forms.ChoiceField(choices=list(PREDICTIONS.items()), required=False)


class PositionForm(forms.Form):
    position = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class PracticeRateForm(PositionForm):
    rating = RateForm.base_fields["rating"]


class MissedForm(forms.Form):
    """Starts a new session of the questions a finished one missed; the token makes a double-click start one."""

    token = forms.CharField(max_length=64, widget=forms.HiddenInput, initial=new_token)
