"""The facets residents filter this app's lists by; each list's GET form is one of these."""

import django_filters

from civicportal.core.models import Organisation

from .models import CaseStudy, Indicator, Initiative, Programme, ProgressReport, Project, Stage, StrandKind, Theme
from .trends import Better, Frequency


def _live_programmes(request):
    return Programme.objects.live().only("title", "slug")


def _live_initiatives(request):
    return Initiative.objects.live().only("title", "slug")


def _case_study_partners(request):
    return Organisation.objects.filter(pk__in=CaseStudy.objects.live().values("partners")).only("name", "slug")


class ProjectFilter(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        label="Programme",
        field_name="strand__programme",
        queryset=_live_programmes,
        to_field_name="slug",
        empty_label="All programmes",
    )
    strand = django_filters.ChoiceFilter(
        label="Work strand", field_name="strand__kind", choices=StrandKind.choices, empty_label="All strands"
    )
    stage = django_filters.ChoiceFilter(
        label="Stage", choices=Stage.choices, method="filter_stage", empty_label="All stages"
    )

    class Meta:
        model = Project
        fields = []

    def filter_stage(self, queryset, name, value):
        # The list's queryset is annotated with each project's current stage (ProjectQuerySet.with_stage).
        return queryset.filter(current_stage=value)


class IndicatorFilter(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        label="Programme",
        field_name="programmes",
        queryset=_live_programmes,
        to_field_name="slug",
        empty_label="All programmes",
    )
    initiative = django_filters.ModelChoiceFilter(
        label="Initiative",
        field_name="key_areas__initiative",
        queryset=_live_initiatives,
        to_field_name="slug",
        empty_label="All initiatives",
        distinct=True,
    )
    frequency = django_filters.ChoiceFilter(label="How often", choices=Frequency.choices, empty_label="Any frequency")
    better = django_filters.ChoiceFilter(label="Better when", choices=Better.choices, empty_label="Either way")

    class Meta:
        model = Indicator
        fields = []


class ProgressReportFilter(django_filters.FilterSet):
    year = django_filters.TypedChoiceFilter(
        label="Period ending in", field_name="period_end__year", coerce=int, choices=[]
    )

    class Meta:
        model = ProgressReport
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = self.queryset.dates("period_end", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(day.year, str(day.year)) for day in years]


class CaseStudyFilter(django_filters.FilterSet):
    partner = django_filters.ModelChoiceFilter(
        label="Partner",
        field_name="partners",
        queryset=_case_study_partners,
        to_field_name="slug",
        empty_label="All partners",
    )
    theme = django_filters.ChoiceFilter(label="Theme", choices=Theme.choices, empty_label="All themes")

    class Meta:
        model = CaseStudy
        fields = []
