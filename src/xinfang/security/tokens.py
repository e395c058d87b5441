"""Expiring, scoped API tokens (replacing DRF's permanent tokens).

A token is shown once at issue; the database keeps its SM3 digest. ``read`` allows safe methods,
``write`` also the acts; every token expires (default ``XINFANG_TOKEN_DAYS`` = 30, at most 90).
Issuing one goes through the same lockout as the web login, and accounts that need a second
factor must send a current TOTP code.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request

from xinfang.common.crypto import sm3_hex

from .models import ApiToken

MAX_DAYS = 90


def digest(raw: str) -> str:
    return sm3_hex(raw.encode())


def token_issue(
    *, user: Any, scopes: list[str], days: int | None = None, name: str = ""
) -> tuple[str, ApiToken]:
    days = days or int(getattr(settings, "XINFANG_TOKEN_DAYS", 30))
    days = max(1, min(days, MAX_DAYS))
    raw = "xf_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        digest=digest(raw),
        prefix=raw[:8],
        user=user,
        name=name[:100],
        scopes=sorted(set(scopes)),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return raw, token


class ExpiringTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("Token", "Bearer")

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("令牌格式错误")
        raw = header[1].decode(errors="replace")
        token = ApiToken.objects.select_related("user__unit").filter(digest=digest(raw)).first()
        now = timezone.now()
        if token is None or token.revoked_at is not None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("令牌无效或已吊销")
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed("令牌已过期，请重新申请")
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Token realm="api"'


class TokenScopePermission(permissions.BasePermission):
    """A read-only token may not act: unsafe methods need the ``write`` scope."""

    message = "令牌权限范围不足（需要「write」写入权限）"

    def has_permission(self, request: Request, view: Any) -> bool:
        if isinstance(request.auth, ApiToken) and request.method not in permissions.SAFE_METHODS:
            return ApiToken.Scope.WRITE in request.auth.scopes
        return True
