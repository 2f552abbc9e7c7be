"""The permission matrix: every writing, editing and admin view of the site, tried by every role on an object
that belongs to someone else, from the URL configuration itself.

The site's URL patterns are walked (the admin's included: each registered model's list, add, change, delete,
history and history revert, and the admin's own views) and each must have a rule in the tables below: PUBLIC
(a resident's page, tried elsewhere), FRONT (a writing view: who may open it, whose post saves, on which
object) or ADMIN_MODELS / ADMIN_SITE. A pattern without a rule fails `test_every_url_pattern_has_a_rule`,
so a new view cannot arrive without saying who may use it.

Each door is then tried by every role: anonymous, a resident with no role, an officer of the object's ward and
one of another ward, the member of staff who owns the case study and one who does not, an organiser of the
object's chapter and one of another chapter, an editor and an administrator. A GET must answer 200 to those
the rule lets in and 403, 404, 405 or a redirect to signing in to the rest, and must write nothing. A POST
sends what a browser would (the form's current values, as the administrator sees them): it must save for
those the rule lets in (a redirect, and rows written: proof that the data would have saved for anyone) and,
for everyone else, be refused with nothing written anywhere in the database (PostgreSQL's count of the
transaction's writes, `pg_stat_xact_user_tables`, per table) and the object's fields and history as they were.

Seen to fail: with `get_ward_for_edit` in `neighbourhoods.views.writing.survey_update` replaced by a plain
`get_object_or_404(Ward, slug=slug)`, `test_front_door[neighbourhoods:survey_update-0]` failed naming six roles
(the resident, the officer of another ward, both members of staff, both organisers: GET answered 200; their
POSTs were still refused, by the service's own check). With `path("write/again/", ...)` added to
campaigns/urls.py and no rule, `test_every_url_pattern_has_a_rule` failed naming `campaigns:manage_again`.
Before `PolicyAdminMixin.history_form_view` refused a revert from those who may only view a row, the revert
doors failed for the officer on their ward's budget and the editor on an officer's assignment (302, rows
written, the object changed) and on a recorded project move.
"""

import copy
import dataclasses
import logging
import shutil
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import reverse

from tests.admin_forms import admin_form_data
from tests.permission_matrix import ROLES, World, Writes, form_values, png, url_patterns
from tests.signin import sign_in

ALL = frozenset(ROLES)
NOBODY = frozenset()
SIGNED_IN = ALL - {"anonymous"}
EDITORS = frozenset({"editor", "admin"})
ADMIN = frozenset({"admin"})
OFFICERS = frozenset({"officer_here", "officer_there"})
ORGANISERS = frozenset({"organiser_here", "organiser_there"})
STAFF = frozenset({"staff_owner", "staff_other"})
STAFFED = SIGNED_IN - {"resident"}  # every role with a way into the admin
WARD = frozenset({"officer_here"}) | EDITORS  # may change what is in ward here
CHAPTER = frozenset({"organiser_here"}) | EDITORS  # may change what is in chapter here
OWNER = frozenset({"staff_owner"}) | EDITORS  # may change the owner's draft case study


# Pages for residents (and pages about one's own account), tried by tests/test_pages.py, the crawl and the
# apps' view tests; named here so that a pattern missing from every table is noticed.
PUBLIC = {
    "home", "login", "logout", "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete",
    # One's own password: it changes nobody else's account.
    "password_change", "password_change_done",
    "core:healthz", "core:follow", "core:follow_sent", "core:follow_confirm", "core:unsubscribe", "core:page",
    "campaigns:index", "campaigns:chapter", "campaigns:members", "campaigns:member", "campaigns:list",
    "campaigns:detail", "campaigns:campaign_feed", "campaigns:actions", "campaigns:calendar", "campaigns:action",
    "campaigns:accountability", "campaigns:status_rule", "campaigns:ask", "campaigns:decision_makers",
    "campaigns:decision_maker", "campaigns:decision_makers_csv", "campaigns:decision_makers_json",
    "campaigns:achievements", "campaigns:achievement", "campaigns:news",
    "campaigns:news_feed", "campaigns:news_detail", "campaigns:react", "campaigns:training", "campaigns:course",
    "campaigns:research", "campaigns:research_detail", "campaigns:ask_outcome", "campaign_story",
    "neighbourhoods:index", "neighbourhoods:wards", "neighbourhoods:find", "neighbourhoods:ward",
    "neighbourhoods:ward_feed", "neighbourhoods:ward_calendar", "neighbourhoods:committee", "neighbourhoods:events",
    "neighbourhoods:past_events", "neighbourhoods:calendar", "neighbourhoods:event", "neighbourhoods:event_calendar",
    "neighbourhoods:budgets", "neighbourhoods:allocations", "neighbourhoods:grants_json", "neighbourhoods:grants_csv",
    "neighbourhoods:campaigns", "neighbourhoods:campaign", "neighbourhoods:satisfaction", "neighbourhoods:news",
    "initiatives:index", "initiatives:programme", "initiatives:programme_feed", "initiatives:projects",
    "initiatives:project", "initiatives:indicators", "initiatives:trend_rule", "initiatives:reporting_status",
    "initiatives:indicator",
    "initiatives:indicator_csv", "initiatives:initiative", "initiatives:reports", "initiatives:initiative_feed",
    "initiatives:report", "initiatives:case_studies", "initiatives:case_study",
    # The admin's own sign-in, its script catalogue, its "view on site" redirect to a public page, its 404 for
    # addresses it does not know, and one's own password.
    "admin:login", "admin:logout", "admin:jsi18n", "admin:view_on_site", "admin/(?P<url>.*)$",
    "admin:password_change", "admin:password_change_done",
    # Search, the open-data catalogue and its downloads, and the page-feedback form: residents' pages.
    "search", "sitemap", "robots_txt", "initiatives:case_studies_feed",
    "open_data", "open_data_package", "open_data_export", "core:feedback", "core:feedback_sent",
    "campaigns:asks_csv", "campaigns:asks_json", "campaigns:achievements_csv", "campaigns:achievements_json",
    "neighbourhoods:budgets_csv", "neighbourhoods:budgets_json", "initiatives:indicator_values_csv",
    "initiatives:indicator_values_json", "initiatives:reports_csv", "initiatives:reports_json",
    # One's own second factor: it changes nobody else's account (tests/core/test_second_factor.py).
    "core:second_factor", "core:second_factor_verify", "core:second_factor_set_up",
    "core:second_factor_recovery_codes", "core:second_factor_turn_off",
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Door:
    """A writing view tried on one object.

    `get`: the roles it answers 200; everyone else is refused. `post`: the roles whose post saves; None when
    the view only reads. `invalid`: roles whose post is answered with the form and an error at a choice they may
    not make (another chapter), with nothing saved. The posted data are `data(world)` when given, else the
    values of the form at `form_of(world)` (this very page by default) as the administrator sees it, with
    `changes` applied (a new title, so that a new row does not clash with the one copied).
    """

    url: Callable[[World], str]
    get: frozenset
    post: frozenset | None = None
    invalid: frozenset = NOBODY
    data: Callable[[World], dict] | None = None
    form_of: Callable[[World], str] | None = None
    changes: dict = dataclasses.field(default_factory=dict)


def _url(name: str, *args: Callable[[World], object]) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[arg(w) for arg in args])


