"""Ward budgets for each financial year and the money allocated from them to groups, events and improvements."""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from civicportal.core.constraints import FieldConstraintsMixin
from civicportal.core.money import format_pence

from .. import financial_years
from .wards import DEMONSTRATION_HELP, Ward


class WardBudgetManager(models.Manager):
    def get_by_natural_key(self, ward_slug, year):
        return self.get(ward__slug=ward_slug, year=year)


class WardBudgetQuerySet(models.QuerySet):
    def for_year(self, year: int):
        """Keep the budgets of one financial year."""
        return self.filter(year=year)

    def with_allocated(self):
        """Annotate each budget with the pence allocated from it, as `allocated_pence`."""
        return self.annotate(allocated_pence=Coalesce(Sum("allocations__amount_pence"), 0))


class WardBudget(FieldConstraintsMixin, models.Model):
    """A ward's budget for one financial year, approved by its councillors and allocated by its team."""

    ward = models.ForeignKey(Ward, verbose_name="ward", on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(
        "financial year",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The calendar year in which the financial year starts: 2016 for April 2016 to March 2017.",
    )
    amount_pence = models.PositiveBigIntegerField(
        "budget", help_text="In pounds and pence, such as 25000 or 25,000.50; kept in pence."
    )
    approved_on = models.DateField(
        "approved by the councillors on", null=True, blank=True, help_text="Leave empty when it is not recorded."
    )
    is_demonstration = models.BooleanField("demonstration figure", default=False, help_text=DEMONSTRATION_HELP)

    history = HistoricalRecords()
    objects = WardBudgetManager.from_queryset(WardBudgetQuerySet)()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"wardbudget_one_per_ward_and_year": "year"}

    class Meta:
        ordering = ["ward", "-year"]
        verbose_name = "ward budget"
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "year"],
                name="wardbudget_one_per_ward_and_year",
                violation_error_message="This ward already has a budget for this financial year.",
                violation_error_code="budget_already_set",
            ),
        ]

    def __str__(self):
        return f"{self.ward}, {self.year_label}"

    def natural_key(self):
        return (self.ward.slug, self.year)

    natural_key.dependencies = ["neighbourhoods.ward"]

    def clean(self):
        if self.pk is None or self.amount_pence is None:
            return
        allocated = self.allocations.aggregate(total=Sum("amount_pence"))["total"] or 0
        if self.amount_pence < allocated:
            raise ValidationError(
                {
                    "amount_pence": ValidationError(
                        "The budget cannot be less than the %(allocated)s already allocated from it.",
                        code="below_allocated",
                        params={"allocated": format_pence(allocated)},
                    )
                }
            )

    @property
    def year_label(self) -> str:
        """Return the financial year as people write it, such as 2016/17."""
        return financial_years.financial_year_label(self.year)


class RecipientKind(models.TextChoices):
    """What a ward budget allocation pays for."""

    GROUP = "group", "Local group"
    EVENT = "event", "Event"
    IMPROVEMENT = "improvement", "Physical improvement"


class AllocationCategory(models.TextChoices):
    """The purpose an allocation serves, for the breakdown of a ward's budget."""

    CLEAN_AND_GREEN = "clean_and_green", "Clean and green"
    COMMUNITY_SAFETY = "community_safety", "Community safety"
    YOUNG_PEOPLE = "young_people", "Children and young people"
    OLDER_PEOPLE = "older_people", "Older people and loneliness"
    COMMUNITY_LIFE = "community_life", "Community life and events"
    HEALTH = "health", "Health and well-being"


class AllocationQuerySet(models.QuerySet):
    def to_groups(self):
        """Keep allocations made to local groups: the grants published as 360Giving data."""
        return self.filter(recipient_kind=RecipientKind.GROUP)

    def not_to_groups(self):
        """Keep allocations for events and physical improvements."""
        return self.exclude(recipient_kind=RecipientKind.GROUP)


class AllocationManager(models.Manager):
    def get_by_natural_key(self, reference):
        return self.get(reference=reference)


class Allocation(FieldConstraintsMixin, models.Model):
    """Money allocated from a ward budget to a local group, an event or a physical improvement."""

    reference = models.SlugField(
        "reference", max_length=80, unique=True, editable=False, help_text="The allocation's lasting identifier."
    )
    budget = models.ForeignKey(WardBudget, verbose_name="budget", on_delete=models.PROTECT, related_name="allocations")
    recipient_kind = models.CharField("paid to", max_length=20, choices=RecipientKind)
    recipient_name = models.CharField(
        "recipient", max_length=200, help_text="The group, the event or the improvement, as residents know it."
    )
    recipient_charity_number = models.CharField(
        "recipient's charity number",
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(r"^\d{6,8}(-\d{1,2})?$", "A charity number is six to eight digits.", code="charity")
        ],
        help_text="For a registered charity in England and Wales, so open data can name it.",
    )
    category = models.CharField("category", max_length=30, choices=AllocationCategory)
    amount_pence = models.PositiveIntegerField(
        "amount", help_text="In pounds and pence, such as 250 or 1,250.50; kept in pence."
    )
    decided_on = models.DateField("decided on")
    purpose = models.CharField("purpose", max_length=500, help_text="What the money is for, in a sentence.")
    is_demonstration = models.BooleanField("demonstration figure", default=False, help_text=DEMONSTRATION_HELP)
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    history = HistoricalRecords()
    objects = AllocationManager.from_queryset(AllocationQuerySet)()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"allocation_amount_positive": "amount_pence"}

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = "budget allocation"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0),
                name="allocation_amount_positive",
                violation_error_message="An allocation must be for more than £0.",
                violation_error_code="amount_not_positive",
            ),
        ]

    def __str__(self):
        return f"{self.recipient_name}: {format_pence(self.amount_pence)}"

    def save(self, *args, **kwargs):
        if not self.reference and self.budget_id:
            self.reference = f"{self.budget.ward.slug}-{self.budget.year}-{uuid.uuid4().hex[:8]}"
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.reference,)

    def clean(self):
        if self.budget_id is None or self.amount_pence is None:
            return
        if self.decided_on and self.decided_on > financial_years.financial_year_bounds(self.budget.year)[1]:
            raise ValidationError(
                {
                    "decided_on": ValidationError(
                        "An allocation is decided by the end of its budget's financial year.", code="after_year_end"
                    )
                }
            )
        others = Allocation.objects.filter(budget_id=self.budget_id).exclude(pk=self.pk)
        allocated = others.aggregate(total=Sum("amount_pence"))["total"] or 0
        remaining = self.budget.amount_pence - allocated
        if self.amount_pence > remaining:
            raise ValidationError(
                {
                    "amount_pence": ValidationError(
                        "This is more than the %(remaining)s left in the budget.",
                        code="over_budget",
                        params={"remaining": format_pence(max(remaining, 0))},
                    )
                }
            )
