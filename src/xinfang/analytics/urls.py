from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("report/monthly.docx", views.monthly_download, name="monthly-report"),
    path("report/annual.xlsx", views.annual_download, name="annual-report"),
    path("activities/", views.activities, name="activities"),
]
