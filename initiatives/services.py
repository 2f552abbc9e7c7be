"""Every write in this app that matters: views, the admin, fixtures' commands and tests all call these.

Each checks that the user may make the change, validates the whole row (`full_clean`) and saves it;
e-mail to followers is queued by the shared follow mechanism once the transaction commits. An update service
changes only the fields it is given: each of its field arguments defaults to `UNCHANGED`, so `None` still
clears a field that may be empty.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from campaigns.models import Campaign
from civicportal.core import permissions, pipeline
from civicportal.core.follows import followers_notify
from civicportal.core.models import Organisation
from civicportal.core.publishing import Status
from civicportal.core.slugs import unique_slug
from civicportal.core.unchanged import UNCHANGED, Unchanged, apply_changes

from .models import (
    FIRST_STAGE,
    CaseStudy,
    CaseStudyImage,
    Evaluation,
    Indicator,
    IndicatorValue,
    Initiative,
    NextStepReview,
    Programme,
    ProgressReport,
    Project,
    ProjectMove,
    Section,
)
from .permissions import user_can_write_case_studies
from .units import format_in_unit


def _save(obj: models.Model) -> models.Model:
    obj.full_clean()
    obj.save()
    return obj


# Projects and their stages


@transaction.atomic
def project_move(
    *,
    project: Project,
    to_stage: str,
    date: datetime.date,
    evaluation: Evaluation | None,
    user,
    note: str = "",
    is_demonstration: bool = False,
) -> ProjectMove:
    """Record a project's move to another stage, if the transition table allows it from the current stage."""
    permissions.check_can_change(user, project)
    # Lock the project so two moves recorded at once cannot both start from the same stage.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    latest = project.moves.order_by("-moved_on", "-pk").first()
    move = ProjectMove(
        project=project,
        from_stage=latest.to_stage if latest else FIRST_STAGE,
        to_stage=to_stage,
        moved_on=date,
        evaluation=evaluation,
        note=note,
        is_demonstration=is_demonstration,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    return _save(move)


# Indicators


@transaction.atomic
def indicator_value_add(
    *,
    indicator: Indicator,
    date: datetime.date,
    value: Decimal,
    user,
    base_size: int | None = None,
    lower: Decimal | None = None,
    upper: Decimal | None = None,
    period_label: str = "",
    is_demonstration: bool = False,
    note: str = "",
) -> IndicatorValue:
    """Add a dated value (with its confidence interval or sample size, if any) to an indicator, and e-mail the
    followers of its programmes and initiatives; a value held back as too small a sample is announced without it."""
    permissions.check_can_change(user, indicator)
    point = _save(
        IndicatorValue(
            indicator=indicator,
            date=date,
            value=value,
            base_size=base_size,
            lower=lower,
            upper=upper,
            period_label=period_label,
            is_demonstration=is_demonstration,
            note=note,
        )
    )
    indicator_value_announce(value=point)
    return point


def indicator_value_announce(*, value: IndicatorValue) -> int:
    """E-mail the followers of every live programme and initiative that tracks the value's indicator."""
    indicator = value.indicator
    subject = f"New figure: {indicator.title}"
    if value.is_suppressed:
        figure = "it rests on too few answers to be shown"
    else:
        figure = format_in_unit(value.value, indicator.unit)
    message = f"A new value of “{indicator.title}” ({indicator.area}) for {value.label} has been published: {figure}."
    url = indicator.get_absolute_url()
    targets = [*indicator.programmes.live(), *Initiative.objects.live().filter(key_areas__indicators=indicator)]
    return sum(
        followers_notify(target=target, subject=f"{target}: {subject}", message=message, url=url)
        for target in dict.fromkeys(targets)
    )


TARGET_FIELDS = ("target_value", "target_date", "target_source", "target_source_url", "target_is_demonstration")


@transaction.atomic
def indicator_target_set(
    *,
    indicator: Indicator,
    user,
    value: Decimal | None,
    date: datetime.date | None,
    source: str = "",
    source_url: str = "",
    is_demonstration: bool = False,
) -> Indicator:
    """Set (or, with no value and no date, clear) an indicator's target and where it comes from.

    A target needs its source: a document or a quoted sentence; one no source gives is a demonstration target.
    """
    permissions.check_can_change(user, indicator)
    indicator.target_value = value
    indicator.target_date = date
    indicator.target_source = source
    indicator.target_source_url = source_url
    indicator.target_is_demonstration = is_demonstration
    return _save(indicator)


# Progress reports


@transaction.atomic
def progress_report_create(
    *,
    initiative: Initiative,
    title: str,
    period_label: str,
    period_start: datetime.date,
    period_end: datetime.date,
    user,
    summary: str = "",
) -> ProgressReport:
    """Start a draft report and carry forward the previous report's next steps, each to be marked."""
    permissions.check_can_change(user, initiative)
    report = ProgressReport(
        initiative=initiative,
        title=title,
        period_label=period_label,
        period_start=period_start,
        period_end=period_end,
        summary=summary,
        status=Status.DRAFT,
        owner=user if getattr(user, "is_authenticated", False) else None,
    )
    report.slug = unique_slug(ProgressReport.objects.filter(initiative=initiative), period_label or title)
    _save(report)
    progress_report_carry_forward(report=report, user=user)
    return report


@transaction.atomic
def progress_report_carry_forward(*, report: ProgressReport, user) -> list[NextStepReview]:
    """Add to a report each next step of the initiative's previous report that it does not yet account for."""
    permissions.check_can_change(user, report)
    previous = report.previous()
    if previous is None:
        return []
    accounted = set(report.reviews.values_list("next_step_id", flat=True))
    added = []
    for step in previous.items.filter(section=Section.NEXT_STEPS).exclude(pk__in=accounted):
        added.append(_save(NextStepReview(report=report, next_step=step)))
    return added


@transaction.atomic
def next_step_review_set(*, review: NextStepReview, outcome: str, user, comment: str = "") -> NextStepReview:
    """Record what became of a next step the previous report planned."""
    permissions.check_can_change(user, review.report)
    review.outcome = outcome
    review.comment = comment
    return _save(review)


def progress_report_publish(
    *, report: ProgressReport, user, publish_at: datetime.datetime | None = None
) -> ProgressReport:
    """Publish a report once every carried-forward next step is marked; the initiative's followers hear of it."""
    return pipeline.publish(item=report, user=user, publish_at=publish_at)


def _progress_report_notices(report: ProgressReport) -> list[pipeline.Notice]:
    """Return what the followers of a live initiative hear of its new report."""
    if not report.initiative.is_live:
        return []
    subject = f"{report.initiative}: new progress report for {report.period_label}"
    message = report.summary or f"A new progress report covers {report.period_label}."
    return [pipeline.Notice(report.initiative, subject, message, report.get_absolute_url())]


pipeline.register_announcer(ProgressReport, _progress_report_notices)


# Case studies


def _set_relations(case_study: CaseStudy, **relations: Iterable[models.Model] | Unchanged) -> None:
    """Replace each many-to-many relation the caller gave, skipping those left `UNCHANGED`."""
    for name, objects in relations.items():
        if objects is not UNCHANGED:
            getattr(case_study, name).set(objects)


# Addresses under /case-studies/ that are pages of their own, so no case study may take them as its slug.
RESERVED_CASE_STUDY_SLUGS = frozenset({"yours", "new", "review"})


@transaction.atomic
def case_study_create(
    *,
    user,
    title: str,
    summary: str,
    theme: str,
    body: str,
    work_includes: str,
    department: str = "",
    partners: Iterable[Organisation] = (),
    programmes: Iterable[Programme] = (),
    initiatives: Iterable[Initiative] = (),
    campaigns: Iterable[Campaign] = (),
) -> CaseStudy:
    """Start a draft case study owned by its author."""
    if not user_can_write_case_studies(user):
        raise PermissionDenied
    case_study = CaseStudy(
        title=title,
        summary=summary,
        department=department,
        theme=theme,
        body=body,
        work_includes=work_includes,
        owner=user,
        status=Status.DRAFT,
    )
    case_study.slug = unique_slug(CaseStudy.objects.all(), title, reserved=RESERVED_CASE_STUDY_SLUGS)
    _save(case_study)
    _set_relations(case_study, partners=partners, programmes=programmes, initiatives=initiatives, campaigns=campaigns)
    return case_study


@transaction.atomic
def case_study_update(
    *,
    case_study: CaseStudy,
    user,
    title: str | Unchanged = UNCHANGED,
    summary: str | Unchanged = UNCHANGED,
    department: str | Unchanged = UNCHANGED,
    theme: str | Unchanged = UNCHANGED,
    body: str | Unchanged = UNCHANGED,
    work_includes: str | Unchanged = UNCHANGED,
    partners: Iterable[Organisation] | Unchanged = UNCHANGED,
    programmes: Iterable[Programme] | Unchanged = UNCHANGED,
    initiatives: Iterable[Initiative] | Unchanged = UNCHANGED,
    campaigns: Iterable[Campaign] | Unchanged = UNCHANGED,
) -> CaseStudy:
    """Change a case study's content; its publishing state changes only through submit, review and publish."""
    permissions.check_can_change(user, case_study)
    apply_changes(
        case_study,
        title=title,
        summary=summary,
        department=department,
        theme=theme,
        body=body,
        work_includes=work_includes,
    )
    permissions.check_can_change(user, case_study)
    _save(case_study)
    _set_relations(case_study, partners=partners, programmes=programmes, initiatives=initiatives, campaigns=campaigns)
    return case_study


def case_study_submit(*, case_study: CaseStudy, user) -> CaseStudy:
    """Send a draft to the editors for review."""
    return pipeline.submit(item=case_study, user=user)


@transaction.atomic
def case_study_request_changes(*, case_study: CaseStudy, user, comment: str) -> CaseStudy:
    """Send a case study back to its author as a draft, keeping the editor's comment for them to read."""
    if not comment.strip():
        raise ValidationError({"comment": ValidationError("Say what should change.", code="comment_required")})
    case_study.review_comment = comment.strip()
    case_study.reviewed_by = user
    case_study.reviewed_at = timezone.now()
    return pipeline.send_back(item=case_study, user=user, reason=comment)


@transaction.atomic
def case_study_publish(*, case_study: CaseStudy, user, publish_at: datetime.datetime | None = None) -> CaseStudy:
    """Publish a case study now or at `publish_at`."""
    permissions.check_can_publish(user, case_study)
    case_study.reviewed_by = user
    case_study.reviewed_at = timezone.now()
    return pipeline.publish(item=case_study, user=user, publish_at=publish_at)


def _case_study_notices(case_study: CaseStudy) -> list[pipeline.Notice]:
    """Return what the followers of each live programme, initiative and campaign it relates to hear of it."""
    targets = [
        *case_study.programmes.live(),
        *case_study.initiatives.live(),
        *case_study.campaigns.live(),
    ]
    url = case_study.get_absolute_url()
    return [
        pipeline.Notice(target, f"{target}: a new case study, {case_study.title}", case_study.summary, url)
        for target in targets
    ]


pipeline.register_announcer(CaseStudy, _case_study_notices)


@transaction.atomic
def case_study_image_add(*, case_study: CaseStudy, user, image, alt_text: str, caption: str = "") -> CaseStudyImage:
    """Add a checked image, with its text alternative, to a case study the user may change."""
    permissions.check_can_change(user, case_study)
    position = case_study.images.aggregate(models.Max("position"))["position__max"]
    picture = CaseStudyImage(
        case_study=case_study,
        image=image,
        alt_text=alt_text.strip(),
        caption=caption,
        position=0 if position is None else position + 1,
    )
    return _save(picture)


@transaction.atomic
def case_study_image_remove(*, picture: CaseStudyImage, user) -> None:
    """Remove an image from a case study the user may change."""
    permissions.check_can_change(user, picture.case_study)
    picture.image.delete(save=False)
    picture.delete()
