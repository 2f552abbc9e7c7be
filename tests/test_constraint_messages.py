"""Every database constraint refused in a plain sentence at its field, through the admin's change form.

Each case opens a row's change form as the role who would meet the rule (an officer for ward rows, an organiser
for a chapter's, an editor or admin for the rest), breaks one rule, and posts: the page answers 200 with the
constraint's own sentence at the field, and the row in the database is as it was.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, UniqueConstraint
from django.urls import reverse

from civicportal.core.models import PageReport
from tests.admin_forms import admin_form_data
from tests.campaigns.factories import (
    AchievementFactory,
    ActionFactory,
    AskFactory,
    ChapterFactory,
    MembershipFactory,
    OrganiserFactory,
    ResearchFactory,
    TrainingCourseFactory,
)
from tests.core.factories import UserFactory
from tests.initiatives.factories import ProgressReportFactory
from tests.neighbourhoods.factories import (
    AllocationFactory,
    EventFactory,
    LocalCampaignFactory,
    OfficerAssignmentFactory,
    TeamPositionFactory,
    WardBudgetFactory,
    WardFactory,
    officer_of,
)
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

OUR_APPS = ("core", "campaigns", "neighbourhoods", "initiatives")
# Someone else's work: the indicators' figures (issue 13's other items).


@dataclass
class Case:
    """A row, the user who opens it, what they change, and the sentence they should read at the field."""

    make: Callable[[], Any]
    user: Callable[[Any], Any]
    changes: Callable[[Any], dict[str, str]]
    field: str
    message: str


def _ward_officer(row) -> Any:
    ward = row.ward if hasattr(row, "ward") else row.budget.ward
    return officer_of(ward)


def _chapter_organiser(row) -> Any:
    chapter = getattr(row, "chapter", None) or row.campaign.chapter
    return OrganiserFactory(chapter=chapter, staff=True).user


def _editor(row) -> Any:
    return UserFactory(editor=True)


def _admin(row) -> Any:
    return UserFactory(superuser=True)


def _second_budget():
    ward = WardFactory()
    WardBudgetFactory(ward=ward, year=2015)
    return WardBudgetFactory(ward=ward, year=2016)


def _second_assignment():
    ward = WardFactory()
    OfficerAssignmentFactory(user=UserFactory(officer=True), ward=ward)
    return OfficerAssignmentFactory(user=UserFactory(officer=True), ward=ward)


def _second_membership():
    chapter = ChapterFactory()
    taken = MembershipFactory(chapter=chapter)
    row = MembershipFactory(chapter=chapter)
    row.taken = taken.organisation
    return row


CASES = {
    "allocation_amount_positive": Case(
        lambda: AllocationFactory(amount_pence=5_000),
        _ward_officer,
        lambda row: {"amount_pence": "0"},
        "amount_pence",
        "Enter an amount of at least £0.01.",
    ),
    "event_ends_after_it_starts": Case(
        EventFactory,
        _ward_officer,
        lambda row: {"ends_at_0": row.starts_at.strftime("%d/%m/%Y"), "ends_at_1": "00:00:00"},
        "ends_at",
        "The event must end after it starts.",
    ),
    "localcampaign_ends_after_it_starts": Case(
        lambda: LocalCampaignFactory(starts_on=datetime.date(2016, 5, 1)),
        _ward_officer,
        lambda row: {"ends_on": "01/04/2016"},
        "ends_on",
        "The campaign must end on or after its start.",
    ),
    "teamposition_filled_has_mailbox": Case(
        lambda: TeamPositionFactory(is_vacant=False),
        _ward_officer,
        lambda row: {"mailbox": "", "is_vacant": None},
        "mailbox",
        "Give the role's mailbox, or mark the role vacant.",
    ),
    "wardbudget_one_per_ward_and_year": Case(
        _second_budget,
        _editor,
        lambda row: {"year": "2015"},
        "year",
        "This ward already has a budget for this financial year.",
    ),
    "officerassignment_once_per_ward": Case(
        _second_assignment,
        _admin,
        lambda row: {"user": str(type(row).objects.exclude(pk=row.pk).get(ward=row.ward).user_id)},
        "ward",
        "This officer is already assigned to this ward.",
    ),
    "achievement_things_have_unit": Case(
        AchievementFactory,
        _chapter_organiser,
        lambda row: {"things_delivered": "12", "things_unit": ""},
        "things_unit",
        "Say what was delivered.",
    ),
    "action_change_has_reason": Case(
        ActionFactory,
        _chapter_organiser,
        lambda row: {"arrangement": "cancelled", "arrangement_reason": ""},
        "arrangement_reason",
        "Say why the action is postponed or cancelled.",
    ),
    "ask_due_date_only_once_agreed": Case(
        AskFactory,
        _chapter_organiser,
        lambda row: {"due_on": "01/06/2027"},
        "due_on",
        "Only an agreed ask has a date it is due by.",
    ),
    "research_postponement_has_reason": Case(
        ResearchFactory,
        _chapter_organiser,
        lambda row: {"launch_postponed": "on", "postponement_reason": ""},
        "postponement_reason",
        "Say why the launch was postponed.",
    ),
    "course_lasts_a_day_or_more": Case(
        TrainingCourseFactory,
        _chapter_organiser,
        lambda row: {"length_days": "0"},
        "length_days",
        "A course lasts at least one day.",
    ),
    "course_ends_after_it_starts": Case(
        lambda: TrainingCourseFactory(starts_on=datetime.date(2015, 3, 2)),
        _chapter_organiser,
        lambda row: {"ends_on": "01/03/2015"},
        "ends_on",
        "The course cannot end before it starts.",
    ),
    "membership_once_per_chapter": Case(
        _second_membership,
        _admin,
        lambda row: {"organisation": str(row.taken.pk)},
        "organisation",
        "This organisation is already a member of this chapter.",
    ),
    "progressreport_period_in_order": Case(
        ProgressReportFactory,
        _editor,
        lambda row: {"period_end": "01/01/2022"},
        "period_end",
        "The period cannot end before it starts.",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_constraint_is_refused_in_a_sentence_at_its_field(client, name):
    case = CASES[name]
    row = case.make()
    before = type(row).objects.filter(pk=row.pk).values().get()
    sign_in(client, case.user(row))
    url = reverse(f"admin:{row._meta.app_label}_{row._meta.model_name}_change", args=[row.pk])
    data = admin_form_data(client.get(url).text, row._meta.model_name)
    for key, value in case.changes(row).items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = [value]

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get(case.field) == [case.message]
    assert type(row).objects.filter(pk=row.pk).values().get() == before


def test_every_constraint_of_the_portal_has_a_sentence_and_a_code_of_its_own():
    plain = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for constraint in model._meta.constraints:
            assert isinstance(constraint, CheckConstraint | UniqueConstraint)
            if (
                constraint.violation_error_message == constraint.default_violation_error_message
                or not constraint.violation_error_code
            ):
                plain.append(constraint.name)

    assert plain == []
    assert "allocation_amount_positive" in {
        c.name for c in apps.get_model("neighbourhoods", "Allocation")._meta.constraints
    }


def test_every_constraint_with_a_field_names_one_the_model_has():
    for model in apps.get_models():
        for name, field in getattr(model, "constraint_fields", {}).items():
            assert name in {constraint.name for constraint in model._meta.constraints}, (model, name)
            model._meta.get_field(field)
    assert apps.get_model("neighbourhoods", "Event").constraint_fields["event_ends_after_it_starts"] == "ends_at"


def test_page_report_outside_the_admin_is_refused_at_its_fields():
    report = PageReport(page_path="https://elsewhere.example/", what_is_wrong="", status="new")

    with pytest.raises(ValidationError) as refused:
        report.validate_constraints()

    assert refused.value.message_dict == {
        "what_is_wrong": ["Say what is wrong with the page."],
        "page_path": ["Give the address of a page on this site, starting with a slash."],
    }
