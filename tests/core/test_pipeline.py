"""The publishing pipeline: announcements once, scheduled ones at their time, notices to editors and authors."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from campaigns import services as campaign_services
from civicportal.core import follows, pipeline
from civicportal.core.models import Announcement, StateAction, StateChange
from civicportal.core.publishing import Status
from neighbourhoods import services as ward_services
from tests.campaigns.factories import NewsPostFactory, OrganiserFactory
from tests.core.factories import PageFactory, SubscriptionFactory
from tests.neighbourhoods.factories import EventFactory, OfficerAssignmentFactory, WardFactory
from tests.tasks import run_due_tasks

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2027, 3, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the transaction to commit (e-mail, tasks), as a real request's end would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _to_followers(address="follower@example.org"):
    return [message for message in mail.outbox if message.to == [address]]


def test_publishing_tells_each_follower_once(editor, committed):
    post = NewsPostFactory(in_review=True, campaign=None)
    SubscriptionFactory(target=post.chapter, email="follower@example.org", confirmed=True)

    with committed():
        campaign_services.news_post_publish(post=post, user=editor)

    assert len(_to_followers()) == 1
    assert post.title in _to_followers()[0].body


def test_publishing_again_editing_or_unpublishing_and_republishing_tells_nobody_again(editor, committed):
    post = NewsPostFactory(in_review=True, campaign=None)
    SubscriptionFactory(target=post.chapter, email="follower@example.org", confirmed=True)
    with committed():
        campaign_services.news_post_publish(post=post, user=editor)
    mail.outbox.clear()

    with committed():
        campaign_services.news_post_publish(post=post, user=editor)
        campaign_services.news_post_update(post=post, user=editor, summary="A corrected summary.")
        campaign_services.news_post_unpublish(post=post, user=editor)
        campaign_services.news_post_publish(post=post, user=editor)

    post.refresh_from_db()
    assert post.is_live
    assert _to_followers() == []
    assert Announcement.objects.count() == 1


def test_links_in_the_announcement_use_the_configured_public_address(editor, committed, settings):
    settings.SITE_URL = "https://portal.example"
    post = NewsPostFactory(in_review=True, campaign=None)
    SubscriptionFactory(target=post.chapter, email="follower@example.org", confirmed=True)

    with committed():
        campaign_services.news_post_publish(post=post, user=editor)

    body = _to_followers()[0].body
    assert f"https://portal.example{post.get_absolute_url()}" in body
    assert "https://portal.example/follow/stop/" in body
    assert "127.0.0.1:8000" not in body


def test_scheduled_item_is_announced_by_the_worker_when_its_time_comes_and_not_before(editor, committed):
    with time_machine.travel(NOON, tick=False):
        post = NewsPostFactory(in_review=True, campaign=None)
        SubscriptionFactory(target=post.chapter, email="follower@example.org", confirmed=True)
        with committed():
            campaign_services.news_post_publish(post=post, user=editor, publish_at=NOON + datetime.timedelta(hours=2))

    with time_machine.travel(NOON + datetime.timedelta(hours=1, minutes=59), tick=False), committed():
        run_due_tasks()
    assert _to_followers() == []
    assert not pipeline.is_announced(post)

    with time_machine.travel(NOON + datetime.timedelta(hours=2, seconds=1), tick=False), committed():
        run_due_tasks()
    assert len(_to_followers()) == 1
    assert pipeline.is_announced(post)


def test_a_time_given_in_british_summer_time_is_announced_when_it_comes(editor, committed):
    summer_noon = datetime.datetime(2027, 6, 1, 11, 0, tzinfo=datetime.UTC)
    london = zoneinfo.ZoneInfo("Europe/London")
    with time_machine.travel(summer_noon, tick=False):
        post = NewsPostFactory(in_review=True, campaign=None)
        SubscriptionFactory(target=post.chapter, email="follower@example.org", confirmed=True)
        with committed():
            campaign_services.news_post_publish(
                post=post, user=editor, publish_at=datetime.datetime(2027, 6, 1, 13, 0, tzinfo=london)
            )

    with time_machine.travel(summer_noon + datetime.timedelta(hours=1, seconds=1), tick=False), committed():
        run_due_tasks()

    assert len(_to_followers()) == 1


def test_moving_a_schedule_moves_its_announcement(editor, committed):
    with time_machine.travel(NOON, tick=False):
        post = NewsPostFactory(in_review=True, campaign=None)
        SubscriptionFactory(target=post.chapter, email="follower@example.org", confirmed=True)
        with committed():
            campaign_services.news_post_publish(post=post, user=editor, publish_at=NOON + datetime.timedelta(hours=1))
            campaign_services.news_post_publish(post=post, user=editor, publish_at=NOON + datetime.timedelta(hours=3))

    with time_machine.travel(NOON + datetime.timedelta(hours=2), tick=False), committed():
        run_due_tasks()
    assert _to_followers() == []

    with time_machine.travel(NOON + datetime.timedelta(hours=3, seconds=1), tick=False), committed():
        run_due_tasks()
    assert len(_to_followers()) == 1


def test_withdrawing_a_schedule_cancels_its_announcement(editor, committed):
    with time_machine.travel(NOON, tick=False):
        post = NewsPostFactory(in_review=True, campaign=None)
        SubscriptionFactory(target=post.chapter, email="follower@example.org", confirmed=True)
        with committed():
            campaign_services.news_post_publish(post=post, user=editor, publish_at=NOON + datetime.timedelta(hours=1))
            campaign_services.news_post_unpublish(post=post, user=editor)

    with time_machine.travel(NOON + datetime.timedelta(hours=2), tick=False), committed():
        ran = run_due_tasks()

    assert ran >= 1  # the announcement's task ran, and found nothing to announce
    assert _to_followers() == []
    post.refresh_from_db()
    assert post.status == Status.DRAFT


def test_an_event_that_is_already_over_is_not_announced(committed):
    ward = WardFactory()
    officer = OfficerAssignmentFactory(ward=ward).user
    SubscriptionFactory(target=ward, email="follower@example.org", confirmed=True)
    over = EventFactory(ward=ward, starts_at=timezone.now() - datetime.timedelta(days=3))
    coming = EventFactory(ward=ward, starts_at=timezone.now() + datetime.timedelta(days=3))

    with committed():
        ward_services.event_update(event=over, user=officer, status=Status.PUBLISHED)
        ward_services.event_update(event=coming, user=officer, status=Status.PUBLISHED)

    assert len(_to_followers()) == 1
    assert coming.title in _to_followers()[0].body
    assert over.title not in _to_followers()[0].body


def test_updates_to_one_subscriber_are_batched_at_most_one_email_in_ten_minutes(editor, committed):
    with time_machine.travel(NOON, tick=False):
        page = PageFactory(published=True)
        subscription = SubscriptionFactory(target=page, email="follower@example.org", confirmed=True)
        with committed():
            follows.followers_notify(target=page, subject="First", message="One.", url="/a/")
    with time_machine.travel(NOON + datetime.timedelta(seconds=2), tick=False), committed():
        follows.followers_notify(target=page, subject="Second", message="Two.", url="/b/")
        follows.followers_notify(target=page, subject="Third", message="Three.", url="/c/")
        run_due_tasks()
    assert [message.subject for message in _to_followers()] == ["First"]

    with time_machine.travel(NOON + datetime.timedelta(minutes=9, seconds=59), tick=False), committed():
        run_due_tasks()
    assert len(_to_followers()) == 1

    with time_machine.travel(NOON + datetime.timedelta(minutes=10, seconds=1), tick=False), committed():
        run_due_tasks()
    assert [message.subject for message in _to_followers()] == ["First", f"2 updates about {subscription.target_title}"]
    assert "Two." in _to_followers()[1].body
    assert "Three." in _to_followers()[1].body


def test_submitting_tells_the_editors_mailbox(committed, settings):
    settings.EDITORS_MAILBOX = "editors@portal.example"
    organiser = OrganiserFactory()
    post = NewsPostFactory(campaign=None, chapter=organiser.chapter, owner=organiser.user)

    with committed():
        campaign_services.news_post_submit(post=post, user=organiser.user)

    to_editors = [message for message in mail.outbox if message.to == ["editors@portal.example"]]
    assert [message.subject for message in to_editors] == [f"For review: {post.title}"]
    assert "/review/" in to_editors[0].body


def test_sending_back_tells_the_author_with_the_reason(editor, committed):
    post = NewsPostFactory(in_review=True, campaign=None)

    with committed():
        pipeline.send_back(item=post, user=editor, reason="Give the date of the assembly.")

    to_author = [message for message in mail.outbox if message.to == [post.owner.email]]
    assert len(to_author) == 1
    assert "Give the date of the assembly." in to_author[0].body
    post.refresh_from_db()
    assert post.status == Status.DRAFT
    assert StateChange.objects.for_item(post).get().action == StateAction.SEND_BACK


def test_publishing_tells_the_author(editor, committed):
    post = NewsPostFactory(in_review=True, campaign=None)

    with committed():
        pipeline.publish(item=post, user=editor)

    assert [message.subject for message in mail.outbox if message.to == [post.owner.email]] == [
        f"Published: {post.title}"
    ]


def test_each_step_is_kept_in_the_history_with_the_acting_user(editor):
    post = NewsPostFactory(in_review=True, campaign=None)

    pipeline.publish(item=post, user=editor)

    latest = post.history.latest()
    assert latest.history_user == editor
    assert latest.status == Status.PUBLISHED
    assert latest.history_change_reason == "Published"


def test_only_a_draft_can_be_submitted(editor):
    post = NewsPostFactory(published=True, campaign=None)

    with pytest.raises(ValidationError):
        pipeline.submit(item=post, user=editor)

    post.refresh_from_db()
    assert post.status == Status.PUBLISHED


def test_an_author_cannot_publish_their_own_work():
    organiser = OrganiserFactory()
    post = NewsPostFactory(in_review=True, campaign=None, chapter=organiser.chapter, owner=organiser.user)

    with pytest.raises(PermissionDenied):
        pipeline.publish(item=post, user=organiser.user)

    post.refresh_from_db()
    assert post.status == Status.IN_REVIEW
