"""Residents' survey figures: the share who agree with each measure, city-wide or in one ward, year by year."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from civicportal.core.constraints import FieldConstraintsMixin

from .wards import DEMONSTRATION_HELP, Ward


class SurveyMeasure(models.TextChoices):
    """What the residents' survey asks, each figure the share who agree."""

    AREA = "area", "Satisfied with their local area as a place to live"
    CLEANLINESS = "cleanliness", "Satisfied with the cleanliness of their local area"
    GET_ON = "get_on", "Agree people from different backgrounds get on well together"
    COUNCIL = "council", "Satisfied with the way the council runs things"


class SurveyResultManager(models.Manager):
    def get_by_natural_key(self, year, measure, ward_slug):
        return (
            self.get(year=year, measure=measure, ward__slug=ward_slug)
            if ward_slug
            else self.get(year=year, measure=measure, ward__isnull=True)
        )


class SurveyResultQuerySet(models.QuerySet):
    def city_wide(self):
        """Keep the figures for the whole city."""
        return self.filter(ward__isnull=True)

    def for_wards(self):
        """Keep the figures for single wards."""
        return self.filter(ward__isnull=False)


class SurveyResult(FieldConstraintsMixin, models.Model):
    """The share of residents who agreed with one survey measure in one year, city-wide or in one ward."""

    year = models.PositiveSmallIntegerField("year", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    measure = models.CharField("measure", max_length=20, choices=SurveyMeasure)
    ward = models.ForeignKey(
        Ward,
        verbose_name="ward",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_results",
        help_text="Leave empty for a city-wide figure.",
    )
    percent = models.DecimalField(
        "per cent who agree",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    sample_size = models.PositiveIntegerField(
        "people asked", null=True, blank=True, help_text="How many residents answered. Leave empty when not recorded."
    )
    source = models.CharField("source", max_length=300, blank=True, help_text="Where the figure was published.")
    is_demonstration = models.BooleanField("demonstration figure", default=False, help_text=DEMONSTRATION_HELP)

    history = HistoricalRecords()
    objects = SurveyResultManager.from_queryset(SurveyResultQuerySet)()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {
        "surveyresult_one_city_figure": "year",
        "surveyresult_one_ward_figure": "year",
        "surveyresult_percent_range": "percent",
    }

    class Meta:
        ordering = ["year", "measure"]
        verbose_name = "survey figure"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "measure"],
                condition=Q(ward__isnull=True),
                name="surveyresult_one_city_figure",
                violation_error_code="duplicate",
                violation_error_message="There is already a city-wide figure for this measure and year.",
            ),
            models.UniqueConstraint(
                fields=["year", "measure", "ward"],
                condition=Q(ward__isnull=False),
                name="surveyresult_one_ward_figure",
                violation_error_code="duplicate",
                violation_error_message="There is already a figure for this measure, year and ward.",
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="surveyresult_percent_range",
                violation_error_message="Give a percentage from 0 to 100.",
                violation_error_code="percent_out_of_range",
            ),
        ]

    def __str__(self):
        where = self.ward.name if self.ward_id else "Nottingham"
        return f"{where} {self.year}: {self.get_measure_display()} {self.percent}%"

    def natural_key(self):
        return (self.year, self.measure, self.ward.slug if self.ward_id else "")

    natural_key.dependencies = ["neighbourhoods.ward"]
