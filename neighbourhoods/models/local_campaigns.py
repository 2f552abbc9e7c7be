"""Behaviour-change campaigns: what residents are asked to do, where and when, and what came of it."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from civicportal.core.constraints import FieldConstraintsMixin
from civicportal.core.fields import RichTextField
from civicportal.core.models import SlugNaturalKeyManager
from civicportal.core.publishing import Publishable, PublishableQuerySet

from .wards import Ward


class LocalCampaignQuerySet(PublishableQuerySet):
    def city_wide(self):
        """Keep campaigns that run across the whole city."""
        return self.filter(ward__isnull=True)

    def in_one_ward(self):
        """Keep campaigns that one ward runs."""
        return self.filter(ward__isnull=False)

    def reaching(self, ward):
        """Keep campaigns a ward's residents are part of: the ward's own and the city-wide ones."""
        return self.filter(Q(ward=ward) | Q(ward__isnull=True))


class LocalCampaign(FieldConstraintsMixin, Publishable):
    """A behaviour-change campaign: what residents are asked to do, where, when, and what came of it."""

    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The campaign's part of the address.")
    ward = models.ForeignKey(
        Ward,
        verbose_name="ward",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_campaigns",
        help_text="Leave empty for a campaign across the whole city.",
    )
    summary = models.CharField("summary", max_length=300, help_text="One sentence shown in lists.")
    issue = RichTextField("the problem", blank=True)
    ask = RichTextField("what residents are asked to do")
    results = RichTextField("results", blank=True)
    year = models.PositiveSmallIntegerField(
        "year", validators=[MinValueValidator(2000), MaxValueValidator(2100)], help_text="The year it started."
    )
    starts_on = models.DateField("starts", null=True, blank=True, help_text="Leave empty when it is not recorded.")
    ends_on = models.DateField("ends", null=True, blank=True, help_text="Leave empty when it is not recorded.")

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(LocalCampaignQuerySet)()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"localcampaign_ends_after_it_starts": "ends_on"}

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = "behaviour-change campaign"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="localcampaign_ends_after_it_starts",
                violation_error_message="The campaign must end on or after its start.",
                violation_error_code="ends_before_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("neighbourhoods:campaign", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": ValidationError("The campaign must end on or after its start.", code="ends_before_start")}
            )
        if self.starts_on and self.year and self.starts_on.year != self.year:
            raise ValidationError(
                {"year": ValidationError("The year is the year the campaign starts.", code="year_mismatch")}
            )
