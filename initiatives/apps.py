from django.apps import AppConfig

_EDITED_BY_EDITORS = (
    "programme",
    "workstrand",
    "project",
    "evaluation",
    "projectmove",
    "indicator",
    "indicatorvalue",
    "initiative",
    "keyarea",
    "steeringgroupmember",
    "workinggroup",
    "progressreport",
    "reportitem",
    "nextstepreview",
    "casestudy",
    "casestudyimage",
)


class InitiativesConfig(AppConfig):
    """Programmes, projects, outcome indicators, collective impact initiatives and case studies."""

    name = "initiatives"
    verbose_name = "Programmes and initiatives"
    # Model permissions each role's group holds, as "<model>.<action>"; see civicportal.core.roles.
    # Which rows a holder may change is the policies' business (initiatives/permissions.py).
    role_permissions = {
        "university-staff": [
            "casestudy.add",
            "casestudy.change",
            "casestudy.view",
            "casestudyimage.add",
            "casestudyimage.change",
            "casestudyimage.delete",
            "casestudyimage.view",
        ],
        "editor": [f"{model}.{verb}" for model in _EDITED_BY_EDITORS for verb in ("add", "change", "delete", "view")],
    }

    def ready(self):
        # Registers this app's permission policies, what its followers hear when an item is first live, and what
        # site-wide search finds of it, with the shared layer.
        from . import permissions, search, services  # noqa: F401
