"""Session and account policy for signed-in browser sessions (等保三级 8.1.4.1 a–d).

In order: the absolute session lifetime and the idle timeout (default 30 minutes) end the session;
an account that needs a second factor (administrators, bureau leaders) reaches nothing but the
TOTP page until it has entered a code; an initial or expired password reaches nothing but the
password page. API calls with a token are governed by the token's expiry and scopes instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from xinfang.common.errorpages import error_response, wants_json

from .duties import requires_otp
from .log import record
from .models import SecurityEventKind as K
from .passwords import password_expired

EXEMPT_PREFIXES = ("/static/", "/healthz", "/readyz", "/accounts/logout/", "/portal/", "/open311/")
# Only refresh the idle marker this often, so a busy page does not write its session every request.
SEEN_GRANULARITY = 60


def _verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


class AccountPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(EXEMPT_PREFIXES):
            return self.get_response(request)
        expired = self._session_expired(request)
        if expired:
            record(K.SESSION_EXPIRED, request=request, user=user, actor=user, reason=expired)
            auth.logout(request)
            message = (
                "长时间未操作，已自动退出，请重新登录。"
                if expired == "idle"
                else "登录已超过最长时限，请重新登录。"
            )
            if wants_json(request):
                return error_response(request, 401, code="session_expired", message=message)
            return HttpResponseRedirect(
                f"{settings.LOGIN_URL}?{urlencode({'next': request.get_full_path(), 'expired': expired})}"
            )
        if requires_otp(user) and not _verified(request):
            return self._divert(request, "security:otp", "须先输入动态口令完成双因素登录。", "otp_required")
        if user.must_change_password or password_expired(user):
            return self._divert(
                request,
                "security:password-change",
                "须先修改密码（初始密码或已超过有效期）。",
                "password_change_required",
            )
        return self.get_response(request)

    @staticmethod
    def _session_expired(request: HttpRequest) -> str:
        session = request.session
        now = int(time.time())
        login_at = session.get("xf_login_at")
        seen_at = session.get("xf_seen_at")
        if login_at is None or seen_at is None:
            # A session created before these markers (or by force_login in a test): start them now.
            session["xf_login_at"] = login_at or now
            session["xf_seen_at"] = now
            return ""
        if now - int(login_at) > settings.SESSION_COOKIE_AGE:
            return "absolute"
        if now - int(seen_at) > settings.XINFANG_SESSION_IDLE_SECONDS:
            return "idle"
        if now - int(seen_at) >= SEEN_GRANULARITY:
            session["xf_seen_at"] = now
        return ""

    def _divert(self, request: HttpRequest, url_name: str, message: str, code: str) -> HttpResponse:
        target = reverse(url_name)
        allowed = {target, reverse("security:otp"), reverse("logout")}
        if request.path in allowed:
            return self.get_response(request)
        if wants_json(request):
            return error_response(request, 403, code=code, message=message)
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
