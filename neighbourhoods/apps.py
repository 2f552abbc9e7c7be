from django.apps import AppConfig

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
        # Registers this app's permission policies, what its followers hear when an item is first live, and what
        # site-wide search finds of it, with the shared layer.
        from . import permissions, search, services  # noqa: F401
