"""Programmes, indicators, initiatives, reports and case studies in the Django admin.

Every model admin asks the same permission policies as the front end (PolicyAdminMixin). Writes that
carry a rule or a side effect go through the services: a project's move (the transition table), a new
indicator value and a report's publication (e-mail to followers), a case study's publication.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from campaigns.models import Campaign
from civicportal.core.admin import PolicyAdminMixin, PublishableAdminMixin
from civicportal.core.permissions import is_editor

from . import services
from .models import (
    FIRST_STAGE,
    CaseStudy,
    CaseStudyImage,
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
    SteeringGroupMember,
    WorkingGroup,
    WorkStrand,
)


class PolicyAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    """The base of this app's admins: the policies decide the rows, simple_history keeps every version."""


def _report_errors(request, error: ValidationError, obj) -> None:
    messages.error(request, f"{obj}: {' '.join(error.messages)}")


# Programmes and projects


class WorkStrandInline(admin.StackedInline):
    model = WorkStrand
    extra = 0
    prepopulated_fields = {"slug": ("title",)}
    fields = (("title", "slug"), ("kind", "position"), "description")


@admin.register(Programme)
class ProgrammeAdmin(PublishableAdminMixin, PolicyAdmin):
    list_display = ("title", "launched_year", "lead_organisation", "status", "publish_at")
    list_filter = ("status", "lead_organisation")
    search_fields = ("title", "summary", "about", "aims")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("lead_organisation", "recognised_by")
    filter_horizontal = ("partners",)
    list_select_related = ("lead_organisation",)
    inlines = (WorkStrandInline,)


class EvaluationInline(admin.StackedInline):
    model = Evaluation
    extra = 0
    prepopulated_fields = {"slug": ("title",)}
    fields = (("title", "slug"), ("completed_on", "evaluator"), "findings", "url", "is_demonstration")
    autocomplete_fields = ("evaluator",)


class ProjectMoveInline(admin.TabularInline):
    """The recorded moves, read only: a move is recorded through 'Project moves', which applies the table."""

    model = ProjectMove
    extra = 0
    fields = ("moved_on", "from_stage", "to_stage", "evaluation", "note", "is_demonstration")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(PolicyAdmin):
    list_display = ("title", "strand", "stage_label", "proposed_on")
    list_filter = ("strand__programme", "strand__kind")
    search_fields = ("title", "summary", "description")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("lead_organisation",)
    list_select_related = ("strand", "strand__programme")
    inlines = (EvaluationInline, ProjectMoveInline)

    def get_queryset(self, request):
        return super().get_queryset(request).with_stage()

    @admin.display(description="stage now", ordering="current_stage")
    def stage_label(self, obj):
        return obj.stage.label


class ProjectMoveForm(forms.ModelForm):
    """A new move: the stage it starts from is the project's current one, never chosen."""

    class Meta:
        model = ProjectMove
        fields = ("project", "to_stage", "moved_on", "evaluation", "note", "is_demonstration")

    def clean(self):
        cleaned = super().clean()
        project = cleaned.get("project")
        if project is not None:
            latest = project.moves.order_by("-moved_on", "-pk").first()
            self.instance.from_stage = latest.to_stage if latest else FIRST_STAGE
        return cleaned


@admin.register(ProjectMove)
class ProjectMoveAdmin(PolicyAdmin):
    """Records moves through `services.project_move`; a recorded move is history and is not edited."""

    form = ProjectMoveForm
    list_display = ("project", "moved_on", "from_stage", "to_stage", "evaluation", "is_demonstration")
    list_filter = ("to_stage", "from_stage", "project__strand__programme")
    search_fields = ("project__title", "note")
    date_hierarchy = "moved_on"
    raw_id_fields = ("evaluation",)
    autocomplete_fields = ("project",)
    list_select_related = ("project", "evaluation")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = services.project_move(
            project=obj.project,
            to_stage=obj.to_stage,
            date=obj.moved_on,
            evaluation=obj.evaluation,
            user=request.user,
            note=obj.note,
            is_demonstration=obj.is_demonstration,
        )
        obj.pk = saved.pk


# Indicators


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 1
    fields = ("date", "period_label", "value", "lower", "upper", "base_size", "is_demonstration", "note")
    ordering = ("date",)


class IndicatorBearingInline(admin.TabularInline):
    """The campaigns' asks and achievements meant to move the indicator: each row one or the other."""

    model = IndicatorBearing
    extra = 0
    fields = ("ask", "achievement", "how")
    raw_id_fields = ("ask", "achievement")
    verbose_name = "ask or achievement that bears on it"
    verbose_name_plural = "asks and achievements that bear on it (they tell the campaign's story to its outcomes)"


