"""Who may change what in this app: editors everything; university staff their own case studies before publication.

The policies are registered with the shared layer, so front-end views (through `get_case_study_for_change`)
and the admin (through `PolicyAdminMixin`) ask the same question and get the same answer.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from civicportal.core import permissions
from civicportal.core.roles import Role, user_has_role

from .models import (
    CaseStudy,
    CaseStudyImage,
    Evaluation,
    Indicator,
    IndicatorValue,
    Initiative,
    KeyArea,
    NextStepReview,
    Programme,
    ProgressReport,
    Project,
    ProjectMove,
    ReportItem,
    SteeringGroupMember,
    WorkingGroup,
    WorkStrand,
)

is_editor = permissions.is_editor


def user_can_write_case_studies(user) -> bool:
    """Return whether the user may start case studies: university staff and editors."""
    return permissions.is_active_user(user) and (user_has_role(user, Role.UNIVERSITY_STAFF) or is_editor(user))


def user_can_review_case_studies(user) -> bool:
    """Return whether the user may publish case studies or send them back: editors only."""
    return is_editor(user)


def user_can_publish(user, obj: models.Model) -> bool:
    """Return whether the user may publish or unpublish a report or a case study: editors only."""
    return is_editor(user)


class CaseStudyImagePolicy(permissions.EditorPolicy):
    """An image may be changed by whoever may change its case study."""

    def __init__(self):
        self.case_studies = permissions.OwnerPolicy()

    def user_can_change(self, user, obj) -> bool:
        return self.case_studies.user_can_change(user, obj.case_study)

    def editable_by(self, user, queryset):
        editable = self.case_studies.editable_by(user, CaseStudy.objects.all())
        return queryset.filter(case_study__in=editable)


permissions.register(CaseStudy, permissions.OwnerPolicy())
permissions.register(CaseStudyImage, CaseStudyImagePolicy())
for _model in (
    Programme,
    WorkStrand,
    Project,
    Evaluation,
    ProjectMove,
    Indicator,
    IndicatorValue,
    Initiative,
    KeyArea,
    SteeringGroupMember,
    WorkingGroup,
    ProgressReport,
    ReportItem,
    NextStepReview,
):
    permissions.register(_model, permissions.EditorPolicy())


def case_studies_visible_to(user) -> models.QuerySet:
    """Return the case studies the user may read: live ones, their own, and all of them for an editor."""
    return CaseStudy.objects.visible_to(user)


def get_case_study_for_change(user, slug: str) -> CaseStudy:
    """Fetch a case study to edit: 404 unless the user may see it, 403 unless they may change it."""
    case_study = get_object_or_404(case_studies_visible_to(user), slug=slug)
    if not permissions.user_can_change(user, case_study):
        raise PermissionDenied
    return case_study


def get_case_study_for_review(user, slug: str) -> CaseStudy:
    """Fetch a case study to review: 403 unless the user is an editor, 404 if it does not exist."""
    if not user_can_review_case_studies(user):
        raise PermissionDenied
    return get_object_or_404(CaseStudy.objects.all(), slug=slug)
