"""The alliance's services: each write checks permission, validates, saves, and sends e-mail only after commit."""

import datetime
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from campaigns import services
from campaigns.models import AskStatus, NewsPost, Reaction, ReactionKind
from civicportal.core.models import Subscription
from civicportal.core.publishing import Status
from tests.campaigns.factories import (
    AchievementFactory,
    AskFactory,
    CampaignFactory,
    ChapterFactory,
    NewsPostFactory,
    OrganiserFactory,
)

pytestmark = pytest.mark.django_db


def _follower(target, email="resident@example.org"):
    """Return a confirmed subscription to the target, as if its owner had clicked the confirmation link."""
    return Subscription.objects.create(
        email=email,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        target_title=str(target),
        consent_text="Yes.",
        confirmed_at=timezone.now(),
    )


# News


def test_organiser_creates_a_draft_owned_by_them():
    organiser = OrganiserFactory()

    post = services.news_post_create(
        user=organiser.user, chapter=organiser.chapter, title="A first post", summary="S.", body="B."
    )

    assert post.status == Status.DRAFT
    assert post.owner == organiser.user
    assert post.slug == "a-first-post"


def test_second_post_with_the_same_title_gets_its_own_address():
    organiser = OrganiserFactory()
    fields = {"user": organiser.user, "chapter": organiser.chapter, "summary": "S.", "body": "B."}

    first = services.news_post_create(title="Same title", **fields)
    second = services.news_post_create(title="Same title", **fields)

    assert first.slug != second.slug


def test_organiser_cannot_create_a_post_for_another_chapter():
    organiser = OrganiserFactory()

    with pytest.raises(PermissionDenied):
        services.news_post_create(user=organiser.user, chapter=ChapterFactory(), title="T", summary="S", body="B")


def test_organiser_submits_a_draft_for_review():
    organiser = OrganiserFactory()
    post = NewsPostFactory(campaign__chapter=organiser.chapter, owner=organiser.user)

    services.news_post_submit(post=post, user=organiser.user)

    assert post.status == Status.IN_REVIEW


def test_organiser_cannot_publish():
    organiser = OrganiserFactory()
    post = NewsPostFactory(campaign__chapter=organiser.chapter, in_review=True)

    with pytest.raises(PermissionDenied):
        services.news_post_publish(post=post, user=organiser.user)

    post.refresh_from_db()
    assert post.status == Status.IN_REVIEW


