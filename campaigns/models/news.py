"""News posts and campaign updates, and the reactions readers leave on them without an account."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from civicportal.core.constraints import FieldConstraintsMixin
from civicportal.core.fields import RichTextField
from civicportal.core.models import SlugNaturalKeyManager
from civicportal.core.publishing import Publishable, PublishableQuerySet

from ..partial_dates import DATE_ONLY_PRECISIONS, DatePrecision, format_dated
from .campaigns import Campaign, campaign_live_q
from .chapters import Chapter


class NewsKind(models.TextChoices):
    NEWS = "news", "News"
    UPDATE = "update", "Campaign update"


class ReactionKind(models.TextChoices):
    """The small fixed set of reactions a reader may leave on a post."""

    SUPPORT = "support", "Support"
    SOLIDARITY = "solidarity", "Solidarity"
    CELEBRATE = "celebrate", "Celebrate"
    THANKS = "thanks", "Thank you"


class NewsPostQuerySet(PublishableQuerySet):
    def live(self):
        """Keep what a resident may see: live posts whose campaign, if any, is live too."""
        return super().live().filter(Q(campaign__isnull=True) | campaign_live_q())

    def not_live(self):
        """Keep posts residents may not see."""
        return self.exclude(pk__in=self.live().values("pk"))

    def with_reaction_count(self):
        """Annotate each post with `reaction_count`."""
        # A subquery per post rather than a join and GROUP BY: PostgreSQL then counts only the posts a page
        # shows, after sorting and LIMIT, and the paginator's COUNT leaves the reactions alone.
        reactions = Reaction.objects.filter(post=OuterRef("pk")).order_by().values("post").annotate(n=Count("pk"))
        return self.annotate(reaction_count=Coalesce(Subquery(reactions.values("n")), 0))


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
        # The news list and feeds read the newest first: with this index a page reads its own rows, not all.
        # Counting the live posts (the list's "N posts") reads this index alone, not the posts' text.
        indexes = [
            models.Index(F("dated_on").desc(), F("publish_at").desc(), "id", name="newspost_newest_first"),
            models.Index(fields=["status", "publish_at", "campaign"], name="newspost_live_count"),
        ]

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


class Reaction(FieldConstraintsMixin, models.Model):
    """One reader's reaction to a post: one per browser per post, with no account and nothing personal kept."""

    post = models.ForeignKey(NewsPost, verbose_name="post", on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField("reaction", max_length=20, choices=ReactionKind)
    browser_hash = models.CharField(
        "browser", max_length=64, help_text="A one-way hash of a random token in the reader's browser cookie."
    )
    address_hash = models.CharField(
        "address",
        max_length=64,
        blank=True,
        help_text="A keyed hash of the post, the day and the reader's network address, so that a browser without "
        "its cookie cannot count again; it cannot be linked across posts or days.",
    )
    created_at = models.DateTimeField("reacted at", auto_now_add=True)

    class Meta:
        verbose_name = "reaction"
        constraints = [
            models.UniqueConstraint(
                fields=["post", "browser_hash"],
                name="reaction_once_per_browser",
                violation_error_message="This browser has already reacted to this post.",
                violation_error_code="already_reacted",
            ),
            models.UniqueConstraint(
                fields=["post", "address_hash"],
                condition=~Q(address_hash=""),
                name="reaction_once_per_address_per_day",
                violation_error_message="Someone at this address has already reacted to this post today.",
                violation_error_code="already_reacted_today",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.post}"
