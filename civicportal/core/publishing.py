"""Publishing for public content: the states a piece of content goes through, and who may see it when.

Only `status` and `publish_at` are stored. "Scheduled" is not typed by anyone: it is what published
content is while its `publish_at` is still in the future, so it goes live by itself when that time comes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .roles import Role, user_has_role


class Status(models.TextChoices):
    """A stored publishing status."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class State(models.TextChoices):
    """What a reader sees of the content now: the stored status, with "scheduled" worked out from the date."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class PublishableQuerySet(models.QuerySet):
    def live(self):
        """Keep what a resident may see: published, with its publication time reached."""
        return self.filter(_live_q())

    def not_live(self):
        """Keep what a resident may not see: drafts, items in review, scheduled and archived items."""
        return self.exclude(_live_q())

    def scheduled(self):
        """Keep what is published with a publication time still to come."""
        return self.filter(status=Status.PUBLISHED, publish_at__gt=timezone.now())

    def in_review(self):
        """Keep what waits for an editor."""
        return self.filter(status=Status.IN_REVIEW)

    def visible_to(self, user):
        """Keep what this user may see: everything live, plus their own work, plus everything for an editor."""
        if user_has_role(user, Role.EDITOR):
            return self
        if getattr(user, "is_authenticated", False) and user.is_active:
            return self.filter(_live_q() | Q(owner=user))
        return self.live()


def _live_q() -> Q:
    return Q(status=Status.PUBLISHED, publish_at__lte=timezone.now())


class Publishable(models.Model):
    """Content that goes through draft, review and publication, with an owner who may see it before it is live."""

    status = models.CharField("status", max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        db_index=True,
        help_text="When a published item appears to residents. A time in the future schedules it.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="owner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who wrote it; they may see it before it is published.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Published without a time means published now.
        if self.status == Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def state(self) -> State:
        """Return the state a reader sees now, with "scheduled" worked out from `publish_at`."""
        if self.status == Status.PUBLISHED and self.publish_at and self.publish_at > timezone.now():
            return State.SCHEDULED
        return State(self.status)

    @property
    def is_live(self) -> bool:
        """Return whether residents can see this now."""
        return self.state == State.PUBLISHED
