"""Locality working's pages for the sitemap: its front page and lists, and every live item with a page."""

from civicportal.core.sitemaps import PortalSitemap

from .models import AreaCommittee, Event, LocalCampaign, Ward, WardNews


class NeighbourhoodsSitemap(PortalSitemap):
    pages = (
        "neighbourhoods:index",
        "neighbourhoods:wards",
        "neighbourhoods:events",
        "neighbourhoods:past_events",
        "neighbourhoods:budgets",
        "neighbourhoods:allocations",
        "neighbourhoods:campaigns",
        "neighbourhoods:satisfaction",
    )

    def content(self):
        return [
            Ward.objects.only("slug"),
            AreaCommittee.objects.only("slug"),
            Event.objects.live().only("slug", "updated_at"),
            LocalCampaign.objects.live().only("slug", "updated_at"),
            WardNews.objects.live().only("slug", "updated_at"),
        ]