def _ward(w):
    return w.ward.slug


NEW = {"title": "Something new"}

FRONT: dict[str, tuple[Door, ...]] = {
    # Shared: the editors' review queue and the people's own work.
    "core:review_queue": (Door(_url("core:review_queue"), get=EDITORS),),
    "core:review_item": (
        Door(
            lambda w: reverse("core:review_item", args=[w.page_content_type, w.page.pk]),
            get=EDITORS, post=EDITORS, data=lambda w: {"decision": "publish"},
        ),
        # An officer publishes their own ward's events without review: the policy's scope_publishes.
        Door(
            lambda w: reverse("core:review_item", args=[w.event_content_type, w.event_in_review.pk]),
            get=WARD, post=WARD, data=lambda w: {"decision": "publish"},
        ),
    ),
    "core:your_work": (Door(_url("core:your_work"), get=SIGNED_IN),),
    # The alliance: an organiser writes for their own chapter.
    "campaigns:manage": (Door(_url("campaigns:manage"), get=ORGANISERS | EDITORS),),
    "campaigns:news_create": (
        Door(
            _url("campaigns:news_create"), get=ORGANISERS | EDITORS, post=CHAPTER, invalid={"organiser_there"},
            form_of=_url("campaigns:news_edit", lambda w: w.news.slug), changes=NEW,
        ),
    ),
    "campaigns:news_edit": (Door(_url("campaigns:news_edit", lambda w: w.news.slug), get=CHAPTER, post=CHAPTER),),
    "campaigns:news_submit": (
        Door(_url("campaigns:news_submit", lambda w: w.news.slug), get=NOBODY, post=CHAPTER, data=lambda w: {}),
    ),
    "campaigns:news_publish": (
        Door(_url("campaigns:news_publish", lambda w: w.news.slug), get=EDITORS, post=EDITORS),
    ),
    "campaigns:action_create": (
        Door(
            _url("campaigns:action_create"), get=ORGANISERS | EDITORS, post=CHAPTER, invalid={"organiser_there"},
            form_of=_url("campaigns:action_edit", lambda w: w.action.slug), changes=NEW,
        ),
    ),
    "campaigns:action_edit": (
        Door(_url("campaigns:action_edit", lambda w: w.action.slug), get=CHAPTER, post=CHAPTER),
    ),
    "campaigns:ask_create": (
        Door(
            _url("campaigns:ask_create"), get=ORGANISERS | EDITORS, post=CHAPTER, invalid={"organiser_there"},
            form_of=_url("campaigns:ask_edit", lambda w: w.ask.pk), changes={"topic": "Something new"},
        ),
    ),
    "campaigns:ask_edit": (Door(_url("campaigns:ask_edit", lambda w: w.ask.pk), get=CHAPTER, post=CHAPTER),),
    "campaigns:ask_source_create": (
        Door(
            _url("campaigns:ask_source_create", lambda w: w.ask.pk), get=CHAPTER, post=CHAPTER,
            form_of=_url("campaigns:ask_source_edit", lambda w: w.ask_source.pk),
        ),
    ),
    "campaigns:ask_source_edit": (
        Door(_url("campaigns:ask_source_edit", lambda w: w.ask_source.pk), get=CHAPTER, post=CHAPTER),
    ),
    "campaigns:achievement_create": (
        Door(
            _url("campaigns:achievement_create"), get=ORGANISERS | EDITORS, post=CHAPTER,
            invalid={"organiser_there"}, form_of=_url("campaigns:achievement_edit", lambda w: w.achievement.slug),
            changes={"headline": "Something new"},
        ),
    ),
    "campaigns:achievement_edit": (
        Door(_url("campaigns:achievement_edit", lambda w: w.achievement.slug), get=CHAPTER, post=CHAPTER),
    ),
    # Neighbourhoods: an officer keeps their own wards current.
    "neighbourhoods:my_wards": (Door(_url("neighbourhoods:my_wards"), get=SIGNED_IN),),
    "neighbourhoods:edit": (Door(_url("neighbourhoods:edit", _ward), get=WARD, post=WARD),),
    "neighbourhoods:team_edit": (
        Door(_url("neighbourhoods:team_edit", _ward, lambda w: w.team_position.role), get=WARD, post=WARD),
    ),
    "neighbourhoods:allocation_create": (
        Door(
            _url("neighbourhoods:allocation_create", _ward, lambda w: w.budget.year), get=WARD, post=WARD,
            form_of=_url("neighbourhoods:allocation_update", _ward, lambda w: w.allocation.pk),
            changes={"recipient_name": "Something new"},
        ),
    ),
    "neighbourhoods:allocation_update": (
        Door(_url("neighbourhoods:allocation_update", _ward, lambda w: w.allocation.pk), get=WARD, post=WARD),
    ),
    "neighbourhoods:allocation_delete": (
        Door(
            _url("neighbourhoods:allocation_delete", _ward, lambda w: w.allocation.pk), get=WARD, post=WARD,
            data=lambda w: {},
        ),
    ),
    "neighbourhoods:event_create": (
        Door(
            _url("neighbourhoods:event_create", _ward), get=WARD, post=WARD,
            # Copied from the author's event, with the owner left empty (an officer may not name the author).
            form_of=_url("neighbourhoods:event_update", _ward, lambda w: w.event.slug), changes=NEW | {"owner": ""},
        ),
    ),
    "neighbourhoods:event_update": (
        Door(_url("neighbourhoods:event_update", _ward, lambda w: w.event.slug), get=WARD, post=WARD),
    ),
    "neighbourhoods:campaign_create": (
        Door(
            _url("neighbourhoods:campaign_create", _ward), get=WARD, post=WARD,
            # As for events: copied with the owner left empty (an officer may not name the author).
            form_of=_url("neighbourhoods:campaign_update", _ward, lambda w: w.local_campaign.slug),
            changes=NEW | {"owner": ""},
        ),
    ),
    "neighbourhoods:campaign_update": (
        Door(_url("neighbourhoods:campaign_update", _ward, lambda w: w.local_campaign.slug), get=WARD, post=WARD),
    ),
    "neighbourhoods:news_create": (
        Door(
            _url("neighbourhoods:news_create", _ward), get=WARD, post=WARD,
            form_of=_url("neighbourhoods:news_update", _ward, lambda w: w.ward_news.slug),
            changes=NEW | {"owner": ""},
        ),
    ),
    "neighbourhoods:news_update": (
        Door(_url("neighbourhoods:news_update", _ward, lambda w: w.ward_news.slug), get=WARD, post=WARD),
    ),
    "neighbourhoods:survey_create": (
        Door(
            _url("neighbourhoods:survey_create", _ward), get=WARD, post=WARD,
            form_of=_url("neighbourhoods:survey_update", _ward, lambda w: w.survey.pk), changes={"year": "2019"},
        ),
    ),
    "neighbourhoods:survey_update": (
        Door(_url("neighbourhoods:survey_update", _ward, lambda w: w.survey.pk), get=WARD, post=WARD),
    ),
    # Initiatives: university staff write their own case studies; editors review them.
    "initiatives:my_case_studies": (Door(_url("initiatives:my_case_studies"), get=STAFF | EDITORS),),
    "initiatives:case_study_create": (
        Door(
            _url("initiatives:case_study_create"), get=STAFF | EDITORS, post=STAFF | EDITORS,
            form_of=_url("initiatives:case_study_edit", lambda w: w.case_study.slug), changes=NEW,
        ),
    ),
    "initiatives:review_list": (Door(_url("initiatives:review_list"), get=EDITORS),),
    "initiatives:case_study_edit": (
        Door(_url("initiatives:case_study_edit", lambda w: w.case_study.slug), get=OWNER, post=OWNER),
    ),
    "initiatives:case_study_submit": (
        Door(_url("initiatives:case_study_submit", lambda w: w.case_study.slug), get=NOBODY, post=OWNER,
             data=lambda w: {}),
    ),
    "initiatives:case_study_image_add": (
        Door(
            _url("initiatives:case_study_image_add", lambda w: w.case_study.slug), get=OWNER, post=OWNER,
            data=lambda w: {"image": png(), "alt_text": "The partners at work.", "caption": ""},
        ),
    ),
    "initiatives:case_study_image_remove": (
        Door(
            _url("initiatives:case_study_image_remove", lambda w: w.case_study.slug, lambda w: w.image.pk),
            get=NOBODY, post=OWNER, data=lambda w: {},
        ),
    ),
    "initiatives:case_study_review": (
        Door(
            _url("initiatives:case_study_review", lambda w: w.case_study_in_review.slug), get=EDITORS, post=EDITORS,
            data=lambda w: {"decision": "request_changes", "comment": "Say more about the partners."},
        ),
    ),
}  # fmt: skip


