"""The pages residents read: programmes, projects, outcome indicators, collective impact initiatives with their
progress reports, and published case studies."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign
from civicportal.core import permissions as core_permissions
from civicportal.core.breadcrumbs import trail

from .. import progress, selectors, trends
from ..filters import CaseStudyFilter, IndicatorFilter, ProgressReportFilter, ProjectFilter
from ..models import ALLOWED_MOVES, CaseStudy, Indicator, Initiative, Programme, Project, Stage
from ..permissions import case_studies_visible_to, user_can_review_case_studies, user_can_write_case_studies
from . import _crumbs, _page


def _can_change(request, obj) -> bool:
    return core_permissions.user_can_change(request.user, obj)


# Overview


def index(request):
    """List the programmes and collective impact initiatives, with ways into their figures and case studies."""
    context = {
        "programmes": Programme.objects.live().select_related("lead_organisation"),
        "initiatives": Initiative.objects.live().select_related("lead_organisation"),
        "case_study_count": CaseStudy.objects.live().count(),
        "can_write_case_studies": user_can_write_case_studies(request.user),
        "can_review": user_can_review_case_studies(request.user),
        "breadcrumbs": trail(("Programmes and initiatives", None)),
    }
    return render(request, "initiatives/index.html", context)


# Programmes and projects


def programme_detail(request, slug):
    """Show a programme: its aims, strands and projects, projects by stage, and its outcome indicators."""
    programme = get_object_or_404(
        Programme.objects.visible_to(request.user).select_related("lead_organisation", "recognised_by"), slug=slug
    )
    today = timezone.localdate()
    context = {
        "programme": programme,
        "partners": programme.partners.only("name", "website"),
        "strands": selectors.programme_strands(programme),
        "stage_counts": selectors.project_stage_counts(programme=programme),
        "indicators": selectors.indicator_summaries(Indicator.objects.for_programme(programme), today=today),
        "case_studies": selectors.case_studies_about(programme=programme),
        "can_edit": _can_change(request, programme),
        "breadcrumbs": _crumbs((programme.title, None)),
    }
    return render(request, "initiatives/programme_detail.html", context)


def project_list(request):
    """List projects of live programmes, filtered by programme, work strand and current stage."""
    queryset = Project.objects.live().with_stage().select_related("strand", "strand__programme")
    filterset = ProjectFilter(request.GET, queryset=queryset, request=request)
    context = {
        "filter": filterset,
        "page_obj": _page(request, filterset.qs.order_by("title")),
        "breadcrumbs": _crumbs(("Projects", None)),
    }
    return render(request, "initiatives/project_list.html", context)


def project_detail(request, slug):
    """Show a project, its current stage and the recorded history of its moves with their evaluations."""
    project = get_object_or_404(
        Project.objects.live().with_stage().select_related("strand", "strand__programme", "lead_organisation"),
        slug=slug,
    )
    programme = project.strand.programme
    context = {
        "project": project,
        "programme": programme,
        "moves": project.moves.select_related("evaluation", "evaluation__evaluator").order_by("moved_on", "pk"),
        "evaluations": project.evaluations.select_related("evaluator"),
        "next_stages": [stage for stage in Stage if stage in ALLOWED_MOVES[project.stage]],
        "can_edit": _can_change(request, project),
        "breadcrumbs": _crumbs(
            (programme.title, programme.get_absolute_url()),
            ("Projects", reverse("initiatives:projects")),
            (project.title, None),
        ),
    }
    return render(request, "initiatives/project_detail.html", context)


# Indicators


def indicator_list(request):
    """List outcome indicators with their latest value and direction of travel, filtered by facet."""
    filterset = IndicatorFilter(request.GET, queryset=Indicator.objects.all(), request=request)
    page_obj = _page(request, filterset.qs.order_by("title"))
    ids = [indicator.pk for indicator in page_obj]
    summaries = selectors.indicator_summaries(
        Indicator.objects.filter(pk__in=ids).order_by("title"), today=timezone.localdate()
    )
    context = {
        "filter": filterset,
        "page_obj": page_obj,
        "summaries": summaries,
        "breadcrumbs": _crumbs(("Outcome indicators", None)),
    }
    return render(request, "initiatives/indicator_list.html", context)


def indicator_detail(request, slug):
    """Show an indicator's trend as a chart and the same values as a table, with its direction of travel."""
    indicator = get_object_or_404(Indicator.objects.with_values(), slug=slug)
    summary = selectors.indicator_summary(indicator, today=timezone.localdate())
    chart = selectors.indicator_chart(summary)
    context = {
        "indicator": indicator,
        "summary": summary,
        "chart": chart,
        "label_step": selectors.axis_label_step(chart),
        "programmes": indicator.programmes.live().only("title", "slug"),
        "key_areas": indicator.key_areas.filter(initiative__in=Initiative.objects.live()).select_related("initiative"),
        "can_edit": _can_change(request, indicator),
        "min_points": trends.MIN_POINTS,
        "min_sample_size": trends.MIN_SAMPLE_SIZE,
        "breadcrumbs": _crumbs(("Outcome indicators", reverse("initiatives:indicators")), (indicator.title, None)),
    }
    return render(request, "initiatives/indicator_detail.html", context)


def trend_rule(request):
    """Explain in plain words how the direction of travel is worked out, from the constants the code uses."""
    context = {
        "explanation": trends.rule_explanation(),
        "target_rule": progress.rule_explanation(),
        "directions": trends.Direction,
        "progress_categories": progress.Progress,
        "reporting": trends.Reporting,
        "breadcrumbs": _crumbs(
            ("Outcome indicators", reverse("initiatives:indicators")), ("How the direction of travel is judged", None)
        ),
    }
    return render(request, "initiatives/trend_rule.html", context)


