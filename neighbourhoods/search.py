"""What site-wide search finds of the neighbourhoods: each searchable model, its live rows and its words.

Registered with the shared layer (`civicportal.core.search`) from `NeighbourhoodsConfig.ready`.
"""

from civicportal.core import search

from .models import AreaCommittee, Event, LocalCampaign, Ward, WardNews

text = search.plain_text


# A demonstration item says so in its document's title, so that its search result carries the mark.
def _grouping_note(committee: AreaCommittee) -> str:
    return " (a demonstration grouping)" if committee.is_demonstration else ""


def _ward_document(ward: Ward) -> search.Document:
    return search.Document(
        title=ward.name,
        url=ward.get_absolute_url(),
        summary=f"A ward of the {ward.area_committee.name}{_grouping_note(ward.area_committee)}.",
        body=text(ward.introduction),
    )


def _committee_document(committee: AreaCommittee) -> search.Document:
    return search.Document(
        title=f"{committee.name}{_grouping_note(committee)}",
        url=committee.get_absolute_url(),
        body=text(committee.description),
    )


def _event_document(event: Event) -> search.Document:
    return search.Document(
        title=f"{event.title} (demonstration event)" if event.is_demonstration else event.title,
        url=event.get_absolute_url(),
        summary=event.summary,
        body=f"{text(event.description)}\n{event.venue}\n{event.venue_address}\n{event.organiser}",
    )


def _local_campaign_document(campaign: LocalCampaign) -> search.Document:
    return search.Document(
        title=campaign.title,
        url=campaign.get_absolute_url(),
        summary=campaign.summary,
        body="\n".join(text(part) for part in (campaign.issue, campaign.ask, campaign.results)),
    )


def _news_document(post: WardNews) -> search.Document:
    return search.Document(title=post.title, url=post.get_absolute_url(), summary=post.summary, body=text(post.body))


search.register(
    Ward,
    kind="wards",
    label="Wards",
    live=lambda: Ward.objects.select_related("area_committee"),
    document=_ward_document,
)
search.register(
    AreaCommittee,
    kind="committees",
    label="Area committees",
    live=lambda: AreaCommittee.objects.all(),
    document=_committee_document,
    # A ward's summary names its committee.
    dependants=lambda committee: [Ward.objects.filter(area_committee=committee)],
)
search.register(Event, kind="events", label="Events", live=lambda: Event.objects.live(), document=_event_document)
search.register(
    LocalCampaign,
    kind="local-campaigns",
    label="Behaviour-change campaigns",
    live=lambda: LocalCampaign.objects.live(),
    document=_local_campaign_document,
)
search.register(WardNews, kind="news", label="News", live=lambda: WardNews.objects.live(), document=_news_document)
