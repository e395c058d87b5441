"""催办: a recorded nudge to the unit that owes an answer, on a 督办 order or on an open petition."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from xinfang.common.exceptions import InvalidTransition, ValidationFailed
from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import OPEN_STATES, Status
from xinfang.petitions.models import Petition

from ..constants import NotificationKind, OrderAct
from ..models import Reminder, SupervisionOrder
from ..permissions import ensure_supervisor, unit_staff
from .common import ensure_order_state, log_record, notify
from .orders import ensure_petition_visible, order_link


def _note(note: str) -> str:
    if not note or not note.strip():
        raise ValidationFailed(fields={"note": "请填写催办内容"})
    return note.strip()[:500]


@transaction.atomic
def reminder_send_for_order(*, order: SupervisionOrder, actor: User, note: str) -> Reminder:
    """Only while the answer is owed (issued or returned); a submitted answer is the bureau's turn."""
    order = SupervisionOrder.objects.select_for_update().get(pk=order.pk)
    ensure_order_state(order, OrderAct.REMIND)
    ensure_supervisor(actor, "催办")
    note = _note(note)
    reminder = Reminder.objects.create(
        order=order,
        petition=order.petition,
        target_unit_id=order.target_unit_id,
        note=note,
        sent_by=actor,
        sent_at=timezone.now(),
    )
    log_record(
        action="order_remind", actor=actor, petition=order.petition, order=order, payload={"note": note}
    )
    notify(
        recipients=unit_staff(order.target_unit_id),
        kind=NotificationKind.REMINDER,
        title=f"催办：督办单{order.number}请于{order.due_on:%Y-%m-%d}前书面反馈",
        body=note,
        link=order_link(order),
        petition=order.petition,
        order=order,
    )
    return reminder


@transaction.atomic
def reminder_send_for_petition(*, petition: Petition, actor: User, note: str) -> Reminder:
    """A closed petition has nothing left to chase; the unit holding an open one is reminded."""
    ensure_petition_visible(actor, petition)
    petition = Petition.objects.get(pk=petition.pk)
    if petition.status not in OPEN_STATES:
        raise InvalidTransition(f"信访事项当前状态为「{Status(petition.status).label}」，无需催办")
    ensure_supervisor(actor, "催办")
    note = _note(note)
    reminder = Reminder.objects.create(
        petition=petition,
        target_unit_id=petition.current_unit_id,
        note=note,
        sent_by=actor,
        sent_at=timezone.now(),
    )
    log_record(action="petition_remind", actor=actor, petition=petition, payload={"note": note})
    recipients = (
        [petition.handler]
        if petition.handler_id and petition.handler
        else unit_staff(petition.current_unit_id)
    )
    notify(
        recipients=recipients,
        kind=NotificationKind.REMINDER,
        title=f"催办：信访事项{petition.number}「{petition.title[:30]}」",
        body=note,
        link=reverse("web:petition-detail", args=[petition.pk]),
        petition=petition,
    )
    return reminder
