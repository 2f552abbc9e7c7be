"""Every change to a ward's pages, as one named function: the front-end views, the admin and the tests call these.

Each takes the acting user and checks, before and after applying the change, that the user may change the row
(`civicportal.core.permissions`), so no row can be moved out of the user's wards; then it checks the model
(`full_clean`) and saves. An update service changes only the fields it is given: each of its field arguments
defaults to `UNCHANGED`, so `None` still clears a field that may be empty. Allocations lock their budget's row
first, so two officers saving at the same moment cannot together allocate more than the budget. Events,
campaigns and news are saved as content first; a change of their publishing state is then a step of the shared
pipeline (`civicportal.core.pipeline`), which checks who may publish (an officer, in their own wards) and
announces the item to the ward's followers once, when it is first live (an event that is already over, never).
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils import dateformat, timezone

from civicportal.core import permissions as core_permissions
from civicportal.core import pipeline
from civicportal.core.publishing import Publishable, Status
from civicportal.core.slugs import unique_slug
from civicportal.core.unchanged import UNCHANGED, Unchanged, apply_changes

from .models import (
    Allocation,
    Event,
    LocalCampaign,
    PostcodeLookup,
    SurveyResult,
    TeamPosition,
    TeamRole,
    Ward,
    WardBudget,
    WardNews,
    normalise_postcode,
)


def _save(obj: models.Model) -> models.Model:
    obj.full_clean()
    obj.save()
    return obj


# Wards and their teams


def ward_update(
    *,
    ward: Ward,
    user,
    introduction: str | Unchanged = UNCHANGED,
    contact_email: str | Unchanged = UNCHANGED,
) -> Ward:
    """Change a ward's introduction and its team's mailbox."""
    core_permissions.check_can_change(user, ward)
    apply_changes(ward, introduction=introduction, contact_email=contact_email)
    core_permissions.check_can_change(user, ward)
    return _save(ward)


def team_position_set(
    *, ward: Ward, user, role: TeamRole | str, mailbox: str, is_vacant: bool, note: str = ""
) -> TeamPosition:
    """Record who answers for one role of a ward's team: its mailbox, or that it is vacant."""
    position = TeamPosition.objects.filter(ward=ward, role=role).first() or TeamPosition(ward=ward, role=role)
    core_permissions.check_can_change(user, position)
    apply_changes(position, mailbox="" if is_vacant else mailbox, is_vacant=is_vacant, note=note)
    core_permissions.check_can_change(user, position)
    return _save(position)


# Budgets and allocations


@transaction.atomic
def allocation_create(
    *,
    budget: WardBudget,
    user,
    recipient_kind: str,
    recipient_name: str,
    category: str,
    amount_pence: int,
    decided_on: datetime.date,
    purpose: str,
    recipient_charity_number: str = "",
    is_demonstration: bool = False,
) -> Allocation:
    """Allocate money from a ward budget, refusing (ValidationError) more than the budget has left."""
    core_permissions.check_can_change(user, Allocation(budget=budget))
    locked = WardBudget.objects.select_for_update().select_related("ward").get(pk=budget.pk)
    allocation = Allocation(
        budget=locked,
        reference=f"{locked.ward.slug}-{locked.year}-{uuid.uuid4().hex[:8]}",
        recipient_kind=recipient_kind,
        recipient_name=recipient_name,
        recipient_charity_number=recipient_charity_number,
        category=category,
        amount_pence=amount_pence,
        decided_on=decided_on,
        purpose=purpose,
        is_demonstration=is_demonstration,
    )
    # Checked while the budget row is locked: no other allocation from it can be saved meanwhile.
    return _save(allocation)


