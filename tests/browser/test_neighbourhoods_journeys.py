"""Residents' and officers' journeys through the neighbourhoods pages, one per test."""

import re
from pathlib import Path

from icalendar import Calendar
from playwright.sync_api import expect

from civicportal.demo import load_demo_content
from tests.browser.crawl import check_html, run_axe
from tests.browser.signin import sign_in_through_the_form
from tests.neighbourhoods.factories import (
    AllocationFactory,
    EventFactory,
    WardBudgetFactory,
    WardFactory,
    WardNewsFactory,
    officer_of,
)

RECIPIENT = re.compile(r"^\s*Recipient\W*$")  # crispy marks a required field with an asterisk


def test_resident_finds_their_ward_from_the_home_page_and_sees_its_team_budget_and_events(page):
    load_demo_content()
    page.goto("/")

    page.get_by_label("Ward name or postcode").fill("Aspley")
    page.get_by_role("button", name="Find ward").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Aspley ward")
    team = page.get_by_role("region", name="The Neighbourhood Action Team")
    expect(team).to_contain_text("Neighbourhood Development Officer")
    expect(team.get_by_role("link", name="police-beat.aspley@civicportal.example")).to_be_visible()
    budget = page.get_by_role("region", name=re.compile("Ward budget"))
    expect(budget.get_by_role("img", name=re.compile("allocated by category"))).to_be_visible()
    expect(budget.get_by_role("table").last).to_contain_text("A weekly lunch club")
    expect(budget).to_contain_text("Demonstration figure")
    expect(page.get_by_role("region", name="Coming up in Aspley")).to_contain_text("Tuesday lunch club")


def test_resident_reaches_a_ward_in_two_clicks_from_the_header(page):
    load_demo_content()
    page.goto("/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Wards").click()
    page.get_by_role("link", name="St Ann's", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("St Ann's ward")


def test_resident_adds_the_ward_calendar_to_a_calendar_application(page):
    load_demo_content()
    page.goto("/neighbourhoods/wards/aspley/")

    subscribe = page.get_by_role("link", name="Subscribe to Aspley's events in your calendar app")
    feed_url = re.sub(r"^webcal://", "http://", subscribe.get_attribute("href"))
    response = page.request.get(feed_url)

    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.body())
    (lunch_club,) = [
        event
        for event in calendar.walk("VEVENT")
        if str(event["SUMMARY"]) == "Tuesday lunch club (demonstration event)"
    ]
    assert lunch_club["RRULE"]["FREQ"] == ["WEEKLY"]
    assert str(lunch_club["URL"]).endswith("/neighbourhoods/events/aspley-tuesday-lunch-club/")


def test_resident_opens_an_event_and_downloads_it_for_their_calendar(page):
    load_demo_content()
    page.goto("/neighbourhoods/events/")
    page.get_by_role("link", name="Tuesday lunch club").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tuesday lunch club")
    expect(page.get_by_text("Every week on Tuesday")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Add to your calendar (.ics)").click()

    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == "Tuesday lunch club (demonstration event)"


def test_resident_filters_events_by_ward(page):
    # Factory events start tomorrow, so both are coming up whatever the date (the demo's clean-up ends in 2027).
    EventFactory(ward=WardFactory(name="Sherwood"), published=True, title="Community clean-up")
    EventFactory(ward=WardFactory(name="Aspley"), published=True, title="Tuesday lunch club")
    page.goto("/neighbourhoods/events/")

    page.get_by_label("Ward").select_option(label="Sherwood")
    page.get_by_role("button", name="Apply filters").click()

    expect(page.get_by_role("link", name="Community clean-up")).to_be_visible()
    expect(page.get_by_role("link", name="Tuesday lunch club")).to_have_count(0)


def test_officer_changes_an_allocation_of_their_ward_and_is_refused_another(page):
    ward = WardFactory(name="Arboretum", slug="arboretum")
    WardFactory(name="Bulwell", slug="bulwell")
    AllocationFactory(budget=WardBudgetFactory(ward=ward), recipient_name="Arboretum Brownies", amount_pence=10_000)
    officer = officer_of(ward)
    sign_in_through_the_form(page, officer.username)

    page.goto("/neighbourhoods/your-wards/")
    page.get_by_role("link", name="Edit Arboretum").click()
    page.get_by_role("link", name="Change the allocation to Arboretum Brownies").click()
    page.get_by_label("Amount in pounds").fill("125.50")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_contain_text("The allocation is saved.")
    expect(page.get_by_role("region", name="Allocations", exact=True)).to_contain_text("£125.50")
    response = page.goto("/neighbourhoods/wards/bulwell/edit/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do this")


def test_officer_sees_a_bad_amount_at_the_field(page):
    ward = WardFactory(name="Arboretum", slug="arboretum")
    budget = WardBudgetFactory(ward=ward, amount_pence=10_000)
    sign_in_through_the_form(page, officer_of(ward).username)

    page.goto(f"/neighbourhoods/wards/arboretum/edit/budgets/{budget.year}/allocate/")
    page.get_by_label(RECIPIENT).fill("Lunch club")
    page.get_by_label("Amount in pounds").fill("500")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert")).to_contain_text("This is more than the £100 left in the budget.")
    expect(page.get_by_label(RECIPIENT)).to_have_value("Lunch club")


def test_officer_edit_pages_pass_accessibility_and_html_checks(page):
    ward = WardFactory(name="Arboretum", slug="arboretum")
    budget = WardBudgetFactory(ward=ward)
    allocation = AllocationFactory(budget=budget)
    officer = officer_of(ward)
    sign_in_through_the_form(page, officer.username)
    paths = [
        "/neighbourhoods/your-wards/",
        "/neighbourhoods/wards/arboretum/edit/",
        "/neighbourhoods/wards/arboretum/edit/team/police/",
        f"/neighbourhoods/wards/arboretum/edit/budgets/{budget.year}/allocate/",
        f"/neighbourhoods/wards/arboretum/edit/allocations/{allocation.pk}/",
        f"/neighbourhoods/wards/arboretum/edit/allocations/{allocation.pk}/withdraw/",
        "/neighbourhoods/wards/arboretum/edit/events/new/",
        "/neighbourhoods/wards/arboretum/edit/campaigns/new/",
        "/neighbourhoods/wards/arboretum/edit/surveys/new/",
        "/neighbourhoods/wards/arboretum/edit/news/new/",
        WardNewsFactory(ward=ward, published=True).get_absolute_url(),
    ]
    problems, pages = [], {}
    for path in paths:
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(path)
            pages[f"{path}@{width}"] = response.text()
            problems += [f"{path} at {width}px: axe {v['id']}" for v in run_axe(page)]
    page.goto(f"/neighbourhoods/wards/arboretum/edit/budgets/{budget.year}/allocate/")
    page.get_by_role("button", name="Save").click()
    pages["allocation form with errors"] = page.content()
    problems += [f"allocation form with errors: axe {v['id']}" for v in run_axe(page)]

    assert not problems + check_html(pages), problems
