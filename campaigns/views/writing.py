"""The alliance's pages for its organisers and editors: what they may write, the forms they write news, actions,
asks and achievements with, and sending news for review and publishing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from civicportal.core import permissions as core_permissions
from civicportal.core.publishing import Status

from .. import selectors, services
from ..forms import AchievementForm, ActionForm, AskForm, AskPrefillForm, AskSourceForm, NewsPostForm, PublishForm
from ..models import Achievement, Action, Ask, AskSource, NewsPost
from ..permissions import chapters_organised_by, get_for_change, user_can_publish, user_is_organiser
from . import _crumbs


def _require_organiser(user) -> None:
    if not user_is_organiser(user):
        raise PermissionDenied


@login_required
def manage(request):
    """Show an organiser what they may write: their chapters' drafts, actions, asks and achievements."""
    _require_organiser(request.user)
    chapters = chapters_organised_by(request.user)
    in_review = NewsPost.objects.in_review().select_related("chapter")
    editable_asks = core_permissions.editable_by(request.user, Ask.objects.all())
    context = {
        "chapters": chapters,
        "posts": core_permissions.editable_by(request.user, NewsPost.objects.select_related("campaign")),
        "in_review": in_review if user_can_publish(request.user, None) else [],
        "actions": core_permissions.editable_by(request.user, Action.objects.select_related("campaign"))[:20],
        "asks": core_permissions.editable_by(request.user, Ask.objects.with_status().select_related("campaign"))[:20],
        "achievements": core_permissions.editable_by(request.user, Achievement.objects.select_related("campaign"))[:20],
        "flagged_asks": selectors.asks_flagged_for_review(asks=editable_asks),
        "breadcrumbs": _crumbs(("Write for the alliance", None)),
    }
    return render(request, "campaigns/manage.html", context)


def _add_service_errors(form, error: ValidationError) -> None:
    """Put a service's validation errors at the form's fields, or above the form for fields it does not show."""
    for field, errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, errors)


def _edit(request, *, form, save, title: str, crumb: tuple[str, str], cancel_url: str, extra: dict | None = None):
    """Bind the form, call `save(fields)` when it is valid, and redirect to what was saved."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form.service_fields())
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, f"Saved “{obj}”.")
            return redirect(obj)
    context = {
        "form": form,
        "title": title,
        "cancel_url": cancel_url,
        "breadcrumbs": _crumbs(crumb, ("Write for the alliance", "campaigns:manage"), (title, None)),
        **(extra or {}),
    }
    return render(request, "campaigns/object_form.html", context, status=400 if form.errors else 200)


def _with_chapter(fields: dict) -> tuple:
    fields = dict(fields)
    return fields.pop("chapter"), fields


@login_required
def news_create(request):
    """Write a new post as a draft for the organiser's chapter."""
    _require_organiser(request.user)
    form = NewsPostForm(request.POST or None, user=request.user)

    def save(fields):
        chapter, fields = _with_chapter(fields)
        return services.news_post_create(user=request.user, chapter=chapter, **fields)

    return _edit(
        request, form=form, save=save, title="Write a news post", crumb=("News", "campaigns:news"),
        cancel_url=reverse("campaigns:manage"),
    )  # fmt: skip


@login_required
def news_edit(request, slug):
    """Change a post of the organiser's chapter while it is a draft or in review."""
    post = get_for_change(request.user, NewsPost.objects.all(), slug=slug)
    form = NewsPostForm(request.POST or None, instance=post, user=request.user)
    return _edit(
        request, form=form, save=lambda fields: services.news_post_update(post=post, user=request.user, **fields),
        title=f"Edit “{post.title}”", crumb=("News", "campaigns:news"), cancel_url=post.get_absolute_url(),
    )  # fmt: skip


