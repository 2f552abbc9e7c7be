"""The facets residents filter lists by: django-filter sets read from a GET form with a submit button."""

import datetime

import django_filters
from django import forms
from django.utils import timezone

from .financial_years import financial_year_label
from .models import Allocation, AllocationCategory, AreaCommittee, LocalCampaign, RecipientKind, Ward, WardBudget


def _month_choices(*, forwards: bool, count: int = 12) -> list[tuple[str, str]]:
    today = timezone.localdate()
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        first = datetime.date(year, month, 1)
        months.append((f"{year:04d}-{month:02d}", f"{first:%B %Y}"))
        month += 1 if forwards else -1
        if month == 13:
            year, month = year + 1, 1
        elif month == 0:
            year, month = year - 1, 12
    return months


def parse_month(value: str) -> tuple[int, int] | None:
    """Return (year, month) from "2026-12", or None."""
    try:
        year, month = (int(part) for part in value.split("-"))
    except (AttributeError, ValueError):
        return None
    return (year, month) if 1 <= month <= 12 and 2000 <= year <= 2100 else None


class WardFilter(django_filters.FilterSet):
    # The name (or postcode) is read by the view, which ranks the wards by it (`selectors.ward_search`).
    name = django_filters.CharFilter(
        label="Ward name or postcode",
        method="keep",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    area_committee = django_filters.ModelChoiceFilter(
        label="Area committee",
        queryset=AreaCommittee.objects.all(),
        to_field_name="slug",
        empty_label="All area committees",
    )

    class Meta:
        model = Ward
        fields = ["name", "area_committee"]

    def keep(self, queryset, name, value):
        return queryset

    @property
    def typed_name(self) -> str:
        return (self.form.cleaned_data.get("name") or "") if self.is_valid() else ""


class EventFilter(django_filters.FilterSet):
    """Ward narrows the query; the month is read by the view, which expands repeating events into it."""

    ward = django_filters.ModelChoiceFilter(
        label="Ward", queryset=Ward.objects.all(), to_field_name="slug", empty_label="All wards"
    )
    month = django_filters.ChoiceFilter(label="Month", method="keep", empty_label="Any month", choices=[])

    def __init__(self, *args, past: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["month"].extra["choices"] = _month_choices(forwards=not past)

    def keep(self, queryset, name, value):
        return queryset

    @property
    def chosen_month(self) -> tuple[int, int] | None:
        return parse_month(self.form.cleaned_data.get("month") or "") if self.is_valid() else None


class AllocationFilter(django_filters.FilterSet):
    ward = django_filters.ModelChoiceFilter(
        label="Ward",
        field_name="budget__ward",
        queryset=Ward.objects.all(),
        to_field_name="slug",
        empty_label="All wards",
    )
    year = django_filters.ChoiceFilter(
        label="Financial year", field_name="budget__year", empty_label="All years", choices=[]
    )
    category = django_filters.ChoiceFilter(label="Category", choices=AllocationCategory.choices, empty_label="All")
    recipient_kind = django_filters.ChoiceFilter(label="Paid to", choices=RecipientKind.choices, empty_label="All")

    class Meta:
        model = Allocation
        fields = ["ward", "year", "category", "recipient_kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = WardBudget.objects.order_by("-year").values_list("year", flat=True).distinct()
        self.filters["year"].extra["choices"] = [(str(year), financial_year_label(year)) for year in years]


CITY_WIDE = "city-wide"


class LocalCampaignFilter(django_filters.FilterSet):
    ward = django_filters.ChoiceFilter(label="Where", method="filter_ward", empty_label="Everywhere", choices=[])
    year = django_filters.NumberFilter(label="Year it started", widget=forms.NumberInput(attrs={"min": 2000}))

    class Meta:
        model = LocalCampaign
        fields = ["ward", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wards = Ward.objects.values_list("slug", "name")
        self.filters["ward"].extra["choices"] = [(CITY_WIDE, "City-wide campaigns"), *wards]

    def filter_ward(self, queryset, name, value):
        if value == CITY_WIDE:
            return queryset.city_wide()
        return queryset.filter(ward__slug=value)
