import zoneinfo

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from .models import Profile

TIME_ZONES = sorted(zoneinfo.available_timezones())


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        required=False,
        help_text="Optional; only used to reset a forgotten password. Without it, keep your password safe.",
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email and get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account already uses this address; log in or reset its password.")
        return email


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=[(zone, zone) for zone in TIME_ZONES])

    class Meta:
        model = Profile
        fields = ["time_zone", "desired_retention", "daily_new_limit", "theme"]
        widgets = {"desired_retention": forms.NumberInput(attrs={"step": "0.01", "min": "0.7", "max": "0.99"})}


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
