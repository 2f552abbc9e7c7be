"""Reads that cross models or depend on the moment: what the ward page, the lists and the comparisons show.

Each returns plain values the templates can show without touching the database again, in a fixed number
of queries however much data there is.
"""

import datetime
import difflib
import enum
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from civicportal.core import charts
from civicportal.core.money import format_pence

from . import financial_years, recurrence
from .models import (
    Allocation,
    AllocationCategory,
    AreaCommittee,
    Event,
    LocalCampaign,
    PostcodeLookup,
    SurveyMeasure,
    SurveyResult,
    TeamPosition,
    TeamRole,
    Ward,
    WardBudget,
    WardNews,
    looks_like_postcode,
    normalise_postcode,
)

# Wards


def wards_by_committee(wards) -> list[tuple[AreaCommittee, list[Ward]]]:
    """Return the wards grouped under their area committees, committees in name order."""
    groups: dict[int, tuple[AreaCommittee, list[Ward]]] = {}
    for ward in wards.select_related("area_committee").order_by("area_committee__name", "name"):
        groups.setdefault(ward.area_committee_id, (ward.area_committee, []))[1].append(ward)
    return list(groups.values())


# Finding a ward by what a resident types

# How alike two names must be for a typed name to stand for a ward (difflib's ratio: 1 is the same text).
# "cliftn north" is 0.96 like "clifton north" and "bulwel" 0.92 like "bulwell"; no two wards' names are
# within 0.8 of each other, so a name this close points at one ward.
CLOSE_ENOUGH = 0.8
# A close name must also be this far ahead of the next ward's, or it is one of several.
CLEAR_LEAD = 0.15
# Names less alike than this are not offered as "did you mean".
WORTH_OFFERING = 0.5
SUGGESTION_COUNT = 3


def normalise_ward_name(text: str) -> str:
    """Return the name as the finder compares it: case folded, apostrophes and other punctuation gone.

    "St Ann’s", "st ann's" and "ST ANNS" all become "st anns"; "Dunkirk & Lenton" becomes "dunkirk and lenton".
    """
    text = unicodedata.normalize("NFKC", text).casefold().replace("&", " and ")
    # Apostrophes join the letters either side ("ann's" -> "anns"); other punctuation separates words.
    text = re.sub(r"['\u2018\u2019\u02bc`]", "", text)
    text = "".join(character if character.isalnum() else " " for character in text)
    return " ".join(text.split())


class Found(enum.Enum):
    """What a search for a ward came to."""

    NOTHING_ASKED = "nothing_asked"
    ONE = "one"
    SEVERAL = "several"
    NONE = "none"
    POSTCODE_UNKNOWN = "postcode_unknown"
    POSTCODES_UNAVAILABLE = "postcodes_unavailable"


@dataclass(frozen=True)
class WardSearch:
    """The wards a typed name or postcode points at, and the nearest names when it points at none."""

    query: str
    found: Found
    wards: list[Ward] = field(default_factory=list)
    suggestions: list[Ward] = field(default_factory=list)

    @property
    def ward(self) -> Ward | None:
        return self.wards[0] if self.found is Found.ONE else None

    @property
    def message(self) -> str:
        """Return what the finder says at the field, or "" when it found one ward or was asked nothing."""
        quoted = f"“{self.query}”"
        if self.found is Found.SEVERAL:
            return f"{len(self.wards)} wards match {quoted}: choose yours below."
        if self.found is Found.NONE:
            return f"No ward matches {quoted}. Check the spelling, or choose your ward from the list below."
        if self.found is Found.POSTCODE_UNKNOWN:
            return f"The postcode {quoted} is not in the city's postcode list. Choose your ward from the list below."
        if self.found is Found.POSTCODES_UNAVAILABLE:
            return "Finding a ward by postcode is not available yet. Choose your ward from the list below."
        return ""


