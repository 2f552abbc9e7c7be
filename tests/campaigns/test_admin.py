"""The alliance in the admin: the same policies as the front end, so an organiser gets 403 on another chapter."""

import pytest
from django.core import mail
from django.urls import reverse

from campaigns.models import NewsPost
from tests.admin_forms import admin_form_data
from tests.campaigns.factories import (
    AchievementFactory,
    ActionFactory,
    AskFactory,
    CampaignFactory,
    ChapterFactory,
    NewsPostFactory,
    OrganiserFactory,
    OutcomeAnswerFactory,
    OutcomeQuestionFactory,
    ReactionFactory,
    ResearchFactory,
    TrainingCourseFactory,
)
from tests.campaigns.test_services import _follower
from tests.core.factories import UserFactory
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

MODELS = ["campaign", "action", "ask", "achievement", "newspost", "trainingcourse", "research"]


@pytest.fixture
def staff_organiser(client):
    organiser = OrganiserFactory(staff=True)
    sign_in(client, organiser.user)
    return organiser


def _rows(campaign):
    """Return one row of each chapter-scoped model, keyed by model name."""
    return {
        "campaign": campaign,
        "action": ActionFactory(campaign=campaign),
        "ask": AskFactory(campaign=campaign),
        "achievement": AchievementFactory(campaign=campaign),
        "newspost": NewsPostFactory(campaign=campaign),
        "trainingcourse": TrainingCourseFactory(chapter=campaign.chapter),
        "research": ResearchFactory(chapter=campaign.chapter),
    }


def _change_url(obj):
    return reverse(f"admin:campaigns_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("model", MODELS)
def test_organiser_gets_403_on_another_chapters_row_in_the_admin(client, staff_organiser, model):
    row = _rows(CampaignFactory(published=True))[model]

    assert client.get(_change_url(row)).status_code == 403
    assert client.post(_change_url(row), {}).status_code == 403


@pytest.mark.parametrize("model", MODELS)
def test_organiser_opens_their_own_chapters_row_in_the_admin(client, staff_organiser, model):
    row = _rows(CampaignFactory(chapter=staff_organiser.chapter, published=True))[model]

    assert client.get(_change_url(row)).status_code == 200


def test_organiser_lists_only_their_chapters_actions(client, staff_organiser):
    own = ActionFactory(campaign=CampaignFactory(chapter=staff_organiser.chapter, published=True))
    ActionFactory()

    response = client.get(reverse("admin:campaigns_action_changelist"))

    assert list(response.context["cl"].result_list) == [own]


@pytest.mark.parametrize("model", ["action", "ask", "achievement", "newspost"])
def test_organisers_campaign_filter_offers_no_other_chapters_draft(client, staff_organiser, model):
    """Seen to fail: with the plain "campaign" list filter, every campaign's title was offered, other chapters'
    drafts too."""
    own = CampaignFactory(chapter=staff_organiser.chapter, title="Our own draft campaign")
    _rows(own)
    _rows(CampaignFactory(title="Another chapter's draft campaign"))

    response = client.get(reverse(f"admin:campaigns_{model}_changelist"))

    assert response.status_code == 200
    assert "Our own draft campaign" in response.text
    assert "Another chapter&#x27;s draft campaign" not in response.text
    assert "Another chapter's draft campaign" not in response.text


def test_organiser_cannot_delete_another_chapters_action(client, staff_organiser):
    action = ActionFactory()

    response = client.post(reverse("admin:campaigns_action_delete", args=[action.pk]), {"post": "yes"})

    assert response.status_code == 403


def test_organiser_may_only_choose_their_own_chapter_in_the_admin(client, staff_organiser):
    ChapterFactory()

    form = client.get(reverse("admin:campaigns_newspost_add")).context["adminform"].form

    assert list(form.fields["chapter"].queryset) == [staff_organiser.chapter]


def test_organiser_cannot_set_the_status_in_the_admin(client, staff_organiser):
    post = NewsPostFactory(chapter=staff_organiser.chapter)

    response = client.get(reverse("admin:campaigns_newspost_change", args=[post.pk]))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "title" in form.fields
    assert "status" not in form.fields
    assert "publish_at" not in form.fields


def test_editor_publishing_in_the_admin_emails_followers(client, editor, django_capture_on_commit_callbacks):
    post = NewsPostFactory(in_review=True)
    _follower(post.campaign)
    sign_in(client, editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:campaigns_newspost_changelist"),
            {"action": "publish_selected", "_selected_action": [post.pk]},
        )

    assert response.status_code == 302
    assert NewsPost.objects.live().count() == 1
    assert [message.to[0] for message in mail.outbox if message.to[0] != post.owner.email] == ["resident@example.org"]


def test_publish_action_is_not_offered_to_organisers(client, staff_organiser):
    NewsPostFactory(chapter=staff_organiser.chapter, owner=staff_organiser.user)

    response = client.get(reverse("admin:campaigns_newspost_changelist"))

    assert response.status_code == 200
    assert "submit_selected" in response.text
    assert "publish_selected" not in response.text


@pytest.mark.parametrize(
    "model",
    [*MODELS, "chapter", "membership", "decisionmaker", "reaction"],
)
def test_editor_opens_every_list_in_the_admin(client, editor, model):
    _rows(CampaignFactory(published=True))
    ReactionFactory()
    sign_in(client, editor)

    url = reverse(f"admin:campaigns_{model}_changelist")

    assert client.get(url).status_code == 200


@pytest.mark.parametrize("model", ["chapter", "campaign", "action", "ask", "achievement", "newspost"])
def test_editor_opens_every_add_form_in_the_admin(client, editor, model):
    sign_in(client, editor)

    assert client.get(reverse(f"admin:campaigns_{model}_add")).status_code == 200


def test_delivering_an_ask_in_the_admin_asks_its_followers_did_this_happen(
    client, editor, django_capture_on_commit_callbacks
):
    ask = AskFactory(agreed=True)
    achievement = AchievementFactory(campaign=ask.campaign)
    _follower(ask.campaign)
    sign_in(client, editor)
    data = admin_form_data(client.get(_change_url(ask)).text, "ask")
    data["achievement"] = [str(achievement.pk)]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_change_url(ask), data)

    assert response.status_code == 302
    assert [m.subject for m in mail.outbox if "Did this happen?" in m.subject] == [f"Did this happen? {ask.topic}"]


