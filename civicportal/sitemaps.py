"""The sitemap of the whole portal: the project's pages (home, the open-data catalogue), the shared layer's
pages, and each app's own sitemap."""

from campaigns.sitemaps import CampaignsSitemap
from civicportal.core.sitemaps import CoreSitemap, PortalSitemap
from initiatives.sitemaps import InitiativesSitemap
from neighbourhoods.sitemaps import NeighbourhoodsSitemap


class HomeSitemap(PortalSitemap):
    pages = ("home", "open_data")


SITEMAPS = {
    "home": HomeSitemap,
    "pages": CoreSitemap,
    "alliance": CampaignsSitemap,
    "neighbourhoods": NeighbourhoodsSitemap,
    "initiatives": InitiativesSitemap,
}
