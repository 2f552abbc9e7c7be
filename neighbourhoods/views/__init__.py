"""The pages of locality working: `public` for residents, `writing` for the council officers who keep their wards
current.

This module holds the two helpers both kinds of page use.
"""

from django.urls import reverse

from civicportal.core.breadcrumbs import trail
from civicportal.core.pagination import page_of

PER_PAGE = 20


def _crumbs(*crumbs: tuple[str, str | None]):
    """Return a breadcrumb trail through this app's pages, starting at its index."""
    return trail(("Neighbourhoods", reverse("neighbourhoods:index")), *crumbs)


def _page(request, items):
    """Return the page of a list that the request asks for, PER_PAGE to a page."""
    return page_of(request, items, per_page=PER_PAGE)
