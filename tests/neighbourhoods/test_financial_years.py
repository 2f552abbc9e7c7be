"""Financial years and the money format."""

import datetime

from civicportal.core.money import format_pence
from neighbourhoods.financial_years import financial_year_bounds, financial_year_label, financial_year_of


def test_april_starts_a_financial_year():
    assert financial_year_of(datetime.date(2016, 4, 1)) == 2016


def test_march_ends_the_previous_financial_year():
    assert financial_year_of(datetime.date(2017, 3, 31)) == 2016


def test_financial_year_runs_from_april_to_march():
    assert financial_year_bounds(2016) == (datetime.date(2016, 4, 1), datetime.date(2017, 3, 31))


def test_financial_year_label_names_both_years():
    assert financial_year_label(2016) == "2016/17"
    assert financial_year_label(2099) == "2099/00"


def test_pence_read_as_pounds_with_thousands_separated():
    assert format_pence(123456) == "£1,234.56"


def test_whole_pounds_are_shown_without_pence():
    assert format_pence(1_000_000) == "£10,000"


def test_a_few_pence_keep_their_leading_zero():
    assert format_pence(105) == "£1.05"
