"""Who may change the alliance's content: each rule allowed and denied, by policy and through the front end."""

import pytest
from django.urls import reverse

from campaigns.models import Achievement, Action, Ask, NewsPost
from campaigns.permissions import chapters_organised_by, user_can_publish
from civicportal.core import permissions
from tests.campaigns.factories import (
    AchievementFactory,
    ActionFactory,
    AskFactory,
    CampaignFactory,
    NewsPostFactory,
    OrganiserFactory,
)
from tests.core.factories import UserFactory
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return OrganiserFactory()


@pytest.fixture
def own_campaign(organiser):
    return CampaignFactory(chapter=organiser.chapter, published=True)


@pytest.fixture
def other_campaign():
    return CampaignFactory(published=True)


# The policies


@pytest.mark.parametrize(
    "make",
    [
        lambda campaign: ActionFactory(campaign=campaign),
        lambda campaign: AskFactory(campaign=campaign),
        lambda campaign: AchievementFactory(campaign=campaign),
        lambda campaign: NewsPostFactory(campaign=campaign),
        lambda campaign: campaign,
    ],
    ids=["action", "ask", "achievement", "news", "campaign"],
)
def test_organiser_may_change_their_own_chapters_rows_but_not_another_chapters(
    organiser, own_campaign, other_campaign, make
):
    assert permissions.user_can_change(organiser.user, make(own_campaign))
    assert not permissions.user_can_change(organiser.user, make(other_campaign))


@pytest.mark.parametrize("model", [Action, Ask, Achievement, NewsPost])
def test_organiser_is_given_only_their_chapters_rows(organiser, own_campaign, other_campaign, model):
    AskFactory(campaign=own_campaign, delivered=True)
    AskFactory(campaign=other_campaign, delivered=True)
    NewsPostFactory(campaign=own_campaign)
    NewsPostFactory(campaign=other_campaign)

    editable = permissions.editable_by(organiser.user, model.objects.all())

    assert editable.exists()
    assert {permissions.user_can_change(organiser.user, row) for row in editable} == {True}
    assert editable.count() < model.objects.count()


def test_organiser_may_not_change_their_chapters_post_once_published(organiser, own_campaign):
    post = NewsPostFactory(campaign=own_campaign, published=True)

    assert not permissions.user_can_change(organiser.user, post)
    assert not permissions.editable_by(organiser.user, NewsPost.objects.all()).exists()


def test_editor_may_change_every_chapters_rows(editor, other_campaign):
    assert permissions.user_can_change(editor, ActionFactory(campaign=other_campaign))
    assert permissions.user_can_change(editor, NewsPostFactory(campaign=other_campaign, published=True))


def test_user_in_the_organiser_role_without_a_chapter_may_change_nothing(other_campaign):
    user = UserFactory(organiser=True)

    assert not permissions.user_can_change(user, ActionFactory(campaign=other_campaign))
    assert not chapters_organised_by(user).exists()


def test_chapter_link_without_the_organiser_role_gives_no_rights(own_campaign, organiser):
    user = UserFactory()
    OrganiserFactory(chapter=organiser.chapter, user=user)

    assert not permissions.user_can_change(user, ActionFactory(campaign=own_campaign))


def test_inactive_organiser_may_change_nothing(organiser, own_campaign):
    organiser.user.is_active = False
    organiser.user.save()

    assert not permissions.user_can_change(organiser.user, ActionFactory(campaign=own_campaign))


def test_only_editors_publish(organiser, editor, own_campaign):
    post = NewsPostFactory(campaign=own_campaign)

    assert user_can_publish(editor, post)
    assert not user_can_publish(organiser.user, post)


# The front end


def _edit_urls(campaign):
    action = ActionFactory(campaign=campaign)
    ask = AskFactory(campaign=campaign, action=action)
    achievement = AchievementFactory(campaign=campaign)
    post = NewsPostFactory(campaign=campaign)
    return [
        reverse("campaigns:action_edit", args=[action.slug]),
        reverse("campaigns:ask_edit", args=[ask.pk]),
        reverse("campaigns:achievement_edit", args=[achievement.slug]),
        reverse("campaigns:news_edit", args=[post.slug]),
    ]


def test_organiser_gets_403_on_another_chapters_edit_pages(client, organiser, other_campaign):
    sign_in(client, organiser.user)

    for url in _edit_urls(other_campaign):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "Taken over"}).status_code == 403, url


def test_organiser_opens_their_own_chapters_edit_pages(client, organiser, own_campaign):
    sign_in(client, organiser.user)

    for url in _edit_urls(own_campaign):
        assert client.get(url).status_code == 200, url


def test_organiser_cannot_submit_another_chapters_post(client, organiser, other_campaign):
    post = NewsPostFactory(campaign=other_campaign)
    sign_in(client, organiser.user)

    response = client.post(reverse("campaigns:news_submit", args=[post.slug]))

    assert response.status_code == 403
    post.refresh_from_db()
    assert post.status == "draft"


def test_organiser_gets_403_on_the_publish_page(client, organiser, own_campaign):
    post = NewsPostFactory(campaign=own_campaign, in_review=True)
    sign_in(client, organiser.user)

    assert client.get(reverse("campaigns:news_publish", args=[post.slug])).status_code == 403


def test_resident_without_a_role_gets_403_on_the_writing_pages(client, resident_user):
    sign_in(client, resident_user)

    for name in ["manage", "news_create", "action_create", "ask_create", "achievement_create"]:
        assert client.get(reverse(f"campaigns:{name}")).status_code == 403, name


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("campaigns:news_create"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_new_post_form_offers_only_the_organisers_chapters_and_campaigns(
    client, organiser, own_campaign, other_campaign
):
    sign_in(client, organiser.user)

    form = client.get(reverse("campaigns:news_create")).context["form"]

    assert list(form.fields["chapter"].queryset) == [organiser.chapter]
    assert list(form.fields["campaign"].queryset) == [own_campaign]


def test_posting_another_chapter_in_the_new_post_form_is_refused_at_the_field(client, organiser, other_campaign):
    sign_in(client, organiser.user)

    response = client.post(
        reverse("campaigns:news_create"),
        {"chapter": other_campaign.chapter.pk, "kind": "news", "title": "T", "summary": "S", "body": "B",
         "dated_on": "2016-01-01", "date_precision": "day"},
    )  # fmt: skip

    assert response.status_code == 400
    assert "chapter" in response.context["form"].errors
    assert not NewsPost.objects.exists()
