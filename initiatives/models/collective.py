"""Collective impact initiatives: their key areas for action, steering and working groups, and progress reports."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from civicportal.core.constraints import FieldConstraintsMixin
from civicportal.core.fields import RichTextField
from civicportal.core.models import Organisation, SlugNaturalKeyManager
from civicportal.core.publishing import Publishable, PublishableQuerySet, Status
from neighbourhoods.models import Ward

from .programmes import ROLE_MAILBOX_HELP


class Initiative(Publishable):
    """A collective impact initiative: partners in one place working to shared aims for a group of people."""

    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The initiative's part of the address.")
    short_name = models.CharField("short name", max_length=20, blank=True, help_text="Such as CCII.")
    summary = models.CharField("summary", max_length=300, help_text="One or two sentences shown in lists.")
    area_name = models.CharField("area", max_length=100, help_text="The place it works in, such as Clifton.")
    wards = models.ManyToManyField(Ward, verbose_name="wards it covers", blank=True, related_name="+")
    focus = models.CharField("who it is for", max_length=200, help_text="Such as young people.")
    vision = models.CharField("vision", max_length=300)
    vision_year = models.PositiveSmallIntegerField("vision year", help_text="The year the vision is set for.")
    goal = RichTextField("goal")
    methodology = models.CharField("methodology", max_length=100, help_text="Such as Systems Thinking.")
    approach = models.CharField("approach", max_length=100, help_text="How the methodology is delivered.")
    method_description = RichTextField("how it works")
    lead_organisation = models.ForeignKey(
        Organisation, verbose_name="convening organisation", on_delete=models.PROTECT, related_name="+"
    )
    contact_team = models.CharField(
        "contact team", max_length=200, help_text="The team to contact, by role: never a person's name."
    )
    contact_email = models.EmailField("contact e-mail", help_text=ROLE_MAILBOX_HELP)

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    class Meta:
        ordering = ["title"]
        verbose_name = "collective impact initiative"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:initiative", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["core.organisation", "neighbourhoods.ward"]


class InitiativePartManager(models.Manager):
    def get_by_natural_key(self, initiative_slug, slug):
        return self.get(initiative__slug=initiative_slug, slug=slug)


class KeyArea(FieldConstraintsMixin, models.Model):
    """A key area for action that an initiative's community chose, tracked by its indicators."""

    initiative = models.ForeignKey(
        Initiative, verbose_name="initiative", on_delete=models.CASCADE, related_name="key_areas"
    )
    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200)
    description = RichTextField("description")
    position = models.PositiveSmallIntegerField("position", default=0, help_text="Lower numbers come first.")

    history = HistoricalRecords()
    objects = InitiativePartManager()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"keyarea_slug_unique_in_initiative": "slug"}

    class Meta:
        ordering = ["initiative", "position", "title"]
        verbose_name = "key area for action"
        verbose_name_plural = "key areas for action"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "slug"],
                name="keyarea_slug_unique_in_initiative",
                violation_error_message="Another key area of this initiative already has this slug; choose another.",
                violation_error_code="slug_taken",
            ),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.initiative.natural_key(), self.slug)

    natural_key.dependencies = ["initiatives.initiative"]


class SteeringGroupMember(FieldConstraintsMixin, models.Model):
    """A seat on an initiative's steering group: an organisation (or part of one), or a group of people."""

    initiative = models.ForeignKey(
        Initiative, verbose_name="initiative", on_delete=models.CASCADE, related_name="steering_group"
    )
    slug = models.SlugField("key", max_length=200, help_text="Names the seat in fixtures and links.")
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    part = models.CharField(
        "team or service", max_length=200, blank=True, help_text="The part of the organisation that takes part."
    )
    group_name = models.CharField(
        "group of people",
        max_length=200,
        blank=True,
        help_text="For a seat that is not an organisation's, such as ward councillors or community members.",
    )
    role = models.CharField("role", max_length=200, default="Member")
    position = models.PositiveSmallIntegerField("position", default=0, help_text="Lower numbers come first.")

    history = HistoricalRecords()
    objects = InitiativePartManager()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"steeringgroupmember_slug_unique": "slug", "steeringgroupmember_names_someone": "organisation"}

    class Meta:
        ordering = ["initiative", "position", "pk"]
        verbose_name = "steering group member"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "slug"],
                name="steeringgroupmember_slug_unique",
                violation_error_message="Another member of this steering group already has this slug; choose another.",
                violation_error_code="slug_taken",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(group_name=""),
                name="steeringgroupmember_names_someone",
                violation_error_message="Choose an organisation or name a group of people.",
                violation_error_code="names_nobody",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.initiative.natural_key(), self.slug)

    natural_key.dependencies = ["initiatives.initiative", "core.organisation"]

    def clean(self):
        if self.organisation_id is None and not self.group_name.strip():
            raise ValidationError(
                {"organisation": ValidationError("Choose an organisation or name a group of people.", code="no_member")}
            )

    @property
    def name(self) -> str:
        """Return who holds the seat, as a reader sees it."""
        if self.organisation_id is None:
            return self.group_name
        return f"{self.organisation.name} – {self.part}" if self.part else self.organisation.name


