from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    """The community-organising alliance: chapters, members, campaigns, actions, asks, achievements, news."""

    name = "campaigns"
    verbose_name = "Alliance and campaigns"
