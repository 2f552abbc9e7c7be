"""The alliance's pages: `public` for residents, `writing` for its organisers and editors.

Views fetch through the permission functions, bind a form, call one service and redirect or render.
This module holds the two helpers both kinds of page use.
"""

from django.urls import reverse

from civicportal.core.breadcrumbs import trail
from civicportal.core.pagination import page_of

PER_PAGE = 20


def _crumbs(*items: tuple[str, str | None]):
    """Return a breadcrumb trail through the alliance's pages; URL names are reversed, None is the current page."""
    crumbs = [(title, reverse(name) if name else None) for title, name in items]
    return trail(("The alliance", reverse("campaigns:index")), *crumbs)


def _page(request, items):
    """Return the page of a list that the request asks for, PER_PAGE to a page."""
    return page_of(request, items, per_page=PER_PAGE)
