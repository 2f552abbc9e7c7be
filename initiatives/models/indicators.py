"""Outcome indicators: what is measured, which way is better, and the dated values of the series."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Max, Prefetch
from django.urls import reverse
from simple_history.models import HistoricalRecords

from civicportal.core.fields import RichTextField
from civicportal.core.models import SlugNaturalKeyManager

from .. import progress, trends
from ..trends import Better, Frequency
from .collective import KeyArea
from .programmes import DEMONSTRATION_HELP, Programme

# The longest period label a chart's axis shows as it is; longer ones are shown as the month and year.
SHORT_LABEL_LENGTH = 9


class Unit(models.TextChoices):
    PERCENT = "percent", "Per cent"
    NUMBER = "number", "Number"
    RATE_PER_1000 = "per_1000", "Rate per 1,000"
    RATE_PER_100000 = "per_100000", "Rate per 100,000"
    SCORE = "score", "Average score"


class IndicatorQuerySet(models.QuerySet):
    def for_programme(self, programme: Programme):
        """Keep the indicators a programme tracks."""
        return self.filter(programmes=programme)

    def not_for_programme(self, programme: Programme):
        """Keep the indicators a programme does not track."""
        return self.exclude(programmes=programme)

    def with_values(self):
        """Fetch each indicator's values in date order, in one query for the whole list."""
        return self.prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("date")))

    def with_latest_date(self):
        """Annotate each indicator with the date of its latest value, as `latest_date`."""
        return self.annotate(latest_date=Max("values__date"))


