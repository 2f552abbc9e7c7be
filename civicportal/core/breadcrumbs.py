"""Breadcrumb trails, which views build and the layout shows."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str | None = None


def trail(*crumbs: tuple[str, str | None]) -> list[Crumb]:
    """Return a trail that starts at the home page; the last crumb is the current page and has no link."""
    items = [Crumb("Home", reverse("home"))]
    items += [Crumb(title, url) for title, url in crumbs]
    return items
