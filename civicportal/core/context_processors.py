"""Values every page's layout needs."""

from django.conf import settings

from .outbox import absolute_url


def site(request):
    """Add the site's name, and the page's address at SITE_URL without its query string, to every template."""
    return {"site_name": settings.SITE_NAME, "canonical_url": absolute_url(request.path)}
