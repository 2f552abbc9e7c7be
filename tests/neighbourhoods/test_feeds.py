"""The calendars (iCalendar, parsed with the icalendar library) and the ward's Atom feed."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from icalendar import Calendar

from tests.neighbourhoods.factories import EventFactory, LocalCampaignFactory, WardFactory, WardNewsFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def ward():
    return WardFactory(name="Aspley", slug="aspley")


def _calendar(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_ward_calendar_holds_its_published_events_only(client, ward):
    EventFactory(ward=ward, published=True, title="Lunch club")
    EventFactory(ward=ward, title="Draft meeting")
    EventFactory(published=True, title="Elsewhere")

    calendar = _calendar(client.get("/neighbourhoods/wards/aspley/events.ics"))

    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Lunch club"]


def test_a_weekly_event_is_one_vevent_with_its_repeat_rule(client, ward):
    EventFactory(ward=ward, published=True, recurrence="FREQ=WEEKLY;BYDAY=TU")

    (event,) = _calendar(client.get("/neighbourhoods/wards/aspley/events.ics")).walk("VEVENT")

    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["BYDAY"] == ["TU"]


def test_calendar_events_are_in_london_time_with_the_timezone_included(client, ward):
    EventFactory(ward=ward, published=True)

    calendar = _calendar(client.get("/neighbourhoods/wards/aspley/events.ics"))
    (event,) = calendar.walk("VEVENT")

    assert str(event["DTSTART"].dt.tzinfo) == "Europe/London"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_each_calendar_event_links_back_to_its_page(client, ward):
    event = EventFactory(ward=ward, published=True)

    (item,) = _calendar(client.get("/neighbourhoods/wards/aspley/events.ics")).walk("VEVENT")

    assert str(item["URL"]).endswith(event.get_absolute_url())
    assert event.get_absolute_url() in str(item["DESCRIPTION"])


def test_city_calendar_holds_every_wards_events(client, ward):
    EventFactory(ward=ward, published=True)
    EventFactory(published=True)

    assert len(_calendar(client.get("/neighbourhoods/events/calendar.ics")).walk("VEVENT")) == 2


def test_long_finished_events_leave_the_calendar(client, ward):
    start = datetime.datetime(2020, 1, 1, 10, tzinfo=datetime.UTC)
    EventFactory(ward=ward, published=True, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    EventFactory(ward=ward, published=True, title="Lunch club")

    calendar = _calendar(client.get("/neighbourhoods/events/calendar.ics"))

    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Lunch club"]


def test_add_to_calendar_file_holds_the_one_event(client, ward):
    event = EventFactory(ward=ward, published=True, title="Lights switch-on")

    (item,) = _calendar(client.get(f"/neighbourhoods/events/{event.slug}/event.ics")).walk("VEVENT")

    assert str(item["SUMMARY"]) == "Lights switch-on"
    assert str(item["UID"]).startswith(f"event-{event.pk}@")


def test_add_to_calendar_file_of_a_draft_is_not_found(client, ward):
    assert client.get(f"/neighbourhoods/events/{EventFactory(ward=ward).slug}/event.ics").status_code == 404


def test_ward_atom_feed_lists_new_events_and_campaigns(client, ward):
    EventFactory(ward=ward, published=True, title="Lunch club")
    LocalCampaignFactory(published=True, city_wide=True, title="Eyes wide open")
    EventFactory(ward=ward, title="Draft")

    response = client.get("/neighbourhoods/wards/aspley/feed/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - the portal's own response, not untrusted input
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert sorted(titles) == ["Campaign: Eyes wide open", "Event: Lunch club"]


def test_atom_feed_of_an_unknown_ward_is_not_found(client):
    assert client.get("/neighbourhoods/wards/atlantis/feed/").status_code == 404


def test_ward_news_summary_with_markup_goes_out_as_escaped_plain_text(client, ward):
    """Seen to fail: with `feed_type = Atom1Feed` back, the summary was in `<summary type="html">`."""
    WardNewsFactory(ward=ward, summary="<img src=x onerror=alert(1)>", published=True)

    body = client.get("/neighbourhoods/wards/aspley/feed/").content.decode()

    assert '<summary type="text">&lt;img src=x onerror=alert(1)&gt;</summary>' in body
    assert 'type="html"' not in body


def test_calendar_text_cannot_start_a_new_event(client, ward):
    """The icalendar library escapes each value, so typed line breaks and `;` stay inside their property.

    Seen to fail: with the summary set to an object whose `to_ical()` returns the title unescaped (a
    hand-built value), the calendar could not be written and the request raised.
    """
    injected = "Lunch; soup, bread\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Fake event"
    EventFactory(ward=ward, published=True, title=injected, venue="Hall; room 2")

    (item,) = _calendar(client.get("/neighbourhoods/wards/aspley/events.ics")).walk("VEVENT")

    assert str(item["SUMMARY"]) == injected
    assert str(item["LOCATION"]).startswith("Hall; room 2")


def test_a_demonstration_event_says_so_in_its_calendar_summary_and_description(client, ward):
    EventFactory(ward=ward, published=True, title="Lunch club", is_demonstration=True)

    calendar = _calendar(client.get("/neighbourhoods/wards/aspley/events.ics"))

    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Lunch club (demonstration event)"
    assert str(event["DESCRIPTION"]).startswith("Demonstration event: ")


def test_a_published_event_goes_into_the_calendar_without_a_demonstration_mark(client, ward):
    EventFactory(ward=ward, published=True, title="Lunch club")

    calendar = _calendar(client.get("/neighbourhoods/wards/aspley/events.ics"))

    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Lunch club"
    assert "demonstration" not in str(event["DESCRIPTION"]).lower()


def test_a_demonstration_event_says_so_in_the_ward_feed(client, ward):
    EventFactory(ward=ward, published=True, title="Lunch club", is_demonstration=True)

    response = client.get("/neighbourhoods/wards/aspley/feed/")

    feed = ET.fromstring(response.content)  # noqa: S314 - the portal's own response, not untrusted input
    (entry,) = feed.iter(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Demonstration event: Lunch club"
    assert entry.find(f"{ATOM}summary").text.startswith("Demonstration event: ")


def test_ward_feed_entries_carry_when_each_item_was_published(client, ward):
    """Seen to fail when the feed's item methods had slipped out of the class and the entries lost their date."""
    EventFactory(ward=ward, published=True, title="Lunch club")

    response = client.get("/neighbourhoods/wards/aspley/feed/")

    feed = ET.fromstring(response.content)  # noqa: S314 - the portal's own response, not untrusted input
    (entry,) = feed.iter(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Event: Lunch club"
    assert entry.find(f"{ATOM}published") is not None
