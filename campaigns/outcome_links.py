"""The signed links in a "Did this happen?" e-mail, and the keyed hash an answer is stored under.

A link names one ask and one subscription by id (never the address), signed with a salt of its own, so a link
cannot be forged, altered or used for another ask. The answer is not part of the signature: the link only
preselects it on the page, where the resident confirms with one button.
"""

from django.core import signing
from django.urls import reverse
from django.utils.crypto import salted_hmac

from civicportal.core.outbox import absolute_url

_LINK_SALT = "campaigns.ask.outcome.link"
_RESPONDENT_SALT = "campaigns.ask.outcome.respondent"
# How long the links in the e-mail work: long enough to answer late, or to change an answer when things move.
LINK_MAX_AGE = 60 * 60 * 24 * 365


def answer_token(*, ask_id: int, subscription_id: int) -> str:
    """Return the signed token for one subscription's answer to one ask."""
    return signing.dumps({"ask": ask_id, "sub": subscription_id}, salt=_LINK_SALT)


def subscription_id_from(token: str, *, ask_id: int) -> int | None:
    """Return the subscription id a token was signed for, or None when it is forged, altered, old or for another ask."""
    try:
        data = signing.loads(token, salt=_LINK_SALT, max_age=LINK_MAX_AGE)
        if data["ask"] != ask_id:
            return None
        return int(data["sub"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def respondent_key(subscription_id: int) -> str:
    """Return the keyed hash an answer from one subscription is stored under (it names no address)."""
    return salted_hmac(_RESPONDENT_SALT, str(subscription_id), algorithm="sha256").hexdigest()


def answer_url(*, ask_id: int, subscription_id: int, answer: str) -> str:
    """Return the full address of the page that answers an ask, with `answer` preselected."""
    token = answer_token(ask_id=ask_id, subscription_id=subscription_id)
    path = reverse("campaigns:ask_outcome", kwargs={"pk": ask_id, "token": token})
    return absolute_url(f"{path}?answer={answer}")
