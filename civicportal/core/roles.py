"""The roles people hold on the portal, kept as Django groups, and the model permissions each role carries."""

from django.apps import apps as global_apps
from django.db import models


class Role(models.TextChoices):
    """A role on the portal; the value is the role's key, the label is its group's name."""

    COUNCIL_OFFICER = "council-officer", "Council officer"
    UNIVERSITY_STAFF = "university-staff", "University staff"
    ALLIANCE_ORGANISER = "alliance-organiser", "Alliance organiser"
    EDITOR = "editor", "Editor"


def role_names(user) -> frozenset[str]:
    """Return the keys of the roles a user holds, read once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_civicportal_roles", None)
    if cached is None:
        labels = {role.label: role.value for role in Role}
        names = user.groups.filter(name__in=labels).values_list("name", flat=True)
        cached = frozenset(labels[name] for name in names)
        user._civicportal_roles = cached
    return cached


def user_has_role(user, role: Role) -> bool:
    """Return whether the user holds the role (a superuser holds every role)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return Role(role).value in role_names(user)


def sync_role_permissions(sender=None, *, apps=global_apps, using="default", **kwargs):
    """Give each role's group the model permissions an app's config declares for it (every app's, without a sender).

    Connected to post_migrate, it runs once per app, after Django has created that app's permissions.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_configs = [sender] if sender is not None else global_apps.get_app_configs()
    for app_config in app_configs:
        declared = getattr(app_config, "role_permissions", {})
        for role_key, entries in declared.items():
            group, _ = Group.objects.using(using).get_or_create(name=Role(role_key).label)
            codenames = [f"{action}_{model}" for model, action in (entry.split(".") for entry in entries)]
            permissions = Permission.objects.using(using).filter(
                content_type__app_label=app_config.label, codename__in=codenames
            )
            group.permissions.add(*permissions)
