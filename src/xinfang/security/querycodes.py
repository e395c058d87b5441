"""Lockout of a 查询码 after 5 wrong phone-digit attempts (#12.4).

Four digits have 10,000 values; the per-code rate limit alone let them all be tried in under 17
hours. Now the fifth wrong pair locks the code for good until the petition bureau unlocks it (in
person with an ID document, or by phone after checking identity), or a deployment's SMS hook
(``XINFANG_QUERY_UNLOCK_SMS``) sends a one-time code to the petitioner's phone. A correct pair
before the limit resets the count.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import QueryCodeGuard

LIMIT = 5


def query_code_limit() -> int:
    return int(getattr(settings, "XINFANG_QUERY_CODE_FAILURES", LIMIT))


def locked_message() -> str:
    sms = "，或使用短信验证码解锁" if getattr(settings, "XINFANG_QUERY_UNLOCK_SMS", "") else ""
    return (
        f"该查询码因连续 {query_code_limit()} 次输入错误的手机号后四位已被锁定，以保护您的信息。"
        f"请携带本人身份证件到受理您信访事项的信访部门，或致电该部门核实身份后解锁{sms}。"
    )


def query_code_locked(code: str) -> bool:
    return QueryCodeGuard.objects.filter(query_code=code, locked_at__isnull=False).exists()


@transaction.atomic
def query_code_failed(code: str) -> bool:
    """Count one wrong pair; True when the code is (now) locked."""
    now = timezone.now()
    guard, _ = QueryCodeGuard.objects.select_for_update().get_or_create(query_code=code)
    QueryCodeGuard.objects.filter(pk=guard.pk).update(failures=F("failures") + 1, last_failure_at=now)
    guard.refresh_from_db()
    if guard.failures >= query_code_limit() and guard.locked_at is None:
        guard.locked_at = now
        guard.save(update_fields=["locked_at"])
    return guard.locked_at is not None


def query_code_succeeded(code: str) -> None:
    QueryCodeGuard.objects.filter(query_code=code, locked_at__isnull=True).delete()


def query_code_unlock(code: str) -> bool:
    return QueryCodeGuard.objects.filter(query_code=code).delete()[0] > 0
