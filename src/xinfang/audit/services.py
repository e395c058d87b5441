"""Writes of the audit trail."""

from __future__ import annotations

from collections.abc import Iterable

from xinfang.orgs.models import User

from .models import AccessRecord


def access_record(
    *,
    user: User,
    pairs: Iterable[tuple[int | None, int | None]],
    purpose: str,
    unmasked: bool,
    ip: str | None = None,
) -> int:
    """Record one read of personal data per (petitioner id, petition id) pair; returns the count."""
    records = [
        AccessRecord(
            user=user,
            petitioner_id=petitioner_id,
            petition_id=petition_id,
            purpose=purpose,
            unmasked=unmasked,
            ip=ip,
        )
        for petitioner_id, petition_id in dict.fromkeys(pairs)
    ]
    if len(records) == 1:
        records[0].save()  # one INSERT; bulk_create would wrap it in BEGIN … COMMIT
    else:
        AccessRecord.objects.bulk_create(records)
    return len(records)
