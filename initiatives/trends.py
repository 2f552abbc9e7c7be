"""The one published rule for an indicator's direction of travel, and for when its next value is overdue.

Nobody types a direction of travel: it is worked out here from the dated values and the direction that
counts as better. The page that explains the rule to residents is written from the same constants
(`rule_explanation`), so the words cannot drift from what the code does.
"""

import calendar
import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

# A direction of travel needs at least this many values.
MIN_POINTS = 3
# The latest value is compared with the earliest of the most recent WINDOW values.
WINDOW = 5
# For figures without a margin of error, a change no bigger than this share of the starting value is no clear change.
MIN_RELATIVE_CHANGE = Decimal("0.02")
# The multiplier for a 95% margin of error.
Z_95 = 1.96
# How long after its expected date a value may be late before it is called overdue.
GRACE_MONTHS = 3
# A survey value from fewer people than this is not shown anywhere: too few answers to say much, and too few
# to be sure nobody could be recognised from them.
MIN_SAMPLE_SIZE = 50


class Better(models.TextChoices):
    """Which way an indicator has to move to count as better."""

    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"


class Direction(models.TextChoices):
    """An indicator's direction of travel, as the rule works it out."""

    IMPROVING = "improving", "Improving"
    WORSENING = "worsening", "Worsening"
    NO_CLEAR_CHANGE = "no_clear_change", "No clear change"
    NOT_ENOUGH_DATA = "not_enough_data", "Not enough data"


class Frequency(models.TextChoices):
    """How often a new value of an indicator is published."""

    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    TERMLY = "termly", "Termly"
    ANNUAL = "annual", "Annual"
    BIENNIAL = "biennial", "Every two years"


# The months expected between two values of each frequency (three school terms make a year).
FREQUENCY_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.TERMLY: 4,
    Frequency.ANNUAL: 12,
    Frequency.BIENNIAL: 24,
}


class Reporting(models.TextChoices):
    """Whether an indicator's figures are as fresh as its frequency promises."""

    UP_TO_DATE = "up_to_date", "Up to date"
    OVERDUE = "overdue", "Overdue"
    NO_DATA = "no_data", "No data yet"


@dataclass(frozen=True)
class Point:
    """One dated value of a series; `base_size` is the number of people a survey value rests on, and `lower` and
    `upper` the ends of its published 95% confidence interval."""

    date: datetime.date
    value: Decimal
    base_size: int | None = None
    lower: Decimal | None = None
    upper: Decimal | None = None

    @property
    def has_interval(self) -> bool:
        return self.lower is not None and self.upper is not None


def is_suppressed(base_size: int | None) -> bool:
    """Return whether a value from `base_size` people is too small a sample to show."""
    return base_size is not None and base_size < MIN_SAMPLE_SIZE


@dataclass(frozen=True)
class Uncertainty:
    """How the change between two values was tested, and whether it is too small to call."""

    unclear: bool
    # Both values carry a published confidence interval, and the two intervals overlap (or not).
    intervals: bool = False
    margin: Decimal | None = None
    threshold: Decimal | None = None


def change_uncertainty(start: Point, end: Point, *, percentage: bool) -> Uncertainty:
    """Return whether the change from `start` to `end` is smaller than its uncertainty, by the published rule.

    Published intervals come first: when both values have one and the two overlap, the change is unclear. Else
    two survey percentages are tested against their combined margin of error; else a counted figure against a
    small share of the earlier value.
    """
    change = Decimal(end.value) - Decimal(start.value)
    if start.has_interval and end.has_interval:
        overlap = Decimal(start.lower) <= Decimal(end.upper) and Decimal(end.lower) <= Decimal(start.upper)
        return Uncertainty(unclear=overlap, intervals=True)
    if percentage and start.base_size and end.base_size:
        margin = combined_margin_of_error(start, end)
        return Uncertainty(unclear=abs(change) <= margin, margin=margin)
    threshold = abs(Decimal(start.value)) * MIN_RELATIVE_CHANGE
    return Uncertainty(unclear=abs(change) <= threshold, threshold=threshold)


@dataclass(frozen=True)
class Assessment:
    """What the rule concluded, and the figures it concluded it from."""

    direction: Direction
    start: Point | None = None
    end: Point | None = None
    change: Decimal | None = None
    # The 95% margin of error of the change (in the indicator's unit) when both values are survey values.
    margin: Decimal | None = None
    # The smallest change that counts when there is no margin of error.
    threshold: Decimal | None = None
    # Whether the change was judged by whether the two values' published confidence intervals overlap.
    uses_intervals: bool = False

    @property
    def uses_margin(self) -> bool:
        """Return whether the change was judged against a survey margin of error."""
        return self.margin is not None


def margin_of_error(value: Decimal, base_size: int) -> Decimal:
    """Return the 95% margin of error, in percentage points, of a percentage from a survey of `base_size` people."""
    p = float(value) / 100
    return Decimal(str(round(Z_95 * math.sqrt(max(p * (1 - p), 0) / base_size) * 100, 4)))


def combined_margin_of_error(first: Point, second: Point) -> Decimal:
    """Return the 95% margin of error, in percentage points, of the difference between two survey percentages."""
    variance = sum(
        float(point.value) / 100 * (1 - float(point.value) / 100) / point.base_size for point in (first, second)
    )
    return Decimal(str(round(Z_95 * math.sqrt(max(variance, 0)) * 100, 4)))


