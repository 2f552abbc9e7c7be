"""A resident new to the portal lands on the home page: what is new is there, and the ways to look further."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.campaigns.factories import NewsPostFactory
from tests.neighbourhoods.factories import EventFactory, WardFactory, WardNewsFactory


def test_new_resident_sees_the_latest_news_and_the_next_events_and_reads_a_post(page):
    NewsPostFactory(published=True, title="Living wage pledge signed", dated_on=timezone.localdate())
    WardNewsFactory(published=True, ward=WardFactory(name="Bulwell"), title="Alley gates fitted")
    EventFactory(published=True, title="Community clean-up")
    EventFactory(title="A draft event")

    page.goto("/")

    expect(page.get_by_label("Search the portal")).to_be_in_viewport()
    expect(page.get_by_label("Ward name or postcode")).to_be_in_viewport()
    news = page.get_by_role("region", name="Latest news")
    expect(news.get_by_role("heading", name="Living wage pledge signed")).to_be_visible()
    expect(news.get_by_role("heading", name="Alley gates fitted")).to_be_visible()
    events = page.get_by_role("region", name="Coming up in the wards")
    expect(events.get_by_role("heading", name="Community clean-up")).to_be_visible()
    expect(events).not_to_contain_text("A draft event")
    news.get_by_role("link", name="Living wage pledge signed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Living wage pledge signed")


def test_resident_on_a_phone_finds_their_ward_from_the_home_page(page):
    ward = WardFactory(name="Bulwell", slug="bulwell")
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto("/")
    page.get_by_label("Ward name or postcode").fill("bulwel")
    page.get_by_role("button", name="Find ward").click()

    expect(page).to_have_url(re.compile(re.escape(ward.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bulwell")


@pytest.mark.parametrize("width", [1280, 320])
def test_one_search_box_and_one_ward_finder_are_above_the_fold(page, width):
    page.set_viewport_size({"width": width, "height": 720 if width == 1280 else 640})

    page.goto("/")

    expect(page.get_by_role("searchbox")).to_have_count(1)
    expect(page.get_by_label("Search the portal")).to_be_in_viewport()
    expect(page.get_by_label("Ward name or postcode")).to_have_count(1)
    expect(page.get_by_label("Ward name or postcode")).to_be_in_viewport()
    expect(page.get_by_role("button", name="Find ward")).to_be_in_viewport()


@pytest.mark.parametrize("typed", ["St Anns", "ST ANN’S"])
def test_resident_types_a_ward_name_without_its_apostrophe_on_the_home_page(page, typed):
    ward = WardFactory(name="St Ann's", slug="st-anns")
    WardFactory(name="Bulwell", slug="bulwell")

    page.goto("/")
    page.get_by_label("Ward name or postcode").fill(typed)
    page.get_by_label("Ward name or postcode").press("Enter")

    expect(page).to_have_url(re.compile(re.escape(ward.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("St Ann's")


@pytest.fixture
def page_without_javascript(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_ward_finder_on_the_home_page_works_without_javascript(page_without_javascript):
    page = page_without_javascript
    WardFactory(name="Clifton North", slug="clifton-north")
    WardFactory(name="Clifton South", slug="clifton-south")

    page.goto("/")
    page.get_by_label("Ward name or postcode").fill("Cliftn")
    page.get_by_role("button", name="Find ward").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Find your ward")
    expect(page.get_by_role("link", name="Clifton North").first).to_be_visible()
    expect(page.get_by_role("link", name="Clifton South").first).to_be_visible()


def test_resident_follows_see_all_events_to_the_events_list(page):
    EventFactory(published=True, title="Tuesday lunch club", starts_at=timezone.now() + datetime.timedelta(days=2))

    page.goto("/")
    page.get_by_role("link", name="See all events").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Neighbourhood events")
    expect(page.get_by_role("link", name="Tuesday lunch club")).to_be_visible()
