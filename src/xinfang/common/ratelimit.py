"""Rate limits for public endpoints (citizen portal, Open311): per client address and per identity.

Counting uses django-ratelimit's fixed windows in the default cache. A deployment
running several processes must point the default cache at a shared store (Redis,
Memcached); the embedded default (one process) counts in local memory. No
CAPTCHA: nothing here calls an outside service, so isolated networks work.

Limits are settings (``XINFANG_RATE_LIMITS``: scope -> {"ip": rate, "identity": rate}),
rates in django-ratelimit's notation such as "20/h" or "5/m".
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from .exceptions import RateLimited

DEFAULT_LIMITS: dict[str, dict[str, str]] = {
    "portal_submit": {"ip": "20/h", "identity": "5/h"},
    "portal_query": {"ip": "60/m", "identity": "10/m"},
    "portal_act": {"ip": "30/h", "identity": "10/h"},
    "open311_write": {"ip": "60/m", "identity": "30/m"},
    "open311_read": {"ip": "300/m", "identity": "300/m"},
    # mySociety's updates extension: reads count as reads per address, comments per client and
    # per request (one matter cannot be flooded through a busy client).
    "open311_update": {"ip": "60/m", "identity": "60/m"},
    "open311_update_request": {"identity": "20/h"},
}


def limits_for(scope: str) -> dict[str, str]:
    configured: dict[str, dict[str, str]] = getattr(settings, "XINFANG_RATE_LIMITS", {})
    return configured.get(scope) or DEFAULT_LIMITS[scope]


def client_address(request: HttpRequest) -> str:
    """The caller's address; behind a reverse proxy, the proxy sets REMOTE_ADDR (see deployment docs)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


_PERIODS = {"s": "秒", "m": "分钟", "h": "小时", "d": "天"}


def rate_text(rate: str) -> str:
    """A django-ratelimit rate in Chinese: "10/m" → "每分钟 10 次", "100/5m" → "每 5 分钟 100 次"."""
    count, _, period = rate.partition("/")
    digits = period.rstrip("smhd")
    unit = _PERIODS.get(period[len(digits) :], period[len(digits) :])
    return f"每{f' {digits} ' if digits and digits != '1' else ''}{unit} {count} 次"


def _retry_after(usage: dict[str, object]) -> int:
    left = usage.get("time_left")
    return max(1, int(left)) if isinstance(left, int | float) else 60


def rate_limit_hit(request: HttpRequest, *, scope: str, identity: str | None = None) -> None:
    """Count one request in ``scope``; raise RateLimited (HTTP 429) once a limit is passed.

    ``identity`` is what names the person or client (ID number, phone, query code, API
    key); it is hashed before it becomes a cache key so no personal data sits in the cache.
    """
    limits = limits_for(scope)
    keys: list[tuple[str, str]] = [("ip", client_address(request))]
    if identity:
        keys.append(("identity", hashlib.sha256(identity.encode()).hexdigest()))
    for kind, value in keys:
        rate = limits.get(kind)
        if not rate:
            continue
        usage = get_usage(
            request,
            group=f"xinfang:{scope}:{kind}",
            key=lambda _group, _request, value=value: value,
            rate=rate,
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            who = "该IP地址" if kind == "ip" else "该身份"
            raise RateLimited(
                f"{who}的请求过于频繁，请稍后再试（限额：{rate_text(rate)}）", retry_after=_retry_after(usage)
            )
