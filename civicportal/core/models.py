"""The shared models: organisations that take part, and the portal's own pages (about, accessibility)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .fields import CheckedImageField, RichTextField
from .publishing import Publishable, PublishableQuerySet


class Sector(models.TextChoices):
    FAITH = "faith", "Faith group"
    SCHOOL = "school", "School or college"
    UNIVERSITY = "university", "University"
    TRADE_UNION = "trade_union", "Trade union"
    CHARITY = "charity", "Charity or community group"
    PUBLIC = "public", "Public body"
    HEALTH = "health", "Health service"
    BUSINESS = "business", "Business"


class SlugNaturalKeyManager(models.Manager):
    """A manager whose rows are found by slug, so fixtures name them by slug rather than by id."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class OrganisationQuerySet(models.QuerySet):
    def in_sector(self, sector: str):
        """Keep organisations of one sector."""
        return self.filter(sector=sector)


class Organisation(models.Model):
    """An organisation that takes part in the city's civic life: a member, a partner, a public body."""

    name = models.CharField("name", max_length=200, unique=True)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The organisation's part of the address.")
    sector = models.CharField("sector", max_length=20, choices=Sector)
    website = models.URLField("website", blank=True)
    description = RichTextField("description", blank=True)
    logo = CheckedImageField(
        "logo", upload_to="organisations/", blank=True, width_field="logo_width", height_field="logo_height"
    )
    logo_width = models.PositiveIntegerField("logo width", null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField("logo height", null=True, blank=True, editable=False)
    logo_alt = models.CharField(
        "logo text alternative",
        max_length=250,
        blank=True,
        help_text="What the logo says or shows, for people who cannot see it. Required with a logo.",
    )

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(OrganisationQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = "organisation"
        constraints = [
            models.CheckConstraint(condition=Q(logo="") | ~Q(logo_alt=""), name="organisation_logo_has_alt_text"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        if self.logo and not self.logo_alt.strip():
            raise ValidationError(
                {"logo_alt": ValidationError("Describe the logo for people who cannot see it.", code="alt_required")}
            )


class Page(Publishable):
    """One of the portal's own pages: about the portal, the accessibility statement, the privacy notice."""

    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The page's part of the address.")
    summary = models.CharField("summary", max_length=300, help_text="One or two sentences shown under the title.")
    body = RichTextField("body")

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    class Meta:
        ordering = ["title"]
        verbose_name = "page"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("core:page", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        """Keep subscriptions whose owner confirmed them from the e-mail."""
        return self.filter(confirmed_at__isnull=False)

    def pending(self):
        """Keep subscriptions still waiting for their confirmation."""
        return self.filter(confirmed_at__isnull=True)

    def for_target(self, target: models.Model):
        """Keep subscriptions to one followed object."""
        return self.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)


class Subscription(models.Model):
    """A resident's request for e-mail about one published thing, and the record of their consent."""

    email = models.EmailField("e-mail address")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField("followed object")
    target = GenericForeignKey("content_type", "object_id")
    target_title = models.CharField(
        "what is followed", max_length=300, help_text="The title of what was followed, when consent was given."
    )
    consent_text = models.TextField("consent given", help_text="The words the resident agreed to.")
    requested_at = models.DateTimeField("asked for", auto_now_add=True)
    confirmed_at = models.DateTimeField("confirmed", null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "e-mail subscription"
        constraints = [
            models.UniqueConstraint(fields=["email", "content_type", "object_id"], name="subscription_once_per_target"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.email} follows {self.target_title}"
