from django.urls import path

from . import feeds, views

app_name = "campaigns"

urlpatterns = [
    path("", views.index, name="index"),
    path("chapters/<slug:slug>/", views.chapter_detail, name="chapter"),
    path("members/", views.member_list, name="members"),
    path("members/<slug:slug>/", views.member_detail, name="member"),
    path("campaigns/", views.campaign_list, name="list"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="detail"),
    path("campaigns/<slug:slug>/feed/", feeds.CampaignNewsFeed(), name="campaign_feed"),
    path("actions/", views.action_list, name="actions"),
    path("actions/upcoming.ics", feeds.upcoming_actions_calendar, name="calendar"),
    path("actions/new/", views.action_create, name="action_create"),
    path("actions/<slug:slug>/", views.action_detail, name="action"),
    path("actions/<slug:slug>/edit/", views.action_edit, name="action_edit"),
    path("accountability/", views.accountability, name="accountability"),
    path("asks/new/", views.ask_create, name="ask_create"),
    path("asks/<int:pk>/edit/", views.ask_edit, name="ask_edit"),
    path("achievements/", views.achievement_list, name="achievements"),
    path("achievements/new/", views.achievement_create, name="achievement_create"),
    path("achievements/<slug:slug>/", views.achievement_detail, name="achievement"),
    path("achievements/<slug:slug>/edit/", views.achievement_edit, name="achievement_edit"),
    path("news/", views.news_list, name="news"),
    path("news/feed/", feeds.NewsFeed(), name="news_feed"),
    path("news/new/", views.news_create, name="news_create"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
    path("news/<slug:slug>/react/", views.news_react, name="react"),
    path("news/<slug:slug>/edit/", views.news_edit, name="news_edit"),
    path("news/<slug:slug>/submit/", views.news_submit, name="news_submit"),
    path("news/<slug:slug>/publish/", views.news_publish, name="news_publish"),
    path("training/", views.course_list, name="training"),
    path("training/<slug:slug>/", views.course_detail, name="course"),
    path("research/", views.research_list, name="research"),
    path("research/<slug:slug>/", views.research_detail, name="research_detail"),
    path("write/", views.manage, name="manage"),
]
