"""The alliance: chapters and their members, campaigns, public actions and the asks made there, what was won,
news that readers react to, training and research.

Statuses that follow from facts are worked out here, never stored: an ask is overdue because its due
date has passed without an achievement, not because someone typed "overdue".
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from civicportal.core.fields import RichTextField
from civicportal.core.models import Organisation, SlugNaturalKeyManager
from civicportal.core.publishing import Publishable, PublishableQuerySet, Status

from .dates import DATE_ONLY_PRECISIONS, DatePrecision, format_dated


class IssueArea(models.TextChoices):
    SAFETY = "safety", "Safety"
    LIVING_WAGE = "living_wage", "Living wage"
    HEALTH_CARE = "health_care", "Health and care"
    SANCTUARY = "sanctuary", "Sanctuary"
    HATE_CRIME = "hate_crime", "Hate crime"
    DEMOCRACY = "democracy", "Democracy"


class CampaignStage(models.TextChoices):
    """Where a campaign has got to."""

    LISTENING = "listening", "Listening"
    RESEARCHING = "researching", "Researching"
    TAKING_ACTION = "taking_action", "Taking action"
    WON = "won", "Won"
    PAUSED = "paused", "Paused"


class ActionKind(models.TextChoices):
    ACTION = "action", "Public action"
    ASSEMBLY = "assembly", "Assembly"


class Arrangement(models.TextChoices):
    """Whether an action goes ahead as announced."""

    AS_PLANNED = "as_planned", "Going ahead as planned"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"


class Response(models.TextChoices):
    """What a decision-maker answered to an ask."""

    PENDING = "pending", "No response yet"
    AGREED = "agreed", "Agreed"
    PARTLY_AGREED = "partly_agreed", "Partly agreed"
    DECLINED = "declined", "Declined"


class AskStatus(models.TextChoices):
    """Where an ask stands, worked out from its response, its due date, its achievement and today's date."""

    AWAITING = "awaiting", "Awaiting a response"
    AGREED = "agreed", "Agreed"
    OVERDUE = "overdue", "Overdue"
    DELIVERED = "delivered", "Delivered"
    DECLINED = "declined", "Declined"


class NewsKind(models.TextChoices):
    NEWS = "news", "News"
    UPDATE = "update", "Campaign update"


class ReactionKind(models.TextChoices):
    """The small fixed set of reactions a reader may leave on a post."""

    SUPPORT = "support", "Support"
    SOLIDARITY = "solidarity", "Solidarity"
    CELEBRATE = "celebrate", "Celebrate"
    THANKS = "thanks", "Thank you"


class ResearchKind(models.TextChoices):
    RESEARCH = "research", "Research"
    COMMISSION = "commission", "Commission"


def _campaign_live_q(prefix: str = "campaign__") -> Q:
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}publish_at__lte": timezone.now()})


# Chapters and their members


