from django.urls import path

from . import health, views
from .second_factor import views as second_factor

app_name = "core"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("accounts/second-factor/", second_factor.account, name="second_factor"),
    path("accounts/second-factor/code/", second_factor.verify, name="second_factor_verify"),
    path("accounts/second-factor/set-up/", second_factor.set_up, name="second_factor_set_up"),
    path("accounts/second-factor/recovery-codes/", second_factor.recovery_codes, name="second_factor_recovery_codes"),
    path("accounts/second-factor/turn-off/", second_factor.turn_off, name="second_factor_turn_off"),
    path("follow/", views.follow, name="follow"),
    path("follow/sent/", views.follow_sent, name="follow_sent"),
    path("follow/confirm/<str:token>/", views.follow_confirm, name="follow_confirm"),
    path("follow/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feedback/", views.page_feedback, name="feedback"),
    path("feedback/sent/", views.page_feedback_sent, name="feedback_sent"),
    path("pages/<slug:slug>/", views.page_detail, name="page"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:content_type_id>/<int:pk>/", views.review_item, name="review_item"),
    path("your-work/", views.your_work, name="your_work"),
]
