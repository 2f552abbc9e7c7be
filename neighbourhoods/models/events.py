"""Local events the teams co-produce with residents; one that repeats is stored once, with its rule."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from civicportal.core.constraints import FieldConstraintsMixin
from civicportal.core.fields import RichTextField
from civicportal.core.models import SlugNaturalKeyManager
from civicportal.core.publishing import Publishable, PublishableQuerySet

from .. import recurrence
from .wards import Ward


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


class Event(FieldConstraintsMixin, Publishable):
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

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"event_ends_after_it_starts": "ends_at"}

    class Meta:
        ordering = ["starts_at"]
        verbose_name = "event"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message="The event must end after it starts.",
                violation_error_code="ends_before_start",
            ),
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
