"""The alliance's pages for the sitemap: its front page and lists, and every live item with a page."""

from civicportal.core.sitemaps import PortalSitemap

from .models import (
    Achievement,
    Action,
    Ask,
    Campaign,
    Chapter,
    DecisionMaker,
    Membership,
    NewsPost,
    Research,
    TrainingCourse,
)


class CampaignsSitemap(PortalSitemap):
    pages = (
        "campaigns:index",
        "campaigns:members",
        "campaigns:list",
        "campaigns:actions",
        "campaigns:accountability",
        "campaigns:status_rule",
        "campaigns:decision_makers",
        "campaigns:achievements",
        "campaigns:news",
        "campaigns:training",
        "campaigns:research",
    )

    def content(self):
        return [
            Chapter.objects.only("slug"),
            Membership.objects.select_related("organisation").only("organisation__slug"),
            Campaign.objects.live().only("slug", "updated_at"),
            Action.objects.live().only("slug"),
            Achievement.objects.live().only("slug"),
            Ask.objects.live().only("pk"),
            # A decision-maker has a page once an ask of a live campaign was put to them.
            DecisionMaker.objects.filter(pk__in=Ask.objects.live().values("decision_maker")).only("slug"),
            NewsPost.objects.live().only("slug", "updated_at"),
            TrainingCourse.objects.only("slug"),
            Research.objects.live().only("slug"),
        ]
