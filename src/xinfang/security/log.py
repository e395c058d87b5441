"""Writing the security log: one function, called from signal receivers and views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import SecurityEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Behind nginx the real address arrives in X-Real-IP (docs/deploy.md); REMOTE_ADDR otherwise.
    value = request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or ""
    value = value.split(",")[0].strip()
    return value or None


def channel_of(request: HttpRequest | None) -> str:
    if request is None:
        return "system"
    path = getattr(request, "path", "") or ""
    if path.startswith("/admin/"):
        return "admin"
    if path.startswith("/api/"):
        return "api"
    return "web"


def record(
    kind: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    actor: Any = None,
    **detail: Any,
) -> SecurityEvent:
    if request is not None and actor is None:
        current = getattr(request, "user", None)
        if current is not None and current.is_authenticated:
            actor = current
    if user is not None and not username:
        username = user.get_username()
    return SecurityEvent.objects.create(
        kind=kind,
        user=user if user is not None and getattr(user, "pk", None) else None,
        username=username[:150],
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        ip=client_ip(request),
        channel=channel_of(request),
        detail=detail,
    )
