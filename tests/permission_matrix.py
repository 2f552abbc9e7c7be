"""What the permission matrix (tests/test_permission_matrix.py) is built from: every URL pattern of the site,
one world of objects in two wards, two chapters and two authors' hands, a user for every role, a browser's
reading of a page's form, and a record of every row the database wrote.
"""

import dataclasses
import io
from collections.abc import Iterator
from html.parser import HTMLParser

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult
from PIL import Image

from civicportal.core import feedback, pipeline
from civicportal.core.models import EmailStatus, OutgoingEmail, StateChange
from civicportal.core.publishing import Status
from initiatives import services as initiative_services
from tests.campaigns import factories as campaigns
from tests.core import factories as core
from tests.initiatives import factories as initiatives
from tests.neighbourhoods import factories as neighbourhoods

ROLES = (
    "anonymous",
    "resident",
    "officer_here",
    "officer_there",
    "staff_owner",
    "staff_other",
    "organiser_here",
    "organiser_there",
    "editor",
    "admin",
)


@dataclasses.dataclass(frozen=True)
class Pattern:
    """One URL pattern: its name with namespaces (`campaigns:news_edit`), or its route when it has no name."""

    key: str
    route: str


def url_patterns() -> Iterator[Pattern]:
    """Yield every URL pattern the site answers, following each include (the admin's too)."""

    def walk(resolver, prefix: str, namespace: str):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                yield Pattern(key=f"{namespace}{entry.name}" if entry.name else route, route=route)

    yield from walk(get_resolver(), "", "")


class _PostForms(HTMLParser):
    """Collects the fields of every form on a page that posts, as a browser would submit them untouched."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[dict, dict[str, list[str]]]] = []
        self._fields: dict[str, list[str]] | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._fields = {}
            self.forms.append((attrs, self._fields))
            return
        if self._fields is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file", "image", "reset"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._fields.setdefault(name, []).append(
                attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")
            )
        elif tag == "select" and name:
            self._select = name
            self._fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._fields[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea and self._fields is not None:
            self._fields[self._textarea] = ["".join(self._text).lstrip("\n")]
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def form_values(html: str, path: str) -> dict[str, list[str]]:
    """Return what submitting the page's own form (the post form whose action is the page itself) would send."""
    parser = _PostForms()
    parser.feed(html)
    for attrs, fields in parser.forms:
        if attrs.get("action", "") in ("", path, "."):
            return {name: values for name, values in fields.items() if name != "csrfmiddlewaretoken"}
    raise AssertionError(f"{path} shows no form that posts to itself")


def png(name: str = "picture.png") -> SimpleUploadedFile:
    """Return a small real PNG image, as a browser would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#00535f").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


_WRITES = """
    SELECT c.relname,
        pg_stat_get_xact_tuples_inserted(c.oid) + pg_stat_get_xact_tuples_updated(c.oid)
        + pg_stat_get_xact_tuples_deleted(c.oid)
    FROM pg_class c
    WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND c.relname <> 'django_session'
"""


def rows_written() -> dict[str, int]:
    """Return, per table, how many rows this transaction has inserted, updated or deleted so far.

    PostgreSQL counts every write of the transaction, savepoints rolled back included, so a count that does not
    move while a request runs proves the request wrote nothing anywhere (sessions aside: signing in writes one).
    """
    with connection.cursor() as cursor:
        cursor.execute(_WRITES)
        return {table: count for table, count in cursor.fetchall() if count}


def tables_written(before: dict[str, int], after: dict[str, int]) -> list[str]:
    """Return the tables written between two readings of `rows_written`."""
    return sorted(table for table, count in after.items() if count != before.get(table, 0))


class Writes:
    """Reads the transaction's write counts once per request rather than twice: each reading is the start of the
    next. PostgreSQL's counts only grow, so anything written between two requests would be laid at the second
    one's door (a stricter check, never a weaker one)."""

    def __init__(self):
        self.last = rows_written()

    def since_last(self) -> list[str]:
        """Return the tables written since the previous call."""
        now = rows_written()
        written, self.last = tables_written(self.last, now), now
        return written


