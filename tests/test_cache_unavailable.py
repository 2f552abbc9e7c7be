"""With the cache unreachable, signing in, following and reacting still work; only the throttles go unenforced.

The cache is a Redis address where nothing listens, as when Redis is down in production.
"""

import datetime
import html
import logging
import re

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse

from campaigns.models import Reaction
from civicportal.core import follows
from civicportal.core.models import PageReport, Subscription
from tests.campaigns.factories import NewsPostFactory
from tests.core.factories import PageFactory, UserFactory
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_at_a_closed_port(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }


def test_an_officer_signs_in_through_the_form(client):
    """Seen failing with SESSION_ENGINE back at cached_db: the sign-in raised redis ConnectionError ("Connection
    refused") from the session store's exists(), as it chose a new session key."""
    officer = UserFactory(officer=True, username="officer")
    response = client.post(reverse("login"), {"username": "officer", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert Session.objects.get().get_decoded()["_auth_user_id"] == str(officer.pk)
    assert client.get(reverse("core:your_work")).status_code == 200


def test_a_resident_follows_a_page_and_the_confirmation_is_sent(client, caplog, django_capture_on_commit_callbacks):
    """Seen failing twice, once per throttle put back to bare cache calls: redis ConnectionError from
    ratelimit.allow (the follow view's limit), then from follow_request's one-e-mail-per-interval cache.add."""
    sign_in(client, UserFactory())
    target = PageFactory(published=True)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:follow"), {"email": "resident@example.org", "target": follows.target_reference(target)}
        )
    assert response.status_code == 302
    assert Subscription.objects.get().email == "resident@example.org"
    assert "Rate limit 'follow' not counted: the cache failed" in caplog.text
    assert "Follow e-mail sent unthrottled: the cache failed" in caplog.text


def test_a_resident_reacts_to_a_news_post(client, caplog):
    """Seen failing with ratelimit.allow's cache calls bare: redis ConnectionError from cache.add."""
    sign_in(client, UserFactory())
    post = NewsPostFactory(published=True)
    with caplog.at_level(logging.WARNING):
        response = client.post(reverse("campaigns:react", args=[post.slug]), {"kind": "support"})
    assert response.status_code == 302
    assert list(Reaction.objects.filter(post=post).values_list("kind", flat=True)) == ["support"]
    assert "Rate limit 'campaigns-reaction' not counted: the cache failed" in caplog.text


def test_a_resident_tells_us_a_page_is_wrong(client, caplog):
    """Seen failing with ratelimit.allow's cache calls bare: redis ConnectionError as the report was sent."""
    page = PageFactory(published=True, title="About the portal", slug="about-the-portal")
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC), tick=False) as clock:
        form = client.get(reverse("core:feedback"), {"page": page.get_absolute_url()})
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.text))
        clock.shift(datetime.timedelta(seconds=30))
        with caplog.at_level(logging.WARNING):
            response = client.post(
                reverse("core:feedback"),
                {**{k: html.unescape(v) for k, v in fields.items()}, "website": "", "what_is_wrong": "Out of date."},
            )
    assert form.status_code == 200
    assert response.status_code == 302
    assert PageReport.objects.get().what_is_wrong == "Out of date."
    assert "not counted: the cache failed" in caplog.text
