"""What the models themselves guarantee: derived stages, constraints, validation and natural keys."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from initiatives.models import Indicator, ProgressReport, Project, ProjectMove, ReportItem, Stage
from tests.initiatives.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    ProgressReportFactory,
    ProjectFactory,
    ProjectMoveFactory,
    ReportItemFactory,
    SteeringGroupMemberFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_project_without_moves_is_proposed():
    assert ProjectFactory().stage == Stage.PROPOSED


def test_project_stage_is_that_of_its_latest_move():
    project = ProjectFactory()
    ProjectMoveFactory(project=project, to_stage=Stage.PILOT, moved_on=datetime.date(2012, 4, 1))
    ProjectMoveFactory(
        project=project,
        from_stage=Stage.PILOT,
        to_stage=Stage.UNDER_EVALUATION,
        moved_on=datetime.date(2013, 4, 1),
    )
    assert project.stage == Stage.UNDER_EVALUATION
    assert Project.objects.with_stage().get(pk=project.pk).current_stage == Stage.UNDER_EVALUATION


def test_at_stage_and_not_at_stage_split_the_projects():
    piloted = ProjectFactory()
    ProjectMoveFactory(project=piloted, to_stage=Stage.PILOT)
    proposed = ProjectFactory()
    assert list(Project.objects.at_stage(Stage.PILOT)) == [piloted]
    assert list(Project.objects.not_at_stage(Stage.PILOT)) == [proposed]


def test_database_refuses_a_decision_without_an_evaluation():
    with pytest.raises(IntegrityError):
        ProjectMoveFactory(from_stage=Stage.UNDER_EVALUATION, to_stage=Stage.ADOPTED, evaluation=None)


def test_database_refuses_a_move_to_the_same_stage():
    with pytest.raises(IntegrityError):
        ProjectMoveFactory(from_stage=Stage.PILOT, to_stage=Stage.PILOT)


def test_value_of_a_percentage_above_100_is_invalid():
    value = IndicatorValueFactory.build(indicator=IndicatorFactory(percentage=True), value=Decimal("101"))
    with pytest.raises(ValidationError):
        value.full_clean()


def test_survey_value_has_a_margin_of_error():
    value = IndicatorValueFactory(indicator=IndicatorFactory(percentage=True), value=Decimal(50), base_size=100)
    assert value.margin == Decimal("9.8")


def test_counted_value_has_no_margin_of_error():
    assert IndicatorValueFactory().margin is None


def test_indicator_assessment_comes_from_its_values_and_desired_direction():
    indicator = IndicatorFactory(lower_is_better=True)
    for year, number in ((2015, 900), (2016, 700), (2017, 500)):
        IndicatorValueFactory(indicator=indicator, date=datetime.date(year, 3, 31), value=number)
    assert Indicator.objects.with_values().get(pk=indicator.pk).assessment().direction == "improving"


def test_report_item_figure_needs_a_label():
    item = ReportItemFactory.build(report=ProgressReportFactory(), figure=53, figure_label="")
    with pytest.raises(ValidationError):
        item.full_clean()


def test_report_period_cannot_end_before_it_starts():
    report = ProgressReportFactory.build(
        initiative=ProgressReportFactory().initiative,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2023, 1, 1),
    )
    with pytest.raises(ValidationError):
        report.full_clean()


def test_report_knows_its_previous_report():
    earlier = ProgressReportFactory(period_end=datetime.date(2022, 5, 31), period_start=datetime.date(2021, 6, 1))
    later = ProgressReportFactory(initiative=earlier.initiative)
    assert later.previous() == earlier
    assert earlier.previous() is None


def test_steering_group_member_needs_an_organisation_or_a_group():
    member = SteeringGroupMemberFactory.build(
        initiative=SteeringGroupMemberFactory().initiative, organisation=None, group_name=""
    )
    with pytest.raises(ValidationError):
        member.full_clean()


def test_steering_group_member_of_a_department_reads_organisation_and_part():
    member = SteeringGroupMemberFactory(organisation__name="Nottingham City Council", part="Resident Development")
    assert member.name == "Nottingham City Council – Resident Development"


def test_working_group_without_a_formation_date_is_being_formed():
    assert WorkingGroupFactory().is_forming


@pytest.mark.parametrize(
    ("model", "factory"),
    [(ReportItem, ReportItemFactory), (ProgressReport, ProgressReportFactory), (ProjectMove, ProjectMoveFactory)],
)
def test_natural_keys_find_the_same_row(model, factory):
    row = factory()
    assert model.objects.get_by_natural_key(*row.natural_key()) == row


def test_a_move_without_a_stage_is_refused_at_the_field_not_with_an_error():
    """Seen to fail without the guard in ProjectMove.clean(): Stage("") raised ValueError, which the admin's add
    form answered with a 500."""
    move = ProjectMove(
        project=ProjectFactory(), from_stage=Stage.PILOT, to_stage="", moved_on=datetime.date(2013, 1, 1)
    )

    with pytest.raises(ValidationError) as refused:
        move.full_clean()

    assert "to_stage" in refused.value.message_dict
