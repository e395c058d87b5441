from django.urls import path

from . import views
from .api import IntakeAnalyseApi

app_name = "intake"

urlpatterns = [
    path("analyse/", views.analyse, name="analyse"),
    path("alerts/", views.alerts, name="alerts"),
    path("topics/", views.topics, name="topics"),
    path("api/analyse/", IntakeAnalyseApi.as_view(), name="api-analyse"),
]
