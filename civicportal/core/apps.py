from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """The shared layer: organisations, publishing, rich text, images, roles and permission policies."""

    name = "civicportal.core"
    label = "core"
    verbose_name = "Shared content"
    # Model permissions each role's group holds, as "<model>.<action>"; see civicportal.core.roles.
    role_permissions = {
        "editor": [
            "organisation.add",
            "organisation.change",
            "organisation.view",
            "page.add",
            "page.change",
            "page.view",
            "outgoingemail.view",
            "outgoingemail.change",
            "statechange.view",
            "pagereport.view",
            "pagereport.change",
        ],
    }

    def ready(self):
        from . import mail_headers, page_cache, roles, search  # noqa: F401 (page_cache listens to writes and the pipeline)

        mail_headers.register()

        # Permissions exist only after migrate has created them, so the groups are filled in then.
        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="core.sync_role_permissions")
        # Site-wide search follows the pipeline's steps; the apps register their models in their own ready().
        search.connect_pipeline()
        search.register_core_models()
