"""督办单 writes (Art. 40): issue, written feedback, accept or return, close, 挂牌 (Art. 39), 催办.

Each act locks the order row, checks the state table (``InvalidTransition``),
then the actor (``PermissionDenied``), then the input (``ValidationFailed``),
and writes the change, an audit row and the notifications in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from xinfang.common.exceptions import NotFound, PermissionDenied, RuleViolation, ValidationFailed
from xinfang.orgs.models import Unit, User
from xinfang.petitions.constants import PetitionType
from xinfang.petitions.models import Petition
from xinfang.petitions.selectors import petitions_visible_to
from xinfang.petitions.services.attachments import ALLOWED_KINDS, MAX_BYTES, SIGNATURES

from ..constants import ORDER_TRANSITIONS, Adoption, NotificationKind, OrderAct, OrderProblem, OrderReason
from ..models import OrderAttachment, SupervisionOrder
from ..permissions import answers_for, ensure_answers_for, ensure_supervisor, is_supervisor, unit_staff
from .common import ensure_order_state, log_record, notify

MAX_FILES = 10


def order_link(order: SupervisionOrder) -> str:
    return reverse("supervision:order-detail", args=[order.pk])


def ensure_petition_visible(actor: User, petition: Petition | None) -> None:
    """Supervision never reaches a petition its actor could not open (same answer as missing)."""
    if petition is not None and not petitions_visible_to(actor).filter(pk=petition.pk).exists():
        raise NotFound()


def _require(value: str, field: str, message: str) -> str:
    if not value or not value.strip():
        raise ValidationFailed(fields={field: message})
    return value.strip()


def _issue_checks(
    *, actor: User, target_unit: Unit, problem: str, reason: str, due_on: date, petition: Petition | None
) -> None:
    fields = {}
    if problem not in OrderProblem.values:
        fields["problem"] = "请选择发现的问题"
    if reason not in OrderReason.values:
        fields["reason"] = "请选择改进工作、完善政策或追究责任的建议"
    if due_on <= timezone.localdate():
        fields["due_on"] = "反馈期限应晚于今天"
    if not target_unit.is_active:
        fields["target_unit"] = "被督办单位已停用"
    elif target_unit.pk == actor.unit_id:
        fields["target_unit"] = "不能督办本单位"
    if fields:
        raise ValidationFailed(fields=fields)
    if (
        petition is not None
        and petition.type == PetitionType.ACCUSATION
        and petition.accused_unit_id in target_unit.ancestor_ids
    ):
        raise RuleViolation("检举控告事项不得督办被检举控告的单位", article="第三十条、第四十六条第五项")


@transaction.atomic
def supervision_order_issue(
    *,
    actor: User,
    target_unit: Unit,
    problem: str,
    reason: str,
    content: str,
    due_on: date,
    petition: Petition | None = None,
    listed: bool = False,
) -> SupervisionOrder:
    """Art. 40: the petition department supervises and recommends; the unit must answer in writing."""
    ensure_supervisor(actor, "督办")
    ensure_petition_visible(actor, petition)
    content = _require(content, "content", "请填写督办事项及建议")
    _issue_checks(
        actor=actor, target_unit=target_unit, problem=problem, reason=reason, due_on=due_on, petition=petition
    )
    assert actor.unit is not None  # a supervisor always has a unit (or is a superuser with one)
    now = timezone.now()
    order = SupervisionOrder.objects.create(
        petition=petition,
        target_unit=target_unit,
        problem=problem,
        reason=reason,
        content=content,
        due_on=due_on,
        issued_by=actor,
        issuer_unit=actor.unit,
        issued_at=now,
        listed=listed,
        listed_at=now if listed else None,
    )
    log_record(
        action="order_issue",
        actor=actor,
        at=now,
        petition=petition,
        order=order,
        to_status=order.status,
        payload={
            "target_unit": target_unit.pk,
            "reason": reason,
            "due_on": due_on.isoformat(),
            "listed": listed,
        },
    )
    notify(
        recipients=unit_staff(target_unit),
        kind=NotificationKind.ORDER_ISSUED,
        title=f"{'挂牌' if listed else ''}督办：{order.get_reason_display()}，请于{due_on:%Y-%m-%d}前书面反馈",
        body=content,
        link=order_link(order),
        petition=petition,
        order=order,
    )
    return order


def _locked(order: SupervisionOrder) -> SupervisionOrder:
    return SupervisionOrder.objects.select_for_update().select_related("target_unit").get(pk=order.pk)


def _ensure_issuer_side(actor: User, order: SupervisionOrder, what: str) -> None:
    """The issuing office (any supervisor in the issuer's unit) decides on the answer."""
    ensure_supervisor(actor, what)
    if not actor.is_superuser and actor.unit_id != order.issuer_unit_id:
        raise PermissionDenied(f"只有督办单位可以{what}")


def _move(
    order: SupervisionOrder, act: OrderAct, *, actor: User, changes: dict[str, Any], payload: dict[str, Any]
) -> SupervisionOrder:
    before = order.status
    target = ORDER_TRANSITIONS[act].target
    if target is not None:
        changes["status"] = target
    for field, value in changes.items():
        setattr(order, field, value)
    order.save(update_fields=list(changes))
    log_record(
        action=f"order_{act.value}",
        actor=actor,
        petition=order.petition,
        order=order,
        from_status=before,
        to_status=order.status,
        payload=payload,
    )
    return order


def _checked_files(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str, int]]:
    if len(files) > MAX_FILES:
        raise ValidationFailed(fields={"files": f"附件最多{MAX_FILES}个"})
    checked = []
    for upload in files:
        name = PurePath(upload.name or "").name
        suffix = PurePath(name).suffix.lower()
        if suffix not in SIGNATURES:
            raise ValidationFailed(fields={"files": ALLOWED_KINDS})
        if not upload.size or upload.size > MAX_BYTES:
            raise ValidationFailed(fields={"files": "附件不能为空，且单个不能超过20MB"})
        head = upload.read(8)
        upload.seek(0)
        signatures = SIGNATURES[suffix]
        if signatures is not None and not head.startswith(signatures):
            raise ValidationFailed(fields={"files": f"「{name}」内容与扩展名不符"})
        checked.append((upload, name, upload.size))
    return checked


