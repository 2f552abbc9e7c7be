"""Which page of a list a request asks for: `?page=` read through a form, the same way on every list."""

from django import forms
from django.core.paginator import Page, Paginator


class PageNumberForm(forms.Form):
    """`?page=`: a whole number from 1 up; anything else (a word, a NUL byte, -1, 5,000 digits) is not one."""

    page = forms.IntegerField(min_value=1, required=False)


def page_of(request, items, *, per_page: int) -> Page:
    """Return the page of `items` that the request's `?page=` asks for, `per_page` to a page.

    A value that is not a page number is ignored (the first page is shown); a number past the end shows
    the last page, as Django's `Paginator.get_page` does.
    """
    form = PageNumberForm(request.GET)
    number = (form.cleaned_data["page"] if form.is_valid() else None) or 1
    return Paginator(items, per_page).get_page(number)
