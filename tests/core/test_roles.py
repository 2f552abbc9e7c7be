"""Roles: each is a group that migrations create and fill with its permissions, and users hold them."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser, Group

from civicportal.core.roles import Role, role_names, sync_role_permissions, user_has_role
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


def _codenames(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_every_role_has_a_group_after_migrations():
    names = set(Group.objects.values_list("name", flat=True))

    assert {role.label for role in Role} <= names
    assert {role.label for role in Role} == {"Council officer", "University staff", "Alliance organiser", "Editor"}


def test_editor_group_may_change_pages():
    assert "core.change_page" in _codenames(Role.EDITOR.label)


def test_editor_group_holds_the_permissions_the_core_app_declares():
    assert {
        "core.add_organisation",
        "core.change_organisation",
        "core.view_organisation",
        "core.add_page",
        "core.change_page",
        "core.view_page",
    } <= _codenames(Role.EDITOR.label)


def test_editor_group_may_not_delete_pages():
    assert "core.delete_page" not in _codenames(Role.EDITOR.label)


def test_council_officer_group_may_not_change_pages():
    assert "core.change_page" not in _codenames(Role.COUNCIL_OFFICER.label)


def test_every_app_s_declared_role_permissions_are_given_after_migrations():
    missing = []
    for app_config in apps.get_app_configs():
        for role_key, entries in getattr(app_config, "role_permissions", {}).items():
            held = _codenames(Role(role_key).label)
            for model, action in (entry.split(".") for entry in entries):
                if f"{app_config.label}.{action}_{model}" not in held:
                    missing.append(f"{Role(role_key).label}: {app_config.label}.{action}_{model}")

    assert missing == []


def test_syncing_role_permissions_twice_gives_what_syncing_once_gives():
    sync_role_permissions()
    once = {role: _codenames(role.label) for role in Role}

    sync_role_permissions()

    assert {role: _codenames(role.label) for role in Role} == once


def test_editor_holds_the_editor_role():
    assert user_has_role(UserFactory(editor=True), Role.EDITOR)


def test_editor_does_not_hold_the_officer_role():
    assert not user_has_role(UserFactory(editor=True), Role.COUNCIL_OFFICER)


@pytest.mark.parametrize(
    ("trait", "role"),
    [
        ("officer", Role.COUNCIL_OFFICER),
        ("university_staff", Role.UNIVERSITY_STAFF),
        ("organiser", Role.ALLIANCE_ORGANISER),
    ],
)
def test_each_role_trait_gives_its_role_and_not_editor(trait, role):
    user = UserFactory(**{trait: True})

    assert user_has_role(user, role)
    assert not user_has_role(user, Role.EDITOR)


def test_user_without_a_group_holds_no_role():
    user = UserFactory()

    assert not any(user_has_role(user, role) for role in Role)


def test_staff_status_alone_gives_no_role():
    assert not user_has_role(UserFactory(is_staff=True), Role.EDITOR)


def test_superuser_holds_every_role():
    user = UserFactory(superuser=True)

    assert all(user_has_role(user, role) for role in Role)


def test_inactive_editor_holds_no_role():
    assert not user_has_role(UserFactory(editor=True, is_active=False), Role.EDITOR)


def test_inactive_superuser_holds_no_role():
    assert not user_has_role(UserFactory(superuser=True, is_active=False), Role.EDITOR)


def test_anonymous_visitor_holds_no_role():
    assert not user_has_role(AnonymousUser(), Role.EDITOR)


def test_role_is_accepted_by_its_key():
    assert user_has_role(UserFactory(editor=True), "editor")


def test_group_with_another_name_gives_no_role():
    user = UserFactory()
    user.groups.add(Group.objects.create(name="Editors of the newsletter"))

    assert role_names(user) == frozenset()


def test_role_names_lists_the_keys_of_every_role_held():
    user = UserFactory(officer=True)
    user.groups.add(Group.objects.get(name=Role.ALLIANCE_ORGANISER.label))

    assert role_names(user) == frozenset({"council-officer", "alliance-organiser"})
