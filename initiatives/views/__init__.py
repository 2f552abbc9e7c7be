"""The pages of programmes, projects, indicators, collective impact initiatives and case studies: `public` for
residents, `writing` for case study authors and editors.

Views fetch through the permission functions or the selectors, bind a form, call one service, and
redirect or render; templates get everything they show from here. This module holds the two helpers
both kinds of page use.
"""

from django.urls import reverse

from civicportal.core.breadcrumbs import trail
from civicportal.core.pagination import page_of

PER_PAGE = 20


def _crumbs(*items: tuple[str, str | None]):
    """Return a breadcrumb trail through this app's pages, starting at its index."""
    return trail(("Programmes and initiatives", reverse("initiatives:index")), *items)


def _page(request, items):
    """Return the page of a list that the request asks for, PER_PAGE to a page."""
    return page_of(request, items, per_page=PER_PAGE)
