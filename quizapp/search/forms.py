from django import forms

from quizapp.catalog.models import Part
from quizapp.catalog.selectors import search_languages


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search")
    part = forms.ModelChoiceField(queryset=Part.objects.order_by("series", "position"), required=False,
                                  empty_label="All parts")
    language = forms.ChoiceField(required=False)
    tricky = forms.BooleanField(required=False, label="Tricky snippets only")
    bookmarked = forms.BooleanField(required=False, label="Bookmarked only")
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000, widget=forms.HiddenInput)

    def __init__(self, *args, signed_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "All languages")] + [
            (language, language.title()) for language in search_languages()
        ]
        if not signed_in:
            del self.fields["bookmarked"]

    def search_arguments(self) -> dict:
        """The selector's arguments; an invalid field is ignored (its error is shown next to it)."""
        data = self.cleaned_data if self.is_bound else {}
        part = data.get("part")
        return {
            "query": data.get("q", ""),
            "part_id": part.pk if part else None,
            "language": data.get("language", ""),
            "tricky": data.get("tricky", False),
        }

    @property
    def has_filters(self) -> bool:
        arguments = self.search_arguments()
        return bool(arguments["part_id"] or arguments["language"] or arguments["tricky"] or self.wants_bookmarks)

    @property
    def page_number(self) -> int:
        """The results page asked for; 1 when it is missing or not a page number."""
        return (self.cleaned_data.get("page") if self.is_bound else None) or 1

    @property
    def wants_bookmarks(self) -> bool:
        return bool(self.is_bound and self.cleaned_data.get("bookmarked"))
