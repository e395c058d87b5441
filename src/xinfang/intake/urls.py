from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("analyse/", views.analyse, name="analyse"),
    path("alerts/", views.alerts, name="alerts"),
    path("topics/", views.topics, name="topics"),
]