@dataclasses.dataclass(frozen=True)
class AdminRule:
    """Who may do what with one model in the admin, tried on `target(world)`.

    `lists`: the roles the list opens for (their role carries the model's permission); `sees`: those of them
    who find the target in it and may open its change form, history and old versions; `changes`: whose change
    form or revert saves; `deletes`: whose delete deletes; `adds`: who may open the add form; `adds_here`: whose
    new row in the target's ward, chapter or hands saves (the others in `adds` get the form back, nothing saved).
    `add_changes` are applied to the target's values for a new row (the fields it must not share).
    """

    target: Callable[[World], object]
    lists: frozenset
    sees: frozenset
    changes: frozenset
    deletes: frozenset
    adds: frozenset
    adds_here: frozenset = NOBODY
    add_changes: dict = dataclasses.field(default_factory=dict)
    add_data: Callable[[World], dict] | None = None


def _rule(attribute, lists, sees, changes, deletes, adds, adds_here=None, **options):
    adds_here = adds if adds_here is None else adds_here
    return AdminRule(lambda w: getattr(w, attribute), lists, sees, changes, deletes, adds, adds_here, **options)


# Editors keep these; the rows have no ward, chapter or owner.
def _editors(attribute, **options):
    return _rule(attribute, EDITORS, EDITORS, EDITORS, EDITORS, EDITORS, **options)


