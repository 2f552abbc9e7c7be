"""Publishing: which pages are live, who sees what before it is, and what the page's address answers."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from civicportal.core.models import Page
from civicportal.core.publishing import State, Status
from tests.core.factories import PageFactory, UserFactory
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

NOT_LIVE_TRAITS = ["draft", "in_review", "scheduled", "archived"]


def _not_live_page(trait, **kwargs):
    """Return a page that residents may not see yet, made with the named factory trait."""
    if trait == "draft":
        return PageFactory(**kwargs)
    return PageFactory(**{trait: True}, **kwargs)


# The queryset verbs


def test_published_page_is_live():
    page = PageFactory(published=True)

    assert list(Page.objects.live()) == [page]
    assert not Page.objects.not_live().exists()


@pytest.mark.parametrize("trait", NOT_LIVE_TRAITS)
def test_unpublished_page_is_left_out_of_live(trait):
    page = _not_live_page(trait)

    assert not Page.objects.live().exists()
    assert list(Page.objects.not_live()) == [page]


def test_live_and_not_live_split_the_pages_between_them():
    pages = [PageFactory(published=True)] + [_not_live_page(trait) for trait in NOT_LIVE_TRAITS]

    live = set(Page.objects.live())
    not_live = set(Page.objects.not_live())

    assert live.isdisjoint(not_live)
    assert live | not_live == set(pages)


def test_scheduled_keeps_only_pages_published_for_the_future():
    scheduled = PageFactory(scheduled=True)
    PageFactory(published=True)
    PageFactory()

    assert list(Page.objects.scheduled()) == [scheduled]


def test_in_review_keeps_only_pages_waiting_for_an_editor():
    waiting = PageFactory(in_review=True)
    PageFactory()
    PageFactory(published=True)

    assert list(Page.objects.in_review()) == [waiting]


def test_scheduled_page_goes_live_once_its_time_passes(monkeypatch):
    publish_at = timezone.now() + datetime.timedelta(hours=1)
    page = PageFactory(status=Status.PUBLISHED, publish_at=publish_at)
    assert not Page.objects.live().exists()
    assert list(Page.objects.scheduled()) == [page]

    # The clock is moved past the publication time rather than waited for, so a slow run cannot race it.
    monkeypatch.setattr(timezone, "now", lambda: publish_at + datetime.timedelta(seconds=1))

    assert list(Page.objects.live()) == [page]
    assert not Page.objects.scheduled().exists()


def test_page_published_with_a_past_time_is_live_at_once():
    page = PageFactory(status=Status.PUBLISHED, publish_at=timezone.now() - datetime.timedelta(minutes=1))

    assert list(Page.objects.live()) == [page]


# What each reader may see


@pytest.mark.parametrize("trait", NOT_LIVE_TRAITS)
def test_owner_sees_own_unpublished_page(trait):
    page = _not_live_page(trait)

    assert list(Page.objects.visible_to(page.owner)) == [page]


@pytest.mark.parametrize("trait", NOT_LIVE_TRAITS)
def test_editor_sees_anyone_s_unpublished_page(trait, editor):
    page = _not_live_page(trait)

    assert list(Page.objects.visible_to(editor)) == [page]


def test_superuser_sees_anyone_s_unpublished_page():
    page = PageFactory()

    assert list(Page.objects.visible_to(UserFactory(superuser=True))) == [page]


@pytest.mark.parametrize("trait", NOT_LIVE_TRAITS)
def test_other_signed_in_user_cannot_see_unpublished_page(trait, resident_user):
    _not_live_page(trait)

    assert not Page.objects.visible_to(resident_user).exists()


@pytest.mark.parametrize("trait", NOT_LIVE_TRAITS)
def test_anonymous_visitor_cannot_see_unpublished_page(trait):
    _not_live_page(trait)

    assert not Page.objects.visible_to(AnonymousUser()).exists()


def test_deactivated_owner_cannot_see_own_draft():
    owner = UserFactory(is_active=False)
    PageFactory(owner=owner)

    assert not Page.objects.visible_to(owner).exists()


def test_deactivated_editor_cannot_see_drafts():
    PageFactory()

    assert not Page.objects.visible_to(UserFactory(editor=True, is_active=False)).exists()


def test_everyone_sees_a_published_page(resident_user):
    page = PageFactory(published=True)

    assert list(Page.objects.visible_to(AnonymousUser())) == [page]
    assert list(Page.objects.visible_to(resident_user)) == [page]


# State and saving


def test_page_published_for_tomorrow_reports_scheduled():
    page = PageFactory(scheduled=True)

    assert page.state == State.SCHEDULED
    assert not page.is_live


def test_page_published_in_the_past_reports_published():
    page = PageFactory(published=True)

    assert page.state == State.PUBLISHED
    assert page.is_live


@pytest.mark.parametrize(
    ("trait", "state"), [("draft", State.DRAFT), ("in_review", State.IN_REVIEW), ("archived", State.ARCHIVED)]
)
def test_unpublished_page_reports_its_stored_status(trait, state):
    assert _not_live_page(trait).state == state


def test_saving_as_published_without_a_time_publishes_now():
    before = timezone.now()
    page = PageFactory(status=Status.PUBLISHED, publish_at=None)
    page.refresh_from_db()

    assert before <= page.publish_at <= timezone.now()
    assert page.is_live


def test_saving_a_draft_leaves_publish_at_empty():
    page = PageFactory(publish_at=None)
    page.refresh_from_db()

    assert page.publish_at is None


# Through the page's address


def test_anonymous_visitor_gets_404_for_a_draft(client):
    page = PageFactory()

    assert client.get(page.get_absolute_url()).status_code == 404


def test_other_signed_in_user_gets_404_for_a_draft(client, resident_user):
    page = PageFactory()
    sign_in(client, resident_user)

    assert client.get(page.get_absolute_url()).status_code == 404


def test_owner_can_open_own_draft(client):
    page = PageFactory(title="Work in progress")
    sign_in(client, page.owner)

    response = client.get(page.get_absolute_url())

    assert response.status_code == 200
    assert "Work in progress" in response.text
    assert "residents cannot see this page yet" in response.text


def test_editor_can_open_someone_else_s_draft(client, editor):
    page = PageFactory()
    sign_in(client, editor)

    assert client.get(page.get_absolute_url()).status_code == 200


def test_anonymous_visitor_gets_404_for_a_scheduled_page(client):
    page = PageFactory(scheduled=True)

    assert client.get(page.get_absolute_url()).status_code == 404


def test_anonymous_visitor_can_open_a_published_page(client):
    page = PageFactory(published=True, title="About the portal")

    response = client.get(f"/pages/{page.slug}/")

    assert response.status_code == 200
    assert "About the portal" in response.text
    assert "residents cannot see this page yet" not in response.text
