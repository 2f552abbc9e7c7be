"""`/sitemap.xml` lists every live page at the portal's public address and nothing a resident cannot open;
`/robots.txt` names it and keeps crawlers out of the admin, the review queue and sign-in."""

import datetime
import re

import pytest
from django.utils import timezone

from civicportal.core.publishing import Status
from tests.campaigns.factories import AchievementFactory, ActionFactory, CampaignFactory, NewsPostFactory
from tests.core.factories import PageFactory
from tests.initiatives.factories import (
    CaseStudyFactory,
    InitiativeFactory,
    ProgrammeFactory,
    ProgressReportFactory,
)
from tests.neighbourhoods.factories import EventFactory, LocalCampaignFactory, WardFactory, WardNewsFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

SITE = "https://portal.example"

PUBLISHABLE = [
    pytest.param(factory, id=factory._meta.model.__name__)
    for factory in (
        PageFactory,
        CampaignFactory,
        NewsPostFactory,
        EventFactory,
        LocalCampaignFactory,
        WardNewsFactory,
        ProgrammeFactory,
        InitiativeFactory,
        ProgressReportFactory,
        CaseStudyFactory,
    )
]


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = SITE


def _locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>(.*?)</loc>", response.text)


def _not_live_kinds(factory):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    return {
        "draft": factory(status=Status.DRAFT),
        "in review": factory(status=Status.IN_REVIEW),
        "scheduled": factory(status=Status.PUBLISHED, publish_at=tomorrow),
        "archived": factory(status=Status.ARCHIVED, publish_at=timezone.now() - datetime.timedelta(days=1)),
    }


@pytest.mark.parametrize("factory", PUBLISHABLE)
def test_sitemap_lists_a_live_item_and_no_draft_review_scheduled_or_archived_one(client, factory):
    """Seen to fail: with NeighbourhoodsSitemap listing Event.objects.all(), the draft, review, scheduled and
    archived events were listed."""
    live = factory(published=True)
    hidden = _not_live_kinds(factory)

    locations = _locations(client)

    assert SITE + live.get_absolute_url() in locations
    for kind, item in hidden.items():
        assert SITE + item.get_absolute_url() not in locations, f"the {kind} item is listed"


def test_sitemap_leaves_out_the_rows_of_content_that_is_not_live(client):
    draft = CampaignFactory()
    action, achievement = ActionFactory(campaign=draft), AchievementFactory(campaign=draft)
    report = ProgressReportFactory(published=True, initiative=InitiativeFactory())

    locations = _locations(client)

    assert SITE + "/alliance/campaigns/" in locations
    for item in (action, achievement, report):
        assert SITE + item.get_absolute_url() not in locations


def test_sitemap_lists_the_fixed_pages_and_every_ward(client):
    ward = WardFactory(slug="bulwell", name="Bulwell")
    initiative = InitiativeFactory(published=True, slug="clifton")

    locations = _locations(client)

    fixed = ("/", "/open-data/", "/alliance/", "/neighbourhoods/wards/", "/initiatives/case-studies/")
    for path in (*fixed, ward.get_absolute_url()):
        assert SITE + path in locations
    assert SITE + "/initiatives/collective-impact/clifton/reports/" in locations
    assert initiative.get_absolute_url() != "/initiatives/collective-impact/clifton/reports/"


def test_sitemap_addresses_use_the_public_address_not_the_requests_host(client):
    """Seen to fail: without PortalSitemap.get_urls, every address began http://testserver."""
    NewsPostFactory(published=True)

    locations = _locations(client)

    assert locations
    assert all(location.startswith(SITE + "/") for location in locations)


def test_sitemap_gives_when_live_content_last_changed(client):
    post = NewsPostFactory(published=True)

    text = client.get("/sitemap.xml").text

    entry = re.search(rf"<url><loc>{re.escape(SITE + post.get_absolute_url())}</loc><lastmod>([^<]+)</lastmod>", text)
    assert entry is not None
    assert entry.group(1) == post.updated_at.date().isoformat()


def test_sitemap_makes_a_fixed_number_of_queries(client):
    def add_content(count):
        for _ in range(count):
            NewsPostFactory(published=True, campaign=CampaignFactory(published=True))
            EventFactory(published=True)
            ProgressReportFactory(published=True)
            CaseStudyFactory(published=True)

    assert_queries_do_not_grow(client, "/sitemap.xml", add_data=add_content)


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_private_paths(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    for path in ("/admin/", "/review/", "/your-work/", "/accounts/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /" not in lines
