"""Reads that cross models or depend on the viewer; views pass what these return to the templates."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from campaigns.models import Achievement, Action, Ask, AskFact, AskSource, Campaign, Research, Response
from civicportal.core import charts

from . import trends
from .models import (
    CaseStudy,
    Indicator,
    IndicatorBearing,
    IndicatorValue,
    Initiative,
    KeyArea,
    Programme,
    ProgressReport,
    Project,
    ReportItem,
    Section,
    Stage,
)
from .progress import TargetAssessment
from .units import format_in_unit


@dataclass(frozen=True)
class IndicatorSummary:
    """An indicator with what the rule concluded from its values, ready for a list or a page."""

    indicator: Indicator
    values: tuple[IndicatorValue, ...]
    assessment: trends.Assessment
    latest: IndicatorValue | None
    overdue: bool
    next_due: datetime.date | None
    has_demonstration: bool
    # The value the latest one is compared with, when the rule compared two.
    compared_with: IndicatorValue | None = None
    # Progress towards the target by the target-aware rule, when the indicator has a target.
    progress: TargetAssessment | None = None
    reporting: trends.Reporting = trends.Reporting.NO_DATA
    # The date of the latest value published, shown or held back: when the figures were last updated.
    last_updated: datetime.date | None = None

    @property
    def direction(self) -> trends.Direction:
        return self.assessment.direction

    @property
    def suppressed(self) -> tuple[IndicatorValue, ...]:
        """Return the values held back for resting on too few answers."""
        return tuple(value for value in self.values if value.is_suppressed)

    @property
    def has_intervals(self) -> bool:
        return any(value.has_interval for value in self.values if not value.is_suppressed)

    @property
    def baseline(self) -> IndicatorValue | None:
        """Return the value the target-aware rule takes as its baseline."""
        if self.progress is None or self.progress.baseline is None:
            return None
        return next((value for value in self.values if value.date == self.progress.baseline.date), None)

    @property
    def category_label(self) -> str:
        """Return the rule's conclusion in words: progress towards the target, else the direction of travel."""
        return self.progress.progress.label if self.progress is not None else self.direction.label


def indicator_summary(indicator: Indicator, *, today: datetime.date) -> IndicatorSummary:
    """Return an indicator's assessments, latest value and reporting status, from its values."""
    values = tuple(indicator.values.all())
    shown = [value for value in values if not value.is_suppressed]
    latest = shown[-1] if shown else None
    last_updated = values[-1].date if values else None
    assessment = indicator.assessment()
    start_date = assessment.start.date if assessment.start else None
    return IndicatorSummary(
        indicator=indicator,
        values=values,
        assessment=assessment,
        compared_with=next((value for value in values if value.date == start_date), None),
        latest=latest,
        overdue=trends.is_overdue(last_updated, indicator.frequency, today=today),
        next_due=trends.next_value_due(last_updated, indicator.frequency) if last_updated else None,
        has_demonstration=any(value.is_demonstration for value in values) or indicator.target_is_demonstration,
        progress=indicator.progress(),
        reporting=trends.reporting_status(last_updated, indicator.frequency, today=today),
        last_updated=last_updated,
    )


def indicator_summaries(queryset: QuerySet, *, today: datetime.date) -> list[IndicatorSummary]:
    """Return the summaries of a list of indicators, reading all their values in one query."""
    return [indicator_summary(indicator, today=today) for indicator in queryset.with_values()]


def indicator_chart(summary: IndicatorSummary) -> charts.LineChart:
    """Return the trend chart of an indicator's values, with their intervals and the target line; a held-back
    value leaves a gap."""
    indicator = summary.indicator
    values = summary.values
    shown = [value for value in values if not value.is_suppressed]
    numbers = [float(value.value) for value in shown] + [float(value.lower) for value in shown if value.has_interval]
    if indicator.has_target:
        numbers.append(float(indicator.target_value))
    reference = None
    if indicator.has_target:
        target = format_in_unit(indicator.target_value, indicator.unit)
        reference = charts.Reference(float(indicator.target_value), f"Target: {target} by {indicator.target_date:%Y}")
    return charts.line_chart(
        {
            indicator.title: [
                (value.short_label, None if value.is_suppressed else float(value.value)) for value in values
            ]
        },
        title=f"{indicator.title}, {indicator.area}",
        categories=[value.short_label for value in values],
        minimum=min([0.0, *numbers]),
        format_value=lambda number: format_in_unit(number, indicator.unit),
        demonstration=summary.has_demonstration,
        intervals={
            value.short_label: (float(value.lower), float(value.upper)) for value in shown if value.has_interval
        },
        reference=reference,
    )


@dataclass(frozen=True)
class ReportingRow:
    indicator: Indicator
    last_updated: datetime.date | None
    next_due: datetime.date | None
    status: trends.Reporting


