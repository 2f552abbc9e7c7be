"""Which of the alliance's asks and achievements bear on an outcome indicator.

The link lives here, above the campaigns, so that `campaigns` never knows of indicators: a campaign's story that
ends in the outcomes it means to move is composed by this layer (`selectors.campaign_story`).
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from campaigns.models import Achievement, Ask

from .indicators import Indicator


class IndicatorBearing(models.Model):
    """An ask or an achievement of a campaign that is meant to move an outcome indicator, and how."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="indicator", on_delete=models.CASCADE, related_name="campaign_bearings"
    )
    ask = models.ForeignKey(Ask, verbose_name="ask", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    achievement = models.ForeignKey(
        Achievement, verbose_name="achievement", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    how = models.CharField(
        "how it bears on the indicator",
        max_length=300,
        blank=True,
        help_text="One sentence: why this ask or achievement should move the figure.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "indicator an ask or achievement bears on"
        ordering = ["indicator", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(ask__isnull=False) & Q(achievement__isnull=True))
                | (Q(ask__isnull=True) & Q(achievement__isnull=False)),
                name="bearing_is_an_ask_or_an_achievement",
                violation_error_message="Choose an ask or an achievement, not both and not neither.",
                violation_error_code="bearing_needs_one",
            ),
            models.UniqueConstraint(
                fields=["indicator", "ask"],
                name="bearing_once_per_ask",
                violation_error_message="This ask is already linked to this indicator.",
                violation_error_code="bearing_ask_twice",
            ),
            models.UniqueConstraint(
                fields=["indicator", "achievement"],
                name="bearing_once_per_achievement",
                violation_error_message="This achievement is already linked to this indicator.",
                violation_error_code="bearing_achievement_twice",
            ),
        ]

    def __str__(self):
        return f"{self.ask or self.achievement} → {self.indicator}"

    @property
    def campaign_id(self) -> int:
        """Return the id of the campaign the ask or achievement belongs to."""
        return (self.ask or self.achievement).campaign_id
