"""Large ledgers are built by the worker (ADR 0014 §9) and their owner is notified."""

from __future__ import annotations

import tempfile

from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from .models import LedgerExport


@task()
def ledger_export_build(export_id: int) -> int:
    """Build the workbook of one requested export; returns the rows written."""
    from xinfang.api.views import ListFilterIn
    from xinfang.orgs.models import User
    from xinfang.petitions import selectors
    from xinfang.supervision.constants import NotificationKind
    from xinfang.supervision.services.common import notify

    from .export import ledger_write

    export = LedgerExport.objects.select_related("requested_by").get(pk=export_id)
    if export.state == LedgerExport.State.DONE:
        return export.rows
    LedgerExport.objects.filter(pk=export.pk).update(state=LedgerExport.State.RUNNING)
    user: User = export.requested_by
    params = ListFilterIn(data=export.params)
    params.is_valid(raise_exception=True)
    petitions = selectors.petitions_filter(selectors.petitions_visible_to(user), **params.validated_data)
    try:
        with tempfile.TemporaryFile(suffix=".xlsx") as scratch:
            made = ledger_write(
                petitions,
                scratch,
                title=export.title,
                conditions=export.conditions,
                requested_by=user.display_name,
            )
            scratch.seek(0)
            export.file.save(export.download_name, File(scratch), save=False)
    except Exception as error:
        LedgerExport.objects.filter(pk=export.pk).update(
            state=LedgerExport.State.FAILED, error=str(error)[:300], finished_at=timezone.now()
        )
        raise
    _record_access(user, petitions)
    with transaction.atomic():
        export.state, export.rows, export.finished_at = LedgerExport.State.DONE, made.rows, timezone.now()
        export.save(update_fields=["state", "rows", "file", "finished_at"])
        notify(
            recipients=[user],
            kind=NotificationKind.LEDGER_READY,
            title=f"{export.title}已生成：{made.rows} 件",
            body=f"筛选条件：{export.conditions or '无'}",
            link=reverse("web:ledger-download", args=[export.pk]),
        )
    return made.rows


def _record_access(user: object, petitions: object) -> None:
    """One access record per exported petitioner and petition, written in chunks."""
    from itertools import islice

    from xinfang.audit.services import access_record

    pairs = petitions.order_by().values_list("petitioner_id", "pk").iterator(chunk_size=5000)  # type: ignore[attr-defined]
    while chunk := list(islice(pairs, 5000)):
        access_record(user=user, pairs=chunk, purpose="ledger_export", unmasked=False)  # type: ignore[arg-type]
