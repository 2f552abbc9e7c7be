"""Links that a higher layer adds to the alliance's pages, so that `campaigns` never imports what lies above it.

The project, which composes the apps, registers here (in its `AppConfig.ready`) a link to a campaign's story
from listening to result, a page served by `initiatives`, where campaigns and indicators are both seen.
"""

from collections.abc import Callable

from .models import Campaign

CampaignLink = Callable[[Campaign], tuple[str, str] | None]

_campaign_links: list[CampaignLink] = []


def register_campaign_link(link: CampaignLink) -> None:
    """Add a link to every campaign's page: `link(campaign)` returns (words, address), or None for no link."""
    if link not in _campaign_links:
        _campaign_links.append(link)


def campaign_links(campaign: Campaign) -> list[tuple[str, str]]:
    """Return the registered links for a campaign's page, in the order they were registered."""
    return [found for link in _campaign_links if (found := link(campaign)) is not None]
