"""The one way public content changes state: submit, send back, publish (now or later), unpublish, archive.

Every door calls these: each app's services, the admin's change form, list actions and history revert,
the editors' review queue, commands and tests. Each step checks the model's policy (`permissions.py`: who
may change it, who may publish it), saves the item with the acting user in its history, records the step
(`StateChange`), and once the transaction commits tells the people concerned: the editors' mailbox when
work is submitted, the author when it is published or sent back.

An item is announced once in its life, when it is first live (`Announcement` makes a second publish, an
edit, a revert or a retried task send nothing new): its followers hear of it through the notices its app
registers with `register_announcer`, and `item_announced` is sent for the search index, caches and the
open-data export. An item published for a later time is announced by the background worker at that
time; moving or withdrawing the time before it comes moves or cancels the announcement.
`item_changed` is sent after every step, for listeners that must forget what they knew of the item.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.dispatch import Signal
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from . import permissions
from .follows import followers_notify
from .models import Announcement, StateAction, StateChange
from .outbox import absolute_url, email_queue
from .publishing import Publishable, Status

# Sent after commit, with `instance`: once in an item's life, when it is first live.
item_announced = Signal()
# Sent after commit, with `instance` and `action`: after every step of the pipeline.
item_changed = Signal()


@dataclasses.dataclass(frozen=True)
class Notice:
    """News of an item for the followers of one target (a ward, a campaign, a chapter)."""

    target: models.Model
    subject: str
    message: str
    url: str


_announcers: dict[type[models.Model], Callable[[models.Model], Iterable[Notice]]] = {}


def register_announcer(model: type[Publishable], announcer: Callable[[models.Model], Iterable[Notice]]) -> None:
    """Set what the followers hear when an item of the model is first live (an empty list: nothing)."""
    _announcers[model] = announcer


def publishable_models() -> list[type[Publishable]]:
    """Return every concrete model that goes through the pipeline."""
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


# The steps.


def _check_status(item: Publishable, allowed: tuple[str, ...], step: str) -> None:
    if item.status not in allowed:
        raise ValidationError(
            "This cannot be %(step)s while it is %(state)s.",
            code="wrong_state",
            params={"step": step, "state": item.get_status_display().lower()},
        )


def _save(item: Publishable, *, user, action: StateAction, note: str = "") -> Publishable:
    item.full_clean()
    if getattr(user, "is_authenticated", False):
        item._history_user = user  # django-simple-history records who made the change
    item._change_reason = StateAction(action).label
    item.save()
    StateChange.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        action=action,
        actor=user if getattr(user, "is_authenticated", False) else None,
        note=note,
    )
    model, pk = type(item), item.pk
    transaction.on_commit(lambda: _send_changed(model, pk, action))
    return item


def _send_changed(model, pk, action) -> None:
    instance = model._default_manager.filter(pk=pk).first()
    if instance is not None:
        item_changed.send(sender=model, instance=instance, action=action)


@transaction.atomic
def submit(*, item: Publishable, user) -> Publishable:
    """Send a draft to the editors for review, and tell the editors' mailbox."""
    permissions.check_can_change(user, item)
    _check_status(item, (Status.DRAFT,), "sent for review")
    item.status = Status.IN_REVIEW
    _save(item, user=user, action=StateAction.SUBMIT)
    _tell_editors(item, user=user)
    return item


@transaction.atomic
def send_back(*, item: Publishable, user, reason: str) -> Publishable:
    """Return work in review to its author as a draft, with the reason, and tell the author."""
    permissions.check_can_publish(user, item)
    _check_status(item, (Status.IN_REVIEW,), "sent back")
    item.status = Status.DRAFT
    _save(item, user=user, action=StateAction.SEND_BACK, note=reason.strip())
    _tell_author(item, user=user, template="core/email/sent_back.txt", subject=f"Sent back: {item}", reason=reason)
    return item


@transaction.atomic
def publish(*, item: Publishable, user, publish_at: datetime.datetime | None = None) -> Publishable:
    """Publish now, or at `publish_at`; it is announced when it is first live. Publishing again changes nothing."""
    permissions.check_can_publish(user, item)
    was_live = item.is_live
    if was_live and publish_at is None:
        return item
    item.status = Status.PUBLISHED
    item.publish_at = publish_at or timezone.now()
    action = StateAction.SCHEDULE if item.publish_at > timezone.now() else StateAction.PUBLISH
    _save(item, user=user, action=action)
    if not was_live:
        _announce_when_live(item)
        _tell_author(
            item,
            user=user,
            template="core/email/published.txt",
            subject=f"{'Scheduled' if action == StateAction.SCHEDULE else 'Published'}: {item}",
        )
    return item


@transaction.atomic
def unpublish(*, item: Publishable, user) -> Publishable:
    """Take an item off the site (or withdraw its schedule) and back to draft."""
    permissions.check_can_publish(user, item)
    _check_status(item, (Status.PUBLISHED, Status.ARCHIVED), "unpublished")
    item.status = Status.DRAFT
    return _save(item, user=user, action=StateAction.UNPUBLISH)


