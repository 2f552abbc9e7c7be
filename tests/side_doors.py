"""The data and the readers behind tests/test_side_doors.py: one live item of every kind, and beside it every
kind of thing a resident must never see, each carrying a marker that is found wherever it leaks.

Markers: a live item's title (and slug) carries `LIVEMARK-<kind>`; everything a resident must not see carries
`SECRET-<state>-<kind>-7f3a` in its title, summary and slug. Follower addresses and officers' notes carry
`7f3a` too. Bodies are searched in lower case, so a leaked slug (a filter's option value, a link) is found as
surely as a leaked title.
"""

import dataclasses
import datetime
import html
import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from campaigns.models import AskFact, AskSource, RecorderRole
from civicportal.core.models import StateAction, StateChange
from civicportal.core.publishing import Status
from tests.campaigns.factories import (
    AchievementFactory,
    ActionFactory,
    AskFactory,
    CampaignFactory,
    ChapterFactory,
    MembershipFactory,
    NewsPostFactory,
    OrganiserFactory,
    ResearchFactory,
    TrainingCourseFactory,
)
from tests.core.factories import OrganisationFactory, PageFactory, SubscriptionFactory, UserFactory
from tests.initiatives.factories import (
    CaseStudyFactory,
    EvaluationFactory,
    IndicatorFactory,
    InitiativeFactory,
    KeyAreaFactory,
    NextStepReviewFactory,
    ProgrammeFactory,
    ProgressReportFactory,
    ProjectFactory,
    ProjectMoveFactory,
    ReportItemFactory,
    WorkingGroupFactory,
    WorkStrandFactory,
    add_series,
)
from tests.neighbourhoods.factories import (
    AllocationFactory,
    AreaCommitteeFactory,
    EventFactory,
    LocalCampaignFactory,
    SurveyResultFactory,
    TeamPositionFactory,
    WardBudgetFactory,
    WardFactory,
    WardNewsFactory,
    officer_of,
)

TAG = "7f3a"
FOLLOWER_CONFIRMED = f"follower-confirmed-{TAG}@example.org"
FOLLOWER_PENDING = f"follower-pending-{TAG}@example.org"
REVIEW_COMMENT = f"NOTE-editors-review-comment-{TAG}"
SEND_BACK_REASON = f"NOTE-send-back-reason-{TAG}"


def live_marker(kind: str) -> str:
    return f"LIVEMARK-{kind}"


def secret_marker(state: str, kind: str) -> str:
    return f"SECRET-{state}-{kind}-{TAG}"


def _states() -> dict[str, dict]:
    """Return the four ways content is not live, as the fields that make each."""
    return {
        "draft": {"status": Status.DRAFT},
        "in-review": {"status": Status.IN_REVIEW},
        "scheduled": {"status": Status.PUBLISHED, "publish_at": timezone.now() + datetime.timedelta(days=1)},
        "archived": {"status": Status.ARCHIVED, "publish_at": timezone.now() - datetime.timedelta(days=1)},
    }


@dataclasses.dataclass
class World:
    """What the enumerator looks for: the live items by kind, the hidden ones by kind, and the strings to hunt."""

    live: dict[str, models.Model] = dataclasses.field(default_factory=dict)
    hidden: dict[str, list[models.Model]] = dataclasses.field(default_factory=dict)
    # marker (lower case) -> the row that carries it, for the roles that may or may not see it in the admin
    secrets: dict[str, models.Model] = dataclasses.field(default_factory=dict)
    notes: list[str] = dataclasses.field(default_factory=list)
    followers: list = dataclasses.field(default_factory=list)
    roles: dict[str, object] = dataclasses.field(default_factory=dict)

    def hide(self, kind: str, marker: str, obj: models.Model) -> models.Model:
        self.hidden.setdefault(kind, []).append(obj)
        self.secrets[marker.lower()] = obj
        return obj

    def forbidden_for_residents(self, viewer=None) -> set[str]:
        """Return every string no resident may see: hidden markers, follower addresses, notes, users' addresses."""
        emails = set(get_user_model().objects.exclude(email="").values_list("email", flat=True))
        if viewer is not None:
            emails.discard(viewer.email)
        return {*self.secrets, *(s.email for s in self.followers), *self.notes, *emails}


def _slug(marker: str) -> str:
    return marker.lower()


def build_world() -> World:
    """Make the live items, the hidden ones beside and beneath them, followers, notes and a user of each role."""
    world = World()
    _core(world)
    _campaigns(world)
    _neighbourhoods(world)
    _initiatives(world)
    _followers_and_notes(world)
    return world