def _admins(attribute, **options):
    return _rule(attribute, ADMIN, ADMIN, ADMIN, ADMIN, ADMIN, **options)


def _ward_content(attribute, **options):
    # Officers hold every permission on their wards' content: each sees the list, only ward here's officer the row.
    return _rule(attribute, OFFICERS | EDITORS, WARD, WARD, WARD, OFFICERS | EDITORS, WARD, **options)


def _chapter_content(attribute, *, adds=ORGANISERS | EDITORS, **options):
    return _rule(attribute, ORGANISERS | EDITORS, CHAPTER, CHAPTER, EDITORS, adds, adds & CHAPTER, **options)


NEW_SLUG = {"title": "Something new", "slug": "something-new"}
NEW_NAME = {"name": "Something new", "slug": "something-new"}
PASSWORD = "a-long-pass-phrase-9"

ADMIN_MODELS: dict[str, AdminRule] = {
    "auth.user": _admins(
        "author",
        add_data=lambda w: {"username": "newcomer", "password1": PASSWORD, "password2": PASSWORD,
                            "usable_password": "true"},
    ),
    "auth.group": _admins("group", add_changes={"name": "Another group"}),
    "axes.accessattempt": _rule("access_attempt", ADMIN, ADMIN, NOBODY, ADMIN, NOBODY),
    "axes.accesslog": _rule("access_log", ADMIN, ADMIN, NOBODY, ADMIN, NOBODY),
    "axes.accessfailurelog": _rule("access_failure", ADMIN, ADMIN, NOBODY, ADMIN, NOBODY),
    "django_tasks_database.dbtaskresult": _rule("task_result", ADMIN, ADMIN, NOBODY, NOBODY, NOBODY),
    "core.organisation": _rule("organisation", EDITORS, EDITORS, EDITORS, ADMIN, EDITORS,
                               add_changes={"name": "Something new", "slug": "something-new"}),
    "core.page": _rule("page", EDITORS, EDITORS, EDITORS, ADMIN, EDITORS, add_changes=NEW_SLUG),
    "core.subscription": _rule("subscription", ADMIN, ADMIN, NOBODY, ADMIN, NOBODY),
    "core.outgoingemail": _rule("email", EDITORS, EDITORS, EDITORS, ADMIN, NOBODY),
    "core.statechange": _rule("state_change", EDITORS, EDITORS, ADMIN, NOBODY, NOBODY),
    # Residents' reports come from the form on the site; editors record what became of each.
    "core.pagereport": _rule("page_report", EDITORS, EDITORS, EDITORS, ADMIN, NOBODY),
    # Someone's authenticator app and recovery codes: only an administrator, who deletes them for a lost phone.
    "otp_totp.totpdevice": _admins("totp_device", add_changes={"user": lambda w: w.author.pk, "name": "Another"}),
    "otp_static.staticdevice": _admins(
        "static_device", add_changes={"user": lambda w: w.author.pk, "name": "Another"}
    ),
    "campaigns.chapter": _editors("chapter", add_changes={"name": "Something new", "slug": "something-new"}),
    "campaigns.membership": _editors("membership", add_changes={"organisation": lambda w: w.organisation_there.pk}),
    "campaigns.decisionmaker": _editors("decision_maker", add_changes={"office": "Something new", "slug": "new"}),
    "campaigns.campaign": _chapter_content("campaign", adds=EDITORS, add_changes=NEW_SLUG),
    "campaigns.action": _chapter_content("action", add_changes=NEW_SLUG),
    "campaigns.ask": _chapter_content("ask", add_changes={"topic": "Something new"}),
    # A source belongs to its ask: the ask's chapter's organisers add, change and delete it.
    "campaigns.asksource": _rule("ask_source", ORGANISERS | EDITORS, CHAPTER, CHAPTER, CHAPTER, ORGANISERS | EDITORS,
                                 CHAPTER, add_changes={"ask": lambda w: w.ask.pk}),
    "campaigns.achievement": _chapter_content("achievement", add_changes={"headline": "New", "slug": "new"}),
    "campaigns.newspost": _chapter_content("news", add_changes=NEW_SLUG),
    "campaigns.reaction": _rule("reaction", EDITORS, EDITORS, NOBODY, EDITORS, NOBODY),
    # What residents answered to "Did this happen?": editors read the record; nobody adds, changes or deletes it.
    "campaigns.outcomequestion": _rule("outcome_question", EDITORS, EDITORS, NOBODY, NOBODY, NOBODY),
    "campaigns.outcomeanswer": _rule("outcome_answer", EDITORS, EDITORS, NOBODY, NOBODY, NOBODY),
    "campaigns.trainingcourse": _chapter_content("course", adds=EDITORS, add_changes=NEW_SLUG),
    "campaigns.research": _chapter_content("research", adds=EDITORS, add_changes=NEW_SLUG),
    # An officer may open the list of area committees, but every committee is the editors'.
    "neighbourhoods.areacommittee": _rule("area_committee", OFFICERS | EDITORS, EDITORS, EDITORS, EDITORS, EDITORS,
                                          add_changes={"name": "Something new", "slug": "something-new"}),
    "neighbourhoods.ward": _rule("ward", OFFICERS | EDITORS, WARD, WARD, EDITORS, EDITORS,
                                 add_changes={**NEW_NAME, "ons_code": "E05000999"}),
    "neighbourhoods.teamposition": _ward_content("team_position", add_changes={"role": "housing"}),
    # An officer reads their ward's budget; only editors set it.
    "neighbourhoods.wardbudget": _rule("budget", OFFICERS | EDITORS, WARD, EDITORS, EDITORS, EDITORS,
                                       add_changes={"year": "2031"}),
    "neighbourhoods.allocation": _ward_content("allocation"),
    # A new ward item's owner is left empty (the pipeline makes the user its owner): the row copied from is the
    # author's, whom an officer may not name (they are no one's colleague in a ward).
    "neighbourhoods.event": _ward_content("event", add_changes=NEW_SLUG | {"owner": ""}),
    "neighbourhoods.localcampaign": _ward_content("local_campaign", add_changes=NEW_SLUG | {"owner": ""}),
    "neighbourhoods.wardnews": _ward_content("ward_news", add_changes=NEW_SLUG | {"owner": ""}),
    "neighbourhoods.surveyresult": _ward_content("survey", add_changes={"year": "2019"}),
    # Editors see who is assigned where; only an administrator assigns.
    "neighbourhoods.officerassignment": _rule("assignment", EDITORS, EDITORS, ADMIN, ADMIN, ADMIN,
                                              add_changes={"ward": lambda w: str(w.ward_there.pk)}),
    "initiatives.programme": _editors("programme", add_changes=NEW_SLUG),
    "initiatives.project": _editors("project", add_changes=NEW_SLUG),
    # A recorded move is history: nobody edits it; a new one is recorded through the transition table.
    "initiatives.projectmove": _rule(
        "project_move", EDITORS, EDITORS, NOBODY, EDITORS, EDITORS,
        add_data=lambda w: {"project": w.project.pk, "to_stage": "under_evaluation", "moved_on": "2013-01-01",
                            "note": "Piloted for a year."},
    ),
    "initiatives.indicator": _editors("indicator", add_changes=NEW_SLUG),
    "initiatives.initiative": _editors("initiative", add_changes=NEW_SLUG),
    "initiatives.progressreport": _editors("report", add_changes={"period_label": "Another period", "slug": "new"}),
    # Any member of staff starts their own case study; only its owner (and editors) change it.
    "initiatives.casestudy": _rule("case_study", STAFF | EDITORS, OWNER, OWNER, EDITORS, STAFF | EDITORS,
                                   STAFF | EDITORS, add_changes=NEW_SLUG),
}  # fmt: skip