class Indicator(models.Model):
    """An outcome measured over time; its direction of travel is worked out by `trends.assess`, never typed."""

    title = models.CharField("name", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The indicator's part of the address.")
    description = RichTextField("what it measures", blank=True)
    area = models.CharField("area", max_length=100, help_text="The place the figures describe, such as Nottingham.")
    unit = models.CharField("unit", max_length=20, choices=Unit)
    better = models.CharField(
        "better when", max_length=10, choices=Better, help_text="Which way the figure has to move to count as better."
    )
    frequency = models.CharField(
        "frequency", max_length=20, choices=Frequency, help_text="How often a new value is published."
    )
    source = models.CharField("source", max_length=300, help_text="Who publishes the figures, and in what.")
    source_url = models.URLField("source address", blank=True)
    programmes = models.ManyToManyField(Programme, verbose_name="programmes", blank=True, related_name="indicators")
    key_areas = models.ManyToManyField(
        KeyArea, verbose_name="key areas for action", blank=True, related_name="indicators"
    )
    target_value = models.DecimalField(
        "target value",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The figure the indicator is meant to reach. Leave empty when no target is published.",
    )
    target_date = models.DateField("target date", null=True, blank=True, help_text="When the target is to be met.")
    target_source = models.CharField(
        "where the target comes from",
        max_length=500,
        blank=True,
        help_text="The document that sets the target, or the sentence that sets it, quoted.",
    )
    target_source_url = models.URLField("target source address", blank=True)
    target_is_demonstration = models.BooleanField(
        "demonstration target",
        default=False,
        help_text="Tick when no source gives this target and it only illustrates the portal.",
    )
    updated_at = models.DateTimeField("last updated", auto_now=True)

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(IndicatorQuerySet)()

    class Meta:
        ordering = ["title"]
        verbose_name = "outcome indicator"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:indicator", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["initiatives.programme", "initiatives.keyarea"]

    def clean(self):
        errors = {}
        has_value, has_date = self.target_value is not None, self.target_date is not None
        if has_value != has_date:
            field = "target_date" if has_value else "target_value"
            errors[field] = ValidationError("A target needs both a value and a date.", code="target_incomplete")
        if (has_value or has_date) and not self.target_source.strip():
            errors["target_source"] = ValidationError(
                "Say where the target comes from: a document or a quoted sentence.", code="target_without_source"
            )
        if has_value and self.unit == Unit.PERCENT and not (Decimal(0) <= self.target_value <= Decimal(100)):
            errors["target_value"] = ValidationError("A percentage is between 0 and 100.", code="percent_out_of_range")
        if errors:
            raise ValidationError(errors)

    @property
    def has_target(self) -> bool:
        """Return whether the indicator has a target (a value and a date) for the target-aware rule."""
        return self.target_value is not None and self.target_date is not None

    @property
    def target(self) -> progress.Target | None:
        """Return the target as the rule reads it, or None."""
        if not self.has_target:
            return None
        return progress.Target(value=self.target_value, date=self.target_date)

    @property
    def is_percentage(self) -> bool:
        """Return whether values are percentages, so that survey values carry a margin of error."""
        return self.unit == Unit.PERCENT

    def points(self) -> list[trends.Point]:
        """Return the shown values as points for the rules (suppressed ones left out); uses prefetched values."""
        return [value.point for value in self.values.all() if not value.is_suppressed]

    def assessment(self) -> trends.Assessment:
        """Return the direction of travel of the series by the published rule."""
        return trends.assess(self.points(), better=self.better, percentage=self.is_percentage)

    def progress(self) -> progress.TargetAssessment | None:
        """Return the progress towards the target by the published target-aware rule, or None without a target."""
        if not self.has_target:
            return None
        return progress.assess(self.points(), self.target, better=self.better, percentage=self.is_percentage)


class IndicatorValueManager(models.Manager):
    def get_by_natural_key(self, indicator_slug, date):
        return self.get(indicator__slug=indicator_slug, date=date)


class IndicatorValue(models.Model):
    """One dated value of an indicator; a survey value carries its base size for its margin of error."""

    indicator = models.ForeignKey(Indicator, verbose_name="indicator", on_delete=models.CASCADE, related_name="values")
    date = models.DateField("date", help_text="The end of the period the value describes.")
    period_label = models.CharField(
        "period", max_length=50, blank=True, help_text="The period as people name it, such as 2018/19 or Autumn 2023."
    )
    value = models.DecimalField("value", max_digits=12, decimal_places=2)
    base_size = models.PositiveIntegerField(
        "base size",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="For a survey percentage: how many people answered (the sample size). Leave empty for counted "
        "figures. A value from fewer people than the published minimum is stored but not shown.",
    )
    lower = models.DecimalField(
        "lower bound",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The lower end of the published 95% confidence interval, if there is one.",
    )
    upper = models.DecimalField(
        "upper bound",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The upper end of the published 95% confidence interval, if there is one.",
    )
    is_demonstration = models.BooleanField("demonstration value", default=False, help_text=DEMONSTRATION_HELP)
    note = models.CharField("note", max_length=300, blank=True)
    created_at = models.DateTimeField("added", auto_now_add=True)

    history = HistoricalRecords()
    objects = IndicatorValueManager()

    class Meta:
        ordering = ["indicator", "date"]
        verbose_name = "indicator value"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                name="indicatorvalue_one_per_date",
                violation_error_message="This indicator already has a value for that date: change that one instead.",
                violation_error_code="value_date_taken",
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.label})"

    def natural_key(self):
        return (*self.indicator.natural_key(), self.date)

    natural_key.dependencies = ["initiatives.indicator"]

    def clean(self):
        indicator = self.indicator if self.indicator_id else None
        if indicator is None:
            return
        errors = {}
        if indicator.is_percentage and self.value is not None and not (Decimal(0) <= self.value <= Decimal(100)):
            errors["value"] = ValidationError("A percentage is between 0 and 100.", code="percent_out_of_range")
        if self.base_size is not None and not indicator.is_percentage:
            errors["base_size"] = ValidationError(
                "Only a survey percentage has a base size; leave it empty for this indicator.",
                code="base_size_not_percentage",
            )
        if (self.lower is None) != (self.upper is None):
            field = "upper" if self.lower is not None else "lower"
            errors[field] = ValidationError("A confidence interval needs both ends.", code="interval_incomplete")
        elif self.lower is not None and self.value is not None and not (self.lower <= self.value <= self.upper):
            errors["lower"] = ValidationError(
                "The interval runs from the lower bound to the upper bound, with the value between them.",
                code="interval_around_value",
            )
        if errors:
            raise ValidationError(errors)

    @property
    def has_interval(self) -> bool:
        """Return whether the value carries a published confidence interval."""
        return self.lower is not None and self.upper is not None

    @property
    def is_suppressed(self) -> bool:
        """Return whether the value rests on too few people to be shown, by the published minimum sample size."""
        return trends.is_suppressed(self.base_size)

    @property
    def point(self) -> trends.Point:
        """Return the value as the rules read it."""
        return trends.Point(self.date, self.value, self.base_size, lower=self.lower, upper=self.upper)

    @property
    def label(self) -> str:
        """Return the period as people name it, or the date."""
        return self.period_label or self.date.strftime("%-d %B %Y")

    @property
    def short_label(self) -> str:
        """Return a label short enough for a chart's axis: the period if it is short, else the month and year."""
        if self.period_label and len(self.period_label) <= SHORT_LABEL_LENGTH:
            return self.period_label
        return self.date.strftime("%b %Y")

    @property
    def margin(self) -> Decimal | None:
        """Return the 95% margin of error in percentage points, for a survey value."""
        if self.base_size and self.indicator.is_percentage and not self.is_suppressed:
            return trends.margin_of_error(self.value, self.base_size)
        return None
