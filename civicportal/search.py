"""The site-wide search page: the form that reads a resident's words, and the page of results.

What is indexed and how it stays current is the shared layer's business (`civicportal.core.search`); this
module only reads the query safely and shows a page of ranked hits, with their counts by type.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render

from civicportal.core import search
from civicportal.core.breadcrumbs import trail

PER_PAGE = 20
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_UNSEARCHABLE = "Your search has characters in it that cannot be searched for. Type words only."


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for",
        max_length=search.MAX_QUERY_LENGTH,
        required=False,
        error_messages={
            "max_length": "Keep your search to %(limit_value)d characters or fewer (it has %(show_value)d).",
            "null_characters_not_allowed": _UNSEARCHABLE,
        },
    )
    type = forms.ChoiceField(
        label="Show",
        required=False,
        error_messages={"invalid_choice": "Choose a type of result from the list."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "Everything"), *search.kinds()]
        self.fields["q"].widget.input_type = "search"
        # Drawn by search.html itself, without crispy's templates: the page is rendered for every new search.
        self.fields["q"].widget.attrs["class"] = "form-control"
        self.fields["type"].widget.attrs["class"] = "form-select"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def clean_q(self):
        text = self.cleaned_data["q"]
        # Tabs and line breaks pasted in are spaces; anything else unprintable is refused.
        text = " ".join(text.replace("\t", " ").replace("\n", " ").replace("\r", " ").split())
        if _CONTROL.search(text):
            raise ValidationError(_UNSEARCHABLE, code="control_characters")
        return text

    def count_types(self, results: search.Results) -> None:
        """Label each type with its number of results, keeping only those with some and the one chosen."""
        counts = {facet.kind: facet.count for facet in results.facets}
        chosen = self.cleaned_data["type"]
        self.fields["type"].choices = [("", f"Everything ({results.total})")] + [
            (kind, f"{label} ({counts.get(kind, 0)})")
            for kind, label in search.kinds()
            if counts.get(kind) or kind == chosen
        ]


def _page_asked_for(number: str | None) -> int:
    """Return the page to fetch with the counts: the number asked for, else 1 (Paginator then reads it again)."""
    try:
        return max(1, int(number or 1))
    except ValueError:
        return 1


def search_page(request):
    """Search everything live: ranked hits with their words marked, counted by type, a page at a time."""
    form = SearchForm(request.GET)
    context = {"form": form, "breadcrumbs": trail(("Search", None))}
    if not form.is_valid():
        return render(request, "search.html", context, status=400)
    text = form.cleaned_data["q"]
    if text:
        # The page asked for is fetched with the counts, in one query; Paginator checks the number against them.
        first = (_page_asked_for(request.GET.get("page")) - 1) * PER_PAGE
        results = search.Results(text, kind=form.cleaned_data["type"], first=slice(first, first + PER_PAGE))
        form.count_types(results)
        context |= {
            "type_label": dict(search.kinds()).get(form.cleaned_data["type"], ""),
            "text": text,
            "results": results,
            "page_obj": Paginator(results, PER_PAGE).get_page(request.GET.get("page")),
        }
    return render(request, "search.html", context)
