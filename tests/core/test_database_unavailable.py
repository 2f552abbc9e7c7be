"""A database that cannot be reached gets visitors a 503 page in the site's layout with Retry-After, not a 500."""

import pytest
from django.db.utils import OperationalError
from django.urls import resolve

from civicportal.core.database_unavailable import RETRY_AFTER_SECONDS, database_unavailable_response
from civicportal.core.models import Page

HEADING = "<h1>The portal is unavailable for a moment</h1>"


def _assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert HEADING in response.text
    assert 'class="site-header"' in response.text  # the site's layout
    assert "Traceback" not in response.text


def test_a_page_that_queries_answers_503_when_the_database_port_is_closed(client, database_at_a_closed_port):
    """Seen failing with the middleware taken out of MIDDLEWARE: the client raised OperationalError ("connection
    refused"), which a visitor sees as the 500 page."""
    _assert_unavailable_page(client.get("/"))


def test_a_signed_in_visitors_session_that_cannot_be_read_answers_503(client, database_at_a_closed_port):
    """The login page queries nothing itself; the session behind the cookie is what needs the database.

    Seen failing with the middleware taken out of MIDDLEWARE: OperationalError raised while the layout read
    `user`, which loads the session.
    """
    client.cookies["sessionid"] = "a" * 32
    _assert_unavailable_page(client.get("/accounts/login/"))


@pytest.mark.django_db
def test_a_query_that_fails_in_a_view_answers_503(client, monkeypatch):
    """Seen failing with the middleware taken out of MIDDLEWARE: the client raised the OperationalError."""

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    resolve("/")  # the URLconf's imports run their own queries; load them before the fault
    monkeypatch.setattr(type(Page.objects.all()), "live", refuse)
    _assert_unavailable_page(client.get("/"))


class _FailingMiddleware:
    """Stands for a middleware (saving the session, say) that reaches the lost database after the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.get_response(request)
        raise OperationalError("connection refused")


@pytest.mark.django_db
def test_a_database_error_outside_the_view_gets_the_same_page_from_the_500_handler(client, settings):
    """Seen failing with the check taken out of civicportal.views.server_error: 500 and the 500 page."""
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}._FailingMiddleware"]
    client.raise_request_exception = False
    _assert_unavailable_page(client.get("/accounts/login/"))


def test_the_page_is_rendered_without_the_database(database_at_a_closed_port):
    """Seen failing with the page rendered with a request that carries a session cookie (so with a lazy `user`
    from the context processor): rendering the page itself raised OperationalError."""
    _assert_unavailable_page(database_unavailable_response())
