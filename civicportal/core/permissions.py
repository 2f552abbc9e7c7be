"""The one place that answers "may this user change this object?", "may they publish it?" and "which objects
may they change?".

Each model has a policy. Apps register theirs in their own `permissions.py` (a ward's policy knows
about officers and wards; core does not); a model without one gets `EditorPolicy`. Front-end edit
views fetch through `get_for_change`, and the admin asks the same policy through `PolicyAdminMixin`.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from .roles import Role, user_has_role


def is_active_user(user) -> bool:
    """Return whether the user is signed in with an account that is not switched off."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_editor(user) -> bool:
    """Return whether the user is an active editor (or superuser)."""
    return is_active_user(user) and user_has_role(user, Role.EDITOR)


class EditorPolicy:
    """Editors (and superusers) may change everything of the model; nobody else may change anything."""

    def user_can_change(self, user, obj) -> bool:
        """Return whether the user may change this object."""
        return is_editor(user)

    def user_can_publish(self, user, obj) -> bool:
        """Return whether the user may publish, schedule, unpublish, archive or send back this object."""
        return is_editor(user)

    def user_publishes_any(self, user) -> bool:
        """Return whether the user may publish at least some rows of the model."""
        return is_editor(user)

    def editable_by(self, user, queryset: models.QuerySet) -> models.QuerySet:
        """Return the rows of the queryset the user may change."""
        if is_editor(user):
            return queryset
        return queryset.none()

    # The sentence for someone who names an owner outside `owners_offered`.
    owner_refusal = "Choose one of the people listed."

    def owners_offered(self, user) -> models.QuerySet | None:
        """Return the people a user who is not an editor may name as an item's owner, or None if they may not."""
        return None


class OwnerPolicy(EditorPolicy):
    """Editors may change everything; an author may change what they own while it is not yet published."""

    editable_statuses = ("draft", "in_review")

    def user_can_change(self, user, obj) -> bool:
        if super().user_can_change(user, obj):
            return True
        return is_active_user(user) and obj.owner_id == user.pk and obj.status in self.editable_statuses

    def editable_by(self, user, queryset):
        if is_editor(user):
            return queryset
        if not is_active_user(user):
            return queryset.none()
        return queryset.filter(owner=user, status__in=self.editable_statuses)


class ScopedPolicy(EditorPolicy):
    """Editors change every row; other people change the rows within the scopes assigned to them.

    A scope is a chapter, a ward or the like: `scope_path` is the lookup from the model to it ("ward",
    "campaign__chapter", "pk" for the scope itself); a subclass says which scopes a user holds. With
    `scope_publishes` the holders also publish what is in their scope without review; without it, only
    editors do. With `editable_statuses` the holders change only rows in those publishing states.
    """

    def __init__(self, scope_path: str, *, scope_publishes: bool = False, editable_statuses: tuple[str, ...] = ()):
        self.scope_path = scope_path
        self.scope_publishes = scope_publishes
        self.editable_statuses = editable_statuses

    def scope_ids(self, user) -> frozenset[int]:
        """Return the ids of the scopes the user holds."""
        raise NotImplementedError

    def scope_id_of(self, obj) -> int | None:
        """Return the id of the scope a row belongs to, following `scope_path`."""
        if self.scope_path == "pk":
            return obj.pk
        *hops, last = self.scope_path.split("__")
        for hop in hops:
            obj = getattr(obj, hop, None)
            if obj is None:
                return None
        return getattr(obj, f"{last}_id", None)

    def _in_scope(self, user, obj) -> bool:
        scope_id = self.scope_id_of(obj)
        return scope_id is not None and scope_id in self.scope_ids(user)

    def user_can_change(self, user, obj) -> bool:
        if is_editor(user):
            return True
        if self.editable_statuses and obj.status not in self.editable_statuses:
            return False
        return self._in_scope(user, obj)

    def user_can_publish(self, user, obj) -> bool:
        return is_editor(user) or (self.scope_publishes and self._in_scope(user, obj))

    def user_publishes_any(self, user) -> bool:
        return is_editor(user) or (self.scope_publishes and bool(self.scope_ids(user)))

    def editable_by(self, user, queryset):
        if is_editor(user):
            return queryset
        queryset = queryset.filter(**{f"{self.scope_path}__in": self.scope_ids(user)})
        if self.editable_statuses:
            queryset = queryset.filter(status__in=self.editable_statuses)
        return queryset


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


def owners_offered(user, model: type[models.Model]) -> models.QuerySet | None:
    """Return the people the user may name as the owner of a row of the model: anyone active for an editor,
    those the model's policy offers for anyone else, or None when the owner is not theirs to choose."""
    if is_editor(user):
        return get_user_model().objects.filter(is_active=True)
    return policy_for(model).owners_offered(user)


def user_may_name_owner(user, item: models.Model, owner) -> bool:
    """Return whether the user may make `owner` the owner of the item."""
    offered = owners_offered(user, type(item))
    return owner is not None and offered is not None and offered.filter(pk=owner.pk).exists()


def user_can_change(user, obj: models.Model) -> bool:
    """Return whether the user may change the object, by its model's policy."""
    return policy_for(type(obj)).user_can_change(user, obj)


def user_can_publish(user, obj: models.Model) -> bool:
    """Return whether the user may publish, schedule, unpublish, archive or send back the object."""
    return policy_for(type(obj)).user_can_publish(user, obj)


def editable_by(user, queryset: models.QuerySet) -> models.QuerySet:
    """Return the rows of a queryset that the user may change."""
    return policy_for(queryset.model).editable_by(user, queryset)


def check_can_change(user, obj: models.Model) -> None:
    """Raise PermissionDenied unless the user may change the object."""
    if not user_can_change(user, obj):
        raise PermissionDenied


def check_can_publish(user, obj: models.Model) -> None:
    """Raise PermissionDenied unless the user may publish the object."""
    if not user_can_publish(user, obj):
        raise PermissionDenied


def get_for_change(user, queryset: models.QuerySet, **lookup) -> models.Model:
    """Fetch one object for editing: 404 if it does not exist, 403 if the user may not change it."""
    obj = get_object_or_404(queryset, **lookup)
    check_can_change(user, obj)
    return obj
