"""Every write to the alliance's content that matters: views, the admin, commands and tests all call these.

Each checks that the user may make the change, validates the whole row (`full_clean`) and saves it.
Changes of publishing state go through the shared pipeline (`civicportal.core.pipeline`), which checks
who may publish, keeps the history and announces a post to its followers once, when it is first live.
"""

import datetime
import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction

from civicportal.core import permissions as core_permissions
from civicportal.core import pipeline
from civicportal.core.publishing import Status
from civicportal.core.slugs import unique_slug

from .models import Achievement, Action, Ask, Campaign, Chapter, NewsPost, Reaction
from .permissions import check_can_write_for

# Slugs that would be read as one of the app's own addresses ("news/new/", "news/feed/").
RESERVED_SLUGS = frozenset({"new", "feed", "write"})


def _check_can_change(user, obj: models.Model) -> None:
    if not core_permissions.user_can_change(user, obj):
        raise PermissionDenied


def _save(obj: models.Model) -> models.Model:
    obj.full_clean()
    obj.save()
    return obj


def _apply(obj: models.Model, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


# News


@transaction.atomic
def news_post_create(*, user, chapter: Chapter, title: str, **fields: Any) -> NewsPost:
    """Create a draft post for a chapter, owned by its author."""
    check_can_write_for(user, chapter)
    post = NewsPost(chapter=chapter, title=title, owner=user, status=Status.DRAFT, **fields)
    post.slug = unique_slug(NewsPost.objects.all(), title, reserved=RESERVED_SLUGS)
    _check_can_change(user, post)
    return _save(post)


@transaction.atomic
def news_post_update(*, post: NewsPost, user, **fields: Any) -> NewsPost:
    """Change a post's content; its publishing state changes only through submit, publish and unpublish."""
    _check_can_change(user, post)
    fields.pop("status", None)
    fields.pop("publish_at", None)
    _apply(post, fields)
    _check_can_change(user, post)
    return _save(post)


def news_post_submit(*, post: NewsPost, user) -> NewsPost:
    """Send a draft to the editors for review."""
    return pipeline.submit(item=post, user=user)


def news_post_publish(*, post: NewsPost, user, publish_at: datetime.datetime | None = None) -> NewsPost:
    """Publish a post now or at `publish_at`; its followers hear of it when it is first live."""
    return pipeline.publish(item=post, user=user, publish_at=publish_at)


def news_post_unpublish(*, post: NewsPost, user) -> NewsPost:
    """Take a post off the site and back to draft."""
    return pipeline.unpublish(item=post, user=user)


def _news_post_notices(post: NewsPost) -> list[pipeline.Notice]:
    """Return what the followers of a post's campaign and chapter hear when it is first live."""
    subject = f"{post.chapter.name}: {post.title}"
    url = post.get_absolute_url()
    targets = [post.campaign] if post.campaign_id and post.campaign.is_live else []
    return [pipeline.Notice(target, subject, post.summary, url) for target in (*targets, post.chapter)]


def _campaign_notices(campaign: Campaign) -> list[pipeline.Notice]:
    """Return what the followers of a chapter hear when one of its campaigns is first live."""
    subject = f"{campaign.chapter.name}: a new campaign, {campaign.title}"
    return [pipeline.Notice(campaign.chapter, subject, campaign.summary, campaign.get_absolute_url())]


pipeline.register_announcer(NewsPost, _news_post_notices)
pipeline.register_announcer(Campaign, _campaign_notices)


def browser_hash(token: str) -> str:
    """Return the one-way hash of a browser's reaction token, which is all that is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def reaction_record(*, post: NewsPost, kind: str, browser_token: str) -> tuple[Reaction, bool]:
    """Record a browser's reaction to a post, replacing its earlier one; return it and whether it is new."""
    if not post.is_live:
        raise PermissionDenied
    hashed = browser_hash(browser_token)
    reaction = Reaction.objects.filter(post=post, browser_hash=hashed).first()
    if reaction is not None:
        reaction.kind = kind
        reaction.full_clean()
        reaction.save(update_fields=["kind"])
        return reaction, False
    reaction = Reaction(post=post, kind=kind, browser_hash=hashed)
    reaction.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            reaction.save()
    except IntegrityError:  # the same browser reacted twice at once: the first one counts
        return Reaction.objects.get(post=post, browser_hash=hashed), False
    return reaction, True


# Actions, asks and achievements


@transaction.atomic
def action_create(*, user, chapter: Chapter, title: str, **fields: Any) -> Action:
    """Add a public action or assembly to a chapter."""
    check_can_write_for(user, chapter)
    action = Action(chapter=chapter, title=title, **fields)
    slug_text = f"{title} {fields['starts_at']:%Y}" if fields.get("starts_at") else title
    action.slug = unique_slug(Action.objects.all(), slug_text, reserved=RESERVED_SLUGS)
    _check_can_change(user, action)
    return _save(action)


@transaction.atomic
def action_update(*, action: Action, user, **fields: Any) -> Action:
    """Change an action: its details, or that it is postponed or cancelled and why."""
    _check_can_change(user, action)
    _apply(action, fields)
    _check_can_change(user, action)
    return _save(action)


@transaction.atomic
def ask_create(*, user, campaign: Campaign, topic: str, **fields: Any) -> Ask:
    """Record an ask put to a decision-maker for a campaign."""
    check_can_write_for(user, campaign.chapter)
    ask = Ask(campaign=campaign, topic=topic, **fields)
    _check_can_change(user, ask)
    return _save(ask)


@transaction.atomic
def ask_update(*, ask: Ask, user, **fields: Any) -> Ask:
    """Change an ask: its wording, the response it got, its due date or what it delivered."""
    _check_can_change(user, ask)
    _apply(ask, fields)
    _check_can_change(user, ask)
    return _save(ask)


@transaction.atomic
def achievement_create(*, user, campaign: Campaign, headline: str, **fields: Any) -> Achievement:
    """Record something a campaign won, with its figures."""
    check_can_write_for(user, campaign.chapter)
    achievement = Achievement(campaign=campaign, headline=headline, **fields)
    achievement.slug = unique_slug(Achievement.objects.all(), headline, reserved=RESERVED_SLUGS)
    _check_can_change(user, achievement)
    return _save(achievement)


@transaction.atomic
def achievement_update(*, achievement: Achievement, user, **fields: Any) -> Achievement:
    """Change an achievement or its figures."""
    _check_can_change(user, achievement)
    _apply(achievement, fields)
    _check_can_change(user, achievement)
    return _save(achievement)
