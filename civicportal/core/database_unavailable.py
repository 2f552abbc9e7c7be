"""When the database cannot be reached, visitors get a 503 page in the site's layout, never a traceback.

A lost or refused database connection surfaces as `OperationalError` or `InterfaceError` wherever the
first query runs: in a view, in a template, or when the session or the signed-in user is first read (both
load lazily, so that happens inside the view as well). The middleware turns those into "try again
shortly" with a Retry-After header. The page is rendered without the request, so without context
processors: the user and the session would need the very database that is gone.

The same two errors raised inside another middleware (saving the session, say) bypass `process_exception`
and reach the project's 500 handler, which hands them to `database_unavailable_response` too.
"""

import logging

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60

logger = logging.getLogger(__name__)


def database_unavailable_response() -> HttpResponse:
    """Return the 503 page, built without touching the database or the session."""
    html = render_to_string("503.html", {"site_name": settings.SITE_NAME})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After when handling a request fails because the database is unreachable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error("Database unavailable while handling %s %s", request.method, request.path, exc_info=exception)
        return database_unavailable_response()
