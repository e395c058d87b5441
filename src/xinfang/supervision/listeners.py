"""Notifications reach the person who must act (#11.3), after the act has committed.

- A 申请延期 (Art. 34) or 申请退回 (Art. 23(3)) tells the approvers who can decide it.
- The decision (批准 / 不批准 延期, 同意 / 不同意 退回) tells the person who asked.
- A matter that now waits at another unit (转送交办, 复查/复核 request, a return approved, …)
  tells the users of that unit who can take its next act.

"Who can" is ``petitions.permissions.acts_available`` — the same rule that offers the act.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from xinfang.orgs.models import User
from xinfang.petitions.lifecycle import Act, Status
from xinfang.petitions.models import Petition, PetitionEvent
from xinfang.petitions.permissions import acts_available, desk_acts

from .constants import NotificationKind
from .services.common import notify

_DECISIONS = {
    Act.EXTEND: ("延期申请已批准", Act.REQUEST_EXTENSION),
    Act.REFUSE_EXTENSION: ("延期申请未获批准", Act.REQUEST_EXTENSION),
    Act.APPROVE_RETURN: ("退回申请已同意", Act.REQUEST_RETURN),
    Act.REJECT_RETURN: ("退回申请未获同意", Act.REQUEST_RETURN),
}


def _staff_of(unit_id: int | None) -> list[User]:
    if unit_id is None:
        return []
    return list(User.objects.filter(unit_id=unit_id, is_active=True).prefetch_related("roles"))


def _able(users: list[User], petition: Petition, act: Act) -> list[User]:
    return [u for u in users if act in acts_available(u, petition)]


def _link(petition: Petition) -> str:
    return reverse("web:petition-detail", args=[petition.pk])


def on_petition_event(
    *, petition_id: int, event_id: int, kind: str, from_status: str, to_status: str, **_: Any
) -> None:
    petition = Petition.objects.filter(pk=petition_id).select_related("current_unit").first()
    event = PetitionEvent.objects.filter(pk=event_id).select_related("actor").first()
    if petition is None or event is None:
        return
    actor = event.actor
    if kind == Act.REQUEST_EXTENSION:
        _ask(
            petition,
            event,
            Act.REFUSE_EXTENSION,
            petition.current_unit_id,
            "延期申请待审批",
            f"申请延长{event.payload.get('days')}日，理由：{event.payload.get('reason', '')}",
        )
    elif kind == Act.REQUEST_RETURN:
        _ask(
            petition,
            event,
            Act.APPROVE_RETURN,
            petition.dispatcher_unit_id,
            "退回申请待审批",
            f"理由：{event.payload.get('reason', '')}",
        )
    if kind in _DECISIONS:
        _tell_requester(petition, event, Act(kind))
    if from_status != to_status and to_status not in (
        Status.CLOSED,
        Status.NOT_ACCEPTED,
        Status.NO_LONGER_ACCEPTED,
        Status.DIVERTED,
    ):
        if actor is None or actor.unit_id != petition.current_unit_id:
            people = [
                u for u in _staff_of(petition.current_unit_id) if desk_acts(acts_available(u, petition))
            ]
            notify(
                recipients=people,
                kind=NotificationKind.ACT_NEEDED,
                title=f"新的待办：{petition.number}（{Status(to_status).label}）",
                body=petition.title,
                link=_link(petition),
                petition=petition,
                exclude=actor,
            )


def _ask(
    petition: Petition, event: PetitionEvent, decision: Act, unit_id: int | None, what: str, body: str
) -> None:
    notify(
        recipients=_able(_staff_of(unit_id), petition, decision),
        kind=NotificationKind.APPROVAL,
        title=f"{what}：{petition.number} {petition.title}"[:200],
        body=body,
        link=reverse("web:approvals"),
        petition=petition,
        exclude=event.actor,
    )


def _tell_requester(petition: Petition, event: PetitionEvent, act: Act) -> None:
    title, request_kind = _DECISIONS[act]
    requester_id = event.payload.get("requested_by")
    if requester_id is None:
        request = (
            PetitionEvent.objects.filter(petition=petition, kind=request_kind, seq__lt=event.seq)
            .order_by("-seq")
            .values_list("actor_id", flat=True)
            .first()
        )
        if act in (Act.EXTEND,):
            request = None  # a direct extension without a request: nobody asked
        requester_id = request
    requester = User.objects.filter(pk=requester_id, is_active=True).first() if requester_id else None
    if requester is None:
        return
    reason = event.payload.get("reason") or event.payload.get("note") or ""
    body = f"延长{event.payload.get('days')}日。" if act == Act.EXTEND else ""
    notify(
        recipients=[requester],
        kind=NotificationKind.APPROVAL_DECIDED,
        title=f"{title}：{petition.number} {petition.title}"[:200],
        body=body + (f"理由：{reason}" if reason else ""),
        link=_link(petition),
        petition=petition,
        exclude=event.actor,
    )
