"""What campaigns won, with figures kept in whole people, things and pence."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from civicportal.core.constraints import FieldConstraintsMixin
from civicportal.core.fields import RichTextField
from civicportal.core.models import SlugNaturalKeyManager

from ..partial_dates import DATE_ONLY_PRECISIONS, DatePrecision, format_dated
from .campaigns import Campaign, campaign_live_q


class AchievementQuerySet(models.QuerySet):
    def live(self):
        """Keep achievements of campaigns residents may see."""
        return self.filter(campaign_live_q())

    def not_live(self):
        """Keep achievements of campaigns residents may not see yet."""
        return self.exclude(campaign_live_q())

    def won_in(self, year: int):
        """Keep achievements won in one year."""
        return self.filter(won_on__year=year)

    def not_won_in(self, year: int):
        """Keep achievements won in any other year."""
        return self.exclude(won_on__year=year)

    def totals(self) -> dict:
        """Add up the figures of these achievements, in whole people, things and pence; never in floats."""
        money_a_year = Coalesce(F("money_per_year_pence"), F("money_per_person_per_year_pence") * F("people_benefited"))
        return self.order_by().aggregate(
            people=Coalesce(Sum("people_benefited"), 0),
            people_more_than=Count("pk", filter=Q(people_benefited__isnull=False, people_more_than=True)),
            money_per_year_pence=Coalesce(Sum(money_a_year), 0),
            money_once_pence=Coalesce(Sum("money_once_pence"), 0),
        )


class Achievement(FieldConstraintsMixin, models.Model):
    """Something a campaign won, with its figures: people who benefit, money a year, things delivered."""

    headline = models.CharField("headline", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The achievement's part of the address.")
    campaign = models.ForeignKey(
        Campaign, verbose_name="campaign", on_delete=models.PROTECT, related_name="achievements"
    )
    description = RichTextField("description", blank=True)
    won_on = models.DateField("won on")
    date_precision = models.CharField(
        "date precision", max_length=20, choices=DATE_ONLY_PRECISIONS, default=DatePrecision.DAY
    )
    date_note = models.CharField(
        "date note", max_length=300, blank=True, help_text="Where an approximate date comes from, shown with it."
    )
    partial = models.BooleanField(
        "only partly achieved",
        default=False,
        help_text="Tick when what was won falls short of what was asked: its asks read as partly delivered.",
    )
    people_benefited = models.PositiveIntegerField("people who benefit", null=True, blank=True)
    people_more_than = models.BooleanField(
        "more than this many people", default=False, help_text="Tick when the source says 'more than' or '+'."
    )
    people_description = models.CharField(
        "who they are", max_length=200, blank=True, help_text="For example 'council staff given a pay rise'."
    )
    money_per_year_pence = models.PositiveBigIntegerField(
        "money a year",
        null=True,
        blank=True,
        help_text="The total a year. Leave empty to work it out from the amount per person.",
    )
    money_per_person_per_year_pence = models.PositiveBigIntegerField(
        "money a year per person",
        null=True,
        blank=True,
        help_text="An average per person a year; with the number of people it gives the total.",
    )
    money_once_pence = models.PositiveBigIntegerField(
        "money invested once", null=True, blank=True, help_text="A single sum rather than a yearly one."
    )
    things_delivered = models.PositiveIntegerField("things delivered", null=True, blank=True)
    things_unit = models.CharField(
        "what was delivered", max_length=100, blank=True, help_text="The unit of the things: 'CCTV cameras in taxis'."
    )

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(AchievementQuerySet)()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"achievement_things_have_unit": "things_unit"}

    class Meta:
        ordering = ["-won_on", "headline"]
        verbose_name = "achievement"
        constraints = [
            models.CheckConstraint(
                condition=Q(things_delivered__isnull=True) | ~Q(things_unit=""),
                name="achievement_things_have_unit",
                violation_error_message="Say what was delivered.",
                violation_error_code="things_without_unit",
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("campaigns:achievement", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        errors = {}
        if self.things_delivered is not None and not self.things_unit.strip():
            errors["things_unit"] = ValidationError("Say what was delivered.", code="unit_required")
        if self.money_per_person_per_year_pence is not None and self.people_benefited is None:
            errors["people_benefited"] = ValidationError(
                "Give the number of people the amount per person applies to.", code="people_required"
            )
        if self.won_on and self.won_on > timezone.localdate():
            errors["won_on"] = ValidationError("An achievement cannot be won in the future.", code="future")
        if errors:
            raise ValidationError(errors)

    @property
    def when_display(self) -> str:
        """Return the date won, written as exactly as it is known."""
        return format_dated(self.won_on, self.date_precision)

    @property
    def money_per_year_total_pence(self) -> int | None:
        """Return the money a year in pence: the total given, else the amount per person times the people."""
        if self.money_per_year_pence is not None:
            return self.money_per_year_pence
        if self.money_per_person_per_year_pence is not None and self.people_benefited is not None:
            return self.money_per_person_per_year_pence * self.people_benefited
        return None