def _core(world: World) -> None:
    mark = live_marker("page")
    world.live["page"] = PageFactory(published=True, title=mark, slug=_slug(mark), summary=mark)
    for state, fields in _states().items():
        mark = secret_marker(state, "page")
        world.hide("page", mark, PageFactory(title=mark, slug=_slug(mark), summary=mark, body=mark, **fields))


def _campaign_children(world: World, campaign, chapter, prefix: str, *, hidden: bool) -> None:
    """Give a campaign an action, an ask, an achievement, research and a published post, marked `prefix-...`."""

    def mark(kind):
        return f"{prefix}-{kind}-{TAG}" if hidden else live_marker(kind)

    def keep(kind, obj):
        if hidden:
            world.hide(kind, mark(kind), obj)
        else:
            world.live[kind] = obj
        return obj

    action = keep(
        "action",
        ActionFactory(
            campaign=campaign, chapter=chapter, upcoming=True, title=mark("action"), slug=_slug(mark("action"))
        ),
    )
    action.summary = mark("action")
    action.save()
    ask = keep("ask", AskFactory(campaign=campaign, action=action, topic=mark("ask"), wording=mark("ask")))
    AskSource.objects.create(
        ask=ask, fact=AskFact.WORDING, quotation=mark("ask"), quoted_from=mark("ask"),
        checked_on=datetime.date(2026, 1, 1), recorded_by=RecorderRole.EDITOR,
    )  # fmt: skip
    keep(
        "achievement",
        AchievementFactory(campaign=campaign, headline=mark("achievement"), slug=_slug(mark("achievement"))),
    )
    keep(
        "research",
        ResearchFactory(
            chapter=chapter,
            campaign=campaign,
            title=mark("research"),
            slug=_slug(mark("research")),
            summary=mark("research"),
        ),
    )
    keep(
        "news",
        NewsPostFactory(
            campaign=campaign,
            chapter=chapter,
            published=True,
            title=mark("news"),
            slug=_slug(mark("news")),
            summary=mark("news"),
        ),
    )


def _campaigns(world: World) -> None:
    chapter = ChapterFactory(name=live_marker("chapter"), slug=_slug(live_marker("chapter")))
    world.live["chapter"] = chapter
    member = OrganisationFactory(name=live_marker("member"), slug=_slug(live_marker("member")))
    MembershipFactory(chapter=chapter, organisation=member)
    world.live["member"] = member
    world.live["course"] = TrainingCourseFactory(
        chapter=chapter, title=live_marker("course"), slug=_slug(live_marker("course"))
    )
    mark = live_marker("campaign")
    campaign = CampaignFactory(
        chapter=chapter, published=True, title=mark, slug=_slug(mark), summary=mark, leads=[member]
    )
    world.live["campaign"] = campaign
    _campaign_children(world, campaign, chapter, "", hidden=False)
    # More live posts than a page holds (the tests make a page two long), so the pagination is walked.
    for n in (2, 3):
        NewsPostFactory(
            campaign=None, chapter=chapter, published=True, title=live_marker(f"news-{n}"), slug=f"livemark-news-{n}"
        )
    for state, fields in _states().items():
        mark = secret_marker(state, "campaign")
        hidden = CampaignFactory(
            chapter=chapter, title=mark, slug=_slug(mark), summary=mark, body=mark, leads=[member], **fields
        )
        world.hide("campaign", mark, hidden)
        _campaign_children(world, hidden, chapter, f"SECRET-{state}-campaign", hidden=True)
        mark = secret_marker(state, "news")
        world.hide(
            "news",
            mark,
            NewsPostFactory(
                campaign=campaign, chapter=chapter, title=mark, slug=_slug(mark), summary=mark, body=mark, **fields
            ),
        )
    # An organiser of another chapter, with a draft of their own they may see in the admin.
    other = ChapterFactory(name=live_marker("other-chapter"), slug="livemark-other-chapter")
    organiser = OrganiserFactory(chapter=other, staff=True).user
    own = secret_marker("draft", "organisers-own-campaign")
    world.hide("campaign", own, CampaignFactory(chapter=other, title=own, slug=_slug(own), summary=own))
    world.roles["organiser"] = organiser


