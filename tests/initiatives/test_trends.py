"""The published direction-of-travel rule and the overdue rule, on series built by hand."""

import datetime
from decimal import Decimal

import pytest

from initiatives import trends
from initiatives.trends import Better, Direction, Frequency, Point


def _series(*values, base_size=None, start_year=2015):
    return [
        Point(datetime.date(start_year + n, 7, 31), Decimal(str(value)), base_size) for n, value in enumerate(values)
    ]


def _direction(values, better, *, percentage=False, base_size=None):
    return trends.assess(_series(*values, base_size=base_size), better=better, percentage=percentage).direction


def test_rising_series_is_improving_when_higher_is_better():
    assert _direction([50, 55, 60, 66], Better.UP) == Direction.IMPROVING


def test_rising_series_is_worsening_when_lower_is_better():
    assert _direction([50, 55, 60, 66], Better.DOWN) == Direction.WORSENING


def test_falling_series_is_improving_when_lower_is_better():
    assert _direction([900, 700, 520, 410], Better.DOWN) == Direction.IMPROVING


def test_falling_series_is_worsening_when_higher_is_better():
    assert _direction([900, 700, 520, 410], Better.UP) == Direction.WORSENING


def test_series_shorter_than_the_minimum_has_not_enough_data():
    values = [10, 20, 30][: trends.MIN_POINTS - 1]
    assert _direction(values, Better.UP) == Direction.NOT_ENOUGH_DATA


def test_series_of_exactly_the_minimum_length_has_a_direction():
    values = [10 * (n + 1) for n in range(trends.MIN_POINTS)]
    assert _direction(values, Better.UP) == Direction.IMPROVING


def test_empty_series_has_not_enough_data():
    assert trends.assess([], better=Better.UP, percentage=False).direction == Direction.NOT_ENOUGH_DATA


def test_counted_change_within_the_relative_threshold_is_no_clear_change():
    # 1% up on 1,000: smaller than MIN_RELATIVE_CHANGE of the starting value.
    assert _direction([1000, 1020, 990, 1010], Better.UP) == Direction.NO_CLEAR_CHANGE


def test_survey_change_within_the_margin_of_error_is_no_clear_change():
    # 70% to 74% from 200 people each: the combined 95% margin is about 8.8 points.
    assert _direction([70, 72, 74], Better.UP, percentage=True, base_size=200) == Direction.NO_CLEAR_CHANGE


def test_survey_change_beyond_the_margin_of_error_counts():
    assert _direction([60, 68, 74], Better.UP, percentage=True, base_size=1000) == Direction.IMPROVING


def test_same_percentages_without_base_sizes_are_judged_by_the_relative_threshold():
    assert _direction([70, 72, 74], Better.UP, percentage=True) == Direction.IMPROVING


def test_only_the_most_recent_window_of_values_is_compared():
    # An old low value outside the window does not make a flat recent run look like improvement.
    values = [10] + [100] * trends.WINDOW
    assert _direction(values, Better.UP) == Direction.NO_CLEAR_CHANGE


def test_series_is_sorted_by_date_before_it_is_judged():
    points = list(reversed(_series(50, 55, 60, 66)))
    assert trends.assess(points, better=Better.UP, percentage=False).direction == Direction.IMPROVING


def test_assessment_reports_the_change_and_its_margin():
    assessment = trends.assess(_series(70, 72, 74, base_size=200), better=Better.UP, percentage=True)
    assert assessment.change == Decimal(4)
    assert assessment.uses_margin
    assert assessment.margin == trends.combined_margin_of_error(assessment.start, assessment.end)


def test_margin_of_error_follows_the_published_formula():
    # 1.96 * sqrt(0.5 * 0.5 / 100) = 0.098, i.e. 9.8 percentage points.
    assert trends.margin_of_error(Decimal(50), 100) == Decimal("9.8")


