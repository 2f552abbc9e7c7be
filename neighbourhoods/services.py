"""Every change to a ward's pages, as one named function: the front-end views, the admin and the tests call these.

Each checks the model (`full_clean`) before it saves. Allocations lock their budget's row first, so two
officers saving at the same moment cannot together allocate more than the budget. Followers of a ward hear
of a newly published event or campaign once the transaction commits.
"""

import datetime
import uuid

from django.db import transaction
from django.utils import dateformat, timezone

from civicportal.core.follows import followers_notify
from civicportal.core.publishing import Status
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


def ward_budget_create(
    *,
    ward: Ward,
    year: int,
    amount_pence: int,
    approved_on: datetime.date | None = None,
    is_demonstration: bool = False,
) -> WardBudget:
    """Record a ward's budget for a financial year, as its councillors approved it."""
    budget = WardBudget(
        ward=ward, year=year, amount_pence=amount_pence, approved_on=approved_on, is_demonstration=is_demonstration
    )
    budget.full_clean()
    budget.save()
    return budget


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


# Events


def _notify_ward(*, ward: Ward, subject: str, message: str, url: str) -> int:
    return followers_notify(target=ward, subject=subject, message=message, url=url)


def _notify_event(event: Event) -> int:
    when = dateformat.format(timezone.localtime(event.starts_at), "l j F Y, g:i a")
    message = f"{event.summary}\n\n{event.repeats or when}, at {event.venue}."
    return _notify_ward(
        ward=event.ward,
        subject=f"New event in {event.ward}: {event.title}",
        message=message,
        url=event.get_absolute_url(),
    )


def _published_now(old_status: str | None, obj) -> bool:
    return old_status != Status.PUBLISHED and obj.status == Status.PUBLISHED and obj.is_live


def _stored_status(obj) -> str | None:
    return type(obj).objects.filter(pk=obj.pk).values_list("status", flat=True).first()


def _save_and_notify(obj, *, old_status: str | None, notify) -> None:
    # Followers hear of a post, event or campaign once: on the save that makes it live.
    obj.full_clean()
    obj.save()
    if _published_now(old_status, obj):
        notify(obj)


# "/events/past/" is an address of its own beside /events/<slug>/
RESERVED_EVENT_SLUGS = frozenset({"past"})


@transaction.atomic
def event_create(*, ward: Ward, owner=None, **fields) -> Event:
    """Add an event to a ward; if it is published at once, its followers hear of it."""
    fields.setdefault("slug", unique_slug(Event.objects.all(), fields.get("title", ""), reserved=RESERVED_EVENT_SLUGS))
    event = Event(ward=ward, owner=owner, **fields)
    _save_and_notify(event, old_status=None, notify=_notify_event)
    return event


@transaction.atomic
def event_update(*, event: Event, **fields) -> Event:
    """Change an event; publishing it tells the ward's followers."""
    old_status = _stored_status(event)
    fields.pop("ward", None)
    _apply(event, fields)
    _save_and_notify(event, old_status=old_status, notify=_notify_event)
    return event


def event_publish(*, event: Event) -> Event:
    """Publish an event now, telling the ward's followers."""
    return event_update(event=event, status=Status.PUBLISHED, publish_at=timezone.now())


# Behaviour-change campaigns


def _notify_campaign(campaign: LocalCampaign) -> int:
    # A city-wide campaign is news in every ward, so each ward's followers hear of it.
    wards = [campaign.ward] if campaign.ward_id else list(Ward.objects.all())
    where = f"in {campaign.ward.name}" if campaign.ward_id else "across Nottingham"
    return sum(
        _notify_ward(
            ward=ward,
            subject=f"New campaign {where}: {campaign.title}",
            message=campaign.summary,
            url=campaign.get_absolute_url(),
        )
        for ward in wards
    )


@transaction.atomic
def local_campaign_create(*, ward: Ward | None, owner=None, **fields) -> LocalCampaign:
    """Add a behaviour-change campaign, for one ward or (without a ward) the city; followers hear when it is live."""
    fields.setdefault("slug", unique_slug(LocalCampaign.objects.all(), fields.get("title", "")))
    campaign = LocalCampaign(ward=ward, owner=owner, **fields)
    _save_and_notify(campaign, old_status=None, notify=_notify_campaign)
    return campaign


@transaction.atomic
def local_campaign_update(*, campaign: LocalCampaign, **fields) -> LocalCampaign:
    """Change a campaign; publishing it tells the followers of the wards it reaches."""
    old_status = _stored_status(campaign)
    fields.pop("ward", None)
    _apply(campaign, fields)
    _save_and_notify(campaign, old_status=old_status, notify=_notify_campaign)
    return campaign


# Ward news


def _notify_news(post: WardNews) -> int:
    return _notify_ward(
        ward=post.ward,
        subject=f"News from {post.ward}: {post.title}",
        message=post.summary,
        url=post.get_absolute_url(),
    )


@transaction.atomic
def ward_news_create(*, ward: Ward, owner=None, **fields) -> WardNews:
    """Add a news post to a ward; if it is published at once, the ward's followers hear of it."""
    fields.setdefault("slug", unique_slug(WardNews.objects.all(), fields.get("title", "")))
    post = WardNews(ward=ward, owner=owner, **fields)
    _save_and_notify(post, old_status=None, notify=_notify_news)
    return post


@transaction.atomic
def ward_news_update(*, post: WardNews, **fields) -> WardNews:
    """Change a news post; publishing it tells the ward's followers."""
    old_status = _stored_status(post)
    fields.pop("ward", None)
    _apply(post, fields)
    _save_and_notify(post, old_status=old_status, notify=_notify_news)
    return post


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


def survey_result_delete(*, result: SurveyResult) -> None:
    """Remove a survey figure entered by mistake."""
    result.delete()
