from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("<slug:slug>/", views.page_detail, name="page"),
]
