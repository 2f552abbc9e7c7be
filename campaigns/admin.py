"""The alliance in the Django admin. Every model admin asks the same permission policies as the front end
(PolicyAdminMixin), so a chapter's organiser sees and changes only that chapter's rows and gets 403 on others.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from civicportal.core import permissions as core_permissions
from civicportal.core.admin import PolicyAdminMixin, PoundsAdminMixin, PublishableAdminMixin, pounds_column

from . import services
from .models import (
    Achievement,
    Action,
    Ask,
    AskSource,
    Campaign,
    Chapter,
    ChapterOrganiser,
    DecisionMaker,
    Membership,
    NewsPost,
    OutcomeAnswer,
    OutcomeQuestion,
    Reaction,
    Research,
    TrainingCourse,
)
from .permissions import chapters_organised_by

# A list filter by campaign offers only the campaigns of the rows the user may see, never another chapter's drafts.
CAMPAIGN_FILTER = ("campaign", admin.RelatedOnlyFieldListFilter)


class ChapterScopedAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    """Limits the chapter and campaign a row may be given to those the user may write for."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        chapters = chapters_organised_by(request.user)
        if db_field.name == "chapter":
            kwargs["queryset"] = chapters
        elif db_field.name == "campaign":
            kwargs["queryset"] = Campaign.objects.filter(chapter__in=chapters)
        elif db_field.name == "action":
            kwargs["queryset"] = Action.objects.filter(chapter__in=chapters)
        elif db_field.name == "achievement":
            kwargs["queryset"] = Achievement.objects.filter(campaign__chapter__in=chapters)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The row as it will be saved must still be one the user may change (not moved to another chapter).
        if not core_permissions.user_can_change(request.user, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)
        # What the services tell a campaign's followers, told for a save through the admin too.
        if isinstance(obj, Ask):
            services.ask_saved_tell_followers(
                ask=obj, response_changed=form is not None and "response" in form.changed_data
            )
        elif isinstance(obj, Action) and not change:
            services.action_saved_tell_followers(action=obj)
        elif isinstance(obj, Achievement) and not change:
            services.achievement_saved_tell_followers(achievement=obj)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("organisation",)


class ChapterOrganiserInline(admin.TabularInline):
    model = ChapterOrganiser
    extra = 0
    autocomplete_fields = ("user",)
    verbose_name_plural = "organisers (people who may write for the chapter)"


@admin.register(Chapter)
class ChapterAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ("name", "area", "founded_on", "contact_email")
    search_fields = ("name", "area", "summary")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organisation", "national_alliance")
    raw_id_fields = ("founding_assembly",)
    inlines = (MembershipInline, ChapterOrganiserInline)


@admin.register(Membership)
class MembershipAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ("organisation", "chapter", "joined_on")
    list_filter = ("chapter", "organisation__sector")
    search_fields = ("organisation__name",)
    autocomplete_fields = ("organisation",)
    list_select_related = ("organisation", "chapter")


@admin.register(DecisionMaker)
class DecisionMakerAdmin(PolicyAdminMixin, SimpleHistoryAdmin):
    list_display = ("office", "organisation")
    search_fields = ("office",)
    prepopulated_fields = {"slug": ("office",)}
    autocomplete_fields = ("organisation",)


@admin.register(Campaign)
class CampaignAdmin(PublishableAdminMixin, ChapterScopedAdmin):
    list_display = ("title", "chapter", "issue_area", "stage", "status", "publish_at")
    list_filter = ("status", "stage", "issue_area", "chapter")
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("lead_organisations",)
    list_select_related = ("chapter",)
    date_hierarchy = "started_on"


class AskInline(admin.StackedInline):
    model = Ask
    extra = 0
    fk_name = "action"
    fields = (
        ("number", "topic"),
        "campaign",
        "wording",
        "decision_maker",
        ("response", "responded_on", "due_on", "progress_on"),
        "achievement",
    )
    raw_id_fields = ("achievement", "campaign")


@admin.register(Action)
class ActionAdmin(ChapterScopedAdmin):
    list_display = ("title", "kind", "starts_at", "chapter", "campaign", "actual_attendance", "arrangement")
    list_filter = ("kind", "arrangement", "chapter", CAMPAIGN_FILTER)
    search_fields = ("title", "summary", "venue")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "starts_at"
    list_select_related = ("chapter", "campaign")
    inlines = (AskInline,)


@admin.register(Ask)
class AskAdmin(ChapterScopedAdmin):
    list_display = ("topic", "campaign", "action", "decision_maker", "response", "due_on", "status_label")
    list_filter = ("response", CAMPAIGN_FILTER, "decision_maker")
    search_fields = ("topic", "wording", "decision_maker__office")
    list_select_related = ("campaign", "action", "decision_maker")

    @admin.display(description="where it stands")
    def status_label(self, obj):
        return obj.status.label


