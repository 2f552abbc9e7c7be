"""Reads that cross the alliance's models or depend on who is looking."""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, DateField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, NullIf, TruncDate
from django.utils import timezone

from civicportal.core.models import Organisation, Sector

from .models import (
    FACT_FIELDS,
    Achievement,
    Action,
    Ask,
    AskFact,
    AskSource,
    AskStatus,
    Campaign,
    Chapter,
    DecisionMaker,
    Membership,
    NewsPost,
    OutcomeQuestion,
    OutcomeTally,
    ReactionKind,
    Research,
    Response,
    with_outcome_tally,
)
from .outcome_links import subscription_id_from
from .permissions import chapter_ids_organised_by, is_editor


@dataclass(frozen=True)
class TimelineEntry:
    """One moment in a campaign's story: a post, an action or an achievement."""

    kind: str
    kind_label: str
    day: datetime.date
    when: str
    precision: str
    date_note: str
    title: str
    summary: str
    url: str


# A campaign's page tells the latest part of its story; the lists, filtered by campaign, hold the rest.
TIMELINE_LENGTH = 20


@dataclass(frozen=True)
class Timeline:
    """The latest entries of a campaign's story, newest first, and whether earlier ones were left out."""

    entries: list[TimelineEntry]
    has_earlier: bool

    def __iter__(self):
        return iter(self.entries)

    def __len__(self):
        return len(self.entries)


def campaign_timeline(*, campaign: Campaign, length: int = TIMELINE_LENGTH) -> Timeline:
    """Return the latest `length` of a campaign's published news, actions and achievements as one story.

    Each kind is read newest first and at most one past `length`, so a campaign with a thousand posts costs
    its page no more than one with twenty; `has_earlier` says whether older entries were left out.
    """
    posts = NewsPost.objects.live().filter(campaign=campaign).order_by("-dated_on", "-publish_at", "-pk")
    entries = [
        TimelineEntry(
            "news",
            post.get_kind_display(),
            post.dated_on,
            post.when_display,
            post.date_precision,
            post.date_note,
            post.title,
            post.summary,
            post.get_absolute_url(),
        )
        for post in posts[: length + 1]
    ]
    entries += [
        TimelineEntry(
            "action",
            action.get_kind_display(),
            timezone.localtime(action.starts_at).date(),
            action.when_display,
            action.date_precision,
            action.date_note,
            action.title,
            action.summary,
            action.get_absolute_url(),
        )
        for action in Action.objects.filter(campaign=campaign).order_by("-starts_at", "-pk")[: length + 1]
    ]
    entries += [
        TimelineEntry(
            "achievement",
            "Achievement",
            achievement.won_on,
            achievement.when_display,
            achievement.date_precision,
            achievement.date_note,
            achievement.headline,
            "",
            achievement.get_absolute_url(),
        )
        for achievement in Achievement.objects.filter(campaign=campaign).order_by("-won_on", "-pk")[: length + 1]
    ]
    entries.sort(key=lambda entry: entry.day, reverse=True)
    return Timeline(entries=entries[:length], has_earlier=len(entries) > length)


def chapter_members(*, chapter: Chapter | None = None) -> QuerySet:
    """Return memberships with their organisations, optionally of one chapter."""
    memberships = Membership.objects.select_related("organisation", "chapter")
    return memberships.filter(chapter=chapter) if chapter else memberships


def sector_counts(*, memberships: QuerySet) -> list[dict]:
    """Return each sector with its label and number of members, largest first."""
    labels = dict(Sector.choices)
    return [
        {"sector": row["organisation__sector"], "label": labels.get(row["organisation__sector"]), "count": row["count"]}
        for row in memberships.sector_counts()
    ]


# Stands in for "no fact of this kind", so that the latest of several dates can be taken in the database
# alike on PostgreSQL and SQLite (whose GREATEST is NULL when any argument is); nothing is dated year 1.
NO_DATE = datetime.date(1, 1, 1)


