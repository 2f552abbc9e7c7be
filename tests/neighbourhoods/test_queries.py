"""The ward page and each list make as many queries with ten times the data as with the data once."""

import pytest

from tests.neighbourhoods.factories import (
    AllocationFactory,
    EventFactory,
    LocalCampaignFactory,
    SurveyResultFactory,
    TeamPositionFactory,
    WardBudgetFactory,
    WardFactory,
    WardNewsFactory,
)
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward():
    ward = WardFactory(slug="aspley")
    TeamPositionFactory(ward=ward)
    return ward


def test_ward_page_queries_do_not_grow_with_allocations_and_events(client, ward):
    budget = WardBudgetFactory(ward=ward, amount_pence=100_000_000)

    def add(n):
        AllocationFactory.create_batch(n, budget=budget)
        AllocationFactory.create_batch(n, budget=budget, improvement=True)
        EventFactory.create_batch(n, ward=ward, published=True)
        EventFactory.create_batch(n, ward=ward, published=True, weekly=True)
        LocalCampaignFactory.create_batch(n, ward=ward, published=True)
        WardNewsFactory.create_batch(n, ward=ward, published=True)

    assert_queries_do_not_grow(client, ward.get_absolute_url(), add_data=add)


def test_ward_index_queries_do_not_grow_with_wards(client):
    assert_queries_do_not_grow(client, "/neighbourhoods/wards/", add_data=lambda n: WardFactory.create_batch(n))


def test_event_list_queries_do_not_grow_with_events(client, ward):
    def add(n):
        EventFactory.create_batch(n, published=True)
        EventFactory.create_batch(n, ward=ward, published=True, weekly=True)

    assert_queries_do_not_grow(client, "/neighbourhoods/events/", add_data=add)


def test_event_list_for_a_month_queries_do_not_grow_with_events(client, ward):
    assert_queries_do_not_grow(
        client,
        "/neighbourhoods/events/?month=2026-12",
        add_data=lambda n: EventFactory.create_batch(n, ward=ward, published=True, weekly=True),
    )


def test_past_event_list_queries_do_not_grow_with_events(client, ward):
    assert_queries_do_not_grow(
        client,
        "/neighbourhoods/events/past/",
        add_data=lambda n: EventFactory.create_batch(n, published=True, past=True),
    )


def test_allocation_list_queries_do_not_grow_with_allocations(client, ward):
    def add(n):
        AllocationFactory.create_batch(n, budget=WardBudgetFactory(amount_pence=100_000_000))

    assert_queries_do_not_grow(client, "/neighbourhoods/budgets/allocations/", add_data=add)


def test_budget_comparison_queries_do_not_grow_with_wards_and_allocations(client):
    def add(n):
        for _ in range(n):
            AllocationFactory.create_batch(3, budget=WardBudgetFactory(year=2026))

    assert_queries_do_not_grow(client, "/neighbourhoods/budgets/?year=2026", add_data=add)


def test_campaign_list_queries_do_not_grow_with_campaigns(client, ward):
    def add(n):
        LocalCampaignFactory.create_batch(n, published=True)
        LocalCampaignFactory.create_batch(n, published=True, city_wide=True)

    assert_queries_do_not_grow(client, "/neighbourhoods/campaigns/", add_data=add)


def test_satisfaction_page_queries_do_not_grow_with_years_of_figures(client):
    years = iter(range(2000, 2100))

    def add(n):
        for _ in range(n):
            SurveyResultFactory(year=next(years))

    assert_queries_do_not_grow(client, "/neighbourhoods/satisfaction/", add_data=add)


def test_locality_page_queries_do_not_grow_with_events(client, ward):
    assert_queries_do_not_grow(
        client, "/neighbourhoods/", add_data=lambda n: EventFactory.create_batch(n, ward=ward, published=True)
    )


def test_home_page_queries_do_not_grow_with_wards(client):
    assert_queries_do_not_grow(client, "/", add_data=lambda n: WardFactory.create_batch(n))
