"""The facets residents filter the alliance's lists by; each list's GET form is one of these."""

import django_filters

from civicportal.core.models import Sector

from .models import (
    ONGOING_STAGES,
    Achievement,
    Action,
    ActionKind,
    Ask,
    AskStatus,
    Campaign,
    CampaignStage,
    DecisionMaker,
    IssueArea,
    Membership,
    NewsKind,
    NewsPost,
    Research,
    ResearchKind,
)


def _live_campaigns(request):
    return Campaign.objects.live().only("title", "slug")


QUIET = "quiet"


class CampaignFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[*CampaignStage.choices, (QUIET, "Quiet for more than a year")],
        method="filter_status",
        empty_label="All statuses",
    )
    issue = django_filters.ChoiceFilter(
        label="Issue", field_name="issue_area", choices=IssueArea.choices, empty_label="All issues"
    )

    class Meta:
        model = Campaign
        fields = []

    def filter_status(self, queryset, name, value):
        # The queryset comes annotated with when each campaign was last active (selectors.with_last_activity):
        # a quiet campaign is not "taking action", whatever stage its organisers last gave it.
        if value == QUIET:
            return queryset.quiet()
        stage = queryset.filter(stage=value)
        return stage.not_quiet() if value in ONGOING_STAGES else stage


class MemberFilter(django_filters.FilterSet):
    sector = django_filters.ChoiceFilter(
        label="Sector", field_name="organisation__sector", choices=Sector.choices, empty_label="All sectors"
    )

    class Meta:
        model = Membership
        fields = []


class ActionFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label="When", choices=[("upcoming", "Upcoming"), ("past", "Past")], method="filter_when", empty_label="Any time"
    )
    kind = django_filters.ChoiceFilter(label="Kind", choices=ActionKind.choices, empty_label="All kinds")
    campaign = django_filters.ModelChoiceFilter(
        label="Campaign", queryset=_live_campaigns, to_field_name="slug", empty_label="All campaigns"
    )

    class Meta:
        model = Action
        fields = []

    def filter_when(self, queryset, name, value):
        return queryset.upcoming() if value == "upcoming" else queryset.past()


class AskFilter(django_filters.FilterSet):
    decision_maker = django_filters.ModelChoiceFilter(
        label="Put to",
        queryset=DecisionMaker.objects.only("office", "slug"),
        to_field_name="slug",
        empty_label="All decision-makers",
    )
    campaign = django_filters.ModelChoiceFilter(
        label="Campaign", queryset=_live_campaigns, to_field_name="slug", empty_label="All campaigns"
    )
    status = django_filters.ChoiceFilter(
        label="Where it stands", choices=AskStatus.choices, method="filter_status", empty_label="Any status"
    )

    class Meta:
        model = Ask
        fields = []

    def filter_status(self, queryset, name, value):
        # The queryset comes annotated with each ask's worked-out status (AskQuerySet.with_status).
        return queryset.filter(status_value=value)


class AchievementFilter(django_filters.FilterSet):
    campaign = django_filters.ModelChoiceFilter(
        label="Campaign", queryset=_live_campaigns, to_field_name="slug", empty_label="All campaigns"
    )
    year = django_filters.ChoiceFilter(label="Year won", choices=[], empty_label="All years", method="filter_year")

    class Meta:
        model = Achievement
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = Achievement.objects.live().dates("won_on", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(str(day.year), str(day.year)) for day in years]

    def filter_year(self, queryset, name, value):
        return queryset.won_in(int(value))


class NewsFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="Kind", choices=NewsKind.choices, empty_label="All kinds")
    campaign = django_filters.ModelChoiceFilter(
        label="Campaign", queryset=_live_campaigns, to_field_name="slug", empty_label="All campaigns"
    )

    class Meta:
        model = NewsPost
        fields = []


class ResearchFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="Kind", choices=ResearchKind.choices, empty_label="All kinds")

    class Meta:
        model = Research
        fields = []