# The admin's views of its own (beyond the six of each model), by name: who may GET them.
ADMIN_SITE: dict[str, Door] = {
    # django-otp's pages that show an app's key: OTP_ADMIN_HIDE_SENSITIVE_DATA refuses them to everyone.
    "admin:otp_totp_totpdevice_config": Door(
        lambda w: reverse("admin:otp_totp_totpdevice_config", args=[w.totp_device.pk]), get=NOBODY
    ),
    "admin:otp_totp_totpdevice_qrcode": Door(
        lambda w: reverse("admin:otp_totp_totpdevice_qrcode", args=[w.totp_device.pk]), get=NOBODY
    ),
    "admin:index": Door(_url("admin:index"), get=STAFFED),
    "admin:app_list": Door(lambda w: reverse("admin:app_list", args=["neighbourhoods"]), get=OFFICERS | EDITORS),
    "admin:autocomplete": Door(
        lambda w: (
            reverse("admin:autocomplete")
            + "?app_label=campaigns&model_name=chapter&field_name=organisation&term=Organisation"
        ),
        get=EDITORS,
    ),
    "admin:auth_user_password_change": Door(
        lambda w: reverse("admin:auth_user_password_change", args=[w.author.pk]),
        get=ADMIN,
        post=ADMIN,
        data=lambda w: {"password1": PASSWORD, "password2": PASSWORD},
    ),
}

ADMIN_VIEWS = ("changelist", "add", "change", "delete", "history", "simple_history")


def _admin_patterns() -> dict[str, tuple[str, str]]:
    """Return each registered model's standard admin URL names, mapped to (model label, view)."""
    names = {}
    for model in admin.site._registry:
        meta = model._meta
        for view in ADMIN_VIEWS:
            names[f"admin:{meta.app_label}_{meta.model_name}_{view}"] = (meta.label_lower, view)
    return names


