"""Research and commissions: who led them, what evidence they heard, and the reports they launched."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from civicportal.core.constraints import FieldConstraintsMixin
from civicportal.core.fields import RichTextField
from civicportal.core.models import SlugNaturalKeyManager

from ..partial_dates import DATE_ONLY_PRECISIONS, DatePrecision, format_dated
from .campaigns import Campaign, campaign_live_q
from .chapters import Chapter


class ResearchKind(models.TextChoices):
    RESEARCH = "research", "Research"
    COMMISSION = "commission", "Commission"


class ResearchQuerySet(models.QuerySet):
    def live(self):
        """Keep research residents may see: the chapter's own, and that of a live campaign."""
        return self.filter(Q(campaign__isnull=True) | campaign_live_q())

    def not_live(self):
        """Keep research of a campaign residents may not see yet."""
        return self.exclude(Q(campaign__isnull=True) | campaign_live_q())


class Research(FieldConstraintsMixin, models.Model):
    """A piece of research or a commission: who led it, what evidence it heard, and its report."""

    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True)
    kind = models.CharField("kind", max_length=20, choices=ResearchKind, default=ResearchKind.RESEARCH)
    chapter = models.ForeignKey(Chapter, verbose_name="chapter", on_delete=models.PROTECT, related_name="research")
    campaign = models.ForeignKey(
        Campaign, verbose_name="campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="research"
    )
    summary = models.CharField("summary", max_length=300)
    description = RichTextField("description", blank=True)
    commissioners = models.PositiveIntegerField("commissioners or researchers", null=True, blank=True)
    commissioners_role = models.CharField(
        "their role", max_length=200, blank=True, help_text="By role, never by name: 'Citizen Commissioners'."
    )
    held_hearings = models.BooleanField("held public hearings", default=False)
    hearings = models.PositiveIntegerField("public hearings", null=True, blank=True, help_text="How many, if known.")
    took_submissions = models.BooleanField("took written submissions", default=False)
    written_submissions = models.PositiveIntegerField(
        "written submissions", null=True, blank=True, help_text="How many, if known."
    )
    people_surveyed = models.PositiveIntegerField("people surveyed", null=True, blank=True)
    surveyed_description = models.CharField("who was surveyed", max_length=200, blank=True)
    report_title = models.CharField("report", max_length=200, blank=True)
    report_url = models.URLField("link to the report", blank=True)
    launch_on = models.DateField("report launch date", null=True, blank=True)
    launch_precision = models.CharField(
        "launch date precision", max_length=20, choices=DATE_ONLY_PRECISIONS, default=DatePrecision.DAY
    )
    launch_postponed = models.BooleanField("launch postponed", default=False)
    postponed_until = models.CharField(
        "postponed until", max_length=100, blank=True, help_text="As precisely as it was announced: 'late November'."
    )
    postponement_reason = models.TextField("reason for the postponement", blank=True)

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(ResearchQuerySet)()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"research_postponement_has_reason": "postponement_reason"}

    class Meta:
        ordering = ["title"]
        verbose_name = "research or commission"
        verbose_name_plural = "research and commissions"
        constraints = [
            models.CheckConstraint(
                condition=Q(launch_postponed=False) | ~Q(postponement_reason=""),
                name="research_postponement_has_reason",
                violation_error_message="Say why the launch was postponed.",
                violation_error_code="postponed_without_reason",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:research_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        if self.launch_postponed and not self.postponement_reason.strip():
            raise ValidationError(
                {"postponement_reason": ValidationError("Say why the launch was postponed.", code="reason_required")}
            )

    @property
    def launch_display(self) -> str:
        """Return the launch date written as exactly as it is known."""
        return format_dated(self.launch_on, self.launch_precision)