class WorkingGroup(FieldConstraintsMixin, models.Model):
    """A working group of an initiative, usually for one key area."""

    initiative = models.ForeignKey(
        Initiative, verbose_name="initiative", on_delete=models.CASCADE, related_name="working_groups"
    )
    name = models.CharField("name", max_length=200)
    slug = models.SlugField("slug", max_length=200)
    purpose = RichTextField("purpose", blank=True)
    key_area = models.ForeignKey(
        KeyArea, verbose_name="key area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    formed_on = models.DateField(
        "formed on", null=True, blank=True, help_text="Leave empty while the group is still being formed."
    )

    history = HistoricalRecords()
    objects = InitiativePartManager()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"workinggroup_slug_unique_in_initiative": "slug"}

    class Meta:
        ordering = ["initiative", "name"]
        verbose_name = "working group"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "slug"],
                name="workinggroup_slug_unique_in_initiative",
                violation_error_message="Another working group here already has this slug; choose another.",
                violation_error_code="slug_taken",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.initiative.natural_key(), self.slug)

    natural_key.dependencies = ["initiatives.initiative", "initiatives.keyarea"]

    @property
    def is_forming(self) -> bool:
        """Return whether the group is still being formed."""
        return self.formed_on is None


class ProgressReportQuerySet(PublishableQuerySet):
    def latest_first(self):
        """Order reports by the end of their period, newest first."""
        return self.order_by("-period_end", "-pk")

    def oldest_first(self):
        """Order reports by the end of their period, oldest first."""
        return self.order_by("period_end", "pk")


class ProgressReportManager(InitiativePartManager.from_queryset(ProgressReportQuerySet)):
    pass


class ProgressReport(FieldConstraintsMixin, Publishable):
    """A dated report of an initiative's progress: achievements, work in progress, impact and next steps."""

    initiative = models.ForeignKey(
        Initiative, verbose_name="initiative", on_delete=models.PROTECT, related_name="reports"
    )
    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, help_text="The report's part of the address.")
    period_label = models.CharField(
        "period", max_length=100, help_text="As people name it: Summer 2022 – February 2024."
    )
    period_start = models.DateField("period starts")
    period_end = models.DateField("period ends")
    summary = models.CharField("summary", max_length=300, blank=True)

    history = HistoricalRecords()
    objects = ProgressReportManager()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {
        "progressreport_slug_unique_in_initiative": "slug",
        "progressreport_period_in_order": "period_end",
    }

    class Meta:
        ordering = ["initiative", "-period_end"]
        verbose_name = "progress report"
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "slug"],
                name="progressreport_slug_unique_in_initiative",
                violation_error_message="Another progress report here already has this slug; choose another.",
                violation_error_code="slug_taken",
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="progressreport_period_in_order",
                violation_error_message="The period cannot end before it starts.",
                violation_error_code="period_out_of_order",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.period_label})"

    def get_absolute_url(self):
        return reverse("initiatives:report", kwargs={"initiative": self.initiative.slug, "slug": self.slug})

    def natural_key(self):
        return (*self.initiative.natural_key(), self.slug)

    natural_key.dependencies = ["initiatives.initiative"]

    def clean(self):
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValidationError(
                {"period_end": ValidationError("The period cannot end before it starts.", code="period_reversed")}
            )
        # Checked here so that every door that publishes a report (pipeline, admin form) refuses it alike.
        if self.status == Status.PUBLISHED and self.pk:
            unmarked = self.reviews.filter(outcome="").count()
            if unmarked:
                raise ValidationError(
                    "Say what became of every next step of the previous report before publishing "
                    "(%(count)s not marked).",
                    code="next_steps_unmarked",
                    params={"count": unmarked},
                )

    def previous(self):
        """Return the initiative's report for the period before this one, if any."""
        return (
            ProgressReport.objects.filter(initiative_id=self.initiative_id, period_end__lt=self.period_end)
            .exclude(pk=self.pk)
            .latest_first()
            .first()
        )


class Section(models.TextChoices):
    ACHIEVEMENTS = "achievements", "Achievements"
    IN_PROGRESS = "in_progress", "Work in progress"
    IMPACT = "impact", "Impact"
    NEXT_STEPS = "next_steps", "Next steps"


