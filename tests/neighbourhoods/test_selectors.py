"""The event lists' order and pages: one-off events sorted by the database, repeating ones merged in."""

import datetime

import pytest
import time_machine
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from neighbourhoods import selectors
from neighbourhoods.models import Event
from tests.neighbourhoods.factories import EventFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 3, 12, 0, tzinfo=datetime.UTC)


def _at(days: float) -> datetime.datetime:
    return NOW + datetime.timedelta(days=days)


def _event(title: str, days: float, **traits) -> Event:
    starts = _at(days)
    return EventFactory(title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **traits)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def test_upcoming_events_merge_a_repeating_event_at_its_next_meeting_among_one_off_events():
    """Seen to fail with the repeating events put after the one-off ones instead of merged in."""
    _event("In one day", 1, published=True)
    _event("In three days", 3, published=True)
    _event("Weekly, next in two days", 2 - 7 * 4, published=True, weekly=True)
    _event("In five days", 5, published=True)

    titles = [item.event.title for item in selectors.upcoming_events(Event.objects.all())]

    assert titles == ["In one day", "Weekly, next in two days", "In three days", "In five days"]


def test_each_page_of_upcoming_events_continues_where_the_last_ended():
    """Seen to fail with the repeating events appended after the one-off ones rather than merged in."""
    for day in range(1, 8):
        _event(f"Day {day}", day, published=True)
    _event("Weekly", 2.5 - 7 * 10, published=True, weekly=True)
    listing = selectors.upcoming_events(Event.objects.all())
    paginator = Paginator(listing, 3)

    pages = [[item.event.title for item in paginator.page(n)] for n in paginator.page_range]

    assert paginator.count == 8
    assert pages == [["Day 1", "Day 2", "Weekly"], ["Day 3", "Day 4", "Day 5"], ["Day 6", "Day 7"]]


def test_past_events_list_the_latest_first_with_a_finished_series_at_its_last_meeting():
    _event("A week ago", -7, published=True)
    _event("Yesterday", -1, published=True)
    series = _event("Weekly until three days ago", -7 * 5 - 3, published=True, recurrence="FREQ=WEEKLY;COUNT=6")
    _event("Draft, two days ago", -2)

    listed = list(selectors.past_events(Event.objects.all()))

    assert [item.event.title for item in listed] == ["Yesterday", "Weekly until three days ago", "A week ago"]
    assert listed[1].occurrence.starts_at == series.starts_at + datetime.timedelta(weeks=5)


def test_a_page_of_upcoming_events_reads_no_more_rows_than_its_end():
    """Seen to fail with the listing loading every one-off event: the query had no LIMIT."""
    for day in range(1, 40):
        _event(f"Day {day}", day, published=True)
    listing = selectors.upcoming_events(Event.objects.all())

    with CaptureQueriesContext(connection) as queries:
        page = Paginator(listing, 5).page(2)
        titles = [item.event.title for item in page]

    assert titles == ["Day 6", "Day 7", "Day 8", "Day 9", "Day 10"]
    assert any("LIMIT 10" in query["sql"] for query in queries.captured_queries)


def test_the_next_few_events_are_read_without_counting_every_event_to_come():
    """Seen to fail before the front slice skipped the count: a COUNT over every upcoming event ran first."""
    for day in range(1, 8):
        _event(f"Day {day}", day, published=True)

    with CaptureQueriesContext(connection) as queries:
        titles = [item.event.title for item in selectors.next_events(limit=3)]

    assert titles == ["Day 1", "Day 2", "Day 3"]
    assert not any("COUNT(" in query["sql"] for query in queries.captured_queries)
    assert len(queries.captured_queries) == 2  # the one-off events to the limit, and the repeating ones


def test_events_this_year_counts_one_off_events_and_each_meeting_of_a_series():
    """Seen to fail with only the one-off events that start in the year counted: New Year's Eve's was left out."""
    _event("Spring fair", -200, published=True)
    _event("Started last year, ends this year", -337 + 0.45, published=True)
    _event("Last year", -400, published=True)
    _event("Monthly from October", -60, published=True, recurrence="FREQ=MONTHLY;COUNT=12")

    count = selectors.events_this_year()

    assert (count.year, count.events, count.occurrences) == (2026, 3, 1 + 1 + 3)