@transaction.atomic
def archive(*, item: Publishable, user) -> Publishable:
    """Take an item off the site for good, keeping it for the record."""
    permissions.check_can_publish(user, item)
    _check_status(item, (Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED), "archived")
    item.status = Status.ARCHIVED
    return _save(item, user=user, action=StateAction.ARCHIVE)


@transaction.atomic
def save_content(*, item: Publishable, user) -> Publishable:
    """Save an item's words as the user gave them, keeping its stored status, time and owner; return it.

    A new item starts as a draft owned by the user, unless they may name another owner (an editor anyone, an
    officer someone of their own wards: `permissions.owners_offered`). Its state moves only
    by a step afterwards (`move_to`), so a form or a history revert cannot publish by the back door.
    """
    stored = type(item)._default_manager.filter(pk=item.pk).first() if item.pk else None
    if stored is not None:
        permissions.check_can_change(user, stored)
        item.status, item.publish_at = stored.status, stored.publish_at
        if item.owner_id != stored.owner_id and not permissions.user_may_name_owner(user, item, item.owner):
            item.owner_id = stored.owner_id
    else:
        item.status, item.publish_at = Status.DRAFT, None
        if item.owner_id is None or not permissions.user_may_name_owner(user, item, item.owner):
            item.owner = user
    permissions.check_can_change(user, item)
    item.full_clean()
    if getattr(user, "is_authenticated", False):
        item._history_user = user
    item.save()
    return item


def move_to(*, item: Publishable, user, status: str, publish_at: datetime.datetime | None = None) -> Publishable:
    """Take whichever step brings an item to `status` (and `publish_at`), as a form that shows the status asks.

    Nothing happens when the item is already there.
    """
    if (status, publish_at) == (item.status, item.publish_at):
        return item
    if status == Status.PUBLISHED:
        return publish(item=item, user=user, publish_at=publish_at)
    if status == item.status:
        return item
    if status == Status.IN_REVIEW:
        return submit(item=item, user=user)
    if status == Status.ARCHIVED:
        return archive(item=item, user=user)
    if item.status == Status.IN_REVIEW:
        return send_back(item=item, user=user, reason="")
    return unpublish(item=item, user=user)


# Announcements.


def _label(item: models.Model) -> str:
    return item._meta.label_lower


def _announce_when_live(item: Publishable) -> None:
    label, pk, when = _label(item), item.pk, item.publish_at
    run_after = when if when > timezone.now() else None
    transaction.on_commit(
        lambda: announce_item.using(run_after=run_after).enqueue(label=label, pk=pk, publish_at=when.isoformat())
    )


@task()
def announce_item(*, label: str, pk: int, publish_at: str) -> bool:
    """Announce an item whose publication time has come, unless it was moved, withdrawn or announced already."""
    item = apps.get_model(label)._default_manager.filter(pk=pk).first()
    # Compared as instants: the time was written in whatever zone it was given, the row reads back in UTC.
    if item is None or not item.is_live or item.publish_at != datetime.datetime.fromisoformat(publish_at):
        return False
    return announce(item)


def announce(item: Publishable) -> bool:
    """Tell followers of a live item and send `item_announced`, once in the item's life; return whether it did."""
    if not item.is_live:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                Announcement.objects.create(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)
        except IntegrityError:
            return False  # announced before
        for notice in _announcers.get(type(item), lambda _item: [])(item):
            followers_notify(target=notice.target, subject=notice.subject, message=notice.message, url=notice.url)
        model, pk = type(item), item.pk
        transaction.on_commit(lambda: _send_announced(model, pk))
    return True


def _send_announced(model, pk) -> None:
    instance = model._default_manager.filter(pk=pk).first()
    if instance is not None:
        item_announced.send(sender=model, instance=instance)


def is_announced(item: models.Model) -> bool:
    """Return whether the item has been announced."""
    content_type = ContentType.objects.get_for_model(item)
    return Announcement.objects.filter(content_type=content_type, object_id=item.pk).exists()


# Notices to the people who write and review.


def _editorial_url(item: models.Model) -> str:
    return absolute_url(item.get_absolute_url()) if hasattr(item, "get_absolute_url") else ""


def _tell_editors(item: Publishable, *, user) -> None:
    context = {
        "item": item,
        "kind": item._meta.verbose_name,
        "author": getattr(user, "username", ""),
        "queue_url": absolute_url("/review/"),
        "item_url": _editorial_url(item),
    }
    body = render_to_string("core/email/submitted.txt", context)
    email_queue(to=settings.EDITORS_MAILBOX, subject=f"For review: {item}", body=body)


def _tell_author(item: Publishable, *, user, template: str, subject: str, reason: str = "") -> None:
    owner = item.owner
    if owner is None or not owner.email or owner.pk == getattr(user, "pk", None):
        return
    context = {
        "item": item,
        "kind": item._meta.verbose_name,
        "reason": reason.strip(),
        "item_url": _editorial_url(item),
        "work_url": absolute_url("/your-work/"),
    }
    email_queue(to=owner.email, subject=subject, body=render_to_string(template, context))