def test_publishing_emails_followers_of_the_campaign_and_the_chapter(editor, django_capture_on_commit_callbacks):
    post = NewsPostFactory(in_review=True)
    _follower(post.campaign, "campaign-follower@example.org")
    _follower(post.chapter, "chapter-follower@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.news_post_publish(post=post, user=editor)

    assert post.is_live
    to_followers = [message for message in mail.outbox if message.to[0] != post.owner.email]
    assert sorted(message.to[0] for message in to_followers) == [
        "campaign-follower@example.org",
        "chapter-follower@example.org",
    ]
    assert post.get_absolute_url() in to_followers[0].body


def test_scheduled_post_is_not_announced_yet(editor, django_capture_on_commit_callbacks):
    post = NewsPostFactory(in_review=True)
    _follower(post.campaign)

    with django_capture_on_commit_callbacks(execute=True):
        services.news_post_publish(post=post, user=editor, publish_at=timezone.now() + datetime.timedelta(days=1))

    assert [message.to[0] for message in mail.outbox] == [post.owner.email]  # the author hears it is scheduled
    assert post.state == "scheduled"


def test_editor_unpublishes_a_post(editor):
    post = NewsPostFactory(published=True)

    services.news_post_unpublish(post=post, user=editor)

    assert not NewsPost.objects.live().exists()


def test_update_cannot_change_the_publishing_state():
    organiser = OrganiserFactory()
    post = NewsPostFactory(campaign__chapter=organiser.chapter)

    with pytest.raises(TypeError):
        services.news_post_update(post=post, user=organiser.user, title="New", status=Status.PUBLISHED)

    post.refresh_from_db()
    assert post.status == Status.DRAFT


# Reactions


def test_a_browser_reacts_once_and_can_change_its_reaction():
    post = NewsPostFactory(published=True)

    _, first = services.reaction_record(
        post=post, kind=ReactionKind.SUPPORT, browser_token="abc", address="198.51.100.1"
    )
    _, second = services.reaction_record(
        post=post, kind=ReactionKind.THANKS, browser_token="abc", address="198.51.100.1"
    )

    assert (first, second) == (True, False)
    assert list(Reaction.objects.values_list("kind", flat=True)) == [ReactionKind.THANKS]


def test_reaction_keeps_only_a_hash_of_the_browser_token():
    post = NewsPostFactory(published=True)

    reaction, _ = services.reaction_record(
        post=post, kind=ReactionKind.SUPPORT, browser_token="secret-token", address="198.51.100.1"
    )

    assert "secret-token" not in reaction.browser_hash
    assert len(reaction.browser_hash) == 64


def test_reaction_to_an_unpublished_post_is_refused():
    with pytest.raises(PermissionDenied):
        services.reaction_record(
            post=NewsPostFactory(), kind=ReactionKind.SUPPORT, browser_token="abc", address="198.51.100.1"
        )


def test_unknown_reaction_is_refused():
    with pytest.raises(ValidationError):
        services.reaction_record(
            post=NewsPostFactory(published=True), kind="anger", browser_token="abc", address="198.51.100.1"
        )


def test_a_second_browser_from_the_same_network_is_not_counted_the_same_day():
    """Seen failing with the address hash left empty in reaction_record (the constraint skips it): no error."""
    post = NewsPostFactory(published=True)
    services.reaction_record(post=post, kind=ReactionKind.SUPPORT, browser_token="first", address="198.51.100.1")

    with pytest.raises(services.AddressAlreadyReactedError):
        services.reaction_record(post=post, kind=ReactionKind.SUPPORT, browser_token="second", address="198.51.100.1")

    assert Reaction.objects.count() == 1


def test_the_address_is_kept_only_as_a_hash_that_changes_with_the_post_and_the_day():
    post, other = NewsPostFactory.create_batch(2, published=True)
    today = timezone.localdate()

    hashed = services.address_hash(post=post, address="198.51.100.1", day=today)

    assert "198.51.100.1" not in hashed
    assert hashed != services.address_hash(post=other, address="198.51.100.1", day=today)
    assert hashed != services.address_hash(post=post, address="198.51.100.1", day=today + datetime.timedelta(days=1))


def test_addresses_in_one_ipv6_slash_64_count_as_one_network():
    post = NewsPostFactory(published=True)
    today = timezone.localdate()

    first = services.address_hash(post=post, address="2001:db8:1:2::1", day=today)

    assert first == services.address_hash(post=post, address="2001:db8:1:2:ffff::9", day=today)
    assert first != services.address_hash(post=post, address="2001:db8:1:3::1", day=today)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_browser", [True, False], ids=["same-browser", "same-network"])
def test_two_concurrent_reactions_from_one_reader_count_once(same_browser):
    """Seen failing (same-network) with the address hash left empty in reaction_record: both threads counted."""
    post = NewsPostFactory(published=True)
    start = threading.Barrier(2)
    outcomes = []

    def react(token):
        try:
            start.wait()
            _, created = services.reaction_record(
                post=post, kind=ReactionKind.SUPPORT, browser_token=token, address="198.51.100.1"
            )
            outcomes.append("counted" if created else "not counted")
        except services.AddressAlreadyReactedError:
            outcomes.append("not counted")
        finally:
            connection.close()

    tokens = ["one", "one"] if same_browser else ["one", "two"]
    threads = [threading.Thread(target=react, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["counted", "not counted"]
    assert Reaction.objects.filter(post=post).count() == 1


# Asks and achievements


def test_recording_an_agreement_with_a_due_date_makes_the_ask_agreed():
    organiser = OrganiserFactory()
    ask = AskFactory(campaign=CampaignFactory(chapter=organiser.chapter, published=True))

    services.ask_update(
        ask=ask,
        user=organiser.user,
        response="agreed",
        responded_on=timezone.localdate() - datetime.timedelta(days=5),
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )

    assert ask.status == AskStatus.AGREED


def test_marking_an_agreed_ask_delivered_links_its_achievement():
    organiser = OrganiserFactory()
    ask = AskFactory(campaign=CampaignFactory(chapter=organiser.chapter, published=True), agreed=True)
    achievement = AchievementFactory(campaign=ask.campaign)

    services.ask_update(ask=ask, user=organiser.user, achievement=achievement)

    assert ask.status == AskStatus.DELIVERED


def test_an_ask_without_agreement_cannot_be_marked_delivered():
    organiser = OrganiserFactory()
    ask = AskFactory(campaign=CampaignFactory(chapter=organiser.chapter, published=True))

    with pytest.raises(ValidationError):
        services.ask_update(ask=ask, user=organiser.user, achievement=AchievementFactory(campaign=ask.campaign))


def test_organiser_cannot_move_an_achievement_to_another_chapters_campaign():
    organiser = OrganiserFactory()
    achievement = AchievementFactory(campaign=CampaignFactory(chapter=organiser.chapter))

    with pytest.raises(PermissionDenied):
        services.achievement_update(
            achievement=achievement, user=organiser.user, campaign=CampaignFactory(published=True)
        )


def test_achievement_figures_are_saved_in_pence():
    organiser = OrganiserFactory()
    campaign = CampaignFactory(chapter=organiser.chapter)

    achievement = services.achievement_create(
        user=organiser.user,
        campaign=campaign,
        headline="A pay rise",
        won_on=datetime.date(2014, 5, 1),
        people_benefited=900,
        money_per_year_pence=84_000_000,
    )

    assert achievement.money_per_year_total_pence == 84_000_000


def test_title_that_would_clash_with_a_page_address_gets_another_slug():
    organiser = OrganiserFactory()

    post = services.news_post_create(user=organiser.user, chapter=organiser.chapter, title="New", summary="S", body="B")

    assert post.slug == "new-newspost"