@transaction.atomic
def supervision_order_submit_feedback(
    *,
    order: SupervisionOrder,
    actor: User,
    feedback: str,
    adoption: str,
    files: Sequence[UploadedFile] = (),
) -> SupervisionOrder:
    """Art. 40: "有关机关、单位应当书面反馈采纳情况" — the written answer, with optional materials."""
    order = _locked(order)
    ensure_order_state(order, OrderAct.SUBMIT_FEEDBACK)
    ensure_answers_for(actor, order)
    feedback = _require(feedback, "feedback", "请填写书面反馈内容")
    if adoption not in Adoption.values:
        raise ValidationFailed(fields={"adoption": "请选择采纳情况"})
    for upload, name, size in _checked_files(files):
        attachment = OrderAttachment(order=order, name=name[:200], size=size, uploaded_by=actor)
        attachment.file.save(name, upload, save=True)
    now = timezone.now()
    order = _move(
        order,
        OrderAct.SUBMIT_FEEDBACK,
        actor=actor,
        changes={"feedback": feedback, "adoption": adoption, "feedback_by": actor, "feedback_at": now},
        payload={"adoption": adoption, "files": len(files)},
    )
    notify(
        recipients=[order.issued_by],
        kind=NotificationKind.ORDER_FEEDBACK,
        title=f"{order.target_unit.name}已书面反馈督办单{order.number}（{order.get_adoption_display()}）",
        body=feedback,
        link=order_link(order),
        petition=order.petition,
        order=order,
    )
    return order


def _decide(order: SupervisionOrder, act: OrderAct, *, actor: User, note: str) -> SupervisionOrder:
    order = _locked(order)
    ensure_order_state(order, act)
    _ensure_issuer_side(actor, order, str(act.label))
    if act == OrderAct.RETURN:
        note = _require(note, "note", "退回须说明理由")
    order = _move(
        order,
        act,
        actor=actor,
        changes={"review_note": note.strip(), "reviewed_by": actor, "reviewed_at": timezone.now()},
        payload={"note": note.strip()},
    )
    verdict = "已认可" if act == OrderAct.ACCEPT else "被退回，请重新反馈"
    notify(
        recipients=unit_staff(order.target_unit_id),
        kind=NotificationKind.ORDER_DECIDED,
        title=f"督办单{order.number}的书面反馈{verdict}",
        body=note,
        link=order_link(order),
        petition=order.petition,
        order=order,
    )
    return order


@transaction.atomic
def supervision_order_accept(*, order: SupervisionOrder, actor: User, note: str = "") -> SupervisionOrder:
    return _decide(order, OrderAct.ACCEPT, actor=actor, note=note)


@transaction.atomic
def supervision_order_return(*, order: SupervisionOrder, actor: User, note: str) -> SupervisionOrder:
    return _decide(order, OrderAct.RETURN, actor=actor, note=note)


@transaction.atomic
def supervision_order_close(*, order: SupervisionOrder, actor: User) -> SupervisionOrder:
    """Closing also takes the order off the 挂牌 list: the listing lasts until the fix is accepted."""
    order = _locked(order)
    ensure_order_state(order, OrderAct.CLOSE)
    _ensure_issuer_side(actor, order, "办结督办")
    return _move(
        order, OrderAct.CLOSE, actor=actor, changes={"closed_at": timezone.now(), "listed": False}, payload={}
    )


@transaction.atomic
def supervision_order_list(*, order: SupervisionOrder, actor: User, listed: bool) -> SupervisionOrder:
    """挂牌督办 (Art. 39) puts the order on the list every member of staff sees; 摘牌 takes it off."""
    act = OrderAct.LIST if listed else OrderAct.UNLIST
    order = _locked(order)
    ensure_order_state(order, act)
    _ensure_issuer_side(actor, order, str(act.label))
    if order.listed == listed:
        raise ValidationFailed(fields={"listed": "已挂牌" if listed else "未挂牌"})
    return _move(
        order,
        act,
        actor=actor,
        changes={"listed": listed, "listed_at": timezone.now() if listed else order.listed_at},
        payload={},
    )


def may_answer(user: User, order: SupervisionOrder) -> bool:
    return answers_for(user, order) and order.status in ORDER_TRANSITIONS[OrderAct.SUBMIT_FEEDBACK].sources


def may_decide(user: User, order: SupervisionOrder) -> bool:
    return is_supervisor(user) and (user.is_superuser or user.unit_id == order.issuer_unit_id)