def assess(points: Sequence[Point], *, better: Better, percentage: bool) -> Assessment:
    """Return the direction of travel of a series, by the published rule, for the direction that counts as better."""
    series = sorted(points, key=lambda point: point.date)
    if len(series) < MIN_POINTS:
        return Assessment(Direction.NOT_ENOUGH_DATA)
    start, end = series[-WINDOW:][0], series[-1]
    change = Decimal(end.value) - Decimal(start.value)
    uncertainty = change_uncertainty(start, end, percentage=percentage)
    if uncertainty.unclear:
        direction = Direction.NO_CLEAR_CHANGE
    elif (change > 0) == (Better(better) == Better.UP):
        direction = Direction.IMPROVING
    else:
        direction = Direction.WORSENING
    return Assessment(
        direction,
        start=start,
        end=end,
        change=change,
        margin=uncertainty.margin,
        threshold=uncertainty.threshold,
        uses_intervals=uncertainty.intervals,
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return the same day `months` later; a month's last day stays a last day (30 September -> 31 December)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return datetime.date(year, month, last)
    return datetime.date(year, month, min(day.day, last))


def next_value_due(latest: datetime.date, frequency: Frequency) -> datetime.date:
    """Return the date by which the next value is expected: one interval of the frequency after the latest."""
    return add_months(latest, FREQUENCY_MONTHS[Frequency(frequency)])


def overdue_from(latest: datetime.date, frequency: Frequency) -> datetime.date:
    """Return the first day on which the next value counts as overdue."""
    return add_months(next_value_due(latest, frequency), GRACE_MONTHS) + datetime.timedelta(days=1)


def is_overdue(latest: datetime.date | None, frequency: Frequency, *, today: datetime.date) -> bool:
    """Return whether the next value is overdue on `today`; a series with no values is never overdue."""
    return latest is not None and today >= overdue_from(latest, frequency)


def reporting_status(latest: datetime.date | None, frequency: Frequency, *, today: datetime.date) -> Reporting:
    """Return whether an indicator's figures are up to date, overdue, or not yet published, on `today`."""
    if latest is None:
        return Reporting.NO_DATA
    return Reporting.OVERDUE if is_overdue(latest, frequency, today=today) else Reporting.UP_TO_DATE


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def _months(count: int) -> str:
    return "1 month" if count == 1 else f"{count} months"


def _frequency_phrase(frequency: Frequency) -> str:
    if frequency == Frequency.BIENNIAL:
        return "a figure published every two years"
    label = frequency.label.lower()
    return f"{'an' if label[0] in 'aeiou' else 'a'} {label} figure"


def rule_explanation() -> dict[str, list[str]]:
    """Return the rule in plain words, paragraph by paragraph, written from the constants the code applies."""
    intervals = "; ".join(
        f"{_months(FREQUENCY_MONTHS[frequency])} for {_frequency_phrase(frequency)}" for frequency in Frequency
    )
    return {
        "direction": [
            f"An indicator needs at least {MIN_POINTS} values before it has a direction of travel. With fewer, "
            f"it says “{Direction.NOT_ENOUGH_DATA.label}”.",
            f"The latest value is compared with the earliest of the most recent {WINDOW} values (or with the "
            "first value, when there are fewer). Looking back over several values means one unusual year does "
            "not decide the direction on its own.",
            "Each indicator says whether a higher or a lower figure is better. A change the better way is "
            f"“{Direction.IMPROVING.label}”; a change the other way is “{Direction.WORSENING.label}”.",
            f"A small change is “{Direction.NO_CLEAR_CHANGE.label}”. For a figure that is counted rather than "
            f"surveyed, a change no bigger than {_percent(MIN_RELATIVE_CHANGE)} of the earlier value counts as "
            "no clear change.",
        ],
        "surveys": [
            "A survey asks some people, not everyone, so its percentages have a margin of error. Each survey "
            "value on this portal carries its base size: how many people answered.",
            f"For a percentage p from n people, the 95% margin of error is {Z_95} × √(p × (1 \u2212 p) ÷ n). For the "
            f"change between two survey values, the two are combined: {Z_95} × √(p₁ × (1 \u2212 p₁) ÷ n₁ + "
            "p₂ × (1 \u2212 p₂) ÷ n₂).",
            "When both values being compared are survey values, a change no bigger than that combined margin of "
            f"error is “{Direction.NO_CLEAR_CHANGE.label}”, because it could be down to who happened to answer.",
            "Some sources publish a 95% confidence interval with each value: a lower and an upper bound. When both "
            "values being compared have one and the two intervals overlap, the change is "
            f"“{Direction.NO_CLEAR_CHANGE.label}”. Published intervals are used before any margin worked out here.",
        ],
        "suppression": [
            f"A survey value that rests on fewer than {MIN_SAMPLE_SIZE} answers is not shown: not on the page, in "
            "the chart, in the table or in the downloads. Its row says that it is held back and why.",
            "So few answers say little about everyone, and could let someone who knows the area recognise who "
            "answered. A held-back value plays no part in either rule.",
        ],
        "overdue": [
            f"Each indicator has a frequency. The next value is expected one interval after the latest: {intervals}.",
            f"If a further {_months(GRACE_MONTHS)} pass without it, the indicator says its next value is overdue.",
            f"The reporting status of each indicator follows from this: “{Reporting.UP_TO_DATE.label}” until its "
            f"next value is overdue, then “{Reporting.OVERDUE.label}”; an indicator with no values yet says "
            f"“{Reporting.NO_DATA.label}”.",
        ],
    }
