from django.apps import AppConfig


class CivicPortalConfig(AppConfig):
    """The project itself: it composes the apps into the home page, the layout and site-wide commands."""

    name = "civicportal"
    verbose_name = "Civic Portal"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from campaigns.page_links import register_campaign_link
        from civicportal.core import pipeline

        from . import opendata, stories

        register_campaign_link(stories.campaign_story_link)

        # Any change to content, and a scheduled item going live (which saves nothing), asks for a new export.
        for signal in (post_save, post_delete, pipeline.item_announced, pipeline.item_changed):
            signal.connect(opendata.content_changed, dispatch_uid=f"opendata.export.{id(signal)}")
