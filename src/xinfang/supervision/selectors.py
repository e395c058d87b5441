"""Supervision reads. Orders: the issuer's data scope and the target unit see them; 挂牌 orders
everyone (Art. 39 listing is meant to be seen). Petitions always go through
``petitions_visible_to``, so an order never reveals a petition its reader may not open.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet

from xinfang.common.exceptions import NotFound
from xinfang.orgs.models import User
from xinfang.orgs.selectors import scope_condition
from xinfang.petitions.models import Petition
from xinfang.petitions.selectors import confidentiality_exclusion, petitions_visible_to

from .constants import AWAITING_FEEDBACK, OrderStatus
from .models import (
    CaseOwnership,
    KeyCase,
    Notification,
    QualityReview,
    Reminder,
    SupervisionOrder,
)
from .permissions import is_supervisor


def orders_visible_to(user: User) -> QuerySet[SupervisionOrder]:
    orders = SupervisionOrder.objects.select_related("target_unit", "issuer_unit", "issued_by", "petition")
    if not user.is_authenticated or not user.is_active:
        return orders.none()
    scope = scope_condition(user, path_field="issuer_unit__path", self_fields=("issued_by",))
    if scope is not None:
        own = Q(target_unit_id=user.unit_id) if user.unit_id is not None else Q(pk__in=[])
        listed = Q(listed=True) & ~Q(status=OrderStatus.CLOSED)
        orders = orders.filter(scope | own | listed)
    # Art. 30, 46(5): nothing about an accusation reaches the accused unit or person.
    hidden = Petition.objects.filter(confidentiality_exclusion(user)).values("pk")
    return orders.exclude(petition__in=hidden)


def order_get_for(user: User, order_id: int) -> SupervisionOrder:
    order = orders_visible_to(user).filter(pk=order_id).first()
    if order is None:
        raise NotFound("督办单不存在或无权查看")
    return order


def orders_to_answer(user: User) -> QuerySet[SupervisionOrder]:
    if user.unit_id is None:
        return SupervisionOrder.objects.none()
    return orders_visible_to(user).filter(target_unit_id=user.unit_id, status__in=AWAITING_FEEDBACK)


def orders_issued_by_office(user: User) -> QuerySet[SupervisionOrder]:
    """Orders of the user's own supervising office that are not closed yet."""
    if user.unit_id is None:
        return SupervisionOrder.objects.none()
    return orders_visible_to(user).filter(issuer_unit_id=user.unit_id).exclude(status=OrderStatus.CLOSED)


def orders_listed(user: User) -> QuerySet[SupervisionOrder]:
    return orders_visible_to(user).filter(listed=True).exclude(status=OrderStatus.CLOSED)


def orders_for_petition(user: User, petition: Petition) -> QuerySet[SupervisionOrder]:
    return orders_visible_to(user).filter(petition=petition)


def visible_petition_ids(user: User, petition_ids: set[int]) -> set[int]:
    """Which of these petitions the user may open (to link them or show only the order)."""
    if not petition_ids:
        return set()
    return set(petitions_visible_to(user).filter(pk__in=petition_ids).values_list("pk", flat=True))


def reminders_for_order(order: SupervisionOrder) -> QuerySet[Reminder]:
    return order.reminders.select_related("sent_by")


def reminders_for_petition(petition: Petition) -> QuerySet[Reminder]:
    return Reminder.objects.filter(petition=petition).select_related("sent_by", "target_unit")


def ownership_history(petition: Petition) -> list[CaseOwnership]:
    return list(
        CaseOwnership.objects.filter(petition=petition).select_related(
            "leader", "leader__unit", "assigned_by"
        )
    )


def ownership_current(petition: Petition) -> CaseOwnership | None:
    return (
        CaseOwnership.objects.filter(petition=petition, ended_at__isnull=True)
        .select_related("leader", "leader__unit")
        .first()
    )


def key_cases_visible_to(user: User) -> QuerySet[KeyCase]:
    """Supervisors see the ledger over the petitions they may see; officials their own entries."""
    entries = KeyCase.objects.select_related("petition", "closed_by", "created_by").prefetch_related(
        "officials"
    )
    # Correlated EXISTS, not a join with DISTINCT or ``petition IN (every visible petition)``: each
    # ledger entry is checked by index probes, so the cost follows the ledger, not the petitions.
    officials = KeyCase.officials.through.objects.filter(keycase_id=OuterRef("pk"), user_id=user.pk)
    mine = Exists(officials)
    if is_supervisor(user):
        visible = petitions_visible_to(user).filter(pk=OuterRef("petition_id"))
        return entries.filter(Q(petition__isnull=True) | Exists(visible) | mine)
    return entries.filter(mine)


def key_case_get_for(user: User, key_case_id: int) -> KeyCase:
    entry = key_cases_visible_to(user).filter(pk=key_case_id).first()
    if entry is None:
        raise NotFound("台账不存在或无权查看")
    return entry


def reviews_for(petition: Petition) -> QuerySet[QualityReview]:
    return (
        QualityReview.objects.filter(petition=petition)
        .select_related("reviewer")
        .prefetch_related("scores__item")
    )


@dataclass(frozen=True)
class ReviewSummary:
    count: int
    average: float | None


def review_summary(petition: Petition) -> ReviewSummary:
    figures = QualityReview.objects.filter(petition=petition).aggregate(avg=Avg("total"), n=Count("pk"))
    average = figures["avg"]
    return ReviewSummary(
        count=figures["n"], average=round(float(average), 1) if average is not None else None
    )


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    """The maintained counter (one row), not a count over the recipient's notifications."""
    if not user.is_authenticated:
        return 0
    from .unread import unread_count_of

    return unread_count_of(user)
