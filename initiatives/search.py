"""What site-wide search finds of the programmes and initiatives: each searchable model, its live rows and words.

Registered with the shared layer (`civicportal.core.search`) from `InitiativesConfig.ready`. Projects show
while their programme is live and progress reports while their initiative is, so those bring them along.
"""

from civicportal.core import search

from .models import CaseStudy, Indicator, Initiative, KeyArea, Programme, ProgressReport, Project, ReportItem

text = search.plain_text


def _programme_document(programme: Programme) -> search.Document:
    return search.Document(
        title=programme.title,
        url=programme.get_absolute_url(),
        summary=programme.summary,
        body="\n".join(text(part) for part in (programme.about, programme.aims, programme.commitments)),
    )


def _project_document(project: Project) -> search.Document:
    return search.Document(
        title=project.title, url=project.get_absolute_url(), summary=project.summary, body=text(project.description)
    )


def _indicator_document(indicator: Indicator) -> search.Document:
    return search.Document(
        title=indicator.title,
        url=indicator.get_absolute_url(),
        summary=f"{indicator.area}. {indicator.source}",
        body=text(indicator.description),
    )


def _initiative_document(initiative: Initiative) -> search.Document:
    key_areas = "\n".join(area.title for area in initiative.key_areas.all())
    return search.Document(
        title=initiative.title,
        url=initiative.get_absolute_url(),
        summary=initiative.summary,
        body="\n".join(
            (initiative.vision, initiative.focus, text(initiative.goal), text(initiative.method_description), key_areas)
        ),
    )


def _live_reports():
    return (
        ProgressReport.objects.live()
        .filter(initiative__in=Initiative.objects.live())
        .select_related("initiative")
        .prefetch_related("items")
    )


def _report_document(report: ProgressReport) -> search.Document:
    return search.Document(
        title=str(report),
        url=report.get_absolute_url(),
        summary=report.summary or report.initiative.title,
        body="\n".join(item.text for item in report.items.all()),
    )


def _case_study_document(case_study: CaseStudy) -> search.Document:
    return search.Document(
        title=case_study.title,
        url=case_study.get_absolute_url(),
        summary=case_study.summary,
        body="\n".join((case_study.department, text(case_study.body), text(case_study.work_includes))),
    )


search.register(
    Programme,
    kind="programmes",
    label="Programmes",
    live=lambda: Programme.objects.live(),
    document=_programme_document,
    dependants=lambda programme: [Project.objects.filter(strand__programme=programme)],
)
search.register(
    Project, kind="projects", label="Projects", live=lambda: Project.objects.live(), document=_project_document
)
search.register(
    Indicator, kind="indicators", label="Indicators", live=lambda: Indicator.objects.all(), document=_indicator_document
)
search.register(
    Initiative,
    kind="initiatives",
    label="Initiatives",
    live=lambda: Initiative.objects.live().prefetch_related("key_areas"),
    document=_initiative_document,
    dependants=lambda initiative: [ProgressReport.objects.filter(initiative=initiative)],
)
search.register(
    ProgressReport,
    kind="reports",
    label="Progress reports",
    live=_live_reports,
    document=_report_document,
)
search.register(
    CaseStudy,
    kind="case-studies",
    label="Case studies",
    live=lambda: CaseStudy.objects.live(),
    document=_case_study_document,
)
# An initiative's document lists its key areas, and a report's holds its items.
search.register_dependants(KeyArea, lambda area: [Initiative.objects.filter(pk=area.initiative_id)])
search.register_dependants(ReportItem, lambda item: [ProgressReport.objects.filter(pk=item.report_id)])
