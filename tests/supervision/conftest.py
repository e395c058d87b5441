from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import Org, staff
from xinfang.orgs.constants import DataScope, Perm
from xinfang.orgs.models import User
from xinfang.supervision import services
from xinfang.supervision.constants import OrderProblem, OrderReason, OrderStatus
from xinfang.supervision.models import ReviewItem, SupervisionOrder

CHECKLIST = [
    ("registration", "登记录入规范完整", 10),
    ("opinion", "处理意见书质量", 20),
    ("resolution", "化解", 10),
]


@pytest.fixture
def supervisor(org: Org) -> User:
    """督查专员: SUPERVISE in the petition bureau, all data (as the demo's ``ducha``)."""
    return staff(org.bureau, scope=DataScope.ALL, perms=[str(Perm.SUPERVISE)], email="ducha@example.org")


@pytest.fixture
def checklist(db) -> list[ReviewItem]:
    ReviewItem.objects.all().delete()
    return [
        ReviewItem.objects.create(code=code, name=name, max_score=top, sort=i)
        for i, (code, name, top) in enumerate(CHECKLIST)
    ]


def issue(org: Org, supervisor: User, **overrides: object) -> SupervisionOrder:
    values: dict[str, object] = {
        "actor": supervisor,
        "target_unit": org.housing,
        "problem": OrderProblem.DELAY,
        "reason": OrderReason.IMPROVE,
        "content": "逾期未答复，请改进办理工作。",
        "due_on": timezone.localdate() + timedelta(days=10),
    }
    values.update(overrides)
    return services.supervision_order_issue(**values)  # type: ignore[arg-type]


def order_in(org: Org, supervisor: User, status: str, **overrides: object) -> SupervisionOrder:
    """An order driven to ``status`` through the real services."""
    order = issue(org, supervisor, **overrides)
    steps = {
        OrderStatus.ISSUED: [],
        OrderStatus.FEEDBACK_SUBMITTED: ["feedback"],
        OrderStatus.RETURNED: ["feedback", "return"],
        OrderStatus.ACCEPTED: ["feedback", "accept"],
        OrderStatus.CLOSED: ["feedback", "accept", "close"],
    }[status]
    for step in steps:
        if step == "feedback":
            order = services.supervision_order_submit_feedback(
                order=order, actor=org.housing_handler, feedback="已整改", adoption="adopted"
            )
        elif step == "return":
            order = services.supervision_order_return(order=order, actor=supervisor, note="反馈不具体")
        elif step == "accept":
            order = services.supervision_order_accept(order=order, actor=supervisor)
        else:
            order = services.supervision_order_close(order=order, actor=supervisor)
    assert order.status == status
    return order
