"""Following a published thing by e-mail: double opt-in, one-click unsubscribe, one e-mail per follower.

Any model instance with `get_absolute_url()` can be followed; content with a publishing state must be
live. A page shows `core/includes/follow_form.html` with `target=obj`; the publishing pipeline calls
`followers_notify` when an item is announced. Nothing here reveals who follows what: every request
to follow gets the same answer, and what differs is only what the address's owner receives.

Updates are batched: a notice waits with the subscription, and one e-mail carries every notice that
arrived since the last, at most one every ten minutes per subscription. The e-mails are background
tasks (`manage.py db_worker` runs them) that put the message in the outbox (`outbox.py`), which retries
until the mail server takes it; each reads its subscription afresh, so nobody who unsubscribed while it
waited gets it.
"""

import datetime
import logging
from collections.abc import Callable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.db import models, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import PendingNotice, Subscription
from .outbox import absolute_url, email_queue

CONFIRM_MAX_AGE = 60 * 60 * 24 * 3  # a confirmation link works for three days
MAIL_INTERVAL = 60 * 10  # the least time between two e-mails about one subscription
_TARGET_SALT = "core.follow.target"
_CONFIRM_SALT = "core.follow.confirm"
_UNSUBSCRIBE_SALT = "core.follow.unsubscribe"

logger = logging.getLogger(__name__)


def consent_text(target_title: str) -> str:
    """Return the words a resident agrees to when they follow something."""
    return (
        f"Send me an e-mail when there is news of “{target_title}” on Civic Portal. I can stop these e-mails "
        "at any time with the link in each one."
    )


# References: what the form carries, and the links in the e-mails.


def target_reference(target: models.Model) -> str:
    """Return a signed reference to a followable object, for the follow form."""
    meta = target._meta
    return signing.dumps(f"{meta.app_label}.{meta.model_name}:{target.pk}", salt=_TARGET_SALT)


def target_from_reference(reference: str) -> models.Model | None:
    """Return the object a signed reference names, if it exists and may be followed now."""
    try:
        label, pk = signing.loads(reference, salt=_TARGET_SALT).rsplit(":", 1)
        model = apps.get_model(label)
        target = model._default_manager.get(pk=pk)
    except (signing.BadSignature, ValueError, LookupError, models.ObjectDoesNotExist):
        return None
    return target if is_followable(target) else None


def is_followable(target: models.Model) -> bool:
    """Return whether residents may follow the object: it has a page, and residents may see it.

    A model whose manager knows `live()` answers for itself, so that a row hidden with its parent (an action of a
    draft campaign) is as unfollowable as a draft.
    """
    if not hasattr(target, "get_absolute_url"):
        return False
    live = getattr(type(target)._default_manager, "live", None)
    if live is not None:
        return live().filter(pk=target.pk).exists()
    return getattr(target, "is_live", True)


# A link names its subscription by id and by a keyed hash of the address, never the address itself: signed
# values are readable by anyone (base64), and links end up in server logs and forwarded e-mails. The hash keeps
# a link from working for another address that is later given the same id.
def _address_key(email: str) -> str:
    return salted_hmac("core.follow.address", email, algorithm="sha256").hexdigest()[:20]


def confirm_token(subscription: Subscription) -> str:
    return signing.dumps({"id": subscription.pk, "key": _address_key(subscription.email)}, salt=_CONFIRM_SALT)


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps({"id": subscription.pk, "key": _address_key(subscription.email)}, salt=_UNSUBSCRIBE_SALT)


def confirm_url(subscription: Subscription) -> str:
    return absolute_url(reverse("core:follow_confirm", kwargs={"token": confirm_token(subscription)}))


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute_url(reverse("core:unsubscribe", kwargs={"token": unsubscribe_token(subscription)}))


def _subscription_from(token: str, *, salt: str, max_age: int | None) -> Subscription | None:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
        subscription = Subscription.objects.get(pk=data["id"])
    except (signing.BadSignature, KeyError, TypeError, Subscription.DoesNotExist):
        return None
    # Links sent before the hash named the address itself; they go on working (an unsubscribe link must).
    if "key" in data:
        named = constant_time_compare(data["key"], _address_key(subscription.email))
    else:
        named = constant_time_compare(str(data.get("email")), subscription.email)
    return subscription if named else None


# Writes.


def follow_request(*, email: str, target: models.Model) -> Subscription:
    """Ask to follow `target`: a new or pending subscription gets a confirmation e-mail, a confirmed one a reminder."""
    email = email.strip().lower()
    title = str(target)[:300]
    content_type = ContentType.objects.get_for_model(target)
    subscription, _ = Subscription.objects.get_or_create(
        email=email,
        content_type=content_type,
        object_id=target.pk,
        defaults={"target_title": title, "consent_text": consent_text(title)},
    )
    if not _first_mail_in_interval(subscription):
        return subscription
    if subscription.confirmed_at is None:
        transaction.on_commit(lambda: send_follow_confirmation.enqueue(subscription_id=subscription.pk))
    else:
        transaction.on_commit(lambda: send_follow_reminder.enqueue(subscription_id=subscription.pk))
    return subscription


