"""The 重点人/重点案件 ledger: open an entry, move its status, 销号 once it is resolved.

Responsible officials keep the status current (化解中 / 稳控中 / 已化解); only the
supervising office opens entries and 销号, and only from 已化解, so a case cannot
leave the ledger while it is still being resolved or kept stable.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from xinfang.common.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from xinfang.orgs.models import User
from xinfang.petitions.models import Petition

from ..constants import KeyCaseKind, KeyCaseStatus, NotificationKind
from ..models import KeyCase
from ..permissions import ensure_supervisor, is_supervisor
from .common import log_record, notify
from .orders import ensure_petition_visible

LEDGER = "supervision:key-cases"


def _officials(officials: Sequence[User]) -> list[User]:
    people = [user for user in officials if user.is_active]
    if not people:
        raise ValidationFailed(fields={"officials": "请至少指定一名在岗责任人"})
    return people


@transaction.atomic
def key_case_create(
    *,
    actor: User,
    kind: str,
    subject: str,
    officials: Sequence[User],
    petition: Petition | None = None,
    description: str = "",
    status: str = KeyCaseStatus.RESOLVING,
) -> KeyCase:
    ensure_supervisor(actor, "建立重点人/重点案件台账")
    ensure_petition_visible(actor, petition)
    fields = {}
    if kind not in KeyCaseKind.values:
        fields["kind"] = "请选择重点人或重点案件"
    if not subject or not subject.strip():
        fields["subject"] = "请填写对象"
    if status not in (KeyCaseStatus.RESOLVING, KeyCaseStatus.STABILISING):
        fields["status"] = "新建台账应为化解中或稳控中"
    if fields:
        raise ValidationFailed(fields=fields)
    people = _officials(officials)
    now = timezone.now()
    entry = KeyCase.objects.create(
        kind=kind,
        subject=subject.strip()[:200],
        petition=petition,
        description=description.strip(),
        status=status,
        created_by=actor,
        created_at=now,
        status_changed_at=now,
    )
    entry.officials.set(people)
    log_record(
        action="key_case_create",
        actor=actor,
        at=now,
        petition=petition,
        key_case=entry,
        to_status=status,
        payload={"officials": [u.pk for u in people]},
    )
    notify(
        recipients=people,
        kind=NotificationKind.KEY_CASE,
        title=f"您被列为{entry.get_kind_display()}「{entry.subject}」的责任人",
        body=entry.description,
        link=reverse(LEDGER),
        petition=petition,
    )
    return entry


def _locked_open(entry: KeyCase) -> KeyCase:
    entry = KeyCase.objects.select_for_update().get(pk=entry.pk)
    if entry.closed_at is not None:
        raise InvalidTransition("该台账已销号，不能再变更")
    return entry


def may_update(user: User, entry: KeyCase) -> bool:
    return is_supervisor(user) or entry.officials.filter(pk=user.pk).exists()


@transaction.atomic
def key_case_set_status(*, key_case: KeyCase, actor: User, status: str, note: str = "") -> KeyCase:
    entry = _locked_open(key_case)
    if not may_update(actor, entry):
        raise PermissionDenied("只有责任人或督查人员可以更新台账状态")
    if status not in KeyCaseStatus.values:
        raise ValidationFailed(fields={"status": "请选择状态"})
    if status == entry.status:
        raise ValidationFailed(fields={"status": "与当前状态相同"})
    before = entry.status
    entry.status = status
    entry.status_changed_at = timezone.now()
    entry.save(update_fields=["status", "status_changed_at"])
    log_record(
        action="key_case_status",
        actor=actor,
        at=entry.status_changed_at,
        petition=entry.petition,
        key_case=entry,
        from_status=before,
        to_status=status,
        payload={"note": note.strip()},
    )
    return entry


@transaction.atomic
def key_case_set_officials(*, key_case: KeyCase, actor: User, officials: Sequence[User]) -> KeyCase:
    ensure_supervisor(actor, "调整责任人")
    entry = _locked_open(key_case)
    people = _officials(officials)
    before = set(entry.officials.values_list("pk", flat=True))
    entry.officials.set(people)
    log_record(
        action="key_case_officials",
        actor=actor,
        petition=entry.petition,
        key_case=entry,
        payload={"before": sorted(before), "after": sorted(u.pk for u in people)},
    )
    added = [u for u in people if u.pk not in before]
    if added:
        notify(
            recipients=added,
            kind=NotificationKind.KEY_CASE,
            title=f"您被列为{entry.get_kind_display()}「{entry.subject}」的责任人",
            link=reverse(LEDGER),
            petition=entry.petition,
        )
    return entry


@transaction.atomic
def key_case_close(*, key_case: KeyCase, actor: User, note: str) -> KeyCase:
    """销号: only a resolved (已化解) entry, with a note saying how it was resolved."""
    entry = _locked_open(key_case)
    if entry.status != KeyCaseStatus.RESOLVED:
        raise InvalidTransition(f"台账状态为「{entry.get_status_display()}」，已化解后方可销号")
    ensure_supervisor(actor, "销号")
    if not note or not note.strip():
        raise ValidationFailed(fields={"note": "请填写销号说明"})
    entry.closed_at = timezone.now()
    entry.closed_by = actor
    entry.close_note = note.strip()[:500]
    entry.save(update_fields=["closed_at", "closed_by", "close_note"])
    log_record(
        action="key_case_close",
        actor=actor,
        at=entry.closed_at,
        petition=entry.petition,
        key_case=entry,
        from_status=entry.status,
        to_status=entry.status,
        payload={"note": entry.close_note},
    )
    return entry
