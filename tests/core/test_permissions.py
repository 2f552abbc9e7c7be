"""Permission policies: who may change a row, which rows they may change, and the checked fetch."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from civicportal.core import permissions
from civicportal.core.models import Organisation, Page
from civicportal.core.permissions import EditorPolicy, OwnerPolicy
from civicportal.core.publishing import Publishable
from tests.core.factories import OrganisationFactory, PageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def restore_policies():
    """Let a test register policies, and put the registry back as it was afterwards."""
    saved = dict(permissions._policies)
    yield
    permissions._policies.clear()
    permissions._policies.update(saved)


# EditorPolicy.user_can_change


def test_editor_can_change_under_editor_policy(editor):
    assert EditorPolicy().user_can_change(editor, OrganisationFactory())


def test_superuser_can_change_under_editor_policy():
    assert EditorPolicy().user_can_change(UserFactory(superuser=True), OrganisationFactory())


def test_user_without_a_role_cannot_change_under_editor_policy(resident_user):
    assert not EditorPolicy().user_can_change(resident_user, OrganisationFactory())


def test_staff_user_without_a_role_cannot_change_under_editor_policy():
    assert not EditorPolicy().user_can_change(UserFactory(is_staff=True), OrganisationFactory())


def test_officer_cannot_change_under_editor_policy():
    assert not EditorPolicy().user_can_change(UserFactory(officer=True), OrganisationFactory())


def test_anonymous_visitor_cannot_change_under_editor_policy():
    assert not EditorPolicy().user_can_change(AnonymousUser(), OrganisationFactory())


def test_inactive_editor_cannot_change_under_editor_policy():
    assert not EditorPolicy().user_can_change(UserFactory(editor=True, is_active=False), OrganisationFactory())


def test_inactive_superuser_cannot_change_under_editor_policy():
    user = UserFactory(superuser=True, is_active=False)

    assert not EditorPolicy().user_can_change(user, OrganisationFactory())


def test_owner_cannot_change_own_page_under_editor_policy():
    page = PageFactory()

    assert not EditorPolicy().user_can_change(page.owner, page)


# EditorPolicy.editable_by


def test_editor_policy_gives_an_editor_every_row(editor):
    organisations = {OrganisationFactory(), OrganisationFactory()}

    assert set(EditorPolicy().editable_by(editor, Organisation.objects.all())) == organisations


def test_editor_policy_gives_a_user_without_a_role_no_rows(resident_user):
    OrganisationFactory()

    assert not EditorPolicy().editable_by(resident_user, Organisation.objects.all()).exists()


def test_editor_policy_gives_an_anonymous_visitor_no_rows():
    OrganisationFactory()

    assert not EditorPolicy().editable_by(AnonymousUser(), Organisation.objects.all()).exists()


def test_editor_policy_gives_an_inactive_editor_no_rows():
    OrganisationFactory()
    user = UserFactory(editor=True, is_active=False)

    assert not EditorPolicy().editable_by(user, Organisation.objects.all()).exists()


# OwnerPolicy.user_can_change


def test_owner_can_change_own_draft():
    page = PageFactory()

    assert OwnerPolicy().user_can_change(page.owner, page)


def test_owner_can_change_own_page_in_review():
    page = PageFactory(in_review=True)

    assert OwnerPolicy().user_can_change(page.owner, page)


@pytest.mark.parametrize("trait", ["published", "scheduled", "archived"])
def test_owner_cannot_change_own_page_once_published(trait):
    page = PageFactory(**{trait: True})

    assert not OwnerPolicy().user_can_change(page.owner, page)


def test_owner_cannot_change_someone_else_s_draft(resident_user):
    page = PageFactory()

    assert not OwnerPolicy().user_can_change(resident_user, page)


def test_inactive_owner_cannot_change_own_draft():
    page = PageFactory(owner=UserFactory(is_active=False))

    assert not OwnerPolicy().user_can_change(page.owner, page)


def test_anonymous_visitor_cannot_change_an_ownerless_draft():
    page = PageFactory(owner=None)

    assert not OwnerPolicy().user_can_change(AnonymousUser(), page)


def test_editor_can_change_someone_else_s_published_page_under_owner_policy(editor):
    page = PageFactory(published=True)

    assert OwnerPolicy().user_can_change(editor, page)


def test_inactive_editor_cannot_change_a_page_under_owner_policy():
    page = PageFactory()

    assert not OwnerPolicy().user_can_change(UserFactory(editor=True, is_active=False), page)


# OwnerPolicy.editable_by


def test_owner_policy_gives_an_author_only_their_unpublished_pages():
    author = UserFactory()
    draft = PageFactory(owner=author)
    in_review = PageFactory(owner=author, in_review=True)
    PageFactory(owner=author, published=True)
    PageFactory(owner=author, archived=True)
    PageFactory()

    assert set(OwnerPolicy().editable_by(author, Page.objects.all())) == {draft, in_review}


def test_owner_policy_gives_an_editor_every_page(editor):
    pages = {PageFactory(), PageFactory(published=True), PageFactory(archived=True)}

    assert set(OwnerPolicy().editable_by(editor, Page.objects.all())) == pages


def test_owner_policy_gives_an_anonymous_visitor_no_pages():
    PageFactory(owner=None)

    assert not OwnerPolicy().editable_by(AnonymousUser(), Page.objects.all()).exists()


def test_owner_policy_gives_an_inactive_author_no_pages():
    author = UserFactory(is_active=False)
    PageFactory(owner=author)

    assert not OwnerPolicy().editable_by(author, Page.objects.all()).exists()


# The module's functions, by the registered policy


def test_model_without_a_registered_policy_gets_editor_policy(restore_policies):
    permissions._policies.pop(Page, None)

    assert type(permissions.policy_for(Page)) is EditorPolicy


def test_registered_policy_is_the_one_used(restore_policies):
    policy = OwnerPolicy()

    permissions.register(Page, policy)

    assert permissions.policy_for(Page) is policy


def test_policy_registered_for_a_parent_class_applies_to_its_models(restore_policies):
    permissions._policies.pop(Page, None)
    policy = OwnerPolicy()

    permissions.register(Publishable, policy)

    assert permissions.policy_for(Page) is policy
    assert permissions.policy_for(Organisation) is not policy


def test_user_can_change_follows_the_registered_policy(restore_policies):
    page = PageFactory()
    permissions.register(Page, EditorPolicy())
    assert not permissions.user_can_change(page.owner, page)

    permissions.register(Page, OwnerPolicy())

    assert permissions.user_can_change(page.owner, page)


def test_editable_by_follows_the_registered_policy(restore_policies):
    page = PageFactory()
    permissions.register(Page, OwnerPolicy())

    assert list(permissions.editable_by(page.owner, Page.objects.all())) == [page]


# get_for_change


def test_get_for_change_returns_the_row_to_an_editor(editor):
    page = PageFactory()

    assert permissions.get_for_change(editor, Page.objects.all(), slug=page.slug) == page


def test_get_for_change_raises_404_for_a_missing_row(editor):
    with pytest.raises(Http404):
        permissions.get_for_change(editor, Page.objects.all(), slug="no-such-page")


def test_get_for_change_raises_permission_denied_for_a_user_without_a_role(resident_user):
    page = PageFactory()

    with pytest.raises(PermissionDenied):
        permissions.get_for_change(resident_user, Page.objects.all(), slug=page.slug)


def test_get_for_change_raises_permission_denied_for_an_anonymous_visitor():
    organisation = OrganisationFactory()

    with pytest.raises(PermissionDenied):
        permissions.get_for_change(AnonymousUser(), Organisation.objects.all(), slug=organisation.slug)


def test_get_for_change_lets_an_owner_fetch_own_draft_under_owner_policy(restore_policies):
    page = PageFactory()
    permissions.register(Page, OwnerPolicy())

    assert permissions.get_for_change(page.owner, Page.objects.all(), pk=page.pk) == page


def test_get_for_change_refuses_an_owner_their_published_page_under_owner_policy(restore_policies):
    page = PageFactory(published=True)
    permissions.register(Page, OwnerPolicy())

    with pytest.raises(PermissionDenied):
        permissions.get_for_change(page.owner, Page.objects.all(), pk=page.pk)
