"""The one place that answers "may this user change this object?" and "which objects may they change?".

Each model has a policy. Apps register theirs in their own `permissions.py` (a ward's policy knows
about officers and wards; core does not); a model without one gets `EditorPolicy`. Front-end edit
views fetch through `get_for_change`, and the admin asks the same policy through `PolicyAdminMixin`.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from .roles import Role, user_has_role


def _is_active_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


class EditorPolicy:
    """Editors (and superusers) may change everything of the model; nobody else may change anything."""

    def user_can_change(self, user, obj) -> bool:
        """Return whether the user may change this object."""
        return _is_active_user(user) and user_has_role(user, Role.EDITOR)

    def editable_by(self, user, queryset: models.QuerySet) -> models.QuerySet:
        """Return the rows of the queryset the user may change."""
        if _is_active_user(user) and user_has_role(user, Role.EDITOR):
            return queryset
        return queryset.none()


class OwnerPolicy(EditorPolicy):
    """Editors may change everything; an author may change what they own while it is not yet published."""

    editable_statuses = ("draft", "in_review")

    def user_can_change(self, user, obj) -> bool:
        if super().user_can_change(user, obj):
            return True
        return _is_active_user(user) and obj.owner_id == user.pk and obj.status in self.editable_statuses

    def editable_by(self, user, queryset):
        if _is_active_user(user) and user_has_role(user, Role.EDITOR):
            return queryset
        if not _is_active_user(user):
            return queryset.none()
        return queryset.filter(owner=user, status__in=self.editable_statuses)


_policies: dict[type[models.Model], EditorPolicy] = {}
_default_policy = EditorPolicy()


def register(model: type[models.Model], policy: EditorPolicy) -> None:
    """Set the policy that decides who may change rows of a model (and of its subclasses)."""
    _policies[model] = policy


def policy_for(model: type[models.Model]) -> EditorPolicy:
    """Return the policy of a model: its own, else its nearest registered parent's, else `EditorPolicy`."""
    for klass in model.__mro__:
        if klass in _policies:
            return _policies[klass]
    return _default_policy


def user_can_change(user, obj: models.Model) -> bool:
    """Return whether the user may change the object, by its model's policy."""
    return policy_for(type(obj)).user_can_change(user, obj)


def editable_by(user, queryset: models.QuerySet) -> models.QuerySet:
    """Return the rows of a queryset that the user may change."""
    return policy_for(queryset.model).editable_by(user, queryset)


def get_for_change(user, queryset: models.QuerySet, **lookup) -> models.Model:
    """Fetch one object for editing: 404 if it does not exist, 403 if the user may not change it."""
    obj = get_object_or_404(queryset, **lookup)
    if not user_can_change(user, obj):
        raise PermissionDenied
    return obj