def ward_search(text: str) -> WardSearch:
    """Find the ward a resident means by a name (any case, with or without apostrophes, a letter wrong
    or missing) or by a postcode; in two queries at most, whatever the number of wards."""
    query = " ".join(text.split())
    if not query:
        return WardSearch(query, Found.NOTHING_ASKED)
    if looks_like_postcode(query):
        return _postcode_search(query)
    # The city has about twenty wards: all of them are read once and ranked here in Python, which works
    # alike on SQLite (the demo) and PostgreSQL. Trigram similarity (pg_trgm) would earn its keep on
    # thousands of rows, not on twenty, and would need a second way of doing it for SQLite.
    wards = list(Ward.objects.only("name", "slug"))
    wanted = normalise_ward_name(query)
    named = {ward.pk: normalise_ward_name(ward.name) for ward in wards}
    exact = [ward for ward in wards if named[ward.pk] == wanted or ward.slug == query]
    if exact:
        return WardSearch(query, Found.ONE, exact[:1])
    likeness = {ward.pk: difflib.SequenceMatcher(None, wanted, named[ward.pk]).ratio() for ward in wards}
    ranked = sorted(wards, key=lambda ward: (-likeness[ward.pk], ward.name))
    if _one_stands_out(ranked, likeness):
        return WardSearch(query, Found.ONE, ranked[:1])
    containing = [ward for ward in ranked if wanted and wanted in named[ward.pk]]
    if len(containing) == 1:
        return WardSearch(query, Found.ONE, containing)
    if containing:
        return WardSearch(query, Found.SEVERAL, sorted(containing, key=lambda ward: ward.name))
    offered = [ward for ward in ranked[:SUGGESTION_COUNT] if likeness[ward.pk] >= WORTH_OFFERING]
    return WardSearch(query, Found.NONE, suggestions=offered)


def _one_stands_out(ranked: list[Ward], likeness: dict[int, float]) -> bool:
    if not ranked or likeness[ranked[0].pk] < CLOSE_ENOUGH:
        return False
    return len(ranked) == 1 or likeness[ranked[0].pk] - likeness[ranked[1].pk] >= CLEAR_LEAD


def _postcode_search(query: str) -> WardSearch:
    postcode = normalise_postcode(query)
    shown = f"{postcode[:-3]} {postcode[-3:]}"
    row = PostcodeLookup.objects.for_postcode(postcode).select_related("ward").first()
    if row is not None:
        return WardSearch(shown, Found.ONE, [row.ward])
    if PostcodeLookup.objects.exists():
        return WardSearch(shown, Found.POSTCODE_UNKNOWN)
    return WardSearch(shown, Found.POSTCODES_UNAVAILABLE)


@dataclass(frozen=True)
class TeamSeat:
    role: TeamRole
    position: TeamPosition | None

    @property
    def is_vacant(self) -> bool:
        return self.position is None or self.position.is_vacant


def ward_team(ward: Ward) -> list[TeamSeat]:
    """Return every role of the ward's team, head first; a role nobody holds is there, vacant."""
    positions = {position.role: position for position in TeamPosition.objects.filter(ward=ward)}
    return [TeamSeat(role, positions.get(role.value)) for role in TeamRole]


# Budgets


@dataclass(frozen=True)
class BudgetSummary:
    budget: WardBudget
    allocated_pence: int
    by_category: list[tuple[str, int]]
    allocation_count: int
    demonstration_allocations: int = 0

    @property
    def is_demonstration(self) -> bool:
        """Say whether the budget or any allocation from it is a demonstration figure."""
        return self.budget.is_demonstration or self.demonstration_allocations > 0

    @property
    def remaining_pence(self) -> int:
        return self.budget.amount_pence - self.allocated_pence

    @property
    def allocated_share(self) -> int:
        """Return the share of the budget allocated, in whole per cent."""
        return round(100 * self.allocated_pence / self.budget.amount_pence) if self.budget.amount_pence else 0

    def chart(self) -> charts.BarChart:
        return charts.bar_chart(
            [(label, pence / 100) for label, pence in self.by_category],
            title=f"{self.budget.ward}: ward budget {self.budget.year_label} allocated by category",
            value_heading="Allocated",
            format_value=lambda pounds: format_pence(round(pounds * 100)),
            demonstration=self.is_demonstration,
        )


