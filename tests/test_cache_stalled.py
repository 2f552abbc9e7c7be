"""With a cache that accepts connections and never answers, signing in, following and reacting still answer.

The cache is a socket server in the test: it accepts every connection, reads what it is sent and answers
nothing, for up to HOLD_SECONDS, as an overloaded Redis or one half gone behind a load balancer does. The
cache settings are the ones `caches_from_env` makes for a Redis CACHE_URL, with a small CACHE_SOCKET_TIMEOUT.
Whether the portal gave up first is read from the server's side (the client hung up, or the server held the
connection to the end), never from a clock.

redis-py 8 gives up after 5 seconds by itself (older versions waited for ever); 5 seconds a cache call is
still a request held for 10 seconds by a follow. Seen to fail with `caches_from_env` adding no socket timeouts:
each request waited the server's whole HOLD_SECONDS, then redis-py's "Connection closed by server" took the
fail-open path, and the following, reacting and health check tests failed on the server's "held to the end".
"""

import logging
import socket
import threading
import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from campaigns.models import Reaction
from civicportal.core import follows
from civicportal.core.models import Subscription
from civicportal.settings.base import caches_from_env
from tests.campaigns.factories import NewsPostFactory
from tests.core.factories import PageFactory, UserFactory

pytestmark = pytest.mark.django_db

# Shorter than redis-py's own default of 5 seconds, so that only the portal's timeouts make the client give up.
HOLD_SECONDS = 3
HUNG_UP, HELD = "client hung up", "held to the end"


class SilentServer:
    """A TCP server on 127.0.0.1 that accepts connections and never sends a byte; it stops by itself."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.outcomes: list[str] = []
        self._handlers: list[threading.Thread] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # the listener was closed: the test is over
                return
            handler = threading.Thread(target=self._hold, args=(connection,), daemon=True)
            self._handlers.append(handler)
            handler.start()

    def _hold(self, connection):
        deadline = time.monotonic() + HOLD_SECONDS
        with connection:
            while (left := deadline - time.monotonic()) > 0:
                connection.settimeout(left)
                try:
                    if not connection.recv(4096):
                        self.outcomes.append(HUNG_UP)
                        return
                except TimeoutError:
                    break
            self.outcomes.append(HELD)

    def settled_outcomes(self) -> list[str]:
        """Return how each connection ended, once every one has."""
        for handler in list(self._handlers):
            handler.join(HOLD_SECONDS + 5)
        return self.outcomes

    def close(self):
        self.listener.close()


@pytest.fixture
def silent_cache(settings, monkeypatch):
    server = SilentServer()
    monkeypatch.setenv("CACHE_URL", f"redis://127.0.0.1:{server.port}/0")
    monkeypatch.setenv("CACHE_SOCKET_TIMEOUT", "0.2")
    settings.CACHES = caches_from_env("locmemcache://unused")
    yield server
    server.close()


def test_a_redis_cache_url_gets_socket_timeouts(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://cache.internal:6379/1")
    monkeypatch.delenv("CACHE_SOCKET_TIMEOUT", raising=False)

    options = caches_from_env("locmemcache://unused")["default"]["OPTIONS"]

    assert options == {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def test_timeouts_in_the_cache_url_win(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://cache.internal:6379/1?socket_timeout=2")

    options = caches_from_env("locmemcache://unused")["default"]["OPTIONS"]

    assert options["socket_timeout"] == 2
    assert options["socket_connect_timeout"] == 0.5


def test_an_officer_signs_in_through_the_form(client, silent_cache):
    officer = UserFactory(officer=True, username="officer")

    response = client.post(reverse("login"), {"username": "officer", "password": "correct-horse-battery"})

    assert response.status_code == 302
    assert Session.objects.get().get_decoded()["_auth_user_id"] == str(officer.pk)
    assert HELD not in silent_cache.settled_outcomes()


def test_a_resident_follows_a_page(client, silent_cache, caplog, django_capture_on_commit_callbacks):
    target = PageFactory(published=True)

    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:follow"), {"email": "resident@example.org", "target": follows.target_reference(target)}
        )

    assert response.status_code == 302
    assert Subscription.objects.get().email == "resident@example.org"
    assert "Rate limit 'follow' not counted: the cache failed" in caplog.text
    assert "Follow e-mail sent unthrottled: the cache failed" in caplog.text
    assert silent_cache.settled_outcomes() == [HUNG_UP] * len(silent_cache.outcomes)
    assert silent_cache.outcomes


def test_a_resident_reacts_to_a_news_post(client, silent_cache, caplog):
    post = NewsPostFactory(published=True)

    with caplog.at_level(logging.WARNING):
        response = client.post(reverse("campaigns:react", args=[post.slug]), {"kind": "support"})

    assert response.status_code == 302
    assert list(Reaction.objects.filter(post=post).values_list("kind", flat=True)) == ["support"]
    assert "Rate limit 'campaigns-reaction' not counted: the cache failed" in caplog.text
    assert silent_cache.settled_outcomes() == [HUNG_UP]


def test_the_health_check_names_the_cache(client, silent_cache):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]
    assert silent_cache.settled_outcomes() == [HUNG_UP]
