"""Factories for the alliance's models, with traits: `CampaignFactory(published=True)`, `AskFactory(agreed=True)`."""

import datetime

import factory
from django.utils import timezone

from campaigns.models import (
    Achievement,
    Action,
    Ask,
    AskFact,
    AskSource,
    Campaign,
    CampaignStage,
    Chapter,
    ChapterOrganiser,
    DecisionMaker,
    IssueArea,
    Membership,
    NewsPost,
    OutcomeAnswer,
    OutcomeAnswerChoice,
    OutcomeQuestion,
    OutcomeReason,
    Reaction,
    ReactionKind,
    RecorderRole,
    Research,
    Response,
    TrainingCourse,
)
from civicportal.core.publishing import Status
from tests.core.factories import OrganisationFactory, UserFactory


def _published_trait():
    return factory.Trait(
        status=Status.PUBLISHED,
        publish_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1)),
    )


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chapter
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Chapter {n}")
    slug = factory.Sequence(lambda n: f"chapter-{n}")
    area = "A city and its county"
    summary = "An alliance of community organisations."
    contact_email = "chapter@example.org"


class OrganiserFactory(factory.django.DjangoModelFactory):
    """A user who organises for a chapter: `OrganiserFactory(chapter=chapter).user`."""

    class Meta:
        model = ChapterOrganiser

    chapter = factory.SubFactory(ChapterFactory)
    user = factory.SubFactory(UserFactory, organiser=True)

    class Params:
        staff = factory.Trait(user=factory.SubFactory(UserFactory, organiser=True, is_staff=True))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    chapter = factory.SubFactory(ChapterFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    joined_on = datetime.date(2013, 6, 27)


class DecisionMakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionMaker
        django_get_or_create = ("slug",)

    office = factory.Sequence(lambda n: f"Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")


class CampaignFactory(factory.django.DjangoModelFactory):
    """A campaign; a draft by default, `published=True` for a live one."""

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    chapter = factory.SubFactory(ChapterFactory)
    summary = "What the campaign is for."
    body = "Why it matters.\n\n- one\n- two"
    issue_area = IssueArea.SAFETY
    stage = CampaignStage.TAKING_ACTION
    started_on = datetime.date(2013, 1, 1)
    status = Status.DRAFT

    class Params:
        published = _published_trait()

    @factory.post_generation
    def leads(self, create, extracted, **kwargs):
        if create and extracted:
            self.lead_organisations.add(*extracted)


class ActionFactory(factory.django.DjangoModelFactory):
    """A public action of a live campaign; `upcoming=True` for one next week, `cancelled=True` with a reason."""

    class Meta:
        model = Action

    title = factory.Sequence(lambda n: f"Action {n}")
    slug = factory.Sequence(lambda n: f"action-{n}")
    campaign = factory.SubFactory(CampaignFactory, published=True)
    chapter = factory.LazyAttribute(lambda action: action.campaign.chapter if action.campaign else ChapterFactory())
    summary = "People gathered to put their asks."
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    venue = "A community hall"
    actual_attendance = 100
    attendance_description = "people"

    class Params:
        upcoming = factory.Trait(starts_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7)))
        postponed = factory.Trait(arrangement="postponed", arrangement_reason="The hall flooded.")
        cancelled = factory.Trait(arrangement="cancelled", arrangement_reason="The speakers withdrew.")


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    headline = factory.Sequence(lambda n: f"Achievement {n}")
    slug = factory.Sequence(lambda n: f"achievement-{n}")
    campaign = factory.SubFactory(CampaignFactory, published=True)
    description = "What changed."
    won_on = datetime.date(2014, 3, 1)


class AskFactory(factory.django.DjangoModelFactory):
    """An ask awaiting a response; traits `agreed`, `declined`, `delivered` set the facts its status follows."""

    class Meta:
        model = Ask

    campaign = factory.SubFactory(CampaignFactory, published=True)
    action = factory.SubFactory(ActionFactory, campaign=factory.SelfAttribute("..campaign"))
    topic = factory.Sequence(lambda n: f"Ask {n}")
    wording = "Will you commit to it?"
    decision_maker = factory.SubFactory(DecisionMakerFactory)
    response = Response.PENDING

    class Params:
        agreed = factory.Trait(
            response=Response.AGREED,
            responded_on=datetime.date(2014, 1, 10),
            due_on=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30)),
        )
        declined = factory.Trait(response=Response.DECLINED, responded_on=datetime.date(2014, 1, 10))
        delivered = factory.Trait(
            response=Response.AGREED,
            responded_on=datetime.date(2014, 1, 10),
            achievement=factory.SubFactory(AchievementFactory, campaign=factory.SelfAttribute("..campaign")),
        )


class NewsPostFactory(factory.django.DjangoModelFactory):
    """A post; a draft by default; traits `published`, `in_review`, `scheduled`."""

    class Meta:
        model = NewsPost

    title = factory.Sequence(lambda n: f"News {n}")
    slug = factory.Sequence(lambda n: f"news-{n}")
    campaign = factory.SubFactory(CampaignFactory, published=True)
    chapter = factory.LazyAttribute(lambda post: post.campaign.chapter if post.campaign else ChapterFactory())
    summary = "What happened."
    body = "The story."
    dated_on = datetime.date(2015, 3, 24)
    owner = factory.SubFactory(UserFactory)
    status = Status.DRAFT

    class Params:
        published = _published_trait()
        in_review = factory.Trait(status=Status.IN_REVIEW)
        scheduled = factory.Trait(
            status=Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1)),
        )


class ReactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reaction

    post = factory.SubFactory(NewsPostFactory, published=True)
    kind = ReactionKind.SUPPORT
    browser_hash = factory.Sequence(lambda n: f"{n:064x}")


class OutcomeQuestionFactory(factory.django.DjangoModelFactory):
    """The record that a delivered ask's followers were asked "Did this happen?"."""

    class Meta:
        model = OutcomeQuestion

    ask = factory.SubFactory(AskFactory, delivered=True)
    reason = OutcomeReason.DELIVERED
    asked_count = 3


class OutcomeAnswerFactory(factory.django.DjangoModelFactory):
    """One subscription's answer, under a keyed hash as the service stores it."""

    class Meta:
        model = OutcomeAnswer

    ask = factory.SubFactory(AskFactory, delivered=True)
    respondent_key = factory.Sequence(lambda n: f"{n:064x}")
    answer = OutcomeAnswerChoice.YES


class TrainingCourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingCourse

    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    chapter = factory.SubFactory(ChapterFactory)
    summary = "Community organising for new leaders."
    length_days = 2


class ResearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Research

    title = factory.Sequence(lambda n: f"Commission {n}")
    slug = factory.Sequence(lambda n: f"commission-{n}")
    chapter = factory.SubFactory(ChapterFactory)
    summary = "An inquiry led by citizens."
    commissioners = 6
    commissioners_role = "Citizen Commissioners"
    people_surveyed = 280


class AskSourceFactory(factory.django.DjangoModelFactory):
    """The source of an ask's wording: a short quotation from a named text, recorded by an editor."""

    class Meta:
        model = AskSource

    ask = factory.SubFactory(AskFactory)
    fact = AskFact.WORDING
    quotation = "Will you commit to it?"
    quoted_from = "The action's agenda"
    checked_on = datetime.date(2026, 1, 1)
    recorded_by = RecorderRole.EDITOR
