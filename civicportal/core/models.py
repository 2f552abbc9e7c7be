"""The shared models: organisations that take part, the portal's own pages (about, accessibility), who follows
what, the record of what the publishing pipeline did, the outbox every e-mail goes through, and the search index."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .constraints import FieldConstraintsMixin
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


class Organisation(FieldConstraintsMixin, models.Model):
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

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"organisation_logo_has_alt_text": "logo_alt"}

    class Meta:
        ordering = ["name"]
        verbose_name = "organisation"
        constraints = [
            models.CheckConstraint(
                condition=Q(logo="") | ~Q(logo_alt=""),
                name="organisation_logo_has_alt_text",
                violation_error_message="Describe the logo in words for people who cannot see it.",
                violation_error_code="logo_without_alt_text",
            ),
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


class Subscription(FieldConstraintsMixin, models.Model):
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
    last_mailed_at = models.DateTimeField(
        "last update e-mailed", null=True, blank=True, help_text="Updates wait until ten minutes after this."
    )

    objects = SubscriptionQuerySet.as_manager()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {"subscription_once_per_target": "email"}

    class Meta:
        verbose_name = "e-mail subscription"
        constraints = [
            models.UniqueConstraint(
                fields=["email", "content_type", "object_id"],
                name="subscription_once_per_target",
                violation_error_message="This address already follows this page.",
                violation_error_code="already_following",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.email} follows {self.target_title}"


class PendingNotice(models.Model):
    """News for one subscription that has not been e-mailed yet; the next update e-mail carries every one."""

    subscription = models.ForeignKey(
        Subscription, verbose_name="subscription", on_delete=models.CASCADE, related_name="pending_notices"
    )
    subject = models.CharField("subject", max_length=300)
    message = models.TextField("message")
    url = models.CharField("address", max_length=500)
    created_at = models.DateTimeField("noted", auto_now_add=True)

    class Meta:
        verbose_name = "update waiting to be e-mailed"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.subject


class StateAction(models.TextChoices):
    """A step of the publishing pipeline."""

    SUBMIT = "submit", "Submitted for review"
    SEND_BACK = "send_back", "Sent back to its author"
    PUBLISH = "publish", "Published"
    SCHEDULE = "schedule", "Scheduled"
    UNPUBLISH = "unpublish", "Unpublished"
    ARCHIVE = "archive", "Archived"


class StateChangeQuerySet(models.QuerySet):
    def for_item(self, item: models.Model):
        """Keep the steps one item went through."""
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)


class StateChange(models.Model):
    """One step an item took through the publishing pipeline: who took it, when, and why (a reason to send back)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField("item")
    item = GenericForeignKey("content_type", "object_id")
    action = models.CharField("step", max_length=20, choices=StateAction)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="by",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("note", blank=True, help_text="The reason given when work is sent back.")
    at = models.DateTimeField("when", auto_now_add=True)

    objects = StateChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "publishing step"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.content_type.model} {self.object_id}"


