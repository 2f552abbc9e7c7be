"""The one published rule for an indicator's progress towards its target, beside the direction-of-travel rule.

It follows the method Open SDG publishes for progress against a target: the observed yearly rate of change since
the baseline is compared with the yearly rate that would reach the target by its date. Nobody types the
category: it is worked out here, and the rule page is written from these same constants (`rule_explanation`).
An indicator without a target keeps the direction-of-travel rule in `trends`.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import models

from .trends import Better, Point, Uncertainty, change_uncertainty

# The target-aware rule needs a baseline and at least one later value.
MIN_POINTS = 2
# At or above this share of the rate needed, the indicator is on track.
ON_TRACK_RATIO = Decimal("0.95")
# From this share of the rate needed (up to the on-track share), it is moving the right way but needs to go faster.
ACCELERATION_RATIO = Decimal("0.5")
# Days in an average year, to turn days into years.
DAYS_PER_YEAR = Decimal("365.25")


class Progress(models.TextChoices):
    """An indicator's progress towards its target, as the rule works it out."""

    ACHIEVED = "achieved", "Target achieved"
    ON_TRACK = "on_track", "On track"
    NEEDS_ACCELERATION = "needs_acceleration", "Needs acceleration"
    LIMITED_PROGRESS = "limited_progress", "Limited progress"
    MOVING_AWAY = "moving_away", "Moving away from the target"
    NO_CLEAR_CHANGE = "no_clear_change", "No clear change"
    NOT_ENOUGH_DATA = "not_enough_data", "Not enough data"


@dataclass(frozen=True)
class Target:
    value: Decimal
    date: datetime.date


@dataclass(frozen=True)
class TargetAssessment:
    """What the target-aware rule concluded, and the figures it concluded it from."""

    progress: Progress
    target: Target
    baseline: Point | None = None
    latest: Point | None = None
    # Yearly rates of change, in the indicator's unit: the observed one and the one the target needs.
    observed_rate: Decimal | None = None
    required_rate: Decimal | None = None
    # The observed rate as a share of the rate needed.
    ratio: Decimal | None = None
    uncertainty: Uncertainty | None = None

    @property
    def observed_per_year(self) -> Decimal | None:
        """Return the observed yearly rate, to two decimal places, for the page."""
        return None if self.observed_rate is None else self.observed_rate.quantize(Decimal("0.01"))

    @property
    def required_per_year(self) -> Decimal | None:
        """Return the yearly rate the target needs, to two decimal places, for the page."""
        return None if self.required_rate is None else self.required_rate.quantize(Decimal("0.01"))

    @property
    def achieved_early(self) -> bool:
        """Return whether the target was met before its date."""
        return self.progress == Progress.ACHIEVED and self.latest is not None and self.latest.date < self.target.date


def _years(start: datetime.date, end: datetime.date) -> Decimal:
    return Decimal((end - start).days) / DAYS_PER_YEAR


def _meets(value: Decimal, target: Decimal, better: Better) -> bool:
    return value >= target if Better(better) == Better.UP else value <= target


def assess(points: Sequence[Point], target: Target, *, better: Better, percentage: bool) -> TargetAssessment:
    """Return the progress of a series towards `target`, by the published rule."""
    series = sorted(points, key=lambda point: point.date)
    if len(series) < MIN_POINTS:
        return TargetAssessment(Progress.NOT_ENOUGH_DATA, target)
    baseline, latest = series[0], series[-1]
    target_value = Decimal(target.value)
    if _meets(Decimal(latest.value), target_value, better):
        return TargetAssessment(Progress.ACHIEVED, target, baseline=baseline, latest=latest)
    uncertainty = change_uncertainty(baseline, latest, percentage=percentage)
    observed_years = _years(baseline.date, latest.date)
    # A target dated on or before the baseline gives no time at all: the rate needed is judged over the series.
    required_years = max(_years(baseline.date, target.date), observed_years)
    observed_rate = (Decimal(latest.value) - Decimal(baseline.value)) / observed_years
    required_rate = (target_value - Decimal(baseline.value)) / required_years
    found = {"baseline": baseline, "latest": latest, "uncertainty": uncertainty}
    if required_rate == 0 or _meets(Decimal(baseline.value), target_value, better):
        # The baseline already met the target and the latest value no longer does.
        category = Progress.NO_CLEAR_CHANGE if uncertainty.unclear else Progress.MOVING_AWAY
        return TargetAssessment(category, target, observed_rate=observed_rate, required_rate=required_rate, **found)
    ratio = observed_rate / required_rate
    if uncertainty.unclear:
        category = Progress.NO_CLEAR_CHANGE
    elif ratio >= ON_TRACK_RATIO:
        category = Progress.ON_TRACK
    elif ratio >= ACCELERATION_RATIO:
        category = Progress.NEEDS_ACCELERATION
    elif ratio > 0:
        category = Progress.LIMITED_PROGRESS
    else:
        category = Progress.MOVING_AWAY
    return TargetAssessment(
        category, target, observed_rate=observed_rate, required_rate=required_rate, ratio=ratio, **found
    )


def _percent(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def rule_explanation() -> list[str]:
    """Return the target-aware rule in plain words, paragraph by paragraph, from the constants the code applies."""
    return [
        "Where an indicator has a target (a figure to reach by a date, with where it comes from), its progress "
        "is judged against that target. Where it has none, the direction-of-travel rule below applies instead.",
        f"The rule needs at least {MIN_POINTS} values: the first is the baseline. With fewer, it says "
        f"“{Progress.NOT_ENOUGH_DATA.label}”.",
        f"If the latest value has reached the target, the indicator says “{Progress.ACHIEVED.label}”, even before "
        "the target's date.",
        "Otherwise the portal works out two yearly rates: how fast the figure has actually moved since the "
        "baseline, and how fast it would have to move from the baseline to reach the target by its date. The "
        "first is divided by the second.",
        f"At {_percent(ON_TRACK_RATIO)} of the rate needed or more, the indicator is “{Progress.ON_TRACK.label}”. "
        f"From {_percent(ACCELERATION_RATIO)} up to that, it “{Progress.NEEDS_ACCELERATION.label.lower()}”. Above "
        f"nothing but below {_percent(ACCELERATION_RATIO)}, it has made “{Progress.LIMITED_PROGRESS.label.lower()}”"
        f". Moving the wrong way is “{Progress.MOVING_AWAY.label}”.",
        "Before any of that, the change since the baseline is tested against its uncertainty, in the same way as "
        f"for the direction of travel. A change too small to be sure of is “{Progress.NO_CLEAR_CHANGE.label}”.",
        "This follows the method Open SDG publishes for judging progress towards the Sustainable Development "
        "Goals; the shares above are the portal's own settings.",
    ]
