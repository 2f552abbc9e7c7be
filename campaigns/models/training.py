"""The courses in community organising that a chapter runs for its leaders."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from civicportal.core.constraints import FieldConstraintsMixin
from civicportal.core.fields import RichTextField
from civicportal.core.models import SlugNaturalKeyManager

from .chapters import Chapter


class TrainingCourse(FieldConstraintsMixin, models.Model):
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

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"course_lasts_a_day_or_more": "length_days", "course_ends_after_it_starts": "ends_on"}

    class Meta:
        ordering = ["length_days", "title"]
        verbose_name = "training course"
        constraints = [
            models.CheckConstraint(
                condition=Q(length_days__gte=1),
                name="course_lasts_a_day_or_more",
                violation_error_message="A course lasts at least one day.",
                violation_error_code="course_too_short",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="course_ends_after_it_starts",
                violation_error_message="The course cannot end before it starts.",
                violation_error_code="course_ends_before_start",
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