def reporting_statuses(*, today: datetime.date) -> list[ReportingRow]:
    """Return every indicator's reporting status by the published rule, from one query."""
    indicators = Indicator.objects.with_latest_date().only("title", "slug", "area", "frequency", "source", "source_url")
    rows = []
    for indicator in indicators:
        latest = indicator.latest_date
        rows.append(
            ReportingRow(
                indicator=indicator,
                last_updated=latest,
                next_due=trends.next_value_due(latest, indicator.frequency) if latest else None,
                status=trends.reporting_status(latest, indicator.frequency, today=today),
            )
        )
    return rows


def axis_label_step(chart: charts.LineChart) -> int:
    """Return how many values apart the axis labels of a chart are, so that they do not overlap."""
    return chart.x_label_step


def project_stage_counts(*, programme: Programme) -> list[tuple[Stage, int]]:
    """Return how many of a programme's projects stand at each stage, every stage listed, in one query."""
    rows = (
        Project.objects.filter(strand__programme=programme)
        .with_stage()
        .order_by()
        .values("current_stage")
        .annotate(count=Count("pk"))
    )
    counts = {row["current_stage"]: row["count"] for row in rows}
    return [(stage, counts.get(stage.value, 0)) for stage in Stage]


def programme_strands(programme: Programme):
    """Return a programme's work strands, each with its projects and their current stages."""
    projects = Project.objects.with_stage().order_by("title")
    return programme.strands.prefetch_related(Prefetch("projects", queryset=projects))


def report_sections(report: ProgressReport) -> list[tuple[Section, list[ReportItem]]]:
    """Return a report's four sections in order, each with its items, from one query."""
    items = list(report.items.order_by("position", "pk"))
    return [(section, [item for item in items if item.section == section]) for section in Section]


def report_reviews(report: ProgressReport, user):
    """Return what became of each next step of the previous report, if the user may read that report."""
    return (
        report.reviews.filter(next_step__report__in=ProgressReport.objects.visible_to(user))
        .select_related("next_step", "next_step__report")
        .order_by("next_step__position")
    )


def initiative_key_areas(initiative: Initiative, *, today: datetime.date) -> list[tuple[KeyArea, list]]:
    """Return an initiative's key areas, each with the summaries of its indicators."""
    areas = list(initiative.key_areas.all())
    indicators = Indicator.objects.filter(key_areas__in=areas).prefetch_related("key_areas").distinct()
    summaries = indicator_summaries(indicators, today=today)
    return [(area, [summary for summary in summaries if area in summary.indicator.key_areas.all()]) for area in areas]


def reports_visible_to(user, initiative: Initiative) -> QuerySet:
    """Return an initiative's reports the user may read, newest first."""
    return (
        ProgressReport.objects.filter(initiative=initiative)
        .visible_to(user)
        .select_related("initiative")
        .latest_first()
    )


def case_studies_about(*, programme: Programme | None = None, initiative: Initiative | None = None) -> QuerySet:
    """Return the live case studies about a programme or an initiative."""
    queryset = CaseStudy.objects.live()
    if programme is not None:
        queryset = queryset.filter(programmes=programme)
    if initiative is not None:
        queryset = queryset.filter(initiatives=initiative)
    return queryset.only("title", "slug", "summary")


def initiative_wards(initiative: Initiative) -> list:
    """Return the wards an initiative covers."""
    return initiative.wards.only("name", "slug")


def latest_progress_report() -> ProgressReport | None:
    """Return the live progress report with the latest period, of any live initiative, or None."""
    return (
        ProgressReport.objects.live()
        .filter(initiative__in=Initiative.objects.live())
        .select_related("initiative")
        .latest_first()
        .first()
    )


@dataclass(frozen=True)
class DirectionCounts:
    """How many indicators the rule finds travelling each way, every direction listed in order."""

    counts: tuple[tuple[trends.Direction, int], ...]
    total: int
    with_demonstration: int
    # How many of each direction's indicators are worked out from any demonstration value.
    demonstration_counts: tuple[tuple[trends.Direction, int], ...] = ()

    @property
    def rows(self) -> tuple[tuple[trends.Direction, int, int], ...]:
        """Return each direction with its count of indicators and how many of them include demonstration values."""
        demonstration = dict(self.demonstration_counts)
        return tuple((direction, count, demonstration.get(direction, 0)) for direction, count in self.counts)

    def of(self, direction: trends.Direction) -> int:
        """Return how many indicators travel in one direction."""
        return dict(self.counts)[direction]

    @property
    def improving(self) -> int:
        return self.of(trends.Direction.IMPROVING)


def indicator_direction_counts() -> DirectionCounts:
    """Return how many outcome indicators are improving, worsening and so on, by the one published rule."""
    indicators = list(Indicator.objects.with_values())
    directions = [(indicator.assessment().direction, indicator) for indicator in indicators]
    found = Counter(direction for direction, _ in directions)
    from_demonstration = Counter(
        direction for direction, indicator in directions if any(v.is_demonstration for v in indicator.values.all())
    )
    return DirectionCounts(
        counts=tuple((direction, found[direction]) for direction in trends.Direction),
        total=len(indicators),
        with_demonstration=sum(from_demonstration.values()),
        demonstration_counts=tuple((direction, from_demonstration[direction]) for direction in trends.Direction),
    )


# A campaign's story, from listening to result: composed here, where both the campaigns and the indicators are seen.

