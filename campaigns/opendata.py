"""The alliance's open data: achievements with their figures, and every ask with where it stands, as CSV and
JSON; the catalogue also lists the news feed and the calendar of upcoming actions (`feeds.py`).

Only what residents may see is written: rows of live campaigns. Money is in pence, as stored; an ask's
status is worked out on the day the file is made, by the same rule as the accountability ledger.
"""

from django.db.models import Max
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from civicportal.core.opendata import Dataset, Distribution, Table, csv_response, json_response

from .models import Achievement, Ask, AskStatus, NewsPost
from .selectors import decision_maker_records

ACHIEVEMENT_COLUMNS = [
    "headline",
    "url",
    "campaign",
    "won_on",
    "date_precision",
    "people_benefited",
    "people_more_than",
    "people_description",
    "money_per_year_pence",
    "money_per_person_per_year_pence",
    "money_once_pence",
    "things_delivered",
    "things_unit",
]
ASK_COLUMNS = [
    "campaign",
    "topic",
    "wording",
    "put_at",
    "put_on",
    "put_to",
    "response",
    "responded_on",
    "due_on",
    "status",
    "achievement_url",
    "evidence_url",
]
DECISION_MAKER_COLUMNS = [
    "office",
    "url",
    "asks",
    *(f"asks_{status.value}" for status in AskStatus),
    "agreed",
    "kept",
    "share_kept",
    "median_days_to_response",
    "responses_timed",
]
NEWS_COLUMNS = ["title", "url", "kind", "chapter", "campaign", "dated_on", "summary", "published_at"]


def achievements_table() -> Table:
    """Return every live achievement, newest first, with its figures."""
    rows = [
        [
            achievement.headline,
            achievement.get_absolute_url(),
            achievement.campaign.title,
            achievement.won_on,
            achievement.date_precision,
            achievement.people_benefited,
            achievement.people_more_than,
            achievement.people_description,
            achievement.money_per_year_pence,
            achievement.money_per_person_per_year_pence,
            achievement.money_once_pence,
            achievement.things_delivered,
            achievement.things_unit,
        ]
        for achievement in Achievement.objects.live().select_related("campaign").order_by("-won_on", "headline")
    ]
    return Table(ACHIEVEMENT_COLUMNS, rows)


def asks_table() -> Table:
    """Return every ask of a live campaign with its response and its status today."""
    today = timezone.localdate()
    asks = (
        Ask.objects.live()
        .with_status(today)
        .select_related("campaign", "action", "decision_maker", "achievement")
        .order_by("campaign__title", "action__starts_at", "number", "pk")
    )
    rows = [
        [
            ask.campaign.title,
            ask.topic,
            ask.wording,
            ask.action.title if ask.action else "",
            ask.action.starts_at.date() if ask.action else None,
            ask.decision_maker.office if ask.decision_maker else "",
            ask.get_response_display(),
            ask.responded_on,
            ask.due_on,
            AskStatus(ask.status_value).label,
            ask.achievement.get_absolute_url() if ask.achievement_id else "",
            ask.evidence_url,
        ]
        for ask in asks
    ]
    return Table(ASK_COLUMNS, rows)


def decision_makers_table() -> Table:
    """Return each decision-maker with a public ask: the ledger's counts by status, share kept, days to respond."""
    rows = [
        [
            record.decision_maker.office,
            record.decision_maker.get_absolute_url(),
            record.total,
            *(row["count"] for row in record.status_rows),
            record.agreed,
            record.kept,
            None if record.share_kept is None else round(record.share_kept, 4),
            record.median_days_to_response,
            len(record.response_days),
        ]
        for record in decision_maker_records()
    ]
    return Table(DECISION_MAKER_COLUMNS, rows)


def news_table() -> Table:
    """Return every live news post, newest first (the words are on each post's page and in the feed)."""
    posts = NewsPost.objects.live().select_related("chapter", "campaign").order_by("-dated_on", "-pk")
    rows = [
        [
            post.title,
            post.get_absolute_url(),
            post.get_kind_display(),
            post.chapter.name,
            post.campaign.title if post.campaign_id else "",
            post.dated_on,
            post.summary,
            post.publish_at,
        ]
        for post in posts
    ]
    return Table(NEWS_COLUMNS, rows)


