"""The alliance's chapters, the organisations that are their members, and the people who organise for them."""

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.urls import reverse
from simple_history.models import HistoricalRecords

from civicportal.core.constraints import FieldConstraintsMixin
from civicportal.core.fields import RichTextField
from civicportal.core.models import Organisation, SlugNaturalKeyManager


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
    contact_is_demonstration = models.BooleanField(
        "demonstration contact",
        default=False,
        help_text="Tick when the sources give no public contact and the address only illustrates the portal; "
        "the page says so.",
    )

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


class ChapterOrganiser(FieldConstraintsMixin, models.Model):
    """A person who organises for a chapter: they may post its news, actions, asks and achievements."""

    chapter = models.ForeignKey(
        Chapter, verbose_name="chapter", on_delete=models.CASCADE, related_name="organiser_links"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="user", on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"chapter_organiser_once": "user"}

    class Meta:
        verbose_name = "chapter organiser"
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "user"],
                name="chapter_organiser_once",
                violation_error_message="This person already organises for this chapter.",
                violation_error_code="already_organiser",
            )
        ]

    def __str__(self):
        return f"{self.user} organises for {self.chapter}"


class MembershipQuerySet(models.QuerySet):
    def sector_counts(self) -> list[dict]:
        """Return each sector with its number of members, largest first."""
        return list(
            self.values("organisation__sector").annotate(count=Count("pk")).order_by("-count", "organisation__sector")
        )


class MembershipManager(models.Manager.from_queryset(MembershipQuerySet)):
    def get_by_natural_key(self, chapter_slug, organisation_slug):
        return self.get(chapter__slug=chapter_slug, organisation__slug=organisation_slug)


class Membership(FieldConstraintsMixin, models.Model):
    """An organisation's membership of a chapter."""

    chapter = models.ForeignKey(Chapter, verbose_name="chapter", on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="+"
    )
    joined_on = models.DateField("joined on", null=True, blank=True, help_text="Leave empty if it is not recorded.")

    history = HistoricalRecords()
    objects = MembershipManager()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"membership_once_per_chapter": "organisation"}

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = "membership"
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "organisation"],
                name="membership_once_per_chapter",
                violation_error_message="This organisation is already a member of this chapter.",
                violation_error_code="already_member",
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.chapter}"

    def get_absolute_url(self):
        return reverse("campaigns:member", kwargs={"slug": self.organisation.slug})

    def natural_key(self):
        return (self.chapter.slug, self.organisation.slug)

    natural_key.dependencies = ["campaigns.chapter", "core.organisation"]
