"""The pages of locality working for residents: wards, their teams, budgets, events, campaigns and satisfaction."""

import datetime
from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from civicportal.core.breadcrumbs import trail

from .. import recurrence, selectors
from ..filters import AllocationFilter, EventFilter, LocalCampaignFilter, WardFilter
from ..financial_years import financial_year_label, financial_year_of
from ..forms import BudgetYearForm, SatisfactionWardForm, WardFindForm
from ..models import Allocation, AreaCommittee, Event, LocalCampaign, Ward, WardNews
from ..permissions import user_can_edit_any_ward, user_can_edit_ward
from . import _crumbs, _page

WEB_MAILBOX = "neighbourhood-management@civicportal.example"


def locality(request):
    """Explain locality working: the model, what it achieved, the lessons, and whom to contact."""
    context = {
        "city_figures": selectors.latest_city_figures(),
        "year_count": selectors.events_this_year(),
        "can_edit": user_can_edit_any_ward(request.user),
        "mailbox": WEB_MAILBOX,
        "breadcrumbs": trail(("Neighbourhoods", None)),
    }
    return render(request, "neighbourhoods/locality.html", context)


def ward_list(request):
    """List the wards, grouped by area committee, filtered by committee and by a name or postcode.

    A name that points at several wards lists those; one that points at none, or a postcode the lookup
    cannot place, lists every ward with the nearest names offered and a message at the field.
    """
    wards = WardFilter(request.GET, queryset=Ward.objects.all())
    search = selectors.ward_search(wards.typed_name)
    if search.message:
        wards.form.add_error("name", search.message)
    shown = wards.qs
    if search.found in (selectors.Found.ONE, selectors.Found.SEVERAL):
        shown = shown.filter(pk__in=[ward.pk for ward in search.wards])
    context = {
        "filter": wards,
        "search": search,
        "groups": selectors.wards_by_committee(shown),
        "ward_total": Ward.objects.count(),
        "breadcrumbs": _crumbs(("Wards", None)),
    }
    return render(request, "neighbourhoods/ward_list.html", context)


def ward_find(request):
    """Send a resident straight to the one ward their choice, name or postcode points at, else to the list."""
    form = WardFindForm(request.GET)
    if not form.is_valid():
        raise BadRequest("The ward finder was sent something it cannot read.")
    search = selectors.ward_search(form.query)
    if search.ward is not None:
        return redirect(search.ward)
    query = f"?{urlencode({'name': search.query})}" if search.query else ""
    return redirect(reverse("neighbourhoods:wards") + query)


def ward_detail(request, slug):
    """Show a ward: its team, councillors, budget and what it was spent on, events, campaigns and figures."""
    ward = get_object_or_404(Ward.objects.select_related("area_committee"), slug=slug)
    context = {
        "ward": ward,
        **selectors.ward_page(ward),
        "can_edit": user_can_edit_ward(request.user, ward),
        "mailbox": ward.contact_email,
        "breadcrumbs": _crumbs(("Wards", reverse("neighbourhoods:wards")), (ward.name, None)),
    }
    return render(request, "neighbourhoods/ward_detail.html", context)


def committee_detail(request, slug):
    """Show an area committee and the wards it brings together."""
    committee = get_object_or_404(AreaCommittee, slug=slug)
    context = {
        "committee": committee,
        "wards": list(committee.wards.order_by("name")),
        "mailbox": WEB_MAILBOX,
        "breadcrumbs": _crumbs(("Wards", reverse("neighbourhoods:wards")), (committee.name, None)),
    }
    return render(request, "neighbourhoods/areacommittee_detail.html", context)


# Events


def event_list(request, *, past=False):
    """List events to come (or past ones), filtered by ward and month; a month lists each occurrence in it."""
    events = EventFilter(request.GET, queryset=Event.objects.all(), past=past)
    month = events.chosen_month
    if month:
        listed = selectors.events_in_month(events.qs, year=month[0], month=month[1])
    elif past:
        listed = selectors.past_events(events.qs)
    else:
        listed = selectors.upcoming_events(events.qs)
    title = "Past events" if past else "Events"
    context = {
        "filter": events,
        "page_obj": _page(request, listed),
        "past": past,
        "month": datetime.date(month[0], month[1], 1) if month else None,
        "title": title,
        "year_count": selectors.events_this_year(),
        "breadcrumbs": _crumbs((title, None)),
    }
    return render(request, "neighbourhoods/event_list.html", context)


