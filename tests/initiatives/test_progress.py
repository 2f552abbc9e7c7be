"""The published target-aware rule (initiatives.progress), on series built by hand, one category a test."""

import datetime
from decimal import Decimal

from initiatives import progress
from initiatives.progress import Progress, Target
from initiatives.trends import Better, Point

BASELINE = datetime.date(2015, 7, 31)


def _point(year, value, lower=None, upper=None, base_size=None):
    def cell(figure):
        return None if figure is None else Decimal(str(figure))

    return Point(datetime.date(year, 7, 31), Decimal(str(value)), base_size, lower=cell(lower), upper=cell(upper))


def _judge(points, target_value, target_year, better=Better.UP, percentage=False):
    target = Target(Decimal(str(target_value)), datetime.date(target_year, 7, 31))
    return progress.assess(points, target, better=better, percentage=percentage)


def test_latest_value_at_the_target_before_its_date_is_achieved_early():
    judged = _judge([_point(2015, 50), _point(2017, 80), _point(2018, 101)], 100, 2025)
    assert judged.progress == Progress.ACHIEVED
    assert judged.achieved_early


def test_lower_is_better_target_is_achieved_when_the_figure_falls_to_it():
    judged = _judge([_point(2015, 30), _point(2019, 19)], 20, 2025, better=Better.DOWN)
    assert judged.progress == Progress.ACHIEVED


def test_rate_at_or_above_the_rate_needed_is_on_track():
    # Needs 50 in 10 years (5 a year); moved 25 in 5 years (5 a year).
    judged = _judge([_point(2015, 50), _point(2020, 75)], 100, 2025)
    assert judged.progress == Progress.ON_TRACK
    assert judged.ratio >= progress.ON_TRACK_RATIO


def test_rate_between_the_two_shares_needs_acceleration():
    # 3.5 a year of the 5 needed: 70%.
    judged = _judge([_point(2015, 50), _point(2019, 64)], 100, 2025)
    assert judged.progress == Progress.NEEDS_ACCELERATION
    assert progress.ACCELERATION_RATIO <= judged.ratio < progress.ON_TRACK_RATIO


def test_rate_above_nothing_but_below_the_acceleration_share_is_limited_progress():
    # 1.5 a year of the 5 needed: 30%.
    judged = _judge([_point(2015, 50), _point(2019, 56)], 100, 2025)
    assert judged.progress == Progress.LIMITED_PROGRESS


def test_figure_moving_the_wrong_way_is_moving_away():
    judged = _judge([_point(2015, 50), _point(2019, 40)], 100, 2025)
    assert judged.progress == Progress.MOVING_AWAY


def test_lower_is_better_figure_rising_is_moving_away():
    judged = _judge([_point(2015, 30), _point(2019, 36)], 20, 2025, better=Better.DOWN)
    assert judged.progress == Progress.MOVING_AWAY


def test_change_inside_overlapping_intervals_is_no_clear_change():
    # On track by its rate, but the two intervals overlap, so the change cannot be told from none.
    judged = _judge([_point(2015, 50, 30, 70), _point(2020, 75, 55, 95)], 100, 2025)
    assert judged.progress == Progress.NO_CLEAR_CHANGE
    assert judged.uncertainty.intervals


def test_change_outside_the_intervals_is_judged_by_its_rate():
    judged = _judge([_point(2015, 50, 48, 52), _point(2020, 75, 73, 77)], 100, 2025)
    assert judged.progress == Progress.ON_TRACK


def test_survey_change_inside_the_margin_of_error_is_no_clear_change():
    judged = _judge([_point(2015, 50, base_size=60), _point(2020, 58, base_size=60)], 70, 2025, percentage=True)
    assert judged.progress == Progress.NO_CLEAR_CHANGE


def test_one_value_is_not_enough_data():
    judged = _judge([_point(2015, 50)][: progress.MIN_POINTS - 1], 100, 2025)
    assert judged.progress == Progress.NOT_ENOUGH_DATA


def test_one_value_already_at_the_target_is_still_not_enough_data():
    judged = _judge([_point(2015, 120)], 100, 2025)
    assert judged.progress == Progress.NOT_ENOUGH_DATA


def test_baseline_at_the_target_and_latest_short_of_it_is_moving_away():
    judged = _judge([_point(2015, 100), _point(2019, 80)], 100, 2025)
    assert judged.progress == Progress.MOVING_AWAY


def test_target_dated_before_the_baseline_is_judged_over_the_series():
    judged = _judge([_point(2015, 50), _point(2020, 75)], 100, 2010)
    # 5 a year against the 10 a year the series' own span would need: needs acceleration, not a division by nought.
    assert judged.progress == Progress.NEEDS_ACCELERATION


def test_rule_explanation_states_the_shares_the_code_applies():
    text = " ".join(progress.rule_explanation())
    assert f"{(progress.ON_TRACK_RATIO * 100).normalize():f}%" in text
    assert f"{(progress.ACCELERATION_RATIO * 100).normalize():f}%" in text
    assert f"at least {progress.MIN_POINTS} values" in text