@login_required
@require_POST
def news_submit(request, slug):
    """Send a draft to the editors."""
    post = get_for_change(request.user, NewsPost.objects.all(), slug=slug)
    try:
        services.news_post_submit(post=post, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Sent to the editors for review.")
    return redirect(post)


@login_required
def news_publish(request, slug):
    """Publish, schedule or unpublish a post: editors only."""
    post = get_object_or_404(NewsPost.objects.select_related("campaign", "chapter"), slug=slug)
    if not user_can_publish(request.user, post):
        raise PermissionDenied
    form = PublishForm(request.POST or None)
    if request.method == "POST" and "unpublish" in request.POST and post.status != Status.DRAFT:
        services.news_post_unpublish(post=post, user=request.user)
        messages.success(request, "Taken off the site and back to draft.")
        return redirect(post)
    if request.method == "POST" and form.is_valid():
        services.news_post_publish(post=post, user=request.user, publish_at=form.cleaned_data["publish_at"])
        messages.success(request, "Published; its followers will hear of it." if post.is_live else "Scheduled.")
        return redirect(post)
    context = {
        "post": post,
        "form": form,
        "breadcrumbs": _crumbs(("News", "campaigns:news"), ("Publish", None)),
    }
    return render(request, "campaigns/newspost_publish.html", context, status=400 if form.errors else 200)


@login_required
def action_create(request):
    """Add a public action or assembly for the organiser's chapter."""
    _require_organiser(request.user)
    form = ActionForm(request.POST or None, user=request.user)

    def save(fields):
        chapter, fields = _with_chapter(fields)
        return services.action_create(user=request.user, chapter=chapter, **fields)

    return _edit(
        request, form=form, save=save, title="Add an action", crumb=("Actions and assemblies", "campaigns:actions"),
        cancel_url=reverse("campaigns:manage"),
    )  # fmt: skip


@login_required
def action_edit(request, slug):
    """Change an action, or postpone or cancel it with the reason."""
    action = get_for_change(request.user, Action.objects.all(), slug=slug)
    form = ActionForm(request.POST or None, instance=action, user=request.user)
    return _edit(
        request, form=form, save=lambda fields: services.action_update(action=action, user=request.user, **fields),
        title=f"Edit “{action.title}”", crumb=("Actions and assemblies", "campaigns:actions"),
        cancel_url=action.get_absolute_url(),
    )  # fmt: skip


@login_required
def ask_create(request):
    """Record an ask put to a decision-maker."""
    _require_organiser(request.user)
    initial = {}
    prefill = AskPrefillForm(request.GET)
    # A query string that is not a slug prefills nothing: the organiser still gets the empty form.
    if prefill.is_valid() and prefill.cleaned_data["action"]:
        action = Action.objects.filter(slug=prefill.cleaned_data["action"]).first()
        initial = {"action": action, "campaign": action.campaign} if action else {}
    form = AskForm(request.POST or None, initial=initial, user=request.user)

    def save(fields):
        campaign = fields.pop("campaign")
        return services.ask_create(user=request.user, campaign=campaign, **fields)

    return _edit(
        request, form=form, save=save, title="Record an ask", crumb=("Accountability", "campaigns:accountability"),
        cancel_url=reverse("campaigns:manage"),
    )  # fmt: skip


@login_required
def ask_edit(request, pk):
    """Change an ask: record its response, its due date, or the achievement it delivered."""
    ask = get_for_change(request.user, Ask.objects.all(), pk=pk)
    form = AskForm(request.POST or None, instance=ask, user=request.user)
    return _edit(
        request, form=form, save=lambda fields: services.ask_update(ask=ask, user=request.user, **fields),
        title=f"Edit the ask “{ask.topic}”", crumb=("Accountability", "campaigns:accountability"),
        cancel_url=ask.get_absolute_url(),
        extra={"sources": ask.sources.all(), "source_add_url": reverse("campaigns:ask_source_create", args=[ask.pk])},
    )  # fmt: skip


@login_required
def ask_source_create(request, pk):
    """Record the source of one of an ask's facts: a link, a document or a quoted sentence."""
    ask = get_for_change(request.user, Ask.objects.all(), pk=pk)
    form = AskSourceForm(request.POST or None, request.FILES or None)
    return _edit(
        request, form=form,
        save=lambda fields: services.ask_source_create(ask=ask, user=request.user, **fields).ask,
        title=f"Add a source to the ask “{ask.topic}”", crumb=("Accountability", "campaigns:accountability"),
        cancel_url=ask.get_absolute_url(), extra={"multipart": True},
    )  # fmt: skip


@login_required
def ask_source_edit(request, pk):
    """Change a source of an ask's fact, or record that it was checked again."""
    source = get_for_change(request.user, AskSource.objects.select_related("ask__campaign"), pk=pk)
    form = AskSourceForm(request.POST or None, request.FILES or None, instance=source)
    return _edit(
        request, form=form,
        save=lambda fields: services.ask_source_update(source=source, user=request.user, **fields).ask,
        title=f"Edit a source of the ask “{source.ask.topic}”", crumb=("Accountability", "campaigns:accountability"),
        cancel_url=source.ask.get_absolute_url(), extra={"multipart": True},
    )  # fmt: skip


@login_required
def achievement_create(request):
    """Record something a campaign won."""
    _require_organiser(request.user)
    form = AchievementForm(request.POST or None, user=request.user)

    def save(fields):
        campaign = fields.pop("campaign")
        return services.achievement_create(user=request.user, campaign=campaign, **fields)

    return _edit(
        request, form=form, save=save, title="Record an achievement", crumb=("Achievements", "campaigns:achievements"),
        cancel_url=reverse("campaigns:manage"),
    )  # fmt: skip


@login_required
def achievement_edit(request, slug):
    """Change an achievement or its figures."""
    achievement = get_for_change(request.user, Achievement.objects.all(), slug=slug)
    form = AchievementForm(request.POST or None, instance=achievement, user=request.user)
    return _edit(
        request, form=form,
        save=lambda fields: services.achievement_update(achievement=achievement, user=request.user, **fields),
        title=f"Edit “{achievement.headline}”", crumb=("Achievements", "campaigns:achievements"),
        cancel_url=achievement.get_absolute_url(),
    )  # fmt: skip