def _latest_of_campaign(rows: QuerySet, day) -> Coalesce:
    latest = rows.filter(campaign=OuterRef("pk")).order_by().values("campaign").annotate(latest=Max(day))
    return Coalesce(Subquery(latest.values("latest")[:1], output_field=DateField()), Value(NO_DATE))


def with_last_activity(campaigns: QuerySet) -> QuerySet:
    """Annotate campaigns with `last_activity_on`, the day of their latest dated fact, None when they have none.

    The facts are its actions, live posts, achievements, responses to its asks and research launches:
    one subquery each, so a campaign's many rows never multiply one another, and a page's query count
    stays the same however many facts there are.
    """
    latest = Greatest(
        _latest_of_campaign(Action.objects.all(), TruncDate("starts_at")),
        _latest_of_campaign(NewsPost.objects.live(), "dated_on"),
        _latest_of_campaign(Achievement.objects.all(), "won_on"),
        _latest_of_campaign(Ask.objects.all(), "responded_on"),
        _latest_of_campaign(Research.objects.all(), "launch_on"),
    )
    return campaigns.annotate(last_activity_on=NullIf(latest, Value(NO_DATE)))


def member_campaigns(*, organisation: Organisation) -> QuerySet:
    """Return the live campaigns an organisation leads, each with its achievements."""
    return (
        with_last_activity(Campaign.objects.live().led_by(organisation))
        .select_related("chapter")
        .prefetch_related(Prefetch("achievements", queryset=Achievement.objects.order_by("-won_on")))
    )


def campaigns_for_list() -> QuerySet:
    """Return live campaigns with what their list shows: chapter, leads, counts and when each was last active."""
    return (
        with_last_activity(Campaign.objects.live())
        .select_related("chapter")
        .prefetch_related("lead_organisations")
        .annotate(achievement_count=Count("achievements", distinct=True))
        .order_by("title")
    )


def accountability_asks(*, today: datetime.date | None = None) -> QuerySet:
    """Return every public ask with its worked-out status, its residents' answers and what its row shows."""
    return with_outcome_tally(
        Ask.objects.live()
        .with_status(today)
        .select_related("campaign", "action", "decision_maker", "achievement")
        .order_by("-action__starts_at", "campaign__title", "number", "pk")
    )


def asks_flagged_for_review(*, asks: QuerySet) -> list[Ask]:
    """Return the asks among `asks` that most residents who answered say did not happen, for their organisers.

    Reads only the asks whose followers were asked, in one query, and keeps those the published rule flags.
    """
    asked = with_outcome_tally(asks.filter(outcome_question__isnull=False).select_related("campaign")).order_by("pk")
    return [ask for ask in asked if OutcomeTally.of(ask).flagged]


def outcome_link_works(*, ask: Ask, token: str) -> bool:
    """Return whether an answer link is signed for this ask, and its followers were asked about it."""
    return subscription_id_from(token, ask_id=ask.pk) is not None and OutcomeQuestion.objects.filter(ask=ask).exists()


def ask_status_counts(*, asks: QuerySet) -> dict[str, int]:
    """Return how many of the asks stand at each status."""
    rows = asks.order_by().values("status_value").annotate(count=Count("pk"))
    return {row["status_value"]: row["count"] for row in rows}


def reaction_counts(*, post: NewsPost) -> list[dict]:
    """Return every reaction kind with how many readers left it on the post, in the fixed order."""
    counts = dict(post.reactions.order_by().values_list("kind").annotate(count=Count("pk")))
    return [{"kind": kind, "label": label, "count": counts.get(kind, 0)} for kind, label in ReactionKind.choices]


def news_visible_to(user) -> QuerySet:
    """Return the posts a user may read: public ones, plus their own and their chapters' drafts, or all for editors."""
    if is_editor(user):
        return NewsPost.objects.all()
    public = NewsPost.objects.live()
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return public
    return NewsPost.objects.filter(
        Q(pk__in=public.values("pk")) | Q(owner=user) | Q(chapter_id__in=chapter_ids_organised_by(user))
    )


