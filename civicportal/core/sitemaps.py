"""The shape of every app's sitemap: its fixed pages by URL name, then its live content, at SITE_URL.

Each app's `sitemaps.py` names its fixed pages (the app's front page and lists, without filters) and returns
what residents can open from `content()`: querysets of live rows only (`live()`, or every row of a model with
no publishing state), so a draft, an item in review or a scheduled item is never listed. The project's
`urls.py` puts the apps' sitemaps together at `/sitemap.xml`.

Addresses are built from `SITE_URL`, not from the request's Host header: a sitemap fetched through a proxy
or by the wrong name must still point at the portal's public address.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.db.models import QuerySet
from django.urls import reverse

from .models import Page


@dataclass(frozen=True)
class Entry:
    """One address in a sitemap, with when its content last changed when that is known."""

    location: str
    lastmod: datetime | None = None


class PortalSitemap(sitemaps.Sitemap):
    """An app's fixed pages (`pages`, URL names) and live content (`content()`), once each."""

    pages: tuple[str, ...] = ()

    def content(self) -> Iterable[QuerySet]:
        """Return querysets of the rows whose pages residents may open."""
        return ()

    def extra_entries(self) -> Iterable[Entry]:
        """Return addresses that are neither a fixed page nor a row's own page (a list per parent, say)."""
        return ()

    def items(self) -> list[Entry]:
        entries = [Entry(reverse(name)) for name in self.pages]
        entries += [
            Entry(row.get_absolute_url(), getattr(row, "updated_at", None)) for rows in self.content() for row in rows
        ]
        entries += list(self.extra_entries())
        unique: dict[str, Entry] = {}
        for entry in entries:
            unique.setdefault(entry.location, entry)
        return list(unique.values())

    def location(self, item: Entry) -> str:
        return item.location

    def lastmod(self, item: Entry) -> datetime | None:
        return item.lastmod

    def get_urls(self, page=1, site=None, protocol=None):
        public = urlsplit(settings.SITE_URL)
        return self._urls(page, public.scheme, public.netloc + public.path.rstrip("/"))


class CoreSitemap(PortalSitemap):
    """The portal's own pages (about, accessibility, privacy) that are live."""

    def content(self):
        return [Page.objects.live().only("slug", "updated_at")]
