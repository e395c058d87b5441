from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "智慧信访 管理后台"
admin.site.site_title = "智慧信访"

urlpatterns = [
    path("", include("xinfang.web.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("xinfang.api.urls")),
    path("api-auth/", include("rest_framework.urls")),
    path("intake/", include("xinfang.intake.urls")),
    path("supervision/", include("xinfang.supervision.urls")),
    path("analytics/", include("xinfang.analytics.urls")),
    path("portal/", include("xinfang.portal.urls")),
    path("open311/v2/", include("xinfang.open311.urls")),
]
