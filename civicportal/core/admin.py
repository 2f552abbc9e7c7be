"""The admin of the shared models, and the mixin every app's admin uses to apply the permission policies."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from . import permissions
from .models import Organisation, Page, Subscription


class PolicyAdminMixin:
    """Shows each user only the rows their policy lets them change, and answers 403 for any other row."""

    def get_queryset(self, request):
        return permissions.editable_by(request.user, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        # Look the row up in the whole table, so that a row outside the user's set is refused with
        # 403 by the permission checks below rather than reported as missing.
        model = self.model
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        try:
            object_id = field.to_python(object_id)
            return model._default_manager.get(**{field.name: object_id})
        except (model.DoesNotExist, ValidationError, ValueError):
            return None

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or permissions.user_can_change(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.user_can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.user_can_change(request.user, obj))


class PublishableAdminMixin:
    """Lists and filters for content that goes through the publishing workflow."""

    list_filter = ("status",)
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        if obj.owner_id is None:
            obj.owner = request.user
        super().save_model(request, obj, form, change)


@admin.register(Organisation)
class OrganisationAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "sector", "website")
    list_filter = ("sector",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Page)
class PageAdmin(PolicyAdminMixin, PublishableAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "status", "publish_at", "updated_at")
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    fields = ("title", "slug", "summary", "body", "status", "publish_at", "owner", "created_at", "updated_at")


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Read-only: subscriptions change only through their owner's links."""

    list_display = ("email", "target_title", "requested_at", "confirmed_at")
    list_filter = ("content_type", ("confirmed_at", admin.EmptyFieldListFilter))
    search_fields = ("email", "target_title")
    readonly_fields = (
        "email",
        "content_type",
        "object_id",
        "target_title",
        "consent_text",
        "requested_at",
        "confirmed_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
