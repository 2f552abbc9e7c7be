"""The admin of the shared models, and the mixins every app's admin uses: one applies the permission policies,
the other sends every change of publishing state, from any admin door, through the publishing pipeline."""

from decimal import Decimal

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from . import feedback, outbox, permissions, pipeline
from .models import Organisation, OutgoingEmail, Page, PageReport, StateChange, Subscription
from .money import PoundsField, format_pence

# The fields that say where an item stands and whose it is; they move only through the pipeline.
STATE_FIELDS = ("status", "publish_at")


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

    def has_view_history_or_change_history_permission(self, request, obj=None):
        # django-simple-history asks with the old version; what matters is whether the user may change the row
        # as it is now (an organiser may not revert a post an editor has since published).
        if obj is not None and obj.pk is not None:
            obj = self.model._default_manager.filter(pk=obj.pk).first()
            if obj is None:
                return False
        return super().has_view_history_or_change_history_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history shows an old version to anyone who may view the row, and saves a posted revert
        # for them too: a revert is a change, so only those who may change the row now may post it.
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class PoundsAdminMixin:
    """Shows and takes every amount kept in pence (a field named `*_pence`) in pounds and pence, as `PoundsField`.

    The smallest amount is 0 (a positive integer field) unless the model names `pence_minimum`; the largest is
    what the column holds, so an amount too large is refused at the field rather than by the database.
    """

    pence_minimum: dict[str, int] = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if not db_field.name.endswith("_pence") or db_field.choices:
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        minimum = self.pence_minimum.get(db_field.name, 0)
        largest = connection.ops.integer_field_range(db_field.get_internal_type())[1]
        return PoundsField(
            required=not db_field.blank,
            label=kwargs.get("label", capfirst(db_field.verbose_name)),
            help_text=kwargs.get("help_text", db_field.help_text),
            min_value=Decimal(minimum) / 100,
            max_value=Decimal(largest) / 100 if largest else None,
        )


def pounds_column(name: str, description: str):
    """Return a list-display column that shows the pence in `name` as pounds (£12.34), sortable by the pence."""

    @admin.display(description=description, ordering=name)
    def column(obj):
        return format_pence(getattr(obj, name))

    column.__name__ = f"{name}_in_pounds"
    return column


def _run_step(modeladmin, request, queryset, step, done: str):
    moved, refused = 0, []
    for item in queryset:
        try:
            step(item=item, user=request.user)
            moved += 1
        except PermissionDenied:
            refused.append(f"{item} (you may not)")
        except ValidationError as error:
            refused.append(f"{item} ({' '.join(error.messages)})")
    if moved:
        modeladmin.message_user(request, f"{done}: {moved}.", messages.SUCCESS)
    if refused:
        modeladmin.message_user(request, f"Left as they were: {'; '.join(refused)}.", messages.ERROR)


@admin.action(description="Submit the selected items for review")
def submit_selected(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, pipeline.submit, "Sent for review")


@admin.action(description="Publish the selected items now", permissions=["publish"])
def publish_selected(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, pipeline.publish, "Published")


@admin.action(description="Unpublish the selected items (back to draft)", permissions=["publish"])
def unpublish_selected(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, pipeline.unpublish, "Unpublished")


@admin.action(description="Archive the selected items", permissions=["publish"])
def archive_selected(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, pipeline.archive, "Archived")


