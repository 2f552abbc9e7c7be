"""The alliance's open data: achievements with their figures, and every ask with where it stands, as CSV and
JSON; the catalogue also lists the news feed and the calendar of upcoming actions (`feeds.py`).

Only what residents may see is written: rows of live campaigns. Money is in pence, as stored; an ask's
status is worked out on the day the file is made, by the same rule as the accountability ledger.
"""

from django.db.models import Max
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from civicportal.core.opendata import (
    Dataset,
    Distribution,
    ExportTable,
    Table,
    csv_response,
    dataset_export,
    export_table,
    json_response,
    name_of,
    url_of,
    yes_no,
)

from .models import (
    Achievement,
    Action,
    Ask,
    AskSource,
    AskStatus,
    Campaign,
    Chapter,
    DecisionMaker,
    Membership,
    NewsPost,
    OutcomeAnswer,
    OutcomeAnswerChoice,
    OutcomeQuestion,
    OutcomeTally,
    Research,
    TrainingCourse,
    with_outcome_tally,
)
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
    "status_key",
    "achievement_url",
    "url",
    # What the campaign's followers answered when asked "Did this happen?" (empty when they were not asked).
    "followers_asked",
    *(f"answered_{choice}" for choice in OutcomeAnswerChoice.values),
    "flagged_for_review",
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
NEWS_COLUMNS = ["title", "url", "kind", "chapter", "campaign", "dated_on", "summary", "body_html", "published_at"]


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


def _tally_cells(tally: OutcomeTally) -> list:
    """Return the followers asked, each answer's count and the review flag; all empty when nobody was asked."""
    if tally.asked is None:
        return [None] * (len(OutcomeAnswerChoice.values) + 2)
    return [tally.asked, *(tally.counts[choice] for choice in OutcomeAnswerChoice.values), yes_no(tally.flagged)]


