"""What the database itself refuses, and what the models work out."""

import datetime

import pytest
from django.db import IntegrityError

from neighbourhoods.models import Allocation, Event, SurveyMeasure
from tests.neighbourhoods.factories import (
    AllocationFactory,
    EventFactory,
    SurveyResultFactory,
    TeamPositionFactory,
    WardBudgetFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db


def test_database_refuses_a_second_budget_for_the_same_ward_and_year():
    budget = WardBudgetFactory(year=2016)

    with pytest.raises(IntegrityError):
        WardBudgetFactory(ward=budget.ward, year=2016)


def test_database_accepts_budgets_for_the_same_ward_in_different_years():
    budget = WardBudgetFactory(year=2016)

    WardBudgetFactory(ward=budget.ward, year=2017)

    assert budget.ward.budgets.count() == 2


@pytest.mark.parametrize("amount", [0, -100])
def test_database_refuses_an_allocation_of_zero_or_less(amount):
    budget = WardBudgetFactory()

    with pytest.raises(IntegrityError):
        Allocation.objects.filter(pk=AllocationFactory(budget=budget).pk).update(amount_pence=amount)


def test_database_refuses_an_event_that_ends_before_it_starts():
    event = EventFactory()

    with pytest.raises(IntegrityError):
        Event.objects.filter(pk=event.pk).update(ends_at=event.starts_at - datetime.timedelta(hours=1))


def test_database_refuses_a_second_city_wide_figure_for_a_measure_and_year():
    SurveyResultFactory(year=2016, measure=SurveyMeasure.AREA)

    with pytest.raises(IntegrityError):
        SurveyResultFactory(year=2016, measure=SurveyMeasure.AREA)


def test_a_ward_figure_may_sit_beside_the_city_wide_one():
    SurveyResultFactory(year=2016, measure=SurveyMeasure.AREA)

    SurveyResultFactory(year=2016, measure=SurveyMeasure.AREA, ward=WardFactory())


def test_database_refuses_a_filled_role_without_a_mailbox():
    with pytest.raises(IntegrityError):
        TeamPositionFactory(mailbox="", is_vacant=False)


def test_a_weekly_event_without_an_end_is_upcoming_for_ever():
    event = EventFactory(past=True, weekly=True, published=True)

    assert event.series_ends_at is None
    assert Event.objects.upcoming().filter(pk=event.pk).exists()


def test_a_one_off_event_that_has_ended_is_past():
    event = EventFactory(
        starts_at=datetime.datetime(2020, 1, 1, 10, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC),
    )

    assert Event.objects.past().filter(pk=event.pk).exists()
    assert not Event.objects.upcoming().filter(pk=event.pk).exists()


def test_allocation_gets_a_lasting_reference_from_its_ward_and_year():
    budget = WardBudgetFactory(ward=WardFactory(slug="arboretum"), year=2016)

    allocation = Allocation.objects.create(
        budget=budget,
        recipient_kind="group",
        recipient_name="A group",
        category="health",
        amount_pence=100,
        decided_on=datetime.date(2016, 6, 1),
        purpose="Tea.",
    )

    assert allocation.reference.startswith("arboretum-2016-")
