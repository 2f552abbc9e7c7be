"""Telling the portal that a page is wrong: the report, where it goes, and how long the reply address is kept.

Every page links to `/feedback/?page=<path>&about=<reference>`. The reference is signed by the page that
links to it and names the page's title and the mailbox its reports go to (a ward team's for a ward's pages,
the editors' otherwise), so a visitor can neither send a report to an address of their choosing nor give a
page a title of their own: without a valid reference for that path, the report goes to the editors and the
page is named by its address. The path itself must be a path on this site, so the "back to the page" link
cannot lead elsewhere.

Bots are kept out without a third-party captcha: the form carries a field people never see (a bot that
fills it gets the same "thank you" as a person, so it learns nothing, and nothing is stored), and a signed
time at which the form was shown (a form sent back sooner than a person could read and write it, or with
the time missing or changed, is refused with a message and nothing stored).
"""

import datetime
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from . import outbox, permissions
from .models import OutgoingEmail, PageReport, PageReportStatus

REFERENCE_SALT = "core.feedback.page"
STARTED_SALT = "core.feedback.started"
# Nobody reads a page, decides it is wrong and writes why in less time than this.
FASTEST_PERSON = datetime.timedelta(seconds=3)
# A form left open longer than this is shown again with a fresh time.
FORM_LASTS = datetime.timedelta(days=1)
# The privacy notice promises this; the worker erases the address when it has passed.
REPLY_ADDRESS_KEPT = datetime.timedelta(days=183)
MAX_PATH_LENGTH = 500


def is_local_path(path: str) -> bool:
    """Return whether `path` is an address on this site (a path, not a URL of another host or scheme)."""
    if not path or len(path) > MAX_PATH_LENGTH or not path.startswith("/") or path.startswith(("//", "/\\")):
        return False
    if any(character.isspace() or ord(character) < 32 or ord(character) == 127 for character in path):
        return False
    parts = urlsplit(path)
    return not parts.scheme and not parts.netloc and url_has_allowed_host_and_scheme(path, allowed_hosts=None)


def page_reference(*, path: str, title: str, mailbox: str = "") -> str:
    """Return the signed reference a page gives its feedback link: its path, its title and where reports go."""
    return signing.dumps({"p": path, "t": title[:300], "m": mailbox}, salt=REFERENCE_SALT, compress=True)


def feedback_url(*, path: str, title: str = "", mailbox: str = "") -> str:
    """Return the address of the feedback form for the page at `path`."""
    query = {"page": path}
    if title or mailbox:
        query["about"] = page_reference(path=path, title=title, mailbox=mailbox)
    return f"{reverse('core:feedback')}?{urlencode(query)}"


def page_about(*, path: str, reference: str) -> tuple[str, str]:
    """Return the title and mailbox a valid reference names for `path`; else no title and the editors' mailbox."""
    try:
        about = signing.loads(reference, salt=REFERENCE_SALT)
    except signing.BadSignature:
        about = {}
    if not isinstance(about, dict) or about.get("p") != path:
        return "", settings.CORRECTIONS_MAILBOX
    return str(about.get("t", ""))[:300], str(about.get("m") or settings.CORRECTIONS_MAILBOX)


def form_started() -> str:
    """Return the signed time a feedback form is shown, which the form sends back."""
    return signing.dumps(int(timezone.now().timestamp()), salt=STARTED_SALT)


def form_age(started: str) -> datetime.timedelta | None:
    """Return how long ago a form was shown, from its signed time; None when the time is missing or changed."""
    try:
        shown = signing.loads(started, salt=STARTED_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(shown, int):
        return None
    return timezone.now() - datetime.datetime.fromtimestamp(shown, tz=datetime.UTC)


def page_report_create(
    *, page_path: str, page_title: str, what_is_wrong: str, reply_email: str, mailbox: str
) -> PageReport:
    """Store a report about a page and have the worker e-mail it to the page's mailbox after commit.

    Anyone may report, signed in or not; the report records no account. The reply address, if given, is
    erased by the worker once REPLY_ADDRESS_KEPT has passed, with the e-mail that carried it.
    """
    with transaction.atomic():
        report = PageReport(
            page_path=page_path,
            page_title=page_title,
            what_is_wrong=what_is_wrong,
            reply_email=reply_email,
            mailbox=mailbox,
        )
        report.full_clean()
        report.save()
        report.email = outbox.email_queue(
            to=mailbox,
            subject=f"Something is wrong with {page_title or page_path}",
            body=_email_body(report),
            headers={"Reply-To": reply_email} if reply_email else None,
        )
        report.save(update_fields=["email"])
        if reply_email:
            forget_at = report.created_at + REPLY_ADDRESS_KEPT
            transaction.on_commit(lambda: page_reports_forget_reply_addresses.using(run_after=forget_at).enqueue())
    return report


def _email_body(report: PageReport) -> str:
    reply = (
        f"They would like a reply at {report.reply_email}."
        if report.reply_email
        else "They left no address for a reply."
    )
    return (
        f"Someone says something is wrong with this page:\n{outbox.absolute_url(report.page_path)}\n\n"
        f"What is wrong:\n{report.what_is_wrong}\n\n{reply}\n\n"
        "Mark the report in hand, fixed or no action in the administration:\n"
        f"{outbox.absolute_url(reverse('admin:core_pagereport_change', args=[report.pk]))}\n"
    )


def page_report_set_status(*, report: PageReport, status: PageReportStatus, user) -> PageReport:
    """Record what became of a report (in hand, fixed, no action): editors only."""
    permissions.check_can_change(user, report)
    report.status = status
    report.full_clean()
    report.save(update_fields=["status"])
    return report


@task()
def page_reports_forget_reply_addresses() -> int:
    """Erase the reply address of every report older than REPLY_ADDRESS_KEPT, and its e-mail; return how many."""
    reports = PageReport.objects.made_before(timezone.now() - REPLY_ADDRESS_KEPT).exclude(reply_email="")
    with transaction.atomic():
        email_ids = list(reports.exclude(email=None).values_list("email_id", flat=True))
        forgotten = reports.update(reply_email="", email=None)
        OutgoingEmail.objects.filter(pk__in=email_ids).delete()
    return forgotten