SOURCE_FIELDS = ("fact", "checked_on", "url", "document", "quotation", "quoted_from")


@admin.register(AskSource)
class AskSourceAdmin(ChapterScopedAdmin):
    """Sources are written through the services, which sign each with the recorder's role."""

    list_display = ("ask", "fact", "checked_on", "recorded_by")
    list_filter = ("fact", "recorded_by")
    search_fields = ("ask__topic", "quotation", "quoted_from", "url")
    list_select_related = ("ask",)
    readonly_fields = ("recorded_by",)
    fields = ("ask", *SOURCE_FIELDS, "recorded_by")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "ask":
            kwargs["queryset"] = core_permissions.editable_by(request.user, Ask.objects.select_related("campaign"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # A source stays with the ask it was recorded for: one recorded against the wrong ask is deleted.
        return ("ask", "recorded_by") if obj else ("recorded_by",)

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in SOURCE_FIELDS if name in form.cleaned_data}
        if change:
            saved = services.ask_source_update(source=AskSource.objects.get(pk=obj.pk), user=request.user, **values)
        else:
            saved = services.ask_source_create(user=request.user, ask=obj.ask, **values)
        obj.pk, obj.recorded_by = saved.pk, saved.recorded_by

    def delete_model(self, request, obj):
        services.ask_source_delete(source=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for source in queryset.select_related("ask__campaign"):
            services.ask_source_delete(source=source, user=request.user)


class DeliveredAskInline(admin.TabularInline):
    model = Ask
    fk_name = "achievement"
    extra = 0
    fields = ("topic", "decision_maker", "response")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "asks this achievement delivered"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Achievement)
class AchievementAdmin(PoundsAdminMixin, ChapterScopedAdmin):
    list_display = (
        "headline",
        "campaign",
        "won_on",
        "people_benefited",
        pounds_column("money_per_year_pence", "money a year"),
        "things_delivered",
    )
    list_filter = (CAMPAIGN_FILTER, "date_precision")
    search_fields = ("headline", "description")
    prepopulated_fields = {"slug": ("headline",)}
    date_hierarchy = "won_on"
    list_select_related = ("campaign",)
    inlines = (DeliveredAskInline,)


@admin.register(NewsPost)
class NewsPostAdmin(PublishableAdminMixin, ChapterScopedAdmin):
    list_display = ("title", "kind", "chapter", "campaign", "dated_on", "status", "publish_at")
    list_filter = ("status", "kind", "chapter", CAMPAIGN_FILTER)
    search_fields = ("title", "summary", "body")
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "dated_on"
    list_select_related = ("chapter", "campaign")


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ("post", "kind", "created_at")
    list_filter = ("kind",)
    search_fields = ("post__title",)
    list_select_related = ("post",)
    readonly_fields = ("post", "kind", "browser_hash", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TrainingCourse)
class TrainingCourseAdmin(ChapterScopedAdmin):
    list_display = ("title", "chapter", "length_days", "starts_on", "leaders_trained")
    list_filter = ("chapter", "length_days")
    search_fields = ("title", "summary")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Research)
class ResearchAdmin(ChapterScopedAdmin):
    list_display = ("title", "kind", "chapter", "people_surveyed", "launch_on", "launch_postponed")
    list_filter = ("kind", "launch_postponed", "chapter")
    search_fields = ("title", "summary", "description")
    prepopulated_fields = {"slug": ("title",)}


class ReadOnlyPolicyAdmin(PolicyAdminMixin, admin.ModelAdmin):
    """A record the portal writes itself: staff whose policy lets them see it read it; nobody adds, changes or
    deletes it here (a change would alter a tally residents gave)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutcomeQuestion)
class OutcomeQuestionAdmin(ReadOnlyPolicyAdmin):
    list_display = ("ask", "reason", "asked_at", "asked_count")
    list_filter = ("reason",)
    search_fields = ("ask__topic",)
    list_select_related = ("ask",)
    date_hierarchy = "asked_at"
    fields = readonly_fields = ("ask", "reason", "asked_at", "asked_count")


@admin.register(OutcomeAnswer)
class OutcomeAnswerAdmin(ReadOnlyPolicyAdmin):
    """An answer shows what was answered and when, never the keyed hash of the subscription that answered."""

    list_display = ("ask", "answer", "answered_at", "changed_at")
    list_filter = ("answer",)
    search_fields = ("ask__topic",)
    list_select_related = ("ask",)
    date_hierarchy = "changed_at"
    fields = readonly_fields = ("ask", "answer", "answered_at", "changed_at")