class Chapter(models.Model):
    """A local chapter of the alliance, such as Nottingham Citizens."""

    name = models.CharField("name", max_length=200, unique=True)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The chapter's part of the address.")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The chapter as an organisation, if it is recorded as one.",
    )
    national_alliance = models.ForeignKey(
        Organisation,
        verbose_name="national alliance",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The national body the chapter belongs to, such as Citizens UK.",
    )
    area = models.CharField("area", max_length=200, help_text="The places the chapter works in.")
    summary = models.CharField("summary", max_length=300, help_text="One or two sentences shown under the name.")
    description = RichTextField("description", blank=True)
    founded_on = models.DateField("founded on", null=True, blank=True)
    founding_assembly = models.ForeignKey(
        "Action",
        verbose_name="founding assembly",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    member_count_stated = models.PositiveIntegerField(
        "member organisations (stated)",
        null=True,
        blank=True,
        help_text="How many member organisations the chapter says it has, when not all are listed here.",
    )
    leaders_trained = models.PositiveIntegerField(
        "leaders trained", null=True, blank=True, help_text="Leaders trained on all the chapter's courses so far."
    )
    leaders_trained_more_than = models.BooleanField(
        "more than this many leaders", default=False, help_text="Tick when the source says 'more than'."
    )
    contact_email = models.EmailField("contact e-mail", help_text="A role mailbox, never a person's own address.")

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        verbose_name = "chapter"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("campaigns:chapter", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class ChapterOrganiser(models.Model):
    """A person who organises for a chapter: they may post its news, actions, asks and achievements."""

    chapter = models.ForeignKey(
        Chapter, verbose_name="chapter", on_delete=models.CASCADE, related_name="organiser_links"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="user", on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "chapter organiser"
        constraints = [models.UniqueConstraint(fields=["chapter", "user"], name="chapter_organiser_once")]

    def __str__(self):
        return f"{self.user} organises for {self.chapter}"


class MembershipQuerySet(models.QuerySet):
    def in_sector(self, sector: str):
        """Keep memberships of organisations in one sector."""
        return self.filter(organisation__sector=sector)

    def not_in_sector(self, sector: str):
        """Keep memberships of organisations outside one sector."""
        return self.exclude(organisation__sector=sector)

    def sector_counts(self) -> list[dict]:
        """Return each sector with its number of members, largest first."""
        return list(
            self.values("organisation__sector").annotate(count=Count("pk")).order_by("-count", "organisation__sector")
        )


class MembershipManager(models.Manager.from_queryset(MembershipQuerySet)):
    def get_by_natural_key(self, chapter_slug, organisation_slug):
        return self.get(chapter__slug=chapter_slug, organisation__slug=organisation_slug)


class Membership(models.Model):
    """An organisation's membership of a chapter."""

    chapter = models.ForeignKey(Chapter, verbose_name="chapter", on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+"
    )
    joined_on = models.DateField("joined on", null=True, blank=True, help_text="Leave empty if it is not recorded.")

    history = HistoricalRecords()
    objects = MembershipManager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = "membership"
        constraints = [models.UniqueConstraint(fields=["chapter", "organisation"], name="membership_once_per_chapter")]

    def __str__(self):
        return f"{self.organisation} in {self.chapter}"

    def get_absolute_url(self):
        return reverse("campaigns:member", kwargs={"slug": self.organisation.slug})

    def natural_key(self):
        return (self.chapter.slug, self.organisation.slug)

    natural_key.dependencies = ["campaigns.chapter", "core.organisation"]


class DecisionMaker(models.Model):
    """Someone asks are put to, named by office: a council, a hospital trust, the candidates for an office."""

    office = models.CharField(
        "office",
        max_length=200,
        unique=True,
        help_text="The office or body, never a person's name: 'Nottingham City Council'.",
    )
    slug = models.SlugField("slug", max_length=200, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organisation that holds the office, if it is recorded.",
    )

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["office"]
        verbose_name = "decision-maker"

    def __str__(self):
        return self.office

    def natural_key(self):
        return (self.slug,)


# Campaigns


class CampaignQuerySet(PublishableQuerySet):
    def in_stage(self, stage: str):
        """Keep campaigns at one stage."""
        return self.filter(stage=stage)

    def not_in_stage(self, stage: str):
        """Keep campaigns at any other stage."""
        return self.exclude(stage=stage)

    def led_by(self, organisation):
        """Keep campaigns an organisation leads."""
        return self.filter(lead_organisations=organisation)

    def not_led_by(self, organisation):
        """Keep campaigns an organisation does not lead."""
        return self.exclude(lead_organisations=organisation)


class Campaign(Publishable):
    """What a chapter campaigns for, and how far it has got."""

    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The campaign's part of the address.")
    chapter = models.ForeignKey(Chapter, verbose_name="chapter", on_delete=models.PROTECT, related_name="campaigns")
    summary = models.CharField("summary", max_length=300, help_text="One or two sentences shown in lists.")
    body = RichTextField("body", blank=True)
    issue_area = models.CharField("issue area", max_length=20, choices=IssueArea)
    stage = models.CharField("campaign status", max_length=20, choices=CampaignStage, default=CampaignStage.LISTENING)
    lead_organisations = models.ManyToManyField(
        Organisation, verbose_name="lead organisations", blank=True, related_name="+"
    )
    started_on = models.DateField("started on", null=True, blank=True, help_text="Leave empty if not recorded.")
    started_precision = models.CharField(
        "start date precision", max_length=20, choices=DATE_ONLY_PRECISIONS, default=DatePrecision.DAY
    )

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(CampaignQuerySet)()

    class Meta:
        ordering = ["title"]
        verbose_name = "campaign"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def started_display(self) -> str:
        """Return the start date written as exactly as it is known."""
        return format_dated(self.started_on, self.started_precision)


# Public actions and the asks made there


class ActionQuerySet(models.QuerySet):
    def public(self):
        """Keep actions residents may see: those of a live campaign, and the chapter's own."""
        return self.filter(Q(campaign__isnull=True) | _campaign_live_q())

    def not_public(self):
        """Keep actions of a campaign residents may not see yet."""
        return self.exclude(Q(campaign__isnull=True) | _campaign_live_q())

    def upcoming(self):
        """Keep actions that have not started yet."""
        return self.filter(starts_at__gte=timezone.now())

    def past(self):
        """Keep actions that have started or taken place."""
        return self.filter(starts_at__lt=timezone.now())


class Action(models.Model):
    """A public action or assembly: people gathered to put asks to decision-makers."""

    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The action's part of the address.")
    kind = models.CharField("kind", max_length=20, choices=ActionKind, default=ActionKind.ACTION)
    chapter = models.ForeignKey(Chapter, verbose_name="chapter", on_delete=models.PROTECT, related_name="actions")
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="campaign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        help_text="Leave empty for the chapter's own events, such as its founding assembly.",
    )
    summary = models.CharField("summary", max_length=300)
    description = RichTextField("description", blank=True)
    starts_at = models.DateTimeField("date and time")
    date_precision = models.CharField(
        "date precision",
        max_length=20,
        choices=DatePrecision,
        default=DatePrecision.TIME,
        help_text="How exactly the date is known; a page shows no more than this.",
    )
    date_note = models.CharField(
        "date note", max_length=300, blank=True, help_text="Where an approximate date comes from, shown with it."
    )
    venue = models.CharField("venue", max_length=200, blank=True, help_text="Leave empty if not recorded.")
    expected_attendance = models.PositiveIntegerField("expected attendance", null=True, blank=True)
    actual_attendance = models.PositiveIntegerField("actual attendance", null=True, blank=True)
    attendance_more_than = models.BooleanField(
        "more than this many", default=False, help_text="Tick when the source says 'more than' or '+'."
    )
    attendance_description = models.CharField(
        "who came", max_length=200, blank=True, help_text="For example 'community leaders' or 'people'."
    )
    arrangement = models.CharField("going ahead?", max_length=20, choices=Arrangement, default=Arrangement.AS_PLANNED)
    arrangement_reason = models.TextField(
        "reason for the change", blank=True, help_text="Required when the action is postponed or cancelled."
    )

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(ActionQuerySet)()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "public action"
        constraints = [
            models.CheckConstraint(
                condition=Q(arrangement=Arrangement.AS_PLANNED) | ~Q(arrangement_reason=""),
                name="action_change_has_reason",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:action", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        errors = {}
        if self.arrangement != Arrangement.AS_PLANNED and not self.arrangement_reason.strip():
            errors["arrangement_reason"] = ValidationError(
                "Say why the action is postponed or cancelled.", code="reason_required"
            )
        if self.campaign_id and self.chapter_id and self.campaign.chapter_id != self.chapter_id:
            errors["campaign"] = ValidationError("Choose a campaign of the same chapter.", code="other_chapter")
        if errors:
            raise ValidationError(errors)

    @property
    def when_display(self) -> str:
        """Return the date written as exactly as it is known."""
        return format_dated(self.starts_at, self.date_precision)

    @property
    def is_upcoming(self) -> bool:
        """Return whether the action is still to come."""
        return self.starts_at >= timezone.now()

    @property
    def attendance_display(self) -> str:
        """Return the attendance in words: "more than 800 community leaders"."""
        count = self.actual_attendance if self.actual_attendance is not None else self.expected_attendance
        if count is None:
            return ""
        words = f"{'more than ' if self.attendance_more_than else ''}{count:,}"
        return f"{words} {self.attendance_description}".strip()


class AskQuerySet(models.QuerySet):
    def public(self):
        """Keep asks of campaigns residents may see."""
        return self.filter(_campaign_live_q())

    def not_public(self):
        """Keep asks of campaigns residents may not see yet."""
        return self.exclude(_campaign_live_q())

    def with_status(self, today: datetime.date | None = None):
        """Annotate each ask with `status_value`, its AskStatus on `today` (default: today)."""
        today = today or timezone.localdate()
        return self.annotate(
            status_value=Case(
                When(response=Response.DECLINED, then=Value(AskStatus.DECLINED.value)),
                When(response=Response.PENDING, then=Value(AskStatus.AWAITING.value)),
                When(achievement__isnull=False, then=Value(AskStatus.DELIVERED.value)),
                When(due_on__lt=today, then=Value(AskStatus.OVERDUE.value)),
                default=Value(AskStatus.AGREED.value),
                output_field=models.CharField(),
            )
        )

    def in_status(self, status: str, today: datetime.date | None = None):
        """Keep asks whose worked-out status on `today` is `status`."""
        return self.with_status(today).filter(status_value=status)

    def not_in_status(self, status: str, today: datetime.date | None = None):
        """Keep asks whose worked-out status on `today` is anything but `status`."""
        return self.with_status(today).exclude(status_value=status)

    def overdue(self, today: datetime.date | None = None):
        """Keep agreed asks past their due date with no achievement yet."""
        return self.in_status(AskStatus.OVERDUE, today)

    def not_overdue(self, today: datetime.date | None = None):
        """Keep asks that are not overdue."""
        return self.not_in_status(AskStatus.OVERDUE, today)


class Ask(models.Model):
    """Something the alliance asked a decision-maker to do, and what became of it."""

    campaign = models.ForeignKey(Campaign, verbose_name="campaign", on_delete=models.PROTECT, related_name="asks")
    action = models.ForeignKey(
        Action,
        verbose_name="put at",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="asks",
        help_text="The action or assembly where the ask was put. Leave empty if not recorded.",
    )
    number = models.PositiveSmallIntegerField("number", default=1, help_text="The ask's place in the action's list.")
    topic = models.CharField("topic", max_length=200, help_text="A few words on what the ask is about.")
    wording = models.TextField("wording", blank=True, help_text="The ask as it was put. Leave empty if not recorded.")
    decision_maker = models.ForeignKey(
        DecisionMaker,
        verbose_name="put to",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="asks",
        help_text="The office the ask was put to. Leave empty if not recorded.",
    )
    response = models.CharField("response", max_length=20, choices=Response, default=Response.PENDING)
    responded_on = models.DateField("responded on", null=True, blank=True)
    response_evidence = models.TextField(
        "evidence of the response", blank=True, help_text="Where the response is recorded, or what was said."
    )
    evidence_url = models.URLField("link to the evidence", blank=True)
    due_on = models.DateField(
        "due by", null=True, blank=True, help_text="Once agreed: the date by which it should be done."
    )
    achievement = models.ForeignKey(
        "Achievement",
        verbose_name="achievement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="asks",
        help_text="Once delivered: what it achieved.",
    )

    history = HistoricalRecords()
    objects = AskQuerySet.as_manager()

    class Meta:
        ordering = ["campaign__title", "action__starts_at", "number"]
        verbose_name = "ask"
        constraints = [
            models.CheckConstraint(
                condition=Q(response__in=[Response.AGREED, Response.PARTLY_AGREED]) | Q(due_on__isnull=True),
                name="ask_due_date_only_once_agreed",
            ),
            models.CheckConstraint(
                condition=Q(response__in=[Response.AGREED, Response.PARTLY_AGREED]) | Q(achievement__isnull=True),
                name="ask_achievement_only_once_agreed",
            ),
        ]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return f"{reverse('campaigns:accountability')}#ask-{self.pk}"

    def clean(self):
        errors = {}
        agreed = self.response in (Response.AGREED, Response.PARTLY_AGREED)
        if self.due_on and not agreed:
            errors["due_on"] = ValidationError("Only an agreed ask has a date it is due by.", code="due_not_agreed")
        if self.achievement_id and not agreed:
            errors["achievement"] = ValidationError(
                "Only an agreed ask can be delivered: record the agreement first.", code="delivered_not_agreed"
            )
        if self.response == Response.PENDING and self.responded_on:
            errors["responded_on"] = ValidationError(
                "An ask with no response has no response date.", code="date_without_response"
            )
        if self.responded_on and self.responded_on > timezone.localdate():
            errors["responded_on"] = ValidationError("The response date cannot be in the future.", code="future")
        if self.action_id and self.campaign_id and self.action.chapter_id != self.campaign.chapter_id:
            errors["action"] = ValidationError("Choose an action of the same chapter.", code="other_chapter")
        if self.achievement_id and self.campaign_id and self.achievement.campaign_id != self.campaign_id:
            errors["achievement"] = ValidationError(
                "Choose an achievement of the same campaign.", code="other_campaign"
            )
        if errors:
            raise ValidationError(errors)

    def status_on(self, today: datetime.date) -> AskStatus:
        """Return where the ask stands on a given day, from its response, due date and achievement."""
        if self.response == Response.DECLINED:
            return AskStatus.DECLINED
        if self.response == Response.PENDING:
            return AskStatus.AWAITING
        if self.achievement_id:
            return AskStatus.DELIVERED
        if self.due_on and today > self.due_on:
            return AskStatus.OVERDUE
        return AskStatus.AGREED

    @property
    def status(self) -> AskStatus:
        """Return where the ask stands today."""
        return self.status_on(timezone.localdate())


# Achievements


class AchievementQuerySet(models.QuerySet):
    def public(self):
        """Keep achievements of campaigns residents may see."""
        return self.filter(_campaign_live_q())

    def not_public(self):
        """Keep achievements of campaigns residents may not see yet."""
        return self.exclude(_campaign_live_q())

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


class Achievement(models.Model):
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
    people_benefited = models.PositiveIntegerField("people who benefit", null=True, blank=True)
    people_more_than = models.BooleanField(
        "more than this many people", default=False, help_text="Tick when the source says 'more than' or '+'."
    )
    people_description = models.CharField(
        "who they are", max_length=200, blank=True, help_text="For example 'council staff given a pay rise'."
    )
    money_per_year_pence = models.PositiveBigIntegerField(
        "money a year, in pence",
        null=True,
        blank=True,
        help_text="The total a year. Leave empty to work it out from the amount per person.",
    )
    money_per_person_per_year_pence = models.PositiveBigIntegerField(
        "money a year per person, in pence",
        null=True,
        blank=True,
        help_text="An average per person a year; with the number of people it gives the total.",
    )
    money_once_pence = models.PositiveBigIntegerField(
        "money invested once, in pence", null=True, blank=True, help_text="A single sum rather than a yearly one."
    )
    things_delivered = models.PositiveIntegerField("things delivered", null=True, blank=True)
    things_unit = models.CharField(
        "what was delivered", max_length=100, blank=True, help_text="The unit of the things: 'CCTV cameras in taxis'."
    )

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(AchievementQuerySet)()

    class Meta:
        ordering = ["-won_on", "headline"]
        verbose_name = "achievement"
        constraints = [
            models.CheckConstraint(
                condition=Q(things_delivered__isnull=True) | ~Q(things_unit=""), name="achievement_things_have_unit"
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


# News


class NewsPostQuerySet(PublishableQuerySet):
    def public(self):
        """Keep live posts whose campaign, if any, is live too."""
        return self.live().filter(Q(campaign__isnull=True) | _campaign_live_q())

    def not_public(self):
        """Keep posts residents may not see."""
        return self.exclude(pk__in=self.public().values("pk"))

    def with_reaction_count(self):
        """Annotate each post with `reaction_count`."""
        return self.annotate(reaction_count=Count("reactions"))


class NewsPost(Publishable):
    """A news post or campaign update, published by an editor."""

    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The post's part of the address.")
    kind = models.CharField("kind", max_length=20, choices=NewsKind, default=NewsKind.NEWS)
    chapter = models.ForeignKey(Chapter, verbose_name="chapter", on_delete=models.PROTECT, related_name="news_posts")
    campaign = models.ForeignKey(
        Campaign,
        verbose_name="campaign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_posts",
        help_text="Required for a campaign update.",
    )
    summary = models.CharField("summary", max_length=300, help_text="One or two sentences shown in lists and feeds.")
    body = RichTextField("body")
    dated_on = models.DateField("date of the story", default=timezone.localdate)
    date_precision = models.CharField(
        "date precision", max_length=20, choices=DATE_ONLY_PRECISIONS, default=DatePrecision.DAY
    )
    date_note = models.CharField(
        "date note", max_length=300, blank=True, help_text="Where an approximate date comes from, shown with it."
    )

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(NewsPostQuerySet)()

    class Meta:
        ordering = ["-dated_on", "-publish_at"]
        verbose_name = "news post"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:news_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        errors = {}
        if self.kind == NewsKind.UPDATE and not self.campaign_id:
            errors["campaign"] = ValidationError("A campaign update needs its campaign.", code="campaign_required")
        if self.campaign_id and self.chapter_id and self.campaign.chapter_id != self.chapter_id:
            errors["campaign"] = ValidationError("Choose a campaign of the same chapter.", code="other_chapter")
        if errors:
            raise ValidationError(errors)

    @property
    def when_display(self) -> str:
        """Return the story's date, written as exactly as it is known."""
        return format_dated(self.dated_on, self.date_precision)


class Reaction(models.Model):
    """One reader's reaction to a post: one per browser per post, with no account and nothing personal kept."""

    post = models.ForeignKey(NewsPost, verbose_name="post", on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField("reaction", max_length=20, choices=ReactionKind)
    browser_hash = models.CharField(
        "browser", max_length=64, help_text="A one-way hash of a random token in the reader's browser cookie."
    )
    created_at = models.DateTimeField("reacted at", auto_now_add=True)

    class Meta:
        verbose_name = "reaction"
        constraints = [models.UniqueConstraint(fields=["post", "browser_hash"], name="reaction_once_per_browser")]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.post}"


# Training and research


class TrainingCourse(models.Model):
    """A course in community organising that the chapter runs for its leaders."""

    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True)
    chapter = models.ForeignKey(Chapter, verbose_name="chapter", on_delete=models.PROTECT, related_name="courses")
    summary = models.CharField("summary", max_length=300)
    description = RichTextField("description", blank=True)
    length_days = models.PositiveSmallIntegerField("length in days")
    starts_on = models.DateField("next starts on", null=True, blank=True)
    ends_on = models.DateField("next ends on", null=True, blank=True)
    leaders_trained = models.PositiveIntegerField(
        "leaders trained so far", null=True, blank=True, help_text="Leave empty if not recorded for this course."
    )

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["length_days", "title"]
        verbose_name = "training course"
        constraints = [
            models.CheckConstraint(condition=Q(length_days__gte=1), name="course_lasts_a_day_or_more"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="course_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:course", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": ValidationError("The course cannot end before it starts.", code="ends_before_start")}
            )


class Research(models.Model):
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
    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["title"]
        verbose_name = "research or commission"
        verbose_name_plural = "research and commissions"
        constraints = [
            models.CheckConstraint(
                condition=Q(launch_postponed=False) | ~Q(postponement_reason=""),
                name="research_postponement_has_reason",
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
