"""Who may change a ward's pages: editors every ward, a council officer only the wards assigned to them.

The same answers serve the front-end edit views (through `get_ward_for_edit`) and the admin (through the
policies registered with the shared layer, which `PolicyAdminMixin` asks).
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from civicportal.core import permissions as core_permissions
from civicportal.core.permissions import EditorPolicy
from civicportal.core.roles import Role, user_has_role

from .models import (
    Allocation,
    Event,
    LocalCampaign,
    OfficerAssignment,
    SurveyResult,
    TeamPosition,
    Ward,
    WardBudget,
    WardNews,
)


def _is_active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def user_is_ward_editor(user) -> bool:
    """Return whether the user may change every ward: an editor or a superuser."""
    return _is_active(user) and user_has_role(user, Role.EDITOR)


def assigned_ward_ids(user) -> frozenset[int]:
    """Return the ids of the wards assigned to a council officer, read once per user object."""
    if not _is_active(user) or not user_has_role(user, Role.COUNCIL_OFFICER):
        return frozenset()
    cached = getattr(user, "_neighbourhoods_ward_ids", None)
    if cached is None:
        cached = frozenset(OfficerAssignment.objects.for_user(user).values_list("ward_id", flat=True))
        user._neighbourhoods_ward_ids = cached
    return cached


def user_can_edit_ward(user, ward: Ward) -> bool:
    """Return whether the user may change a ward's pages: its team, events, allocations, campaigns, figures."""
    return user_is_ward_editor(user) or ward.pk in assigned_ward_ids(user)


def user_can_edit_any_ward(user) -> bool:
    """Return whether the user may change at least one ward."""
    return user_is_ward_editor(user) or bool(assigned_ward_ids(user))


def wards_editable_by(user) -> models.QuerySet:
    """Return the wards the user may change."""
    if user_is_ward_editor(user):
        return Ward.objects.all()
    return Ward.objects.filter(pk__in=assigned_ward_ids(user))


def get_ward_for_edit(user, slug: str) -> Ward:
    """Fetch a ward for editing: 404 if there is none, 403 if the user may not change it."""
    ward = get_object_or_404(Ward.objects.select_related("area_committee"), slug=slug)
    if not user_can_edit_ward(user, ward):
        raise PermissionDenied
    return ward


class WardScopedPolicy(EditorPolicy):
    """Editors change every row; a council officer changes the rows of their own wards.

    `ward_path` is the lookup from the model to its ward's id. A row without a ward (a city-wide figure or
    campaign) is for editors only.
    """

    def __init__(self, ward_path: str = "ward_id"):
        self.ward_path = ward_path

    def _ward_id(self, obj) -> int | None:
        value = obj
        for part in self.ward_path.split("__"):
            value = getattr(value, part, None)
        return value

    def user_can_change(self, user, obj) -> bool:
        if super().user_can_change(user, obj):
            return True
        ward_id = self._ward_id(obj)
        return ward_id is not None and ward_id in assigned_ward_ids(user)

    def editable_by(self, user, queryset):
        if user_is_ward_editor(user):
            return queryset
        ward_ids = assigned_ward_ids(user)
        if not ward_ids:
            return queryset.none()
        return queryset.filter(**{f"{self.ward_path}__in": ward_ids})


core_permissions.register(Ward, WardScopedPolicy("pk"))
core_permissions.register(TeamPosition, WardScopedPolicy())
core_permissions.register(WardBudget, WardScopedPolicy())
core_permissions.register(Allocation, WardScopedPolicy("budget__ward_id"))
core_permissions.register(Event, WardScopedPolicy())
core_permissions.register(LocalCampaign, WardScopedPolicy())
core_permissions.register(SurveyResult, WardScopedPolicy())
core_permissions.register(WardNews, WardScopedPolicy())
