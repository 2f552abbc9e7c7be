"""Dates the sources give only in part: a day, a month, or an estimate, and how each is written on a page.

The seeds often say "last night" or "November 2012". Rather than invent a day, each dated record
stores a date with its precision, and a page writes it no more exactly than it is known.
"""

import datetime

from django.db import models
from django.utils import dateformat, timezone


class DatePrecision(models.TextChoices):
    """How exactly a stored date is known."""

    TIME = "time", "Date and time"
    DAY = "day", "Day"
    MONTH = "month", "Month only"
    APPROXIMATE = "approximate", "Approximate: an estimate"


DATE_ONLY_PRECISIONS = [choice for choice in DatePrecision.choices if choice[0] != DatePrecision.TIME]


def format_dated(value: datetime.date | datetime.datetime | None, precision: str) -> str:
    """Return a date written as exactly as it is known: "27 June 2013", "November 2012", "around July 2016"."""
    if value is None:
        return "date not recorded"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if precision == DatePrecision.TIME and isinstance(value, datetime.datetime):
        return dateformat.format(value, "j F Y, g:i a").replace(":00 ", " ")
    if precision == DatePrecision.MONTH:
        return dateformat.format(value, "F Y")
    if precision == DatePrecision.APPROXIMATE:
        return f"around {dateformat.format(value, 'F Y')}"
    return dateformat.format(value, "j F Y")