class PublishableAdminMixin:
    """Content that goes through the publishing pipeline, whichever admin door a change comes through.

    The change form and its history revert save content through `pipeline.save_content`, which keeps the
    stored status, publication time and owner; a status or time changed in the form is then made as a
    pipeline step, which checks the policy; a revert restores the words, never the state. The state fields are read-only
    for anyone who may not publish; the owner is chosen from `permissions.owners_offered` (anyone for an editor, an
    officer's colleagues in their wards), read-only for anyone offered no one. The list actions are pipeline steps.
    """

    list_filter = ("status",)
    readonly_fields = ("created_at", "updated_at")
    actions = (submit_selected, publish_selected, unpublish_selected, archive_selected)

    def has_publish_permission(self, request):
        """Offer the publishing actions to those who may publish some rows: editors, officers for their wards."""
        return permissions.policy_for(self.model).user_publishes_any(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        # A new item starts as a draft; it is published from its change form or the list's actions.
        if obj is None or not permissions.user_can_publish(request.user, obj):
            fields = (*fields, *STATE_FIELDS)
        if permissions.owners_offered(request.user, self.model) is None:
            fields = (*fields, "owner")
        return tuple(dict.fromkeys(fields))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        owner = form.base_fields.get("owner")
        # Keeping the owner an item has is always allowed, whoever they are (a class of this request's own).
        if owner is not None and obj is not None and obj.owner_id is not None:
            owner.queryset = owner.queryset | owner.queryset.model._default_manager.filter(pk=obj.owner_id)
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        offered = permissions.owners_offered(request.user, self.model) if db_field.name == "owner" else None
        if offered is not None:
            kwargs["queryset"] = offered.order_by("username")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if offered is not None:
            field.error_messages["invalid_choice"] = permissions.policy_for(self.model).owner_refusal
        return field

    def save_model(self, request, obj, form, change):
        # Only a status or time changed in the form asks for a step; a revert restores the words, not the state.
        asked = {name: getattr(obj, name) for name in STATE_FIELDS if form is not None and name in form.changed_data}
        # An owner counts only when chosen in this form: a history revert (whose form starts from the old
        # version) restores the words, never the owner.
        if change and obj.pk and (form is None or "owner" not in form.changed_data):
            obj.owner_id = type(obj)._default_manager.filter(pk=obj.pk).values_list("owner_id", flat=True).first()
        # The pipeline saves (with the policy's checks and the history's user) in place of the admin's own save.
        pipeline.save_content(item=obj, user=request.user)
        status, publish_at = asked.get("status", obj.status), asked.get("publish_at", obj.publish_at)
        try:
            pipeline.move_to(item=obj, user=request.user, status=status, publish_at=publish_at)
        except PermissionDenied:
            messages.warning(
                request,
                f"The content is saved; it stays {obj.get_status_display().lower()}, "
                "because you may not make that change of status.",
            )
        except ValidationError as error:
            messages.warning(
                request,
                f"The content is saved; it stays {obj.get_status_display().lower()}: {' '.join(error.messages)}",
            )


@admin.register(Organisation)
class OrganisationAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "sector", "website")
    list_filter = ("sector",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Page)
class PageAdmin(PublishableAdminMixin, PolicyAdminMixin, SimpleHistoryAdmin):
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


@admin.action(description="Send the selected e-mails again")
def send_again(modeladmin, request, queryset):
    emails = list(queryset.failed())
    for email in emails:
        outbox.email_send_again(email=email)
    modeladmin.message_user(request, f"Queued again: {len(emails)}.", messages.SUCCESS)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(PolicyAdminMixin, admin.ModelAdmin):
    """The outbox: what was sent, what waits, and what failed for 24 hours and may be sent again."""

    list_display = ("subject", "to", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status",)
    search_fields = ("to", "subject")
    readonly_fields = (
        "to",
        "subject",
        "body",
        "headers",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    )
    actions = (send_again,)

    def has_add_permission(self, request):
        return False


@admin.register(StateChange)
class StateChangeAdmin(PolicyAdminMixin, admin.ModelAdmin):
    """The record of every publishing step: read-only."""

    list_display = ("at", "action", "content_type", "object_id", "actor")
    list_filter = ("action", "content_type")
    readonly_fields = ("content_type", "object_id", "action", "actor", "note", "at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PageReport)
class PageReportAdmin(PolicyAdminMixin, admin.ModelAdmin):
    """Residents' reports of what is wrong with a page: editors read them and record what became of each."""

    list_display = ("created_at", "page_title_or_path", "status", "mailbox")
    list_filter = ("status", "mailbox")
    search_fields = ("page_path", "page_title", "what_is_wrong")
    date_hierarchy = "created_at"
    fields = ("status", "page_path", "page_title", "what_is_wrong", "reply_email", "mailbox", "created_at")
    readonly_fields = ("page_path", "page_title", "what_is_wrong", "reply_email", "mailbox", "created_at")

    @admin.display(description="page", ordering="page_title")
    def page_title_or_path(self, obj):
        return obj.page_title or obj.page_path

    def has_add_permission(self, request):
        return False  # reports come from the form on the site

    def save_model(self, request, obj, form, change):
        feedback.page_report_set_status(report=obj, status=form.cleaned_data["status"], user=request.user)
