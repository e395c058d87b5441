from django.urls import path

from . import views

app_name = "security"
urlpatterns = [
    path("otp/", views.otp_view, name="otp"),
    path("password/", views.password_change, name="password-change"),
    path("lockouts/", views.lockouts, name="lockouts"),
    path("lockouts/unlock/", views.unlock, name="unlock"),
    path("lockouts/otp-reset/", views.otp_reset, name="otp-reset"),
    path("lockouts/query-code/", views.query_code_unlock_view, name="query-code-unlock"),
    path("log/", views.security_log, name="log"),
]
