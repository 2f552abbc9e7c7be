"""Who may change the alliance's content: editors everything, a chapter's organisers that chapter's rows.

Each model's policy is registered with the shared layer, so the front-end edit views (through
`get_for_change`) and the admin (through `PolicyAdminMixin`) ask the same question and get the same answer.
"""

from django.core.exceptions import PermissionDenied
from django.db import models

from civicportal.core import permissions
from civicportal.core.publishing import Status
from civicportal.core.roles import Role, user_has_role

from .models import (
    Achievement,
    Action,
    Ask,
    AskSource,
    Campaign,
    Chapter,
    ChapterOrganiser,
    NewsPost,
    Research,
    TrainingCourse,
)

is_editor = permissions.is_editor


def chapter_ids_organised_by(user) -> frozenset[int]:
    """Return the ids of the chapters the user organises for, read once per user object."""
    if not (permissions.is_active_user(user) and user_has_role(user, Role.ALLIANCE_ORGANISER)):
        return frozenset()
    cached = getattr(user, "_campaigns_chapter_ids", None)
    if cached is None:
        cached = frozenset(ChapterOrganiser.objects.filter(user=user).values_list("chapter_id", flat=True))
        user._campaigns_chapter_ids = cached
    return cached


def chapters_organised_by(user) -> models.QuerySet:
    """Return the chapters the user organises for (every chapter for an editor)."""
    if is_editor(user):
        return Chapter.objects.all()
    return Chapter.objects.filter(pk__in=chapter_ids_organised_by(user))


def user_is_organiser(user) -> bool:
    """Return whether the user may write for at least one chapter."""
    return is_editor(user) or bool(chapter_ids_organised_by(user))


class ChapterPolicy(permissions.ScopedPolicy):
    """Editors may change every row; a chapter's organisers may change the rows of their chapter. Editors publish."""

    def scope_ids(self, user) -> frozenset[int]:
        return chapter_ids_organised_by(user)


permissions.register(Campaign, ChapterPolicy("chapter"))
permissions.register(Action, ChapterPolicy("chapter"))
permissions.register(Ask, ChapterPolicy("campaign__chapter"))
permissions.register(Achievement, ChapterPolicy("campaign__chapter"))
permissions.register(AskSource, ChapterPolicy("ask__campaign__chapter"))
# Once a post is published or archived, only an editor may change it.
permissions.register(NewsPost, ChapterPolicy("chapter", editable_statuses=(Status.DRAFT, Status.IN_REVIEW)))
permissions.register(TrainingCourse, ChapterPolicy("chapter"))
permissions.register(Research, ChapterPolicy("chapter"))


def user_can_publish(user, post: NewsPost | None) -> bool:
    """Return whether the user may publish, schedule or unpublish a post (any post, without one): editors only."""
    return is_editor(user) if post is None else permissions.user_can_publish(user, post)


def user_can_write_for(user, chapter: Chapter) -> bool:
    """Return whether the user may add content to a chapter."""
    return is_editor(user) or chapter.pk in chapter_ids_organised_by(user)


def check_can_write_for(user, chapter: Chapter) -> None:
    """Raise PermissionDenied unless the user may add content to the chapter."""
    if chapter is None or not user_can_write_for(user, chapter):
        raise PermissionDenied


def get_for_change(user, queryset: models.QuerySet, **lookup) -> models.Model:
    """Fetch one row for editing: 404 if it does not exist, 403 if the user may not change it."""
    return permissions.get_for_change(user, queryset, **lookup)
