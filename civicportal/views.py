"""The project's own pages: the home page, which draws on every app, and the error pages."""

import sys

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from civicportal.core.database_unavailable import DATABASE_ERRORS, database_unavailable_response

from .home import home_page


def home(request):
    """Show what is new across the portal, with a search box and a ward finder; the same for every visitor."""
    return render(request, "home.html", home_page())


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # A lost database raised outside a view (saving the session, say) gets the 503 page, as in a view.
    if isinstance(sys.exception(), DATABASE_ERRORS):
        return database_unavailable_response()
    # Rendered without the request, so without context processors that could touch the database:
    # the error may be the database itself.
    html = loader.get_template("500.html").render({"site_name": settings.SITE_NAME})
    return HttpResponseServerError(html)
