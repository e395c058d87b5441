"""The unread-notification counter per recipient: moved by every service that creates or reads one.

Writers: ``services.common.notify``, the warning job's ``_create_once`` and the two
reading services. Each calls ``unread_add`` in the transaction that changes the rows;
``unread_problems`` compares the counters with a recount (``xinfang tally check``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from django.db import connection, transaction
from django.db.models import Count

from xinfang.orgs.models import User

from .models import Notification, UnreadTally


def unread_add(deltas: Mapping[int, int]) -> None:
    """Add ``deltas`` (recipient id → change) to the counters, in recipient order (no deadlocks)."""
    rows = sorted((pk, n) for pk, n in deltas.items() if n)
    if not rows:
        return
    table = connection.ops.quote_name(UnreadTally._meta.db_table)
    sql = (
        f"INSERT INTO {table} (recipient_id, unread) VALUES {', '.join(['(%s, %s)'] * len(rows))} "  # noqa: S608
        f"ON CONFLICT (recipient_id) DO UPDATE SET unread = {table}.unread + EXCLUDED.unread"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def unread_count_of(user: User) -> int:
    row = UnreadTally.objects.filter(recipient_id=user.pk).values_list("unread", flat=True).first()
    return max(0, row or 0)


def _recount() -> Counter[int]:
    rows = Notification.objects.filter(read_at__isnull=True).values("recipient_id").annotate(n=Count("pk"))
    return Counter({r["recipient_id"]: r["n"] for r in rows})


def unread_problems() -> list[str]:
    counted = _recount()
    stored = Counter(dict(UnreadTally.objects.exclude(unread=0).values_list("recipient_id", "unread")))
    return [
        f"接收人 {pk}：计数器 {stored.get(pk, 0)}，实际 {counted.get(pk, 0)}"
        for pk in sorted(set(counted) | set(stored))
        if counted.get(pk, 0) != stored.get(pk, 0)
    ]


@transaction.atomic
def unread_rebuild() -> int:
    UnreadTally.objects.all().delete()
    counted = _recount()
    UnreadTally.objects.bulk_create(UnreadTally(recipient_id=pk, unread=n) for pk, n in counted.items())
    return len(counted)
