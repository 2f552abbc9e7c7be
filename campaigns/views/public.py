"""The alliance's pages for residents: its chapters, members, campaigns, actions, asks, achievements, news,
training and research, and the reactions readers leave on news."""

import secrets

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from civicportal.core import permissions as core_permissions
from civicportal.core import ratelimit
from civicportal.core.breadcrumbs import trail
from civicportal.core.client_address import client_address
from civicportal.core.same_origin import same_origin_post

from .. import selectors, services
from ..ask_status_rule import rule_explanation
from ..filters import (
    AchievementFilter,
    ActionFilter,
    AskFilter,
    CampaignFilter,
    MemberFilter,
    NewsFilter,
    ResearchFilter,
)
from ..forms import OutcomeAnswerForm, ReactionForm
from ..models import (
    STALLED_AFTER,
    Achievement,
    Action,
    Ask,
    AskStatus,
    Campaign,
    Chapter,
    DecisionMaker,
    NewsPost,
    Research,
    TrainingCourse,
    with_outcome_tally,
)
from ..page_links import campaign_links
from ..permissions import user_can_publish, user_is_organiser
from . import _crumbs, _page

REACTION_COOKIE = "cp_reactions"
REACTION_SALT = "campaigns.reaction"


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
        "news": NewsPost.objects.live().select_related("campaign")[:3],
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
        "research": chapter.research.live(),
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
        selectors.with_last_activity(Campaign.objects.visible_to(request.user))
        .select_related("chapter")
        .prefetch_related("lead_organisations"),
        slug=slug,
    )
    asks = selectors.accountability_asks().filter(campaign=campaign)
    context = {
        "campaign": campaign,
        "timeline": selectors.campaign_timeline(campaign=campaign),
        "asks": asks,
        "ask_counts": selectors.ask_status_counts(asks=asks),
        "research": campaign.research.all(),
        "more_links": campaign_links(campaign),
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


@same_origin_post  # no CSRF token in the page, so that it can be cached like any other public page
@require_http_methods(["GET", "POST"])
def ask_outcome(request, pk, token):
    """Answer "Did this happen?" from an e-mailed link: the answer preselected, one button that sends it.

    Opening the link changes nothing (mail programs open links to scan them); only the button's POST records the
    answer, and a second one changes it. A forged or altered link, or one made for another ask, is refused (400).
    """
    if request.method == "POST" and not ratelimit.allow(request, "campaigns-outcome", limit=30, period=60 * 10):
        crumbs = _crumbs(("Accountability", None))
        return render(request, "core/too_many_requests.html", {"breadcrumbs": crumbs}, status=429)
    ask = get_object_or_404(selectors.accountability_asks(), pk=pk)
    context = {
        "ask": ask,
        "breadcrumbs": _crumbs(("Accountability", "campaigns:accountability"), ("Did this happen?", None)),
    }
    if not selectors.outcome_link_works(ask=ask, token=token):
        return render(request, "campaigns/ask_outcome_invalid.html", context, status=400)
    if request.method == "GET":
        form = OutcomeAnswerForm(initial={"answer": request.GET.get("answer", "")})
        return render(request, "campaigns/ask_outcome_form.html", {**context, "form": form})
    form = OutcomeAnswerForm(request.POST)
    if not form.is_valid():
        return render(request, "campaigns/ask_outcome_form.html", {**context, "form": form}, status=400)
    answer, created = services.outcome_answer_record(ask=ask, token=token, answer=form.cleaned_data["answer"])
    ask = selectors.accountability_asks().get(pk=pk)
    return render(
        request, "campaigns/ask_outcome_thanks.html", {**context, "ask": ask, "answer": answer, "created": created}
    )


def ask_detail(request, pk):
    """Show one ask: where it stands, and a dated timeline of its facts, newest first, each with its source."""
    ask = _visible_or_404(
        request.user,
        with_outcome_tally(Ask.objects.with_status()).select_related(
            "campaign", "action", "decision_maker", "achievement"
        ),
        pk=pk,
    )
    context = {
        "ask": ask,
        "timeline": selectors.ask_timeline(ask=ask),
        "can_edit": core_permissions.user_can_change(request.user, ask),
        "breadcrumbs": _crumbs(("Accountability", "campaigns:accountability"), (ask.topic, None)),
    }
    return render(request, "campaigns/ask_detail.html", context)


def status_rule(request):
    """Explain how each ask's status is worked out, from the constants the code uses."""
    context = {
        "rule": rule_explanation(),
        "stalled_days": STALLED_AFTER.days,
        "breadcrumbs": _crumbs(("Accountability", "campaigns:accountability"), ("How each status is decided", None)),
    }
    return render(request, "campaigns/status_rule.html", context)


def decision_maker_list(request):
    """Compare the decision-makers: asks put to each, counts by status, share kept and days to respond."""
    context = {
        "records": selectors.decision_maker_records(),
        "breadcrumbs": _crumbs(("Accountability", "campaigns:accountability"), ("Decision-makers", None)),
    }
    return render(request, "campaigns/decisionmaker_list.html", context)


def decision_maker_detail(request, slug):
    """Show one decision-maker's record: every public ask put to them and the figures, with the method."""
    decision_maker = get_object_or_404(DecisionMaker, slug=slug)
    record = selectors.decision_maker_record(decision_maker=decision_maker)
    if not record.asks:
        raise Http404("No public ask was put to this decision-maker.")
    context = {
        "record": record,
        "decision_maker": decision_maker,
        "breadcrumbs": _crumbs(
            ("Accountability", "campaigns:accountability"),
            ("Decision-makers", "campaigns:decision_makers"),
            (decision_maker.office, None),
        ),
    }
    return render(request, "campaigns/decisionmaker_detail.html", context)


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
        NewsPost.objects.live()
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


@same_origin_post  # no CSRF token in the post's page, so that the page can be cached
@require_POST
def news_react(request, slug):
    """Count a reader's reaction to a post: one per browser per post, no account, limited against floods."""
    if not ratelimit.allow(request, "campaigns-reaction", limit=30, period=60 * 10):
        return render(request, "core/too_many_requests.html", {"breadcrumbs": _crumbs(("News", None))}, status=429)
    post = get_object_or_404(NewsPost.objects.live(), slug=slug)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        return news_detail(request, slug, reaction_form=form, status=400)
    token = _reaction_token(request) or secrets.token_urlsafe(32)
    try:
        _, created = services.reaction_record(
            post=post, kind=form.cleaned_data["kind"], browser_token=token, address=client_address(request)
        )
    except services.AddressAlreadyReactedError:
        messages.info(request, "A reaction from your network is already counted on this post today.")
        return redirect(post.get_absolute_url() + "#reactions")
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
    """List the research and commissions residents may see, filtered by kind."""
    research = ResearchFilter(request.GET, queryset=Research.objects.live().select_related("chapter", "campaign"))
    context = {
        "filter": research,
        "page_obj": _page(request, research.qs),
        "breadcrumbs": _crumbs(("Research and commissions", None)),
    }
    return render(request, "campaigns/research_list.html", context)


def research_detail(request, slug):
    """Show research: who led it, the evidence it heard, its report; of a hidden campaign only to its writers."""
    research = _visible_or_404(request.user, Research.objects.select_related("chapter", "campaign"), slug=slug)
    context = {
        "research": research,
        "campaign_is_live": bool(research.campaign and research.campaign.is_live),
        "breadcrumbs": _crumbs(("Research and commissions", "campaigns:research"), (research.title, None)),
    }
    return render(request, "campaigns/research_detail.html", context)