class Announcement(FieldConstraintsMixin, models.Model):
    """The record that an item was announced (followers, search, caches): one per item, so never twice."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField("item")
    announced_at = models.DateTimeField("announced", auto_now_add=True)

    class Meta:
        verbose_name = "announcement"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                name="announcement_once_per_item",
                violation_error_message="This item has already been announced to its followers.",
                violation_error_code="already_announced",
            ),
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} announced {self.announced_at:%Y-%m-%d %H:%M}"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed for 24 hours"


class OutgoingEmailQuerySet(models.QuerySet):
    def queued(self):
        """Keep e-mails still waiting to be sent."""
        return self.filter(status=EmailStatus.QUEUED)

    def failed(self):
        """Keep e-mails given up on after 24 hours of failed attempts."""
        return self.filter(status=EmailStatus.FAILED)


class OutgoingEmail(models.Model):
    """One e-mail in the outbox: kept until the mail server takes it, retried with growing waits, never sent twice."""

    to = models.EmailField("to")
    # Unsubscribing deletes the address, so it deletes the e-mails to it too, sent or waiting.
    subscription = models.ForeignKey(
        Subscription, verbose_name="subscription", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField("subject", max_length=300)
    body = models.TextField("text")
    headers = models.JSONField("extra headers", default=dict, blank=True)
    status = models.CharField("status", max_length=10, choices=EmailStatus, default=EmailStatus.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField("attempts", default=0)
    last_error = models.TextField("last error", blank=True)
    created_at = models.DateTimeField("queued", auto_now_add=True)
    next_attempt_at = models.DateTimeField("next attempt", null=True, blank=True)
    sent_at = models.DateTimeField("sent", null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = "outgoing e-mail"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.subject} (to {self.to})"


class PageReportStatus(models.TextChoices):
    NEW = "new", "New"
    IN_HAND = "in_hand", "In hand"
    FIXED = "fixed", "Fixed"
    NO_ACTION = "no_action", "No action"


class PageReportQuerySet(models.QuerySet):
    def open(self):
        """Keep reports nobody has closed yet (new or in hand)."""
        return self.filter(status__in=[PageReportStatus.NEW, PageReportStatus.IN_HAND])

    def closed(self):
        """Keep reports that were fixed or needed no action."""
        return self.exclude(status__in=[PageReportStatus.NEW, PageReportStatus.IN_HAND])

    def made_before(self, when):
        """Keep reports made before a moment."""
        return self.filter(created_at__lt=when)


class PageReport(FieldConstraintsMixin, models.Model):
    """A resident's word that something is wrong with a page, as they sent it, and what became of it."""

    page_path = models.CharField("page address", max_length=500, help_text="The page's path on this site.")
    page_title = models.CharField(
        "page title", max_length=300, blank=True, help_text="The title the page gave itself, for display only."
    )
    what_is_wrong = models.TextField("what is wrong", max_length=2000)
    # Personal data: kept for REPLY_ADDRESS_KEPT (civicportal.core.feedback), then erased; never shown publicly.
    reply_email = models.EmailField("reply address", blank=True)
    mailbox = models.EmailField("sent to", help_text="The ward team's mailbox for a ward's pages, else the editors'.")
    status = models.CharField(
        "status", max_length=10, choices=PageReportStatus, default=PageReportStatus.NEW, db_index=True
    )
    created_at = models.DateTimeField("reported", auto_now_add=True, db_index=True)
    # The e-mail that carried the report holds the reply address too, so it is deleted with it.
    email = models.ForeignKey(
        OutgoingEmail, verbose_name="e-mail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PageReportQuerySet.as_manager()

    # Where a refused constraint's sentence is shown: at this field of the form.
    constraint_fields = {
        "pagereport_status_known": "status",
        "pagereport_says_what_is_wrong": "what_is_wrong",
        "pagereport_path_is_local": "page_path",
    }

    class Meta:
        verbose_name = "page report"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PageReportStatus.values),
                name="pagereport_status_known",
                violation_error_message="Choose one of the statuses offered.",
                violation_error_code="unknown_status",
            ),
            models.CheckConstraint(
                condition=~Q(what_is_wrong=""),
                name="pagereport_says_what_is_wrong",
                violation_error_message="Say what is wrong with the page.",
                violation_error_code="nothing_said",
            ),
            models.CheckConstraint(
                condition=Q(page_path__startswith="/"),
                name="pagereport_path_is_local",
                violation_error_message="Give the address of a page on this site, starting with a slash.",
                violation_error_code="path_not_local",
            ),
        ]

    def __str__(self):
        return f"{self.page_title or self.page_path} ({self.created_at:%d %B %Y})"


class SearchDocument(FieldConstraintsMixin, models.Model):
    """One live item as site-wide search knows it: its words, its address, and (on PostgreSQL) its weighted vector.

    Rows are written only by `civicportal.core.search`, which keeps one per live item of every model the apps
    register there, and none for drafts, items in review, scheduled, archived or deleted items.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField("item")
    item = GenericForeignKey("content_type", "object_id")
    kind = models.CharField("kind", max_length=40, db_index=True, help_text="The type residents filter results by.")
    title = models.CharField("title", max_length=300)
    summary = models.TextField("summary", blank=True)
    body = models.TextField("body text", blank=True)
    url = models.CharField("address", max_length=500)
    # Title weighs A, summary B, body C; stored and GIN-indexed so a query ranks only the rows that match.
    vector = SearchVectorField("search vector", null=True, editable=False)
    # What ranking reads: the title, the summary and the body's opening, with the same weights. Ranking the whole
    # body cost a common word's 2,000 matches three times as long; a word further in still finds the item.
    rank_vector = SearchVectorField("ranking vector", null=True, editable=False)
    indexed_at = models.DateTimeField("indexed", auto_now=True)

    class Meta:
        verbose_name = "search document"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                name="searchdocument_once_per_item",
                violation_error_message="This item is already in the search index.",
                violation_error_code="already_indexed",
            ),
        ]
        indexes = [
            GinIndex(fields=["vector"], name="searchdocument_vector"),
            GinIndex(OpClass("title", name="gin_trgm_ops"), name="searchdocument_title_trgm"),
        ]

    def __str__(self):
        return self.title
