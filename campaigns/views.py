"""The alliance's pages: what residents read, and the forms its organisers write with.

Views fetch through the permission functions, bind a form, call one service and redirect or render.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from civicportal.core import permissions as core_permissions
from civicportal.core import ratelimit
from civicportal.core.breadcrumbs import trail
from civicportal.core.publishing import Status

from . import selectors, services
from .filters import (
    AchievementFilter,
    ActionFilter,
    AskFilter,
    CampaignFilter,
    MemberFilter,
    NewsFilter,
    ResearchFilter,
)
from .forms import AchievementForm, ActionForm, AskForm, NewsPostForm, PublishForm, ReactionForm
from .models import (
    Achievement,
    Action,
    Ask,
    AskStatus,
    Campaign,
    Chapter,
    NewsPost,
    Research,
    TrainingCourse,
)
from .permissions import chapters_organised_by, get_for_change, user_can_publish, user_is_organiser

PER_PAGE = 20
REACTION_COOKIE = "cp_reactions"
REACTION_SALT = "campaigns.reaction"


def _crumbs(*items: tuple[str, str | None]):
    """Return a breadcrumb trail through the alliance's pages; URL names are reversed, None is the current page."""
    crumbs = [(title, reverse(name) if name else None) for title, name in items]
    return trail(("The alliance", reverse("campaigns:index")), *crumbs)


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _visible_or_404(user, queryset, **lookup):
    """Fetch a row that residents may see, or that this user may change; 404 otherwise."""
    obj = get_object_or_404(queryset, **lookup)
    live = type(obj)._default_manager.live().filter(pk=obj.pk).exists()
    if not (live or core_permissions.user_can_change(user, obj)):
        raise Http404
    return obj


# The alliance, its chapters and members


def index(request):
    """Show the alliance: its chapters, campaigns, latest news, next actions and what it has won."""
    context = {
        "chapters": Chapter.objects.select_related("founding_assembly", "national_alliance").annotate(
            member_count=Count("memberships")
        ),
        "campaigns": selectors.campaigns_for_list()[:6],
        "news": NewsPost.objects.public().select_related("campaign")[:3],
        "upcoming": Action.objects.live().upcoming().select_related("campaign").order_by("starts_at")[:3],
        "totals": Achievement.objects.live().totals(),
        "can_write": user_is_organiser(request.user),
        "breadcrumbs": trail(("The alliance", None)),
    }
    return render(request, "campaigns/index.html", context)


def chapter_detail(request, slug):
    """Show a chapter: when and how it was founded, its members by sector, its campaigns and courses."""
    chapter = get_object_or_404(
        Chapter.objects.select_related("founding_assembly", "national_alliance", "organisation"), slug=slug
    )
    memberships = selectors.chapter_members(chapter=chapter)
    context = {
        "chapter": chapter,
        "member_count": memberships.count(),
        "sectors": selectors.sector_counts(memberships=memberships),
        "campaigns": selectors.campaigns_for_list().filter(chapter=chapter),
        "courses": chapter.courses.all(),
        "research": chapter.research.all(),
        "breadcrumbs": _crumbs((chapter.name, None)),
    }
    return render(request, "campaigns/chapter_detail.html", context)


def member_list(request):
    """List the member organisations, filtered by sector, with the number in each sector."""
    memberships = selectors.chapter_members()
    members = MemberFilter(request.GET, queryset=memberships)
    context = {
        "filter": members,
        "page_obj": _page(request, members.qs),
        "sectors": selectors.sector_counts(memberships=memberships),
        "chapters": Chapter.objects.only("name", "slug", "member_count_stated"),
        "breadcrumbs": _crumbs(("Member organisations", None)),
    }
    return render(request, "campaigns/membership_list.html", context)


def member_detail(request, slug):
    """Show a member organisation: its chapters, the campaigns it leads and what they won."""
    memberships = list(selectors.chapter_members().filter(organisation__slug=slug))
    if not memberships:
        raise Http404("No member organisation has this address.")
    organisation = memberships[0].organisation
    context = {
        "organisation": organisation,
        "memberships": memberships,
        "campaigns": selectors.member_campaigns(organisation=organisation),
        "breadcrumbs": _crumbs(("Member organisations", "campaigns:members"), (organisation.name, None)),
    }
    return render(request, "campaigns/membership_detail.html", context)


# Campaigns


def campaign_list(request):
    """List the live campaigns, filtered by status and issue area."""
    campaigns = CampaignFilter(request.GET, queryset=selectors.campaigns_for_list())
    context = {
        "filter": campaigns,
        "page_obj": _page(request, campaigns.qs),
        "breadcrumbs": _crumbs(("Campaigns", None)),
    }
    return render(request, "campaigns/campaign_list.html", context)