class ReportItemManager(models.Manager):
    def get_by_natural_key(self, initiative_slug, report_slug, section, position):
        return self.get(
            report__initiative__slug=initiative_slug, report__slug=report_slug, section=section, position=position
        )


class ReportItem(FieldConstraintsMixin, models.Model):
    """One item of a report's section, with a figure when there is one (53 survey respondents)."""

    report = models.ForeignKey(ProgressReport, verbose_name="report", on_delete=models.CASCADE, related_name="items")
    section = models.CharField("section", max_length=20, choices=Section)
    text = models.TextField("text")
    figure = models.PositiveIntegerField("figure", null=True, blank=True, help_text="A number the item reports.")
    figure_label = models.CharField(
        "what the figure counts", max_length=100, blank=True, help_text="Such as survey respondents."
    )
    figure_more_than = models.BooleanField(
        "more than the figure", default=False, help_text="Tick when the source says “more than” or “over” the figure."
    )
    position = models.PositiveSmallIntegerField("position", default=0, help_text="Lower numbers come first.")

    history = HistoricalRecords()
    objects = ReportItemManager()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"reportitem_position_unique": "position", "reportitem_figure_has_label": "figure_label"}

    class Meta:
        ordering = ["report", "section", "position", "pk"]
        verbose_name = "report item"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section", "position"],
                name="reportitem_position_unique",
                violation_error_message="Another item in this section of the report already has this position.",
                violation_error_code="position_taken",
            ),
            models.CheckConstraint(
                condition=Q(figure__isnull=True, figure_label="") | (Q(figure__isnull=False) & ~Q(figure_label="")),
                name="reportitem_figure_has_label",
                violation_error_message="Give a figure and say what it counts, or leave both empty.",
                violation_error_code="figure_without_label",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def natural_key(self):
        return (*self.report.natural_key(), self.section, self.position)

    natural_key.dependencies = ["initiatives.progressreport"]

    def clean(self):
        if (self.figure is None) != (not self.figure_label.strip()):
            raise ValidationError(
                {
                    "figure_label": ValidationError(
                        "Give a figure and say what it counts, or leave both empty.", code="figure_without_label"
                    )
                }
            )


class Outcome(models.TextChoices):
    """What became of a next step a previous report planned."""

    DONE = "done", "Done"
    IN_PROGRESS = "in_progress", "In progress"
    DROPPED = "dropped", "Dropped"


class NextStepReviewManager(models.Manager):
    def get_by_natural_key(self, initiative_slug, report_slug, section, position, reviewing_slug):
        return self.get(
            next_step=ReportItem.objects.get_by_natural_key(initiative_slug, report_slug, section, position),
            report__slug=reviewing_slug,
        )


class NextStepReview(FieldConstraintsMixin, models.Model):
    """A report's account of a next step the previous report planned: done, in progress or dropped."""

    report = models.ForeignKey(
        ProgressReport, verbose_name="reviewing report", on_delete=models.CASCADE, related_name="reviews"
    )
    next_step = models.ForeignKey(
        ReportItem,
        verbose_name="planned next step",
        on_delete=models.CASCADE,
        related_name="reviews",
        limit_choices_to={"section": Section.NEXT_STEPS},
    )
    outcome = models.CharField(
        "what happened",
        max_length=20,
        choices=Outcome,
        blank=True,
        help_text="Required before the report is published.",
    )
    comment = models.CharField("comment", max_length=300, blank=True)

    history = HistoricalRecords()
    objects = NextStepReviewManager()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"nextstepreview_once_per_report": "next_step"}

    class Meta:
        ordering = ["report", "next_step__position"]
        verbose_name = "next step carried forward"
        verbose_name_plural = "next steps carried forward"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "next_step"],
                name="nextstepreview_once_per_report",
                violation_error_message="This report already reviews this next step.",
                violation_error_code="already_reviewed",
            ),
        ]

    def __str__(self):
        return f"{self.next_step}: {self.get_outcome_display() or 'not yet reviewed'}"

    def natural_key(self):
        return (*self.next_step.natural_key(), self.report.slug)

    natural_key.dependencies = ["initiatives.reportitem", "initiatives.progressreport"]

    def clean(self):
        if not (self.report_id and self.next_step_id):
            return
        step_report = self.next_step.report
        if self.next_step.section != Section.NEXT_STEPS:
            raise ValidationError(
                {"next_step": ValidationError("Only a next step can be carried forward.", code="not_a_next_step")}
            )
        if step_report.initiative_id != self.report.initiative_id or step_report.period_end >= self.report.period_end:
            raise ValidationError(
                {
                    "next_step": ValidationError(
                        "Carry forward next steps from an earlier report of the same initiative.",
                        code="next_step_from_other_report",
                    )
                }
            )
