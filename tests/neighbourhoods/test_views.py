"""The public pages, through their real addresses."""

import datetime
import html
import re

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from civicportal.core.models import PageReport
from neighbourhoods.models import TeamRole
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

pytestmark = pytest.mark.django_db


def _h1_count(text: str) -> int:
    return len(re.findall(r"<h1[\s>]", text))


@pytest.fixture
def ward():
    return WardFactory(name="Arboretum", slug="arboretum")


# Finding a ward


def test_home_page_offers_the_typed_find_your_ward_form(client, ward):
    text = client.get("/").text

    assert '<form method="get" action="/neighbourhoods/wards/find/" class="ward-finder">' in text
    assert 'name="name"' in text


def test_header_links_to_the_ward_index(client):
    assert 'href="/neighbourhoods/wards/"' in client.get("/").text


def test_finding_a_ward_by_its_slug_goes_to_its_page(client, ward):
    response = client.get("/neighbourhoods/wards/find/", {"ward": "arboretum"})

    assert response.status_code == 302
    assert response["Location"] == "/neighbourhoods/wards/arboretum/"


def test_finding_a_ward_by_part_of_its_name_goes_to_its_page(client, ward):
    response = client.get("/neighbourhoods/wards/find/", {"name": "arbor"})

    assert response["Location"] == "/neighbourhoods/wards/arboretum/"


def test_finding_an_unknown_ward_shows_the_index_filtered(client, ward):
    response = client.get("/neighbourhoods/wards/find/", {"name": "Atlantis"}, follow=True)

    assert response.status_code == 200
    assert "No ward matches" in response.text


BAD_REQUEST_HEADING = "Something was wrong with the request"


def test_finding_a_ward_by_a_slug_with_a_nul_byte_answers_400(client, ward):
    """Seen to fail: with ward_find reading request.GET straight again, this answered 500 (PostgreSQL DataError)."""
    response = client.get("/neighbourhoods/wards/find/", {"ward": "arbo\x00retum"})

    assert response.status_code == 400
    assert BAD_REQUEST_HEADING in response.text


def test_finding_a_ward_by_a_name_with_a_nul_byte_answers_400(client, ward):
    """Seen to fail: with ward_find reading request.GET straight again, this answered 500 (PostgreSQL DataError)."""
    response = client.get("/neighbourhoods/wards/find/", {"name": "arbor\x00"})

    assert response.status_code == 400
    assert BAD_REQUEST_HEADING in response.text


def test_finding_a_ward_by_a_name_with_a_control_character_answers_400(client, ward):
    """Seen to fail: without WardFindForm, the escape character was searched for and answered 302 to the list."""
    response = client.get("/neighbourhoods/wards/find/", {"name": "arbor\x1b[2J"})

    assert response.status_code == 400
    assert BAD_REQUEST_HEADING in response.text


def test_finding_a_ward_by_a_10000_character_name_answers_400(client, ward):
    """Seen to fail: without WardFindForm, the 10,000 characters were searched for and sent on in a 302."""
    response = client.get("/neighbourhoods/wards/find/", {"name": "a" * 10_000})

    assert response.status_code == 400
    assert BAD_REQUEST_HEADING in response.text


def test_finding_a_ward_by_a_name_with_markup_shows_it_escaped_on_the_index(client, ward):
    """Seen to fail: with the searched name printed through |safe on the index, the <script> tag came back."""
    response = client.get("/neighbourhoods/wards/find/", {"name": "<script>alert(1)</script>"}, follow=True)

    assert response.status_code == 200
    assert "No ward matches" in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_ward_index_groups_wards_by_area_committee(client, ward):
    text = client.get("/neighbourhoods/wards/").text

    assert ward.area_committee.name in text
    assert _h1_count(text) == 1


def test_ward_index_filters_by_name(client, ward):
    WardFactory(name="Bulwell")

    response = client.get("/neighbourhoods/wards/", {"name": "bulw"})
    text = response.text

    assert response.status_code == 200
    assert "Bulwell" in text
    assert "Arboretum</a>" not in text


# The ward page


def test_ward_page_shows_every_team_role_with_a_vacant_one_marked(client, ward):
    TeamPositionFactory(ward=ward, role=TeamRole.DEVELOPMENT_OFFICER)

    text = client.get(ward.get_absolute_url()).text

    assert "development_officer.arboretum@civicportal.example" in text
    for role in TeamRole:
        assert role.label in text
    assert text.count("<strong>Vacant.</strong>") == 4


def test_ward_page_says_councillor_names_are_not_recorded(client, ward):
    assert "names are not recorded in this demonstration" in client.get(ward.get_absolute_url()).text