def latest_news(*, limit: int) -> list[NewsPost]:
    """Return the newest live posts, by the date of their story, with their chapter and campaign."""
    posts = NewsPost.objects.live().select_related("chapter", "campaign").order_by("-dated_on", "-publish_at", "pk")
    return list(posts[:limit])


def latest_achievements(*, limit: int) -> list[Achievement]:
    """Return the most recently won live achievements, with their campaigns."""
    return list(Achievement.objects.live().select_related("campaign").order_by("-won_on", "headline")[:limit])


def achievement_totals() -> dict:
    """Return the live achievements' figures added up (as the achievements page does) and how many there are."""
    achievements = Achievement.objects.live()
    return {**achievements.totals(), "count": achievements.count()}


# One ask's evidence and history


@dataclass(frozen=True)
class FactChange:
    """One fact of an ask as a change set it, with the sources shown beside it (at its newest appearance)."""

    fact: AskFact
    value: str
    url: str = ""
    sources: tuple = ()
    newest: bool = False


@dataclass(frozen=True)
class AskTimelineEntry:
    """One recorded change of an ask: when, whether it was the first record, and the facts it set."""

    day: datetime.date | None
    first: bool
    changes: tuple[FactChange, ...]


def _fact_value(record, fact: AskFact, achievements: dict[int, Achievement]) -> tuple[str, str]:
    """Return a fact's value in words, and a link when it has one, as a version of the ask holds it."""
    if fact == AskFact.WORDING:
        return record.wording or "Not recorded", ""
    if fact == AskFact.RESPONSE:
        label = Response(record.response).label
        return (f"{label}, on {record.responded_on:%-d %B %Y}" if record.responded_on else label), ""
    if fact == AskFact.DUE_DATE:
        return (f"{record.due_on:%-d %B %Y}" if record.due_on else "No date it is due by"), ""
    if fact == AskFact.PROGRESS:
        return (f"Recorded on {record.progress_on:%-d %B %Y}" if record.progress_on else "None recorded"), ""
    achievement = achievements.get(record.achievement_id)
    if achievement is None:
        return "Nothing delivered recorded", ""
    return achievement.headline, achievement.get_absolute_url()


def _attributes(fact: AskFact) -> list[str]:
    return [f"{name}_id" if name == "achievement" else name for name in FACT_FIELDS[fact]]


def _is_set(record, fact: AskFact) -> bool:
    # A first record always states its response, "No response yet" included: it is where the ledger starts.
    return fact == AskFact.RESPONSE or any(getattr(record, name) for name in _attributes(fact))


def _changed(record, previous, fact: AskFact) -> bool:
    return any(getattr(record, name) != getattr(previous, name) for name in _attributes(fact))


def ask_timeline(*, ask: Ask) -> list[AskTimelineEntry]:
    """Return the ask's recorded changes, newest first, each fact with its sources beside its newest appearance.

    Read from the ask's django-simple-history records (one query) and its sources (one query); an ask loaded
    before the portal kept history appears as one undated entry of its facts as they stand. The achievement's
    own sources stand beside the delivery. Nobody is named: the history's user is never read.
    """
    records = list(
        ask.history.order_by("history_date", "history_id").only(
            "history_date", "history_id", "history_type", "wording", "response", "responded_on", "due_on",
            "progress_on", "achievement_id",
        )
    )  # fmt: skip
    sources: dict[str, list[AskSource]] = defaultdict(list)
    for source in ask.sources.order_by("-checked_on", "pk"):
        sources[AskFact.DELIVERY if source.fact == AskFact.ACHIEVEMENT else source.fact].append(source)
    achievement_ids = {record.achievement_id for record in records if record.achievement_id}
    if ask.achievement_id:
        achievement_ids.add(ask.achievement_id)
    achievements = Achievement.objects.in_bulk(achievement_ids) if achievement_ids else {}

    # Each kept entry: its day, whether it is the first record, the facts it set, and the version it set them in.
    # The first record states every fact it set, and every fact a source backs (a source of a fact whose value is
    # not recorded, such as wording nobody wrote down, is still shown).
    raw: list[tuple[datetime.date | None, bool, list[AskFact], object]] = []
    if not records:
        raw.append((None, True, [fact for fact in FACT_FIELDS if _is_set(ask, fact) or fact in sources], ask))
    for index, record in enumerate(records):
        if index == 0:
            facts = [fact for fact in FACT_FIELDS if _is_set(record, fact) or fact in sources]
        else:
            facts = [fact for fact in FACT_FIELDS if _changed(record, records[index - 1], fact)]
        if facts or index == 0:
            raw.append((timezone.localtime(record.history_date).date(), index == 0, facts, record))

    entries, shown = [], set()
    for day, first, facts, version in reversed(raw):
        changes = []
        for fact in facts:
            value, url = _fact_value(version, fact, achievements)
            newest = fact not in shown
            shown.add(fact)
            changes.append(FactChange(fact, value, url, tuple(sources[fact]) if newest else (), newest))
        entries.append(AskTimelineEntry(day, first, tuple(changes)))
    return entries


