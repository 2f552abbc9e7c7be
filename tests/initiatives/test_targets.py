"""Targets, confidence intervals and small samples through every door: the page, chart and table, the CSV and
JSON, the rule page, the reporting-status page, the service and the admin."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from initiatives import progress, services, trends
from initiatives.models import Indicator
from tests.admin_forms import admin_form_data
from tests.core.factories import UserFactory
from tests.initiatives.factories import IndicatorFactory, IndicatorValueFactory, add_series
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


def _survey(indicator, year, value, base_size):
    return IndicatorValueFactory(
        indicator=indicator, date=datetime.date(year, 7, 31), value=Decimal(value), base_size=base_size
    )


def _with_interval(indicator, year, value, lower, upper):
    return IndicatorValueFactory(
        indicator=indicator,
        date=datetime.date(year, 7, 31),
        value=Decimal(value),
        lower=Decimal(lower),
        upper=Decimal(upper),
    )


def test_indicator_page_shows_the_target_category_from_the_published_rule(client):
    indicator = IndicatorFactory(with_target=True)
    add_series(indicator, [50, 55, 60, 65, 70], start_year=2015)  # 5 a year, the rate needed: on track
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    assert "Progress towards the target:" in response.text
    assert progress.Progress.ON_TRACK.label in response.text
    assert "We aim to reach 100 by 2025." in response.text


def test_indicator_page_draws_the_target_line_in_the_chart(client):
    indicator = IndicatorFactory(with_target=True)
    add_series(indicator, [50, 55, 60])
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    assert 'class="trend-chart__target" data-label="Target: 100 by 2025"' in response.text


def test_indicator_page_draws_each_interval_in_the_chart_and_the_table(client):
    indicator = IndicatorFactory()
    _with_interval(indicator, 2019, "40", "36", "44")
    _with_interval(indicator, 2020, "42", "38", "46")
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count('class="trend-chart__interval"') == 2
    assert 'data-interval="36 to 44"' in response.text
    assert "95% confidence interval</th>" in response.text
    assert "36 to 44</td>" in response.text


def test_indicator_without_a_target_has_no_target_verdict(client):
    indicator = IndicatorFactory()
    add_series(indicator, [10, 12, 14])
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    assert "Direction of travel:" in response.text
    assert "Progress towards the target:" not in response.text


def test_demonstration_target_is_marked_on_the_indicator_page(client):
    indicator = IndicatorFactory(with_target=True, target_is_demonstration=True)
    add_series(indicator, [50, 55, 60])
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    assert "No source sets a target for this indicator" in response.text


def test_demonstration_target_is_marked_in_the_indicator_list(client):
    indicator = IndicatorFactory(with_target=True, target_is_demonstration=True)
    add_series(indicator, [50, 55, 60])
    response = client.get(reverse("initiatives:indicators"))
    assert response.status_code == 200
    assert "Demonstration target" in response.text


def test_small_sample_value_is_not_shown_on_the_page(client):
    indicator = IndicatorFactory(percentage=True)
    _survey(indicator, 2019, "61", 200)
    _survey(indicator, 2020, "77.75", trends.MIN_SAMPLE_SIZE - 1)
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    assert "61%" in response.text
    assert "77.75" not in response.text
    assert "77.8" not in response.text
    assert f"fewer than {trends.MIN_SAMPLE_SIZE} answers" in response.text
    assert 'id="suppressed-note"' in response.text


def test_small_sample_value_leaves_a_gap_in_the_chart(client):
    indicator = IndicatorFactory(percentage=True)
    _survey(indicator, 2019, "61", 200)
    _survey(indicator, 2020, "77", trends.MIN_SAMPLE_SIZE - 1)
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count('class="trend-chart__point"') == 1


def test_small_sample_value_is_blank_in_the_csv_with_the_reason(client):
    indicator = IndicatorFactory(percentage=True)
    _survey(indicator, 2020, "77", trends.MIN_SAMPLE_SIZE - 1)
    response = client.get(reverse("initiatives:indicator_csv", args=[indicator.slug]))
    assert response.status_code == 200
    (row,) = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert (row["value"], row["suppressed"]) == ("", "yes")
    assert f"fewer than {trends.MIN_SAMPLE_SIZE} answers" in row["note"]


def test_small_sample_value_is_null_in_the_json_with_the_reason(client):
    indicator = IndicatorFactory(percentage=True)
    _survey(indicator, 2020, "77", trends.MIN_SAMPLE_SIZE - 1)
    response = client.get(reverse("initiatives:indicator_values_json"))
    assert response.status_code == 200
    rows = [row for row in json.loads(response.content)["rows"] if row["indicator"] == indicator.title]
    assert rows[0]["value"] is None
    assert rows[0]["suppressed"] == "yes"


def test_small_sample_value_plays_no_part_in_the_direction_of_travel(client):
    indicator = IndicatorFactory(percentage=True)
    for year, value in ((2015, "40"), (2016, "41"), (2017, "40")):
        _survey(indicator, year, value, 500)
    _survey(indicator, 2018, "90", trends.MIN_SAMPLE_SIZE - 1)
    assert indicator.assessment().direction == trends.Direction.NO_CLEAR_CHANGE


def test_csv_carries_the_target_interval_and_category(client):
    indicator = IndicatorFactory(with_target=True)
    _with_interval(indicator, 2015, "50", "49", "51")
    _with_interval(indicator, 2020, "75", "74", "76")
    response = client.get(reverse("initiatives:indicator_csv", args=[indicator.slug]))
    assert response.status_code == 200
    row = list(csv.DictReader(io.StringIO(response.content.decode())))[-1]
    assert (row["lower_95"], row["upper_95"]) == ("74.00", "76.00")
    assert (row["target_value"], row["target_date"]) == ("100.00", "2025-07-31")
    assert row["category"] == progress.Progress.ON_TRACK.label
    assert row["target_demonstration"] == "no"


def test_json_carries_the_target_interval_and_category(client):
    indicator = IndicatorFactory(with_target=True, target_is_demonstration=True)
    _with_interval(indicator, 2015, "50", "49", "51")
    _with_interval(indicator, 2016, "51", "50", "52")
    response = client.get(reverse("initiatives:indicator_values_json"))
    rows = [row for row in json.loads(response.content)["rows"] if row["indicator"] == indicator.title]
    assert rows[-1]["lower_95"] == "50.00"
    assert rows[-1]["category"] == progress.Progress.NO_CLEAR_CHANGE.label
    assert rows[-1]["target_demonstration"] == "yes"


def test_rule_page_publishes_the_target_rule_and_the_suppression_size(client):
    response = client.get(reverse("initiatives:trend_rule"))
    assert response.status_code == 200
    assert f"{(progress.ON_TRACK_RATIO * 100).normalize():f}% of the rate needed" in response.text
    assert f"fewer than {trends.MIN_SAMPLE_SIZE} answers" in response.text


def test_changing_a_constant_changes_the_rule_page(client, monkeypatch):
    monkeypatch.setattr(progress, "ON_TRACK_RATIO", Decimal("0.8"))
    monkeypatch.setattr(trends, "MIN_SAMPLE_SIZE", 123)
    response = client.get(reverse("initiatives:trend_rule"))
    assert response.status_code == 200
    assert "80% of the rate needed" in response.text
    assert "fewer than 123 answers" in response.text


@time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_reporting_status_page_shows_an_overdue_indicator(client):
    indicator = IndicatorFactory(title="Late figures")
    add_series(indicator, [1, 2], start_year=2023)  # latest July 2024: due July 2025, overdue from November
    response = client.get(reverse("initiatives:reporting_status"))
    assert response.status_code == 200
    assert f'id="reporting-{indicator.slug}"' in response.text
    row = response.text.split(f'id="reporting-{indicator.slug}"')[1].split("</tr>")[0]
    assert trends.Reporting.OVERDUE.label in row


@time_machine.travel(datetime.datetime(2025, 8, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_reporting_status_page_shows_an_up_to_date_indicator(client):
    indicator = IndicatorFactory(title="Fresh figures")
    add_series(indicator, [1, 2], start_year=2023)
    response = client.get(reverse("initiatives:reporting_status"))
    assert response.status_code == 200
    row = response.text.split(f'id="reporting-{indicator.slug}"')[1].split("</tr>")[0]
    assert trends.Reporting.UP_TO_DATE.label in row


def test_reporting_status_page_shows_an_indicator_with_no_data_yet(client):
    indicator = IndicatorFactory(title="Not yet measured")
    response = client.get(reverse("initiatives:reporting_status"))
    assert response.status_code == 200
    row = response.text.split(f'id="reporting-{indicator.slug}"')[1].split("</tr>")[0]
    assert trends.Reporting.NO_DATA.label in row


def test_indicator_page_says_when_it_was_last_updated_and_when_the_next_value_is_due(client):
    indicator = IndicatorFactory()
    add_series(indicator, [1, 2], start_year=2023)
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    assert "Latest value for the period ending 31 July 2024" in response.text
    assert "By 31 July 2025" in response.text


def test_target_set_by_an_editor_is_saved(editor):
    indicator = IndicatorFactory()
    services.indicator_target_set(
        indicator=indicator, user=editor, value=Decimal("80"), date=datetime.date(2030, 3, 31), source="A plan"
    )
    indicator.refresh_from_db()
    assert (indicator.target_value, indicator.target_date) == (Decimal("80"), datetime.date(2030, 3, 31))


def test_target_set_by_a_user_without_a_role_is_refused():
    indicator = IndicatorFactory()
    with pytest.raises(PermissionDenied):
        services.indicator_target_set(
            indicator=indicator, user=UserFactory(), value=Decimal("80"), date=datetime.date(2030, 3, 31), source="A"
        )
    assert Indicator.objects.get(pk=indicator.pk).target_value is None


def test_target_without_a_source_is_refused(editor):
    indicator = IndicatorFactory()
    with pytest.raises(ValidationError) as error:
        services.indicator_target_set(
            indicator=indicator, user=editor, value=Decimal("80"), date=datetime.date(2030, 3, 31), source=""
        )
    assert "target_source" in error.value.message_dict


def test_interval_that_does_not_contain_its_value_is_refused(editor):
    indicator = IndicatorFactory()
    with pytest.raises(ValidationError) as error:
        services.indicator_value_add(
            indicator=indicator,
            user=editor,
            date=datetime.date(2024, 7, 31),
            value=Decimal("50"),
            lower=Decimal("52"),
            upper=Decimal("60"),
        )
    assert "lower" in error.value.message_dict
    assert not indicator.values.exists()


def _admin_data(indicator, **changes):
    data = {
        "title": indicator.title,
        "slug": indicator.slug,
        "description": "",
        "area": indicator.area,
        "unit": indicator.unit,
        "better": indicator.better,
        "frequency": indicator.frequency,
        "source": indicator.source,
        "source_url": "",
        "target_value": "",
        "target_date": "",
        "target_source": "",
        "target_source_url": "",
        "values-TOTAL_FORMS": "0",
        "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_target_set_in_the_admin_goes_through_the_service(client, editor, monkeypatch):
    indicator = IndicatorFactory()
    calls = []
    real = services.indicator_target_set
    monkeypatch.setattr(services, "indicator_target_set", lambda **kwargs: calls.append(kwargs) or real(**kwargs))
    sign_in(client, editor)
    data = _admin_data(indicator, target_value="75", target_date="31/03/2030", target_source="“75 by 2030.”")
    response = client.post(reverse("admin:initiatives_indicator_change", args=[indicator.pk]), data)
    assert response.status_code == 302
    assert calls
    assert calls[0]["user"] == editor
    assert Indicator.objects.get(pk=indicator.pk).target_value == Decimal("75")


def test_target_without_a_source_in_the_admin_gets_an_error_at_the_field(client, editor):
    indicator = IndicatorFactory()
    sign_in(client, editor)
    data = _admin_data(indicator, target_value="75", target_date="31/03/2030")
    response = client.post(reverse("admin:initiatives_indicator_change", args=[indicator.pk]), data)
    assert response.status_code == 200
    assert "target_source" in response.context["adminform"].form.errors
    assert Indicator.objects.get(pk=indicator.pk).target_value is None


def test_history_revert_of_a_target_goes_through_the_service(client, editor, monkeypatch):
    indicator = IndicatorFactory()
    services.indicator_target_set(
        indicator=indicator, user=editor, value=Decimal("80"), date=datetime.date(2030, 3, 31), source="A plan"
    )
    version = indicator.history.latest()
    services.indicator_target_set(
        indicator=indicator, user=editor, value=Decimal("90"), date=datetime.date(2031, 3, 31), source="A new plan"
    )
    calls = []
    real = services.indicator_target_set
    monkeypatch.setattr(services, "indicator_target_set", lambda **kwargs: calls.append(kwargs) or real(**kwargs))
    sign_in(client, editor)
    url = reverse("admin:initiatives_indicator_simple_history", args=[indicator.pk, version.history_id])
    data = admin_form_data(client.get(url).text, "indicator")
    response = client.post(url, data)
    assert response.status_code == 302
    assert calls
    assert Indicator.objects.get(pk=indicator.pk).target_value == Decimal("80")


def test_indicator_page_states_the_observed_and_the_needed_yearly_rates(client):
    indicator = IndicatorFactory(target_value=Decimal("100"), target_date=datetime.date(2025, 7, 31), target_source="A")
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2015, 7, 31), value=Decimal("50"))
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2019, 7, 31), value=Decimal("56"))
    response = client.get(indicator.get_absolute_url())
    assert response.status_code == 200
    assert progress.Progress.LIMITED_PROGRESS.label in response.text
    assert "moved by +1.5 a year" in response.text
    assert "needs +5 a year" in response.text


# The published rule's edge cases, as a resident reads them on an indicator with a target and intervals

EDGE_CASES = {
    # The latest value is at the target years before its date.
    "achieved early": ([(2015, 50, 46, 54), (2018, 101, 97, 105)], progress.Progress.ACHIEVED, ", before its date."),
    # The figure fell while the target needs it to rise, and the intervals do not overlap.
    "moving away": ([(2015, 50, 48, 52), (2019, 40, 38, 42)], progress.Progress.MOVING_AWAY, "a year; reaching"),
    # On track by its rate, but the intervals overlap: the change is inside the uncertainty.
    "change inside the interval": (
        [(2015, 50, 30, 70), (2020, 75, 55, 95)],
        progress.Progress.NO_CLEAR_CHANGE,
        "cannot be told apart from no change",
    ),
    # One value: no baseline and later value to judge by.
    "too few data": ([(2015, 50, 46, 54)], progress.Progress.NOT_ENOUGH_DATA, "this indicator has 1 value that"),
}


@pytest.mark.parametrize("case", EDGE_CASES)
def test_indicator_page_shows_the_rules_category_target_and_intervals_on_an_edge_case(client, case):
    values, category, sentence = EDGE_CASES[case]
    indicator = IndicatorFactory(with_target=True)
    for year, value, lower, upper in values:
        _with_interval(indicator, year, str(value), str(lower), str(upper))

    response = client.get(indicator.get_absolute_url())

    page = response.text
    assert response.status_code == 200
    verdict = page.split("Progress towards the target: ", 1)[1].split("</h2>", 1)[0]
    assert f"progress-badge--{category.value}" in verdict
    assert category.label in verdict
    assert sentence in page
    assert 'class="trend-chart__target" data-label="Target: 100 by 2025"' in page
    assert page.count('class="trend-chart__interval"') == len(values)
    assert f"{values[0][2]} to {values[0][3]}</td>" in page
    assert 'data-label="Target">100 by 2025' in page
