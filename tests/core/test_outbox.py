"""The outbox: e-mail is kept until a real mail server takes it, retried with growing waits, never sent twice."""

import datetime
import socket

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.urls import reverse

from civicportal.core import follows, outbox
from civicportal.core.models import EmailStatus, OutgoingEmail
from tests.core.factories import PageFactory, SubscriptionFactory
from tests.signin import sign_in
from tests.tasks import run_due_tasks

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2027, 3, 1, 12, 0, tzinfo=datetime.UTC)


class _Inbox:
    """An aiosmtpd handler that keeps every message it accepts, with the (test's) time it arrived."""

    def __init__(self, clock):
        self.clock = clock
        self.received = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.received.append((envelope.rcpt_tos[0], self.clock()))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_port(settings):
    """A port with no mail server yet, which the portal's mailer is pointed at."""
    port = _free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    return port


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_retry_waits_grow_from_thirty_seconds_to_four_minutes():
    waits = [outbox.retry_wait(attempts).total_seconds() for attempts in range(1, 7)]

    assert waits == [30, 60, 120, 240, 240, 240]


def test_mail_server_down_for_ten_minutes_loses_and_doubles_nothing(smtp_port, committed):
    now = {"value": NOON}
    inbox = _Inbox(lambda: now["value"])
    with time_machine.travel(NOON, tick=False), committed():
        page = PageFactory(published=True)
        for number in range(3):
            SubscriptionFactory(target=page, email=f"follower{number}@example.org", confirmed=True)
        for number in range(3):
            follows.follow_request(email=f"newcomer{number}@example.org", target=page)
        follows.followers_notify(target=page, subject="News", message="Something happened.", url="/news/")
    assert OutgoingEmail.objects.queued().count() == 6  # every first attempt was refused

    server = None
    try:
        for seconds in range(0, 15 * 60 + 1, 15):
            now["value"] = NOON + datetime.timedelta(seconds=seconds)
            if seconds == 10 * 60:
                server = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
                server.start()
            with time_machine.travel(now["value"], tick=False), committed():
                run_due_tasks()
    finally:
        if server is not None:
            server.stop()

    addresses = sorted(address for address, _ in inbox.received)
    assert addresses == sorted(
        [f"follower{number}@example.org" for number in range(3)]
        + [f"newcomer{number}@example.org" for number in range(3)]
    )
    back = NOON + datetime.timedelta(minutes=10)
    assert all(arrived - back <= datetime.timedelta(minutes=5) for _, arrived in inbox.received)
    assert OutgoingEmail.objects.filter(status=EmailStatus.SENT).count() == 6


def test_an_email_refused_for_24_hours_is_marked_failed(smtp_port, committed):
    with time_machine.travel(NOON, tick=False), committed():
        email = outbox.email_queue(to="someone@example.org", subject="Hello", body="Text")

    with time_machine.travel(NOON + datetime.timedelta(hours=23, minutes=50), tick=False), committed():
        run_due_tasks()
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED

    with time_machine.travel(NOON + datetime.timedelta(hours=24, minutes=1), tick=False), committed():
        run_due_tasks()
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 3
    assert "Refused" in email.last_error


def test_staff_send_a_failed_email_again_from_the_admin(client, editor, settings, committed):
    email = outbox.email_queue(to="someone@example.org", subject="Hello", body="Text")
    OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.FAILED, attempts=300)
    sign_in(client, editor)

    listed = client.get(reverse("admin:core_outgoingemail_changelist") + "?status__exact=failed")
    assert listed.status_code == 200
    assert "someone@example.org" in listed.text
    with committed():
        response = client.post(
            reverse("admin:core_outgoingemail_changelist"), {"action": "send_again", "_selected_action": [email.pk]}
        )

    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert [message.to for message in mail.outbox] == [["someone@example.org"]]


def test_an_email_is_sent_once_however_many_times_its_task_runs(committed):
    with committed():
        email = outbox.email_queue(to="someone@example.org", subject="Hello", body="Text")

    assert outbox.send_email.call(email_id=email.pk) == "nothing to do"
    assert len(mail.outbox) == 1
