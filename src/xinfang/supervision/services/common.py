"""Shared writes: the supervision audit row and in-app notifications."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from xinfang.common.exceptions import InvalidTransition
from xinfang.orgs.models import User
from xinfang.petitions.models import Petition

from ..constants import ORDER_TRANSITIONS, OrderAct, OrderStatus
from ..models import KeyCase, Notification, SupervisionLog, SupervisionOrder
from ..senders import deliver
from ..unread import unread_add


def log_record(
    *,
    action: str,
    actor: User | None,
    at: datetime | None = None,
    petition: Petition | None = None,
    order: SupervisionOrder | None = None,
    key_case: KeyCase | None = None,
    from_status: str = "",
    to_status: str = "",
    payload: dict[str, Any] | None = None,
) -> SupervisionLog:
    return SupervisionLog.objects.create(
        action=action,
        actor=actor,
        actor_unit_id=actor.unit_id if actor is not None else None,
        at=at or timezone.now(),
        petition=petition,
        order=order,
        key_case=key_case,
        from_status=from_status,
        to_status=to_status,
        payload=payload or {},
    )


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    petition: Petition | None = None,
    order: SupervisionOrder | None = None,
    exclude: User | None = None,
) -> list[Notification]:
    """One in-app notification per distinct recipient; outbound delivery after commit."""
    now = timezone.now()
    people = {user.pk: user for user in recipients if exclude is None or user.pk != exclude.pk}
    with transaction.atomic():
        created = Notification.objects.bulk_create(
            Notification(
                recipient=user,
                kind=kind,
                title=title[:200],
                body=body,
                link=link[:200],
                petition=petition,
                order=order,
                created_at=now,
            )
            for user in people.values()
        )
        unread_add(dict.fromkeys(people, 1))
    ids = [n.pk for n in created if n.pk is not None]
    if ids:
        transaction.on_commit(lambda: deliver(ids))
    return created


def ensure_order_state(order: SupervisionOrder, act: OrderAct) -> None:
    transition = ORDER_TRANSITIONS[act]
    if order.status not in transition.sources:
        raise InvalidTransition(
            f"督办单当前状态为「{OrderStatus(order.status).label}」，不能执行「{act.label}」",
            article=transition.article,
        )
