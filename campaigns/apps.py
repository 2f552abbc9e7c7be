from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    """The community-organising alliance: chapters, members, campaigns, actions, asks, achievements, news."""

    name = "campaigns"
    verbose_name = "Alliance and campaigns"
    # Model permissions each role's group holds, as "<model>.<action>"; see civicportal.core.roles.
    # Which rows a holder may change is the policies' business (campaigns/permissions.py).
    role_permissions = {
        "alliance-organiser": [
            "campaign.view",
            "campaign.change",
            "action.add",
            "action.change",
            "action.view",
            "ask.add",
            "ask.change",
            "ask.view",
            "asksource.add",
            "asksource.change",
            "asksource.delete",
            "asksource.view",
            "achievement.add",
            "achievement.change",
            "achievement.view",
            "newspost.add",
            "newspost.change",
            "newspost.view",
            "trainingcourse.view",
            "trainingcourse.change",
            "research.view",
            "research.change",
        ],
        "editor": [
            f"{model}.{verb}"
            for model in (
                "chapter",
                "chapterorganiser",
                "membership",
                "decisionmaker",
                "campaign",
                "action",
                "ask",
                "asksource",
                "achievement",
                "newspost",
                "trainingcourse",
                "research",
            )
            for verb in ("add", "change", "delete", "view")
        ]
        + ["reaction.view", "reaction.delete", "outcomequestion.view", "outcomeanswer.view"],
    }

    def ready(self):
        # Registers this app's permission policies, what its followers hear when an item is first live, and what
        # site-wide search finds of it, with the shared layer.
        from civicportal.core import page_cache

        from . import permissions, search, services  # noqa: F401
        from .views.public import REACTION_COOKIE

        # A reader who reacted sees their own reaction marked, so their pages are never served from the cache.
        page_cache.register_personal_cookie(REACTION_COOKIE)
