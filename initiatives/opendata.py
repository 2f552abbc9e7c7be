"""The initiatives' open data: each indicator's values as CSV, one row a value, oldest first; every indicator's
values in one CSV and JSON; live progress reports as CSV and JSON (each initiative's reports also have a feed).
"""

from django.db.models import Max
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from civicportal.core.opendata import Dataset, Distribution, Table, csv_response, json_response, yes_no
from civicportal.core.spreadsheets import SpreadsheetWriter

from .models import Indicator, IndicatorValue, Initiative, ProgressReport

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


VALUE_COLUMNS = ["indicator", "indicator_url", *CSV_COLUMNS[1:]]
REPORT_COLUMNS = ["title", "url", "initiative", "period", "period_start", "period_end", "summary", "published_at"]


def indicator_values_table() -> Table:
    """Return every value of every indicator, by indicator and then oldest first."""
    values = IndicatorValue.objects.select_related("indicator").order_by("indicator__title", "indicator__pk", "date")
    rows = [
        [
            value.indicator.title,
            value.indicator.get_absolute_url(),
            value.indicator.area,
            value.indicator.get_unit_display(),
            value.date,
            value.period_label,
            value.value,
            value.base_size,
            yes_no(value.is_demonstration),
            value.note,
        ]
        for value in values
    ]
    return Table(VALUE_COLUMNS, rows)


def _live_reports():
    return ProgressReport.objects.live().filter(initiative__in=Initiative.objects.live())


def reports_table() -> Table:
    """Return every live progress report of a live initiative, newest first."""
    reports = _live_reports().select_related("initiative").order_by("-period_end", "-pk")
    rows = [
        [
            report.title,
            report.get_absolute_url(),
            report.initiative.title,
            report.period_label,
            report.period_start,
            report.period_end,
            report.summary,
            report.publish_at,
        ]
        for report in reports
    ]
    return Table(REPORT_COLUMNS, rows)


def indicator_values_csv(request):
    """Download every indicator's values as CSV."""
    return csv_response(indicator_values_table(), filename="nottingham-indicator-values.csv")


def indicator_values_json(request):
    """Serve every indicator's values as JSON."""
    return json_response(
        indicator_values_table(),
        title="Outcome indicators and their values",
        filename="nottingham-indicator-values.json",
    )


def reports_csv(request):
    """Download every live progress report as CSV."""
    return csv_response(reports_table(), filename="progress-reports.csv")


def reports_json(request):
    """Serve every live progress report as JSON."""
    return json_response(reports_table(), title="Progress reports", filename="progress-reports.json")


def datasets() -> list[Dataset]:
    """Return the initiatives' datasets for the open-data catalogue."""
    return [
        Dataset(
            name="indicator-values",
            title="Outcome indicators and their values",
            description="Outcome indicators of the Early Intervention City and collective impact, over time.",
            row="One dated value of one indicator, marked when it is a demonstration value.",
            distributions=(
                Distribution("CSV", reverse("initiatives:indicator_values_csv")),
                Distribution("JSON", reverse("initiatives:indicator_values_json")),
            ),
            table=indicator_values_table,
            last_changed=lambda: Indicator.objects.aggregate(at=Max("updated_at"))["at"],
        ),
        Dataset(
            name="progress-reports",
            title="Progress reports of collective impact initiatives",
            description="Dated reports of what each initiative achieved, what is in progress, and what comes next.",
            row="One published progress report; its sections are on its page.",
            distributions=(
                Distribution("CSV", reverse("initiatives:reports_csv")),
                Distribution("JSON", reverse("initiatives:reports_json")),
            ),
            table=reports_table,
            last_changed=lambda: _live_reports().aggregate(at=Max(Greatest("updated_at", "publish_at")))["at"],
        ),
    ]
