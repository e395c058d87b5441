"""``unread_notifications`` for the navbar, counted only if a template uses it."""

from __future__ import annotations

from django.http import HttpRequest

from xinfang.orgs.models import User

from .selectors import unread_count


class UnreadCount:
    """Counts on first use, once per request; renders as the number and is false when zero."""

    def __init__(self, user: User) -> None:
        self._user = user
        self._value: int | None = None

    def __int__(self) -> int:
        if self._value is None:
            self._value = unread_count(self._user)
        return self._value

    def __bool__(self) -> bool:
        return int(self) > 0

    def __str__(self) -> str:
        return str(int(self))

    def __eq__(self, other: object) -> bool:
        return int(self) == other

    def __gt__(self, other: int) -> bool:
        return int(self) > other

    __hash__ = None  # type: ignore[assignment]


def notifications(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": UnreadCount(user)}
