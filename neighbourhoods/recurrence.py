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


WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class Frequency:
    """The repeats an officer picks from a list: each value is an RRULE without its end.

    The values that end in `BYDAY=<n>` ("the first ... of every month") are completed with the weekday of the
    event's first time; "every week" repeats on the weekday of the first time too. Any other rule is a custom
    one: it keeps working, and only an admin may type it.
    """

    WEEKLY = "FREQ=WEEKLY"
    FORTNIGHTLY = "FREQ=WEEKLY;INTERVAL=2"
    MONTHLY = "FREQ=MONTHLY"
    MONTHLY_NTH = {n: f"FREQ=MONTHLY;BYDAY={n}" for n in (1, 2, 3, 4, -1)}
    CUSTOM = "custom"
    CHOICES = [
        ("", "Does not repeat"),
        (WEEKLY, "Every week"),
        (FORTNIGHTLY, "Every two weeks"),
        (MONTHLY, "Every month on the same date"),
    ]


def picker_choices(starts_at: datetime.datetime | None = None) -> list[tuple[str, str]]:
    """Return the repeats to pick from, naming the weekday of the first time when it is known."""
    weekday = f"{starts_at.astimezone(LONDON):%A}" if starts_at else "weekday of the first time"
    monthly = [(stem, f"Every month on the {ORDINAL_WORDS[n]} {weekday}") for n, stem in Frequency.MONTHLY_NTH.items()]
    return [*Frequency.CHOICES, *monthly]


def position_in_month(day: datetime.date) -> tuple[int, bool]:
    """Return which of its weekday in the month a day is (1 to 5), and whether it is the last one."""
    next_week = day + datetime.timedelta(weeks=1)
    return (day.day - 1) // 7 + 1, next_week.month != day.month


def build_rule(
    stem: str, starts_at: datetime.datetime, *, until: datetime.date | None = None, count: int | None = None
) -> str:
    """Return the RRULE of a picked repeat for an event's first time, ending on a day or after a number of times."""
    if not stem:
        return ""
    # Every week, two weeks or month repeats on the first time's weekday or date without saying so.
    rule = stem
    if stem in Frequency.MONTHLY_NTH.values():
        rule += WEEKDAY_CODES[starts_at.astimezone(LONDON).weekday()]
    if until:
        rule += f";{until_for(until)}"
    elif count:
        rule += f";COUNT={count}"
    return rule


def read_rule(rule: str, starts_at: datetime.datetime | None) -> str:
    """Return the picker's value for a stored RRULE: "" for none, a stem, or `Frequency.CUSTOM`."""
    if not rule:
        return ""
    parts = _parts(rule_without_end(rule))
    if starts_at is None:
        return Frequency.CUSTOM
    local = starts_at.astimezone(LONDON)
    code = WEEKDAY_CODES[local.weekday()]
    frequency, interval = parts.pop("FREQ", ""), parts.pop("INTERVAL", "1")
    byday, bymonthday = parts.pop("BYDAY", None), parts.pop("BYMONTHDAY", None)
    parts.pop("WKST", None)
    if parts or interval not in ("1", "2"):
        return Frequency.CUSTOM
    if frequency == "WEEKLY" and byday in (None, code) and bymonthday is None:
        return Frequency.WEEKLY if interval == "1" else Frequency.FORTNIGHTLY
    if frequency != "MONTHLY" or interval != "1":
        return Frequency.CUSTOM
    if byday is None and bymonthday in (None, str(local.day)):
        return Frequency.MONTHLY
    if bymonthday is None and byday and byday.endswith(code) and byday[:-2] in {"1", "2", "3", "4", "-1", "+1"}:
        return Frequency.MONTHLY_NTH[int(byday[:-2])]
    return Frequency.CUSTOM


def rule_count(rule: str) -> int | None:
    """Return the number of times an RRULE says the event takes place, if it says."""
    value = _parts(rule).get("COUNT")
    return int(value) if value and value.isdigit() else None


def check_first_time(stem: str, starts_at: datetime.datetime) -> None:
    """Refuse a monthly repeat by weekday whose first time is not such a day, as calendars would skip it."""
    for n, nth_stem in Frequency.MONTHLY_NTH.items():
        if stem != nth_stem:
            continue
        local = starts_at.astimezone(LONDON)
        position, is_last = position_in_month(local.date())
        if (n == -1 and not is_last) or (n != -1 and n != position):
            where = "last" if is_last and position > 4 else ORDINAL_WORDS[position]
            raise ValidationError(
                "The first time, %(day)s, is the %(where)s %(weekday)s of its month: choose that repeat, "
                "or move the first time.",
                code="first_time_not_on_repeat",
                params={"day": f"{local:%-d %B %Y}", "where": where, "weekday": f"{local:%A}"},
            )


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
