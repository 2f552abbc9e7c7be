"""Repeating events: rules expanded in local time, their ends, and their description in words."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from neighbourhoods import recurrence

LONDON = zoneinfo.ZoneInfo("Europe/London")
NOON = datetime.datetime(2026, 10, 20, 12, 0, tzinfo=LONDON)  # a Tuesday, a week before the clocks change
ONE_PM = NOON + datetime.timedelta(hours=1)


def test_a_weekly_event_keeps_its_local_time_across_the_clock_change():
    found = recurrence.occurrences_between(NOON, ONE_PM, "FREQ=WEEKLY", NOON, NOON + datetime.timedelta(days=15))

    assert [o.starts_at.astimezone(LONDON).hour for o in found] == [12, 12, 12]
    assert found[1].starts_at.utcoffset() != found[0].starts_at.utcoffset()


def test_a_rule_without_an_end_has_no_series_end():
    assert recurrence.series_end(NOON, ONE_PM, "FREQ=WEEKLY") is None


def test_a_rule_with_a_count_ends_with_its_last_occurrence():
    end = recurrence.series_end(NOON, ONE_PM, "FREQ=WEEKLY;COUNT=3")

    assert end.astimezone(LONDON) == datetime.datetime(2026, 11, 3, 13, 0, tzinfo=LONDON)


def test_a_one_off_event_ends_when_it_ends():
    assert recurrence.series_end(NOON, ONE_PM, "") == ONE_PM


def test_the_next_occurrence_of_a_weekly_event_is_next_week_once_this_one_is_over():
    after = ONE_PM + datetime.timedelta(minutes=1)

    assert recurrence.next_occurrence(NOON, ONE_PM, "FREQ=WEEKLY", after).starts_at.astimezone(LONDON).day == 27


def test_an_occurrence_still_going_on_is_the_next_one():
    during = NOON + datetime.timedelta(minutes=30)

    assert recurrence.next_occurrence(NOON, ONE_PM, "FREQ=WEEKLY", during).starts_at == NOON


def test_a_finished_one_off_event_has_no_next_occurrence():
    assert recurrence.next_occurrence(NOON, ONE_PM, "", ONE_PM) is None


def test_a_rule_calendars_do_not_understand_is_refused():
    with pytest.raises(ValidationError) as raised:
        recurrence.parse_rule("EVERY=TUESDAY", NOON)

    assert raised.value.code == "bad_rule"


def test_until_is_the_end_of_the_local_day_in_utc():
    assert recurrence.until_for(datetime.date(2027, 3, 31)) == "UNTIL=20270331T225959Z"
    assert recurrence.rule_end("FREQ=WEEKLY;UNTIL=20270331T225959Z") == datetime.date(2027, 3, 31)


def test_a_weekly_rule_is_described_in_words():
    assert (
        recurrence.describe("FREQ=WEEKLY;UNTIL=20270331T225959Z", NOON) == "Every week on Tuesday, until 31 March 2027"
    )
