import uuid
import zoneinfo

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from quizapp.catalog.models import Part

from .models import Profile, Rating

TIME_ZONES = sorted(zoneinfo.available_timezones())


def new_token() -> str:
    return uuid.uuid4().hex


class SignupForm(UserCreationForm):
    email = forms.EmailField(required=True, help_text="Only for password resets.")

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account already uses this address; log in or reset its password.")
        return email


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=[(zone, zone) for zone in TIME_ZONES])

    class Meta:
        model = Profile
        fields = ["time_zone", "desired_retention", "daily_new_limit", "theme"]
        widgets = {"desired_retention": forms.NumberInput(attrs={"step": "0.01", "min": "0.7", "max": "0.99"})}


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(choices=Rating.choices, coerce=int, error_messages={
        "invalid_choice": "Choose Again, Hard, Good or Easy.", "required": "Choose Again, Hard, Good or Easy.",
    })
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)


class NoteForm(forms.Form):
    text = forms.CharField(
        required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4, "placeholder": "Only you can see this note."}),
        label="Your note",
    )


class PracticeStartForm(forms.Form):
    parts = forms.ModelMultipleChoiceField(
        queryset=Part.objects.order_by("series", "position"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every part.",
    )
    size = forms.IntegerField(min_value=1, max_value=50, initial=10, label="Questions")
    seconds_per_question = forms.IntegerField(min_value=10, max_value=1800, initial=120, label="Seconds per question")
    minutes_total = forms.IntegerField(min_value=1, max_value=300, initial=20, label="Minutes overall")
    token = forms.CharField(max_length=64, widget=forms.HiddenInput, initial=new_token)


class AnswerForm(forms.Form):
    position = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    answer = forms.CharField(required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 6}))


class PositionForm(forms.Form):
    position = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class PracticeRateForm(PositionForm):
    rating = RateForm.base_fields["rating"]


class AccountDeleteForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, help_text="Type your password to confirm.")
    confirm = forms.CharField(help_text="Type DELETE in capitals.")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password

    def clean_confirm(self):
        if self.cleaned_data["confirm"] != "DELETE":
            raise forms.ValidationError("Type DELETE (in capitals) to confirm.")
        return self.cleaned_data["confirm"]
