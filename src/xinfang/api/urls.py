from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from xinfang.petitions.lifecycle import Act
from xinfang.security.views import TokenView

from . import views
from .acts import ACT_ENDPOINTS

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view()),
    path("units/", views.UnitsView.as_view()),
    path("categories/", views.CategoriesView.as_view()),
    path("petitions/", views.PetitionListCreateView.as_view(), name="petition-list"),
    path("petitions/check/", views.PetitionCheckView.as_view(), name="petition-check"),
    path("petitions/<int:pk>/", views.PetitionDetailView.as_view(), name="petition-detail"),
    path("petitions/<int:pk>/deadlines/", views.PetitionDeadlinesView.as_view(), name="petition-deadlines"),
    path("petitions/<int:pk>/events/", views.PetitionEventsView.as_view(), name="petition-events"),
    path(
        "petitions/<int:pk>/attachments/",
        views.PetitionAttachmentsView.as_view(),
        name="petition-attachments",
    ),
    path(
        "petitions/<int:pk>/attachments/<int:attachment_id>/",
        views.AttachmentDownloadView.as_view(),
        name="petition-attachment",
    ),
]
urlpatterns += [
    path(f"petitions/<int:pk>/acts/{act.value}/", views.act_view(act).as_view(), name=f"petition-{act.value}")
    for act in Act
    if act in ACT_ENDPOINTS
]
