"""Every change to a ward's pages, as one named function: the front-end views, the admin and the tests call these.

Each checks the model (`full_clean`) before it saves. Allocations lock their budget's row first, so two
officers saving at the same moment cannot together allocate more than the budget. Events, campaigns and news
are saved as content first; a change of their publishing state is then a step of the shared pipeline
(`civicportal.core.pipeline`), which checks who may publish (an officer, in their own wards) and announces
the item to the ward's followers once, when it is first live (an event that is already over, never).
"""

import datetime
import uuid

from django.db import transaction
from django.utils import dateformat, timezone

from civicportal.core import permissions as core_permissions
from civicportal.core import pipeline
from civicportal.core.publishing import Publishable, Status
from civicportal.core.slugs import unique_slug

from .models import (
    Allocation,
    Event,
    LocalCampaign,
    SurveyResult,
    TeamPosition,
    TeamRole,
    Ward,
    WardBudget,
    WardNews,
)


def _apply(obj, fields: dict) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


# Wards and their teams


def ward_update(*, ward: Ward, introduction: str, contact_email: str) -> Ward:
    """Change a ward's introduction and its team's mailbox."""
    ward.introduction = introduction
    ward.contact_email = contact_email
    ward.full_clean()
    ward.save()
    return ward


def team_position_set(
    *, ward: Ward, role: TeamRole | str, mailbox: str, is_vacant: bool, note: str = ""
) -> TeamPosition:
    """Record who answers for one role of a ward's team: its mailbox, or that it is vacant."""
    position = TeamPosition.objects.filter(ward=ward, role=role).first() or TeamPosition(ward=ward, role=role)
    _apply(position, {"mailbox": "" if is_vacant else mailbox, "is_vacant": is_vacant, "note": note})
    position.full_clean()
    position.save()
    return position


# Budgets and allocations


@transaction.atomic
def allocation_create(
    *,
    budget: WardBudget,
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
    allocation.full_clean()
    allocation.save()
    return allocation


@transaction.atomic
def allocation_update(*, allocation: Allocation, **fields) -> Allocation:
    """Change an allocation, refusing (ValidationError) a new amount the budget cannot cover."""
    WardBudget.objects.select_for_update().get(pk=allocation.budget_id)
    fields.pop("budget", None)
    _apply(allocation, fields)
    allocation.full_clean()
    allocation.save()
    return allocation


def allocation_delete(*, allocation: Allocation) -> None:
    """Withdraw an allocation, which returns its money to the budget."""
    allocation.delete()


# Events, campaigns and news: content, then a pipeline step for the publishing state


def _save_content(item: Publishable, *, user, stored_status: str | None, stored_at) -> Publishable:
    """Save an item's content with its stored publishing state, then move it to the state asked for."""
    wanted_status, wanted_at = item.status, item.publish_at
    item.status, item.publish_at = stored_status or Status.DRAFT, stored_at
    core_permissions.check_can_change(user, item)
    item.full_clean()
    item._history_user = user
    item.save()
    if (wanted_status, wanted_at) != (item.status, item.publish_at):
        pipeline.move_to(item=item, user=user, status=wanted_status, publish_at=wanted_at)
    return item


def _stored_state(item: Publishable) -> tuple[str | None, datetime.datetime | None]:
    stored = type(item).objects.filter(pk=item.pk).values_list("status", "publish_at").first()
    return stored or (None, None)


@transaction.atomic
def _create(model: type[Publishable], *, user, reserved=frozenset(), **fields) -> Publishable:
    fields.setdefault("slug", unique_slug(model.objects.all(), fields.get("title", ""), reserved=reserved))
    item = model(owner=user, **fields)
    return _save_content(item, user=user, stored_status=None, stored_at=None)


@transaction.atomic
def _update(item: Publishable, *, user, **fields) -> Publishable:
    core_permissions.check_can_change(user, item)
    stored_status, stored_at = _stored_state(item)
    fields.pop("ward", None)
    _apply(item, fields)
    return _save_content(item, user=user, stored_status=stored_status, stored_at=stored_at)


# "/events/past/" is an address of its own beside /events/<slug>/
RESERVED_EVENT_SLUGS = frozenset({"past"})


def event_create(*, ward: Ward, user, **fields) -> Event:
    """Add an event to a ward; if it is published at once, its followers hear of it."""
    return _create(Event, user=user, reserved=RESERVED_EVENT_SLUGS, ward=ward, **fields)


def event_update(*, event: Event, user, **fields) -> Event:
    """Change an event; publishing it tells the ward's followers, unless it is already over."""
    return _update(event, user=user, **fields)


def _event_notices(event: Event) -> list[pipeline.Notice]:
    """Return what a ward's followers hear of a newly published event: nothing once it is over."""
    if event.series_ends_at is not None and event.series_ends_at <= timezone.now():
        return []
    when = dateformat.format(timezone.localtime(event.starts_at), "l j F Y, g:i a")
    message = f"{event.summary}\n\n{event.repeats or when}, at {event.venue}."
    subject = f"New event in {event.ward}: {event.title}"
    return [pipeline.Notice(event.ward, subject, message, event.get_absolute_url())]


def local_campaign_create(*, ward: Ward | None, user, **fields) -> LocalCampaign:
    """Add a behaviour-change campaign, for one ward or (without a ward) the city; followers hear when it is live."""
    return _create(LocalCampaign, user=user, ward=ward, **fields)


def local_campaign_update(*, campaign: LocalCampaign, user, **fields) -> LocalCampaign:
    """Change a campaign; publishing it tells the followers of the wards it reaches."""
    return _update(campaign, user=user, **fields)


def _local_campaign_notices(campaign: LocalCampaign) -> list[pipeline.Notice]:
    """Return what followers hear of a new campaign: a city-wide one is news in every ward."""
    wards = [campaign.ward] if campaign.ward_id else list(Ward.objects.all())
    where = f"in {campaign.ward.name}" if campaign.ward_id else "across Nottingham"
    subject = f"New campaign {where}: {campaign.title}"
    return [pipeline.Notice(ward, subject, campaign.summary, campaign.get_absolute_url()) for ward in wards]


def ward_news_create(*, ward: Ward, user, **fields) -> WardNews:
    """Add a news post to a ward; if it is published at once, the ward's followers hear of it."""
    return _create(WardNews, user=user, ward=ward, **fields)


def ward_news_update(*, post: WardNews, user, **fields) -> WardNews:
    """Change a news post; publishing it tells the ward's followers."""
    return _update(post, user=user, **fields)


def _ward_news_notices(post: WardNews) -> list[pipeline.Notice]:
    """Return what a ward's followers hear of a newly published news post."""
    subject = f"News from {post.ward}: {post.title}"
    return [pipeline.Notice(post.ward, subject, post.summary, post.get_absolute_url())]


pipeline.register_announcer(Event, _event_notices)
pipeline.register_announcer(LocalCampaign, _local_campaign_notices)
pipeline.register_announcer(WardNews, _ward_news_notices)


# Survey figures


def survey_result_create(*, ward: Ward | None, **fields) -> SurveyResult:
    """Record a survey figure for a ward (or, without one, the city)."""
    result = SurveyResult(ward=ward, **fields)
    result.full_clean()
    result.save()
    return result


def survey_result_update(*, result: SurveyResult, **fields) -> SurveyResult:
    """Correct a survey figure."""
    fields.pop("ward", None)
    _apply(result, fields)
    result.full_clean()
    result.save()
    return result