class World:
    """Everything the matrix tries its doors on, built once: each object belongs to "here" (ward A, chapter A,
    the owning member of staff), so that the officer, organiser and member of staff "there" own none of it.
    """

    def __init__(self):
        now = timezone.now().replace(microsecond=0)
        self.ward = neighbourhoods.WardFactory(name="Ward here", slug="ward-here")
        self.ward_there = neighbourhoods.WardFactory(name="Ward there", slug="ward-there")
        self.chapter = campaigns.ChapterFactory(name="Chapter here", slug="chapter-here")
        self.chapter_there = campaigns.ChapterFactory(name="Chapter there", slug="chapter-there")

        staff_owner = core.UserFactory(username="staff-owner", university_staff=True, is_staff=True)
        self.users = {
            "anonymous": None,
            "resident": core.UserFactory(username="resident"),
            "officer_here": neighbourhoods.officer_of(self.ward),
            "officer_there": neighbourhoods.officer_of(self.ward_there),
            "staff_owner": staff_owner,
            "staff_other": core.UserFactory(username="staff-other", university_staff=True, is_staff=True),
            "organiser_here": campaigns.OrganiserFactory(chapter=self.chapter, staff=True).user,
            "organiser_there": campaigns.OrganiserFactory(chapter=self.chapter_there, staff=True).user,
            "editor": core.UserFactory(username="editor", editor=True),
            "admin": core.UserFactory(username="admin", superuser=True),
        }
        # The author of the world's content: nobody the matrix signs in as.
        self.author = core.UserFactory(username="author")
        self.group = Group.objects.get(name="Editor")

        # Shared
        self.organisation = core.OrganisationFactory(name="Organisation here", slug="organisation-here")
        self.organisation_there = core.OrganisationFactory(name="Organisation there", slug="organisation-there")
        # A page in review, sent there through the pipeline, which records the step.
        self.page = pipeline.submit(item=core.PageFactory(owner=self.author), user=self.users["editor"])
        self.state_change = StateChange.objects.for_item(self.page).get()
        self.subscription = core.SubscriptionFactory(confirmed=True)
        # What the outbox gave up on: no factory makes one, as only the worker does.
        self.email = OutgoingEmail.objects.create(
            to="resident@example.org", subject="An update", body="Something new.", status=EmailStatus.FAILED
        )

        # Neighbourhoods (ward here)
        self.area_committee = self.ward.area_committee
        self.team_position = neighbourhoods.TeamPositionFactory(ward=self.ward)
        self.budget = neighbourhoods.WardBudgetFactory(ward=self.ward)
        self.allocation = neighbourhoods.AllocationFactory(budget=self.budget)
        self.event = neighbourhoods.EventFactory(ward=self.ward, owner=self.author)
        self.event_in_review = neighbourhoods.EventFactory(ward=self.ward, owner=self.author, status=Status.IN_REVIEW)
        self.local_campaign = neighbourhoods.LocalCampaignFactory(ward=self.ward, owner=self.author)
        self.ward_news = neighbourhoods.WardNewsFactory(ward=self.ward, owner=self.author)
        self.survey = neighbourhoods.SurveyResultFactory(ward=self.ward)
        self.assignment = self.ward.officer_assignments.get()

        # The alliance (chapter here)
        self.campaign = campaigns.CampaignFactory(chapter=self.chapter, published=True)
        self.action = campaigns.ActionFactory(campaign=self.campaign)
        self.achievement = campaigns.AchievementFactory(campaign=self.campaign)
        self.ask = campaigns.AskFactory(campaign=self.campaign, action=self.action)
        self.ask_source = campaigns.AskSourceFactory(ask=self.ask)
        self.news = campaigns.NewsPostFactory(campaign=self.campaign, owner=self.author)
        self.reaction = campaigns.ReactionFactory(
            post=campaigns.NewsPostFactory(campaign=self.campaign, published=True)
        )
        delivered = campaigns.AskFactory(campaign=self.campaign, action=self.action, delivered=True)
        self.outcome_question = campaigns.OutcomeQuestionFactory(ask=delivered)
        self.outcome_answer = campaigns.OutcomeAnswerFactory(ask=delivered)
        self.course = campaigns.TrainingCourseFactory(chapter=self.chapter)
        self.research = campaigns.ResearchFactory(chapter=self.chapter)
        self.membership = campaigns.MembershipFactory(chapter=self.chapter, organisation=self.organisation)
        self.decision_maker = campaigns.DecisionMakerFactory()

        # Initiatives
        self.programme = initiatives.ProgrammeFactory(published=True)
        self.strand = initiatives.WorkStrandFactory(programme=self.programme)
        self.project = initiatives.ProjectFactory(strand=self.strand)
        self.project_move = initiatives.ProjectMoveFactory(project=self.project)
        self.indicator = initiatives.IndicatorFactory(programmes=[self.programme])
        self.initiative = initiatives.InitiativeFactory(published=True)
        self.report = initiatives.ProgressReportFactory(initiative=self.initiative)
        self.case_study = initiatives.CaseStudyFactory(owner=staff_owner)
        self.case_study_in_review = initiatives.CaseStudyFactory(owner=staff_owner, in_review=True)
        self.image = initiative_services.case_study_image_add(
            case_study=self.case_study, user=staff_owner, image=png(), alt_text="A photograph of the partners."
        )
        # What django-axes and the task queue record for themselves: no factory makes them.
        seen = {"username": "resident", "ip_address": "192.0.2.1", "user_agent": "Browser", "path_info": "/admin/"}
        self.access_attempt = AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
        self.access_log = AccessLog.objects.create(**seen)
        self.access_failure = AccessFailureLog.objects.create(**seen)
        self.task_result = DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}}, task_path="civicportal.core.outbox.send_email",
            backend_name="default", run_after=now, queue_name="default",
        )  # fmt: skip
        self.page_report = feedback.page_report_create(
            page_path="/", page_title="", what_is_wrong="Wrong.", reply_email="", mailbox="editors@civicportal.example"
        )
        self.totp_device = TOTPDevice.objects.create(user=self.author, name="Phone", confirmed=True)
        self.static_device = StaticDevice.objects.create(user=self.author, name="Recovery codes", confirmed=True)
        self.page_content_type = ContentType.objects.get_for_model(self.page).pk
        self.event_content_type = ContentType.objects.get_for_model(self.event).pk

    def user(self, role: str):
        """Return the user who plays the role (None for anonymous)."""
        return self.users[role]