def test_combined_margin_of_two_values_is_wider_than_either():
    first = Point(datetime.date(2020, 1, 1), Decimal(50), 100)
    second = Point(datetime.date(2021, 1, 1), Decimal(50), 100)
    assert trends.combined_margin_of_error(first, second) > trends.margin_of_error(Decimal(50), 100)


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        (Frequency.ANNUAL, datetime.date(2024, 7, 31)),
        (Frequency.TERMLY, datetime.date(2023, 11, 30)),
        (Frequency.QUARTERLY, datetime.date(2023, 10, 31)),
    ],
)
def test_next_value_is_due_one_interval_after_the_latest(frequency, expected):
    assert trends.next_value_due(datetime.date(2023, 7, 31), frequency) == expected


def test_annual_value_is_not_overdue_within_the_grace_period():
    latest = datetime.date(2023, 7, 31)
    assert not trends.is_overdue(latest, Frequency.ANNUAL, today=datetime.date(2024, 10, 31))


def test_annual_value_is_overdue_after_the_grace_period():
    latest = datetime.date(2023, 7, 31)
    assert trends.is_overdue(latest, Frequency.ANNUAL, today=datetime.date(2024, 11, 1))


def test_series_without_values_is_never_overdue():
    assert not trends.is_overdue(None, Frequency.MONTHLY, today=datetime.date(2030, 1, 1))


def test_explanation_states_the_constants_the_rule_applies():
    text = " ".join(paragraph for paragraphs in trends.rule_explanation().values() for paragraph in paragraphs)
    assert f"at least {trends.MIN_POINTS} values" in text
    assert f"most recent {trends.WINDOW} values" in text
    assert f"{trends.Z_95} × √" in text
    assert f"{trends.GRACE_MONTHS} months" in text
    assert f"{(trends.MIN_RELATIVE_CHANGE * 100).normalize():f}% of the earlier value" in text


def test_a_months_last_day_stays_a_last_day():
    assert trends.add_months(datetime.date(2023, 9, 30), 3) == datetime.date(2023, 12, 31)


def _with_interval(year, value, half):
    value = Decimal(str(value))
    half = Decimal(str(half))
    return Point(datetime.date(year, 7, 31), value, lower=value - half, upper=value + half)


def test_change_inside_overlapping_intervals_is_no_clear_change():
    points = [_with_interval(2015, 50, 6), _with_interval(2016, 53, 6), _with_interval(2017, 58, 6)]
    assessment = trends.assess(points, better=Better.UP, percentage=False)
    assert assessment.direction == Direction.NO_CLEAR_CHANGE
    assert assessment.uses_intervals


def test_change_beyond_the_intervals_is_improving():
    points = [_with_interval(2015, 50, 1), _with_interval(2016, 53, 1), _with_interval(2017, 58, 1)]
    assert trends.assess(points, better=Better.UP, percentage=False).direction == Direction.IMPROVING


def test_base_size_below_the_published_minimum_is_suppressed():
    assert trends.is_suppressed(trends.MIN_SAMPLE_SIZE - 1)


def test_base_size_at_the_published_minimum_is_shown():
    assert not trends.is_suppressed(trends.MIN_SAMPLE_SIZE)


def test_counted_figure_without_base_size_is_shown():
    assert not trends.is_suppressed(None)


def test_reporting_status_without_values_is_no_data():
    assert trends.reporting_status(None, Frequency.ANNUAL, today=datetime.date(2026, 1, 1)) == trends.Reporting.NO_DATA


def test_reporting_status_before_the_grace_period_ends_is_up_to_date():
    latest = datetime.date(2024, 7, 31)
    last_day = trends.overdue_from(latest, Frequency.ANNUAL) - datetime.timedelta(days=1)
    assert trends.reporting_status(latest, Frequency.ANNUAL, today=last_day) == trends.Reporting.UP_TO_DATE


def test_reporting_status_once_the_grace_period_ends_is_overdue():
    latest = datetime.date(2024, 7, 31)
    first_day = trends.overdue_from(latest, Frequency.ANNUAL)
    assert trends.reporting_status(latest, Frequency.ANNUAL, today=first_day) == trends.Reporting.OVERDUE
