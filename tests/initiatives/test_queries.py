"""Each list and detail page makes as many queries with ten times the data as with the data once."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives.models import Stage
from tests.core.factories import OrganisationFactory
from tests.initiatives.factories import (
    CaseStudyFactory,
    EvaluationFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    InitiativeFactory,
    KeyAreaFactory,
    NextStepReviewFactory,
    ProgrammeFactory,
    ProgressReportFactory,
    ProjectFactory,
    ProjectMoveFactory,
    ReportItemFactory,
    SteeringGroupMemberFactory,
    WorkingGroupFactory,
    WorkStrandFactory,
)
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

_days = itertools.count()


def _day() -> datetime.date:
    return datetime.date(1990, 1, 1) + datetime.timedelta(days=next(_days))


def _indicator_with_values(**kwargs):
    indicator = IndicatorFactory(**kwargs)
    for _ in range(3):
        IndicatorValueFactory(indicator=indicator, date=_day())
    return indicator


def test_index_queries_do_not_grow(client):
    def add(n):
        for _ in range(n):
            ProgrammeFactory(published=True)
            InitiativeFactory(published=True)

    assert_queries_do_not_grow(client, reverse("initiatives:index"), add_data=add)


def test_programme_page_queries_do_not_grow(client):
    programme = ProgrammeFactory(published=True)

    def add(n):
        for _ in range(n):
            strand = WorkStrandFactory(programme=programme)
            project = ProjectFactory(strand=strand)
            ProjectMoveFactory(project=project, to_stage=Stage.PILOT)
            _indicator_with_values(programmes=[programme])
            programme.partners.add(OrganisationFactory())
            CaseStudyFactory(published=True).programmes.add(programme)

    assert_queries_do_not_grow(client, programme.get_absolute_url(), add_data=add)


def test_project_list_queries_do_not_grow(client):
    def add(n):
        for _ in range(n):
            ProjectMoveFactory(to_stage=Stage.PILOT)

    assert_queries_do_not_grow(client, reverse("initiatives:projects"), add_data=add)


def test_project_page_queries_do_not_grow(client):
    project = ProjectFactory()

    def add(n):
        for _ in range(n):
            evaluation = EvaluationFactory(project=project, completed_on=_day())
            ProjectMoveFactory(project=project, to_stage=Stage.PILOT, moved_on=_day(), evaluation=evaluation)

    assert_queries_do_not_grow(client, project.get_absolute_url(), add_data=add)


def test_indicator_list_queries_do_not_grow(client):
    def add(n):
        for _ in range(n):
            _indicator_with_values()

    assert_queries_do_not_grow(client, reverse("initiatives:indicators"), add_data=add)


def test_indicator_page_queries_do_not_grow(client):
    programme = ProgrammeFactory(published=True)
    indicator = IndicatorFactory(programmes=[programme])

    def add(n):
        for _ in range(n):
            IndicatorValueFactory(indicator=indicator, date=_day())
            indicator.key_areas.add(KeyAreaFactory())

    assert_queries_do_not_grow(client, indicator.get_absolute_url(), add_data=add)


def test_indicator_page_with_a_target_and_intervals_queries_do_not_grow(client):
    indicator = IndicatorFactory(with_target=True)

    def add(n):
        for _ in range(n):
            IndicatorValueFactory(indicator=indicator, date=_day(), lower=Decimal("40"), upper=Decimal("60"))

    assert_queries_do_not_grow(client, indicator.get_absolute_url(), add_data=add)


def test_reporting_status_page_queries_do_not_grow(client):
    def add(n):
        for _ in range(n):
            _indicator_with_values()
            IndicatorFactory(with_target=True)

    assert_queries_do_not_grow(client, reverse("initiatives:reporting_status"), add_data=add)


def test_initiative_page_queries_do_not_grow(client):
    initiative = InitiativeFactory(published=True)

    def add(n):
        for _ in range(n):
            area = KeyAreaFactory(initiative=initiative)
            _indicator_with_values(key_areas=[area])
            SteeringGroupMemberFactory(initiative=initiative)
            WorkingGroupFactory(initiative=initiative, key_area=area)
            day = _day()
            report = ProgressReportFactory(initiative=initiative, published=True, period_start=day, period_end=day)
            ReportItemFactory(report=report, with_figure=True)

    assert_queries_do_not_grow(client, initiative.get_absolute_url(), add_data=add)


def test_report_list_queries_do_not_grow(client):
    initiative = InitiativeFactory(published=True)

    def add(n):
        for _ in range(n):
            day = _day()
            ProgressReportFactory(initiative=initiative, published=True, period_start=day, period_end=day)

    assert_queries_do_not_grow(client, reverse("initiatives:reports", kwargs={"slug": initiative.slug}), add_data=add)


def test_report_page_queries_do_not_grow(client):
    review = NextStepReviewFactory(outcome="done", report__published=True, next_step__report__published=True)
    report = review.report

    def add(n):
        for _ in range(n):
            ReportItemFactory(report=report, with_figure=True)
            step = ReportItemFactory(report=review.next_step.report, next_step=True)
            NextStepReviewFactory(report=report, next_step=step, outcome="dropped")

    assert_queries_do_not_grow(client, report.get_absolute_url(), add_data=add)


def test_case_study_list_queries_do_not_grow(client):
    def add(n):
        for _ in range(n):
            CaseStudyFactory(published=True, partners=[OrganisationFactory()])

    assert_queries_do_not_grow(client, reverse("initiatives:case_studies"), add_data=add)


def test_case_study_page_queries_do_not_grow(client):
    case_study = CaseStudyFactory(published=True)

    def add(n):
        for _ in range(n):
            case_study.partners.add(OrganisationFactory())
            case_study.programmes.add(ProgrammeFactory(published=True))
            case_study.initiatives.add(InitiativeFactory(published=True))

    assert_queries_do_not_grow(client, case_study.get_absolute_url(), add_data=add)
