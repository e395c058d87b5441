"""Password rules of 等保三级 (GB/T 22239-2019 8.1.4.1 a): complexity, history and expiry.

Length (settings, default 10), at least three of four character classes, not the user name,
none of the last five passwords; passwords expire after ``XINFANG_PASSWORD_MAX_AGE_DAYS`` (default
90) and a password set by an administrator is an initial password that must be changed at the
first login (``User.must_change_password``; enforced by ``middleware.AccountPolicyMiddleware``).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

CLASSES = [
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"[0-9]"), "数字"),
    (re.compile(r"[^a-zA-Z0-9]"), "特殊字符"),
]


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        present = sum(1 for pattern, _ in CLASSES if pattern.search(password))
        if present < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return f"密码须包含大写字母、小写字母、数字、特殊字符中的至少 {self.min_classes} 类。"


class NotUsernameValidator:
    def validate(self, password: str, user: Any = None) -> None:
        username = (getattr(user, "username", "") or "").lower()
        lowered = password.lower()
        if username and len(username) >= 3 and (username in lowered or username[::-1] in lowered):
            raise ValidationError(self.get_help_text(), code="password_contains_username")

    def get_help_text(self) -> str:
        return "密码不得包含用户名（或其倒序）。"


class PasswordHistoryValidator:
    """Refuses the current and the last ``count`` passwords; records each new one."""

    def __init__(self, count: int = 5) -> None:
        self.count = count

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or not getattr(user, "pk", None):
            return
        from xinfang.orgs.models import User

        from .models import PasswordHistory

        current = User.objects.filter(pk=user.pk).values_list("password", flat=True).first()
        previous = list(
            PasswordHistory.objects.filter(user_id=user.pk).values_list("password", flat=True)[: self.count]
        )
        for encoded in [current, *previous]:
            if encoded and check_password(password, encoded):
                raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or not getattr(user, "pk", None):
            return
        from xinfang.orgs.models import User

        from .models import PasswordHistory

        PasswordHistory.objects.create(user_id=user.pk, password=user.password)
        keep = list(
            PasswordHistory.objects.filter(user_id=user.pk).values_list("pk", flat=True)[: self.count]
        )
        PasswordHistory.objects.filter(user_id=user.pk).exclude(pk__in=keep).delete()
        User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now())

    def get_help_text(self) -> str:
        return f"新密码不得与最近 {self.count} 次使用过的密码相同。"


def password_expired(user: Any) -> bool:
    days = int(getattr(settings, "XINFANG_PASSWORD_MAX_AGE_DAYS", 90))
    if days <= 0 or not user.has_usable_password():
        return False
    changed = getattr(user, "password_changed_at", None)
    return changed is None or changed < timezone.now() - timedelta(days=days)
