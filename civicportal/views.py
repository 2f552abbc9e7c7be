"""The project's own pages: the home page, which draws on every app, and the error pages."""

import sys

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse

from civicportal.core.database_unavailable import DATABASE_ERRORS, database_unavailable_response
from civicportal.core.models import Organisation, Page


def home(request):
    """Show what the portal holds and where to start."""
    context = {
        "organisations": Organisation.objects.only("name", "slug", "sector", "website"),
        "pages": Page.objects.live().only("title", "slug", "summary"),
    }
    return render(request, "home.html", context)


def robots_txt(request):
    """Tell crawlers where the sitemap is, and keep them out of the admin, the review queue and sign-in."""
    context = {"sitemap_url": settings.SITE_URL.rstrip("/") + reverse("sitemap")}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


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
