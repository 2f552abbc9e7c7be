from django.apps import AppConfig


class CivicPortalConfig(AppConfig):
    """The project itself: it composes the apps into the home page, the layout and site-wide commands."""

    name = "civicportal"
    verbose_name = "Civic Portal"
