"""Fill a PostgreSQL database with a large city: the Nottingham content, and enough beside it to load every list.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/civicportal_bench .venv/bin/python bench/large_city.py

It migrates the database, loads the Nottingham fixtures, then adds rows until the city has 2,000 member
organisations, 200 campaigns, 20,000 news posts, 10 years of budgets for each of the 20 wards with 300
allocations a year each, 5,000 events, 50 indicators with 20 values each, 100 case studies and 100 progress
reports. Everything added is live (published an hour before the run) unless said otherwise, one row in
twenty of each publishable kind is a draft, so that the pages' filters are exercised, and every figure is
marked as a demonstration value where its model can say so. The text is drawn from the words of the
fixtures, so that a search has real words to find. The same seed gives the same city; it refuses a database
that already holds a large city.

Rows go in with bulk_create, so no history is written for them: the benchmark reads public pages, which do
not read history.
"""

import datetime
import json
import os
import random
import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civicportal.settings.dev")

import django

django.setup()

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from campaigns.models import Campaign, CampaignStage, Chapter, IssueArea, Membership, NewsPost
from civicportal.core.models import Organisation, Sector
from civicportal.core.publishing import Status
from civicportal.demo import load_demo_content
from initiatives.models import (
    CaseStudy,
    Indicator,
    IndicatorValue,
    Initiative,
    ProgressReport,
    Theme,
    Unit,
)
from initiatives.trends import Better, Frequency
from neighbourhoods.models import Allocation, AllocationCategory, Event, RecipientKind, Ward, WardBudget

SIZES = {
    "organisations": 2_000,
    "campaigns": 200,
    "news": 20_000,
    "budget_years": 10,
    "allocations_per_year": 300,
    "events": 5_000,
    "indicators": 50,
    "values_per_indicator": 20,
    "case_studies": 100,
    "progress_reports": 100,
}
PREFIX = "bench"
BATCH = 2_000


def vocabulary() -> list[str]:
    """Return the words of the Nottingham fixtures' text, so that generated text reads like the portal's."""
    words: list[str] = []
    for path in sorted((ROOT / "fixtures").glob("*.json")):
        for row in json.loads(path.read_text()):
            for value in row["fields"].values():
                if isinstance(value, str) and " " in value:
                    words.extend(re.findall(r"[A-Za-z][a-z’']+", value))
    return words


