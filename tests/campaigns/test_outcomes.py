"""Residents confirm an ask's outcome: "Did this happen?" by e-mail, answered by one-click signed links."""

import datetime
import io
import re

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail, signing
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import (
    REVIEW_MIN_ANSWERS,
    OutcomeAnswer,
    OutcomeQuestion,
    OutcomeReason,
    is_flagged,
)
from campaigns.outcome_links import LINK_MAX_AGE, answer_token, respondent_key
from civicportal.core.models import Subscription
from tests.campaigns.factories import AchievementFactory, AskFactory, CampaignFactory, OrganiserFactory
from tests.signin import sign_in
from tests.tasks import run_due_tasks

pytestmark = pytest.mark.django_db

FOLLOWER = "follower@example.org"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def _follower(target, email=FOLLOWER, *, confirmed=True):
    return Subscription.objects.create(
        email=email,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        target_title=str(target),
        consent_text="Yes.",
        confirmed_at=timezone.now() if confirmed else None,
    )


def _organiser_for(ask):
    return OrganiserFactory(chapter=ask.campaign.chapter).user


def _deliver(ask, capture):
    achievement = AchievementFactory(campaign=ask.campaign)
    with capture(execute=True):
        services.ask_update(ask=ask, user=_organiser_for(ask), achievement=achievement)


def _question_mails():
    return [message for message in mail.outbox if "Did this happen?" in message.subject]


def _link(message, label):
    return re.search(rf"^{label}: (\S+)$", message.body, re.MULTILINE).group(1)


def _path(url):
    return url.split("testserver", 1)[-1] if "testserver" in url else re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def agreed_ask():
    return AskFactory(agreed=True)


# The journey: delivered, e-mailed once, answered with one click, changed with a second


def test_followers_get_one_question_when_an_ask_is_delivered(agreed_ask, django_capture_on_commit_callbacks):
    _follower(agreed_ask.campaign)
    _follower(agreed_ask.campaign, "not-confirmed@example.org", confirmed=False)

    _deliver(agreed_ask, django_capture_on_commit_callbacks)

    [message] = _question_mails()
    assert message.to == [FOLLOWER]
    assert agreed_ask.topic in message.subject
    for label in ("Yes", "Partly", "No", "Don't know"):
        assert _link(message, label).startswith("http")
    question = OutcomeQuestion.objects.get(ask=agreed_ask)
    assert (question.reason, question.asked_count) == (OutcomeReason.DELIVERED, 1)