def test_every_url_pattern_has_a_rule():
    """Seen to fail: with `path("write/again/", writing.manage, name="manage_again")` added to campaigns/urls.py,
    the message named `campaigns:manage_again`."""
    admin_views = _admin_patterns()
    unclassified = []
    for pattern in url_patterns():
        key = pattern.key
        if key in PUBLIC or key in FRONT or key in ADMIN_SITE:
            continue
        if key in admin_views:
            if admin_views[key][0] not in ADMIN_MODELS:
                unclassified.append(f"{key} (no rule for the model {admin_views[key][0]})")
            continue
        # The admin's old addresses of a change form (admin/<app>/<model>/<id>/) only redirect to the new one.
        if pattern.route.startswith("admin/") and pattern.route.endswith("<path:object_id>/"):
            continue
        unclassified.append(f"{key} ({pattern.route})")
    assert unclassified == [], "URL patterns without a permission rule: " + ", ".join(unclassified)
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert sorted(set(ADMIN_MODELS) - registered) == [], "rules for models the admin no longer has"
    names = {pattern.key for pattern in url_patterns()}
    assert sorted((set(FRONT) | set(ADMIN_SITE) | PUBLIC) - names) == [], "rules for URL names that no longer exist"


# Trying the doors


@pytest.fixture(scope="module")
def _media(tmp_path_factory):
    """Keep the module's uploads in one folder for the module, as its world is built once."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _media_in_tmp(_media):
    """Replace the suite's folder per test (tests/conftest.py): the world's image must stay where it was put."""


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, _media):
    """The world, built once for the module inside a transaction that is rolled back at its end, with a client
    signed in for each role (their sessions live as long as the world)."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = World()
        # Files are not rolled back with the rows: a saved upload may replace the world's image on disk, so
        # each attempt puts the world's files back as they were built.
        built.media, built.pristine_media = _media, _media.parent / f"{_media.name}-pristine"
        shutil.copytree(built.media, built.pristine_media)
        built.media_files = _files(built.media)
        built.clients = {}
        for role in ROLES:
            built.clients[role] = Client()
            if built.user(role) is not None:
                sign_in(built.clients[role], built.user(role))
        built.writes = Writes()
        yield built
        transaction.set_rollback(True)


def _files(folder) -> set[tuple[str, int]]:
    return {(str(path), path.stat().st_size) for path in folder.rglob("*") if path.is_file()}


@pytest.fixture(scope="module", autouse=True)
def _refusals_unlogged():
    """Keep Django's warning for each refused request (thousands of them here) out of the output."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def attempt(world, db):
    """Return a function that runs one role's requests in a savepoint rolled back after them."""

    def run(role, requests):
        client = world.clients[role]
        # A request may give the session a new key (changing a password does), in rows rolled back below.
        cookies = copy.deepcopy(client.cookies)
        with transaction.atomic():
            try:
                return requests(client)
            finally:
                transaction.set_rollback(True)
                client.cookies = cookies
                if _files(world.media) != world.media_files:
                    shutil.rmtree(world.media)
                    shutil.copytree(world.pristine_media, world.media)

    run.writes = world.writes
    return run


def _refused(response) -> bool:
    """Return whether the response refuses: 403, 404, 405, or a redirect to the site's or the admin's sign-in."""
    if response.status_code in (403, 404, 405):
        return True
    sign_in_pages = (resolve_url(settings.LOGIN_URL), reverse("admin:login"))
    return response.status_code == 302 and response["Location"].startswith(sign_in_pages)


def _fingerprint(obj) -> tuple:
    """Return the object's stored fields and how many versions its history holds (None once it is gone)."""
    model = type(obj)
    row = model._default_manager.filter(pk=obj.pk).values().first()
    history = getattr(obj, "history", None)
    return row, history.count() if history is not None and row is not None else None


class Outcomes:
    """Collects what went wrong for each role, to report every failure of a door at once."""

    def __init__(self):
        self.failures: list[str] = []

    def check(self, ok: bool, role: str, what: str) -> None:
        if not ok:
            self.failures.append(f"{role}: {what}")

    def assert_none(self, door: str) -> None:
        assert self.failures == [], f"{door}:\n  " + "\n  ".join(self.failures)


def _try_get(attempt, outcomes, url, allowed, role, *, shows=None):
    def requests(client):
        response = client.get(url)
        return response, attempt.writes.since_last()

    response, written = attempt(role, requests)
    expected = "200" if role in allowed else "refused"
    ok = response.status_code == 200 if role in allowed else _refused(response)
    outcomes.check(ok, role, f"GET {url} answered {response.status_code}, expected {expected}")
    outcomes.check(written == [], role, f"GET {url} wrote {written}")
    return response


def _try_post(attempt, outcomes, url, data, target, role, *, saves, invalid=NOBODY, or_shown=False):
    """POST `data()` as the role; those in `saves` must save, the rest must be refused and change nothing.

    With `or_shown`, a page answered 200 with nothing written also counts as allowed: the admin's delete
    explaining that protected rows stand in the way.
    """

    def requests(client):
        print_before = target and _fingerprint(target)
        response = client.post(url, data())
        return response, attempt.writes.since_last(), print_before, target and _fingerprint(target)

    response, written, print_before, print_after = attempt(role, requests)
    if role in saves:
        saved = response.status_code == 302 and not _refused(response) and written != []
        saved = saved or (or_shown and response.status_code == 200)
        outcomes.check(saved, role, f"POST {url} answered {response.status_code} writing {written}, expected a save")
        return
    if role in invalid:
        ok = response.status_code in (200, 400)
        outcomes.check(ok, role, f"POST {url} answered {response.status_code}, expected the form with its errors")
    else:
        outcomes.check(_refused(response), role, f"POST {url} answered {response.status_code}, expected refused")
    outcomes.check(written == [], role, f"POST {url} wrote {written}")
    outcomes.check(print_before == print_after, role, f"POST {url} changed {target!r}")


_DATA_CACHE: dict[str, dict] = {}


