"""Outcome indicators as open data: each indicator's values as CSV, one row a value, oldest first."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from civicportal.core.spreadsheets import SpreadsheetWriter

from .models import Indicator

CSV_COLUMNS = ["indicator", "area", "unit", "date", "period", "value", "base_size", "demonstration_value", "note"]


def indicator_csv(request, slug):
    """Download an indicator's values as CSV."""
    indicator = get_object_or_404(Indicator, slug=slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator.slug}.csv"'
    writer = SpreadsheetWriter(response)
    writer.writerow(CSV_COLUMNS)
    for value in indicator.values.order_by("date"):
        writer.writerow(
            [
                indicator.title,
                indicator.area,
                indicator.get_unit_display(),
                value.date.isoformat(),
                value.period_label,
                value.value,
                value.base_size if value.base_size is not None else "",
                "yes" if value.is_demonstration else "no",
                value.note,
            ]
        )
    return response
