"""Who may change a ward's pages: editors every ward, a council officer only the wards assigned to them.

The same answers serve the front-end edit views (through `get_ward_for_edit`) and the admin (through the
policies registered with the shared layer, which `PolicyAdminMixin` asks).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from civicportal.core import permissions as core_permissions
from civicportal.core.permissions import ScopedPolicy, is_active_user, is_editor
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


def user_is_ward_editor(user) -> bool:
    """Return whether the user may change every ward: an editor or a superuser."""
    return is_editor(user)


def assigned_ward_ids(user) -> frozenset[int]:
    """Return the ids of the wards assigned to a council officer, read once per user object."""
    if not is_active_user(user) or not user_has_role(user, Role.COUNCIL_OFFICER):
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


def user_can_type_repeat_rules(user) -> bool:
    """Return whether the user may type an event's repeat rule as iCalendar text: an admin (superuser) only."""
    return is_active_user(user) and user.is_superuser


def get_ward_for_edit(user, slug: str) -> Ward:
    """Fetch a ward for editing: 404 if there is none, 403 if the user may not change it."""
    ward = get_object_or_404(Ward.objects.select_related("area_committee"), slug=slug)
    if not user_can_edit_ward(user, ward):
        raise PermissionDenied
    return ward


class WardScopedPolicy(ScopedPolicy):
    """Editors change every row; a council officer changes the rows of their own wards.

    A row without a ward (a city-wide figure or campaign) is for editors only. Where `scope_publishes` is set,
    an officer publishes their own wards' rows without review: the council answers for what its officers post.
    """

    owner_refusal = "Choose someone who works in one of your wards."

    def scope_ids(self, user) -> frozenset[int]:
        return assigned_ward_ids(user)

    def owners_offered(self, user):
        ward_ids = assigned_ward_ids(user)
        if not ward_ids:
            return None
        colleagues = OfficerAssignment.objects.filter(ward_id__in=ward_ids).values("user_id")
        return get_user_model().objects.filter(is_active=True, pk__in=colleagues)


core_permissions.register(Ward, WardScopedPolicy("pk"))
core_permissions.register(TeamPosition, WardScopedPolicy("ward"))
core_permissions.register(WardBudget, WardScopedPolicy("ward"))
core_permissions.register(Allocation, WardScopedPolicy("budget__ward"))
core_permissions.register(Event, WardScopedPolicy("ward", scope_publishes=True))
core_permissions.register(LocalCampaign, WardScopedPolicy("ward", scope_publishes=True))
core_permissions.register(SurveyResult, WardScopedPolicy("ward"))
core_permissions.register(WardNews, WardScopedPolicy("ward", scope_publishes=True))
