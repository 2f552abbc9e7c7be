"""Reads of the publishing pipeline that cross every app's content: the editors' queue and each author's work.

Core knows no app, so it asks the app registry for every model that goes through the pipeline; each list
costs one query per such model and one for the pipeline's record, however much content there is.
"""

import dataclasses
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import StateAction, StateChange
from .pipeline import publishable_models
from .publishing import Publishable, Status


@dataclasses.dataclass(frozen=True)
class WorkItem:
    """One item in a queue: what it is, and when and why it last moved."""

    item: Publishable
    kind: str
    content_type_id: int
    moved_at: datetime.datetime
    note: str = ""


def _latest_steps(items: list[Publishable], *actions: StateAction) -> dict[tuple[int, int], StateChange]:
    """Return each item's latest step (of the given kinds, or of any), by (content type id, object id)."""
    if not items:
        return {}
    lookups = Q()
    for item in items:
        lookups |= Q(content_type_id=item._content_type_id, object_id=item.pk)
    latest = {}
    steps = StateChange.objects.filter(lookups)
    if actions:
        steps = steps.filter(action__in=actions)
    for step in steps.order_by("at", "pk"):
        latest[(step.content_type_id, step.object_id)] = step
    return latest


def _items(**lookup) -> list[Publishable]:
    items = []
    content_types = ContentType.objects.get_for_models(*publishable_models())
    for model in publishable_models():
        for item in model._default_manager.filter(**lookup).select_related("owner"):
            item._content_type_id = content_types[model].pk
            items.append(item)
    return items


def review_queue() -> list[WorkItem]:
    """Return everything submitted for review in every app, the longest waiting first."""
    items = _items(status=Status.IN_REVIEW)
    submitted = _latest_steps(items, StateAction.SUBMIT)
    queue = []
    for item in items:
        step = submitted.get((item._content_type_id, item.pk))
        moved_at = step.at if step else item.updated_at
        queue.append(WorkItem(item, item._meta.verbose_name, item._content_type_id, moved_at))
    return sorted(queue, key=lambda work: (work.moved_at, work.kind, work.item.pk))


def work_of(user) -> dict[str, list[WorkItem]]:
    """Return a person's unpublished work: sent back to them (with the reason), drafts, and waiting for review."""
    items = _items(owner=user, status__in=(Status.DRAFT, Status.IN_REVIEW))
    latest = _latest_steps(items)
    work = {"sent_back": [], "drafts": [], "in_review": []}
    for item in items:
        step = latest.get((item._content_type_id, item.pk))
        entry = WorkItem(item, item._meta.verbose_name, item._content_type_id, item.updated_at)
        if item.status == Status.IN_REVIEW:
            work["in_review"].append(entry)
        elif step is not None and step.action == StateAction.SEND_BACK:
            work["sent_back"].append(dataclasses.replace(entry, moved_at=step.at, note=step.note))
        else:
            work["drafts"].append(entry)
    for entries in work.values():
        entries.sort(key=lambda entry: entry.moved_at, reverse=True)
    return work