@transaction.atomic
def allocation_update(
    *,
    allocation: Allocation,
    user,
    recipient_kind: str | Unchanged = UNCHANGED,
    recipient_name: str | Unchanged = UNCHANGED,
    recipient_charity_number: str | Unchanged = UNCHANGED,
    category: str | Unchanged = UNCHANGED,
    amount_pence: int | Unchanged = UNCHANGED,
    decided_on: datetime.date | Unchanged = UNCHANGED,
    purpose: str | Unchanged = UNCHANGED,
    is_demonstration: bool | Unchanged = UNCHANGED,
) -> Allocation:
    """Change an allocation, refusing (ValidationError) a new amount the budget cannot cover."""
    core_permissions.check_can_change(user, allocation)
    WardBudget.objects.select_for_update().get(pk=allocation.budget_id)
    apply_changes(
        allocation,
        recipient_kind=recipient_kind,
        recipient_name=recipient_name,
        recipient_charity_number=recipient_charity_number,
        category=category,
        amount_pence=amount_pence,
        decided_on=decided_on,
        purpose=purpose,
        is_demonstration=is_demonstration,
    )
    core_permissions.check_can_change(user, allocation)
    return _save(allocation)


def allocation_delete(*, allocation: Allocation, user) -> None:
    """Withdraw an allocation, which returns its money to the budget."""
    core_permissions.check_can_change(user, allocation)
    allocation.delete()


# Events, campaigns and news: content, then a pipeline step for the publishing state


def _save_then_move(item: Publishable, *, user) -> Publishable:
    """Save an item's content with its stored publishing state, then take the step to the state asked for."""
    status, publish_at = item.status, item.publish_at
    pipeline.save_content(item=item, user=user)
    return pipeline.move_to(item=item, user=user, status=status, publish_at=publish_at)


@transaction.atomic
def _create(item: Publishable, *, user, reserved: frozenset[str] = frozenset()) -> Publishable:
    item.slug = unique_slug(type(item).objects.all(), item.title, reserved=reserved)
    return _save_then_move(item, user=user)


@transaction.atomic
def _update(item: Publishable, *, user, **values: object) -> Publishable:
    core_permissions.check_can_change(user, item)
    apply_changes(item, **values)
    return _save_then_move(item, user=user)


# "/events/past/" is an address of its own beside /events/<slug>/
RESERVED_EVENT_SLUGS = frozenset({"past"})


def event_create(
    *,
    ward: Ward,
    user,
    title: str,
    summary: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    venue: str,
    organiser: str,
    description: str = "",
    recurrence: str = "",
    venue_address: str = "",
    accessibility: str = "",
    is_demonstration: bool = False,
    status: str = Status.DRAFT,
    publish_at: datetime.datetime | None = None,
    owner: AbstractBaseUser | None = None,
) -> Event:
    """Add an event to a ward, owned by the user or by a colleague they may name; if it is published at once,
    its followers hear of it."""
    event = Event(
        ward=ward,
        title=title,
        summary=summary,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        recurrence=recurrence,
        venue=venue,
        venue_address=venue_address,
        accessibility=accessibility,
        organiser=organiser,
        is_demonstration=is_demonstration,
        status=status,
        publish_at=publish_at,
        owner=owner,
    )
    return _create(event, user=user, reserved=RESERVED_EVENT_SLUGS)


def event_update(
    *,
    event: Event,
    user,
    title: str | Unchanged = UNCHANGED,
    summary: str | Unchanged = UNCHANGED,
    starts_at: datetime.datetime | Unchanged = UNCHANGED,
    ends_at: datetime.datetime | Unchanged = UNCHANGED,
    venue: str | Unchanged = UNCHANGED,
    organiser: str | Unchanged = UNCHANGED,
    description: str | Unchanged = UNCHANGED,
    recurrence: str | Unchanged = UNCHANGED,
    venue_address: str | Unchanged = UNCHANGED,
    accessibility: str | Unchanged = UNCHANGED,
    is_demonstration: bool | Unchanged = UNCHANGED,
    status: str | Unchanged = UNCHANGED,
    publish_at: datetime.datetime | Unchanged | None = UNCHANGED,
    owner: AbstractBaseUser | Unchanged = UNCHANGED,
) -> Event:
    """Change an event (its owner only to someone the user may name); publishing it tells the ward's followers,
    unless it is already over."""
    return _update(
        event,
        user=user,
        title=title,
        summary=summary,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        organiser=organiser,
        description=description,
        recurrence=recurrence,
        venue_address=venue_address,
        accessibility=accessibility,
        is_demonstration=is_demonstration,
        status=status,
        publish_at=publish_at,
        owner=owner,
    )


