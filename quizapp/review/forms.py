import uuid
from urllib.parse import urlencode

from django import forms

from quizapp.catalog.models import Part
from quizapp.catalog.selectors import search_languages

from quizapp.outcomes import PREDICTIONS, PRINTS

from .models import Rating
from .selectors import Deck


def new_token() -> str:
    return uuid.uuid4().hex


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(choices=Rating.choices, coerce=int, error_messages={
        "invalid_choice": "Choose Again, Hard, Good or Easy.", "required": "Choose Again, Hard, Good or Easy.",
    })
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)


class DeckForm(forms.Form):
    """The deck is chosen with GET parameters and kept in every review URL."""

    CARDS = [("all", "Due and new"), ("due", "Due only"), ("new", "New only")]

    part = forms.ModelChoiceField(queryset=Part.objects.order_by("series", "position"), required=False,
                                  empty_label="All parts")
    language = forms.ChoiceField(required=False)
    tricky = forms.BooleanField(required=False, label="Tricky snippets only")
    bookmarked = forms.BooleanField(required=False, label="Bookmarked only")
    cards = forms.ChoiceField(choices=CARDS, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "All languages")] + [
            (language, language.title()) for language in search_languages()
        ]

    def deck(self) -> Deck:
        """The chosen deck; a field with a bad value is left out (and its error shown)."""
        data = self.cleaned_data if self.is_valid() else {
            name: value for name, value in getattr(self, "cleaned_data", {}).items()
        }
        part = data.get("part")
        return Deck(
            part_id=part.pk if part else None, language=data.get("language") or "",
            tricky=bool(data.get("tricky")), bookmarked=bool(data.get("bookmarked")), cards=data.get("cards") or "all",
        )

    def summary(self) -> str:
        """The deck in words, on the closed deck chooser: "All parts · all languages · due and new"."""
        deck = self.deck()
        part = self.cleaned_data.get("part") if deck.part_id else None
        words = [str(part) if part else "All parts", deck.language.title() if deck.language else "all languages",
                 dict(self.CARDS)[deck.cards].lower()]
        words += ["tricky snippets only"] * deck.tricky + ["bookmarked only"] * deck.bookmarked
        return " · ".join(words)

    def querystring(self) -> str:
        deck = self.deck()
        pairs = {"part": deck.part_id or "", "language": deck.language, "tricky": "on" if deck.tricky else "",
                 "bookmarked": "on" if deck.bookmarked else "", "cards": "" if deck.cards == "all" else deck.cards}
        return urlencode({key: value for key, value in pairs.items() if value})


class PredictionForm(forms.Form):
    """What the learner says a tricky program does; `snippet` is set on the question page, review knows its own."""

    snippet = forms.SlugField(required=False, widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=list(PREDICTIONS.items()), initial=PRINTS, error_messages={
        "required": "Choose what the program does.", "invalid_choice": "Choose what the program does.",
    })
    prediction = forms.CharField(strip=False, required=False, max_length=20_000)
    token = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