def _admin_values(attempt, url: str, kind: str) -> dict:
    """Return the values of a page's form as the administrator's browser would post them (read once per URL)."""
    if url not in _DATA_CACHE:

        def read(client):
            response = client.get(url)
            assert response.status_code == 200, f"the administrator cannot open {url}"
            if kind == "front":
                return form_values(response.text, url)
            return admin_form_data(response.text, kind)

        _DATA_CACHE[url] = attempt("admin", read)
    return {name: list(values) for name, values in _DATA_CACHE[url].items()}


def _front_doors():
    return [pytest.param(name, index, id=f"{name}-{index}") for name, doors in FRONT.items() for index in
            range(len(doors))]  # fmt: skip


@pytest.mark.parametrize(("name", "index"), _front_doors())
def test_front_door(world, attempt, name, index):
    """Every writing view answers each role as its rule says, and changes nothing for those it refuses."""
    door = FRONT[name][index]
    url = door.url(world)
    outcomes = Outcomes()
    for role in ROLES:
        _try_get(attempt, outcomes, url, door.get, role)
    if door.post is not None:
        if door.data is not None:
            data = lambda: door.data(world)  # noqa: E731
        else:
            source = door.form_of(world) if door.form_of else url
            values = {**_admin_values(attempt, source, "front"), **{k: [v] for k, v in door.changes.items()}}
            data = lambda: values  # noqa: E731
        target = _target_of(world, name)
        for role in ROLES:
            _try_post(attempt, outcomes, url, data, target, role, saves=door.post, invalid=door.invalid)
    outcomes.assert_none(name)


def _target_of(world, name):
    """Return the object a front door's post would change, for its fields and history to be compared."""
    targets = {
        "campaigns:news_edit": "news", "campaigns:news_submit": "news", "campaigns:news_publish": "news",
        "campaigns:action_edit": "action", "campaigns:ask_edit": "ask", "campaigns:achievement_edit": "achievement",
        "neighbourhoods:edit": "ward", "neighbourhoods:team_edit": "team_position",
        "neighbourhoods:allocation_update": "allocation", "neighbourhoods:allocation_delete": "allocation",
        "neighbourhoods:allocation_create": "budget", "neighbourhoods:event_update": "event",
        "neighbourhoods:campaign_update": "local_campaign", "neighbourhoods:news_update": "ward_news",
        "neighbourhoods:survey_update": "survey", "initiatives:case_study_edit": "case_study",
        "initiatives:case_study_submit": "case_study", "initiatives:case_study_image_add": "case_study",
        "initiatives:case_study_image_remove": "image", "initiatives:case_study_review": "case_study_in_review",
        "core:review_item": "page",
    }  # fmt: skip
    return getattr(world, targets[name]) if name in targets else None


@pytest.mark.parametrize("name", ADMIN_SITE)
def test_admin_site_door(world, attempt, name):
    """The admin's own views answer each role as their rule says."""
    door = ADMIN_SITE[name]
    url = door.url(world)
    outcomes = Outcomes()
    for role in ROLES:
        _try_get(attempt, outcomes, url, door.get, role)
    if door.post is not None:
        for role in ROLES:
            _try_post(attempt, outcomes, url, lambda: door.data(world), world.author, role, saves=door.post)
    outcomes.assert_none(name)


def _admin_url(obj, view, *args):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def _registered_views():
    params = []
    for model, model_admin in admin.site._registry.items():
        names = {pattern.name for pattern in model_admin.get_urls()}
        for view in ADMIN_VIEWS:
            if f"{model._meta.app_label}_{model._meta.model_name}_{view}" in names:
                params.append(pytest.param(model._meta.label_lower, view, id=f"{model._meta.label_lower}-{view}"))
    return params


# django-simple-history's history page calls select_related() without fields for a model with no relation to
# follow, which Django 6.1 deprecates; the suite turns that warning into an error, which is the library's to fix.
@pytest.mark.filterwarnings(
    "ignore:Calling select_related\\(\\) with no arguments:django.utils.deprecation.RemovedInDjango2028Warning"
)
@pytest.mark.parametrize(("label", "view"), _registered_views())
def test_admin_door(world, attempt, label, view):
    """Every admin view of every model answers each role as the model's rule says, and changes nothing for
    those it refuses: the list, the add form, the change form, delete, the history and a revert to an old version."""
    assert label in ADMIN_MODELS, f"no rule for the admin of {label}"
    rule = ADMIN_MODELS[label]
    target = rule.target(world)
    model_name = target._meta.model_name
    outcomes = Outcomes()
    if view == "changelist":
        url = _admin_url(target, "changelist")
        change_url = _admin_url(target, "change", target.pk)
        for role in ROLES:
            response = _try_get(attempt, outcomes, url, rule.lists, role)
            if role in rule.lists and response.status_code == 200:
                shown = change_url in response.text
                outcomes.check(shown == (role in rule.sees), role, f"the list {'shows' if shown else 'hides'} {target}")
    elif view == "add":
        url = _admin_url(target, "add")
        for role in ROLES:
            _try_get(attempt, outcomes, url, rule.adds, role)
        data = _add_data(attempt, world, rule, target)
        count = lambda: type(target)._default_manager.count()  # noqa: E731
        for role in ROLES:
            _try_post(attempt, outcomes, url, lambda: data, None, role, saves=rule.adds_here,
                      invalid=rule.adds - rule.adds_here)  # fmt: skip
        assert count() >= 1
    elif view == "change":
        url = _admin_url(target, "change", target.pk)
        for role in ROLES:
            _try_get(attempt, outcomes, url, rule.sees, role)
        if rule.changes:
            values = _admin_values(attempt, url, model_name)
            for role in ROLES:
                _try_post(attempt, outcomes, url, lambda: values, target, role, saves=rule.changes)
    elif view == "delete":
        url = _admin_url(target, "delete", target.pk)
        for role in ROLES:
            _try_get(attempt, outcomes, url, rule.deletes, role)
            _try_post(attempt, outcomes, url, lambda: {"post": "yes"}, target, role, saves=rule.deletes, or_shown=True)
    elif view == "history":
        url = _admin_url(target, "history", target.pk)
        for role in ROLES:
            _try_get(attempt, outcomes, url, rule.sees, role)
    elif view == "simple_history":
        version = target.history.earliest()
        url = _admin_url(target, "simple_history", target.pk, version.history_id)
        for role in ROLES:
            _try_get(attempt, outcomes, url, rule.sees, role)
        values = _admin_values(attempt, url, model_name)
        for role in ROLES:
            _try_post(attempt, outcomes, url, lambda: values, target, role, saves=rule.changes)
    outcomes.assert_none(f"{label} {view}")