# The order of steps on one day: what is heard and researched comes before the action, the ask before its answer.
BEGAN = "The campaign began: listening to its members"
STORY_ORDER = ("listening", "research", "action", "ask", "response", "achievement")


@dataclass(frozen=True)
class StoryStep:
    """One step of a campaign's story; `day` None when its date is not recorded (told last)."""

    kind: str
    kind_label: str
    day: datetime.date | None
    when: str
    title: str
    summary: str
    url: str


@dataclass(frozen=True)
class StoryOutcome:
    """An outcome indicator the campaign means to move, with the steps that bear on it."""

    summary: IndicatorSummary
    bearings: tuple[IndicatorBearing, ...]


@dataclass(frozen=True)
class CampaignStory:
    """A campaign's steps in date order, and the indicators they bear on."""

    steps: list[StoryStep]
    outcomes: list[StoryOutcome]

    @property
    def outcome_summaries(self) -> list[IndicatorSummary]:
        """Return the indicators' summaries, for the indicator table."""
        return [outcome.summary for outcome in self.outcomes]


def _story_key(step: StoryStep):
    return (step.day is None, step.day or datetime.date.min, STORY_ORDER.index(step.kind))


def _research_steps(campaign: Campaign) -> list[StoryStep]:
    return [
        StoryStep(
            "research",
            item.get_kind_display(),
            item.launch_on,
            item.launch_display if item.launch_on else "",
            item.title,
            item.summary,
            item.get_absolute_url(),
        )
        for item in Research.objects.filter(campaign=campaign).order_by("pk")
    ]


def _quoted(ask: Ask) -> str:
    """Return the newest quoted source of an ask's response, with the text it is from, or nothing."""
    quoted = [source for source in ask.response_sources if source.quotation]
    return f"“{quoted[0].quotation}” ({quoted[0].quoted_from})" if quoted else ""


def _ask_steps(asks: list[Ask]) -> list[StoryStep]:
    steps = []
    for ask in asks:
        office = ask.decision_maker.office if ask.decision_maker_id else "a decision-maker"
        put_on = timezone.localtime(ask.action.starts_at).date() if ask.action_id else None
        when = ask.action.when_display if ask.action_id else ""
        steps.append(
            StoryStep(
                "ask", "Ask", put_on, when, f"Asked of {office}: {ask.topic}", ask.wording, ask.get_absolute_url()
            )
        )
        if ask.response != Response.PENDING:
            title = f"{office} {ask.get_response_display().lower()}: {ask.topic}"
            when = f"{ask.responded_on.day} {ask.responded_on:%B %Y}" if ask.responded_on else ""
            steps.append(
                StoryStep("response", "Response", ask.responded_on, when, title, _quoted(ask), ask.get_absolute_url())
            )
    return steps


def campaign_story(*, campaign: Campaign, today: datetime.date) -> CampaignStory:
    """Return a campaign's story in date order, oldest first, and the outcome indicators its asks and wins bear on.

    Listening (when the campaign began), research, public actions, the asks put at them, each response and the
    achievements; a step whose date is not recorded comes last. Reads a fixed number of queries.
    """
    steps = []
    if campaign.started_on:
        steps.append(
            StoryStep(
                "listening", "Listening", campaign.started_on, campaign.started_display, "The campaign began", "", ""
            )
        )
    steps += _research_steps(campaign)
    steps += [
        StoryStep(
            "action",
            action.get_kind_display(),
            timezone.localtime(action.starts_at).date(),
            action.when_display,
            action.title,
            action.summary,
            action.get_absolute_url(),
        )
        for action in Action.objects.filter(campaign=campaign)
    ]
    asks = list(
        Ask.objects.filter(campaign=campaign)
        .select_related("action", "decision_maker")
        .prefetch_related(
            Prefetch(
                "sources",
                queryset=AskSource.objects.filter(fact=AskFact.RESPONSE).order_by("-checked_on", "pk"),
                to_attr="response_sources",
            )
        )
        .order_by("number", "pk")
    )
    steps += _ask_steps(asks)
    achievements = list(Achievement.objects.filter(campaign=campaign).order_by("won_on", "pk"))
    steps += [
        StoryStep("achievement", "Achievement", a.won_on, a.when_display, a.headline, "", a.get_absolute_url())
        for a in achievements
    ]
    return CampaignStory(sorted(steps, key=_story_key), _story_outcomes(campaign, today=today))


def _story_outcomes(campaign: Campaign, *, today: datetime.date) -> list[StoryOutcome]:
    bearings = list(
        IndicatorBearing.objects.filter(Q(ask__campaign=campaign) | Q(achievement__campaign=campaign))
        .select_related("ask", "achievement")
        .order_by("pk")
    )
    indicator_ids = {bearing.indicator_id for bearing in bearings}
    indicators = Indicator.objects.filter(pk__in=indicator_ids).order_by("title")
    return [
        StoryOutcome(summary, tuple(b for b in bearings if b.indicator_id == summary.indicator.pk))
        for summary in indicator_summaries(indicators, today=today)
    ]
