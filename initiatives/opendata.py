"""The initiatives' open data: each indicator's values as CSV, one row a value, oldest first; every indicator's
values in one CSV and JSON; live progress reports as CSV and JSON (each initiative's reports also have a feed).
"""

from django.db.models import Max, Prefetch, Q
from django.db.models.functions import Greatest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from campaigns.models import Achievement, Ask, Campaign
from civicportal.core.opendata import (
    Dataset,
    Distribution,
    ExportTable,
    Table,
    csv_response,
    dataset_export,
    export_table,
    json_response,
    name_of,
    url_of,
    yes_no,
)
from civicportal.core.spreadsheets import SpreadsheetWriter

from . import trends
from .models import (
    CaseStudy,
    Evaluation,
    Indicator,
    IndicatorBearing,
    IndicatorValue,
    Initiative,
    KeyArea,
    NextStepReview,
    Programme,
    ProgressReport,
    Project,
    ProjectMove,
    ReportItem,
    Stage,
    SteeringGroupMember,
    WorkingGroup,
    WorkStrand,
)

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


def _names(items) -> str:
    return "; ".join(sorted(str(item) for item in items))


def _live_projects():
    return Project.objects.live()


def export_tables() -> list[ExportTable]:
    """Return every kind of live item of the initiatives for the whole-portal export: no mailbox, no reviewer."""
    by_name = {dataset.name: dataset for dataset in datasets()}
    live_programmes = Programme.objects.live
    live_initiatives = Initiative.objects.live
    return [
        export_table(
            name="programmes",
            title="Programmes",
            row="One live programme; its longer texts are HTML.",
            items=lambda: (
                live_programmes()
                .select_related("lead_organisation", "recognised_by")
                .prefetch_related("partners")
                .order_by("title")
            ),
            columns={
                "title": lambda programme: programme.title,
                "url": url_of,
                "summary": lambda programme: programme.summary,
                "launched_year": lambda programme: programme.launched_year,
                "lead_organisation": lambda programme: programme.lead_organisation.name,
                "partners": lambda programme: _names(programme.partners.all()),
                "about_html": lambda programme: programme.about,
                "aims_html": lambda programme: programme.aims,
                "recognition_html": lambda programme: programme.recognition,
                "recognised_by": lambda programme: name_of(programme.recognised_by),
                "commitments_html": lambda programme: programme.commitments,
                "contact_team": lambda programme: programme.contact_team,
            },
        ),
        export_table(
            name="strands",
            title="Work strands of the programmes",
            row="One work strand of a live programme.",
            items=lambda: (
                WorkStrand.objects.filter(programme__in=live_programmes())
                .select_related("programme")
                .order_by("programme__title", "position", "pk")
            ),
            columns={
                "programme": lambda strand: strand.programme.title,
                "kind": lambda strand: strand.get_kind_display(),
                "title": lambda strand: strand.title,
                "description_html": lambda strand: strand.description,
            },
        ),
        export_table(
            name="projects",
            title="Projects",
            row="One project of a live programme, with the stage it has reached.",
            items=lambda: (
                _live_projects()
                .with_stage()
                .select_related("strand__programme", "lead_organisation")
                .order_by("title", "pk")
            ),
            columns={
                "title": lambda project: project.title,
                "url": url_of,
                "programme": lambda project: project.strand.programme.title,
                "strand": lambda project: project.strand.title,
                "stage": lambda project: Stage(project.current_stage).label,
                "lead_organisation": lambda project: name_of(project.lead_organisation),
                "proposed_on": lambda project: project.proposed_on,
                "summary": lambda project: project.summary,
                "description_html": lambda project: project.description,
            },
        ),
        export_table(
            name="evaluations",
            title="Evaluations of projects",
            row="One evaluation of a project of a live programme.",
            items=lambda: (
                Evaluation.objects.filter(project__in=_live_projects())
                .select_related("project", "evaluator")
                .order_by("completed_on", "pk")
            ),
            columns={
                "project": lambda evaluation: evaluation.project.title,
                "title": lambda evaluation: evaluation.title,
                "completed_on": lambda evaluation: evaluation.completed_on,
                "evaluator": lambda evaluation: name_of(evaluation.evaluator),
                "findings": lambda evaluation: evaluation.findings,
                "url": lambda evaluation: evaluation.url,
                "demonstration_value": lambda evaluation: yes_no(evaluation.is_demonstration),
            },
        ),
        export_table(
            name="project-moves",
            title="Projects' moves from stage to stage",
            row="One move of a project of a live programme (who recorded it is not published).",
            items=lambda: (
                ProjectMove.objects.filter(project__in=_live_projects())
                .select_related("project", "evaluation")
                .order_by("project__title", "moved_on", "pk")
            ),
            columns={
                "project": lambda move: move.project.title,
                "from_stage": lambda move: move.get_from_stage_display(),
                "to_stage": lambda move: move.get_to_stage_display(),
                "moved_on": lambda move: move.moved_on,
                "evaluation": lambda move: name_of(move.evaluation),
                "note": lambda move: move.note,
                "demonstration_value": lambda move: yes_no(move.is_demonstration),
            },
        ),
        export_table(
            name="indicators",
            title="Outcome indicators",
            row="One outcome indicator: what it measures, its unit and which way is better (values: indicator-values).",
            items=lambda: Indicator.objects.order_by("title", "pk"),
            columns={
                "title": lambda indicator: indicator.title,
                "url": url_of,
                "area": lambda indicator: indicator.area,
                "unit": lambda indicator: indicator.get_unit_display(),
                "better": lambda indicator: indicator.get_better_display(),
                "frequency": lambda indicator: indicator.get_frequency_display(),
                "source": lambda indicator: indicator.source,
                "source_url": lambda indicator: indicator.source_url,
                "description_html": lambda indicator: indicator.description,
            },
        ),
        dataset_export(by_name["indicator-values"], items=IndicatorValue.objects.all),
        export_table(
            name="initiatives",
            title="Collective impact initiatives",
            row="One live initiative; how it works is HTML.",
            items=lambda: live_initiatives().select_related("lead_organisation").order_by("title"),
            columns={
                "title": lambda initiative: initiative.title,
                "url": url_of,
                "short_name": lambda initiative: initiative.short_name,
                "summary": lambda initiative: initiative.summary,
                "area": lambda initiative: initiative.area_name,
                "focus": lambda initiative: initiative.focus,
                "vision": lambda initiative: initiative.vision,
                "vision_year": lambda initiative: initiative.vision_year,
                "goal": lambda initiative: initiative.goal,
                "methodology": lambda initiative: initiative.methodology,
                "approach": lambda initiative: initiative.approach,
                "method_description_html": lambda initiative: initiative.method_description,
                "lead_organisation": lambda initiative: initiative.lead_organisation.name,
                "contact_team": lambda initiative: initiative.contact_team,
            },
        ),
        export_table(
            name="key-areas",
            title="Key areas for action",
            row="One key area for action of a live initiative.",
            items=lambda: (
                KeyArea.objects.filter(initiative__in=live_initiatives())
                .select_related("initiative")
                .order_by("initiative__title", "position", "pk")
            ),
            columns={
                "initiative": lambda area: area.initiative.title,
                "title": lambda area: area.title,
                "description_html": lambda area: area.description,
            },
        ),
        export_table(
            name="steering-group",
            title="Steering group seats",
            row="One seat on a live initiative's steering group, held by an organisation (never a person).",
            items=lambda: (
                SteeringGroupMember.objects.filter(initiative__in=live_initiatives())
                .select_related("initiative", "organisation")
                .order_by("initiative__title", "position", "pk")
            ),
            columns={
                "initiative": lambda seat: seat.initiative.title,
                "organisation": lambda seat: name_of(seat.organisation),
                "group_name": lambda seat: seat.group_name,
                "part": lambda seat: seat.part,
                "role": lambda seat: seat.role,
            },
        ),
        export_table(
            name="working-groups",
            title="Working groups",
            row="One working group of a live initiative.",
            items=lambda: (
                WorkingGroup.objects.filter(initiative__in=live_initiatives())
                .select_related("initiative", "key_area")
                .order_by("initiative__title", "name", "pk")
            ),
            columns={
                "initiative": lambda group: group.initiative.title,
                "name": lambda group: group.name,
                "purpose": lambda group: group.purpose,
                "key_area": lambda group: name_of(group.key_area),
                "formed_on": lambda group: group.formed_on,
            },
        ),
        dataset_export(by_name["progress-reports"], items=_live_reports),
        export_table(
            name="report-items",
            title="What progress reports say",
            row="One item of a live progress report (an achievement, work in progress, impact or a next step).",
            items=lambda: (
                ReportItem.objects.filter(report__in=_live_reports())
                .select_related("report")
                .order_by("report__period_end", "report__pk", "section", "position", "pk")
            ),
            columns={
                "report": lambda item: item.report.title,
                "report_url": lambda item: item.report.get_absolute_url(),
                "section": lambda item: item.get_section_display(),
                "text": lambda item: item.text,
                "figure": lambda item: item.figure,
                "figure_label": lambda item: item.figure_label,
                "figure_more_than": lambda item: item.figure_more_than,
            },
        ),
        export_table(
            name="next-step-reviews",
            title="Next steps looked back on",
            row="What became of one next step of an earlier report, as a later live report says.",
            items=lambda: (
                # Only steps of live reports: a live report may look back on one that is no longer public.
                NextStepReview.objects.filter(report__in=_live_reports(), next_step__report__in=_live_reports())
                .select_related("report", "next_step")
                .order_by("report__period_end", "report__pk", "pk")
            ),
            columns={
                "report": lambda review: review.report.title,
                "report_url": lambda review: review.report.get_absolute_url(),
                "next_step": lambda review: review.next_step.text,
                "outcome": lambda review: review.get_outcome_display(),
                "comment": lambda review: review.comment,
            },
        ),
        export_table(
            name="case-studies",
            title="The university's case studies",
            row="One published case study; its story is HTML (the reviewers and their comments are not published).",
            items=lambda: (
                CaseStudy.objects.live()
                .prefetch_related(
                    "partners",
                    # Only the live ones: a case study may name a campaign or a programme that is still a draft.
                    Prefetch("programmes", queryset=live_programmes()),
                    Prefetch("initiatives", queryset=live_initiatives()),
                    Prefetch("campaigns", queryset=Campaign.objects.live()),
                )
                .order_by("-publish_at", "-pk")
            ),
            columns={
                "title": lambda study: study.title,
                "url": url_of,
                "summary": lambda study: study.summary,
                "department": lambda study: study.department,
                "theme": lambda study: study.get_theme_display(),
                "body_html": lambda study: study.body,
                "work_includes_html": lambda study: study.work_includes,
                "partners": lambda study: _names(study.partners.all()),
                "programmes": lambda study: _names(study.programmes.all()),
                "initiatives": lambda study: _names(study.initiatives.all()),
                "campaigns": lambda study: _names(study.campaigns.all()),
                "published_at": lambda study: study.publish_at,
            },
        ),
        export_table(
            name="indicator-bearings",
            title="Which asks and achievements of the alliance bear on which outcome indicators",
            row="One link between an ask or an achievement of a live campaign and an indicator it means to move.",
            items=lambda: (
                IndicatorBearing.objects.filter(
                    Q(ask__in=Ask.objects.live()) | Q(achievement__in=Achievement.objects.live())
                )
                .select_related("indicator", "ask", "achievement")
                .order_by("indicator__title", "pk")
            ),
            columns={
                "indicator": lambda bearing: bearing.indicator.title,
                "indicator_url": lambda bearing: bearing.indicator.get_absolute_url(),
                "ask": lambda bearing: bearing.ask.topic if bearing.ask else "",
                "ask_url": lambda bearing: url_of(bearing.ask),
                "achievement": lambda bearing: bearing.achievement.headline if bearing.achievement else "",
                "achievement_url": lambda bearing: url_of(bearing.achievement),
                "how": lambda bearing: bearing.how,
            },
        ),
    ]
