"""Atom feeds of an initiative's reports and a programme's new figures."""

import pytest
from django.urls import reverse

from tests.initiatives.factories import (
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
