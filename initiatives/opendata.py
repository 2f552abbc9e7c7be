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

from . import trends
from .models import Indicator, IndicatorValue, Initiative, ProgressReport

CSV_COLUMNS = [
    "indicator",
    "area",
    "unit",
    "date",
    "period",
    "value",
    "lower_95",
    "upper_95",
    "base_size",
    "suppressed",
    "demonstration_value",
    "note",
    "category",
    "target_value",
    "target_date",
    "target_source",
    "target_demonstration",
]


def _suppressed_note(value: IndicatorValue) -> str:
    reason = f"Not shown: fewer than {trends.MIN_SAMPLE_SIZE} answers."
    return f"{reason} {value.note}".strip()


def _value_cells(value: IndicatorValue, category: str) -> list:
    """Return the cells of one value's row from `value` on; a held-back value keeps only its base size and why."""
    indicator = value.indicator
    hidden = value.is_suppressed
    return [
        None if hidden else value.value,
        None if hidden else value.lower,
        None if hidden else value.upper,
        value.base_size,
        yes_no(hidden),
        yes_no(value.is_demonstration),
        _suppressed_note(value) if hidden else value.note,
        category,
        indicator.target_value,
        indicator.target_date,
        indicator.target_source,
        yes_no(indicator.target_is_demonstration) if indicator.has_target else None,
    ]


def _category(indicator: Indicator) -> str:
    """Return the published rule's conclusion for an indicator: its progress towards a target, or its direction."""
    judged = indicator.progress()
    return judged.progress.label if judged is not None else indicator.assessment().direction.label


def _blank(cell) -> object:
    return "" if cell is None else cell


def indicator_csv(request, slug):
    """Download an indicator's values as CSV."""
    indicator = get_object_or_404(Indicator.objects.with_values(), slug=slug)
    category = _category(indicator)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator.slug}.csv"'
    writer = SpreadsheetWriter(response)
    writer.writerow(CSV_COLUMNS)
    for value in indicator.values.all():
        cells = [indicator.title, indicator.area, indicator.get_unit_display(), value.date.isoformat()]
        cells.append(value.period_label)
        writer.writerow([*cells, *(_blank(cell) for cell in _value_cells(value, category))])
    return response


VALUE_COLUMNS = ["indicator", "indicator_url", *CSV_COLUMNS[1:]]
REPORT_COLUMNS = ["title", "url", "initiative", "period", "period_start", "period_end", "summary", "published_at"]


def indicator_values_table() -> Table:
    """Return every value of every indicator, by indicator and then oldest first."""
    indicators = Indicator.objects.with_values().order_by("title", "pk")
    rows = []
    for indicator in indicators:
        category = _category(indicator)
        for value in indicator.values.all():
            value.indicator = indicator
            rows.append(
                [
                    indicator.title,
                    indicator.get_absolute_url(),
                    indicator.area,
                    indicator.get_unit_display(),
                    value.date,
                    value.period_label,
                    *_value_cells(value, category),
                ]
            )
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
            row="One dated value of one indicator, with its interval, sample size and its indicator's target and "
            "category; marked when it is a demonstration value, and left blank when held back as too small a sample.",
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
