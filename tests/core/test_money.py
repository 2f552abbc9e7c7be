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
