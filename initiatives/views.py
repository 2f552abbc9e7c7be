"""The pages of programmes, projects, indicators, collective impact initiatives and case studies.

Views fetch through the permission functions or the selectors, bind a form, call one service, and
redirect or render; templates get everything they show from here.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from civicportal.core import permissions as core_permissions
from civicportal.core.breadcrumbs import trail

from . import selectors, services, trends
from .filters import CaseStudyFilter, IndicatorFilter, ProgressReportFilter, ProjectFilter
from .forms import CaseStudyForm, CaseStudyImageForm, CaseStudyReviewForm, ReviewDecision
from .models import (
    ALLOWED_MOVES,
    CaseStudy,
    CaseStudyImage,
    Indicator,
    Initiative,
    Programme,
    Project,
    Stage,
)
from .permissions import (
    case_studies_visible_to,
    get_case_study_for_change,
    get_case_study_for_review,
    user_can_review_case_studies,
    user_can_write_case_studies,
)

PER_PAGE = 20


def _crumbs(*items: tuple[str, str | None]):
    """Return a breadcrumb trail through this app's pages, starting at its index."""
    return trail(("Programmes and initiatives", reverse("initiatives:index")), *items)


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _posted(request):
    """Return the POST data to bind a form to, or None for a GET (so an empty POST still shows its errors)."""
    return request.POST if request.method == "POST" else None


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
        "breadcrumbs": _crumbs(("Outcome indicators", reverse("initiatives:indicators")), (indicator.title, None)),
    }
    return render(request, "initiatives/indicator_detail.html", context)


def indicator_csv(request, slug):
    """Download an indicator's values as CSV."""
    indicator = get_object_or_404(Indicator, slug=slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["indicator", "area", "unit", "date", "period", "value", "base_size", "demonstration_value", "note"]
    )
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


def trend_rule(request):
    """Explain in plain words how the direction of travel is worked out, from the constants the code uses."""
    context = {
        "explanation": trends.rule_explanation(),
        "directions": trends.Direction,
        "breadcrumbs": _crumbs(
            ("Outcome indicators", reverse("initiatives:indicators")), ("How the direction of travel is judged", None)
        ),
    }
    return render(request, "initiatives/trend_rule.html", context)


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
        "reviews": selectors.report_reviews(report),
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


# Case studies: what residents read


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


# Case studies: what their authors and editors do


def _case_study_values(form) -> dict:
    return {
        name: form.cleaned_data[name]
        for name in (*form.Meta.fields, "partners", "programmes", "initiatives", "campaigns")
    }


def _form_crumbs(title: str, case_study: CaseStudy | None = None):
    items = [
        ("Case studies", reverse("initiatives:case_studies")),
        ("Your case studies", reverse("initiatives:my_case_studies")),
    ]
    if case_study is not None:
        items.append((case_study.title, case_study.get_absolute_url()))
    return _crumbs(*items, (title, None))


@login_required
def my_case_studies(request):
    """List the case studies the signed-in author wrote, whatever their state."""
    if not user_can_write_case_studies(request.user):
        raise PermissionDenied
    context = {
        "page_obj": _page(request, CaseStudy.objects.owned_by(request.user).order_by("-updated_at")),
        "breadcrumbs": _crumbs(("Case studies", reverse("initiatives:case_studies")), ("Your case studies", None)),
    }
    return render(request, "initiatives/casestudy_mine.html", context)


@login_required
def case_study_create(request):
    """Start a draft case study."""
    if not user_can_write_case_studies(request.user):
        raise PermissionDenied
    form = CaseStudyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        case_study = services.case_study_create(user=request.user, **_case_study_values(form))
        messages.success(request, "Your draft is saved. Add images, then send it for review when it is ready.")
        return redirect("initiatives:case_study_edit", slug=case_study.slug)
    context = {"form": form, "breadcrumbs": _form_crumbs("Write a case study"), "heading": "Write a case study"}
    return render(request, "initiatives/casestudy_form.html", context, status=400 if form.errors else 200)


@login_required
def case_study_edit(request, slug):
    """Change the content of a case study the user may change."""
    case_study = get_case_study_for_change(request.user, slug)
    form = CaseStudyForm(_posted(request), instance=case_study)
    if request.method == "POST" and form.is_valid():
        services.case_study_update(case_study=case_study, user=request.user, **_case_study_values(form))
        messages.success(request, "Your changes are saved.")
        return redirect("initiatives:case_study_edit", slug=case_study.slug)
    context = {
        "form": form,
        "case_study": case_study,
        "images": case_study.images.all(),
        "heading": f"Edit “{case_study.title}”",
        "breadcrumbs": _form_crumbs("Edit", case_study),
    }
    return render(request, "initiatives/casestudy_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def case_study_submit(request, slug):
    """Send the author's draft to the editors."""
    case_study = get_case_study_for_change(request.user, slug)
    try:
        services.case_study_submit(case_study=case_study, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Sent for review. An editor will publish it or ask for changes.")
    return redirect("initiatives:my_case_studies")


@login_required
def case_study_image_add(request, slug):
    """Add an image with its text alternative to a case study the user may change."""
    case_study = get_case_study_for_change(request.user, slug)
    form = CaseStudyImageForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.case_study_image_add(case_study=case_study, user=request.user, **form.cleaned_data)
        messages.success(request, "The image is added.")
        return redirect("initiatives:case_study_edit", slug=case_study.slug)
    context = {"form": form, "case_study": case_study, "breadcrumbs": _form_crumbs("Add an image", case_study)}
    return render(request, "initiatives/casestudy_image_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def case_study_image_remove(request, slug, pk):
    """Remove an image from a case study the user may change."""
    case_study = get_case_study_for_change(request.user, slug)
    picture = get_object_or_404(CaseStudyImage, case_study=case_study, pk=pk)
    services.case_study_image_remove(picture=picture, user=request.user)
    messages.success(request, "The image is removed.")
    return redirect("initiatives:case_study_edit", slug=case_study.slug)


@login_required
def review_list(request):
    """List the case studies waiting for an editor."""
    if not user_can_review_case_studies(request.user):
        raise PermissionDenied
    context = {
        "page_obj": _page(request, CaseStudy.objects.in_review().order_by("updated_at")),
        "breadcrumbs": _crumbs(("Case studies", reverse("initiatives:case_studies")), ("Waiting for review", None)),
    }
    return render(request, "initiatives/casestudy_review_list.html", context)


@login_required
def case_study_review(request, slug):
    """Let an editor publish a case study or send it back to its author with a comment."""
    case_study = get_case_study_for_review(request.user, slug)
    form = CaseStudyReviewForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["decision"] == ReviewDecision.PUBLISH:
            services.case_study_publish(case_study=case_study, user=request.user)
            messages.success(request, f"“{case_study.title}” is published.")
        else:
            services.case_study_request_changes(
                case_study=case_study, user=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, f"“{case_study.title}” is back with its author, with your comment.")
        return redirect("initiatives:review_list")
    context = {
        "form": form,
        "case_study": case_study,
        "breadcrumbs": _crumbs(
            ("Waiting for review", reverse("initiatives:review_list")), (f"Review “{case_study.title}”", None)
        ),
    }
    return render(request, "initiatives/casestudy_review.html", context, status=400 if form.errors else 200)
