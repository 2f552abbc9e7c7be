"""Grants to local groups as 360Giving data, in JSON and CSV."""

import csv
import io

import pytest

from neighbourhoods.opendata import CSV_COLUMNS
from tests.neighbourhoods.factories import AllocationFactory, WardBudgetFactory, WardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    return WardBudgetFactory(ward=WardFactory(name="Arboretum", slug="arboretum"), year=2016)


def test_json_package_lists_grants_to_local_groups_only(client, budget):
    AllocationFactory(budget=budget, recipient_name="Brownies", amount_pence=45_050)
    AllocationFactory(budget=budget, improvement=True)

    package = client.get("/neighbourhoods/budgets/grants.json").json()

    (grant,) = package["grants"]
    assert grant["recipientOrganization"][0]["name"] == "Brownies"
    assert grant["amountAwarded"] == 450.5
    assert grant["currency"] == "GBP"
    assert grant["fundingOrganization"] == [{"id": "GB-LAE-NGM", "name": "Nottingham City Council"}]


def test_grant_identifiers_carry_the_360giving_prefix(client, budget):
    allocation = AllocationFactory(budget=budget)

    (grant,) = client.get("/neighbourhoods/budgets/grants.json").json()["grants"]

    assert grant["id"] == f"360G-civicportal-nottingham-{allocation.reference}"
    assert grant["recipientOrganization"][0]["id"].startswith("360G-")


def test_a_registered_charity_is_named_by_its_charity_number(client, budget):
    AllocationFactory(budget=budget, recipient_charity_number="1234567")

    (grant,) = client.get("/neighbourhoods/budgets/grants.json").json()["grants"]

    assert grant["recipientOrganization"][0]["id"] == "GB-CHC-1234567"


def test_ward_without_an_ons_code_is_named_without_a_guessed_code(client, budget):
    AllocationFactory(budget=budget)

    (grant,) = client.get("/neighbourhoods/budgets/grants.json").json()["grants"]

    assert grant["beneficiaryLocation"] == [{"name": "Arboretum ward, Nottingham"}]


def test_ward_with_an_ons_code_gives_it_as_a_ward_code(client):
    ward = WardFactory(ons_code="E05012345")
    AllocationFactory(budget=WardBudgetFactory(ward=ward))

    (grant,) = client.get("/neighbourhoods/budgets/grants.json").json()["grants"]

    assert grant["beneficiaryLocation"][0]["geoCode"] == "E05012345"
    assert grant["beneficiaryLocation"][0]["geoCodeType"] == "WD"


def test_csv_has_the_360giving_column_headings_and_one_row_per_grant(client, budget):
    AllocationFactory(budget=budget, amount_pence=12_345)
    AllocationFactory(budget=budget, event=True)

    response = client.get("/neighbourhoods/budgets/grants.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert response["Content-Type"].startswith("text/csv")
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1
    assert rows[0]["Amount Awarded"] == "123.45"
    assert rows[0]["Beneficiary Location:Geographic Code"] == ""


def test_a_demonstration_figure_says_so_in_the_open_data(client, budget):
    AllocationFactory(budget=budget, is_demonstration=True, purpose="Tea.")

    (grant,) = client.get("/neighbourhoods/budgets/grants.json").json()["grants"]

    assert grant["title"].startswith("Demonstration figure, not a real grant:")
    assert grant["description"] == "Demonstration figure, not a real grant: Tea."


def test_csv_neutralises_a_recipient_and_a_purpose_a_spreadsheet_would_run(client, budget):
    """Seen to fail: with `csv.writer` back in `grants_csv`, both cells came out as written, formulas and all."""
    AllocationFactory(budget=budget, recipient_name='=HYPERLINK("http://x","y")', purpose="@SUM(A1)", amount_pence=100)

    (row,) = csv.DictReader(io.StringIO(client.get("/neighbourhoods/budgets/grants.csv").content.decode()))

    assert row["Recipient Org:Name"] == '\'=HYPERLINK("http://x","y")'
    assert row["Description"] == "'@SUM(A1)"
    assert row["Title"] == 'Ward budget allocation: =HYPERLINK("http://x","y")'
    assert row["Amount Awarded"] == "1.00"


def test_json_keeps_the_recipient_and_purpose_as_typed(client, budget):
    """JSON is read by programs, not spreadsheets: its strings are the data as typed."""
    AllocationFactory(budget=budget, recipient_name='=HYPERLINK("http://x","y")', purpose="@SUM(A1)")

    (grant,) = client.get("/neighbourhoods/budgets/grants.json").json()["grants"]

    assert grant["recipientOrganization"][0]["name"] == '=HYPERLINK("http://x","y")'
    assert grant["description"] == "@SUM(A1)"


def test_json_carries_quotes_and_markup_in_a_name_as_data(client, budget):
    """The package goes through `JsonResponse`, which escapes quotes and backslashes.

    Seen to fail: with the package written by hand as `str(package)` with quotes swapped, the response
    no longer parsed as JSON.
    """
    name = 'The "Friends\' Group" \\ </script><script>alert(1)</script>'
    AllocationFactory(budget=budget, recipient_name=name)

    response = client.get("/neighbourhoods/budgets/grants.json")

    assert response["Content-Type"] == "application/json"
    (grant,) = response.json()["grants"]
    assert grant["recipientOrganization"][0]["name"] == name


def test_a_budget_with_a_demonstration_allocation_is_marked_in_the_budgets_data(client, budget):
    """Seen to fail while only the budget's own flag set the column: what is allocated from it was invented."""
    AllocationFactory(budget=budget, is_demonstration=True, amount_pence=10_000)

    (row,) = client.get("/neighbourhoods/budgets/budgets.json").json()["rows"]

    assert row["allocated_pence"] == 10_000
    assert row["demonstration_value"] == "yes"


def test_a_budget_of_published_figures_is_not_marked_in_the_budgets_data(client, budget):
    AllocationFactory(budget=budget, amount_pence=10_000)

    (row,) = client.get("/neighbourhoods/budgets/budgets.json").json()["rows"]

    assert row["allocated_pence"] == 10_000
    assert row["demonstration_value"] == "no"
