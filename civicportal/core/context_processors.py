"""Values every page's layout needs."""

from django.conf import settings


def site(request):
    """Add the site's name to every template."""
    return {"site_name": settings.SITE_NAME}