def _add_data(attempt, world, rule, target) -> dict:
    """Return a new row's values: the target's own (its change form's main fields), with `add_changes` applied,
    over the add form's empty inline forms."""
    if rule.add_data is not None:
        return rule.add_data(world)
    model_name = target._meta.model_name
    values = _admin_values(attempt, _admin_url(target, "change", target.pk), model_name)
    blank = _admin_values(attempt, _admin_url(target, "add"), model_name) if "admin" in rule.adds else {}
    main = {name: value for name, value in values.items() if "-" not in name and not name.startswith("initial-")}
    data = {**blank, **main}
    for name, value in rule.add_changes.items():
        value = value(world) if callable(value) else value
        if value is None:
            data.pop(name, None)
        else:
            data[name] = [str(value)]
    return data


# The admin's list actions, by name: whose action acts on the target (given its state); everyone else's must
# leave it, and the whole database, as it was.

# Officers publish their own wards' events, campaigns and news without review; everything else waits for editors.
SCOPE_PUBLISHES = {"neighbourhoods.event", "neighbourhoods.localcampaign", "neighbourhoods.wardnews"}


def _publishers(label):
    return WARD if label in SCOPE_PUBLISHES else EDITORS


ACTIONS: dict[str, Callable[[str, AdminRule, object], frozenset]] = {
    "submit_selected": lambda label, rule, item: rule.changes if item.status == "draft" else NOBODY,
    "publish_selected": lambda label, rule, item: NOBODY if item.is_live else _publishers(label),
    "unpublish_selected": lambda label, rule, item: (
        _publishers(label) if item.status in ("published", "archived") else NOBODY
    ),
    "archive_selected": lambda label, rule, item: NOBODY if item.status == "archived" else _publishers(label),
    "delete_selected": lambda label, rule, item: rule.deletes,
    # The outbox: editors send a failed e-mail again.
    "send_again": lambda label, rule, item: rule.changes,
    # django-axes: removes expired attempts only (the world's is not), so it acts on nothing here.
    "cleanup_expired_attempts": lambda label, rule, item: NOBODY,
}
# django-axes's own action reads what its middleware puts on the request, and the test settings switch that
# middleware off; it is offered to nobody but the administrator, whom it would fail here for that reason alone.
UNTRIED = {"cleanup_expired_attempts": {"admin"}}
# Deleting a row that others protect (a chapter's campaigns, a ward's budgets) shows why not, and deletes nothing.
PROTECTED_DELETES = {"delete_selected"}


def _registered_actions():
    params = []
    for model, model_admin in admin.site._registry.items():
        names = [getattr(action, "__name__", action) for action in model_admin.actions or ()]
        names += [name for name, _ in admin.site.actions]  # the site's own: delete_selected
        for name in names:
            label = model._meta.label_lower
            params.append(pytest.param(label, name, id=f"{label}-{name}"))
    return params


@pytest.mark.parametrize(("label", "action"), _registered_actions())
def test_admin_action(world, attempt, label, action):
    """Every admin list action, posted by every role on the world's row: it acts for those its rule names and
    changes nothing for anyone else."""
    assert action in ACTIONS, f"no rule for the admin action {action}"
    rule = ADMIN_MODELS[label]
    target = rule.target(world)
    acts = ACTIONS[action](label, rule, target)
    url = _admin_url(target, "changelist")
    data = {"action": action, "_selected_action": [str(target.pk)], "post": "yes", "index": "0"}
    outcomes = Outcomes()
    for role in ROLES:
        if role in UNTRIED.get(action, ()):
            continue

        def requests(client):
            print_before = _fingerprint(target)
            response = client.post(url, data)
            return response, attempt.writes.since_last(), print_before, _fingerprint(target)

        response, written, print_before, print_after = attempt(role, requests)
        if role in acts:
            ok = response.status_code in (200, 302) and not _refused(response) and written != []
            ok = ok or (action in PROTECTED_DELETES and response.status_code == 200)
            outcomes.check(ok, role, f"{action} answered {response.status_code} writing {written}, expected it to act")
        else:
            outcomes.check(response.status_code in (200, 302, 403), role, f"{action} answered {response.status_code}")
            outcomes.check(written == [], role, f"{action} wrote {written}")
            outcomes.check(print_before == print_after, role, f"{action} changed {target!r}")
    outcomes.assert_none(f"{label} {action}")
