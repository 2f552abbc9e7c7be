"""The Nottingham content: loads twice without duplicates, and its figures add up exactly on the page."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from campaigns.models import Achievement, Ask, AskStatus, Chapter, NewsPost

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "campaigns.json"


@pytest.fixture
def nottingham():
    call_command("loaddata", "core.json", "campaigns.json", verbosity=0)


def _fixture_achievements():
    return [row["fields"] for row in json.loads(FIXTURE.read_text()) if row["model"] == "campaigns.achievement"]


def test_achievements_page_totals_match_the_sum_of_the_fixtures_figures(client, nottingham):
    rows = _fixture_achievements()
    people = sum(row["people_benefited"] or 0 for row in rows)
    money_a_year = sum(
        row["money_per_year_pence"]
        if row["money_per_year_pence"] is not None
        else (row["money_per_person_per_year_pence"] or 0) * (row["people_benefited"] or 0)
        for row in rows
    )
    money_once = sum(row["money_once_pence"] or 0 for row in rows)

    response = client.get(reverse("campaigns:achievements"))

    totals = response.context["totals"]
    assert (totals["people"], totals["money_per_year_pence"], totals["money_once_pence"]) == (
        people,
        money_a_year,
        money_once,
    )
    assert (people, money_a_year, money_once) == (4251, 278_735_000, 3_600_000)
    assert "4,251" in response.text
    assert "£2,787,350" in response.text
    assert "£36,000" in response.text


def test_loading_the_content_twice_adds_nothing(nottingham):
    counts = (Achievement.objects.count(), Ask.objects.count(), NewsPost.objects.count())

    call_command("loaddata", "core.json", "campaigns.json", verbosity=0)

    assert (Achievement.objects.count(), Ask.objects.count(), NewsPost.objects.count()) == counts


def test_founding_assembly_is_recorded_as_the_seed_gives_it(nottingham):
    assembly = Chapter.objects.get(slug="nottingham-citizens").founding_assembly

    assert assembly.venue.startswith("Albert Hall")
    assert assembly.attendance_display == "more than 800 community leaders"
    assert assembly.when_display == "27 June 2013"


def test_the_five_safety_asks_do_not_invent_their_wording(nottingham):
    asks = Ask.objects.filter(action__slug="pcc-candidates-action-2012")

    assert asks.count() == 5
    assert set(asks.values_list("wording", flat=True)) == {""}


def test_every_commitment_won_links_to_its_achievement(nottingham):
    agreed = Ask.objects.with_status().filter(response="agreed")

    assert agreed.exists()
    assert set(agreed.values_list("status_value", flat=True)) == {AskStatus.DELIVERED}


def test_fixtures_hold_no_personal_email_addresses():
    text = FIXTURE.read_text()

    assert "@" not in text.replace("alliance-organisers@civicportal.example", "")