def _event_notices(event: Event) -> list[pipeline.Notice]:
    """Return what a ward's followers hear of a newly published event: nothing once it is over."""
    if event.series_ends_at is not None and event.series_ends_at <= timezone.now():
        return []
    when = dateformat.format(timezone.localtime(event.starts_at), "l j F Y, g:i a")
    message = f"{event.summary}\n\n{event.repeats or when}, at {event.venue}."
    subject = f"New event in {event.ward}: {event.title}"
    return [pipeline.Notice(event.ward, subject, message, event.get_absolute_url())]


def local_campaign_create(
    *,
    ward: Ward | None,
    user,
    title: str,
    summary: str,
    ask: str,
    year: int,
    issue: str = "",
    results: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    status: str = Status.DRAFT,
    publish_at: datetime.datetime | None = None,
    owner: AbstractBaseUser | None = None,
) -> LocalCampaign:
    """Add a behaviour-change campaign, for one ward or (without a ward) the city, owned by the user or by a
    colleague they may name; followers hear when it is live."""
    campaign = LocalCampaign(
        ward=ward,
        title=title,
        summary=summary,
        issue=issue,
        ask=ask,
        results=results,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        publish_at=publish_at,
        owner=owner,
    )
    return _create(campaign, user=user)


def local_campaign_update(
    *,
    campaign: LocalCampaign,
    user,
    title: str | Unchanged = UNCHANGED,
    summary: str | Unchanged = UNCHANGED,
    ask: str | Unchanged = UNCHANGED,
    year: int | Unchanged = UNCHANGED,
    issue: str | Unchanged = UNCHANGED,
    results: str | Unchanged = UNCHANGED,
    starts_on: datetime.date | Unchanged | None = UNCHANGED,
    ends_on: datetime.date | Unchanged | None = UNCHANGED,
    status: str | Unchanged = UNCHANGED,
    publish_at: datetime.datetime | Unchanged | None = UNCHANGED,
    owner: AbstractBaseUser | Unchanged | None = UNCHANGED,
) -> LocalCampaign:
    """Change a campaign (its owner only to someone the user may name); publishing it tells the followers of
    the wards it reaches."""
    return _update(
        campaign,
        user=user,
        title=title,
        summary=summary,
        ask=ask,
        year=year,
        issue=issue,
        results=results,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        publish_at=publish_at,
        owner=owner,
    )


def _local_campaign_notices(campaign: LocalCampaign) -> list[pipeline.Notice]:
    """Return what followers hear of a new campaign: a city-wide one is news in every ward."""
    wards = [campaign.ward] if campaign.ward_id else list(Ward.objects.all())
    where = f"in {campaign.ward.name}" if campaign.ward_id else "across Nottingham"
    subject = f"New campaign {where}: {campaign.title}"
    return [pipeline.Notice(ward, subject, campaign.summary, campaign.get_absolute_url()) for ward in wards]


def ward_news_create(
    *,
    ward: Ward,
    user,
    title: str,
    summary: str,
    body: str,
    status: str = Status.DRAFT,
    publish_at: datetime.datetime | None = None,
    owner: AbstractBaseUser | None = None,
) -> WardNews:
    """Add a news post to a ward, owned by the user or by a colleague they may name; if it is published at once,
    the ward's followers hear of it."""
    post = WardNews(
        ward=ward, title=title, summary=summary, body=body, status=status, publish_at=publish_at, owner=owner
    )
    return _create(post, user=user)


