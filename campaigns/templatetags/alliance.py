"""Template filters and tags of the alliance's pages: money in pounds."""

from django import template
from django.urls import reverse

from civicportal.core.money import format_pence

from ..models import REVIEW_MIN_ANSWERS, AskStatus, OutcomeTally

register = template.Library()


@register.filter
def pounds(pence):
    """Write a whole number of pence as pounds: 194735000 -> "£1,947,350", 745 -> "£7.45"."""
    return "" if pence in (None, "") else format_pence(int(pence))


@register.filter
def count_of(number, more_than=False):
    """Write a count with thousands separators, with "more than" when the source says so."""
    if number is None:
        return ""
    return f"{'more than ' if more_than else ''}{int(number):,}"


@register.filter
def ask_status_label(value):
    """Return the words for an ask's worked-out status value."""
    return AskStatus(value).label if value else ""


def _recorded(value) -> bool:
    return value is not None and value != ""


@register.filter
def any_lacks(items, field):
    """Return whether any of the items has nothing recorded in `field`, so a page can say so once."""
    return any(not _recorded(getattr(item, field)) for item in items)


@register.filter
def any_has(items, field):
    """Return whether any of the items has something recorded in `field`, so an empty column can be left out."""
    return any(_recorded(getattr(item, field)) for item in items)


@register.filter
def get_count(counts, key):
    """Return the count for a key of a dict of counts, 0 when it is missing."""
    return counts.get(key, 0)


@register.inclusion_tag("campaigns/includes/calendar_links.html", takes_context=True)
def calendar_links(context):
    """Offer the upcoming actions as a calendar subscription (webcal) and as a file to download."""
    url = context["request"].build_absolute_uri(reverse("campaigns:calendar"))
    return {"path": reverse("campaigns:calendar"), "webcal": "webcal://" + url.split("://", 1)[1]}


@register.filter
def outcome_tally(ask):
    """Return what the followers asked "Did this happen?" about an ask answered (an ask from `accountability_asks`)."""
    return OutcomeTally.of(ask)


@register.simple_tag
def review_min_answers():
    """Return the fewest answers on which an ask is flagged for review, as the code uses it."""
    return REVIEW_MIN_ANSWERS
