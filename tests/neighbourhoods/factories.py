"""Factories for the neighbourhoods models, with traits: `EventFactory(published=True, weekly=True)`."""

import datetime

import factory
from django.utils import timezone

from civicportal.core.publishing import Status
from neighbourhoods.financial_years import financial_year_of
from neighbourhoods.models import (
    Allocation,
    AllocationCategory,
    AreaCommittee,
    Event,
    LocalCampaign,
    OfficerAssignment,
    PostcodeLookup,
    RecipientKind,
    SurveyMeasure,
    SurveyResult,
    TeamPosition,
    TeamRole,
    Ward,
    WardBudget,
    WardNews,
)
from tests.core.factories import UserFactory


def _hours_from_now(hours: float) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(hours=hours)).replace(microsecond=0)


class AreaCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaCommittee
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Area committee {n}")
    slug = factory.Sequence(lambda n: f"area-committee-{n}")


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Ward {n}")
    slug = factory.Sequence(lambda n: f"ward-{n}")
    area_committee = factory.SubFactory(AreaCommitteeFactory)
    introduction = "A ward of the city with its own Neighbourhood Action Team."
    contact_email = factory.LazyAttribute(lambda ward: f"neighbourhood.{ward.slug}@civicportal.example")


class TeamPositionFactory(factory.django.DjangoModelFactory):
    """A filled role of a ward's team; trait `vacant`."""

    class Meta:
        model = TeamPosition

    ward = factory.SubFactory(WardFactory)
    role = TeamRole.DEVELOPMENT_OFFICER
    mailbox = factory.LazyAttribute(lambda position: f"{position.role}.{position.ward.slug}@civicportal.example")

    class Params:
        vacant = factory.Trait(is_vacant=True, mailbox="")


class WardBudgetFactory(factory.django.DjangoModelFactory):
    """A budget of £10,000 for the current financial year; trait `demonstration`."""

    class Meta:
        model = WardBudget

    ward = factory.SubFactory(WardFactory)
    year = factory.LazyFunction(lambda: financial_year_of(timezone.localdate()))
    amount_pence = 1_000_000
    approved_on = factory.LazyAttribute(lambda budget: datetime.date(budget.year, 4, 1))

    class Params:
        demonstration = factory.Trait(is_demonstration=True)


class AllocationFactory(factory.django.DjangoModelFactory):
    """£100 to a local group; traits `event`, `improvement`."""

    class Meta:
        model = Allocation

    budget = factory.SubFactory(WardBudgetFactory)
    reference = factory.Sequence(lambda n: f"allocation-{n}")
    recipient_kind = RecipientKind.GROUP
    recipient_name = factory.Sequence(lambda n: f"Community group {n}")
    category = AllocationCategory.COMMUNITY_LIFE
    amount_pence = 10_000
    decided_on = factory.LazyAttribute(lambda allocation: datetime.date(allocation.budget.year, 5, 1))
    purpose = "Running costs for a year of meetings."

    class Params:
        event = factory.Trait(recipient_kind=RecipientKind.EVENT, category=AllocationCategory.COMMUNITY_LIFE)
        improvement = factory.Trait(
            recipient_kind=RecipientKind.IMPROVEMENT,
            category=AllocationCategory.CLEAN_AND_GREEN,
            recipient_name="Litter bins on the high street",
        )


class EventFactory(factory.django.DjangoModelFactory):
    """A two-hour event tomorrow, as a draft; traits `published`, `past`, `weekly`."""

    class Meta:
        model = Event

    ward = factory.SubFactory(WardFactory)
    title = factory.Sequence(lambda n: f"Community event {n}")
    slug = factory.Sequence(lambda n: f"community-event-{n}")
    summary = "A get-together for neighbours."
    description = "Tea, cake and a chance to meet the team."
    starts_at = factory.LazyFunction(lambda: _hours_from_now(24))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))
    venue = "Community centre"
    accessibility = "Step-free access and a hearing loop."
    organiser = "The Neighbourhood Action Team"
    status = Status.DRAFT

    class Params:
        published = factory.Trait(status=Status.PUBLISHED, publish_at=factory.LazyFunction(lambda: _hours_from_now(-1)))
        past = factory.Trait(starts_at=factory.LazyFunction(lambda: _hours_from_now(-48)))
        weekly = factory.Trait(recurrence="FREQ=WEEKLY")


class LocalCampaignFactory(factory.django.DjangoModelFactory):
    """A ward's campaign, as a draft; traits `published`, `city_wide`."""

    class Meta:
        model = LocalCampaign

    title = factory.Sequence(lambda n: f"Local campaign {n}")
    slug = factory.Sequence(lambda n: f"local-campaign-{n}")
    ward = factory.SubFactory(WardFactory)
    summary = "Residents are asked to bag and bin."
    ask = "Pick up after your dog."
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    status = Status.DRAFT

    class Params:
        published = factory.Trait(status=Status.PUBLISHED, publish_at=factory.LazyFunction(lambda: _hours_from_now(-1)))
        city_wide = factory.Trait(ward=None)


class SurveyResultFactory(factory.django.DjangoModelFactory):
    """A city-wide figure; pass `ward=` for a ward's."""

    class Meta:
        model = SurveyResult

    year = 2016
    measure = SurveyMeasure.AREA
    ward = None
    percent = 85
    sample_size = 1000


class OfficerAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficerAssignment

    user = factory.SubFactory(UserFactory, officer=True)
    ward = factory.SubFactory(WardFactory)


def officer_of(*wards) -> object:
    """Return a new council officer assigned to the wards."""
    user = UserFactory(officer=True)
    for ward in wards:
        OfficerAssignmentFactory(user=user, ward=ward)
    return user


class WardNewsFactory(factory.django.DjangoModelFactory):
    """A ward's news post, as a draft; trait `published`."""

    class Meta:
        model = WardNews

    ward = factory.SubFactory(WardFactory)
    title = factory.Sequence(lambda n: f"Ward news {n}")
    slug = factory.Sequence(lambda n: f"ward-news-{n}")
    summary = "The alley gates are in."
    body = "Residents asked for them at the summer meeting."
    status = Status.DRAFT

    class Params:
        published = factory.Trait(status=Status.PUBLISHED, publish_at=factory.LazyFunction(lambda: _hours_from_now(-1)))


class PostcodeLookupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostcodeLookup

    postcode = factory.Sequence(lambda n: f"NG{n % 10}{n % 10}AA")
    ward = factory.SubFactory(WardFactory)