def event_detail(request, slug):
    """Show an event: when (and how it repeats), where, how accessible, who runs it; with a calendar file."""
    event = get_object_or_404(Event.objects.visible_to(request.user).select_related("ward"), slug=slug)
    now = timezone.now()
    context = {
        "event": event,
        "next": event.next_occurrence(now),
        "last": event.last_occurrence(now),
        "more_dates": _more_dates(event, now) if event.recurrence else [],
        "can_edit": user_can_edit_ward(request.user, event.ward),
        "mailbox": event.ward.contact_email,
        "breadcrumbs": _crumbs(("Events", reverse("neighbourhoods:events")), (event.title, None)),
    }
    return render(request, "neighbourhoods/event_detail.html", context)


def _more_dates(event, now, count=6):
    found = recurrence.occurrences_between(
        event.starts_at, event.ends_at, event.recurrence, now, now + datetime.timedelta(days=400)
    )
    return found[:count]


# Budgets


def budget_comparison(request):
    """Compare the wards' budgets for a financial year: budget, allocated and remaining, as a chart and a table."""
    years = selectors.budget_years()
    form = BudgetYearForm(request.GET, years=years)
    # A year without budgets, or anything that is not a year, is ignored: the latest year is shown.
    chosen = form.cleaned_data["year"] if form.is_valid() else None
    year = chosen or (years[0] if years else financial_year_of(timezone.localdate()))
    context = {
        "year": year,
        "year_label": financial_year_label(year),
        "years": [(y, financial_year_label(y)) for y in years],
        **selectors.budget_comparison_page(year),
        "breadcrumbs": _crumbs(("Ward budgets", None)),
    }
    return render(request, "neighbourhoods/wardbudget_list.html", context)


def allocation_list(request):
    """List what ward budgets were spent on, filtered by ward, year, category and kind of recipient."""
    allocations = AllocationFilter(
        request.GET, queryset=Allocation.objects.select_related("budget__ward").order_by("-decided_on", "-pk")
    )
    context = {
        "filter": allocations,
        "page_obj": _page(request, allocations.qs),
        "breadcrumbs": _crumbs(("Ward budgets", reverse("neighbourhoods:budgets")), ("Allocations", None)),
    }
    return render(request, "neighbourhoods/allocation_list.html", context)


# Campaigns


def campaign_list(request):
    """List the behaviour-change campaigns, city-wide and in single wards, filtered by where and when."""
    campaigns = LocalCampaignFilter(request.GET, queryset=LocalCampaign.objects.live().select_related("ward"))
    context = {
        "filter": campaigns,
        "page_obj": _page(request, campaigns.qs),
        "breadcrumbs": _crumbs(("Behaviour-change campaigns", None)),
    }
    return render(request, "neighbourhoods/localcampaign_list.html", context)


def campaign_detail(request, slug):
    """Show a campaign: the problem, what residents are asked to do, and what came of it."""
    campaign = get_object_or_404(LocalCampaign.objects.visible_to(request.user).select_related("ward"), slug=slug)
    context = {
        "campaign": campaign,
        "can_edit": campaign.ward_id and user_can_edit_ward(request.user, campaign.ward),
        "mailbox": campaign.ward.contact_email if campaign.ward_id else WEB_MAILBOX,
        "breadcrumbs": _crumbs(
            ("Behaviour-change campaigns", reverse("neighbourhoods:campaigns")), (campaign.title, None)
        ),
    }
    return render(request, "neighbourhoods/localcampaign_detail.html", context)


# Satisfaction


def satisfaction(request):
    """Chart each survey measure over the years, city-wide and, when chosen, for one ward, with tables."""
    wards = selectors.wards_with_survey_figures()
    form = SatisfactionWardForm(request.GET, wards=wards)
    # A ward without figures of its own, or anything that is not a ward's slug, is ignored: the city alone.
    ward = form.cleaned_data["ward"] if form.is_valid() else None
    survey = selectors.survey_table(ward)
    context = {
        "survey": survey,
        "charts": survey.measure_charts(ward),
        "wards": wards,
        "ward": ward,
        "any_demonstration": any(r.is_demonstration for r in [*survey.city.values(), *survey.ward.values()]),
        "breadcrumbs": _crumbs(("Residents' satisfaction", None)),
    }
    return render(request, "neighbourhoods/satisfaction.html", context)


# News


def news_detail(request, slug):
    """Show a ward's news post."""
    post = get_object_or_404(WardNews.objects.visible_to(request.user).select_related("ward"), slug=slug)
    context = {
        "post": post,
        "can_edit": user_can_edit_ward(request.user, post.ward),
        "mailbox": post.ward.contact_email,
        "breadcrumbs": _crumbs(
            ("Wards", reverse("neighbourhoods:wards")),
            (post.ward.name, post.ward.get_absolute_url()),
            (post.title, None),
        ),
    }
    return render(request, "neighbourhoods/wardnews_detail.html", context)
