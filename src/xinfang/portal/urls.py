from django.urls import path

from .views import matter, public, staff

app_name = "portal"

urlpatterns = [
    path("", public.home, name="home"),
    path("submit/", public.submit, name="submit"),
    path("submitted/", public.submitted, name="submitted"),
    path("suggest/", public.submit, {"suggestion": True}, name="suggest"),
    path("query/", public.query, name="query"),
    path("suggestions/adopted/", public.adopted, name="adopted"),
    path("matter/<str:code>/", matter.matter, name="matter"),
    path("matter/<str:code>/documents/<str:kind>.docx", matter.matter_document, name="matter-document"),
    path("matter/<str:code>/materials/<int:pk>/", matter.matter_material, name="matter-material"),
    path("matter/<str:code>/leave/", matter.matter_leave, name="matter-leave"),
    path("staff/suggestions/", staff.staff_suggestions, name="staff-suggestions"),
    path("staff/suggestions/<int:pk>/publication/", staff.staff_publication, name="staff-publication"),
]
