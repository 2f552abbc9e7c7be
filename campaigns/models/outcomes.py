"""Residents confirming an ask's outcome: the one "Did this happen?" question per ask, and the answers to it.

An answer is kept under a keyed hash of the subscription that was asked, never its address, so a tally can be
counted once per subscription (and changed, not added to) without the ledger knowing who answered.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .campaigns import Ask

# The fewest answers on which the ledger flags an ask for review: below this, a few "no"s say too little.
REVIEW_MIN_ANSWERS = 5


class OutcomeReason(models.TextChoices):
    """Why the followers were asked."""

    DELIVERED = "delivered", "The ask was recorded as delivered"
    DUE_DATE_PASSED = "due_date_passed", "The ask's due date passed"


class OutcomeAnswerChoice(models.TextChoices):
    """What a resident answered to "Did this happen?"."""

    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"
    DONT_KNOW = "dont_know", "Don't know"


class OutcomeQuestion(models.Model):
    """The record that an ask's followers were asked "Did this happen?": one per ask, so never twice."""

    ask = models.OneToOneField(Ask, verbose_name="ask", on_delete=models.CASCADE, related_name="outcome_question")
    reason = models.CharField("asked because", max_length=20, choices=OutcomeReason)
    asked_at = models.DateTimeField("asked", auto_now_add=True)
    asked_count = models.PositiveIntegerField(
        "followers asked", default=0, help_text="How many confirmed followers of the campaign were asked."
    )

    class Meta:
        verbose_name = "outcome question"

    def __str__(self):
        return f"Did this happen? {self.ask}"


class OutcomeAnswer(models.Model):
    """One subscription's answer to an ask's question; a second answer from it replaces the first."""

    ask = models.ForeignKey(Ask, verbose_name="ask", on_delete=models.CASCADE, related_name="outcome_answers")
    respondent_key = models.CharField(
        "respondent",
        max_length=64,
        help_text="A keyed hash of the subscription that answered: it names no address.",
    )
    answer = models.CharField("answer", max_length=20, choices=OutcomeAnswerChoice)
    answered_at = models.DateTimeField("first answered", auto_now_add=True)
    changed_at = models.DateTimeField("last changed", auto_now=True)

    class Meta:
        verbose_name = "outcome answer"
        constraints = [
            models.UniqueConstraint(
                fields=["ask", "respondent_key"],
                name="outcome_answer_once_per_subscription",
                violation_error_message="This follower has already answered about this ask; a new answer replaces it.",
                violation_error_code="answered_already",
            ),
        ]

    def __str__(self):
        return f"{self.get_answer_display()}: {self.ask}"


def _count_of(answer: str | None = None) -> Coalesce:
    rows = OutcomeAnswer.objects.filter(ask=OuterRef("pk"))
    if answer is not None:
        rows = rows.filter(answer=answer)
    counted = rows.order_by().values("ask").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_outcome_tally(asks: models.QuerySet) -> models.QuerySet:
    """Annotate asks with how many followers were asked and how many gave each answer (one subquery each)."""
    asked = OutcomeQuestion.objects.filter(ask=OuterRef("pk")).values("asked_count")[:1]
    return asks.annotate(
        outcome_asked=Subquery(asked, output_field=IntegerField()),
        **{f"outcome_{choice}": _count_of(choice) for choice in OutcomeAnswerChoice.values},
    )


@dataclass(frozen=True)
class OutcomeTally:
    """What the followers asked about an ask answered, and whether the ask is flagged for review."""

    asked: int | None
    counts: dict[str, int]

    @classmethod
    def of(cls, ask: Ask) -> "OutcomeTally":
        """Return the tally of an ask annotated by `with_outcome_tally`."""
        return cls(
            getattr(ask, "outcome_asked", None),
            {choice: getattr(ask, f"outcome_{choice}", 0) for choice in OutcomeAnswerChoice.values},
        )

    @property
    def answered(self) -> int:
        """Return how many subscriptions answered."""
        return sum(self.counts.values())

    @property
    def flagged(self) -> bool:
        """Return whether most who answered said no, once at least REVIEW_MIN_ANSWERS answered."""
        return is_flagged(no=self.counts[OutcomeAnswerChoice.NO], answered=self.answered)

    @property
    def rows(self) -> list[dict]:
        """Return each answer with its label and count, in the fixed order."""
        return [
            {"answer": choice, "label": label, "count": self.counts[choice]}
            for choice, label in OutcomeAnswerChoice.choices
        ]


def is_flagged(*, no: int, answered: int) -> bool:
    """Return whether an ask is flagged for its organisers to review: enough answers, and more than half are no."""
    return answered >= REVIEW_MIN_ANSWERS and no * 2 > answered
