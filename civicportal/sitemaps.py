"""The sitemap of the whole portal: the project's pages (home, the open-data catalogue), the shared layer's
pages, and each app's own sitemap."""

from django.urls import reverse

from campaigns.models import Campaign
from campaigns.sitemaps import CampaignsSitemap
from civicportal.core.sitemaps import CoreSitemap, Entry, PortalSitemap
from initiatives.sitemaps import InitiativesSitemap
from neighbourhoods.sitemaps import NeighbourhoodsSitemap


class HomeSitemap(PortalSitemap):
    pages = ("home", "open_data")


class CampaignStoriesSitemap(PortalSitemap):
    """Each live campaign's story from listening to result, which the project routes to initiatives."""

    def extra_entries(self):
        return [
            Entry(reverse("campaign_story", kwargs={"slug": campaign.slug}), campaign.updated_at)
            for campaign in Campaign.objects.live().only("slug", "updated_at")
        ]


SITEMAPS = {
    "home": HomeSitemap,
    "pages": CoreSitemap,
    "alliance": CampaignsSitemap,
    "campaign-stories": CampaignStoriesSitemap,
    "neighbourhoods": NeighbourhoodsSitemap,
    "initiatives": InitiativesSitemap,
}