def budget_summary(budget: WardBudget) -> BudgetSummary:
    """Return what has been allocated from a budget, in total and by category (largest first)."""
    rows = (
        Allocation.objects.filter(budget=budget)
        .values("category")
        .annotate(
            total=Sum("amount_pence"),
            count=Count("pk"),
            demonstration=Count("pk", filter=Q(is_demonstration=True)),
        )
        .order_by("-total", "category")
    )
    labels = dict(AllocationCategory.choices)
    by_category = [(labels.get(row["category"], row["category"]), row["total"]) for row in rows]
    return BudgetSummary(
        budget=budget,
        allocated_pence=sum(total for _, total in by_category),
        by_category=by_category,
        allocation_count=sum(row["count"] for row in rows),
        demonstration_allocations=sum(row["demonstration"] for row in rows),
    )


def current_budget(ward: Ward, today: datetime.date | None = None) -> WardBudget | None:
    """Return the ward's budget for this financial year, or else its latest earlier one."""
    year = financial_years.financial_year_of(today or timezone.localdate())
    return WardBudget.objects.filter(ward=ward, year__lte=year).order_by("-year").first()


@dataclass(frozen=True)
class WardBudgetRow:
    ward: Ward
    budget: WardBudget | None
    allocated_pence: int
    # The budget, or any allocation from it, is a demonstration figure.
    is_demonstration: bool = False

    @property
    def remaining_pence(self) -> int | None:
        return None if self.budget is None else self.budget.amount_pence - self.allocated_pence


def budget_comparison(year: int) -> list[WardBudgetRow]:
    """Return each ward with its budget for a financial year and what has been allocated from it."""
    budgets = {
        budget.ward_id: budget
        for budget in WardBudget.objects.for_year(year).annotate(
            allocated=Coalesce(Sum("allocations__amount_pence"), 0),
            demonstration_allocations=Count("allocations", filter=Q(allocations__is_demonstration=True)),
        )
    }
    rows = []
    for ward in Ward.objects.order_by("name"):
        budget = budgets.get(ward.pk)
        demonstration = budget is not None and (budget.is_demonstration or budget.demonstration_allocations > 0)
        rows.append(WardBudgetRow(ward, budget, getattr(budget, "allocated", 0), demonstration))
    return rows


def budget_comparison_page(year: int) -> dict:
    """Return what the budget comparison shows for a financial year: each ward's row, a chart and the totals."""
    rows = budget_comparison(year)
    with_budgets = [row for row in rows if row.budget]
    chart = charts.bar_chart(
        [(row.ward.name, row.allocated_pence / 100) for row in with_budgets],
        title=f"Allocated from each ward's budget, {financial_years.financial_year_label(year)}",
        value_heading="Allocated",
        format_value=lambda pounds: format_pence(round(pounds * 100)),
        demonstration=any(row.is_demonstration for row in with_budgets),
    )
    return {
        "rows": rows,
        "chart": chart,
        "total_budget": sum(row.budget.amount_pence for row in with_budgets),
        "total_allocated": sum(row.allocated_pence for row in with_budgets),
        "any_demonstration": any(row.is_demonstration for row in with_budgets),
    }


def budget_years() -> list[int]:
    """Return the financial years that have budgets, latest first."""
    return list(WardBudget.objects.order_by("-year").values_list("year", flat=True).distinct())


# Events


@dataclass(frozen=True)
class Listed:
    """An event as a list shows it: with the occurrence that matters (the next one, or the last one)."""

    event: Event
    occurrence: recurrence.Occurrence


class EventListing(Sequence):
    """Live events in the order a list shows them, sliced as a paginator asks, without loading them all.

    One-off events, nearly all of them, are sorted, counted and sliced by the database: their occurrence is the
    event itself. Repeating events are few (one row for a year of meetings) and their next or last occurrence
    depends on the time, so they are worked out here and merged in; a slice reads at most as many one-off
    events as its end.
    """

    def __init__(self, events, *, now: datetime.datetime, past: bool):
        self.past = past
        self.now = now
        chosen = events.live().select_related("ward")
        chosen = chosen.past(now) if past else chosen.upcoming(now)
        order = ("-starts_at", "-pk") if past else ("starts_at", "title")
        self.single = chosen.filter(recurrence="").order_by(*order)
        self._repeating_events = chosen.exclude(recurrence="")
        self._repeating = None
        self._count = None

    def _key(self, item: Listed):
        if self.past:
            return (-item.occurrence.starts_at.timestamp(), 0)
        return (item.occurrence.starts_at, item.event.title)

    @property
    def repeating(self) -> list[Listed]:
        if self._repeating is None:
            found = (
                Listed(event, event.last_occurrence(self.now) if self.past else event.next_occurrence(self.now))
                for event in self._repeating_events
            )
            self._repeating = sorted((item for item in found if item.occurrence is not None), key=self._key)
        return self._repeating

    def count(self) -> int:
        if self._count is None:
            self._count = self.single.count() + len(self.repeating)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        if (index.start or 0) >= 0 and index.stop is not None and index.stop >= 0:
            # A slice from the front (the home page's next few) needs no count of everything to come.
            start, stop = index.start or 0, index.stop
        else:
            start, stop, _ = index.indices(self.count())
        single = [Listed(event, recurrence.Occurrence(event.starts_at, event.ends_at)) for event in self.single[:stop]]
        return sorted(single + self.repeating, key=self._key)[start:stop]


