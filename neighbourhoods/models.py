"""Locality working: wards and their area committees, Neighbourhood Action Teams, ward budgets and their
allocations, co-produced events, behaviour-change campaigns and residents' satisfaction figures."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from civicportal.core.fields import RichTextField
from civicportal.core.models import SlugNaturalKeyManager
from civicportal.core.money import format_pence
from civicportal.core.publishing import Publishable, PublishableQuerySet
from civicportal.core.roles import Role, user_has_role

from . import periods, recurrence

DEMONSTRATION_HELP = "Tick when the figure illustrates the portal and is not a published fact; the page says so."
ROLE_MAILBOX_HELP = "A role mailbox such as neighbourhood.arboretum@civicportal.example, never a person's address."


class AreaCommittee(models.Model):
    """A council area committee, which brings two or three neighbouring wards together."""

    name = models.CharField("name", max_length=150, unique=True)
    slug = models.SlugField("slug", max_length=150, unique=True, help_text="The committee's part of the address.")
    description = RichTextField("description", blank=True)
    is_demonstration = models.BooleanField(
        "demonstration grouping",
        default=False,
        help_text="Tick when this grouping of wards illustrates the portal rather than records the council's own.",
    )

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "area committee"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("neighbourhoods:committee", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class WardQuerySet(models.QuerySet):
    def with_ons_code(self):
        """Keep wards whose ONS code is recorded."""
        return self.exclude(ons_code="")

    def without_ons_code(self):
        """Keep wards whose ONS code is not recorded."""
        return self.filter(ons_code="")

    def named_like(self, text: str):
        """Keep wards whose name contains the text, in any case."""
        return self.filter(name__icontains=text.strip())


class Ward(models.Model):
    """One of the city's electoral wards, with its Neighbourhood Action Team."""

    name = models.CharField("name", max_length=100, unique=True)
    slug = models.SlugField("slug", max_length=100, unique=True, help_text="The ward's part of the address.")
    area_committee = models.ForeignKey(
        AreaCommittee, verbose_name="area committee", on_delete=models.PROTECT, related_name="wards"
    )
    ons_code = models.CharField(
        "ONS ward code",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^E05\d{6}$", "An ONS ward code is E05 and six digits.", code="ons_code")],
        help_text="The Office for National Statistics code, such as E05000001. Leave it empty unless you are sure.",
    )
    introduction = RichTextField("introduction", blank=True)
    councillor_seats = models.PositiveSmallIntegerField(
        "councillor seats",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text="How many city councillors the ward elects. Leave empty when it is not recorded.",
    )
    contact_email = models.EmailField("team mailbox", help_text=ROLE_MAILBOX_HELP)

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(WardQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = "ward"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("neighbourhoods:ward", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class TeamRole(models.TextChoices):
    """The roles of a Neighbourhood Action Team, its head first."""

    DEVELOPMENT_OFFICER = "development_officer", "Neighbourhood Development Officer"
    HOUSING = "housing", "Housing patch manager"
    COMMUNITY_PROTECTION = "community_protection", "Senior community protection officer"
    POLICE = "police", "Police beat sergeant"
    EARLY_HELP = "early_help", "Early help representative"


class TeamPositionManager(models.Manager):
    def get_by_natural_key(self, ward_slug, role):
        return self.get(ward__slug=ward_slug, role=role)


class TeamPosition(models.Model):
    """One role in a ward's Action Team, reached through the role's mailbox; a role may stand vacant."""

    ward = models.ForeignKey(Ward, verbose_name="ward", on_delete=models.CASCADE, related_name="team_positions")
    role = models.CharField("role", max_length=30, choices=TeamRole)
    mailbox = models.EmailField("role mailbox", blank=True, help_text=ROLE_MAILBOX_HELP)
    is_vacant = models.BooleanField("vacant", default=False, help_text="Tick while nobody holds the role.")
    note = models.CharField(
        "note", max_length=200, blank=True, help_text="For example who covers the role while it is vacant."
    )

    history = HistoricalRecords()
    objects = TeamPositionManager()

    class Meta:
        ordering = ["ward", "role"]
        verbose_name = "team position"
        constraints = [
            models.UniqueConstraint(fields=["ward", "role"], name="teamposition_one_per_role_and_ward"),
            models.CheckConstraint(
                condition=Q(is_vacant=True) | ~Q(mailbox=""), name="teamposition_filled_has_mailbox"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}, {self.ward}"

    def natural_key(self):
        return (self.ward.slug, self.role)

    natural_key.dependencies = ["neighbourhoods.ward"]

    def clean(self):
        if not self.is_vacant and not self.mailbox:
            raise ValidationError(
                {"mailbox": ValidationError("Give the role's mailbox, or mark the role vacant.", code="mailbox_needed")}
            )


class WardBudgetManager(models.Manager):
    def get_by_natural_key(self, ward_slug, year):
        return self.get(ward__slug=ward_slug, year=year)


class WardBudgetQuerySet(models.QuerySet):
    def for_year(self, year: int):
        """Keep the budgets of one financial year."""
        return self.filter(year=year)

    def before_year(self, year: int):
        """Keep the budgets of the financial years before one."""
        return self.filter(year__lt=year)

    def with_allocated(self):
        """Annotate each budget with the pence allocated from it, as `allocated_pence`."""
        return self.annotate(allocated_pence=Coalesce(Sum("allocations__amount_pence"), 0))


class WardBudget(models.Model):
    """A ward's budget for one financial year, approved by its councillors and allocated by its team."""

    ward = models.ForeignKey(Ward, verbose_name="ward", on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(
        "financial year",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The calendar year in which the financial year starts: 2016 for April 2016 to March 2017.",
    )
    amount_pence = models.PositiveBigIntegerField("budget in pence", help_text="£1,000 is 100000.")
    approved_on = models.DateField(
        "approved by the councillors on", null=True, blank=True, help_text="Leave empty when it is not recorded."
    )
    is_demonstration = models.BooleanField("demonstration figure", default=False, help_text=DEMONSTRATION_HELP)

    history = HistoricalRecords()
    objects = WardBudgetManager.from_queryset(WardBudgetQuerySet)()

    class Meta:
        ordering = ["ward", "-year"]
        verbose_name = "ward budget"
        constraints = [
            models.UniqueConstraint(fields=["ward", "year"], name="wardbudget_one_per_ward_and_year"),
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
        return periods.financial_year_label(self.year)


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


class Allocation(models.Model):
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
    amount_pence = models.PositiveIntegerField("amount in pence", help_text="£250 is 25000.")
    decided_on = models.DateField("decided on")
    purpose = models.CharField("purpose", max_length=500, help_text="What the money is for, in a sentence.")
    is_demonstration = models.BooleanField("demonstration figure", default=False, help_text=DEMONSTRATION_HELP)
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last updated", auto_now=True)

    history = HistoricalRecords()
    objects = AllocationManager.from_queryset(AllocationQuerySet)()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = "budget allocation"
        constraints = [
            models.CheckConstraint(condition=Q(amount_pence__gt=0), name="allocation_amount_positive"),
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
        if self.decided_on and self.decided_on > periods.financial_year_bounds(self.budget.year)[1]:
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


class EventQuerySet(PublishableQuerySet):
    def upcoming(self, now=None):
        """Keep events with an occurrence still to come or going on now."""
        now = now or timezone.now()
        return self.filter(Q(series_ends_at__isnull=True) | Q(series_ends_at__gt=now))

    def past(self, now=None):
        """Keep events whose last occurrence has ended."""
        now = now or timezone.now()
        return self.filter(series_ends_at__lte=now)

    def overlapping(self, start, end):
        """Keep events that may have an occurrence between two moments."""
        return self.filter(Q(starts_at__lt=end), Q(series_ends_at__isnull=True) | Q(series_ends_at__gt=start))

    def not_overlapping(self, start, end):
        """Keep events that certainly have no occurrence between two moments."""
        return self.exclude(pk__in=self.overlapping(start, end).values("pk"))


class Event(Publishable):
    """A local event the team co-produces with residents; one that repeats is one event with a rule."""

    ward = models.ForeignKey(Ward, verbose_name="ward", on_delete=models.PROTECT, related_name="events")
    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The event's part of the address.")
    summary = models.CharField("summary", max_length=300, help_text="One sentence shown in lists and calendars.")
    description = RichTextField("description", blank=True)
    starts_at = models.DateTimeField("starts", help_text="For a repeating event, the first time it takes place.")
    ends_at = models.DateTimeField("ends")
    recurrence = models.CharField(
        "repeats",
        max_length=200,
        blank=True,
        help_text="An iCalendar repeat rule such as FREQ=WEEKLY;BYDAY=TU. Leave empty for a one-off event.",
    )
    series_ends_at = models.DateTimeField(
        "last occurrence ends", null=True, blank=True, editable=False, help_text="Worked out from the repeat rule."
    )
    venue = models.CharField("venue", max_length=200)
    venue_address = models.CharField("venue address", max_length=300, blank=True)
    accessibility = models.TextField(
        "accessibility notes", blank=True, help_text="Step-free access, hearing loops, toilets, quiet spaces."
    )
    organiser = models.CharField("organiser", max_length=200, help_text="Who runs it, as an organisation or a team.")
    is_demonstration = models.BooleanField(
        "demonstration event",
        default=False,
        help_text="Tick when the date or place illustrates the portal and is not a published fact.",
    )

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(EventQuerySet)()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = "event"
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_it_starts"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.series_ends_at = recurrence.series_end(self.starts_at, self.ends_at, self.recurrence)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("neighbourhoods:event", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError(
                {"ends_at": ValidationError("The event must end after it starts.", code="ends_before_start")}
            )
        if self.recurrence and self.starts_at:
            try:
                recurrence.parse_rule(self.recurrence, self.starts_at)
            except ValidationError as error:
                raise ValidationError({"recurrence": error}) from error

    def next_occurrence(self, after=None):
        """Return the first occurrence that has not ended, or None when the event is over."""
        return recurrence.next_occurrence(self.starts_at, self.ends_at, self.recurrence, after or timezone.now())

    def last_occurrence(self, before=None):
        """Return the latest occurrence that has started."""
        return recurrence.last_occurrence(self.starts_at, self.ends_at, self.recurrence, before or timezone.now())

    @property
    def repeats(self) -> str:
        """Return how the event repeats, in words, or an empty string."""
        return recurrence.describe(self.recurrence, self.starts_at)


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


class LocalCampaign(Publishable):
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

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = "behaviour-change campaign"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="localcampaign_ends_after_it_starts",
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


class WardNews(Publishable):
    """A short news post from a ward's team: something fixed, a decision, a call for volunteers."""

    ward = models.ForeignKey(Ward, verbose_name="ward", on_delete=models.PROTECT, related_name="news")
    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The post's part of the address.")
    summary = models.CharField("summary", max_length=300, help_text="One sentence shown in lists and e-mails.")
    body = RichTextField("body")

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    class Meta:
        ordering = ["-publish_at", "-created_at"]
        verbose_name = "ward news post"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("neighbourhoods:news", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


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


class SurveyResult(models.Model):
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
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="surveyresult_percent_range"
            ),
        ]

    def __str__(self):
        where = self.ward.name if self.ward_id else "Nottingham"
        return f"{where} {self.year}: {self.get_measure_display()} {self.percent}%"

    def natural_key(self):
        return (self.year, self.measure, self.ward.slug if self.ward_id else "")

    natural_key.dependencies = ["neighbourhoods.ward"]


class OfficerAssignmentQuerySet(models.QuerySet):
    def for_user(self, user):
        """Keep the assignments of one user."""
        return self.filter(user=user)

    def for_ward(self, ward):
        """Keep the assignments to one ward."""
        return self.filter(ward=ward)


class OfficerAssignment(models.Model):
    """A council officer's responsibility for a ward's pages, given by an administrator."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="officer", on_delete=models.CASCADE, related_name="+"
    )
    ward = models.ForeignKey(Ward, verbose_name="ward", on_delete=models.CASCADE, related_name="officer_assignments")
    assigned_at = models.DateTimeField("assigned", auto_now_add=True)

    history = HistoricalRecords()
    objects = OfficerAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["ward", "user"]
        verbose_name = "officer assignment"
        constraints = [models.UniqueConstraint(fields=["user", "ward"], name="officerassignment_once_per_ward")]

    def __str__(self):
        return f"{self.user} keeps {self.ward} current"

    def clean(self):
        if self.user_id and not user_has_role(self.user, Role.COUNCIL_OFFICER):
            raise ValidationError(
                {"user": ValidationError("Only a council officer can be assigned to a ward.", code="not_an_officer")}
            )