def _first_mail_in_interval(subscription: Subscription) -> bool:
    """Return whether no follow e-mail went to this subscription in the last few minutes, and start the count.

    One e-mail per address and target every few minutes, however often the form is sent. When the cache
    cannot be reached the e-mail goes, with a warning in the log: a resident who asks must hear back.
    """
    try:
        return cache.add(f"follow-mail:{subscription.pk}", True, timeout=MAIL_INTERVAL)
    except Exception:  # each cache backend raises errors of its own (redis.ConnectionError, ...)
        logger.warning("Follow e-mail sent unthrottled: the cache failed", exc_info=True)
        return True


def follow_confirm(*, token: str) -> Subscription | None:
    """Confirm the subscription a confirmation link names; None if the link is bad or too old."""
    subscription = _subscription_from(token, salt=_CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if subscription is not None and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_for_unsubscribe(*, token: str) -> Subscription | None:
    """Return the subscription an unsubscribe link names, or None if it is bad or already gone."""
    return _subscription_from(token, salt=_UNSUBSCRIBE_SALT, max_age=None)


def follow_cancel(*, subscription: Subscription) -> None:
    """Stop a subscription: the address and the consent record are deleted."""
    subscription.delete()


def followers_notify(
    *,
    target: models.Model,
    subject: str,
    message: str,
    url: str,
    personal: Callable[[Subscription], str] | None = None,
) -> int:
    """Note news for each confirmed follower of `target`; their next update e-mail carries it. Return how many.

    `personal`, when given, returns text added to the message for one subscription (links signed for it, say);
    it should read only the subscription's id, never its address.
    """
    subscriptions = list(Subscription.objects.confirmed().for_target(target).only("pk", "last_mailed_at"))

    def text_for(subscription: Subscription) -> str:
        return f"{message}\n\n{personal(subscription)}" if personal is not None else message

    PendingNotice.objects.bulk_create(
        PendingNotice(subscription=subscription, subject=subject[:300], message=text_for(subscription), url=url)
        for subscription in subscriptions
    )
    for subscription in subscriptions:
        _digest_enqueue(subscription)
    return len(subscriptions)


def _next_mail_time(subscription: Subscription) -> datetime.datetime | None:
    """Return when the next update e-mail may go, or None if it may go now."""
    if subscription.last_mailed_at is None:
        return None
    earliest = subscription.last_mailed_at + datetime.timedelta(seconds=MAIL_INTERVAL)
    return earliest if earliest > timezone.now() else None


def _digest_enqueue(subscription: Subscription) -> None:
    when = _next_mail_time(subscription)
    subscription_id = subscription.pk
    transaction.on_commit(lambda: send_follow_digest.using(run_after=when).enqueue(subscription_id=subscription_id))


# Tasks: the e-mails.


def _queue_email(subscription, *, template: str, subject: str, context: dict) -> None:
    context = {
        "subscription": subscription,
        "confirm_url": confirm_url(subscription),
        "unsubscribe_url": unsubscribe_url(subscription),
        **context,
    }
    headers = {}
    if subscription.confirmed_at is not None:
        # RFC 8058: mail programs offer their own one-click unsubscribe button with these headers.
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    body = render_to_string(template, context)
    email_queue(to=subscription.email, subject=subject, body=body, headers=headers, subscription=subscription)


def _subscription(subscription_id: int) -> Subscription | None:
    return Subscription.objects.filter(pk=subscription_id).first()


@task()
def send_follow_confirmation(*, subscription_id: int) -> bool:
    """E-mail the link that confirms a new subscription."""
    subscription = _subscription(subscription_id)
    if subscription is None or subscription.confirmed_at is not None:
        return False
    _queue_email(
        subscription,
        template="core/email/follow_confirm.txt",
        subject=f"Confirm that you want updates about {subscription.target_title}",
        context={},
    )
    return True


@task()
def send_follow_reminder(*, subscription_id: int) -> bool:
    """Tell the owner of an address that already follows something that it still does."""
    subscription = _subscription(subscription_id)
    if subscription is None or subscription.confirmed_at is None:
        return False
    _queue_email(
        subscription,
        template="core/email/follow_already.txt",
        subject=f"You already get updates about {subscription.target_title}",
        context={},
    )
    return True


@task()
def send_follow_digest(*, subscription_id: int) -> int:
    """E-mail one confirmed follower every notice waiting for them, in one message; return how many it carried.

    If the last update went less than ten minutes ago, the e-mail waits until ten minutes have passed.
    """
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(pk=subscription_id).first()
        if subscription is None or subscription.confirmed_at is None:
            return 0
        notices = list(subscription.pending_notices.all())
        if not notices:
            return 0  # an earlier e-mail carried them
        if _next_mail_time(subscription) is not None:
            _digest_enqueue(subscription)
            return 0
        if len(notices) == 1:
            subject = notices[0].subject
        else:
            subject = f"{len(notices)} updates about {subscription.target_title}"
        items = [{"subject": n.subject, "message": n.message, "url": absolute_url(n.url)} for n in notices]
        _queue_email(subscription, template="core/email/follow_notice.txt", subject=subject, context={"items": items})
        PendingNotice.objects.filter(pk__in=[n.pk for n in notices]).delete()
        subscription.last_mailed_at = timezone.now()
        subscription.save(update_fields=["last_mailed_at"])
        return len(notices)
