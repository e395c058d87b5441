"""Demo supervision data on top of the demo district: orders in every state, 包案 with a 提级,
ledger entries (one 销号), 评查 scores, then one warning run so the bell has something in it.

Everything goes through the services, as ``ducha`` (督查专员) and ``juzhang``. Idempotent:
a second call finds the demo orders and does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from xinfang.orgs.models import Unit, User
from xinfang.petitions.lifecycle import OPEN_STATES, Status
from xinfang.petitions.models import Petition
from xinfang.petitions.practice import collective_threshold

from . import services
from .constants import KeyCaseStatus, OrderProblem, OrderReason
from .models import ReviewItem, SupervisionOrder
from .warning_job import warnings_run

MARK = "【演示】"


@dataclass(frozen=True)
class SupervisionDemo:
    orders: int = 0
    ownerships: int = 0
    key_cases: int = 0
    reviews: int = 0
    warnings: int = 0
    skipped: bool = False


def supervision_demo_seed(*, now: datetime | None = None) -> SupervisionDemo:
    """Seed the demo; ``now`` is the demo clock used to back-date two orders past their due day."""
    if SupervisionOrder.objects.filter(content__startswith=MARK).exists():
        return SupervisionDemo(skipped=True)
    now = now or timezone.now()
    ducha, juzhang = User.objects.get(username="ducha"), User.objects.get(username="juzhang")
    held = _open_at_departments_and_streets()
    orders = _orders(ducha, held[:4], now)
    ownerships = _ownerships(ducha, juzhang, held[4:7])
    key_cases = _key_cases(ducha, juzhang)
    reviews = _reviews([ducha, juzhang])
    run = warnings_run(today=timezone.localdate(now))
    return SupervisionDemo(orders, ownerships, key_cases, reviews, run.total)


def _open_at_departments_and_streets() -> list[Petition]:
    petitions: QuerySet[Petition] = Petition.objects.filter(
        status__in=[Status.HANDLING, Status.ACCEPTED, Status.SIGNED],
        current_unit__kind__in=["department", "street"],
    ).select_related("current_unit")
    return list(petitions.order_by("next_due_on", "pk")[:7])


def _answerer(unit: Unit) -> User | None:
    return User.objects.filter(unit=unit, is_active=True).order_by("username").first()


def _orders(ducha: User, petitions: list[Petition], now: datetime) -> int:
    today = timezone.localdate(now)
    plans = [
        (OrderProblem.DELAY, OrderReason.IMPROVE, "逾期未答复，请说明原因并限期办结。", True, "overdue"),
        (
            OrderProblem.BUCK_PASSING,
            OrderReason.ACCOUNTABILITY,
            "多次推诿，建议追究相关人员责任。",
            True,
            "issued",
        ),
        (
            OrderProblem.POLICY_ISSUE,
            OrderReason.POLICY,
            "同类诉求集中，建议完善相关政策。",
            False,
            "feedback",
        ),
        (OrderProblem.PERFUNCTORY, OrderReason.IMPROVE, "答复敷衍，请重新调查核实。", False, "closed"),
    ]
    made = 0
    for petition, (problem, reason, text, listed, outcome) in zip(petitions, plans, strict=False):
        order = services.supervision_order_issue(
            actor=ducha,
            petition=petition,
            target_unit=petition.current_unit,
            problem=problem,
            reason=reason,
            content=MARK + text,
            due_on=today + timedelta(days=15),
            listed=listed,
        )
        made += 1
        if outcome == "overdue":
            # Demo only: back-date so the warning job has an overdue order to escalate.
            SupervisionOrder.objects.filter(pk=order.pk).update(
                issued_at=now - timedelta(days=20), due_on=today - timedelta(days=3)
            )
        answerer = _answerer(petition.current_unit)
        if outcome in ("feedback", "closed") and answerer is not None:
            order = services.supervision_order_submit_feedback(
                order=order, actor=answerer, feedback="已按建议整改，情况如下：……", adoption="adopted"
            )
            if outcome == "closed":
                order = services.supervision_order_accept(order=order, actor=ducha, note="整改到位")
                services.supervision_order_close(order=order, actor=ducha)
    return made


def _ownerships(ducha: User, juzhang: User, petitions: list[Petition]) -> int:
    made = 0
    for petition in petitions:
        local_head = User.objects.filter(
            unit=petition.current_unit, username__endswith="_head", is_active=True
        ).first()
        if local_head is not None and local_head.unit is not None and local_head.unit.level > 3:
            services.case_ownership_assign(petition=petition, actor=ducha, leader=local_head, note="属地包案")
            services.case_ownership_raise(
                petition=petition, actor=ducha, leader=juzhang, note="久拖未决，提级"
            )
            made += 2
        else:
            services.case_ownership_assign(petition=petition, actor=ducha, leader=juzhang, note="领导包案")
            made += 1
    return made


def _key_cases(ducha: User, juzhang: User) -> int:
    collective = (
        Petition.objects.filter(people_count__gte=collective_threshold(), status__in=OPEN_STATES)
        .select_related("current_unit")
        .first()
    )
    officials = [juzhang]
    if collective is not None and (local := _answerer(collective.current_unit)) is not None:
        officials.append(local)
    services.key_case_create(
        actor=ducha,
        kind="case",
        subject=f"{collective.title[:40]}（群体诉求）" if collective else "某小区逾期交房群体诉求",
        petition=collective,
        officials=officials,
        description="涉及人数较多，需多部门联合化解。",
    )
    services.key_case_create(
        actor=ducha,
        kind="person",
        subject="王某某（多次重复信访）",
        officials=[juzhang, ducha],
        description="诉求已依法处理完毕，仍多次来访。",
        status=KeyCaseStatus.STABILISING,
    )
    resolved = services.key_case_create(
        actor=ducha, kind="case", subject="某企业欠薪问题", officials=[juzhang], description="已协调清偿。"
    )
    resolved = services.key_case_set_status(key_case=resolved, actor=juzhang, status=KeyCaseStatus.RESOLVED)
    services.key_case_close(key_case=resolved, actor=ducha, note="工资已全部发放，信访人签字确认")
    return 3


def _reviews(reviewers: list[User]) -> int:
    items = list(ReviewItem.objects.filter(is_active=True))
    closed = list(Petition.objects.filter(status=Status.CLOSED).order_by("-closed_at", "pk")[:2])
    made = 0
    for index, petition in enumerate(closed):
        for reviewer in reviewers[: 2 - index]:
            if reviewer.pk in (petition.handler_id, petition.registered_by_id):
                continue
            scores = {item.code: max(item.max_score - (item.pk + made) % 3, 0) for item in items}
            services.quality_review_submit(
                petition=petition, reviewer=reviewer, scores=scores, comment="程序规范"
            )
            made += 1
    return made