# Decision-makers' records


@dataclass
class DecisionMakerRecord:
    """What one decision-maker was asked and what became of it, by the ledger's own statuses."""

    decision_maker: DecisionMaker
    asks: list = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Return how many asks were put to them."""
        return len(self.asks)

    @property
    def agreed(self) -> int:
        """Return how many asks they agreed to, in full or in part: the promises the share kept is out of."""
        return sum(self.counts.get(status, 0) for status in AGREED_STATUSES)

    @property
    def kept(self) -> int:
        """Return how many agreed asks are delivered in full."""
        return self.counts.get(AskStatus.DELIVERED, 0)

    @property
    def share_kept(self) -> float | None:
        """Return the share of agreed asks delivered in full, or None when nothing was agreed."""
        return self.kept / self.agreed if self.agreed else None

    @property
    def response_days(self) -> list[int]:
        """Return the days from each ask to its response, for the asks where both dates are recorded."""
        return [
            (ask.responded_on - timezone.localtime(ask.action.starts_at).date()).days
            for ask in self.asks
            if ask.response != Response.PENDING and ask.responded_on and ask.action_id
        ]

    @property
    def median_days_to_response(self) -> float | None:
        """Return the median of `response_days`, or None when no ask has both dates."""
        days = self.response_days
        return statistics.median(days) if days else None

    @property
    def status_rows(self) -> list[dict]:
        """Return every status with its label and count, in the rule's order, zeros included."""
        return [{"status": s.value, "label": s.label, "count": self.counts.get(s.value, 0)} for s in AskStatus]


# The statuses of an ask the decision-maker agreed to, in full or in part.
AGREED_STATUSES = (
    AskStatus.AGREED,
    AskStatus.STALLED,
    AskStatus.OVERDUE,
    AskStatus.PARTLY_DELIVERED,
    AskStatus.DELIVERED,
)


def decision_maker_records(*, today: datetime.date | None = None) -> list[DecisionMakerRecord]:
    """Return a record for each decision-maker with at least one public ask, from the ledger's own rows.

    One query, whatever the number of asks: the asks come from `accountability_asks`, so the counts are the
    ledger's exactly.
    """
    records: dict[int, DecisionMakerRecord] = {}
    for ask in accountability_asks(today=today).filter(decision_maker__isnull=False):
        record = records.setdefault(ask.decision_maker_id, DecisionMakerRecord(ask.decision_maker))
        record.asks.append(ask)
        record.counts[ask.status_value] = record.counts.get(ask.status_value, 0) + 1
    return sorted(records.values(), key=lambda record: record.decision_maker.office)


def decision_maker_record(*, decision_maker: DecisionMaker, today: datetime.date | None = None) -> DecisionMakerRecord:
    """Return one decision-maker's record, from the ledger's rows of the asks put to them."""
    record = DecisionMakerRecord(decision_maker)
    for ask in accountability_asks(today=today).filter(decision_maker=decision_maker):
        record.asks.append(ask)
        record.counts[ask.status_value] = record.counts.get(ask.status_value, 0) + 1
    return record
