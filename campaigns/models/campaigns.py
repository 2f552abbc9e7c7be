"""Campaigns, the public actions and assemblies held for them, and the asks put to decision-makers there.

Statuses that follow from facts are worked out here, never stored: an ask is overdue because its due
date has passed without an achievement, not because someone typed "overdue".
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from civicportal.core.constraints import FieldConstraintsMixin
from civicportal.core.fields import RichTextField
from civicportal.core.models import Organisation, SlugNaturalKeyManager
from civicportal.core.publishing import Publishable, PublishableQuerySet, Status

from ..partial_dates import DATE_ONLY_PRECISIONS, DatePrecision, format_dated
from .chapters import Chapter


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


# Stages that say something is happening now: once a campaign is quiet, pages show when it was last active
# instead, while "Won" and "Paused" stay true however long ago.
ONGOING_STAGES = frozenset({CampaignStage.LISTENING, CampaignStage.RESEARCHING, CampaignStage.TAKING_ACTION})


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
    NO_RESPONSE = "no_response", "No response recorded"
    AGREED = "agreed", "Agreed"
    STALLED = "stalled", "Stalled"
    OVERDUE = "overdue", "Overdue"
    PARTLY_DELIVERED = "partly_delivered", "Partly delivered"
    DELIVERED = "delivered", "Delivered"
    DECLINED = "declined", "Declined"


# How long after an ask is put a response is still awaited. After that, with none recorded, the ledger
# says that no response is recorded rather than that one is on its way: a decision-maker who has not
# answered in a year is not "about to".
RESPONSE_AWAITED_FOR = datetime.timedelta(days=365)


def _response_awaited_since(today: datetime.date) -> datetime.datetime:
    """Return the earliest moment an ask can have been put and still await a response on `today`."""
    first_day = today - RESPONSE_AWAITED_FOR
    return timezone.make_aware(datetime.datetime.combine(first_day, datetime.time.min))


# How long an agreed ask may go without progress recorded (its agreement, or a later step towards delivery)
# before the ledger calls it stalled rather than agreed: half a year, the length of a council's budget round.
STALLED_AFTER = datetime.timedelta(days=182)


# A campaign with no dated fact for longer than this is shown by when it was last active, not by a stage
# that reads as happening now.
QUIET_AFTER = datetime.timedelta(days=365)


def campaign_live_q(prefix: str = "campaign__") -> Q:
    """Return the condition that the related campaign is live, for the models that hang off a campaign."""
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}publish_at__lte": timezone.now()})


# Campaigns


class CampaignQuerySet(PublishableQuerySet):
    def quiet(self, today: datetime.date | None = None):
        """Keep campaigns with no dated fact for more than QUIET_AFTER (annotated by selectors.with_last_activity)."""
        return self.filter(last_activity_on__lt=(today or timezone.localdate()) - QUIET_AFTER)

    def not_quiet(self, today: datetime.date | None = None):
        """Keep campaigns active within QUIET_AFTER, or with nothing dated to judge them by."""
        since = (today or timezone.localdate()) - QUIET_AFTER
        return self.filter(Q(last_activity_on__isnull=True) | Q(last_activity_on__gte=since))

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

    def last_active_on_day(self, today: datetime.date) -> datetime.date | None:
        """Return the day of the campaign's latest dated fact, no later than `today`, or None when it has none.

        Reads `last_activity_on`, annotated by `selectors.with_last_activity`, which every page that shows
        a campaign's stage uses; a fact still to come (an action next month) makes it active today.
        """
        last = getattr(self, "last_activity_on", None)
        return min(last, today) if last else None

    def is_quiet_on(self, today: datetime.date) -> bool:
        """Return whether nothing dated has happened in the campaign for more than QUIET_AFTER before `today`."""
        last = self.last_active_on_day(today)
        return last is not None and today - last > QUIET_AFTER

    @property
    def last_active_on(self) -> datetime.date | None:
        """Return the day of the campaign's latest dated fact up to today."""
        return self.last_active_on_day(timezone.localdate())

    @property
    def is_quiet(self) -> bool:
        """Return whether the campaign has had no dated activity for more than QUIET_AFTER."""
        return self.is_quiet_on(timezone.localdate())

    @property
    def shows_stage(self) -> bool:
        """Return whether the recorded stage is still true to show: not an ongoing stage of a quiet campaign."""
        return not (self.stage in ONGOING_STAGES and self.is_quiet)