def campaign_detail(request, slug):
    """Tell a campaign's story: its news, actions and achievements as one timeline, newest first."""
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related("chapter").prefetch_related("lead_organisations"),
        slug=slug,
    )
    asks = selectors.accountability_asks().filter(campaign=campaign)
    context = {
        "campaign": campaign,
        "timeline": selectors.campaign_timeline(campaign=campaign),
        "asks": asks,
        "ask_counts": selectors.ask_status_counts(asks=asks),
        "research": campaign.research.all(),
        "can_edit": core_permissions.user_can_change(request.user, campaign),
        "breadcrumbs": _crumbs(("Campaigns", "campaigns:list"), (campaign.title, None)),
    }
    return render(request, "campaigns/campaign_detail.html", context)


# Actions, asks and achievements


def action_list(request):
    """List public actions and assemblies, filtered by time, kind and campaign."""
    actions = (
        Action.objects.live()
        .select_related("campaign", "chapter")
        .annotate(ask_count=Count("asks"))
        .order_by("-starts_at", "pk")
    )
    actions = ActionFilter(request.GET, queryset=actions)
    context = {
        "filter": actions,
        "page_obj": _page(request, actions.qs),
        "breadcrumbs": _crumbs(("Actions and assemblies", None)),
    }
    return render(request, "campaigns/action_list.html", context)


def action_detail(request, slug):
    """Show an action: when and where, who came, and each ask put there with where it stands."""
    action = _visible_or_404(request.user, Action.objects.select_related("campaign", "chapter"), slug=slug)
    context = {
        "action": action,
        "asks": action.asks.with_status()
        .select_related("campaign", "decision_maker", "achievement")
        .order_by("number", "pk"),
        "can_edit": core_permissions.user_can_change(request.user, action),
        "breadcrumbs": _crumbs(("Actions and assemblies", "campaigns:actions"), (action.title, None)),
    }
    return render(request, "campaigns/action_detail.html", context)


def accountability(request):
    """List every ask and where it stands, filtered by decision-maker, campaign and status."""
    asks = AskFilter(request.GET, queryset=selectors.accountability_asks())
    context = {
        "filter": asks,
        "page_obj": _page(request, asks.qs),
        "counts": selectors.ask_status_counts(asks=asks.qs),
        "status_choices": AskStatus.choices,
        "breadcrumbs": _crumbs(("Accountability", None)),
    }
    return render(request, "campaigns/ask_list.html", context)


def achievement_list(request):
    """List what the campaigns won, filtered by campaign and year, with the figures added up."""
    achievements = AchievementFilter(request.GET, queryset=Achievement.objects.live().select_related("campaign"))
    context = {
        "filter": achievements,
        "page_obj": _page(request, achievements.qs),
        "totals": achievements.qs.totals(),
        "breadcrumbs": _crumbs(("Achievements", None)),
    }
    return render(request, "campaigns/achievement_list.html", context)


def achievement_detail(request, slug):
    """Show an achievement, its figures, and the asks that produced it."""
    achievement = _visible_or_404(request.user, Achievement.objects.select_related("campaign"), slug=slug)
    context = {
        "achievement": achievement,
        "asks": achievement.asks.select_related("decision_maker", "action").order_by("pk"),
        "can_edit": core_permissions.user_can_change(request.user, achievement),
        "breadcrumbs": _crumbs(("Achievements", "campaigns:achievements"), (achievement.headline, None)),
    }
    return render(request, "campaigns/achievement_detail.html", context)


# News and reactions


def news_list(request):
    """List published news and campaign updates, filtered by kind and campaign."""
    posts = (
        NewsPost.objects.public()
        .select_related("campaign", "chapter")
        .with_reaction_count()
        .order_by("-dated_on", "-publish_at", "pk")
    )
    posts = NewsFilter(request.GET, queryset=posts)
    context = {"filter": posts, "page_obj": _page(request, posts.qs), "breadcrumbs": _crumbs(("News", None))}
    return render(request, "campaigns/newspost_list.html", context)


def _reaction_token(request) -> str | None:
    return request.get_signed_cookie(REACTION_COOKIE, default=None, salt=REACTION_SALT)


