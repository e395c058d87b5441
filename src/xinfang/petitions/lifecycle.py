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
    ACCEPTED --classify[31]--> HANDLING (routes 5, 6) | DIVERTED (routes 1-4)
    HANDLING (route 5) --perform_duty 依法履行职责或答复[31(5)]--> CLOSED
    HANDLING --start_mediation[33]--> MEDIATING --conclude_mediation--> CLOSED | HANDLING
    HANDLING|MEDIATING --request_extension 申请延期 / extend 批准延期 / refuse_extension 不批准[34]--> (same)
    ACCEPTED..UNDER_RECHECK --note 办理记录[28(1)]--> (same)
    HANDLING|UNDER_REVIEW|UNDER_RECHECK --start_hearing / end_hearing[31(6),36(2)]--> (same)
    HANDLING --reply 信访处理意见书[32]--> ANSWERED
    HANDLING --conclude_suggestion[29]--> CLOSED
    ANSWERED|REVIEWED|CLOSED --evaluate[21(2)]--> (same)
    ANSWERED --request_review 复查[35]--> UNDER_REVIEW --decide_review--> REVIEWED | HANDLING (撤销)
    REVIEWED --request_recheck 复核[36]--> UNDER_RECHECK --decide_recheck--> CLOSED | HANDLING (撤销)
    ANSWERED|REVIEWED --close 办结--> CLOSED
    any open state --report_major 重大紧急报告[25]--> (same)
    any state --attach 上传材料[19(1)]--> (same)
    any open state --recuse 回避[28(3)]--> (same; the named official is barred from the matter)
    any state --notify_cadre 通报组织人事部门[30]--> (same)
    REGISTERED..UNDER_RECHECK --set_joint 确定牵头和会办单位[24]--> (same)
    open states --contribute 会办意见[24]--> (same; by a co-handling unit)
    any state --serve 送达 a document to the petitioner[35, 36(1)]--> (same)
    any state --correct 更正 a registered fact[19(1), 21(2)]--> (same)
    any state after 交办 --report_completion 办结报告[22(1)(3)]--> (same)
    any state --resolve_identity 核实信访人身份[19(1)]--> (same)

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
# What a ledger import may record as reached before the system existed (ledgers.importer).
HISTORICAL_STATES = (Status.CLOSED, Status.NOT_ACCEPTED, Status.NO_LONGER_ACCEPTED, Status.DIVERTED)


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
    REFUSE_EXTENSION = "refuse_extension", "不批准延期"
    PERFORM_DUTY = "perform_duty", "依法履行职责或答复"
    RECUSE = "recuse", "回避"
    NOTIFY_CADRE = "notify_cadre", "通报组织人事部门"
    SET_JOINT = "set_joint", "确定牵头和会办单位"
    CONTRIBUTE = "contribute", "会办意见"
    SERVE = "serve", "送达"
    CORRECT = "correct", "更正"
    REPORT_COMPLETION = "report_completion", "提交办结报告"
    RESOLVE_IDENTITY = "resolve_identity", "核实信访人身份"
    IMPORT_HISTORY = "import_history", "导入历史办理情况"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[Status]
    # None: the act records something without changing the state.
    targets: frozenset[Status] | None
    article: str
    # Whether the act, once allowed, is something its holder owes next: it puts the petition on a
    # desk (``selectors.todo_for``). Acts that may come at any stage (materials, reports, approvals
    # reached through their own queue, recusal, notices, corrections) wait for nobody.
    waits: bool


def _t(sources: set[Status], targets: set[Status] | None, article: str, *, waits: bool) -> Transition:
    return Transition(frozenset(sources), frozenset(targets) if targets is not None else None, article, waits)


S = Status
_PRE_ACCEPTANCE = {S.REGISTERED, S.DISPATCHED, S.SIGNED}

