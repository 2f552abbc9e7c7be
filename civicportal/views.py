"""The project's own pages: the home page and the open-data catalogue, which draw on every app, and the error pages."""

import sys

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse

from civicportal.core.breadcrumbs import trail
from civicportal.core.database_unavailable import DATABASE_ERRORS, database_unavailable_response
from civicportal.core.opendata import LICENCE

from . import opendata
from .home import home_page


def home(request):
    """Show what is new across the portal, with a search box and a ward finder; the same for every visitor."""
    return render(request, "home.html", home_page())


def open_data(request):
    """List every dataset the portal publishes, its downloads, licence and age, and the whole-portal export."""
    context = {
        "entries": opendata.catalogue(),
        "licence": LICENCE,
        "export_built_at": opendata.export_built_at(),
        "breadcrumbs": trail(("Open data", None)),
    }
    return render(request, "open_data.html", context)


def open_data_package(request):
    """Describe the catalogue as a Frictionless Data Package."""
    return JsonResponse(opendata.datapackage(), json_dumps_params={"ensure_ascii": False, "indent": 1})


def open_data_export(request):
    """Serve the whole-portal export the worker last built; 404 until there is one."""
    if opendata.export_built_at() is None:
        raise Http404("The export is being prepared.")
    return FileResponse(
        default_storage.open(opendata.EXPORT_NAME, "rb"),
        as_attachment=True,
        filename="civic-portal-nottingham-open-data.zip",
        content_type="application/zip",
    )


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