# Public actions


class ActionQuerySet(models.QuerySet):
    def live(self):
        """Keep actions residents may see: those of a live campaign, and the chapter's own."""
        return self.filter(Q(campaign__isnull=True) | campaign_live_q())

    def not_live(self):
        """Keep actions of a campaign residents may not see yet."""
        return self.exclude(Q(campaign__isnull=True) | campaign_live_q())

    def upcoming(self):
        """Keep actions that have not started yet."""
        return self.filter(starts_at__gte=timezone.now())

    def past(self):
        """Keep actions that have started or taken place."""
        return self.filter(starts_at__lt=timezone.now())


class Action(FieldConstraintsMixin, models.Model):
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

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"action_change_has_reason": "arrangement_reason"}

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "public action"
        constraints = [
            models.CheckConstraint(
                condition=Q(arrangement=Arrangement.AS_PLANNED) | ~Q(arrangement_reason=""),
                name="action_change_has_reason",
                violation_error_message="Say why the action is postponed or cancelled.",
                violation_error_code="change_without_reason",
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


# Decision-makers and the asks put to them


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

    def get_absolute_url(self):
        return reverse("campaigns:decision_maker", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class AskQuerySet(models.QuerySet):
    def live(self):
        """Keep asks of campaigns residents may see."""
        return self.filter(campaign_live_q())

    def not_live(self):
        """Keep asks of campaigns residents may not see yet."""
        return self.exclude(campaign_live_q())

    def with_status(self, today: datetime.date | None = None):
        """Annotate each ask with `status_value`, its AskStatus on `today` (default: today)."""
        today = today or timezone.localdate()
        return self.annotate(
            status_value=Case(
                When(response=Response.DECLINED, then=Value(AskStatus.DECLINED.value)),
                When(
                    response=Response.PENDING,
                    action__starts_at__gte=_response_awaited_since(today),
                    then=Value(AskStatus.AWAITING.value),
                ),
                When(response=Response.PENDING, then=Value(AskStatus.NO_RESPONSE.value)),
                When(
                    Q(achievement__isnull=False) & (Q(response=Response.PARTLY_AGREED) | Q(achievement__partial=True)),
                    then=Value(AskStatus.PARTLY_DELIVERED.value),
                ),
                When(achievement__isnull=False, then=Value(AskStatus.DELIVERED.value)),
                When(due_on__lt=today, then=Value(AskStatus.OVERDUE.value)),
                When(
                    Q(progress_on__lt=today - STALLED_AFTER)
                    | Q(progress_on__isnull=True, responded_on__lt=today - STALLED_AFTER),
                    then=Value(AskStatus.STALLED.value),
                ),
                default=Value(AskStatus.AGREED.value),
                output_field=models.CharField(),
            )
        )

    def in_status(self, status: str, today: datetime.date | None = None):
        """Keep asks whose worked-out status on `today` is `status`."""
        return self.with_status(today).filter(status_value=status)

    def in_statuses(self, statuses: list[str], today: datetime.date | None = None):
        """Keep asks whose worked-out status on `today` is one of `statuses`."""
        return self.with_status(today).filter(status_value__in=statuses)

    def not_in_status(self, status: str, today: datetime.date | None = None):
        """Keep asks whose worked-out status on `today` is anything but `status`."""
        return self.with_status(today).exclude(status_value=status)

    def overdue(self, today: datetime.date | None = None):
        """Keep agreed asks past their due date with no achievement yet."""
        return self.in_status(AskStatus.OVERDUE, today)

    def not_overdue(self, today: datetime.date | None = None):
        """Keep asks that are not overdue."""
        return self.not_in_status(AskStatus.OVERDUE, today)


class Ask(FieldConstraintsMixin, models.Model):
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
    due_on = models.DateField(
        "due by", null=True, blank=True, help_text="Once agreed: the date by which it should be done."
    )
    progress_on = models.DateField(
        "progress last recorded on",
        null=True,
        blank=True,
        help_text="Once agreed: the day of the latest step towards delivery (a report, a budget line, work begun).",
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

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {
        "ask_due_date_only_once_agreed": "due_on",
        "ask_achievement_only_once_agreed": "achievement",
        "ask_progress_only_once_agreed": "progress_on",
    }

    class Meta:
        ordering = ["campaign__title", "action__starts_at", "number"]
        verbose_name = "ask"
        constraints = [
            models.CheckConstraint(
                condition=Q(response__in=[Response.AGREED, Response.PARTLY_AGREED]) | Q(due_on__isnull=True),
                name="ask_due_date_only_once_agreed",
                violation_error_message="Only an agreed ask has a date it is due by.",
                violation_error_code="due_date_before_agreement",
            ),
            models.CheckConstraint(
                condition=Q(response__in=[Response.AGREED, Response.PARTLY_AGREED]) | Q(achievement__isnull=True),
                name="ask_achievement_only_once_agreed",
                violation_error_message="Link an achievement only once the ask is agreed or partly agreed.",
                violation_error_code="achievement_before_agreement",
            ),
            models.CheckConstraint(
                condition=Q(response__in=[Response.AGREED, Response.PARTLY_AGREED]) | Q(progress_on__isnull=True),
                name="ask_progress_only_once_agreed",
                violation_error_message="Only an ask that was agreed, in full or in part, can have progress recorded.",
                violation_error_code="progress_before_agreement",
            ),
        ]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("campaigns:ask", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        agreed = self.response in (Response.AGREED, Response.PARTLY_AGREED)
        if self.due_on and not agreed:
            errors["due_on"] = ValidationError("Only an agreed ask has a date it is due by.", code="due_not_agreed")
        if self.achievement_id and not agreed:
            errors["achievement"] = ValidationError(
                "Only an agreed ask can be delivered: record the agreement first.", code="delivered_not_agreed"
            )
        if self.progress_on and not agreed:
            errors["progress_on"] = ValidationError(
                "Only an agreed ask has progress towards delivery.", code="progress_not_agreed"
            )
        if self.progress_on and self.progress_on > timezone.localdate():
            errors["progress_on"] = ValidationError("The progress date cannot be in the future.", code="future")
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
        """Return where the ask stands on a given day: the one rule, the same as `AskQuerySet.with_status`.

        With no response, it awaits one for RESPONSE_AWAITED_FOR after the action it was put at; after
        that, or when it is not recorded where it was put, no response is recorded. Once agreed, it is
        delivered when an achievement is linked (partly, when only partly agreed or the achievement is
        partial), overdue past its due date, and stalled after STALLED_AFTER with no progress recorded.
        """
        if self.response == Response.DECLINED:
            return AskStatus.DECLINED
        if self.response == Response.PENDING:
            if self.action_id and self.action.starts_at >= _response_awaited_since(today):
                return AskStatus.AWAITING
            return AskStatus.NO_RESPONSE
        if self.achievement_id:
            if self.response == Response.PARTLY_AGREED or self.achievement.partial:
                return AskStatus.PARTLY_DELIVERED
            return AskStatus.DELIVERED
        if self.due_on and today > self.due_on:
            return AskStatus.OVERDUE
        last_progress = self.progress_on or self.responded_on
        if last_progress and last_progress < today - STALLED_AFTER:
            return AskStatus.STALLED
        return AskStatus.AGREED

    @property
    def status(self) -> AskStatus:
        """Return where the ask stands today."""
        return self.status_on(timezone.localdate())
