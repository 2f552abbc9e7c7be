"""Two app servers on one database and one Redis behave as one: what one saves, signs in or counts, the other sees.

Each server is gunicorn, started as its own process with the production settings (tests/app_server_settings.py),
on the test database and a Redis database of its own; the tests talk to them over HTTP, as a load balancer
would send a resident's requests now to one, now to the other.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis
from django.conf import settings

from civicportal.core import pipeline
from tests.campaigns.factories import NewsPostFactory
from tests.content_kinds import AFTER, BEFORE, PUBLISHABLE
from tests.core.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent
REDIS = ("127.0.0.1", 6379)
REDIS_DB = 11
REDIS_URL = f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}"
GUNICORN_OPTIONS = ["--workers", "1", "--no-control-socket"]


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """A resident's browser: keeps its cookies whichever server answers (Secure ones too: this is plain HTTP
    on 127.0.0.1, where the load balancer's TLS would be), and sends each request to the server named."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, fields: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": f"127.0.0.1:{port}", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{port}{path}"
            # As a browser does for a form it sends; the follow and reaction views check it (no CSRF token).
            headers["Origin"] = f"http://127.0.0.1:{port}"
            headers["Sec-Fetch-Site"] = "same-origin"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, response.headers, text

    def csrf_token(self, port: int, path: str) -> str:
        status, _, text = self.request(port, "GET", path)
        assert status == 200, f"{path} answered {status}"
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)


@pytest.fixture(scope="module")
def app_servers(django_db_setup, django_db_blocker):
    """Two gunicorn app servers on the test database and one Redis database, for this module's tests."""
    if not _listening(*REDIS):
        pytest.skip("Redis does not answer at 127.0.0.1:6379; the two-server tests share it as production would.")
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.app_server_settings",
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CACHE_URL": REDIS_URL,
        "PAGE_CACHE_SECONDS": "300",
        "SECRET_KEY": "two-app-servers-share-this-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_URL": "dummymail://",
        "CONN_MAX_AGE": "0",
        "LOG_LEVEL": "WARNING",
    }
    redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB).flushdb()
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "civicportal.wsgi", *GUNICORN_OPTIONS, "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 60
        while not all(_listening("127.0.0.1", port) for port in ports):
            if time.monotonic() > deadline or any(process.poll() is not None for process in processes):
                pytest.fail("The app servers did not start.")
            time.sleep(0.2)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB).flushdb()


@pytest.fixture
def servers(app_servers, transactional_db, settings):
    """The two app servers, with the test's rows committed where they can read them and the cache empty.

    The test process itself writes as a command or the worker would: on the same database and the same cache,
    where its writes give the changed tables their new versions.
    """
    redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB).flushdb()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    settings.PAGE_CACHE_SECONDS = 300
    return app_servers


def test_a_session_signed_in_through_one_server_is_valid_on_the_other(servers):
    """Seen to fail with SECRET_KEY different for the second server: its /your-work/ redirected to sign-in."""
    first, second = servers
    UserFactory(organiser=True, username="organiser")
    browser = Browser()
    token = browser.csrf_token(first, "/accounts/login/")
    status, _, _ = browser.request(
        first,
        "POST",
        "/accounts/login/",
        {"csrfmiddlewaretoken": token, "username": "organiser", "password": "correct-horse-battery"},
    )
    assert status == 302, "the sign-in through the first server failed"

    status, _, text = browser.request(second, "GET", "/your-work/")

    assert status == 200
    assert "<h1>Your work" in text


def test_a_reaction_counted_through_one_server_shows_at_once_through_the_other(servers):
    """Seen to fail with the reaction posted to another post: the count stayed 0 through the second server."""
    first, second = servers
    post = NewsPostFactory(published=True, slug="two-servers")
    browser = Browser()
    for _ in range(2):  # the second is served from the cache the servers share
        status, _, before = Browser().request(second, "GET", post.get_absolute_url())
    assert re.search(r'value="support"[^>]*>\s*Support <span class="reactions__count">0</span>', before)

    status, _, _ = browser.request(first, "POST", f"{post.get_absolute_url()}react/", {"kind": "support"})
    assert status == 302

    status, _, after = Browser().request(second, "GET", post.get_absolute_url())
    assert status == 200
    assert re.search(r'value="support"[^>]*>\s*Support <span class="reactions__count">1</span>', after)


def test_a_rate_limit_counted_through_one_server_holds_on_the_other(servers):
    """Seen to fail with each server given a cache of its own (locmem): the second server let the 31st through."""
    first, second = servers
    post = NewsPostFactory(published=True, slug="flooded")
    browser = Browser()
    fields = {"kind": "support"}
    for _ in range(30):
        status, _, _ = browser.request(first, "POST", f"{post.get_absolute_url()}react/", fields)
        assert status == 302

    status, _, text = browser.request(second, "POST", f"{post.get_absolute_url()}react/", fields)

    assert status == 429
    assert "<h1>" in text


def _warm(ports, urls):
    """Ask each server for each page twice as a new visitor, so that each page is kept in the shared cache."""
    for port in ports:
        for url in urls:
            Browser().request(port, "GET", url)
            status, headers, _ = Browser().request(port, "GET", url)
            assert status == 200, f"{url} answered {status}"
            assert headers.get("X-Page-Cache") == "hit", f"{url} was not kept"


def _assert_each_shows(ports, urls, text, *, absent):
    for port in ports:
        for url in urls:
            status, _, page = Browser().request(port, "GET", url)
            assert status == 200, f"{url} answered {status} through port {port}"
            assert text in page, f"{url} does not show {text!r} through port {port}"
            assert absent not in page, f"{url} still shows {absent!r} through port {port}"


@pytest.mark.parametrize("name", PUBLISHABLE)
def test_publishing_editing_and_withdrawing_each_kind_is_seen_through_one_server_and_the_other(servers, name):
    """Seen to fail with the test process on a cache of its own (locmem) while the servers share Redis: its
    changes gave no table a new version there, and both servers kept serving the pages as they were."""
    kind = PUBLISHABLE[name]
    editor = UserFactory(editor=True)
    item = kind.make()
    urls = kind.pages(item)
    _warm(servers, urls[1:])

    pipeline.publish(item=item, user=editor)
    _assert_each_shows(servers, urls, BEFORE, absent=AFTER)
    _warm(servers, urls)

    kind.edit(item, editor)
    _assert_each_shows(servers, urls, AFTER, absent=BEFORE)
    _warm(servers, urls)

    item.refresh_from_db()
    pipeline.unpublish(item=item, user=editor)
    for port in servers:
        assert Browser().request(port, "GET", urls[0])[0] == 404
        for url in urls[1:]:
            status, _, page = Browser().request(port, "GET", url)
            assert status == 200
            assert AFTER not in page, f"{url} still shows the withdrawn item through port {port}"
