"""Every e-mail the portal sends goes through this outbox, so that none is lost and none is sent twice.

`email_queue` stores the message and, once the transaction commits, asks the background worker to send it.
When the mail server refuses it, the worker tries again after a wait that grows from thirty seconds to at
most four minutes (so a message goes out within about four minutes of the server coming back), for 24
hours; then the message is marked failed, and staff see it in the admin and can send it again from there.
The row is locked while it is sent and marked sent in the same transaction, so two workers never both send it.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from .models import EmailStatus, OutgoingEmail

logger = logging.getLogger(__name__)

FIRST_RETRY = datetime.timedelta(seconds=30)
LONGEST_WAIT = datetime.timedelta(minutes=4)
GIVE_UP_AFTER = datetime.timedelta(hours=24)


def absolute_url(path: str) -> str:
    """Return the address of a path on the portal as residents reach it (`SITE_URL`)."""
    if not path.startswith("/"):
        return path
    return settings.SITE_URL.rstrip("/") + path


def retry_wait(attempts: int) -> datetime.timedelta:
    """Return how long to wait after the given number of failed attempts: 30 s, 1, 2, then 4 minutes."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def email_queue(
    *, to: str, subject: str, body: str, headers: dict[str, str] | None = None, subscription=None
) -> OutgoingEmail:
    """Store an e-mail in the outbox and have the worker send it once the transaction commits."""
    email = OutgoingEmail.objects.create(
        to=to, subject=subject[:300], body=body, headers=headers or {}, subscription=subscription
    )
    transaction.on_commit(lambda: send_email.enqueue(email_id=email.pk))
    return email


def email_send_again(*, email: OutgoingEmail) -> None:
    """Give a failed e-mail another 24 hours of attempts, starting now."""
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.QUEUED, attempts=0, created_at=timezone.now(), next_attempt_at=None, last_error=""
    )
    transaction.on_commit(lambda: send_email.enqueue(email_id=email.pk))


def _deliver(email: OutgoingEmail) -> None:
    message = EmailMultiAlternatives(subject=email.subject, body=email.body, to=[email.to])
    message.extra_headers.update(email.headers)
    message.send()


@task()
def send_email(*, email_id: int) -> str:
    """Send one e-mail from the outbox, or arrange the next attempt; return what became of it."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update(skip_locked=True).filter(pk=email_id).first()
        if email is None or email.status != EmailStatus.QUEUED:
            return "nothing to do"
        now = timezone.now()
        if email.next_attempt_at and email.next_attempt_at > now:
            return "not yet"  # a task left over from an earlier schedule; the newer one will send it
        try:
            _deliver(email)
        except Exception as error:  # any failure of the mail server is retried, never lost
            email.attempts += 1
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if now - email.created_at >= GIVE_UP_AFTER:
                email.status = EmailStatus.FAILED
                email.save(update_fields=["attempts", "last_error", "status"])
                logger.error("E-mail %s failed for 24 hours and is given up: %s", email.pk, email.last_error)
                return "failed"
            email.next_attempt_at = now + retry_wait(email.attempts)
            email.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            logger.warning(
                "E-mail %s not sent (%s); next attempt at %s", email.pk, email.last_error, email.next_attempt_at
            )
            when = email.next_attempt_at
            transaction.on_commit(lambda: send_email.using(run_after=when).enqueue(email_id=email_id))
            return "retrying"
        email.status = EmailStatus.SENT
        email.sent_at = now
        email.attempts += 1
        email.save(update_fields=["status", "sent_at", "attempts"])
        return "sent"