def upcoming_events(events, *, now: datetime.datetime | None = None, limit: int | None = None):
    """Return live events with an occurrence to come, by their next occurrence, soonest first."""
    listing = EventListing(events, now=now or timezone.now(), past=False)
    return listing[:limit] if limit else listing


def next_events(*, limit: int, now: datetime.datetime | None = None) -> list[Listed]:
    """Return the next live events city-wide, as the events list orders them."""
    return upcoming_events(Event.objects.all(), now=now, limit=limit)


def past_events(events, *, now: datetime.datetime | None = None) -> EventListing:
    """Return live events whose last occurrence has ended, the most recent first."""
    return EventListing(events, now=now or timezone.now(), past=True)


def events_in_month(events, *, year: int, month: int) -> list[Listed]:
    """Return every occurrence of live events in a calendar month (local time), in order."""
    start = datetime.datetime(year, month, 1, tzinfo=recurrence.LONDON)
    end = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=recurrence.LONDON)
    listed = []
    for event in events.live().overlapping(start, end).select_related("ward"):
        occurrences = recurrence.occurrences_between(event.starts_at, event.ends_at, event.recurrence, start, end)
        listed += [Listed(event, occurrence) for occurrence in occurrences if occurrence.starts_at >= start]
    listed.sort(key=lambda item: (item.occurrence.starts_at, item.event.title))
    return listed


@dataclass(frozen=True)
class YearCount:
    year: int
    events: int
    occurrences: int


def events_this_year(*, now: datetime.datetime | None = None) -> YearCount:
    """Return how many live events take place in the calendar year, and how many times they meet in all."""
    now = timezone.localtime(now or timezone.now())
    start = datetime.datetime(now.year, 1, 1, tzinfo=recurrence.LONDON)
    end = datetime.datetime(now.year + 1, 1, 1, tzinfo=recurrence.LONDON)
    in_year = Event.objects.live().overlapping(start, end)
    # A one-off event that overlaps the year meets in it once; the database counts those.
    events = occurrences = in_year.filter(recurrence="").count()
    for event in in_year.exclude(recurrence="").only("starts_at", "ends_at", "recurrence"):
        found = len(recurrence.occurrences_between(event.starts_at, event.ends_at, event.recurrence, start, end))
        events += bool(found)
        occurrences += found
    return YearCount(now.year, events, occurrences)


# The ward page


def ward_page(ward: Ward) -> dict:
    """Return what a ward's page shows: team, neighbours, budget and its spending, events, campaigns, figures."""
    budget = current_budget(ward)
    summary = budget_summary(budget) if budget else None
    survey = survey_table(ward)
    latest = None
    if survey.years:
        year = survey.years[-1]
        rows = [(m, survey.city.get((m.value, year)), survey.ward.get((m.value, year))) for m in SurveyMeasure]
        latest = {"year": year, "rows": rows}
    return {
        "team": ward_team(ward),
        "neighbours": list(Ward.objects.filter(area_committee_id=ward.area_committee_id).exclude(pk=ward.pk)),
        "budget": budget,
        "summary": summary,
        "budget_chart": summary.chart() if summary and summary.by_category else None,
        "allocations": list(budget.allocations.order_by("-decided_on", "-pk")[:10]) if budget else [],
        "events": upcoming_events(Event.objects.filter(ward=ward), limit=5),
        "campaigns": campaigns_reaching(ward),
        "news": list(WardNews.objects.live().filter(ward=ward).select_related("ward")[:3]),
        "survey": survey,
        "survey_latest": latest,
    }


