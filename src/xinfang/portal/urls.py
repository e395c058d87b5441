from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("submit/", views.submit, name="submit"),
    path("suggest/", views.submit, {"suggestion": True}, name="suggest"),
    path("query/", views.query, name="query"),
    path("matter/<str:code>/", views.matter, name="matter"),
    path("matter/<str:code>/documents/<str:kind>.docx", views.matter_document, name="matter-document"),
    path("suggestions/adopted/", views.adopted, name="adopted"),
    path("staff/suggestions/", views.staff_suggestions, name="staff-suggestions"),
    path("staff/suggestions/<int:pk>/publication/", views.staff_publication, name="staff-publication"),
]
