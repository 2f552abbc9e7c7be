"""Every error page a visitor can meet is in the site's layout, with the right status and no traceback.

Each page is reached through the door a visitor would use: a ward finder sent a NUL byte or a request for an
unknown host (400), a page for editors only or a form without its CSRF token (403), an unknown address (404),
a flood of follow requests or of wrong passwords (429), a view that fails (500), and the database gone (503).
In the layout means: the base template's skip link and footer, the site's name in the title, breadcrumbs
starting at the home page, exactly one h1, and a link home.

Seen to fail: before the breadcrumbs were added to templates/400.html, 403.html, 404.html and 500.html, those
four pages failed on 'aria-label="Breadcrumb"'; before the link home was added to the 429 page, it failed on
"Go to the home page".
"""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import path

from civicportal.core import follows
from civicportal.urls import handler400, handler403, handler404, handler500  # noqa: F401 (this test's URLconf)
from civicportal.urls import urlpatterns as site_urlpatterns
from tests.core.factories import PageFactory, UserFactory
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

SKIP_LINK = '<a class="skip-link" href="#main-content">Skip to main content</a>'
BREADCRUMB_HOME = '<li class="breadcrumb-item"><a href="/">Home</a></li>'
FAILURE = "the view failed on purpose, and no visitor may read this"


def _fail(request):
    raise RuntimeError(FAILURE)


# This module is also the URLconf of the 500 tests: the site's own addresses and handlers, and one that fails.
urlpatterns = [path("fail/", _fail), *site_urlpatterns]


@pytest.fixture(autouse=True)
def _no_counts_from_other_tests():
    """The rate limits count in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def database_at_a_closed_port(django_db_blocker, monkeypatch):
    """Point the connection at a port where nothing listens, for real, outside any test transaction."""
    with django_db_blocker.unblock():
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")
        yield
        connection.close()


def _assert_in_the_layout(response, *, status: int, heading: str, home_link: bool = True):
    text = response.content.decode()
    assert response.status_code == status
    assert '<html lang="en-GB">' in text
    assert SKIP_LINK in text
    assert "Accessibility statement</a>" in text
    assert re.search(rf"<title>[^<]* – {settings.SITE_NAME}</title>", text)
    assert 'aria-label="Breadcrumb"' in text
    assert BREADCRUMB_HOME in text
    assert re.findall(r"<h1[\s>]", text) == ["<h1>"]
    assert f"<h1>{heading}</h1>" in text
    if home_link:
        assert 'href="/">Go to the home page</a>' in text
    assert "Traceback" not in text
    assert FAILURE not in text


def test_a_request_the_portal_cannot_read_gets_the_400_page(client):
    response = client.get("/neighbourhoods/wards/find/", {"ward": "a\x00b"})

    _assert_in_the_layout(response, status=400, heading="Something was wrong with the request")


def test_a_request_for_an_unknown_host_gets_the_400_page(client):
    response = client.get("/", HTTP_HOST="portal.attacker.example")

    _assert_in_the_layout(response, status=400, heading="Something was wrong with the request")


def test_a_page_for_editors_only_gets_a_resident_the_403_page(client):
    sign_in(client, UserFactory())

    response = client.get("/review/")

    _assert_in_the_layout(response, status=403, heading="You cannot do this")


def test_a_form_without_its_csrf_token_gets_the_csrf_failure_page():
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "someone", "password": "x"})

    _assert_in_the_layout(response, status=403, heading="The form could not be sent")


def test_an_unknown_address_gets_the_404_page(client):
    response = client.get("/no-such-page-here/")

    _assert_in_the_layout(response, status=404, heading="Page not found")


def test_a_flood_of_follow_requests_gets_the_429_page(client):
    data = {"email": "resident@example.org", "target": follows.target_reference(PageFactory(published=True))}
    statuses = [client.post("/follow/", data).status_code for _ in range(20)]

    response = client.post("/follow/", data)

    assert set(statuses) == {302}
    _assert_in_the_layout(response, status=429, heading="Too many requests")


def test_a_flood_of_wrong_passwords_gets_the_locked_out_page(client, settings):
    settings.AXES_ENABLED = True
    UserFactory(username="officer")
    wrong = {"username": "officer", "password": "not-the-password"}
    for _ in range(settings.SIGNIN_FAILURES_PER_USERNAME - 1):
        client.post("/accounts/login/", wrong)

    response = client.post("/accounts/login/", wrong)

    _assert_in_the_layout(response, status=429, heading="Too many attempts to sign in", home_link=False)


@pytest.mark.urls(__name__)
def test_a_view_that_fails_gets_the_500_page():
    response = Client(raise_request_exception=False).get("/fail/")

    _assert_in_the_layout(response, status=500, heading="Sorry, there is a problem with the portal")


@pytest.mark.urls(__name__)
def test_the_500_page_is_shown_with_the_database_gone(database_at_a_closed_port):
    """The page is rendered without the request, so without the context processors (the user, the session) that
    would need the database; the failure here is not the database's, so it is the 500 page, not the 503."""
    response = Client(raise_request_exception=False).get("/fail/")

    _assert_in_the_layout(response, status=500, heading="Sorry, there is a problem with the portal")


def test_a_page_with_the_database_gone_gets_the_503_page(database_at_a_closed_port):
    response = Client().get("/")

    _assert_in_the_layout(response, status=503, heading="The portal is unavailable for a moment")
    assert response["Retry-After"] == "60"
