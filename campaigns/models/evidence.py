"""The sources behind the facts that move an ask: a link, a document or a quoted sentence, each dated when it
was last checked and signed by the role that recorded it (never by a person's name)."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .campaigns import Ask, campaign_live_q

# A document is a PDF no larger than this: what a council's letter or a minute is published as.
DOCUMENT_MAX_BYTES = 5 * 1024 * 1024


def validate_pdf(value):
    """Refuse a file that is too large or is not a PDF, whatever its name says."""
    if value.size > DOCUMENT_MAX_BYTES:
        raise ValidationError("Choose a document of 5 MB or less.", code="too_large")
    position = value.tell() if hasattr(value, "tell") else 0
    value.seek(0)
    start = value.read(5)
    value.seek(position)
    if start != b"%PDF-":
        raise ValidationError("Choose a PDF document.", code="not_pdf")


class AskFact(models.TextChoices):
    """The facts of an ask that a source can back: each one moves where the ask stands."""

    WORDING = "wording", "The wording of the ask"
    RESPONSE = "response", "The response and its date"
    DUE_DATE = "due_date", "The date it is due by"
    PROGRESS = "progress", "Progress towards delivery"
    DELIVERY = "delivery", "The delivery"
    ACHIEVEMENT = "achievement", "The achievement"


# Which of the ask's own fields each fact is: a change to one of these, in the ask's history, is that fact moving.
FACT_FIELDS = {
    AskFact.WORDING: ("wording",),
    AskFact.RESPONSE: ("response", "responded_on"),
    AskFact.DUE_DATE: ("due_on",),
    AskFact.PROGRESS: ("progress_on",),
    AskFact.DELIVERY: ("achievement",),
}


class RecorderRole(models.TextChoices):
    """Who recorded a source, by role alone: the portal never names the person."""

    ORGANISER = "organiser", "An organiser of the chapter"
    EDITOR = "editor", "An editor"
    ADMINISTRATOR = "administrator", "An administrator"


class AskSourceQuerySet(models.QuerySet):
    def live(self):
        """Keep sources of asks whose campaign residents may see."""
        return self.filter(campaign_live_q("ask__campaign__"))

    def not_live(self):
        """Keep sources of asks whose campaign residents may not see yet."""
        return self.exclude(campaign_live_q("ask__campaign__"))


class AskSource(models.Model):
    """The source of one fact of an ask: a link, a document or a quoted sentence, checked on a day."""

    ask = models.ForeignKey(Ask, verbose_name="ask", on_delete=models.CASCADE, related_name="sources")
    fact = models.CharField("fact it backs", max_length=20, choices=AskFact)
    url = models.URLField("link", max_length=500, blank=True, help_text="Where the fact is published.")
    document = models.FileField(
        "document",
        upload_to="ask-sources/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
        help_text="A PDF of 5 MB or less: a letter, a minute, a report.",
    )
    quotation = models.TextField(
        "quoted sentence", blank=True, help_text="The source's own words, short: a sentence at most."
    )
    quoted_from = models.CharField(
        "quoted from",
        max_length=300,
        blank=True,
        help_text="The text the quotation comes from, named so that a reader can find it.",
    )
    checked_on = models.DateField("checked on", help_text="The day someone last saw that the source says this.")
    recorded_by = models.CharField("recorded by", max_length=20, choices=RecorderRole, editable=False)

    history = HistoricalRecords()
    objects = AskSourceQuerySet.as_manager()

    class Meta:
        ordering = ["ask", "fact", "-checked_on", "pk"]
        verbose_name = "source of an ask's fact"
        verbose_name_plural = "sources of asks' facts"
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(document="") | ~Q(quotation=""),
                name="ask_source_says_something",
                violation_error_message="Give a link, a document or a quotation: a source has to say where it is.",
                violation_error_code="source_says_nothing",
            ),
            models.CheckConstraint(
                condition=Q(quotation="") | ~Q(quoted_from=""),
                name="ask_source_quote_is_named",
                violation_error_message="Name the text the quotation comes from.",
                violation_error_code="quotation_unnamed",
            ),
        ]

    def __str__(self):
        return f"{self.get_fact_display()}: {self.ask}"

    def get_absolute_url(self):
        return self.ask.get_absolute_url()

    def clean(self):
        errors = {}
        if not (self.url or self.document or self.quotation.strip()):
            errors["url"] = ValidationError("Give a link, a document or a quoted sentence.", code="source_required")
        if self.quotation.strip() and not self.quoted_from.strip():
            errors["quoted_from"] = ValidationError("Name the text the quotation comes from.", code="quote_unnamed")
        if self.checked_on and self.checked_on > timezone.localdate():
            errors["checked_on"] = ValidationError("The day it was checked cannot be in the future.", code="future")
        if errors:
            raise ValidationError(errors)
