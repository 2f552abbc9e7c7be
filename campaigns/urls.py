from django.urls import path

from . import feeds, opendata
from .views import public, writing

app_name = "campaigns"

urlpatterns = [
    path("", public.index, name="index"),
    path("chapters/<slug:slug>/", public.chapter_detail, name="chapter"),
    path("members/", public.member_list, name="members"),
    path("members/<slug:slug>/", public.member_detail, name="member"),
    path("campaigns/", public.campaign_list, name="list"),
    path("campaigns/<slug:slug>/", public.campaign_detail, name="detail"),
    path("campaigns/<slug:slug>/feed/", feeds.CampaignNewsFeed(), name="campaign_feed"),
    path("actions/", public.action_list, name="actions"),
    path("actions/upcoming.ics", feeds.upcoming_actions_calendar, name="calendar"),
    path("actions/new/", writing.action_create, name="action_create"),
    path("actions/<slug:slug>/", public.action_detail, name="action"),
    path("actions/<slug:slug>/edit/", writing.action_edit, name="action_edit"),
    path("accountability/", public.accountability, name="accountability"),
    path("accountability/asks.csv", opendata.asks_csv, name="asks_csv"),
    path("accountability/asks.json", opendata.asks_json, name="asks_json"),
    path("asks/new/", writing.ask_create, name="ask_create"),
    path("asks/<int:pk>/edit/", writing.ask_edit, name="ask_edit"),
    path("asks/<int:pk>/did-this-happen/<str:token>/", public.ask_outcome, name="ask_outcome"),
    path("achievements/", public.achievement_list, name="achievements"),
    path("achievements/data.csv", opendata.achievements_csv, name="achievements_csv"),
    path("achievements/data.json", opendata.achievements_json, name="achievements_json"),
    path("achievements/new/", writing.achievement_create, name="achievement_create"),
    path("achievements/<slug:slug>/", public.achievement_detail, name="achievement"),
    path("achievements/<slug:slug>/edit/", writing.achievement_edit, name="achievement_edit"),
    path("news/", public.news_list, name="news"),
    path("news/feed/", feeds.NewsFeed(), name="news_feed"),
    path("news/new/", writing.news_create, name="news_create"),
    path("news/<slug:slug>/", public.news_detail, name="news_detail"),
    path("news/<slug:slug>/react/", public.news_react, name="react"),
    path("news/<slug:slug>/edit/", writing.news_edit, name="news_edit"),
    path("news/<slug:slug>/submit/", writing.news_submit, name="news_submit"),
    path("news/<slug:slug>/publish/", writing.news_publish, name="news_publish"),
    path("training/", public.course_list, name="training"),
    path("training/<slug:slug>/", public.course_detail, name="course"),
    path("research/", public.research_list, name="research"),
    path("research/<slug:slug>/", public.research_detail, name="research_detail"),
    path("write/", writing.manage, name="manage"),
]
