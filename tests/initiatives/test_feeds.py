"""Atom feeds of the case studies, an initiative's reports and a programme's new figures."""

import pytest
from django.urls import reverse

from initiatives.trends import MIN_SAMPLE_SIZE
from tests.initiatives.factories import (
    CaseStudyFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    ProgrammeFactory,
    ProgressReportFactory,
)

pytestmark = pytest.mark.django_db


def test_initiative_feed_lists_published_reports_as_atom(client):
    report = ProgressReportFactory(published=True, period_label="Summer 2022 – February 2024")
    ProgressReportFactory(initiative=report.initiative, period_label="Draft period")
    response = client.get(reverse("initiatives:initiative_feed", kwargs={"slug": report.initiative.slug}))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Summer 2022 – February 2024" in body
    assert report.get_absolute_url() in body
    assert "Draft period" not in body


def test_feed_of_a_draft_initiative_is_not_found(client):
    initiative = InitiativeFactory()
    assert client.get(reverse("initiatives:initiative_feed", kwargs={"slug": initiative.slug})).status_code == 404


def test_programme_feed_lists_new_indicator_values(client):
    programme = ProgrammeFactory(published=True)
    indicator = IndicatorFactory(programmes=[programme], title="First-time entrants to youth justice")
    IndicatorValueFactory(indicator=indicator, period_label="2012/13", demonstration=True)
    response = client.get(reverse("initiatives:programme_feed", kwargs={"slug": programme.slug}))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "First-time entrants to youth justice" in body
    assert "2012/13" in body
    assert "demonstration value" in body


def test_report_summary_with_markup_goes_out_as_escaped_plain_text(client):
    """Seen to fail: with `feed_type = Atom1Feed` back, the summary was in `<summary type="html">`."""
    report = ProgressReportFactory(summary="<img src=x onerror=alert(1)>", published=True)

    body = client.get(reverse("initiatives:initiative_feed", kwargs={"slug": report.initiative.slug})).content.decode()

    assert '<summary type="text">&lt;img src=x onerror=alert(1)&gt;</summary>' in body
    assert 'type="html"' not in body


def test_programme_feed_summaries_are_plain_text(client):
    """Seen to fail: with `feed_type = Atom1Feed` back, the summaries were `type="html"`."""
    programme = ProgrammeFactory(published=True)
    IndicatorValueFactory(indicator=IndicatorFactory(programmes=[programme], title="<b>Entrants</b>"))

    body = client.get(reverse("initiatives:programme_feed", kwargs={"slug": programme.slug})).content.decode()

    assert '<summary type="text">&lt;b&gt;Entrants&lt;/b&gt; in' in body
    assert 'type="html"' not in body


def test_case_studies_feed_lists_published_case_studies_as_atom(client):
    """Seen to fail: with CaseStudiesFeed.items reading CaseStudy.objects.all(), the draft was in the feed."""
    live = CaseStudyFactory(published=True, title="Listening to Clifton")
    CaseStudyFactory(title="Draft story")
    CaseStudyFactory(in_review=True, title="Story in review")

    response = client.get(reverse("initiatives:case_studies_feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Listening to Clifton" in body
    assert live.get_absolute_url() in body
    assert "Draft story" not in body
    assert "Story in review" not in body


def test_case_study_summary_with_markup_goes_out_as_escaped_plain_text(client):
    CaseStudyFactory(published=True, summary="<img src=x onerror=alert(1)>")

    body = client.get(reverse("initiatives:case_studies_feed")).content.decode()

    assert '<summary type="text">&lt;img src=x onerror=alert(1)&gt;</summary>' in body
    assert 'type="html"' not in body


def test_case_study_list_links_its_feed_as_an_alternate(client):
    text = client.get(reverse("initiatives:case_studies")).text

    head = text.split("</head>", 1)[0]
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Case studies" href="/initiatives/case-studies/feed/">'
        in head
    )
    assert 'href="/initiatives/case-studies/feed/" type="application/atom+xml"' in text


def test_report_list_links_the_initiatives_report_feed_as_an_alternate(client):
    initiative = InitiativeFactory(published=True, slug="clifton")

    response = client.get(reverse("initiatives:reports", kwargs={"slug": initiative.slug}))

    assert response.status_code == 200
    head = response.text.split("</head>", 1)[0]
    assert 'rel="alternate" type="application/atom+xml"' in head
    assert 'href="/initiatives/collective-impact/clifton/reports/feed/"' in head


def test_programme_feed_holds_back_a_small_sample_value(client):
    programme = ProgrammeFactory(published=True)
    indicator = IndicatorFactory(programmes=[programme], percentage=True, title="Young people with enough to do")
    IndicatorValueFactory(indicator=indicator, period_label="2024 survey", value="77.70", base_size=MIN_SAMPLE_SIZE - 1)
    response = client.get(reverse("initiatives:programme_feed", kwargs={"slug": programme.slug}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "2024 survey" in body
    assert "77.7" not in body
    assert f"fewer than {MIN_SAMPLE_SIZE} answers" in body