TRANSITIONS: dict[Act, Transition] = {
    Act.DISPATCH: _t({S.REGISTERED}, {S.DISPATCHED}, "第二十二条", waits=True),
    Act.SIGN: _t({S.DISPATCHED}, {S.SIGNED}, "第二十三条第三款", waits=True),
    Act.REQUEST_RETURN: _t({S.DISPATCHED, S.SIGNED}, {S.RETURN_REQUESTED}, "第二十三条第三款", waits=True),
    Act.APPROVE_RETURN: _t({S.RETURN_REQUESTED}, {S.REGISTERED}, "第二十三条第三款", waits=True),
    Act.REJECT_RETURN: _t({S.RETURN_REQUESTED}, {S.SIGNED}, "第二十三条第三款", waits=True),
    Act.ACCEPT: _t({S.REGISTERED, S.SIGNED}, {S.ACCEPTED, S.HANDLING}, "第二十三条", waits=True),
    Act.DECLINE: _t(_PRE_ACCEPTANCE, {S.NOT_ACCEPTED}, "第十九条第三款、第二十条第一款", waits=True),
    Act.REFUSE_REPEAT: _t(_PRE_ACCEPTANCE, {S.NO_LONGER_ACCEPTED}, "第三十六条第三款", waits=True),
    Act.DIVERT: _t(_PRE_ACCEPTANCE, {S.DIVERTED}, "第二十二条第二款", waits=True),
    Act.CLASSIFY: _t({S.ACCEPTED}, {S.HANDLING, S.DIVERTED}, "第三十一条", waits=True),
    Act.START_MEDIATION: _t({S.HANDLING}, {S.MEDIATING}, "第三十三条", waits=True),
    Act.CONCLUDE_MEDIATION: _t({S.MEDIATING}, {S.CLOSED, S.HANDLING}, "第三十三条", waits=True),
    Act.START_HEARING: _t(
        {S.HANDLING, S.UNDER_REVIEW, S.UNDER_RECHECK}, None, "第三十一条第六项、第三十六条第二款", waits=True
    ),
    Act.END_HEARING: _t({S.HANDLING, S.UNDER_REVIEW, S.UNDER_RECHECK}, None, "第三十六条第二款", waits=True),
    Act.EXTEND: _t({S.HANDLING, S.MEDIATING}, None, "第三十四条", waits=False),
    Act.REPLY: _t({S.HANDLING}, {S.ANSWERED}, "第三十二条", waits=True),
    Act.CONCLUDE_SUGGESTION: _t({S.HANDLING}, {S.CLOSED}, "第二十九条", waits=True),
    Act.EVALUATE: _t({S.ANSWERED, S.REVIEWED, S.CLOSED}, None, "第二十一条第二款", waits=True),
    Act.REQUEST_REVIEW: _t({S.ANSWERED}, {S.UNDER_REVIEW}, "第三十五条", waits=True),
    # 撤销，责令重新办理 returns the matter to its 承办单位 (ADR 0014 §1).
    Act.DECIDE_REVIEW: _t({S.UNDER_REVIEW}, {S.REVIEWED, S.HANDLING}, "第三十五条", waits=True),
    Act.REQUEST_RECHECK: _t({S.REVIEWED}, {S.UNDER_RECHECK}, "第三十六条第一款", waits=True),
    Act.DECIDE_RECHECK: _t({S.UNDER_RECHECK}, {S.CLOSED, S.HANDLING}, "第三十六条", waits=True),
    Act.CLOSE: _t({S.ANSWERED, S.REVIEWED}, {S.CLOSED}, "第三十五条、第三十六条", waits=True),
    Act.REPORT_MAJOR: _t(set(OPEN_STATES), None, "第二十五条", waits=False),
    Act.NOTE: _t(
        {S.ACCEPTED, S.HANDLING, S.MEDIATING, S.UNDER_REVIEW, S.UNDER_RECHECK},
        None,
        "第二十八条第一款",
        waits=True,
    ),
    Act.REQUEST_EXTENSION: _t({S.HANDLING, S.MEDIATING}, None, "第三十四条", waits=True),
    Act.REFUSE_EXTENSION: _t({S.HANDLING, S.MEDIATING}, None, "第三十四条", waits=False),
    # Art. 31(5): the organ performs its duty or answers; the matter ends with that document.
    Act.PERFORM_DUTY: _t({S.HANDLING}, {S.CLOSED}, "第三十一条第五项", waits=True),
    Act.RECUSE: _t(set(OPEN_STATES), None, "第二十八条第三款", waits=False),
    # Complaints about cadres are notified at any stage, also after closure (Art. 30).
    Act.NOTIFY_CADRE: _t(set(Status), None, "第三十条", waits=False),
    Act.SET_JOINT: _t(set(OPEN_STATES), None, "第二十四条", waits=False),
    Act.CONTRIBUTE: _t(set(OPEN_STATES), None, "第二十四条", waits=True),
    # Materials may arrive at any stage, including after closure (archiving).
    Act.ATTACH: _t(set(Status), None, "第十九条第一款", waits=False),
    # A 不予受理告知书 is served after the matter is terminal: every state (ADR 0014 §3).
    Act.SERVE: _t(set(Status), None, "第三十五条、第三十六条第一款", waits=False),
    # Registration must be truthful (如实记录); a mistyped fact is corrected in any state (ADR 0014 §6).
    Act.CORRECT: _t(set(Status), None, "第十九条第一款、第二十一条第二款", waits=False),
    # The assigned organ reports when it has finished, whatever the matter's stage (Art. 22(1)(3)).
    Act.REPORT_COMPLETION: _t(set(Status) - {S.REGISTERED}, None, "第二十二条第一款第三项", waits=True),
    # Who the petitioner is (实名, Art. 19(1)) may need deciding whatever the matter's state.
    Act.RESOLVE_IDENTITY: _t(set(Status), None, "第十九条第一款", waits=False),
    # A petition handled before the system existed arrives with the state its ledger recorded
    # (如实记录); only the importer takes this act, in the transaction that registers the row.
    Act.IMPORT_HISTORY: _t({S.REGISTERED}, set(HISTORICAL_STATES), "第十九条第一款", waits=False),
}


def allowed_from(status: Status | str) -> list[Act]:
    """The acts the state machine allows from ``status`` (before permissions and rules)."""
    return [act for act, transition in TRANSITIONS.items() if Status(status) in transition.sources]
