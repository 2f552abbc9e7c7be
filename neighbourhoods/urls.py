from django.urls import path

from . import editing, feeds, opendata, views

app_name = "neighbourhoods"

urlpatterns = [
    path("", views.locality, name="index"),
    path("wards/", views.ward_list, name="wards"),
    path("wards/find/", views.ward_find, name="find"),
    path("wards/<slug:slug>/", views.ward_detail, name="ward"),
    path("wards/<slug:slug>/feed/", feeds.WardFeed(), name="ward_feed"),
    path("wards/<slug:slug>/events.ics", feeds.ward_calendar, name="ward_calendar"),
    path("committees/<slug:slug>/", views.committee_detail, name="committee"),
    path("events/", views.event_list, name="events"),
    path("events/past/", views.event_list, {"past": True}, name="past_events"),
    path("events/calendar.ics", feeds.city_calendar, name="calendar"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("events/<slug:slug>/event.ics", feeds.event_calendar, name="event_calendar"),
    path("budgets/", views.budget_comparison, name="budgets"),
    path("budgets/allocations/", views.allocation_list, name="allocations"),
    path("budgets/grants.json", opendata.grants_json, name="grants_json"),
    path("budgets/grants.csv", opendata.grants_csv, name="grants_csv"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="campaign"),
    path("satisfaction/", views.satisfaction, name="satisfaction"),
    path("news/<slug:slug>/", views.news_detail, name="news"),
    # Officers' editing; each view answers 403 for a ward that is not the officer's.
    path("your-wards/", editing.my_wards, name="my_wards"),
    path("wards/<slug:slug>/edit/", editing.ward_edit, name="edit"),
    path("wards/<slug:slug>/edit/team/<str:role>/", editing.team_edit, name="team_edit"),
    path("wards/<slug:slug>/edit/budgets/<int:year>/allocate/", editing.allocation_create, name="allocation_create"),
    path("wards/<slug:slug>/edit/allocations/<int:pk>/", editing.allocation_update, name="allocation_update"),
    path("wards/<slug:slug>/edit/allocations/<int:pk>/withdraw/", editing.allocation_delete, name="allocation_delete"),
    path("wards/<slug:slug>/edit/events/new/", editing.event_create, name="event_create"),
    path("wards/<slug:slug>/edit/events/<slug:event_slug>/", editing.event_update, name="event_update"),
    path("wards/<slug:slug>/edit/campaigns/new/", editing.campaign_create, name="campaign_create"),
    path("wards/<slug:slug>/edit/campaigns/<slug:campaign_slug>/", editing.campaign_update, name="campaign_update"),
    path("wards/<slug:slug>/edit/news/new/", editing.news_create, name="news_create"),
    path("wards/<slug:slug>/edit/news/<slug:news_slug>/", editing.news_update, name="news_update"),
    path("wards/<slug:slug>/edit/surveys/new/", editing.survey_create, name="survey_create"),
    path("wards/<slug:slug>/edit/surveys/<int:pk>/", editing.survey_update, name="survey_update"),
]