class Writer:
    """Deterministic text and dates from one seed."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.words = vocabulary()

    def sentence(self, n: int) -> str:
        text = " ".join(self.random.choice(self.words) for _ in range(n))
        return text[:1].upper() + text[1:] + "."

    def paragraphs(self, count: int) -> str:
        return "\n\n".join(" ".join(self.sentence(self.random.randint(8, 18)) for _ in range(4)) for _ in range(count))

    def date(self, start: datetime.date, days: int) -> datetime.date:
        return start + datetime.timedelta(days=self.random.randrange(days))

    def status(self, n: int) -> str:
        return Status.DRAFT if n % 20 == 19 else Status.PUBLISHED


def bulk(model, rows) -> list:
    """Insert the rows in batches and return them."""
    return model.objects.bulk_create(rows, batch_size=BATCH)


def top_up(model, count_now: int, target: int) -> range:
    """Return the numbers of the rows to add so that `model` holds `target` rows."""
    return range(count_now, max(count_now, target))


def build(write: Writer) -> dict[str, int]:
    now = timezone.now()
    published_at = now - datetime.timedelta(hours=1)
    owner = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.create_user(
        f"{PREFIX}-owner", email="bench-owner@civicportal.example"
    )
    chapter = Chapter.objects.order_by("pk").first()

    organisations = bulk(
        Organisation,
        [
            Organisation(
                name=f"{write.sentence(3)[:-1]} {n}",
                slug=f"{PREFIX}-organisation-{n}",
                sector=write.random.choice(Sector.values),
                description=write.sentence(14),
            )
            for n in top_up(Organisation, Organisation.objects.count(), SIZES["organisations"])
        ],
    )
    bulk(
        Membership,
        [Membership(chapter=chapter, organisation=organisation, joined_on=None) for organisation in organisations],
    )

    campaigns = bulk(
        Campaign,
        [
            Campaign(
                title=f"{write.sentence(4)[:-1]} ({n})",
                slug=f"{PREFIX}-campaign-{n}",
                chapter=chapter,
                summary=write.sentence(16),
                body=write.paragraphs(3),
                issue_area=write.random.choice(IssueArea.values),
                stage=write.random.choice(CampaignStage.values),
                started_on=write.date(datetime.date(2013, 1, 1), 4000),
                status=write.status(n),
                publish_at=published_at,
            )
            for n in top_up(Campaign, Campaign.objects.count(), SIZES["campaigns"])
        ],
    )
    live_campaigns = list(Campaign.objects.filter(status=Status.PUBLISHED)) or campaigns
    bulk(
        NewsPost,
        [
            NewsPost(
                title=write.sentence(7)[:-1],
                slug=f"{PREFIX}-news-{n}",
                campaign=(campaign := write.random.choice(live_campaigns)),
                chapter_id=campaign.chapter_id,
                summary=write.sentence(20),
                body=write.paragraphs(4),
                dated_on=write.date(datetime.date(2013, 1, 1), 5000),
                owner=owner,
                status=write.status(n),
                publish_at=published_at,
            )
            for n in top_up(NewsPost, NewsPost.objects.count(), SIZES["news"])
        ],
    )

    wards = list(Ward.objects.order_by("name"))
    this_year = timezone.localdate().year
    budgets = []
    for ward in wards:
        have = set(WardBudget.objects.filter(ward=ward).values_list("year", flat=True))
        budgets += [
            WardBudget(ward=ward, year=year, amount_pence=30_000_00, is_demonstration=True)
            for year in range(this_year - SIZES["budget_years"] + 1, this_year + 1)
            if year not in have
        ]
    bulk(WardBudget, budgets)
    allocations = []
    for budget in WardBudget.objects.select_related("ward").filter(year__gt=this_year - SIZES["budget_years"]):
        for n in top_up(Allocation, budget.allocations.count(), SIZES["allocations_per_year"]):
            allocations.append(
                Allocation(
                    reference=f"{PREFIX}-{budget.ward.slug}-{budget.year}-{n}",
                    budget=budget,
                    recipient_kind=write.random.choice(RecipientKind.values),
                    recipient_name=write.sentence(3)[:-1],
                    category=write.random.choice(AllocationCategory.values),
                    amount_pence=write.random.randint(1, 50) * 1_000,
                    decided_on=write.date(datetime.date(budget.year, 4, 1), 360),
                    purpose=write.sentence(12),
                    is_demonstration=True,
                )
            )
    bulk(Allocation, allocations)

    events = []
    for n in top_up(Event, Event.objects.count(), SIZES["events"]):
        # Half the events are to come, within a year; half are over, within four years.
        starts = now + datetime.timedelta(hours=write.random.randrange(-4 * 365 * 24, 365 * 24))
        starts = starts.replace(minute=0, second=0, microsecond=0)
        events.append(
            Event(
                ward=write.random.choice(wards),
                title=write.sentence(5)[:-1],
                slug=f"{PREFIX}-event-{n}",
                summary=write.sentence(14),
                description=write.paragraphs(2),
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                # Event.save() works this out; bulk_create does not call it. None repeats, so it is the end.
                series_ends_at=starts + datetime.timedelta(hours=2),
                venue=write.sentence(3)[:-1],
                organiser="The Neighbourhood Action Team",
                is_demonstration=True,
                status=write.status(n),
                publish_at=published_at,
            )
        )
    bulk(Event, events)

    indicators = bulk(
        Indicator,
        [
            Indicator(
                title=write.sentence(6)[:-1],
                slug=f"{PREFIX}-indicator-{n}",
                area="Nottingham",
                source="Bench",
                # bulk_create skips validation: every choice the model requires is given here.
                unit=Unit.NUMBER,
                better=write.random.choice(Better.values),
                frequency=Frequency.ANNUAL,
            )
            for n in top_up(Indicator, Indicator.objects.count(), SIZES["indicators"])
        ],
    )
    bulk(
        IndicatorValue,
        [
            IndicatorValue(
                indicator=indicator,
                date=datetime.date(2000 + year, 7, 31),
                value=Decimal(write.random.randint(10, 90)),
                is_demonstration=True,
            )
            for indicator in indicators
            for year in range(SIZES["values_per_indicator"])
        ],
    )

    staff = get_user_model().objects.filter(username="staff").first() or owner
    bulk(
        CaseStudy,
        [
            CaseStudy(
                title=write.sentence(6)[:-1],
                slug=f"{PREFIX}-case-study-{n}",
                summary=write.sentence(18),
                theme=write.random.choice(Theme.values),
                body=write.paragraphs(5),
                work_includes="- placements\n- research",
                owner=staff,
                status=write.status(n),
                publish_at=published_at,
            )
            for n in top_up(CaseStudy, CaseStudy.objects.count(), SIZES["case_studies"])
        ],
    )
    initiative = Initiative.objects.order_by("pk").first()
    bulk(
        ProgressReport,
        [
            ProgressReport(
                initiative=initiative,
                title=f"Progress report {n}",
                slug=f"{PREFIX}-report-{n}",
                period_label=f"Period {n}",
                period_start=datetime.date(1990 + n // 4, 1 + 3 * (n % 4), 1),
                period_end=datetime.date(1990 + n // 4, 3 + 3 * (n % 4), 28),
                status=write.status(n),
                publish_at=published_at,
            )
            for n in top_up(ProgressReport, ProgressReport.objects.count(), SIZES["progress_reports"])
        ],
    )
    return {model.__name__: model.objects.count() for model in BUILT}


BUILT = [Organisation, Campaign, NewsPost, WardBudget, Allocation, Event, Indicator, IndicatorValue]
BUILT += [CaseStudy, ProgressReport]


def main() -> int:
    if connection.vendor != "postgresql":
        print("The large city is built on PostgreSQL: set DATABASE_URL to a PostgreSQL database.", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0, interactive=False)
    if NewsPost.objects.filter(slug__startswith=f"{PREFIX}-").exists():
        print("This database already holds a large city; drop it or name another in DATABASE_URL.", file=sys.stderr)
        return 2
    load_demo_content(verbosity=0)
    with transaction.atomic():
        counts = build(Writer(seed=2026))
    for name, count in counts.items():
        print(f"{name:>16} {count:>8,}")
    # bulk_create skips the signals that keep search's index: it is built once, for everything.
    call_command("rebuild_search_index", verbosity=1)
    with connection.cursor() as cursor:
        # VACUUM as well, so that counts can be read from indexes alone (bulk inserts leave pages unmarked).
        cursor.execute("VACUUM ANALYZE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
