from django.urls import path

from . import feeds, opendata
from .views import public, writing

app_name = "neighbourhoods"

urlpatterns = [
    path("", public.locality, name="index"),
    path("wards/", public.ward_list, name="wards"),
    path("wards/find/", public.ward_find, name="find"),
    path("wards/<slug:slug>/", public.ward_detail, name="ward"),
    path("wards/<slug:slug>/feed/", feeds.WardFeed(), name="ward_feed"),
    path("wards/<slug:slug>/events.ics", feeds.ward_calendar, name="ward_calendar"),
    path("committees/<slug:slug>/", public.committee_detail, name="committee"),
    path("events/", public.event_list, name="events"),
    path("events/past/", public.event_list, {"past": True}, name="past_events"),
    path("events/calendar.ics", feeds.city_calendar, name="calendar"),
    path("events/<slug:slug>/", public.event_detail, name="event"),
    path("events/<slug:slug>/event.ics", feeds.event_calendar, name="event_calendar"),
    path("budgets/", public.budget_comparison, name="budgets"),
    path("budgets/allocations/", public.allocation_list, name="allocations"),
    path("budgets/budgets.csv", opendata.budgets_csv, name="budgets_csv"),
    path("budgets/budgets.json", opendata.budgets_json, name="budgets_json"),
    path("budgets/grants.json", opendata.grants_json, name="grants_json"),
    path("budgets/grants.csv", opendata.grants_csv, name="grants_csv"),
    path("campaigns/", public.campaign_list, name="campaigns"),
    path("campaigns/<slug:slug>/", public.campaign_detail, name="campaign"),
    path("satisfaction/", public.satisfaction, name="satisfaction"),
    path("news/<slug:slug>/", public.news_detail, name="news"),
    # Officers' editing; each view answers 403 for a ward that is not the officer's.
    path("your-wards/", writing.my_wards, name="my_wards"),
    path("wards/<slug:slug>/edit/", writing.ward_edit, name="edit"),
    path("wards/<slug:slug>/edit/team/<str:role>/", writing.team_edit, name="team_edit"),
    path("wards/<slug:slug>/edit/budgets/<int:year>/allocate/", writing.allocation_create, name="allocation_create"),
    path("wards/<slug:slug>/edit/allocations/<int:pk>/", writing.allocation_update, name="allocation_update"),
    path("wards/<slug:slug>/edit/allocations/<int:pk>/withdraw/", writing.allocation_delete, name="allocation_delete"),
    path("wards/<slug:slug>/edit/events/new/", writing.event_create, name="event_create"),
    path("wards/<slug:slug>/edit/events/<slug:event_slug>/", writing.event_update, name="event_update"),
    path("wards/<slug:slug>/edit/campaigns/new/", writing.campaign_create, name="campaign_create"),
    path("wards/<slug:slug>/edit/campaigns/<slug:campaign_slug>/", writing.campaign_update, name="campaign_update"),
    path("wards/<slug:slug>/edit/news/new/", writing.news_create, name="news_create"),
    path("wards/<slug:slug>/edit/news/<slug:news_slug>/", writing.news_update, name="news_update"),
    path("wards/<slug:slug>/edit/surveys/new/", writing.survey_create, name="survey_create"),
    path("wards/<slug:slug>/edit/surveys/<int:pk>/", writing.survey_update, name="survey_update"),
]
