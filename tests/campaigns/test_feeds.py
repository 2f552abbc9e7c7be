"""Open data: Atom feeds of the news and iCalendar of the upcoming actions, in formats people's tools read."""

import datetime
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.urls import reverse

from tests.campaigns.factories import ActionFactory, CampaignFactory, NewsPostFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _entry_titles(response):
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    return [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]


def test_news_feed_is_atom_with_published_posts_only(client):
    NewsPostFactory(title="Live post", published=True)
    NewsPostFactory(title="Draft post")

    response = client.get(reverse("campaigns:news_feed"))

    assert response["Content-Type"].startswith("application/atom+xml")
    assert _entry_titles(response) == ["Live post"]


def test_campaign_feed_has_only_that_campaigns_posts(client):
    campaign = CampaignFactory(published=True)
    NewsPostFactory(title="This campaign", campaign=campaign, published=True)
    NewsPostFactory(title="Another campaign", published=True)

    response = client.get(reverse("campaigns:campaign_feed", args=[campaign.slug]))

    assert _entry_titles(response) == ["This campaign"]


def test_feed_of_a_draft_campaign_is_not_found(client):
    campaign = CampaignFactory()

    assert client.get(reverse("campaigns:campaign_feed", args=[campaign.slug])).status_code == 404


def _events(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_calendar_lists_upcoming_actions_only(client):
    ActionFactory(title="Next week", upcoming=True, venue="Albert Hall")
    ActionFactory(title="Last month")

    response = client.get(reverse("campaigns:calendar"))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = _events(response)
    assert list(events) == ["Next week"]
    assert str(events["Next week"]["location"]) == "Albert Hall"


def test_calendar_marks_a_cancelled_action_cancelled(client):
    ActionFactory(title="Called off", upcoming=True, cancelled=True)

    event = _events(client.get(reverse("campaigns:calendar")))["Called off"]

    assert str(event["status"]) == "CANCELLED"
    assert "The speakers withdrew." in str(event["description"])


def test_calendar_gives_a_whole_day_when_the_time_is_not_known(client):
    ActionFactory(title="Time unknown", upcoming=True, date_precision="day")

    event = _events(client.get(reverse("campaigns:calendar")))["Time unknown"]

    assert type(event.decoded("dtstart")) is datetime.date


def test_calendar_leaves_out_actions_of_draft_campaigns(client):
    ActionFactory(title="Hidden", upcoming=True, campaign=CampaignFactory())
    ActionFactory(title="Shown", upcoming=True)

    response = client.get(reverse("campaigns:calendar"))

    assert response.status_code == 200
    assert list(_events(response)) == ["Shown"]


def test_news_summary_with_markup_goes_out_as_escaped_plain_text(client):
    """Seen to fail: with `feed_type = Atom1Feed` back, the summary was in `<summary type="html">`."""
    NewsPostFactory(summary="<img src=x onerror=alert(1)>", published=True)

    body = client.get(reverse("campaigns:news_feed")).content.decode()

    assert '<summary type="text">&lt;img src=x onerror=alert(1)&gt;</summary>' in body
    assert 'type="html"' not in body


INJECTED = "Rally; bring signs, banners\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Fake action"


def test_calendar_text_cannot_start_a_new_event(client):
    """The icalendar library escapes each value, so typed line breaks and `;` stay inside their property.

    Seen to fail: with the summary set to an object whose `to_ical()` returns the title unescaped (a
    hand-built value), the calendar could not be written and the request raised.
    """
    ActionFactory(title=INJECTED, summary=INJECTED, venue="Hall; room 2, upstairs", upcoming=True)

    events = _events(client.get(reverse("campaigns:calendar")))

    assert list(events) == [INJECTED]
    assert str(events[INJECTED]["description"]) == INJECTED
    assert str(events[INJECTED]["location"]) == "Hall; room 2, upstairs"
