from django.apps import AppConfig
from django.db.models.signals import post_migrate

from civicportal.core.roles import sync_role_permissions

_EVERYTHING = ("add", "change", "delete", "view")


class NeighbourhoodsConfig(AppConfig):
    """Locality working: wards, area committees, Neighbourhood Action Teams, budgets, events, surveys."""

    name = "neighbourhoods"
    verbose_name = "Neighbourhoods"
    # Model permissions each role's group holds, as "<model>.<action>"; see civicportal.core.roles.
    # Which rows a holder may change is the policies' business (neighbourhoods/permissions.py).
    role_permissions = {
        "council-officer": [
            "areacommittee.view",
            "ward.view",
            "ward.change",
            "wardbudget.view",
            *(
                f"{model}.{verb}"
                for model in ("teamposition", "allocation", "event", "localcampaign", "wardnews")
                for verb in _EVERYTHING
            ),
            *(f"surveyresult.{verb}" for verb in _EVERYTHING),
        ],
        "editor": [
            f"{model}.{verb}"
            for model in (
                "areacommittee",
                "ward",
                "teamposition",
                "wardbudget",
                "allocation",
                "event",
                "localcampaign",
                "surveyresult",
                "wardnews",
            )
            for verb in _EVERYTHING
        ]
        + ["officerassignment.view"],
    }

    def ready(self):
        # Registers this app's permission policies with the shared layer.
        from . import permissions  # noqa: F401

        # Core fills the role groups when its own post_migrate runs, which on a new database is before
        # this app's permissions exist; filling them again once they do gives the roles this app's share.
        post_migrate.connect(_sync_role_permissions, sender=self, dispatch_uid="neighbourhoods.sync_role_permissions")


def _sync_role_permissions(sender, using="default", **kwargs):
    sync_role_permissions(using=using)
