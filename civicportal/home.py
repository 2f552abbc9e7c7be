"""What the home page shows, composed from the apps' selectors: the news of the alliance and the wards as one
stream, what the campaigns won, the next events, the latest progress report and the indicators' directions.

Each block reads a fixed number of rows, so the page's queries do not grow with the content.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from campaigns import selectors as campaigns
from campaigns.models import NewsKind, NewsPost
from campaigns.partial_dates import DatePrecision, format_dated
from initiatives import selectors as initiatives
from neighbourhoods import selectors as neighbourhoods
from neighbourhoods.models import WardNews

NEWS_COUNT = 5
ACHIEVEMENT_COUNT = 3
EVENT_COUNT = 4


@dataclass(frozen=True)
class NewsItem:
    """A post from the alliance or from a ward, as the home page's news stream shows it."""

    title: str
    summary: str
    url: str
    kind_label: str
    source: str
    source_url: str
    day: datetime.date
    precision: str
    published_at: datetime.datetime | None

    @property
    def when(self) -> str:
        """Return the date written as exactly as it is known."""
        return format_dated(self.day, self.precision)

    @property
    def machine_date(self) -> str:
        """Return the date for a <time datetime>: the day when it is known, else only the month."""
        return self.day.isoformat() if self.precision == DatePrecision.DAY else self.day.strftime("%Y-%m")


def _alliance_item(post: NewsPost) -> NewsItem:
    by = post.campaign or post.chapter
    return NewsItem(
        title=post.title,
        summary=post.summary,
        url=post.get_absolute_url(),
        kind_label=post.get_kind_display() if post.kind == NewsKind.UPDATE else "Alliance news",
        source=by.title if post.campaign else by.name,
        source_url=by.get_absolute_url(),
        day=post.dated_on,
        precision=post.date_precision,
        published_at=post.publish_at,
    )


def _ward_item(post: WardNews) -> NewsItem:
    return NewsItem(
        title=post.title,
        summary=post.summary,
        url=post.get_absolute_url(),
        kind_label="Ward news",
        source=f"{post.ward.name} ward",
        source_url=post.ward.get_absolute_url(),
        day=timezone.localdate(post.publish_at),
        precision=DatePrecision.DAY,
        published_at=post.publish_at,
    )


def latest_news(*, limit: int = NEWS_COUNT) -> list[NewsItem]:
    """Return the newest live posts of the alliance and of the wards as one list, newest first, in two queries."""
    items = [_alliance_item(post) for post in campaigns.latest_news(limit=limit)]
    items += [_ward_item(post) for post in neighbourhoods.latest_ward_news(limit=limit)]
    oldest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    items.sort(key=lambda item: (item.day, item.published_at or oldest), reverse=True)
    return items[:limit]


def home_page() -> dict:
    """Return everything the home page shows, each block already read."""
    return {
        "news": latest_news(),
        "achievements": campaigns.latest_achievements(limit=ACHIEVEMENT_COUNT),
        "totals": campaigns.achievement_totals(),
        "events": neighbourhoods.next_events(limit=EVENT_COUNT),
        "report": initiatives.latest_progress_report(),
        "directions": initiatives.indicator_direction_counts(),
    }