def test_ward_page_shows_budget_allocated_and_remaining_in_pounds(client, ward):
    budget = WardBudgetFactory(ward=ward, amount_pence=1_000_000)
    AllocationFactory(budget=budget, amount_pence=123_456)

    text = client.get(ward.get_absolute_url()).text

    assert "£10,000" in text
    assert "£1,234.56" in text
    assert "£8,765.44" in text


def test_ward_page_draws_the_budget_by_category_as_a_chart_with_a_table(client, ward):
    AllocationFactory(budget=WardBudgetFactory(ward=ward), amount_pence=25_000)

    text = client.get(ward.get_absolute_url()).text

    assert 'role="img"' in text
    assert 'aria-labelledby="budget-chart-title"' in text
    assert '<th scope="row">Community life and events</th><td class="text-end" data-label="Allocated">£250</td>' in text


def test_ward_page_marks_demonstration_figures(client, ward):
    WardBudgetFactory(ward=ward, demonstration=True)

    assert "Demonstration figure" in client.get(ward.get_absolute_url()).text


def test_ward_page_lists_the_next_events_but_not_drafts(client, ward):
    EventFactory(ward=ward, published=True, title="Lights switch-on")
    EventFactory(ward=ward, title="Secret planning meeting")

    response = client.get(ward.get_absolute_url())
    text = response.text

    assert response.status_code == 200
    assert "Lights switch-on" in text
    assert "Secret planning meeting" not in text


def test_ward_page_offers_the_follow_form_and_the_calendar(client, ward):
    text = client.get(ward.get_absolute_url()).text

    assert 'action="/follow/"' in text
    assert "/neighbourhoods/wards/arboretum/events.ics" in text
    assert "/neighbourhoods/wards/arboretum/feed/" in text


def test_ward_page_has_one_h1_breadcrumbs_and_the_report_link(client, ward):
    text = client.get(ward.get_absolute_url()).text

    assert _h1_count(text) == 1
    assert 'aria-label="Breadcrumb"' in text
    assert "Is something wrong with this page?" in text
    assert "the team at neighbourhood.arboretum@civicportal.example" in text


def test_a_report_from_a_ward_page_goes_to_the_ward_team_s_mailbox(client, ward):
    """The ward page's own link names the ward's mailbox, signed, so the report and its e-mail go there."""
    cache.clear()
    link = re.search(r'<a href="([^"]*/feedback/\?[^"]*)">', client.get(ward.get_absolute_url()).text).group(1)
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC), tick=False) as clock:
        form = client.get(html.unescape(link)).text
        data = {
            name: html.unescape(value)
            for name, value in re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', form)
        }
        clock.shift(datetime.timedelta(seconds=30))
        response = client.post("/feedback/", data | {"what_is_wrong": "The team's meeting moved."})

    assert response.status_code == 302
    report = PageReport.objects.get()
    assert report.mailbox == ward.contact_email == "neighbourhood.arboretum@civicportal.example"
    assert report.page_title == "Arboretum ward"
    assert report.email.to == ward.contact_email


def test_unknown_ward_answers_404(client):
    assert client.get("/neighbourhoods/wards/atlantis/").status_code == 404


def test_ward_page_has_no_style_attributes(client, ward):
    AllocationFactory(budget=WardBudgetFactory(ward=ward))

    response = client.get(ward.get_absolute_url())

    assert response.status_code == 200
    assert 'aria-labelledby="budget-chart-title"' in response.text
    assert "style=" not in response.text


# Events


def test_event_list_shows_upcoming_events_soonest_first(client, ward):
    later = EventFactory(ward=ward, published=True, title="Later")
    sooner = EventFactory(
        ward=ward,
        published=True,
        title="Sooner",
        starts_at=later.starts_at - datetime.timedelta(hours=5),
        ends_at=later.starts_at - datetime.timedelta(hours=4),
    )

    text = client.get("/neighbourhoods/events/").text

    assert text.index(sooner.title) < text.index(later.title)


def test_event_list_filters_by_ward(client, ward):
    EventFactory(ward=ward, published=True, title="In Arboretum")
    EventFactory(published=True, title="Elsewhere")

    response = client.get("/neighbourhoods/events/", {"ward": "arboretum"})
    text = response.text

    assert response.status_code == 200
    assert "In Arboretum" in text
    assert "Elsewhere" not in text