def test_a_delivered_ask_is_asked_about_only_once(agreed_ask, django_capture_on_commit_callbacks):
    _follower(agreed_ask.campaign)
    _deliver(agreed_ask, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        services.ask_update(ask=agreed_ask, user=_organiser_for(agreed_ask), wording="Reworded.")
        services.outcome_questions_send_due()

    assert len(_question_mails()) == 1
    assert OutcomeQuestion.objects.filter(ask=agreed_ask).count() == 1


def test_opening_the_link_preselects_the_answer_and_records_nothing(
    client, agreed_ask, django_capture_on_commit_callbacks
):
    _follower(agreed_ask.campaign)
    _deliver(agreed_ask, django_capture_on_commit_callbacks)

    response = client.get(_path(_link(_question_mails()[0], "Partly")))

    assert response.status_code == 200
    assert re.search(r'value="partly"[^>]*checked', response.text)
    assert "csrfmiddlewaretoken" not in response.text
    assert OutcomeAnswer.objects.count() == 0


def test_one_click_counts_the_answer_and_the_ledger_shows_the_tally(
    client, agreed_ask, django_capture_on_commit_callbacks
):
    _follower(agreed_ask.campaign)
    _deliver(agreed_ask, django_capture_on_commit_callbacks)
    path = _path(_link(_question_mails()[0], "Yes"))

    response = client.post(path.split("?")[0], {"answer": "yes"})

    assert response.status_code == 200
    assert "your answer is counted" in response.text
    ledger = client.get(reverse("campaigns:accountability"))
    assert "1 follower asked, 1 answered" in ledger.text
    assert "yes 1, partly 0, no 0, don&#x27;t know 0" in ledger.text


def test_a_second_click_changes_the_answer_instead_of_adding_one(
    client, agreed_ask, django_capture_on_commit_callbacks
):
    _follower(agreed_ask.campaign)
    _deliver(agreed_ask, django_capture_on_commit_callbacks)
    path = _path(_link(_question_mails()[0], "Yes")).split("?")[0]
    client.post(path, {"answer": "yes"})

    response = client.post(path, {"answer": "no"})

    assert response.status_code == 200
    assert "your answer is changed" in response.text
    assert list(OutcomeAnswer.objects.values_list("answer", flat=True)) == ["no"]


def test_a_forged_link_is_refused(client, agreed_ask, django_capture_on_commit_callbacks):
    _follower(agreed_ask.campaign)
    _deliver(agreed_ask, django_capture_on_commit_callbacks)
    forged = signing.dumps({"ask": agreed_ask.pk, "sub": 1}, salt="another.salt")
    url = reverse("campaigns:ask_outcome", kwargs={"pk": agreed_ask.pk, "token": forged})

    response = client.post(url, {"answer": "no"})

    assert response.status_code == 400
    assert "This answer link does not work" in response.text
    assert OutcomeAnswer.objects.count() == 0


def test_a_tampered_link_is_refused(client, agreed_ask, django_capture_on_commit_callbacks):
    subscription = _follower(agreed_ask.campaign)
    _deliver(agreed_ask, django_capture_on_commit_callbacks)
    token = answer_token(ask_id=agreed_ask.pk, subscription_id=subscription.pk)
    url = reverse("campaigns:ask_outcome", kwargs={"pk": agreed_ask.pk, "token": token[:-2] + "xx"})

    response = client.get(url)

    assert response.status_code == 400
    assert "This answer link does not work" in response.text


def test_a_link_for_one_ask_is_refused_for_another(client, agreed_ask, django_capture_on_commit_callbacks):
    subscription = _follower(agreed_ask.campaign)
    other = AskFactory(agreed=True, campaign=agreed_ask.campaign)
    _deliver(agreed_ask, django_capture_on_commit_callbacks)
    _deliver(other, django_capture_on_commit_callbacks)
    token = answer_token(ask_id=agreed_ask.pk, subscription_id=subscription.pk)

    response = client.post(reverse("campaigns:ask_outcome", kwargs={"pk": other.pk, "token": token}), {"answer": "no"})

    assert response.status_code == 400
    assert "This answer link does not work" in response.text
    assert OutcomeAnswer.objects.count() == 0


def test_a_post_from_another_site_is_refused(client, agreed_ask, django_capture_on_commit_callbacks):
    subscription = _follower(agreed_ask.campaign)
    _deliver(agreed_ask, django_capture_on_commit_callbacks)
    token = answer_token(ask_id=agreed_ask.pk, subscription_id=subscription.pk)
    client.handler.enforce_csrf_checks = True

    response = client.post(
        reverse("campaigns:ask_outcome", kwargs={"pk": agreed_ask.pk, "token": token}),
        {"answer": "no"},
        headers={"Origin": "https://elsewhere.example", "Sec-Fetch-Site": "cross-site"},
    )

    assert response.status_code == 403
    assert OutcomeAnswer.objects.count() == 0


def test_an_answer_is_stored_without_the_address(client, agreed_ask, django_capture_on_commit_callbacks):
    subscription = _follower(agreed_ask.campaign)
    _deliver(agreed_ask, django_capture_on_commit_callbacks)
    token = answer_token(ask_id=agreed_ask.pk, subscription_id=subscription.pk)

    client.post(reverse("campaigns:ask_outcome", kwargs={"pk": agreed_ask.pk, "token": token}), {"answer": "yes"})

    [row] = OutcomeAnswer.objects.values()
    assert row["respondent_key"] == respondent_key(subscription.pk)
    assert not any(FOLLOWER in str(value) or "follower" in str(value) for value in row.values())
    assert FOLLOWER not in signing.loads(token, salt="campaigns.ask.outcome.link").__repr__()


def test_an_answer_still_counts_after_its_owner_unsubscribes(client, agreed_ask, django_capture_on_commit_callbacks):
    subscription = _follower(agreed_ask.campaign)
    _deliver(agreed_ask, django_capture_on_commit_callbacks)
    token = answer_token(ask_id=agreed_ask.pk, subscription_id=subscription.pk)
    client.post(reverse("campaigns:ask_outcome", kwargs={"pk": agreed_ask.pk, "token": token}), {"answer": "no"})

    subscription.delete()

    assert OutcomeAnswer.objects.filter(ask=agreed_ask, answer="no").count() == 1


def test_a_link_kept_past_its_lifetime_is_refused(client, agreed_ask, django_capture_on_commit_callbacks):
    """The e-mailed link, reused a day after LINK_MAX_AGE, is refused and records nothing."""
    _follower(agreed_ask.campaign)
    _deliver(agreed_ask, django_capture_on_commit_callbacks)
    path = _path(_link(_question_mails()[0], "Yes")).split("?")[0]
    later = timezone.now() + datetime.timedelta(seconds=LINK_MAX_AGE) + datetime.timedelta(days=1)

    with time_machine.travel(later, tick=False):
        response = client.post(path, {"answer": "yes"})

    assert response.status_code == 400
    assert "This answer link does not work" in response.text
    assert OutcomeAnswer.objects.count() == 0


def test_the_e_mailed_link_answers_and_the_asks_own_page_shows_the_tally(
    client, agreed_ask, django_capture_on_commit_callbacks
):
    """Through the real path: the e-mail's link, its page's one button, then the ask's page."""
    _follower(agreed_ask.campaign)
    _deliver(agreed_ask, django_capture_on_commit_callbacks)
    path = _path(_link(_question_mails()[0], "Partly"))
    before = client.get(agreed_ask.get_absolute_url())
    form = client.get(path)

    client.post(path.split("?")[0], {"answer": re.search(r'value="(\w+)"[^>]*checked', form.text).group(1)})

    page = client.get(agreed_ask.get_absolute_url())
    assert "1 follower asked, 0 answered" in before.text
    assert page.status_code == 200
    assert "1 follower asked, 1 answered" in page.text
    assert "yes 0, partly 1, no 0, don&#x27;t know 0" in page.text


def test_nobody_can_answer_about_an_ask_they_were_not_asked_about(client, agreed_ask):
    token = answer_token(ask_id=agreed_ask.pk, subscription_id=1)

    response = client.post(
        reverse("campaigns:ask_outcome", kwargs={"pk": agreed_ask.pk, "token": token}), {"answer": "yes"}
    )

    assert response.status_code == 400
    assert "This answer link does not work" in response.text


def test_an_answer_that_is_not_offered_gets_a_message(client, agreed_ask, django_capture_on_commit_callbacks):
    subscription = _follower(agreed_ask.campaign)
    _deliver(agreed_ask, django_capture_on_commit_callbacks)
    token = answer_token(ask_id=agreed_ask.pk, subscription_id=subscription.pk)

    response = client.post(
        reverse("campaigns:ask_outcome", kwargs={"pk": agreed_ask.pk, "token": token}), {"answer": "maybe"}
    )

    assert response.status_code == 400
    assert "Choose one of the answers offered." in response.text
    assert OutcomeAnswer.objects.count() == 0


# The due date passing


def test_followers_are_asked_the_day_after_the_due_date_passes(django_capture_on_commit_callbacks):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        ask = AskFactory(agreed=True, due_on=None)
        _follower(ask.campaign)
        with django_capture_on_commit_callbacks(execute=True):
            services.ask_update(ask=ask, user=_organiser_for(ask), due_on=datetime.date(2026, 3, 31))
        assert _question_mails() == []

    with time_machine.travel(datetime.datetime(2026, 3, 31, 22, tzinfo=datetime.UTC), tick=False):
        run_due_tasks()
        assert _question_mails() == []

    with (
        time_machine.travel(datetime.datetime(2026, 4, 1, 8, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run_due_tasks()

    [message] = _question_mails()
    assert "was due by 31 March 2026" in message.body
    assert OutcomeQuestion.objects.get(ask=ask).reason == OutcomeReason.DUE_DATE_PASSED


def test_an_ask_delivered_before_its_due_date_is_asked_about_once(django_capture_on_commit_callbacks):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        ask = AskFactory(agreed=True, due_on=None)
        _follower(ask.campaign)
        with django_capture_on_commit_callbacks(execute=True):
            services.ask_update(ask=ask, user=_organiser_for(ask), due_on=datetime.date(2026, 3, 31))
        _deliver(ask, django_capture_on_commit_callbacks)

    with (
        time_machine.travel(datetime.datetime(2026, 4, 2, 8, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert run_due_tasks() == 1

    assert len(_question_mails()) == 1
    assert OutcomeQuestion.objects.get(ask=ask).reason == OutcomeReason.DELIVERED


def test_a_draft_campaigns_asks_are_not_asked_about(django_capture_on_commit_callbacks):
    ask = AskFactory(agreed=True, campaign__published=False)
    _follower(ask.campaign)

    _deliver(ask, django_capture_on_commit_callbacks)

    assert _question_mails() == []
    assert not OutcomeQuestion.objects.filter(ask=ask).exists()


# The flag for review


@pytest.mark.parametrize(
    ("no", "answered", "flagged"),
    [
        (REVIEW_MIN_ANSWERS - 1, REVIEW_MIN_ANSWERS - 1, False),  # all say no, but too few answered
        (3, REVIEW_MIN_ANSWERS, True),  # 3 of 5: most
        (3, 6, False),  # half is not most
        (4, 7, True),
        (0, 0, False),
    ],
)
def test_an_ask_is_flagged_when_most_of_enough_answers_say_no(no, answered, flagged):
    assert is_flagged(no=no, answered=answered) is flagged


def _answers(ask, *answers):
    OutcomeQuestion.objects.create(ask=ask, reason=OutcomeReason.DELIVERED, asked_count=10)
    for number, answer in enumerate(answers):
        OutcomeAnswer.objects.create(ask=ask, respondent_key=respondent_key(number), answer=answer)


def test_the_flag_is_public_on_the_ledger_and_the_campaign_page(client):
    ask = AskFactory(delivered=True)
    _answers(ask, "no", "no", "no", "yes", "dont_know")

    ledger = client.get(reverse("campaigns:accountability"))
    campaign = client.get(ask.campaign.get_absolute_url())

    for response in (ledger, campaign):
        assert response.status_code == 200
        assert "Flagged for review" in response.text
        assert "10 followers asked, 5 answered" in response.text


def test_an_ask_with_too_few_answers_is_not_flagged(client):
    ask = AskFactory(delivered=True)
    _answers(ask, "no", "no", "no", "no")

    response = client.get(reverse("campaigns:accountability"))

    assert response.status_code == 200
    assert "10 followers asked, 4 answered" in response.text
    assert "Flagged for review" not in response.text


def test_organisers_see_the_flagged_asks_of_their_chapter_to_review(client):
    flagged = AskFactory(delivered=True, topic="Flagged ask")
    _answers(flagged, "no", "no", "no", "no", "yes")
    other = AskFactory(delivered=True, topic="Other chapter's flagged ask")
    _answers(other, "no", "no", "no", "no", "no")
    organiser = OrganiserFactory(chapter=flagged.campaign.chapter)
    sign_in(client, organiser.user)

    response = client.get(reverse("campaigns:manage"))

    assert response.status_code == 200
    assert "Asks to review" in response.text
    assert "Flagged ask" in response.text
    assert "Other chapter&#x27;s flagged ask" not in response.text


# What the followers of a campaign hear when a step of its story moves


def test_followers_hear_of_a_new_action(django_capture_on_commit_callbacks):
    campaign = CampaignFactory(published=True)
    _follower(campaign)

    with django_capture_on_commit_callbacks(execute=True):
        services.action_create(
            user=OrganiserFactory(chapter=campaign.chapter).user,
            chapter=campaign.chapter,
            campaign=campaign,
            title="Assembly at the hall",
            summary="Come along.",
            starts_at=timezone.now() + datetime.timedelta(days=10),
        )

    [message] = mail.outbox
    assert "Assembly at the hall" in message.subject


def test_followers_hear_of_a_response_once(agreed_ask, django_capture_on_commit_callbacks):
    ask = AskFactory(campaign=agreed_ask.campaign)
    _follower(ask.campaign)
    user = _organiser_for(ask)

    with django_capture_on_commit_callbacks(execute=True):
        services.ask_update(ask=ask, user=user, response="declined", responded_on=datetime.date(2020, 1, 1))
        services.ask_update(ask=ask, user=user, wording="Reworded.")

    [message] = mail.outbox
    assert "answered an ask: declined" in message.subject


def test_followers_hear_of_an_achievement(django_capture_on_commit_callbacks):
    campaign = CampaignFactory(published=True)
    _follower(campaign)

    with django_capture_on_commit_callbacks(execute=True):
        services.achievement_create(
            user=OrganiserFactory(chapter=campaign.chapter).user,
            campaign=campaign,
            headline="Hundreds paid fairly",
            won_on=datetime.date(2020, 5, 1),
        )

    [message] = mail.outbox
    assert "Hundreds paid fairly" in message.subject


def test_followers_of_a_draft_campaign_hear_nothing(django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    _follower(campaign)

    with django_capture_on_commit_callbacks(execute=True):
        achievement = services.achievement_create(
            user=OrganiserFactory(chapter=campaign.chapter).user,
            campaign=campaign,
            headline="Quiet win",
            won_on=datetime.date(2020, 5, 1),
        )

    assert achievement.pk is not None
    assert mail.outbox == []


def test_the_command_catches_up_on_asks_delivered_before_their_campaign_was_public(
    django_capture_on_commit_callbacks,
):
    ask = AskFactory(agreed=True, campaign__published=False)
    _follower(ask.campaign)
    _deliver(ask, django_capture_on_commit_callbacks)
    ask.campaign.status, ask.campaign.publish_at = "published", timezone.now()
    ask.campaign.save()
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("ask_outcome_questions", stdout=out)
        call_command("ask_outcome_questions", stdout=io.StringIO())

    assert out.getvalue().strip() == "Asked about 1 ask."
    assert len(_question_mails()) == 1
