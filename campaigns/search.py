"""What site-wide search finds of the alliance: each searchable model, its live rows and its words.

Registered with the shared layer (`civicportal.core.search`) from `CampaignsConfig.ready`. Actions, asks,
achievements, news and research belong to their campaign, so a campaign that changes state brings them along.
"""

from django.urls import reverse

from civicportal.core import search
from civicportal.core.models import Organisation

from .models import Achievement, Action, Ask, Campaign, Chapter, Membership, NewsPost, Research, TrainingCourse

text = search.plain_text


def _campaign_document(campaign: Campaign) -> search.Document:
    return search.Document(
        title=campaign.title, url=campaign.get_absolute_url(), summary=campaign.summary, body=text(campaign.body)
    )


def _campaign_dependants(campaign: Campaign):
    return [
        Action.objects.filter(campaign=campaign),
        Ask.objects.filter(campaign=campaign),
        Achievement.objects.filter(campaign=campaign),
        NewsPost.objects.filter(campaign=campaign),
        Research.objects.filter(campaign=campaign),
    ]


def _action_document(action: Action) -> search.Document:
    return search.Document(
        title=action.title,
        url=action.get_absolute_url(),
        summary=action.summary,
        body=f"{text(action.description)}\n{action.venue}",
    )


def _ask_document(ask: Ask) -> search.Document:
    put_to = f"Put to {ask.decision_maker.office}." if ask.decision_maker else ""
    return search.Document(
        title=ask.topic,
        url=ask.get_absolute_url(),
        summary=f"{ask.campaign.title}. {put_to}".strip(),
        body=ask.wording,
    )


def _achievement_document(achievement: Achievement) -> search.Document:
    return search.Document(
        title=achievement.headline,
        url=achievement.get_absolute_url(),
        summary=" ".join(part for part in (achievement.people_description, achievement.things_unit) if part),
        body=text(achievement.description),
    )


def _news_document(post: NewsPost) -> search.Document:
    return search.Document(title=post.title, url=post.get_absolute_url(), summary=post.summary, body=text(post.body))


def _member_organisations():
    return Organisation.objects.filter(pk__in=Membership.objects.values("organisation_id"))


def _member_document(organisation: Organisation) -> search.Document:
    return search.Document(
        title=organisation.name,
        url=reverse("campaigns:member", kwargs={"slug": organisation.slug}),
        summary=f"{organisation.get_sector_display()}.",
        body=text(organisation.description),
    )


def _chapter_document(chapter: Chapter) -> search.Document:
    return search.Document(
        title=chapter.name,
        url=chapter.get_absolute_url(),
        summary=chapter.summary,
        body=f"{chapter.area}\n{text(chapter.description)}",
    )


def _course_document(course: TrainingCourse) -> search.Document:
    return search.Document(
        title=course.title, url=course.get_absolute_url(), summary=course.summary, body=text(course.description)
    )


def _research_document(research: Research) -> search.Document:
    return search.Document(
        title=research.title,
        url=research.get_absolute_url(),
        summary=research.summary,
        body=f"{text(research.description)}\n{research.report_title}",
    )


search.register(
    Campaign,
    kind="campaigns",
    label="Campaigns",
    live=lambda: Campaign.objects.live(),
    document=_campaign_document,
    dependants=_campaign_dependants,
)
search.register(NewsPost, kind="news", label="News", live=lambda: NewsPost.objects.live(), document=_news_document)
search.register(
    Action, kind="actions", label="Public actions", live=lambda: Action.objects.live(), document=_action_document
)
search.register(
    Ask,
    kind="asks",
    label="Asks",
    live=lambda: Ask.objects.live().select_related("campaign", "decision_maker"),
    document=_ask_document,
)
search.register(
    Achievement,
    kind="achievements",
    label="Achievements",
    live=lambda: Achievement.objects.live(),
    document=_achievement_document,
)
search.register(
    Organisation,
    kind="members",
    label="Member organisations",
    live=_member_organisations,
    document=_member_document,
)
# An organisation is a member organisation while it has a membership.
search.register_dependants(Membership, lambda membership: [Organisation.objects.filter(pk=membership.organisation_id)])
search.register(
    Chapter, kind="chapters", label="Chapters", live=lambda: Chapter.objects.all(), document=_chapter_document
)
search.register(
    TrainingCourse,
    kind="training",
    label="Training courses",
    live=lambda: TrainingCourse.objects.all(),
    document=_course_document,
)
search.register(
    Research,
    kind="research",
    label="Research",
    live=lambda: Research.objects.live(),
    document=_research_document,
)