def reporting_status(request):
    """List every indicator with when it was last updated, when its next value is due, and its reporting status."""
    rows = selectors.reporting_statuses(today=timezone.localdate())
    counts = [(status, sum(row.status == status for row in rows)) for status in trends.Reporting]
    context = {
        "rows": rows,
        "counts": counts,
        "breadcrumbs": _crumbs(
            ("Outcome indicators", reverse("initiatives:indicators")), ("Reporting status of every indicator", None)
        ),
    }
    return render(request, "initiatives/reporting_status.html", context)


# Collective impact initiatives and their reports


def initiative_detail(request, slug):
    """Show an initiative: vision, key areas with their indicators, groups, and its latest progress report."""
    initiative = get_object_or_404(
        Initiative.objects.visible_to(request.user).select_related("lead_organisation"), slug=slug
    )
    reports = list(selectors.reports_visible_to(request.user, initiative)[:6])
    latest = reports[0] if reports else None
    context = {
        "initiative": initiative,
        "key_areas": selectors.initiative_key_areas(initiative, today=timezone.localdate()),
        "steering_group": initiative.steering_group.select_related("organisation"),
        "working_groups": initiative.working_groups.select_related("key_area"),
        "latest": latest,
        "latest_sections": selectors.report_sections(latest) if latest else [],
        "earlier_reports": reports[1:],
        "case_studies": selectors.case_studies_about(initiative=initiative),
        "wards": selectors.initiative_wards(initiative),
        "can_edit": _can_change(request, initiative),
        "breadcrumbs": _crumbs((initiative.title, None)),
    }
    return render(request, "initiatives/initiative_detail.html", context)


def report_list(request, slug):
    """List an initiative's progress reports, newest first, filtered by year."""
    initiative = get_object_or_404(Initiative.objects.visible_to(request.user), slug=slug)
    queryset = selectors.reports_visible_to(request.user, initiative).annotate(item_count=Count("items"))
    filterset = ProgressReportFilter(request.GET, queryset=queryset, request=request)
    context = {
        "initiative": initiative,
        "filter": filterset,
        "page_obj": _page(request, filterset.qs),
        "breadcrumbs": _crumbs((initiative.title, initiative.get_absolute_url()), ("Progress reports", None)),
    }
    return render(request, "initiatives/progressreport_list.html", context)


def report_detail(request, initiative, slug):
    """Show one progress report in full, with what became of the previous report's next steps."""
    initiative = get_object_or_404(Initiative.objects.visible_to(request.user), slug=initiative)
    report = get_object_or_404(selectors.reports_visible_to(request.user, initiative), slug=slug)
    visible = selectors.reports_visible_to(request.user, initiative)
    context = {
        "initiative": initiative,
        "report": report,
        "sections": selectors.report_sections(report),
        "reviews": selectors.report_reviews(report, request.user),
        "earlier": visible.filter(period_end__lt=report.period_end).first(),
        "later": visible.filter(period_end__gt=report.period_end).oldest_first().first(),
        "can_edit": _can_change(request, report),
        "breadcrumbs": _crumbs(
            (initiative.title, initiative.get_absolute_url()),
            ("Progress reports", reverse("initiatives:reports", kwargs={"slug": initiative.slug})),
            (report.period_label, None),
        ),
    }
    return render(request, "initiatives/progressreport_detail.html", context)


# Case studies


def case_study_list(request):
    """List published case studies, filtered by partner and theme."""
    queryset = CaseStudy.objects.live().prefetch_related("partners").order_by("title")
    filterset = CaseStudyFilter(request.GET, queryset=queryset, request=request)
    context = {
        "filter": filterset,
        "page_obj": _page(request, filterset.qs),
        "can_write": user_can_write_case_studies(request.user),
        "breadcrumbs": _crumbs(("Case studies", None)),
    }
    return render(request, "initiatives/casestudy_list.html", context)


def case_study_detail(request, slug):
    """Show a case study: live to everyone; a draft only to its author and the editors."""
    case_study = get_object_or_404(case_studies_visible_to(request.user), slug=slug)
    context = {
        "case_study": case_study,
        "partners": case_study.partners.only("name", "slug", "website"),
        "programmes": case_study.programmes.live().only("title", "slug"),
        "initiatives": case_study.initiatives.live().only("title", "slug"),
        "campaigns": case_study.campaigns.live().only("title", "slug"),
        "images": case_study.images.all(),
        "can_edit": _can_change(request, case_study),
        "can_review": user_can_review_case_studies(request.user),
        "breadcrumbs": _crumbs(("Case studies", reverse("initiatives:case_studies")), (case_study.title, None)),
    }
    return render(request, "initiatives/casestudy_detail.html", context)


def campaign_story(request, slug):
    """Tell a campaign as one story, oldest first: listening, research, actions, asks, responses, achievements,
    and the outcome indicators its asks and achievements are meant to move."""
    campaign = get_object_or_404(Campaign.objects.live().select_related("chapter"), slug=slug)
    context = {
        "campaign": campaign,
        "story": selectors.campaign_story(campaign=campaign, today=timezone.localdate()),
        "breadcrumbs": trail(
            ("The alliance", reverse("campaigns:index")),
            ("Campaigns", reverse("campaigns:list")),
            (campaign.title, campaign.get_absolute_url()),
            ("The story from listening to result", None),
        ),
    }
    return render(request, "initiatives/campaign_story.html", context)