def achievements_csv(request):
    """Download every live achievement as CSV."""
    return csv_response(achievements_table(), filename="nottingham-citizens-achievements.csv")


def achievements_json(request):
    """Serve every live achievement as JSON."""
    return json_response(
        achievements_table(),
        title="Nottingham Citizens' achievements",
        filename="nottingham-citizens-achievements.json",
    )


def asks_csv(request):
    """Download every ask of a live campaign, with where it stands, as CSV."""
    return csv_response(asks_table(), filename="nottingham-citizens-asks.csv")


def asks_json(request):
    """Serve every ask of a live campaign, with where it stands, as JSON."""
    return json_response(
        asks_table(), title="Nottingham Citizens' asks and their status", filename="nottingham-citizens-asks.json"
    )


def decision_makers_csv(request):
    """Download each decision-maker's record as CSV."""
    return csv_response(decision_makers_table(), filename="nottingham-citizens-decision-makers.csv")


def decision_makers_json(request):
    """Serve each decision-maker's record as JSON."""
    return json_response(
        decision_makers_table(),
        title="Decision-makers and what became of the asks put to them",
        filename="nottingham-citizens-decision-makers.json",
    )


def _last_changed(model, live):
    """Return when the live rows last changed: their newest edit, or their campaign's going live or change.

    Rows loaded from fixtures have no history, and a row becomes public when its campaign does.
    """

    def last_changed():
        rows = live()
        edited = model.history.filter(id__in=rows.values("pk")).aggregate(at=Max("history_date"))["at"]
        campaign = rows.aggregate(at=Max(Greatest("campaign__updated_at", "campaign__publish_at")))["at"]
        return max((moment for moment in (edited, campaign) if moment), default=None)

    return last_changed


def datasets() -> list[Dataset]:
    """Return the alliance's datasets for the open-data catalogue."""
    return [
        Dataset(
            name="achievements",
            title="Achievements of Nottingham Citizens",
            description="What the alliance's campaigns won, with the people who benefit, money and things delivered.",
            row="One achievement of a live campaign; money in pence.",
            distributions=(
                Distribution("CSV", reverse("campaigns:achievements_csv")),
                Distribution("JSON", reverse("campaigns:achievements_json")),
            ),
            table=achievements_table,
            last_changed=_last_changed(Achievement, Achievement.objects.live),
        ),
        Dataset(
            name="asks",
            title="Asks put to decision-makers, and their status",
            description="Every ask the alliance put to a decision-maker, the response, and where it stands today.",
            row=f"One ask of a live campaign, with its status today ({', '.join(AskStatus.labels).lower()}).",
            distributions=(
                Distribution("CSV", reverse("campaigns:asks_csv")),
                Distribution("JSON", reverse("campaigns:asks_json")),
            ),
            table=asks_table,
            last_changed=_last_changed(Ask, Ask.objects.live),
        ),
        Dataset(
            name="decision-makers",
            title="Decision-makers' records",
            description="Each office the alliance put asks to, with the asks in each status, the share kept "
            "(delivered in full out of agreed) and the median days from ask to response.",
            row="One decision-maker with at least one ask of a live campaign; statuses as on the accountability page.",
            distributions=(
                Distribution("CSV", reverse("campaigns:decision_makers_csv")),
                Distribution("JSON", reverse("campaigns:decision_makers_json")),
            ),
            table=decision_makers_table,
            last_changed=_last_changed(Ask, Ask.objects.live),
        ),
        Dataset(
            name="alliance-news",
            title="News from Nottingham Citizens",
            description="The alliance's news posts, newest first.",
            row="One published news post.",
            distributions=(Distribution("Atom", reverse("campaigns:news_feed")),),
            table=news_table,
            last_changed=lambda: NewsPost.objects.live().aggregate(at=Max(Greatest("updated_at", "publish_at")))["at"],
        ),
    ]
