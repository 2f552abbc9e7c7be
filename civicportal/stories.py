"""The link from a campaign's page to its story from listening to result, which `initiatives` composes."""

from django.urls import reverse


def campaign_story_link(campaign) -> tuple[str, str] | None:
    """Return the words and address of a live campaign's story page, or None for a campaign residents cannot see."""
    if not campaign.is_live:
        return None
    return "The whole story, from listening to result", reverse("campaign_story", kwargs={"slug": campaign.slug})
