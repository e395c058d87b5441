"""Supervision vocabulary: order reasons and states (Art. 40), key-case states, warning levels.

The order state machine is a table so the allowed source states of every act
are explicit and tested::

    (new) --issue 督办[40]--> ISSUED --submit_feedback 书面反馈--> FEEDBACK_SUBMITTED
    FEEDBACK_SUBMITTED --accept 认可--> ACCEPTED --close 办结--> CLOSED
    FEEDBACK_SUBMITTED --return 退回重报--> RETURNED --submit_feedback--> FEEDBACK_SUBMITTED
    ISSUED|RETURNED|FEEDBACK_SUBMITTED|ACCEPTED --list / unlist 挂牌/摘牌[39]--> (same)
    ISSUED|RETURNED --remind 催办--> (same)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class OrderReason(models.TextChoices):
    """The three kinds of recommendation a petition department makes with a 督办 (Art. 40, Art. 14(6))."""

    IMPROVE = "improve", "改进工作的建议"
    POLICY = "policy", "完善政策的建议"
    ACCOUNTABILITY = "accountability", "追究责任的建议"


class OrderProblem(models.TextChoices):
    """What the bureau found (the triggers listed in Art. 40)."""

    IMPROPER = "improper", "违反规定受理、办理信访事项"
    BUCK_PASSING = "buck_passing", "推诿"
    PERFUNCTORY = "perfunctory", "敷衍"
    DELAY = "delay", "拖延"
    FALSIFICATION = "falsification", "弄虚作假"
    REFUSAL = "refusal", "拒不执行信访处理意见"
    POLICY_ISSUE = "policy_issue", "政策性问题"
    OTHER = "other", "其他"


class OrderStatus(models.TextChoices):
    ISSUED = "issued", "已督办"
    FEEDBACK_SUBMITTED = "feedback_submitted", "已书面反馈"
    ACCEPTED = "accepted", "反馈已认可"
    RETURNED = "returned", "反馈被退回"
    CLOSED = "closed", "已办结"


class OrderAct(models.TextChoices):
    SUBMIT_FEEDBACK = "submit_feedback", "书面反馈"
    ACCEPT = "accept", "认可反馈"
    RETURN = "return", "退回反馈"
    CLOSE = "close", "督办办结"
    LIST = "list", "挂牌督办"
    UNLIST = "unlist", "摘牌"
    REMIND = "remind", "催办"


class Adoption(models.TextChoices):
    """How the unit took up the recommendation; Art. 40 requires written feedback on exactly this."""

    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


@dataclass(frozen=True)
class OrderTransition:
    sources: frozenset[str]
    target: str | None  # None: the act records without moving the state
    article: str


_OPEN = frozenset(
    {OrderStatus.ISSUED, OrderStatus.RETURNED, OrderStatus.FEEDBACK_SUBMITTED, OrderStatus.ACCEPTED}
)

ORDER_TRANSITIONS: dict[str, OrderTransition] = {
    OrderAct.SUBMIT_FEEDBACK: OrderTransition(
        frozenset({OrderStatus.ISSUED, OrderStatus.RETURNED}), OrderStatus.FEEDBACK_SUBMITTED, "第四十条"
    ),
    OrderAct.ACCEPT: OrderTransition(
        frozenset({OrderStatus.FEEDBACK_SUBMITTED}), OrderStatus.ACCEPTED, "第四十条"
    ),
    OrderAct.RETURN: OrderTransition(
        frozenset({OrderStatus.FEEDBACK_SUBMITTED}), OrderStatus.RETURNED, "第四十条"
    ),
    OrderAct.CLOSE: OrderTransition(frozenset({OrderStatus.ACCEPTED}), OrderStatus.CLOSED, "第四十条"),
    OrderAct.LIST: OrderTransition(_OPEN, None, "第三十九条"),
    OrderAct.UNLIST: OrderTransition(_OPEN, None, "第三十九条"),
    OrderAct.REMIND: OrderTransition(frozenset({OrderStatus.ISSUED, OrderStatus.RETURNED}), None, "第四十条"),
}

# Orders whose answer is still owed by the target unit (they count towards its overdue warnings).
AWAITING_FEEDBACK = frozenset({OrderStatus.ISSUED, OrderStatus.RETURNED})


class KeyCaseKind(models.TextChoices):
    PERSON = "person", "重点人"
    CASE = "case", "重点案件"


class KeyCaseStatus(models.TextChoices):
    RESOLVING = "resolving", "化解中"
    STABILISING = "stabilising", "稳控中"
    RESOLVED = "resolved", "已化解"


class WarningLevel(models.TextChoices):
    WARN = "warn", "即将到期"
    OVERDUE = "overdue", "已超期"
    ESCALATED = "escalated", "超期上报督查"


class NotificationKind(models.TextChoices):
    CLOCK_WARN = "clock_warn", "期限预警"
    CLOCK_OVERDUE = "clock_overdue", "期限超期"
    CLOCK_ESCALATED = "clock_escalated", "超期督查提醒"
    ORDER_ISSUED = "order_issued", "督办通知"
    ORDER_FEEDBACK = "order_feedback", "督办反馈"
    ORDER_DECIDED = "order_decided", "反馈审核结果"
    ORDER_WARN = "order_warn", "督办即将到期"
    ORDER_OVERDUE = "order_overdue", "督办超期"
    REMINDER = "reminder", "催办"
    OWNERSHIP = "ownership", "领导包案"
    KEY_CASE = "key_case", "重点人/重点案件"
    LEDGER_READY = "ledger_ready", "台账已生成"
    ACT_NEEDED = "act_needed", "新的待办"
    APPROVAL = "approval", "待审批"
    APPROVAL_DECIDED = "approval_decided", "审批结果"


# Audit row actions, as shown in the order and ledger history.
ACTION_LABELS = {
    "order_issue": "督办",
    "order_submit_feedback": "书面反馈",
    "order_accept": "认可反馈",
    "order_return": "退回反馈",
    "order_close": "督办办结",
    "order_list": "挂牌督办",
    "order_unlist": "摘牌",
    "order_remind": "催办",
    "petition_remind": "催办",
    "ownership_assign": "领导包案",
    "ownership_raise": "提级包案",
    "ownership_release": "结束包案",
    "key_case_create": "建立台账",
    "key_case_status": "更新状态",
    "key_case_officials": "调整责任人",
    "key_case_close": "销号",
    "quality_review": "质量评查",
}
