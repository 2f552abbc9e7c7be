"""Repeating events: one event with an iCalendar RRULE, expanded into its occurrences with python-dateutil.

Occurrences are worked out in local time (Europe/London), so a lunch club at noon stays at noon on either
side of the clock change. A rule without UNTIL or COUNT repeats for ever.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from dateutil.rrule import rrule, rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError

LONDON = zoneinfo.ZoneInfo(settings.TIME_ZONE)


class Frequency:
    """The repeats an officer can choose in a form, each an RRULE without its end."""

    WEEKLY = "FREQ=WEEKLY"
    FORTNIGHTLY = "FREQ=WEEKLY;INTERVAL=2"
    MONTHLY = "FREQ=MONTHLY"
    CHOICES = [
        ("", "Does not repeat"),
        (WEEKLY, "Every week"),
        (FORTNIGHTLY, "Every two weeks"),
        (MONTHLY, "Every month"),
    ]


@dataclass(frozen=True)
class Occurrence:
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def parse_rule(rule: str, starts_at: datetime.datetime) -> rrule:
    """Return the dateutil rule of an RRULE text for a first start, or raise ValidationError."""
    try:
        parsed = rrulestr(rule.removeprefix("RRULE:"), dtstart=starts_at.astimezone(LONDON))
    except (ValueError, TypeError) as error:
        raise ValidationError(
            "This is not a repeat rule that calendars understand, such as FREQ=WEEKLY;BYDAY=TU.", code="bad_rule"
        ) from error
    if not isinstance(parsed, rrule):
        raise ValidationError("Give one repeat rule, not a set of them.", code="bad_rule")
    return parsed


def until_for(day: datetime.date) -> str:
    """Return the UNTIL part of an RRULE that ends a series at the end of a local day, in UTC as iCalendar asks."""
    end_of_day = datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=LONDON)
    return "UNTIL=" + end_of_day.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def rule_end(rule: str) -> datetime.date | None:
    """Return the local day an RRULE's UNTIL falls on, if it has one."""
    value = _parts(rule).get("UNTIL")
    if not value:
        return None
    if "T" not in value:
        return datetime.datetime.strptime(value[:8], "%Y%m%d").date()
    moment = datetime.datetime.strptime(value.rstrip("Z")[:15], "%Y%m%dT%H%M%S")
    if value.endswith("Z"):
        moment = moment.replace(tzinfo=datetime.UTC).astimezone(LONDON)
    return moment.date()


def rule_without_end(rule: str) -> str:
    """Return an RRULE without its UNTIL and COUNT parts."""
    return ";".join(part for part in rule.split(";") if part and not part.startswith(("UNTIL=", "COUNT=")))


def series_end(starts_at: datetime.datetime, ends_at: datetime.datetime, rule: str) -> datetime.datetime | None:
    """Return when the last occurrence ends: the event's end without a rule, None for a rule without an end."""
    if not rule:
        return ends_at
    parsed = parse_rule(rule, starts_at)
    if not _parts(rule).keys() & {"UNTIL", "COUNT"}:
        return None
    last = None
    for last in parsed:  # noqa: B007 - the loop only finds the last occurrence of a finite rule
        pass
    if last is None:
        return ends_at
    return last + (ends_at - starts_at)


def occurrences_between(
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    rule: str,
    after: datetime.datetime,
    before: datetime.datetime,
) -> list[Occurrence]:
    """Return the occurrences that are still going on at `after` and start before `before`."""
    duration = ends_at - starts_at
    if not rule:
        return [Occurrence(starts_at, ends_at)] if starts_at < before and ends_at > after else []
    parsed = parse_rule(rule, starts_at)
    starts = parsed.between(after - duration, before, inc=False)
    return [Occurrence(start, start + duration) for start in starts if start + duration > after]


def next_occurrence(
    starts_at: datetime.datetime, ends_at: datetime.datetime, rule: str, after: datetime.datetime
) -> Occurrence | None:
    """Return the first occurrence that has not ended by `after`, or None when the series is over."""
    duration = ends_at - starts_at
    if not rule:
        return Occurrence(starts_at, ends_at) if ends_at > after else None
    start = parse_rule(rule, starts_at).after(after - duration, inc=False)
    return Occurrence(start, start + duration) if start is not None else None


def last_occurrence(
    starts_at: datetime.datetime, ends_at: datetime.datetime, rule: str, before: datetime.datetime
) -> Occurrence | None:
    """Return the last occurrence that started before `before`."""
    duration = ends_at - starts_at
    if not rule:
        return Occurrence(starts_at, ends_at) if starts_at < before else None
    start = parse_rule(rule, starts_at).before(before)
    return Occurrence(start, start + duration) if start is not None else None


DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
INTERVAL_WORDS = {2: "two", 3: "three", 4: "four"}


def describe(rule: str, starts_at: datetime.datetime) -> str:
    """Return a repeat rule in words: "Every week on Tuesday, until 31 March 2027"."""
    if not rule:
        return ""
    parse_rule(rule, starts_at)
    parts = _parts(rule)
    local = starts_at.astimezone(LONDON)
    words = _frequency_words(parts, local)
    if "UNTIL" in parts:
        words += f", until {rule_end(rule):%-d %B %Y}"
    elif "COUNT" in parts:
        words += f", {parts['COUNT']} times in all"
    return words


def _frequency_words(parts: dict[str, str], local: datetime.datetime) -> str:
    interval = int(parts.get("INTERVAL", "1") or 1)
    days = [day for day in parts.get("BYDAY", "").split(",") if day]
    frequency = parts.get("FREQ", "")
    unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}.get(frequency, "")
    if not unit:
        return "Repeats"
    every = f"Every {unit}" if interval == 1 else f"Every {INTERVAL_WORDS.get(interval, interval)} {unit}s"
    if frequency == "WEEKLY":
        names = [DAY_NAMES.get(day[-2:], day) for day in days] or [f"{local:%A}"]
        return f"{every} on {_and(names)}"
    if frequency == "MONTHLY":
        if len(days) == 1 and len(days[0]) > 2:
            position = int(days[0][:-2])
            return f"On the {ORDINAL_WORDS.get(position, position)} {DAY_NAMES.get(days[0][-2:])} of every " + (
                "month" if interval == 1 else f"{INTERVAL_WORDS.get(interval, interval)} months"
            )
        return f"{every} on the {_ordinal(local.day)}"
    if frequency == "YEARLY":
        return f"{every} on {local:%-d %B}"
    return every


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.removeprefix("RRULE:").split(";") if "=" in part)


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"
