from django import forms
from django.core.exceptions import ValidationError

from quizapp.catalog.models import Difficulty, Snippet
from quizapp.content.topics import TOPICS

from .models import Room, Scorecard
from .selectors import plans_for_user
from .services import Pick, plan_pick, question_refs


def topic_choices():
    return [("", "No topic")] + [
        (f"{language}:{slug}", f"{language.title()}: {label}")
        for language, topics in TOPICS.items()
        for slug, label in topics.items()
    ]


def exercise_choices():
    return [
        (slug, title)
        for slug, title in Snippet.objects.filter(kind=Snippet.Kind.EXERCISE, is_draft=False)
        .order_by("language", "title")
        .values_list("slug", "title")
    ]


class RoundForm(forms.Form):
    """What goes into a round: a saved plan, or by hand, by topic and difficulty, exercises."""

    plan = forms.ModelChoiceField(
        required=False,
        queryset=None,
        empty_label="No plan: pick the questions below",
        label="From a saved plan",
        help_text="A plan brings its questions, topic and exercises (a topic is drawn afresh) and, for a new room, "
        "its duration; leave the question fields below empty when you choose one.",
    )
    questions = forms.CharField(
        required=False,
        max_length=500,
        label="Questions by number",
        help_text="Numbers from the series, separated by commas or spaces, e.g. 1028, 975 "
        "(another series: python-deck:3). A tricky question comes with its program to predict and run.",
    )
    topic = forms.ChoiceField(required=False, choices=topic_choices, label="Snippets by topic")
    difficulty = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Difficulty",
        choices=[("", "Any"), *Difficulty.choices],
    )
    topic_count = forms.IntegerField(
        required=False, min_value=0, max_value=20, initial=0, label="How many from the topic"
    )
    exercises = forms.MultipleChoiceField(required=False, choices=exercise_choices, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        plans = plans_for_user(user=user)
        self.fields["plan"].queryset = plans
        self.fields["plan"].label_from_instance = lambda plan: f"{plan.title} ({plan.summary})"  # what it brings
        if not plans.exists():
            self.fields["plan"].widget = forms.HiddenInput()  # nothing to choose until a plan is saved

    def pick(self) -> Pick:
        data = self.cleaned_data
        if data.get("plan") is not None:
            return plan_pick(plan=data["plan"])
        return Pick.of(
            refs=data["questions"],
            topic=data["topic"],
            difficulty=data["difficulty"],
            topic_count=data["topic_count"],
            exercise_slugs=data["exercises"],
        )

    def clean_questions(self):
        try:
            return question_refs(self.cleaned_data["questions"])
        except ValidationError as problem:
            raise ValidationError(problem.message_dict["questions"]) from None

    def clean(self):
        data = super().clean()
        if data.get("plan") is not None:
            if data.get("questions") or data.get("topic") or data.get("topic_count") or data.get("exercises"):
                self.add_error(
                    "plan",
                    "Choose a plan or pick questions, not both: empty the questions, topic and exercises, "
                    "or choose “No plan”.",
                )
        elif data.get("topic") and not data.get("topic_count"):
            self.add_error("topic_count", "Say how many snippets to take from the topic.")
        return data


class RoomCreateForm(RoundForm):
    title = forms.CharField(max_length=120, initial="Go interview")
    mode = forms.ChoiceField(choices=Room.Mode.choices, initial=Room.Mode.INTERVIEW, widget=forms.RadioSelect)
    duration_minutes = forms.IntegerField(min_value=5, max_value=240, initial=45, label="Duration (minutes)")
    link_hours = forms.IntegerField(
        min_value=1, max_value=24 * 14, initial=24, label="Candidate link valid for (hours)"
    )
    save_as_plan = forms.CharField(
        required=False,
        max_length=120,
        label="Save these questions as a plan named",
        help_text="Optional: the questions, topic, exercises and duration, to reuse for the next candidate "
        "(a plan of the same name is replaced).",
    )

    field_order = ["title", "mode", "plan", "questions", "topic", "difficulty", "topic_count", "exercises"]

    def clean(self):
        data = super().clean()
        if data.get("plan") is not None:
            data["duration_minutes"] = data["plan"].duration_minutes
        return data


def _score(label: str):
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=Scorecard.SCORES,
        widget=forms.RadioSelect(attrs={"class": "score"}),
    )


class ScorecardForm(forms.ModelForm):
    """The rubric: each of four dimensions scored 1 (weak) to 4 (strong), or left unscored."""

    correctness = _score("Correctness")
    reasoning = _score("Reasoning")
    communication = _score("Communication")
    go_knowledge = _score("Go knowledge")

    class Meta:
        model = Scorecard
        fields = ["notes", *Scorecard.RUBRIC, "comment"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4}), "comment": forms.Textarea(attrs={"rows": 2})}
        labels = {"notes": "Private notes", "comment": "Scorecard comment"}
        help_texts = {"correctness": "1 weak … 4 strong"}


class FeedbackForm(forms.Form):
    shared_feedback = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Feedback shared with the candidate",
    )


class LinkForm(forms.Form):
    link_hours = RoomCreateForm.base_fields["link_hours"]
