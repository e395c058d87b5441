"""领导包案: a leader takes personal charge of a petition; 提级 hands it to a higher-level leader.

Rows are never edited away: a raise ends the current row and starts a new one
pointing back to it, so the history of who owned the case stays readable.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from xinfang.common.exceptions import InvalidTransition, ValidationFailed
from xinfang.orgs.constants import AdminLevel, Perm
from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import OPEN_STATES, Status
from xinfang.petitions.models import Petition

from ..constants import NotificationKind
from ..models import CaseOwnership
from ..permissions import ensure_supervisor
from .common import log_record, notify
from .orders import ensure_petition_visible


def _open_petition(actor: User, petition: Petition) -> Petition:
    ensure_petition_visible(actor, petition)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.status not in OPEN_STATES:
        raise InvalidTransition(f"信访事项当前状态为「{Status(petition.status).label}」，不能包案")
    return petition


def _leader_level(leader: User) -> int:
    if not leader.is_active or leader.unit is None:
        raise ValidationFailed(fields={"leader": "包案领导须为在岗并有所属单位的工作人员"})
    if not leader.may(Perm.LEAD):
        raise ValidationFailed(fields={"leader": "包案领导须为领导干部（所持角色含“领导包案”权限）"})
    return int(leader.unit.level)


def _active(petition: Petition) -> CaseOwnership | None:
    return CaseOwnership.objects.filter(petition=petition, ended_at__isnull=True).first()


def _start(
    *, petition: Petition, actor: User, leader: User, level: int, note: str, raised_from: CaseOwnership | None
) -> CaseOwnership:
    now = timezone.now()
    ownership = CaseOwnership.objects.create(
        petition=petition,
        leader=leader,
        level=level,
        raised_from=raised_from,
        note=note.strip()[:300],
        assigned_by=actor,
        assigned_at=now,
    )
    action = "ownership_raise" if raised_from else "ownership_assign"
    log_record(
        action=action,
        actor=actor,
        at=now,
        petition=petition,
        payload={"leader": leader.pk, "level": level, "from": raised_from.leader_id if raised_from else None},
    )
    notify(
        recipients=[leader],
        kind=NotificationKind.OWNERSHIP,
        title=f"{'提级' if raised_from else ''}包案：信访事项{petition.number}「{petition.title[:30]}」",
        body=note,
        link=reverse("web:petition-detail", args=[petition.pk]),
        petition=petition,
    )
    return ownership


@transaction.atomic
def case_ownership_assign(*, petition: Petition, actor: User, leader: User, note: str = "") -> CaseOwnership:
    ensure_supervisor(actor, "安排领导包案")
    petition = _open_petition(actor, petition)
    if _active(petition) is not None:
        raise InvalidTransition("该信访事项已有包案领导；如需更高层级领导包案，请使用「提级」")
    level = _leader_level(leader)
    return _start(petition=petition, actor=actor, leader=leader, level=level, note=note, raised_from=None)


@transaction.atomic
def case_ownership_raise(*, petition: Petition, actor: User, leader: User, note: str = "") -> CaseOwnership:
    """提级: the new leader must sit at a strictly higher administrative level than the current one."""
    ensure_supervisor(actor, "提级包案")
    petition = _open_petition(actor, petition)
    current = _active(petition)
    if current is None:
        raise InvalidTransition("该信访事项尚无包案领导，不能提级")
    level = _leader_level(leader)
    if level >= current.level:
        raise ValidationFailed(fields={"leader": f"提级须由高于{AdminLevel(current.level).label}的领导包案"})
    current.ended_at = timezone.now()
    current.save(update_fields=["ended_at"])
    return _start(petition=petition, actor=actor, leader=leader, level=level, note=note, raised_from=current)


@transaction.atomic
def case_ownership_release(*, petition: Petition, actor: User, note: str = "") -> CaseOwnership:
    """End the current ownership (e.g. the matter is resolved); the row stays as history."""
    ensure_supervisor(actor, "结束包案")
    ensure_petition_visible(actor, petition)
    current = (
        CaseOwnership.objects.select_for_update().filter(petition=petition, ended_at__isnull=True).first()
    )
    if current is None:
        raise InvalidTransition("该信访事项当前没有包案领导")
    current.ended_at = timezone.now()
    current.save(update_fields=["ended_at"])
    log_record(action="ownership_release", actor=actor, petition=petition, payload={"note": note.strip()})
    return current
