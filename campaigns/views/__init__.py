"""The alliance's pages: `public` for residents, `writing` for its organisers and editors.

Views fetch through the permission functions, bind a form, call one service and redirect or render.
This module holds the two helpers both kinds of page use.
"""

from django.core.paginator import Paginator
from django.urls import reverse

from civicportal.core.breadcrumbs import trail

PER_PAGE = 20


def _crumbs(*items: tuple[str, str | None]):
    """Return a breadcrumb trail through the alliance's pages; URL names are reversed, None is the current page."""
    crumbs = [(title, reverse(name) if name else None) for title, name in items]
    return trail(("The alliance", reverse("campaigns:index")), *crumbs)


def _page(request, items):
    """Return the page of a list that the request asks for, PER_PAGE to a page."""
    return Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