def ward_news_update(
    *,
    post: WardNews,
    user,
    title: str | Unchanged = UNCHANGED,
    summary: str | Unchanged = UNCHANGED,
    body: str | Unchanged = UNCHANGED,
    status: str | Unchanged = UNCHANGED,
    publish_at: datetime.datetime | Unchanged | None = UNCHANGED,
    owner: AbstractBaseUser | Unchanged | None = UNCHANGED,
) -> WardNews:
    """Change a news post (its owner only to someone the user may name); publishing it tells the ward's
    followers."""
    return _update(
        post, user=user, title=title, summary=summary, body=body, status=status, publish_at=publish_at, owner=owner
    )


def _ward_news_notices(post: WardNews) -> list[pipeline.Notice]:
    """Return what a ward's followers hear of a newly published news post."""
    subject = f"News from {post.ward}: {post.title}"
    return [pipeline.Notice(post.ward, subject, post.summary, post.get_absolute_url())]


pipeline.register_announcer(Event, _event_notices)
pipeline.register_announcer(LocalCampaign, _local_campaign_notices)
pipeline.register_announcer(WardNews, _ward_news_notices)


# Survey figures


def survey_result_create(
    *,
    ward: Ward | None,
    user,
    year: int,
    measure: str,
    percent: Decimal,
    sample_size: int | None = None,
    source: str = "",
    is_demonstration: bool = False,
) -> SurveyResult:
    """Record a survey figure for a ward (or, without one, the city)."""
    result = SurveyResult(
        ward=ward,
        year=year,
        measure=measure,
        percent=percent,
        sample_size=sample_size,
        source=source,
        is_demonstration=is_demonstration,
    )
    core_permissions.check_can_change(user, result)
    return _save(result)


def survey_result_update(
    *,
    result: SurveyResult,
    user,
    year: int | Unchanged = UNCHANGED,
    measure: str | Unchanged = UNCHANGED,
    percent: Decimal | Unchanged = UNCHANGED,
    sample_size: int | Unchanged | None = UNCHANGED,
    source: str | Unchanged = UNCHANGED,
    is_demonstration: bool | Unchanged = UNCHANGED,
) -> SurveyResult:
    """Correct a survey figure."""
    core_permissions.check_can_change(user, result)
    apply_changes(
        result,
        year=year,
        measure=measure,
        percent=percent,
        sample_size=sample_size,
        source=source,
        is_demonstration=is_demonstration,
    )
    core_permissions.check_can_change(user, result)
    return _save(result)


# The postcode lookup


@dataclass(frozen=True)
class PostcodeLoad:
    """What loading the postcode lookup did: postcodes stored, and those whose ward code no ward has."""

    stored: int
    unmatched: int
    unmatched_codes: list[str]


@transaction.atomic
def postcode_lookup_replace(*, ward_codes: dict[str, str]) -> PostcodeLoad:
    """Replace the whole postcode lookup with these postcodes (normalised -> ONS ward code), matched by code.

    Reference data from the ONS, loaded by `manage.py import_postcode_lookup` rather than changed by a
    person, so there is no acting user and no history. Replacing every row in one transaction makes a
    second load of the same file leave the same table, and a newer file drop postcodes that were retired.
    """
    wards = {ward.ons_code: ward for ward in Ward.objects.with_ons_code()}
    rows = [
        PostcodeLookup(postcode=normalise_postcode(postcode), ward=wards[code])
        for postcode, code in ward_codes.items()
        if code in wards
    ]
    unmatched = sorted({code for code in ward_codes.values() if code not in wards})
    PostcodeLookup.objects.all().delete()
    PostcodeLookup.objects.bulk_create(rows, batch_size=2000)
    return PostcodeLoad(
        stored=len(rows),
        unmatched=sum(1 for code in ward_codes.values() if code not in wards),
        unmatched_codes=unmatched,
    )