def _neighbourhoods(world: World) -> None:
    committee = AreaCommitteeFactory(name=live_marker("committee"), slug=_slug(live_marker("committee")))
    ward = WardFactory(name=live_marker("ward"), slug=_slug(live_marker("ward")), area_committee=committee)
    other_ward = WardFactory(name=live_marker("other-ward"), slug="livemark-other-ward", area_committee=committee)
    world.live |= {"committee": committee, "ward": ward}
    TeamPositionFactory(ward=ward)
    budget = WardBudgetFactory(ward=ward)
    AllocationFactory(budget=budget, recipient_name=live_marker("allocation"))
    SurveyResultFactory()
    SurveyResultFactory(ward=ward)
    for kind, factory, extra in (
        ("event", EventFactory, {}),
        ("local-campaign", LocalCampaignFactory, {}),
        ("ward-news", WardNewsFactory, {}),
    ):
        mark = live_marker(kind)
        world.live[kind] = factory(ward=ward, published=True, title=mark, slug=_slug(mark), summary=mark, **extra)
        for state, fields in _states().items():
            mark = secret_marker(state, kind)
            world.hide(kind, mark, factory(ward=ward, title=mark, slug=_slug(mark), summary=mark, **fields))
    for n in (2, 3):
        EventFactory(ward=ward, published=True, title=live_marker(f"event-{n}"), slug=f"livemark-event-{n}")
    mark = secret_marker("draft", "city-wide-local-campaign")
    world.hide("local-campaign", mark, LocalCampaignFactory(city_wide=True, title=mark, slug=_slug(mark)))
    # Another ward's officer: this ward's drafts are not theirs to see.
    world.roles["officer"] = officer_of(other_ward)
    world.roles["officer-of-this-ward"] = officer_of(ward)


def _initiatives(world: World) -> None:
    mark = live_marker("programme")
    programme = ProgrammeFactory(published=True, title=mark, slug=_slug(mark), summary=mark)
    strand = WorkStrandFactory(programme=programme, title=live_marker("strand"))
    project = ProjectFactory(strand=strand, title=live_marker("project"), slug=_slug(live_marker("project")))
    ProjectMoveFactory(project=project)
    EvaluationFactory(project=project)
    world.live |= {"programme": programme, "project": project}
    mark = live_marker("initiative")
    initiative = InitiativeFactory(published=True, title=mark, slug=_slug(mark), summary=mark)
    key_area = KeyAreaFactory(initiative=initiative, title=live_marker("key-area"))
    WorkingGroupFactory(initiative=initiative, name=live_marker("working-group"))
    mark = live_marker("report")
    report = ProgressReportFactory(
        initiative=initiative, published=True, title=mark, period_label=mark, slug=_slug(mark)
    )
    ReportItemFactory(report=report, text=live_marker("report-item"))
    world.live |= {"initiative": initiative, "report": report}
    hidden_programmes, hidden_key_areas = [], []
    for state, fields in _states().items():
        mark = secret_marker(state, "programme")
        hidden = world.hide(
            "programme", mark, ProgrammeFactory(title=mark, slug=_slug(mark), summary=mark, about=mark, **fields)
        )
        hidden_programmes.append(hidden)
        hidden_strand = WorkStrandFactory(programme=hidden, title=secret_marker(state, "programme-strand"))
        world.secrets[secret_marker(state, "programme-strand").lower()] = hidden_strand
        mark = secret_marker(state, "programme-project")
        hidden_project = world.hide(
            "project", mark, ProjectFactory(strand=hidden_strand, title=mark, slug=_slug(mark), summary=mark)
        )
        EvaluationFactory(project=hidden_project, title=secret_marker(state, "programme-evaluation"))
        world.secrets[secret_marker(state, "programme-evaluation").lower()] = hidden_project

        mark = secret_marker(state, "initiative")
        hidden = world.hide(
            "initiative", mark, InitiativeFactory(title=mark, slug=_slug(mark), summary=mark, goal=mark, **fields)
        )
        area = KeyAreaFactory(initiative=hidden, title=secret_marker(state, "initiative-key-area"))
        world.secrets[secret_marker(state, "initiative-key-area").lower()] = area
        hidden_key_areas.append(area)
        group = WorkingGroupFactory(initiative=hidden, name=secret_marker(state, "initiative-working-group"))
        world.secrets[secret_marker(state, "initiative-working-group").lower()] = group
        mark = secret_marker(state, "initiative-report")
        under = world.hide(
            "report",
            mark,
            ProgressReportFactory(initiative=hidden, published=True, title=mark, period_label=mark, slug=_slug(mark)),
        )
        ReportItemFactory(report=under, text=f"{mark}-item")

        mark = secret_marker(state, "report")
        own = world.hide(
            "report",
            mark,
            ProgressReportFactory(
                initiative=initiative, title=mark, period_label=mark, slug=_slug(mark), summary=mark, **fields
            ),
        )
        ReportItemFactory(report=own, text=f"{mark}-item")
        # The live report says what became of the hidden one's next steps: it must not quote them.
        step = ReportItemFactory(report=own, next_step=True, text=f"{mark}-next-step")
        NextStepReviewFactory(report=report, next_step=step, outcome="done")
    # An indicator is public figures: it is listed, but names only live programmes and initiatives.
    indicator = IndicatorFactory(
        title=live_marker("indicator"),
        slug=_slug(live_marker("indicator")),
        programmes=[programme, *hidden_programmes],
        key_areas=[key_area, *hidden_key_areas],
    )
    add_series(indicator, [10, 12, 14, 16])
    world.live["indicator"] = indicator

    partner = OrganisationFactory(name=live_marker("partner"), slug="livemark-partner")
    mark = live_marker("case-study")
    case_study = CaseStudyFactory(
        published=True, title=mark, slug=_slug(mark), summary=mark, partners=[partner], review_comment=REVIEW_COMMENT
    )
    # A live case study linked to every hidden programme, initiative and campaign: it must name none of them.
    case_study.programmes.set([programme, *hidden_programmes])
    case_study.initiatives.set([initiative, *world.hidden["initiative"]])
    case_study.campaigns.set([world.live["campaign"], *world.hidden["campaign"]])
    world.live["case-study"] = case_study
    world.notes.append(REVIEW_COMMENT)
    for n in (2, 3):
        CaseStudyFactory(published=True, title=live_marker(f"case-study-{n}"), slug=f"livemark-case-study-{n}")
    for state, fields in _states().items():
        mark = secret_marker(state, "case-study")
        hidden = world.hide("case-study", mark, CaseStudyFactory(title=mark, slug=_slug(mark), summary=mark, **fields))
        # About the live programme and initiative, whose pages list only live case studies.
        hidden.programmes.set([programme])
        hidden.initiatives.set([initiative])
    staff = UserFactory(university_staff=True, is_staff=True)
    own = secret_marker("draft", "staff-own-case-study")
    world.hide("case-study", own, CaseStudyFactory(owner=staff, title=own, slug=_slug(own), summary=own))
    world.roles["university staff"] = staff


