"""The admin of wards and their content. Every model keeps its history (which an admin can read and revert), and
each list and change form is cut to what the user's policy allows: a council officer sees only their wards."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from civicportal.core.admin import PolicyAdminMixin, PoundsAdminMixin, PublishableAdminMixin, pounds_column
from civicportal.core.money import format_pence
from civicportal.core.roles import Role

from . import services
from .forms import EventAdminForm
from .models import (
    Allocation,
    AreaCommittee,
    Event,
    LocalCampaign,
    OfficerAssignment,
    SurveyResult,
    TeamPosition,
    Ward,
    WardBudget,
    WardNews,
)
from .permissions import user_can_type_repeat_rules, wards_editable_by


class WardChoicesMixin:
    """Offers, in a form's ward and budget choices, only the wards the user may change."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "ward":
            kwargs["queryset"] = wards_editable_by(request.user)
        elif db_field.name == "budget":
            kwargs["queryset"] = WardBudget.objects.filter(ward__in=wards_editable_by(request.user)).select_related(
                "ward"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AreaCommittee)
class AreaCommitteeAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "is_demonstration")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class TeamPositionInline(admin.TabularInline):
    model = TeamPosition
    extra = 0
    fields = ("role", "mailbox", "is_vacant", "note")


@admin.register(Ward)
class WardAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "area_committee", "ons_code", "contact_email")
    list_filter = ("area_committee",)
    search_fields = ("name",)
    list_select_related = ("area_committee",)
    inlines = [TeamPositionInline]

    def get_readonly_fields(self, request, obj=None):
        # An officer keeps the ward's words and team current; its name, address and grouping are the editors'.
        if obj is not None and not request.user.has_perm("neighbourhoods.add_ward"):
            return ("name", "slug", "area_committee", "ons_code", "councillor_seats")
        return ()

    def get_prepopulated_fields(self, request, obj=None):
        # Not the `prepopulated_fields` attribute: django-simple-history's revert form reads that directly and
        # failed (500) for an officer, whose form has no slug to fill in.
        return {} if "slug" in self.get_readonly_fields(request, obj) else {"slug": ("name",)}


@admin.register(TeamPosition)
class TeamPositionAdmin(PolicyAdminMixin, WardChoicesMixin, SimpleHistoryAdmin):
    list_display = ("ward", "role", "mailbox", "is_vacant")
    list_filter = ("role", "is_vacant", "ward")
    list_select_related = ("ward",)


class AllocationInline(admin.TabularInline):
    model = Allocation
    extra = 0
    fields = ("recipient_name", "recipient_kind", "category", "amount", "decided_on")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    @admin.display(description="amount")
    def amount(self, obj):
        return format_pence(obj.amount_pence)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WardBudget)
class WardBudgetAdmin(PoundsAdminMixin, PolicyAdminMixin, WardChoicesMixin, SimpleHistoryAdmin):
    list_display = ("ward", "year", pounds_column("amount_pence", "budget"), "approved_on", "is_demonstration")
    list_filter = ("year", "is_demonstration", "ward")
    list_select_related = ("ward",)
    inlines = [AllocationInline]


@admin.register(Allocation)
class AllocationAdmin(PoundsAdminMixin, PolicyAdminMixin, WardChoicesMixin, SimpleHistoryAdmin):
    list_display = (
        "recipient_name",
        "budget",
        "category",
        pounds_column("amount_pence", "amount"),
        "decided_on",
        "is_demonstration",
    )
    list_filter = ("category", "recipient_kind", "budget__year", "budget__ward")
    search_fields = ("recipient_name", "purpose")
    list_select_related = ("budget__ward",)
    readonly_fields = ("reference",)
    pence_minimum = {"amount_pence": 1}

    def save_model(self, request, obj, form, change):
        # Through the services, so the budget row is locked while the total is checked.
        fields = {name: form.cleaned_data[name] for name in form.cleaned_data if name != "budget"}
        try:
            if change:
                services.allocation_update(allocation=obj, user=request.user, **fields)
            else:
                saved = services.allocation_create(budget=form.cleaned_data["budget"], user=request.user, **fields)
                obj.pk, obj.reference = saved.pk, saved.reference
        except ValidationError as error:
            # Reached only when another officer allocated from the same budget after this form was checked:
            # nothing is saved, and the form opens again with the reason.
            obj._refused = True
            messages.error(request, " ".join(error.messages))

    def log_addition(self, request, obj, message):
        if not getattr(obj, "_refused", False):
            return super().log_addition(request, obj, message)
        return None

    def log_change(self, request, obj, message):
        if not getattr(obj, "_refused", False):
            return super().log_change(request, obj, message)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(obj, "_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(obj, "_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)


@admin.register(Event)
class EventAdmin(PublishableAdminMixin, PolicyAdminMixin, WardChoicesMixin, SimpleHistoryAdmin):
    form = EventAdminForm
    list_display = ("title", "ward", "starts_at", "repeats", "status", "is_demonstration")
    list_filter = ("status", "ward", "is_demonstration")
    search_fields = ("title", "summary", "venue")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("ward",)
    readonly_fields = ("series_ends_at", "created_at", "updated_at")

    @admin.display(description="repeats")
    def repeats(self, obj):
        return obj.repeats or "Does not repeat"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # A class of this request's own (modelform_factory made it), so the setting stays with this user.
        form.allows_custom_rule = user_can_type_repeat_rules(request.user)
        return form

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not user_can_type_repeat_rules(request.user):
            fields = [name for name in fields if name != "custom_rule"]
        return fields


@admin.register(LocalCampaign)
class LocalCampaignAdmin(PublishableAdminMixin, PolicyAdminMixin, WardChoicesMixin, SimpleHistoryAdmin):
    list_display = ("title", "ward", "year", "status")
    list_filter = ("status", "year", "ward")
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("ward",)


@admin.register(WardNews)
class WardNewsAdmin(PublishableAdminMixin, PolicyAdminMixin, WardChoicesMixin, SimpleHistoryAdmin):
    list_display = ("title", "ward", "status", "publish_at")
    list_filter = ("status", "ward")
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    list_select_related = ("ward",)


@admin.register(SurveyResult)
class SurveyResultAdmin(PolicyAdminMixin, WardChoicesMixin, SimpleHistoryAdmin):
    list_display = ("year", "measure", "ward", "percent", "sample_size", "is_demonstration")
    list_filter = ("year", "measure", "ward")
    list_select_related = ("ward",)


@admin.register(OfficerAssignment)
class OfficerAssignmentAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ("user", "ward", "assigned_at")
    list_filter = ("ward",)
    search_fields = ("user__username", "user__email", "ward__name")
    list_select_related = ("user", "ward")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model().objects.filter(groups__name=Role.COUNCIL_OFFICER.label).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
