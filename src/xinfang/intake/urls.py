from django.urls import path

from . import views
from .api import IntakeAnalyseApi

app_name = "intake"

urlpatterns = [
    path("analyse/", views.analyse, name="analyse"),
    path("alerts/", views.alerts, name="alerts"),
    path("topics/", views.topics, name="topics"),
    path("replies/<int:pk>/references/", views.reply_references_view, name="reply-references"),
    path("replies/<int:pk>/check/", views.reply_check_view, name="reply-check"),
    path("api/analyse/", IntakeAnalyseApi.as_view(), name="api-analyse"),
]
