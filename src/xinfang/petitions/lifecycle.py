"""The petition lifecycle as an explicit state machine.

States and the legal acts that move between them (article in brackets)::

    (new) --register[19,21]--> REGISTERED
    REGISTERED --dispatch 转送/交办[22]--> DISPATCHED --sign 签收--> SIGNED
    DISPATCHED|SIGNED --request_return 退回异议[23(3)]--> RETURN_REQUESTED
    RETURN_REQUESTED --approve_return--> REGISTERED     --reject_return--> SIGNED
    REGISTERED|SIGNED --accept 受理[23]--> ACCEPTED (申诉求决) | HANDLING (建议意见, 检举控告)
    REGISTERED|DISPATCHED|SIGNED --decline 不予受理[19(3),20(1),22(2)]--> NOT_ACCEPTED
    REGISTERED|DISPATCHED|SIGNED --refuse_repeat 不再受理[36(3)]--> NO_LONGER_ACCEPTED
    REGISTERED|DISPATCHED|SIGNED --divert 转政法/纪检监察[22(2),28(2),30]--> DIVERTED
    ACCEPTED --classify[31]--> HANDLING (route 6) | DIVERTED (routes 1-5)
    HANDLING --start_mediation[33]--> MEDIATING --conclude_mediation--> CLOSED | HANDLING
    HANDLING|MEDIATING --request_extension 申请延期 / extend 批准延期[34]--> (same)
    ACCEPTED..UNDER_RECHECK --note 办理记录[28(1)]--> (same)
    HANDLING|UNDER_REVIEW|UNDER_RECHECK --start_hearing / end_hearing[31(6),36(2)]--> (same)
    HANDLING --reply 信访处理意见书[32]--> ANSWERED
    HANDLING --conclude_suggestion[29]--> CLOSED
    ANSWERED|REVIEWED|CLOSED --evaluate[21(2)]--> (same)
    ANSWERED --request_review 复查[35]--> UNDER_REVIEW --decide_review--> REVIEWED
    REVIEWED --request_recheck 复核[36]--> UNDER_RECHECK --decide_recheck--> CLOSED
    ANSWERED|REVIEWED --close 办结--> CLOSED
    any open state --report_major 重大紧急报告[25]--> (same)
    any state --attach 上传材料[19(1)]--> (same)

Status is never assigned directly: every change goes through
``petitions.services`` which checks this table, writes the event and
refreshes the clocks in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Status(models.TextChoices):
    REGISTERED = "registered", "已登记"
    DISPATCHED = "dispatched", "已转送交办"
    SIGNED = "signed", "已签收"
    RETURN_REQUESTED = "return_requested", "退回审核中"
    ACCEPTED = "accepted", "已受理"
    HANDLING = "handling", "办理中"
    MEDIATING = "mediating", "调解中"
    ANSWERED = "answered", "已答复"
    UNDER_REVIEW = "under_review", "复查中"
    REVIEWED = "reviewed", "已复查"
    UNDER_RECHECK = "under_recheck", "复核中"
    CLOSED = "closed", "已办结"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    NO_LONGER_ACCEPTED = "no_longer_accepted", "不再受理"
    DIVERTED = "diverted", "已导入法定途径"


TERMINAL = frozenset({Status.CLOSED, Status.NOT_ACCEPTED, Status.NO_LONGER_ACCEPTED, Status.DIVERTED})
OPEN_STATES = frozenset(set(Status) - TERMINAL)


class Act(models.TextChoices):
    REGISTER = "register", "登记"
    DISPATCH = "dispatch", "转送交办"
    SIGN = "sign", "签收"
    REQUEST_RETURN = "request_return", "申请退回"
    APPROVE_RETURN = "approve_return", "同意退回"
    REJECT_RETURN = "reject_return", "不同意退回"
    ACCEPT = "accept", "受理"
    DECLINE = "decline", "不予受理"
    REFUSE_REPEAT = "refuse_repeat", "不再受理"
    DIVERT = "divert", "转政法或纪检监察"
    CLASSIFY = "classify", "分类处理"
    START_MEDIATION = "start_mediation", "启动调解"
    CONCLUDE_MEDIATION = "conclude_mediation", "调解结束"
    START_HEARING = "start_hearing", "举行听证"
    END_HEARING = "end_hearing", "听证结束"
    EXTEND = "extend", "延期"
    REPLY = "reply", "出具处理意见书"
    CONCLUDE_SUGGESTION = "conclude_suggestion", "建议意见办结"
    EVALUATE = "evaluate", "满意度评价"
    REQUEST_REVIEW = "request_review", "复查申请"
    DECIDE_REVIEW = "decide_review", "出具复查意见"
    REQUEST_RECHECK = "request_recheck", "复核申请"
    DECIDE_RECHECK = "decide_recheck", "出具复核意见"
    CLOSE = "close", "办结归档"
    REPORT_MAJOR = "report_major", "重大紧急信息报告"
    ATTACH = "attach", "上传材料"
    NOTE = "note", "办理记录"
    REQUEST_EXTENSION = "request_extension", "申请延期"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[Status]
    # None: the act records something without changing the state.
    targets: frozenset[Status] | None
    article: str


def _t(sources: set[Status], targets: set[Status] | None, article: str) -> Transition:
    return Transition(frozenset(sources), frozenset(targets) if targets is not None else None, article)


S = Status
_PRE_ACCEPTANCE = {S.REGISTERED, S.DISPATCHED, S.SIGNED}

TRANSITIONS: dict[Act, Transition] = {
    Act.DISPATCH: _t({S.REGISTERED}, {S.DISPATCHED}, "第二十二条"),
    Act.SIGN: _t({S.DISPATCHED}, {S.SIGNED}, "第二十三条第三款"),
    Act.REQUEST_RETURN: _t({S.DISPATCHED, S.SIGNED}, {S.RETURN_REQUESTED}, "第二十三条第三款"),
    Act.APPROVE_RETURN: _t({S.RETURN_REQUESTED}, {S.REGISTERED}, "第二十三条第三款"),
    Act.REJECT_RETURN: _t({S.RETURN_REQUESTED}, {S.SIGNED}, "第二十三条第三款"),
    Act.ACCEPT: _t({S.REGISTERED, S.SIGNED}, {S.ACCEPTED, S.HANDLING}, "第二十三条"),
    Act.DECLINE: _t(_PRE_ACCEPTANCE, {S.NOT_ACCEPTED}, "第十九条第三款、第二十条第一款"),
    Act.REFUSE_REPEAT: _t(_PRE_ACCEPTANCE, {S.NO_LONGER_ACCEPTED}, "第三十六条第三款"),
    Act.DIVERT: _t(_PRE_ACCEPTANCE, {S.DIVERTED}, "第二十二条第二款"),
    Act.CLASSIFY: _t({S.ACCEPTED}, {S.HANDLING, S.DIVERTED}, "第三十一条"),
    Act.START_MEDIATION: _t({S.HANDLING}, {S.MEDIATING}, "第三十三条"),
    Act.CONCLUDE_MEDIATION: _t({S.MEDIATING}, {S.CLOSED, S.HANDLING}, "第三十三条"),
    Act.START_HEARING: _t(
        {S.HANDLING, S.UNDER_REVIEW, S.UNDER_RECHECK}, None, "第三十一条第六项、第三十六条第二款"
    ),
    Act.END_HEARING: _t({S.HANDLING, S.UNDER_REVIEW, S.UNDER_RECHECK}, None, "第三十六条第二款"),
    Act.EXTEND: _t({S.HANDLING, S.MEDIATING}, None, "第三十四条"),
    Act.REPLY: _t({S.HANDLING}, {S.ANSWERED}, "第三十二条"),
    Act.CONCLUDE_SUGGESTION: _t({S.HANDLING}, {S.CLOSED}, "第二十九条"),
    Act.EVALUATE: _t({S.ANSWERED, S.REVIEWED, S.CLOSED}, None, "第二十一条第二款"),
    Act.REQUEST_REVIEW: _t({S.ANSWERED}, {S.UNDER_REVIEW}, "第三十五条"),
    Act.DECIDE_REVIEW: _t({S.UNDER_REVIEW}, {S.REVIEWED}, "第三十五条"),
    Act.REQUEST_RECHECK: _t({S.REVIEWED}, {S.UNDER_RECHECK}, "第三十六条第一款"),
    Act.DECIDE_RECHECK: _t({S.UNDER_RECHECK}, {S.CLOSED}, "第三十六条"),
    Act.CLOSE: _t({S.ANSWERED, S.REVIEWED}, {S.CLOSED}, "第三十五条、第三十六条"),
    Act.REPORT_MAJOR: _t(set(OPEN_STATES), None, "第二十五条"),
    Act.NOTE: _t(
        {S.ACCEPTED, S.HANDLING, S.MEDIATING, S.UNDER_REVIEW, S.UNDER_RECHECK}, None, "第二十八条第一款"
    ),
    Act.REQUEST_EXTENSION: _t({S.HANDLING, S.MEDIATING}, None, "第三十四条"),
    # Materials may arrive at any stage, including after closure (archiving).
    Act.ATTACH: _t(set(Status), None, "第十九条第一款"),
}


def allowed_from(status: Status | str) -> list[Act]:
    """The acts the state machine allows from ``status`` (before permissions and rules)."""
    return [act for act, transition in TRANSITIONS.items() if Status(status) in transition.sources]
