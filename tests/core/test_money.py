"""Money kept in pence: typed in pounds, shown in pounds, never through a float."""

import pytest
from django.core.exceptions import ValidationError

from civicportal.core.money import PoundsField, format_pence


def test_pounds_typed_with_a_sign_and_commas_become_whole_pence():
    assert PoundsField().clean("£1,250.50") == 125050


def test_amount_that_floats_would_round_wrongly_stays_exact():
    assert PoundsField().clean("0.29") == 29


def test_zero_is_refused_with_the_smallest_amount_named():
    with pytest.raises(ValidationError) as refused:
        PoundsField().clean("0")
    assert refused.value.messages == ["Enter an amount of at least £0.01."]


def test_three_figures_of_pence_are_refused():
    with pytest.raises(ValidationError, match="two figures after the point"):
        PoundsField().clean("1.234")


def test_stored_pence_are_shown_in_the_field_as_pounds():
    assert PoundsField().prepare_value(125050) == "1250.50"


def test_negative_amount_is_shown_with_its_sign():
    assert format_pence(-1050) == "-£10.50"


@pytest.mark.parametrize(
    ("typed", "pence"), [("12.34", 1234), ("£12.34", 1234), ("1,234.50", 123450), ("12", 1200), (" £ 7.05 ", 705)]
)
def test_amounts_typed_as_people_write_them_become_pence(typed, pence):
    assert PoundsField().clean(typed) == pence


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.345", "Enter pence as two figures after the point, such as 12.50."),
        ("twelve pounds", "Enter an amount in pounds and pence, such as 250 or 1,250.50."),
        ("-5", "Enter an amount of at least £0.01."),
    ],
)
def test_amounts_that_are_not_pounds_and_pence_are_refused_with_a_sentence(typed, message):
    with pytest.raises(ValidationError) as refused:
        PoundsField().clean(typed)
    assert refused.value.messages == [message]


def test_negative_amount_is_refused_where_nothing_at_all_is_allowed():
    with pytest.raises(ValidationError) as refused:
        PoundsField(min_value=0).clean("-0.01")
    assert refused.value.messages == ["Enter an amount of £0 or more."]


def test_field_that_allows_nothing_at_all_takes_zero():
    assert PoundsField(min_value=0).clean("0") == 0


def test_box_shows_stored_pence_as_pounds_after_a_pound_sign():
    html = PoundsField().widget.render("amount", PoundsField().prepare_value(1234))

    assert 'value="12.34"' in html
    assert '<span class="pounds-input__prefix" aria-hidden="true">£</span>' in html
    assert 'type="text"' in html


def test_unchanged_amount_is_not_reported_as_changed():
    assert not PoundsField().has_changed(1234, "£12.34")
    assert PoundsField().has_changed(1234, "12.35")