def test_event_list_for_a_month_shows_each_meeting_of_a_weekly_event(client, ward, monkeypatch):
    start = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)
    # The month filter offers only the twelve months from today, so today is fixed before December 2026.
    monkeypatch.setattr(timezone, "now", lambda: start - datetime.timedelta(days=14))
    EventFactory(
        ward=ward,
        published=True,
        title="Lunch club",
        recurrence="FREQ=WEEKLY",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )

    response = client.get("/neighbourhoods/events/", {"month": "2026-12"})

    assert response.context["page_obj"].paginator.count == 5


def test_past_events_list_shows_finished_events(client, ward):
    EventFactory(
        ward=ward,
        published=True,
        title="Last year's fair",
        starts_at=timezone.now() - datetime.timedelta(days=300),
        ends_at=timezone.now() - datetime.timedelta(days=300, hours=-2),
    )

    assert "Last year&#x27;s fair" in client.get("/neighbourhoods/events/past/").text


def test_event_page_links_to_its_calendar_file(client, ward):
    event = EventFactory(ward=ward, published=True)

    text = client.get(event.get_absolute_url()).text

    assert f"/neighbourhoods/events/{event.slug}/event.ics" in text
    assert _h1_count(text) == 1


def test_draft_event_page_answers_404_to_a_resident(client, ward):
    assert client.get(EventFactory(ward=ward).get_absolute_url()).status_code == 404


# Budgets, campaigns, satisfaction, locality


def test_budget_comparison_lists_every_ward(client, ward):
    other = WardFactory(name="Bilborough")
    WardBudgetFactory(ward=ward, year=2026)

    text = client.get("/neighbourhoods/budgets/", {"year": 2026}).text

    assert "Arboretum" in text
    assert "Bilborough" in text
    assert "No budget recorded" in text
    assert other.name in text


def test_allocation_list_filters_by_category(client, ward):
    budget = WardBudgetFactory(ward=ward)
    AllocationFactory(budget=budget, improvement=True)
    AllocationFactory(budget=budget, recipient_name="Brownies pack")

    response = client.get("/neighbourhoods/budgets/allocations/", {"category": "clean_and_green"})
    text = response.text

    assert response.status_code == 200
    assert "Litter bins on the high street" in text
    assert "Brownies pack" not in text


def test_campaign_page_shows_what_residents_are_asked_to_do(client):
    campaign = LocalCampaignFactory(published=True, city_wide=True, ask="Bag it and bin it.")

    text = client.get(campaign.get_absolute_url()).text

    assert "Bag it and bin it." in text
    assert "Across the city" in text


def test_campaign_list_filters_to_city_wide_campaigns(client, ward):
    LocalCampaignFactory(published=True, city_wide=True, title="Eyes wide open")
    LocalCampaignFactory(published=True, ward=ward, title="Arboretum tidy-up")

    response = client.get("/neighbourhoods/campaigns/", {"ward": "city-wide"})
    text = response.text

    assert response.status_code == 200
    assert "Eyes wide open" in text
    assert "Arboretum tidy-up" not in text


def test_satisfaction_page_charts_each_measure_with_a_table(client):
    SurveyResultFactory(year=2016, measure="area", percent=85)

    text = client.get("/neighbourhoods/satisfaction/").text

    assert text.count('role="img"') == 4
    assert "85%" in text


def test_locality_page_explains_the_model_and_gives_a_role_contact(client):
    text = client.get("/neighbourhoods/").text

    assert "a local fix for local problems" in text
    assert "mailto:neighbourhood-management@civicportal.example" in text
    assert _h1_count(text) == 1


def test_locality_page_claims_only_what_the_source_says(client):
    """Seen to fail: the page said "the cleanest of England's large cities" and "About 250 events"; the source
    says the city became "the cleanest large city" and that the teams arrange over 250 events a year."""
    response = client.get("/neighbourhoods/")

    assert response.status_code == 200
    assert "became the cleanest large city" in response.text
    assert "More than 250 events a year" in response.text
    assert "England" not in response.text
    assert "About 250" not in response.text


def test_ward_page_lists_its_published_news(client, ward):
    WardNewsFactory(ward=ward, published=True, title="Alley gates installed")
    WardNewsFactory(ward=ward, title="Draft news")

    response = client.get(ward.get_absolute_url())
    text = response.text

    assert response.status_code == 200
    assert "Alley gates installed" in text
    assert "Draft news" not in text


def test_news_post_page_shows_the_post(client, ward):
    post = WardNewsFactory(ward=ward, published=True, body="Residents asked for them.")

    text = client.get(post.get_absolute_url()).text

    assert "Residents asked for them." in text
    assert _h1_count(text) == 1


def test_draft_news_post_answers_404_to_a_resident(client, ward):
    assert client.get(WardNewsFactory(ward=ward).get_absolute_url()).status_code == 404
