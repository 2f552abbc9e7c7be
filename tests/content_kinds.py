"""Each kind of public content with the pages that show it and how its author edits it, for the page cache's tests
(tests/core/test_page_cache.py and tests/test_two_app_servers.py)."""

import dataclasses
from collections.abc import Callable

from campaigns import services as campaign_services
from initiatives import services as initiative_services
from neighbourhoods import services as ward_services
from tests.campaigns.factories import CampaignFactory, NewsPostFactory
from tests.core.factories import PageFactory
from tests.initiatives.factories import CaseStudyFactory, InitiativeFactory, ProgressReportFactory
from tests.neighbourhoods.factories import EventFactory, LocalCampaignFactory, WardNewsFactory

BEFORE, AFTER = "Cached words before", "Fresh words after"


@dataclasses.dataclass
class Kind:
    """A kind of content: how to make one, the pages that show it, and how an author edits it."""

    make: Callable
    pages: Callable  # item -> the URLs that show it
    edit: Callable  # (item, user) -> None: the words BEFORE become AFTER
    own_page: bool = True  # whether the item's own page is among the pages (404 when withdrawn)


def _save_title(item, user):
    # Campaigns, pages and progress reports are edited in the admin, whose save ends in the model's save().
    item.title = AFTER
    item._history_user = user
    item.save()


PUBLISHABLE = {
    "news": Kind(
        make=lambda: NewsPostFactory(title=BEFORE, campaign=CampaignFactory(published=True, slug="living-wage")),
        pages=lambda post: [
            post.get_absolute_url(),
            "/alliance/news/",
            "/alliance/news/feed/",
            "/",
            post.campaign.get_absolute_url(),
        ],
        edit=lambda post, user: campaign_services.news_post_update(post=post, user=user, title=AFTER),
    ),
    "campaign": Kind(
        make=lambda: CampaignFactory(title=BEFORE),
        pages=lambda campaign: [campaign.get_absolute_url(), "/alliance/campaigns/"],
        edit=_save_title,
    ),
    "ward news": Kind(
        make=lambda: WardNewsFactory(title=BEFORE),
        pages=lambda post: [
            post.get_absolute_url(),
            post.ward.get_absolute_url(),
            f"{post.ward.get_absolute_url()}feed/",
            "/",
        ],
        edit=lambda post, user: ward_services.ward_news_update(post=post, user=user, title=AFTER),
    ),
    "event": Kind(
        make=lambda: EventFactory(title=BEFORE),
        pages=lambda event: [event.get_absolute_url(), "/neighbourhoods/events/", event.ward.get_absolute_url(), "/"],
        edit=lambda event, user: ward_services.event_update(event=event, user=user, title=AFTER),
    ),
    "local campaign": Kind(
        make=lambda: LocalCampaignFactory(title=BEFORE),
        pages=lambda campaign: [
            campaign.get_absolute_url(),
            "/neighbourhoods/campaigns/",
            campaign.ward.get_absolute_url(),
        ],
        edit=lambda campaign, user: ward_services.local_campaign_update(campaign=campaign, user=user, title=AFTER),
    ),
    "case study": Kind(
        make=lambda: CaseStudyFactory(title=BEFORE),
        pages=lambda study: [study.get_absolute_url(), "/initiatives/case-studies/"],
        edit=lambda study, user: initiative_services.case_study_update(case_study=study, user=user, title=AFTER),
    ),
    "progress report": Kind(
        make=lambda: ProgressReportFactory(title=BEFORE, initiative=InitiativeFactory(published=True)),
        pages=lambda report: [
            report.get_absolute_url(),
            report.initiative.get_absolute_url(),
            f"{report.initiative.get_absolute_url()}reports/",
        ],
        edit=_save_title,
    ),
    "page": Kind(
        make=lambda: PageFactory(title=BEFORE),
        pages=lambda page: [page.get_absolute_url()],
        edit=_save_title,
    ),
}
