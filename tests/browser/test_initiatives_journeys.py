"""Residents' and authors' journeys through programmes, initiatives and case studies, one per test."""

import datetime
import re

from playwright.sync_api import expect

from civicportal.demo import load_demo_content
from initiatives.models import Section
from tests.browser.crawl import check_html, check_journey_page
from tests.browser.signin import sign_in_through_the_form
from tests.core.factories import UserFactory
from tests.initiatives.factories import (
    CaseStudyFactory,
    IndicatorFactory,
    InitiativeFactory,
    KeyAreaFactory,
    ProgressReportFactory,
    ReportItemFactory,
    add_series,
)

CLIFTON = "Clifton Collective Impact Initiative"


def _clifton_with_a_report_and_an_indicator():
    initiative = InitiativeFactory(published=True, slug="clifton-collective-impact-initiative", title=CLIFTON)
    area = KeyAreaFactory(initiative=initiative, title="Increase access to pro-social activities")
    indicator = IndicatorFactory(
        key_areas=[area], title="Anti-social behaviour incidents", area="Clifton", lower_is_better=True
    )
    add_series(indicator, [212, 198, 221, 246, 263], start_year=2019)
    ProgressReportFactory(
        initiative=initiative,
        published=True,
        period_label="2020 to 2022",
        period_start=datetime.date(2020, 6, 1),
        period_end=datetime.date(2022, 5, 31),
    )
    report = ProgressReportFactory(initiative=initiative, published=True, period_label="Summer 2022 – February 2024")
    ReportItemFactory(report=report, text="A community survey was carried out.", with_figure=True)
    ReportItemFactory(report=report, section=Section.NEXT_STEPS, text="Work with the Clifton Town Board.")
    return initiative, report, indicator


def test_resident_reads_the_latest_clifton_report_and_an_indicator_whose_chart_and_table_agree(page):
    _clifton_with_a_report_and_an_indicator()
    heading = page.get_by_role("heading", level=1)

    page.goto("/")
    page.get_by_role("main").get_by_role("link", name=CLIFTON, exact=True).click()
    expect(heading).to_have_text(CLIFTON)

    latest = page.get_by_role("region", name="Latest progress report")
    latest.get_by_role("link", name="Read the full report for Summer 2022 – February 2024").click()
    expect(heading).to_have_text("Progress and impact: Summer 2022 – February 2024")
    expect(page.get_by_role("heading", name="Achievements", level=2)).to_be_visible()
    expect(page.get_by_text("A community survey was carried out.")).to_be_visible()
    expect(page.get_by_text("survey respondents")).to_be_visible()
    expect(page.get_by_role("heading", name="Next steps", level=2)).to_be_visible()

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=CLIFTON).click()
    page.get_by_role("link", name="Anti-social behaviour incidents").click()
    expect(heading).to_have_text("Anti-social behaviour incidents")
    expect(page.get_by_text("Direction of travel:")).to_contain_text("Worsening")

    chart = page.get_by_role("img", name=re.compile("^Anti-social behaviour incidents, Clifton"))
    expect(chart).to_be_visible()
    points = page.locator(".trend-chart__point")
    expect(points).to_have_count(5)
    chart_values = [points.nth(n).get_attribute("data-value") for n in range(points.count())]

    table = page.get_by_role("table", name="Values of Anti-social behaviour incidents, Clifton")
    rows = table.get_by_role("row")
    expect(rows).to_have_count(6)  # the header and one row a value
    table_values = [rows.nth(n).get_by_role("cell").first.inner_text().strip() for n in range(1, 6)]

    assert chart_values == ["212", "198", "221", "246", "263"]
    assert table_values == chart_values


def test_resident_filters_case_studies_by_theme(page):
    CaseStudyFactory(published=True, title="Nottingham Citizens", theme="community_organising")
    CaseStudyFactory(published=True, title="The Early Intervention City", theme="early_intervention")
    page.goto("/initiatives/case-studies/")
    page.get_by_label("Theme").select_option(label="Early intervention")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name="The Early Intervention City")).to_be_visible()
    expect(page.get_by_role("link", name="Nottingham Citizens")).to_have_count(0)


def test_staff_member_writes_and_submits_a_case_study_that_an_editor_publishes(page):
    UserFactory(username="staff-writer", university_staff=True)
    UserFactory(username="editor-reviewer", editor=True)

    sign_in_through_the_form(page, "staff-writer")
    page.goto("/initiatives/case-studies/yours/")
    page.get_by_role("link", name="Write a case study").click()
    page.get_by_label("Title").fill("Student placements in community organising")
    page.get_by_label("Summary").fill("Students learn community organising with the city's alliance.")
    page.get_by_label("Theme").select_option(label="Community organising")
    page.get_by_label("The story").fill("Students spend a term with member organisations of the alliance.")
    page.get_by_label("What the work includes").fill("- placements\n- training")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("status").or_(page.locator(".alert-success"))).to_contain_text("Your draft is saved")
    page.get_by_role("button", name="Send for review").click()
    expect(page.get_by_role("table")).to_contain_text("In review")
    page.get_by_role("button", name="Sign out").click()

    sign_in_through_the_form(page, "editor-reviewer")
    page.goto("/initiatives/case-studies/review/")
    page.get_by_role("link", name="Student placements in community organising").click()
    page.get_by_label("Publish it now").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".alert-success")).to_contain_text("is published")
    page.get_by_role("button", name="Sign out").click()

    page.goto("/initiatives/case-studies/")
    expect(page.get_by_role("link", name="Student placements in community organising")).to_be_visible()


def test_indicator_pages_with_targets_intervals_and_reporting_status_pass_the_crawls_checks(page):
    """The pages this work added or changed, with the Nottingham content (demonstration targets and intervals):
    one h1, 0 axe violations and no sideways scrolling at 1280 and 320 px, 0 Nu Html Checker errors."""
    load_demo_content()
    pages: dict[str, str] = {}
    problems: list[str] = []
    for path in (
        "/initiatives/indicators/reporting-status/",
        "/initiatives/indicators/how-the-direction-of-travel-is-judged/",
        "/initiatives/indicators/clifton-unemployment/",
        "/initiatives/indicators/clifton-first-time-entrants-youth-justice/",
        "/initiatives/indicators/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        check_journey_page(page, path, pages, problems)
    problems += check_html(pages)
    assert not problems, "\n".join(problems)
    page.goto("/initiatives/indicators/clifton-unemployment/")
    expect(page.locator(".trend-chart__target")).to_have_count(1)
    expect(page.locator(".trend-chart__interval")).to_have_count(5)
