from django.urls import path

from . import feeds, views

app_name = "initiatives"

urlpatterns = [
    path("", views.index, name="index"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
    path("programmes/<slug:slug>/feed/", feeds.ProgrammeUpdatesFeed(), name="programme_feed"),
    path("projects/", views.project_list, name="projects"),
    path("projects/<slug:slug>/", views.project_detail, name="project"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/how-the-direction-of-travel-is-judged/", views.trend_rule, name="trend_rule"),
    path("indicators/<slug:slug>/", views.indicator_detail, name="indicator"),
    path("indicators/<slug:slug>/values.csv", views.indicator_csv, name="indicator_csv"),
    path("collective-impact/<slug:slug>/", views.initiative_detail, name="initiative"),
    path("collective-impact/<slug:slug>/reports/", views.report_list, name="reports"),
    path("collective-impact/<slug:slug>/reports/feed/", feeds.InitiativeReportsFeed(), name="initiative_feed"),
    path("collective-impact/<slug:initiative>/reports/<slug:slug>/", views.report_detail, name="report"),
    path("case-studies/", views.case_study_list, name="case_studies"),
    path("case-studies/yours/", views.my_case_studies, name="my_case_studies"),
    path("case-studies/new/", views.case_study_create, name="case_study_create"),
    path("case-studies/review/", views.review_list, name="review_list"),
    path("case-studies/<slug:slug>/", views.case_study_detail, name="case_study"),
    path("case-studies/<slug:slug>/edit/", views.case_study_edit, name="case_study_edit"),
    path("case-studies/<slug:slug>/submit/", views.case_study_submit, name="case_study_submit"),
    path("case-studies/<slug:slug>/images/add/", views.case_study_image_add, name="case_study_image_add"),
    path(
        "case-studies/<slug:slug>/images/<int:pk>/remove/",
        views.case_study_image_remove,
        name="case_study_image_remove",
    ),
    path("case-studies/<slug:slug>/review/", views.case_study_review, name="case_study_review"),
]