@admin.register(Indicator)
class IndicatorAdmin(PolicyAdmin):
    list_display = ("title", "area", "unit", "better", "frequency", "latest_date")
    list_filter = ("programmes", "key_areas__initiative", "frequency", "better", "unit")
    search_fields = ("title", "description", "source")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("programmes", "key_areas")
    inlines = (IndicatorValueInline, IndicatorBearingInline)

    def get_queryset(self, request):
        return super().get_queryset(request).with_latest_date()

    def save_model(self, request, obj, form, change):
        # The target goes through its service (policy, validation, history); the other fields save as before.
        posted = {field: getattr(obj, field) for field in services.TARGET_FIELDS}
        kept = Indicator.objects.get(pk=obj.pk) if change else Indicator()
        for field in services.TARGET_FIELDS:
            setattr(obj, field, getattr(kept, field))
        super().save_model(request, obj, form, change)
        if any(posted[field] != getattr(kept, field) for field in services.TARGET_FIELDS):
            services.indicator_target_set(
                indicator=obj,
                user=request.user,
                value=posted["target_value"],
                date=posted["target_date"],
                source=posted["target_source"],
                source_url=posted["target_source_url"],
                is_demonstration=posted["target_is_demonstration"],
            )

    @admin.display(description="latest value", ordering="latest_date")
    def latest_date(self, obj):
        return obj.latest_date

    def save_formset(self, request, form, formset, change):
        if formset.model is not IndicatorValue:
            return super().save_formset(request, form, formset, change)
        # New values go through the service, which e-mails the followers; edits and deletions are corrections.
        values = formset.save(commit=False)
        for value in formset.deleted_objects:
            value.delete()
        for value in values:
            if value.pk:
                value.save()
            else:
                services.indicator_value_add(
                    indicator=form.instance,
                    date=value.date,
                    value=value.value,
                    base_size=value.base_size,
                    lower=value.lower,
                    upper=value.upper,
                    period_label=value.period_label,
                    is_demonstration=value.is_demonstration,
                    note=value.note,
                    user=request.user,
                )
        return None


# Collective impact initiatives and reports


class KeyAreaInline(admin.StackedInline):
    model = KeyArea
    extra = 0
    prepopulated_fields = {"slug": ("title",)}
    fields = (("title", "slug", "position"), "description")


class SteeringGroupMemberInline(admin.TabularInline):
    model = SteeringGroupMember
    extra = 0
    fields = ("position", "slug", "organisation", "part", "group_name", "role")
    autocomplete_fields = ("organisation",)


class WorkingGroupInline(admin.StackedInline):
    model = WorkingGroup
    extra = 0
    prepopulated_fields = {"slug": ("name",)}
    fields = (("name", "slug"), ("key_area", "formed_on"), "purpose")


@admin.register(Initiative)
class InitiativeAdmin(PublishableAdminMixin, PolicyAdmin):
    list_display = ("title", "area_name", "focus", "vision_year", "status", "publish_at")
    list_filter = ("status", "lead_organisation")
    search_fields = ("title", "summary", "goal", "area_name")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("lead_organisation",)
    filter_horizontal = ("wards",)
    list_select_related = ("lead_organisation",)
    inlines = (KeyAreaInline, SteeringGroupMemberInline, WorkingGroupInline)


class ReportItemInline(admin.TabularInline):
    model = ReportItem
    extra = 1
    fields = ("section", "position", "text", "figure_more_than", "figure", "figure_label")
    ordering = ("section", "position")


class NextStepReviewInline(admin.TabularInline):
    """The previous report's next steps, carried forward when the report is added: say what became of each."""

    model = NextStepReview
    extra = 0
    fields = ("next_step", "outcome", "comment")
    readonly_fields = ("next_step",)
    can_delete = False
    verbose_name_plural = "what became of the previous report's next steps"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(PublishableAdminMixin, PolicyAdmin):
    """A report is published through the pipeline, which refuses it until every carried-forward next step is marked."""

    list_display = ("title", "initiative", "period_label", "period_end", "status", "publish_at")
    list_filter = ("status", "initiative")
    search_fields = ("title", "period_label", "summary", "items__text")
    prepopulated_fields = {"slug": ("period_label",)}
    date_hierarchy = "period_end"
    list_select_related = ("initiative",)
    inlines = (NextStepReviewInline, ReportItemInline)
    fields = (
        "initiative",
        "title",
        "slug",
        "period_label",
        ("period_start", "period_end"),
        "summary",
        "status",
        "publish_at",
    )
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.progress_report_carry_forward(report=obj, user=request.user)


# Case studies


class CaseStudyImageInline(admin.StackedInline):
    model = CaseStudyImage
    extra = 0
    fields = ("image", "alt_text", "caption", "position")


@admin.register(CaseStudy)
class CaseStudyAdmin(PublishableAdminMixin, PolicyAdmin):
    """Authors' own drafts and everything for editors; publishing goes through the pipeline, as everywhere."""

    list_display = ("title", "owner", "theme", "status", "publish_at", "updated_at")
    list_filter = ("status", "theme", "partners")
    search_fields = ("title", "summary", "body", "department")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("partners", "programmes", "initiatives", "campaigns")
    list_select_related = ("owner",)
    inlines = (CaseStudyImageInline,)
    readonly_fields = (
        "review_comment",
        "reviewed_by",
        "reviewed_at",
        "created_at",
        "updated_at",
    )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Only editors may see drafts of programmes, initiatives and the alliance's campaigns; an author links a
        # case study to live ones, as on the front-end form.
        related = {"campaigns": Campaign, "programmes": Programme, "initiatives": Initiative}
        if db_field.name in related and not is_editor(request.user):
            kwargs["queryset"] = related[db_field.name].objects.live()
        return super().formfield_for_manytomany(db_field, request, **kwargs)
