from django import forms


class NoteForm(forms.Form):
    text = forms.CharField(
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "Only you can see this note."}),
        label="Your note",
    )