def news_detail(request, slug, *, reaction_form=None, status=200):
    """Show a post with its reactions and share links; drafts only to their author, organisers and editors."""
    post = get_object_or_404(selectors.news_visible_to(request.user).select_related("campaign", "chapter"), slug=slug)
    token = _reaction_token(request)
    mine = post.reactions.filter(browser_hash=services.browser_hash(token)).first() if token else None
    context = {
        "post": post,
        "reactions": selectors.reaction_counts(post=post),
        "my_reaction": mine.kind if mine else None,
        "reaction_form": reaction_form,
        "can_edit": core_permissions.user_can_change(request.user, post),
        "can_publish": user_can_publish(request.user, post),
        "breadcrumbs": _crumbs(("News", "campaigns:news"), (post.title, None)),
    }
    return render(request, "campaigns/newspost_detail.html", context, status=status)


@require_POST
def news_react(request, slug):
    """Count a reader's reaction to a post: one per browser per post, no account, limited against floods."""
    if not ratelimit.allow(request, "campaigns-reaction", limit=30, period=60 * 10):
        return render(request, "core/too_many_requests.html", {"breadcrumbs": _crumbs(("News", None))}, status=429)
    post = get_object_or_404(NewsPost.objects.public(), slug=slug)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        return news_detail(request, slug, reaction_form=form, status=400)
    token = _reaction_token(request) or secrets.token_urlsafe(32)
    _, created = services.reaction_record(post=post, kind=form.cleaned_data["kind"], browser_token=token)
    messages.success(request, "Thank you: your reaction is counted." if created else "Your reaction is changed.")
    response = redirect(post.get_absolute_url() + "#reactions")
    response.set_signed_cookie(
        REACTION_COOKIE,
        token,
        salt=REACTION_SALT,
        max_age=60 * 60 * 24 * 365,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


# Training and research


def course_list(request):
    """List the chapters' training courses."""
    courses = TrainingCourse.objects.select_related("chapter")
    context = {
        "page_obj": _page(request, courses),
        "chapters": Chapter.objects.filter(leaders_trained__isnull=False),
        "breadcrumbs": _crumbs(("Training", None)),
    }
    return render(request, "campaigns/trainingcourse_list.html", context)


def course_detail(request, slug):
    """Show a training course: its length, dates and the leaders trained on it."""
    course = get_object_or_404(TrainingCourse.objects.select_related("chapter"), slug=slug)
    context = {"course": course, "breadcrumbs": _crumbs(("Training", "campaigns:training"), (course.title, None))}
    return render(request, "campaigns/trainingcourse_detail.html", context)


def research_list(request):
    """List research and commissions, filtered by kind."""
    research = ResearchFilter(request.GET, queryset=Research.objects.select_related("chapter", "campaign"))
    context = {
        "filter": research,
        "page_obj": _page(request, research.qs),
        "breadcrumbs": _crumbs(("Research and commissions", None)),
    }
    return render(request, "campaigns/research_list.html", context)


def research_detail(request, slug):
    """Show a piece of research: who led it, the evidence it heard, its report and any postponement."""
    research = get_object_or_404(Research.objects.select_related("chapter", "campaign"), slug=slug)
    context = {
        "research": research,
        "campaign_is_live": bool(research.campaign and research.campaign.is_live),
        "breadcrumbs": _crumbs(("Research and commissions", "campaigns:research"), (research.title, None)),
    }
    return render(request, "campaigns/research_detail.html", context)


# Organisers' pages


def _require_organiser(user) -> None:
    if not user_is_organiser(user):
        raise PermissionDenied


@login_required
def manage(request):
    """Show an organiser what they may write: their chapters' drafts, actions, asks and achievements."""
    _require_organiser(request.user)
    chapters = chapters_organised_by(request.user)
    in_review = NewsPost.objects.in_review().select_related("chapter")
    context = {
        "chapters": chapters,
        "posts": core_permissions.editable_by(request.user, NewsPost.objects.select_related("campaign")),
        "in_review": in_review if user_can_publish(request.user, None) else [],
        "actions": core_permissions.editable_by(request.user, Action.objects.select_related("campaign"))[:20],
        "asks": core_permissions.editable_by(request.user, Ask.objects.with_status().select_related("campaign"))[:20],
        "achievements": core_permissions.editable_by(request.user, Achievement.objects.select_related("campaign"))[:20],
        "breadcrumbs": _crumbs(("Write for the alliance", None)),
    }
    return render(request, "campaigns/manage.html", context)


def _add_service_errors(form, error: ValidationError) -> None:
    """Put a service's validation errors at the form's fields, or above the form for fields it does not show."""
    for field, errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, errors)


def _edit(request, *, form, save, title: str, crumb: tuple[str, str], cancel_url: str):
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
    if request.GET.get("action"):
        action = Action.objects.filter(slug=request.GET["action"]).first()
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