def ward_edit_page(ward: Ward) -> dict:
    """Return what a ward's edit page lists: its team, budgets, and the latest of everything an officer keeps."""
    return {
        "team": ward_team(ward),
        "budgets": list(WardBudget.objects.filter(ward=ward).with_allocated().order_by("-year")),
        "allocations": list(Allocation.objects.filter(budget__ward=ward).select_related("budget")[:50]),
        "events": list(Event.objects.filter(ward=ward).order_by("-starts_at")[:50]),
        "campaigns": list(LocalCampaign.objects.filter(ward=ward)[:50]),
        "news": list(WardNews.objects.filter(ward=ward).order_by("-created_at")[:50]),
        "survey_results": list(SurveyResult.objects.filter(ward=ward).order_by("-year", "measure")),
    }


# Campaigns


def campaigns_reaching(ward: Ward, *, limit: int = 3) -> list[LocalCampaign]:
    """Return the latest live campaigns the ward's residents are part of: its own and the city-wide ones."""
    return list(LocalCampaign.objects.live().reaching(ward).select_related("ward")[:limit])


# Satisfaction


@dataclass
class SurveyTable:
    """Survey figures by measure and year, for the city and (if any) for one ward."""

    years: list[int] = field(default_factory=list)
    city: dict[tuple[str, int], SurveyResult] = field(default_factory=dict)
    ward: dict[tuple[str, int], SurveyResult] = field(default_factory=dict)

    def measure_charts(self, ward: Ward | None = None) -> list[tuple[SurveyMeasure, charts.LineChart, list]]:
        """Return, for each measure, a chart over the years and the rows of its table."""
        categories = [str(year) for year in self.years]
        drawn = []
        for measure in SurveyMeasure:
            series = {"Nottingham": [(str(y), _percent(self.city.get((measure.value, y)))) for y in self.years]}
            if ward is not None:
                series[ward.name] = [(str(y), _percent(self.ward.get((measure.value, y)))) for y in self.years]
            rows = [
                (
                    year,
                    self.city.get((measure.value, year)),
                    self.ward.get((measure.value, year)) if ward is not None else None,
                )
                for year in self.years
            ]
            chart = charts.line_chart(
                series,
                title=f"{measure.label}, per cent of residents",
                categories=categories,
                maximum=100,
                format_value=lambda value: f"{value:g}%",
                demonstration=any(result.is_demonstration for _, *results in rows for result in results if result),
            )
            drawn.append((measure, chart, rows))
        return drawn

    @property
    def has_ward_figures(self) -> bool:
        return bool(self.ward)


def _percent(result: SurveyResult | None) -> float | None:
    return float(result.percent) if result is not None else None


def survey_table(ward: Ward | None = None) -> SurveyTable:
    """Return every city-wide survey figure, and the ward's own when a ward is given."""
    results = SurveyResult.objects.filter(Q(ward__isnull=True) | Q(ward=ward) if ward else Q(ward__isnull=True))
    table = SurveyTable()
    years = set()
    for result in results:
        years.add(result.year)
        (table.ward if result.ward_id else table.city)[(result.measure, result.year)] = result
    table.years = sorted(years)
    return table


def latest_city_figures() -> list[SurveyResult]:
    """Return the latest year's city-wide figures, one per measure, in the measures' order."""
    latest = SurveyResult.objects.city_wide().order_by("-year").values_list("year", flat=True).first()
    if latest is None:
        return []
    order = {measure.value: index for index, measure in enumerate(SurveyMeasure)}
    return sorted(SurveyResult.objects.city_wide().filter(year=latest), key=lambda result: order[result.measure])


def wards_with_survey_figures() -> list[Ward]:
    """Return the wards that have figures of their own."""
    return list(Ward.objects.filter(survey_results__isnull=False).distinct().order_by("name"))


# News


def latest_ward_news(*, limit: int) -> list[WardNews]:
    """Return the newest live news posts from every ward, with their wards."""
    return list(WardNews.objects.live().select_related("ward").order_by("-publish_at", "-created_at", "pk")[:limit])
