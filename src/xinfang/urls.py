from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from xinfang.common import health

admin.site.site_header = "智慧信访 管理后台"
admin.site.site_title = "智慧信访"

urlpatterns = [
    path("", include("xinfang.web.urls")),
    path("healthz", health.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (admin, error pages, files): the
    # static icon (its hashed name under the manifest storage, hence resolved per request).
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("web/favicon.svg"), permanent=True)),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("security/", include("xinfang.security.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("xinfang.api.urls")),
    path("api-auth/", include("rest_framework.urls")),
    path("intake/", include("xinfang.intake.urls")),
    path("supervision/", include("xinfang.supervision.urls")),
    path("analytics/", include("xinfang.analytics.urls")),
    path("portal/", include("xinfang.portal.urls")),
    path("open311/v2/", include("xinfang.open311.urls")),
]

# Never a debug page: plain Chinese pages or JSON with a request id (xinfang.common.errorpages).
handler400 = "xinfang.common.errorpages.bad_request"
handler403 = "xinfang.common.errorpages.permission_denied"
handler404 = "xinfang.common.errorpages.page_not_found"
handler500 = "xinfang.common.errorpages.server_error"
