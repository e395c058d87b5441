"""Login lockout (django-axes): 5 failures lock an account for 30 minutes on the web login, the
admin and the token endpoint; the security administrator can unlock it earlier."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from xinfang.common.errorpages import error_response


def lockout_minutes() -> int:
    cool_off = settings.AXES_COOLOFF_TIME
    return int(cool_off.total_seconds() // 60)


def lockout_message() -> str:
    return (
        f"登录失败次数过多（连续 {settings.AXES_FAILURE_LIMIT} 次），账号已锁定 {lockout_minutes()} 分钟。"
        "请稍后再试，或联系本单位安全管理员解除锁定。"
    )


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    response = error_response(request, 429, code="locked", message=lockout_message())
    response["Retry-After"] = str(lockout_minutes() * 60)
    return response


def is_locked(request: HttpRequest, username: str) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, {"username": username})