def asks_table() -> Table:
    """Return every ask of a live campaign with its response, its status today and its followers' answers."""
    today = timezone.localdate()
    asks = (
        with_outcome_tally(Ask.objects.live().with_status(today))
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
            ask.status_value,
            ask.achievement.get_absolute_url() if ask.achievement_id else "",
            ask.get_absolute_url(),
            *_tally_cells(OutcomeTally.of(ask)),
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
    """Return every live news post, newest first, with its words as HTML."""
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
            post.body,
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


def _asks_last_changed():
    """Return when the live asks last changed: an edit, their campaign, a question sent or an answer given."""
    live = Ask.objects.live().values("pk")
    moments = (
        _last_changed(Ask, Ask.objects.live)(),
        OutcomeQuestion.objects.filter(ask__in=live).aggregate(at=Max("asked_at"))["at"],
        OutcomeAnswer.objects.filter(ask__in=live).aggregate(at=Max("changed_at"))["at"],
    )
    return max((moment for moment in moments if moment), default=None)


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
            row=f"One ask of a live campaign, with its status today ({', '.join(AskStatus.labels).lower()}) and "
            "what its campaign's followers answered when asked whether it happened (empty when nobody was asked).",
            distributions=(
                Distribution("CSV", reverse("campaigns:asks_csv")),
                Distribution("JSON", reverse("campaigns:asks_json")),
            ),
            table=asks_table,
            last_changed=_asks_last_changed,
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


def export_tables() -> list[ExportTable]:
    """Return every kind of live item of the alliance for the whole-portal export (no contact e-mail, no user)."""
    by_name = {dataset.name: dataset for dataset in datasets()}
    return [
        export_table(
            name="chapters",
            title="Chapters of the alliance",
            row="One chapter (the alliance in a city), with its founding figures.",
            items=lambda: Chapter.objects.select_related("national_alliance", "founding_assembly").order_by("name"),
            columns={
                "name": lambda chapter: chapter.name,
                "url": url_of,
                "national_alliance": lambda chapter: name_of(chapter.national_alliance),
                "area": lambda chapter: chapter.area,
                "summary": lambda chapter: chapter.summary,
                "founded_on": lambda chapter: chapter.founded_on,
                "founding_assembly": lambda chapter: name_of(chapter.founding_assembly),
                "member_count_stated": lambda chapter: chapter.member_count_stated,
                "leaders_trained": lambda chapter: chapter.leaders_trained,
                "leaders_trained_more_than": lambda chapter: chapter.leaders_trained_more_than,
            },
        ),
        export_table(
            name="member-organisations",
            title="Member organisations of the alliance",
            row="One organisation's membership of a chapter, with its sector and website.",
            items=lambda: Membership.objects.select_related("chapter", "organisation").order_by(
                "chapter__name", "organisation__name"
            ),
            columns={
                "organisation": lambda membership: membership.organisation.name,
                "url": url_of,
                "sector": lambda membership: membership.organisation.get_sector_display(),
                "website": lambda membership: membership.organisation.website,
                "chapter": lambda membership: membership.chapter.name,
                "joined_on": lambda membership: membership.joined_on,
            },
        ),
        export_table(
            name="campaigns",
            title="Campaigns of the alliance",
            row="One live campaign; its story is HTML.",
            items=lambda: Campaign.objects.live().select_related("chapter").order_by("title", "pk"),
            columns={
                "title": lambda campaign: campaign.title,
                "url": url_of,
                "chapter": lambda campaign: campaign.chapter.name,
                "issue_area": lambda campaign: campaign.get_issue_area_display(),
                "stage": lambda campaign: campaign.get_stage_display(),
                "started_on": lambda campaign: campaign.started_on,
                "started_precision": lambda campaign: campaign.started_precision,
                "summary": lambda campaign: campaign.summary,
                "body_html": lambda campaign: campaign.body,
                "published_at": lambda campaign: campaign.publish_at,
            },
        ),
        export_table(
            name="actions",
            title="Public actions of the alliance",
            row="One public action (an assembly, an accountability meeting) of a live campaign or of the chapter.",
            items=lambda: Action.objects.live().select_related("chapter", "campaign").order_by("starts_at", "pk"),
            columns={
                "title": lambda action: action.title,
                "url": url_of,
                "kind": lambda action: action.get_kind_display(),
                "chapter": lambda action: action.chapter.name,
                "campaign": lambda action: name_of(action.campaign),
                "starts_at": lambda action: action.starts_at,
                "date_precision": lambda action: action.date_precision,
                "venue": lambda action: action.venue,
                "expected_attendance": lambda action: action.expected_attendance,
                "actual_attendance": lambda action: action.actual_attendance,
                "attendance_more_than": lambda action: action.attendance_more_than,
                "attendance_description": lambda action: action.attendance_description,
                "summary": lambda action: action.summary,
                "description": lambda action: action.description,
            },
        ),
        export_table(
            name="decision-makers",
            title="Decision-makers the alliance put asks to",
            row="One office (never a person's contact) and its organisation.",
            items=lambda: DecisionMaker.objects.select_related("organisation").order_by("office", "pk"),
            columns={
                "office": lambda maker: maker.office,
                "organisation": lambda maker: name_of(maker.organisation),
            },
        ),
        dataset_export(by_name["asks"], items=Ask.objects.live),
        dataset_export(by_name["achievements"], items=Achievement.objects.live),
        dataset_export(by_name["alliance-news"], items=NewsPost.objects.live),
        export_table(
            name="training",
            title="Training courses of the alliance",
            row="One course for leaders, with its length in days and how many it trained.",
            items=lambda: TrainingCourse.objects.select_related("chapter").order_by("starts_on", "pk"),
            columns={
                "title": lambda course: course.title,
                "url": url_of,
                "chapter": lambda course: course.chapter.name,
                "summary": lambda course: course.summary,
                "length_days": lambda course: course.length_days,
                "starts_on": lambda course: course.starts_on,
                "ends_on": lambda course: course.ends_on,
                "leaders_trained": lambda course: course.leaders_trained,
            },
        ),
        export_table(
            name="research",
            title="Research of the alliance",
            row="One piece of research (a commission, a listening exercise) of a live campaign or of the chapter.",
            items=lambda: Research.objects.live().select_related("chapter", "campaign").order_by("title", "pk"),
            columns={
                "title": lambda research: research.title,
                "url": url_of,
                "kind": lambda research: research.get_kind_display(),
                "chapter": lambda research: research.chapter.name,
                "campaign": lambda research: name_of(research.campaign),
                "summary": lambda research: research.summary,
                "description": lambda research: research.description,
                "commissioners": lambda research: research.commissioners,
                "hearings": lambda research: research.hearings,
                "written_submissions": lambda research: research.written_submissions,
                "people_surveyed": lambda research: research.people_surveyed,
                "surveyed_description": lambda research: research.surveyed_description,
                "report_title": lambda research: research.report_title,
                "report_url": lambda research: research.report_url,
                "launch_on": lambda research: research.launch_on,
                "launch_postponed": lambda research: research.launch_postponed,
                "postponed_until": lambda research: research.postponed_until,
                "postponement_reason": lambda research: research.postponement_reason,
            },
        ),
        export_table(
            name="ask-sources",
            title="Sources behind the facts of the alliance's asks",
            row="One source (a link, a document or a short quotation with the text it comes from) of one fact of an "
            "ask of a live campaign, the day it was checked and the role that recorded it.",
            items=lambda: AskSource.objects.live().select_related("ask", "ask__campaign").order_by("ask_id", "pk"),
            columns={
                "ask": lambda source: source.ask.topic,
                "ask_url": lambda source: source.ask.get_absolute_url(),
                "campaign": lambda source: source.ask.campaign.title,
                "fact": lambda source: source.get_fact_display(),
                "link": lambda source: source.url,
                "document": lambda source: source.document.url if source.document else "",
                "quotation": lambda source: source.quotation,
                "quoted_from": lambda source: source.quoted_from,
                "checked_on": lambda source: source.checked_on,
                "recorded_by": lambda source: source.get_recorded_by_display(),
            },
        ),
    ]
