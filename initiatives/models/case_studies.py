"""Case studies that university staff write about their partnerships, reviewed by an editor before they appear."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from campaigns.models import Campaign
from civicportal.core.constraints import FieldConstraintsMixin
from civicportal.core.fields import CheckedImageField, RichTextField
from civicportal.core.models import Organisation, SlugNaturalKeyManager
from civicportal.core.publishing import Publishable, PublishableQuerySet

from .collective import Initiative
from .programmes import Programme


class Theme(models.TextChoices):
    COMMUNITY_ORGANISING = "community_organising", "Community organising"
    EARLY_INTERVENTION = "early_intervention", "Early intervention"
    COLLECTIVE_IMPACT = "collective_impact", "Collective impact"
    RESEARCH = "research", "Research and evaluation"
    STUDENT_LEARNING = "student_learning", "Student placements and learning"


class CaseStudyQuerySet(PublishableQuerySet):
    def owned_by(self, user):
        """Keep case studies the user wrote."""
        return self.filter(owner=user) if getattr(user, "is_authenticated", False) else self.none()

    def not_owned_by(self, user):
        """Keep case studies someone else wrote."""
        return self.exclude(owner=user) if getattr(user, "is_authenticated", False) else self.all()


class CaseStudy(Publishable):
    """A university partnership told as a case study: drafted by its author, published by an editor."""

    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The case study's part of the address.")
    summary = models.CharField("summary", max_length=300, help_text="One or two sentences shown in lists.")
    department = models.CharField(
        "school or department", max_length=200, blank=True, help_text="Such as the School of Social Sciences."
    )
    theme = models.CharField("theme", max_length=30, choices=Theme)
    body = RichTextField("the story")
    work_includes = RichTextField(
        "what the work includes", help_text="A list: start each line with '- '. HTML is removed."
    )
    partners = models.ManyToManyField(Organisation, verbose_name="partner organisations", blank=True, related_name="+")
    programmes = models.ManyToManyField(
        Programme, verbose_name="related programmes", blank=True, related_name="case_studies"
    )
    initiatives = models.ManyToManyField(
        Initiative, verbose_name="related initiatives", blank=True, related_name="case_studies"
    )
    campaigns = models.ManyToManyField(Campaign, verbose_name="related campaigns", blank=True, related_name="+")
    review_comment = models.TextField(
        "editor's comment", blank=True, help_text="What the editor asked to change when they last sent it back."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="last reviewed by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("last reviewed", null=True, blank=True)

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(CaseStudyQuerySet)()

    class Meta:
        ordering = ["title"]
        verbose_name = "case study"
        verbose_name_plural = "case studies"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:case_study", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = [
        "core.organisation",
        "initiatives.programme",
        "initiatives.initiative",
        "campaigns.campaign",
    ]


class CaseStudyImage(FieldConstraintsMixin, models.Model):
    """A picture in a case study, with the text alternative that says what it shows."""

    case_study = models.ForeignKey(
        CaseStudy, verbose_name="case study", on_delete=models.CASCADE, related_name="images"
    )
    image = CheckedImageField(
        "image", upload_to="case-studies/", width_field="image_width", height_field="image_height"
    )
    image_width = models.PositiveIntegerField("image width", null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField("image height", null=True, blank=True, editable=False)
    alt_text = models.CharField(
        "text alternative",
        max_length=250,
        help_text="What the image shows, for people who cannot see it.",
    )
    caption = models.CharField("caption", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField("position", default=0, help_text="Lower numbers come first.")

    history = HistoricalRecords()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"casestudyimage_has_alt_text": "alt_text"}

    class Meta:
        ordering = ["case_study", "position", "pk"]
        verbose_name = "case study image"
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt_text=""),
                name="casestudyimage_has_alt_text",
                violation_error_message="Describe the image in words for people who cannot see it.",
                violation_error_code="image_without_alt_text",
            ),
        ]

    def __str__(self):
        return self.alt_text
