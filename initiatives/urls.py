from django.urls import path

from . import feeds, opendata
from .views import public, writing

app_name = "initiatives"

urlpatterns = [
    path("", public.index, name="index"),
    path("programmes/<slug:slug>/", public.programme_detail, name="programme"),
    path("programmes/<slug:slug>/feed/", feeds.ProgrammeUpdatesFeed(), name="programme_feed"),
    path("projects/", public.project_list, name="projects"),
    path("projects/<slug:slug>/", public.project_detail, name="project"),
    path("indicators/", public.indicator_list, name="indicators"),
    path("indicators/values.csv", opendata.indicator_values_csv, name="indicator_values_csv"),
    path("indicators/values.json", opendata.indicator_values_json, name="indicator_values_json"),
    path("collective-impact/progress-reports.csv", opendata.reports_csv, name="reports_csv"),
    path("collective-impact/progress-reports.json", opendata.reports_json, name="reports_json"),
    path("indicators/how-the-direction-of-travel-is-judged/", public.trend_rule, name="trend_rule"),
    path("indicators/reporting-status/", public.reporting_status, name="reporting_status"),
    path("indicators/<slug:slug>/", public.indicator_detail, name="indicator"),
    path("indicators/<slug:slug>/values.csv", opendata.indicator_csv, name="indicator_csv"),
    path("collective-impact/<slug:slug>/", public.initiative_detail, name="initiative"),
    path("collective-impact/<slug:slug>/reports/", public.report_list, name="reports"),
    path("collective-impact/<slug:slug>/reports/feed/", feeds.InitiativeReportsFeed(), name="initiative_feed"),
    path("collective-impact/<slug:initiative>/reports/<slug:slug>/", public.report_detail, name="report"),
    path("case-studies/", public.case_study_list, name="case_studies"),
    path("case-studies/feed/", feeds.CaseStudiesFeed(), name="case_studies_feed"),
    path("case-studies/yours/", writing.my_case_studies, name="my_case_studies"),
    path("case-studies/new/", writing.case_study_create, name="case_study_create"),
    path("case-studies/review/", writing.review_list, name="review_list"),
    path("case-studies/<slug:slug>/", public.case_study_detail, name="case_study"),
    path("case-studies/<slug:slug>/edit/", writing.case_study_edit, name="case_study_edit"),
    path("case-studies/<slug:slug>/submit/", writing.case_study_submit, name="case_study_submit"),
    path("case-studies/<slug:slug>/images/add/", writing.case_study_image_add, name="case_study_image_add"),
    path(
        "case-studies/<slug:slug>/images/<int:pk>/remove/",
        writing.case_study_image_remove,
        name="case_study_image_remove",
    ),
    path("case-studies/<slug:slug>/review/", writing.case_study_review, name="case_study_review"),
]