def _followers_and_notes(world: World) -> None:
    for target in (world.live["campaign"], world.live["ward"], world.live["programme"], world.live["chapter"]):
        world.followers.append(
            SubscriptionFactory(target=target, email=f"{target._meta.model_name}-{FOLLOWER_CONFIRMED}", confirmed=True)
        )
        world.followers.append(
            SubscriptionFactory(target=target, email=f"{target._meta.model_name}-{FOLLOWER_PENDING}")
        )
    # The reason an editor gave when sending the live case study back, before it was published.
    case_study = world.live["case-study"]
    StateChange.objects.create(
        content_type=ContentType.objects.get_for_model(case_study),
        object_id=case_study.pk,
        action=StateAction.SEND_BACK,
        note=SEND_BACK_REASON,
    )
    world.notes.append(SEND_BACK_REASON)
    world.roles["editor"] = UserFactory(editor=True)


def leaks(text: str, forbidden: set[str]) -> list[str]:
    """Return the forbidden strings found in the text, in any case."""
    lowered = text.lower()
    return sorted(item for item in forbidden if item.lower() in lowered)


# Reading what a page offers: its pagination links and its filters' choices.


class _Offers(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.choices: list[tuple[str, str]] = []
        self._select: str | None = None
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and (attrs.get("href") or "").startswith("?"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag == "select" and self._in_get_form and attrs.get("name"):
            self._select = attrs["name"]
        elif tag == "option" and self._select and attrs.get("value"):
            self.choices.append((self._select, attrs["value"]))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._in_get_form = False


def page_offers(text: str) -> tuple[list[dict], list[dict]]:
    """Return the query strings of a page's pagination links and of each of its GET filters' choices."""
    parser = _Offers()
    parser.feed(text)
    pages = [dict(parse_qsl(urlsplit(html.unescape(link)).query)) for link in parser.links]
    pages = [query for query in pages if "page" in query]
    return pages, [{name: value} for name, value in parser.choices]


def select_options(text: str) -> str:
    """Return the text and values of every option a page's selects offer, for the admin's choices."""
    return " ".join(re.findall(r"<option[^>]*>[^<]*</option>", text))