def test_organiser_gives_an_achievements_money_in_pounds_in_the_admin(client):
    achievement = AchievementFactory(money_per_year_pence=None)
    sign_in(client, OrganiserFactory(chapter=achievement.campaign.chapter, staff=True).user)
    url = reverse("admin:campaigns_achievement_change", args=[achievement.pk])
    data = admin_form_data(client.get(url).text, "achievement") | {"money_per_year_pence": ["£1,250.50"]}

    response = client.post(url, data)
    listing = client.get(reverse("admin:campaigns_achievement_changelist"))

    assert response.status_code == 302
    achievement.refresh_from_db()
    assert achievement.money_per_year_pence == 125_050
    assert "£1,250.50" in listing.text


# What residents answered to "Did this happen?", read-only for staff


def test_editor_reads_an_answer_and_its_time_but_not_who_gave_it(client, editor):
    """Seen to fail: without the admin for outcome answers its address did not exist (NoReverseMatch)."""
    answer = OutcomeAnswerFactory(ask__topic="Light the underpass", answer="partly")
    sign_in(client, editor)

    listing = client.get(reverse("admin:campaigns_outcomeanswer_changelist"))
    page = client.get(reverse("admin:campaigns_outcomeanswer_change", args=[answer.pk]))

    assert (listing.status_code, page.status_code) == (200, 200)
    assert "Light the underpass" in listing.text
    assert "Partly" in page.text
    assert "last changed" in page.text.lower()
    assert answer.respondent_key not in listing.text + page.text
    assert "respondent" not in (listing.text + page.text).lower()


def test_editor_reads_who_was_asked_about_an_ask(client, editor):
    """Seen to fail: without the admin for outcome questions its address did not exist (NoReverseMatch)."""
    question = OutcomeQuestionFactory(ask__topic="Light the underpass", asked_count=7)
    sign_in(client, editor)

    response = client.get(reverse("admin:campaigns_outcomequestion_changelist"))

    assert response.status_code == 200
    assert "Light the underpass" in response.text
    assert ">7<" in response.text
    assert reverse("admin:campaigns_outcomequestion_change", args=[question.pk]) in response.text


@pytest.mark.parametrize("model", ["outcomequestion", "outcomeanswer"])
def test_nobody_adds_changes_or_deletes_residents_answers_in_the_admin(client, model):
    """An administrator may do anything else, yet the record of what residents answered stays as they gave it."""
    row = OutcomeQuestionFactory() if model == "outcomequestion" else OutcomeAnswerFactory()
    sign_in(client, UserFactory(superuser=True))

    change = client.post(reverse(f"admin:campaigns_{model}_change", args=[row.pk]), {"answer": "no", "asked_count": 0})
    add = client.get(reverse(f"admin:campaigns_{model}_add"))
    delete = client.post(reverse(f"admin:campaigns_{model}_delete", args=[row.pk]), {"post": "yes"})

    assert (change.status_code, add.status_code, delete.status_code) == (403, 403, 403)
    row.refresh_from_db()
    assert client.get(reverse(f"admin:campaigns_{model}_change", args=[row.pk])).status_code == 200


def test_an_organiser_cannot_open_residents_answers_in_the_admin(client, staff_organiser):
    answer = OutcomeAnswerFactory(ask__campaign__chapter=staff_organiser.chapter)

    response = client.get(reverse("admin:campaigns_outcomeanswer_change", args=[answer.pk]))

    assert response.status_code == 403
    assert client.get(reverse("admin:campaigns_ask_changelist")).status_code == 200
